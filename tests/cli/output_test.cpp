// What protocheck writes: the --trace file checked before the run and written atomically, a stale
// trace removed, write errors on standard output reported, --version, and --progress lines.
#include "tests/cli/run_binary.hpp"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <sys/wait.h>

#include <filesystem>
#include <regex>

using namespace protocheck::testing;

namespace {

// Maekawa with its default quorums deadlocks: a run with a counterexample.
const std::string Violated = "check maekawa --threads 1";
// Totally ordered multicast with Lamport order: every property holds, nothing to trace (no
// witness, no bound).
const std::string Holds = "check ordered-multicast --threads 1";

// Runs the binary through the shell with `redirections` of its own (run_protocheck redirects
// stdout itself).
int run_with_redirections(const std::string &arguments, const std::string &redirections) {
  const std::string command = std::string(PROTOCHECK_BINARY) + " " + arguments + " " + redirections;
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::size_t files_in(const std::filesystem::path &directory) {
  std::size_t files = 0;
  for ([[maybe_unused]] const auto &entry : std::filesystem::directory_iterator(directory))
    ++files;
  return files;
}

} // namespace

TEST_CASE("an unwritable --trace is refused before the run, with one line") {
  for (const std::string file : {"/proc/x", "/nonexistent-directory/trace.txt"}) {
    const RunResult run = run_protocheck(Holds + " --trace " + file);
    INFO(run.err);
    CHECK(run.exit_code == 2);
    CHECK(run.out.empty()); // no run, so no report
    CHECK(count_lines(run.err) == 1);
    CHECK(run.err.starts_with("protocheck: cannot write " + file + ": "));
  }
  const RunResult directory = run_protocheck(Violated + " --trace /tmp");
  CHECK(directory.exit_code == 2);
  CHECK(directory.err == "protocheck: cannot write /tmp: Is a directory\n");
}

TEST_CASE("a trace is written atomically, leaving no temporary file behind") {
  const auto directory = scratch() / "atomic";
  std::filesystem::create_directories(directory);
  const auto trace = directory / "trace.txt";
  write_file(trace, "an old trace\n");
  const RunResult run = run_protocheck(Violated + " --trace " + trace.string());
  CHECK(run.exit_code == 1);
  CHECK(read_file(trace).find("deadlock") != std::string::npos);
  CHECK(files_in(directory) == 1);
}

TEST_CASE("a stale trace file is removed when the run has no trace, and stderr says so") {
  const auto trace = scratch() / "stale-trace.txt";
  write_file(trace, "a counterexample from an earlier run\n");
  const RunResult run = run_protocheck(Holds + " --trace " + trace.string());
  CHECK(run.exit_code == 0);
  CHECK_FALSE(std::filesystem::exists(trace));
  CHECK(run.err == "protocheck: no counterexample or witness to write; removed " + trace.string() +
                       ", left by an earlier run\n");
  // Without a stale file, the run only says there is nothing to write.
  const RunResult again = run_protocheck(Holds + " --trace " + trace.string());
  CHECK(again.exit_code == 0);
  CHECK(again.err ==
        "protocheck: no counterexample or witness to write to " + trace.string() + "\n");
}

TEST_CASE("check --trace-dir writes every trace of the run, one file per property") {
  const auto directory = scratch() / "every-trace";
  std::filesystem::create_directories(directory);
  write_file(directory / "IC1.svg", "an earlier run's counterexample to IC1\n");
  // IC2 is violated, all-bottom has a witness, and messages and rounds have runs reaching their
  // maximum; IC1 and termination hold, outvoted-lie is unreachable: four charts, and IC1's stale
  // one goes.
  const RunResult run = run_protocheck("check om --n 3 --f 1 --values 3 --tie bottom --format svg "
                                       "--trace-dir " +
                                       directory.string());
  CHECK(run.exit_code == 1);
  CHECK(run.err.empty());
  CHECK(files_in(directory) == 4); // and the runs reaching the bounds messages and rounds
  CHECK(read_file(directory / "messages.svg").find("maximum of messages") != std::string::npos);
  CHECK(read_file(directory / "IC2.svg").find("counterexample to IC2") != std::string::npos);
  CHECK(read_file(directory / "all-bottom.svg").find("witness for all-bottom") !=
        std::string::npos);
  CHECK_FALSE(std::filesystem::exists(directory / "IC1.svg"));
  // The other formats, named by extension: the JSON one is a trace file replay reads.
  const RunResult json = run_protocheck("check om --n 3 --f 1 --values 3 --tie bottom --format "
                                        "json --trace-dir " +
                                        directory.string());
  CHECK(json.exit_code == 1);
  CHECK(run_protocheck("replay " + (directory / "all-bottom.json").string()).exit_code == 0);
  CHECK(run_protocheck("check om --n 3 --f 1 --format msc --trace-dir " + directory.string())
            .exit_code == 1);
  CHECK(read_file(directory / "IC2.msc.txt").find("legend:") != std::string::npos);

  const RunResult both =
      run_protocheck("check om --n 3 --trace t.txt --trace-dir " + directory.string());
  CHECK(both.exit_code == 2);
  CHECK(both.err ==
        "protocheck: --trace writes one trace and --trace-dir every one: give one of them\n");
  const auto in_the_way = scratch() / "a-file";
  write_file(in_the_way, "not a directory\n");
  const RunResult blocked = run_protocheck("check om --n 3 --trace-dir " + in_the_way.string());
  CHECK(blocked.exit_code == 2);
  CHECK(blocked.err.rfind(
            "protocheck: --trace-dir " + in_the_way.string() + ": cannot make the directory", 0) ==
        0);
}

TEST_CASE("a write error on standard output is reported, with exit 2") {
  const auto err = scratch() / "full-stderr.txt";
  CHECK(run_with_redirections("check om --n 3 --f 1 --json", ">/dev/full 2>" + err.string()) == 2);
  CHECK(read_file(err) ==
        "protocheck: cannot write the report to standard output: No space left on device\n");
  CHECK(run_with_redirections("list", ">/dev/full 2>" + err.string()) == 2);
  CHECK(read_file(err).starts_with("protocheck: cannot write the report to standard output: "));
}

TEST_CASE("protocheck --version prints the version CMake's project() declares") {
  const RunResult run = run_protocheck("--version");
  CHECK(run.exit_code == 0);
  CHECK(std::regex_match(run.out, std::regex("protocheck [0-9]+\\.[0-9]+(\\.[0-9]+)*\n")));
}

TEST_CASE("check --progress prints periodic lines on stderr even with --json and no terminal") {
  const RunResult run =
      run_protocheck("check om --n 8 --f 2 --threads 1 --time-limit 2.5 --json --progress 0.5");
  CHECK(run.exit_code == 3);
  CHECK_NOTHROW(nlohmann::json::parse(run.out)); // stdout holds only the report
  const std::regex line("progress: exploring, [0-9,]+ states, [0-9,]+ states/s, depth [0-9]+, "
                        "frontier [0-9,]+, memory [0-9.]+ [KMG]i?B, [0-9.]+ (ms|s)\n");
  std::size_t lines = 0;
  for (std::sregex_iterator it(run.err.begin(), run.err.end(), line), end; it != end; ++it)
    ++lines;
  CHECK(lines >= 3); // 2.5 s, one every 0.5 s
  CHECK(lines <= 6);
  CHECK(lines == count_lines(run.err)); // nothing else on stderr
}

TEST_CASE("check --progress also reports the phases after exploration") {
  const RunResult run =
      run_protocheck("check itai-rodeh --n 6 --k 15 --rounds-report 20 --threads 2 --time-limit 3 "
                     "--progress 0.25 --json");
  CHECK(run.exit_code == 3);
  CHECK(std::regex_search(run.err, std::regex("progress: (deciding liveness|computing "
                                              "probabilities) after [0-9,]+ states to depth")));
}

TEST_CASE("a model's note on its instance is printed in the report and the JSON") {
  const RunResult text = run_protocheck("check lamport-clocks --n 2");
  CHECK(text.exit_code == 0);
  CHECK(text.out.find("\n  (note: with one event on each of two processes the converse happens "
                      "to hold on every run") != std::string::npos);
  const RunResult json = run_protocheck("check lamport-clocks --n 2 --json");
  const auto report = nlohmann::json::parse(json.out);
  REQUIRE(report.contains("notes"));
  REQUIRE(report["notes"].size() == 1);
  CHECK(report["notes"][0].get<std::string>().find("too small") != std::string::npos);
  // An instance that shows the claim has no note.
  CHECK(run_protocheck("check lamport-clocks --n 3").out.find("(note:") == std::string::npos);
  CHECK_FALSE(nlohmann::json::parse(run_protocheck("check lamport-clocks --n 3 --json").out)
                  .contains("notes"));
}
