// Oral messages OM(m): verdicts, exact state counts, counterexample shape, thread independence,
// and a cross-check of every reachable outcome against an independent implementation of the
// textbook recursion.
#include "tests/byzantine/faulty_at_end.hpp"
#include "tests/engine/same_report.hpp"
#include <protocheck/engine/check.hpp>
#include <protocheck/models/builtin_models_engine.hpp>
#include <protocheck/models/byzantine/oral_messages.hpp>

#include <catch2/catch.hpp>

#include <array>
#include <cstring>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

using namespace protocheck;
using byzantine::OralMessages;

namespace {

using Params = std::map<std::string, std::string>;

Params instance(unsigned n, unsigned f) {
  return {{"n", std::to_string(n)}, {"f", std::to_string(f)}};
}

CheckOptions options(unsigned threads, bool all) {
  CheckOptions result;
  result.threads = threads;
  result.all = all;
  return result;
}

std::string variable(const StateView &view, const std::string &name) {
  for (const Variable &v : view)
    if (v.name == name)
      return v.value;
  FAIL("no variable " << name);
  return {};
}

// ----------------------------------------------------------------------------------------------
// Independent reference: OM(m) exactly as the recursion of the lecture notes, for one traitor set,
// one order and one "tape" of adversary choices (bit i: the i-th traitor message to a loyal
// general says retreat). It shares nothing with the model but the meaning of the parameters.
class Reference {
public:
  Reference(unsigned n, unsigned m, unsigned traitors, unsigned order, std::uint64_t tape)
      : n_(n), traitors_(traitors), tape_(tape) {
    std::vector<unsigned> lieutenants;
    for (unsigned g = 1; g < n; ++g)
      lieutenants.push_back(g);
    decisions_ = om(m, 0, order, lieutenants);
  }
  unsigned choices_used() const { return used_; }
  unsigned decision(unsigned j) const { return decisions_[j]; }

private:
  unsigned n_, traitors_;
  std::uint64_t tape_;
  unsigned used_ = 0;
  std::array<unsigned, 16> decisions_{};

  bool traitor(unsigned g) const { return (traitors_ >> g) & 1u; }

  // OM(k): `commander` holds `value` and sends it to `lieutenants`; each lieutenant's result.
  std::array<unsigned, 16> om(unsigned k, unsigned commander, unsigned value,
                              const std::vector<unsigned> &lieutenants) {
    std::array<unsigned, 16> received{};
    for (unsigned l : lieutenants) {
      if (!traitor(commander))
        received[l] = value;
      else if (!traitor(l))
        received[l] = (tape_ >> used_++) & 1u; // the adversary's choice
      else
        received[l] = 1; // traitor to traitor: never looked at
    }
    if (k == 0)
      return received;
    std::array<std::array<unsigned, 16>, 16> relayed{};
    for (unsigned l : lieutenants) {
      std::vector<unsigned> others;
      for (unsigned o : lieutenants)
        if (o != l)
          others.push_back(o);
      relayed[l] = om(k - 1, l, received[l], others);
    }
    std::array<unsigned, 16> result{};
    for (unsigned j : lieutenants) {
      unsigned attack = received[j] == 0 ? 1 : 0, total = 1;
      for (unsigned l : lieutenants)
        if (l != j) {
          attack += relayed[l][j] == 0 ? 1 : 0;
          ++total;
        }
      result[j] = 2 * attack > total ? 0 : 1; // attack needs a strict majority; else retreat
    }
    return result;
  }
};

std::string general_name(unsigned g) { return g == 0 ? "C" : "L" + std::to_string(g); }
std::string value_name(unsigned v) { return v == 0 ? "attack" : "retreat"; }

// An outcome in words, the same for the reference and for the model's terminal states.
std::string outcome(unsigned n, const std::string &traitors, const std::string &order,
                    const std::vector<std::string> &decisions) {
  std::string text = "traitors " + traitors + " order " + order;
  for (unsigned j = 1; j < n; ++j)
    text += " " + general_name(j) + " " + decisions[j];
  return text;
}

std::set<std::string> reference_outcomes(unsigned n, unsigned f, unsigned m) {
  std::set<std::string> outcomes;
  for (unsigned set = 0; set < (1u << n); ++set) {
    if (unsigned(__builtin_popcount(set)) > f)
      continue;
    std::string traitors;
    for (unsigned g = 0; g < n; ++g)
      if ((set >> g) & 1u)
        traitors += (traitors.empty() ? "" : ", ") + general_name(g);
    traitors = "{" + traitors + "}";
    const bool loyal_commander = (set & 1u) == 0;
    for (unsigned order = 0; order < (loyal_commander ? 2u : 1u); ++order) {
      const unsigned choices = Reference(n, m, set, order, 0).choices_used();
      REQUIRE(choices <= 20);
      for (std::uint64_t tape = 0; tape < (std::uint64_t{1} << choices); ++tape) {
        const Reference run(n, m, set, order, tape);
        std::vector<std::string> decisions(n);
        for (unsigned j = 1; j < n; ++j)
          decisions[j] = (set >> j) & 1u ? "(traitor)" : value_name(run.decision(j));
        outcomes.insert(
            outcome(n, traitors, loyal_commander ? value_name(order) : "(traitor)", decisions));
      }
    }
  }
  return outcomes;
}

// Every terminal state of the model, found by walking its successors directly (no engine).
std::set<std::string> model_outcomes(const OralMessages &model) {
  using State = OralMessages::State;
  const auto key = [](const State &s) {
    std::string bytes(sizeof(State), '\0');
    std::memcpy(bytes.data(), &s, sizeof(State));
    return bytes;
  };
  std::set<std::string> seen, outcomes;
  std::vector<State> stack;
  model.initial([&](const Event &, const State &s) { stack.push_back(s); });
  const unsigned n = model.generals();
  while (!stack.empty()) {
    const State state = stack.back();
    stack.pop_back();
    if (!seen.insert(key(state)).second)
      continue;
    bool terminal = true;
    model.successors(state, [&](const Event &, const State &next) {
      terminal = false;
      stack.push_back(next);
    });
    if (!terminal)
      continue;
    const StateView view = model.describe(state);
    std::vector<std::string> decisions(n);
    for (unsigned j = 1; j < n; ++j)
      decisions[j] = variable(view, general_name(j) + ".decision");
    outcomes.insert(outcome(n, variable(view, "traitors"), variable(view, "C.order"), decisions));
  }
  return outcomes;
}

// Does some outcome break agreement (IC1) or obedience to a loyal commander (IC2)?
struct Violations {
  bool ic1 = false;
  bool ic2 = false;
};
Violations violations(unsigned n, const std::set<std::string> &outcomes) {
  Violations found;
  for (const std::string &text : outcomes) {
    std::set<std::string> loyal_decisions;
    std::string order;
    for (const char *value : {"attack", "retreat"})
      if (text.find("order " + std::string(value)) != std::string::npos)
        order = value;
    for (unsigned j = 1; j < n; ++j) {
      const std::string tag = " " + general_name(j) + " ";
      const std::size_t at = text.find(tag, text.find(" order "));
      const std::string decision =
          text.substr(at + tag.size(), text.find(' ', at + tag.size()) - (at + tag.size()));
      if (decision == "(traitor)")
        continue;
      loyal_decisions.insert(decision);
      found.ic2 = found.ic2 || (!order.empty() && decision != order);
    }
    found.ic1 = found.ic1 || loyal_decisions.size() > 1;
  }
  return found;
}

} // namespace

TEST_CASE("om: parameters out of range are refused with one clear line") {
  const auto message = [](const Params &params) {
    try {
      check<OralMessages>(params);
    } catch (const BadInput &error) {
      return std::string(error.what());
    }
    return std::string("accepted");
  };
  CHECK(message({{"n", "3"}, {"f", "3"}}) == "f = 3 is out of range: f must be less than n = 3");
  CHECK(message({{"n", "4"}, {"f", "1"}, {"m", "4"}}) ==
        "m = 4 is out of range: m must be at most n - 1 = 3");
  CHECK(message({{"n", "11"}}) == "n = 11 is out of range: n must be in 2..10");
  CHECK(
      message({{"n", "8"}, {"f", "3"}}) ==
      "n = 8, m = 3 needs 307 bits of state but a state holds 160: m must be at most 2 for n = 8");
  // f = n - 1 makes m = n - 1 by default, which OM runs as m = n - 2.
  CHECK(message({{"n", "4"}, {"f", "3"}}) == "accepted");
}

TEST_CASE("om: the state is small and its layout fits") {
  CHECK(sizeof(OralMessages::State) == 24);
  const OralMessages model({.n = 7, .f = 2});
  // Counters 3 levels x 2 values x 4 bits, order and 6 decisions x 2 bits, 6 x (1 + 5) values.
  CHECK(model.packed_bits_used() == 74);
  CHECK(model.rounds() == 3);
}

// Exact state counts, with a derivation that does not use the checker.
//
// n = 3, f = 1 (m = 1). Schedule: 0 traitors, 1 order, 2 C->L1, 3 C->L2, 4 L2->L1, 5 L1 decides,
// 6 L1->L2, 7 L2 decides, 8 end. Besides the initial state:
//   {}   : step 1, then per order one state at each of steps 2..8          1 + 2 * 7 = 15
//   {C}  : step 2, 2 states after C->L1, 4 after C->L2 and at steps 5..8    1 + 2 + 4 * 5 = 23
//   {L1} : steps 1, 2, 3, 4, 6 (L1's decision is skipped) with 1, 2, 2, 2, 2 states; L1->L2 is a
//          choice: for order attack L2 gets two different results, for retreat both give
//          retreat (a tie is retreat), so 3 states at steps 7 and 8   1+2+2+2+2+3+3 = 15
//   {L2} : likewise, L2->L1 gives 3 states at steps 5 and 6 and at 8     1+2+2+2+3+3+3 = 16
// Total 1 + 15 + 23 + 15 + 16 = 70.
//
// n = 4, f = 0 (m = 0): the schedule is traitors, order, then C->Lj and Lj decides for j = 1..3:
// 1 + 1 + 2 * 7 = 16 states.
//
// n = 4, f = 1 (m = 1). Schedule: 0 traitors, 1 order, 2-4 C->L1..L3; L1's block 5 L2->L1,
// 6 L3->L1, 7 decides; L2's block 8 L1->L2, 9 L3->L2, 10 decides; L3's block 11 L1->L3,
// 12 L2->L3, 13 decides; 14 end. Besides the initial state:
//   {}   : step 1, then per order one state at each of steps 2..14             1 + 2 * 13 = 27
//   {C}  : step 2, 2 and 4 states at steps 3, 4, then 8 at each of steps 5..14  1+2+4+80 = 87
//   {L1} : 1 state at step 1; 2 (one per order) at steps 2..6 and 8 (7 is skipped); L1's lie
//          to L2 gives 4 at step 9, L3's relay outvotes it: 2 at 10 and 11; the same at 12, 13,
//          14: 4, 2, 2                                                1 + 12 + 4 + 4 + 4 + 4 = 29
//   {L2} : 1; 2 at steps 2..5; the lie to L1 gives 4 at step 6, outvoted: 2 at 7, 8, 9, 11
//          (10 is skipped); the lie to L3 is the last vote and is outvoted at once: 2 at 12,
//          13, 14                                                     1 + 8 + 4 + 8 + 6 = 27
//   {L3} : 1; every lie is the last vote and outvoted at once: 2 at each of steps 2..12 and 14
//          (13 is skipped)                                                      1 + 24 = 25
// Total 1 + 27 + 87 + 29 + 27 + 25 = 196. Transitions: 195 first discoveries plus one extra edge
// for each of the 12 states reached by both values of an outvoted lie = 207.
TEST_CASE("om: exact state counts for small instances, with one and two threads") {
  struct Expected {
    unsigned n, f;
    std::uint64_t states, transitions;
    std::uint32_t depth;
  };
  // n = 4 f = 2 and n = 5 f = 1, 2: pinned from the checker; their outcomes are cross-checked
  // against the reference below.
  for (const Expected expected : {Expected{3, 1, 70, 71, 8}, Expected{4, 0, 16, 15, 8},
                                  Expected{4, 1, 196, 207, 14}, Expected{4, 2, 1631, 1783, 20},
                                  Expected{5, 1, 519, 542, 22}, Expected{5, 2, 24841, 30544, 46}}) {
    for (const unsigned threads : {1u, 2u}) {
      const CheckReport report =
          check<OralMessages>(instance(expected.n, expected.f), options(threads, true));
      INFO("n = " << expected.n << ", f = " << expected.f << ", threads = " << threads);
      CHECK(report.stats.states == expected.states);
      CHECK(report.stats.transitions == expected.transitions);
      CHECK(report.stats.depth == expected.depth);
    }
  }
  // Exactly one traitor drops the traitor-free run: 196 - 27.
  const CheckReport exact =
      check<OralMessages>({{"n", "4"}, {"f", "1"}, {"exact-traitors", "true"}}, options(1, true));
  CHECK(exact.stats.states == 169);
}

// OM(f) satisfies IC1 and IC2 iff n >= 3f + 1 (for n = 3 and one traitor, agreement still holds:
// with a single loyal lieutenant left, or a traitor commander facing two loyal lieutenants who
// exchange honestly, the loyal ones decide alike; validity fails).
TEST_CASE("om: the verdict table n = 3..6, f = 0..2 follows n >= 3f + 1") {
  for (unsigned n = 3; n <= 6; ++n)
    for (unsigned f = 0; f <= 2; ++f) {
      INFO("n = " << n << ", f = " << f);
      const CheckReport report = check<OralMessages>(instance(n, f), options(2, true));
      const bool ic1 = property(report, "IC1").verdict == Verdict::Holds;
      const bool ic2 = property(report, "IC2").verdict == Verdict::Holds;
      CHECK((ic1 && ic2) == (n >= 3 * f + 1));
      CHECK(ic1 == (n >= 3 * f + 1 || n == 3));
      CHECK(property(report, "termination").verdict == Verdict::Holds);
      CHECK(property(report, "IC1").verdict != Verdict::Unknown);
      CHECK(property(report, "IC2").verdict != Verdict::Unknown);
    }
}

// The model's reachable outcomes (traitors, order, every decision) are exactly those of the
// independent recursion over every adversary choice; so are therefore its verdicts.
TEST_CASE("om: every outcome matches the textbook recursion") {
  struct Instance {
    unsigned n, f, m;
  };
  for (const Instance in :
       {Instance{2, 1, 1}, Instance{3, 1, 1}, Instance{3, 2, 2}, Instance{4, 0, 0},
        Instance{4, 1, 0}, Instance{4, 1, 1}, Instance{4, 2, 2}, Instance{4, 3, 3},
        Instance{5, 1, 1}, Instance{5, 2, 2}, Instance{5, 1, 2}, Instance{6, 1, 1}}) {
    INFO("n = " << in.n << ", f = " << in.f << ", m = " << in.m);
    const Params params{
        {"n", std::to_string(in.n)}, {"f", std::to_string(in.f)}, {"m", std::to_string(in.m)}};
    const OralMessages model = make_model<OralMessages>(params);
    const std::set<std::string> expected = reference_outcomes(in.n, in.f, in.m);
    const std::set<std::string> actual = model_outcomes(model);
    CHECK(actual == expected);
    // n = 3 and n = 4 with one traitor: 2 runs without traitors (one per order), 2 with a traitor
    // commander (the lieutenants end up agreeing on attack or on retreat), and per traitor
    // lieutenant 2 orders, except that for n = 3 the lone loyal lieutenant, ordered attack, may
    // decide attack or retreat: 2 + 2 + 2 * 3 = 10 and 2 + 2 + 3 * 2 = 10.
    if (in.f == 1 && in.m == 1 && (in.n == 3 || in.n == 4))
      CHECK(expected.size() == 10);
    CHECK(!expected.empty());

    const Violations found = violations(in.n, expected);
    const CheckReport report = check<OralMessages>(params, options(1, true));
    CHECK((property(report, "IC1").verdict == Verdict::Violated) == found.ic1);
    CHECK((property(report, "IC2").verdict == Verdict::Violated) == found.ic2);
  }
}

TEST_CASE("om: n = 3, f = 1 fails like Figure 1: a traitor lieutenant lies about the order") {
  for (const unsigned threads : {1u, 2u}) {
    const CheckReport report = check<OralMessages>(instance(3, 1), options(threads, false));
    CHECK(report.outcome == Outcome::Violated);
    const PropertyResult &validity = property(report, "IC2");
    REQUIRE(validity.verdict == Verdict::Violated);
    REQUIRE(validity.trace);
    const std::vector<TraceStep> &steps = validity.trace->steps;
    // The shortest violation: L2 is the traitor and L1 decides before L2 would.
    REQUIRE(steps.size() == 6);
    CHECK(steps[0].event == adversary(OralMessages::ActionChooseTraitors, 0b100));
    CHECK(steps[0].action == "the adversary picks the traitors {L2}");
    CHECK(steps[1].action == "C orders attack");
    CHECK(steps[2].action == "C -> L1: attack (the commander's order)");
    CHECK(steps[3].action == "C -> L2: attack (the commander's order)");
    CHECK(steps[4].event.kind == EventKind::Transmit);
    CHECK(steps[4].event.actor == 2);
    CHECK(steps[4].event.peer == 1);
    CHECK((steps[4].event.value & 0xffu) == OralMessages::Retreat);
    // L2's vote completes L1's tally for C: the lecture's L1 = majority(A, R), a tie.
    CHECK(steps[4].action == "L2 -> L1: retreat (traitor; C told it attack); L1's tally C: "
                             "{attack, retreat}: no majority, retreat");
    CHECK(steps[4].message == "L2: C said retreat");
    CHECK(steps[5].event == decide(1, OralMessages::Retreat));
    CHECK(steps[5].action == "L1 decides retreat");
    CHECK(validity.explanation == "loyal commander ordered attack, loyal L1 decided retreat");
  }
}

TEST_CASE("om: without rounds of relaying (m = 0) a traitor commander splits the lieutenants") {
  const CheckReport report =
      check<OralMessages>({{"n", "4"}, {"f", "1"}, {"m", "0"}}, options(1, true));
  CHECK(property(report, "IC2").verdict == Verdict::Holds);
  const PropertyResult &agreement = property(report, "IC1");
  REQUIRE(agreement.verdict == Verdict::Violated);
  REQUIRE(agreement.trace);
  const std::vector<TraceStep> &steps = agreement.trace->steps;
  REQUIRE(steps.size() == 5);
  CHECK(steps[0].action == "the adversary picks the traitors {C}");
  CHECK(steps[1].action == "C -> L1: attack (traitor commander)");
  CHECK(steps[2].action == "L1 decides attack");
  CHECK(steps[3].action == "C -> L2: retreat (traitor commander)");
  CHECK(steps[4].action == "L2 decides retreat");
  CHECK(agreement.explanation == "loyal L1 decided attack, loyal L2 decided retreat");
}

TEST_CASE("om: one and two threads give the same report") {
  for (const Params &params : {instance(4, 2), instance(5, 1), instance(5, 2)}) {
    const CheckReport one = check<OralMessages>(params, options(1, false));
    const CheckReport two = check<OralMessages>(params, options(2, false));
    CHECK(one.stats.states == two.stats.states);
    CHECK(one.stats.transitions == two.stats.transitions);
    REQUIRE(one.properties.size() == two.properties.size());
    for (std::size_t p = 0; p < one.properties.size(); ++p) {
      CHECK(one.properties[p].verdict == two.properties[p].verdict);
      CHECK(one.properties[p].explanation == two.properties[p].explanation);
      REQUIRE(one.properties[p].trace.has_value() == two.properties[p].trace.has_value());
      if (!one.properties[p].trace)
        continue;
      const auto &a = one.properties[p].trace->steps, &b = two.properties[p].trace->steps;
      REQUIRE(a.size() == b.size());
      for (std::size_t k = 0; k < a.size(); ++k)
        CHECK(a[k].action == b[k].action);
    }
  }
}

TEST_CASE("om: states describe traitors, order, what each lieutenant heard and decided") {
  const OralMessages model({.n = 4, .f = 1});
  // Follow the run of Figures 3 and 4: C loyal orders attack, L3 is the traitor and tells
  // everyone retreat. Every loyal lieutenant still decides attack.
  using State = OralMessages::State;
  State state;
  model.initial([&](const Event &, const State &s) { state = s; });
  std::vector<std::string> actions;
  std::vector<std::string> l1_tally; // L1's votes after each step
  for (;;) {
    bool moved = false;
    State chosen;
    Event event;
    model.successors(state, [&](const Event &e, const State &next) {
      const bool wanted = e.kind == EventKind::Adversary ? e.value == 0b1000
                          : e.kind == EventKind::Local   ? e.value == OralMessages::Attack
                          : e.kind == EventKind::Transmit && e.actor == 3
                              ? (e.value & 0xffu) == OralMessages::Retreat
                              : true;
      if (wanted && !moved) {
        moved = true;
        chosen = next;
        event = e;
      }
    });
    if (!moved)
      break;
    actions.push_back(model.describe(event));
    state = chosen;
    l1_tally.push_back(variable(model.describe(state), "L1.tally"));
  }
  const StateView view = model.describe(state);
  CHECK(variable(view, "traitors") == "{L3}");
  CHECK(variable(view, "C.order") == "attack");
  CHECK(variable(view, "L1.heard") == "C:attack");
  CHECK(variable(view, "L3.heard") == "(traitor)");
  for (const char *j : {"L1", "L2"})
    CHECK(variable(view, std::string(j) + ".decision") == "attack");
  CHECK(variable(view, "L3.decision") == "(traitor)");
  // 1 + 1 + 3 (round 1) + 2 + 1 + 2 + 1 + 2 (L3's block: no decision) = 13 steps.
  REQUIRE(actions.size() == 13);
  CHECK(actions[5] == "L2 -> L1: attack (L2 relays what C told it)");
  // The last vote completes L1's tally for C, the lecture's L1 = majority(A, A, R).
  CHECK(actions[6] == "L3 -> L1: retreat (traitor; C told it attack); L1's tally C: "
                      "{attack, attack, retreat}: majority attack");
  CHECK(actions[7] == "L1 decides attack");
  // L1's tally as the lecture writes it, a multiset: what C told it, then each relayed vote as it
  // arrives; the last vote resolves the majority.
  CHECK(l1_tally[4] == "-");
  CHECK(l1_tally[5] == "C: {attack, attack}");
  CHECK(l1_tally[6] == "resolved: attack");
  CHECK(l1_tally[7] == "-");
}

TEST_CASE("om: faulty() gives the traitors of a counterexample's last state") {
  // IC2, n = 3: L2 lies to L1 (see the Figure 1 test above).
  const OralMessages three = make_model<OralMessages>(instance(3, 1));
  const CheckReport validity = check<OralMessages>(instance(3, 1), options(1, false));
  CHECK(faulty_at_end(three, validity, property(validity, "IC2")) == std::set<std::size_t>{2});
  // IC1 without relaying: the commander splits the lieutenants.
  const Params unrelayed{{"n", "4"}, {"f", "1"}, {"m", "0"}};
  const CheckReport agreement = check<OralMessages>(unrelayed, options(1, true));
  CHECK(faulty_at_end(make_model<OralMessages>(unrelayed), agreement, property(agreement, "IC1")) ==
        std::set<std::size_t>{0});
  // Before the adversary has chosen, no general is a traitor.
  three.initial([&](const Event &, const OralMessages::State &s) { CHECK(three.faulty(s) == 0); });
}

TEST_CASE("om: an arrow's label is the message: the value and whose word is relayed") {
  const CheckReport report = check<OralMessages>(instance(3, 1), options(1, false));
  const std::vector<TraceStep> &steps = property(report, "IC2").trace->steps;
  REQUIRE(steps.size() == 6);
  const OralMessages model = make_model<OralMessages>(instance(3, 1));
  CHECK(model.message_label(steps[2].event) == "attack");             // C -> L1: the order
  CHECK(model.message_label(steps[4].event) == "L2: C said retreat"); // the traitor's lie
  CHECK(model.message_label(steps[5].event) == "L1 decides retreat"); // no message: describe()

  // OM(2), n = 4, no traitors, order attack: every message of rounds 1..3 once.
  const OralMessages deep({.n = 4, .f = 2});
  OralMessages::State state;
  deep.initial([&](const Event &, const OralMessages::State &s) { state = s; });
  std::multiset<std::string> labels;
  for (bool moved = true; moved;) {
    moved = false;
    deep.successors(state, [&](const Event &event, const OralMessages::State &next) {
      if (moved)
        return; // the first choice: no traitors, then attack
      moved = true;
      if (event.kind == EventKind::Transmit)
        labels.insert(deep.message_label(event));
      state = next;
    });
  }
  std::multiset<std::string> expected;
  for (unsigned i = 1; i <= 3; ++i) {
    const std::string li = "L" + std::to_string(i);
    expected.insert("attack"); // C -> Li
    for (unsigned j = 1; j <= 3; ++j)
      if (j != i) {
        const std::string lj = "L" + std::to_string(j);
        expected.insert(li + ": C said attack");                 // Li -> Lj
        expected.insert(lj + ": " + li + " said C said attack"); // Lj -> the third lieutenant
      }
  }
  CHECK(labels == expected);
}

// The lecture's counts (5.2): OM(m) sends (n-1) + (n-1)(n-2) + ... + (n-1)(n-2)...(n-m-1)
// messages in m + 1 rounds, computed here from the formula, against the bounds the run reports.
TEST_CASE("om: messages and rounds are the lecture's (n-1) + (n-1)(n-2) + ... and m + 1") {
  const auto formula = [](unsigned n, unsigned m) {
    std::int64_t total = 0, term = 1;
    for (unsigned k = 1; k <= m + 1; ++k) {
      term *= n - k;
      total += term;
    }
    return total;
  };
  struct Case {
    unsigned n, f, m;
  };
  for (const Case c : {Case{3, 1, 1}, Case{4, 1, 1}, Case{4, 1, 0}, Case{5, 1, 3}, Case{7, 2, 2}}) {
    INFO("n = " << c.n << ", m = " << c.m);
    CheckOptions run = options(1, true);
    run.symmetry = true;
    const CheckReport report = check<OralMessages>(
        {{"n", std::to_string(c.n)}, {"f", std::to_string(c.f)}, {"m", std::to_string(c.m)}}, run);
    std::map<std::string, const PropertyResult *> by_name;
    for (const PropertyResult &result : report.properties)
      by_name[result.name] = &result;
    REQUIRE(by_name.contains("messages"));
    REQUIRE(by_name.contains("rounds"));
    CHECK(by_name["messages"]->value == formula(c.n, c.m));
    CHECK(by_name["rounds"]->value == std::int64_t(c.m + 1));
    // The run reaching the maximum sends every message: one step each, and the explanation
    // splits them by round.
    REQUIRE(by_name["messages"]->trace);
    CHECK(by_name["messages"]->explanation.starts_with(
        std::to_string(formula(c.n, c.m)) + " messages in " + std::to_string(c.m + 1) + " round"));
  }
}

TEST_CASE("om: states kept tree-compressed give whole storage's counts, values and traces") {
  // n = 5, f = 2 violates IC1 and IC2 (n < 3f + 1): every trace is compared, with and without
  // symmetry reduction (canonical states are compressed) and with 1 and 2 threads.
  for (const bool symmetry : {false, true})
    for (const unsigned threads : {1u, 2u}) {
      INFO("symmetry = " << symmetry << ", threads = " << threads);
      CheckOptions run = options(threads, true);
      run.symmetry = symmetry;
      const CheckReport tree =
          protocheck::testing::runs_with_both_storages<OralMessages>({{"n", "5"}, {"f", "2"}}, run)
              .tree;
      CHECK(tree.outcome == Outcome::Violated);
      if (!symmetry)
        CHECK(tree.stats.states == 24841);
    }
}
