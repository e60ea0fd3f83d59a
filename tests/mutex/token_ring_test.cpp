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
