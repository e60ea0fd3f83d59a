// Maekawa's voting algorithm with deadlock resolution (slide 50 of the coordination lecture):
// requests carry Lamport timestamps and voters queue them in (timestamp, id) order, an order that
// extends happened-before and is the same everywhere. A voter that has voted for a request and
// then receives an earlier one asks for its vote back (inquire); a process that is still waiting
// gives the vote back (relinquish), and the voter votes for the earliest request it knows.
//
// Processes p1..pn with voting sets V_1..V_n (--sets, as for maekawa). Network: one asynchronous
// reliable FIFO channel per ordered pair, pi -> pi included. Lamport clocks as in
// ricart_agrawala.hpp: a step that receives sets clock := max(clock, ts) + 1, a send is one more
// tick, every message carries its sender's clock. One step = one atomic action of one process:
//   request : (released, requests left) state := WANTED; clock + 1; T := clock; multicast
//             request(T) to V_i;
//   receive : the head message of one incoming channel:
//     request <T, p_k>: if HELD or voted: queue <T, p_k> in timestamp order, and if the vote went
//                  to a later request <T', p_v> and no inquire is out for it, send inquire(T') to
//                  p_v; else vote for p_k (send reply);
//     reply:       count the vote;
//     inquire(T'): if WANTED for the request T' and holding the sender's vote: give it back
//                  (send relinquish); otherwise (in the critical section, or stale) ignore it;
//     relinquish:  queue the relinquished request again and vote for the earliest queued one;
//     release:     vote for the earliest queued request, or become free;
//   enter   : (WANTED with the votes of all of V_i) state := HELD;
//   exit    : (HELD) state := RELEASED; clock + 1; multicast release to V_i.
// Checked: mutual exclusion and no deadlock (a terminal state with a process still WANTED). The
// bound counts the messages of one entry: its requests, votes, inquires sent to it, its
// relinquishes and releases.
//
// Dead variables are reset as in ricart_agrawala.hpp: a released process's request timestamp; a
// voter's vote timestamp while it has not voted; once every process has made all its requests,
// every clock and every message's clock; with one request each, the clock of a process that has
// made its request and left the critical section (it sends only votes and inquires, to processes
// that have made their requests), and the clock carried by a message to such a process. Traces
// print a reset clock as "-".
//
// The channels are FIFO, so a delivery is that of the oldest message on its channel and events
// leave Event::message_id at 0 (see event.hpp).
#pragma once

#include <protocheck/event.hpp>
#include <protocheck/model.hpp>
#include <protocheck/params.hpp>
#include <protocheck/property.hpp>
#include <protocheck/kit/fifo_channels.hpp>
#include <protocheck/kit/lamport_clock.hpp>
#include <protocheck/kit/small_vector.hpp>
#include <protocheck/models/mutex/mutex_common.hpp>
#include <protocheck/models/mutex/voting_sets.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

namespace protocheck::mutex {

class MaekawaDeadlockFree {
public:
  static constexpr unsigned MaxProcesses = 4; // the slide's sets and the 2x2 grid
  static constexpr unsigned MaxRequests = 2;
  // Per channel pi -> pj: a vote, an inquire, a relinquish, a release and the next request.
  static constexpr unsigned ChannelCapacity = 5;
  static constexpr unsigned NetworkCapacity = 28;
  static constexpr std::uint8_t NoVote = 0xff;

  enum MessageKind : std::uint8_t {
    Request = 1,
    Reply = 2,
    Release = 3,
    Inquire = 4,
    Relinquish = 5
  };
  enum LocalAction : std::uint8_t { Enter = 1, Exit = 2 };
  // What a receiver did (Event::value bits 8..15).
  enum Reaction : std::uint8_t {
    Voted = 1,
    Queued = 2,
    QueuedAndInquired = 3,
    Relinquished = 4,
    IgnoredInquire = 5,
    Revoted = 6,
    Freed = 7,
  };

  struct Message {
    std::uint8_t kind = 0;
    std::uint8_t time = 0;  // the sender's Lamport clock
    std::uint8_t stamp = 0; // request: its T; inquire: the T of the request voted for
  };
  using Network = kit::FifoChannels<Message, ChannelCapacity, NetworkCapacity>;

  struct Process {
    std::uint8_t phase = Released;
    kit::LamportClock clock;
    std::uint8_t request_time = 0;
    std::uint8_t requests_made = 0;
    std::uint8_t messages = 0;       // monitor: messages for the current entry
    std::uint8_t voted_for = NoVote; // whose request this process's vote went to
    std::uint8_t vote_time = 0;      // that request's T
    std::uint8_t inquired = 0;       // an inquire is out for the current vote
    VoterSet votes;                  // whose votes this process holds
    kit::SmallVector<kit::LamportStamp, MaxProcesses> queue; // waiting requests, earliest first
  };

  struct State {
    std::array<Process, MaxProcesses> process{};
    Network network;
  };
  static_assert(std::has_unique_object_representations_v<State>);

  struct Config {
    unsigned n = 3;
    unsigned requests = 1;
    std::string sets; // empty: the slide's sets for n = 3, the grid for 4, else everyone
  };
  static void parameters(Parameters<Config> &declare);
  explicit MaekawaDeadlockFree(const Config &config);

  std::vector<std::string> process_names() const;

  template <class Emit> void initial(Emit &&emit) const { emit(local(NoProcess, 0), State{}); }

  template <class Emit> void successors(const State &state, Emit &&emit) const {
    for (unsigned p = 0; p < n_; ++p) {
      const Process &self = state.process[p];
      if (self.phase == Released && self.requests_made < requests_) {
        State next = state;
        Process &me = next.process[p];
        me.phase = Wanted;
        ++me.requests_made;
        me.votes.clear();
        me.request_time = me.clock.tick();
        me.messages = static_cast<std::uint8_t>(sets_[p].size());
        sets_[p].for_each([&](std::size_t q) {
          next.network.send(p, q, {Request, me.request_time, me.request_time});
        });
        finish(next, send(p, NoProcess, Request, me.request_time), emit);
      }
      if (self.phase == Wanted && self.votes == sets_[p]) {
        State next = state;
        next.process[p].phase = Held;
        finish(next, local(p, Enter), emit);
      }
      if (self.phase == Held) {
        State next = state;
        Process &me = next.process[p];
        me.phase = Released;
        me.votes.clear();
        me.messages = static_cast<std::uint8_t>(me.messages + sets_[p].size());
        const std::uint8_t time = me.clock.tick();
        sets_[p].for_each([&](std::size_t q) { next.network.send(p, q, {Release, time, 0}); });
        finish(next, local(p, Exit), emit);
      }
    }
    state.network.for_each_head([&](const Network::Entry &head) {
      State next = state;
      const Message message = next.network.receive(head.from, head.to);
      const std::uint8_t reaction = receive(next, head.from, head.to, message);
      finish(next, deliver(head.to, head.from, message.kind, message.stamp | reaction << 8), emit);
    });
  }

  std::vector<Property<State>> properties() const;

  StateView describe(const State &state) const;
  std::string describe(const Event &event) const;
  // "request(T=2, p1)" (<T, p_k>), "vote", "inquire(T=1)" (the T of the request voted for),
  // "relinquish", "release"; what describe(event) says for a step without a message.
  std::string message_label(const Event &event) const;
  // The messages a step sends, one Send each, so that a chart draws each as an arrow to its
  // delivery (a multicast's copies, and what a receiver sends at once).
  template <class EmitMessage>
  void carried_messages(const State &before, const Event &event, const State &after,
                        EmitMessage &&emit) const {
    Network::for_each_sent(before.network, after.network, event, [&](const auto &sent) {
      emit(send(sent.from, sent.to, sent.payload.kind, sent.payload.stamp));
    });
  }

  unsigned in_critical_section(const State &state) const;
  std::string waiting_explanation(const State &state) const;

private:
  template <class Emit> void finish(State &next, const Event &event, Emit &&emit) const {
    forget_dead_variables(next);
    emit(event, next);
  }

  // Applies the receipt of `message` (already taken off the channel) at `to`; returns the
  // Reaction.
  std::uint8_t receive(State &state, unsigned from, unsigned to, const Message &message) const;
  void forget_dead_variables(State &state) const;
  // p's clock can no longer reach a request event: reset, and printed as "-".
  bool clock_dead(const State &state, unsigned p) const;

  unsigned n_ = 0;
  unsigned requests_ = 1;
  std::vector<VoterSet> sets_;
};

} // namespace protocheck::mutex
