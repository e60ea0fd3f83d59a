// PBFT: safety with n = 3f+1, the violations that smaller quorums allow, the silent replica that
// blocks n = 3f, the client's reply quorum, one view change, and losses that change no verdict.
#include "tests/byzantine/faulty_at_end.hpp"
#include <protocheck/engine/check.hpp>
#include <protocheck/engine/explorer.hpp>
#include <protocheck/models/builtin_models_engine.hpp>
#include <protocheck/models/byzantine/pbft.hpp>

#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <string>
#include <tuple>

using namespace protocheck;
using protocheck::byzantine::Pbft;
using Params = std::map<std::string, std::string>;

// Charts draw each phase's messages through the optional hook; a wrong signature would silently
// drop them.
static_assert(CarriesMessages<Pbft>);

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

    // The phases as the chart draws them: every message a step sends is listed as a Send with
    // the identity its delivery carries, and every correct vote a quorum step counts besides its
    // own event is a Deliver of such a Send made earlier in the run (faulty votes: Transmits).
    std::multiset<std::tuple<int, int, int, std::uint32_t>> sent; // from, to, kind, identity
    std::set<int> phases;
    for (const TraceStep &step : served.steps) {
      for (const CarriedMessage &message : step.carried) {
        const Event &e = message.event;
        CHECK(message.label.find("(") != std::string::npos); // "prepare(v0, #1, a)", ...
        if (e.kind == EventKind::Send) {
          sent.insert({e.actor, e.peer, e.message, e.message_id});
          phases.insert(e.message);
        } else if (e.kind == EventKind::Deliver) {
          const auto match = sent.find({e.peer, e.actor, e.message, e.message_id});
          REQUIRE(match != sent.end());
          sent.erase(match);
        } else {
          CHECK(e.kind == EventKind::Transmit);
          CHECK(e.actor == 0); // the faulty R0
        }
      }
      if (step.event.kind == EventKind::Deliver && step.event.peer != 0) {
        const auto match = sent.find(
            {step.event.peer, step.event.actor, step.event.message, step.event.message_id});
        CHECK(match != sent.end());
        if (match != sent.end())
          sent.erase(match);
      }
    }
    // A correct replica sends prepares, commits and a reply.
    CHECK(phases == std::set<int>{Pbft::PrepareMsg, Pbft::CommitMsg, Pbft::ReplyMsg});
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

TEST_CASE("faulty() gives the Byzantine replica, and an arrow's label is the message") {
  const Params small_quorums{{"n", "3"}, {"f", "1"}, {"quorum", "2"}};
  const CheckReport report = check<Pbft>(small_quorums, options(1));
  const PropertyResult &agreement = property(report, "agreement");
  REQUIRE(agreement.trace);
  const Pbft model = make_model<Pbft>(small_quorums);
  CHECK(faulty_at_end(model, report, agreement) == std::set<std::size_t>{0}); // R0
  const auto &steps = agreement.trace->steps;
  REQUIRE(steps.size() == 4);
  CHECK(model.message_label(steps[0].event) == "pre-prepare(v0, #1, a)");
  CHECK(model.message_label(steps[1].event) == "commit(v0, #1, a)");
  CHECK(model.message_label(steps[2].event) == "pre-prepare(v0, #1, z)");

  const Params one_reply{{"n", "4"}, {"f", "1"}, {"reply-quorum", "1"}};
  const CheckReport invented = check<Pbft>(one_reply, options(1));
  const Trace &accepted = trace_of(invented, "client-safety");
  REQUIRE(accepted.steps.size() == 1);
  CHECK(make_model<Pbft>(one_reply).message_label(accepted.steps[0].event) == "reply(a, #1)");

  // Correct replicas' messages from a run with a view change, in full.
  const Pbft changing({.n = 4, .f = 1, .view_changes = 1});
  CHECK(changing.message_label(deliver(1, 2, Pbft::ViewChange, 1u << 5 | 1u << 24)) ==
        "view-change(v1, P = {#1: a})");
  CHECK(changing.message_label(
            deliver(2, 1, Pbft::NewView, 1u << 5 | Pbft::EnteredView | 1u << 16)) ==
        "new-view(v1, O = {#1: a})");
}

// The bag delivers in any order: two messages of one kind in flight on one channel must carry
// different identities, and one identity must always mean one message.
TEST_CASE("deliveries carry message identities that tell the messages in flight apart") {
  const Pbft model({.n = 3, .f = 1, .quorum = 2, .requests = 2});
  const auto properties = model.properties();
  CheckOptions explore = options(1);
  Explorer<Pbft> explorer(model, properties, explore);
  REQUIRE(explorer.run() == StopReason::Complete);
  std::uint64_t states_with_two_in_flight = 0;
  for (std::uint64_t rank = 0; rank < explorer.stats().states; ++rank) {
    // (recipient, sender, kind, identity) -> the message delivered
    std::map<std::tuple<unsigned, unsigned, unsigned, std::uint32_t>, std::string> meaning;
    std::map<std::tuple<unsigned, unsigned, unsigned>, std::set<std::string>> on_channel;
    model.successors(explorer.state(rank), [&](const Event &event, const Pbft::State &) {
      if (event.kind != EventKind::Deliver)
        return;
      const std::string label = model.message_label(event);
      const auto [known, fresh] =
          meaning.try_emplace({event.actor, event.peer, event.message, event.message_id}, label);
      INFO(model.describe(event));
      CHECK(known->second == label);
      on_channel[{event.actor, event.peer, event.message}].insert(label);
    });
    for (const auto &[channel, labels] : on_channel)
      if (labels.size() > 1)
        ++states_with_two_in_flight;
  }
  CHECK(states_with_two_in_flight > 0); // e.g. pre-prepares for #1 and #2 to one backup
}
