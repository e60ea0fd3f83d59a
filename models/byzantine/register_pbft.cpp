// Instantiates the engine for pbft alone, so that editing one model rebuilds one file.
#include <protocheck/engine/check.hpp>
#include <protocheck/models/builtin.hpp>
#include <protocheck/models/engine_instance.hpp>
#include <protocheck/models/byzantine/pbft.hpp>

namespace protocheck {

PROTOCHECK_BUILTIN_ENGINE(, byzantine::Pbft)

void register_pbft(Registry &registry) {
  registry.add<byzantine::Pbft>("pbft",
                      "PBFT normal case and one view change, Castro-Liskov");
}

} // namespace protocheck
