// Re-executes a recorded trace against the model, so that no trace has to be taken on trust:
// every step must be a transition the model allows (the recorded event among the successors of
// the current state, described in the model's words, with exactly the recorded variable changes),
// and the last state must violate
// the property (for a witness: satisfy it; for a lasso: close the loop fairly while avoiding the
// goal). Used by `protocheck replay` and, on the checker's own traces, to find the faulty
// processes a chart draws.
#pragma once

#include <protocheck/engine/complete_run.hpp>
#include <protocheck/engine/recorded_trace.hpp>
#include <protocheck/engine/trace_text.hpp>
#include <protocheck/model.hpp>

#include <algorithm>
#include <bitset>
#include <cstring>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace protocheck {

namespace detail {

// Several concrete states may look the same through describe(); replay follows all of them.
inline constexpr std::size_t MaxReplayCandidates = 1 << 16;

template <class State> struct ReplayNode {
  State state;
  std::size_t parent; // index in the previous step's candidates
  Event event;        // the event that led here (unused for initial states)
};

template <class State> bool same_state(const State &a, const State &b) {
  return std::memcmp(&a, &b, sizeof(State)) == 0;
}

inline std::map<std::string, std::string> as_map(const StateView &view) {
  std::map<std::string, std::string> out;
  for (const Variable &variable : view)
    out[variable.name] = variable.value;
  return out;
}

// The first difference between what the trace says and what the model gives, in words.
inline std::string first_difference(const std::map<std::string, std::string> &recorded,
                                    const std::map<std::string, std::string> &actual) {
  for (const auto &[name, value] : recorded) {
    const auto found = actual.find(name);
    if (found == actual.end())
      return "the trace says " + name + " = " + value + ", the model leaves " + name + " unchanged";
    if (found->second != value)
      return "the trace says " + name + " = " + value + ", the model gives " + name + " = " +
             found->second;
  }
  for (const auto &[name, value] : actual)
    if (recorded.count(name) == 0)
      return "the model also changes " + name + " to " + value + ", which the trace does not say";
  return "no difference";
}

inline std::string recorded_event_text(const RecordedEvent &event) {
  std::string text(to_string(event.kind));
  if (event.actor)
    text += " by " + *event.actor;
  if (event.peer)
    text += " with " + *event.peer;
  return text + ", message " + std::to_string(event.message) + ", value " +
         std::to_string(event.value);
}

inline std::string step_text(std::size_t k, const RecordedStep &step) {
  return "step " + std::to_string(k) + (step.action.empty() ? "" : " (" + step.action + ")");
}

template <Model M> class Replayer {
public:
  using State = typename M::State;

  Replayer(const M &model, const RecordedTrace &trace)
      : model_(model), trace_(trace), names_(model.process_names()),
        properties_(properties_with_complete_run(model, trace.property == CompleteRunName)) {}

  ReplayResult run() {
    const Property<State> &property = find_property();
    levels_.emplace_back();
    if (auto failure = start())
      return *failure;
    for (std::size_t k = 0; k < trace_.steps.size(); ++k)
      if (auto failure = advance(k))
        return *failure;
    // Any concrete path that matches the trace will do; report the first one's failure.
    ReplayResult first_failure;
    for (std::size_t c = 0; c < levels_.back().size(); ++c) {
      std::vector<const ReplayNode<State> *> path = path_to(c);
      ReplayResult result = judge(property, path);
      if (result.confirmed) {
        if constexpr (DeclaresFaulty<M>) {
          const std::uint64_t mask = model_.faulty(path.back()->state);
          std::set<std::size_t> faulty;
          for (std::size_t p = 0; p < 64; ++p)
            if ((mask >> p) & 1u)
              faulty.insert(p);
          result.faulty = faulty;
        }
        return result;
      }
      if (c == 0)
        first_failure = result;
    }
    return first_failure;
  }

private:
  const M &model_;
  const RecordedTrace &trace_;
  std::vector<std::string> names_;
  std::vector<Property<State>> properties_;
  std::vector<std::vector<ReplayNode<State>>> levels_; // [k]: candidates after k steps

  const Property<State> &find_property() const {
    std::string known;
    for (const auto &property : properties_) {
      if (property.name == trace_.property) {
        check_claims(property);
        return property;
      }
      known += (known.empty() ? "" : ", ") + property.name;
    }
    throw BadInput("the model has no property '" + trace_.property + "' (it has " + known + ")");
  }

  // The file's kind and status must be what this property's traces are.
  void check_claims(const Property<State> &property) const {
    const std::string kind(to_string(property.kind));
    if (trace_.kind && *trace_.kind != kind)
      throw BadInput("the trace file says " + trace_.property + " is of kind '" + *trace_.kind +
                     "', the model says '" + kind + "'");
    const bool witness =
        property.kind == PropertyKind::Reachable || property.kind == PropertyKind::Bound;
    const std::string expected = witness ? "holds" : "violated";
    if (trace_.status && *trace_.status != expected)
      throw BadInput("the trace file says " + trace_.property + " is '" + *trace_.status +
                     "', but a trace of " + trace_.property + " (kind " + kind + ") shows it " +
                     expected);
  }

  std::optional<std::string> name_of(std::uint8_t id) const {
    if (id == NoProcess)
      return std::nullopt;
    return id < names_.size() ? names_[id] : "p" + std::to_string(id);
  }

  bool matches(const Event &event, const RecordedEvent &recorded) const {
    return event.kind == recorded.kind && event.message == recorded.message &&
           event.value == recorded.value && event.message_id == recorded.message_id &&
           name_of(event.actor) == recorded.actor &&
           name_of(event.peer) == recorded.peer;
  }

  bool add(std::vector<ReplayNode<State>> &level, const ReplayNode<State> &node) const {
    for (const auto &other : level)
      if (same_state(other.state, node.state))
        return true;
    if (level.size() >= MaxReplayCandidates)
      return false;
    level.push_back(node);
    return true;
  }

  ReplayResult illegal(std::size_t step, const std::string &why) const {
    ReplayResult result;
    result.failed_step = step;
    result.message = why;
    return result;
  }
  ReplayResult too_ambiguous(std::size_t step) const {
    return illegal(step, "more than " + std::to_string(MaxReplayCandidates) +
                             " different states match the trace after step " +
                             std::to_string(step) + "; replay gives up");
  }

  std::optional<ReplayResult> start() {
    std::optional<std::map<std::string, std::string>> closest;
    std::size_t closest_distance = 0;
    bool overflow = false;
    model_.initial([&](const Event &event, const State &state) {
      const auto view = as_map(model_.describe(state));
      if (view == trace_.initial) {
        overflow = overflow || !add(levels_[0], {state, 0, event});
        return;
      }
      std::size_t distance = 0;
      for (const auto &[name, value] : trace_.initial) {
        const auto found = view.find(name);
        distance += found == view.end() || found->second != value;
      }
      if (!closest || distance < closest_distance) {
        closest = view;
        closest_distance = distance;
      }
    });
    if (overflow)
      return too_ambiguous(0);
    if (!levels_[0].empty())
      return std::nullopt;
    if (!closest)
      return illegal(0, "the model has no initial state");
    return illegal(0, "the initial state is not one the model starts from: " +
                          first_difference(trace_.initial, *closest));
  }

  std::optional<ReplayResult> advance(std::size_t k) {
    const RecordedStep &step = trace_.steps[k];
    const std::size_t number = k + 1;
    std::vector<ReplayNode<State>> next;
    std::optional<std::string> mismatch;  // the event is there, but changes something else
    std::optional<std::string> described; // the event is there, but the model words it otherwise
    std::vector<std::string> allowed;     // what the model allows instead (a few examples)
    bool overflow = false;
    const auto &current = levels_[k];
    for (std::size_t c = 0; c < current.size(); ++c) {
      const State &from = current[c].state;
      const auto before = model_.describe(from);
      model_.successors(from, [&](const Event &event, const State &to) {
        if (!matches(event, step.event)) {
          if (allowed.size() < 4)
            allowed.push_back(std::string(model_.describe(event)));
          return;
        }
        // A file may leave the action out; when it has one, a reader trusts it, so it must be true.
        if (!step.action.empty()) {
          std::string words(model_.describe(event));
          if (words != step.action) {
            described = std::move(words);
            return;
          }
        }
        const auto changes = as_map(changed_variables(before, model_.describe(to)));
        if (changes != step.changes) {
          if (!mismatch)
            mismatch = first_difference(step.changes, changes);
          return;
        }
        overflow = overflow || !add(next, {to, c, event});
      });
    }
    if (overflow)
      return too_ambiguous(number);
    if (!next.empty()) {
      levels_.push_back(std::move(next));
      return std::nullopt;
    }
    if (described)
      return illegal(number, "step " + std::to_string(number) + " says '" + step.action +
                                 "', but the model describes its event as '" + *described + "'");
    if (mismatch)
      return illegal(number, step_text(number, step) +
                                 " is possible, but not with the recorded changes: " + *mismatch);
    std::string instead;
    for (const auto &action : allowed)
      instead += (instead.empty() ? "" : "; ") + action;
    return illegal(number, step_text(number, step) +
                               " is not a legal transition: no successor of "
                               "the state after step " +
                               std::to_string(k) + " has the event " +
                               recorded_event_text(step.event) +
                               (instead.empty() ? " (that state has no successors)"
                                                : " (the model allows: " + instead +
                                                      (allowed.size() == 4 ? "; ..." : "") + ")"));
  }

  std::vector<const ReplayNode<State> *> path_to(std::size_t index) const {
    std::vector<const ReplayNode<State> *> path(levels_.size());
    for (std::size_t k = levels_.size(); k-- > 0;) {
      path[k] = &levels_[k][index];
      index = path[k]->parent;
    }
    return path;
  }

  bool terminal(const State &state) const { return is_terminal(model_, state); }

  std::string explain(const Property<State> &property, const State &state) const {
    return property.explain ? ": " + property.explain(state) : "";
  }

  ReplayResult confirmed(std::string message) const {
    ReplayResult result;
    result.confirmed = true;
    result.message = std::move(message);
    return result;
  }
  ReplayResult refuted(std::string message) const {
    ReplayResult result;
    result.message = std::move(message);
    return result;
  }

  std::string legal_steps() const {
    const std::size_t n = trace_.steps.size();
    return std::to_string(n) + (n == 1 ? " legal step" : " legal steps") + " from an initial state";
  }

  ReplayResult judge(const Property<State> &property,
                     const std::vector<const ReplayNode<State> *> &path) const {
    const State &last = path.back()->state;
    const std::string &name = property.name;
    switch (property.kind) {
    case PropertyKind::Always:
      if (property.holds(last))
        return refuted("the steps are legal, but the last state satisfies " + name);
      return confirmed(legal_steps() + "; the last state violates " + name +
                       explain(property, last));
    case PropertyKind::AtEnd:
      if (property.holds(last))
        return refuted("the steps are legal, but the last state satisfies " + name);
      if (!terminal(last))
        return refuted("the steps are legal, but the last state has successors, so it is not "
                       "a terminal state and " +
                       name + " says nothing about it");
      return confirmed(legal_steps() + "; the last state is terminal and violates " + name +
                       explain(property, last));
    case PropertyKind::Reachable:
      if (!property.holds(last))
        return refuted("the steps are legal, but the last state does not satisfy " + name);
      return confirmed(legal_steps() + "; the last state satisfies " + name +
                       explain(property, last));
    case PropertyKind::Bound: {
      const std::int64_t measure = property.measure(last);
      if (trace_.value && *trace_.value != measure)
        return refuted("the steps are legal, but " + name + " is " + std::to_string(measure) +
                       " in the last state, not " + std::to_string(*trace_.value));
      return confirmed(legal_steps() + "; " + name + " = " + std::to_string(measure) +
                       " in the last state");
    }
    default:
      return judge_liveness(property, path);
    }
  }

  // A lasso must close (the last state is the state where the loop starts) and be fair; a path
  // without a loop must end in a terminal state. Either way the goal must be avoided from a
  // trigger state on, forever.
  ReplayResult judge_liveness(const Property<State> &property,
                              const std::vector<const ReplayNode<State> *> &path) const {
    const std::string &name = property.name;
    const std::size_t last = path.size() - 1;
    std::size_t forever_from = last; // the states [forever_from, last] repeat or end the run
    if (trace_.loop_start) {
      forever_from = *trace_.loop_start;
      if (!same_state(path[last]->state, path[forever_from]->state))
        return refuted("the steps are legal, but the loop does not close: the state after the "
                       "last step is not the state before step " +
                       std::to_string(forever_from + 1));
      if (auto unfair = unfair_loop(path, forever_from))
        return refuted("the steps are legal, but the loop is not fair: " + *unfair);
    } else if (!terminal(path[last]->state)) {
      return refuted("the steps are legal, but the trace neither ends in a terminal state nor "
                     "loops, so it does not show that " +
                     name + " can be avoided forever");
    }
    // The earliest state from which the goal is avoided until the end.
    std::size_t avoided_from = last + 1;
    while (avoided_from > 0 && !property.holds(path[avoided_from - 1]->state))
      --avoided_from;
    if (avoided_from > forever_from)
      return refuted("the steps are legal, but the state after step " +
                     std::to_string(avoided_from - 1) + " satisfies " + name +
                     ", and it comes back forever");
    bool triggered = false;
    switch (property.kind) {
    case PropertyKind::Eventually:
      triggered = avoided_from == 0;
      break;
    case PropertyKind::LeadsTo:
      for (std::size_t k = avoided_from; k <= last && !triggered; ++k)
        triggered = property.trigger && property.trigger(path[k]->state);
      break;
    default:
      triggered = true;
      break;
    }
    if (!triggered && property.kind == PropertyKind::LeadsTo)
      return refuted("the steps are legal, but no state from which " + name +
                     "'s goal is avoided for good satisfies its trigger");
    if (!triggered)
      return refuted("the steps are legal, but the state after step " +
                     std::to_string(avoided_from - 1) + " satisfies " + name);
    const std::string how = trace_.loop_start ? "the marked steps repeat forever, fairly, and "
                                              : "the run ends in a terminal state, and ";
    return confirmed(legal_steps() + "; " + how + name + " is never reached" +
                     explain(property, path[last]->state));
  }

  // Weak fairness: a fairness group that can take a step in every state of the loop must take
  // one in the loop. Returns what is unfair, or nothing.
  std::optional<std::string> unfair_loop(const std::vector<const ReplayNode<State> *> &path,
                                         std::size_t loop_start) const {
    std::bitset<256> always_enabled;
    always_enabled.set();
    std::vector<std::string> example(256);
    for (std::size_t k = loop_start; k + 1 < path.size(); ++k) {
      std::bitset<256> enabled;
      model_.successors(path[k]->state, [&](const Event &event, const State &) {
        const std::uint8_t group = fairness_group(model_, event);
        if (group == NoFairnessGroup)
          return;
        enabled.set(group);
        if (example[group].empty())
          example[group] = model_.describe(event);
      });
      always_enabled &= enabled;
    }
    for (std::size_t k = loop_start + 1; k < path.size(); ++k) {
      const std::uint8_t group = fairness_group(model_, path[k]->event);
      if (group != NoFairnessGroup)
        always_enabled.reset(group);
    }
    for (std::size_t group = 0; group < 256; ++group)
      if (always_enabled.test(group))
        return "a step like '" + example[group] +
               "' is possible in every state of the loop but never taken";
    return std::nullopt;
  }
};

} // namespace detail

// Throws BadInput when the trace names a property the model does not have, or claims a kind or
// status that does not fit it. Illegal steps and wrong verdicts are results, not exceptions.
template <Model M> ReplayResult replay_trace(const M &model, const RecordedTrace &trace) {
  return detail::Replayer<M>(model, trace).run();
}

} // namespace protocheck
