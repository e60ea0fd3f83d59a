// Runs the explorer on a model and turns what it found into a CheckReport: verdicts, readable
// traces and statistics. Included by models/<family>/register.cpp and by tests.
#pragma once

#include "checker/explorer.hpp"
#include "checker/process_memory.hpp"
#include "checker/registry.hpp"
#include "checker/report.hpp"
#include "checker/trace_text.hpp"

#include <map>
#include <string>
#include <string_view>

namespace protocheck {

namespace detail {

inline std::string stop_description(StopReason reason, const CheckOptions &options,
                                    const ExploreStats &stats) {
  const std::string explored = "after " + std::to_string(stats.states) + " states to depth " +
                               std::to_string(stats.depth);
  switch (reason) {
  case StopReason::MaxStates:
    return "stopped by --max-states " + std::to_string(options.max_states) + " " + explored;
  case StopReason::TimeLimit:
    return "stopped by --time-limit " + format_seconds(options.time_limit_seconds) + " " + explored;
  case StopReason::MemoryLimit:
    return "stopped by --max-memory " + std::to_string(options.max_memory_bytes >> 20) + " MB " +
           explored;
  case StopReason::Interrupted:
    return "interrupted " + explored;
  default:
    return {};
  }
}

template <Model M>
Trace make_trace(const M &model, const std::vector<typename Explorer<M>::Step> &path) {
  Trace trace;
  trace.initial = model.describe(path.front().state);
  StateView previous = trace.initial;
  for (std::size_t k = 1; k < path.size(); ++k) {
    StateView current = model.describe(path[k].state);
    trace.steps.push_back({path[k].event, std::string(model.describe(path[k].event)),
                           changed_variables(previous, current)});
    previous = std::move(current);
  }
  return trace;
}

} // namespace detail

// Explores `model` and reports every property's verdict.
template <Model M>
CheckReport check_model(const M &model, std::string name, const ParamValues &params,
                        const CheckOptions &options) {
  const auto properties = model.properties();
  Explorer<M> explorer(model, properties, options);
  const StopReason reason = explorer.run();
  const ExploreStats explored = explorer.stats();
  const bool complete = reason == StopReason::Complete;

  CheckReport report;
  report.model = std::move(name);
  report.params = params.all();
  report.processes = model.process_names();
  report.symmetry = options.symmetry && Symmetric<M>;
  bool any_violation = false;
  for (std::size_t p = 0; p < properties.size(); ++p) {
    const Property<typename M::State> &property = properties[p];
    const PropertyFinding &finding = explorer.findings()[p];
    PropertyResult result{property.name, property.description, property.kind, Verdict::Unknown,
                          std::nullopt, {}, std::nullopt};
    const bool found = finding.rank != NoRank;
    switch (property.kind) {
    case PropertyKind::Always:
    case PropertyKind::AtEnd:
      result.verdict = found ? Verdict::Violated : complete ? Verdict::Holds : Verdict::Unknown;
      break;
    case PropertyKind::Reachable:
      result.verdict = found ? Verdict::Holds : complete ? Verdict::Violated : Verdict::Unknown;
      break;
    case PropertyKind::Bound:
      result.verdict = complete ? Verdict::Holds : Verdict::Unknown;
      if (complete && found)
        result.value = finding.value;
      break;
    }
    const bool show_trace = found && (property.kind != PropertyKind::Bound || complete);
    if (show_trace) {
      const auto path = explorer.path_to(finding.rank);
      result.trace = detail::make_trace(model, path);
      if (property.explain)
        result.explanation = property.explain(path.back().state);
    }
    any_violation = any_violation || result.verdict == Verdict::Violated;
    report.properties.push_back(std::move(result));
  }
  report.outcome = any_violation     ? Outcome::Violated
                   : is_limit(reason) ? Outcome::Partial
                                      : Outcome::Holds;
  if (is_limit(reason))
    report.partial_reason = detail::stop_description(reason, options, explored);
  report.stats = {explored.states,       explored.transitions,
                  explored.depth,        explored.seconds,
                  peak_resident_memory_bytes(), options.threads,
                  static_cast<std::uint32_t>(sizeof(typename M::State)), explored.store_bytes};
  return report;
}

// For tests and tools: builds M from parameter values given as text (defaults filled in).
template <Model M>
CheckReport check(const std::map<std::string, std::string> &given, const CheckOptions &options = {},
                  std::string name = "model") {
  const ParamValues values = ParamValues::parse(M::parameters(), given);
  const M model(values);
  return check_model(model, std::move(name), values, options);
}

template <class M> void Registry::add(std::string name, std::string summary) {
  static_assert(Model<M>, "M does not satisfy the Model concept (checker/model.hpp)");
  ModelEntry entry;
  entry.name = name;
  entry.summary = std::move(summary);
  entry.parameters = M::parameters();
  entry.check = [name](const ParamValues &values, const CheckOptions &options) {
    const M model(values);
    return check_model(model, name, values, options);
  };
  entries_.push_back(std::move(entry));
}

} // namespace protocheck
