// Instantiates the engine for majority-vote alone, so that editing one model rebuilds one file.
#include <protocheck/engine/check.hpp>
#include <protocheck/models/builtin.hpp>
#include <protocheck/models/consensus/majority_vote.hpp>

namespace protocheck {

void register_majority_vote(Registry &registry) {
  registry.add<consensus::MajorityVote>("majority-vote",
                      "Consensus by majority vote: correct without failures, not with a crash or liar");
}

} // namespace protocheck
