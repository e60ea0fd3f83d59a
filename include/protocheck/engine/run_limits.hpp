// Why a run stops, and the watch that stops the phases after exploration (liveness,
// probabilities) when --time-limit, --max-memory, Ctrl-C or SIGTERM says so. Exploration stops at
// the end of a level by itself (explorer.hpp); the later phases are long loops that cannot, so
// they poll a LimitWatch, which throws RunStopped out of them.
#pragma once

#include <protocheck/engine/process_memory.hpp>
#include <protocheck/options.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string_view>

namespace protocheck {

// Why exploration ended.
enum class StopReason : std::uint8_t {
  Complete,   // every reachable state was explored
  Violation,  // stopped after the first level with a violation (no --all)
  AllDecided, // every property was decided before the state space was exhausted
  MaxStates,
  TimeLimit,
  MemoryLimit,
  Interrupted,
};

inline bool is_limit(StopReason reason) {
  return reason == StopReason::MaxStates || reason == StopReason::TimeLimit ||
         reason == StopReason::MemoryLimit || reason == StopReason::Interrupted;
}

// What a run is doing, in the words of progress lines and partial reports.
inline constexpr std::string_view PhaseExploring = "exploring";
inline constexpr std::string_view PhaseLiveness = "deciding liveness";
inline constexpr std::string_view PhaseProbabilities = "computing probabilities";

// Thrown by LimitWatch when a limit or a signal stops the run.
struct RunStopped {
  StopReason reason;
};

class LimitWatch {
public:
  using Clock = std::chrono::steady_clock;

  // `start`: when the run began (the time limit counts from there). `explored`: the exploration's
  // figures, repeated in progress reports while the phases after it run.
  LimitWatch(const CheckOptions &options, Clock::time_point start, Progress explored)
      : options_(options), start_(start), progress_(explored) {}

  void enter(std::string_view phase) {
    progress_.phase = phase;
    check();
  }
  std::string_view phase() const { return progress_.phase; }

  // For inner loops (one thread): looks at the clock every few thousand calls.
  void poll() {
    if (++calls_ % PollEvery == 0)
      check();
  }

  // Checks every limit now, and reports progress when it is due. One thread at a time.
  void check() {
    const double now = elapsed();
    throw_if_stopped(now);
    if (options_.max_memory_bytes > 0 && now - last_memory_check_ >= MemoryCheckInterval) {
      last_memory_check_ = now;
      if (resident_memory_bytes() > options_.max_memory_bytes)
        throw RunStopped{StopReason::MemoryLimit};
    }
    if (options_.progress && now - last_progress_ >= ProgressInterval) {
      last_progress_ = now;
      progress_.seconds = now;
      progress_.memory_bytes = resident_memory_bytes();
      progress_.frontier = 0;
      options_.progress(progress_);
    }
  }

  // From any thread (parallel loops): the clock and the signals only.
  void check_concurrently() const { throw_if_stopped(elapsed()); }

private:
  static constexpr std::uint64_t PollEvery = 4096;
  static constexpr double MemoryCheckInterval = 0.1; // seconds: reading it costs a file read
  static constexpr double ProgressInterval = 0.25;   // the callback decides what to show

  double elapsed() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }
  void throw_if_stopped(double now) const {
    if (options_.interrupt != nullptr && options_.interrupt->load(std::memory_order_relaxed))
      throw RunStopped{StopReason::Interrupted};
    if (options_.time_limit_seconds > 0 && now > options_.time_limit_seconds)
      throw RunStopped{StopReason::TimeLimit};
  }

  const CheckOptions &options_;
  Clock::time_point start_;
  Progress progress_;
  std::uint64_t calls_ = 0;
  double last_memory_check_ = -MemoryCheckInterval;
  double last_progress_ = 0;
};

} // namespace protocheck
