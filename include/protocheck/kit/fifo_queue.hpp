// A first-in first-out queue with a fixed capacity, stored by shifting (the head is always slot
// 0), so that two queues with the same contents are the same bytes: a ring buffer would not be.
#pragma once

#include <protocheck/kit/small_vector.hpp>

#include <cstddef>

namespace protocheck::kit {

template <class T, std::size_t Capacity> struct FifoQueue {
  SmallVector<T, Capacity> items;

  constexpr std::size_t size() const { return items.size(); }
  constexpr bool empty() const { return items.empty(); }
  constexpr bool full() const { return items.full(); }
  constexpr const T &front() const { return items[0]; }
  constexpr const T &operator[](std::size_t i) const { return items[i]; } // 0 = head
  constexpr const T *begin() const { return items.begin(); }
  constexpr const T *end() const { return items.end(); }

  constexpr void push(const T &value) { items.push_back(value); } // throws CapacityExceeded
  constexpr T pop() {
    const T head = items[0];
    items.erase(0);
    return head;
  }
  constexpr bool contains(const T &value) const { return items.contains(value); }

  friend constexpr bool operator==(const FifoQueue &, const FifoQueue &) = default;
};

} // namespace protocheck::kit
