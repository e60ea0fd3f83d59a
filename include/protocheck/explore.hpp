// Walking a model's state space by hand (`protocheck explore`), with the protocol's types erased:
// a state is addressed by its path from nothing, one ordinal per step — first the initial state's
// place in the order initial() emits them, then each successor's place in the order successors()
// emits them. Ordinals, unlike state hashes, are short, stable across runs and builds, and make a
// path a link that anyone can open again.
#pragma once

#include <protocheck/engine/recorded_trace.hpp>
#include <protocheck/model.hpp>
#include <protocheck/report.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace protocheck {

// A path longer than this is refused: every request re-executes its path from the start.
inline constexpr std::size_t MaxExplorePathSteps = 2000;

// One step that can be taken from the current state (or one initial state, before the first).
struct ExploreChoice {
  std::size_t ordinal = 0; // its place among the choices, as a path names it
  TraceStep step;          // its event, its words and message, and what it changes
};

// What a property's kind lets one state say about it.
enum class ExploreStatus : std::uint8_t {
  Holds,       // always (and at-end in a terminal state): P holds here
  Violated,    // always (and at-end in a terminal state): P fails here
  NotJudged,   // at-end in a state with successors: judged in terminal states only
  Witness,     // reachable: this state satisfies P
  NotHere,     // reachable: this state does not
  Value,       // bound: the measure in this state (in the detail)
  GoalHere,    // liveness: the goal holds here (the verdict is over whole runs: check decides)
  GoalNotHere, // liveness: the goal does not hold here
};
// "holds", "violated", "not-judged", "witness", "not-here", "value", "goal-here", "goal-not-here"
std::string_view to_string(ExploreStatus status);

struct ExplorePropertyStatus {
  std::string name;
  std::string description;
  PropertyKind kind = PropertyKind::Always;
  ExploreStatus status = ExploreStatus::Holds;
  std::string detail; // in words: the property's explanation, the bound's value, why not judged
};

// The state at the end of a path, with everything the page shows about it.
struct ExploreView {
  std::vector<std::size_t> path;
  // The run from the initial state to here (empty when the path is empty: nothing chosen yet).
  std::optional<Trace> trace;
  StateView state;                               // in full (empty before the initial state)
  std::vector<std::string> changed;              // names the last step changed
  std::vector<ExploreChoice> choices;            // the initial states, or the enabled steps
  bool terminal = false;                         // a state without successors
  std::vector<ExplorePropertyStatus> properties; // empty before the initial state
  std::set<std::size_t> faulty;                  // processes faulty here, or crashed on the way
};

// A model built once from its parameters, then asked about any number of paths; every call is
// const and independent, so a server may call it from several threads at once.
class ExploreSession {
public:
  virtual ~ExploreSession() = default;
  virtual const std::vector<std::string> &processes() const = 0;
  // Throws BadInput naming the first ordinal that is out of range, or a path that is too long.
  virtual ExploreView at(std::span<const std::size_t> path) const = 0;
  // The path that re-executes a recorded trace: the first choice at each step whose event and
  // changes are the recorded ones (ambiguous steps are followed in every way, as replay does).
  // Throws BadInput saying which step no choice matches.
  virtual std::vector<std::size_t> follow(const RecordedTrace &trace) const = 0;
};

// "0.2.1" -> {0, 2, 1}; "" -> {}. Throws BadInput for anything else, or for a path longer than
// MaxExplorePathSteps.
std::vector<std::size_t> parse_explore_path(std::string_view text);
std::string explore_path_text(std::span<const std::size_t> path);

} // namespace protocheck
