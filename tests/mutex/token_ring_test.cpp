// Token ring (slides 37-39): safe, never stuck (the token circulates forever, so no state is
// terminal), but not causally ordered for n >= 3; for n = 2 the token and the application message
// share the FIFO link, which makes the order causal.
//
// State and transition counts cross-checked with an independent Python re-implementation of the
// semantics in the model's header comment: n = 2: 160 / 354; n = 3: 2430 / 7047; n = 2 with two
// requests and two application messages: 3066 / 7944.
#include <protocheck/engine/check.hpp>
#include <protocheck/models/builtin_models_engine.hpp>
#include <protocheck/models/mutex/token_ring.hpp>

#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <tuple>
#include <vector>

using namespace protocheck;
using mutex::TokenRing;

// Charts label arrows through the optional hook; a wrong signature would silently drop it.
static_assert(LabelsMessages<TokenRing>);

namespace {

CheckReport check_ring(const std::map<std::string, std::string> &params, unsigned threads = 1) {
  CheckOptions options;
  options.all = true;
  options.threads = threads;
  return check<TokenRing>(params, options, "token-ring");
}

} // namespace

TEST_CASE("token ring n = 3: safe, but the token may serve a causally later request first") {
  const CheckReport report = check_ring({{"n", "3"}});
  CHECK(report.stats.states == 2430);
  CHECK(report.stats.transitions == 7047);
  CHECK(property(report, "mutual-exclusion").verdict == Verdict::Holds);
  CHECK(property(report, "no-deadlock").verdict == Verdict::Holds);

  const PropertyResult &ordering = property(report, "ordering");
  REQUIRE(ordering.verdict == Verdict::Violated);
  REQUIRE(ordering.trace);
  // p2 wants and tells p1; p1 wants too; the token, on its way from p3 to p1, reaches p1 first.
  const auto &steps = ordering.trace->steps;
  REQUIRE(steps.size() == 5);
  CHECK(steps[0].event == local(1, TokenRing::Want));
  CHECK(steps[1].event == send(1, 0, TokenRing::App));
  CHECK(steps[2].event == deliver(0, 1, TokenRing::App));
  CHECK(steps[3].event == local(0, TokenRing::Want));
  CHECK(steps[4].event == deliver(0, 2, TokenRing::Token, TokenRing::Entered));
  CHECK(ordering.explanation ==
        "p1 is in the critical section although p2's request happened before p1's and p2 still "
        "waits (request vectors [0,1,0] < [1,1,0])");
}

TEST_CASE("token ring: verdicts for n = 2..4, the same with 2 threads") {
  for (const auto &[n, states] :
       {std::pair{"2", 160}, std::pair{"3", 2430}, std::pair{"4", 30600}}) {
    const CheckReport one = check_ring({{"n", n}}, 1);
    const CheckReport two = check_ring({{"n", n}}, 2);
    CHECK(one.stats.states == static_cast<std::uint64_t>(states));
    CHECK(two.stats.states == one.stats.states);
    CHECK(two.stats.transitions == one.stats.transitions);
    CHECK(property(one, "mutual-exclusion").verdict == Verdict::Holds);
    CHECK(property(one, "no-deadlock").verdict == Verdict::Holds);
    const Verdict expected = std::string(n) == "2" ? Verdict::Holds : Verdict::Violated;
    CHECK(property(one, "ordering").verdict == expected);
    CHECK(property(two, "ordering").verdict == expected);
    CHECK(property(two, "ordering").explanation == property(one, "ordering").explanation);
  }
  // Two processes stay causally ordered with more requests and messages as well.
  const CheckReport busy = check_ring({{"n", "2"}, {"requests", "2"}, {"app-messages", "2"}});
  CHECK(busy.stats.states == 3066);
  CHECK(property(busy, "ordering").verdict == Verdict::Holds);
}

TEST_CASE("token ring labels its messages: token, app") {
  const CheckReport report = check_ring({{"n", "3"}});
  const PropertyResult &ordering = property(report, "ordering");
  REQUIRE(ordering.trace);
  const TokenRing model = make_model<TokenRing>({{"n", "3"}});
  const auto &steps = ordering.trace->steps;
  std::vector<std::string> labels;
  for (const TraceStep &step : steps)
    labels.push_back(model.message_label(step.event));
  // Wanting the critical section is a local step: labelled as describe() tells it.
  CHECK(labels == std::vector<std::string>{"p2 wants the critical section", "app", "app",
                                           "p1 wants the critical section", "token"});
}

// --crash P (slide 40: "how could one cope with failure of a node?"). Counts cross-checked with an
// independent Python breadth-first search of the semantics in the model's header comment, monitor
// included (its crash-free counts are the ones pinned above): a crashed process only freezes, so
// there are exactly twice as many states; n = 2: 320 / 691, n = 3: 4860 / 14175, n = 4:
// 61200 / 203227, whichever process crashes.
TEST_CASE("token ring --crash P: the token is lost, waiting processes wait forever, still safe") {
  for (const auto &[n, states, transitions] :
       {std::tuple{2, 320, 691}, std::tuple{3, 4860, 14175}, std::tuple{4, 61200, 203227}})
    for (int crashed = 1; crashed <= n; ++crashed) {
      CAPTURE(n, crashed);
      const CheckReport report =
          check_ring({{"n", std::to_string(n)}, {"crash", std::to_string(crashed)}});
      CHECK(report.stats.states == static_cast<std::uint64_t>(states));
      CHECK(report.stats.transitions == static_cast<std::uint64_t>(transitions));
      CHECK(property(report, "mutual-exclusion").verdict == Verdict::Holds);
      CHECK(property(report, "no-deadlock").verdict == Verdict::Violated);
    }
}

TEST_CASE("token ring --crash 1: the token on its way to p1 is lost with it") {
  for (const unsigned threads : {1u, 2u}) {
    CAPTURE(threads);
    const CheckReport report = check_ring({{"n", "3"}, {"crash", "1"}}, threads);
    const PropertyResult &deadlock = property(report, "no-deadlock");
    REQUIRE(deadlock.verdict == Verdict::Violated);
    REQUIRE(deadlock.trace);
    // p2 wants and spends the application message on p1; p3 wants; p1 crashes, and with it the
    // token (initially on its way from p3 to p1): nothing can happen any more.
    const auto &steps = deadlock.trace->steps;
    REQUIRE(steps.size() == 4);
    CHECK(steps[0].event == local(1, TokenRing::Want));
    CHECK(steps[1].event == send(1, 0, TokenRing::App));
    CHECK(steps[2].event == local(2, TokenRing::Want));
    CHECK(steps[3].event == crash(0));
    CHECK(steps[3].action == "p1 crashes: a token passed to it or held by it is lost");
    CHECK(deadlock.explanation ==
          "p2 waits for the token, p3 waits for the token, lost at crashed p1");
    CHECK(deadlock.description == "no run ends with a process that has not crashed still waiting");
  }
  const TokenRing model = make_model<TokenRing>({{"n", "3"}, {"crash", "1"}});
  TokenRing::State state;
  CHECK(model.faulty(state) == 0);
  state.crashed = 1;
  CHECK(model.faulty(state) == 0b1);
  CHECK(model.describe(state).back().name == "p1.crashed");
  CHECK(model.describe(state).back().value == "true");
  CHECK_THROWS_AS(check_ring({{"n", "3"}, {"crash", "4"}}), BadInput);
}
