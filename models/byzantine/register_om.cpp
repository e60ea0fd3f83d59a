// Instantiates the engine for om alone, so that editing one model rebuilds one file.
#include <protocheck/engine/check.hpp>
#include <protocheck/models/builtin.hpp>
#include <protocheck/models/engine_instance.hpp>
#include <protocheck/models/byzantine/oral_messages.hpp>

namespace protocheck {

PROTOCHECK_BUILTIN_ENGINE(, byzantine::OralMessages)

void register_om(Registry &registry) {
  registry.add<byzantine::OralMessages>("om",
                      "Oral messages OM(m), Lamport-Shostak-Pease");
}

} // namespace protocheck
