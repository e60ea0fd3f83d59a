// Unit tests of crash-fault enumeration and of Lamport and vector clocks.
#include <protocheck/kit/crash_faults.hpp>
#include <protocheck/kit/lamport_clock.hpp>
#include <protocheck/kit/vector_clock.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

using namespace protocheck::kit;
using Set = ProcessSet<8>;

TEST_CASE("crash steps: every live process while the budget lasts") {
  std::vector<std::size_t> crashable;
  for_each_crash(Set::of({1}), 4, 2, [&](std::size_t p) { crashable.push_back(p); });
  REQUIRE(crashable == std::vector<std::size_t>{0, 2, 3});
  crashable.clear();
  for_each_crash(Set::of({1, 2}), 4, 2, [&](std::size_t p) { crashable.push_back(p); });
  REQUIRE(crashable.empty());
}

TEST_CASE("subsets and partial multicasts") {
  std::vector<std::uint64_t> subsets;
  for_each_subset(Set::of({1, 3, 4}), [&](const Set &s) { subsets.push_back(s.mask()); });
  REQUIRE(subsets == std::vector<std::uint64_t>{0b00000, 0b00010, 0b01000, 0b01010, 0b10000,
                                                0b10010, 0b11000, 0b11010});
  std::vector<std::uint64_t> partial;
  for_each_partial_multicast(Set::of({0, 2}), [&](const Set &s) { partial.push_back(s.mask()); });
  REQUIRE(partial == std::vector<std::uint64_t>{0b000, 0b001, 0b100}); // not {p1, p3} itself
  partial.clear();
  for_each_partial_multicast(Set{}, [&](const Set &s) { partial.push_back(s.mask()); });
  REQUIRE(partial.empty());
}

TEST_CASE("Lamport clocks: tick on local/send, max+1 on receive, (time, id) order") {
  LamportClock p1;
  LamportClock p2;
  const std::uint8_t sent = p1.tick(); // p1 sends at 1
  REQUIRE(sent == 1);
  p2.tick();
  p2.tick();
  p2.tick();                         // p2 is at 3
  REQUIRE(p2.receive(sent) == 4);    // max(3, 1) + 1
  REQUIRE(p1.receive(p2.time) == 5); // max(1, 4) + 1
  REQUIRE(LamportStamp{2, 0} < LamportStamp{2, 1});
  REQUIRE(LamportStamp{2, 5} < LamportStamp{3, 0});
  REQUIRE(to_string(LamportStamp{2, 0}) == "(2, p1)");
  LamportClock full{255};
  REQUIRE_THROWS_AS(full.tick(), CapacityExceeded);
}

TEST_CASE("vector clocks decide happened-before and concurrency") {
  VectorClock<3> a;
  VectorClock<3> b;
  a.tick(0); // a = [1,0,0]
  b.tick(1); // b = [0,1,0]
  REQUIRE(concurrent(a, b));
  VectorClock<3> c = b;
  c.merge(a);
  c.tick(1); // c = [1,2,0]: after a and b
  REQUIRE(happened_before(a, c));
  REQUIRE(happened_before(b, c));
  REQUIRE_FALSE(happened_before(c, a));
  REQUIRE_FALSE(happened_before(a, a));
  REQUIRE(c.to_string(3) == "[1,2,0]");
}

TEST_CASE("packed vector clocks: 2 bits per entry") {
  using Packed = VectorClock<5, 2>;
  STATIC_REQUIRE(sizeof(Packed) == 2);
  Packed a;
  a.tick(4);
  a.tick(4);
  a.tick(0);
  REQUIRE(a[4] == 2);
  REQUIRE(a[0] == 1);
  REQUIRE(a[1] == 0);
  Packed b;
  b.tick(1);
  b.merge(a);
  REQUIRE(b.to_string(5) == "[1,1,0,0,2]");
  REQUIRE(happened_before(a, b));
  a.tick(4);
  REQUIRE(a[4] == 3);
  REQUIRE_THROWS_AS(a.tick(4), CapacityExceeded); // 3 is the largest 2-bit entry
  REQUIRE(concurrent(a, b));
}
