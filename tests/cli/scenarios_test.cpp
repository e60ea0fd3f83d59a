// protocheck scenarios: the built-in catalogue is well formed and large enough, a malformed
// catalogue is refused with a line naming the entry, differences from an expectation are named,
// and the command lists, runs (with the chart of the property the scenario names) and verifies.
// The whole catalogue is verified by the ctest `scenarios` (protocheck scenarios --verify).
#include "cli/scenario_catalogue.hpp"
#include "run_binary.hpp"

#include <protocheck/models/builtin.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <set>

using namespace protocheck;
using namespace protocheck::cli;
using protocheck::testing::run_protocheck;

namespace {

const std::string good_entry =
    R"({"id": "x", "topic": "t", "source": "s", "claim": "c", "command": "check om --n 3",)"
    R"( "expect": {"exit": 1}})";

} // namespace

TEST_CASE("the built-in catalogue: at least 50 scenarios over the lecture's topics, ids unique") {
  const Registry registry = builtin_models();
  const std::vector<Scenario> scenarios = read_scenarios(registry);
  CHECK(scenarios.size() >= 50);
  std::set<std::string> ids, topics;
  for (const Scenario &scenario : scenarios) {
    ids.insert(scenario.id);
    topics.insert(scenario.topic);
    // Every scenario pins what it shows: a check its verdicts and the trace of its chart (one
    // complete run where everything holds), a sweep its boundary, views its exit code alone.
    if (scenario.command[0] == "check") {
      CHECK(!scenario.expect.verdicts.empty());
      CHECK(!scenario.chart.empty());
    } else if (scenario.command[0] == "sweep") {
      CHECK(scenario.expect.boundary);
    } else {
      CHECK(scenario.command[0] == "views");
    }
    if (!scenario.chart.empty())
      CHECK(scenario.expect.trace_steps.contains(scenario.chart));
  }
  CHECK(ids.size() == scenarios.size());
  for (const char *topic :
       {"Byzantine generals", "Consensus", "Leader election", "Mutual exclusion", "Logical clocks"})
    CHECK(topics.contains(topic));
}

TEST_CASE("a malformed catalogue is refused with one line naming the entry") {
  // A second catalogue beside the built-in one: ids must be unique across both.
  Registry models = builtin_models();
  const auto read = [&models](const std::string &catalogue) -> std::string {
    Registry registry = models;
    registry.add_scenarios(catalogue);
    try {
      (void)read_scenarios(registry);
    } catch (const BadInput &error) {
      return error.what();
    }
    return "(accepted)";
  };
  const auto entry = [&read](const std::string &text) {
    return read(R"({"scenarios": [)" + text + "]}");
  };
  CHECK(entry(good_entry) == "(accepted)");
  CHECK(read("{") == "scenario catalogue: catalogue 2 is not valid JSON");
  CHECK(read("[]") == "scenario catalogue: catalogue 2 has no \"scenarios\" array");
  CHECK(entry(R"({"id": "x"})") == "scenario catalogue: catalogue 2, entry 1 (x): no \"topic\"");
  CHECK(entry(R"({"id": "x", "topic": "t", "source": "s", "claim": "c", "command": "check nope",)"
              R"( "expect": {"exit": 0}})") ==
        "scenario catalogue: catalogue 2, entry 1 (x): no model named nope");
  CHECK(entry(R"({"id": "x", "topic": "t", "source": "s", "claim": "c", "command": "replay f",)"
              R"( "expect": {"exit": 0}})") ==
        "scenario catalogue: catalogue 2, entry 1 (x): the command must start with check or "
        "sweep and a model name, or views, a process and a model name");
  CHECK(entry(R"({"id": "x", "topic": "t", "source": "s", "claim": "c", "command": "views L2 om)"
              R"( vs om", "expect": {"exit": 0, "states": 3}})") ==
        "scenario catalogue: catalogue 2, entry 1 (x): a views command's \"expect\" has its exit "
        "code alone (0: the same view)");
  CHECK(entry(R"({"id": "x", "topic": "t", "source": "s", "claim": "c",)"
              R"( "command": "check om --json", "expect": {"exit": 0}})") ==
        "scenario catalogue: catalogue 2, entry 1 (x): the command must not hold --json "
        "(scenarios adds it)");
  CHECK(entry(R"({"id": "x", "topic": "t", "source": "s", "claim": "c", "command": "check om",)"
              R"( "expect": {"exit": 7}})") ==
        "scenario catalogue: catalogue 2, entry 1 (x): \"expect\".exit must be 0, 1, 2 or 3");
  CHECK(entry(R"({"id": "x", "topic": "t", "source": "s", "claim": "c", "command": "check om",)"
              R"( "expect": {"exit": 0, "verdicts": {"IC1": "fine"}}})") ==
        "scenario catalogue: catalogue 2, entry 1 (x): verdict of IC1 must be holds, violated or "
        "unknown");
  CHECK(entry(R"({"id": "x", "topic": "t", "source": "s", "claim": "c", "command": "check om",)"
              R"( "expect": {"exit": 0, "state": 5}})") ==
        "scenario catalogue: catalogue 2, entry 1 (x): unknown field \"expect\".state");
  CHECK(entry(R"({"id": "Bad Id", "topic": "t"})") ==
        "scenario catalogue: catalogue 2, entry 1 (Bad Id): id \"Bad Id\" may hold only a-z, 0-9 "
        "and -");
  CHECK(entry(good_entry + "," + good_entry) == "scenario catalogue: id x appears twice");
  // An id the built-in catalogue already has.
  CHECK(entry(R"({"id": "om-three-generals", "topic": "t", "source": "s", "claim": "c",)"
              R"( "command": "check om", "expect": {"exit": 0}})") ==
        "scenario catalogue: id om-three-generals appears twice");
}

TEST_CASE("scenario_differences names every difference from the expectation") {
  Scenario scenario;
  scenario.id = "x";
  scenario.command = {"check", "om"};
  scenario.expect.exit = 1;
  scenario.expect.states = 70;
  scenario.expect.verdicts = {{"IC1", "holds"}, {"IC2", "violated"}};
  scenario.expect.trace_steps = {{"IC2", 6}};
  scenario.expect.values = {{"messages", 6}};
  scenario.expect.fields = {{"IC1", {{"probability_exact", "1"}}}};
  const nlohmann::json report = {
      {"stats", {{"states", 71}}},
      {"properties",
       {{{"name", "IC1"}, {"status", "holds"}, {"probability_exact", "1/2"}},
        {{"name", "IC2"}, {"status", "holds"}}}}};
  const std::vector<std::string> differences = scenario_differences(scenario, 0, report.dump());
  CHECK(differences == std::vector<std::string>{
                           "exit code: expected 1, got 0",
                           "states: expected 70, got 71",
                           "IC2: expected violated, got holds",
                           "IC2: expected a trace of 6 steps, got 0",
                           "messages: the report has no such property",
                           "IC1.probability_exact: expected \"1\", got 1/2",
                       });
  CHECK(scenario_differences(scenario, 2, "").size() == 2); // exit code, and no report at all

  // A chart that cannot be drawn is a difference: its property has no trace in the report.
  scenario.chart = "IC1";
  const std::vector<std::string> undrawn = scenario_differences(scenario, 1, report.dump());
  CHECK(undrawn.back() == "chart: IC1 has no trace to draw");
  // views: its exit code alone (its output is two columns, not a report).
  Scenario views;
  views.command = {"views", "L2", "om", "vs", "om"};
  CHECK(scenario_differences(views, 0, "L2's view of two runs").empty());
  CHECK(scenario_differences(views, 1, "").size() == 1);
}

TEST_CASE("scenarios: the list, one scenario run with its chart, verify, and bad input") {
  const auto list = run_protocheck("scenarios");
  CHECK(list.exit_code == 0);
  CHECK(list.out.find("  om-three-generals ") != std::string::npos);
  CHECK(list.out.find("$ protocheck check maekawa --sets '2,3;1,3;1,2' --all") !=
        std::string::npos);

  const auto json = run_protocheck("scenarios --json");
  REQUIRE(json.exit_code == 0);
  CHECK(nlohmann::json::parse(json.out)["scenarios"].size() >= 50);

  // The chart is the named property's witness (all-bottom), though outvoted-lie is violated.
  const auto run = run_protocheck("scenarios --run om-fig5-6-traitor-commander");
  CHECK(run.exit_code == 1);
  CHECK(run.out.find("$ protocheck check om --n 4 --f 1 --faulty C --values 3 --tie bottom --all "
                     "--format msc --property all-bottom\n") != std::string::npos);
  CHECK(run.out.find("legend:") != std::string::npos);
  CHECK(run.out.find("all-bottom") != std::string::npos);

  const auto verify = run_protocheck(
      "scenarios --verify om-three-generals om-bound-sweep om-fig2-traitor-commander "
      "om-indistinguishable");
  CHECK(verify.exit_code == 0);
  CHECK(verify.out.find("4 of 4 scenarios give the catalogue's results") != std::string::npos);

  // Everything holds in Fig. 2: the chart is one complete run.
  const auto complete = run_protocheck("scenarios --run om-fig2-traitor-commander");
  CHECK(complete.exit_code == 0);
  CHECK(complete.out.find("--format msc --property complete-run\n") != std::string::npos);
  CHECK(complete.out.find("complete-run") != std::string::npos);

  const auto unknown = run_protocheck("scenarios --run nope");
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err == "protocheck: no scenario 'nope' (protocheck scenarios lists them; "
                       "protocheck scenarios --json for programs)\n");
  CHECK(run_protocheck("scenarios --format svg").exit_code == 2);
  CHECK(run_protocheck("scenarios --run om-three-generals --verify").exit_code == 2);
}

TEST_CASE("check --property chooses whose trace is drawn, and refuses a name the model lacks") {
  const auto chosen = run_protocheck("check om --n 4 --f 1 --values 3 --tie bottom --format msc "
                                     "--property outvoted-lie");
  CHECK(chosen.exit_code == 0);
  CHECK(chosen.out.find("> step 11: outvoted-lie") != std::string::npos);

  const auto holds = run_protocheck("check om --n 3 --f 1 --format msc --property IC1");
  CHECK(holds.exit_code == 1); // IC2 is still violated: --property decides every property
  CHECK(holds.err == "protocheck: --property IC1: no trace to draw (IC1 holds)\n");

  const auto unknown = run_protocheck("check om --n 3 --f 1 --property agreement");
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err == "protocheck: --property agreement: om has no such property (its "
                       "properties are IC1, IC2, termination, messages, rounds)\n");
}
