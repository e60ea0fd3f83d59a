// The live progress line: on a terminal, after the first second, overwritten in place with \r and
// erased at the end; never when stderr is not a terminal or with --json.
#include "tests/cli/run_binary.hpp"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <regex>

using namespace protocheck::testing;

namespace {

// A run long enough to show progress: stopped by its time limit (exit 3).
const char *const LongRun[] = {
    PROTOCHECK_BINARY, "check", "om",           "--n", "8",      "--f",  "2",
    "--threads",       "1",     "--time-limit", "2.5", "--json", nullptr};

struct TerminalRun {
  int exit_code = -1;
  std::string err; // what the terminal on stderr received
};

// Runs the binary with stderr on a pseudo-terminal and stdout discarded.
TerminalRun run_on_terminal(bool json) {
  std::vector<const char *> arguments(std::begin(LongRun), std::end(LongRun));
  if (!json)
    arguments.erase(arguments.end() - 2); // drop "--json"
  int terminal = -1, device = -1;
  REQUIRE(openpty(&terminal, &device, nullptr, nullptr, nullptr) == 0);
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::close(terminal);
    ::dup2(device, STDERR_FILENO);
    const int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, STDOUT_FILENO);
    ::execv(arguments[0], const_cast<char *const *>(arguments.data()));
    ::_exit(127);
  }
  ::close(device);
  TerminalRun run;
  char buffer[4096];
  while (true) {
    const ssize_t got = ::read(terminal, buffer, sizeof buffer);
    if (got > 0)
      run.err.append(buffer, static_cast<std::size_t>(got));
    else if (got < 0 && errno == EINTR)
      continue;
    else
      break; // EIO once the child has closed the terminal
  }
  ::close(terminal);
  int status = 0;
  ::waitpid(child, &status, 0);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

} // namespace

TEST_CASE(
    "on a terminal a status line is redrawn in place, at most ~4 times a second, then erased") {
  const TerminalRun run = run_on_terminal(false);
  CHECK(run.exit_code == 3);
  const std::regex update(R"(\r[\d,]+ states, [\d,]+ states/s, depth \d+, frontier [\d,]+, )"
                          R"(memory [\d.]+ [KMG]iB, [\d.]+ (s|ms)\x1b\[K)");
  const auto updates = std::distance(std::sregex_iterator(run.err.begin(), run.err.end(), update),
                                     std::sregex_iterator());
  INFO(run.err);
  CHECK(updates >= 1);
  CHECK(updates <= 8); // 2.5 s: nothing in the first second, then at most one per 0.25 s
  CHECK(run.err.find('\n') == std::string::npos); // one line, overwritten, never scrolled
  CHECK(run.err.size() >= 4);
  CHECK(run.err.substr(run.err.size() - 4) == "\r\x1b[K"); // erased at the end
}

TEST_CASE("no status line with --json, nor when stderr is not a terminal") {
  const TerminalRun json = run_on_terminal(true);
  CHECK(json.exit_code == 3);
  CHECK(json.err.empty());
  const RunResult piped = run_protocheck("check om --n 8 --f 2 --threads 1 --time-limit 1.5");
  CHECK(piped.exit_code == 3);
  CHECK(piped.err.empty());
}
