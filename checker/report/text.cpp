#include "checker/report/text.hpp"

#include "checker/trace_text.hpp"

#include <cstdio>
#include <sstream>

namespace protocheck {
namespace {

constexpr std::size_t Width = 100;

// "a = 1; b = 2" wrapped to the page, each continuation line indented like the first.
std::string wrap_changes(const std::vector<Variable> &changes, const std::string &indent) {
  std::string out;
  std::string line = indent;
  for (std::size_t i = 0; i < changes.size(); ++i) {
    const std::string item = changes[i].name + " = " + changes[i].value + (i + 1 < changes.size() ? ";" : "");
    if (line.size() > indent.size() && line.size() + 1 + item.size() > Width) {
      out += line + "\n";
      line = indent;
    }
    line += (line.size() > indent.size() ? " " : "") + item;
  }
  if (line.size() > indent.size())
    out += line + "\n";
  return out;
}

std::string verdict_words(const PropertyResult &result, Outcome outcome) {
  switch (result.verdict) {
  case Verdict::Holds:
    if (result.kind == PropertyKind::Reachable)
      return "reachable (witness below)";
    if (result.kind == PropertyKind::Bound)
      return result.value ? "max = " + std::to_string(*result.value) : "no reachable state";
    return "holds";
  case Verdict::Violated:
    return result.kind == PropertyKind::Reachable ? "UNREACHABLE" : "VIOLATED";
  case Verdict::Unknown:
    return outcome == Outcome::Partial ? "unknown (run stopped by a limit)"
                                       : "unknown (run stopped at the first violation; --all decides every property)";
  }
  return "?";
}

std::string trace_heading(const PropertyResult &result) {
  const std::size_t steps = result.trace->steps.size();
  const std::string count = std::to_string(steps) + (steps == 1 ? " step" : " steps");
  switch (result.kind) {
  case PropertyKind::Reachable:
    return "Witness for " + result.name + " (" + result.description + "), " + count + ":";
  case PropertyKind::Bound:
    return "An execution reaching the maximum of " + result.name + ", " + count + ":";
  default:
    return "Counterexample to " + result.name + " (" + result.description + "), " + count + ":";
  }
}

} // namespace

std::string render_text_trace(const Trace &trace) {
  std::ostringstream out;
  out << wrap_changes(trace.initial, "  initial: ");
  const std::size_t number_width = std::to_string(trace.steps.size()).size();
  for (std::size_t k = 0; k < trace.steps.size(); ++k) {
    if (trace.loop_start && *trace.loop_start == k)
      out << "  -- the steps below repeat forever --\n";
    std::string number = std::to_string(k + 1);
    number.insert(0, number_width - number.size(), ' ');
    out << "  " << number << ". " << trace.steps[k].action << "\n";
    out << wrap_changes(trace.steps[k].changes, std::string(number_width + 6, ' '));
  }
  if (trace.loop_start)
    out << "  -- back to step " << *trace.loop_start + 1 << " --\n";
  return out.str();
}

std::string render_stats(const Stats &stats) {
  std::ostringstream out;
  const double rate = stats.seconds > 0 ? static_cast<double>(stats.states) / stats.seconds : 0;
  char rate_text[32];
  std::snprintf(rate_text, sizeof rate_text, "%.0f", rate);
  out << stats.states << " states, " << stats.transitions << " transitions, depth " << stats.depth
      << ", " << format_seconds(stats.seconds) << " (" << rate_text << " states/s, " << stats.threads
      << (stats.threads == 1 ? " thread" : " threads") << ")\n";
  const double per_state =
      stats.states > 0 ? static_cast<double>(stats.store_bytes) / static_cast<double>(stats.states) : 0;
  char per_state_text[32];
  std::snprintf(per_state_text, sizeof per_state_text, "%.1f", per_state);
  out << "memory: peak " << format_bytes(stats.peak_memory_bytes) << " resident; state store "
      << format_bytes(stats.store_bytes) << " (" << per_state_text << " bytes/state, state size "
      << stats.state_bytes << " bytes)\n";
  return out.str();
}

std::string render_text_report(const CheckReport &report) {
  std::ostringstream out;
  out << "model " << report.model;
  std::string params;
  for (const auto &[name, value] : report.params)
    params += (params.empty() ? "" : ", ") + name + " = " + value;
  if (!params.empty())
    out << " (" << params << ")";
  if (report.symmetry)
    out << ", symmetry reduction on";
  out << "\n";
  std::size_t name_width = 0;
  for (const auto &result : report.properties)
    name_width = std::max(name_width, result.name.size());
  for (const auto &result : report.properties) {
    std::string name = result.name;
    name.resize(name_width, ' ');
    std::string kind(to_string(result.kind));
    kind.resize(9, ' ');
    out << "  " << name << "  " << kind << " " << verdict_words(result, report.outcome) << "   "
        << result.description << "\n";
  }
  if (!report.fairness.empty())
    out << "  (liveness assumes fairness: " << report.fairness << ")\n";
  for (const auto &result : report.properties) {
    if (!result.trace)
      continue;
    out << "\n" << trace_heading(result) << "\n" << render_text_trace(*result.trace);
    if (!result.explanation.empty())
      out << "  => " << result.name << (result.verdict == Verdict::Violated ? " violated: " : ": ")
          << result.explanation << "\n";
  }
  out << "\nresult: " << to_string(report.outcome);
  if (report.outcome == Outcome::Partial)
    out << " (" << report.partial_reason << "; the verdicts above cover only what was explored)";
  else if (!report.partial_reason.empty())
    out << " (" << report.partial_reason << ")";
  out << "\n" << render_stats(report.stats);
  return out.str();
}

} // namespace protocheck
