// The first counterexample (or witness) of a report in the format asked for with --format:
// text, an ASCII sequence chart (msc), an SVG chart, or a JSON trace file that replay reads.
#pragma once

#include <protocheck/params.hpp>
#include <protocheck/registry.hpp>
#include <protocheck/report.hpp>

#include <CLI/CLI.hpp>

#include <set>
#include <string>

namespace protocheck::cli {

// Violations first, then witnesses and bounds; nothing when the report has no trace.
const PropertyResult *first_trace(const CheckReport &report);

// The processes a chart draws as faulty: the model's faulty() hook on the trace's last state
// (found by replaying the trace), and the processes the trace shows crashing.
std::set<std::size_t> chart_faulty(const ModelEntry &entry, const ParamValues &values,
                                   const CheckReport &report, const PropertyResult &result);

// format: "text", "msc", "svg" or "json".
std::string render_trace(const std::string &format, const ModelEntry &entry,
                         const ParamValues &values, const CheckReport &report,
                         const PropertyResult &result);

// --trace FILE and --format, as check and simulate take them.
struct TraceOptions {
  std::string file;
  std::string format = "text";
  std::string property; // --property NAME: whose trace; empty: first_trace()
  std::string directory; // --trace-dir DIR: every trace, one file per property
  bool stdout_is_json = false;

  void add_to(CLI::Option_group &group);
  // Before the run, which may be long: formats that cannot go to the terminal need a file
  // (`stdout_is_json`: --json holds stdout), and the file must be writable. Throws BadInput.
  // Remembers `stdout_is_json` for output_first_trace.
  void check_before_run(bool stdout_is_json);
  // The trace --property names (nullptr, with a note on stderr, when that property has none), or
  // first_trace(). Throws BadInput for a name the report does not have.
  const PropertyResult *chosen_trace(const CheckReport &report) const;
  // With --trace FILE, writes the chosen trace there (atomically), or removes a stale
  // FILE when there is none; with --trace-dir DIR, every property's trace to DIR/NAME.EXT (and
  // removes, quietly, the file of each property without a trace); without either, prints the msc
  // chart after the report (the text format is already part of the report).
  void output_first_trace(const ModelEntry &entry, const ParamValues &values,
                          const CheckReport &report) const;
};

} // namespace protocheck::cli
