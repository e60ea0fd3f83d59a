// Ricart-Agrawala (slide 42): verdicts for n = 2..4, exact state counts for n = 3, the message
// bound 2(n-1) of slide 44, and the same results with 1 and 2 threads.
//
// The state counts were cross-checked with an independent re-implementation of the semantics in
// the model's header comment (a plain Python breadth-first search over tuples): n = 2: 39 states,
// 52 transitions; n = 3: 3174 / 8112; n = 3 with one application message: 69327 / 218428.
#include "tests/engine/same_report.hpp"
#include <protocheck/engine/check.hpp>
#include <protocheck/models/builtin_models_engine.hpp>
#include <protocheck/models/mutex/ricart_agrawala.hpp>

#include <catch2/catch.hpp>

#include <set>

#include <map>
#include <string>
#include <vector>

using namespace protocheck;
using mutex::RicartAgrawala;

// Charts label arrows through the optional hook; a wrong signature would silently drop it.
static_assert(LabelsMessages<RicartAgrawala>);

// Charts draw each message a step sends through the optional hook; a wrong signature would
// silently drop it.
static_assert(CarriesMessages<protocheck::mutex::RicartAgrawala>);

namespace {

CheckReport check_ra(const std::map<std::string, std::string> &params, unsigned threads = 1) {
  CheckOptions options;
  options.all = true; // decide every property, explore everything
  options.threads = threads;
  return check<RicartAgrawala>(params, options, "ricart-agrawala");
}

void require_correct(const CheckReport &report, int n) {
  CHECK(report.outcome == Outcome::Holds);
  CHECK(property(report, "mutual-exclusion").verdict == Verdict::Holds);
  CHECK(property(report, "no-deadlock").verdict == Verdict::Holds);
  CHECK(property(report, "ordering").verdict == Verdict::Holds);
  CHECK(property(report, "entry").verdict == Verdict::Holds);
  const PropertyResult &messages = property(report, "messages-per-entry");
  REQUIRE(messages.value);
  CHECK(*messages.value == 2 * (n - 1)); // slide 44: 2(N-1) messages per entry
}

} // namespace

TEST_CASE("ricart-agrawala n = 3: safe, deadlock-free, ordered, 3174 states") {
  const CheckReport report = check_ra({{"n", "3"}});
  require_correct(report, 3);
  CHECK(report.stats.states == 3174);
  CHECK(report.stats.transitions == 8112);
  CHECK(report.stats.depth == 21);

  // The bound's trace: p1 multicasts, then p2 and p3 each receive and reply.
  const PropertyResult &messages = property(report, "messages-per-entry");
  REQUIRE(messages.trace);
  REQUIRE(messages.trace->steps.size() == 3);
  CHECK(messages.trace->steps[0].event.kind == EventKind::Send);
  CHECK(messages.trace->steps[1].event.kind == EventKind::Deliver);
  CHECK(messages.explanation == "p1's request used 4 messages (2 requests and 2 replies)");
}

TEST_CASE("ricart-agrawala n = 2 and n = 4") {
  const CheckReport two = check_ra({{"n", "2"}});
  require_correct(two, 2);
  CHECK(two.stats.states == 39);
  // n = 4 has 3467579 states (about 10 s of one core); verdicts and bound as for n = 3.
  const CheckReport four = check_ra({{"n", "4"}}, 2);
  require_correct(four, 4);
  CHECK(four.stats.states == 3467579);
}

TEST_CASE("ricart-agrawala with application messages: ordering still holds, same with 2 threads") {
  // Application messages let one request happen before another through a third party; Lamport
  // timestamps order them anyway (slide 44), so ordering holds.
  const CheckReport one = check_ra({{"n", "3"}, {"app-messages", "1"}}, 1);
  const CheckReport two = check_ra({{"n", "3"}, {"app-messages", "1"}}, 2);
  require_correct(one, 3);
  require_correct(two, 3);
  CHECK(one.stats.states == 69327);
  CHECK(one.stats.transitions == 218428);
  CHECK(two.stats.states == one.stats.states);
  CHECK(two.stats.transitions == one.stats.transitions);
  CHECK(two.stats.depth == one.stats.depth);
  // The monitor is not vacuous: some request does happen before another one still pending.
  CHECK(property(one, "causal-requests").verdict == Verdict::Holds);
  CHECK(property(check_ra({{"n", "3"}}), "causal-requests").verdict == Verdict::Holds);
}

TEST_CASE("ricart-agrawala rejects sizes it cannot hold") {
  CHECK_THROWS_AS(check_ra({{"n", "6"}}), BadInput);
  CHECK_THROWS_AS(check_ra({{"n", "1"}}), BadInput);
  CHECK_THROWS_AS(check_ra({{"requests", "4"}}), BadInput);
}

TEST_CASE("ricart-agrawala labels a request with its <T, p>, as slide 42 writes it") {
  const CheckReport report = check_ra({{"n", "3"}});
  const RicartAgrawala model = make_model<RicartAgrawala>({{"n", "3"}});
  const auto labels = [&model](const Trace &trace) {
    std::vector<std::string> labels;
    for (const TraceStep &step : trace.steps)
      labels.push_back(model.message_label(step.event));
    return labels;
  };
  // p1 requests at clock 1; p2 receives it (clock 2), replies (3) and then requests at 4.
  REQUIRE(property(report, "causal-requests").trace);
  CHECK(labels(*property(report, "causal-requests").trace) ==
        std::vector<std::string>{"request(T=1, p1)", "request(T=1, p1)", "request(T=4, p2)"});
  REQUIRE(property(report, "entry").trace);
  const Trace &entry = *property(report, "entry").trace;
  CHECK(labels(entry) == std::vector<std::string>{"request(T=1, p1)", "request(T=1, p1)",
                                                  "request(T=1, p1)", "reply", "reply",
                                                  model.describe(entry.steps.back().event)});
}

TEST_CASE("ricart-agrawala: slide 43, the waiting process defers the later concurrent request") {
  for (const unsigned n : {2u, 3u}) {
    INFO("n = " << n);
    const CheckReport report = check_ra({{"n", std::to_string(n)}});
    const PropertyResult &witness = property(report, "deferred-reply");
    CHECK(witness.verdict == Verdict::Holds);
    REQUIRE(witness.trace);
    // Both request with T = 1; p1's (1, p1) is the smaller, so p1 defers p2's request: three
    // steps, the last a delivery to p1 from p2 that the chart marks as deferred.
    const auto &steps = witness.trace->steps;
    REQUIRE(steps.size() == 3);
    CHECK(steps[0].event.kind == EventKind::Send);
    CHECK(steps[0].event.actor == 0);
    CHECK(steps[1].event.kind == EventKind::Send);
    CHECK(steps[1].event.actor == 1);
    CHECK(steps[2].event.kind == EventKind::Deliver);
    CHECK(steps[2].event.actor == 0);
    CHECK(steps[2].event.peer == 1);
    CHECK(steps[2].action == "p1 receives p2's request(ts 1) and defers it");
    // Each request lists its copies, one Send to every other process; the deferring delivery
    // sends nothing.
    for (std::size_t k = 0; k < 2; ++k) {
      std::set<unsigned> to;
      for (const CarriedMessage &copy : steps[k].carried) {
        CHECK(copy.event.kind == EventKind::Send);
        CHECK(copy.event.actor == k);
        CHECK(copy.label == "request(T=1, p" + std::to_string(k + 1) + ")");
        to.insert(copy.event.peer);
      }
      std::set<unsigned> others;
      for (unsigned q = 0; q < n; ++q)
        if (q != k)
          others.insert(q);
      CHECK(to == others);
      CHECK(steps[k].carried.size() == n - 1);
    }
    CHECK(steps[2].carried.empty());
    // With one request each and no application message, a clock that has stamped its request
    // reaches no other request: the model resets it, and the trace says so instead of a value.
    for (const TraceStep &step : steps)
      for (const Variable &change : step.changes) {
        if (change.name.ends_with(".clock") || change.name.ends_with(".knows"))
          CHECK(change.value == "(no longer needed)");
        if (change.name.ends_with(".T"))
          CHECK(change.value == "1");
      }
    CHECK(witness.explanation ==
          "p1 still waits for replies and defers p2's request, whose (T, pid) is larger");
  }
}

TEST_CASE(
    "ricart-agrawala n = 3: tree-compressed and whole storage find the same, 1 and 2 threads") {
  for (const unsigned threads : {1u, 2u}) {
    INFO("threads = " << threads);
    CheckOptions options;
    options.all = true;
    options.threads = threads;
    const auto runs =
        protocheck::testing::runs_with_both_storages<RicartAgrawala>({{"n", "3"}}, options);
    CHECK(runs.tree.stats.states == 3174);
    CHECK(runs.tree.outcome == Outcome::Holds);
  }
}
