// The Markov-chain analysis cut at the states where rounds start (and the initial states): first
// the chain inside a round, with every cut state as an exit, in exact binary fractions; then a
// small exact system over the cut states. For a randomized protocol whose rounds restart from a
// few states (Itai-Rodeh: one), this is the whole-chain analysis at machine speed, with the same
// exact rationals as results.
#pragma once

#include "checker/markov_solver.hpp"

#include <cstddef>

namespace protocheck::markov_internal {

// Which parts the cut analysis computed (exactly) into the analysis; the rest is left to the
// whole-chain analysis. Nothing is done when there are too many cut states, or a probability or
// value inside a round is not a binary fraction that fits (then rationals on the whole chain are
// as good as anything).
struct CutParts {
  bool probability = false;
  bool expectations = false;
  bool within_rounds = false;
  std::size_t cut_states = 0;
};

CutParts analyze_cut_at_rounds(const Context &context, unsigned rounds_report,
                               ReachabilityAnalysis &analysis);

} // namespace protocheck::markov_internal
