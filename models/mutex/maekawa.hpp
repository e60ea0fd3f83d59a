// Maekawa's voting algorithm for mutual exclusion (slides 47-48 of the coordination lecture), and
// the "optimised !?" variant of slides 52-53 in which p_i does not send to itself.
//
// Processes p1..pn with voting sets V_1..V_n (--sets; default the slide's V1={p1,p2},
// V2={p2,p3}, V3={p3,p1}), each asking for the critical section `requests` times. Network: one
// asynchronous reliable FIFO channel per ordered pair, including pi -> pi (a process votes for
// itself by message, as the slide's multicast to V_i includes p_i).
//
// One step = one atomic action of one process; let T_i be V_i, or V_i - {p_i} when optimised:
//   request : (released, requests left) state := WANTED; multicast request to T_i;
//   receive : take the head message of one incoming channel and react:
//             request from p_k: if state = HELD or voted, queue p_k (FIFO), else reply to p_k and
//                               voted := TRUE;
//             reply:            count the vote;
//             release:          if the queue is non-empty, remove its head p_k, reply to p_k,
//                               voted := TRUE; else voted := FALSE;
//   enter   : (WANTED and |T_i| votes counted) state := HELD;
//   exit    : (HELD) state := RELEASED; multicast release to T_i.
// A terminal state in which a process is still WANTED is a deadlock (slide 48: with the slide's
// sets and three concurrent requests, each process votes for itself and waits for the next).
//
// The votes a process holds are kept as a set (so a deadlock can say whose vote is missing), and a
// monitor counts the messages sent for each critical-section entry: its requests, the votes sent
// to it and its releases (slide 51: 3K with |V_i| = K). With --delays, the client and
// synchronisation delays of delay_monitor.hpp (slide 51: 2 and 2): an uncontended request and an
// exit start a chain, and a vote continues the chain of the request or release it answers.
//
// The channels are FIFO, so a delivery is that of the oldest message on its channel and events
// leave Event::message_id at 0 (see event.hpp).
#pragma once

#include <protocheck/event.hpp>
#include <protocheck/kit/fifo_channels.hpp>
#include <protocheck/kit/fifo_queue.hpp>
#include <protocheck/model.hpp>
#include <protocheck/models/mutex/delay_monitor.hpp>
#include <protocheck/models/mutex/mutex_common.hpp>
#include <protocheck/models/mutex/voting_sets.hpp>
#include <protocheck/params.hpp>
#include <protocheck/property.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

namespace protocheck::mutex {

template <bool Optimised> class MaekawaVoting {
public:
  static constexpr unsigned MaxProcesses = MaxVotingProcesses;
  static constexpr unsigned MaxRequests = 2;
  // Per channel pi -> pj: one vote, one release and one request of pi (its next one).
  static constexpr unsigned ChannelCapacity = 3;
  // In all: each process has at most |V_i| requests or releases in flight (2|V_i| with two
  // requests: releases and the next requests), and each voter at most one vote (it votes again
  // only after a release, which follows the vote's delivery). 54 covers one request each on the
  // slide's sets and the grids (n |V_i| + n <= 9 * 5 + 9) and two requests each up to n = 4; a run
  // beyond that stops with a clear error (see models/kit/capacity_error.hpp).
  static constexpr unsigned NetworkCapacity = 54;

  enum MessageKind : std::uint8_t { Request = 1, Reply = 2, Release = 3 };
  enum LocalAction : std::uint8_t { Enter = 1, Exit = 2 };
  // What a receiver did (Event::value).
  enum Reaction : std::uint8_t { Voted = 1, Queued = 2, VotedForQueued = 3, Unvoted = 4 };

  struct Message {
    std::uint8_t kind : 2 = 0;
    std::uint8_t hops : 6 = 0; // --delays: on a timed chain, this many messages from its start
  };
  using Network = kit::FifoChannels<Message, ChannelCapacity, NetworkCapacity>;

  struct Process {
    std::uint8_t phase : 2 = Released;
    std::uint8_t waited : 6 = 0; // --delays: see delay_monitor.hpp
    std::uint8_t voted = 0; // slide 47's "voted": this process's vote is given away
    std::uint8_t requests_made = 0;
    std::uint8_t messages = 0;                        // monitor: messages for the current request
    kit::FifoQueue<std::uint8_t, MaxProcesses> queue; // deferred requests, oldest first
    VoterSet votes;                                   // whose votes this process holds
  };

  struct State {
    std::array<Process, MaxProcesses> process{};
    DelayMonitor delays; // --delays
    Network network;
  };
  static_assert(std::has_unique_object_representations_v<State>);

  struct Config {
    unsigned n = 3;
    unsigned requests = 1;
    std::string sets; // empty: the slide's sets for n = 3, a grid for 4 and 9, else everyone
    bool delays = false;
  };
  static void parameters(Parameters<Config> &declare);
  explicit MaekawaVoting(const Config &config);

  std::vector<std::string> process_names() const;

  template <class Emit> void initial(Emit &&emit) const { emit(local(NoProcess, 0), State{}); }

  template <class Emit> void successors(const State &state, Emit &&emit) const {
    for (unsigned p = 0; p < n_; ++p) {
      const Process &self = state.process[p];
      if (self.phase == Released && self.requests_made < requests_) {
        State next = state;
        std::uint8_t hops = 0;
        if (delays_ && all_released(state.process, n_)) {
          next.delays.start_request(next.process, n_, p);
          hops = next.delays.first_hop();
        }
        Process &me = next.process[p];
        me.phase = Wanted;
        ++me.requests_made;
        me.votes.clear();
        me.messages = static_cast<std::uint8_t>(targets_[p].size());
        targets_[p].for_each([&](std::size_t q) {
          next.network.send(p, q, Message{.kind = Request, .hops = hops});
        });
        emit(send(p, NoProcess, Request), next);
      }
      if (self.phase == Wanted && self.votes == targets_[p]) {
        State next = state;
        next.process[p].phase = Held;
        if (delays_)
          next.delays.on_enter(next.process, n_, p, next.network);
        emit(local(p, Enter), next);
      }
      if (self.phase == Held) {
        State next = state;
        Process &me = next.process[p];
        me.phase = Released;
        me.votes.clear();
        me.messages = static_cast<std::uint8_t>(me.messages + targets_[p].size());
        if (delays_)
          next.delays.start_exit(next.process, n_);
        const std::uint8_t hops = next.delays.first_hop();
        targets_[p].for_each([&](std::size_t q) {
          next.network.send(p, q, Message{.kind = Release, .hops = hops});
        });
        emit(local(p, Exit), next);
      }
    }
    state.network.for_each_head([&](const typename Network::Entry &head) {
      emit_receive(state, head.from, head.to, emit);
    });
  }

  std::vector<Property<State>> properties() const;

  StateView describe(const State &state) const;
  std::string describe(const Event &event) const;
  // "request", "vote", "release"; what describe(event) says for a step without a message.
  std::string message_label(const Event &event) const;
  // The messages a step sends, one Send each, so that a chart draws each as an arrow to its
  // delivery (a multicast's copies, and what a receiver sends at once).
  template <class EmitMessage>
  void carried_messages(const State &before, const Event &event, const State &after,
                        EmitMessage &&emit) const {
    Network::for_each_sent(before.network, after.network, event, [&](const auto &sent) {
      emit(send(sent.from, sent.to, sent.payload.kind, 0));
    });
  }

  unsigned size() const { return n_; }
  const std::vector<VoterSet> &voting_sets() const { return sets_; }
  // Who holds voter v's vote (the process it is in the votes of, or a vote in flight to it), or
  // n when v's vote is free.
  unsigned vote_holder(const State &state, unsigned voter) const;
  unsigned in_critical_section(const State &state) const;
  // "p1 waits for p2's vote (p2 voted for p2), ...; cycle p1 -> p2 -> p3 -> p1"
  std::string waiting_explanation(const State &state) const;
  // Who waits for whom, for the chart of a deadlock: a process that wants the critical section
  // waits for the holder of a vote it still needs, when the holder wants it too (the edges that
  // waiting_explanation's cycle runs along).
  template <class EmitWait> void waits_for(const State &state, EmitWait &&emit) const {
    for (unsigned p = 0; p < n_; ++p) {
      if (state.process[p].phase != Wanted)
        continue;
      targets_[p].without(state.process[p].votes).for_each([&](std::size_t voter) {
        const unsigned holder = vote_holder(state, static_cast<unsigned>(voter));
        if (holder != n_ && holder != p && state.process[holder].phase == Wanted)
          emit(p, holder, process_name(voter) + "'s vote");
      });
    }
  }

private:
  template <class Emit>
  void emit_receive(const State &state, unsigned from, unsigned to, Emit &&emit) const {
    State next = state;
    const Message message = next.network.receive(from, to);
    Process &self = next.process[to];
    std::uint8_t reaction = 0;
    switch (message.kind) {
    case Request:
      reaction = Voted;
      if (self.phase == Held || self.voted) {
        self.queue.push(static_cast<std::uint8_t>(from));
        reaction = Queued;
      } else {
        vote(next, to, from, message.hops);
      }
      break;
    case Reply:
      self.votes.insert(from);
      if (delays_)
        DelayMonitor::on_awaited(self, message.hops);
      break;
    case Release:
      if (!self.queue.empty()) {
        vote(next, to, self.queue.pop(), message.hops);
        reaction = VotedForQueued;
      } else {
        self.voted = 0;
        reaction = Unvoted;
      }
      break;
    default:
      break;
    }
    emit(deliver(to, from, message.kind, reaction), next);
  }

  // `voter` votes for `candidate` on receiving a message `hops` along a timed chain.
  static void vote(State &state, unsigned voter, unsigned candidate, unsigned hops) {
    state.network.send(voter, candidate, Message{.kind = Reply, .hops = next_hops(hops)});
    state.process[voter].voted = 1;
    ++state.process[candidate].messages;
  }

  unsigned n_ = 0;
  unsigned requests_ = 1;
  bool delays_ = false;
  std::vector<VoterSet> sets_;
  std::vector<VoterSet> targets_; // V_i, or V_i - {p_i} when optimised
};

using Maekawa = MaekawaVoting<false>;
using MaekawaOptimised = MaekawaVoting<true>;

extern template class MaekawaVoting<false>;
extern template class MaekawaVoting<true>;

} // namespace protocheck::mutex
