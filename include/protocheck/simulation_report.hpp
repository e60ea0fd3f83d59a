// What a random simulation produced, with the protocol's types erased: for each property what the
// walks found (a shrunk counterexample or witness) or that they found nothing, and how much they
// saw. Simulation samples executions, so "nothing found" is never a proof that a property holds.
#pragma once

#include <protocheck/report.hpp>

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace protocheck {

struct SimulateOptions {
  std::uint64_t runs = 1000;     // random walks, numbered 0..runs-1
  std::uint32_t depth = 1000;    // steps per walk at most; a walk also ends in a terminal state
  std::uint64_t seed = 0;        // walk i draws from its own generator, seeded from (seed, i)
  unsigned threads = 1;          // changes the speed only, never the result
  double time_limit_seconds = 0; // 0: no limit
  // Set from outside (SIGINT, SIGTERM) to stop the walks cleanly with a partial result.
  const std::atomic<bool> *interrupt = nullptr;
};

// What the walks found for one property, beside its PropertyResult.
struct SimulationFinding {
  bool checked = false;                    // false: liveness and bounds: walks cannot decide them
  std::optional<std::uint64_t> first_walk; // the lowest-numbered walk that found it
  std::size_t shrunk_findings = 0;         // findings shrunk (of the lowest-numbered walks)
  std::optional<std::uint64_t> walk;       // the one whose shrunk trace is reported (shortest)
  std::size_t found_steps = 0;             // that walk's trace before shrinking
};

struct SimulationReport {
  // Model, parameters, processes, outcome, and per property a result in check's terms: Violated
  // with a counterexample (always, at-end), Holds with a witness (reachable), Unknown otherwise.
  CheckReport report;
  std::vector<SimulationFinding> findings; // parallel to report.properties
  SimulateOptions options;
  std::uint64_t runs_done = 0;       // walks completed (a violation stops after its batch)
  std::uint64_t steps = 0;           // transitions taken by the completed walks
  std::uint64_t violating_walks = 0; // completed walks that stopped at a violation
  std::uint64_t terminal_walks = 0;  // the others that ended in a state without successors
  std::uint64_t distinct_states = 0; // states the walks visited, counted by 64-bit hash
  double seconds = 0;
};

} // namespace protocheck
