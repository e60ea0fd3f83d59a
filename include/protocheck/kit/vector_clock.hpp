// Vector clocks, for monitors: state kept only to judge a property (e.g. "requests are granted in
// happened-before order"), never read by the protocol. V(E1) < V(E2) exactly when E1 -> E2.
//
// Entries are packed EntryBits to an entry (8, 4, 2 or 1), because a monitor that rides on every
// message in flight multiplies the state size: a clock that counts only a process's few requests
// needs 2 bits per entry. A tick beyond the largest entry value throws CapacityExceeded.
#pragma once

#include <protocheck/kit/capacity_error.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace protocheck::kit {

template <std::size_t MaxProcesses, unsigned EntryBits = 8> struct VectorClock {
  static_assert(EntryBits == 1 || EntryBits == 2 || EntryBits == 4 || EntryBits == 8);
  static constexpr unsigned PerByte = 8 / EntryBits;
  static constexpr unsigned MaxEntry = (1u << EntryBits) - 1;

  std::array<std::uint8_t, (MaxProcesses + PerByte - 1) / PerByte> packed{};

  constexpr unsigned operator[](std::size_t p) const {
    return (packed[p / PerByte] >> shift(p)) & MaxEntry;
  }
  constexpr void set(std::size_t p, unsigned value) {
    if (value > MaxEntry)
      throw CapacityExceeded("a vector clock entry", MaxEntry);
    std::uint8_t &byte = packed[p / PerByte];
    byte = static_cast<std::uint8_t>((byte & ~(MaxEntry << shift(p))) | (value << shift(p)));
  }

  // An event of process p that the clock counts.
  constexpr void tick(std::size_t p) { set(p, (*this)[p] + 1); }
  // Receiving a message that carries `other`: componentwise maximum.
  constexpr void merge(const VectorClock &other) {
    for (std::size_t i = 0; i < MaxProcesses; ++i)
      if (other[i] > (*this)[i])
        set(i, other[i]);
  }

  constexpr bool operator<=(const VectorClock &other) const {
    for (std::size_t i = 0; i < MaxProcesses; ++i)
      if ((*this)[i] > other[i])
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
      text += (i ? "," : "") + std::to_string((*this)[i]);
    return text + "]";
  }

  friend constexpr bool operator==(const VectorClock &, const VectorClock &) = default;

private:
  static constexpr unsigned shift(std::size_t p) {
    return static_cast<unsigned>(p % PerByte) * EntryBits;
  }
};

} // namespace protocheck::kit
