// The distributed explorer on synthetic models whose state spaces are known by construction, with
// 1 to 4 ranks (threads standing in for MPI processes) of 1 or 2 threads each: the counts, depth,
// bounds and the deterministic choice among several shortest counterexamples are the one-process
// explorer's; a model that throws on one rank is reported by all. Runs under ThreadSanitizer in
// the test command (no built-in model needed).
#include "tests/engine/synthetic_models.hpp"
#include "tests/engine/thread_cluster.hpp"

#include <protocheck/protocheck.hpp>

#include <catch2/catch.hpp>

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

using namespace protocheck;
using namespace protocheck::testing;

namespace {

template <class M>
void require_same_report(const std::map<std::string, std::string> &given, CheckOptions options,
                         unsigned ranks, unsigned threads) {
  INFO(ranks << " ranks of " << threads << " threads");
  options.threads = 2;
  const CheckReport expected = check<M>(given, options, "synthetic");
  options.threads = threads;
  const auto outcomes = run_distributed(
      ranks, [&](const CheckOptions &mine) { return check<M>(given, mine, "synthetic"); }, options);
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
        [](const CheckOptions &mine) { return check<BitCounter>({{"k", "12"}}, mine, "bits"); },
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
    require_same_report<BitCounter>({{"k", "12"}}, options, ranks, 2);
  }
}

TEST_CASE("distributed: among several shortest counterexamples, the one-process one") {
  const std::map<std::string, std::string> grid{{"width", "200"}, {"height", "200"},
                                                {"target", "150"}};
  for (unsigned ranks : {2u, 3u})
    for (unsigned threads : {1u, 2u}) {
      require_same_report<GridWalk>(grid, CheckOptions{}, ranks, threads);
      CheckOptions all;
      all.all = true;
      require_same_report<GridWalk>(grid, all, ranks, threads);
    }
}

TEST_CASE("distributed: a deadlock at the end of a chain, in exact and fingerprint mode") {
  CheckOptions fingerprints;
  fingerprints.fingerprints = true;
  for (unsigned ranks : {2u, 3u}) {
    require_same_report<DeadEnd>({{"length", "40"}}, CheckOptions{}, ranks, 1);
    require_same_report<DeadEnd>({{"length", "40"}}, fingerprints, ranks, 2);
    require_same_report<GridWalk>({{"width", "100"}, {"height", "100"}, {"target", "120"}},
                                  fingerprints, ranks, 2);
  }
}

TEST_CASE("distributed: --max-states and a time limit stop every rank after the same level") {
  CheckOptions options;
  options.max_states = 1000;
  require_same_report<BitCounter>({{"k", "14"}}, options, 3, 2);
  CheckOptions late;
  late.time_limit_seconds = 1e-9; // already past when the first level is done
  const auto outcomes = run_distributed(
      2, [](const CheckOptions &mine) { return check<BitCounter>({{"k", "14"}}, mine, "bits"); },
      late);
  for (const RankOutcome &outcome : outcomes) {
    REQUIRE(outcome.report);
    CHECK(outcome.report->outcome == Outcome::Partial);
    CHECK(outcome.report->stats.states == 1);
  }
}

namespace {

// Counts up from 0 and throws when asked for the successors of `fail_at`.
struct ThrowingCounter {
  struct State {
    std::uint8_t count = 0;
  };
  struct Config {
    unsigned fail_at = 3;
  };
  static void parameters(Parameters<Config> &declare) {
    declare.integer("fail-at", &Config::fail_at, 0, 9, "the count whose successors throw");
  }
  explicit ThrowingCounter(const Config &config) : fail_at_(config.fail_at) {}
  std::vector<std::string> process_names() const { return {"p"}; }
  template <class Emit> void initial(Emit &&emit) const { emit(local(0, 0), State{}); }
  template <class Emit> void successors(const State &state, Emit &&emit) const {
    if (state.count == fail_at_)
      throw std::out_of_range("no room for count " + std::to_string(state.count + 1));
    if (state.count < 9)
      emit(local(0, 1, state.count + 1u), State{static_cast<std::uint8_t>(state.count + 1)});
  }
  std::vector<Property<State>> properties() const {
    return {always<State>("small", "the count stays below 10",
                          [](const State &s) { return s.count < 10; })};
  }
  StateView describe(const State &state) const {
    return {{"count", std::to_string(state.count)}};
  }
  std::string describe(const Event &event) const {
    return "p counts to " + std::to_string(event.value);
  }
  unsigned fail_at_;
};

} // namespace

TEST_CASE("distributed: a model that throws on one rank is reported by all, as one process says") {
  std::string expected;
  try {
    check<ThrowingCounter>({}, CheckOptions{}, "throwing-counter");
  } catch (const ModelError &error) {
    expected = error.what();
  }
  REQUIRE(expected == "model throwing-counter: successors() threw while expanding the state "
                      "reached in 3 steps, the last one 'p counts to 3': no room for count 4");
  for (unsigned ranks : {2u, 3u}) {
    const auto outcomes = run_distributed(
        ranks,
        [](const CheckOptions &mine) { return check<ThrowingCounter>({}, mine, "throwing-counter"); },
        CheckOptions{});
    for (const RankOutcome &outcome : outcomes)
      CHECK(outcome.error == expected);
  }
}
