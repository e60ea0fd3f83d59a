// The engine on models whose state spaces are known by construction: one process with 1 to 8
// threads, and a distributed run of 1 to 4 ranks (threads standing in for MPI processes,
// tests/engine/thread_cluster.hpp), which must report what one process reports. Runs under
// ThreadSanitizer in the test command.
#include <protocheck/engine/check.hpp>
#include "tests/engine/synthetic_models.hpp"
#include "tests/engine/thread_cluster.hpp"

#include <catch2/catch.hpp>

#include <atomic>

using namespace protocheck;
using namespace protocheck::testing;

namespace {

CheckOptions with_threads(unsigned threads, bool all = false) {
  CheckOptions options;
  options.threads = threads;
  options.all = all;
  return options;
}

} // namespace

TEST_CASE("a k-bit counter has exactly 2^k states and k * 2^k transitions") {
  for (const unsigned threads : {1u, 2u, 4u}) {
    for (const unsigned k : {1u, 4u, 10u}) {
      const CheckReport report = check<BitCounter>({{"k", std::to_string(k)}}, with_threads(threads));
      CHECK(report.stats.states == (1u << k));
      CHECK(report.stats.transitions == k * (1u << k));
      CHECK(report.stats.depth == k);
      CHECK(report.outcome == Outcome::Holds);
      CHECK(property(report, "fits").verdict == Verdict::Holds);
      const PropertyResult &witness = property(report, "all-ones");
      CHECK(witness.verdict == Verdict::Holds);
      REQUIRE(witness.trace);
      CHECK(witness.trace->steps.size() == k); // shortest: one flip per bit
      const PropertyResult &ones = property(report, "ones");
      REQUIRE(ones.value);
      CHECK(*ones.value == static_cast<std::int64_t>(k));
      REQUIRE(ones.trace);
      CHECK(ones.trace->steps.size() == k);
    }
  }
}

TEST_CASE("the table grows under contention and loses no state") {
  // 2^18 states start in a table of 2^16 slots, so it must grow several times mid-level.
  for (const unsigned threads : {1u, 2u, 8u}) {
    const CheckReport report = check<BitCounter>({{"k", "18"}}, with_threads(threads));
    CHECK(report.stats.states == (1u << 18));
    CHECK(report.stats.transitions == 18u * (1u << 18));
    CHECK(report.stats.depth == 18);
  }
}

TEST_CASE("the shortest counterexample is the same for every thread count") {
  const std::map<std::string, std::string> params{{"width", "200"}, {"height", "200"}, {"target", "120"}};
  const CheckReport one = check<GridWalk>(params, with_threads(1));
  const PropertyResult &safe = property(one, "safe");
  REQUIRE(safe.verdict == Verdict::Violated);
  REQUIRE(safe.trace);
  CHECK(safe.trace->steps.size() == 120);
  // A sequential BFS that tries "up" before "right" first reaches the bad diagonal at the cell
  // with the fewest "right" moves allowed, x == y == 60, by going up 60 times first.
  for (std::size_t k = 0; k < 60; ++k)
    CHECK(safe.trace->steps[k].action == "up");
  for (std::size_t k = 60; k < 120; ++k)
    CHECK(safe.trace->steps[k].action == "right");
  // Stopped at the first violating level: every state up to depth 120, nothing beyond.
  CHECK(one.stats.depth == 120);
  CHECK(one.stats.states == 121u * 122u / 2u);
  CHECK(property(one, "corner").verdict == Verdict::Unknown);
  for (const unsigned threads : {2u, 3u, 8u}) {
    const CheckReport many = check<GridWalk>(params, with_threads(threads));
    CHECK(many.stats.states == one.stats.states);
    CHECK(many.stats.transitions == one.stats.transitions);
    const PropertyResult &other = property(many, "safe");
    REQUIRE(other.trace);
    REQUIRE(other.trace->steps.size() == safe.trace->steps.size());
    for (std::size_t k = 0; k < other.trace->steps.size(); ++k)
      CHECK(other.trace->steps[k].action == safe.trace->steps[k].action);
  }
}

TEST_CASE("option --all explores everything and decides every property") {
  const CheckReport report =
      check<GridWalk>({{"width", "30"}, {"height", "20"}, {"target", "10"}}, with_threads(2, true));
  CHECK(report.stats.states == 30u * 20u);
  CHECK(report.stats.depth == 29 + 19);
  CHECK(property(report, "safe").verdict == Verdict::Violated);
  CHECK(property(report, "corner").verdict == Verdict::Holds);
  CHECK(report.outcome == Outcome::Violated);
}

TEST_CASE("a terminal state where a process waits is a deadlock at its depth") {
  for (const unsigned threads : {1u, 2u}) {
    const CheckReport report = check<DeadEnd>({{"length", "7"}}, with_threads(threads));
    const PropertyResult &deadlock = property(report, "no-deadlock");
    CHECK(deadlock.verdict == Verdict::Violated);
    REQUIRE(deadlock.trace);
    CHECK(deadlock.trace->steps.size() == 7);
    CHECK(deadlock.explanation == "p waits at position 7");
    CHECK(report.stats.states == 8);
    CHECK(exit_code(report) == ExitViolated);
  }
}

TEST_CASE("limits stop the run with a partial result") {
  CheckOptions options = with_threads(2);
  options.max_states = 1000;
  const CheckReport report = check<BitCounter>({{"k", "16"}}, options);
  CHECK(report.outcome == Outcome::Partial);
  CHECK(exit_code(report) == ExitLimit);
  CHECK(report.stats.states >= 1000);
  CHECK(report.stats.states < (1u << 16));
  CHECK(property(report, "fits").verdict == Verdict::Unknown);
  CHECK(report.partial_reason.find("--max-states 1000") != std::string::npos);
  // The limit is judged between levels, so the partial result is the same for any thread count.
  const CheckReport one_thread = check<BitCounter>({{"k", "16"}}, [] {
    CheckOptions limited = with_threads(1);
    limited.max_states = 1000;
    return limited;
  }());
  CHECK(one_thread.stats.states == report.stats.states);
  CHECK(one_thread.stats.transitions == report.stats.transitions);
  CHECK(one_thread.stats.depth == report.stats.depth);

  std::atomic<bool> interrupt{true};
  CheckOptions interrupted = with_threads(2);
  interrupted.interrupt = &interrupt;
  const CheckReport stopped = check<BitCounter>({{"k", "16"}}, interrupted);
  CHECK(stopped.outcome == Outcome::Partial);
  CHECK(stopped.partial_reason.rfind("interrupted", 0) == 0);
  // The flag is seen after the first batch (the initial state); the level being built then is
  // dropped, not committed, so only the initial state is reported.
  CHECK(stopped.stats.states == 1);
  CHECK(stopped.stats.depth == 0);
}

TEST_CASE("traces list only the variables that changed") {
  const CheckReport report = check<GridWalk>({{"width", "3"}, {"height", "3"}, {"target", "1"}});
  const PropertyResult &safe = property(report, "safe");
  REQUIRE(safe.trace);
  REQUIRE(safe.trace->steps.size() == 1);
  CHECK(safe.trace->initial == StateView{{"x", "0"}, {"y", "0"}});
  CHECK(safe.trace->steps[0].action == "right");
  CHECK(safe.trace->steps[0].changes == std::vector<Variable>{{"x", "1"}});
}

// A distributed run on the same models.

namespace {

template <class M>
void require_same_distributed_report(const std::map<std::string, std::string> &given, CheckOptions options,
                         unsigned ranks, unsigned threads) {
  INFO(ranks << " ranks of " << threads << " threads");
  options.threads = 2;
  const CheckReport expected = check<M>(given, options, "synthetic");
  options.threads = threads;
  const auto outcomes = run_distributed(
      ranks, [&](const CheckOptions &mine) { return check_distributed<M>(given, mine, "synthetic"); }, options);
  for (const RankOutcome &outcome : outcomes) {
    REQUIRE(outcome.error.empty());
    REQUIRE(outcome.report);
    CHECK(comparable(*outcome.report) == comparable(expected));
  }
}

} // namespace

TEST_CASE("distributed: the bit counter's 2^k states, k 2^k transitions, depth k and bound") {
  CheckOptions options;
  options.all = true;
  for (unsigned ranks : {1u, 2u, 3u, 4u}) {
    const auto outcomes = run_distributed(
        ranks,
        [](const CheckOptions &mine) { return check_distributed<BitCounter>({{"k", "12"}}, mine, "bits"); },
        [&] {
          CheckOptions mine = options;
          mine.threads = 2;
          return mine;
        }());
    for (const RankOutcome &outcome : outcomes) {
      REQUIRE(outcome.report);
      const CheckReport &report = *outcome.report;
      CHECK(report.stats.states == 4096);
      CHECK(report.stats.transitions == 12 * 4096);
      CHECK(report.stats.depth == 12);
      REQUIRE(report.properties.size() == 3);
      CHECK(report.properties[1].verdict == Verdict::Holds); // all-ones reachable
      REQUIRE(report.properties[1].trace);
      CHECK(report.properties[1].trace->steps.size() == 12);
      REQUIRE(report.properties[2].value);
      CHECK(*report.properties[2].value == 12);
      std::uint64_t owned = 0;
      for (const RankFigures &rank : report.distributed->ranks)
        owned += rank.states;
      CHECK(owned == 4096);
    }
    require_same_distributed_report<BitCounter>({{"k", "12"}}, options, ranks, 2);
  }
}

TEST_CASE("distributed: among several shortest counterexamples, the one-process one") {
  const std::map<std::string, std::string> grid{{"width", "200"}, {"height", "200"},
                                                {"target", "150"}};
  for (unsigned ranks : {2u, 3u})
    for (unsigned threads : {1u, 2u}) {
      require_same_distributed_report<GridWalk>(grid, CheckOptions{}, ranks, threads);
      CheckOptions all;
      all.all = true;
      require_same_distributed_report<GridWalk>(grid, all, ranks, threads);
    }
}

TEST_CASE("distributed: a deadlock at the end of a chain, in exact and fingerprint mode") {
  CheckOptions fingerprints;
  fingerprints.fingerprints = true;
  for (unsigned ranks : {2u, 3u}) {
    require_same_distributed_report<DeadEnd>({{"length", "40"}}, CheckOptions{}, ranks, 1);
    require_same_distributed_report<DeadEnd>({{"length", "40"}}, fingerprints, ranks, 2);
    require_same_distributed_report<GridWalk>({{"width", "100"}, {"height", "100"}, {"target", "120"}},
                                  fingerprints, ranks, 2);
  }
}

TEST_CASE("distributed: --max-states and a time limit stop every rank after the same level") {
  CheckOptions options;
  options.max_states = 1000;
  require_same_distributed_report<BitCounter>({{"k", "14"}}, options, 3, 2);
  CheckOptions late;
  late.time_limit_seconds = 1e-9; // already past when the first level is done
  const auto outcomes = run_distributed(
      2, [](const CheckOptions &mine) { return check_distributed<BitCounter>({{"k", "14"}}, mine, "bits"); },
      late);
  for (const RankOutcome &outcome : outcomes) {
    REQUIRE(outcome.report);
    CHECK(outcome.report->outcome == Outcome::Partial);
    CHECK(outcome.report->stats.states == 1);
  }
}
