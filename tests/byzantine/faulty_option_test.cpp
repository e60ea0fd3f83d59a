// --faulty fixes the traitors to the set a lecture figure shows (om, sm, naive-majority, pbft).
// The restricted runs are exactly the unrestricted run's parts: over every set the adversary may
// pick, their states and transitions add up to the whole run's (the shared initial state of om
// counted once), which checks the restriction against the unrestricted exploration rather than
// against numbers written here. The lecture's Fig. 1 (L1 the traitor) is then the counterexample.
#include <protocheck/engine/check.hpp>
#include <protocheck/models/builtin_models_engine.hpp>
#include <protocheck/models/byzantine/naive_majority.hpp>
#include <protocheck/models/byzantine/oral_messages.hpp>
#include <protocheck/models/byzantine/pbft.hpp>
#include <protocheck/models/byzantine/signed_messages.hpp>

#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

using namespace protocheck;
using namespace protocheck::byzantine;

namespace {

template <class M>
CheckReport run(std::map<std::string, std::string> params, bool symmetry = false) {
  CheckOptions options;
  options.all = true;
  options.threads = 1;
  options.symmetry = symmetry;
  return check<M>(params, options, "model");
}

template <class M>
void check_partition(const std::map<std::string, std::string> &base,
                     const std::vector<std::string> &sets, std::uint64_t shared_initial,
                     bool relays) {
  const CheckReport whole = run<M>(base);
  std::uint64_t states = 0, transitions = 0;
  for (const std::string &set : sets) {
    std::map<std::string, std::string> params = base;
    if (set.empty()) { // no traitor: f = 0, with as many relay rounds as the whole run's (m = f)
      params["f"] = "0";
      if (relays)
        params["m"] = base.at("f");
    } else {
      params["faulty"] = set;
    }
    const CheckReport part = run<M>(params);
    states += part.stats.states;
    transitions += part.stats.transitions;
  }
  CHECK(states - shared_initial * (sets.size() - 1) == whole.stats.states);
  CHECK(transitions == whole.stats.transitions);
}

} // namespace

TEST_CASE("faulty traitors fixed: the runs of each traitor set add up to the whole run") {
  check_partition<OralMessages>({{"n", "3"}, {"f", "1"}}, {"", "C", "L1", "L2"}, 1, true);
  check_partition<OralMessages>({{"n", "4"}, {"f", "1"}}, {"", "C", "L1", "L2", "L3"}, 1, true);
  check_partition<SignedMessages>({{"n", "4"}, {"f", "1"}}, {"", "C", "L1", "L2", "L3"}, 0, true);
  check_partition<NaiveMajority>({{"n", "4"}, {"f", "1"}}, {"", "G1", "G2", "G3", "G4"}, 0, false);
  // pbft has exactly f Byzantine replicas: the four single sets make the whole run.
  const CheckReport whole = run<Pbft>({});
  std::uint64_t states = 0, transitions = 0;
  for (const char *replica : {"R0", "R1", "R2", "R3"}) {
    const CheckReport part = run<Pbft>({{"faulty", replica}});
    states += part.stats.states;
    transitions += part.stats.transitions;
  }
  CHECK(states == whole.stats.states);
  CHECK(transitions == whole.stats.transitions);
}

TEST_CASE("lecture Fig. 1: with L1 the traitor, loyal L2 disobeys the loyal commander") {
  const CheckReport report = run<OralMessages>({{"n", "3"}, {"f", "1"}, {"faulty", "L1"}});
  CHECK(report.stats.states == 16);
  CHECK(property(report, "IC1").verdict == Verdict::Holds);
  const PropertyResult &validity = property(report, "IC2");
  REQUIRE(validity.verdict == Verdict::Violated);
  REQUIRE(validity.trace);
  const auto &steps = validity.trace->steps;
  REQUIRE(steps.size() == 7);
  CHECK(steps[0].action == "the adversary picks the traitors {L1}");
  CHECK(steps[1].action == "C orders attack");
  CHECK(steps[5].action == "L1 -> L2: retreat (traitor; C told it attack); L2's tally C: {attack, "
                           "retreat}: no majority, retreat");
  CHECK(steps[6].action == "L2 decides retreat");
  CHECK(validity.explanation == "loyal commander ordered attack, loyal L2 decided retreat");
  // Fixed traitors are never replaced by a representative: --symmetry changes nothing.
  const CheckReport symmetric = run<OralMessages>({{"n", "3"}, {"f", "1"}, {"faulty", "L1"}}, true);
  CHECK(symmetric.stats.states == report.stats.states);
  REQUIRE(property(symmetric, "IC2").trace);
  CHECK(property(symmetric, "IC2").trace->steps[0].action == steps[0].action);
}

TEST_CASE("lecture Fig. 10: PBFT with replica 3 faulty serves the client") {
  const CheckReport report = run<Pbft>({{"faulty", "R3"}});
  CHECK(report.outcome == Outcome::Holds);
  REQUIRE(property(report, "client-served").trace);
  const StateView &initial = property(report, "client-served").trace->initial;
  REQUIRE(!initial.empty());
  CHECK(initial.front() == Variable{"faulty", "{R3}"});
}

TEST_CASE("faulty traitors fixed: unknown names, repeats and more than f are refused with one line") {
  const auto refusal = [](const std::map<std::string, std::string> &params) -> std::string {
    try {
      (void)make_model<OralMessages>(params);
    } catch (const BadInput &error) {
      return error.what();
    }
    return "(accepted)";
  };
  CHECK(refusal({{"n", "3"}, {"faulty", "X"}}) ==
        "--faulty 'X': no process named 'X' (the processes are C, L1, L2)");
  CHECK(refusal({{"n", "3"}, {"faulty", "L1,L1"}}) == "--faulty 'L1,L1' names L1 twice");
  CHECK(refusal({{"n", "3"}, {"faulty", "L1,L2"}}) ==
        "--faulty 'L1,L2' names 2 processes, more than f = 1");
  try {
    (void)make_model<Pbft>({{"f", "2"}, {"quorum", "4"}, {"faulty", "R1"}});
    FAIL("accepted");
  } catch (const BadInput &error) {
    CHECK(std::string(error.what()) == "--faulty 'R1' names 1 replicas: pbft has exactly f = 2");
  }
}

// --order and --commander-says fix the choices the lecture's figures fix. Like --faulty, the
// fixed runs are parts of the free run: over every choice, their states and transitions add up to
// the free run's, less the prefixes they share.
TEST_CASE("om --order and --commander-says split the run into the choices they fix") {
  const std::map<std::string, std::string> loyal{{"n", "3"}, {"f", "1"}, {"faulty", "L1"}};
  const CheckReport free_order = run<OralMessages>(loyal);
  std::uint64_t states = 0, transitions = 0;
  for (const char *order : {"attack", "retreat"}) {
    auto params = loyal;
    params["order"] = order;
    const CheckReport part = run<OralMessages>(params);
    states += part.stats.states;
    transitions += part.stats.transitions;
  }
  CHECK(states - 2 == free_order.stats.states);
  CHECK(transitions - 1 == free_order.stats.transitions);

  const std::map<std::string, std::string> traitor{{"n", "3"}, {"f", "1"}, {"faulty", "C"}};
  const CheckReport free_messages = run<OralMessages>(traitor);
  states = transitions = 0;
  for (const char *says :
       {"attack,attack", "attack,retreat", "retreat,attack", "retreat,retreat"}) {
    auto params = traitor;
    params["commander-says"] = says;
    const CheckReport part = run<OralMessages>(params);
    CHECK(part.outcome == Outcome::Holds);
    states += part.stats.states;
    transitions += part.stats.transitions;
  }
  // The four share the initial state and the traitors' choice (2 states, 1 transition, counted
  // 4 times), and each message C sends L1 first is shared by two of them (2 states and 2
  // transitions counted twice).
  CHECK(states - 3 * 2 - 2 == free_messages.stats.states);
  CHECK(transitions - 3 * 1 - 2 == free_messages.stats.transitions);
}

TEST_CASE("om --order and --commander-says refuse values the model does not have") {
  const auto refusal = [](std::map<std::string, std::string> params) -> std::string {
    try {
      (void)run<OralMessages>(params);
    } catch (const BadInput &error) {
      return error.what();
    }
    return "(accepted)";
  };
  CHECK(refusal({{"n", "3"}, {"order", "charge"}}) ==
        "--order: no value named 'charge' (the values are attack, retreat)");
  CHECK(refusal({{"n", "3"}, {"tie", "bottom"}, {"order", "bottom"}}) ==
        "--order: a loyal commander orders one of the values, not bottom");
  CHECK(refusal({{"n", "4"}, {"commander-says", "attack,retreat"}}) ==
        "--commander-says 'attack,retreat' gives 2 values: one per lieutenant (3) is needed");
  CHECK(refusal({{"n", "3"}, {"commander-says", "attack,"}}) ==
        "--commander-says 'attack,' gives 1 value: one per lieutenant (2) is needed");
}
