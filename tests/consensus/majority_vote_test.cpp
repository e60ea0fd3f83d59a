// Majority vote (slide 60): correct without failures; one crash or one liar breaks agreement.
#include "checker/trace_file.hpp"

#include <protocheck/engine/check.hpp>
#include <protocheck/engine/replay.hpp>
#include <protocheck/models/builtin_models_engine.hpp>
#include <protocheck/models/consensus/majority_vote.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

using namespace protocheck;
using consensus::MajorityVote;

// Charts draw each message a step sends through the optional hook; a wrong signature would
// silently drop it.
static_assert(CarriesMessages<protocheck::consensus::MajorityVote>);

namespace {

CheckReport run(int n, int crash, int liars, unsigned threads = 1) {
  CheckOptions options;
  options.threads = threads;
  options.all = true; // explore everything, so that the state counts are those of the whole space
  return check<MajorityVote>({{"n", std::to_string(n)},
                              {"crash", std::to_string(crash)},
                              {"liars", std::to_string(liars)}},
                             options, "majority-vote");
}

std::vector<std::string> actions(const Trace &trace) {
  std::vector<std::string> texts;
  for (const TraceStep &step : trace.steps)
    texts.push_back(step.action);
  return texts;
}

std::size_t count_kind(const Trace &trace, EventKind kind) {
  return static_cast<std::size_t>(
      std::count_if(trace.steps.begin(), trace.steps.end(),
                    [kind](const TraceStep &step) { return step.event.kind == kind; }));
}

// The faulty processes at the end of a property's trace, found as charts find them: by replaying
// the trace against the model.
std::set<std::size_t> faulty_at_end(const CheckReport &report, const PropertyResult &result,
                                    const MajorityVote &model) {
  REQUIRE(result.trace);
  const ReplayResult replayed = replay_trace(model, record_trace(result, report.processes));
  REQUIRE(replayed.confirmed);
  REQUIRE(replayed.faulty);
  return *replayed.faulty;
}

std::vector<std::string> labels(const Trace &trace, const MajorityVote &model) {
  std::vector<std::string> texts;
  for (const TraceStep &step : trace.steps)
    texts.push_back(model.message_label(step.event));
  return texts;
}

} // namespace

TEST_CASE("majority-vote without failures: agreement and integrity hold") {
  for (const int n : {2, 3, 4, 5}) {
    CAPTURE(n);
    const CheckReport report = run(n, 0, 0);
    CHECK(report.outcome == Outcome::Holds);
    CHECK(property(report, "agreement").verdict == Verdict::Holds);
    CHECK(property(report, "integrity").verdict == Verdict::Holds);
    CHECK(property(report, "termination").verdict == Verdict::Holds);
    // One path per proposal vector: the initial state, n multicasts, n decisions.
    CHECK(report.stats.states == (1u << n) * static_cast<std::uint64_t>(2 * n + 1));
  }
}

TEST_CASE("majority-vote with one crash: agreement fails") {
  // Counted by hand for n = 3: per proposal vector the crash-free path has 7 states; a crash at
  // the k-th multicast (4 subsets of the 2 others reached) starts a path of 1 + (3-k) + 2 states,
  // all distinct: 7 + 4 * (5 + 4 + 3) = 55, and 8 * 55 = 440.
  const CheckReport three = run(3, 1, 0);
  CHECK(three.stats.states == 440);
  const PropertyResult &agreement = property(three, "agreement");
  REQUIRE(agreement.verdict == Verdict::Violated);
  CHECK(property(three, "integrity").verdict == Verdict::Holds);
  REQUIRE(agreement.trace);
  CHECK(actions(*agreement.trace) ==
        std::vector<std::string>{"p1 multicasts 1 to p2, p3", "p2 multicasts 0 to p1, p3",
                                 "p3 crashes while multicasting 0: only p1 received it",
                                 "p1 decides 0 (votes 0:2 1:1)",
                                 "p2 decides none (no majority) (votes 0:1 1:1)"});

  const CheckReport four_processes = run(4, 1, 0);
  CHECK(four_processes.stats.states == 2960);
  const PropertyResult &four = property(four_processes, "agreement");
  REQUIRE(four.verdict == Verdict::Violated);
  REQUIRE(four.trace);
  CHECK(count_kind(*four.trace, EventKind::Crash) == 1);
  CHECK(count_kind(*four.trace, EventKind::Decide) == 2);
  CHECK(four.trace->steps.size() == 6); // 4 multicast steps, 2 decisions
}

TEST_CASE("majority-vote with one liar: agreement fails") {
  // Counted by hand for n = 3: 8 liar-free paths of 7 states; with liar p_k and 4 proposal vectors
  // of the others, k states before the lie, 9 lies (0, 1 or nothing to each of two), then
  // (3-k) multicasts and 2 decisions: k + 9 * (6-k) = 46, 38, 30, so 56 + 4 * 114 = 512.
  const CheckReport three = run(3, 0, 1);
  CHECK(three.stats.states == 512);
  const PropertyResult &agreement = property(three, "agreement");
  REQUIRE(agreement.verdict == Verdict::Violated);
  REQUIRE(agreement.trace);
  CHECK(actions(*agreement.trace) ==
        std::vector<std::string>{"p1 lies: 0 to p2, nothing to p3", "p2 multicasts 1 to p3",
                                 "p3 multicasts 0 to p2", "p2 decides 0 (votes 0:2 1:1)",
                                 "p3 decides none (no majority) (votes 0:1 1:1)"});
  CHECK(agreement.explanation == "correct p2 decided 0 (votes 0:2 1:1), p3 decided none (no "
                                 "majority) (votes 0:1 1:1)");
  CHECK(property(three, "integrity").verdict == Verdict::Holds);

  const CheckReport four = run(4, 0, 1);
  CHECK(four.stats.states == 4976);
  CHECK(property(four, "agreement").verdict == Verdict::Violated);
  CHECK(property(four, "integrity").verdict == Verdict::Holds);
}

TEST_CASE("majority-vote, the faulty processes and message labels of pinned counterexamples") {
  const MajorityVote crash_model({.n = 3, .crash = 1});
  const CheckReport crash = run(3, 1, 0);
  const PropertyResult &crash_agreement = property(crash, "agreement");
  CHECK(faulty_at_end(crash, crash_agreement, crash_model) == std::set<std::size_t>{2});
  CHECK(labels(*crash_agreement.trace, crash_model) ==
        std::vector<std::string>{"value 1", "value 0", "value 0", "p1 decides 0 (votes 0:2 1:1)",
                                 "p2 decides none (no majority) (votes 0:1 1:1)"});

  // The liar never crashes: only the model knows it is faulty, no variable is named so.
  const MajorityVote liar_model({.n = 3, .liars = 1});
  const CheckReport liar = run(3, 0, 1);
  const PropertyResult &liar_agreement = property(liar, "agreement");
  CHECK(faulty_at_end(liar, liar_agreement, liar_model) == std::set<std::size_t>{0});
  CHECK(labels(*liar_agreement.trace, liar_model) ==
        std::vector<std::string>{"lie: 0 to p2, nothing to p3", "value 1", "value 0",
                                 "p2 decides 0 (votes 0:2 1:1)",
                                 "p3 decides none (no majority) (votes 0:1 1:1)"});
}

TEST_CASE("majority-vote, n = 2: one faulty process already breaks integrity") {
  const CheckReport liar = run(2, 0, 1);
  const PropertyResult &integrity = property(liar, "integrity");
  REQUIRE(integrity.verdict == Verdict::Violated);
  REQUIRE(integrity.trace);
  CHECK(integrity.trace->steps.size() == 3);
  const CheckReport crash = run(2, 1, 0);
  CHECK(property(crash, "integrity").verdict == Verdict::Violated);
}

TEST_CASE("majority-vote, bad parameters") {
  CHECK_THROWS_WITH(run(3, 2, 1), Catch::Contains("at most n-1 = 2"));
  CHECK_THROWS_WITH(run(9, 0, 0), Catch::Contains("2..8"));
}

TEST_CASE("majority-vote, 1 and 2 threads agree") {
  for (const auto &[crash, liars] : std::vector<std::pair<int, int>>{{0, 0}, {1, 0}, {0, 1}}) {
    CAPTURE(crash, liars);
    const CheckReport one = run(4, crash, liars, 1);
    const CheckReport two = run(4, crash, liars, 2);
    CHECK(one.stats.states == two.stats.states);
    CHECK(one.stats.transitions == two.stats.transitions);
    const PropertyResult &a = property(one, "agreement");
    const PropertyResult &b = property(two, "agreement");
    CHECK(a.verdict == b.verdict);
    REQUIRE(a.trace.has_value() == b.trace.has_value());
    if (a.trace)
      CHECK(actions(*a.trace) == actions(*b.trace));
  }
}
