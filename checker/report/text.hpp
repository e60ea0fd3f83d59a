// The default report for people: verdicts, counterexamples one step per line, statistics.
#pragma once

#include <protocheck/report.hpp>

#include <string>

namespace protocheck {

// "n = 3, f = 1": parameter values (name, value pairs) as reports, titles and messages show them.
template <class NameValuePairs> std::string parameters_text(const NameValuePairs &values) {
  std::string text;
  for (const auto &[name, value] : values)
    text += (text.empty() ? "" : ", ") + name + " = " + value;
  return text;
}

std::string render_text_report(const CheckReport &report);
// One trace, one step per line: the event, then the variables it changed.
std::string render_text_trace(const Trace &trace);
// A property's trace as the report shows it: a heading, the steps, and why the last state counts.
std::string render_trace_section(const PropertyResult &result);
// The closing statistics line(s).
std::string render_stats(const Stats &stats);
std::string render_ranks(const DistributedFigures &figures, std::uint64_t states);

} // namespace protocheck
