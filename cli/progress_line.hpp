// A live status line on stderr for long runs: states, states/s, depth, frontier, memory and
// elapsed time, overwritten in place. Shown only on a terminal (CI logs stay clean), only after
// the first second, at most four times a second; erased at the end, since the report that follows
// has the summary.
#pragma once

#include <protocheck/options.hpp>

#include <cstdio>
#include <string>

namespace protocheck::cli {

class ProgressLine {
public:
  // Enabled only when `enabled` and stderr is a terminal.
  explicit ProgressLine(bool enabled);
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

  // The text of one update, without the carriage return.
  static std::string format(const Progress &progress);

private:
  bool enabled_;
  bool shown_ = false;
  double last_drawn_ = 0;
  std::string label_;
};

} // namespace protocheck::cli
