// Coordinated attack (slide 3): agreement fails for every number K of messengers, and the shortest
// counterexample loses the last one; with no loss both generals attack.
//
// State and transition counts cross-checked with an independent Python breadth-first search of
// the semantics in the model's header comment (a tuple sent, arrived, in flight, two decisions):
// 6K + 4 states and 7K + 4 transitions, depth 2K + 2, for K = 1..6 (K = 1: 10 / 11, K = 2:
// 16 / 18, K = 3: 22 / 25, K = 4: 28 / 32). The counts follow by hand too: the exchange has the
// initial state and, per messenger, "on the way", "arrived" and "lost" (3K + 1); each of its K + 1
// ends has three more states for the decisions, reached by four decide steps.
#include <protocheck/engine/check.hpp>
#include <protocheck/models/builtin_models_engine.hpp>
#include <protocheck/models/consensus/coordinated_attack.hpp>

#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

using namespace protocheck;
using consensus::CoordinatedAttack;

static_assert(LabelsMessages<CoordinatedAttack>);

namespace {

CheckReport check_attack(unsigned messages, unsigned threads = 1) {
  CheckOptions options;
  options.all = true;
  options.threads = threads;
  return check<CoordinatedAttack>({{"messages", std::to_string(messages)}}, options,
                                  "coordinated-attack");
}

Event drop(std::uint8_t from, std::uint8_t to, std::uint8_t message, std::uint32_t value) {
  return {EventKind::Drop, from, to, message, value};
}

// Messenger i goes A -> B when odd, B -> A when even; the first is the order.
std::uint8_t from_of(unsigned i) {
  return i % 2 == 1 ? CoordinatedAttack::A : CoordinatedAttack::B;
}
std::uint8_t to_of(unsigned i) { return i % 2 == 1 ? CoordinatedAttack::B : CoordinatedAttack::A; }
std::uint8_t kind_of(unsigned i) {
  return i == 1 ? CoordinatedAttack::Order : CoordinatedAttack::Ack;
}

} // namespace

TEST_CASE("coordinated attack: pinned counts and verdicts for K = 1..6 messengers") {
  for (unsigned k = 1; k <= CoordinatedAttack::MaxMessengers; ++k) {
    CAPTURE(k);
    const CheckReport report = check_attack(k);
    CHECK(report.outcome == Outcome::Violated);
    CHECK(report.stats.states == 6 * k + 4);
    CHECK(report.stats.transitions == 7 * k + 4);
    CHECK(report.stats.depth == 2 * k + 2);
    CHECK(property(report, "agreement").verdict == Verdict::Violated);
    CHECK(property(report, "both-attack").verdict == Verdict::Holds);
  }
}

TEST_CASE("coordinated attack: the shortest counterexample loses the last messenger") {
  for (unsigned k = 1; k <= 4; ++k) {
    CAPTURE(k);
    const CheckReport report = check_attack(k);
    const PropertyResult &agreement = property(report, "agreement");
    REQUIRE(agreement.verdict == Verdict::Violated);
    REQUIRE(agreement.trace);
    const auto &steps = agreement.trace->steps;
    // Messengers 1..K-1 leave and arrive; messenger K leaves and is lost; both decide, A first.
    REQUIRE(steps.size() == 2 * k + 2);
    for (unsigned i = 1; i < k; ++i) {
      CHECK(steps[2 * i - 2].event == send(from_of(i), to_of(i), kind_of(i), i));
      CHECK(steps[2 * i - 1].event == deliver(to_of(i), from_of(i), kind_of(i), i));
    }
    CHECK(steps[2 * k - 2].event == send(from_of(k), to_of(k), kind_of(k), k));
    CHECK(steps[2 * k - 1].event == drop(from_of(k), to_of(k), kind_of(k), k));
    // The sender of the lost messenger got everything addressed to it and attacks alone.
    const std::uint8_t alone = from_of(k);
    const auto decision = [&](std::uint8_t general) {
      return general == alone ? CoordinatedAttack::Attack : CoordinatedAttack::Retreat;
    };
    CHECK(steps[2 * k].event == decide(CoordinatedAttack::A, decision(CoordinatedAttack::A)));
    CHECK(steps[2 * k + 1].event == decide(CoordinatedAttack::B, decision(CoordinatedAttack::B)));
  }
  CHECK(property(check_attack(1), "agreement").explanation ==
        "A attacks alone: messenger 1 of 1, order(1) from A to B, was lost, and A cannot tell "
        "this run from the one where it arrived");
  CHECK(property(check_attack(2), "agreement").explanation ==
        "B attacks alone: messenger 2 of 2, ack(2) from B to A, was lost, and B cannot tell this "
        "run from the one where it arrived");
  CHECK(property(check_attack(3), "agreement").explanation ==
        "A attacks alone: messenger 3 of 3, ack(3) from A to B, was lost, and A cannot tell this "
        "run from the one where it arrived");
}

TEST_CASE("coordinated attack: with K = 2 the trace reads as the lecture tells it") {
  const CheckReport report = check_attack(2);
  const PropertyResult &agreement = property(report, "agreement");
  REQUIRE(agreement.trace);
  std::vector<std::string> actions, labels;
  for (const TraceStep &step : agreement.trace->steps) {
    actions.push_back(step.action);
    labels.push_back(step.message);
  }
  CHECK(actions == std::vector<std::string>{"A sends messenger 1, order(1), to B",
                                            "B receives order(1) from A",
                                            "B sends messenger 2, ack(2), to A",
                                            "the messenger ack(2) from B to A is caught (lost)",
                                            "A decides to retreat", "B decides to attack"});
  CHECK(labels[0] == "order(1)");
  CHECK(labels[3] == "ack(2)");
}

TEST_CASE("coordinated attack: the witness for both-attack loses nothing") {
  for (unsigned k = 1; k <= 4; ++k) {
    CAPTURE(k);
    const CheckReport report = check_attack(k);
    const PropertyResult &both = property(report, "both-attack");
    REQUIRE(both.trace);
    const auto &steps = both.trace->steps;
    REQUIRE(steps.size() == 2 * k + 2);
    for (unsigned i = 1; i <= k; ++i) {
      CHECK(steps[2 * i - 2].event == send(from_of(i), to_of(i), kind_of(i), i));
      CHECK(steps[2 * i - 1].event == deliver(to_of(i), from_of(i), kind_of(i), i));
    }
    CHECK(steps[2 * k].event == decide(CoordinatedAttack::A, CoordinatedAttack::Attack));
    CHECK(steps[2 * k + 1].event == decide(CoordinatedAttack::B, CoordinatedAttack::Attack));
  }
}

TEST_CASE("coordinated attack: an earlier loss makes both retreat (the rule, state by state)") {
  const CoordinatedAttack model({.messages = 4});
  CoordinatedAttack::State state;
  state.sent = 3; // messenger 3 lost: A misses 4, B misses 3
  state.delivered = 2;
  CHECK(model.over(state));
  CHECK_FALSE(model.attacks(state, CoordinatedAttack::A));
  CHECK_FALSE(model.attacks(state, CoordinatedAttack::B));
  state.sent = 4; // messenger 4 lost: B got 1 and 3, A misses 4
  state.delivered = 3;
  CHECK(model.attacks(state, CoordinatedAttack::B));
  CHECK_FALSE(model.attacks(state, CoordinatedAttack::A));
}

TEST_CASE("coordinated attack: 1 and 2 threads agree, and bad input is refused") {
  for (unsigned k : {2u, 5u}) {
    const CheckReport one = check_attack(k, 1);
    const CheckReport two = check_attack(k, 2);
    CHECK(one.stats.states == two.stats.states);
    CHECK(one.stats.transitions == two.stats.transitions);
    const PropertyResult &a = property(one, "agreement");
    const PropertyResult &b = property(two, "agreement");
    REQUIRE(a.trace);
    REQUIRE(b.trace);
    REQUIRE(a.trace->steps.size() == b.trace->steps.size());
    for (std::size_t i = 0; i < a.trace->steps.size(); ++i)
      CHECK(a.trace->steps[i].event == b.trace->steps[i].event);
    CHECK(a.explanation == b.explanation);
  }
  CHECK_THROWS_AS(check_attack(0), BadInput);
  CHECK_THROWS_AS(check_attack(7), BadInput);
}
