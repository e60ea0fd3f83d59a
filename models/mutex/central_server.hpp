// Centralised mutual exclusion (slides 33-36 of the coordination lecture): a server holds an
// imaginary token and grants it to one client at a time, queueing the others in arrival order.
//
// Clients p1..pn and a server. Network: one asynchronous reliable FIFO channel per ordered pair.
// One step = one atomic action of one process:
//   client request : (released, requests left) state := WANTED; send request to the server;
//   client enter   : receive the grant: state := HELD;
//   client exit    : (HELD) state := RELEASED; send release to the server;
//   client app     : (while the run's --app-messages budget lasts) send an application message to
//                    another client; receiving one is a step of its own;
//   server         : receive a request: grant at once if the token is free, else queue the client;
//                    receive a release: grant to the head of the queue, or keep the token.
// Safety holds. Ordering (slide 34: "???", slide 36 asks why it fails) does not: a request that
// happened before another (through an application message) may reach the server later, and the
// server grants in arrival order. The checker prints that run.
//
// --queue lamport is slide 36's attempt: "order requests in queue wrt Lamport timestamps". Every
// process keeps a Lamport clock (a send ticks it and stamps the message; a receipt sets it to
// max(own, stamp) + 1), and the server queues requests by (timestamp, client), smallest first.
// Ordering still fails, the same way: a request that reaches the server while the token is free
// is granted at once, and the server cannot know that an earlier request is still on its way.
// (Once every client has made its last request, no clock can reach a request any more, so the
// clocks and the stamps of messages other than requests are reset, as dead variables.)
//
// Monitors: the request-counting vector clocks of mutex_common.hpp (every message carries its
// sender's), and per client the messages sent for its current entry (slide 35: 2 for the request
// + 1 for the release). Dead monitor values are reset as in ricart_agrawala.hpp. With --delays,
// the client and synchronisation delays of delay_monitor.hpp (slide 35: 2 and 2): a request
// and a release start a chain, and a grant continues the chain of the request or release that
// made the server send it.
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
#include <protocheck/params.hpp>
#include <protocheck/property.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

namespace protocheck::mutex {

class CentralServer {
public:
  static constexpr unsigned MaxClients = 5;
  static constexpr unsigned MaxProcesses = MaxClients + 1; // the server is the last process
  static constexpr unsigned MaxRequests = 3;
  static constexpr unsigned MaxAppMessages = 3;
  // Client -> server: a release and the next request; server -> client: one grant; plus every
  // application message.
  static constexpr unsigned ChannelCapacity = 2 + MaxAppMessages;
  static constexpr unsigned NetworkCapacity = 2 * MaxClients + MaxAppMessages;
  static constexpr std::uint8_t NoHolder = 0xff;

  enum MessageKind : std::uint8_t { Request = 1, Grant = 2, Release = 3, App = 4 };
  enum LocalAction : std::uint8_t { Exit = 1 };
  // What the server did (Event::value).
  enum Reaction : std::uint8_t { Granted = 1, Queued = 2, GrantedToHead = 3, KeptToken = 4 };

  using Monitor = CausalMonitor<MaxProcesses>;
  struct Message {
    std::uint8_t kind : 3 = 0;
    std::uint8_t hops : 5 = 0; // --delays: on a timed chain, this many messages from its start
    std::uint8_t time = 0;     // --queue lamport: the sender's Lamport clock at sending
    Monitor::Clock knows;
  };
  using Network = kit::FifoChannels<Message, ChannelCapacity, NetworkCapacity>;

  struct Client {
    std::uint8_t phase : 2 = Released;
    std::uint8_t waited : 6 = 0; // --delays: see delay_monitor.hpp
    std::uint8_t requests_made = 0;
    std::uint8_t messages = 0; // monitor: messages for the current entry
  };

  struct State {
    std::array<Client, MaxClients> client{};
    std::uint8_t holder = NoHolder;                 // the client the server granted the token to
    kit::FifoQueue<std::uint8_t, MaxClients> queue; // --queue lamport: by (stamp, client)
    std::array<std::uint8_t, MaxClients> stamp{};   // --queue lamport: queued request's time
    std::array<std::uint8_t, MaxProcesses> clock{}; // --queue lamport: Lamport clocks
    std::uint8_t app_left = 0;
    Monitor monitor;
    DelayMonitor delays; // --delays
    Network network;
  };
  static_assert(std::has_unique_object_representations_v<State>);

  enum class Queue : std::uint8_t { Arrival, Lamport };

  struct Config {
    unsigned n = 3; // clients
    unsigned requests = 1;
    unsigned app_messages = 1;
    Queue queue = Queue::Arrival;
    bool delays = false;
  };
  static void parameters(Parameters<Config> &declare);
  explicit CentralServer(const Config &config);

  std::vector<std::string> process_names() const;

  template <class Emit> void initial(Emit &&emit) const {
    State state;
    state.app_left = static_cast<std::uint8_t>(app_messages_);
    emit(local(NoProcess, 0), state);
  }

  template <class Emit> void successors(const State &state, Emit &&emit) const {
    for (unsigned p = 0; p < n_; ++p) {
      const Client &self = state.client[p];
      if (self.phase == Released && self.requests_made < requests_) {
        State next = state;
        std::uint8_t hops = 0;
        if (delays_ && all_released(state.client, n_)) {
          next.delays.start_request(next.client, n_, p);
          hops = next.delays.first_hop();
        }
        next.client[p].phase = Wanted;
        ++next.client[p].requests_made;
        next.client[p].messages = 1;
        next.monitor.on_request(p);
        next.network.send(p, server(),
                          Message{.kind = Request,
                                  .hops = hops,
                                  .time = tick(next, p),
                                  .knows = next.monitor.knows[p]});
        finish(next, send(p, server(), Request), emit);
      }
      if (self.phase == Held) {
        State next = state;
        next.client[p].phase = Released;
        ++next.client[p].messages;
        if (delays_)
          next.delays.start_exit(next.client, n_);
        next.network.send(p, server(),
                          Message{.kind = Release,
                                  .hops = next.delays.first_hop(),
                                  .time = tick(next, p),
                                  .knows = next.monitor.knows[p]});
        finish(next, send(p, server(), Release), emit);
      }
      if (state.app_left > 0)
        for (unsigned q = 0; q < n_; ++q)
          if (q != p) {
            State next = state;
            --next.app_left;
            next.network.send(
                p, q, Message{.kind = App, .time = tick(next, p), .knows = next.monitor.knows[p]});
            finish(next, send(p, q, App), emit);
          }
    }
    state.network.for_each_head(
        [&](const Network::Entry &head) { emit_receive(state, head.from, head.to, emit); });
  }

  std::vector<Property<State>> properties() const;

  StateView describe(const State &state) const;
  std::string describe(const Event &event) const;
  // "request", "grant", "release", "app"; what describe(event) says for a step without a message.
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

  unsigned server() const { return n_; }
  unsigned clients() const { return n_; }

private:
  template <class Emit> void finish(State &next, const Event &event, Emit &&emit) const {
    forget_dead_variables(next);
    emit(event, next);
  }

  template <class Emit>
  void emit_receive(const State &state, unsigned from, unsigned to, Emit &&emit) const {
    State next = state;
    const Message message = next.network.receive(from, to);
    next.monitor.on_receive(to, message.knows);
    if (queue_ == Queue::Lamport)
      next.clock[to] = static_cast<std::uint8_t>(std::max(next.clock[to], message.time) + 1);
    std::uint8_t reaction = 0;
    if (to == server()) {
      if (message.kind == Request) {
        if (next.holder == NoHolder) {
          grant(next, from, message.hops);
          reaction = Granted;
        } else {
          enqueue(next, from, message.time);
          reaction = Queued;
        }
      } else if (message.kind == Release) {
        if (next.queue.empty()) {
          next.holder = NoHolder;
          reaction = KeptToken;
        } else {
          grant(next, next.queue.pop(), message.hops);
          reaction = GrantedToHead;
        }
      }
    } else if (message.kind == Grant) {
      next.client[to].phase = Held;
      if (delays_) {
        DelayMonitor::on_awaited(next.client[to], message.hops);
        next.delays.on_enter(next.client, n_, to, next.network);
      }
    }
    finish(next, deliver(to, from, message.kind, reaction), emit);
  }

  // The server grants the token to `client`, on receiving a message `hops` along a timed chain.
  void grant(State &state, unsigned client, unsigned hops) const {
    state.holder = static_cast<std::uint8_t>(client);
    state.stamp[client] = 0;
    ++state.client[client].messages;
    state.network.send(server(), client,
                       Message{.kind = Grant,
                               .hops = next_hops(hops),
                               .time = tick(state, server()),
                               .knows = state.monitor.knows[server()]});
  }

  // --queue lamport: ticks p's clock and returns the stamp of the message it sends; 0 otherwise.
  std::uint8_t tick(State &state, unsigned p) const {
    if (queue_ != Queue::Lamport)
      return 0;
    return ++state.clock[p];
  }

  // Arrival order, or (stamp, client) order for --queue lamport.
  void enqueue(State &state, unsigned client, std::uint8_t time) const {
    if (queue_ != Queue::Lamport) {
      state.queue.push(static_cast<std::uint8_t>(client));
      return;
    }
    state.stamp[client] = time;
    const auto before = [&state](unsigned a, unsigned b) {
      return state.stamp[a] != state.stamp[b] ? state.stamp[a] < state.stamp[b] : a < b;
    };
    kit::FifoQueue<std::uint8_t, MaxClients> sorted;
    bool placed = false;
    for (const std::uint8_t queued : state.queue) {
      if (!placed && before(client, queued)) {
        sorted.push(static_cast<std::uint8_t>(client));
        placed = true;
      }
      sorted.push(queued);
    }
    if (!placed)
      sorted.push(static_cast<std::uint8_t>(client));
    state.queue = sorted;
  }

  void forget_dead_variables(State &state) const;
  // Which variables forget_dead_variables resets: `knows` of a process, and the Lamport clocks.
  bool all_requested(const State &state) const;
  bool knows_dead(const State &state, unsigned process) const;
  bool clocks_dead(const State &state) const;

  unsigned n_ = 0;
  unsigned requests_ = 1;
  unsigned app_messages_ = 1;
  Queue queue_ = Queue::Arrival;
  bool delays_ = false;
};

} // namespace protocheck::mutex
