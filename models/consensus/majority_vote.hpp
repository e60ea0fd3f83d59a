// Consensus by majority vote (slide 60 of the coordination and agreement lecture): every process
// multicasts its proposal (0 or 1), collects the values of all processes (its own included) and
// decides the most frequent one, or "none" (the slide's special value) on a tie.
//
// The slide assumes no failures, and then agreement and integrity hold. The model adds the two
// failures the slide goes on to ask about:
//   --crash k: up to k processes crash in the middle of their multicast, so that an arbitrary
//   subset
//              of the others receives the value. The round is synchronous: a value that has not
//              arrived by the timeout is counted as missing (waiting for all n values instead would
//              block forever).
//   --liars k: up to k processes (every subset of that size or smaller is tried) send each other
//              process any value, or nothing.
// One step per sender in the order p1, p2, ..., then one decide step per correct process.
// A multicast is one synchronous step (a Transmit, or the Crash of its sender), so events carry no
// message identity.
#pragma once

#include <protocheck/event.hpp>
#include <protocheck/kit/crash_faults.hpp>
#include <protocheck/kit/process_set.hpp>
#include <protocheck/model.hpp>
#include <protocheck/params.hpp>
#include <protocheck/property.hpp>

#include <array>
#include <bit>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

namespace protocheck::consensus {

class MajorityVote {
public:
  static constexpr unsigned MaxProcesses = 8;

  // State::decision: 0 while undecided, else 1 + the decided value (0, 1 or NoMajority).
  static constexpr std::uint8_t Undecided = 0;
  static constexpr std::uint8_t NoMajority = 2; // the decided value for a tie

  struct State {
    std::uint8_t turn = 0; // 0..n-1: that process multicasts; n..2n-1: process turn-n decides
    kit::ProcessSet<MaxProcesses> liars;               // chosen in the initial state
    kit::ProcessSet<MaxProcesses> crashed;             // grows as processes crash
    std::array<std::uint8_t, MaxProcesses> proposal{}; // a liar's stays 0: it plays no role
    std::array<std::array<std::uint8_t, 2>, MaxProcesses> votes{}; // values 0 and 1 collected
    std::array<std::uint8_t, MaxProcesses> decision{}; // Undecided or 1 + (0, 1 or NoMajority)
  };
  static_assert(std::has_unique_object_representations_v<State>);

  // Event::message codes.
  enum Action : std::uint8_t { Propose = 1, Multicast, CrashDuringMulticast, Lie };

  struct Config {
    unsigned n = 3;
    unsigned crash = 0;
    unsigned liars = 0;
  };
  static void parameters(Parameters<Config> &declare);
  explicit MajorityVote(const Config &config);

  std::vector<std::string> process_names() const;

  template <class Emit> void initial(Emit &&emit) const {
    kit::for_each_subset(Processes::first(n_), [&](const Processes &liars) {
      if (liars.size() > max_liars_)
        return;
      for (std::uint32_t bits = 0; bits < (1u << n_); ++bits) {
        if (bits & liars.mask())
          continue; // a liar's proposal plays no role: keep it 0
        State state;
        state.liars = liars;
        for (unsigned p = 0; p < n_; ++p) {
          if (liars.contains(p))
            continue;
          state.proposal[p] = (bits >> p) & 1;
          state.votes[p][state.proposal[p]] = 1; // its own value
        }
        emit(adversary(Propose, bits | static_cast<std::uint32_t>(liars.mask() << 8)), state);
      }
    });
  }

  template <class Emit> void successors(const State &state, Emit &&emit) const {
    if (state.turn >= 2 * n_)
      return;
    if (state.turn >= n_) {
      const unsigned p = state.turn - n_;
      State next = state;
      const auto &votes = state.votes[p];
      const std::uint8_t value = votes[0] > votes[1] ? 0 : votes[1] > votes[0] ? 1 : NoMajority;
      next.decision[p] = 1 + value;
      advance(next);
      emit(decide(p, value | (static_cast<std::uint32_t>(votes[0]) << 8) |
                         (static_cast<std::uint32_t>(votes[1]) << 16)),
           next);
      return;
    }
    const unsigned p = state.turn;
    const Processes recipients = correct_others(state, p);
    if (state.liars.contains(p)) {
      emit_lies(state, p, recipients, emit);
      return;
    }
    const std::uint8_t value = state.proposal[p];
    {
      State next = state;
      deliver_to(next, value, recipients);
      advance(next);
      emit(Event{EventKind::Transmit, static_cast<std::uint8_t>(p), NoProcess, Multicast,
                 value | mask_bits(recipients)},
           next);
    }
    if (state.crashed.size() >= max_crashes_)
      return;
    // Crash in the middle of the multicast: any subset of the recipients got the value. All of
    // them is kept: a process sends only at this step, so "crash right after the multicast" has no
    // later step of its own.
    kit::for_each_subset(recipients, [&](const Processes &reached) {
      State next = state;
      deliver_to(next, value, reached);
      next.crashed.insert(p);
      advance(next);
      emit(Event{EventKind::Crash, static_cast<std::uint8_t>(p), NoProcess, CrashDuringMulticast,
                 value | mask_bits(reached)},
           next);
    });
  }

  std::vector<Property<State>> properties() const;

  StateView describe(const State &state) const;
  std::string describe(const Event &event) const;
  // "value 1" for a multicast (also one cut short by a crash); a liar's, per recipient:
  // "lie: 0 to p2, nothing to p3".
  std::string message_label(const Event &event) const;
  // The copies of a multicast, one Transmit to each process it reached (also when its sender
  // crashes in the middle, and a liar's, each with the value it told that process), so that a
  // chart draws the fan.
  template <class EmitMessage>
  void carried_messages(const State &, const Event &event, const State &,
                        EmitMessage &&emit) const {
    const auto to = [&](unsigned q, std::uint32_t value) {
      emit(Event{EventKind::Transmit, event.actor, static_cast<std::uint8_t>(q), Multicast, value});
    };
    if (event.message == Lie && event.kind == EventKind::Transmit) {
      for (unsigned q = 0; q < n_; ++q)
        if (const unsigned code = (event.value >> (2 * q)) & 3u; code >= 2)
          to(q, code - 2); // 0: not a target, 1: told nothing, 2 + v: told v
      return;
    }
    if (event.message == Multicast || event.message == CrashDuringMulticast)
      for (unsigned q = 0; q < n_; ++q)
        if ((event.value >> (8 + q)) & 1u)
          to(q, event.value & 0xff);
  }
  // The liars and the processes that have crashed.
  ProcessMask faulty(const State &state) const { return state.liars.mask() | state.crashed.mask(); }

  bool agreement(const State &state) const;
  bool integrity(const State &state) const;
  bool all_correct_decided(const State &state) const;

  bool correct(const State &state, unsigned p) const {
    return !state.liars.contains(p) && !state.crashed.contains(p);
  }

private:
  using Processes = kit::ProcessSet<MaxProcesses>;

  Processes correct_others(const State &state, unsigned p) const {
    Processes others = Processes::first(n_).without(state.liars).without(state.crashed);
    others.erase(p);
    return others;
  }

  static void deliver_to(State &state, std::uint8_t value, const Processes &recipients) {
    recipients.for_each([&](std::size_t q) { ++state.votes[q][value]; });
  }

  // Event::value layout for a multicast or crash: bits 0-7 the value, 8-15 the processes reached.
  static std::uint32_t mask_bits(const Processes &processes) {
    return static_cast<std::uint32_t>(processes.mask()) << 8;
  }

  // A liar sends each correct process 0, 1 or nothing: 3^k choices, encoded two bits per process
  // in the event (0 not a recipient, 1 nothing, 2 + the value sent).
  template <class Emit>
  void emit_lies(const State &state, unsigned p, const Processes &recipients, Emit &&emit) const {
    std::array<unsigned, MaxProcesses> targets{};
    unsigned count = 0;
    recipients.for_each([&](std::size_t q) { targets[count++] = static_cast<unsigned>(q); });
    unsigned combinations = 1;
    for (unsigned k = 0; k < count; ++k)
      combinations *= 3;
    for (unsigned combination = 0; combination < combinations; ++combination) {
      State next = state;
      std::uint32_t sent = 0;
      unsigned digits = combination;
      for (unsigned k = 0; k < count; ++k, digits /= 3) {
        const unsigned choice = digits % 3; // 0 nothing, 1 sends 0, 2 sends 1
        if (choice != 0)
          ++next.votes[targets[k]][choice - 1];
        sent |= (choice + 1) << (2 * targets[k]);
      }
      advance(next);
      emit(Event{EventKind::Transmit, static_cast<std::uint8_t>(p), NoProcess, Lie, sent}, next);
    }
  }

  // Passes the turn on; in the deciding half only correct processes take a turn.
  void advance(State &state) const {
    unsigned turn = state.turn + 1u;
    while (turn >= n_ && turn < 2 * n_ && !correct(state, turn - n_))
      ++turn;
    state.turn = static_cast<std::uint8_t>(turn);
  }

  unsigned n_ = 0;
  unsigned max_crashes_ = 0;
  unsigned max_liars_ = 0;
};

} // namespace protocheck::consensus
