// Totally ordered multicast with Lamport clocks: the banking example of the coordination lecture
// (slides 28-29, 32 and 55). A bank keeps replicas of an account of 1000 EUR in Milan (p1) and
// Rome (p2). Milan issues "Rossi pays in 100 EUR", Rome "add 5 % interest"; each update is
// multicast to both replicas. Applied as deposit then interest the balance is 1155 EUR, the other
// way round 1150 EUR: the replicas agree only if they apply the updates in the same order.
//
// Each replica issues its update once, at any time, and every message travels on an asynchronous
// reliable FIFO channel (one per ordered pair). Clocks follow slide 31 (kit::LamportClock): a send
// ticks the clock, a receive sets it to max(own, received) + 1. --order:
//   lamport:     the issuer stamps its update (t, pid), puts it in its own hold-back queue and
//                sends it; a receiver puts it in its queue. Every replica acknowledges every
//                update to the other with its clock, in a later step of its own, the issuer too
//                (the update is multicast to the whole group, sender included). The queue is sorted
//                by (t, pid); a replica applies the head only when it has received a message
//                (update or acknowledgement) with a later stamp from every other replica: FIFO
//                channels then guarantee nothing earlier can still arrive. Both replicas apply the
//                updates in one order and agree.
//   fifo:        a replica applies its own update when it issues it and the other's on receipt:
//                each applies its own first, so the two can end with 1155 and 1150 EUR.
//   no-tiebreak: as lamport, but stamps are compared by time alone; equal times stay in arrival
//                order (the own update first), and "later" means a larger time. Two updates
//                issued concurrently both get time 1, and each replica applies its own first.
// An update's value in events is its number: 1 deposit (Milan's), 2 interest (Rome's).
// The channels are FIFO, so events leave Event::message_id at 0.
#pragma once

#include <protocheck/event.hpp>
#include <protocheck/kit/fifo_channels.hpp>
#include <protocheck/kit/lamport_clock.hpp>
#include <protocheck/kit/small_vector.hpp>
#include <protocheck/model.hpp>
#include <protocheck/params.hpp>
#include <protocheck/property.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

namespace protocheck::clocks {

class OrderedMulticast {
public:
  static constexpr unsigned Replicas = 2;
  static constexpr std::uint8_t Milan = 0;
  static constexpr std::uint8_t Rome = 1;
  enum Update : std::uint8_t { Deposit = 1, Interest = 2 }; // issued by Milan, Rome
  enum class Order : std::uint8_t { Lamport, Fifo, NoTiebreak };

  // Event::message codes (and Message::kind): the update, or its acknowledgement; Apply is local.
  enum MessageKind : std::uint8_t { UpdateMessage = 1, AckMessage = 2, Apply = 3 };

  struct Message {
    std::uint8_t kind = 0;
    std::uint8_t time = 0;   // the sender's Lamport time
    std::uint8_t update = 0; // UpdateMessage: which update
  };
  // At most an update and two acknowledgements per channel.
  using Network = kit::FifoChannels<Message, 3, 6>;

  struct Held {
    kit::LamportStamp stamp; // (time, issuer)
    std::uint8_t update = 0;
  };
  struct Replica {
    kit::LamportClock clock;
    std::uint8_t issued = 0;
    std::uint8_t unacked = 0;        // bit u - 1: update u is queued here but not yet acknowledged
    std::uint8_t heard = 0;          // the latest time received from the other replica (0: none)
    kit::SmallVector<Held, 2> queue; // the hold-back queue, in delivery order
    kit::SmallVector<std::uint8_t, 2> applied; // updates applied, in order
  };
  struct State {
    std::array<Replica, Replicas> replica{};
    Network network;
  };
  static_assert(std::has_unique_object_representations_v<State>);

  struct Config {
    Order order = Order::Lamport;
  };
  static void parameters(Parameters<Config> &declare);
  explicit OrderedMulticast(const Config &config) : order_(config.order) {}

  std::vector<std::string> process_names() const { return {"Milan", "Rome"}; }

  template <class Emit> void initial(Emit &&emit) const { emit(local(NoProcess, 0), State{}); }

  template <class Emit> void successors(const State &state, Emit &&emit) const {
    for (std::uint8_t p = 0; p < Replicas; ++p) {
      const Replica &self = state.replica[p];
      const auto other = static_cast<std::uint8_t>(1 - p);
      if (!self.issued) {
        State next = state;
        Replica &me = next.replica[p];
        me.issued = 1;
        const std::uint8_t update = p == Milan ? Deposit : Interest;
        const std::uint8_t time = me.clock.tick();
        if (order_ == Order::Fifo)
          me.applied.push_back(update);
        else
          hold(me, {{time, p}, update});
        next.network.send(p, other, {UpdateMessage, time, update});
        emit(send(p, other, UpdateMessage, update | (static_cast<std::uint32_t>(time) << 8)), next);
      }
      for (const std::uint8_t update : {Deposit, Interest})
        if (self.unacked & (1u << (update - 1))) {
          State next = state;
          Replica &me = next.replica[p];
          me.unacked &= static_cast<std::uint8_t>(~(1u << (update - 1)));
          const std::uint8_t time = me.clock.tick();
          next.network.send(p, other, {AckMessage, time, update});
          emit(send(p, other, AckMessage, update | (static_cast<std::uint32_t>(time) << 8)), next);
        }
      if (!self.queue.empty() && deliverable(self, p, self.queue[0])) {
        State next = state;
        Replica &me = next.replica[p];
        const std::uint8_t update = me.queue[0].update;
        me.queue.erase(0);
        me.applied.push_back(update);
        emit(local(p, Apply, update), next);
      }
    }
    state.network.for_each_head([&](const Network::Entry &head) {
      State next = state;
      const Message message = next.network.receive(head.from, head.to);
      Replica &me = next.replica[head.to];
      me.clock.receive(message.time);
      me.heard = message.time;
      if (message.kind == UpdateMessage) {
        if (order_ == Order::Fifo) {
          me.applied.push_back(message.update);
        } else {
          hold(me, {{message.time, head.from}, message.update});
        }
      }
      emit(deliver(head.to, head.from, message.kind,
                   message.update | (static_cast<std::uint32_t>(message.time) << 8)),
           next);
    });
  }

  std::vector<Property<State>> properties() const;

  StateView describe(const State &state) const;
  std::string describe(const Event &event) const;
  // "deposit(t=1)", "interest(t=1)", "ack(t=2)": what a send or receive carries.
  std::string message_label(const Event &event) const;

  // The balance after applying `applied` in order, in euros, to 1000 EUR.
  static unsigned balance(const kit::SmallVector<std::uint8_t, 2> &applied);
  Order order() const { return order_; }

private:
  // Puts an update in the hold-back queue, in delivery order (a stable insert: equal keys keep
  // their arrival order).
  void hold(Replica &replica, const Held &entry) const {
    std::size_t at = 0;
    while (at < replica.queue.size() && !earlier(entry, replica.queue[at]))
      ++at;
    replica.queue.insert(at, entry);
    replica.unacked |= static_cast<std::uint8_t>(1u << (entry.update - 1));
  }
  bool earlier(const Held &a, const Held &b) const {
    if (order_ == Order::NoTiebreak)
      return a.stamp.time < b.stamp.time;
    return a.stamp < b.stamp;
  }
  // The head may be applied: the other replica sent something later, so (FIFO) nothing earlier
  // from it can still arrive (and the replica's own clock is already past the head).
  bool deliverable(const Replica &replica, std::uint8_t p, const Held &head) const {
    if (replica.heard == 0)
      return false;
    if (order_ == Order::NoTiebreak)
      return replica.heard > head.stamp.time;
    const auto other = static_cast<std::uint8_t>(1 - p);
    return kit::LamportStamp{replica.heard, other} > head.stamp;
  }

  Order order_ = Order::Lamport;
};

} // namespace protocheck::clocks
