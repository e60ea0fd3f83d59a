// Liveness on the explored state graph: a Boost.Graph compressed-sparse-row graph, its strongly
// connected components, and weak fairness per group (process or channel) as the model declares it.
//
// "trigger leads to goal" is violated when, from some reachable trigger state, an execution can
// avoid goal states forever: it either reaches a terminal state (a deadlock), or enters a cycle of
// non-goal states that is weakly fair. Eventually P is "initial leads to P"; always-eventually P is
// "anything leads to P".
#pragma once

#include <protocheck/engine/run_limits.hpp>

#include <boost/graph/compressed_sparse_row_graph.hpp>

#include <cstdint>
#include <optional>
#include <vector>

namespace protocheck {

using StateGraphCsr =
    boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, boost::no_property,
                                       boost::no_property, std::uint32_t, std::uint64_t>;

struct StateGraph {
  StateGraphCsr csr;
  std::vector<std::uint8_t> groups; // fairness group per edge, by CSR edge index
  // Its size: 8 bytes per state (+ 8) and 5 per edge. The arrays' spare capacity, left by their
  // growth while recording, is never written.
  std::uint64_t bytes() const;
};

// Makes the CSR graph from the explorer's recorded successors (edges in successor order per
// state): the vectors become the graph's own arrays, without a copy.
StateGraph build_state_graph(std::vector<std::uint64_t> offsets, std::vector<std::uint32_t> targets,
                             std::vector<std::uint8_t> groups);

// A counterexample to a liveness property as successor ordinals from a start state, which the
// caller reaches through the explorer's BFS tree (a shortest path from an initial state).
struct LivenessViolation {
  std::uint32_t start = 0;
  std::vector<std::uint32_t> ordinals;   // the k-th emitted successor at each step
  std::optional<std::size_t> loop_start; // steps [loop_start, end) repeat forever; none: deadlock
};

// `trigger` and `goal`: one flag per state. Returns the violation whose path into the bad part
// of the graph is shortest (ties broken by rank), or nothing when the property holds.
// `watch` (optional) is polled throughout, and may throw RunStopped.
std::optional<LivenessViolation> find_liveness_violation(const StateGraph &graph,
                                                         const std::vector<std::uint8_t> &trigger,
                                                         const std::vector<std::uint8_t> &goal,
                                                         LimitWatch *watch = nullptr);

} // namespace protocheck
