// Fingerprint mode (--fingerprints) against exact mode: the same counts, verdicts and traces on
// instances whose state spaces are pinned elsewhere, for one and two threads; the collision
// probability it reports; and the memory exact mode needs per state.
#include <protocheck/engine/check.hpp>
#include <protocheck/models/byzantine/oral_messages.hpp>
#include <protocheck/models/mutex/ricart_agrawala.hpp>
#include "tests/engine/same_report.hpp"
#include "tests/engine/synthetic_models.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <string>

using namespace protocheck;
using namespace protocheck::testing;

namespace {

using Params = std::map<std::string, std::string>;

CheckOptions options(unsigned threads, bool fingerprints, bool all = true) {
  CheckOptions result;
  result.threads = threads;
  result.fingerprints = fingerprints;
  result.all = all;
  return result;
}

// Fingerprint mode found what exact mode found: counts, verdicts, values and traces.
void require_same(const CheckReport &exact, const CheckReport &fingerprints) {
  CHECK_FALSE(exact.fingerprints);
  CHECK(fingerprints.fingerprints);
  protocheck::testing::require_same_findings(exact, fingerprints);
  // n^2 / 2^65, the birthday bound for 64-bit fingerprints.
  const double n = static_cast<double>(exact.stats.states);
  CHECK(fingerprints.collision_probability == Approx(n * n / std::pow(2.0, 65)));
  CHECK(fingerprints.collision_probability > 0);
}

} // namespace

TEST_CASE("fingerprints: om n = 4 gives the exact counts, verdicts and traces, 1 and 2 threads") {
  // n = 4, f = 1: 196 states, 207 transitions, depth 14 (derived by hand in om_test.cpp);
  // n = 4, f = 2 violates IC1/IC2 (n < 3f + 1), so the traces are compared too.
  for (const unsigned threads : {1u, 2u}) {
    INFO("threads = " << threads);
    const CheckReport one =
        check<byzantine::OralMessages>({{"n", "4"}, {"f", "1"}}, options(threads, true));
    require_same(check<byzantine::OralMessages>({{"n", "4"}, {"f", "1"}}, options(threads, false)),
                 one);
    CHECK(one.stats.states == 196);
    CHECK(one.stats.transitions == 207);
    CHECK(one.stats.depth == 14);
    CHECK(one.outcome == Outcome::Holds);
    const Params two{{"n", "4"}, {"f", "2"}};
    const CheckReport violated = check<byzantine::OralMessages>(two, options(threads, true));
    require_same(check<byzantine::OralMessages>(two, options(threads, false)), violated);
    CHECK(violated.outcome == Outcome::Violated);
    // Stopping at the first violation: the trace is rebuilt from successor ordinals alone.
    const Params three{{"n", "3"}, {"f", "1"}};
    require_same(check<byzantine::OralMessages>(three, options(threads, false, false)),
                 check<byzantine::OralMessages>(three, options(threads, true, false)));
  }
}

TEST_CASE("fingerprints: ricart-agrawala n = 3 gives 3174 states and the same verdicts") {
  for (const unsigned threads : {1u, 2u}) {
    INFO("threads = " << threads);
    const CheckReport report =
        check<mutex::RicartAgrawala>({{"n", "3"}}, options(threads, true), "ricart-agrawala");
    require_same(
        check<mutex::RicartAgrawala>({{"n", "3"}}, options(threads, false), "ricart-agrawala"),
        report);
    CHECK(report.stats.states == 3174); // as pinned in ricart_agrawala_test.cpp
    CHECK(report.stats.transitions == 8112);
    CHECK(report.stats.depth == 21);
    CHECK(report.outcome == Outcome::Holds);
  }
}

TEST_CASE("fingerprints are refused for liveness properties, which need the state graph") {
  CHECK_THROWS_AS(check<IdleOrWork<true>>({{"work", "3"}}, options(1, true)), BadInput);
}

TEST_CASE("exact mode stores at most state size + 16 bytes per state") {
  // A 2^18-state counter and om n = 5, f = 2 (24841 states): the states, 4-byte parent links
  // and a visited table of 4-byte slots at least a third full.
  const CheckReport counter = check<BitCounter>({{"k", "18"}}, options(2, false));
  CHECK(counter.stats.store_bytes <= (counter.stats.state_bytes + 16) * counter.stats.states);
  const CheckReport om =
      check<byzantine::OralMessages>({{"n", "5"}, {"f", "2"}}, options(1, false));
  REQUIRE(om.stats.states == 24841);
  CHECK(om.stats.store_bytes <= (om.stats.state_bytes + 16) * om.stats.states);
  // Fingerprint mode: an 8-byte slot per state in the visited table, and 8 bytes of links.
  const CheckReport fingerprints = check<BitCounter>({{"k", "18"}}, options(2, true));
  CHECK(fingerprints.stats.store_bytes <= 32 * fingerprints.stats.states);
}

TEST_CASE("tree storage, two threads: the node tables grow between batches while both threads "
          "insert, and the run is whole storage's") {
  // (Under ThreadSanitizer this is where the tree's lock-free tables are raced for.)
  for (const unsigned threads : {1u, 2u}) {
    INFO("threads = " << threads);
    const CheckReport ra = protocheck::testing::runs_with_both_storages<mutex::RicartAgrawala>(
                               {{"n", "3"}}, options(threads, false))
                               .tree;
    CHECK(ra.stats.states == 3174);
    protocheck::testing::runs_with_both_storages<byzantine::OralMessages>({{"n", "5"}, {"f", "2"}},
                                                                          options(threads, false));
  }
}
