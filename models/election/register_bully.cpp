// Instantiates the engine for bully alone, so that editing one model rebuilds one file.
#include <protocheck/engine/check.hpp>
#include <protocheck/models/builtin.hpp>
#include <protocheck/models/engine_instance.hpp>
#include <protocheck/models/election/bully.hpp>

namespace protocheck {

PROTOCHECK_BUILTIN_ENGINE(, election::Bully)

void register_bully(Registry &registry) {
  registry.add<election::Bully>("bully",
                      "Bully election (Garcia-Molina): synchronous rounds, crashes and restarts");
}

} // namespace protocheck
