// Chang-Roberts: verdicts, exact state counts and the exact maximum number of messages, checked
// against counts derived independently of the model.
#include <protocheck/engine/check.hpp>
#include <protocheck/models/builtin_models_engine.hpp>
#include <protocheck/models/election/chang_roberts.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <numeric>
#include <string>
#include <vector>

using namespace protocheck;
using election::ChangRoberts;

// Charts draw each message a step sends through the optional hook; a wrong signature would
// silently drop it.
static_assert(CarriesMessages<protocheck::election::ChangRoberts>);

namespace {

CheckOptions with_threads(unsigned threads) {
  CheckOptions options;
  options.threads = threads;
  return options;
}

CheckReport check_ring(std::map<std::string, std::string> params, unsigned threads = 1) {
  return check<ChangRoberts>(params, with_threads(threads), "chang-roberts");
}

std::int64_t max_messages(const CheckReport &report) {
  const PropertyResult &messages = property(report, "messages");
  REQUIRE(messages.verdict == Verdict::Holds);
  REQUIRE(messages.value);
  return *messages.value;
}

void require_all_hold(const CheckReport &report) {
  CHECK(report.outcome == Outcome::Holds);
  CHECK(property(report, "one-leader").verdict == Verdict::Holds);
  CHECK(property(report, "leader-max-id").verdict == Verdict::Holds);
  CHECK(property(report, "all-learn-leader").verdict == Verdict::Holds);
}

std::string id_list(const std::vector<int> &ids) {
  std::string text;
  for (const int id : ids)
    text += (text.empty() ? "" : ",") + std::to_string(id);
  return text;
}

// The worst case, derived from the algorithm rather than the model: the token elect(x) of a
// non-maximal id x travels until the first process with a larger id (which swallows it, or replaces
// it with its own token), the maximum's token goes round once (n) and so does elected (n). Every
// token is issued when every process starts before anything reaches it, so the maximum over all
// executions is 2n + the sum over non-maximal ids of the distance to the next larger id.
int worst_case_messages(const std::vector<int> &ids) {
  const int n = static_cast<int>(ids.size());
  int total = 2 * n;
  for (int p = 0; p < n; ++p) {
    int distance = 1;
    while (distance < n && ids[(p + distance) % n] < ids[p])
      ++distance;
    if (distance < n)
      total += distance;
  }
  return total;
}

// How many messages the steps of a trace send, counted from the events (not from the model's
// counter): a start sends one; a receipt sends one unless the message is dropped or ends the run.
std::int64_t messages_in(const Trace &trace) {
  std::int64_t count = 0;
  for (const TraceStep &step : trace.steps) {
    if (step.event.kind == EventKind::Send) {
      ++count;
    } else if (step.event.kind == EventKind::Deliver) {
      const auto reaction = static_cast<ChangRoberts::Reaction>(step.event.value >> 8);
      count +=
          (reaction == ChangRoberts::Swallow || reaction == ChangRoberts::RecordAndStop) ? 0 : 1;
    }
  }
  return count;
}

} // namespace

TEST_CASE("chang-roberts, ids decreasing along the ring, anyone may start: pinned counts") {
  struct Expected {
    int n;
    std::uint64_t states, transitions;
    std::uint32_t depth;
    std::int64_t messages;
  };
  // Messages: n(n-1)/2 + 2n, the worst case of the formula above for this placement.
  const std::vector<Expected> table{
      {3, 52, 78, 11, 9}, {4, 198, 387, 17, 14}, {5, 814, 2008, 24, 20}, {6, 3622, 10758, 32, 27}};
  for (const Expected &expected : table) {
    CAPTURE(expected.n);
    const CheckReport report = check_ring({{"n", std::to_string(expected.n)}});
    require_all_hold(report);
    CHECK(report.stats.states == expected.states);
    CHECK(report.stats.transitions == expected.transitions);
    CHECK(report.stats.depth == expected.depth);
    CHECK(max_messages(report) == expected.messages);
    CHECK(expected.messages == expected.n * (expected.n - 1) / 2 + 2 * expected.n);
    CHECK(expected.messages > 3 * expected.n - 1); // more than the slide's single-initiator bound
  }
}

TEST_CASE("chang-roberts, n = 2: the 14 states enumerated by hand") {
  // p1 has id 2, p2 has id 1. Reachable: the initial state; p1 started; p2 started; both started;
  // p2 forwarded elect(2) (2 messages); p1 replaced elect(1) by elect(2), or swallowed it after
  // starting (the same state); p2 forwarded elect(2) behind elect(1); elect(2) alone on p2 -> p1
  // with 3 messages; then for 3 and 4 messages so far: p1 leader, elected(2) on p2 -> p1, done.
  const CheckReport report = check_ring({{"n", "2"}});
  require_all_hold(report);
  CHECK(report.stats.states == 14);
  CHECK(max_messages(report) == 5);
}

TEST_CASE("chang-roberts, the trace to the maximum has several initiators and adds up") {
  for (const int n : {3, 4, 5, 6}) {
    CAPTURE(n);
    const CheckReport report = check_ring({{"n", std::to_string(n)}});
    const PropertyResult &messages = property(report, "messages");
    REQUIRE(messages.trace);
    CHECK(messages_in(*messages.trace) == *messages.value);
    // The same count from the messages each step lists for the chart (its own send, or the one a
    // receipt forwards), read off the channels: every forward names its next hop.
    std::int64_t listed = 0;
    for (const TraceStep &step : messages.trace->steps) {
      listed += step.event.kind == EventKind::Send ? 1 : 0;
      for (const CarriedMessage &forward : step.carried) {
        CHECK(forward.event.kind == EventKind::Send);
        CHECK(forward.event.actor == step.event.actor);
        CHECK(forward.event.peer == (step.event.actor + 1) % n);
        ++listed;
      }
    }
    CHECK(listed == *messages.value);
    const auto starts =
        std::count_if(messages.trace->steps.begin(), messages.trace->steps.end(),
                      [](const TraceStep &step) { return step.event.kind == EventKind::Send; });
    CHECK(starts >= n - 1); // only the maximum may join late (replacing a smaller id)
    CHECK(messages.explanation.find(std::to_string(*messages.value) + " messages sent") == 0);
  }
}

TEST_CASE(
    "chang-roberts, every placement of ids for n = 4 and 5 meets the independent worst case") {
  for (const int n : {4, 5}) {
    std::vector<int> ids(static_cast<std::size_t>(n));
    std::iota(ids.begin(), ids.end(), 1);
    int overall = 0;
    do {
      CAPTURE(id_list(ids));
      const CheckReport report = check_ring({{"ids", id_list(ids)}});
      require_all_hold(report);
      CHECK(max_messages(report) == worst_case_messages(ids));
      overall = std::max(overall, worst_case_messages(ids));
    } while (std::next_permutation(ids.begin(), ids.end()));
    CHECK(overall == n * (n - 1) / 2 + 2 * n); // decreasing is the worst placement
  }
}

TEST_CASE("chang-roberts, a single initiator: one run of dist(initiator, max) + 2n messages") {
  for (const int n : {3, 4, 5, 6}) {
    for (const char *placement : {"decreasing", "increasing", "random-seed=11"}) {
      const ChangRoberts model({.n = static_cast<unsigned>(n), .ids = placement});
      std::int64_t worst = 0;
      for (int initiator = 1; initiator <= n; ++initiator) {
        CAPTURE(n, placement, initiator);
        const CheckReport report = check_ring({{"n", std::to_string(n)},
                                               {"ids", placement},
                                               {"initiators", std::to_string(initiator)}});
        require_all_hold(report);
        // The running maximum travels to the largest id, which then goes round, then elected.
        const int max_position = static_cast<int>(model.max_id_process()) + 1;
        const int distance = (max_position - initiator + n) % n;
        CHECK(max_messages(report) == distance + 2 * n);
        CHECK(report.stats.states == static_cast<std::uint64_t>(distance + 2 * n + 2)); // one path
        // One path: each message is sent on receiving the one before, so the turnaround (the
        // slide's steps to the result) is the message count.
        const PropertyResult &turnaround = property(report, "turnaround");
        REQUIRE(turnaround.value);
        CHECK(*turnaround.value == distance + 2 * n);
        CHECK(turnaround.explanation ==
              std::to_string(distance + 2 * n) +
                  " hops, one after the other (3n-1 = " + std::to_string(3 * n - 1) + ")");
        worst = std::max(worst, max_messages(report));
      }
      CHECK(worst == 3 * n - 1); // the slide's bound, reached when the max's successor starts
    }
  }
}

TEST_CASE("chang-roberts, increasing ids: every token dies after one hop, 3n-1 messages") {
  for (const int n : {3, 4, 5, 6}) {
    CAPTURE(n);
    const CheckReport report = check_ring({{"n", std::to_string(n)}, {"ids", "increasing"}});
    require_all_hold(report);
    // Several initiators: messages travel side by side, and no turnaround is claimed.
    CHECK(std::ranges::none_of(report.properties, [](const PropertyResult &result) {
      return result.name == "turnaround";
    }));
    CHECK(max_messages(report) == 3 * n - 1);
  }
  CHECK(check_ring({{"n", "4"}, {"ids", "increasing"}}).stats.states == 95);
}

TEST_CASE("chang-roberts, id lists and seeds") {
  const ChangRoberts listed = make_model<ChangRoberts>({{"ids", "3,1,4,2"}});
  CHECK(listed.size() == 4); // n taken from the list
  CHECK(listed.id(2) == 4);
  CHECK(listed.max_id_process() == 2);
  const CheckReport report = check_ring({{"ids", "3,1,4,2"}});
  require_all_hold(report);
  CHECK(report.stats.states == 127);
  CHECK(max_messages(report) == 12); // 2*4 + 2 (3 to 4) + 1 (1 to 4) + 1 (2 to 3)
  CHECK(worst_case_messages({3, 1, 4, 2}) == 12);

  // A seed gives the same permutation of 1..n every time and everywhere (std::mt19937).
  const auto ids_for = [](const std::string &placement) {
    const ChangRoberts model({.n = 5, .ids = placement});
    std::vector<int> ids;
    for (unsigned p = 0; p < model.size(); ++p)
      ids.push_back(model.id(p));
    return ids;
  };
  const std::vector<int> seeded = ids_for("random-seed=7");
  CHECK(seeded == ids_for("random-seed:7"));
  CHECK(seeded == ids_for("random-seed 7"));
  std::vector<int> sorted = seeded;
  std::sort(sorted.begin(), sorted.end());
  CHECK(sorted == std::vector<int>{1, 2, 3, 4, 5});
  CHECK(seeded == std::vector<int>{3, 4, 2, 5, 1});
  CHECK(ids_for("decreasing") == std::vector<int>{5, 4, 3, 2, 1});
  CHECK(ids_for("increasing") == std::vector<int>{1, 2, 3, 4, 5});
}

TEST_CASE("chang-roberts, bad parameters name the value and the allowed range") {
  const auto message = [](std::map<std::string, std::string> params) -> std::string {
    try {
      check_ring(params);
    } catch (const BadInput &error) {
      return error.what();
    }
    return "no error";
  };
  CHECK(message({{"ids", "1,2,2"}}).find("id 2 appears twice") != std::string::npos);
  CHECK(message({{"n", "5"}, {"ids", "1,2,3"}}).find("lists 3 ids but n = 5") != std::string::npos);
  CHECK(message({{"ids", "1,200"}}).find("1..127") != std::string::npos);
  CHECK(message({{"ids", "7"}}).find("2..8") != std::string::npos);
  CHECK(message({{"ids", "sideways"}}).find("decreasing, increasing") != std::string::npos);
  CHECK(message({{"ids", "random-seed=x"}}).find("random-seed=S") != std::string::npos);
  CHECK(message({{"n", "3"}, {"initiators", "1,4"}}).find("1..3") != std::string::npos);
  CHECK(message({{"n", "9"}}).find("2..8") != std::string::npos);
}

TEST_CASE("chang-roberts, 1 and 2 threads give the same counts, maxima and traces") {
  for (const int n : {4, 6}) {
    CAPTURE(n);
    const CheckReport one = check_ring({{"n", std::to_string(n)}}, 1);
    const CheckReport two = check_ring({{"n", std::to_string(n)}}, 2);
    CHECK(one.stats.states == two.stats.states);
    CHECK(one.stats.transitions == two.stats.transitions);
    CHECK(one.stats.depth == two.stats.depth);
    CHECK(max_messages(one) == max_messages(two));
    const PropertyResult &a = property(one, "messages");
    const PropertyResult &b = property(two, "messages");
    REQUIRE(a.trace);
    REQUIRE(b.trace);
    REQUIRE(a.trace->steps.size() == b.trace->steps.size());
    for (std::size_t k = 0; k < a.trace->steps.size(); ++k)
      CHECK(a.trace->steps[k].action == b.trace->steps[k].action);
  }
}

TEST_CASE("chang-roberts, every process eventually learns the leader, under fairness per channel") {
  // Every step sends a message or consumes one, so no execution is infinite: the liveness verdict
  // must agree with the at-end one, with any placement, any initiators and any thread count.
  for (const int n : {3, 4, 5, 6})
    for (const char *placement : {"decreasing", "increasing", "random-seed=11"})
      for (const char *initiators : {"any", "2"})
        for (const unsigned threads : {1u, 2u}) {
          CAPTURE(n, placement, initiators, threads);
          const CheckReport report = check_ring(
              {{"n", std::to_string(n)}, {"ids", placement}, {"initiators", initiators}}, threads);
          require_all_hold(report);
          const PropertyResult &learns = property(report, "learns-leader");
          CHECK(learns.kind == PropertyKind::Eventually);
          CHECK(learns.verdict == Verdict::Holds);
          CHECK_FALSE(learns.trace);
          CHECK(report.fairness.find("weak fairness per channel") == 0);
          CHECK(report.stats.graph_bytes > 0); // the state graph was built and judged
        }
}

TEST_CASE("chang-roberts, message labels: the message each send or receive carries") {
  // Ids 3, 2, 1 and only p2 starts: elect(2) travels to p1, which replaces it with elect(3); its
  // own id comes back to p1, which announces elected(3) round the ring. The witness of the
  // maximum ends as p3 forwards elected(3), the eighth message.
  const CheckReport report = check_ring({{"n", "3"}, {"initiators", "2"}});
  const PropertyResult &messages = property(report, "messages");
  REQUIRE(messages.trace);
  const ChangRoberts model({.n = 3, .initiators = "2"});
  std::vector<std::string> labels;
  for (const TraceStep &step : messages.trace->steps)
    labels.push_back(model.message_label(step.event));
  CHECK(labels == std::vector<std::string>{"elect(2)", "elect(2)", "elect(2)", "elect(3)",
                                           "elect(3)", "elect(3)", "elected(3)", "elected(3)"});
}

// --crash P (slide 16: "if there is a failure, the election gets stuck"). Counts cross-checked
// with an independent Python breadth-first search of the semantics in the model's header comment
// (its no-crash counts are the ones pinned above): a crashed process only freezes, so every state
// is a crash-free state with or without the crash, twice as many states.
TEST_CASE("chang-roberts --crash P: the election gets stuck, still at most one leader") {
  struct Expected {
    int n, crash;
    std::uint64_t states, transitions;
  };
  const std::vector<Expected> table{{2, 1, 28, 37},   {2, 2, 28, 39},     {3, 1, 104, 176},
                                    {3, 2, 104, 188}, {3, 3, 104, 182},   {4, 1, 396, 844},
                                    {4, 4, 396, 866}, {5, 1, 1628, 4269}, {5, 3, 1628, 4506}};
  for (const Expected &expected : table) {
    CAPTURE(expected.n, expected.crash);
    const std::map<std::string, std::string> params{{"n", std::to_string(expected.n)},
                                                    {"crash", std::to_string(expected.crash)}};
    CheckOptions options;
    options.all = true;
    const CheckReport report = check<ChangRoberts>(params, options, "chang-roberts");
    CHECK(report.stats.states == expected.states);
    CHECK(report.stats.transitions == expected.transitions);
    CHECK(report.stats.states == 2 * check_ring({{"n", std::to_string(expected.n)}}).stats.states);
    CHECK(property(report, "one-leader").verdict == Verdict::Holds);
    CHECK(property(report, "all-learn-leader").verdict == Verdict::Violated);
    CHECK(property(report, "learns-leader").verdict == Verdict::Violated);
    CHECK(property(report, "leader-max-id").verdict == Verdict::Violated);
  }
}

TEST_CASE("chang-roberts --crash 3: elect(3) never passes the crashed process") {
  // Ids 3, 2, 1 (decreasing). The shortest run that ends with somebody not knowing the leader:
  // p1 starts with elect(3), p2 forwards it, p3 crashes before receiving it.
  CheckOptions options;
  options.all = true;
  for (const unsigned threads : {1u, 2u}) {
    CAPTURE(threads);
    options.threads = threads;
    const CheckReport report =
        check<ChangRoberts>({{"n", "3"}, {"crash", "3"}}, options, "chang-roberts");
    const PropertyResult &stuck = property(report, "all-learn-leader");
    REQUIRE(stuck.verdict == Verdict::Violated);
    REQUIRE(stuck.trace);
    const auto &steps = stuck.trace->steps;
    REQUIRE(steps.size() == 3);
    CHECK(steps[0].event == send(0, 1, ChangRoberts::Elect, 3));
    CHECK(steps[1].event == deliver(1, 0, ChangRoberts::Elect, 3 | (ChangRoberts::Forward << 8)));
    CHECK(steps[2].event == crash(2));
    CHECK(steps[2].action == "p3 crashes: it will neither receive nor forward any message");
    CHECK(stuck.explanation ==
          "the run ended but p1 never learned the leader: the election is stuck at crashed p3");
    CHECK(stuck.description ==
          "when the run ends, every process that has not crashed knows the leader (termination)");
  }
  const ChangRoberts model = make_model<ChangRoberts>({{"n", "3"}, {"crash", "3"}});
  ChangRoberts::State state;
  CHECK(model.faulty(state) == 0);
  state.status[2] |= ChangRoberts::Crashed;
  CHECK(model.faulty(state) == 0b100);
  CHECK(model.describe(state)[7].value == "non-participant, crashed");
}

TEST_CASE("chang-roberts --crash: a process that is not on the ring is refused") {
  try {
    check_ring({{"n", "4"}, {"crash", "5"}});
    FAIL("no error");
  } catch (const BadInput &error) {
    CHECK(std::string(error.what()).find("crash = 5 names no process: 1..4, or 0 for none") !=
          std::string::npos);
  }
  CHECK(check_ring({{"n", "4"}, {"crash", "0"}}).stats.states == 198); // 0: no crash
}
