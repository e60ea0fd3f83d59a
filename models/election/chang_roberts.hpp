// Chang-Roberts leader election on a unidirectional ring (slides 10-15 of the coordination and
// agreement lecture).
//
// Processes p1..pn form a ring p1 -> p2 -> ... -> pn -> p1 with one asynchronous FIFO channel per
// link. Each process has a distinct id; the one with the largest id must become the leader and
// every process must learn it. A process that has not yet participated may start an election at any
// time (or only the processes named by --initiators); one step of a process either starts an
// election or receives the head message of its incoming channel and reacts to it atomically, as on
// the slides:
//   elect(x) at a non-participant: forward elect(max(x, own)), become participant;
//   elect(x) at a participant:     forward if x > own, swallow if x < own, become leader if x = own
//                                  (the leader becomes non-participant and sends elected(own));
//   elected(x):                    record x as leader, become non-participant, forward unless x =
//   own.
// With --crash P, process P may crash at any step (slide 16: "if there is a failure, the election
// gets stuck"): a crashed process takes no more steps, so the messages sent to it stay on its
// incoming link and the election never completes; at most one leader is still declared.
// The state counts every message sent, so the bound property reports the exact maximum number of
// messages over all executions (3n - 1 for a single initiator on the slide; more with several).
// Channels are FIFO, so events leave Event::message_id 0: a receive pairs with the oldest send on
// its link.
#pragma once

#include <protocheck/event.hpp>
#include <protocheck/kit/fifo_channels.hpp>
#include <protocheck/model.hpp>
#include <protocheck/params.hpp>
#include <protocheck/property.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace protocheck::election {

class ChangRoberts {
public:
  static constexpr unsigned MaxProcesses = 8;
  static constexpr unsigned MaxId = 127; // ids travel in 7 bits of a message byte

  // Message byte: the id in the low 7 bits, the kind in the top bit.
  static constexpr std::uint8_t ElectedBit = 0x80;

  // Every elect token carries a distinct id and is issued at most once per run, and when the
  // leader sends elected the ring holds no elect token any more (the leader's own token has swept
  // it clean); so at most n <= MaxProcesses messages are ever in flight. The kit throws if not.
  using Network = kit::FifoChannels<std::uint8_t, MaxProcesses, MaxProcesses>;

  struct State {
    Network network;                                  // channel p -> successor(p) for every p
    std::array<std::uint8_t, MaxProcesses> status{};  // Participant | Leader bits
    std::array<std::uint8_t, MaxProcesses> elected{}; // leader id known to p(i+1); 0 = undefined
    std::uint8_t messages = 0;                        // messages sent so far (elect and elected)
  };
  static_assert(std::has_unique_object_representations_v<State>);

  // Bits of State::status. A process has participated once it is a participant or knows a leader
  // (a leader sets both), so "may still start" needs no bit of its own.
  static constexpr std::uint8_t Participant = 1; // taking part in a running election
  static constexpr std::uint8_t Leader = 2;      // has declared itself the leader
  static constexpr std::uint8_t Crashed = 4;     // has crashed (only the --crash process)

  // Event::message codes.
  enum Message : std::uint8_t { Elect = 1, Elected = 2 };
  // What a process did with a received message (Event::value bits 8..15).
  enum Reaction : std::uint8_t {
    Forward,        // elect(x) with x greater than its own id
    ReplaceWithOwn, // non-participant got a smaller id: sends elect(own)
    Swallow,        // participant got a smaller id
    BecomeLeader,   // own id came back
    RecordAndForward,
    RecordAndStop, // the leader's own elected message came back: the election is over
  };

  struct Config {
    std::optional<unsigned> n; // empty: 4, or the length of an --ids list
    std::string ids = "decreasing";
    std::string initiators = "any";
    unsigned crash = 0; // the process that may crash (1..n); 0: none
  };
  static void parameters(Parameters<Config> &declare);
  explicit ChangRoberts(const Config &config);

  std::vector<std::string> process_names() const;

  template <class Emit> void initial(Emit &&emit) const { emit(local(NoProcess, 0), State{}); }

  template <class Emit> void successors(const State &state, Emit &&emit) const {
    for (unsigned p = 0; p < n_; ++p) {
      if (state.status[p] & Crashed)
        continue; // a crashed process neither starts nor receives
      if (may_initiate_[p] && !has_participated(state, p)) {
        State next = state;
        next.status[p] |= Participant;
        push(next, p, ids_[p]);
        emit(send(p, successor(p), Elect, ids_[p]), next);
      }
      const unsigned from = predecessor(p);
      if (state.network.head(from, p) != nullptr)
        emit_receive(state, p, from, emit);
    }
    if (crash_ != 0 && !(state.status[crash_ - 1] & Crashed)) {
      State next = state;
      next.status[crash_ - 1] |= Crashed;
      emit(crash(static_cast<std::uint8_t>(crash_ - 1)), next);
    }
  }

  std::vector<Property<State>> properties() const;

  // Weak fairness per channel, for the liveness property: a message that waits at the head of a
  // channel is eventually received. Starting an election stays optional (no fairness group), so
  // "who initiates" remains the free choice the parameters describe.
  int fairness_group(const Event &event) const {
    return event.kind == EventKind::Deliver ? event.actor : -1;
  }
  std::string fairness() const {
    return "weak fairness per channel (a waiting message is eventually received); starting an "
           "election is optional";
  }

  StateView describe(const State &state) const;
  std::string describe(const Event &event) const;
  // "elect(24)" or "elected(24)": the message a send or a receive carries.
  std::string message_label(const Event &event) const;
  // The messages a step sends, one Send each, so that a chart draws each as an arrow to its
  // delivery (a multicast's copies, and what a receiver sends at once).
  template <class EmitMessage>
  void carried_messages(const State &before, const Event &event, const State &after,
                        EmitMessage &&emit) const {
    Network::for_each_sent(before.network, after.network, event, [&](const auto &sent) {
      emit(send(sent.from, sent.to, (sent.payload & ElectedBit) ? Elected : Elect,
                sent.payload & ~ElectedBit));
    });
  }
  // The crashed process, if any.
  ProcessMask faulty(const State &state) const {
    ProcessMask mask = 0;
    for (unsigned p = 0; p < n_; ++p)
      if (state.status[p] & Crashed)
        mask |= ProcessMask{1} << p;
    return mask;
  }

  // The predicates behind the properties (all_know_leader: every process that has not crashed),
  // public so that liveness versions ("eventually every process learns the leader") can reuse them.
  unsigned leaders(const State &state) const;
  bool all_know_leader(const State &state) const;
  unsigned max_id_process() const { return max_id_process_; }
  unsigned size() const { return n_; }
  std::uint8_t id(unsigned process) const { return ids_[process]; }

private:
  static bool has_participated(const State &state, unsigned p) {
    return (state.status[p] & Participant) || state.elected[p] != 0;
  }
  unsigned successor(unsigned p) const { return p + 1 == n_ ? 0 : p + 1; }
  unsigned predecessor(unsigned p) const { return p == 0 ? n_ - 1 : p - 1; }

  // Appends a message to p's outgoing channel and counts it.
  void push(State &state, unsigned p, std::uint8_t message) const {
    state.network.send(p, successor(p), message);
    ++state.messages;
  }

  template <class Emit>
  void emit_receive(const State &state, unsigned p, unsigned from, Emit &&emit) const {
    State next = state;
    const std::uint8_t message = next.network.receive(from, p);
    const std::uint8_t x = message & ~ElectedBit;
    const std::uint8_t own = ids_[p];
    std::uint8_t &status = next.status[p];
    Reaction reaction;
    if (message & ElectedBit) {
      next.elected[p] = x;
      status &= static_cast<std::uint8_t>(~Participant);
      if (x == own) {
        reaction = RecordAndStop;
      } else {
        reaction = RecordAndForward;
        push(next, p, message);
      }
    } else if (!(status & Participant)) {
      // A non-participant forwards the larger of the two ids and joins the election.
      status |= Participant;
      reaction = x > own ? Forward : ReplaceWithOwn;
      push(next, p, x > own ? x : own);
    } else if (x > own) {
      reaction = Forward;
      push(next, p, x);
    } else if (x < own) {
      reaction = Swallow;
    } else {
      reaction = BecomeLeader;
      status = static_cast<std::uint8_t>((status & ~Participant) | Leader);
      next.elected[p] = own;
      push(next, p, static_cast<std::uint8_t>(own | ElectedBit));
    }
    const std::uint8_t kind = (message & ElectedBit) ? Elected : Elect;
    emit(deliver(p, from, kind, x | (static_cast<std::uint32_t>(reaction) << 8)), next);
  }

  std::string message_text(std::uint8_t message) const;

  unsigned n_ = 0;
  std::array<std::uint8_t, MaxProcesses> ids_{};
  std::array<bool, MaxProcesses> may_initiate_{};
  unsigned max_id_process_ = 0;
  unsigned crash_ = 0;
};

} // namespace protocheck::election
