// OM with the slides' value domain v, u, w and the tie rule "no majority gives bottom" (slides
// 67-71): the 4-generals outcomes appear as witnesses of the exact shape the slide draws, the
// 3-generals case loses validity but (under the bottom rule) not agreement, the default run
// (attack/retreat, a tie gives retreat) keeps its state space when both parameters are given, and
// every reachable outcome of OM(1) with these domains is exactly that of a direct reference.
#include <protocheck/engine/check.hpp>
#include <protocheck/engine/explorer.hpp>
#include <protocheck/engine/trace_text.hpp>
#include <protocheck/models/builtin_models_engine.hpp>
#include <protocheck/models/byzantine/oral_messages.hpp>

#include <catch2/catch.hpp>

#include <bit>
#include <map>
#include <set>
#include <string>
#include <vector>

using namespace protocheck;
using byzantine::OralMessages;

namespace {

using Params = std::map<std::string, std::string>;

Params slides(unsigned n) {
  return {{"n", std::to_string(n)}, {"f", "1"}, {"values", "3"}, {"tie", "bottom"}};
}

CheckOptions options(unsigned threads) {
  CheckOptions result;
  result.threads = threads;
  result.all = true;
  return result;
}

std::vector<std::string> actions(const PropertyResult &result) {
  std::vector<std::string> text;
  for (const TraceStep &step : result.trace->steps)
    text.push_back(step.action);
  return text;
}

// Independent reference: OM(1)'s rounds written out directly, over a symbol domain (the values,
// plus bottom under the bottom rule), for one traitor set, one order and one tape of adversary
// choices (one symbol per traitor message to a loyal general, in the order met). It shares
// nothing with the model but the meaning of the parameters.
struct Reference {
  unsigned n, traitors, symbols;
  unsigned tie; // what no strict majority gives
  std::vector<unsigned> tape;
  unsigned used = 0;

  bool traitor(unsigned g) const { return (traitors >> g) & 1u; }
  unsigned next() { return used < tape.size() ? tape[used++] : (++used, 0u); }

  // Each lieutenant's decision (traitors: 99).
  std::vector<unsigned> run(unsigned order) {
    std::vector<unsigned> from_c(n, 99);
    for (unsigned l = 1; l < n; ++l)
      if (!traitor(l))
        from_c[l] = traitor(0) ? next() : order;
    std::vector<unsigned> decisions(n, 99);
    for (unsigned j = 1; j < n; ++j) {
      if (traitor(j))
        continue;
      std::vector<unsigned> votes(symbols, 0);
      ++votes[from_c[j]];
      for (unsigned l = 1; l < n; ++l)
        if (l != j)
          ++votes[traitor(l) ? next() : from_c[l]];
      decisions[j] = tie;
      for (unsigned v = 0; v < symbols; ++v)
        if (2 * votes[v] > n - 1)
          decisions[j] = v;
    }
    return decisions;
  }
};

std::string symbol_name(unsigned values, unsigned v) {
  if (v == values)
    return "bottom";
  if (values == 3)
    return std::string(1, "vuw"[v]);
  return v == 0 ? "attack" : "retreat";
}
std::string general(unsigned g) { return g == 0 ? "C" : "L" + std::to_string(g); }

std::set<std::string> reference_outcomes(unsigned n, unsigned values, bool bottom) {
  const unsigned symbols = values + (bottom ? 1 : 0);
  std::set<std::string> outcomes;
  for (unsigned set = 0; set < (1u << n); ++set) {
    if (std::popcount(set) > 1)
      continue;
    std::string members;
    for (unsigned g = 0; g < n; ++g)
      if ((set >> g) & 1u)
        members += (members.empty() ? "" : ", ") + general(g);
    const bool loyal_commander = (set & 1u) == 0;
    for (unsigned order = 0; order < (loyal_commander ? values : 1); ++order) {
      Reference probe{n, set, symbols, bottom ? values : 1u, {}};
      probe.run(order);
      const unsigned choices = probe.used;
      std::vector<unsigned> tape(choices, 0);
      for (;;) {
        Reference reference{n, set, symbols, bottom ? values : 1u, tape};
        const std::vector<unsigned> decisions = reference.run(order);
        std::string text = "traitors {" + members + "} order " +
                           (loyal_commander ? symbol_name(values, order) : "(traitor)");
        for (unsigned j = 1; j < n; ++j)
          text += " " + general(j) + " " +
                  (decisions[j] == 99 ? "(traitor)" : symbol_name(values, decisions[j]));
        outcomes.insert(text);
        unsigned digit = 0; // the next tape, in base `symbols`
        while (digit < choices && ++tape[digit] == symbols)
          tape[digit++] = 0;
        if (digit == choices)
          break;
      }
    }
  }
  return outcomes;
}

std::set<std::string> model_outcomes(const OralMessages &model) {
  const auto properties = model.properties();
  CheckOptions one;
  one.all = true; // every state, past the first violation
  Explorer<OralMessages> explorer(model, properties, one);
  REQUIRE(explorer.run() == StopReason::Complete);
  std::set<std::string> outcomes;
  for (std::uint64_t rank = 0; rank < explorer.stats().states; ++rank) {
    bool terminal = true;
    model.successors(explorer.state(rank),
                     [&](const Event &, const OralMessages::State &) { terminal = false; });
    if (!terminal)
      continue;
    std::map<std::string, std::string> view;
    for (const Variable &variable : model.describe(explorer.state(rank)))
      view[variable.name] = variable.value;
    std::string text = "traitors " + view["traitors"] + " order " + view["C.order"];
    for (unsigned j = 1; j < model.generals(); ++j)
      text += " " + general(j) + " " + view[general(j) + ".decision"];
    outcomes.insert(text);
  }
  return outcomes;
}

} // namespace

TEST_CASE("om slides: four generals, one traitor, values v, u, w, no majority gives bottom") {
  for (const unsigned threads : {1u, 2u}) {
    const CheckReport report = check<OralMessages>(slides(4), options(threads));
    CHECK(report.outcome == Outcome::Holds);
    CHECK(property(report, "IC1").verdict == Verdict::Holds);
    CHECK(property(report, "IC2").verdict == Verdict::Holds);
    CHECK(property(report, "termination").verdict == Verdict::Holds);
    CHECK(report.stats.state_bytes == 24);

    // Slide 71, left: the loyal commander's v outvotes the traitor's lie, majority(v, u, v) = v.
    // The shortest witness makes L3 the traitor: the loyal lieutenants then decide before the
    // messages to L3 are due (with L1 or L2 the traitor, the messages to it come first). Its lie is
    // the adversary's first value other than the truth, u.
    const PropertyResult &lie = property(report, "outvoted-lie");
    REQUIRE(lie.verdict == Verdict::Holds);
    REQUIRE(lie.trace);
    CHECK(actions(lie) == std::vector<std::string>{
                              "the adversary picks the traitors {L3}",
                              "C orders v",
                              "C -> L1: v (the commander's order)",
                              "C -> L2: v (the commander's order)",
                              "C -> L3: v (the commander's order)",
                              "L2 -> L1: v (L2 relays what C told it)",
                              "L3 -> L1: u (traitor; C told it v); L1's tally C: {v, v, u}: "
                              "majority v",
                              "L1 decides v",
                              "L1 -> L2: v (L1 relays what C told it)",
                              "L3 -> L2: u (traitor; C told it v); L2's tally C: {v, v, u}: "
                              "majority v",
                              "L2 decides v",
                          });
    // The value sent is u (1); bits 8 and up hold L1's tally for C: two v (0) and one u.
    CHECK(lie.trace->steps[6].event ==
          transmit(3, 1, std::uint8_t((0 + 1) << 3 | (OralMessages::TraitorTold + 0)),
                   1 | 2u << 8 | 1u << 12));

    // Slide 71, right: a traitor commander sends three different values, so every loyal
    // lieutenant holds {v, u, w} and decides bottom. v, u, w is the first such choice.
    const PropertyResult &bottom = property(report, "all-bottom");
    REQUIRE(bottom.verdict == Verdict::Holds);
    REQUIRE(bottom.trace);
    CHECK(actions(bottom) == std::vector<std::string>{
                                 "the adversary picks the traitors {C}",
                                 "C -> L1: v (traitor commander)",
                                 "C -> L2: u (traitor commander)",
                                 "C -> L3: w (traitor commander)",
                                 "L2 -> L1: u (L2 relays what C told it)",
                                 "L3 -> L1: w (L3 relays what C told it); L1's tally C: {v, u, "
                                 "w}: no majority, bottom",
                                 "L1 decides bottom",
                                 "L1 -> L2: v (L1 relays what C told it)",
                                 "L3 -> L2: w (L3 relays what C told it); L2's tally C: {v, u, "
                                 "w}: no majority, bottom",
                                 "L2 decides bottom",
                                 "L1 -> L3: v (L1 relays what C told it)",
                                 "L2 -> L3: u (L2 relays what C told it); L3's tally C: {v, u, "
                                 "w}: no majority, bottom",
                                 "L3 decides bottom",
                             });
  }
}

TEST_CASE("om slides: three generals lose validity, under the bottom rule they keep agreement") {
  // Slide 68: L1 cannot tell "C said v, L2 says C said u" from "C said u, ...": it holds {v, u},
  // which has no majority. A traitor commander gives both lieutenants the same two values, so they
  // agree (both decide the value sent twice, or both bottom).
  const CheckReport report = check<OralMessages>(slides(3), options(1));
  CHECK(property(report, "IC1").verdict == Verdict::Holds);
  CHECK(property(report, "termination").verdict == Verdict::Holds);
  const PropertyResult &validity = property(report, "IC2");
  REQUIRE(validity.verdict == Verdict::Violated);
  CHECK(actions(validity) ==
        std::vector<std::string>{
            "the adversary picks the traitors {L2}",
            "C orders v",
            "C -> L1: v (the commander's order)",
            "C -> L2: v (the commander's order)",
            "L2 -> L1: u (traitor; C told it v); L1's tally C: {v, u}: no majority, "
            "bottom",
            "L1 decides bottom",
        });
  CHECK(validity.explanation == "loyal commander ordered v, loyal L1 decided bottom");
  // With two votes a lie can never be outvoted.
  CHECK(property(report, "outvoted-lie").verdict == Verdict::Violated);
  CHECK(property(report, "all-bottom").verdict == Verdict::Holds);
}

TEST_CASE("om slides: the bottom rule with attack and retreat, bottom is a message of its own") {
  // Two values: the traitor commander needs attack, retreat and no message (bottom) to leave all
  // three loyal lieutenants without a majority.
  const CheckReport report =
      check<OralMessages>({{"n", "4"}, {"f", "1"}, {"tie", "bottom"}}, options(1));
  CHECK(report.outcome == Outcome::Holds);
  const PropertyResult &bottom = property(report, "all-bottom");
  REQUIRE(bottom.verdict == Verdict::Holds);
  const std::vector<std::string> text = actions(bottom);
  REQUIRE(text.size() == 13);
  CHECK(text[1] == "C -> L1: attack (traitor commander)");
  CHECK(text[2] == "C -> L2: retreat (traitor commander)");
  CHECK(text[3] == "C -> L3: bottom (traitor commander)");
  // outvoted-lie needs the history bits of --values 3.
  for (const PropertyResult &result : report.properties)
    CHECK(result.name != "outvoted-lie");
}

TEST_CASE("om slides: the defaults, given explicitly, keep the state space") {
  // The counts om_test pins for the defaults: n = 3, f = 1: 70; n = 4, f = 1: 196.
  for (const auto &[n, states] : std::map<unsigned, std::uint64_t>{{3, 70}, {4, 196}}) {
    const CheckReport report = check<OralMessages>(
        {{"n", std::to_string(n)}, {"f", "1"}, {"values", "2"}, {"tie", "retreat"}}, options(1));
    CHECK(report.stats.states == states);
    CHECK(report.properties.size() == 5); // IC1, IC2, termination, messages, rounds
  }
}

TEST_CASE("om slides: three values need the bottom rule") {
  try {
    check<OralMessages>({{"n", "4"}, {"f", "1"}, {"values", "3"}});
    FAIL("accepted");
  } catch (const BadInput &error) {
    CHECK(std::string(error.what()) ==
          "values = 3 needs --tie bottom: there is no retreat among v, u, w to fall back on");
  }
}

TEST_CASE("om slides: every outcome of OM(1) with the slides' domain matches a direct reference") {
  for (const unsigned n : {3u, 4u, 5u})
    for (const auto &[values, tie] : std::vector<std::pair<unsigned, std::string>>{
             {3, "bottom"}, {2, "bottom"}, {2, "retreat"}}) {
      INFO("n = " << n << ", values = " << values << ", tie = " << tie);
      const Params params{
          {"n", std::to_string(n)}, {"f", "1"}, {"values", std::to_string(values)}, {"tie", tie}};
      const OralMessages model = make_model<OralMessages>(params);
      const std::set<std::string> expected = reference_outcomes(n, values, tie == "bottom");
      CHECK(model_outcomes(model) == expected);
      CHECK(expected.size() > 4);
    }
}
