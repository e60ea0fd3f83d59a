// The models the command line knows, by name, with the protocol types erased. Each model family
// registers its models in models/<family>/register.cpp with one line per model:
//     registry.add<OralMessages>("om", "Oral messages OM(m), Lamport-Shostak-Pease");
#pragma once

#include "checker/options.hpp"
#include "checker/params.hpp"
#include "checker/recorded_trace.hpp"
#include "checker/report.hpp"
#include "checker/state_graph_result.hpp"

#include <functional>
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
  // (checker/state_graph_dot.hpp); arguments: values, max_states, threads.
  std::function<StateGraphDot(const ParamValues &, std::uint64_t, unsigned)> graph;
};

class Registry {
public:
  // Defined in checker/check.hpp, which instantiates the engine for M: include it only from the
  // register.cpp files, so the heavy templates are compiled once per family.
  template <class M> void add(std::string name, std::string summary);

  const ModelEntry *find(std::string_view name) const;
  const std::vector<ModelEntry> &entries() const { return entries_; }

private:
  std::vector<ModelEntry> entries_;
};

// Every model of every family (models/registry.cpp).
Registry all_models();

} // namespace protocheck
