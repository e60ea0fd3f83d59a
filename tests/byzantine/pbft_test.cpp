// PBFT: safety with n = 3f+1, the violations that smaller quorums allow, the silent replica that
// blocks n = 3f, the client's reply quorum, one view change, and losses that change no verdict.
#include <protocheck/engine/check.hpp>
#include <protocheck/models/byzantine/pbft.hpp>

#include <catch2/catch.hpp>

#include <map>
#include <string>

using namespace protocheck;
using protocheck::byzantine::Pbft;
using Params = std::map<std::string, std::string>;

namespace {

CheckOptions options(unsigned threads) {
  CheckOptions opts;
  opts.threads = threads;
  opts.all = true; // decide every property, so that the state counts are the whole space
  return opts;
}

Verdict verdict(const CheckReport &report, const char *name) {
  return property(report, name).verdict;
}

const Trace &trace_of(const CheckReport &report, const char *name) {
  const PropertyResult &result = property(report, name);
  REQUIRE(result.trace);
  return *result.trace;
}

} // namespace

TEST_CASE("n = 4, f = 1: agreement, client safety and progress hold") {
  for (const unsigned threads : {1u, 2u}) {
    const CheckReport report = check<Pbft>({}, options(threads)); // defaults: n = 4, f = 1
    CHECK(report.outcome == Outcome::Holds);
    CHECK(report.stats.states == 730);
    CHECK(report.stats.transitions == 1561);
    CHECK(verdict(report, "agreement") == Verdict::Holds);
    CHECK(verdict(report, "client-safety") == Verdict::Holds);
    CHECK(verdict(report, "committed") == Verdict::Holds);
    CHECK(verdict(report, "client-served") == Verdict::Holds);
    const Trace &served = trace_of(report, "client-served");
    CHECK(served.steps.back().action.find("the client accepts the result") != std::string::npos);
  }
}

TEST_CASE("quorums whose intersection holds only the faulty primary break agreement") {
  // n = 3 with quorums of n - f = 2, and n = 4 with quorums of 2f = 2: a faulty R0 pre-prepares
  // a to R1 and z to R2; each completes its quorums with R0's votes alone.
  for (const auto &[n, states] : std::map<std::string, std::uint64_t>{{"3", 128}, {"4", 654}})
    for (const unsigned threads : {1u, 2u}) {
      INFO("n = " << n << ", threads = " << threads);
      const CheckReport report =
          check<Pbft>({{"n", n}, {"f", "1"}, {"quorum", "2"}}, options(threads));
      CHECK(report.stats.states == states);
      CHECK(verdict(report, "client-safety") == Verdict::Holds);
      const PropertyResult &agreement = property(report, "agreement");
      REQUIRE(agreement.verdict == Verdict::Violated);
      const Trace &trace = trace_of(report, "agreement");
      REQUIRE(trace.steps.size() == 4);
      CHECK(trace.steps[0].action ==
            "R0 (faulty) -> R1: pre-prepare(v0, #1, a); sends prepare; prepared, sends commit");
      CHECK(trace.steps[1].action ==
            "R1 receives commit(v0, #1, a) from R0 (faulty); committed; executes and replies");
      CHECK(trace.steps[2].action ==
            "R0 (faulty) -> R2: pre-prepare(v0, #1, z); sends prepare; prepared, sends commit");
      CHECK(trace.steps[3].action ==
            "R2 receives commit(v0, #1, z) from R0 (faulty); committed; executes and replies");
      CHECK(agreement.explanation == "correct replicas disagree at #1: R1 committed a, R2 committed z");
    }
}

TEST_CASE("n = 3 with quorums of 2f+1 = 3: safe, but a silent faulty replica blocks every commit") {
  for (const unsigned threads : {1u, 2u}) {
    const CheckReport report = check<Pbft>({{"n", "3"}, {"f", "1"}}, options(threads));
    CHECK(report.stats.states == 96);
    CHECK(verdict(report, "agreement") == Verdict::Holds);
    CHECK(verdict(report, "client-safety") == Verdict::Holds);
    const PropertyResult &committed = property(report, "committed");
    REQUIRE(committed.verdict == Verdict::Violated);
    const Trace &trace = trace_of(report, "committed");
    CHECK(trace.steps.back().action == "the faulty replicas fall silent for good");
    CHECK(committed.explanation.find("primary R0 of view 0 is correct, yet no correct replica "
                                     "executed every sequence number") != std::string::npos);
    CHECK(committed.explanation.find("lacks a quorum of 2 prepares for #1 a") !=
          std::string::npos);
  }
}

TEST_CASE("a reply quorum below f+1 lets the client accept an invented result") {
  const CheckReport report =
      check<Pbft>({{"n", "4"}, {"f", "1"}, {"reply-quorum", "1"}}, options(2));
  CHECK(verdict(report, "agreement") == Verdict::Holds);
  const PropertyResult &safety = property(report, "client-safety");
  REQUIRE(safety.verdict == Verdict::Violated);
  const Trace &trace = trace_of(report, "client-safety");
  REQUIRE(trace.steps.size() == 1);
  CHECK(trace.steps[0].action ==
        "client receives reply(a, #1) from R0 (faulty); the client accepts the result");
  CHECK(safety.explanation ==
        "the client accepted a executed at #1, which no correct replica executed");
}

TEST_CASE("two requests: n = 4 stays safe, n = 3 with quorums of 2 does not") {
  const CheckReport four = check<Pbft>({{"requests", "2"}}, options(2));
  CHECK(four.outcome == Outcome::Holds);
  CHECK(four.stats.states == 278860);
  const CheckReport three =
      check<Pbft>({{"n", "3"}, {"quorum", "2"}, {"requests", "2"}}, options(2));
  CHECK(three.stats.states == 10602);
  CHECK(verdict(three, "agreement") == Verdict::Violated);
  CHECK(verdict(three, "client-safety") == Verdict::Holds);
}

TEST_CASE("one view change: a new primary after a faulty one") {
  SECTION("n = 4: every property holds and view 1 commits") {
    const CheckReport report = check<Pbft>({{"view-changes", "1"}}, options(2));
    CHECK(report.outcome == Outcome::Holds);
    CHECK(report.stats.states == 470182);
    CHECK(verdict(report, "committed") == Verdict::Holds);
    const Trace &witness = trace_of(report, "view-1-commit");
    CHECK(witness.steps.back().action.find("v1") != std::string::npos);
  }
  SECTION("n = 3: safe, but R1 never gathers a quorum of view-changes") {
    for (const unsigned threads : {1u, 2u}) {
      const CheckReport report =
          check<Pbft>({{"n", "3"}, {"view-changes", "1"}}, options(threads));
      CHECK(report.stats.states == 2444);
      CHECK(verdict(report, "agreement") == Verdict::Holds);
      CHECK(verdict(report, "client-safety") == Verdict::Holds);
      CHECK(verdict(report, "committed") == Verdict::Violated);
      CHECK(property(report, "committed").explanation.find("R1 waits for the new-view") !=
            std::string::npos);
    }
  }
}

TEST_CASE("losses change no verdict") {
  for (const Params &params : std::vector<Params>{
           {{"n", "3"}},
           {{"n", "3"}, {"quorum", "2"}},
           {{"n", "4"}},
           {{"n", "3"}, {"view-changes", "1"}},
       }) {
    Params lossy = params;
    lossy["lossy"] = "true";
    const CheckReport reliable_run = check<Pbft>(params, options(2));
    const CheckReport lossy_run = check<Pbft>(lossy, options(2));
    CHECK(lossy_run.stats.states > reliable_run.stats.states);
    for (const char *name : {"agreement", "client-safety", "committed", "client-served"})
      CHECK(verdict(lossy_run, name) == verdict(reliable_run, name));
  }
}

TEST_CASE("bad parameters name the value and the range") {
  CHECK_THROWS_WITH(check<Pbft>({{"n", "3"}, {"f", "3"}}),
                    "f = 3 is out of range: f must be in 0..2 for n = 3");
  CHECK_THROWS_WITH(check<Pbft>({{"n", "4"}, {"f", "2"}}),
                    "quorum = 5 (2f+1) is out of range: quorum must be in 1..4 for n = 4");
  CHECK_THROWS_AS(check<Pbft>({{"requests", "3"}}), BadInput);
}
