// Instantiates the engine for majority-vote alone, so that editing one model rebuilds one file.
#include <protocheck/engine/check.hpp>
#include <protocheck/models/builtin.hpp>
#include <protocheck/models/engine_instance.hpp>
#include <protocheck/models/consensus/majority_vote.hpp>

namespace protocheck {

PROTOCHECK_BUILTIN_ENGINE(, consensus::MajorityVote)

void register_majority_vote(Registry &registry) {
  registry.add<consensus::MajorityVote>("majority-vote",
                      "Consensus by majority vote: correct without failures, not with a crash or liar");
}

} // namespace protocheck
