// Signed messages SM(m): verdicts, pinned state counts, counterexample shapes, the lecture's
// 3-generals example, OM side by side, and the adversary checked against an independent one.
#include "tests/byzantine/faulty_at_end.hpp"
#include <protocheck/engine/check.hpp>
#include <protocheck/models/builtin_models_engine.hpp>
#include <protocheck/models/byzantine/oral_messages.hpp>
#include <protocheck/models/byzantine/signed_messages.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

using namespace protocheck;
using protocheck::byzantine::OralMessages;
using protocheck::byzantine::SignedMessages;
using Params = std::map<std::string, std::string>;

namespace {

CheckOptions options(unsigned threads, bool all = true) {
  CheckOptions opts;
  opts.threads = threads;
  opts.all = all;
  return opts;
}

Params sm(unsigned n, unsigned f, int m = -1) {
  Params params{{"n", std::to_string(n)}, {"f", std::to_string(f)}};
  if (m >= 0)
    params["m"] = std::to_string(m);
  return params;
}

SignedMessages build(const Params &given) { return make_model<SignedMessages>(given); }

// ---- an independent adversary: explicit chains (ordered signers) and explicit traitor knowledge

struct Chain {
  unsigned order = 0;
  std::vector<unsigned> signers; // lieutenants, in signing order
  friend auto operator<=>(const Chain &, const Chain &) = default;
};
bool signed_by(const Chain &chain, unsigned general) {
  return std::find(chain.signers.begin(), chain.signers.end(), general) != chain.signers.end();
}

// Per loyal lieutenant and order: the signers of the first chain it accepted (none: not in V).
struct Config {
  std::vector<std::array<std::optional<std::vector<unsigned>>, 2>> accepted;
  std::set<Chain> known; // every chain the traitors hold
  friend auto operator<=>(const Config &, const Config &) = default;
};

// The final V of every loyal lieutenant (bit 0: attack, bit 1: retreat), for every run of SM(m)
// with these traitors and this order (order is ignored when the commander is a traitor).
std::set<std::vector<unsigned>> explicit_outcomes(unsigned n, unsigned m, unsigned traitors,
                                                  unsigned order) {
  const auto traitor = [&](unsigned g) { return ((traitors >> g) & 1u) != 0; };
  std::vector<unsigned> loyal;
  for (unsigned i = 1; i < n; ++i)
    if (!traitor(i))
      loyal.push_back(i);
  const auto index = [&](unsigned i) {
    return static_cast<std::size_t>(std::find(loyal.begin(), loyal.end(), i) - loyal.begin());
  };
  const auto give = [&](Config &c, unsigned i, unsigned v, const std::vector<unsigned> &signers) {
    auto &slot = c.accepted[index(i)][v];
    if (!slot)
      slot = signers;
  };
  Config start;
  start.accepted.resize(loyal.size());
  std::set<Config> configs;
  if (traitor(0)) {
    start.known = {{0, {}}, {1, {}}};
    for (unsigned choice = 0; choice < (1u << (2 * loyal.size())); ++choice) {
      Config c = start;
      for (std::size_t x = 0; x < loyal.size(); ++x)
        for (unsigned v = 0; v < 2; ++v)
          if ((choice >> (2 * x + v)) & 1u)
            give(c, loyal[x], v, {});
      configs.insert(c);
    }
  } else {
    Config c = start;
    c.known = {{order, {}}};
    for (const unsigned i : loyal)
      give(c, i, order, {});
    configs.insert(c);
  }
  for (unsigned k = 1; k <= m; ++k) {
    std::set<Config> next_round;
    for (const Config &begin : configs) {
      std::set<std::pair<Config, std::set<Chain>>> partial{{begin, {}}};
      for (unsigned j = 1; j < n; ++j)
        for (unsigned i = 1; i < n; ++i)
          for (unsigned v = 0; v < 2 && i != j; ++v) {
            std::set<std::pair<Config, std::set<Chain>>> after;
            for (const auto &[c, heard] : partial) {
              if (!traitor(j)) {
                // A loyal lieutenant relays what it accepted in the previous round, if k <= m.
                const auto &mine = begin.accepted[index(j)][v];
                Chain relay{v, mine ? *mine : std::vector<unsigned>{}};
                relay.signers.push_back(j);
                if (!mine || mine->size() != k - 1 || signed_by(relay, i)) {
                  after.insert({c, heard});
                } else if (traitor(i)) {
                  auto more = heard;
                  more.insert(relay);
                  after.insert({c, more});
                } else {
                  Config d = c;
                  give(d, i, v, relay.signers);
                  after.insert({d, heard});
                }
                continue;
              }
              after.insert({c, heard}); // the traitor sends nothing here
              if (traitor(i))
                continue;
              for (const Chain &chain : begin.known) {
                if (chain.order != v || chain.signers.size() != k - 1 || signed_by(chain, j) ||
                    signed_by(chain, i))
                  continue;
                Config d = c;
                auto signers = chain.signers;
                signers.push_back(j);
                give(d, i, v, signers);
                after.insert({d, heard});
              }
            }
            partial = std::move(after);
          }
      for (const auto &[c, heard] : partial) {
        Config d = c;
        d.known.insert(heard.begin(), heard.end());
        for (const Chain &chain : begin.known) // the traitors sign for each other
          if (chain.signers.size() == k - 1)
            for (unsigned t = 1; t < n; ++t)
              if (traitor(t) && !signed_by(chain, t)) {
                Chain longer = chain;
                longer.signers.push_back(t);
                d.known.insert(longer);
              }
        next_round.insert(d);
      }
    }
    configs = std::move(next_round);
  }
  std::set<std::vector<unsigned>> outcomes;
  for (const Config &c : configs) {
    std::vector<unsigned> v;
    for (const auto &entry : c.accepted)
      v.push_back((entry[0] ? 1u : 0u) | (entry[1] ? 2u : 0u));
    outcomes.insert(v);
  }
  return outcomes;
}

// The same from the model: the V of every loyal lieutenant in every terminal state reachable
// from one initial state.
std::set<std::vector<unsigned>> model_outcomes(const SignedMessages &model,
                                               const SignedMessages::State &initial) {
  std::set<std::vector<unsigned>> outcomes;
  std::vector<SignedMessages::State> stack{initial};
  while (!stack.empty()) {
    const SignedMessages::State state = stack.back();
    stack.pop_back();
    bool terminal = true;
    model.successors(state, [&](const Event &, const SignedMessages::State &next) {
      terminal = false;
      stack.push_back(next);
    });
    if (!terminal)
      continue;
    std::vector<unsigned> v;
    for (unsigned i = 1; i < model.generals(); ++i)
      if (!SignedMessages::is_traitor(state, i))
        v.push_back((state.accepted[i][0] ? 1u : 0u) | (state.accepted[i][1] ? 2u : 0u));
    outcomes.insert(v);
  }
  return outcomes;
}

} // namespace

TEST_CASE("SM(f) satisfies IC1, IC2 and termination for every n >= 2 and f < n") {
  // (n, f) -> states, pinned from the engine and equal to an independent sequential BFS.
  const std::map<std::pair<unsigned, unsigned>, std::uint64_t> states{
      {{2, 1}, 18},    {{3, 0}, 10},   {{3, 1}, 114},  {{3, 2}, 166},   {{4, 0}, 14},
      {{4, 1}, 726},   {{4, 2}, 2242}, {{4, 3}, 2498}, {{5, 1}, 4530},  {{5, 2}, 32652},
      {{6, 1}, 26946},
  };
  for (const unsigned threads : {1u, 2u})
    for (const auto &[key, count] : states) {
      const auto [n, f] = key;
      INFO("n = " << n << ", f = " << f << ", threads = " << threads);
      const CheckReport report = check<SignedMessages>(sm(n, f), options(threads));
      CHECK(report.outcome == Outcome::Holds);
      CHECK(property(report, "IC1").verdict == Verdict::Holds);
      CHECK(property(report, "IC2").verdict == Verdict::Holds);
      CHECK(property(report, "termination").verdict == Verdict::Holds);
      CHECK(report.stats.states == count);
    }
}

TEST_CASE("n = 3, f = 1: SM(1) works where OM(1) fails") {
  const CheckReport om = check<OralMessages>({{"n", "3"}, {"f", "1"}}, options(1));
  const CheckReport signed_run = check<SignedMessages>(sm(3, 1), options(1));
  CHECK(om.outcome == Outcome::Violated);
  CHECK(signed_run.outcome == Outcome::Holds);
  CHECK(property(signed_run, "IC1").verdict == Verdict::Holds);
  CHECK(property(signed_run, "IC2").verdict == Verdict::Holds);
}

TEST_CASE("with more traitors than relay rounds (f > m) agreement fails") {
  SECTION("n = 3, f = 1, m = 0: the commander tells only L1 to attack") {
    for (const unsigned threads : {1u, 2u}) {
      const CheckReport report = check<SignedMessages>(sm(3, 1, 0), options(threads));
      CHECK(report.stats.states == 74);
      CHECK(property(report, "IC2").verdict == Verdict::Holds);
      const PropertyResult &ic1 = property(report, "IC1");
      REQUIRE(ic1.verdict == Verdict::Violated);
      REQUIRE(ic1.trace);
      const auto &steps = ic1.trace->steps;
      REQUIRE(steps.size() == 3);
      CHECK(steps[0].action == "C -> L1: attack:0 (traitor's choice); L1 adds attack to V1; no "
                               "relay (round 0 = m)");
      CHECK(steps[1].action == "L1 obeys choice({attack}) = attack");
      CHECK(steps[2].action == "L2 obeys choice({}) = retreat");
      CHECK(ic1.explanation == "loyal L1 decided attack (V1 = {attack}), loyal L2 decided retreat "
                               "(V2 = {})");
    }
  }
  SECTION("n = 4, f = 2, m = 1: a traitor lieutenant signs the traitor commander's order late") {
    const CheckReport report = check<SignedMessages>(sm(4, 2, 1), options(1));
    CHECK(report.stats.states == 1758);
    const PropertyResult &ic1 = property(report, "IC1");
    REQUIRE(ic1.verdict == Verdict::Violated);
    REQUIRE(ic1.trace);
    const auto &steps = ic1.trace->steps;
    REQUIRE(steps.size() == 3);
    CHECK(steps[0].event.kind == EventKind::Transmit);
    CHECK(steps[0].event.actor == 1); // L1, a traitor, in round 1
    CHECK(steps[0].action.rfind("L1 -> L2: attack:0:1 (traitor's choice)", 0) == 0);
    CHECK(property(report, "IC2").verdict == Verdict::Holds);
  }
}

TEST_CASE("the lecture's example: a traitor commander is exposed by its two signed orders") {
  // Fig. 8/9: C sends attack:0 to L1 and retreat:0 to L2; they relay and both end with
  // V = {attack, retreat}, so both obey the default.
  const SignedMessages model = build(sm(3, 1));
  std::vector<SignedMessages::State> initials;
  model.initial([&](const Event &, const SignedMessages::State &s) {
    if (s.traitors == 1u)
      initials.push_back(s);
  });
  REQUIRE(initials.size() == 1);
  SignedMessages::State state = initials[0];
  const std::vector<std::string> script{
      "C -> L1: attack:0 (traitor's choice); L1 adds attack to V1 and will relay it",
      "C -> L2: retreat:0 (traitor's choice); L2 adds retreat to V2 and will relay it",
      "L1 -> L2: attack:0:1 (relaying); L2 adds attack to V2; no relay (round 1 = m)",
      "L2 -> L1: retreat:0:2 (relaying); L1 adds retreat to V1; no relay (round 1 = m)",
      "L1 obeys choice({attack, retreat}) = retreat",
      "L2 obeys choice({attack, retreat}) = retreat",
  };
  for (const std::string &step : script) {
    bool found = false;
    model.successors(state, [&](const Event &event, const SignedMessages::State &next) {
      if (!found && model.describe(event) == step) {
        found = true;
        state = next;
      }
    });
    INFO(step);
    REQUIRE(found);
  }
  bool terminal = true;
  model.successors(state, [&](const Event &, const SignedMessages::State &) { terminal = false; });
  CHECK(terminal);
  CHECK(state.decision[1] == 1 + SignedMessages::Retreat);
  CHECK(state.decision[2] == 1 + SignedMessages::Retreat);
}

TEST_CASE("the traitors can do exactly what an explicit-knowledge adversary can") {
  // The model reads the traitors' possible chains off the loyal lieutenants' state; the reference
  // keeps every ordered chain the traitors could hold. Both must reach the same final V sets.
  for (const auto &[n, f, m] : std::vector<std::array<unsigned, 3>>{
           {3, 1, 0}, {3, 1, 1}, {3, 2, 1}, {3, 2, 2}, {4, 1, 1}, {4, 2, 1}, {4, 2, 2}, {4, 3, 2}}) {
    const SignedMessages model = build(sm(n, f, static_cast<int>(m)));
    std::vector<SignedMessages::State> initials;
    model.initial([&](const Event &, const SignedMessages::State &s) { initials.push_back(s); });
    for (const SignedMessages::State &initial : initials) {
      INFO("n = " << n << ", f = " << f << ", m = " << m << ", traitors = "
                  << unsigned{initial.traitors} << ", order = " << unsigned{initial.order});
      CHECK(model_outcomes(model, initial) ==
            explicit_outcomes(n, m, initial.traitors, initial.order));
    }
  }
}

TEST_CASE("exact-traitors and bad parameters") {
  const CheckReport exact =
      check<SignedMessages>({{"n", "4"}, {"f", "1"}, {"exact-traitors", "true"}}, options(1));
  CHECK(exact.outcome == Outcome::Holds);
  CHECK(exact.stats.states < 726);
  CHECK_THROWS_AS(check<SignedMessages>(sm(3, 3), options(1)), BadInput);
  CHECK_THROWS_WITH(check<SignedMessages>(sm(3, 3), options(1)),
                    "f = 3 is out of range: f must be in 0..2 (n - 1) for n = 3");
}

TEST_CASE("sm: faulty() gives the traitors, and an arrow's label is the signed chain") {
  SECTION("n = 3, f = 1, m = 0: the traitor commander") {
    const CheckReport report = check<SignedMessages>(sm(3, 1, 0), options(1));
    const PropertyResult &ic1 = property(report, "IC1");
    REQUIRE(ic1.trace);
    const SignedMessages model = build(sm(3, 1, 0));
    CHECK(faulty_at_end(model, report, ic1) == std::set<std::size_t>{0});
    const auto &steps = ic1.trace->steps;
    REQUIRE(steps.size() == 3);
    CHECK(model.message_label(steps[0].event) == "attack:0");      // signed by C alone
    CHECK(model.message_label(steps[1].event) == steps[1].action); // a decision: describe()
  }
  SECTION("n = 4, f = 2, m = 1: the traitor commander and the traitor L1") {
    const CheckReport report = check<SignedMessages>(sm(4, 2, 1), options(1));
    const PropertyResult &ic1 = property(report, "IC1");
    REQUIRE(ic1.trace);
    const SignedMessages model = build(sm(4, 2, 1));
    CHECK(faulty_at_end(model, report, ic1) == std::set<std::size_t>{0, 1});
    CHECK(model.message_label(ic1.trace->steps[0].event) == "attack:0:1"); // C, then L1 signed
  }
}

TEST_CASE("sm: the witness both-orders is the lecture's Fig. 8-9, where the commander may lie") {
  const CheckReport report = check<SignedMessages>(sm(3, 1), options(1));
  const PropertyResult &witness = property(report, "both-orders");
  CHECK(witness.verdict == Verdict::Holds);
  REQUIRE(witness.trace);
  // The shortest such run is the figure's: one order to each, both relayed, both retreat.
  std::vector<std::string> actions;
  for (const TraceStep &step : witness.trace->steps)
    actions.push_back(step.action);
  CHECK(actions == std::vector<std::string>{
                       "C -> L1: attack:0 (traitor's choice); L1 adds attack to V1 and will "
                       "relay it",
                       "C -> L2: retreat:0 (traitor's choice); L2 adds retreat to V2 and will "
                       "relay it",
                       "L1 -> L2: attack:0:1 (relaying); L2 adds attack to V2; no relay (round "
                       "1 = m)",
                       "L2 -> L1: retreat:0:2 (relaying); L1 adds retreat to V1; no relay (round "
                       "1 = m)",
                       "L1 obeys choice({attack, retreat}) = retreat",
                       "L2 obeys choice({attack, retreat}) = retreat",
                   });
  // Declared only where the commander may be a traitor: not for f = 0, nor with a loyal one fixed.
  const auto declared = [](const CheckReport &r) {
    return std::ranges::any_of(r.properties,
                               [](const PropertyResult &p) { return p.name == "both-orders"; });
  };
  CHECK_FALSE(declared(check<SignedMessages>(sm(3, 0), options(1))));
  auto loyal_commander = sm(3, 1);
  loyal_commander["faulty"] = "L1";
  const CheckReport fixed = check<SignedMessages>(loyal_commander, options(1));
  CHECK_FALSE(declared(fixed));
  CHECK(fixed.outcome == Outcome::Holds);
}

TEST_CASE("sm: the messages sent stay within the text's 2n(n-1), and the counter adds no state") {
  // (n, f) -> the most messages any run sends, to traitors and from them included.
  const std::map<std::pair<unsigned, unsigned>, std::int64_t> most{
      {{3, 1}, 8}, {{4, 1}, 18}, {{5, 2}, 32}};
  for (const auto &[key, expected] : most) {
    const auto [n, f] = key;
    INFO("n = " << n << ", f = " << f);
    const CheckReport report = check<SignedMessages>(sm(n, f), options(1));
    const PropertyResult &messages = property(report, "messages");
    REQUIRE(messages.value);
    CHECK(*messages.value == expected);
    CHECK(*messages.value <= std::int64_t{2} * n * (n - 1));
    CHECK(messages.explanation == std::to_string(expected) + " messages sent (2n(n-1) = " +
                                      std::to_string(2 * n * (n - 1)) + ")");
    // The run that sends them, step by step: every message is one Transmit.
    REQUIRE(messages.trace);
    CHECK(std::ranges::count_if(messages.trace->steps, [](const TraceStep &step) {
            return step.event.kind == EventKind::Transmit;
          }) == expected);
  }
  // The state counts pinned above (114, 726, 32652) are those of the model before it counted
  // messages: every send already fixes the count in the configuration it leaves.
}
