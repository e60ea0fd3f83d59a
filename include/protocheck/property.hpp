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
  // Liveness, judged on the explored graph under the model's fairness (a violation is a lasso, or
  // a path to a terminal state):
  Eventually,       // every execution reaches a P state
  AlwaysEventually, // every execution visits P states infinitely often (or ends in one)
  LeadsTo,          // every execution that reaches a `trigger` state later reaches a P state
};

inline bool is_liveness(PropertyKind kind) {
  return kind == PropertyKind::Eventually || kind == PropertyKind::AlwaysEventually ||
         kind == PropertyKind::LeadsTo;
}

// What each kind means, in one place (checker/property_kinds.cpp): how the engine judges it, and
// what its verdicts and its trace say. Reports, charts and --help take their words from here.
struct PropertyKindMeaning {
  std::string_view name;          // as in reports and JSON: "always", "at-end", ...
  std::string_view judged;        // how the engine decides it, in one sentence
  std::string_view when_holds;    // what verdict "holds" says
  std::string_view when_violated; // what verdict "violated" says
  std::string_view violated_word; // the text report's word for a violation
  std::string_view trace_shows;   // what its trace is: "counterexample to", "witness for", ...
};
const PropertyKindMeaning &meaning(PropertyKind kind);

std::string_view to_string(PropertyKind kind); // meaning(kind).name

template <class State> struct Property {
  std::string name;        // short identifier, e.g. "IC1"
  PropertyKind kind = PropertyKind::Always;
  std::string description; // one line for people, e.g. "all loyal lieutenants obey the same order"
  std::function<bool(const State &)> holds;             // Always, AtEnd, Reachable
  std::function<std::int64_t(const State &)> measure;   // Bound
  std::function<std::string(const State &)> explain;    // optional: why P fails (or holds) here
  std::function<bool(const State &)> trigger;           // LeadsTo: the states that oblige P later
};

// The per-state rule of the state-based kinds, shared by exploration, replay and drawn graphs:
// whether `state` is what the verdict looks for. Always: a violation. AtEnd: a violation when the
// state is terminal. Reachable: a witness. Bound and liveness kinds have no per-state finding.
template <class State>
bool is_finding(const Property<State> &property, const State &state, bool terminal) {
  switch (property.kind) {
  case PropertyKind::Always:
    return !property.holds(state);
  case PropertyKind::AtEnd:
    return terminal && !property.holds(state);
  case PropertyKind::Reachable:
    return property.holds(state);
  default:
    return false;
  }
}

template <class State>
Property<State> always(std::string name, std::string description,
                       std::function<bool(const State &)> holds,
                       std::function<std::string(const State &)> explain = {}) {
  return {std::move(name), PropertyKind::Always, std::move(description), std::move(holds), {},
          std::move(explain), {}};
}

template <class State>
Property<State> at_end(std::string name, std::string description,
                       std::function<bool(const State &)> holds,
                       std::function<std::string(const State &)> explain = {}) {
  return {std::move(name), PropertyKind::AtEnd, std::move(description), std::move(holds), {},
          std::move(explain), {}};
}

template <class State>
Property<State> reachable(std::string name, std::string description,
                          std::function<bool(const State &)> holds,
                          std::function<std::string(const State &)> explain = {}) {
  return {std::move(name), PropertyKind::Reachable, std::move(description), std::move(holds), {},
          std::move(explain), {}};
}

template <class State>
Property<State> bound(std::string name, std::string description,
                      std::function<std::int64_t(const State &)> measure,
                      std::function<std::string(const State &)> explain = {}) {
  return {std::move(name), PropertyKind::Bound, std::move(description), {}, std::move(measure),
          std::move(explain), {}};
}

// Every execution eventually reaches a state satisfying `holds` (e.g. termination, election).
template <class State>
Property<State> eventually(std::string name, std::string description,
                           std::function<bool(const State &)> holds,
                           std::function<std::string(const State &)> explain = {}) {
  return {std::move(name), PropertyKind::Eventually, std::move(description), std::move(holds), {},
          std::move(explain), {}};
}

// Every execution visits `holds` states infinitely often, or ends in one.
template <class State>
Property<State> always_eventually(std::string name, std::string description,
                                  std::function<bool(const State &)> holds,
                                  std::function<std::string(const State &)> explain = {}) {
  return {std::move(name), PropertyKind::AlwaysEventually, std::move(description), std::move(holds),
          {}, std::move(explain), {}};
}

// Whenever `trigger` holds, `holds` holds then or later (e.g. every request is granted).
template <class State>
Property<State> leads_to(std::string name, std::string description,
                         std::function<bool(const State &)> trigger,
                         std::function<bool(const State &)> holds,
                         std::function<std::string(const State &)> explain = {}) {
  return {std::move(name), PropertyKind::LeadsTo,     std::move(description), std::move(holds), {},
          std::move(explain),  std::move(trigger)};
}

} // namespace protocheck
