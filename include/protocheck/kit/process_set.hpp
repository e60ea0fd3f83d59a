// A set of process ids as a bitmask stored in bytes, so that it has alignment 1 and never adds
// padding to a State, and two equal sets are always equal bytes.
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

namespace protocheck::kit {

template <std::size_t MaxProcesses> struct ProcessSet {
  static_assert(MaxProcesses >= 1 && MaxProcesses <= 64, "ProcessSet holds 1..64 processes");
  static constexpr std::size_t Bytes = (MaxProcesses + 7) / 8;

  std::array<std::uint8_t, Bytes> bits{};

  static constexpr ProcessSet of(std::initializer_list<std::size_t> members) {
    ProcessSet set;
    for (const std::size_t p : members)
      set.insert(p);
    return set;
  }
  // {0, 1, ..., count-1}
  static constexpr ProcessSet first(std::size_t count) {
    ProcessSet set;
    for (std::size_t p = 0; p < count; ++p)
      set.insert(p);
    return set;
  }
  static constexpr ProcessSet from_mask(std::uint64_t mask) {
    ProcessSet set;
    for (std::size_t b = 0; b < Bytes; ++b)
      set.bits[b] = static_cast<std::uint8_t>(mask >> (8 * b));
    return set;
  }

  constexpr bool contains(std::size_t p) const { return (bits[p / 8] >> (p % 8)) & 1u; }
  constexpr void insert(std::size_t p) { bits[p / 8] |= static_cast<std::uint8_t>(1u << (p % 8)); }
  constexpr void erase(std::size_t p) {
    bits[p / 8] &= static_cast<std::uint8_t>(~(1u << (p % 8)));
  }
  constexpr void clear() { bits = {}; }

  constexpr std::uint64_t mask() const {
    std::uint64_t mask = 0;
    for (std::size_t b = 0; b < Bytes; ++b)
      mask |= std::uint64_t{bits[b]} << (8 * b);
    return mask;
  }
  constexpr std::size_t size() const { return static_cast<std::size_t>(std::popcount(mask())); }
  constexpr bool empty() const { return mask() == 0; }
  // The smallest member; only for a non-empty set.
  constexpr std::size_t smallest() const {
    return static_cast<std::size_t>(std::countr_zero(mask()));
  }
  constexpr bool includes(const ProcessSet &other) const {
    return (mask() & other.mask()) == other.mask();
  }

  constexpr ProcessSet operator|(const ProcessSet &other) const {
    return from_mask(mask() | other.mask());
  }
  constexpr ProcessSet operator&(const ProcessSet &other) const {
    return from_mask(mask() & other.mask());
  }
  constexpr ProcessSet without(const ProcessSet &other) const {
    return from_mask(mask() & ~other.mask());
  }

  // Calls f(p) for every member p in increasing order.
  template <class F> constexpr void for_each(F &&f) const {
    for (std::uint64_t rest = mask(); rest != 0; rest &= rest - 1)
      f(static_cast<std::size_t>(std::countr_zero(rest)));
  }

  // "{p1, p3}" given a function from id to name.
  template <class Name> std::string to_string(Name &&name) const {
    std::string text = "{";
    for_each([&](std::size_t p) {
      if (text.size() > 1)
        text += ", ";
      text += std::string_view(name(p));
    });
    return text + "}";
  }

  friend constexpr bool operator==(const ProcessSet &, const ProcessSet &) = default;
};

static_assert(std::has_unique_object_representations_v<ProcessSet<16>>);
static_assert(alignof(ProcessSet<16>) == 1);

} // namespace protocheck::kit
