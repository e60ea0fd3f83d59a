#include <protocheck/models/consensus/majority_vote.hpp>

#include <protocheck/models/consensus/process_count.hpp>
#include <protocheck/models/consensus/value_text.hpp>

namespace protocheck::consensus {
namespace {

std::string decision_text(std::uint8_t value) {
  return value == MajorityVote::NoMajority ? "none (no majority)" : std::to_string(value);
}

// What a liar sent each recipient ("0 to p2, nothing to p3"), from the event's two bits per
// process: 0 not a recipient, 1 nothing, 2 + the value sent.
std::string lies_text(std::uint32_t sent, unsigned n) {
  std::string text;
  for (unsigned q = 0; q < n; ++q) {
    const unsigned what = (sent >> (2 * q)) & 3;
    if (what != 0)
      text += std::string(text.empty() ? "" : ", ") +
              (what == 1 ? "nothing" : std::to_string(what - 2)) + " to " + process_name(q);
  }
  return text;
}

} // namespace

void MajorityVote::parameters(Parameters<Config> &declare) {
  declare_process_count(declare, MaxProcesses);
  declare.integer("crash", &Config::crash, 0, MaxProcesses - 1,
                  "maximum number of processes that crash while multicasting");
  declare.integer("liars", &Config::liars, 0, MaxProcesses - 1,
                  "maximum number of lying processes (each may send every other process any "
                  "value, or nothing)");
}

MajorityVote::MajorityVote(const Config &config)
    : n_(config.n), max_crashes_(config.crash), max_liars_(config.liars) {
  if (max_crashes_ + max_liars_ >= n_)
    throw BadInput("crash = " + std::to_string(max_crashes_) + " and liars = " +
                   std::to_string(max_liars_) + " leave no correct process: crash + liars must " +
                   "be at most n-1 = " + std::to_string(n_ - 1));
}

std::vector<std::string> MajorityVote::process_names() const {
  std::vector<std::string> names;
  for (unsigned p = 0; p < n_; ++p)
    names.push_back(process_name(p));
  return names;
}

bool MajorityVote::agreement(const State &state) const {
  std::uint8_t first = Undecided;
  for (unsigned p = 0; p < n_; ++p) {
    if (!correct(state, p) || state.decision[p] == Undecided)
      continue;
    if (first == Undecided)
      first = state.decision[p];
    else if (state.decision[p] != first)
      return false;
  }
  return true;
}

bool MajorityVote::integrity(const State &state) const {
  unsigned proposed = 0; // bit v: some correct process proposed v
  for (unsigned p = 0; p < n_; ++p)
    if (correct(state, p))
      proposed |= 1u << state.proposal[p];
  if (proposed != 1 && proposed != 2)
    return true; // the correct processes disagree: integrity asks nothing
  const std::uint8_t unanimous = proposed == 1 ? 0 : 1;
  for (unsigned p = 0; p < n_; ++p)
    if (correct(state, p) && state.decision[p] != Undecided && state.decision[p] != 1 + unanimous)
      return false;
  return true;
}

bool MajorityVote::all_correct_decided(const State &state) const {
  for (unsigned p = 0; p < n_; ++p)
    if (correct(state, p) && state.decision[p] == Undecided)
      return false;
  return true;
}

std::vector<Property<MajorityVote::State>> MajorityVote::properties() const {
  const auto decisions = [this](const State &state) {
    std::string text;
    for (unsigned p = 0; p < n_; ++p)
      if (correct(state, p) && state.decision[p] != Undecided)
        text += (text.empty() ? "correct " : ", ") + process_name(p) + " decided " +
                decision_text(state.decision[p] - 1) +
                " (votes 0:" + std::to_string(state.votes[p][0]) +
                " 1:" + std::to_string(state.votes[p][1]) + ")";
    return text;
  };
  std::vector<Property<State>> properties;
  properties.push_back(always<State>(
      "agreement", "no two correct processes decide differently",
      [this](const State &state) { return agreement(state); }, decisions));
  properties.push_back(always<State>(
      "integrity", "if all correct processes propose v, every correct decision is v",
      [this](const State &state) { return integrity(state); },
      [this, decisions](const State &state) {
        for (unsigned p = 0; p < n_; ++p)
          if (correct(state, p))
            return "every correct process proposed " + std::to_string(state.proposal[p]) +
                   ", but " + decisions(state);
        return std::string();
      }));
  properties.push_back(at_end<State>(
      "termination", "when the run ends, every correct process has decided",
      [this](const State &state) { return all_correct_decided(state); },
      [this](const State &state) {
        for (unsigned p = 0; p < n_; ++p)
          if (correct(state, p) && state.decision[p] == Undecided)
            return "the run ended but correct " + process_name(p) + " has not decided";
        return std::string("every correct process decided");
      }));
  return properties;
}

StateView MajorityVote::describe(const State &state) const {
  StateView view;
  view.push_back({"turn", state.turn < n_       ? process_name(state.turn) + " multicasts"
                          : state.turn < 2 * n_ ? process_name(state.turn - n_) + " decides"
                                                : std::string("none")});
  for (unsigned p = 0; p < n_; ++p) {
    const std::string name = process_name(p);
    const bool liar = state.liars.contains(p);
    view.push_back({name + ".status", liar                        ? "liar"
                                      : state.crashed.contains(p) ? "crashed"
                                                                  : "correct"});
    if (liar)
      continue;
    view.push_back({name + ".proposal", std::to_string(state.proposal[p])});
    view.push_back({name + ".votes", "0:" + std::to_string(state.votes[p][0]) +
                                         " 1:" + std::to_string(state.votes[p][1])});
    view.push_back({name + ".decision", state.decision[p] == Undecided
                                            ? std::string("undecided")
                                            : decision_text(state.decision[p] - 1)});
  }
  return view;
}

std::string MajorityVote::describe(const Event &event) const {
  const std::string actor = event.actor == NoProcess ? "" : process_name(event.actor);
  const std::uint32_t recipients = (event.value >> 8) & 0xff;
  const std::string value = std::to_string(event.value & 0xff);
  switch (event.kind) {
  case EventKind::Adversary: {
    std::string text = "proposals:";
    for (unsigned p = 0; p < n_; ++p)
      text +=
          " " + process_name(p) + "=" +
          ((recipients >> p) & 1 ? std::string("liar") : std::to_string((event.value >> p) & 1));
    return text;
  }
  case EventKind::Crash:
    return actor + " crashes while multicasting " + value + ": " +
           (recipients == 0 ? std::string("nobody") : "only " + process_list(recipients, n_)) +
           " received it";
  case EventKind::Decide:
    return actor + " decides " + decision_text(event.value & 0xff) +
           " (votes 0:" + std::to_string((event.value >> 8) & 0xff) +
           " 1:" + std::to_string((event.value >> 16) & 0xff) + ")";
  default:
    break;
  }
  if (event.message != Lie)
    return actor + " multicasts " + value + " to " + process_list(recipients, n_);
  const std::string lies = lies_text(event.value, n_);
  return actor + " lies:" + (lies.empty() ? "" : " " + lies);
}

std::string MajorityVote::message_label(const Event &event) const {
  if (event.message == Lie)
    return "lie: " + lies_text(event.value, n_);
  if (event.message == Multicast || event.message == CrashDuringMulticast)
    return "value " + std::to_string(event.value & 0xff);
  return describe(event);
}

} // namespace protocheck::consensus
