// The ExploreSession (explore.hpp) of one model type: a path of ordinals is re-executed from the
// start on every call, so the session keeps no state between calls and any path can be asked
// for in any order, from any thread.
#pragma once

#include <protocheck/engine/message_text.hpp>
#include <protocheck/engine/trace_text.hpp>
#include <protocheck/explore.hpp>
#include <protocheck/model.hpp>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

namespace protocheck {

namespace detail {

// Several concrete states may look the same through describe(); following a trace keeps all of
// them, up to this many, as replay does.
inline constexpr std::size_t MaxFollowCandidates = 1 << 16;

template <Model M> class ModelExploreSession final : public ExploreSession {
public:
  using State = typename M::State;
  using Option = std::pair<Event, State>;

  explicit ModelExploreSession(M model)
      : model_(std::move(model)), processes_(model_.process_names()),
        properties_(model_.properties()) {}

  const std::vector<std::string> &processes() const override { return processes_; }

  ExploreView at(std::span<const std::size_t> path) const override {
    if (path.size() > MaxExplorePathSteps + 1)
      throw BadInput("a path has at most " + std::to_string(MaxExplorePathSteps) + " steps");
    ExploreView view;
    view.path.assign(path.begin(), path.end());
    if (path.empty()) {
      view.choices = choices_from(std::nullopt, initial_options(), {});
      return view;
    }
    Trace trace;
    State current{};
    StateView before;
    for (std::size_t k = 0; k < path.size(); ++k) {
      const std::vector<Option> options = k == 0 ? initial_options() : successor_options(current);
      if (path[k] >= options.size())
        throw BadInput(out_of_range(k, path[k], options.size()));
      const auto &[event, next] = options[path[k]];
      StateView after = model_.describe(next);
      if (k == 0)
        trace.initial = after;
      else
        trace.steps.push_back(step_of(current, event, next, before, after));
      if (k > 0 && event.kind == EventKind::Crash && event.actor < processes_.size())
        view.faulty.insert(event.actor);
      current = next;
      before = std::move(after);
    }
    if (!trace.steps.empty())
      for (const Variable &variable : trace.steps.back().changes)
        view.changed.push_back(variable.name);
    view.choices = choices_from(current, successor_options(current), before);
    view.terminal = view.choices.empty();
    view.state = std::move(before);
    view.trace = std::move(trace);
    view.properties = statuses(current, view.terminal);
    if constexpr (DeclaresFaulty<M>) {
      const ProcessMask mask = model_.faulty(current);
      for (std::size_t p = 0; p < 64 && p < processes_.size(); ++p)
        if ((mask >> p) & 1u)
          view.faulty.insert(p);
    }
    return view;
  }

  std::vector<std::size_t> follow(const RecordedTrace &trace) const override {
    if (trace.steps.size() > MaxExplorePathSteps)
      throw BadInput("the trace has " + std::to_string(trace.steps.size()) +
                     " steps; explore follows at most " + std::to_string(MaxExplorePathSteps));
    std::vector<Level> levels(1);
    const std::vector<Option> initial = initial_options();
    for (std::size_t i = 0; i < initial.size(); ++i)
      if (as_map(model_.describe(initial[i].second)) == trace.initial)
        add(levels[0], {initial[i].second, 0, i});
    if (levels[0].candidates.empty())
      throw BadInput("the trace's initial state is not one the model starts from");
    for (std::size_t k = 0; k < trace.steps.size(); ++k) {
      const RecordedStep &step = trace.steps[k];
      Level next;
      for (std::size_t c = 0; c < levels[k].candidates.size(); ++c) {
        const State &from = levels[k].candidates[c].state;
        const StateView before = model_.describe(from);
        const std::vector<Option> options = successor_options(from);
        for (std::size_t i = 0; i < options.size(); ++i) {
          const auto &[event, to] = options[i];
          if (!matches(event, step.event) ||
              as_map(changed_variables(before, model_.describe(to))) != step.changes)
            continue;
          add(next, {to, c, i});
        }
      }
      if (next.candidates.empty())
        throw BadInput("step " + std::to_string(k + 1) +
                       (step.action.empty() ? "" : " (" + printable(step.action) + ")") +
                       " of the trace is not a step the model can take there");
      next.seen = {}; // needed only while the level is built
      levels.push_back(std::move(next));
    }
    std::vector<std::size_t> path(levels.size());
    std::size_t index = 0;
    for (std::size_t k = levels.size(); k-- > 0;) {
      path[k] = levels[k].candidates[index].ordinal;
      index = levels[k].candidates[index].parent;
    }
    return path;
  }

private:
  struct Candidate {
    State state;
    std::size_t parent;  // index among the previous level's candidates
    std::size_t ordinal; // the choice that led here
  };

  M model_;
  std::vector<std::string> processes_;
  std::vector<Property<State>> properties_;

  std::vector<Option> initial_options() const {
    std::vector<Option> options;
    model_.initial(
        [&](const Event &event, const State &state) { options.emplace_back(event, state); });
    return options;
  }

  std::vector<Option> successor_options(const State &state) const {
    std::vector<Option> options;
    model_.successors(
        state, [&](const Event &event, const State &next) { options.emplace_back(event, next); });
    return options;
  }

  // `from`: the state the step is taken from (unset before the initial state); `to`: the one it
  // leads to.
  TraceStep step_of(const std::optional<State> &from, const Event &event, const State &to,
                    const StateView &before, const StateView &after) const {
    return {event, std::string(model_.describe(event)), message_text(model_, event),
            changed_variables(before, after),
            from ? carried_messages(model_, *from, event, to) : std::vector<CarriedMessage>{}};
  }

  // Before the initial state, a choice "changes" every variable: it sets the whole state.
  std::vector<ExploreChoice> choices_from(const std::optional<State> &from,
                                          const std::vector<Option> &options,
                                          const StateView &before) const {
    std::vector<ExploreChoice> choices;
    choices.reserve(options.size());
    for (std::size_t i = 0; i < options.size(); ++i)
      choices.push_back({i, step_of(from, options[i].first, options[i].second, before,
                                    model_.describe(options[i].second))});
    return choices;
  }

  std::string out_of_range(std::size_t k, std::size_t ordinal, std::size_t count) const {
    const std::string where = k == 0 ? "the model has " + std::to_string(count) +
                                           (count == 1 ? " initial state" : " initial states")
                                     : "the state after step " + std::to_string(k - 1) + " has " +
                                           std::to_string(count) +
                                           (count == 1 ? " successor" : " successors");
    return "path element " + std::to_string(k + 1) + " is " + std::to_string(ordinal) + ", but " +
           where + (count == 0 ? "" : " (0.." + std::to_string(count - 1) + ")");
  }

  std::vector<ExplorePropertyStatus> statuses(const State &state, bool terminal) const {
    std::vector<ExplorePropertyStatus> out;
    for (const Property<State> &property : properties_) {
      ExplorePropertyStatus status{property.name, property.description, property.kind, {}, {}};
      const auto explain = [&] { return property.explain ? property.explain(state) : ""; };
      switch (property.kind) {
      case PropertyKind::Always:
      case PropertyKind::AtEnd:
        if (property.kind == PropertyKind::AtEnd && !terminal) {
          status.status = ExploreStatus::NotJudged;
          status.detail =
              std::string("judged in terminal states only; this one has successors") +
              (property.holds(state) ? " (it would hold here)" : " (it would fail here)");
        } else if (property.holds(state)) {
          status.status = ExploreStatus::Holds;
        } else {
          status.status = ExploreStatus::Violated;
          status.detail = explain();
        }
        break;
      case PropertyKind::Reachable:
        status.status = property.holds(state) ? ExploreStatus::Witness : ExploreStatus::NotHere;
        if (status.status == ExploreStatus::Witness)
          status.detail = explain();
        break;
      case PropertyKind::Bound:
        status.status = ExploreStatus::Value;
        status.detail = std::to_string(property.measure(state)) + " here";
        break;
      default:
        status.status =
            property.holds(state) ? ExploreStatus::GoalHere : ExploreStatus::GoalNotHere;
        status.detail = "decided over whole runs, not one state: check decides it";
        break;
      }
      out.push_back(std::move(status));
    }
    return out;
  }

  std::optional<std::string> name_of(std::uint8_t id) const {
    if (id == NoProcess)
      return std::nullopt;
    return id < processes_.size() ? processes_[id] : "p" + std::to_string(id);
  }

  bool matches(const Event &event, const RecordedEvent &recorded) const {
    return event.kind == recorded.kind && event.message == recorded.message &&
           event.value == recorded.value && event.message_id == recorded.message_id &&
           name_of(event.actor) == recorded.actor && name_of(event.peer) == recorded.peer;
  }

  static std::map<std::string, std::string> as_map(const StateView &view) {
    std::map<std::string, std::string> out;
    for (const Variable &variable : view)
      out[variable.name] = variable.value;
    return out;
  }

  // A level's candidates, each state once (replay keeps them the same way).
  struct Level {
    std::vector<Candidate> candidates;
    std::unordered_set<std::string> seen; // the states' bytes
  };

  static void add(Level &level, const Candidate &candidate) {
    const auto *bytes = reinterpret_cast<const char *>(&candidate.state);
    if (!level.seen.emplace(bytes, sizeof(State)).second)
      return;
    if (level.candidates.size() >= MaxFollowCandidates)
      throw BadInput("more than " + std::to_string(MaxFollowCandidates) +
                     " different states match the trace; explore cannot follow it");
    level.candidates.push_back(candidate);
  }
};

} // namespace detail

template <Model M> std::unique_ptr<ExploreSession> make_explore_session(M model) {
  return std::make_unique<detail::ModelExploreSession<M>>(std::move(model));
}

} // namespace protocheck
