// Bully: safe for a stable group, unsafe when the old coordinator restarts during an election
// (slide 22); the best and worst message counts of slide 23, exactly.
#include "checker/check.hpp"
#include "models/election/bully.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace protocheck;
using election::Bully;

namespace {

CheckReport run(std::map<std::string, std::string> params, unsigned threads = 1) {
  CheckOptions options;
  options.threads = threads;
  options.all = true; // explore everything, so that the state counts are those of the whole space
  return check<Bully>(params, options, "bully");
}

std::int64_t max_messages(const CheckReport &report) {
  const PropertyResult &messages = property(report, "messages");
  REQUIRE(messages.value);
  return *messages.value;
}

std::vector<std::string> actions(const Trace &trace) {
  std::vector<std::string> texts;
  for (const TraceStep &step : trace.steps)
    texts.push_back(step.action);
  return texts;
}

} // namespace

TEST_CASE("bully, one crash, no restart: safe, and the pinned state spaces") {
  struct Expected {
    int n, crashes;
    std::uint64_t states, transitions;
    std::uint32_t depth;
    std::int64_t messages;
  };
  const std::vector<Expected> table{{3, 1, 23, 25, 9, 7},      {4, 1, 64, 84, 9, 14},
                                    {5, 1, 172, 259, 10, 26},  {6, 1, 451, 759, 10, 42},
                                    {4, 2, 690, 1031, 20, 30}, {5, 2, 3800, 6110, 21, 53}};
  for (const Expected &expected : table) {
    CAPTURE(expected.n, expected.crashes);
    const CheckReport report =
        run({{"n", std::to_string(expected.n)}, {"crashes", std::to_string(expected.crashes)}});
    CHECK(report.outcome == Outcome::Holds);
    CHECK(property(report, "one-coordinator").verdict == Verdict::Holds);
    CHECK(property(report, "agreement-when-quiet").verdict == Verdict::Holds);
    CHECK(property(report, "all-know-coordinator").verdict == Verdict::Holds);
    CHECK(report.stats.states == expected.states);
    CHECK(report.stats.transitions == expected.transitions);
    CHECK(report.stats.depth == expected.depth);
    CHECK(max_messages(report) == expected.messages);
  }
}

TEST_CASE("bully, best and worst case of slide 23, exactly") {
  for (const int n : {3, 4, 5, 6}) {
    CAPTURE(n);
    // Best: the second highest detects: one election to the dead coordinator, then coordinator
    // messages to the n-2 others.
    const CheckReport best = run({{"n", std::to_string(n)}, {"detectors", std::to_string(n - 1)}});
    CHECK(best.outcome == Outcome::Holds);
    CHECK(max_messages(best) == n - 1);
    // Worst: the lowest detects. Every live process p1..p(n-1) calls one election to all higher
    // ids (n(n-1)/2 messages), every election reaching a live process is answered
    // ((n-1)(n-2)/2), and p(n-1) announces itself to the n-2 below it.
    const CheckReport worst = run({{"n", std::to_string(n)}, {"detectors", "1"}});
    CHECK(worst.outcome == Outcome::Holds);
    CHECK(max_messages(worst) == n * (n - 1) / 2 + (n - 1) * (n - 2) / 2 + (n - 2));
    // One path: some process crashes (n ways, only pn's crash leads on), p1 detects, 4 rounds.
    CHECK(worst.stats.states == static_cast<std::uint64_t>(1 + n + 1 + 4));
  }
  // When anyone may detect, a late detection after the announcement starts a second election.
  CHECK(max_messages(run({{"n", "4"}})) == 14);
}

TEST_CASE("bully, the old coordinator restarts during the election: two coordinators") {
  const CheckReport report = run({{"n", "4"}, {"restarts", "1"}});
  CHECK(report.outcome == Outcome::Violated);
  CHECK(report.stats.states == 210);
  CHECK(report.stats.transitions == 327);
  CHECK(max_messages(report) == 21);

  const PropertyResult &safety = property(report, "one-coordinator");
  REQUIRE(safety.verdict == Verdict::Violated);
  REQUIRE(safety.trace);
  CHECK(actions(*safety.trace) ==
        std::vector<std::string>{
            "p4 crashes", "p3 detects that coordinator p4 has failed and calls an election",
            "round: every live process handles its messages",
            "round: every live process handles its messages; p3 got no answer and declares "
            "itself coordinator",
            "p4 restarts and, highest of all, announces itself coordinator"});
  CHECK(safety.explanation == "p3 and p4 both act as coordinator");

  // No guarantee on the order of delivery: p1 and p2 may handle p3's announcement last and keep
  // p3 as coordinator for good.
  const PropertyResult &agreement = property(report, "agreement-when-quiet");
  REQUIRE(agreement.verdict == Verdict::Violated);
  REQUIRE(agreement.trace);
  REQUIRE(agreement.trace->steps.size() == 6);
  CHECK(agreement.trace->steps.back().action ==
        "round: every live process handles its messages; p1 handles p3's coordinator message "
        "last; p2 handles p3's coordinator message last");
  CHECK(agreement.explanation == "p1 takes p3 for the coordinator, but p4 is the highest live "
                                 "process");
  CHECK(property(report, "all-know-coordinator").verdict == Verdict::Violated);
}

TEST_CASE("bully, restarts violate safety for every n") {
  for (const int n : {3, 5}) {
    CAPTURE(n);
    const CheckReport report = run({{"n", std::to_string(n)}, {"restarts", "1"}});
    const PropertyResult &safety = property(report, "one-coordinator");
    REQUIRE(safety.verdict == Verdict::Violated);
    REQUIRE(safety.trace);
    CHECK(safety.trace->steps.size() == 5);
    CHECK(safety.trace->steps.front().event.kind == EventKind::Crash);
    CHECK(safety.trace->steps.back().event.kind == EventKind::Crash); // the restart
    CHECK(safety.trace->steps.back().event.actor == n - 1);
  }
}

TEST_CASE("bully, bad parameters") {
  CHECK_THROWS_WITH(run({{"n", "3"}, {"detectors", "4"}}), Catch::Contains("1..3"));
  CHECK_THROWS_WITH(run({{"n", "7"}}), Catch::Contains("2..6"));
}

TEST_CASE("bully, 1 and 2 threads agree") {
  for (const char *restarts : {"0", "1"}) {
    CAPTURE(restarts);
    const CheckReport one = run({{"n", "5"}, {"restarts", restarts}}, 1);
    const CheckReport two = run({{"n", "5"}, {"restarts", restarts}}, 2);
    CHECK(one.stats.states == two.stats.states);
    CHECK(one.stats.transitions == two.stats.transitions);
    CHECK(max_messages(one) == max_messages(two));
    for (const char *name : {"one-coordinator", "agreement-when-quiet"}) {
      const PropertyResult &a = property(one, name);
      const PropertyResult &b = property(two, name);
      CHECK(a.verdict == b.verdict);
      REQUIRE(a.trace.has_value() == b.trace.has_value());
      if (a.trace)
        CHECK(actions(*a.trace) == actions(*b.trace));
    }
  }
}
