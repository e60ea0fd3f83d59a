// Unit tests of the fixed-capacity containers that States are built from.
#include <protocheck/kit/fifo_queue.hpp>
#include <protocheck/kit/process_set.hpp>
#include <protocheck/kit/small_vector.hpp>

#include <catch2/catch.hpp>

#include <cstring>
#include <type_traits>
#include <vector>

using namespace protocheck::kit;

namespace {
struct Pair {
  std::uint8_t a;
  std::uint8_t b;
  friend bool operator==(const Pair &, const Pair &) = default;
};
template <class T> bool same_bytes(const T &x, const T &y) {
  return std::memcmp(&x, &y, sizeof(T)) == 0;
}
} // namespace

TEST_CASE("containers keep States raw-comparable") {
  STATIC_REQUIRE(std::has_unique_object_representations_v<SmallVector<Pair, 5>>);
  STATIC_REQUIRE(std::has_unique_object_representations_v<FifoQueue<std::uint8_t, 3>>);
  STATIC_REQUIRE(std::has_unique_object_representations_v<ProcessSet<9>>);
  STATIC_REQUIRE(std::is_trivially_copyable_v<SmallVector<Pair, 5>>);
  STATIC_REQUIRE(sizeof(ProcessSet<9>) == 2);
  STATIC_REQUIRE(sizeof(SmallVector<Pair, 5>) == 11);
}

TEST_CASE("SmallVector inserts, erases and zeroes freed slots") {
  SmallVector<Pair, 3> v;
  v.push_back({1, 2});
  v.push_back({3, 4});
  v.insert(0, {5, 6});
  REQUIRE(v.size() == 3);
  REQUIRE(v[0] == Pair{5, 6});
  REQUIRE(v[1] == Pair{1, 2});
  REQUIRE(v[2] == Pair{3, 4});
  REQUIRE(v.contains({1, 2}));
  REQUIRE(v.find({9, 9}) == 3);

  SECTION("overflow is an error, not a silent drop") {
    REQUIRE_THROWS_AS(v.push_back({7, 7}), CapacityExceeded);
    REQUIRE(v.size() == 3);
  }
  SECTION("equal contents are equal bytes after erase") {
    v.erase(0);
    SmallVector<Pair, 3> w;
    w.push_back({1, 2});
    w.push_back({3, 4});
    REQUIRE(v == w);
    REQUIRE(same_bytes(v, w));
    v.pop_back();
    v.pop_back();
    REQUIRE(same_bytes(v, SmallVector<Pair, 3>{}));
  }
}

TEST_CASE("FifoQueue is first-in first-out and canonical") {
  FifoQueue<std::uint8_t, 3> q;
  q.push(7);
  q.push(8);
  REQUIRE(q.front() == 7);
  REQUIRE(q.pop() == 7);
  q.push(9);
  q.push(10);
  REQUIRE_THROWS_AS(q.push(11), CapacityExceeded);
  REQUIRE(q.pop() == 8);
  REQUIRE(q.pop() == 9);
  FifoQueue<std::uint8_t, 3> fresh;
  fresh.push(10);
  REQUIRE(same_bytes(q, fresh)); // a ring buffer would differ in its head index
  REQUIRE(q.contains(10));
  REQUIRE_FALSE(q.contains(9));
}

TEST_CASE("ProcessSet is a bitmask of process ids") {
  auto s = ProcessSet<9>::of({0, 2, 8});
  REQUIRE(s.size() == 3);
  REQUIRE(s.contains(8));
  REQUIRE_FALSE(s.contains(1));
  REQUIRE(s.smallest() == 0);
  std::vector<std::size_t> members;
  s.for_each([&](std::size_t p) { members.push_back(p); });
  REQUIRE(members == std::vector<std::size_t>{0, 2, 8});
  s.erase(0);
  REQUIRE(s.smallest() == 2);
  REQUIRE(s.to_string([](std::size_t p) { return "p" + std::to_string(p + 1); }) == "{p3, p9}");
  REQUIRE(ProcessSet<9>::first(3) == ProcessSet<9>::of({0, 1, 2}));
  REQUIRE((ProcessSet<9>::first(3) & s) == ProcessSet<9>::of({2}));
  REQUIRE(ProcessSet<9>::first(3).without(s) == ProcessSet<9>::of({0, 1}));
  REQUIRE((ProcessSet<9>::first(3) | s).size() == 4);
  REQUIRE(s.includes(ProcessSet<9>::of({8})));
  REQUIRE_FALSE(s.includes(ProcessSet<9>::of({1})));
  s.clear();
  REQUIRE(s.empty());
  REQUIRE(same_bytes(s, ProcessSet<9>{}));
}
