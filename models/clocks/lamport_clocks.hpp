// Lamport logical clocks (slides 29-32 of the coordination lecture), checked over every execution.
//
// n processes each perform up to --events events of their own, each a local event or the send of
// a message to another process; receiving a message is an event too. The network is an
// asynchronous unordered bag (any message in flight may arrive next). Clocks follow slide 31:
// increment on local and send events, max(own, received) + 1 on a receive.
//
// A monitor (state that judges, never read by the processes) keeps each process's vector clock
// and the Lamport timestamps of all its events so far, and which process moved last. When an event
// x happens, it is the newest event of the run, so for every earlier event y of another process p:
// y -> x exactly when y is among the first V(x)[p] events of p, and otherwise y and x are
// concurrent. Checking x against every earlier event at every step therefore checks every pair of
// events of every execution:
//   clock-condition (always):  y -> x implies t(y) < t(x)                       holds;
//   converse        (always):  t(y) < t(x) implies y -> x, for events of different processes:
//                              fails, and the counterexample ends with a concurrent pair
//                              with t(y) < t(x) (slide 30: "not the converse!").
// With --receive own (a receive only increments, ignoring the message's timestamp) the clock
// condition fails too: the checker shows why slide 31 takes the maximum.
//
// The network reorders messages, so a send and its receive carry the same Event::message_id: the
// send's position among its sender's events (from 0, read off the vector clock the message
// carries), which tells apart the messages on one channel. Event::value differs between the two:
// the send's holds its timestamp, the receive's also the receiver's new clock.
#pragma once

#include <protocheck/event.hpp>
#include <protocheck/kit/lamport_clock.hpp>
#include <protocheck/kit/message_bag.hpp>
#include <protocheck/kit/small_vector.hpp>
#include <protocheck/kit/vector_clock.hpp>
#include <protocheck/model.hpp>
#include <protocheck/params.hpp>
#include <protocheck/property.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

namespace protocheck::clocks {

class LamportClocks {
public:
  static constexpr unsigned MaxProcesses = 4;
  static constexpr unsigned MaxOwnEvents = 3;
  // Own events plus one receive per message sent by the others.
  static constexpr unsigned MaxEvents = MaxOwnEvents * MaxProcesses;
  static constexpr unsigned MaxInFlight = MaxOwnEvents * MaxProcesses;
  static constexpr std::uint8_t Nobody = 0xff;

  enum Action : std::uint8_t { LocalEvent = 1, Message = 2 };

  using VectorClock = kit::VectorClock<MaxProcesses, 4>; // entries count at most 12 events
  struct InFlight {
    std::uint8_t from = 0;
    std::uint8_t to = 0;
    std::uint8_t time = 0; // Lamport timestamp of the send event
    VectorClock vector;    // monitor: vector clock of the send event
  };

  struct Process {
    kit::LamportClock clock;     // = the timestamp of the process's latest event
    std::uint8_t own_events = 0; // local events and sends so far
    VectorClock vector;          // monitor: vector clock of the latest event
    kit::SmallVector<std::uint8_t, MaxEvents> times; // monitor: timestamps of all its events
  };

  struct State {
    std::array<Process, MaxProcesses> process{};
    std::uint8_t last = Nobody; // monitor: the process whose event is the newest
    kit::MessageBag<InFlight, MaxInFlight> network;
  };
  static_assert(std::has_unique_object_representations_v<State>);

  // The clock rule on a receive: slide 31's, or one that ignores the message (broken on purpose).
  enum class ReceiveRule : std::uint8_t { Max, Own };

  struct Config {
    unsigned n = 3;
    unsigned events = 1;
    ReceiveRule receive = ReceiveRule::Max;
  };
  static void parameters(Parameters<Config> &declare);
  explicit LamportClocks(const Config &config);

  std::vector<std::string> process_names() const;

  template <class Emit> void initial(Emit &&emit) const { emit(local(NoProcess, 0), State{}); }

  template <class Emit> void successors(const State &state, Emit &&emit) const {
    for (unsigned p = 0; p < n_; ++p) {
      if (state.process[p].own_events >= events_)
        continue;
      {
        State next = state;
        const std::uint8_t time = happen(next, p, 0, nullptr);
        ++next.process[p].own_events;
        emit(local(p, LocalEvent, time), next);
      }
      for (unsigned q = 0; q < n_; ++q) {
        if (q == p)
          continue;
        State next = state;
        const std::uint8_t time = happen(next, p, 0, nullptr);
        ++next.process[p].own_events;
        next.network.send({static_cast<std::uint8_t>(p), static_cast<std::uint8_t>(q), time,
                           next.process[p].vector});
        emit(with_message_id(send(p, q, Message, time), send_index(next.process[p].vector, p)),
             next);
      }
    }
    state.network.for_each_delivery({}, [&](kit::DeliveryKind kind, const InFlight &message) {
      State next = state;
      next.network.take(kind, message);
      const std::uint8_t time = happen(next, message.to, message.time, &message.vector);
      emit(with_message_id(deliver(message.to, message.from, Message, message.time | time << 8),
                           send_index(message.vector, message.from)),
           next);
    });
  }

  std::vector<Property<State>> properties() const;
  // On two processes with one event each the converse cannot fail (every run is checked, and
  // tests pin it): the report says the instance is too small to show slide 31's claim.
  std::vector<std::string> notes() const {
    if (n_ == 2 && events_ == 1)
      return {"with one event on each of two processes the converse happens to hold on every run: "
              "this instance is too small to show that it fails in general (slide 31); "
              "--n 3 or --events 2 shows a counterexample"};
    return {};
  }

  StateView describe(const State &state) const;
  std::string describe(const Event &event) const;
  // "m(t=3)": the message with the timestamp of its send, on the send and on its receive.
  std::string message_label(const Event &event) const;

  // A pair of events that the property concerns: process p's event number `index` (1-based) and
  // the newest event, of process `last`.
  struct Pair {
    unsigned p = 0;
    unsigned index = 0;
    bool before = false; // p's event happened before the newest one
  };
  // First pair (in process, then event order) for which `bad` holds, or nullopt.
  template <class Bad> std::optional<Pair> find_pair(const State &state, Bad &&bad) const {
    if (state.last == Nobody)
      return std::nullopt;
    const Process &newest = state.process[state.last];
    const std::uint8_t t_newest = newest.times.back();
    for (unsigned p = 0; p < n_; ++p) {
      if (p == state.last)
        continue;
      const Process &other = state.process[p];
      for (unsigned k = 0; k < other.times.size(); ++k) {
        const Pair pair{p, k + 1, k + 1 <= newest.vector[p]};
        if (bad(pair, other.times[k], t_newest))
          return pair;
      }
    }
    return std::nullopt;
  }

private:
  // The message identity of a send by `sender` whose vector clock is `clock`: its position among
  // the sender's events, from 0.
  static std::uint32_t send_index(const VectorClock &clock, unsigned sender) {
    return clock[sender] - 1u;
  }

  // One event of process p: a receive when `carried` is set (timestamp `received`), else a local
  // or send event. Returns the event's Lamport timestamp.
  std::uint8_t happen(State &state, unsigned p, std::uint8_t received,
                      const VectorClock *carried) const {
    Process &self = state.process[p];
    const std::uint8_t time =
        carried && !ignore_received_ ? self.clock.receive(received) : self.clock.tick();
    if (carried)
      self.vector.merge(*carried);
    self.vector.tick(p);
    self.times.push_back(time);
    state.last = static_cast<std::uint8_t>(p);
    return time;
  }

  std::string pair_text(const State &state, const Pair &pair) const;

  unsigned n_ = 0;
  unsigned events_ = 1;
  bool ignore_received_ = false; // --receive own: the broken rule, to see what it breaks
};

} // namespace protocheck::clocks
