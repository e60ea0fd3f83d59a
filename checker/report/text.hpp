// The default report for people: verdicts, counterexamples one step per line, statistics.
#pragma once

#include <protocheck/report.hpp>

#include <string>

namespace protocheck {

std::string render_text_report(const CheckReport &report);
// One trace, one step per line: the event, then the variables it changed.
std::string render_text_trace(const Trace &trace);
// The closing statistics line(s).
std::string render_stats(const Stats &stats);

} // namespace protocheck
