// Ricart-Agrawala multicast mutual exclusion with Lamport clocks, exactly as on slide 42 of the
// coordination lecture.
//
// Processes p1..pn, each asking for the critical section `requests` times (default once).
// Network: one asynchronous reliable FIFO channel per ordered pair (pi -> pj, i != j); every
// message may be delivered at any time after it was sent, in sending order per channel. With one
// request at a time per process, a channel never holds more than one request and one reply (plus
// application messages).
//
// One step = one atomic action of one process (a multicast is one step and one clock event):
//   request : (released, requests left) state := WANTED; clock := clock + 1; T := clock;
//             send request(T) to every other process;
//   receive : take the head message of one incoming channel; clock := max(clock, ts) + 1; then
//             request <Ti, pi>: if state = HELD or (state = WANTED and (T, me) < (Ti, pi)) defer
//                      it, else reply at once (a send event: clock := clock + 1; send
//                      reply(clock));
//             reply:   count it;
//             app:     nothing more;
//   enter   : (WANTED and n-1 replies counted) state := HELD; the reply count restarts at 0
//             (a local step, no clock tick);
//   exit    : (HELD) state := RELEASED; if requests were deferred, clock := clock + 1 and send
//             reply(clock) to each of them (one multicast, one step), then forget them;
//   app     : (while the run's budget of --app-messages lasts) clock := clock + 1 and send an
//             application message to any other process.
// Every message carries its sender's Lamport clock. Terminal states are those where no process can
// move; one where a process is still WANTED is a deadlock.
//
// Monitors (state used only by properties, never by the protocol): a request-counting vector clock
// per process and per message for the ordering property, and per process the number of messages
// sent for its current request (its requests plus the replies sent to it) for the message bound.
// With --delays, the client and synchronisation delays of delay_monitor.hpp (slide 44: 2 and 1):
// an uncontended request starts a chain, a reply sent on receiving a request continues it, and
// the replies an exit sends start one.
//
// Dead variables are reset to 0 after every step, as SPIN does for dead locals: this merges states
// that differ only in values nothing can read any more, so it changes no verdict and no bound.
//   - A released process's request timestamp, request vector and message count (its next request
//     overwrites them).
//   - A clock or vector that can no longer reach a request event: once every process has made all
//     its requests, all of them; with one request each and no application message left to send,
//     those of every process that has made its request (it sends only replies, and a reply goes to
//     a process that has made its request too).
//   - The vector of a message to such a process, and its timestamp too, unless it is a request to
//     a process still WANTED (a holder defers and a released process replies whatever T is).
// Traces print such a clock as "-" and such a timestamp not at all.
//
// The channels are FIFO, so a delivery is that of the oldest message on its channel and events
// leave Event::message_id at 0 (see event.hpp): a request's delivery may show another value than
// its send (the receiver's reaction, or a forgotten T) and still pairs with it.
#pragma once

#include <protocheck/event.hpp>
#include <protocheck/kit/fifo_channels.hpp>
#include <protocheck/kit/lamport_clock.hpp>
#include <protocheck/kit/process_set.hpp>
#include <protocheck/model.hpp>
#include <protocheck/models/mutex/delay_monitor.hpp>
#include <protocheck/models/mutex/mutex_common.hpp>
#include <protocheck/params.hpp>
#include <protocheck/property.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

namespace protocheck::mutex {

class RicartAgrawala {
public:
  static constexpr unsigned MaxProcesses = 5;
  static constexpr unsigned MaxRequests = 3;
  static constexpr unsigned MaxAppMessages = 3;
  // Per channel: one request and one reply of the protocol, plus every application message.
  static constexpr unsigned ChannelCapacity = 2 + MaxAppMessages;
  // In all: per ordered pair (i, j), i's request to j or j's reply to it (never both, since the
  // reply follows the request's delivery), plus the application messages.
  static constexpr unsigned NetworkCapacity = MaxProcesses * (MaxProcesses - 1) + MaxAppMessages;

  enum MessageKind : std::uint8_t { Request = 1, Reply = 2, App = 3 };
  enum LocalAction : std::uint8_t { Enter = 1, Exit = 2 };
  // What a receiver did with a request (Event::value bits 8..15).
  enum Reaction : std::uint8_t { Replied = 0, Deferred = 1 };

  using Monitor = CausalMonitor<MaxProcesses>;
  struct Message {
    std::uint8_t kind : 2 = 0;
    std::uint8_t hops : 6 = 0; // --delays: on a timed chain, this many messages from its start
    std::uint8_t time = 0;     // the sender's Lamport clock
    Monitor::Clock knows;  // monitor: the sender's request vector clock
  };
  using Network = kit::FifoChannels<Message, ChannelCapacity, NetworkCapacity>;

  struct Process {
    std::uint8_t phase : 2 = Released;
    std::uint8_t waited : 6 = 0; // --delays: see delay_monitor.hpp
    kit::LamportClock clock;
    std::uint8_t request_time = 0; // T of the current (or last) request
    std::uint8_t replies = 0;      // replies counted for the current request
    std::uint8_t requests_made = 0;
    std::uint8_t messages = 0; // monitor: messages sent for the current request
    kit::ProcessSet<MaxProcesses> deferred;
  };

  struct State {
    std::array<Process, MaxProcesses> process{};
    Monitor monitor;
    std::uint8_t app_left = 0;
    DelayMonitor delays; // --delays
    Network network;
  };
  static_assert(std::has_unique_object_representations_v<State>);

  struct Config {
    unsigned n = 3;
    unsigned requests = 1;
    unsigned app_messages = 0;
    bool delays = false;
  };
  static void parameters(Parameters<Config> &declare);
  explicit RicartAgrawala(const Config &config);

  std::vector<std::string> process_names() const;

  template <class Emit> void initial(Emit &&emit) const {
    State state;
    state.app_left = static_cast<std::uint8_t>(app_messages_);
    emit(local(NoProcess, 0), state);
  }

  template <class Emit> void successors(const State &state, Emit &&emit) const {
    for (unsigned p = 0; p < n_; ++p) {
      const Process &self = state.process[p];
      if (self.phase == Released && self.requests_made < requests_)
        emit_request(state, p, emit);
      if (self.phase == Wanted && self.replies == n_ - 1) {
        State next = state;
        next.process[p].phase = Held;
        next.process[p].replies = 0;
        if (delays_)
          next.delays.on_enter(next.process, n_, p, next.network);
        forget_dead_variables(next);
        emit(local(p, Enter), next);
      }
      if (self.phase == Held)
        emit_exit(state, p, emit);
      if (state.app_left > 0)
        for (unsigned q = 0; q < n_; ++q)
          if (q != p) {
            State next = state;
            --next.app_left;
            const std::uint8_t time = next.process[p].clock.tick();
            next.network.send(p, q,
                              Message{.kind = App, .time = time, .knows = next.monitor.knows[p]});
            forget_dead_variables(next);
            emit(send(p, q, App, time), next);
          }
    }
    state.network.for_each_head(
        [&](const Network::Entry &head) { emit_receive(state, head.from, head.to, emit); });
  }

  std::vector<Property<State>> properties() const;

  StateView describe(const State &state) const;
  std::string describe(const Event &event) const;
  // "request(T=3, p1)" (slide 42's <T_i, p_i>; "request(p1)" once T is forgotten), "reply",
  // "app"; what describe(event) says for a step without a message.
  std::string message_label(const Event &event) const;

  // The messages a step sends, one Send each, so that a chart draws them as arrows to their
  // deliveries: a request's copies, the reply a receiver sends at once, the deferred replies.
  template <class EmitMessage>
  void carried_messages(const State &before, const Event &event, const State &after,
                        EmitMessage &&emit) const {
    Network::for_each_sent(before.network, after.network, event, [&](const auto &sent) {
      emit(send(sent.from, sent.to, sent.payload.kind, sent.payload.time));
    });
  }

  unsigned size() const { return n_; }
  // Predicates behind the properties, public for tests and liveness variants.
  unsigned in_critical_section(const State &state) const;
  bool someone_waits(const State &state) const;

private:
  template <class Emit> void emit_request(const State &state, unsigned p, Emit &&emit) const {
    State next = state;
    std::uint8_t hops = 0;
    if (delays_ && all_released(state.process, n_)) {
      next.delays.start_request(next.process, n_, p);
      hops = next.delays.first_hop();
    }
    Process &self = next.process[p];
    self.phase = Wanted;
    self.request_time = self.clock.tick();
    ++self.requests_made;
    self.replies = 0;
    self.messages = static_cast<std::uint8_t>(n_ - 1);
    next.monitor.on_request(p);
    for (unsigned q = 0; q < n_; ++q)
      if (q != p)
        next.network.send(p, q,
                          Message{.kind = Request,
                                  .hops = hops,
                                  .time = self.request_time,
                                  .knows = next.monitor.knows[p]});
    const std::uint8_t request_time = self.request_time;
    forget_dead_variables(next);
    emit(send(p, NoProcess, Request, request_time), next);
  }

  template <class Emit> void emit_exit(const State &state, unsigned p, Emit &&emit) const {
    State next = state;
    Process &self = next.process[p];
    self.phase = Released;
    if (delays_)
      next.delays.start_exit(next.process, n_);
    if (!self.deferred.empty()) {
      const std::uint8_t time = self.clock.tick();
      self.deferred.for_each([&](std::size_t q) {
        next.network.send(p, q,
                          Message{.kind = Reply,
                                  .hops = next.delays.first_hop(),
                                  .time = time,
                                  .knows = next.monitor.knows[p]});
        ++next.process[q].messages;
      });
    }
    const auto replied_to = static_cast<std::uint32_t>(self.deferred.mask());
    self.deferred.clear();
    forget_dead_variables(next);
    emit(local(p, Exit, replied_to), next);
  }

  template <class Emit>
  void emit_receive(const State &state, unsigned from, unsigned to, Emit &&emit) const {
    State next = state;
    const Message message = next.network.receive(from, to);
    Process &self = next.process[to];
    self.clock.receive(message.time);
    next.monitor.on_receive(to, message.knows);
    std::uint32_t reaction = 0;
    if (message.kind == Request) {
      const kit::LamportStamp mine{self.request_time, static_cast<std::uint8_t>(to)};
      const kit::LamportStamp theirs{message.time, static_cast<std::uint8_t>(from)};
      if (self.phase == Held || (self.phase == Wanted && mine < theirs)) {
        self.deferred.insert(from);
        reaction = Deferred;
      } else {
        const std::uint8_t time = self.clock.tick();
        next.network.send(to, from,
                          Message{.kind = Reply,
                                  .hops = next_hops(message.hops),
                                  .time = time,
                                  .knows = next.monitor.knows[to]});
        ++next.process[from].messages;
      }
    } else if (message.kind == Reply) {
      ++self.replies;
      if (delays_)
        DelayMonitor::on_awaited(self, message.hops);
    }
    forget_dead_variables(next);
    emit(deliver(to, from, message.kind, message.time | reaction << 8), next);
  }

  // See the header comment: resets what can no longer influence any step or property.
  void forget_dead_variables(State &state) const;
  // p's clock (and vector) can no longer reach a request event: reset, and printed as "-".
  bool clock_dead(const State &state, unsigned p) const;

  unsigned n_ = 0;
  unsigned requests_ = 1;
  unsigned app_messages_ = 0;
  bool delays_ = false;
};

} // namespace protocheck::mutex
