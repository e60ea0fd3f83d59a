// Symmetry reduction (--symmetry) of OM, SM and PBFT: every verdict equals the unreduced run's,
// with one and two threads; the reduced run explores fewer states; every trace found with
// reduction replays against the model. The reduced count is checked against the unreduced state
// set: for PBFT, which reduces every state, it is the number of orbits (distinct canonical forms),
// and a canonical form is the same for every relabeling of the backups; for OM and SM, which reduce
// only the choice of the traitors, it is the number of states under a class representative
// (stated independently here). The runs from the sets of one class end alike (OM, SM) or lead to
// equally many states (PBFT, whose runs are relabelings of each other).
#include <protocheck/engine/check.hpp>
#include <protocheck/engine/explorer.hpp>
#include <protocheck/engine/replay.hpp>
#include "checker/trace_file.hpp"
#include <protocheck/models/builtin_models_engine.hpp>
#include <protocheck/models/byzantine/oral_messages.hpp>
#include <protocheck/models/byzantine/pbft.hpp>
#include <protocheck/models/byzantine/signed_messages.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <map>
#include <set>
#include <string>
#include <type_traits>
#include <vector>

using namespace protocheck;
using byzantine::OralMessages;
using byzantine::Pbft;
using byzantine::SignedMessages;

namespace {

using Params = std::map<std::string, std::string>;

CheckOptions options(unsigned threads, bool symmetry) {
  CheckOptions result;
  result.threads = threads;
  result.all = true;
  result.symmetry = symmetry;
  return result;
}

// The faulty set of a state, or -1 before the adversary has chosen it.
long faulty_set(const OralMessages::State &s) { return s.step == 0 ? -1 : long{s.traitors}; }
long faulty_set(const SignedMessages::State &s) { return long{s.traitors}; }
long faulty_set(const Pbft::State &s) { return long{s.faulty}; }

// A set's class: which processes with roles of their own (`fixed`) it holds, and how many of the
// interchangeable ones. Its representative holds the lowest interchangeable ids.
std::pair<unsigned, unsigned> set_class(unsigned set, unsigned fixed) {
  return {set & fixed, unsigned(std::popcount(set & ~fixed))};
}
bool is_representative(unsigned set, unsigned fixed) {
  const unsigned rest = (set & ~fixed) >> std::popcount(fixed);
  return (rest & (rest + 1)) == 0; // 0b0..01..1
}

struct Counts {
  std::uint64_t kept = 0;   // states under a representative of their faulty set's class
  std::uint64_t orbits = 0; // distinct canonical forms
  std::map<std::pair<unsigned, unsigned>, std::map<unsigned, std::uint64_t>> per_class;
};

template <class M> Counts unreduced_counts(const M &model, unsigned fixed) {
  const auto properties = model.properties();
  Explorer<M> explorer(model, properties, options(1, false));
  REQUIRE(explorer.run() == StopReason::Complete);
  Counts counts;
  std::set<std::string> canonical;
  for (std::uint64_t rank = 0; rank < explorer.stats().states; ++rank) {
    auto state = explorer.state(rank);
    model.canonicalize(state);
    canonical.insert(std::string(reinterpret_cast<const char *>(&state), sizeof(state)));
    const long set = faulty_set(explorer.state(rank));
    if (set < 0) {
      ++counts.kept;
      continue;
    }
    const auto faulty = unsigned(set);
    counts.per_class[set_class(faulty, fixed)][faulty] += 1;
    if (is_representative(faulty, fixed))
      ++counts.kept;
  }
  counts.orbits = canonical.size();
  return counts;
}

std::map<std::string, Verdict> verdicts(const CheckReport &report) {
  std::map<std::string, Verdict> result;
  for (const PropertyResult &property : report.properties)
    result[property.name] = property.verdict;
  return result;
}

// Whether every set of each class leads to equally many states.
bool classes_uniform(const Counts &counts) {
  for (const auto &[key, sets] : counts.per_class)
    for (const auto &[set, states] : sets)
      if (states != sets.begin()->second)
        return false;
  return true;
}

// What the reduced run must explore. PBFT maps every state to its orbit's representative: one
// state per orbit. OM and SM reduce only the choice of the faulty set: the states under a
// representative set.
template <class M> std::uint64_t expected_reduced(const Counts &counts) {
  if constexpr (std::is_same_v<M, Pbft>)
    return counts.orbits;
  else
    return counts.kept;
}

// Runs `params` with and without reduction, 1 and 2 threads; returns the reduced state count.
template <class M> std::uint64_t compare(const Params &params, unsigned fixed) {
  const ModelFactory<M> factory = model_factory<M>();
  const ParamValues values = ParamValues::parse(factory.parameters, params);
  const M model = factory.build(values);
  const CheckReport full = check_model(model, "model", values, options(1, false));
  const Counts counts = unreduced_counts(model, fixed);
  std::uint64_t reduced_states = 0;
  for (const unsigned threads : {1u, 2u}) {
    INFO("threads " << threads);
    const CheckReport reduced = check_model(model, "model", values, options(threads, true));
    const CheckReport unreduced = check_model(model, "model", values, options(threads, false));
    CHECK(reduced.symmetry);
    CHECK(verdicts(reduced) == verdicts(full));
    CHECK(verdicts(unreduced) == verdicts(full));
    CHECK(unreduced.stats.states == full.stats.states);
    CHECK(reduced.stats.states < full.stats.states);
    CHECK(reduced.stats.states == expected_reduced<M>(counts));
    if (reduced_states != 0)
      CHECK(reduced.stats.states == reduced_states);
    reduced_states = reduced.stats.states;
    for (const PropertyResult &result : reduced.properties) {
      if (!result.trace)
        continue;
      INFO(result.name);
      const ReplayResult replayed = replay_trace(model, record_trace(result, reduced.processes));
      CHECK(replayed.confirmed);
      // ... and through the JSON trace file that `protocheck replay` reads.
      const TraceFile file = read_trace_file(Json::parse(trace_file_json(reduced, result).dump()));
      CHECK(replay_trace(model, file.trace).confirmed);
    }
  }
  return reduced_states;
}

Params om(unsigned n, unsigned f) { return {{"n", std::to_string(n)}, {"f", std::to_string(f)}}; }

// OM and SM: what the runs from each traitor set end in, as the order and the loyal lieutenants'
// variables in id order (decisions, and OM's history bits). Relabeling the loyal lieutenants in
// increasing order onto those of another set of the same class (and the traitors likewise) maps
// these lists to themselves, so the symmetry argument says: equal sets for the sets of one class.
template <class M> void check_end_states_correspond(const M &model, unsigned fixed) {
  const auto properties = model.properties();
  Explorer<M> explorer(model, properties, options(1, false));
  REQUIRE(explorer.run() == StopReason::Complete);
  std::map<unsigned, std::set<std::vector<std::string>>> ends;
  for (std::uint64_t rank = 0; rank < explorer.stats().states; ++rank) {
    const auto &state = explorer.state(rank);
    bool terminal = true;
    model.successors(state, [&](const Event &, const auto &) { terminal = false; });
    if (!terminal)
      continue;
    std::vector<std::string> outcome;
    for (const Variable &variable : model.describe(state))
      if (variable.name == "C.order" ||
          (variable.name.ends_with(".decision") && variable.value != "(traitor)" &&
           variable.value != "traitor") ||
          variable.name.ends_with(".told-otherwise"))
        outcome.push_back(variable.name.substr(variable.name.find('.')) + "=" + variable.value);
    ends[unsigned(faulty_set(state))].insert(outcome);
  }
  for (const auto &[set, outcomes] : ends) {
    unsigned representative = set & fixed;
    representative |= ((1u << std::popcount(set & ~fixed)) - 1u) << std::popcount(fixed);
    INFO("traitor set " << set << ", its representative " << representative);
    REQUIRE(ends.count(representative) == 1);
    CHECK(outcomes == ends.at(representative));
  }
}

template <class M> M build(const Params &params) { return make_model<M>(params); }

} // namespace

// The reduced counts below are pinned after compare() has checked each against the count of the
// unreduced run's states under a representative.

TEST_CASE("symmetry: OM keeps every verdict and one traitor set per class") {
  CHECK(compare<OralMessages>(om(3, 1), 1) == 54);   // of 70
  CHECK(compare<OralMessages>(om(4, 1), 1) == 144);  // of 196
  CHECK(compare<OralMessages>(om(5, 1), 1) == 384);  // of 519
  CHECK(compare<OralMessages>(om(4, 2), 1) == 665);  // of 1631
  CHECK(compare<OralMessages>(om(5, 2), 1) == 6230); // of 24841
}

TEST_CASE("symmetry: OM with three values and the bottom tie rule") {
  Params slides = om(4, 1);
  slides["values"] = "3";
  slides["tie"] = "bottom";
  CHECK(compare<OralMessages>(slides, 1) == 793);
  slides = om(3, 1);
  slides["values"] = "3";
  slides["tie"] = "bottom";
  CHECK(compare<OralMessages>(slides, 1) == 133);
}

TEST_CASE("symmetry: SM keeps every verdict and one traitor set per class") {
  CHECK(compare<SignedMessages>(om(3, 1), 1) == 104);   // of 114
  CHECK(compare<SignedMessages>(om(4, 1), 1) == 686);   // of 726
  CHECK(compare<SignedMessages>(om(4, 2), 1) == 1447);  // of 2242
  CHECK(compare<SignedMessages>(om(5, 2), 1) == 18072); // of 32652
}

TEST_CASE("symmetry: PBFT keeps every verdict and one state per orbit") {
  CHECK(compare<Pbft>({{"n", "4"}, {"f", "1"}}, 0b1) == 178);                 // of 730
  CHECK(compare<Pbft>({{"n", "3"}, {"f", "1"}, {"quorum", "2"}}, 0b1) == 70); // of 128
  // Agreement fails: the counterexample found with reduction replays.
  CHECK(compare<Pbft>({{"n", "3"}, {"f", "1"}, {"quorum", "2"}, {"requests", "2"}}, 0b1) ==
        5372); // of 10602
}

TEST_CASE("symmetry: OM and SM runs from the sets of one class end alike") {
  check_end_states_correspond(build<OralMessages>(om(4, 1)), 1);
  check_end_states_correspond(build<OralMessages>(om(5, 2)), 1);
  Params slides = om(4, 1);
  slides["values"] = "3";
  slides["tie"] = "bottom";
  check_end_states_correspond(build<OralMessages>(slides), 1);
  check_end_states_correspond(build<SignedMessages>(om(4, 1)), 1);
  check_end_states_correspond(build<SignedMessages>(om(5, 2)), 1);
}

TEST_CASE("symmetry: a PBFT state's canonical form is the same for every relabeling of backups") {
  for (const Params &params :
       {Params{{"n", "4"}, {"f", "1"}}, Params{{"n", "4"}, {"f", "2"}, {"quorum", "3"}},
        Params{{"n", "4"}, {"f", "1"}, {"view-changes", "1"}, {"requests", "1"}}}) {
    const Pbft model = build<Pbft>(params);
    const auto properties = model.properties();
    CheckOptions bounded = options(1, false);
    bounded.max_states = 20000;
    Explorer<Pbft> explorer(model, properties, bounded);
    explorer.run();
    const unsigned first_backup = params.count("view-changes") ? 2 : 1;
    for (std::uint64_t rank = 0; rank < explorer.stats().states; ++rank) {
      Pbft::State canonical = explorer.state(rank);
      model.canonicalize(canonical);
      std::array<std::uint8_t, Pbft::MaxReplicas> to{0, 1, 2, 3};
      do {
        Pbft::State moved = model.relabeled(explorer.state(rank), to);
        model.canonicalize(moved);
        REQUIRE(std::memcmp(&moved, &canonical, sizeof(Pbft::State)) == 0);
      } while (std::next_permutation(to.begin() + first_backup, to.end()));
    }
  }
}

TEST_CASE("symmetry: PBFT runs from the faulty sets of one class are relabelings") {
  // Relabeling backups maps every state to a state, so each faulty set of a class leads to as many
  // states as its representative.
  const auto uniform = [](const Params &params, unsigned fixed) {
    return classes_uniform(unreduced_counts(build<Pbft>(params), fixed));
  };
  CHECK(uniform({{"n", "4"}, {"f", "1"}}, 0b1));
  CHECK(uniform({{"n", "4"}, {"f", "2"}, {"quorum", "3"}}, 0b1));
  CHECK(uniform({{"n", "3"}, {"f", "1"}, {"quorum", "2"}}, 0b1));
}
