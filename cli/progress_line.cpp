#include "cli/progress_line.hpp"

#include <protocheck/engine/run_limits.hpp>
#include <protocheck/engine/trace_text.hpp>

#include <unistd.h>

#include <cstdio>

namespace protocheck::cli {
namespace {

constexpr double FirstUpdate = 1.0;     // seconds: short runs show nothing
constexpr double UpdateInterval = 0.25; // seconds between redraws

// 12345678 -> "12,345,678"
std::string grouped(std::uint64_t number) {
  std::string digits = std::to_string(number);
  for (std::size_t i = digits.size(); i > 3; i -= 3)
    digits.insert(i - 3, ",");
  return digits;
}

} // namespace

ProgressLine::ProgressLine(bool live, double every_seconds)
    : enabled_(every_seconds > 0 || (live && isatty(STDERR_FILENO) == 1)),
      every_seconds_(every_seconds) {}

std::string ProgressLine::format(const Progress &progress) {
  if (progress.phase != PhaseExploring)
    return std::string(progress.phase) + " after " + grouped(progress.states) +
           " states to depth " + std::to_string(progress.depth) + ", memory " +
           format_bytes(progress.memory_bytes) + ", " + format_seconds(progress.seconds);
  const double rate =
      progress.seconds > 0 ? static_cast<double>(progress.states) / progress.seconds : 0;
  return grouped(progress.states) + " states, " + grouped(static_cast<std::uint64_t>(rate)) +
         " states/s, depth " + std::to_string(progress.depth) + ", frontier " +
         grouped(progress.frontier) + ", memory " + format_bytes(progress.memory_bytes) + ", " +
         format_seconds(progress.seconds);
}

void ProgressLine::update(const Progress &progress) {
  if (every_seconds_ > 0) {
    if (progress.seconds - last_drawn_ < every_seconds_)
      return;
    const std::string phase =
        progress.phase == PhaseExploring ? std::string(PhaseExploring) + ", " : "";
    const std::string line = "progress: " + label_ + phase + format(progress) + "\n";
    std::fputs(line.c_str(), stderr);
    std::fflush(stderr);
    last_drawn_ = progress.seconds;
    return;
  }
  if (!enabled_ || progress.seconds < FirstUpdate ||
      (shown_ && progress.seconds - last_drawn_ < UpdateInterval))
    return;
  // "\033[K" erases what a longer previous line left behind.
  const std::string line = "\r" + label_ + format(progress) + "\033[K";
  std::fputs(line.c_str(), stderr);
  std::fflush(stderr);
  shown_ = true;
  last_drawn_ = progress.seconds;
}

void ProgressLine::clear() {
  if (!shown_)
    return;
  std::fputs("\r\033[K", stderr);
  std::fflush(stderr);
  shown_ = false;
}

} // namespace protocheck::cli
