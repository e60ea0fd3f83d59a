// The coordinated attack problem (slide 3 of the coordination and agreement lecture): two generals
// A and B must both attack or both stay put, and can talk only through messengers that cross enemy
// land, any of whom may be caught. No protocol over such a link reaches agreement for sure; the
// model checks one natural family of protocols and shows where each one fails.
//
// The protocol with K messengers (--messages K): A sends messenger 1, the order "attack at dawn";
// whoever receives messenger i < K sends messenger i + 1 back, an acknowledgement (so odd
// messengers go A -> B, even ones B -> A). Any messenger may be lost, and then nobody sends again.
// When the exchange is over (a messenger was lost, or messenger K arrived) each general decides on
// its own, in either order:
//   a general attacks iff it received every messenger addressed to it.
// A initiates, so with one messenger A always attacks and B attacks iff the order arrived; with
// two, A attacks only once its order was acknowledged; and so on. A lost messenger i < K makes
// both retreat (its receiver misses it, its sender misses messenger i + 1); losing the last one
// makes its sender attack alone. So agreement fails for every K, and the shortest counterexample
// is the run where the last messenger is lost: adding messengers only moves the problem.
//
// Network: one link, kit::FifoChannels with loss (one messenger at most is ever on the way, so it
// is FIFO and events leave Event::message_id at 0). Every run is finite.
#pragma once

#include <protocheck/event.hpp>
#include <protocheck/kit/fifo_channels.hpp>
#include <protocheck/model.hpp>
#include <protocheck/params.hpp>
#include <protocheck/property.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

namespace protocheck::consensus {

class CoordinatedAttack {
public:
  static constexpr unsigned MaxMessengers = 6;
  static constexpr std::uint8_t A = 0;
  static constexpr std::uint8_t B = 1;

  // State::decision.
  enum Decision : std::uint8_t { Undecided = 0, Attack = 1, Retreat = 2 };
  // Event::message codes: messenger 1 is the order, the others acknowledgements.
  enum MessageKind : std::uint8_t { Order = 1, Ack = 2 };

  // A messenger on the way, by number (1..K).
  using Link = kit::FifoChannels<std::uint8_t, 1, 1>;

  struct State {
    Link link;
    std::uint8_t sent = 0;      // messengers sent so far
    std::uint8_t delivered = 0; // messengers that arrived (they arrive in order; a loss ends it)
    std::array<std::uint8_t, 2> decision{}; // [A], [B]: Undecided, Attack or Retreat
  };
  static_assert(std::has_unique_object_representations_v<State>);

  struct Config {
    unsigned messages = 2;
  };
  static void parameters(Parameters<Config> &declare);
  explicit CoordinatedAttack(const Config &config);

  std::vector<std::string> process_names() const { return {"A", "B"}; }

  template <class Emit> void initial(Emit &&emit) const { emit(local(NoProcess, 0), State{}); }

  template <class Emit> void successors(const State &state, Emit &&emit) const {
    // The next messenger leaves once the previous one arrived (A starts).
    if (state.sent < k_ && state.delivered == state.sent) {
      const std::uint8_t number = static_cast<std::uint8_t>(state.sent + 1);
      State next = state;
      next.sent = number;
      next.link.send(sender(number), receiver(number), number);
      emit(send(sender(number), receiver(number), kind(number), number), next);
    }
    state.link.for_each_delivery({.loss = true}, [&](kit::DeliveryKind how, const Link::Entry &m) {
      State next = state;
      next.link.take(how, m);
      if (how == kit::DeliveryKind::Deliver) {
        next.delivered = m.payload;
        emit(deliver(m.to, m.from, kind(m.payload), m.payload), next);
      } else {
        emit(Event{EventKind::Drop, m.from, m.to, kind(m.payload), m.payload}, next);
      }
    });
    if (!over(state))
      return;
    for (const std::uint8_t general : {A, B})
      if (state.decision[general] == Undecided) {
        State next = state;
        next.decision[general] = attacks(state, general) ? Attack : Retreat;
        emit(decide(general, next.decision[general]), next);
      }
  }

  std::vector<Property<State>> properties() const;

  StateView describe(const State &state) const;
  std::string describe(const Event &event) const;
  // "order(1)", "ack(2)", ...: the messenger a send, receipt or loss concerns.
  std::string message_label(const Event &event) const;

  // The exchange is over: a messenger was lost, or the last one arrived.
  bool over(const State &state) const {
    return state.link.empty() && (state.delivered < state.sent || state.sent == k_);
  }
  // The decision rule: the general received every messenger addressed to it.
  bool attacks(const State &state, std::uint8_t general) const {
    return state.delivered >= last_to(general);
  }
  unsigned messengers() const { return k_; }

private:
  static std::uint8_t sender(unsigned number) { return number % 2 == 1 ? A : B; }
  static std::uint8_t receiver(unsigned number) { return number % 2 == 1 ? B : A; }
  static std::uint8_t kind(unsigned number) { return number == 1 ? Order : Ack; }
  // The number of the last messenger addressed to `general` (0: none).
  unsigned last_to(std::uint8_t general) const {
    const unsigned parity = general == B ? 1 : 0; // B receives the odd ones
    return k_ % 2 == parity ? k_ : k_ - 1;
  }
  static std::string label(unsigned number);

  unsigned k_ = 2;
};

} // namespace protocheck::consensus
