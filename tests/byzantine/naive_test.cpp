// The naive majority broadcast of lecture section 3: one traitor breaks agreement; validity
// holds exactly when the loyal generals are a strict majority.
#include "tests/byzantine/faulty_at_end.hpp"
#include <protocheck/engine/check.hpp>
#include <protocheck/models/builtin_models_engine.hpp>
#include <protocheck/models/byzantine/naive_majority.hpp>

#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <string>

using namespace protocheck;
using protocheck::byzantine::NaiveMajority;

namespace {

CheckOptions options(unsigned threads) {
  CheckOptions opts;
  opts.threads = threads;
  opts.all = true; // decide every property, so that the state counts are the whole space
  return opts;
}

CheckReport run(unsigned n, unsigned f, unsigned threads = 1) {
  return check<NaiveMajority>({{"n", std::to_string(n)}, {"f", std::to_string(f)}},
                              options(threads));
}

} // namespace

TEST_CASE("one traitor splits the loyal generals (n = 4, f = 1)") {
  for (const unsigned threads : {1u, 2u}) {
    const CheckReport report = run(4, 1, threads);
    CHECK(report.outcome == Outcome::Violated);
    CHECK(report.stats.states == 2384);
    CHECK(property(report, "validity").verdict == Verdict::Holds);
    CHECK(property(report, "termination").verdict == Verdict::Holds);
    const PropertyResult &agreement = property(report, "agreement");
    REQUIRE(agreement.verdict == Verdict::Violated);
    REQUIRE(agreement.trace);
    const auto &steps = agreement.trace->steps;
    // The whole broadcast (3 traitor messages, 6 loyal ones), then two loyal generals decide.
    REQUIRE(steps.size() == 11);
    CHECK(steps[0].action == "G1 -> G2: attack (traitor's choice)");
    CHECK(steps[1].action == "G1 -> G3: retreat (traitor's choice)");
    CHECK(steps[9].action == "G2 decides attack (3 of 4 values attack)");
    CHECK(steps[10].action == "G3 decides retreat (2 of 4 values attack)");
    CHECK(agreement.explanation == "loyal G2 decided attack (3 of 4 values attack), loyal G3 "
                                   "decided retreat (2 of 4 values attack)");
    CHECK(agreement.trace->initial.front().name == "traitors");
    CHECK(agreement.trace->initial.front().value == "{G1}");
  }
}

TEST_CASE("verdicts: agreement needs no traitor, validity needs n > 2f") {
  // (n, f) -> states over the whole space. Without traitors each of the 2^n opinion vectors runs
  // deterministically through n(n-1) messages and n decisions: 2^n (n^2 + 1) states.
  const std::map<std::pair<unsigned, unsigned>, std::uint64_t> states{
      {{2, 0}, 20},   {{2, 1}, 40},    {{3, 0}, 80},    {{3, 1}, 320},   {{3, 2}, 374},
      {{4, 0}, 272},  {{4, 2}, 3568},  {{4, 3}, 3680},  {{5, 0}, 832},   {{5, 1}, 16592},
      {{5, 2}, 34592}, {{5, 3}, 38472},
  };
  for (const auto &[key, count] : states) {
    const auto [n, f] = key;
    INFO("n = " << n << ", f = " << f);
    const CheckReport report = run(n, f);
    CHECK(report.stats.states == count);
    const bool agreement = f == 0 || n == 2; // n = 2, f = 1 leaves a single loyal general
    CHECK(property(report, "agreement").verdict ==
          (agreement ? Verdict::Holds : Verdict::Violated));
    CHECK(property(report, "validity").verdict ==
          (n > 2 * f ? Verdict::Holds : Verdict::Violated));
    CHECK(property(report, "termination").verdict == Verdict::Holds);
    if (f == 0)
      CHECK(count == (1u << n) * (n * n + 1));
  }
}

TEST_CASE("validity fails when the traitors are half the generals (n = 2, f = 1)") {
  const CheckReport report = run(2, 1, 2);
  const PropertyResult &validity = property(report, "validity");
  REQUIRE(validity.verdict == Verdict::Violated);
  REQUIRE(validity.trace);
  REQUIRE(validity.trace->steps.size() == 2);
  CHECK(validity.trace->steps[0].action == "G1 -> G2: retreat (traitor's choice)");
  CHECK(validity.trace->steps[1].action == "G2 decides retreat (1 of 2 values attack)");
  CHECK(validity.explanation ==
        "every loyal general's opinion was attack, loyal G2 decided retreat (1 of 2 values attack)");
}

TEST_CASE("exactly f traitors, and bad parameters") {
  const CheckReport exact = check<NaiveMajority>(
      {{"n", "3"}, {"f", "1"}, {"exact-traitors", "true"}}, options(1));
  CHECK(exact.stats.states == 320 - 80); // the runs without a traitor are gone
  CHECK(property(exact, "agreement").verdict == Verdict::Violated);
  CHECK_THROWS_WITH(run(4, 4), "f = 4 is out of range: f must be in 0..3 (n - 1) for n = 4");
}

TEST_CASE("faulty() gives the traitor, and an arrow's label is the opinion sent") {
  const CheckReport report = run(4, 1);
  const PropertyResult &agreement = property(report, "agreement");
  REQUIRE(agreement.trace);
  const NaiveMajority model = make_model<NaiveMajority>({{"n", "4"}, {"f", "1"}});
  CHECK(faulty_at_end(model, report, agreement) == std::set<std::size_t>{0}); // G1
  const auto &steps = agreement.trace->steps;
  REQUIRE(steps.size() == 11);
  CHECK(model.message_label(steps[0].event) == "attack");          // G1 -> G2, the traitor's choice
  CHECK(model.message_label(steps[1].event) == "retreat");         // G1 -> G3
  CHECK(model.message_label(steps[10].event) == steps[10].action); // a decision: describe()
}
