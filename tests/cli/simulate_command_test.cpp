// protocheck simulate as a user runs it: exit codes, honest verdict words, the same output on any
// number of threads, a trace file that replay confirms, and one clear line for bad options.
#include "tests/cli/run_binary.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace protocheck::testing;

namespace {

// Everything but the last line, which gives the time and the threads.
std::string without_timing(const std::string &out) {
  const std::size_t last = out.rfind("time: ");
  return last == std::string::npos ? out : out.substr(0, last);
}

bool contains(const std::string &text, const std::string &part) {
  return text.find(part) != std::string::npos;
}

} // namespace

TEST_CASE("simulate: om n = 4, f = 1 finds nothing and says it is not a proof (exit 0)") {
  const RunResult run = run_protocheck("simulate om --n 4 --f 1 --runs 500 --threads 2");
  CHECK(run.exit_code == 0);
  CHECK(run.err.empty());
  CHECK(contains(run.out, "simulate om (n = 4, f = 1"));
  CHECK(contains(run.out, "IC1          always no violation in 500 runs (not a proof)"));
  CHECK(contains(run.out, "result: no violation found (a sample of executions, not a proof)"));
  CHECK(contains(run.out, "distinct states seen (by 64-bit hash)"));
  CHECK(!contains(run.out, "holds"));
  CHECK(contains(run.out, "time: "));
}

TEST_CASE("simulate: om n = 3, f = 1 prints the shrunk IC2 counterexample (exit 1)") {
  const RunResult run = run_protocheck("simulate om --n 3 --f 1 --runs 1000 --threads 2");
  CHECK(run.exit_code == 1);
  CHECK(contains(run.out, "IC2          always VIOLATED first in run "));
  CHECK(contains(run.out, "Counterexample to IC2 (validity: if the commander is loyal, every "
                          "loyal lieutenant obeys its order), 6 steps:"));
  CHECK(contains(run.out,
                 "=> IC2 violated: loyal commander ordered attack, loyal L1 decided retreat"));
  CHECK(contains(run.out, "result: violated"));
}

TEST_CASE("simulate: the same seed prints the same report on 1, 2 and 4 threads") {
  for (const std::string model : {"om --n 3 --f 1", "om --n 4 --f 1", "maekawa --n 3"}) {
    INFO(model);
    const RunResult one = run_protocheck("simulate " + model + " --runs 700 --seed 42 --threads 1");
    REQUIRE(one.exit_code <= 1);
    for (const std::string threads : {"2", "4"}) {
      const RunResult other =
          run_protocheck("simulate " + model + " --runs 700 --seed 42 --threads " + threads);
      CHECK(other.exit_code == one.exit_code);
      CHECK(without_timing(other.out) == without_timing(one.out));
    }
  }
}

TEST_CASE("simulate: the trace file of a shrunk counterexample replays") {
  const std::string file = (scratch() / "simulated-ic2.json").string();
  const RunResult run =
      run_protocheck("simulate om --n 3 --f 1 --runs 300 --trace " + file + " --format json");
  CHECK(run.exit_code == 1);
  const RunResult replayed = run_protocheck("replay " + file);
  CHECK(replayed.exit_code == 0);
  CHECK(contains(replayed.out, "confirmed"));
  // A later run without a violation removes it, as check does.
  const RunResult clean =
      run_protocheck("simulate om --n 4 --f 1 --runs 10 --trace " + file + " --format json");
  CHECK(clean.exit_code == 0);
  CHECK(contains(clean.err, "removed"));
  CHECK(!std::filesystem::exists(file));
}

TEST_CASE("simulate: bad options cost one line and exit 2") {
  const struct {
    std::string arguments;
    std::string message;
  } cases[] = {
      {"om --runs 0", "--runs needs a whole number from 1 to 10^12 (got '0')"},
      {"om --depth 0", "--depth needs a whole number from 1 to 10^9 (got '0')"},
      {"om --seed abc", "--seed needs a whole number from 0 to 2^64-1 (got 'abc')"},
      {"om --seed -1", "--seed needs a whole number from 0 to 2^64-1 (got '-1')"},
      {"om --runs 5x", "--runs needs a whole number"},
      {"om --threads 0", "--threads needs a whole number from 1 to 127"},
      {"om --time-limit -3", "--time-limit needs seconds"},
      {"om --format svg", "--format svg needs --trace FILE"},
      {"om --n 99", "n = 99 is out of range: n must be in 2..10"},
      {"nosuchmodel", "unknown model 'nosuchmodel'"},
      {"", "simulate needs a model"},
  };
  for (const auto &bad : cases) {
    INFO(bad.arguments);
    const RunResult run = run_protocheck("simulate " + bad.arguments);
    CHECK(run.exit_code == 2);
    CHECK(run.out.empty());
    CHECK(count_lines(run.err) == 1);
    CHECK(contains(run.err, bad.message));
  }
}
