// Client delay and synchronisation delay (--delays, models/mutex/delay_monitor.hpp): the values the
// lecture states (slides 35, 39, 44 and 51), the runs that reach them, and a monitor that changes
// no verdict of the protocol's own properties.
#include <protocheck/engine/check.hpp>
#include <protocheck/models/builtin_models_engine.hpp>
#include <protocheck/models/mutex/central_server.hpp>
#include <protocheck/models/mutex/maekawa.hpp>
#include <protocheck/models/mutex/ricart_agrawala.hpp>
#include <protocheck/models/mutex/token_ring.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

using namespace protocheck;
using mutex::CentralServer;
using mutex::Maekawa;
using mutex::RicartAgrawala;
using mutex::TokenRing;

namespace {

using Params = std::map<std::string, std::string>;

template <class Model>
CheckReport check_model(const char *name, Params params, bool delays, unsigned threads = 1) {
  if (delays)
    params["delays"] = "true";
  CheckOptions options;
  options.all = true;
  options.threads = threads;
  return check<Model>(params, options, name);
}

std::int64_t bound_value(const CheckReport &report, const std::string &name) {
  const PropertyResult &result = property(report, name);
  REQUIRE(result.kind == PropertyKind::Bound);
  REQUIRE(result.value);
  return *result.value;
}

bool has_property(const CheckReport &report, const std::string &name) {
  for (const PropertyResult &result : report.properties)
    if (result.name == name)
      return true;
  return false;
}

// The monitor only watches: every property the model has without it gets the same verdict (and a
// bound the same value) with it, and the delays exist only with --delays.
void require_same_verdicts(const CheckReport &without, const CheckReport &with) {
  CHECK_FALSE(has_property(without, "client-delay"));
  CHECK_FALSE(has_property(without, "sync-delay"));
  REQUIRE(with.properties.size() == without.properties.size() + 2);
  for (const PropertyResult &plain : without.properties) {
    INFO(plain.name);
    const PropertyResult &timed = property(with, plain.name);
    CHECK(timed.verdict == plain.verdict);
    CHECK(timed.value == plain.value);
  }
}

// The last `count` events of a trace.
std::vector<Event> last_events(const Trace &trace, std::size_t count) {
  REQUIRE(trace.steps.size() >= count);
  std::vector<Event> events;
  for (std::size_t i = trace.steps.size() - count; i < trace.steps.size(); ++i)
    events.push_back(trace.steps[i].event);
  return events;
}

} // namespace

TEST_CASE("central server: client delay 2 (request, grant), synchronisation delay 2 (release, "
          "grant)") {
  const Params params{{"n", "3"}};
  const CheckReport without = check_model<CentralServer>("central-server", params, false);
  const CheckReport with = check_model<CentralServer>("central-server", params, true);
  CHECK(without.stats.states == 2313); // as central_server_test pins it
  CHECK(with.stats.states == 6307);
  CHECK(with.stats.transitions == 18291);
  require_same_verdicts(without, with);
  CHECK(bound_value(with, "client-delay") == 2);
  CHECK(bound_value(with, "sync-delay") == 2);

  // The shortest run to a synchronisation delay of 2: the holder's release reaches the server,
  // which grants the token to the client queued behind it.
  const PropertyResult &sync = property(with, "sync-delay");
  REQUIRE(sync.trace);
  const std::vector<Event> end = last_events(*sync.trace, 3);
  const auto server = static_cast<std::uint8_t>(3);
  CHECK(end[0].kind == EventKind::Send);
  CHECK(end[0].message == CentralServer::Release);
  CHECK(end[1] ==
        deliver(server, end[0].actor, CentralServer::Release, CentralServer::GrantedToHead));
  CHECK(end[2].kind == EventKind::Deliver);
  CHECK(end[2].message == CentralServer::Grant);
  CHECK(end[2].actor != end[0].actor);
  CHECK(sync.explanation ==
        "p2 entered 2 message times after the previous holder left the critical section");

  const PropertyResult &client = property(with, "client-delay");
  REQUIRE(client.trace);
  CHECK(client.trace->steps.size() == 3); // request, grant, entry
  CHECK(client.explanation ==
        "p1 entered 2 message times after its request, made while the critical section was free");
}

TEST_CASE("token ring: client delay n and synchronisation delay n - 1 token hops (slide 39)") {
  for (const unsigned n : {2u, 3u, 4u, 5u}) {
    INFO("n = " << n);
    const Params params{{"n", std::to_string(n)}, {"app-messages", "0"}};
    const CheckReport with = check_model<TokenRing>("token-ring", params, true);
    // A request made just after the token left: it goes round the whole ring.
    CHECK(bound_value(with, "client-delay") == n);
    // Those already waiting when the holder leaves are at most n - 1 hops away.
    CHECK(bound_value(with, "sync-delay") == n - 1);
  }
  const Params params{{"n", "3"}};
  const CheckReport without = check_model<TokenRing>("token-ring", params, false);
  const CheckReport with = check_model<TokenRing>("token-ring", params, true);
  CHECK(without.stats.states == 2430); // as token_ring_test pins it
  CHECK(with.stats.states == 5706);
  CHECK(with.stats.transitions == 15699);
  require_same_verdicts(without, with);

  // p3 asks just after the token passed it: p1 and p2 pass it on, then p3 enters.
  const PropertyResult &client = property(with, "client-delay");
  REQUIRE(client.trace);
  REQUIRE(client.trace->steps.size() == 4);
  CHECK(client.trace->steps[0].event == local(2, TokenRing::Want));
  CHECK(client.trace->steps[1].event == deliver(0, 2, TokenRing::Token, TokenRing::PassedOn));
  CHECK(client.trace->steps[2].event == deliver(1, 0, TokenRing::Token, TokenRing::PassedOn));
  CHECK(client.trace->steps[3].event == deliver(2, 1, TokenRing::Token, TokenRing::Entered));
}

TEST_CASE("ricart-agrawala: client delay 2 (request, reply), synchronisation delay 1 (the "
          "deferred reply)") {
  const Params params{{"n", "3"}};
  const CheckReport without = check_model<RicartAgrawala>("ricart-agrawala", params, false);
  const CheckReport with = check_model<RicartAgrawala>("ricart-agrawala", params, true);
  CHECK(without.stats.states == 3174); // as ricart_agrawala_test pins it
  CHECK(with.stats.states == 7159);
  CHECK(with.stats.transitions == 17416);
  require_same_verdicts(without, with);
  CHECK(bound_value(with, "client-delay") == 2);
  CHECK(bound_value(with, "sync-delay") == 1);

  // The holder leaves and replies to the request it deferred; the entrant receives that reply and
  // enters (the other replies were on their way already).
  const PropertyResult &sync = property(with, "sync-delay");
  REQUIRE(sync.trace);
  const std::vector<TraceStep> &steps = sync.trace->steps;
  const Event entry = steps.back().event;
  CHECK(entry.kind == EventKind::Local);
  CHECK(entry.message == RicartAgrawala::Enter);
  std::size_t exit_at = steps.size();
  for (std::size_t i = 0; i < steps.size(); ++i)
    if (steps[i].event.kind == EventKind::Local && steps[i].event.message == RicartAgrawala::Exit)
      exit_at = i;
  REQUIRE(exit_at < steps.size());
  const std::uint8_t holder = steps[exit_at].event.actor;
  CHECK(holder != entry.actor);
  bool deferred_reply = false;
  for (std::size_t i = exit_at + 1; i + 1 < steps.size(); ++i)
    deferred_reply =
        deferred_reply ||
        (steps[i].event.kind == EventKind::Deliver && steps[i].event.actor == entry.actor &&
         steps[i].event.peer == holder && steps[i].event.message == RicartAgrawala::Reply);
  CHECK(deferred_reply);

  // Two threads: the same counts and values.
  const CheckReport two = check_model<RicartAgrawala>("ricart-agrawala", params, true, 2);
  CHECK(two.stats.states == with.stats.states);
  CHECK(bound_value(two, "sync-delay") == 1);
  CHECK(property(two, "sync-delay").trace->steps.size() == sync.trace->steps.size());
}

TEST_CASE("maekawa: client delay 2 (request, vote), synchronisation delay 2 (release, vote)") {
  const Params params{{"n", "3"}};
  const CheckReport without = check_model<Maekawa>("maekawa", params, false);
  const CheckReport with = check_model<Maekawa>("maekawa", params, true);
  CHECK(without.stats.states == 2381); // as maekawa_test pins it
  CHECK(with.stats.states == 10034);
  CHECK(with.stats.transitions == 31230);
  require_same_verdicts(without, with);
  CHECK(bound_value(with, "client-delay") == 2);
  CHECK(bound_value(with, "sync-delay") == 2);

  // A voter receives the holder's release and votes for the request it queued; that vote is the
  // last one the next process waits for.
  const PropertyResult &sync = property(with, "sync-delay");
  REQUIRE(sync.trace);
  bool exit_seen = false;
  bool vote_on_release = false;
  for (const TraceStep &step : sync.trace->steps) {
    exit_seen =
        exit_seen || (step.event.kind == EventKind::Local && step.event.message == Maekawa::Exit);
    vote_on_release = vote_on_release || (exit_seen && step.event.kind == EventKind::Deliver &&
                                          step.event.message == Maekawa::Release &&
                                          step.event.value == Maekawa::VotedForQueued);
  }
  CHECK(vote_on_release);
  CHECK(sync.trace->steps.back().event.kind == EventKind::Local);
  CHECK(sync.trace->steps.back().event.message == Maekawa::Enter);
}
