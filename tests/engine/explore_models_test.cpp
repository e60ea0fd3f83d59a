// Every built-in model can be walked by hand (protocheck explore) with its default parameters:
// random walks along the engine's successors give consistent views (the changed variables are
// exactly the last step's changes, the properties are the model's, a terminal state has no
// choices), the same path always gives the same state, and every trace check finds
// (counterexamples, witnesses, lassos) becomes a path that ends in the trace's last state.
#include "checker/trace_file.hpp"
#include "models/builtin.hpp"

#include <protocheck/explore.hpp>

#include <catch2/catch.hpp>

#include <map>
#include <random>
#include <vector>

using namespace protocheck;

namespace {

constexpr std::size_t WalkSteps = 40;

void walk(const ExploreSession &session, std::mt19937 &random) {
  std::vector<std::size_t> path;
  const ExploreView start = session.at(path);
  REQUIRE_FALSE(start.choices.empty());
  std::size_t properties = 0;
  std::vector<std::size_t> choice_counts;
  for (std::size_t k = 0; k <= WalkSteps; ++k) {
    const ExploreView before = session.at(path);
    if (!path.empty() && before.terminal)
      break;
    REQUIRE_FALSE(before.choices.empty());
    const std::size_t pick = random() % before.choices.size();
    path.push_back(pick);
    const ExploreView after = session.at(path);
    REQUIRE(after.trace);
    CHECK(after.trace->steps.size() == path.size() - 1);
    CHECK(after.terminal == after.choices.empty());
    if (path.size() > 1) {
      // The step taken is the choice that was offered, with the changes it announced.
      const TraceStep &taken = after.trace->steps.back();
      CHECK(taken.action == before.choices[pick].step.action);
      CHECK(taken.changes == before.choices[pick].step.changes);
      std::vector<std::string> names;
      for (const Variable &variable : taken.changes)
        names.push_back(variable.name);
      CHECK(after.changed == names);
    }
    if (properties == 0)
      properties = after.properties.size();
    CHECK(after.properties.size() == properties);
    for (const ExplorePropertyStatus &status : after.properties)
      CHECK(to_string(status.status) != "unknown");
    choice_counts.push_back(after.choices.size());
  }
  // Asked again, the path gives the same state and the same choices.
  const ExploreView again = session.at(path);
  CHECK(again.state == session.at(path).state);
  CHECK(again.choices.size() == choice_counts.back());
}

} // namespace

TEST_CASE("explore: every built-in model can be walked with its default parameters") {
  const Registry registry = builtin_models();
  std::mt19937 random(13);
  for (const ModelEntry &entry : registry.entries()) {
    INFO(entry.name);
    const auto session = entry.explore(ParamValues::parse(entry.parameters, {}));
    REQUIRE(session);
    CHECK_FALSE(session->processes().empty());
    for (int run = 0; run < 3; ++run)
      walk(*session, random);
  }
}

namespace {

// The state a trace ends in: its initial state with every step's changes applied.
std::map<std::string, std::string> last_state(const Trace &trace) {
  std::map<std::string, std::string> state;
  for (const Variable &variable : trace.initial)
    state[variable.name] = variable.value;
  for (const TraceStep &step : trace.steps)
    for (const Variable &variable : step.changes)
      state[variable.name] = variable.value;
  return state;
}

} // namespace

TEST_CASE("explore: every trace a check finds in a built-in model is followed to its end") {
  const Registry registry = builtin_models();
  std::size_t followed = 0;
  for (const ModelEntry &entry : registry.entries()) {
    INFO(entry.name);
    const ParamValues values = ParamValues::parse(entry.parameters, {});
    const auto session = entry.explore(values);
    CheckOptions options;
    options.all = true;
    options.max_states = 200000;
    const CheckReport report = entry.check(values, options);
    for (const PropertyResult &result : report.properties) {
      if (!result.trace)
        continue;
      INFO(result.name);
      const std::vector<std::size_t> path = session->follow(record_trace(result, report.processes));
      CHECK(path.size() == result.trace->steps.size() + 1);
      std::map<std::string, std::string> reached;
      for (const Variable &variable : session->at(path).state)
        reached[variable.name] = variable.value;
      CHECK(reached == last_state(*result.trace));
      ++followed;
    }
  }
  CHECK(followed >= 10);
}
