// Ring-based mutual exclusion (slides 37-39 of the coordination lecture): a token circulates
// p1 -> p2 -> ... -> pn -> p1; only its holder may be in the critical section.
//
// Network: one asynchronous reliable FIFO channel per ordered pair (the token travels on the ring
// links, application messages on any). Initially the token is on its way from pn to p1. One step
// = one atomic action of one process:
//   want  : (released, requests left) state := WANTED (the request is a local event);
//   token : receive the token: if WANTED, state := HELD and keep it; else pass it on at once;
//   exit  : (HELD) state := RELEASED; pass the token to the successor;
//   app   : (while the run's --app-messages budget lasts) send an application message to any other
//           process; receiving one is a step of its own.
// The token never stops, so no state is terminal: the run never deadlocks. Safety holds; ordering
// (slide 38: "???") fails: a request that happened before another may be passed by the token.
//
// With --crash P (slide 40: "how could one cope with failure of a node?"), process P may crash at
// any step: it takes no more steps and receives nothing, so a token passed to it, or held by it,
// is lost; the ring then stops, and a process that wants the critical section waits forever
// (no-deadlock fails) while mutual exclusion still holds. Messages P sent before crashing still
// arrive.
//
// Monitor: the request-counting vector clocks of mutex_common.hpp, carried by every message (the
// token included); dead values are reset as in ricart_agrawala.hpp. With --delays, the client and
// synchronisation delays of delay_monitor.hpp (slide 39: between 0 and N, and between 1 and N),
// counted in token hops: the token in flight when an uncontended request is made is 1 hop from it
// (it arrives within one message time), the token an exit passes on is 1 hop from the exit, and
// each process that passes it on adds one.
//
// The channels are FIFO, so a delivery is that of the oldest message on its channel and events
// leave Event::message_id at 0 (see event.hpp).
#pragma once

#include <protocheck/event.hpp>
#include <protocheck/kit/fifo_channels.hpp>
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

class TokenRing {
public:
  static constexpr unsigned MaxProcesses = 6;
  static constexpr unsigned MaxRequests = 3;
  static constexpr unsigned MaxAppMessages = 3;
  static constexpr unsigned ChannelCapacity = 1 + MaxAppMessages; // the token + application
  static constexpr unsigned NetworkCapacity = 1 + MaxAppMessages;

  enum MessageKind : std::uint8_t { Token = 1, App = 2 };
  enum LocalAction : std::uint8_t { Want = 1, Exit = 2 };
  // What a process did with the token (Event::value).
  enum Reaction : std::uint8_t { PassedOn = 1, Entered = 2 };

  using Monitor = CausalMonitor<MaxProcesses>;
  struct Message {
    std::uint8_t kind : 2 = 0;
    std::uint8_t hops : 6 = 0; // --delays: on a timed chain, this many messages from its start
    Monitor::Clock knows;
  };
  using Network = kit::FifoChannels<Message, ChannelCapacity, NetworkCapacity>;

  struct Process {
    std::uint8_t phase : 2 = Released;
    std::uint8_t waited : 6 = 0; // --delays: see delay_monitor.hpp
    std::uint8_t requests_made = 0;
  };

  struct State {
    std::array<Process, MaxProcesses> process{};
    std::uint8_t app_left = 0;
    std::uint8_t crashed = 0; // 1 once the --crash process has crashed
    Monitor monitor;
    DelayMonitor delays; // --delays
    Network network;
  };
  static_assert(std::has_unique_object_representations_v<State>);

  struct Config {
    unsigned n = 3;
    unsigned requests = 1;
    unsigned app_messages = 1;
    unsigned crash = 0; // the process that may crash (1..n); 0: none
    bool delays = false;
  };
  static void parameters(Parameters<Config> &declare);
  explicit TokenRing(const Config &config);

  std::vector<std::string> process_names() const;

  template <class Emit> void initial(Emit &&emit) const {
    State state;
    state.app_left = static_cast<std::uint8_t>(app_messages_);
    state.network.send(n_ - 1, 0, Message{.kind = Token});
    emit(local(NoProcess, 0), state);
  }

  template <class Emit> void successors(const State &state, Emit &&emit) const {
    for (unsigned p = 0; p < n_; ++p) {
      if (is_crashed(state, p))
        continue;
      const Process &self = state.process[p];
      if (self.phase == Released && self.requests_made < requests_) {
        State next = state;
        if (delays_ && all_released(state.process, n_)) {
          next.delays.start_request(next.process, n_, p);
          for (std::size_t i = 0; i < next.network.size(); ++i)
            if (next.network.entries[i].payload.kind == Token)
              next.network.entries[i].payload.hops = 1;
        }
        next.process[p].phase = Wanted;
        ++next.process[p].requests_made;
        next.monitor.on_request(p);
        finish(next, local(p, Want), emit);
      }
      if (self.phase == Held) {
        State next = state;
        next.process[p].phase = Released;
        if (delays_)
          next.delays.start_exit(next.process, n_);
        next.network.send(p, successor(p),
                          Message{.kind = Token,
                                  .hops = next.delays.first_hop(),
                                  .knows = next.monitor.knows[p]});
        finish(next, local(p, Exit), emit);
      }
      if (state.app_left > 0)
        for (unsigned q = 0; q < n_; ++q)
          if (q != p) {
            State next = state;
            --next.app_left;
            next.network.send(p, q, Message{.kind = App, .knows = next.monitor.knows[p]});
            finish(next, send(p, q, App), emit);
          }
    }
    state.network.for_each_head([&](const Network::Entry &head) {
      if (is_crashed(state, head.to))
        return; // a crashed process receives nothing: a token on its way to it is lost
      State next = state;
      const Message message = next.network.receive(head.from, head.to);
      next.monitor.on_receive(head.to, message.knows);
      std::uint8_t reaction = 0;
      if (message.kind == Token) {
        Process &self = next.process[head.to];
        if (self.phase == Wanted) {
          self.phase = Held;
          reaction = Entered;
          if (delays_) {
            DelayMonitor::on_awaited(self, message.hops);
            next.delays.on_enter(next.process, n_, head.to, next.network);
          }
        } else {
          next.network.send(head.to, successor(head.to),
                            Message{.kind = Token,
                                    .hops = next_hops(message.hops),
                                    .knows = next.monitor.knows[head.to]});
          reaction = PassedOn;
        }
      }
      finish(next, deliver(head.to, head.from, message.kind, reaction), emit);
    });
    if (crash_ != 0 && !state.crashed) {
      State next = state;
      next.crashed = 1;
      finish(next, crash(static_cast<std::uint8_t>(crash_ - 1)), emit);
    }
  }

  std::vector<Property<State>> properties() const;

  StateView describe(const State &state) const;
  std::string describe(const Event &event) const;
  // "token", "app"; what describe(event) says for a step without a message.
  std::string message_label(const Event &event) const;
  // The crashed process, if any.
  ProcessMask faulty(const State &state) const {
    return state.crashed ? ProcessMask{1} << (crash_ - 1) : 0;
  }
  bool is_crashed(const State &state, unsigned p) const { return state.crashed && p + 1 == crash_; }

  unsigned successor(unsigned p) const { return p + 1 == n_ ? 0 : p + 1; }

private:
  template <class Emit> void finish(State &next, const Event &event, Emit &&emit) const {
    forget_dead_variables(next);
    emit(event, next);
  }
  void forget_dead_variables(State &state) const;

  unsigned n_ = 0;
  unsigned requests_ = 1;
  unsigned app_messages_ = 1;
  unsigned crash_ = 0;
  bool delays_ = false;
};

} // namespace protocheck::mutex
