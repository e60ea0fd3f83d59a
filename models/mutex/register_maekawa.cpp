// Instantiates the engine for maekawa alone, so that editing one model rebuilds one file.
#include <protocheck/engine/check.hpp>
#include <protocheck/models/builtin.hpp>
#include <protocheck/models/engine_instance.hpp>
#include <protocheck/models/mutex/maekawa.hpp>

namespace protocheck {

PROTOCHECK_BUILTIN_ENGINE(, mutex::Maekawa)

void register_maekawa(Registry &registry) {
  registry.add<mutex::Maekawa>("maekawa",
                      "Maekawa's voting algorithm (may deadlock)");
}

} // namespace protocheck
