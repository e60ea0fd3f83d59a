// How a run is explored: threads, limits, and what to do after the first violation.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string_view>

namespace protocheck {

class Cluster; // engine/cluster.hpp

// A snapshot of a run in progress, for a live status line.
struct Progress {
  std::uint64_t states = 0;      // stored so far (committed and staged)
  std::uint64_t transitions = 0; // approximate while a level is being expanded
  std::uint32_t depth = 0;       // BFS level being expanded
  std::uint64_t frontier = 0;    // states in that level
  std::uint64_t memory_bytes = 0; // resident memory now
  double seconds = 0;
  std::string_view phase = "exploring"; // or a later phase (engine/run_limits.hpp)
};

// How exact mode keeps visited states: whole, or tree-compressed (each state named by 8 bytes,
// its parts shared with the states that have them; exact, and much smaller for large states).
// Automatic chooses by the state's size (engine/explorer.hpp, uses_tree_storage).
enum class StateStorage { Automatic, Whole, Tree };

struct CheckOptions {
  unsigned threads = 1;
  bool all = false;              // keep exploring after a violation, to decide every property
  bool symmetry = false;         // use the model's canonicalize() when it has one
  bool record_graph = false;     // keep every edge (liveness, graph output); set by the engine
  bool liveness = true;          // false: leave liveness properties unknown (to measure their cost)
  // Add the witness complete-run (engine/complete_run.hpp): the shortest run to a state without
  // successors, for check --property complete-run.
  bool complete_run = false;
  // Keep 64-bit fingerprints of visited states instead of the states (safety properties only);
  // a hash collision may then hide a state, so the result is not exhaustive-exact.
  bool fingerprints = false;
  StateStorage storage = StateStorage::Automatic; // exact mode only
  std::uint64_t max_states = 0;  // 0: no limit
  double time_limit_seconds = 0; // 0: no limit
  std::uint64_t max_memory_bytes = 0; // 0: no limit (resident memory of the process)
  // Set from outside (e.g. by the SIGINT and SIGTERM handlers) to stop the run cleanly with a partial result.
  const std::atomic<bool> *interrupt = nullptr;
  // Called from the exploring thread between batches (at most a few times per second is the
  // caller's business: it gets every batch), and a few times a second in the phases after it.
  std::function<void(const Progress &)> progress;
  // Explore shared among the ranks of a cluster (check --distributed): every rank calls
  // check_model with its own Cluster; each returns the same report. Null: one process.
  Cluster *cluster = nullptr;
};

} // namespace protocheck
