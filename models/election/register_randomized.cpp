// The randomized election models: their events carry probabilities, so the checker reports the
// probability and the expected time of an election besides the verdicts.
#include "checker/check.hpp"
#include "models/election/itai_rodeh.hpp"

namespace protocheck {

void register_randomized(Registry &registry) {
  registry.add<election::ItaiRodeh>(
      "itai-rodeh", "Itai-Rodeh randomized election of anonymous processes on a synchronous ring");
}

} // namespace protocheck
