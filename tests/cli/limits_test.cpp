// Limits and signals in every phase of a run: --time-limit, --max-memory, Ctrl-C (SIGINT) and
// SIGTERM stop exploration, liveness and probabilities alike, with one partial report (exit 3)
// that names the limit and the phase, and no verdict the run did not finish computing.
#include "tests/cli/run_binary.hpp"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

using namespace protocheck::testing;
using Json = nlohmann::json;

namespace {

// Itai-Rodeh on 6 processes with ids from 1..15 explores its ~290,000 states in 0.2 s (2 s on a
// loaded 2-core machine), then spends about 7 s on its probabilities with 20 rounds reported:
// 1/15 is no binary fraction, so they take exact rational arithmetic on the whole chain (with 16
// ids they take well under a second). On 5 processes, ~70,000 states, exploration needs under
// 30 MB and the probabilities over 50 MB.
const std::string LongAfterExploring =
    "check itai-rodeh --n 6 --k 15 --rounds-report 20 --threads 2";
const std::string MemoryAfterExploring = "check itai-rodeh --n 5 --k 15 --threads 2";

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

struct SignalledRun {
  int exit_code = -1;
  std::string out;
  std::string err;
  double seconds_after_signal = 0;
};

// Runs the binary with `arguments`, waits until its stderr shows `wait_for` (a progress line of
// the phase to interrupt) and half a second has passed, sends `signal`, and waits for it to end.
// Whether process `pid` has installed a handler for `signal` (Linux: the SigCgt mask of
// /proc/PID/status, one bit per signal, signal 1 in the lowest bit).
bool catches_signal(pid_t pid, int signal) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line))
    if (line.starts_with("SigCgt:"))
      return ((std::stoull(line.substr(7), nullptr, 16) >> (signal - 1)) & 1) != 0;
  return false;
}

SignalledRun run_and_signal(const std::vector<std::string> &arguments, const std::string &wait_for,
                            int signal) {
  const auto out = scratch() / "signalled-stdout.txt";
  const auto err = scratch() / "signalled-stderr.txt";
  std::vector<const char *> argv{PROTOCHECK_BINARY};
  for (const std::string &argument : arguments)
    argv.push_back(argument.c_str());
  argv.push_back(nullptr);
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    const int out_fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err_fd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(out_fd, STDOUT_FILENO);
    ::dup2(err_fd, STDERR_FILENO);
    ::execv(argv[0], const_cast<char *const *>(argv.data()));
    ::_exit(127);
  }
  const auto started = Clock::now();
  // The signal is sent once the child handles it (a slow start, under a sanitizer or on a busy
  // machine, would otherwise meet the default action and kill it) and has printed `wait_for`.
  while ((seconds_since(started) < 0.5 || !catches_signal(child, signal) ||
          read_file(err).find(wait_for) == std::string::npos) &&
         seconds_since(started) < 20)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  const auto signalled = Clock::now();
  ::kill(child, signal);
  int status = 0;
  ::waitpid(child, &status, 0);
  SignalledRun run;
  run.seconds_after_signal = seconds_since(signalled);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.out = read_file(out);
  run.err = read_file(err);
  return run;
}

bool stopped_after_exploring(const std::string &reason) {
  return reason.find("while deciding liveness") != std::string::npos ||
         reason.find("while computing probabilities") != std::string::npos;
}

// No property of a stopped run that was cut short in liveness or probabilities is reported as
// decided: at least the "eventually elected" property is unknown.
void check_undecided_liveness(const Json &report) {
  bool unknown_liveness = false;
  for (const Json &property : report["properties"])
    if (property["kind"] != "always" && property["status"] == "unknown")
      unknown_liveness = true;
  CHECK(unknown_liveness);
}

} // namespace

TEST_CASE("check --time-limit stops a run while deciding liveness or probabilities") {
  const auto started = Clock::now();
  const RunResult run = run_protocheck(LongAfterExploring + " --time-limit 3 --json");
  const double seconds = seconds_since(started);
  CHECK(run.exit_code == 3);
  CHECK(seconds < 5);
  const Json report = Json::parse(run.out);
  CHECK(report["result"] == "partial");
  const std::string reason = report["partial_reason"];
  INFO(reason);
  CHECK(reason.starts_with("stopped by --time-limit 3.00 s while "));
  CHECK(stopped_after_exploring(reason));
  check_undecided_liveness(report);
}

TEST_CASE("check --max-memory stops a run after exploration, in the phase that passes it") {
  // Exploration with the state graph stays near 30 MB; the exact arithmetic after it grows past
  // 50 MB.
  const RunResult run = run_protocheck(MemoryAfterExploring + " --max-memory 45 --json");
  CHECK(run.exit_code == 3);
  const Json report = Json::parse(run.out);
  CHECK(report["result"] == "partial");
  const std::string reason = report["partial_reason"];
  INFO(reason);
  CHECK(reason.starts_with("stopped by --max-memory 45 MB "));
#ifndef __SANITIZE_ADDRESS__
  // AddressSanitizer's shadow memory puts the process above 45 MB from the start, so only an
  // uninstrumented build can show which phase passes the limit.
  CHECK(reason.starts_with("stopped by --max-memory 45 MB while "));
  CHECK(stopped_after_exploring(reason));
#endif
}

TEST_CASE("a sweep's per-cell time limit also covers liveness and probabilities") {
  const auto started = Clock::now();
  const RunResult run = run_protocheck(
      "sweep itai-rodeh --n 5..6 --k 15 --rounds-report 20 --threads 2 --cell-time-limit 1 --json");
  const double seconds = seconds_since(started);
  CHECK(run.exit_code == 3);
  CHECK(seconds < 5);
  const Json sweep = Json::parse(run.out);
  INFO(sweep.dump(2));
  bool stopped_late = false;
  for (const Json &cell : sweep["cells"])
    if (cell.contains("partial_reason") && stopped_after_exploring(cell["partial_reason"]))
      stopped_late = true;
  CHECK(stopped_late);
}

TEST_CASE("Ctrl-C while deciding liveness or probabilities gives a partial report") {
  const SignalledRun run =
      run_and_signal({"check", "itai-rodeh", "--n", "6", "--k", "15", "--rounds-report", "20",
                      "--threads", "2", "--progress", "0.1", "--json"},
                     "progress: computing probabilities", SIGINT);
  CHECK(run.exit_code == 3);
  CHECK(run.seconds_after_signal < 1.5);
  const Json report = Json::parse(run.out);
  CHECK(report["result"] == "partial");
  const std::string reason = report["partial_reason"];
  INFO(reason);
  CHECK(reason.starts_with("interrupted while "));
  CHECK(stopped_after_exploring(reason));
  check_undecided_liveness(report);
}

TEST_CASE("SIGTERM is handled like Ctrl-C, so `timeout` keeps the partial result") {
  const SignalledRun run =
      run_and_signal({"check", "itai-rodeh", "--n", "6", "--k", "15", "--rounds-report", "20",
                      "--threads", "2", "--progress", "0.1"},
                     "progress: computing probabilities", SIGTERM);
  CHECK(run.exit_code == 3);
  CHECK(run.seconds_after_signal < 1.5);
  CHECK(run.out.find("result: partial (interrupted ") != std::string::npos);
}

TEST_CASE("SIGTERM during exploration also gives the partial report") {
  const SignalledRun run = run_and_signal(
      {"check", "om", "--n", "8", "--f", "2", "--threads", "1", "--progress", "0.1", "--json"},
      "progress: exploring", SIGTERM);
  CHECK(run.exit_code == 3);
  CHECK(run.seconds_after_signal < 1.5);
  const Json report = Json::parse(run.out);
  CHECK(report["result"] == "partial");
  CHECK(std::string(report["partial_reason"]).starts_with("interrupted after "));
}

TEST_CASE("graph stops on Ctrl-C with one line and writes nothing") {
  const auto dot = scratch() / "interrupted.dot";
  std::filesystem::remove(dot);
  // A graph far too large to draw, under a limit that lets the explorer run for long.
  const SignalledRun run = run_and_signal({"graph", "om", "--n", "8", "--f", "2", "--threads", "1",
                                           "--max-states", "100000000", "--dot", dot.string()},
                                          "", SIGINT);
  CHECK(run.exit_code == 3);
  CHECK(run.seconds_after_signal < 1.5);
  CHECK(count_lines(run.err) == 1);
  CHECK(run.err.starts_with("protocheck: interrupted after "));
  CHECK_FALSE(std::filesystem::exists(dot));
}
