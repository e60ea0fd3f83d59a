// Tree storage's parts alone: the node tables (dense indices, one per distinct pair, from many
// threads at once, and Full until make_room), the forest (a state's name is the same however it
// is compressed, and names differ exactly when states differ; decompression gives the bytes
// back), and the packed names (any value that fits survives a repacking).
#include <protocheck/engine/packed_names.hpp>
#include <protocheck/engine/tree_store.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <map>
#include <random>
#include <set>
#include <thread>
#include <vector>

using namespace protocheck;

namespace {

// A 77-word state (308 bytes, the size of a Maekawa state) with few distinct values per word, so
// that subtrees are shared as they are in a model's states.
struct Bytes308 {
  std::array<std::uint32_t, 77> words;
  bool operator<(const Bytes308 &other) const { return words < other.words; }
};

Bytes308 random_state(std::mt19937 &random) {
  Bytes308 state{};
  for (auto &word : state.words)
    word = random() % 3;
  return state;
}

// Changes a few words of a state, as a step does.
Bytes308 step_from(const Bytes308 &state, std::mt19937 &random) {
  Bytes308 next = state;
  for (int k = 0, changes = 1 + static_cast<int>(random() % 3); k < changes; ++k)
    next.words[random() % next.words.size()] = random() % 3;
  return next;
}

} // namespace

TEST_CASE("tree node table: one dense index per distinct pair, from four threads at once") {
  TreeNodeTable table;
  constexpr std::uint64_t Distinct = 20000;
  std::vector<std::vector<std::uint32_t>> indices(4, std::vector<std::uint32_t>(Distinct, 0));
  // Every thread inserts every pair (in its own order), retrying a pair after make_room when the
  // table answers Full, as the explorer does between batches.
  std::vector<std::uint64_t> pending(Distinct);
  for (std::uint64_t k = 0; k < Distinct; ++k)
    pending[k] = k;
  std::vector<std::vector<std::uint64_t>> left(4, pending);
  for (unsigned t = 0; t < 4; ++t) {
    std::mt19937 random(t);
    std::shuffle(left[t].begin(), left[t].end(), random);
  }
  int rounds = 0;
  while (true) {
    table.make_room(4);
    std::vector<std::thread> threads;
    for (unsigned t = 0; t < 4; ++t)
      threads.emplace_back([&, t] {
        std::vector<std::uint64_t> still;
        for (const std::uint64_t k : left[t]) {
          const std::uint32_t index = table.find_or_insert((k << 32) | (k * 3));
          if (index == TreeNodeTable::Full)
            still.push_back(k);
          else
            indices[t][k] = index;
        }
        left[t] = std::move(still);
      });
    for (auto &thread : threads)
      thread.join();
    ++rounds;
    if (left[0].empty() && left[1].empty() && left[2].empty() && left[3].empty())
      break;
    REQUIRE(rounds < 100);
  }
  CHECK(rounds > 1); // the table started small: it said Full and grew between rounds
  REQUIRE(table.size() == Distinct);
  std::set<std::uint32_t> seen;
  for (std::uint64_t k = 0; k < Distinct; ++k) {
    for (unsigned t = 1; t < 4; ++t)
      REQUIRE(indices[t][k] == indices[0][k]);
    seen.insert(indices[0][k]);
    CHECK(table.pair(indices[0][k]) == ((k << 32) | (k * 3)));
  }
  CHECK(seen.size() == Distinct);
  CHECK(*seen.rbegin() == Distinct - 1);
}

TEST_CASE("tree store: names are equal exactly when states are, and decompress to the state") {
  TreeStore store(sizeof(Bytes308));
  std::mt19937 random(7);
  std::map<Bytes308, TreeStore::Name> named;
  std::set<TreeStore::Name> names;
  StateTree base = store.make_tree(), tree = store.make_tree(), again = store.make_tree();
  Bytes308 current = random_state(random);
  for (int n = 0; n < 20000; ++n) {
    store.make_room(1);
    // Incremental (from the state it came from) and whole compression give the same name.
    const Bytes308 next = n % 50 == 0 ? random_state(random) : step_from(current, random);
    TreeStore::Name name{}, whole{};
    REQUIRE(store.compress(&current, base, nullptr, whole));
    REQUIRE(store.compress(&next, tree, &base, name));
    REQUIRE(store.compress(&next, again, nullptr, whole));
    REQUIRE(name == whole);
    const auto [it, fresh] = named.emplace(next, name);
    if (!fresh)
      REQUIRE(it->second == name);
    else
      REQUIRE(names.insert(name).second); // a new state gets a name no other state has
    Bytes308 back{};
    store.decompress(name, &back, again);
    REQUIRE(std::memcmp(&back, &next, sizeof back) == 0);
    current = next;
  }
  CHECK(names.size() == named.size());
  // Shared subtrees: far fewer nodes than states times nodes per state.
  CHECK(store.nodes() < named.size() * 20);
}

TEST_CASE("tree store: a state smaller than its eight trees is padded, and round-trips") {
  TreeStore store(6); // two words, padded to eight
  const std::array<std::uint8_t, 6> state{1, 2, 3, 4, 5, 6};
  StateTree tree = store.make_tree();
  TreeStore::Name name{};
  store.make_room(1);
  REQUIRE(store.compress(state.data(), tree, nullptr, name));
  std::array<std::uint8_t, 6> back{};
  store.decompress(name, back.data(), tree);
  CHECK(back == state);
}

TEST_CASE("packed names: values survive widening, and a name takes only the bits it needs") {
  PackedNames names;
  std::mt19937 random(11);
  std::vector<TreeStore::Name> stored;
  for (unsigned bits = 1; bits <= 32; bits += 3) {
    const std::size_t first = stored.size();
    TreeStore::Name largest{};
    for (int k = 0; k < 3000; ++k) {
      TreeStore::Name name;
      for (std::size_t f = 0; f < name.size(); ++f) {
        const std::uint64_t bound = (std::uint64_t{1} << std::min(32u, bits + unsigned(f))) - 1;
        name[f] = static_cast<std::uint32_t>(random() % (bound + 1));
        largest[f] = std::max(largest[f], name[f]);
      }
      stored.push_back(name);
    }
    names.widen(largest);
    names.resize(stored.size());
    for (std::size_t r = first; r < stored.size(); ++r)
      names.store(r, stored[r]);
    for (std::size_t r = 0; r < stored.size(); ++r)
      REQUIRE(names.load(r) == stored[r]);
  }
  PackedNames small;
  // Fields of 2, 0, 1, 3, 0, 0, 1 and 2 bits, and a spare bit for each but the empty ones: 14.
  small.widen({3, 0, 1, 7, 0, 0, 1, 2});
  CHECK(small.stride() == 2);
}
