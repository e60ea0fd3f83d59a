#include <protocheck/models/consensus/crash_consensus.hpp>

#include <protocheck/models/consensus/process_count.hpp>
#include <protocheck/models/consensus/value_text.hpp>

namespace protocheck::consensus {

void CrashConsensus::parameters(Parameters<Config> &declare) {
  declare_process_count(declare, MaxProcesses);
  declare.integer("f", &Config::f, 0, MaxProcesses - 1, "maximum number of crashes (at most n-1)");
  declare.integer(
      "rounds", &Config::rounds, 1, MaxRounds,
      "number of synchronous rounds before deciding (default f+1; f shows the failure)");
}

CrashConsensus::CrashConsensus(const Config &config)
    : n_(config.n), f_(config.f), rounds_(config.rounds.value_or(config.f + 1)) {
  if (f_ >= n_)
    throw BadInput("f = " + std::to_string(f_) +
                   " is out of range: at most n-1 = " + std::to_string(n_ - 1) +
                   " of n = " + std::to_string(n_) + " processes may crash");
  if (rounds_ < 1 || rounds_ > MaxRounds)
    throw BadInput("rounds = " + std::to_string(rounds_) +
                   " is out of range: rounds must be in 1.." + std::to_string(MaxRounds));
}

std::vector<std::string> CrashConsensus::process_names() const {
  std::vector<std::string> names;
  for (unsigned p = 0; p < n_; ++p)
    names.push_back(process_name(p));
  return names;
}

bool CrashConsensus::agreement(const State &state) const {
  std::uint8_t first = Undecided;
  for (unsigned p = 0; p < n_; ++p) {
    if (state.crashed.contains(p) || state.decision[p] == Undecided)
      continue;
    if (first == Undecided)
      first = state.decision[p];
    else if (state.decision[p] != first)
      return false;
  }
  return true;
}

bool CrashConsensus::valid(const State &state) const {
  for (unsigned p = 0; p < n_; ++p) {
    if (state.decision[p] == Undecided)
      continue;
    bool proposed = false;
    for (unsigned q = 0; q < n_; ++q)
      proposed = proposed || state.proposal[q] + 1 == state.decision[p];
    if (!proposed)
      return false;
  }
  return true;
}

bool CrashConsensus::all_correct_decided(const State &state) const {
  for (unsigned p = 0; p < n_; ++p)
    if (!state.crashed.contains(p) && state.decision[p] == Undecided)
      return false;
  return true;
}

std::vector<Property<CrashConsensus::State>> CrashConsensus::properties() const {
  std::vector<Property<State>> properties;
  properties.push_back(always<State>(
      "agreement", "no two correct processes decide differently",
      [this](const State &state) { return agreement(state); },
      [this](const State &state) {
        std::string text;
        for (unsigned v = 0; v < 2; ++v) {
          std::string who;
          for (unsigned p = 0; p < n_; ++p)
            if (!state.crashed.contains(p) && state.decision[p] == v + 1)
              who += (who.empty() ? "" : ", ") + process_name(p);
          text += (text.empty() ? "" : " but ") + std::string("correct ") + who + " decided " +
                  std::to_string(v);
        }
        return text;
      }));
  properties.push_back(always<State>(
      "validity", "every decision is a value some process proposed",
      [this](const State &state) { return valid(state); },
      [this](const State &state) {
        for (unsigned p = 0; p < n_; ++p)
          if (state.decision[p] != Undecided)
            return process_name(p) + " decided " + std::to_string(state.decision[p] - 1) +
                   ", which nobody proposed";
        return std::string("no decision");
      }));
  properties.push_back(at_end<State>(
      "termination", "when the rounds are over, every correct process has decided",
      [this](const State &state) { return all_correct_decided(state); },
      [this](const State &state) {
        for (unsigned p = 0; p < n_; ++p)
          if (!state.crashed.contains(p) && state.decision[p] == Undecided)
            return "the run ended but correct " + process_name(p) + " has not decided";
        return std::string("every correct process decided");
      }));
  // Termination as liveness: judged on the state graph, so an infinite execution (a cycle)
  // violates it as well as one that stops early. The model declares no fairness: in synchronous
  // rounds nothing may be postponed, so every cycle would count.
  properties.push_back(eventually<State>(
      "terminates",
      "every execution reaches a state where every correct process has decided "
      "(no fairness assumed)",
      [this](const State &state) { return all_correct_decided(state); },
      [this](const State &state) {
        std::string who;
        for (unsigned p = 0; p < n_; ++p)
          if (!state.crashed.contains(p) && state.decision[p] == Undecided)
            who += (who.empty() ? "" : ", ") + process_name(p);
        return "correct " + who + " undecided";
      }));
  properties.push_back(reachable<State>(
      "crashed-value-decided",
      "witness: correct processes all proposed one value but decide the value of a crashed one",
      [this](const State &state) {
        unsigned correct_proposals = 0; // bit v: some correct process proposed v
        for (unsigned p = 0; p < n_; ++p)
          if (!state.crashed.contains(p))
            correct_proposals |= 1u << state.proposal[p];
        for (unsigned p = 0; p < n_; ++p)
          if (!state.crashed.contains(p) && state.decision[p] != Undecided &&
              !(correct_proposals & (1u << (state.decision[p] - 1))))
            return true;
        return false;
      },
      [this](const State &state) {
        for (unsigned p = 0; p < n_; ++p)
          if (!state.crashed.contains(p) && state.decision[p] != Undecided)
            return "correct " + process_name(p) + " decided " +
                   std::to_string(state.decision[p] - 1) +
                   ", proposed only by a process that crashed";
        return std::string();
      }));
  return properties;
}

StateView CrashConsensus::describe(const State &state) const {
  StateView view;
  view.push_back({"round", state.round > rounds_
                               ? std::string("deciding")
                               : std::to_string(state.round) + " of " + std::to_string(rounds_)});
  view.push_back({"turn", state.turn < n_ ? process_name(state.turn) : std::string("none")});
  for (unsigned p = 0; p < n_; ++p) {
    const std::string name = process_name(p);
    view.push_back({name + ".proposal", std::to_string(state.proposal[p])});
    view.push_back({name + ".status", state.crashed.contains(p) ? "crashed" : "correct"});
    view.push_back({name + ".V", value_set_text(state.known[p])});
    view.push_back({name + ".to-send", value_set_text(state.fresh[p])});
    view.push_back({name + ".received", value_set_text(state.received[p])});
    view.push_back({name + ".decision", state.decision[p] == Undecided
                                            ? std::string("undecided")
                                            : std::to_string(state.decision[p] - 1)});
  }
  return view;
}

std::string CrashConsensus::message_label(const Event &event) const {
  const ValueSet values = event.value & 0xff;
  const bool carries_values =
      event.kind == EventKind::Transmit || (event.kind == EventKind::Crash && values != 0);
  return carries_values ? "values " + value_set_text(values) : describe(event);
}

std::string CrashConsensus::describe(const Event &event) const {
  const std::string round = "round " + std::to_string(event.value >> 16) + ": ";
  const ValueSet values = event.value & 0xff;
  const std::uint32_t recipients = (event.value >> 8) & 0xff;
  switch (event.kind) {
  case EventKind::Adversary: {
    std::string text = "proposals:";
    for (unsigned p = 0; p < n_; ++p)
      text += " " + process_name(p) + "=" + std::to_string((event.value >> p) & 1);
    return text;
  }
  case EventKind::Transmit:
    return round + process_name(event.actor) + " multicasts " + value_set_text(values) + " to " +
           process_list(recipients, n_);
  case EventKind::Crash:
    if (values == 0)
      return round + process_name(event.actor) + " crashes (it had nothing new to send)";
    return round + process_name(event.actor) + " crashes while multicasting " +
           value_set_text(values) + ": " +
           (recipients == 0 ? std::string("nobody") : "only " + process_list(recipients, n_)) +
           " received it";
  case EventKind::Decide:
    return process_name(event.actor) + " decides " + std::to_string(values) + " = min " +
           value_set_text(static_cast<ValueSet>(event.value >> 8));
  default:
    return round + process_name(event.actor) + " has no new value to send";
  }
}

} // namespace protocheck::consensus
