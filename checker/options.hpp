// How a run is explored: threads, limits, and what to do after the first violation.
#pragma once

#include <atomic>
#include <cstdint>

namespace protocheck {

struct CheckOptions {
  unsigned threads = 1;
  bool all = false;              // keep exploring after a violation, to decide every property
  bool symmetry = false;         // use the model's canonicalize() when it has one
  std::uint64_t max_states = 0;  // 0: no limit
  double time_limit_seconds = 0; // 0: no limit
  std::uint64_t max_memory_bytes = 0; // 0: no limit (resident memory of the process)
  // Set from outside (e.g. by the SIGINT handler) to stop the run cleanly with a partial result.
  const std::atomic<bool> *interrupt = nullptr;
};

} // namespace protocheck
