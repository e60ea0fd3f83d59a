// No deterministic election among identical processes (slide 25 of the coordination and agreement
// lecture: randomisation is the "symmetry breaker", there is "no deterministic solution").
//
// n processes p1 -> p2 -> ... -> pn -> p1 on a unidirectional synchronous ring run the same
// deterministic program from the same initial state: they are anonymous, so each holds the same
// id (1). The ring runs in lock-step rounds: in each round every process sends at most one message
// to its successor (one Transmit step per sender, p1 first), then the round ends and every process
// handles what it received, all in one step. Whatever one process does, all do at the same time,
// so no run can ever elect exactly one leader. Two deterministic candidates (--algorithm):
//   chang-roberts: every process starts in round 1 with elect(1); a participant that receives
//                  elect(x) forwards it if x > own, swallows it if x < own, and declares itself
//                  leader if x = own, then sends elected(own); elected(x) is recorded and
//                  forwarded unless x = own (the rules of chang_roberts.hpp). With one id, every
//                  process gets its own id back in round 1 and all declare themselves leader.
//   flood-max:     (Lynch's FloodMax on a ring) for n - 1 rounds, enough for the largest id to
//                  reach everyone, every process sends the largest id it has seen and keeps the
//                  maximum of what it receives; after round n - 1 it is the leader iff that
//                  maximum is its own id: with one id, all are.
// The run is one path, and every state at the end of a round is symmetric (the `symmetric`
// property checks it). Itai-Rodeh (itai-rodeh) breaks the symmetry with coin flips.
//
// The ring is unidirectional, so a process's mailbox is one slot for its predecessor's message
// (rather than kit::RoundMailbox, which has one per ordered pair). Every message crosses its link
// within its round (Transmit), so events carry no message identity.
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

namespace protocheck::election {

class AnonymousRing {
public:
  static constexpr unsigned MaxProcesses = 8;
  static constexpr std::uint8_t Id = 1; // every process's id

  enum class Algorithm : std::uint8_t { ChangRoberts, FloodMax };

  // A message byte: 0 = none, else the id in the low 7 bits and the kind in the top bit.
  static constexpr std::uint8_t ElectedBit = 0x80;
  // Bits of Process::status.
  static constexpr std::uint8_t Participant = 1;
  static constexpr std::uint8_t Leader = 2;

  struct Process {
    std::uint8_t status = 0; // Participant | Leader
    std::uint8_t known = 0;  // chang-roberts: the recorded leader id; flood-max: the largest seen
    std::uint8_t outbox = 0; // the message to send in the next round (0: none)
    std::uint8_t inbox = 0;  // the message received in this round (0: none)
  };
  struct State {
    std::array<Process, MaxProcesses> process{};
    std::uint8_t round = 1; // the round under way
    std::uint8_t turn = 0;  // the next sender in this round; n: the round ends next
  };
  static_assert(std::has_unique_object_representations_v<State>);

  // Event::message codes: Elect and Elected (Transmit), EndRound (the environment's step).
  enum MessageKind : std::uint8_t { Elect = 1, Elected = 2, Max = 3, EndRound = 4 };
  // What a process did with its message at the end of a round (3 bits each in Event::value).
  enum Reaction : std::uint8_t {
    Nothing,      // received nothing
    Forward,      // elect(x), x > own: forwards it
    Swallow,      // elect(x), x < own
    BecomeLeader, // elect(own): its own id came back
    RecordAndForward,
    RecordAndStop, // elected(own): the announcement went round
    KeepMax,       // flood-max: keeps the larger id and sends it on (rounds 1..n-2)
    DecideFromMax, // flood-max, round n - 1: leader iff the largest id seen is its own
  };

  struct Config {
    unsigned n = 3;
    Algorithm algorithm = Algorithm::ChangRoberts;
  };
  static void parameters(Parameters<Config> &declare);
  explicit AnonymousRing(const Config &config);

  std::vector<std::string> process_names() const;

  template <class Emit> void initial(Emit &&emit) const {
    State state;
    for (unsigned p = 0; p < n_; ++p) {
      Process &self = state.process[p];
      if (algorithm_ == Algorithm::ChangRoberts) {
        self.status = Participant; // every process starts at once: nobody can wait for another
        self.outbox = Id;
      } else {
        self.known = Id;
        self.outbox = Id;
      }
    }
    skip_silent(state);
    emit(local(NoProcess, 0), state);
  }

  template <class Emit> void successors(const State &state, Emit &&emit) const {
    if (state.turn < n_) {
      const unsigned p = state.turn;
      State next = state;
      const std::uint8_t message = next.process[p].outbox;
      next.process[p].outbox = 0;
      next.process[successor(p)].inbox = message;
      ++next.turn;
      skip_silent(next);
      emit(transmit(p, successor(p), kind(message), message & ~ElectedBit), next);
      return;
    }
    if (!any_received(state))
      return; // nothing was sent: the run is over
    State next = state;
    std::uint32_t reactions = 0;
    for (unsigned p = 0; p < n_; ++p)
      reactions |= static_cast<std::uint32_t>(handle(next, p)) << (3 * p);
    ++next.round;
    next.turn = 0;
    skip_silent(next);
    emit(local(NoProcess, EndRound, reactions | (static_cast<std::uint32_t>(state.round) << 24)),
         next);
  }

  std::vector<Property<State>> properties() const;

  StateView describe(const State &state) const;
  std::string describe(const Event &event) const;
  // "elect(1)", "elected(1)", "max(1)": the message a Transmit carries.
  std::string message_label(const Event &event) const;

  unsigned leaders(const State &state) const;
  // Every process in the same local state (what symmetry keeps true at the end of each round).
  bool all_alike(const State &state) const;
  unsigned size() const { return n_; }

private:
  unsigned successor(unsigned p) const { return p + 1 == n_ ? 0 : p + 1; }
  std::uint8_t kind(std::uint8_t message) const {
    if (algorithm_ == Algorithm::FloodMax)
      return Max;
    return (message & ElectedBit) ? Elected : Elect;
  }
  // Moves the turn past the processes with nothing to send.
  void skip_silent(State &state) const {
    while (state.turn < n_ && state.process[state.turn].outbox == 0)
      ++state.turn;
  }
  bool any_received(const State &state) const {
    for (unsigned p = 0; p < n_; ++p)
      if (state.process[p].inbox != 0)
        return true;
    return false;
  }
  Reaction handle(State &state, unsigned p) const;
  std::string message_text(std::uint8_t kind, unsigned id) const;

  unsigned n_ = 3;
  Algorithm algorithm_ = Algorithm::ChangRoberts;
};

} // namespace protocheck::election
