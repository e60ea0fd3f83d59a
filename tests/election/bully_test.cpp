// Bully: safe for a stable group, unsafe when the old coordinator restarts during an election
// (slide 22); the best and worst message counts of slide 23, exactly.
#include "checker/trace_file.hpp"

#include <protocheck/engine/check.hpp>
#include <protocheck/engine/replay.hpp>
#include <protocheck/models/builtin_models_engine.hpp>
#include <protocheck/models/election/bully.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>

using namespace protocheck;
using election::Bully;

// Charts draw each message a step sends through the optional hook; a wrong signature would
// silently drop it.
static_assert(CarriesMessages<protocheck::election::Bully>);

namespace {

CheckReport run(std::map<std::string, std::string> params, unsigned threads = 1) {
  CheckOptions options;
  options.threads = threads;
  options.all = true; // explore everything, so that the state counts are those of the whole space
  return check<Bully>(params, options, "bully");
}

std::int64_t max_messages(const CheckReport &report) {
  const PropertyResult &messages = property(report, "messages");
  REQUIRE(messages.value);
  return *messages.value;
}

std::vector<std::string> actions(const Trace &trace) {
  std::vector<std::string> texts;
  for (const TraceStep &step : trace.steps)
    texts.push_back(step.action);
  return texts;
}

// The faulty processes at the end of a property's trace, found as charts find them: by replaying
// the trace against the model.
std::set<std::size_t> faulty_at_end(const CheckReport &report, const PropertyResult &result,
                                    const Bully &model) {
  REQUIRE(result.trace);
  const ReplayResult replayed = replay_trace(model, record_trace(result, report.processes));
  REQUIRE(replayed.confirmed);
  REQUIRE(replayed.faulty);
  return *replayed.faulty;
}

} // namespace

TEST_CASE("bully, one crash, no restart: safe, and the pinned state spaces") {
  struct Expected {
    int n, crashes;
    std::uint64_t states, transitions;
    std::uint32_t depth;
    std::int64_t messages;
  };
  const std::vector<Expected> table{{3, 1, 23, 25, 9, 7},      {4, 1, 64, 84, 9, 14},
                                    {5, 1, 172, 259, 10, 26},  {6, 1, 451, 759, 10, 42},
                                    {4, 2, 690, 1031, 20, 30}, {5, 2, 3800, 6110, 21, 53}};
  for (const Expected &expected : table) {
    CAPTURE(expected.n, expected.crashes);
    const CheckReport report =
        run({{"n", std::to_string(expected.n)}, {"crashes", std::to_string(expected.crashes)}});
    CHECK(report.outcome == Outcome::Holds);
    CHECK(property(report, "one-coordinator").verdict == Verdict::Holds);
    CHECK(property(report, "agreement-when-quiet").verdict == Verdict::Holds);
    CHECK(property(report, "all-know-coordinator").verdict == Verdict::Holds);
    CHECK(report.stats.states == expected.states);
    CHECK(report.stats.transitions == expected.transitions);
    CHECK(report.stats.depth == expected.depth);
    CHECK(max_messages(report) == expected.messages);
  }
}

TEST_CASE("bully, best and worst case of slide 23, exactly") {
  for (const int n : {3, 4, 5, 6}) {
    CAPTURE(n);
    // Best: the second highest detects: one election to the dead coordinator, then coordinator
    // messages to the n-2 others.
    const CheckReport best = run({{"n", std::to_string(n)}, {"detectors", std::to_string(n - 1)}});
    CHECK(best.outcome == Outcome::Holds);
    CHECK(max_messages(best) == n - 1);
    // Worst: the lowest detects. Every live process p1..p(n-1) calls one election to all higher
    // ids (n(n-1)/2 messages), every election reaching a live process is answered
    // ((n-1)(n-2)/2), and p(n-1) announces itself to the n-2 below it.
    const CheckReport worst = run({{"n", std::to_string(n)}, {"detectors", "1"}});
    CHECK(worst.outcome == Outcome::Holds);
    CHECK(max_messages(worst) == n * (n - 1) / 2 + (n - 1) * (n - 2) / 2 + (n - 2));
    // One path: some process crashes (n ways, only pn's crash leads on), p1 detects, 4 rounds.
    CHECK(worst.stats.states == static_cast<std::uint64_t>(1 + n + 1 + 4));
  }
  // When anyone may detect, a late detection after the announcement starts a second election.
  CHECK(max_messages(run({{"n", "4"}})) == 14);
}

TEST_CASE("bully, the old coordinator restarts during the election: two coordinators") {
  const CheckReport report = run({{"n", "4"}, {"restarts", "1"}});
  CHECK(report.outcome == Outcome::Violated);
  CHECK(report.stats.states == 210);
  CHECK(report.stats.transitions == 327);
  CHECK(max_messages(report) == 21);

  const PropertyResult &safety = property(report, "one-coordinator");
  REQUIRE(safety.verdict == Verdict::Violated);
  REQUIRE(safety.trace);
  CHECK(actions(*safety.trace) ==
        std::vector<std::string>{
            "p4 crashes", "p3 detects that coordinator p4 has failed and calls an election",
            "round: every live process handles its messages",
            "round: every live process handles its messages; p3 got no answer and declares "
            "itself coordinator",
            "p4 restarts and, highest of all, announces itself coordinator"});
  CHECK(safety.explanation == "p3 and p4 both act as coordinator");

  // No guarantee on the order of delivery: p1 and p2 may handle p3's announcement last and keep
  // p3 as coordinator for good.
  const PropertyResult &agreement = property(report, "agreement-when-quiet");
  REQUIRE(agreement.verdict == Verdict::Violated);
  REQUIRE(agreement.trace);
  REQUIRE(agreement.trace->steps.size() == 6);
  CHECK(agreement.trace->steps.back().action ==
        "round: every live process handles its messages; p1 handles p3's coordinator message "
        "last; p2 handles p3's coordinator message last");
  CHECK(agreement.explanation == "p1 takes p3 for the coordinator, but p4 is the highest live "
                                 "process");
  // The messages as the chart draws them: each from the step that sent it (a Send) to the round
  // that delivers it (a Deliver, its actor the receiver).
  const auto carried = [&](std::size_t step) {
    std::vector<std::string> listed;
    for (const CarriedMessage &message : agreement.trace->steps[step].carried) {
      const bool delivered = message.event.kind == EventKind::Deliver;
      const unsigned from = delivered ? message.event.peer : message.event.actor;
      const unsigned to = delivered ? message.event.actor : message.event.peer;
      listed.push_back(std::string(to_string(message.event.kind)) + " p" +
                       std::to_string(from + 1) + "->p" + std::to_string(to + 1) + " " +
                       message.label);
    }
    return listed;
  };
  // p3's election message to crashed p4 never enters an inbox: it is lost at once.
  CHECK(carried(1).empty());
  // The round that made p3 declare delivered nothing (p4, the only one p3 asked, had crashed),
  // and sent p3's announcements; p4's restart sent its own.
  CHECK(carried(3) ==
        std::vector<std::string>{"send p3->p1 coordinator", "send p3->p2 coordinator"});
  CHECK(carried(4) == std::vector<std::string>{"send p4->p1 coordinator", "send p4->p2 coordinator",
                                               "send p4->p3 coordinator"});
  // The last round delivers all five.
  CHECK(carried(5) ==
        std::vector<std::string>{"deliver p3->p1 coordinator", "deliver p3->p2 coordinator",
                                 "deliver p4->p1 coordinator", "deliver p4->p2 coordinator",
                                 "deliver p4->p3 coordinator"});
  CHECK(property(report, "all-know-coordinator").verdict == Verdict::Violated);
}

TEST_CASE("bully, a crash loses the messages waiting for the crashed process, and says so") {
  const Bully model(Bully::Config{.n = 3, .crashes = 2});
  Bully::State state{};
  model.initial([&](const Event &, const Bully::State &initial) { state = initial; });
  // Takes the step described as `action` and lists the messages it carries.
  const auto step = [&](const std::string &action) {
    std::optional<std::pair<Event, Bully::State>> found;
    model.successors(state, [&](const Event &event, const Bully::State &next) {
      if (!found && model.describe(event) == action)
        found.emplace(event, next);
    });
    REQUIRE(found);
    std::vector<std::string> listed;
    model.carried_messages(state, found->first, found->second, [&](const Event &message) {
      listed.push_back(std::string(to_string(message.kind)) + " p" +
                       std::to_string(message.actor + 1) + " p" + std::to_string(message.peer + 1) +
                       " " + model.message_label(message));
    });
    state = found->second;
    return listed;
  };
  CHECK(step("p3 crashes").empty());
  // The election message to crashed p3 is lost at once; the one to p2 waits in p2's inbox.
  CHECK(step("p1 detects that coordinator p3 has failed and calls an election") ==
        std::vector<std::string>{"send p1 p2 election"});
  // p2 crashes with it: a Drop (the network loses p1's message to p2).
  CHECK(step("p2 crashes") == std::vector<std::string>{"drop p1 p2 election"});
}

TEST_CASE("bully, slide 21: p4 fails, then p3, and p2 is elected (--crash-order 4,3)") {
  const CheckReport ordered = run({{"n", "4"}, {"crashes", "2"}, {"crash-order", "4,3"}});
  const CheckReport any = run({{"n", "4"}, {"crashes", "2"}});
  // Fixing who crashes, and when, leaves a part of the free state space.
  CHECK(ordered.stats.states < any.stats.states);
  CHECK(property(ordered, "one-coordinator").verdict == Verdict::Holds);
  CHECK(property(ordered, "coordinator-elected").verdict == Verdict::Holds);
  // The witness is only offered where the crash order is fixed.
  CHECK(std::ranges::none_of(any.properties, [](const PropertyResult &result) {
    return result.name == "elected-after-crashes";
  }));
  const PropertyResult &witness = property(ordered, "elected-after-crashes");
  REQUIRE(witness.verdict == Verdict::Holds); // reached
  REQUIRE(witness.trace);
  // As in the figure: p3 fails during the election, with p2's election message still waiting
  // for it (lost with it); p2 gets no answer and announces itself.
  CHECK(actions(*witness.trace) ==
        std::vector<std::string>{
            "p4 crashes", "p2 detects that coordinator p4 has failed and calls an election",
            "p3 crashes", "round: every live process handles its messages",
            "round: every live process handles its messages; p2 got no answer and declares "
            "itself coordinator",
            "round: every live process handles its messages"});
  const std::vector<CarriedMessage> &lost = witness.trace->steps[2].carried;
  REQUIRE(lost.size() == 1);
  CHECK(lost[0].event.kind == EventKind::Drop);
  CHECK(lost[0].event.actor == 1); // from p2
  CHECK(lost[0].event.peer == 2);  // to p3
  CHECK(lost[0].label == "election");
  CHECK(witness.explanation == "p2 is the coordinator, and every live process knows it");

  REQUIRE_THROWS_AS(run({{"n", "4"}, {"crashes", "2"}, {"crash-order", "5,3"}}), BadInput);
  REQUIRE_THROWS_AS(run({{"n", "4"}, {"crashes", "2"}, {"crash-order", "4,4"}}), BadInput);
  REQUIRE_THROWS_AS(run({{"n", "4"}, {"crashes", "1"}, {"crash-order", "4,3"}}), BadInput);
}

TEST_CASE("bully, restarts violate safety for every n") {
  for (const int n : {3, 5}) {
    CAPTURE(n);
    const CheckReport report = run({{"n", std::to_string(n)}, {"restarts", "1"}});
    const PropertyResult &safety = property(report, "one-coordinator");
    REQUIRE(safety.verdict == Verdict::Violated);
    REQUIRE(safety.trace);
    CHECK(safety.trace->steps.size() == 5);
    CHECK(safety.trace->steps.front().event.kind == EventKind::Crash);
    CHECK(safety.trace->steps.back().event.kind == EventKind::Crash); // the restart
    CHECK(safety.trace->steps.back().event.actor == n - 1);
  }
}

TEST_CASE("bully, bad parameters") {
  CHECK_THROWS_WITH(run({{"n", "3"}, {"detectors", "4"}}), Catch::Contains("1..3"));
  CHECK_THROWS_WITH(run({{"n", "7"}}), Catch::Contains("2..6"));
}

TEST_CASE("bully, 1 and 2 threads agree") {
  for (const char *restarts : {"0", "1"}) {
    CAPTURE(restarts);
    const CheckReport one = run({{"n", "5"}, {"restarts", restarts}}, 1);
    const CheckReport two = run({{"n", "5"}, {"restarts", restarts}}, 2);
    CHECK(one.stats.states == two.stats.states);
    CHECK(one.stats.transitions == two.stats.transitions);
    CHECK(max_messages(one) == max_messages(two));
    for (const char *name : {"one-coordinator", "agreement-when-quiet"}) {
      const PropertyResult &a = property(one, name);
      const PropertyResult &b = property(two, name);
      CHECK(a.verdict == b.verdict);
      REQUIRE(a.trace.has_value() == b.trace.has_value());
      if (a.trace)
        CHECK(actions(*a.trace) == actions(*b.trace));
    }
  }
}

TEST_CASE("bully, a coordinator is eventually elected after crashes, for every n") {
  // The initial coordinator is known to all, so the obligation starts when no live coordinator is
  // left (leads-to); it holds wherever the at-end agreement holds, with 1 and 2 threads.
  for (const int n : {3, 4, 5, 6})
    for (const int crashes : {1, 2})
      for (const unsigned threads : {1u, 2u}) {
        CAPTURE(n, crashes, threads);
        const CheckReport report =
            run({{"n", std::to_string(n)}, {"crashes", std::to_string(crashes)}}, threads);
        const PropertyResult &elected = property(report, "coordinator-elected");
        CHECK(elected.kind == PropertyKind::LeadsTo);
        CHECK(elected.verdict == Verdict::Holds);
        CHECK(report.outcome == Outcome::Holds);
        CHECK(report.fairness.find("weak fairness for the round clock") == 0);
      }
}

TEST_CASE("bully, the only detector crashes as well: a deadlock with no coordinator") {
  // With detectors = n-1 only p(n-1) watches the coordinator. If it crashes too (before or after
  // pn), nobody ever calls an election: the shortest counterexample is the two crashes, ending in
  // a state without successors, not a cycle.
  for (const int n : {4, 5})
    for (const unsigned threads : {1u, 2u}) {
      CAPTURE(n, threads);
      const CheckReport report =
          run({{"n", std::to_string(n)}, {"crashes", "2"}, {"detectors", std::to_string(n - 1)}},
              threads);
      CHECK(property(report, "all-know-coordinator").verdict == Verdict::Violated);
      const PropertyResult &elected = property(report, "coordinator-elected");
      REQUIRE(elected.verdict == Verdict::Violated);
      REQUIRE(elected.trace);
      CHECK_FALSE(elected.trace->loop_start); // a deadlock: no repeating part
      REQUIRE(elected.trace->steps.size() == 2);
      std::vector<unsigned> crashed;
      for (const TraceStep &step : elected.trace->steps) {
        CHECK(step.event.kind == EventKind::Crash);
        CHECK(step.event.message == Bully::CrashProcess);
        crashed.push_back(step.event.actor);
      }
      std::sort(crashed.begin(), crashed.end());
      CHECK(crashed ==
            std::vector<unsigned>{static_cast<unsigned>(n - 2), static_cast<unsigned>(n - 1)});
      std::string stuck = "no live process acts as coordinator";
      for (int p = 1; p <= n - 2; ++p)
        stuck += "; p" + std::to_string(p) + " takes crashed p" + std::to_string(n) +
                 " for the coordinator";
      CHECK(elected.explanation ==
            "the execution ends in a state without successors (a deadlock) before reaching it: " +
                stuck);
    }
}

TEST_CASE("bully, a restart during the election: the coordinator is never agreed on") {
  // Slide 22's run goes on: p1 and p2 handle p3's announcement last and the run ends with them
  // following p3 while p4 is coordinator. From the moment p4 crashed no state had one coordinator
  // known to all, so the liveness property fails with the same six steps.
  for (const unsigned threads : {1u, 2u}) {
    CAPTURE(threads);
    const CheckReport report = run({{"n", "4"}, {"restarts", "1"}}, threads);
    const PropertyResult &elected = property(report, "coordinator-elected");
    REQUIRE(elected.verdict == Verdict::Violated);
    REQUIRE(elected.trace);
    CHECK_FALSE(elected.trace->loop_start);
    CHECK(actions(*elected.trace) ==
          std::vector<std::string>{
              "p4 crashes", "p3 detects that coordinator p4 has failed and calls an election",
              "round: every live process handles its messages",
              "round: every live process handles its messages; p3 got no answer and declares "
              "itself coordinator",
              "p4 restarts and, highest of all, announces itself coordinator",
              "round: every live process handles its messages; p1 handles p3's coordinator "
              "message last; p2 handles p3's coordinator message last"});
    CHECK(elected.explanation.find(": p4 is the highest live process; p1 takes p3 for the "
                                   "coordinator; p2 takes p3 for the coordinator") !=
          std::string::npos);
  }
}

TEST_CASE("bully, the faulty processes at the end of pinned counterexamples") {
  // Both crashed processes are faulty when the only detector crashes as well.
  const CheckReport deadlock = run({{"n", "4"}, {"crashes", "2"}, {"detectors", "3"}});
  CHECK(faulty_at_end(deadlock, property(deadlock, "coordinator-elected"),
                      Bully({.n = 4, .crashes = 2, .detectors = "3"})) ==
        std::set<std::size_t>{2, 3});
  // p4 crashes and restarts: at the end it is live again, so nobody is faulty.
  const CheckReport restart = run({{"n", "4"}, {"restarts", "1"}});
  CHECK(faulty_at_end(restart, property(restart, "one-coordinator"),
                      Bully({.n = 4, .restarts = 1})) == std::set<std::size_t>{});
}
