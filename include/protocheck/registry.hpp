// The models a command line knows, by name, with the protocol types erased. A program adds its
// models with one line each, and hands the registry to run_cli (cli.hpp):
//     registry.add<OralMessages>("om", "Oral messages OM(m), Lamport-Shostak-Pease");
#pragma once

#include <protocheck/explore.hpp>
#include <protocheck/options.hpp>
#include <protocheck/params.hpp>
#include <protocheck/engine/recorded_trace.hpp>
#include <protocheck/report.hpp>
#include <protocheck/simulation_report.hpp>
#include <protocheck/engine/state_graph_result.hpp>

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace protocheck {

struct ModelEntry {
  std::string name;
  std::string summary;
  std::vector<ParamSpec> parameters;
  // Builds the model from checked parameter values (throws BadInput) and explores it.
  std::function<CheckReport(const ParamValues &, const CheckOptions &)> check;
  // Builds the model and re-executes a recorded trace step by step (checker/replay.hpp). Throws
  // BadInput when the trace does not fit the model (unknown property, wrong kind).
  std::function<ReplayResult(const ParamValues &, const RecordedTrace &)> replay;
  // Builds the model and draws its state graph as DOT unless it has more than max_states states
  // (checker/state_graph_dot.hpp); arguments: values, max_states, threads, and the flag that
  // Ctrl-C or SIGTERM sets (may be null).
  std::function<StateGraphDot(const ParamValues &, std::uint64_t, unsigned,
                              const std::atomic<bool> *)>
      graph;
  // Builds the model for walking its state space by hand (`protocheck explore`, explore.hpp).
  std::function<std::unique_ptr<ExploreSession>(const ParamValues &)> explore;
  // Builds the model and runs random walks through it (`protocheck simulate`,
  // engine/simulate.hpp).
  std::function<SimulationReport(const ParamValues &, const SimulateOptions &)> simulate;
};

class Registry {
public:
  // Instantiates the engine for M (defined in <protocheck/engine/check.hpp>, which
  // <protocheck/protocheck.hpp> includes). A model that breaks a rule of the Model concept fails
  // to compile here, with a message naming the rule. Throws std::invalid_argument for a name
  // already taken.
  template <class M> void add(std::string name, std::string summary);

  const ModelEntry *find(std::string_view name) const;
  const std::vector<ModelEntry> &entries() const { return entries_; }

  // A scenario catalogue, as JSON text: named commands over this registry's models with the
  // results they must give (`protocheck scenarios` lists, runs and verifies them; the format is in
  // docs/scenarios.md). Checked when a scenarios command reads it, not here.
  void add_scenarios(std::string catalogue_json) {
    scenario_catalogues_.push_back(std::move(catalogue_json));
  }
  const std::vector<std::string> &scenario_catalogues() const { return scenario_catalogues_; }

private:
  std::vector<ModelEntry> entries_;
  std::vector<std::string> scenario_catalogues_;
};


} // namespace protocheck
