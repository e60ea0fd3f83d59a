// Totally ordered multicast, the banking example (slides 28-29, 32, 55): with Lamport stamps and a
// hold-back queue the replicas in Milan and Rome agree; applying on receipt, or ordering by time
// without the process-id tie break, lets them end with 1155 EUR and 1150 EUR.
//
// State and transition counts cross-checked with an independent Python breadth-first search of
// the semantics in the model's header comment (replicas as tuples clock, issued, latest time heard,
// unacknowledged updates, queue, applied; channels as tuples): lamport 12425 / 34263, fifo 13 / 14,
// no-tiebreak 12051 / 32732; every complete run has 16 steps (4 with fifo), no run gets stuck, and
// the first diverging end state is Milan 1155, Rome 1150 (fifo at depth 4, no-tiebreak at 16).
#include <protocheck/engine/check.hpp>
#include <protocheck/models/builtin_models_engine.hpp>
#include <protocheck/models/clocks/ordered_multicast.hpp>

#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

using namespace protocheck;
using clocks::OrderedMulticast;

static_assert(LabelsMessages<OrderedMulticast>);

namespace {

CheckReport check_bank(const std::string &order, unsigned threads = 1) {
  CheckOptions options;
  options.all = true;
  options.threads = threads;
  return check<OrderedMulticast>({{"order", order}}, options, "ordered-multicast");
}

std::vector<std::string> actions(const Trace &trace) {
  std::vector<std::string> result;
  for (const TraceStep &step : trace.steps)
    result.push_back(step.action);
  return result;
}

} // namespace

TEST_CASE("ordered multicast: pinned counts and verdicts for each order") {
  struct Expected {
    const char *order;
    std::uint64_t states, transitions;
    std::uint32_t depth;
    Verdict agree;
  };
  for (const Expected &expected : {Expected{"lamport", 12425, 34263, 16, Verdict::Holds},
                                   Expected{"fifo", 13, 14, 4, Verdict::Violated},
                                   Expected{"no-tiebreak", 12051, 32732, 16, Verdict::Violated}}) {
    CAPTURE(expected.order);
    const CheckReport report = check_bank(expected.order);
    CHECK(report.stats.states == expected.states);
    CHECK(report.stats.transitions == expected.transitions);
    CHECK(report.stats.depth == expected.depth);
    CHECK(property(report, "replicas-agree").verdict == expected.agree);
    CHECK(property(report, "all-applied").verdict == Verdict::Holds);
  }
}

TEST_CASE("ordered multicast, fifo: each replica applies its own update first") {
  const CheckReport report = check_bank("fifo");
  const PropertyResult &agree = property(report, "replicas-agree");
  REQUIRE(agree.verdict == Verdict::Violated);
  REQUIRE(agree.trace);
  CHECK(actions(*agree.trace) ==
        std::vector<std::string>{
            "Milan issues Rossi's deposit of 100 EUR, applies it and sends deposit(t=1) to Rome",
            "Rome issues the 5 % interest, applies it and sends interest(t=1) to Milan",
            "Rome receives deposit(t=1) from Milan and applies it",
            "Milan receives interest(t=1) from Rome and applies it"});
  const auto &steps = agree.trace->steps;
  CHECK(steps[0].event == send(OrderedMulticast::Milan, OrderedMulticast::Rome,
                               OrderedMulticast::UpdateMessage,
                               OrderedMulticast::Deposit | 1 << 8));
  CHECK(steps[2].event == deliver(OrderedMulticast::Rome, OrderedMulticast::Milan,
                                  OrderedMulticast::UpdateMessage,
                                  OrderedMulticast::Deposit | 1 << 8));
  CHECK(steps[0].message == "deposit(t=1)");
  CHECK(agree.explanation == "Milan has 1155 EUR (deposit, then interest), Rome 1150 EUR "
                             "(interest, then deposit)");
}

TEST_CASE("ordered multicast, no-tiebreak: two updates stamped t=1, each replica's own first") {
  const CheckReport report = check_bank("no-tiebreak");
  const PropertyResult &agree = property(report, "replicas-agree");
  REQUIRE(agree.verdict == Verdict::Violated);
  REQUIRE(agree.trace);
  CHECK(agree.trace->steps.size() == 16);
  CHECK(agree.explanation == "Milan has 1155 EUR (deposit, then interest), Rome 1150 EUR "
                             "(interest, then deposit)");
  // Both issue before receiving anything: the stamps tie at t=1, and without the tie break each
  // replica's own update, queued first, stays first; acknowledgements with t=2 release the heads.
  CHECK(actions(*agree.trace) ==
        std::vector<std::string>{
            "Milan issues Rossi's deposit of 100 EUR, queues it and sends deposit(t=1) to Rome",
            "Milan acknowledges the deposit: sends ack(t=2) to Rome",
            "Rome issues the 5 % interest, queues it and sends interest(t=1) to Milan",
            "Rome acknowledges the interest: sends ack(t=2) to Milan",
            "Rome receives deposit(t=1) from Milan and queues it",
            "Rome acknowledges the deposit: sends ack(t=4) to Milan",
            "Rome receives ack(t=2) from Milan for the deposit",
            "Rome applies the interest from its hold-back queue",
            "Rome applies the deposit from its hold-back queue",
            "Milan receives interest(t=1) from Rome and queues it",
            "Milan acknowledges the interest: sends ack(t=4) to Rome",
            "Rome receives ack(t=4) from Milan for the interest",
            "Milan receives ack(t=2) from Rome for the interest",
            "Milan applies the deposit from its hold-back queue",
            "Milan applies the interest from its hold-back queue",
            "Milan receives ack(t=4) from Rome for the deposit"});
  const auto &steps = agree.trace->steps;
  CHECK(steps[1].message == "ack(t=2)");
  CHECK(steps[7].event ==
        local(OrderedMulticast::Rome, OrderedMulticast::Apply, OrderedMulticast::Interest));
}

TEST_CASE("ordered multicast: balances, 2 threads, bad input") {
  kit::SmallVector<std::uint8_t, 2> applied;
  CHECK(OrderedMulticast::balance(applied) == 1000);
  applied.push_back(OrderedMulticast::Deposit);
  applied.push_back(OrderedMulticast::Interest);
  CHECK(OrderedMulticast::balance(applied) == 1155);
  kit::SmallVector<std::uint8_t, 2> other;
  other.push_back(OrderedMulticast::Interest);
  other.push_back(OrderedMulticast::Deposit);
  CHECK(OrderedMulticast::balance(other) == 1150);

  for (const char *order : {"lamport", "no-tiebreak"}) {
    const CheckReport one = check_bank(order, 1);
    const CheckReport two = check_bank(order, 2);
    CHECK(one.stats.states == two.stats.states);
    CHECK(one.stats.transitions == two.stats.transitions);
    CHECK(property(one, "replicas-agree").verdict == property(two, "replicas-agree").verdict);
    CHECK(property(one, "replicas-agree").explanation ==
          property(two, "replicas-agree").explanation);
  }
  CHECK_THROWS_AS(check_bank("random"), BadInput);
}
