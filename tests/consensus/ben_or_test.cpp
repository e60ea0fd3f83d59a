// Ben-Or and FLP (slides 66 and 72): under an adversary scheduler the deterministic protocol keeps
// agreement and validity but has a run in which nobody ever decides (a lasso: one round that
// leaves every process as it was); with a fair coin and a random scheduler the explored graph is
// a Markov chain on which every process decides with probability exactly 1; with every live
// process heard (synchronous), the deterministic protocol always decides.
//
// State and transition counts, and the expected numbers of rounds, cross-checked with an
// independent Python re-implementation of the semantics in the model's header comment (its own
// breadth-first search, and an exact Fraction solve of the expected rounds on the chain):
//   n = 3, inputs 0,1,1: adversary, coin none 191 / 251; random, coin fair 212 / 336 and 51/19
//   rounds; synchronous, coin none 7 / 6; adversary, coin none, one crashed 9 / 8;
//   n = 4, inputs 0,0,1,1: synchronous, coin none 17 / 16; random, coin fair 874 / 1608 and
//   1279/303 rounds.
#include <protocheck/engine/check.hpp>
#include <protocheck/models/builtin_models_engine.hpp>
#include <protocheck/models/consensus/ben_or.hpp>

#include <catch2/catch.hpp>

#include <map>
#include <string>

using namespace protocheck;
using consensus::BenOr;

namespace {

CheckReport check_ben_or(const std::map<std::string, std::string> &params, unsigned threads = 1) {
  CheckOptions options;
  options.all = true;
  options.threads = threads;
  return check<BenOr>(params, options, "ben-or");
}

} // namespace

TEST_CASE("FLP: under an adversary the deterministic protocol is safe but may never decide") {
  for (unsigned threads : {1u, 2u}) {
    const CheckReport report = check_ben_or({}, threads); // n = 3, f = 1, inputs 0,1,1
    CHECK(report.stats.states == 191);
    CHECK(report.stats.transitions == 251);
    CHECK(property(report, "agreement").verdict == Verdict::Holds);
    CHECK(property(report, "validity").verdict == Verdict::Holds);
    const PropertyResult &decides = property(report, "decides");
    REQUIRE(decides.verdict == Verdict::Violated);
    REQUIRE(decides.trace);
    // One whole round, from the initial state back to it: p2 hears two 1s and proposes 1, p1 and
    // p3 hear a 0 and a 1 and propose ?; then p1 hears {?, ?} and takes its tie as 0, p2 and p3
    // hear {1, ?} and keep 1.
    const auto &steps = decides.trace->steps;
    REQUIRE(steps.size() == 6);
    REQUIRE(decides.trace->loop_start == std::size_t{0});
    CHECK(steps[0].action == "p1 hears the reports {0, 1}: no majority, proposes ?");
    CHECK(steps[1].action == "p2 hears the reports {1, 1}: a majority for 1, proposes 1");
    CHECK(steps[2].action == "p3 hears the reports {0, 1}: no majority, proposes ?");
    CHECK(
        steps[3].action ==
        "p1 hears the proposals {?, ?}: sets x to the majority of the reports it heard (ties: 0)");
    CHECK(steps[4].action == "p2 hears the proposals {1, ?}: sets x = 1");
    CHECK(steps[5].action == "p3 hears the proposals {1, ?}: sets x = 1");
    CHECK(decides.explanation.find("no decision; estimates p1 x = 0, p2 x = 1, p3 x = 1") !=
          std::string::npos);
  }
}

TEST_CASE(
    "Ben-Or: with a fair coin and a random scheduler every process decides with probability 1") {
  const CheckReport three = check_ben_or({{"coin", "fair"}, {"scheduler", "random"}});
  CHECK(three.stats.states == 212);
  CHECK(three.stats.transitions == 336);
  CHECK(property(three, "agreement").verdict == Verdict::Holds);
  CHECK(property(three, "validity").verdict == Verdict::Holds);
  const PropertyResult &decides = property(three, "decides");
  CHECK(decides.verdict == Verdict::Holds);
  REQUIRE(decides.probabilities);
  CHECK(decides.probabilities->probability_exact == "1");
  CHECK(decides.probabilities->expected_rounds_exact == "51/19");

  const CheckReport four = check_ben_or(
      {{"n", "4"}, {"inputs", "0,0,1,1"}, {"coin", "fair"}, {"scheduler", "random"}}, 2);
  CHECK(four.stats.states == 874);
  CHECK(four.stats.transitions == 1608);
  REQUIRE(property(four, "decides").probabilities);
  CHECK(property(four, "decides").probabilities->probability_exact == "1");
  CHECK(property(four, "decides").probabilities->expected_rounds_exact == "1279/303");
  CHECK(property(four, "agreement").verdict == Verdict::Holds);
}

TEST_CASE("the ways out without a coin: synchrony, or a crash that leaves no choice") {
  const CheckReport synchronous = check_ben_or({{"scheduler", "synchronous"}});
  CHECK(synchronous.stats.states == 7);
  CHECK(synchronous.stats.transitions == 6);
  CHECK(property(synchronous, "decides").verdict == Verdict::Holds);
  CHECK(property(synchronous, "agreement").verdict == Verdict::Holds);

  // A 2-2 tie among four: every process hears it, every process takes 0, and all decide 0.
  const CheckReport tie =
      check_ben_or({{"n", "4"}, {"inputs", "0,0,1,1"}, {"scheduler", "synchronous"}});
  CHECK(tie.stats.states == 17);
  CHECK(tie.stats.transitions == 16);
  CHECK(property(tie, "decides").verdict == Verdict::Holds);

  // With p3 crashed, p1 and p2 must hear each other: no choice is left to the adversary.
  const CheckReport crashed = check_ben_or({{"crashed", "1"}});
  CHECK(crashed.stats.states == 9);
  CHECK(crashed.stats.transitions == 8);
  CHECK(property(crashed, "decides").verdict == Verdict::Holds);
  CHECK(crashed.processes.size() == 3);
}

TEST_CASE("ben-or refuses parameters out of range with one line") {
  const auto refusal = [](const std::map<std::string, std::string> &params) -> std::string {
    try {
      (void)make_model<BenOr>(params);
    } catch (const BadInput &error) {
      return error.what();
    }
    return "(accepted)";
  };
  CHECK(refusal({{"n", "4"}, {"f", "2"}, {"inputs", "0,1,1,0"}}) ==
        "--f 2 needs n > 2f (n = 4): with n <= 2f the processes could wait for disjoint halves");
  CHECK(refusal({{"crashed", "2"}, {"f", "1"}}) == "--crashed 2 is more than f = 1");
  CHECK(refusal({{"inputs", "0,1"}}) == "--inputs '0,1' has 2 values for n = 3 processes");
  CHECK(refusal({{"inputs", "0,2,1"}}) == "--inputs '0,2,1': each input is 0 or 1, as in 0,1,1");
  CHECK(refusal({{"coin", "fair"}}).find("--coin fair with --scheduler adversary") == 0);
}
