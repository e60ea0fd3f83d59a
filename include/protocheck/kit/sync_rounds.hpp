// Synchronous rounds (lock-step): in each round every process sends, then every process receives
// what was sent to it in that round. The mailbox holds at most one message per ordered pair per
// round; a model typically makes one whole round one step (Event kind Transmit per message).
#pragma once

#include <protocheck/kit/capacity_error.hpp>
#include <protocheck/kit/process_set.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace protocheck::kit {

template <class Payload, std::size_t MaxProcesses> struct RoundMailbox {
  static_assert(alignof(Payload) == 1, "payload fields should be uint8 so no padding appears");

  std::array<std::array<Payload, MaxProcesses>, MaxProcesses> inbox{}; // [to][from]
  std::array<ProcessSet<MaxProcesses>, MaxProcesses> senders{};        // [to]
  std::uint8_t round = 0;                                              // rounds completed

  // Throws CapacityExceeded on a second message from the same sender in one round.
  void post(std::size_t from, std::size_t to, const Payload &payload) {
    if (senders[to].contains(from))
      throw CapacityExceeded(
          "round mailbox p" + std::to_string(from + 1) + " -> p" + std::to_string(to + 1), 1);
    inbox[to][from] = payload;
    senders[to].insert(from);
  }
  bool has(std::size_t to, std::size_t from) const { return senders[to].contains(from); }
  const Payload &get(std::size_t to, std::size_t from) const { return inbox[to][from]; }

  // Calls f(from, payload) for every message sent to `to` this round, senders in increasing order.
  template <class F> void for_each_received(std::size_t to, F &&f) const {
    senders[to].for_each([&](std::size_t from) { f(from, inbox[to][from]); });
  }

  // Ends the round: empties every inbox (slots back to zero) and counts the round.
  void next_round() {
    inbox = {};
    senders = {};
    ++round;
  }

  friend bool operator==(const RoundMailbox &, const RoundMailbox &) = default;
};

} // namespace protocheck::kit
