// Instantiates the engine for ricart-agrawala alone, so that editing one model rebuilds one file.
#include <protocheck/engine/check.hpp>
#include <protocheck/models/builtin.hpp>
#include <protocheck/models/engine_instance.hpp>
#include <protocheck/models/mutex/ricart_agrawala.hpp>

namespace protocheck {

PROTOCHECK_BUILTIN_ENGINE(, mutex::RicartAgrawala)

void register_ricart_agrawala(Registry &registry) {
  registry.add<mutex::RicartAgrawala>("ricart-agrawala",
                      "Ricart-Agrawala multicast mutual exclusion with Lamport clocks");
}

} // namespace protocheck
