// The reachable state graph of a small instance, for teaching: every state labelled with what its
// first step changed (or all its variables), every edge with its event, BFS levels as ranks, the
// states that violate a property, and the shortest counterexample's path. write_dot
// (state_graph_result.hpp) turns it into Graphviz DOT.
#pragma once

#include <protocheck/engine/explorer.hpp>
#include <protocheck/engine/state_graph_result.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace protocheck {

namespace detail {

// One variable per line, left-justified ("\l" ends a left-justified line in DOT).
inline std::string state_label(const StateView &view) {
  std::string label;
  for (const Variable &variable : view)
    label += variable.name + " = " + variable.value + "\\l";
  return label;
}

// The variables of `view` whose value differs from the one of the same name in `parent` (or
// that `parent` does not have), one per line.
inline std::string changed_label(const StateView &parent, const StateView &view) {
  std::string label;
  for (const Variable &variable : view) {
    const auto before = std::find_if(parent.begin(), parent.end(), [&](const Variable &old) {
      return old.name == variable.name;
    });
    if (before == parent.end() || before->value != variable.value)
      label += variable.name + " = " + variable.value + "\\l";
  }
  return label;
}

template <class State> std::string state_key(const State &state) {
  return std::string(reinterpret_cast<const char *>(&state), sizeof(State));
}

} // namespace detail

// Explores every state (ignoring violations) unless there are more than `max_states`, and draws
// the graph. `interrupt` (set by Ctrl-C or SIGTERM) stops the exploration and the drawing.
template <Model M>
StateGraphDot state_graph_dot(const M &model, std::uint64_t max_states, unsigned threads,
                              const std::atomic<bool> *interrupt = nullptr) {
  using State = typename M::State;
  CheckOptions options;
  options.threads = threads;
  options.all = true;
  options.record_graph = true;
  options.max_states = max_states + 1; // to tell "exactly at the limit" from "over it"
  options.interrupt = interrupt;
  // No properties: the explorer would stop once every property is decided; they are judged below.
  const std::vector<Property<State>> none;
  Explorer<M> explorer(model, none, options);
  const StopReason reason = explorer.run();
  StateGraphDot result;
  result.states = explorer.stats().states;
  result.edges = explorer.stats().transitions;
  const auto interrupted = [&] {
    result.interrupted = interrupt != nullptr && interrupt->load(std::memory_order_relaxed);
    return result.interrupted;
  };
  if (interrupted() || is_limit(reason) || result.states > max_states)
    return result;
  result.complete = true;

  const auto properties = model.properties();
  const auto recorded = explorer.take_graph();
  GraphDrawing drawing;
  drawing.vertices.resize(result.states);
  std::unordered_map<std::string, std::uint64_t> rank_of;
  std::uint64_t first_violation = NoRank;
  // Ranks are in BFS order, so the first state to reach another is its BFS parent (the one its
  // shortest path comes through), and is drawn before it.
  std::vector<std::uint64_t> parent(result.states, NoRank);
  for (std::uint64_t rank = 0; rank < result.states; ++rank) {
    if (interrupted())
      return result;
    const State &state = explorer.state(rank);
    rank_of.emplace(detail::state_key(state), rank);
    GraphDrawing::Vertex &vertex = drawing.vertices[rank];
    const StateView view = model.describe(state);
    vertex.state = detail::state_label(view);
    vertex.initial = explorer.is_initial(rank);
    if (vertex.initial || parent[rank] == NoRank) {
      vertex.changes = vertex.state;
    } else {
      vertex.level = drawing.vertices[parent[rank]].level + 1;
      vertex.changes = detail::changed_label(model.describe(explorer.state(parent[rank])), view);
    }
    for (std::uint64_t edge = recorded.offsets[rank]; edge < recorded.offsets[rank + 1]; ++edge) {
      const std::uint64_t target = recorded.targets[edge];
      if (parent[target] == NoRank && !explorer.is_initial(target) && target != rank)
        parent[target] = rank;
    }
    const bool terminal = recorded.offsets[rank] == recorded.offsets[rank + 1];
    for (const auto &property : properties) {
      const bool violated =
          property.kind != PropertyKind::Reachable && is_finding(property, state, terminal);
      if (violated)
        vertex.violates += (vertex.violates.empty() ? "" : ", ") + property.name;
    }
    if (!vertex.violates.empty()) {
      ++result.violating;
      first_violation = std::min(first_violation, rank);
    }
    // The k-th recorded target of a state is its k-th emitted successor.
    std::uint64_t edge = recorded.offsets[rank];
    model.successors(state, [&](const Event &event, const State &) {
      if (edge < recorded.offsets[rank + 1])
        drawing.edges.push_back(
            {rank, recorded.targets[edge++], std::string(model.describe(event)), false});
    });
  }
  // BFS ranks: the smallest violating rank is nearest an initial state.
  if (first_violation != NoRank) {
    std::uint64_t previous = NoRank;
    for (const auto &step : explorer.path_to(first_violation)) {
      const auto found = rank_of.find(detail::state_key(step.state));
      if (found == rank_of.end())
        break;
      drawing.vertices[found->second].on_path = true;
      if (previous != NoRank) {
        const std::string action(model.describe(step.event));
        for (auto &edge : drawing.edges)
          if (edge.from == previous && edge.to == found->second && edge.label == action) {
            edge.on_path = true;
            break;
          }
      }
      previous = found->second;
    }
  }
  result.dot = write_dot(drawing);
  result.drawing = std::move(drawing);
  return result;
}

} // namespace protocheck
