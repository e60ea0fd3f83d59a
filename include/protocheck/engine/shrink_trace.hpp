// Shrinks a path that ends in a finding (a violation, or a reachable property's witness) to a
// shorter one that still ends in it, as delta debugging does: remove a block of steps, re-execute
// what is left, keep it when it still reaches the finding; halve the block when nothing can go.
//
// Re-execution matches steps by event, not by position: removing a step shifts the positions of
// the successors after it, but "deliver m from p to q" still names the same step when it is
// possible. Where several successors carry the same event, the one at the recorded position is
// preferred, else the first; so the unshrunk path re-executes exactly. Deterministic.
#pragma once

#include <protocheck/model.hpp>
#include <protocheck/property.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

namespace protocheck {

// One step of a path: the event taken and the position of its successor among those emitted.
// Step 0 is the initial state (its position among the initial states).
struct PathChoice {
  Event event;
  std::uint32_t ordinal = 0;
};

template <Model M> struct ExecutedPath {
  std::vector<PathChoice> choices;
  std::vector<typename M::State> states; // states[k] after choices[k]
};

namespace detail {

template <class State> struct Emitted {
  Event event;
  State state;
};

template <class State>
const Emitted<State> *matching(const std::vector<Emitted<State>> &emitted,
                               const PathChoice &choice) {
  if (choice.ordinal < emitted.size() && emitted[choice.ordinal].event == choice.event)
    return &emitted[choice.ordinal];
  for (const auto &candidate : emitted)
    if (candidate.event == choice.event)
      return &candidate;
  return nullptr;
}

} // namespace detail

// Re-executes `choices` and returns the path up to the first state that is a finding of
// `property` (with positions as re-executed); nothing when a step is impossible or no state is.
template <Model M>
std::optional<ExecutedPath<M>> execute_to_finding(const M &model,
                                                  const Property<typename M::State> &property,
                                                  const std::vector<PathChoice> &choices) {
  using State = typename M::State;
  std::vector<detail::Emitted<State>> emitted;
  auto collect = [&emitted](const Event &event, const State &state) {
    emitted.push_back({event, state});
  };
  ExecutedPath<M> path;
  model.initial(collect);
  for (std::size_t k = 0; k < choices.size(); ++k) {
    const detail::Emitted<State> *chosen = detail::matching(emitted, choices[k]);
    if (chosen == nullptr)
      return std::nullopt;
    path.choices.push_back({chosen->event, static_cast<std::uint32_t>(chosen - emitted.data())});
    path.states.push_back(chosen->state);
    emitted.clear();
    model.successors(path.states.back(), collect);
    if (is_finding(property, path.states.back(), emitted.empty()))
      return path;
  }
  return std::nullopt;
}

// `path` must end in a finding of `property`. Returns a path no longer than it that also does,
// from which no single step can be removed (1-minimal; not always the shortest there is).
template <Model M>
ExecutedPath<M> shrink_path(const M &model, const Property<typename M::State> &property,
                            ExecutedPath<M> path) {
  std::size_t block = std::max<std::size_t>(1, path.choices.size() / 2);
  while (true) {
    bool removed = false;
    // Step 0 chooses the initial state and stays.
    for (std::size_t start = 1; start < path.choices.size();) {
      std::vector<PathChoice> candidate(path.choices.begin(), path.choices.begin() + start);
      const std::size_t end = std::min(path.choices.size(), start + block);
      candidate.insert(candidate.end(), path.choices.begin() + end, path.choices.end());
      if (auto shorter = execute_to_finding(model, property, candidate)) {
        path = std::move(*shorter);
        removed = true;
      } else {
        start += block;
      }
    }
    if (block == 1 && !removed)
      return path;
    if (!removed) // rounded up, so that blocks of 2 are tried too (3 -> 2 -> 1)
      block = (block + 1) / 2;
    block = std::min(block, std::max<std::size_t>(1, path.choices.size() / 2));
  }
}

} // namespace protocheck
