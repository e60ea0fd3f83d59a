// Walking a model by hand (protocheck explore): paths of ordinals address states in the engine's
// order, the view marks what the last step changed and judges each property in the state, and a
// recorded trace (the checker's own IC2 counterexample) becomes a path that ends in the violation.
#include <protocheck/engine/check.hpp>
#include <protocheck/models/byzantine/oral_messages.hpp>

#include "checker/trace_file.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

using namespace protocheck;
using byzantine::OralMessages;

namespace {

std::unique_ptr<ExploreSession> om_session() {
  return make_explore_session(make_model<OralMessages>({{"n", "3"}, {"f", "1"}}));
}

const ExplorePropertyStatus &status_of(const ExploreView &view, const std::string &name) {
  const auto found = std::find_if(view.properties.begin(), view.properties.end(),
                                  [&](const auto &status) { return status.name == name; });
  REQUIRE(found != view.properties.end());
  return *found;
}

std::vector<std::size_t> ic2_counterexample_path(const ExploreSession &session) {
  CheckOptions options;
  const CheckReport report = check<OralMessages>({{"n", "3"}, {"f", "1"}}, options, "om");
  const PropertyResult &ic2 = property(report, "IC2");
  REQUIRE(ic2.trace);
  return session.follow(record_trace(ic2, report.processes));
}

} // namespace

TEST_CASE("explore: before the initial state the choices are the initial states") {
  const auto session = om_session();
  const ExploreView view = session->at({});
  CHECK_FALSE(view.trace);
  CHECK(view.state.empty());
  CHECK(view.properties.empty());
  REQUIRE(view.choices.size() == 1);
  CHECK(view.choices[0].ordinal == 0);
}

TEST_CASE("explore: the first step chooses the traitors, one choice per subset, in order") {
  const auto session = om_session();
  const std::vector<std::size_t> start = {0};
  const ExploreView initial = session->at(start);
  REQUIRE(initial.trace);
  CHECK(initial.trace->steps.empty());
  CHECK(initial.changed.empty());
  // Subsets of at most f = 1 of the 3 generals: {}, {C}, {L1}, {L2}, in the model's order.
  REQUIRE(initial.choices.size() >= 3);
  for (std::size_t i = 0; i < initial.choices.size(); ++i) {
    INFO(initial.choices[i].step.action);
    CHECK(initial.choices[i].ordinal == i);
    CHECK(initial.choices[i].step.action.find("the adversary picks ") == 0);
  }
  CHECK(status_of(initial, "IC2").status == ExploreStatus::Holds);
  CHECK(status_of(initial, "termination").status == ExploreStatus::NotJudged);
}

TEST_CASE("explore: a step marks the variables it changed, and only those") {
  const auto session = om_session();
  const ExploreView initial = session->at(std::vector<std::size_t>{0});
  const ExploreChoice &choice = initial.choices.back();
  const std::vector<std::size_t> path = {0, choice.ordinal};
  const ExploreView after = session->at(path);
  REQUIRE(after.trace);
  REQUIRE(after.trace->steps.size() == 1);
  CHECK(after.trace->steps[0].action == choice.step.action);
  std::vector<std::string> expected;
  for (const Variable &variable : choice.step.changes)
    expected.push_back(variable.name);
  CHECK_FALSE(expected.empty());
  CHECK(after.changed == expected);
}

TEST_CASE("explore: the checker's IC2 counterexample, followed as a path, ends violating IC2") {
  const auto session = om_session();
  const std::vector<std::size_t> path = ic2_counterexample_path(*session);
  CHECK(path.size() == 7); // the initial state and 6 steps
  const ExploreView end = session->at(path);
  CHECK(status_of(end, "IC2").status == ExploreStatus::Violated);
  CHECK(status_of(end, "IC2").detail.find("loyal commander ordered") != std::string::npos);
  CHECK(end.faulty.size() == 1);
  // One step back, IC2 still holds: the last step is the violating decision.
  const ExploreView before = session->at(std::span(path).first(path.size() - 1));
  CHECK(status_of(before, "IC2").status == ExploreStatus::Holds);
  // The same path gives the same state every time (links are reproducible).
  CHECK(session->at(path).state == end.state);
}

TEST_CASE("explore: a branch differs from the path it leaves") {
  const auto session = om_session();
  const std::vector<std::size_t> path = ic2_counterexample_path(*session);
  // The latest state on the path with a choice to make: the traitor's message.
  std::vector<std::size_t> branch(path.begin(), path.end() - 1);
  while (session->at(branch).choices.size() < 2) {
    REQUIRE(branch.size() > 1);
    branch.pop_back();
  }
  const std::size_t taken = path[branch.size()];
  branch.push_back(taken == 0 ? 1 : 0);
  const ExploreView other = session->at(branch);
  CHECK(other.state != session->at(std::span(path).first(branch.size())).state);
  CHECK(other.trace->steps.back().action !=
        session->at(path).trace->steps[branch.size() - 2].action);
}

TEST_CASE("explore: a path out of range is refused with the place and the range") {
  const auto session = om_session();
  const std::vector<std::size_t> bad = {0, 99};
  CHECK_THROWS_WITH(session->at(bad), "path element 2 is 99, but the state after step 0 has 4 "
                                      "successors (0..3)");
  const std::vector<std::size_t> no_initial = {1};
  CHECK_THROWS_AS(session->at(no_initial), BadInput);
  const std::vector<std::size_t> long_path(MaxExplorePathSteps + 2, 0);
  CHECK_THROWS_AS(session->at(long_path), BadInput);
}

TEST_CASE("explore: paths are written as dot-separated ordinals, one spelling each") {
  CHECK(parse_explore_path("").empty());
  CHECK(parse_explore_path("0.2.13") == std::vector<std::size_t>{0, 2, 13});
  CHECK(explore_path_text(std::vector<std::size_t>{0, 2, 13}) == "0.2.13");
  for (const char *bad :
       {"0..1", ".1", "1.", "01", "-1", "+1", "1a", "1 .2", "x", "99999999999999999999999"})
    CHECK_THROWS_AS(parse_explore_path(bad), BadInput);
  std::string long_text = "0";
  for (std::size_t k = 0; k <= MaxExplorePathSteps; ++k)
    long_text += ".0";
  CHECK_THROWS_AS(parse_explore_path(long_text), BadInput);
}

TEST_CASE("explore: a trace that does not fit the model is refused with the step") {
  const auto session = om_session();
  CheckOptions options;
  const CheckReport report = check<OralMessages>({{"n", "3"}, {"f", "1"}}, options, "om");
  RecordedTrace trace = record_trace(property(report, "IC2"), report.processes);
  trace.steps.at(2).event.value ^= 1;
  CHECK_THROWS_WITH(session->follow(trace), Catch::Contains("step 3"));
  trace.initial["traitors"] = "nonsense";
  CHECK_THROWS_WITH(session->follow(trace), Catch::Contains("initial state"));
}
