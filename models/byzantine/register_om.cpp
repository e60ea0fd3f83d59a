// Instantiates the engine for om alone, so that editing one model rebuilds one file.
#include <protocheck/engine/check.hpp>
#include <protocheck/models/builtin.hpp>
#include <protocheck/models/byzantine/oral_messages.hpp>

namespace protocheck {

void register_om(Registry &registry) {
  registry.add<byzantine::OralMessages>("om",
                      "Oral messages OM(m), Lamport-Shostak-Pease");
}

} // namespace protocheck
