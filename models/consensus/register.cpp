// The consensus models with crash (and lying) processes.
#include "checker/check.hpp"
#include "models/consensus/crash_consensus.hpp"
#include "models/consensus/majority_vote.hpp"

namespace protocheck {

void register_consensus(Registry &registry) {
  registry.add<consensus::CrashConsensus>(
      "crash-consensus", "Synchronous consensus with f crashes in f+1 rounds (Dolev-Strong style)");
  registry.add<consensus::MajorityVote>(
      "majority-vote",
      "Consensus by majority vote: correct without failures, not with a crash or liar");
}

} // namespace protocheck
