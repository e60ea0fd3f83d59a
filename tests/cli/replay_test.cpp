// Replay: every counterexample the checker produces re-executes step by step against its model,
// through the JSON trace file as well; lassos must close and be fair; corrupted, truncated and
// mismatched trace files are refused with one clear line (exit 2) or shown not to be a valid
// counterexample (exit 1).
#include <protocheck/models/builtin.hpp>
#include <protocheck/engine/check.hpp>
#include "checker/trace_file.hpp"
#include "tests/cli/run_binary.hpp"
#include "tests/cli/trace_files.hpp"
#include "tests/engine/synthetic_models.hpp"

#include <catch2/catch.hpp>

using namespace protocheck;
using namespace protocheck::testing;

namespace {

CheckOptions all_properties(unsigned threads, std::uint64_t max_states = 0) {
  CheckOptions options;
  options.threads = threads;
  options.all = true;
  options.max_states = max_states;
  return options;
}

// Replays each trace of the report directly and through its JSON file; returns how many.
std::size_t replay_every_trace(const ModelEntry &entry, const ParamValues &values,
                               const CheckReport &report) {
  std::size_t replayed = 0;
  for (const PropertyResult &result : report.properties) {
    if (!result.trace)
      continue;
    INFO(entry.name << " " << result.name);
    const ReplayResult direct = entry.replay(values, record_trace(result, report.processes));
    CHECK(direct.confirmed);
    CHECK(direct.message.find("legal step") != std::string::npos);
    const TraceFile file = read_trace_file(Json::parse(trace_file_json(report, result).dump()));
    CHECK(file.model == entry.name);
    const ParamValues reread = ParamValues::parse(entry.parameters, file.params);
    CHECK(reread.all() == values.all());
    const ReplayResult round_trip = entry.replay(reread, file.trace);
    CHECK(round_trip.confirmed);
    CHECK(round_trip.message == direct.message);
    ++replayed;
  }
  return replayed;
}

RunResult replay_json(const Json &json) { return replay_text(json.dump(2)); }

void require_refused(const RunResult &run, const std::string &named) {
  CHECK(run.exit_code == 2);
  CHECK(run.out.empty());
  CHECK(count_lines(run.err) == 1);
  CHECK(run.err.find(named) != std::string::npos);
}

void require_not_confirmed(const RunResult &run, const std::string &named) {
  CHECK(run.exit_code == 1);
  CHECK(run.out.find("NOT confirmed: ") != std::string::npos);
  CHECK(run.out.find(named) != std::string::npos);
}

// The index of the first step whose action starts with `prefix`.
std::size_t step_index(const Json &file, const std::string &prefix) {
  const Json &steps = file["trace"]["steps"];
  for (std::size_t k = 0; k < steps.size(); ++k)
    if (steps[k]["action"].get<std::string>().rfind(prefix, 0) == 0)
      return k;
  FAIL("no step starts with " << prefix);
  return 0;
}

} // namespace

TEST_CASE("every OM counterexample replays, directly and through its JSON file") {
  const Registry registry = builtin_models();
  const ModelEntry &om = *registry.find("om");
  std::size_t replayed = 0;
  for (int n = 3; n <= 5; ++n)
    for (int f = 0; f <= 2 && f < n; ++f)
      for (const unsigned threads : {1u, 2u}) {
        const ParamValues values =
            ParamValues::parse(om.parameters, {{"n", std::to_string(n)}, {"f", std::to_string(f)}});
        replayed += replay_every_trace(om, values, om.check(values, all_properties(threads)));
      }
  CHECK(replayed >= 8); // n = 3, f = 1, 2 and n = 4, 5, f = 2 violate IC1 or IC2
}

TEST_CASE("every registered model's traces replay (small runs)") {
  const Registry registry = builtin_models();
  for (const ModelEntry &entry : registry.entries()) {
    INFO(entry.name);
    const ParamValues values = ParamValues::parse(entry.parameters, {});
    CheckReport report;
    try {
      report = entry.check(values, all_properties(2, 20000));
    } catch (const BadInput &) {
      continue; // e.g. options the model does not support
    }
    replay_every_trace(entry, values, report);
  }
}

TEST_CASE("lassos replay only when they close, avoid the goal and are fair") {
  const CheckReport unfair = check<IdleOrWork<false>>({{"work", "3"}}, all_properties(1));
  const PropertyResult &done = property(unfair, "done");
  REQUIRE(done.trace);
  const RecordedTrace lasso = record_trace(done, unfair.processes);
  const ReplayResult without_fairness = replay_trace(IdleOrWork<false>({.work = 3}), lasso);
  CHECK(without_fairness.confirmed);
  CHECK(without_fairness.message.find("repeat forever") != std::string::npos);
  // The same idling loop under weak fairness per process: the worker could always step, never does.
  const ReplayResult with_fairness = replay_trace(IdleOrWork<true>({.work = 3}), lasso);
  CHECK_FALSE(with_fairness.confirmed);
  CHECK(with_fairness.message.find("not fair") != std::string::npos);
  CHECK(with_fairness.message.find("work") != std::string::npos);

  const StemAndRing stem_and_ring({.stem = 3, .ring = 4});
  const CheckReport report = check<StemAndRing>({{"stem", "3"}, {"ring", "4"}}, all_properties(2));
  for (const char *name : {"goal", "ring-to-goal"}) {
    INFO(name);
    const PropertyResult &result = property(report, name);
    REQUIRE(result.trace);
    RecordedTrace trace = record_trace(result, report.processes);
    CHECK(replay_trace(stem_and_ring, trace).confirmed);
    // Moving the loop's start leaves a loop that does not close.
    trace.loop_start = *trace.loop_start + 1;
    const ReplayResult open = replay_trace(stem_and_ring, trace);
    CHECK_FALSE(open.confirmed);
    CHECK(open.message.find("does not close") != std::string::npos);
  }
}

TEST_CASE("protocheck replay confirms a trace file written by check") {
  const auto file = scratch() / "written.json";
  REQUIRE(
      run_protocheck("check om --n 3 --f 1 --threads 2 --trace " + file.string() + " --format json")
          .exit_code == 1);
  const RunResult run = run_protocheck("replay " + file.string());
  CHECK(run.exit_code == 0);
  CHECK(run.err.empty());
  CHECK(run.out.find("confirmed: 6 legal steps from an initial state; the last state violates "
                     "IC2") != std::string::npos);
}

TEST_CASE("replay: a changed value, a removed step or other parameters are not a valid trace") {
  const Json file = om_trace_file();
  const std::size_t decision = step_index(file, "L1 decides");

  Json changed = file;
  changed["trace"]["steps"][decision]["changes"]["L1.decision"] = "attack";
  require_not_confirmed(replay_json(changed), "step " + std::to_string(decision + 1));
  require_not_confirmed(replay_json(changed), "the model gives L1.decision = retreat");

  Json other_value = file;
  const std::size_t lie = step_index(file, "L2 -> L1");
  other_value["trace"]["steps"][lie]["event"]["value"] = 0; // the traitor tells the truth instead
  require_not_confirmed(replay_json(other_value), "step " + std::to_string(lie + 1));

  Json removed = file;
  const std::size_t order = step_index(file, "C -> L1");
  removed["trace"]["steps"].erase(order);
  for (std::size_t k = 0; k < removed["trace"]["steps"].size(); ++k)
    removed["trace"]["steps"][k]["step"] = k + 1;
  require_not_confirmed(replay_json(removed), "step " + std::to_string(order + 1));
  require_not_confirmed(replay_json(removed), "is not a legal transition");

  Json bigger = file;
  bigger["params"]["n"] = 4;
  require_not_confirmed(replay_json(bigger), "the initial state is not one the model starts from");

  Json unviolated = file; // the steps are legal, but stopping early shows no violation
  unviolated["trace"]["steps"].erase(decision);
  require_not_confirmed(replay_json(unviolated), "the last state satisfies IC2");
}

TEST_CASE("replay: corrupt, truncated and mismatched files get one line and exit 2") {
  const Json file = om_trace_file();
  const std::string text = file.dump(2);
  require_refused(replay_text(text.substr(0, text.size() / 2)), "is not valid JSON");
  require_refused(replay_text(""), "is not valid JSON");
  require_refused(run_protocheck("replay " + (scratch() / "absent.json").string()), "cannot read");

  Json wrong_model = file;
  wrong_model["model"] = "nosuchmodel";
  require_refused(replay_json(wrong_model), "unknown model 'nosuchmodel'");

  Json out_of_range = file;
  out_of_range["params"]["n"] = 99;
  require_refused(replay_json(out_of_range), "n = 99 is out of range");
  Json not_a_number = file;
  not_a_number["params"]["f"] = "one";
  require_refused(replay_json(not_a_number), "'one' is not a whole number");
  Json unknown_parameter = file;
  unknown_parameter["params"]["k"] = 2;
  require_refused(replay_json(unknown_parameter), "unknown parameter --k");

  Json missing = file;
  missing["trace"]["steps"][0]["event"].erase("kind");
  require_refused(replay_json(missing), "missing field 'trace.steps[1].event.kind'");
  Json no_steps = file;
  no_steps["trace"].erase("steps");
  require_refused(replay_json(no_steps), "missing field 'trace.steps'");
  Json wrong_type = file;
  wrong_type["trace"]["steps"][1]["event"]["message"] = "zero";
  require_refused(replay_json(wrong_type), "'trace.steps[2].event.message' must be a whole number");
  Json wrong_kind = file;
  wrong_kind["trace"]["steps"][1]["event"]["kind"] = "teleport";
  require_refused(replay_json(wrong_kind), "unknown event kind 'teleport'");

  Json gap = file; // a step cut out without renumbering the rest
  gap["trace"]["steps"].erase(2);
  require_refused(replay_json(gap), "'trace.steps[3].step' should be 3");

  Json unknown_property = file;
  unknown_property["property"] = "IC9";
  require_refused(replay_json(unknown_property), "no property 'IC9'");
  Json wrong_status = file;
  wrong_status["status"] = "holds";
  require_refused(replay_json(wrong_status), "a trace of IC2 (kind always) shows it violated");

  const RunResult report = run_protocheck("check om --n 3 --f 1 --threads 1 --json");
  require_refused(replay_text(report.out), "check report, not a trace file");
  require_refused(replay_text("[1, 2, 3]"), "expected a JSON object");
}
