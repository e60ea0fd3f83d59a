// Progress of long runs on stderr: states, states/s, depth, frontier, memory, elapsed time and the
// phase. Either a live status line, overwritten in place, shown only on a terminal, only after the
// first second, at most four times a second, and erased at the end (the report that follows has
// the summary); or, with --progress SECONDS, one line every SECONDS whatever stderr is (with --json
// too), like TLC's periodic progress, so a CI log shows that a long run is alive.
#pragma once

#include <protocheck/options.hpp>

#include <cstdio>
#include <string>

namespace protocheck::cli {

class ProgressLine {
public:
  // `live`: the status line, when stderr is a terminal. `every_seconds` > 0: periodic lines
  // instead.
  explicit ProgressLine(bool live, double every_seconds = 0);
  ~ProgressLine() { clear(); }
  ProgressLine(const ProgressLine &) = delete;
  ProgressLine &operator=(const ProgressLine &) = delete;

  bool enabled() const { return enabled_; }
  // Said before the numbers, e.g. "n = 5, f = 1: " for a sweep's cell.
  // Each run's clock starts at zero, so a new label also restarts the timing.
  void set_label(std::string label) {
    label_ = std::move(label);
    last_drawn_ = 0;
  }
  // The engine's callback (CheckOptions::progress): decides whether to redraw.
  void update(const Progress &progress);
  // Erases the line, if one is shown.
  void clear();

  // The text of one update, without the carriage return. After exploration, the phase and the
  // explored state space.
  static std::string format(const Progress &progress);

private:
  bool enabled_;
  double every_seconds_; // > 0: periodic lines
  bool shown_ = false;
  double last_drawn_ = 0;
  std::string label_;
};

} // namespace protocheck::cli
