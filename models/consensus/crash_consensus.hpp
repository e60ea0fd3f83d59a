// Synchronous consensus tolerating f crash failures (Dolev-Strong style, slides 61-64 of the
// coordination and agreement lecture).
//
// n processes propose 0 or 1 (every combination is an initial state). In each of `rounds`
// synchronous rounds (default f+1) every live process multicasts the values it learned in the
// previous round (V^{r-1} - V^{r-2}); after the last round each live process decides min(V).
// A round is a fixed sequence of steps, one per live sender in order p1, p2, ...; at its step a
// sender either multicasts to every other live process or, while fewer than f processes have
// crashed, crashes in the middle of its multicast, so that an arbitrary subset of the recipients
// (none, some or all) receives it. Values received in a round count only from the next round on,
// as in a lock-step synchronous system.
//
// With f+1 rounds agreement, validity and termination hold; with f rounds a chain of f crashes can
// hand a value on so that it reaches only some processes in the last round, and agreement fails.
// A multicast is one synchronous step (a Transmit, or the Crash of its sender), so events carry no
// message identity; the step lists the copies it delivers (carried_messages) for the chart's fan.
#pragma once

#include <protocheck/event.hpp>
#include <protocheck/kit/crash_faults.hpp>
#include <protocheck/kit/process_set.hpp>
#include <protocheck/model.hpp>
#include <protocheck/params.hpp>
#include <protocheck/property.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace protocheck::consensus {

class CrashConsensus {
public:
  static constexpr unsigned MaxProcesses = 8;
  static constexpr unsigned MaxRounds = 10;

  // A set of values from {0, 1} as two bits: bit v set when v is in the set.
  using ValueSet = std::uint8_t;
  // State::decision: 0 while undecided, else 1 + the decided value (unused slots stay zero).
  static constexpr std::uint8_t Undecided = 0;

  struct State {
    std::uint8_t round = 1; // 1..rounds while multicasting; rounds+1 once the processes decide
    std::uint8_t turn = 0;  // the process whose step comes next in this round
    kit::ProcessSet<MaxProcesses> crashed;
    std::array<std::uint8_t, MaxProcesses> proposal{};
    std::array<ValueSet, MaxProcesses> known{};    // V^{r-1}: values known at the start of round
    std::array<ValueSet, MaxProcesses> fresh{};    // V^{r-1} - V^{r-2}: to be multicast this round
    std::array<ValueSet, MaxProcesses> received{}; // values received during this round
    std::array<std::uint8_t, MaxProcesses> decision{}; // Undecided, or 1 + the decided value
  };
  static_assert(std::has_unique_object_representations_v<State>);

  // Event::message codes.
  enum Action : std::uint8_t { Propose = 1, Multicast, NothingNew, CrashDuringMulticast };

  struct Config {
    unsigned n = 3;
    unsigned f = 1;
    std::optional<unsigned> rounds; // empty: f + 1
  };
  static void parameters(Parameters<Config> &declare);
  explicit CrashConsensus(const Config &config);

  std::vector<std::string> process_names() const;

  template <class Emit> void initial(Emit &&emit) const {
    for (std::uint32_t bits = 0; bits < (1u << n_); ++bits) {
      State state;
      for (unsigned p = 0; p < n_; ++p) {
        state.proposal[p] = (bits >> p) & 1;
        state.known[p] = state.fresh[p] = static_cast<ValueSet>(1u << state.proposal[p]);
      }
      emit(adversary(Propose, bits), state);
    }
  }

  template <class Emit> void successors(const State &state, Emit &&emit) const {
    if (state.turn >= n_)
      return; // every live process has decided
    const unsigned p = state.turn;
    if (state.round > rounds_) {
      State next = state;
      const std::uint8_t value = (state.known[p] & 1) ? 0 : 1; // min(V)
      next.decision[p] = 1 + value;
      advance(next);
      emit(decide(p, value | (static_cast<std::uint32_t>(state.known[p]) << 8)), next);
      return;
    }
    const ValueSet values = state.fresh[p];
    const Processes recipients = live_others(state, p);
    const std::uint32_t round_bits = static_cast<std::uint32_t>(state.round) << 16;
    {
      State next = state;
      deliver_to(next, values, recipients);
      next.fresh[p] = 0;
      advance(next);
      if (values != 0)
        emit(Event{EventKind::Transmit, static_cast<std::uint8_t>(p), NoProcess, Multicast,
                   values | mask_bits(recipients) | round_bits},
             next);
      else
        emit(local(p, NothingNew, round_bits), next);
    }
    if (state.crashed.size() >= f_)
      return;
    // Crash in the middle of the multicast: any subset of the recipients, none and all included,
    // may have received it (all: the last round has no later step at which to crash). With
    // nothing to send, the subsets do not differ.
    kit::for_each_subset(values != 0 ? recipients : Processes{}, [&](const Processes &reached) {
      State next = state;
      deliver_to(next, values, reached);
      next.crashed.insert(p);
      next.fresh[p] = 0; // a crashed process's buffers mean nothing any more
      next.received[p] = 0;
      advance(next);
      emit(Event{EventKind::Crash, static_cast<std::uint8_t>(p), NoProcess, CrashDuringMulticast,
                 values | mask_bits(reached) | round_bits},
           next);
    });
  }

  std::vector<Property<State>> properties() const;

  StateView describe(const State &state) const;
  std::string describe(const Event &event) const;
  // "values {0,1}": the set a multicast carries, also when its sender crashes in the middle.
  std::string message_label(const Event &event) const;
  // The copies of a multicast, one Transmit to each process it reached (also when its sender
  // crashes in the middle), so that a chart draws the fan.
  template <class EmitMessage>
  void carried_messages(const State &, const Event &event, const State &,
                        EmitMessage &&emit) const {
    const bool multicast = event.kind == EventKind::Transmit ||
                           (event.kind == EventKind::Crash && (event.value & 0xff) != 0);
    if (!multicast)
      return;
    for (unsigned q = 0; q < n_; ++q)
      if ((event.value >> (8 + q)) & 1u)
        emit(Event{EventKind::Transmit, event.actor, static_cast<std::uint8_t>(q), Multicast,
                   event.value});
  }
  // The processes that have crashed.
  ProcessMask faulty(const State &state) const { return state.crashed.mask(); }

  // Predicates behind the properties (public so that liveness versions can reuse them).
  bool agreement(const State &state) const;
  bool valid(const State &state) const;
  bool all_correct_decided(const State &state) const;

private:
  using Processes = kit::ProcessSet<MaxProcesses>;

  Processes live_others(const State &state, unsigned p) const {
    Processes others = Processes::first(n_).without(state.crashed);
    others.erase(p);
    return others;
  }

  static void deliver_to(State &state, ValueSet values, const Processes &recipients) {
    recipients.for_each([&](std::size_t q) { state.received[q] |= values; });
  }

  // Event::value layout: bits 0-1 the values, 8-15 the processes reached, 16-23 the round.
  static std::uint32_t mask_bits(const Processes &processes) {
    return static_cast<std::uint32_t>(processes.mask()) << 8;
  }

  // Passes the turn to the next live process; after the last sender of a round, closes the round.
  void advance(State &state) const {
    unsigned q = state.turn + 1;
    while (q < n_ && state.crashed.contains(q))
      ++q;
    if (q < n_) {
      state.turn = static_cast<std::uint8_t>(q);
      return;
    }
    if (state.round > rounds_) {
      state.turn = static_cast<std::uint8_t>(n_); // everyone live has decided
      return;
    }
    const bool last_round = state.round == rounds_;
    for (unsigned r = 0; r < n_; ++r) {
      if (state.crashed.contains(r))
        continue;
      // After the last round nothing is sent any more: leave to-send empty.
      state.fresh[r] = last_round ? 0 : static_cast<ValueSet>(state.received[r] & ~state.known[r]);
      state.known[r] |= state.received[r];
      state.received[r] = 0;
    }
    ++state.round;
    q = 0;
    while (state.crashed.contains(q))
      ++q; // at most f < n processes crash, so a live one exists
    state.turn = static_cast<std::uint8_t>(q);
  }

  unsigned n_ = 0;
  unsigned f_ = 0;
  unsigned rounds_ = 0;
};

} // namespace protocheck::consensus
