// Golden files of what a user sees for the two counterexamples users ask for first: OM with
// n = 3, f = 1 (the impossibility of three generals) and Maekawa's deadlock on the slide's voting
// sets, as text reports and as sequence charts. The run's timing and memory lines vary from run to
// run and are left out; everything else (verdicts, counts, traces) must match to the byte, for 1
// and 2 threads alike.
//
// After an intended change of the output: PROTOCHECK_UPDATE_GOLDEN=1 ctest -R golden_test, then
// read the diff of tests/cli/golden/ before committing it.
#include "tests/cli/golden_file.hpp"
#include "tests/cli/run_binary.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>

using namespace protocheck::testing;

namespace {

// The report without its measurements: the "N states, ... s (... states/s, k threads)" line
// and the "memory: ..." line.
std::string without_measurements(const std::string &report) {
  std::istringstream lines(report);
  std::string line, kept;
  while (std::getline(lines, line)) {
    const bool stats = line.find(" states/s, ") != std::string::npos;
    const bool memory = line.starts_with("memory: ");
    if (!stats && !memory)
      kept += line + "\n";
  }
  return kept;
}

void check_golden(const std::string &name, const std::string &arguments, int expected_exit) {
  const std::string path = std::string(PROTOCHECK_SOURCE_DIR) + "/tests/cli/golden/" + name;
  for (const char *threads : {"1", "2"}) {
    const RunResult run = run_protocheck(arguments + " --threads " + threads);
    INFO("protocheck " << arguments << " --threads " << threads << "\n" << run.err);
    CHECK(run.exit_code == expected_exit);
    CHECK(run.err.empty());
    const std::string shown = without_measurements(run.out);
    compare_or_update_golden(path, shown);
  }
}

} // namespace

TEST_CASE("golden: OM n = 3, f = 1, the three generals' counterexample as text") {
  check_golden("om_n3_f1.txt", "check om --n 3 --f 1", 1);
}

TEST_CASE("golden: OM n = 3, f = 1 as a sequence chart") {
  check_golden("om_n3_f1_msc.txt", "check om --n 3 --f 1 --format msc", 1);
}

TEST_CASE("golden: Maekawa's deadlock on the slide's voting sets as text") {
  check_golden("maekawa_deadlock.txt", "check maekawa", 1);
}

TEST_CASE("golden: Maekawa's deadlock as a sequence chart") {
  check_golden("maekawa_deadlock_msc.txt", "check maekawa --format msc", 1);
}
