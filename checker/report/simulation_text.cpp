#include "checker/report/simulation_text.hpp"

#include "checker/report/text.hpp"

#include <protocheck/engine/trace_text.hpp>

#include <algorithm>
#include <sstream>

namespace protocheck {
namespace {

std::string runs_text(std::uint64_t runs) {
  return grouped_digits(runs) + (runs == 1 ? " run" : " runs");
}

// "first in run 3; shortest of 8 shrunk: run 17, 12 steps shrunk to 6"
std::string found_text(const PropertyResult &result, const SimulationFinding &finding) {
  const std::size_t shrunk = result.trace->steps.size();
  std::string text = "first in run " + std::to_string(*finding.first_walk) + "; ";
  if (finding.shrunk_findings > 1)
    text += "shortest of " + std::to_string(finding.shrunk_findings) + " shrunk: run " +
            std::to_string(*finding.walk) + ", ";
  return text + std::to_string(finding.found_steps) + " steps shrunk to " + std::to_string(shrunk);
}

std::string verdict_words(const PropertyResult &result, const SimulationFinding &finding,
                          std::uint64_t runs) {
  if (!finding.checked)
    return is_liveness(result.kind) ? "not checked (simulation cannot decide liveness)"
                                    : "not checked (simulation cannot decide a bound)";
  if (result.verdict == Verdict::Violated)
    return std::string(meaning(result.kind).violated_word) + " " + found_text(result, finding);
  if (result.verdict == Verdict::Holds)
    return "reachable: witness " + found_text(result, finding);
  if (result.kind == PropertyKind::Reachable)
    return "no witness in " + runs_text(runs) + " (not decided)";
  return "no violation in " + runs_text(runs) + " (not a proof)";
}

std::string outcome_text(const SimulationReport &simulation) {
  const CheckReport &report = simulation.report;
  switch (report.outcome) {
  case Outcome::Violated:
    return "violated" + std::string(simulation.runs_done < simulation.options.runs
                                        ? " (the runs stop after the batch of 256 with the first "
                                          "violation)"
                                        : "");
  case Outcome::Partial:
    return "partial (" + report.partial_reason + "; nothing found in the runs done)";
  case Outcome::Holds:
    return "no violation found (a sample of executions, not a proof)";
  }
  return "?";
}

} // namespace

std::string render_simulation_text(const SimulationReport &simulation) {
  const CheckReport &report = simulation.report;
  const SimulateOptions &options = simulation.options;
  std::ostringstream out;
  out << "simulate " << report.model;
  const std::string params = parameters_text(report.params);
  if (!params.empty())
    out << " (" << params << ")";
  out << ": " << runs_text(options.runs) << " of at most " << grouped_digits(options.depth)
      << " steps, seed " << options.seed << "\n";
  std::size_t name_width = 0;
  std::size_t kind_width = 0;
  for (const auto &result : report.properties) {
    name_width = std::max(name_width, result.name.size());
    kind_width = std::max(kind_width, to_string(result.kind).size());
  }
  for (std::size_t p = 0; p < report.properties.size(); ++p) {
    const PropertyResult &result = report.properties[p];
    std::string name = result.name;
    name.resize(name_width, ' ');
    std::string kind(to_string(result.kind));
    kind.resize(kind_width, ' ');
    out << "  " << name << "  " << kind << " "
        << verdict_words(result, simulation.findings[p], simulation.runs_done) << "   "
        << result.description << "\n";
  }
  for (const auto &result : report.properties)
    if (result.trace)
      out << "\n" << render_trace_section(result);
  out << "\nresult: " << outcome_text(simulation) << "\n";
  const std::uint64_t cut_off =
      simulation.runs_done - simulation.terminal_walks - simulation.violating_walks;
  out << "runs: " << grouped_digits(simulation.runs_done) << " done ("
      << grouped_digits(simulation.terminal_walks) << " reached a state without successors, "
      << grouped_digits(cut_off) << " the depth limit, "
      << grouped_digits(simulation.violating_walks) << " a violation), "
      << grouped_digits(simulation.steps) << " steps, "
      << grouped_digits(simulation.distinct_states) << " distinct states seen (by 64-bit hash)\n";
  return out.str();
}

std::string render_simulation_timing(const SimulationReport &simulation) {
  const unsigned threads = simulation.options.threads;
  return "time: " + format_seconds(simulation.seconds) + ", " + std::to_string(threads) +
         (threads == 1 ? " thread\n" : " threads\n");
}

} // namespace protocheck
