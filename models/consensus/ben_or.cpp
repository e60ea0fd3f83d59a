#include <protocheck/models/consensus/ben_or.hpp>

#include <protocheck/models/consensus/process_count.hpp>
#include <protocheck/models/consensus/value_text.hpp>

#include <sstream>

namespace protocheck::consensus {

void BenOr::parameters(Parameters<Config> &declare) {
  declare_process_count(declare, MaxProcesses);
  declare.integer("f", &Config::f, 0, (MaxProcesses - 1) / 2,
                  "crashes tolerated: each process waits for n - f messages per phase; n > 2f");
  declare.text("inputs", &Config::inputs,
               "each process's input value, 0 or 1, as a list such as 0,1,1 (one per process)");
  declare.choice("coin", &Config::coin, {{"fair", Coin::Fair}, {"none", Coin::None}},
                 "with no value proposed to it: fair (Ben-Or: flip a fair coin) or none "
                 "(deterministic: take the majority of the reports heard in phase 1, ties to 0)");
  declare.choice("scheduler", &Config::scheduler,
                 {{"adversary", Scheduler::Adversary},
                  {"random", Scheduler::Random},
                  {"synchronous", Scheduler::Synchronous}},
                 "which messages a process hears in a phase: adversary (any n - f: asynchrony), "
                 "random (n - f uniformly at random: a Markov chain with --coin fair) or "
                 "synchronous (every live process: timeouts or a perfect failure detector)");
  declare.integer("crashed", &Config::crashed, 0, (MaxProcesses - 1) / 2,
                  "how many processes (the last ones) have crashed before the start; at most f");
  declare.integer("rounds-report", &Config::rounds_report, 0, 50,
                  "with --coin fair --scheduler random: the probability of deciding within r "
                  "rounds for r = 1 .. this many");
}

BenOr::BenOr(const Config &config)
    : n_(config.n), f_(config.f), crashed_(config.crashed), rounds_report_(config.rounds_report),
      coin_(config.coin), scheduler_(config.scheduler) {
  if (n_ < 2 || n_ > MaxProcesses)
    throw BadInput("--n " + std::to_string(n_) + " is out of range: 2.." +
                   std::to_string(MaxProcesses) + " processes");
  if (2 * f_ >= n_)
    throw BadInput("--f " + std::to_string(f_) + " needs n > 2f (n = " + std::to_string(n_) +
                   "): with n <= 2f the processes could wait for disjoint halves");
  if (coin_ == Coin::Fair && scheduler_ == Scheduler::Adversary)
    throw BadInput("--coin fair with --scheduler adversary mixes chance with an adversary's "
                   "choices (a Markov decision process), which protocheck does not decide: use "
                   "--scheduler random");
  if (crashed_ > f_)
    throw BadInput("--crashed " + std::to_string(crashed_) +
                   " is more than f = " + std::to_string(f_));
  std::vector<std::uint8_t> values;
  std::istringstream list(config.inputs);
  for (std::string item; std::getline(list, item, ',');) {
    if (item != "0" && item != "1")
      throw BadInput("--inputs '" + config.inputs + "': each input is 0 or 1, as in 0,1,1");
    values.push_back(item == "1" ? 1 : 0);
  }
  if (values.size() != n_)
    throw BadInput("--inputs '" + config.inputs + "' has " + std::to_string(values.size()) +
                   " values for n = " + std::to_string(n_) + " processes");
  for (unsigned p = 0; p < n_; ++p)
    inputs_[p] = values[p];
}

std::vector<std::string> BenOr::process_names() const {
  std::vector<std::string> names;
  for (unsigned p = 0; p < n_; ++p)
    names.push_back(process_name(p));
  return names;
}

ProcessMask BenOr::faulty(const State &) const {
  ProcessMask mask = 0;
  for (unsigned p = live(); p < n_; ++p)
    mask |= ProcessMask{1} << p;
  return mask;
}

bool BenOr::all_decided(const State &state) const {
  for (unsigned p = 0; p < live(); ++p)
    if (state.decided[p] == Undecided)
      return false;
  return true;
}

BenOr::State BenOr::advanced(State next, unsigned p) const {
  if (p + 1 < live()) {
    next.next = static_cast<std::uint8_t>(p + 1);
    return next;
  }
  next.next = 0;
  if (next.phase == 1) {
    next.phase = 2;
  } else { // a new round: nothing of this one is needed any more
    next.phase = 1;
    next.proposal = {};
    next.leaning = {};
  }
  return next;
}

Event BenOr::step_event(Action action, unsigned p, unsigned packed, std::uint64_t ways,
                        std::uint64_t total) const {
  Event event = local(static_cast<std::uint8_t>(p), action, packed);
  if (scheduler_ != Scheduler::Random)
    return event;
  return with_probability(event, static_cast<std::uint16_t>(ways),
                          static_cast<std::uint16_t>(total));
}

std::vector<Property<BenOr::State>> BenOr::properties() const {
  const auto value_text = [](std::uint8_t code) {
    return code == Conflict ? std::string("two values") : std::to_string(code - 1);
  };
  return {
      always<State>(
          "agreement", "no two processes decide different values, and none changes its decision",
          [this](const State &state) {
            std::uint8_t seen = Undecided;
            for (unsigned p = 0; p < live(); ++p) {
              if (state.decided[p] == Conflict)
                return false;
              if (state.decided[p] != Undecided) {
                if (seen != Undecided && seen != state.decided[p])
                  return false;
                seen = state.decided[p];
              }
            }
            return true;
          },
          [this, value_text](const State &state) {
            std::string text;
            for (unsigned p = 0; p < live(); ++p)
              if (state.decided[p] != Undecided)
                text += (text.empty() ? "" : ", ") + process_name(p) + " decided " +
                        value_text(state.decided[p]);
            return text;
          }),
      always<State>(
          "validity", "a decided value is some process's input",
          [this](const State &state) {
            for (unsigned p = 0; p < live(); ++p) {
              const std::uint8_t code = state.decided[p];
              if (code == Undecided || code == Conflict)
                continue;
              bool proposed = false;
              for (unsigned q = 0; q < n_; ++q)
                proposed = proposed || inputs_[q] + 1 == code;
              if (!proposed)
                return false;
            }
            return true;
          },
          [](const State &) { return std::string("a process decided a value nobody proposed"); }),
      eventually<State>(
          "decides", "every live process eventually decides",
          [this](const State &state) { return all_decided(state); },
          [this](const State &state) {
            std::string text;
            for (unsigned p = 0; p < live(); ++p)
              text += (text.empty() ? "" : ", ") + process_name(p) +
                      " x = " + std::to_string(state.estimate[p]);
            return "no decision; estimates " + text;
          }),
  };
}

StateView BenOr::describe(const State &state) const {
  StateView view;
  const auto proposal_text = [](std::uint8_t code) {
    return code == 0         ? std::string("-")
           : code == Unknown ? std::string("?")
                             : std::to_string(code - 1);
  };
  for (unsigned p = 0; p < n_; ++p) {
    const std::string name = process_name(p);
    if (p >= live()) {
      view.push_back({name, "crashed"});
      continue;
    }
    view.push_back({name + ".x", std::to_string(state.estimate[p])});
    view.push_back({name + ".proposal", proposal_text(state.proposal[p])});
    view.push_back({name + ".decided", state.decided[p] == Undecided ? "-"
                                       : state.decided[p] == Conflict
                                           ? "changed"
                                           : std::to_string(state.decided[p] - 1)});
  }
  view.push_back({"phase", std::to_string(state.phase)});
  return view;
}

std::string BenOr::describe(const Event &event) const {
  const std::string who = process_name(event.actor);
  const unsigned zeros = event.value & 0xf, ones = event.value >> 4 & 0xf;
  const unsigned unknown = event.value >> 8 & 0xf, coin = event.value >> 12 & 0x3;
  // What it heard as a multiset, the lecture's way: {0, 1, 1}.
  std::string heard;
  for (const auto &[count, word] : {std::pair{zeros, "0"}, {ones, "1"}, {unknown, "?"}})
    for (unsigned copy = 0; copy < count; ++copy)
      heard += (heard.empty() ? "" : ", ") + std::string(word);
  heard = "{" + heard + "}";
  if (event.message == Report)
    return who + " hears the reports " + heard +
           (2 * zeros > n_  ? ": a majority for 0, proposes 0"
            : 2 * ones > n_ ? ": a majority for 1, proposes 1"
                            : ": no majority, proposes ?");
  if (event.message == Propose) {
    const std::string text = who + " hears the proposals " + heard;
    if (zeros >= f_ + 1)
      return text + ": decides 0";
    if (ones >= f_ + 1)
      return text + ": decides 1";
    if (zeros + ones > 0)
      return text + ": sets x = " + (zeros > 0 ? "0" : "1");
    if (coin != 0)
      return text + ": flips a coin, x = " + std::to_string(coin - 1);
    return text + ": sets x to the majority of the reports it heard (ties: 0)";
  }
  return "start";
}

} // namespace protocheck::consensus
