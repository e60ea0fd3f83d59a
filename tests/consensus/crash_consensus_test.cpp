// Crash consensus (Dolev-Strong style): f+1 rounds suffice, f rounds do not.
#include "checker/trace_file.hpp"

#include <protocheck/engine/check.hpp>
#include <protocheck/engine/replay.hpp>
#include <protocheck/models/builtin_models_engine.hpp>
#include <protocheck/models/consensus/crash_consensus.hpp>

#include <catch2/catch.hpp>

#include <bit>
#include <set>
#include <string>
#include <vector>

using namespace protocheck;
using consensus::CrashConsensus;

// Charts draw each message a step sends through the optional hook; a wrong signature would
// silently drop it.
static_assert(CarriesMessages<protocheck::consensus::CrashConsensus>);

namespace {

CheckReport run(int n, int f, int rounds, unsigned threads = 1) {
  CheckOptions options;
  options.threads = threads;
  options.all = true; // explore everything, so that the state counts are those of the whole space
  std::map<std::string, std::string> params{{"n", std::to_string(n)}, {"f", std::to_string(f)}};
  if (rounds > 0)
    params["rounds"] = std::to_string(rounds);
  return check<CrashConsensus>(params, options, "crash-consensus");
}

std::vector<TraceStep> steps_of_kind(const Trace &trace, EventKind kind) {
  std::vector<TraceStep> found;
  for (const TraceStep &step : trace.steps)
    if (step.event.kind == kind)
      found.push_back(step);
  return found;
}

unsigned round_of(const TraceStep &step) { return step.event.value >> 16; }
unsigned reached_of(const TraceStep &step) { return (step.event.value >> 8) & 0xff; }
unsigned values_of(const TraceStep &step) { return step.event.value & 0xff; }

struct Expected {
  int n, f;
  std::uint64_t states, transitions;
  std::uint32_t depth;
};

} // namespace

TEST_CASE("crash-consensus with f+1 rounds: agreement, validity, termination hold") {
  const std::vector<Expected> table{{3, 1, 452, 570, 9},     {3, 2, 1072, 1658, 12},
                                    {4, 1, 1938, 2762, 12},  {4, 2, 7158, 12894, 16},
                                    {5, 1, 7314, 11932, 15}, {5, 2, 36990, 83154, 20}};
  for (const Expected &expected : table) {
    CAPTURE(expected.n, expected.f);
    const CheckReport report = run(expected.n, expected.f, 0);
    CHECK(report.outcome == Outcome::Holds);
    CHECK(property(report, "agreement").verdict == Verdict::Holds);
    CHECK(property(report, "validity").verdict == Verdict::Holds);
    CHECK(property(report, "termination").verdict == Verdict::Holds);
    CHECK(report.stats.states == expected.states);
    CHECK(report.stats.transitions == expected.transitions);
    CHECK(report.stats.depth == expected.depth);
  }
}

TEST_CASE("crash-consensus without crashes: one path per proposal vector") {
  // 2^n proposal vectors, each followed by rounds * n multicasts and n decisions, one state each.
  CHECK(run(3, 0, 0).stats.states == 8 * (1 + 3 + 3));
  CHECK(run(4, 0, 0).stats.states == 16 * (1 + 4 + 4));
  CHECK(run(3, 0, 2).stats.states == 8 * (1 + 6 + 3));
}

TEST_CASE("crash-consensus, n = 2, f = 1, one round: the 52 states counted by hand") {
  // Per proposal vector (v1, v2): p1 multicasts, or crashes reaching p2 or nobody (3 states); after
  // the multicast p2 multicasts, or crashes reaching p1 or nobody (3), and the survivors decide
  // (2, 1, 1 states); after p1's crash p2 multicasts to nobody and decides (2 + 2). That is 15, but
  // when v1 = v2 "p2 crashed reaching p1" equals "reaching nobody" and "p1 crashed reaching p2"
  // equals "reaching nobody" once p2 has multicast, which saves 2 + 2: 2 * 11 + 2 * 15 = 52.
  const CheckReport report = run(2, 1, 1);
  CHECK(report.stats.states == 52);
  CHECK(report.outcome == Outcome::Holds);
}

TEST_CASE("crash-consensus with f rounds: a chain of crashes breaks agreement") {
  const std::vector<Expected> violated{{3, 1, 262, 308, 6},
                                       {4, 1, 1068, 1444, 8},
                                       {4, 2, 5374, 10254, 12},
                                       {5, 1, 3910, 6128, 10},
                                       {5, 2, 28190, 70344, 15}};
  for (const Expected &expected : violated) {
    CAPTURE(expected.n, expected.f);
    const CheckReport report = run(expected.n, expected.f, expected.f);
    CHECK(report.stats.states == expected.states);
    CHECK(report.stats.transitions == expected.transitions);
    CHECK(report.stats.depth == expected.depth);
    CHECK(report.outcome == Outcome::Violated);
    CHECK(property(report, "validity").verdict == Verdict::Holds);
    CHECK(property(report, "termination").verdict == Verdict::Holds);
    const PropertyResult &agreement = property(report, "agreement");
    REQUIRE(agreement.verdict == Verdict::Violated);
    REQUIRE(agreement.trace);
    const Trace &trace = *agreement.trace;

    // Shape: exactly f crashes, one per round, each reaching somebody with the same value; each
    // later crasher is one that the crash before reached.
    const std::vector<TraceStep> crashes = steps_of_kind(trace, EventKind::Crash);
    REQUIRE(crashes.size() == static_cast<std::size_t>(expected.f));
    for (std::size_t k = 0; k < crashes.size(); ++k) {
      CHECK(round_of(crashes[k]) == k + 1);
      CHECK(reached_of(crashes[k]) != 0);
      CHECK(values_of(crashes[k]) == values_of(crashes[0]));
      if (k > 0)
        CHECK((reached_of(crashes[k - 1]) >> crashes[k].event.actor) & 1);
      // The step lists the copies that got through, one Transmit each, for the chart's fan.
      std::set<unsigned> receivers;
      for (const CarriedMessage &copy : crashes[k].carried) {
        CHECK(copy.event.kind == EventKind::Transmit);
        CHECK(copy.event.actor == crashes[k].event.actor);
        const unsigned values = values_of(crashes[k]);
        CHECK(copy.label == (values == 1   ? "values {0}"
                             : values == 2 ? "values {1}"
                                           : "values {0,1}"));
        receivers.insert(copy.event.peer);
      }
      CHECK(receivers.size() == crashes[k].carried.size());
      unsigned mask = 0;
      for (const unsigned q : receivers)
        mask |= 1u << q;
      CHECK(mask == reached_of(crashes[k]));
    }
    // Every multicast that happened lists one copy per process it reached.
    for (const TraceStep &multicast : steps_of_kind(trace, EventKind::Transmit))
      CHECK(multicast.carried.size() ==
            static_cast<std::size_t>(std::popcount(reached_of(multicast))));
    // The trace ends with the second of two correct decisions, and they differ.
    const std::vector<TraceStep> decisions = steps_of_kind(trace, EventKind::Decide);
    REQUIRE(decisions.size() == 2);
    CHECK((decisions[0].event.value & 0xff) != (decisions[1].event.value & 0xff));
    CHECK(trace.steps.back().event.kind == EventKind::Decide);
    // Shortest: every live process has its step in each of the f rounds, then two decide.
    std::size_t multicast_steps = 0;
    for (int round = 0; round < expected.f; ++round)
      multicast_steps += static_cast<std::size_t>(expected.n - round);
    CHECK(trace.steps.size() == multicast_steps + 2);
    CHECK(agreement.explanation.find("decided 0 but correct") != std::string::npos);
  }
}

TEST_CASE("crash-consensus, n = 3, f = 2, 2 rounds: agreement still holds") {
  // Two crashes leave a single correct process, and one crash alone is survived in two rounds.
  const CheckReport report = run(3, 2, 2);
  CHECK(report.outcome == Outcome::Holds);
  CHECK(report.stats.states == 802);
}

TEST_CASE("crash-consensus, the value of a crashed process can win (slide 59's integrity fails)") {
  const CheckReport report = run(3, 1, 0);
  const PropertyResult &witness = property(report, "crashed-value-decided");
  CHECK(witness.verdict == Verdict::Holds);
  REQUIRE(witness.trace);
  CHECK(steps_of_kind(*witness.trace, EventKind::Crash).size() == 1);
  CHECK(witness.explanation.find("proposed only by a process that crashed") != std::string::npos);
}

TEST_CASE("crash-consensus, the first counterexample step by step") {
  const CheckReport report = run(3, 1, 1);
  const PropertyResult &agreement = property(report, "agreement");
  REQUIRE(agreement.trace);
  std::vector<std::string> actions;
  for (const TraceStep &step : agreement.trace->steps)
    actions.push_back(step.action);
  // Proposals 1, 1, 0: p3's 0 reaches only p1 as p3 crashes, and there is no round left to pass it
  // on to p2.
  CHECK(actions ==
        std::vector<std::string>{"round 1: p1 multicasts {1} to p2, p3",
                                 "round 1: p2 multicasts {1} to p1, p3",
                                 "round 1: p3 crashes while multicasting {0}: only p1 received it",
                                 "p1 decides 0 = min {0,1}", "p2 decides 1 = min {1}"});
  CHECK(agreement.explanation == "correct p1 decided 0 but correct p2 decided 1");
}

TEST_CASE("crash-consensus, the first counterexample as a chart draws it") {
  const CheckReport report = run(3, 1, 1);
  const PropertyResult &agreement = property(report, "agreement");
  REQUIRE(agreement.trace);
  const CrashConsensus model({.n = 3, .f = 1, .rounds = 1});
  // The faulty processes at the end, found as charts find them: by replaying the trace.
  const ReplayResult replayed = replay_trace(model, record_trace(agreement, report.processes));
  REQUIRE(replayed.confirmed);
  CHECK(replayed.faulty == std::set<std::size_t>{2}); // p3 crashed in round 1
  std::vector<std::string> labels;
  for (const TraceStep &step : agreement.trace->steps)
    labels.push_back(model.message_label(step.event));
  // A crash in the middle of a multicast still carries its values; a decision carries no message.
  CHECK(labels == std::vector<std::string>{"values {1}", "values {1}", "values {0}",
                                           "p1 decides 0 = min {0,1}", "p2 decides 1 = min {1}"});
}

TEST_CASE("crash-consensus, bad parameters") {
  CHECK_THROWS_WITH(run(3, 3, 0), Catch::Contains("at most n-1 = 2"));
  CHECK_THROWS_WITH(run(3, 1, 11), Catch::Contains("1..10"));
  CHECK_THROWS_WITH(run(9, 1, 0), Catch::Contains("2..8"));
}

TEST_CASE("crash-consensus, 1 and 2 threads agree") {
  for (const int rounds : {0, 2}) {
    const CheckReport one = run(4, 2, rounds, 1);
    const CheckReport two = run(4, 2, rounds, 2);
    CHECK(one.stats.states == two.stats.states);
    CHECK(one.stats.transitions == two.stats.transitions);
    CHECK(one.outcome == two.outcome);
    const PropertyResult &a = property(one, "agreement");
    const PropertyResult &b = property(two, "agreement");
    CHECK(a.verdict == b.verdict);
    REQUIRE(a.trace.has_value() == b.trace.has_value());
    if (a.trace) {
      REQUIRE(a.trace->steps.size() == b.trace->steps.size());
      for (std::size_t k = 0; k < a.trace->steps.size(); ++k)
        CHECK(a.trace->steps[k].action == b.trace->steps[k].action);
    }
  }
}

TEST_CASE("crash-consensus, termination as liveness: every correct process decides") {
  // Judged on the state graph with no fairness, so a cycle would violate it as well as a run that
  // stops early. Rounds and turns only advance, so it holds for every n, f and number of rounds,
  // also with f rounds, where agreement fails; with 1 and 2 threads.
  for (const Expected &expected :
       std::vector<Expected>{{3, 1, 452, 570, 9}, {4, 2, 7158, 12894, 16}})
    for (const int rounds : {0, expected.f})
      for (const unsigned threads : {1u, 2u}) {
        CAPTURE(expected.n, expected.f, rounds, threads);
        const CheckReport report = run(expected.n, expected.f, rounds, threads);
        const PropertyResult &terminates = property(report, "terminates");
        CHECK(terminates.kind == PropertyKind::Eventually);
        CHECK(terminates.verdict == Verdict::Holds);
        CHECK(property(report, "termination").verdict == Verdict::Holds);
        CHECK(property(report, "agreement").verdict ==
              (rounds == 0 ? Verdict::Holds : Verdict::Violated));
        CHECK(report.fairness == "none (every cycle counts)");
        if (rounds == 0)
          CHECK(report.stats.states == expected.states);
      }
}
