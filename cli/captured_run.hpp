// Runs a protocheck command line again inside this process, with its standard output and error
// kept: scenarios --verify compares what a scenario prints, views reads each run's report.
#pragma once

#include <protocheck/registry.hpp>

#include <string>
#include <vector>

namespace protocheck::cli {

struct CapturedRun {
  int exit_code = 0;
  std::string out;
  std::string err;
};

// `arguments` as after "protocheck" on the command line.
int run_arguments(const std::vector<std::string> &arguments, const Registry &registry);

// The same with standard output and error kept (put back even when the run throws).
CapturedRun run_captured(const std::vector<std::string> &arguments, const Registry &registry);

} // namespace protocheck::cli
