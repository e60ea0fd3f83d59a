// A vector with a fixed capacity stored inline, for States: trivially copyable, and canonical
// (slots past the size are always zero, so equal vectors are equal bytes).
//
// The element type should have alignment 1 (uint8 fields, arrays of them) so that the count byte
// adds no padding; States assert std::has_unique_object_representations_v, which catches a
// violation at compile time.
#pragma once

#include <protocheck/kit/capacity_error.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>

namespace protocheck::kit {

template <class T, std::size_t Capacity> struct SmallVector {
  static_assert(Capacity >= 1 && Capacity <= 255, "SmallVector holds 1..255 elements");

  std::array<T, Capacity> items{};
  std::uint8_t count = 0;

  constexpr std::size_t size() const { return count; }
  constexpr bool empty() const { return count == 0; }
  constexpr bool full() const { return count == Capacity; }
  static constexpr std::size_t capacity() { return Capacity; }

  constexpr const T &operator[](std::size_t i) const { return items[i]; }
  constexpr T &operator[](std::size_t i) { return items[i]; }
  constexpr const T *begin() const { return items.data(); }
  constexpr const T *end() const { return items.data() + count; }
  constexpr const T &back() const { return items[count - 1]; }

  // Throws CapacityExceeded when full: a model must never lose data silently.
  constexpr void push_back(const T &value) { insert(count, value); }

  // Inserts before position `at` (0..size()), shifting later elements up.
  constexpr void insert(std::size_t at, const T &value) {
    if (full())
      throw CapacityExceeded("a fixed-capacity vector", Capacity);
    for (std::size_t i = count; i > at; --i)
      items[i] = items[i - 1];
    items[at] = value;
    ++count;
  }

  // Removes the element at `at`, shifting later elements down; the freed slot becomes zero.
  constexpr void erase(std::size_t at) {
    for (std::size_t i = at; i + 1 < count; ++i)
      items[i] = items[i + 1];
    --count;
    items[count] = T{};
  }

  constexpr void pop_back() { erase(count - 1U); }
  constexpr void clear() {
    items = {};
    count = 0;
  }

  // Position of the first element equal to value, or size().
  constexpr std::size_t find(const T &value) const {
    return static_cast<std::size_t>(std::find(begin(), end(), value) - begin());
  }
  constexpr bool contains(const T &value) const { return find(value) != size(); }

  friend constexpr bool operator==(const SmallVector &, const SmallVector &) = default;
};

} // namespace protocheck::kit
