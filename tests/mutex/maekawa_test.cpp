// Maekawa's voting algorithm (slides 47-48) and its "optimised" variant (slides 52-53): verdicts,
// exact state counts, the deadlock and the mutual-exclusion counterexamples, the 3K bound.
//
// State counts cross-checked with an independent Python re-implementation of the semantics in the
// model's header comment: slide sets 2381 states / 7692 transitions (26031 / 95103 with two
// requests each), optimised 406 / 978, n = 2 (V1 = V2 = {p1, p2}) 185 / 386.
#include "tests/engine/same_report.hpp"
#include <protocheck/engine/check.hpp>
#include <protocheck/kit/capacity_error.hpp>
#include <protocheck/models/builtin_models_engine.hpp>
#include <protocheck/models/mutex/maekawa.hpp>

#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

using namespace protocheck;
using mutex::Maekawa;
using mutex::MaekawaOptimised;

// Charts label arrows through the optional hook; a wrong signature would silently drop it.
static_assert(LabelsMessages<Maekawa>);

// Charts draw each message a step sends through the optional hook; a wrong signature would
// silently drop it.
static_assert(CarriesMessages<protocheck::mutex::Maekawa>);
static_assert(ShowsWaiting<protocheck::mutex::Maekawa>);

namespace {

template <class M>
CheckReport check_voting(const std::map<std::string, std::string> &params, unsigned threads = 1) {
  CheckOptions options;
  options.all = true;
  options.threads = threads;
  return check<M>(params, options, "maekawa");
}

} // namespace

TEST_CASE("maekawa, slide sets: safe, but three concurrent requests deadlock") {
  const CheckReport report = check_voting<Maekawa>({});
  CHECK(report.stats.states == 2381);
  CHECK(report.stats.transitions == 7692);
  CHECK(property(report, "mutual-exclusion").verdict == Verdict::Holds);
  CHECK(property(report, "entry").verdict == Verdict::Holds);

  const PropertyResult &deadlock = property(report, "no-deadlock");
  REQUIRE(deadlock.verdict == Verdict::Violated);
  REQUIRE(deadlock.trace);
  // Shortest deadlock: three requests, each process votes for itself and queues the request of the
  // process before it: 3 multicasts + 3 own requests + 3 own votes + 3 queued requests.
  const auto &steps = deadlock.trace->steps;
  REQUIRE(steps.size() == 12);
  for (int k = 0; k < 3; ++k) {
    CHECK(steps[k].event.kind == EventKind::Send);
    CHECK(steps[k].event.actor == k);
  }
  int queued = 0;
  for (const TraceStep &step : steps)
    queued += step.event.kind == EventKind::Deliver && step.event.message == Maekawa::Request &&
              step.event.value == Maekawa::Queued;
  CHECK(queued == 3);
  CHECK(deadlock.explanation ==
        "p1 waits for p2's vote (p2 voted for p2), p2 waits for p3's vote (p3 voted for p3), "
        "p3 waits for p1's vote (p1 voted for p1); cycle p1 -> p2 -> p3 -> p1");
  // The chart draws the same cycle from the trace's wait-for edges.
  CHECK(deadlock.trace->waiting ==
        std::vector<WaitEdge>{{0, 1, "p2's vote"}, {1, 2, "p3's vote"}, {2, 0, "p1's vote"}});
  // Each request lists its copy to every member of the voting set, itself included.
  for (int k = 0; k < 3; ++k)
    CHECK(steps[k].carried.size() == 2);

  // Slide 51: 3K messages per entry, K = |V_i| = 2.
  const PropertyResult &messages = property(report, "messages-per-entry");
  REQUIRE(messages.value);
  CHECK(*messages.value == 6);
}

TEST_CASE("maekawa: the same results with 1 and 2 threads, two requests each") {
  const CheckReport one = check_voting<Maekawa>({{"requests", "2"}}, 1);
  const CheckReport two = check_voting<Maekawa>({{"requests", "2"}}, 2);
  CHECK(one.stats.states == 26031);
  CHECK(one.stats.transitions == 95103);
  CHECK(two.stats.states == one.stats.states);
  CHECK(two.stats.transitions == one.stats.transitions);
  for (const char *name : {"mutual-exclusion", "no-deadlock", "messages-per-entry"}) {
    CHECK(property(one, name).verdict == property(two, name).verdict);
    CHECK(property(one, name).value == property(two, name).value);
  }
  REQUIRE(property(two, "no-deadlock").trace);
  CHECK(property(two, "no-deadlock").trace->steps.size() == 12);
  CHECK(property(two, "no-deadlock").explanation == property(one, "no-deadlock").explanation);
  CHECK(property(one, "mutual-exclusion").verdict == Verdict::Holds);
}

TEST_CASE("maekawa n = 2: a two-process deadlock") {
  // n = 2: both sets are {p1, p2}; each may vote for itself first: a two-process cycle.
  const CheckReport two = check_voting<Maekawa>({{"n", "2"}});
  CHECK(two.stats.states == 185);
  CHECK(property(two, "mutual-exclusion").verdict == Verdict::Holds);
  CHECK(property(two, "no-deadlock").verdict == Verdict::Violated);
  CHECK(property(two, "no-deadlock").explanation ==
        "p1 waits for p2's vote (p2 voted for p2), p2 waits for p1's vote (p1 voted for p1); "
        "cycle p1 -> p2 -> p1");
  REQUIRE(property(two, "no-deadlock").trace);
  CHECK(property(two, "no-deadlock").trace->waiting ==
        std::vector<WaitEdge>{{0, 1, "p2's vote"}, {1, 0, "p1's vote"}});
  CHECK(*property(two, "messages-per-entry").value == 6);
}

TEST_CASE("maekawa 2x2 grid (n = 4, K = 3)", "[.slow]") {
  const CheckReport grid = check_voting<Maekawa>({{"n", "4"}, {"sets", "grid"}}, 2);
  CHECK(grid.stats.states == 1924703);
  CHECK(property(grid, "mutual-exclusion").verdict == Verdict::Holds);
  CHECK(property(grid, "no-deadlock").verdict == Verdict::Violated);
  CHECK(*property(grid, "messages-per-entry").value == 9); // 3K
}

TEST_CASE("optimised maekawa (p_i does not send to itself) violates mutual exclusion") {
  const CheckReport report = check_voting<MaekawaOptimised>({});
  CHECK(report.stats.states == 406);
  CHECK(report.stats.transitions == 978);
  const PropertyResult &safety = property(report, "mutual-exclusion");
  REQUIRE(safety.verdict == Verdict::Violated);
  REQUIRE(safety.trace);
  // p2 votes for p1 and p1 enters; p3 votes for p2 and p2 enters: p2 never counted its own vote,
  // so nothing stopped it from giving it to p1 while wanting the section itself.
  CHECK(safety.trace->steps.size() == 8);
  CHECK(safety.explanation ==
        "p1 (votes {p2}) and p2 (votes {p3}) are in the critical section together");
  // A process never serves its own queue after leaving (no release to itself): deadlock too.
  const PropertyResult &deadlock = property(report, "no-deadlock");
  CHECK(deadlock.verdict == Verdict::Violated);
  CHECK(deadlock.explanation ==
        "p2 waits for p3's vote (p3's vote is free, but p2's request sits in its queue)");
  CHECK(*property(report, "messages-per-entry").value == 3); // 3(K-1)
}

TEST_CASE("voting sets are validated") {
  CHECK_THROWS_AS(check_voting<Maekawa>({{"sets", "1,2;2,3"}}), BadInput); // two sets for n = 3
  CHECK_THROWS_AS(check_voting<Maekawa>({{"sets", "1,4;2,3;3,1"}}), BadInput);
  CHECK_THROWS_AS(check_voting<Maekawa>({{"sets", "1,,2;2,3;3,1"}}), BadInput);
  CHECK_THROWS_AS(check_voting<Maekawa>({{"n", "5"}, {"sets", "grid"}}), BadInput);
  CHECK(mutex::to_string(mutex::parse_voting_sets("grid", 4)) ==
        "V1={p1,p2,p3} V2={p1,p2,p4} V3={p1,p3,p4} V4={p2,p3,p4}");
  CHECK(mutex::violated_conditions(mutex::parse_voting_sets("", 3)).empty());
  CHECK(mutex::violated_conditions(mutex::parse_voting_sets("2;2;3", 3)) ==
        "p1 is not in V1; V1 and V3 do not intersect; V2 and V3 do not intersect");
}

TEST_CASE("a run that outgrows the network's capacity stops with a clear error") {
  // n = 8 with every process in every set: 8 multicasts of 8 requests exceed the 54 messages the
  // network holds. That is an error naming the capacity, never a silently dropped message.
  try {
    check_voting<Maekawa>({{"n", "8"}});
    FAIL("no capacity error");
  } catch (const ModelError &error) {
    // The engine names the model and the step, then the model's own reason.
    const std::string what = error.what();
    CHECK(what.starts_with("model "));
    CHECK(what.find("successors() threw while expanding the state reached in ") !=
          std::string::npos);
    CHECK(what.ends_with(": the network (all channels together) is full (capacity 54): the "
                         "model's fixed capacity is too small for these parameters"));
  }
}

TEST_CASE("maekawa labels its messages as the slides do: request, vote, release") {
  const CheckReport report = check_voting<Maekawa>({});
  const Maekawa model = make_model<Maekawa>();
  const auto labels = [&model](const Trace &trace) {
    std::vector<std::string> labels;
    for (const TraceStep &step : trace.steps)
      labels.push_back(model.message_label(step.event));
    return labels;
  };
  REQUIRE(property(report, "no-deadlock").trace);
  CHECK(labels(*property(report, "no-deadlock").trace) ==
        std::vector<std::string>{"request", "request", "request", "request", "vote", "request",
                                 "request", "vote", "request", "request", "request", "vote"});
  // p3 receives p2's release (V2 = {p2, p3}) and has its vote back.
  CHECK(model.message_label(deliver(2, 1, Maekawa::Release, Maekawa::Unvoted)) == "release");
  // A step that carries no message is labelled as describe() tells it.
  REQUIRE(property(report, "entry").trace);
  const Event entered = property(report, "entry").trace->steps.back().event;
  CHECK(entered.kind == EventKind::Local);
  CHECK(model.message_label(entered) == model.describe(entered));
  CHECK(model.message_label(entered) ==
        "p1 has all votes of {p1, p2} and enters the critical section");
}

TEST_CASE("maekawa: tree-compressed and whole storage find the same, in a fraction of the bytes") {
  // 26031 states of 308 bytes: the deadlock trace, values and counts must not depend on how the
  // states are kept, nor on the thread count; the tree keeps each state in a few bytes.
  for (const unsigned threads : {1u, 2u}) {
    INFO("threads = " << threads);
    CheckOptions options;
    options.all = true;
    options.threads = threads;
    const auto [whole, tree] =
        protocheck::testing::runs_with_both_storages<Maekawa>({{"requests", "2"}}, options);
    CHECK(tree.stats.states == 26031);
    CHECK(whole.stats.store_bytes > 300 * whole.stats.states);
    CHECK(tree.stats.store_bytes < 60 * tree.stats.states);
  }
  // Automatic storage keeps a state this large in the tree.
  CHECK(check_voting<Maekawa>({}).stats.tree_storage);
}
