// Anonymous ring (slide 25): identical processes on a synchronous ring never elect exactly one
// leader; Chang-Roberts and FloodMax with one shared id make every process leader at once.
//
// State and transition counts cross-checked with an independent Python breadth-first search of
// the semantics in the model's header comment (each process a tuple status, known, to send,
// received): chang-roberts 2n + 3 states and 2n + 2 transitions (two rounds of n sends and one
// round end each, then nothing to send), flood-max n^2 states and n^2 - 1 transitions (n - 1
// rounds of n + 1 steps), for n = 2..8; one leader is never reached, and the first state with more
// than one leader has all n, at depth n + 1 (chang-roberts) and (n - 1)(n + 1) (flood-max).
#include <protocheck/engine/check.hpp>
#include <protocheck/models/builtin_models_engine.hpp>
#include <protocheck/models/election/anonymous_ring.hpp>

#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

using namespace protocheck;
using election::AnonymousRing;

static_assert(LabelsMessages<AnonymousRing>);

namespace {

CheckReport check_ring(unsigned n, const std::string &algorithm = "chang-roberts",
                       unsigned threads = 1) {
  CheckOptions options;
  options.all = true;
  options.threads = threads;
  return check<AnonymousRing>({{"n", std::to_string(n)}, {"algorithm", algorithm}}, options,
                              "anonymous-ring");
}

std::string leader_list(unsigned n) {
  std::string text;
  for (unsigned p = 1; p <= n; ++p)
    text += (p == 1 ? "p" : ", p") + std::to_string(p);
  return text;
}

} // namespace

TEST_CASE("anonymous ring: no run elects exactly one leader, every run elects all (n = 2..5)") {
  for (const std::string algorithm : {"chang-roberts", "flood-max"})
    for (unsigned n = 2; n <= 5; ++n) {
      CAPTURE(algorithm, n);
      const CheckReport report = check_ring(n, algorithm);
      const bool cr = algorithm == "chang-roberts";
      CHECK(report.outcome == Outcome::Violated);
      CHECK(report.stats.states == (cr ? 2 * n + 3 : n * n));
      CHECK(report.stats.transitions == (cr ? 2 * n + 2 : n * n - 1));
      CHECK(report.stats.depth == (cr ? 2 * n + 2 : n * n - 1));
      const PropertyResult &one = property(report, "one-leader");
      CHECK(one.kind == PropertyKind::Reachable);
      CHECK(one.verdict == Verdict::Violated); // unreachable: the theorem
      CHECK_FALSE(one.trace);
      CHECK(property(report, "symmetric").verdict == Verdict::Holds);
      const PropertyResult &unique = property(report, "unique-leader");
      REQUIRE(unique.verdict == Verdict::Violated);
      REQUIRE(unique.trace);
      CHECK(unique.trace->steps.size() == (cr ? n + 1 : (n - 1) * (n + 1)));
      CHECK(unique.explanation == "all " + std::to_string(n) + " processes (" + leader_list(n) +
                                      ") declared themselves leader in the same round: identical "
                                      "processes do the same thing at the same time");
    }
}

TEST_CASE("anonymous ring, chang-roberts: every id comes back in round 1, all declare at once") {
  for (unsigned n = 2; n <= 5; ++n) {
    CAPTURE(n);
    const CheckReport report = check_ring(n);
    const PropertyResult &unique = property(report, "unique-leader");
    REQUIRE(unique.trace);
    const auto &steps = unique.trace->steps;
    REQUIRE(steps.size() == n + 1);
    for (unsigned p = 0; p < n; ++p) {
      const auto to = static_cast<std::uint8_t>((p + 1) % n);
      CHECK(steps[p].event == transmit(static_cast<std::uint8_t>(p), to, AnonymousRing::Elect, 1));
      CHECK(steps[p].message == "elect(1)");
    }
    // The round ends: every process reacts BecomeLeader (3 bits each), in round 1.
    std::uint32_t reactions = 0;
    for (unsigned p = 0; p < n; ++p)
      reactions |= static_cast<std::uint32_t>(AnonymousRing::BecomeLeader) << (3 * p);
    CHECK(steps[n].event == local(NoProcess, AnonymousRing::EndRound, reactions | (1u << 24)));
    CHECK(steps[n].action ==
          "round 1 ends: every process gets its own id back and declares itself leader");
  }
}

TEST_CASE("anonymous ring, flood-max: n - 1 rounds of max(1), then all decide alike") {
  const CheckReport report = check_ring(3, "flood-max");
  const PropertyResult &unique = property(report, "unique-leader");
  REQUIRE(unique.trace);
  std::vector<std::string> actions;
  for (const TraceStep &step : unique.trace->steps)
    actions.push_back(step.action);
  CHECK(actions ==
        std::vector<std::string>{
            "p1 sends max(1) to p2", "p2 sends max(1) to p3", "p3 sends max(1) to p1",
            "round 1 ends: every process keeps the largest id seen and passes it on",
            "p1 sends max(1) to p2", "p2 sends max(1) to p3", "p3 sends max(1) to p1",
            "round 2 ends: every process declares itself leader: the largest id seen is its own"});
}

TEST_CASE("anonymous ring: 1 and 2 threads agree, and bad input is refused") {
  for (const std::string algorithm : {"chang-roberts", "flood-max"}) {
    const CheckReport one = check_ring(5, algorithm, 1);
    const CheckReport two = check_ring(5, algorithm, 2);
    CHECK(one.stats.states == two.stats.states);
    CHECK(one.stats.transitions == two.stats.transitions);
    CHECK(property(one, "unique-leader").explanation == property(two, "unique-leader").explanation);
    CHECK(property(two, "one-leader").verdict == Verdict::Violated);
  }
  CHECK_THROWS_AS(check_ring(1), BadInput);
  CHECK_THROWS_AS(check_ring(9), BadInput);
  CHECK_THROWS_AS(check_ring(3, "bully"), BadInput);
}
