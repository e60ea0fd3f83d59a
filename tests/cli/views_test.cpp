// check --property complete-run draws one complete run of any model, and protocheck views puts a
// process's view of two runs side by side: the 3-generals proof's step (lecture 1.1, Fig. 1-2),
// where loyal L2 cannot tell a traitor lieutenant from a traitor commander.
#include "run_binary.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

using protocheck::testing::run_protocheck;
using protocheck::testing::scratch;

namespace {

const std::string fig1 = "om --n 3 --f 1 --faulty L1 --order attack --property IC2";
const std::string fig2 =
    "om --n 3 --f 1 --faulty C --commander-says retreat,attack --property complete-run";

} // namespace

TEST_CASE("complete-run: the shortest run to a state without successors, replayed as a witness") {
  const std::string trace = (scratch() / "complete-run.json").string();
  const auto run = run_protocheck("check " + fig2 + " --json --format json --trace " + trace);
  REQUIRE(run.exit_code == 0);
  const auto report = nlohmann::json::parse(run.out);
  const auto &properties = report["properties"];
  // IC1, IC2, termination, messages, rounds, and complete-run after them.
  REQUIRE(properties.size() == 6);
  const auto &complete = properties[5];
  CHECK(complete["name"] == "complete-run");
  CHECK(complete["kind"] == "reachable");
  CHECK(complete["status"] == "holds");
  CHECK(complete["explanation"] == "the run ends: no process can take another step");
  // The traitors, C's two orders, both relays and both decisions.
  const auto &steps = complete["trace"]["steps"];
  REQUIRE(steps.size() == 7);
  CHECK(steps[1]["action"] == "C -> L1: retreat (traitor commander)");
  CHECK(steps[2]["action"] == "C -> L2: attack (traitor commander)");
  CHECK(steps[4]["event"]["kind"] == "decide");
  CHECK(steps[6]["event"]["kind"] == "decide");
  // The same count of states as without it: complete-run only looks at states.
  const auto plain = run_protocheck(
      "check om --n 3 --f 1 --faulty C --commander-says retreat,attack --all --json");
  CHECK(nlohmann::json::parse(plain.out)["stats"]["states"] == report["stats"]["states"]);

  const auto replay = run_protocheck("replay " + trace);
  CHECK(replay.exit_code == 0);
  CHECK(replay.out.find("confirmed: 7 legal steps from an initial state") != std::string::npos);
}

TEST_CASE("complete-run is unreachable in a model whose every run goes on forever") {
  const auto run = run_protocheck("check token-ring --n 2 --property complete-run --json");
  CHECK(run.exit_code == 1);
  const auto report = nlohmann::json::parse(run.out);
  for (const auto &property : report["properties"])
    if (property["name"] == "complete-run")
      CHECK(property["status"] == "violated");
  CHECK(run.err == "protocheck: --property complete-run: no trace to draw (complete-run "
                   "violated)\n");
}

TEST_CASE("views: loyal L2 receives the same messages in Fig. 1 and Fig. 2") {
  const auto same = run_protocheck("views L2 " + fig1 + " vs " + fig2);
  CHECK(same.exit_code == 0);
  CHECK(same.out.find("    from C: attack") != std::string::npos);
  CHECK(same.out.find("from L1: L1: C said retreat") != std::string::npos);
  CHECK(same.out.find("same view: L2 receives the same 2 messages in both runs") !=
        std::string::npos);

  // Told attack by both, L2 would know: the commander's message to L1 differs from Fig. 1's lie.
  const auto differ = run_protocheck(
      "views L2 " + fig1 +
      " vs om --n 3 --f 1 --faulty C --commander-says attack,attack --property complete-run");
  CHECK(differ.exit_code == 1);
  CHECK(differ.out.find("different views: L2 receives different messages") != std::string::npos);
}

TEST_CASE("views refuses what it cannot compare, with one line") {
  const auto no_versus = run_protocheck("views L2 " + fig1);
  CHECK(no_versus.exit_code == 2);
  CHECK(no_versus.err ==
        "protocheck: views: give a process and two runs: protocheck views PROCESS RUN vs RUN\n");
  const auto unknown = run_protocheck("views L7 " + fig1 + " vs " + fig2);
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err.rfind("protocheck: views: run 'om --n 3 --f 1 --faulty L1 --order attack "
                          "--property IC2' has no process 'L7'",
                          0) == 0);
  const auto bad_run = run_protocheck("views L2 om --n 1 vs " + fig2);
  CHECK(bad_run.exit_code == 2);
  CHECK(bad_run.err.rfind("protocheck: views: run 'om --n 1' failed: ", 0) == 0);
}
