// Exact compressed storage of fixed-size states by tree compression (the scheme of Laarman,
// van de Pol and Weber, 2011). A state's bytes, read as W 32-bit words, are the leaves of a
// balanced binary tree. Every internal node below the root is kept once, as the 64-bit pair of
// its children's values, in a table of its own for its position in the tree, and is named by its
// 32-bit index there; a leaf's value is its word. The root's pair (8 bytes) then names the state
// exactly: two states have the same root pair if and only if they have the same bytes.
//
// States that share a part share its subtree, so a new state adds at most one node per position
// (usually only those on the paths from its changed words to the root), and a successor, which
// differs from the state it came from in a few words, is compressed from that state's tree,
// looking up only the nodes above the words that changed.
#pragma once

#include <protocheck/engine/chunked_storage.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <vector>

namespace protocheck {

// One position's nodes: a lock-free set of 64-bit pairs, each named by the order in which it was
// inserted (0, 1, 2 ...). A slot is 32 bits, [tag: high hash bits | index + 1: index bits], as in
// RankTable; a slot being filled holds [tag | Busy] until its pair is written. The table grows
// only between parallel phases (make_room); meanwhile an insert that would fill it too much
// answers Full, and the caller retries after make_room.
class TreeNodeTable {
public:
  static constexpr std::uint32_t Full = ~std::uint32_t{0};

  TreeNodeTable() { allocate(MinBits, 1); }

  std::uint32_t size() const { return count_.load(std::memory_order_relaxed); }
  // The pair of a node inserted before the current parallel phase, or published to this thread.
  std::uint64_t pair(std::uint32_t index) const { return pairs_[index]; }

  // The index of `pair`, inserted if absent; Full (inserting nothing) when the table may not
  // take more nodes before make_room.
  std::uint32_t find_or_insert(std::uint64_t pair) {
    const std::uint64_t hash = mix(pair);
    const std::uint32_t tag = static_cast<std::uint32_t>(hash >> 32) & ~index_mask_;
    for (std::size_t i = hash & slot_mask_;; i = (i + 1) & slot_mask_) {
      std::uint32_t slot = slots_[i].load(std::memory_order_acquire);
      if (slot == 0) {
        if (count_.load(std::memory_order_relaxed) >= limit_)
          return Full;
        if (slots_[i].compare_exchange_strong(slot, tag | index_mask_, std::memory_order_acq_rel,
                                              std::memory_order_acquire)) {
          const std::uint32_t index = count_.fetch_add(1, std::memory_order_relaxed);
          pairs_[index] = pair;
          slots_[i].store(tag | (index + 1), std::memory_order_release);
          return index;
        }
        // Another thread took the slot first: it may be this very pair.
      }
      if ((slot & ~index_mask_) != tag)
        continue;
      while ((slot & index_mask_) == index_mask_) // Busy: its pair is being written
        slot = slots_[i].load(std::memory_order_acquire);
      const std::uint32_t index = (slot & index_mask_) - 1;
      if (pairs_[index] == pair)
        return index;
    }
  }

  // Between parallel phases: grows the table when more than GrowAt full, so that the next
  // phase may fill it further, up to FillLimit (less one node per writer).
  void make_room(unsigned writers) {
    const std::uint64_t count = size();
    if (!over(count, GrowAt, slot_mask_ + 1) && writers <= writers_)
      return;
    unsigned bits = bits_;
    while (over(count, GrowAt, std::uint64_t{1} << bits))
      ++bits;
    if (bits > MaxBits)
      throw std::length_error("more than 2^31 distinct nodes at one position of the state tree");
    allocate(bits, writers);
    for (std::uint32_t index = 0; index < count; ++index) {
      const std::uint64_t hash = mix(pairs_[index]);
      const std::uint32_t tag = static_cast<std::uint32_t>(hash >> 32) & ~index_mask_;
      std::size_t i = hash & slot_mask_;
      while (slots_[i].load(std::memory_order_relaxed) != 0)
        i = (i + 1) & slot_mask_;
      slots_[i].store(tag | (index + 1), std::memory_order_relaxed);
    }
  }

  std::size_t bytes() const {
    return (slot_mask_ + 1) * sizeof(std::uint32_t) + std::size_t{size()} * sizeof(std::uint64_t);
  }

private:
  static constexpr unsigned MinBits = 8;
  // Fractions of the slots, in eighths: linear probing stays short below 7/8 full.
  static constexpr std::uint64_t GrowAt = 6, FillLimit = 7;
  static bool over(std::uint64_t count, std::uint64_t eighths, std::uint64_t slots) {
    return count * 8 > slots * eighths;
  }
  static constexpr unsigned MaxBits = 31;

  std::unique_ptr<std::atomic<std::uint32_t>[]> slots_;
  ChunkedVector<std::uint64_t> pairs_;
  std::atomic<std::uint32_t> count_{0};
  std::size_t slot_mask_ = 0;
  std::uint32_t index_mask_ = 0;
  std::uint32_t limit_ = 0;
  unsigned bits_ = 0;
  unsigned writers_ = 0;

  // A bijective mix of the pair's bits (the finaliser of MurmurHash3), so that neighbouring
  // pairs land far apart.
  static std::uint64_t mix(std::uint64_t x) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
  }

  // Room for FillLimit of the slots, less one per writer: each writer may pass the limit by one
  // node (it reads the count before it takes a slot), and index + 1 must stay below index_mask_,
  // which marks a Busy slot.
  void allocate(unsigned bits, unsigned writers) {
    const std::size_t slots = std::size_t{1} << bits;
    slots_.reset();
    slots_ = std::make_unique<std::atomic<std::uint32_t>[]>(slots);
    slot_mask_ = slots - 1;
    index_mask_ = static_cast<std::uint32_t>(slots - 1);
    bits_ = bits;
    writers_ = writers;
    limit_ = static_cast<std::uint32_t>(slots / 8 * FillLimit - writers - 1);
    pairs_.resize(std::size_t{limit_} + writers);
  }
};

// The shape of the forest over a state's W words (W >= Trees): Trees balanced binary trees, one
// over each quarter of the words, their internal nodes in post-order (each node's children before
// it). A state is named by the values of the Trees tops. Four trees rather than one: the two
// halves of a large state are nearly as many as the states, so nodes above the quarters would
// cost a table entry per state for no sharing, and their tables would be too large for the cache.
class TreeShape {
public:
  static constexpr std::size_t Trees = 8;

  struct Child {
    std::uint32_t index; // a word's index for a leaf, else a node's
    bool leaf;
  };
  struct Node {
    Child left, right;
  };

  explicit TreeShape(std::size_t words) : words_(words) {
    if (words < Trees)
      throw std::invalid_argument("a state forest needs at least one word per tree");
    for (std::size_t t = 0; t < Trees; ++t)
      tops_[t] = build(words * t / Trees, words * (t + 1) / Trees);
  }

  std::size_t words() const { return words_; }
  std::size_t nodes() const { return nodes_.size(); }
  const Node &node(std::size_t i) const { return nodes_[i]; }
  const Child &top(std::size_t t) const { return tops_[t]; }

private:
  std::size_t words_;
  std::vector<Node> nodes_;
  std::array<Child, Trees> tops_{};

  Child build(std::size_t begin, std::size_t end) {
    if (end - begin == 1)
      return {static_cast<std::uint32_t>(begin), true};
    const std::size_t middle = begin + (end - begin + 1) / 2;
    const Child left = build(begin, middle);
    const Child right = build(middle, end);
    nodes_.push_back({left, right});
    return {static_cast<std::uint32_t>(nodes_.size() - 1), false};
  }
};

// A state's forest as one thread works on it: its words and the index of each node.
struct StateTree {
  std::vector<std::uint32_t> words;
  std::vector<std::uint32_t> nodes;
  std::vector<std::uint8_t> changed; // scratch for compress(): which nodes differ from the base
};

// The tables of every position, and compression and decompression of whole states.
class TreeStore {
public:
  // What names a stored state exactly: the values of its trees' tops.
  using Name = std::array<std::uint32_t, TreeShape::Trees>;

  explicit TreeStore(std::size_t state_bytes)
      : bytes_(state_bytes), shape_(std::max<std::size_t>(TreeShape::Trees, (state_bytes + 3) / 4)),
        tables_(shape_.nodes()) {}

  std::size_t node_positions() const { return shape_.nodes(); }

  StateTree make_tree() const {
    return {std::vector<std::uint32_t>(shape_.words(), 0),
            std::vector<std::uint32_t>(shape_.nodes(), 0),
            std::vector<std::uint8_t>(shape_.nodes(), 0)};
  }

  // Compresses the state at `state` into `tree`, and gives its name. With a base (a tree
  // compressed or decompressed before), subtrees whose words equal the base's keep its indices.
  // Returns false when a table was full (see TreeNodeTable::make_room); `tree` is then unusable.
  bool compress(const void *state, StateTree &tree, const StateTree *base, Name &name) {
    std::memcpy(tree.words.data(), state, bytes_);
    for (std::size_t i = 0; i < shape_.nodes(); ++i) {
      const TreeShape::Node &node = shape_.node(i);
      const bool changed =
          base == nullptr || differs(node.left, tree, *base) || differs(node.right, tree, *base);
      tree.changed[i] = changed;
      if (!changed) {
        tree.nodes[i] = base->nodes[i];
        continue;
      }
      const std::uint32_t index = tables_[i].find_or_insert(
          (std::uint64_t{value(node.left, tree)} << 32) | value(node.right, tree));
      if (index == TreeNodeTable::Full)
        return false;
      tree.nodes[i] = index;
    }
    for (std::size_t t = 0; t < TreeShape::Trees; ++t)
      name[t] = value(shape_.top(t), tree);
    return true;
  }

  // The state named `name`, into `state` and `tree` (a base for its successors).
  void decompress(const Name &name, void *state, StateTree &tree) const {
    for (std::size_t t = 0; t < TreeShape::Trees; ++t)
      place(shape_.top(t), name[t], tree);
    for (std::size_t i = shape_.nodes(); i-- > 0;) {
      const TreeShape::Node &node = shape_.node(i);
      const std::uint64_t pair = tables_[i].pair(tree.nodes[i]);
      place(node.left, static_cast<std::uint32_t>(pair >> 32), tree);
      place(node.right, static_cast<std::uint32_t>(pair), tree);
    }
    std::memcpy(state, tree.words.data(), bytes_);
  }

  // Between parallel phases: room in every table for the next phase.
  void make_room(unsigned writers) {
    for (TreeNodeTable &table : tables_)
      table.make_room(writers);
  }

  std::size_t bytes() const {
    std::size_t total = 0;
    for (const TreeNodeTable &table : tables_)
      total += table.bytes();
    return total;
  }
  std::uint64_t nodes() const {
    std::uint64_t total = 0;
    for (const TreeNodeTable &table : tables_)
      total += table.size();
    return total;
  }

private:
  std::size_t bytes_;
  TreeShape shape_;
  std::vector<TreeNodeTable> tables_; // one per node position

  static bool differs(const TreeShape::Child &child, const StateTree &tree, const StateTree &base) {
    return child.leaf ? tree.words[child.index] != base.words[child.index]
                      : tree.changed[child.index] != 0;
  }
  static std::uint32_t value(const TreeShape::Child &child, const StateTree &tree) {
    return child.leaf ? tree.words[child.index] : tree.nodes[child.index];
  }
  static void place(const TreeShape::Child &child, std::uint32_t value, StateTree &tree) {
    (child.leaf ? tree.words : tree.nodes)[child.index] = value;
  }
};

} // namespace protocheck
