// A trace as a claim to be checked by re-executing it (replay.hpp), with processes named rather
// than numbered, as trace files store them; and what the re-execution found.
#pragma once

#include <protocheck/event.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace protocheck {

// An event as the file records it: processes by name (none: the environment).
struct RecordedEvent {
  EventKind kind = EventKind::Local;
  std::optional<std::string> actor;
  std::optional<std::string> peer;
  std::uint8_t message = 0;
  std::uint32_t value = 0;
  std::uint32_t message_id = 0; // absent in files written before message identities: 0
};

struct RecordedStep {
  RecordedEvent event;
  std::string action;
  std::map<std::string, std::string> changes;
};

// What a trace claims: from a state that looks like `initial`, these steps lead to a state that
// violates `property` (or, for a witness, satisfies it).
struct RecordedTrace {
  std::string property;
  std::optional<std::string> kind;   // as to_string(PropertyKind) writes it
  std::optional<std::string> status; // as to_string(Verdict) writes it
  std::optional<std::int64_t> value; // Bound: the maximum the trace reaches
  std::map<std::string, std::string> initial;
  std::vector<RecordedStep> steps;
  std::optional<std::size_t> loop_start; // index into steps: [loop_start, end) repeats forever
};

struct ReplayResult {
  bool confirmed = false;
  // One line: what was confirmed, or exactly what is wrong (which step, which variable).
  std::string message;
  // The step that is not a legal transition, counted from 1 (0: the initial state).
  std::optional<std::size_t> failed_step;
  // The model's faulty processes in the last state, when the model reports them.
  std::optional<std::set<std::size_t>> faulty;
};

} // namespace protocheck
