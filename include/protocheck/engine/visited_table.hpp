// The set of states committed by earlier BFS levels. It changes only between levels (when a level
// is committed, by many threads at once), so lookups during a level are plain reads.
//   RankTable (exact mode): a slot is 32 bits, [tag: hash bits | rank + 1: index bits], where the
//     rank field is as wide as the table's index (a rank is always below the capacity) and the
//     tag takes the rest, so most mismatches are rejected without touching the state.
//   FingerprintSet (--fingerprints): a slot is the state's 64-bit fingerprint; states themselves
//     are not kept.
// Both use linear probing, at most MaxLoad full, and double when a level would pass that.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

namespace protocheck {

inline constexpr double VisitedMaxLoad = 0.7;
inline constexpr unsigned VisitedMinBits = 10;

class RankTable {
public:
  static constexpr std::uint64_t NotFound = ~std::uint64_t{0};
  static constexpr unsigned MaxBits = 32;
  // Ranks must fit the 32-bit slot (and a table of at most 2^32 slots at MaxLoad).
  static constexpr std::uint64_t MaxStates =
      static_cast<std::uint64_t>(VisitedMaxLoad * static_cast<double>(std::uint64_t{1} << MaxBits));

  RankTable() { allocate(VisitedMinBits); }

  std::size_t capacity() const { return mask_ + 1; }
  std::size_t bytes() const { return capacity() * sizeof(std::uint32_t); }

  // Makes room for `count` ranks in all. When the table must grow it is rebuilt from ranks
  // 0 .. held-1, hashed by `hash_of(rank)`; `rebuild(insert)` must call insert(hash, rank) for
  // each of them (possibly from many threads).
  template <class Rebuild> void reserve(std::uint64_t count, Rebuild &&rebuild) {
    if (static_cast<double>(count) <= VisitedMaxLoad * static_cast<double>(capacity()))
      return;
    if (count > MaxStates)
      throw std::length_error(
          "more than " + std::to_string(MaxStates) +
          " states, the most that exact mode indexes (--fingerprints: 2^32 - 2)");
    unsigned bits = bits_;
    while (static_cast<double>(count) >
           VisitedMaxLoad * static_cast<double>(std::uint64_t{1} << bits))
      ++bits;
    allocate(bits); // the old slots go first: the ranks can be rehashed from the states
    rebuild([this](std::uint64_t hash, std::uint64_t rank) { insert(hash, rank); });
  }

  // Adds a rank whose state is known to be absent; safe against concurrent insert calls.
  void insert(std::uint64_t hash, std::uint64_t rank) {
    const std::uint32_t value = tag(hash) | static_cast<std::uint32_t>(rank + 1);
    for (std::size_t i = hash & mask_;; i = (i + 1) & mask_) {
      std::uint32_t expected = 0;
      if (slots_[i].load(std::memory_order_relaxed) == 0 &&
          slots_[i].compare_exchange_strong(expected, value, std::memory_order_relaxed))
        return;
    }
  }

  // The rank of the stored state for which `equals(rank)` holds, or NotFound.
  template <class Equals> std::uint64_t find(std::uint64_t hash, Equals &&equals) const {
    const std::uint32_t want = tag(hash);
    for (std::size_t i = hash & mask_;; i = (i + 1) & mask_) {
      const std::uint32_t slot = slots_[i].load(std::memory_order_relaxed);
      if (slot == 0)
        return NotFound;
      if ((slot & ~rank_mask_) == want) {
        const std::uint64_t rank = (slot & rank_mask_) - 1;
        if (equals(rank))
          return rank;
      }
    }
  }

private:
  std::unique_ptr<std::atomic<std::uint32_t>[]> slots_;
  std::size_t mask_ = 0;
  unsigned bits_ = 0;
  std::uint32_t rank_mask_ = 0;

  // High hash bits (the index uses the low ones) above the rank field.
  std::uint32_t tag(std::uint64_t hash) const {
    return static_cast<std::uint32_t>(hash >> 32) & ~rank_mask_;
  }

  void allocate(unsigned bits) {
    slots_.reset();
    slots_ = std::make_unique<std::atomic<std::uint32_t>[]>(std::size_t{1} << bits);
    bits_ = bits;
    mask_ = (std::size_t{1} << bits) - 1;
    rank_mask_ = bits >= 32 ? ~std::uint32_t{0} : (std::uint32_t{1} << bits) - 1;
  }
};

// The birthday bound: the probability that any two of n distinct states share a 64-bit
// fingerprint (the only way fingerprint mode can miss a state) is at most n(n-1)/2 / 2^64,
// reported as n^2 / 2^65.
inline double fingerprint_collision_probability(std::uint64_t states) {
  const double n = static_cast<double>(states);
  return std::min(1.0, n * n / 36893488147419103232.0); // 2^65
}

class FingerprintSet {
public:
  FingerprintSet() { allocate(VisitedMinBits); }

  std::size_t capacity() const { return mask_ + 1; }
  std::size_t bytes() const { return capacity() * sizeof(std::uint64_t); }

  // A state's fingerprint from its 64-bit hash (0 marks an empty slot, so it is mapped to 1).
  static std::uint64_t fingerprint(std::uint64_t hash) { return hash == 0 ? 1 : hash; }

  // Makes room for `count` fingerprints in all (rehashing the old slots when it grows).
  void reserve(std::uint64_t count) {
    if (static_cast<double>(count) <= VisitedMaxLoad * static_cast<double>(capacity()))
      return;
    unsigned bits = bits_;
    while (static_cast<double>(count) >
           VisitedMaxLoad * static_cast<double>(std::uint64_t{1} << bits))
      ++bits;
    auto old = std::move(slots_);
    const std::size_t old_capacity = capacity();
    allocate(bits);
    for (std::size_t i = 0; i < old_capacity; ++i)
      if (const std::uint64_t fp = old[i].load(std::memory_order_relaxed); fp != 0)
        insert(fp);
  }

  // Adds a fingerprint unless present; safe against concurrent insert calls.
  void insert(std::uint64_t fp) {
    for (std::size_t i = fp & mask_;; i = (i + 1) & mask_) {
      std::uint64_t current = slots_[i].load(std::memory_order_relaxed);
      if (current == 0 && slots_[i].compare_exchange_strong(current, fp, std::memory_order_relaxed))
        return;
      if (current == fp)
        return;
    }
  }

  bool contains(std::uint64_t fp) const {
    for (std::size_t i = fp & mask_;; i = (i + 1) & mask_) {
      const std::uint64_t slot = slots_[i].load(std::memory_order_relaxed);
      if (slot == fp)
        return true;
      if (slot == 0)
        return false;
    }
  }

private:
  std::unique_ptr<std::atomic<std::uint64_t>[]> slots_;
  std::size_t mask_ = 0;
  unsigned bits_ = 0;

  void allocate(unsigned bits) {
    slots_ = std::make_unique<std::atomic<std::uint64_t>[]>(std::size_t{1} << bits);
    bits_ = bits;
    mask_ = (std::size_t{1} << bits) - 1;
  }
};

} // namespace protocheck
