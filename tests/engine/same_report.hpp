// Two runs of the same instance that must find the same things (for instance with states kept
// whole and tree-compressed): counts, verdicts, values, explanations and every trace, step by step.
#pragma once

#include <protocheck/engine/check.hpp>
#include <protocheck/report.hpp>

#include <catch2/catch.hpp>

#include <map>
#include <string>

namespace protocheck::testing {

// Every step's actor, action and changed variables, one line each.
inline std::string steps_text(const Trace &trace) {
  std::string text;
  for (const TraceStep &step : trace.steps) {
    text += std::to_string(step.event.actor) + " " + step.action + ":";
    for (const Variable &change : step.changes)
      text += " " + change.name + "=" + change.value;
    text += "\n";
  }
  if (trace.loop_start)
    text += "loop from " + std::to_string(*trace.loop_start) + "\n";
  return text;
}

inline void require_same_findings(const CheckReport &expected, const CheckReport &actual) {
  CHECK(actual.outcome == expected.outcome);
  CHECK(actual.stats.states == expected.stats.states);
  CHECK(actual.stats.transitions == expected.stats.transitions);
  CHECK(actual.stats.depth == expected.stats.depth);
  REQUIRE(actual.properties.size() == expected.properties.size());
  for (std::size_t p = 0; p < expected.properties.size(); ++p) {
    const PropertyResult &a = expected.properties[p];
    const PropertyResult &b = actual.properties[p];
    INFO("property " << a.name);
    CHECK(b.verdict == a.verdict);
    CHECK(b.value == a.value);
    CHECK(b.explanation == a.explanation);
    REQUIRE(b.probabilities.has_value() == a.probabilities.has_value());
    if (a.probabilities) {
      CHECK(b.probabilities->probability_exact == a.probabilities->probability_exact);
      CHECK(b.probabilities->expected_steps_exact == a.probabilities->expected_steps_exact);
      CHECK(b.probabilities->expected_rounds_exact == a.probabilities->expected_rounds_exact);
      CHECK(b.probabilities->probability == a.probabilities->probability);
    }
    REQUIRE(b.trace.has_value() == a.trace.has_value());
    if (a.trace)
      CHECK(steps_text(*b.trace) == steps_text(*a.trace));
  }
}

// One instance run with its states kept whole and kept tree-compressed (all else as `options`
// says), once it is required that both runs found the same.
struct StorageRuns {
  CheckReport whole, tree;
};
template <Model M>
StorageRuns runs_with_both_storages(const std::map<std::string, std::string> &params,
                                    CheckOptions options, const std::string &name = "model") {
  options.storage = StateStorage::Whole;
  StorageRuns runs{check<M>(params, options, name), {}};
  options.storage = StateStorage::Tree;
  runs.tree = check<M>(params, options, name);
  require_same_findings(runs.whole, runs.tree);
  CHECK_FALSE(runs.whole.stats.tree_storage);
  CHECK(runs.tree.stats.tree_storage);
  return runs;
}

} // namespace protocheck::testing
