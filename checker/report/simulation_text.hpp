// The text report of `protocheck simulate`: what the walks found per property, in words that
// never claim more than sampling shows, then the shrunk traces as check prints them.
#pragma once

#include <protocheck/simulation_report.hpp>

#include <string>

namespace protocheck {

// Everything but the timing line, so that it depends on the seed alone (not on threads).
std::string render_simulation_text(const SimulationReport &simulation);
// "time: 1.2 s, 4 threads"
std::string render_simulation_timing(const SimulationReport &simulation);

} // namespace protocheck
