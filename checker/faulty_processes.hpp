// Which processes a sequence chart draws as faulty. A model that knows says so through its
// faulty() hook (replay.hpp), evaluated on the trace's last state; for other models the trace
// itself is read: a process that crashes is faulty, and so is every process named in a variable
// that lists the faulty ones ("traitors", "faulty", "crashed", e.g. traitors = {C, L2}).
#pragma once

#include <protocheck/report.hpp>

#include <cstddef>
#include <set>
#include <string>
#include <vector>

namespace protocheck {

std::set<std::size_t> faulty_from_trace(const Trace &trace,
                                        const std::vector<std::string> &processes);

} // namespace protocheck
