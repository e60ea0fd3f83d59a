// A counterexample or witness saved as JSON (`protocheck check --trace F --format json`) and read
// back by `protocheck replay`. The file names the model, its parameters and the property, so that
// the trace can be re-executed against the model alone.
//
// Schema (every field the check report's trace has, plus what replay needs):
//   { "model": "om", "params": {"n": 3, ...}, "property": "IC1", "kind": "always",
//     "status": "violated", "explanation": "...", "value": 3 (bound only),
//     "processes": ["C", "L1", ...],
//     "trace": {"initial": {variable: value, ...},
//               "steps": [{"step": 1, "action": "...",
//                          "event": {"kind": "transmit", "actor": "C", "peer": "L1",
//                                    "message": 0, "value": 1},
//                          "changes": {variable: value, ...}}, ...],
//               "loop_start": 3 (lassos only: the first repeating step, from 1)}}
// Required when reading: model, params, property, trace.initial, trace.steps and, per step, the
// event's five fields and changes. kind and status, when present, must agree with the model; a
// step's action, when present, must be the model's description of its event.
//
// A file comes from anyone, so reading it is bounded: a regular file of at most
// MaxTraceFileBytes, JSON nested at most MaxTraceDepth deep, and every string taken from it made
// printable (control characters escaped) before it can reach a message.
#pragma once

#include "checker/report/json.hpp"
#include <protocheck/engine/recorded_trace.hpp>
#include <protocheck/report.hpp>

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace protocheck {

struct TraceFile {
  std::string model;
  std::map<std::string, std::string> params; // as text, ready for ParamValues::parse
  RecordedTrace trace;
};

// The file for one property's trace in a report.
Json trace_file_json(const CheckReport &report, const PropertyResult &result);

inline constexpr std::size_t MaxTraceFileBytes = std::size_t{64} << 20;
// Far deeper than the schema (5 levels), far shallower than a recursive copy's stack needs.
inline constexpr int MaxTraceDepth = 64;

// The bytes of the file at `path`; throws BadInput when it cannot be read, is not a regular file
// (a FIFO or a device such as /dev/zero), or holds more than MaxTraceFileBytes.
std::string read_trace_text(const std::string &path);

// Parses a trace file's text; throws BadInput with one line for invalid JSON, nesting deeper than
// MaxTraceDepth, or a missing or mistyped field.
TraceFile parse_trace_file(std::string_view text);

// Reads a trace file; throws BadInput with one line naming the missing or mistyped field.
TraceFile read_trace_file(const Json &json);

// The same claim for a trace the checker has just produced (process ids become names).
RecordedTrace record_trace(const PropertyResult &result, const std::vector<std::string> &processes);

} // namespace protocheck
