// Central server (slides 33-36): safe and deadlock-free, 3 messages per entry (slide 35), but not
// causally ordered (slide 34's "???", slide 36's "why?"): the counterexample.
// State and transition counts were cross-checked with an independent Python re-implementation of
// the semantics in the model's header comment: n = 2: 180 / 410; n = 3: 2313 / 6915; n = 3 without
// application messages: 180 / 351; and with --queue lamport (the same re-implementation, which
// first reproduced every count above): n = 2: 295 / 616; n = 3: 5813 / 15102; n = 3 without
// application messages: 198 / 387; n = 2 with two requests each: 4992 / 10768.
#include <protocheck/engine/check.hpp>
#include <protocheck/models/builtin_models_engine.hpp>
#include <protocheck/models/mutex/central_server.hpp>

#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

using namespace protocheck;
using mutex::CentralServer;

// Charts label arrows through the optional hook; a wrong signature would silently drop it.
static_assert(LabelsMessages<CentralServer>);

// Charts draw each message a step sends through the optional hook; a wrong signature would
// silently drop it.
static_assert(CarriesMessages<protocheck::mutex::CentralServer>);

namespace {

CheckReport check_server(const std::map<std::string, std::string> &params, unsigned threads = 1) {
  CheckOptions options;
  options.all = true;
  options.threads = threads;
  return check<CentralServer>(params, options, "central-server");
}

} // namespace

TEST_CASE("central server n = 3: safe, but a causally earlier request is served later") {
  const CheckReport report = check_server({{"n", "3"}});
  CHECK(report.stats.states == 2313);
  CHECK(report.stats.transitions == 6915);
  CHECK(property(report, "mutual-exclusion").verdict == Verdict::Holds);
  CHECK(property(report, "no-deadlock").verdict == Verdict::Holds);
  REQUIRE(property(report, "messages-per-entry").value);
  CHECK(*property(report, "messages-per-entry").value == 3); // slide 35: 2 + 1

  const PropertyResult &ordering = property(report, "ordering");
  REQUIRE(ordering.verdict == Verdict::Violated);
  REQUIRE(ordering.trace);
  // p1 requests, then tells p2 (application message); p2 requests; p2's request overtakes p1's
  // and the server, granting in arrival order, grants p2 first.
  const auto &steps = ordering.trace->steps;
  REQUIRE(steps.size() == 6);
  const unsigned server = 3;
  CHECK(steps[0].event == send(0, server, CentralServer::Request));
  CHECK(steps[1].event == send(0, 1, CentralServer::App));
  CHECK(steps[2].event == deliver(1, 0, CentralServer::App));
  CHECK(steps[3].event == send(1, server, CentralServer::Request));
  CHECK(steps[4].event == deliver(server, 1, CentralServer::Request, CentralServer::Granted));
  CHECK(steps[5].event == deliver(1, server, CentralServer::Grant));
  // Once p1 has made its only request and sent the application message, its vector can reach no
  // request any more and the model resets it: the trace says so, never a misleading [0,0,0].
  const auto value_of = [&](std::size_t step, const std::string &name) -> std::string {
    for (const Variable &change : steps[step].changes)
      if (change.name == name)
        return change.value;
    return "(unchanged)";
  };
  CHECK(value_of(0, "p1.knows") == "[1,0,0]");
  CHECK(value_of(1, "p1.knows") == "(no longer needed)");
  CHECK(value_of(2, "p2.knows") == "[1,0,0]");
  for (const TraceStep &step : steps)
    for (const Variable &change : step.changes)
      CHECK(change.value != "[0,0,0]");
  // The grant the server sends on receiving p2's request is listed for the chart.
  REQUIRE(steps[4].carried.size() == 1);
  CHECK(steps[4].carried[0].event == send(server, 1, CentralServer::Grant));
  CHECK(steps[4].carried[0].label == "grant");
  CHECK(ordering.explanation ==
        "p2 is in the critical section although p1's request happened before p2's and p1 still "
        "waits (request vectors [1,0,0] < [1,1,0])");
  CHECK(report.processes == std::vector<std::string>{"p1", "p2", "p3", "server"});
}

TEST_CASE("central server: verdicts for n = 2..4, the same with 2 threads") {
  for (const auto &[n, states] :
       {std::pair{"2", 180}, std::pair{"3", 2313}, std::pair{"4", 25248}}) {
    const CheckReport one = check_server({{"n", n}}, 1);
    const CheckReport two = check_server({{"n", n}}, 2);
    CHECK(one.stats.states == static_cast<std::uint64_t>(states));
    CHECK(two.stats.states == one.stats.states);
    CHECK(two.stats.transitions == one.stats.transitions);
    for (const auto *name : {"mutual-exclusion", "no-deadlock", "ordering"})
      CHECK(property(one, name).verdict == property(two, name).verdict);
    CHECK(property(one, "ordering").verdict == Verdict::Violated);
    REQUIRE(property(two, "ordering").trace);
    CHECK(property(two, "ordering").trace->steps.size() == 6);
    CHECK(property(two, "ordering").explanation == property(one, "ordering").explanation);
  }
}

TEST_CASE("central server without application messages: nothing reveals the disorder") {
  // A client hears from the server only in answer to its own request, so no request can happen
  // before another one: ordering holds vacuously.
  const CheckReport report = check_server({{"n", "3"}, {"app-messages", "0"}});
  CHECK(report.stats.states == 180);
  CHECK(property(report, "ordering").verdict == Verdict::Holds);
  CHECK(property(report, "mutual-exclusion").verdict == Verdict::Holds);
}

TEST_CASE("central server labels its messages: request, app, grant") {
  const CheckReport report = check_server({{"n", "3"}});
  const PropertyResult &ordering = property(report, "ordering");
  REQUIRE(ordering.trace);
  const CentralServer model = make_model<CentralServer>({{"n", "3"}});
  std::vector<std::string> labels;
  for (const TraceStep &step : ordering.trace->steps)
    labels.push_back(model.message_label(step.event));
  CHECK(labels == std::vector<std::string>{"request", "app", "app", "request", "request", "grant"});
  CHECK(model.message_label(send(0, 3, CentralServer::Release)) == "release");
}

TEST_CASE("central server ordered by Lamport timestamps (slide 36): still not causally ordered") {
  for (unsigned threads : {1u, 2u}) {
    const CheckReport report = check_server({{"n", "3"}, {"queue", "lamport"}}, threads);
    CHECK(report.stats.states == 5813);
    CHECK(report.stats.transitions == 15102);
    CHECK(property(report, "mutual-exclusion").verdict == Verdict::Holds);
    CHECK(property(report, "no-deadlock").verdict == Verdict::Holds);
    const PropertyResult &ordering = property(report, "ordering");
    REQUIRE(ordering.verdict == Verdict::Violated);
    REQUIRE(ordering.trace);
    // The same run as in arrival order: the server grants p2's request (t = 4) at once, the token
    // being free, while p1's earlier request (t = 1) is still on its way; no queue order helps.
    const auto &steps = ordering.trace->steps;
    REQUIRE(steps.size() == 6);
    const unsigned server = 3;
    CHECK(steps[0].event == send(0, server, CentralServer::Request));
    CHECK(steps[3].event == send(1, server, CentralServer::Request));
    CHECK(steps[4].event == deliver(server, 1, CentralServer::Request, CentralServer::Granted));
    const auto changed = [&](std::size_t step, const std::string &name) {
      for (const Variable &variable : steps[step].changes)
        if (variable.name == name)
          return variable.value;
      return std::string("(unchanged)");
    };
    CHECK(changed(0, "p1->server") == "[request(t = 1)]");
    CHECK(changed(3, "p2->server") == "[request(t = 4)]");
  }
  // Without application messages nothing orders requests, and every verdict is arrival order's.
  const CheckReport quiet =
      check_server({{"n", "3"}, {"app-messages", "0"}, {"queue", "lamport"}});
  CHECK(quiet.stats.states == 198);
  CHECK(quiet.stats.transitions == 387);
  CHECK(quiet.outcome == Outcome::Holds);
  const CheckReport two = check_server({{"n", "2"}, {"queue", "lamport"}});
  CHECK(two.stats.states == 295);
  CHECK(two.stats.transitions == 616);
  const CheckReport twice = check_server({{"n", "2"}, {"requests", "2"}, {"queue", "lamport"}});
  CHECK(twice.stats.states == 4992);
  CHECK(twice.stats.transitions == 10768);
  CHECK(property(twice, "ordering").verdict == Verdict::Violated);
}
