// Consensus over an asynchronous network with crashes: the FLP impossibility (slides 66 and 72;
// Fischer, Lynch and Paterson 1985) and the ways out the slides name, on one protocol, Ben-Or's
// (1983), for binary values and n > 2f.
//
// Each live process holds an estimate x (its input at first) and runs rounds of two phases:
//   phase 1: it broadcasts x and waits for n - f reports (its own among them); if more than n/2
//            of them carry the same v it proposes v, otherwise it proposes "?";
//   phase 2: it broadcasts its proposal and waits for n - f proposals; if at least f + 1 carry
//            the same v it decides v (and keeps x = v); else if one carries v it sets x = v; else
//            it sets x by the rule of --coin:
//              fair: a fair coin (Ben-Or's randomized protocol; needs --scheduler random or
//                    synchronous: chance against an adversary is not a Markov chain);
//              none: the majority of the reports it heard in phase 1, ties to 0 (deterministic).
// Decided processes go on taking part, so that the others can decide too; the run ends when every
// live process has decided.
//
// Who a process hears among the messages of a phase is --scheduler's choice:
//   adversary:   any n - f of them (asynchrony: the others may be slow, or crashed);
//   random:      n - f of them uniformly at random (so that, with a fair coin, the explored graph
//                is a Markov chain: the probability of deciding and the expected rounds);
//   synchronous: every live process (timeouts tell the crashed from the slow: a synchronous, or
//                eventually synchronous, system, or a perfect failure detector).
// --crashed k: the last k processes have crashed before the start (0 <= k <= f); they send
// nothing. FLP needs only the possibility of one crash: under the adversary, the deterministic
// protocol has an infinite execution in which no process decides, even with no crash at all.
//
// Why whole rounds in lock-step are enough: a process's phase-1 report in round r depends only on
// how its round r - 1 ended, and what it does in each phase depends only on which messages of
// that phase it hears. Every asynchronous execution therefore gives each round an outcome that the
// choices above give too, and back: exploring rounds in lock-step reaches exactly the sequences of
// round outcomes an asynchronous network allows. Only the number of reports of each value matters
// to a process, so a choice is a count, not a list of senders; the processes take their phase
// steps in the order p1, p2, ... (the order cannot matter: each reads only the phase's messages).
// The round number is not kept (nothing depends on it), which makes the state space finite: a
// cycle is a round that leaves every process as it was. Such a cycle is a fair execution, as FLP
// requires: every live process takes both its steps in every round, and a message it did not wait
// for is delivered later (after its round, when it no longer counts); fairness per process says
// so in the report.
#pragma once

#include <protocheck/event.hpp>
#include <protocheck/model.hpp>
#include <protocheck/params.hpp>
#include <protocheck/property.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

namespace protocheck::consensus {

class BenOr {
public:
  static constexpr unsigned MaxProcesses = 7;

  enum class Coin : std::uint8_t { Fair, None };
  enum class Scheduler : std::uint8_t { Adversary, Random, Synchronous };

  // proposal and decided hold 0 for "none yet", else value + 1 (1: "0", 2: "1"); proposal 3: "?".
  static constexpr std::uint8_t Undecided = 0, Unknown = 3, Conflict = 3;

  struct State {
    std::array<std::uint8_t, MaxProcesses> estimate{}; // x: 0 or 1
    std::array<std::uint8_t, MaxProcesses> proposal{}; // this round's phase-1 outcome
    std::array<std::uint8_t, MaxProcesses> decided{};  // value + 1; Conflict if it changed
    std::array<std::uint8_t, MaxProcesses> leaning{};  // --coin none: phase 1's majority, ties 0
    std::uint8_t phase = 1;                            // 1 or 2
    std::uint8_t next = 0;                             // the process whose step it is
  };
  static_assert(std::has_unique_object_representations_v<State>);

  // Event::message codes; Event::value packs what the process heard (see describe).
  enum Action : std::uint8_t { Report = 1, Propose = 2 };

  struct Config {
    unsigned n = 3;
    unsigned f = 1;
    std::string inputs = "0,1,1";
    Coin coin = Coin::None;
    Scheduler scheduler = Scheduler::Adversary;
    unsigned crashed = 0;
    unsigned rounds_report = 5;
  };
  static void parameters(Parameters<Config> &declare);
  explicit BenOr(const Config &config);

  std::vector<std::string> process_names() const;

  template <class Emit> void initial(Emit &&emit) const {
    State state;
    for (unsigned p = 0; p < n_; ++p)
      state.estimate[p] = inputs_[p];
    state.next = static_cast<std::uint8_t>(first_live(0));
    emit(local(NoProcess, 0), state);
  }

  template <class Emit> void successors(const State &state, Emit &&emit) const {
    if (all_decided(state))
      return;
    const unsigned p = state.next;
    if (state.phase == 1)
      report_phase(state, p, emit);
    else
      propose_phase(state, p, emit);
  }

  bool starts_round(const Event &event) const {
    return event.message == Report && event.actor == first_live(0);
  }
  unsigned rounds_report() const { return rounds_report_; }

  int fairness_group(const Event &event) const { return event.actor; }
  std::string fairness() const {
    return "weak fairness per process: every live process keeps taking its steps, and every "
           "message is delivered (late ones after their round)";
  }

  ProcessMask faulty(const State &) const;

  std::vector<Property<State>> properties() const;
  StateView describe(const State &state) const;
  std::string describe(const Event &event) const;

private:
  unsigned live() const { return n_ - crashed_; }
  unsigned heard() const { return scheduler_ == Scheduler::Synchronous ? live() : n_ - f_; }
  unsigned first_live(unsigned from) const { return from < live() ? from : live(); }
  bool all_decided(const State &state) const;

  // Moves the turn to the next live process, or to the next phase (a new round after phase 2).
  State advanced(State next, unsigned p) const;

  // The ways process p may hear `heard() - 1` messages besides its own out of the others', given
  // how many of the others carry each kind: calls take(counts heard of each kind, ways), where
  // ways is the number of sender sets giving those counts (for the random scheduler's odds).
  template <class Take, std::size_t K>
  void hearings(const std::array<unsigned, K> &others, Take &&take) const;

  template <class Emit> void report_phase(const State &state, unsigned p, Emit &&emit) const;
  template <class Emit> void propose_phase(const State &state, unsigned p, Emit &&emit) const;

  // The event of p's step: what it heard (counts packed in value) and, for the random
  // scheduler, with probability ways / total.
  Event step_event(Action action, unsigned p, unsigned packed, std::uint64_t ways,
                   std::uint64_t total) const;

  unsigned n_ = 0, f_ = 0, crashed_ = 0, rounds_report_ = 0;
  std::array<std::uint8_t, MaxProcesses> inputs_{};
  Coin coin_ = Coin::Fair;
  Scheduler scheduler_ = Scheduler::Adversary;
};

// ---------------------------------------------------------------------------------------------

namespace ben_or_detail {
inline std::uint64_t choose(unsigned n, unsigned k) {
  if (k > n)
    return 0;
  std::uint64_t result = 1;
  for (unsigned i = 1; i <= k; ++i)
    result = result * (n - k + i) / i;
  return result;
}
} // namespace ben_or_detail

template <class Take, std::size_t K>
void BenOr::hearings(const std::array<unsigned, K> &others, Take &&take) const {
  const unsigned want = heard() - 1; // besides its own
  std::array<unsigned, K> counts{};
  // Every split of `want` among the K kinds that the others can supply.
  auto split = [&](auto &&self, std::size_t kind, unsigned left, std::uint64_t ways) -> void {
    if (kind + 1 == K) {
      if (left > others[kind])
        return;
      counts[kind] = left;
      take(counts, ways * ben_or_detail::choose(others[kind], left));
      return;
    }
    for (unsigned c = 0; c <= left && c <= others[kind]; ++c) {
      counts[kind] = c;
      self(self, kind + 1, left - c, ways * ben_or_detail::choose(others[kind], c));
    }
  };
  split(split, 0, want, 1);
}

template <class Emit> void BenOr::report_phase(const State &state, unsigned p, Emit &&emit) const {
  std::array<unsigned, 2> others{};
  for (unsigned q = 0; q < live(); ++q)
    if (q != p)
      ++others[state.estimate[q]];
  const std::uint64_t total = ben_or_detail::choose(live() - 1, heard() - 1);
  hearings(others, [&](const std::array<unsigned, 2> &counts, std::uint64_t ways) {
    std::array<unsigned, 2> with_own = counts;
    ++with_own[state.estimate[p]];
    State next = state;
    next.proposal[p] = 2 * with_own[0] > n_ ? 1 : 2 * with_own[1] > n_ ? 2 : Unknown;
    if (coin_ == Coin::None)
      next.leaning[p] = with_own[1] > with_own[0] ? 1 : 0;
    emit(step_event(Report, p, with_own[0] | with_own[1] << 4, ways, total), advanced(next, p));
  });
}

template <class Emit> void BenOr::propose_phase(const State &state, unsigned p, Emit &&emit) const {
  std::array<unsigned, 3> others{}; // proposals "0", "1", "?"
  for (unsigned q = 0; q < live(); ++q)
    if (q != p)
      ++others[state.proposal[q] - 1];
  const std::uint64_t total = ben_or_detail::choose(live() - 1, heard() - 1);
  hearings(others, [&](const std::array<unsigned, 3> &counts, std::uint64_t ways) {
    std::array<unsigned, 3> with_own = counts;
    ++with_own[state.proposal[p] - 1];
    const unsigned packed = with_own[0] | with_own[1] << 4 | with_own[2] << 8;
    State next = state;
    const auto decide = [&](std::uint8_t value) {
      next.estimate[p] = value;
      const std::uint8_t code = static_cast<std::uint8_t>(value + 1);
      if (next.decided[p] == Undecided)
        next.decided[p] = code;
      else if (next.decided[p] != code)
        next.decided[p] = Conflict;
    };
    if (with_own[0] >= f_ + 1) {
      decide(0);
    } else if (with_own[1] >= f_ + 1) {
      decide(1);
    } else if (with_own[0] + with_own[1] > 0) {
      next.estimate[p] = with_own[0] > 0 ? 0 : 1;
    } else if (coin_ == Coin::None) {
      next.estimate[p] = state.leaning[p];
    } else {
      for (std::uint8_t coin = 0; coin < 2; ++coin) {
        State flipped = next;
        flipped.estimate[p] = coin;
        emit(step_event(Propose, p, packed | (coin + 1u) << 12, ways, 2 * total),
             advanced(flipped, p));
      }
      return;
    }
    emit(step_event(Propose, p, packed, ways, total), advanced(next, p));
  });
}

} // namespace protocheck::consensus
