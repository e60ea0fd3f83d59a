// check --property complete-run: a witness that every model has, the shortest run from an initial
// state to a state without successors. It gives a chart to a scenario whose properties all hold
// (a protocol that works has no counterexample to draw), and it is judged like any reachable
// property: when no state without successors is reachable, it is reported unreachable.
#pragma once

#include <protocheck/model.hpp>
#include <protocheck/property.hpp>

#include <string_view>
#include <vector>

namespace protocheck {

inline constexpr std::string_view CompleteRunName = "complete-run";

// Whether `state` has no successor in `model`.
template <Model M> bool is_terminal(const M &model, const typename M::State &state) {
  bool any = false;
  model.successors(state, [&any](const Event &, const typename M::State &) { any = true; });
  return !any;
}

// The model's properties, and complete-run after them when `wanted` and the model does not
// declare a property of that name itself. `model` must outlive the properties.
template <Model M>
std::vector<Property<typename M::State>> properties_with_complete_run(const M &model, bool wanted) {
  using State = typename M::State;
  std::vector<Property<State>> properties = model.properties();
  if (!wanted)
    return properties;
  for (const Property<State> &property : properties)
    if (property.name == CompleteRunName)
      return properties;
  properties.push_back(reachable<State>(
      std::string(CompleteRunName),
      "a complete run: the shortest from an initial state to a state without successors",
      [&model](const State &state) { return is_terminal(model, state); },
      [](const State &) { return std::string("the run ends: no process can take another step"); }));
  return properties;
}

} // namespace protocheck
