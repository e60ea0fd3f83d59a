// Maekawa with deadlock resolution (slide 50): on the slide's sets that deadlock plain Maekawa,
// mutual exclusion and deadlock freedom both hold, and the resolution is really exercised.
//
// State and transition counts cross-checked with an independent Python re-implementation of the
// semantics in the model's header comment: slide sets 30517 / 86986; n = 2: 505 / 918. The 2x2
// grid (n = 4) and two requests each on the slide sets did not finish within minutes.
#include <protocheck/engine/check.hpp>
#include <protocheck/models/builtin_models_engine.hpp>
#include <protocheck/models/mutex/maekawa_deadlock_free.hpp>

#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

using namespace protocheck;
using mutex::MaekawaDeadlockFree;

// Charts label arrows through the optional hook; a wrong signature would silently drop it.
static_assert(LabelsMessages<MaekawaDeadlockFree>);

// Charts draw each message a step sends through the optional hook; a wrong signature would
// silently drop it.
static_assert(CarriesMessages<protocheck::mutex::MaekawaDeadlockFree>);

namespace {

CheckReport check_resolving(const std::map<std::string, std::string> &params,
                            unsigned threads = 1) {
  CheckOptions options;
  options.all = true;
  options.threads = threads;
  return check<MaekawaDeadlockFree>(params, options, "maekawa-deadlock-free");
}

} // namespace

TEST_CASE("maekawa with inquire/relinquish, slide sets: safe and deadlock-free") {
  const CheckReport one = check_resolving({}, 1);
  const CheckReport two = check_resolving({}, 2);
  CHECK(one.stats.states == 30517);
  CHECK(one.stats.transitions == 86986);
  CHECK(two.stats.states == one.stats.states);
  CHECK(two.stats.transitions == one.stats.transitions);
  for (const CheckReport *report : {&one, &two}) {
    CHECK(report->outcome == Outcome::Holds);
    CHECK(property(*report, "mutual-exclusion").verdict == Verdict::Holds);
    CHECK(property(*report, "no-deadlock").verdict == Verdict::Holds);
    CHECK(property(*report, "vote-revoked").verdict == Verdict::Holds);
  }
  // 3K = 6 without revocations; each inquire / relinquish / new vote adds to it.
  REQUIRE(property(one, "messages-per-entry").value);
  CHECK(*property(one, "messages-per-entry").value == 12);
  CHECK(property(two, "messages-per-entry").value == property(one, "messages-per-entry").value);

  // The shortest revocation: p2 votes for its own request (1, p2), then p1's earlier (1, p1)
  // arrives; p2 inquires itself and, still waiting, gives its vote back.
  const PropertyResult &revoked = property(one, "vote-revoked");
  REQUIRE(revoked.trace);
  CHECK(revoked.trace->steps.size() == 6);
  CHECK(revoked.trace->steps.back().event.message == MaekawaDeadlockFree::Inquire);
}

TEST_CASE("maekawa with inquire/relinquish, n = 2") {
  const CheckReport report = check_resolving({{"n", "2"}});
  CHECK(report.stats.states == 505);
  CHECK(property(report, "mutual-exclusion").verdict == Verdict::Holds);
  CHECK(property(report, "no-deadlock").verdict == Verdict::Holds);
  CHECK_THROWS_AS(check_resolving({{"n", "5"}}), BadInput);
}

TEST_CASE("maekawa with inquire/relinquish labels requests and inquires with their timestamps") {
  const CheckReport report = check_resolving({});
  const MaekawaDeadlockFree model = make_model<MaekawaDeadlockFree>();
  const auto labels = [&model](const Trace &trace, std::size_t from, std::size_t to) {
    std::vector<std::string> labels;
    for (std::size_t k = from; k < to; ++k)
      labels.push_back(model.message_label(trace.steps[k].event));
    return labels;
  };
  // The shortest revocation (see above): p2's own request (1, p2) gets its vote, p1's (1, p1)
  // is earlier, so p2 inquires about (1, p2).
  REQUIRE(property(report, "vote-revoked").trace);
  CHECK(labels(*property(report, "vote-revoked").trace, 0, 6) ==
        std::vector<std::string>{"request(T=1, p1)", "request(T=1, p2)", "request(T=1, p2)",
                                 "request(T=1, p1)", "vote", "inquire(T=1)"});
  // The run with most messages for one entry: p3 gives p1's vote back (relinquish), p1 votes
  // for itself, enters, leaves and releases.
  const auto &most = property(report, "messages-per-entry").trace;
  REQUIRE(most);
  REQUIRE(most->steps.size() == 30);
  CHECK(labels(*most, 7, 16) ==
        std::vector<std::string>{"request(T=1, p1)", "vote", "inquire(T=1)", "relinquish", "vote",
                                 model.describe(most->steps[12].event),
                                 model.describe(most->steps[13].event), "release", "release"});
}
