// The distributed explorer gives the one-process report: for every built-in model, for 1, 2 and
// 3 ranks (threads standing in for MPI processes, tests/engine/thread_cluster.hpp), the same
// verdicts, counts, depth and counterexamples; limits and signals stop every rank alike. The
// engine's own cases (synthetic models, under ThreadSanitizer too) are in explorer_test.cpp and
// model_error_test.cpp; the MPI runs in tests/distributed/ (mpirun, Release build).
#include "models/builtin.hpp"
#include "tests/engine/thread_cluster.hpp"

#include <protocheck/protocheck.hpp>

#include <catch2/catch.hpp>

#include <exception>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

using namespace protocheck;
using namespace protocheck::testing;

namespace {

const Registry &registry() {
  static const Registry models = builtin_models();
  return models;
}

CheckReport check_builtin(const std::string &name, const std::map<std::string, std::string> &given,
                          const CheckOptions &options) {
  const ModelEntry &entry = *registry().find(name);
  return entry.check(ParamValues::parse(entry.parameters, given), options);
}

// One process and K ranks agree on the whole report; every rank returns the same report.
void require_same_report(const std::string &name, const std::map<std::string, std::string> &given,
                         CheckOptions options, unsigned ranks) {
  INFO(name << " with " << ranks << " ranks");
  options.threads = 2;
  const CheckReport expected = check_builtin(name, given, options);
  options.threads = ranks == 2 ? 2 : 1;
  const auto outcomes = run_distributed(
      ranks, [&](const CheckOptions &mine) { return check_builtin(name, given, mine); }, options);
  for (const RankOutcome &outcome : outcomes) {
    REQUIRE(outcome.error.empty());
    REQUIRE(outcome.report);
    CHECK(comparable(*outcome.report) == comparable(expected));
    CHECK(exit_code(*outcome.report) == exit_code(expected));
  }
  // Each state is owned by one rank, and each level's new states are counted once.
  const DistributedFigures &figures = *outcomes[0].report->distributed;
  REQUIRE(figures.ranks.size() == ranks);
  std::uint64_t owned = 0, leveled = 0;
  for (const RankFigures &rank : figures.ranks)
    owned += rank.states;
  for (const LevelFigures &level : figures.levels)
    leveled += level.states;
  CHECK(owned == expected.stats.states);
  CHECK(leveled == expected.stats.states);
  CHECK(figures.levels.size() >= expected.stats.depth + 1);
}

CheckOptions every_property() {
  CheckOptions options;
  options.all = true;
  options.liveness = false;
  return options;
}

} // namespace

TEST_CASE("every built-in model: K ranks report what one process reports") {
  for (const ModelEntry &entry : registry().entries())
    for (unsigned ranks : {1u, 2u, 3u})
      require_same_report(entry.name, {}, every_property(), ranks);
}

TEST_CASE("distributed: the first violation stops every rank at the same level with the same trace") {
  CheckOptions options;
  for (unsigned ranks : {2u, 3u}) {
    require_same_report("om", {{"n", "3"}, {"f", "1"}}, options, ranks);
    require_same_report("pbft", {{"n", "4"}, {"f", "1"}, {"quorum", "2"}}, options, ranks);
    require_same_report("maekawa", {}, options, ranks);
    require_same_report("token-ring", {}, options, ranks);
  }
}

TEST_CASE("distributed: fingerprints, symmetry and bounds") {
  CheckOptions fingerprints = every_property();
  fingerprints.fingerprints = true;
  require_same_report("om", {{"n", "4"}, {"f", "1"}}, fingerprints, 2);
  require_same_report("naive-majority", {}, fingerprints, 3);
  CheckOptions symmetry = every_property();
  symmetry.symmetry = true;
  require_same_report("om", {{"n", "5"}, {"f", "1"}}, symmetry, 3);
}

TEST_CASE("distributed: --max-states stops after the same level on every rank") {
  CheckOptions options = every_property();
  options.max_states = 100;
  for (unsigned ranks : {2u, 3u})
    require_same_report("om", {{"n", "5"}, {"f", "1"}}, options, ranks);
  const CheckReport report = check_builtin("om", {{"n", "5"}, {"f", "1"}}, options);
  CHECK(report.outcome == Outcome::Partial);
}

TEST_CASE("distributed: a signal on one rank stops them all with one partial report") {
  std::atomic<bool> raised{true};
  CheckOptions options = every_property();
  options.threads = 1;
  const auto outcomes = run_distributed(
      3,
      [&](const CheckOptions &given) {
        CheckOptions mine = given;
        if (given.cluster->rank() == 1)
          mine.interrupt = &raised; // only rank 1 got the signal
        return check_builtin("om", {{"n", "5"}, {"f", "1"}}, mine);
      },
      options);
  for (const RankOutcome &outcome : outcomes) {
    REQUIRE(outcome.report);
    CHECK(outcome.report->outcome == Outcome::Partial);
    // The initial states are always reported; the level being built is dropped.
    CHECK(outcome.report->stats.states == 1);
    CHECK(outcome.report->partial_reason == "interrupted after 1 states to depth 0");
  }
}

TEST_CASE("distributed: liveness is refused with one line, on every rank") {
  const auto outcomes = run_distributed(
      2, [&](const CheckOptions &mine) { return check_builtin("crash-consensus", {}, mine); },
      CheckOptions{});
  for (const RankOutcome &outcome : outcomes)
    CHECK(outcome.error == "--distributed does not decide liveness properties (model "
                           "crash-consensus has them): add --no-liveness to check the others");
}
