// The command line as a user meets it: exit codes, the --json schema, one clear line for each kind
// of bad input, limits, list and help, and the counterexample formats of --trace / --format.
#include <protocheck/models/builtin.hpp>
#include <protocheck/registry.hpp>
#include "checker/report/json.hpp"
#include "tests/cli/run_binary.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <map>
#include <regex>
#include <sstream>

using namespace protocheck;
using namespace protocheck::testing;

namespace {

// Bad input: exit 2, nothing on stdout, one line on stderr that names the problem.
void require_bad_input(const std::string &arguments, const std::string &named) {
  INFO("protocheck " << arguments);
  const RunResult run = run_protocheck(arguments);
  CHECK(run.exit_code == 2);
  CHECK(run.out.empty());
  CHECK(count_lines(run.err) == 1);
  CHECK(run.err.rfind("protocheck: ", 0) == 0);
  CHECK(run.err.find(named) != std::string::npos);
  CHECK(run.err.find("terminate") == std::string::npos); // no uncaught exception
}

std::uint64_t states_in_text_report(const std::string &report) {
  std::smatch match;
  const std::regex states(R"((\d+) states, (\d+) transitions, depth (\d+))");
  REQUIRE(std::regex_search(report, match, states));
  return std::stoull(match[1]);
}

} // namespace

TEST_CASE("exit codes: 0 holds, 1 violated, 2 bad input, 3 stopped by a limit") {
  CHECK(run_protocheck("check om --n 4 --f 1 --threads 1").exit_code == 0);
  CHECK(run_protocheck("check om --n 3 --f 1 --threads 1").exit_code == 1);
  CHECK(run_protocheck("check om --n 3 --f 3").exit_code == 2);
  const RunResult limited = run_protocheck("check om --n 4 --f 1 --max-states 20 --threads 1");
  CHECK(limited.exit_code == 3);
  CHECK(limited.out.find("result: partial") != std::string::npos);
  CHECK(limited.out.find("stopped by --max-states 20") != std::string::npos);
}

TEST_CASE("check --json prints one object with the documented schema") {
  for (const char *threads : {"1", "2"}) {
    const RunResult run =
        run_protocheck(std::string("check om --n 3 --f 1 --json --threads ") + threads);
    REQUIRE(run.exit_code == 1);
    const Json json = Json::parse(run.out); // the whole of stdout is one JSON value
    CHECK(json["model"] == "om");
    CHECK(json["params"]["n"] == 3);
    CHECK(json["params"]["f"] == 1);
    CHECK(json["result"] == "violated");
    REQUIRE(json["properties"].is_array());
    bool violated = false;
    for (const Json &property : json["properties"]) {
      CHECK(property["name"].is_string());
      CHECK(property["kind"].is_string());
      const std::string status = property["status"];
      CHECK((status == "holds" || status == "violated" || status == "unknown"));
      if (status != "violated")
        continue;
      violated = true;
      const Json &trace = property["trace"];
      REQUIRE(trace["steps"].is_array());
      CHECK_FALSE(trace["steps"].empty());
      for (const Json &step : trace["steps"]) {
        CHECK(step["action"].is_string());
        CHECK(step["event"]["kind"].is_string());
        CHECK(step["changes"].is_object());
      }
    }
    CHECK(violated);
    const Json &stats = json["stats"];
    for (const char *field : {"states", "transitions", "depth", "peak_memory_bytes", "threads"})
      CHECK(stats[field].is_number_unsigned());
    CHECK(stats["seconds"].is_number());
    CHECK(stats["threads"] == std::stoi(threads));
    CHECK(stats["peak_memory_bytes"] > 0);
  }
}

TEST_CASE("check --json and the text report count the same states, for 1 and 2 threads") {
  const RunResult text = run_protocheck("check om --n 4 --f 1 --threads 1");
  const RunResult one = run_protocheck("check om --n 4 --f 1 --threads 1 --json");
  const RunResult two = run_protocheck("check om --n 4 --f 1 --threads 2 --json");
  REQUIRE(one.exit_code == 0);
  REQUIRE(two.exit_code == 0);
  const Json a = Json::parse(one.out), b = Json::parse(two.out);
  CHECK(a["result"] == "holds");
  for (const Json &property : a["properties"])
    CHECK(property["status"] == "holds");
  CHECK(a["stats"]["states"] == states_in_text_report(text.out));
  for (const char *field : {"states", "transitions", "depth"})
    CHECK(a["stats"][field] == b["stats"][field]);
}

TEST_CASE("check --max-states stops with exit 3 and says partial, in text and JSON") {
  const RunResult run = run_protocheck("check om --n 4 --f 1 --max-states 20 --json --threads 2");
  CHECK(run.exit_code == 3);
  const Json json = Json::parse(run.out);
  CHECK(json["result"] == "partial");
  CHECK(json["partial_reason"].get<std::string>().find("--max-states") != std::string::npos);
}

TEST_CASE("bad input: one clear line on stderr and exit 2") {
  require_bad_input("check nosuchmodel --n 3", "unknown model 'nosuchmodel'");
  require_bad_input("check om --k 3", "unknown parameter --k");
  require_bad_input("check om --n 4 --f 4", "f = 4");
  require_bad_input("check om --n 1", "n = 1 is out of range");
  require_bad_input("check om --n 4 --m 9", "m = 9");
  require_bad_input("check om --n -3", "n = -3 is out of range");
  require_bad_input("check om --f -1", "f = -1 is out of range");
  require_bad_input("check om --n four", "'four' is not a whole number");
  require_bad_input("check om --threads 0", "--threads");
  require_bad_input("check om --threads many", "--threads");
  require_bad_input("check", "needs a model");
  require_bad_input("check --threads 2 om", "options go after the model name");
  require_bad_input("check om --format svg", "--format svg needs --trace");
  require_bad_input("check om --format json", "--format json needs --trace");
  require_bad_input("check om --format pdf", "--format");
  require_bad_input("nosuchcommand", "unknown command 'nosuchcommand'");
  require_bad_input("", "no command given");
}

TEST_CASE("list names every model with its summary") {
  const RunResult run = run_protocheck("list");
  CHECK(run.exit_code == 0);
  const Registry registry = builtin_models();
  for (const ModelEntry &entry : registry.entries()) {
    CHECK(run.out.find(entry.name) != std::string::npos);
    CHECK(run.out.find(entry.summary) != std::string::npos);
  }
}

TEST_CASE("check om --help lists the model's parameters with ranges and defaults") {
  const RunResult run = run_protocheck("check om --help");
  CHECK(run.exit_code == 0);
  const Registry registry = builtin_models();
  const ModelEntry *om = registry.find("om");
  REQUIRE(om != nullptr);
  for (const ParamSpec &spec : om->parameters) {
    INFO(spec.name);
    CHECK(run.out.find("--" + spec.name) != std::string::npos);
    if (spec.type == ParamType::Integer)
      CHECK(run.out.find(std::to_string(spec.min) + ".." + std::to_string(spec.max)) !=
            std::string::npos);
    // A flag's default is always off, and its help does not say so.
    if (spec.type != ParamType::Flag && !spec.default_value.empty())
      CHECK(run.out.find("(default " + spec.default_value + ")") != std::string::npos);
  }
  CHECK(run.out.find("--threads") != std::string::npos);
  CHECK(run.out.find("--max-states") != std::string::npos);
}

TEST_CASE("check --trace FILE writes the first counterexample in the format asked for") {
  const auto file = scratch() / "trace.out";
  const std::string check = "check om --n 3 --f 1 --threads 1 --trace " + file.string();

  CHECK(run_protocheck(check + " --format text").exit_code == 1);
  const std::string text = read_file(file);
  CHECK(text.rfind("Counterexample to IC2", 0) == 0);
  CHECK(text.find("1. the adversary picks the traitors") != std::string::npos);
  CHECK(text.find("=> IC2 violated:") != std::string::npos);

  CHECK(run_protocheck(check + " --format msc").exit_code == 1);
  const std::string chart = read_file(file);
  CHECK(chart.find("C") != std::string::npos);
  CHECK(chart.find("L2") != std::string::npos);
  CHECK(chart.find("faulty") != std::string::npos); // the traitor's lifeline is marked
  CHECK(chart.find("IC2 violated") != std::string::npos);

  CHECK(run_protocheck(check + " --format svg").exit_code == 1);
  const std::string svg = read_file(file);
  CHECK(svg.rfind("<?xml", 0) == 0);
  CHECK(svg.find("<svg") != std::string::npos);
  CHECK(svg.find("counterexample to IC2") != std::string::npos);

  CHECK(run_protocheck(check + " --format json").exit_code == 1);
  const Json json = Json::parse(read_file(file));
  CHECK(json["model"] == "om");
  CHECK(json["property"] == "IC2");
  CHECK(json["status"] == "violated");
  CHECK(json["processes"] == Json::array({"C", "L1", "L2"}));
  CHECK(json["trace"]["steps"].size() == json["trace"]["steps"].back()["step"]);
}

TEST_CASE("check --format msc without --trace prints the chart after the text report") {
  const RunResult run = run_protocheck("check om --n 3 --f 1 --threads 1 --format msc");
  CHECK(run.exit_code == 1);
  const auto report_end = run.out.find("result: violated");
  const auto chart = run.out.find("legend:");
  REQUIRE(report_end != std::string::npos);
  REQUIRE(chart != std::string::npos);
  CHECK(report_end < chart);
  // Nothing to chart when every property holds and none has a witness or a bound's run: just the
  // report.
  const RunResult holds = run_protocheck("check ordered-multicast --threads 1 --format msc");
  CHECK(holds.exit_code == 0);
  CHECK(holds.out.find("legend:") == std::string::npos);
}

TEST_CASE("a bound's run is printed only when --property names it") {
  // OM n = 4 holds; its bounds messages and rounds have runs, which the report only points to.
  const RunResult plain = run_protocheck("check om --n 4 --f 1 --threads 1");
  CHECK(plain.exit_code == 0);
  CHECK(plain.out.find("  (a run reaching a bound's maximum: --property NAME)\n") !=
        std::string::npos);
  CHECK(plain.out.find("maximum of messages") == std::string::npos);
  const RunResult asked = run_protocheck("check om --n 4 --f 1 --threads 1 --property messages");
  CHECK(asked.exit_code == 0);
  CHECK(asked.out.find("An execution reaching the maximum of messages (messages sent: (n-1) + "
                       "(n-1)(n-2) + ..., one term a round of OM(m)), 12 steps:") !=
        std::string::npos);
  CHECK(asked.out.find("=> messages: 9 messages in 2 rounds (3 + 6)") != std::string::npos);
}

TEST_CASE("graph writes the whole state graph as DOT, with the counterexample highlighted") {
  const auto file = scratch() / "graph.dot";
  const RunResult run = run_protocheck("graph om --n 3 --f 1 --threads 2 --dot " + file.string());
  CHECK(run.exit_code == 0);
  // The same states and transitions as a complete check.
  const Json full = Json::parse(run_protocheck("check om --n 3 --f 1 --all --json").out);
  const std::string dot = read_file(file);
  std::size_t violating = 0;
  for (std::size_t at = 0; (at = dot.find("violates ", at)) != std::string::npos; ++at)
    ++violating;
  CHECK(violating > 0);
  CHECK(run.out == "wrote " + file.string() + ": " +
                       std::to_string(full["stats"]["states"].get<int>()) + " states, " +
                       std::to_string(full["stats"]["transitions"].get<int>()) + " transitions, " +
                       std::to_string(violating) + " violating states\n");
  CHECK(dot.rfind("digraph G {", 0) == 0);
  CHECK(dot.find("violates IC2") != std::string::npos);
  CHECK(dot.find("color=red, penwidth=2.5") != std::string::npos); // the counterexample's path
  CHECK(dot.find("penwidth=3") != std::string::npos);              // the initial state
  std::size_t nodes = 0, edges = 0;
  std::istringstream lines(dot);
  const std::regex node(R"(^\d+\[label=.*)"), edge(R"(^\d+->\d+ ?\[label=.*)");
  for (std::string line; std::getline(lines, line);) {
    nodes += std::regex_match(line, node);
    edges += std::regex_match(line, edge);
  }
  CHECK(nodes == full["stats"]["states"].get<std::size_t>());
  CHECK(edges == full["stats"]["transitions"].get<std::size_t>());
}

// The DOT attribute `name` of a node line (`7[label="...", tooltip="..."]`), unescaped enough
// for these tests (no quotes inside).
static std::string dot_attribute(const std::string &line, const std::string &name) {
  const std::size_t at = line.find(name + "=\"");
  if (at == std::string::npos)
    return "";
  const std::size_t start = at + name.size() + 2;
  return line.substr(start, line.find('"', start) - start);
}

static std::vector<std::string> split_at(const std::string &text, const std::string &separator) {
  std::vector<std::string> parts;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find(separator, start);
    if (end == std::string::npos)
      end = text.size();
    parts.push_back(text.substr(start, end - start));
    start = end + separator.size();
  }
  return parts;
}

TEST_CASE(
    "graph labels each state with what its first step changed, and draws BFS levels as ranks") {
  const auto file = scratch() / "changes.dot";
  REQUIRE(run_protocheck("graph om --n 3 --f 1 --threads 1 --dot " + file.string()).exit_code == 0);
  const std::string dot = read_file(file);
  const Json full = Json::parse(run_protocheck("check om --n 3 --f 1 --all --json").out);
  // One rank per BFS level: levels 0..depth.
  std::size_t ranks = 0;
  for (std::size_t at = 0; (at = dot.find("{rank=same;", at)) != std::string::npos; ++at)
    ++ranks;
  CHECK(ranks == full["stats"]["depth"].get<std::size_t>() + 1);
  CHECK(dot.find("{rank=same; 0;}") != std::string::npos);
  std::map<int, std::string> labels, tooltips;
  std::istringstream lines(dot);
  const std::regex node(R"(^(\d+)\[label=.*)");
  for (std::string line; std::getline(lines, line);) {
    std::smatch match;
    if (std::regex_match(line, match, node)) {
      labels[std::stoi(match[1])] = dot_attribute(line, "label");
      tooltips[std::stoi(match[1])] = dot_attribute(line, "tooltip");
    }
  }
  REQUIRE(labels.size() == full["stats"]["states"].get<std::size_t>());
  // The initial state shows every variable; the traitor choice {L2} (state 4) only what it set.
  CHECK(split_at(labels[0], "\\l").size() == 9); // "#0" and 8 variables
  CHECK(labels[4] == "#4\\ltraitors = {L2}\\lL2.heard = (traitor)\\lL2.decision = (traitor)\\l");
  CHECK(labels[5] == "#5\\lC.order = attack\\l");
  // Every label's lines are lines of the whole state, which the tooltip holds.
  for (const auto &[rank, label] : labels) {
    const std::vector<std::string> state = split_at(tooltips[rank], "\\n");
    CHECK(state.size() == 9);
    for (const std::string &shown : split_at(label, "\\l"))
      CHECK((shown.rfind("violates ", 0) == 0 || shown == "(no shown variable changes)" ||
             std::find(state.begin(), state.end(), shown) != state.end()));
  }

  // --labels full: every variable in every box, and no tooltip.
  const auto every = scratch() / "full.dot";
  REQUIRE(run_protocheck("graph om --n 3 --f 1 --labels full --dot " + every.string()).exit_code ==
          0);
  const std::string full_dot = read_file(every);
  CHECK(full_dot.find("tooltip") == std::string::npos);
  CHECK(full_dot.find("4[label=\"traitors = {L2}\\lC.order = -\\lL1.heard = -\\l") !=
        std::string::npos);
  require_bad_input("graph om --n 3 --f 1 --labels some --dot " + every.string(),
                    "--labels needs changes or full");
}

TEST_CASE("graph refuses a state graph over the limit, and needs --dot") {
  const auto file = scratch() / "big.dot";
  std::filesystem::remove(file);
  const RunResult big =
      run_protocheck("graph om --n 5 --f 2 --max-states 100 --dot " + file.string());
  CHECK(big.exit_code == 3);
  CHECK(count_lines(big.err) == 1);
  CHECK(big.err.find("more than 100 states") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(file));
  require_bad_input("graph om --n 3 --f 1", "--dot");
}

TEST_CASE("check --no-liveness leaves liveness unknown, keeps no graph and says why") {
  // Bully n = 4 with detectors = 3 and 2 crashes: the liveness property fails only when decided.
  const std::string instance = "check bully --n 4 --crashes 2 --detectors 3 --all --threads 1";
  const Json decided = Json::parse(run_protocheck(instance + " --json").out);
  const RunResult skipped_run = run_protocheck(instance + " --no-liveness --json");
  CHECK(skipped_run.exit_code == 1); // the at-end property is still violated
  const Json skipped = Json::parse(skipped_run.out);
  const auto status = [](const Json &report, const std::string &name) {
    for (const Json &property : report["properties"])
      if (property["name"] == name)
        return property["status"].get<std::string>();
    return std::string("missing");
  };
  CHECK(status(decided, "coordinator-elected") == "violated");
  CHECK(status(skipped, "coordinator-elected") == "unknown");
  CHECK(status(skipped, "all-know-coordinator") == "violated");
  CHECK(skipped["stats"]["states"] == decided["stats"]["states"]);
  CHECK(skipped["stats"]["graph_bytes"] == 0);
  CHECK(decided["stats"]["graph_bytes"].get<std::uint64_t>() > 0);
  CHECK_FALSE(skipped.contains("fairness"));
  const RunResult text = run_protocheck(instance + " --no-liveness");
  CHECK(text.out.find("(unknown: liveness properties are not checked with --no-liveness)") !=
        std::string::npos);
  CHECK(text.out.find("liveness: state graph") == std::string::npos);
  CHECK(run_protocheck(instance).out.find("liveness: state graph") != std::string::npos);
}

TEST_CASE("check --fingerprints gives the same counts and reports the collision probability") {
  // om n = 4, f = 1 has 196 states (derived in om_test.cpp); 196^2 / 2^65 is about 1.0e-15.
  const RunResult text = run_protocheck("check om --n 4 --f 1 --threads 2 --fingerprints");
  CHECK(text.exit_code == 0);
  CHECK(states_in_text_report(text.out) == 196);
  CHECK(text.out.find("fingerprint mode") != std::string::npos);
  CHECK(text.out.find("not an exhaustive-exact result") != std::string::npos);
  CHECK(text.out.find("states^2 / 2^65 = 1e-15") != std::string::npos);
  const Json json =
      Json::parse(run_protocheck("check om --n 4 --f 1 --threads 1 --fingerprints --json").out);
  CHECK(json["fingerprints"] == true);
  CHECK(json["fingerprint_bits"] == 64);
  CHECK(json["collision_probability"].get<double>() == Approx(196.0 * 196.0 / std::pow(2.0, 65)));
  CHECK(json["collision_probability_formula"] == "states^2 / 2^65");
  CHECK(json["stats"]["states"] == 196);
  const Json exact = Json::parse(run_protocheck("check om --n 4 --f 1 --threads 1 --json").out);
  CHECK(exact["fingerprints"] == false);
  CHECK_FALSE(exact.contains("collision_probability"));
  require_bad_input("check itai-rodeh --n 3 --fingerprints", "--fingerprints");
}

TEST_CASE("check --storage: tree or whole, the same counts; the report says which was used") {
  // Maekawa's state is 308 bytes: kept tree-compressed unless told otherwise.
  const Json automatic = Json::parse(run_protocheck("check maekawa --all --threads 1 --json").out);
  const Json whole =
      Json::parse(run_protocheck("check maekawa --all --threads 1 --storage whole --json").out);
  CHECK(automatic["stats"]["storage"] == "tree");
  CHECK(whole["stats"]["storage"] == "whole");
  CHECK(automatic["stats"]["states"] == 2381); // as pinned in maekawa_test.cpp
  CHECK(whole["stats"]["states"] == 2381);
  CHECK(automatic["result"] == whole["result"]);
  // om's 24-byte state is kept whole unless told otherwise.
  const RunResult tree = run_protocheck("check om --n 4 --f 1 --threads 1 --storage tree");
  CHECK(tree.exit_code == 0);
  CHECK(states_in_text_report(tree.out) == 196);
  CHECK(tree.out.find("state size 24 bytes, tree-compressed)") != std::string::npos);
  const Json small = Json::parse(run_protocheck("check om --n 4 --f 1 --threads 1 --json").out);
  CHECK(small["stats"]["storage"] == "whole");
  require_bad_input("check om --storage zip", "--storage needs auto, whole or tree (got 'zip')");
  require_bad_input("check om --storage tree --fingerprints", "--storage tree is for exact mode");
}

TEST_CASE("the text report gives bytes/state only where the tables' minimum size does not dominate") {
  const RunResult small = run_protocheck("check om --n 4 --f 1 --threads 1");
  CHECK(small.out.find("bytes/state") == std::string::npos); // 196 states
  const RunResult large = run_protocheck("check om --n 5 --f 2 --threads 1 --all");
  CHECK(large.out.find("bytes/state, state size") != std::string::npos); // 24841 states
}
