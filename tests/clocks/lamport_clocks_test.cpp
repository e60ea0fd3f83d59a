// Lamport clocks (slides 29-32): E1 -> E2 implies t1 < t2 over every pair of events of every
// execution; the converse fails with a concurrent pair; ignoring the received timestamp breaks the
// clock condition.
//
// State and transition counts cross-checked with an independent Python re-implementation of the
// semantics in the model's header comment: n = 3: 757 / 1290; n = 2: 27 / 30; n = 2 with two
// events each: 889 / 1348; n = 4: 28445 / 65120.
#include <protocheck/engine/check.hpp>
#include <protocheck/models/clocks/lamport_clocks.hpp>

#include <catch2/catch.hpp>

#include <map>
#include <string>

using namespace protocheck;
using clocks::LamportClocks;

namespace {

CheckReport check_clocks(const std::map<std::string, std::string> &params, unsigned threads = 1) {
  CheckOptions options;
  options.all = true;
  options.threads = threads;
  return check<LamportClocks>(params, options, "lamport-clocks");
}

} // namespace

TEST_CASE("lamport clocks n = 3: the clock condition holds, the converse does not") {
  const CheckReport report = check_clocks({{"n", "3"}});
  CHECK(report.stats.states == 757);
  CHECK(report.stats.transitions == 1290);
  CHECK(property(report, "clock-condition").verdict == Verdict::Holds);
  CHECK(property(report, "message-orders-clocks").verdict == Verdict::Holds);

  const PropertyResult &converse = property(report, "converse");
  REQUIRE(converse.verdict == Verdict::Violated);
  REQUIRE(converse.trace);
  // p1's local event (t = 1); p2 sends to p3 (t = 1); p3 receives (t = 2): p1's event and p3's
  // receive are concurrent, yet 1 < 2.
  const auto &steps = converse.trace->steps;
  REQUIRE(steps.size() == 3);
  CHECK(steps[0].event == local(0, LamportClocks::LocalEvent, 1));
  CHECK(steps[1].event == send(1, 2, LamportClocks::Message, 1));
  CHECK(steps[2].event.kind == EventKind::Deliver);
  CHECK(converse.explanation == "p1's event 1 (t = 1) and p3's event 1 (t = 2, vector [0,1,1]) "
                                "are concurrent, yet 1 < 2");
}

TEST_CASE("lamport clocks: verdicts for n = 2..4, the same with 2 threads") {
  // n = 2 with one event each: every pair of events is either ordered or has equal timestamps,
  // so even the converse holds; with two events each it fails.
  const CheckReport small = check_clocks({{"n", "2"}});
  CHECK(small.stats.states == 27);
  CHECK(property(small, "clock-condition").verdict == Verdict::Holds);
  CHECK(property(small, "converse").verdict == Verdict::Holds);

  for (const auto &params : {std::map<std::string, std::string>{{"n", "2"}, {"events", "2"}},
                             std::map<std::string, std::string>{{"n", "4"}}}) {
    const CheckReport one = check_clocks(params, 1);
    const CheckReport two = check_clocks(params, 2);
    CHECK(two.stats.states == one.stats.states);
    CHECK(two.stats.transitions == one.stats.transitions);
    CHECK(property(one, "clock-condition").verdict == Verdict::Holds);
    CHECK(property(one, "converse").verdict == Verdict::Violated);
    CHECK(property(two, "converse").explanation == property(one, "converse").explanation);
    REQUIRE(property(two, "converse").trace);
    CHECK(property(two, "converse").trace->steps.size() == 3);
  }
  CHECK(check_clocks({{"n", "2"}, {"events", "2"}}).stats.states == 889);
  CHECK(check_clocks({{"n", "4"}}).stats.states == 28445);
}

TEST_CASE("a clock that ignores received timestamps breaks the clock condition") {
  const CheckReport report = check_clocks({{"n", "3"}, {"receive", "own"}});
  const PropertyResult &condition = property(report, "clock-condition");
  REQUIRE(condition.verdict == Verdict::Violated);
  REQUIRE(condition.trace);
  CHECK(condition.trace->steps.size() == 2); // p1 sends (t = 1), p2 receives (t = 1)
  CHECK(condition.explanation == "p1's event 1 (t = 1) happened before p2's event 1 (t = 1, "
                                 "vector [1,1,0]), yet its timestamp is not smaller");
}
