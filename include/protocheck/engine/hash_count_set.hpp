// Counts distinct 64-bit hashes inserted from many threads at once: the states a simulation's
// walks saw. Open addressing in shards, each behind its own lock, at 8 bytes a slot: a node-based
// concurrent set costs five times the memory and seconds to free millions of nodes.
#pragma once

#include <algorithm>
#include <cstdint>
#include <mutex>
#include <utility>
#include <vector>

namespace protocheck {

class HashCountSet {
public:
  HashCountSet() : shards_(ShardCount) {}

  void insert(std::uint64_t hash) {
    if (hash == Empty) // 0 marks a free slot; the hash is a count's key, not an identity
      hash = 1;
    Shard &shard = shards_[hash >> (64 - ShardBits)];
    const std::lock_guard lock(shard.lock);
    if ((shard.used + 1) * 2 > shard.slots.size())
      grow(shard);
    if (place(shard.slots, hash))
      ++shard.used;
  }

  // Not concurrently with insert.
  std::uint64_t size() const {
    std::uint64_t total = 0;
    for (const Shard &shard : shards_)
      total += shard.used;
    return total;
  }

private:
  static constexpr unsigned ShardBits = 8;
  static constexpr std::size_t ShardCount = std::size_t{1} << ShardBits;
  static constexpr std::uint64_t Empty = 0;

  struct Shard {
    std::mutex lock;
    std::vector<std::uint64_t> slots; // a power of two in size, at most half full
    std::uint64_t used = 0;
  };

  // Returns whether the hash was new. The low bits index: the high bits chose the shard.
  static bool place(std::vector<std::uint64_t> &slots, std::uint64_t hash) {
    const std::size_t mask = slots.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
      if (slots[i] == hash)
        return false;
      if (slots[i] == Empty) {
        slots[i] = hash;
        return true;
      }
    }
  }

  static void grow(Shard &shard) {
    std::vector<std::uint64_t> bigger(std::max<std::size_t>(64, shard.slots.size() * 2), Empty);
    for (const std::uint64_t hash : shard.slots)
      if (hash != Empty)
        place(bigger, hash);
    shard.slots = std::move(bigger);
  }

  std::vector<Shard> shards_;
};

} // namespace protocheck
