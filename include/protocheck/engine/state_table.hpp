// Lock-free open-addressing hash set of state references. A slot is one 64-bit word:
//   [ tag: 24 high bits of the hash | staged: 1 bit | reference: 39 bits ]
// 0 means empty. The tag filters almost every mismatch without touching the state itself; the
// reference is either a committed state's BFS rank or a state staged by a worker in the current
// level. Slots are claimed with one compare-and-swap, so there is no lock anywhere.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>

namespace protocheck {

class StateTable {
public:
  static constexpr std::uint64_t RefBits = 39;
  static constexpr std::uint64_t RefMask = (std::uint64_t{1} << RefBits) - 1;
  static constexpr std::uint64_t StagedBit = std::uint64_t{1} << RefBits;
  static constexpr std::uint64_t TagMask = ~(RefMask | StagedBit);
  static constexpr std::uint64_t MaxCommitted = RefMask;

  explicit StateTable(std::size_t capacity) { reset(capacity); }

  // Empties the table with room for `capacity` slots (rounded up to a power of two).
  void reset(std::size_t capacity) {
    std::size_t size = 1024;
    while (size < capacity)
      size <<= 1;
    slots_ = std::make_unique<std::atomic<std::uint64_t>[]>(size);
    mask_ = size - 1;
  }

  std::size_t capacity() const { return mask_ + 1; }
  std::size_t bytes() const { return capacity() * sizeof(std::uint64_t); }
  std::atomic<std::uint64_t> &slot(std::size_t i) { return slots_[i]; }

  static std::uint64_t tag(std::uint64_t hash) { return (hash | RefMask | StagedBit) & TagMask; }
  static std::uint64_t tag_of_slot(std::uint64_t slot) { return slot & TagMask; }
  static std::uint64_t ref(std::uint64_t slot) { return slot & (RefMask | StagedBit); }
  static bool is_staged(std::uint64_t ref) { return (ref & StagedBit) != 0; }

  enum class Outcome { Found, Claimed };
  struct Result {
    Outcome outcome;
    std::uint64_t ref;    // the reference found, or the one just claimed
    std::size_t slot;
  };

  // Looks `hash` up. For each occupied slot with the same tag, `equals(ref)` compares the
  // candidate with the stored state. On reaching an empty slot, `claim(slot)` must store the
  // candidate somewhere readable and return its reference; the slot is then claimed by CAS. If
  // another thread wins the slot first, probing continues from the winner. The caller keeps the
  // load factor low enough that an empty slot always exists.
  template <class Equals, class Claim>
  Result find_or_claim(std::uint64_t hash, Equals &&equals, Claim &&claim) {
    const std::uint64_t want_tag = tag(hash);
    std::size_t i = static_cast<std::size_t>(hash) & mask_;
    for (;;) {
      std::uint64_t current = slots_[i].load(std::memory_order_acquire);
      if (current == 0) {
        const std::uint64_t own = claim(i);
        if (slots_[i].compare_exchange_strong(current, want_tag | own, std::memory_order_acq_rel,
                                              std::memory_order_acquire))
          return {Outcome::Claimed, own, i};
      }
      if (tag_of_slot(current) == want_tag && equals(ref(current)))
        return {Outcome::Found, ref(current), i};
      i = (i + 1) & mask_;
    }
  }

  // Single-threaded insert of a reference known to be absent (used when the table grows).
  std::size_t insert_absent(std::uint64_t hash, std::uint64_t ref) {
    std::size_t i = static_cast<std::size_t>(hash) & mask_;
    while (slots_[i].load(std::memory_order_relaxed) != 0)
      i = (i + 1) & mask_;
    slots_[i].store(tag(hash) | ref, std::memory_order_relaxed);
    return i;
  }

private:
  std::unique_ptr<std::atomic<std::uint64_t>[]> slots_;
  std::size_t mask_ = 0;
};

} // namespace protocheck
