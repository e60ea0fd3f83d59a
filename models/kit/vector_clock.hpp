// Vector clocks, for monitors: state kept only to judge a property (e.g. "requests are granted in
// happened-before order"), never read by the protocol. V(E1) < V(E2) exactly when E1 -> E2.
#pragma once

#include "models/kit/capacity_error.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace protocheck::kit {

template <std::size_t MaxProcesses> struct VectorClock {
  std::array<std::uint8_t, MaxProcesses> counts{};

  // An event of process p that the clock counts.
  constexpr void tick(std::size_t p) {
    if (counts[p] == 255)
      throw CapacityExceeded("a vector clock entry", 255);
    ++counts[p];
  }
  // Receiving a message that carries `other`: componentwise maximum.
  constexpr void merge(const VectorClock &other) {
    for (std::size_t i = 0; i < MaxProcesses; ++i)
      counts[i] = counts[i] < other.counts[i] ? other.counts[i] : counts[i];
  }

  constexpr bool operator<=(const VectorClock &other) const {
    for (std::size_t i = 0; i < MaxProcesses; ++i)
      if (counts[i] > other.counts[i])
        return false;
    return true;
  }
  // a happened before b.
  friend constexpr bool happened_before(const VectorClock &a, const VectorClock &b) {
    return a <= b && a != b;
  }
  friend constexpr bool concurrent(const VectorClock &a, const VectorClock &b) {
    return !(a <= b) && !(b <= a);
  }

  // "[1,0,2]" over the first n entries.
  std::string to_string(std::size_t n) const {
    std::string text = "[";
    for (std::size_t i = 0; i < n; ++i)
      text += (i ? "," : "") + std::to_string(counts[i]);
    return text + "]";
  }

  friend constexpr bool operator==(const VectorClock &, const VectorClock &) = default;
};

} // namespace protocheck::kit
