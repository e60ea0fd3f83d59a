// What exploration finds for each property, level by level, and when that decides the run:
// shared by the one-process explorer (explorer.hpp) and the distributed one
// (distributed_explorer.hpp), so that both judge states and stop alike.
#pragma once

#include <protocheck/engine/run_limits.hpp>
#include <protocheck/property.hpp>

#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <vector>

namespace protocheck {

inline constexpr std::uint64_t NoRank = std::numeric_limits<std::uint64_t>::max();

struct PropertyFinding {
  std::uint64_t rank = NoRank; // Always/AtEnd: first violating state; Reachable: first witness;
                               // Bound: first state reaching the maximum
  std::int64_t value = std::numeric_limits<std::int64_t>::min(); // Bound: the maximum so far
};

namespace detail {

// The properties still to be judged on each new state: Always and Reachable until found, Bound
// always (AtEnd is judged on terminal states, liveness on the whole graph afterwards).
template <class State>
std::vector<std::size_t> properties_to_observe(std::span<const Property<State>> properties,
                                               const std::vector<PropertyFinding> &findings) {
  std::vector<std::size_t> active;
  for (std::size_t p = 0; p < properties.size(); ++p) {
    const auto kind = properties[p].kind;
    const bool decided = findings[p].rank != NoRank && kind != PropertyKind::Bound;
    if (kind != PropertyKind::AtEnd && !is_liveness(kind) && !decided)
      active.push_back(p);
  }
  return active;
}

// Judges the state of `rank`: keeps the smallest finding rank, and a bound's maximum at its
// smallest rank.
template <class State>
void observe(PropertyFinding &finding, const Property<State> &property, std::uint64_t rank,
             const State &state) {
  switch (property.kind) {
  case PropertyKind::Always:
  case PropertyKind::Reachable:
    if (rank < finding.rank && is_finding(property, state, false))
      finding.rank = rank;
    break;
  case PropertyKind::Bound: {
    const std::int64_t value = property.measure(state);
    if (value > finding.value || (value == finding.value && rank < finding.rank)) {
      finding.value = value;
      finding.rank = rank;
    }
    break;
  }
  default:
    break;
  }
}

// Combines two partial findings as observe() would have (order does not matter).
inline void merge(PropertyFinding &into, const PropertyFinding &other) {
  if (other.rank == NoRank)
    return;
  if (into.rank == NoRank || other.value > into.value ||
      (other.value == into.value && other.rank < into.rank))
    into = other;
}

// After a level: stop early when a violation was found (unless `all`) or when nothing is left to
// decide.
template <class State>
std::optional<StopReason> decided_stop(std::span<const Property<State>> properties,
                                       const std::vector<PropertyFinding> &findings, bool all) {
  bool violated = false;
  bool all_decided = true;
  for (std::size_t p = 0; p < properties.size(); ++p) {
    const bool found = findings[p].rank != NoRank;
    switch (properties[p].kind) {
    case PropertyKind::Always:
    case PropertyKind::AtEnd:
      violated = violated || found;
      all_decided = all_decided && found;
      break;
    case PropertyKind::Reachable:
      all_decided = all_decided && found;
      break;
    default: // Bound and liveness need the whole state space
      all_decided = false;
      break;
    }
  }
  if (violated && !all)
    return StopReason::Violation;
  if (all_decided && !properties.empty())
    return StopReason::AllDecided;
  return std::nullopt;
}

} // namespace detail
} // namespace protocheck
