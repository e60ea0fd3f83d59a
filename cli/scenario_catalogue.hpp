// Scenario catalogues (Registry::add_scenarios): each scenario is one command over the registry's
// models, the source it comes from (a lecture's figure or slide), the claim it shows, and the
// results it must give. The format is described in docs/scenarios.md.
#pragma once

#include <protocheck/registry.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace protocheck::cli {

// What a scenario's command must give; each field is checked only when the catalogue sets it.
struct ScenarioExpectation {
  int exit = 0;                                     // 0 holds, 1 violated, 2 bad input, 3 partial
  std::map<std::string, std::string> verdicts;      // property -> holds | violated | unknown
  std::map<std::string, std::uint64_t> trace_steps; // property -> steps of its trace
  std::map<std::string, std::string> explanations;  // property -> the explanation line
  std::map<std::string, std::int64_t> values;       // bound property -> its maximum
  // property -> {field of its JSON result -> value}: probabilities, expected rounds, ...
  std::map<std::string, std::map<std::string, std::string>> fields;
  std::optional<std::uint64_t> states, transitions, depth;
  std::optional<std::string> boundary; // sweep: the boundary sentence
};

struct Scenario {
  std::string id;
  std::string topic;                // "Byzantine generals", "Leader election", ...
  std::string source;               // where the example is: document, figure or slide
  std::string claim;                // one line: what the run shows
  std::vector<std::string> command; // protocheck's arguments: check om --n 3 ...
  std::string chart;                // the property whose trace --run draws ("": the first)
  ScenarioExpectation expect;
  std::string entry; // the entry as the catalogue gives it, as JSON text
};

// Every catalogue of the registry, in order. Throws BadInput naming the entry for a malformed
// catalogue, a repeated id, or a command whose model the registry does not have.
std::vector<Scenario> read_scenarios(const Registry &registry);

// The words as a shell takes them: those with other characters than letters, digits and _./,:=+-
// in single quotes ("--sets '1,2;2,3'").
std::string shell_text(const std::vector<std::string> &words);

// The command's check or sweep JSON report (or nothing when it printed none) against the
// expectation: one line per difference, none when everything matches.
std::vector<std::string> scenario_differences(const Scenario &scenario, int exit_code,
                                              const std::string &json_output);

} // namespace protocheck::cli
