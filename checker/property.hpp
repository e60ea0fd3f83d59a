// Named properties a model declares; the engine decides each one over the reachable state space.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>

namespace protocheck {

enum class PropertyKind : std::uint8_t {
  Always,    // P holds in every reachable state (safety, agreement, validity, mutual exclusion)
  AtEnd,     // P holds in every state without successors (termination; a failure is a deadlock)
  Reachable, // some reachable state satisfies P (a witness: shows a scenario, or non-vacuity)
  Bound,     // report the maximum of a measure over all reachable states (message complexity)
};

std::string_view to_string(PropertyKind kind);

template <class State> struct Property {
  std::string name;        // short identifier, e.g. "IC1"
  PropertyKind kind = PropertyKind::Always;
  std::string description; // one line for people, e.g. "all loyal lieutenants obey the same order"
  std::function<bool(const State &)> holds;             // Always, AtEnd, Reachable
  std::function<std::int64_t(const State &)> measure;   // Bound
  std::function<std::string(const State &)> explain;    // optional: why P fails (or holds) here
};

template <class State>
Property<State> always(std::string name, std::string description,
                       std::function<bool(const State &)> holds,
                       std::function<std::string(const State &)> explain = {}) {
  return {std::move(name), PropertyKind::Always, std::move(description), std::move(holds), {},
          std::move(explain)};
}

template <class State>
Property<State> at_end(std::string name, std::string description,
                       std::function<bool(const State &)> holds,
                       std::function<std::string(const State &)> explain = {}) {
  return {std::move(name), PropertyKind::AtEnd, std::move(description), std::move(holds), {},
          std::move(explain)};
}

template <class State>
Property<State> reachable(std::string name, std::string description,
                          std::function<bool(const State &)> holds,
                          std::function<std::string(const State &)> explain = {}) {
  return {std::move(name), PropertyKind::Reachable, std::move(description), std::move(holds), {},
          std::move(explain)};
}

template <class State>
Property<State> bound(std::string name, std::string description,
                      std::function<std::int64_t(const State &)> measure,
                      std::function<std::string(const State &)> explain = {}) {
  return {std::move(name), PropertyKind::Bound, std::move(description), {}, std::move(measure),
          std::move(explain)};
}

} // namespace protocheck
