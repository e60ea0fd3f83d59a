// Instantiates the engine for crash-consensus alone, so that editing one model rebuilds one file.
#include <protocheck/engine/check.hpp>
#include <protocheck/models/builtin.hpp>
#include <protocheck/models/engine_instance.hpp>
#include <protocheck/models/consensus/crash_consensus.hpp>

namespace protocheck {

PROTOCHECK_BUILTIN_ENGINE(, consensus::CrashConsensus)

void register_crash_consensus(Registry &registry) {
  registry.add<consensus::CrashConsensus>("crash-consensus",
                      "Synchronous consensus with f crashes in f+1 rounds (Dolev-Strong style)");
}

} // namespace protocheck
