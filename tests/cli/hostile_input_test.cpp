// Hostile input: every probe that once crashed, hung, or was silently taken as a default or as "no
// limit" is refused with exit code 2 and one short line saying what to do; a trace file cannot
// drive the terminal, and its step descriptions must be the model's.
#include "tests/cli/run_binary.hpp"
#include "tests/cli/trace_files.hpp"

#include <protocheck/params.hpp>

#include "checker/report/json.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <chrono>

using namespace protocheck;
using namespace protocheck::testing;

namespace {

// Exit 2, nothing on stdout, one line on stderr that says `what`, short enough to read.
void require_refused(const RunResult &run, const std::string &what) {
  INFO(run.err);
  CHECK(run.exit_code == 2);
  CHECK(run.out.empty());
  CHECK(count_lines(run.err) == 1);
  CHECK(run.err.find(what) != std::string::npos);
  CHECK(run.err.size() < 200);
}

std::string nested_arrays(std::size_t depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}

} // namespace

TEST_CASE("replay refuses deeply nested JSON instead of overflowing the stack") {
  std::string text = om_trace_file().dump();
  text.insert(1, "\"extra\": " + nested_arrays(150'000) + ", ");
  require_refused(replay_text(text), "nested more than 64 levels deep");

  // The limit is on nesting, not on extra keys: a shallow extra key is ignored.
  std::string shallow = om_trace_file().dump();
  shallow.insert(1, "\"extra\": " + nested_arrays(10) + ", ");
  const RunResult run = replay_text(shallow);
  CHECK(run.exit_code == 0);
  CHECK(run.out.find("confirmed: ") != std::string::npos);
}

TEST_CASE("an empty parameter value is refused, naming what it takes") {
  require_refused(run_protocheck("check om --values ''"), "--values needs a value: 2 or 3");
  require_refused(run_protocheck("check om --tie ''"), "--tie needs a value: retreat or bottom");
  require_refused(run_protocheck("check om --m ''"), "--m needs a value: 0..9");
  require_refused(run_protocheck("check om --n ''"), "--n needs a value: 2..10");
  require_refused(run_protocheck("check pbft --quorum ''"), "--quorum needs a value: 1..");
  require_refused(run_protocheck("check maekawa --sets ''"),
                  "--sets needs a value: voting sets V_1..V_n as process numbers, such as "
                  "1,2;2,3;3,1 (or leave it out for the default)");
  require_refused(run_protocheck("sweep om --n '' --f 0..1"), "--n needs a value: 2..10");
  require_refused(run_protocheck("graph om --n '' --dot " + (scratch() / "g.dot").string()),
                  "--n needs a value: 2..10");
}

TEST_CASE("a flag takes true, false, 1 or 0, and nothing else") {
  require_refused(run_protocheck("check om --exact-traitors=2"),
                  "--exact-traitors is a flag: give it alone, or as --exact-traitors=true or "
                  "=false (got '2')");
  require_refused(run_protocheck("check pbft --lossy=2"), "--lossy is a flag");
  require_refused(run_protocheck("check pbft --lossy=yes"), "(got 'yes')");

  // The accepted spellings mean what they say: the report's parameters show the flag's value.
  const auto exact = [](const std::string &flag) {
    const RunResult run = run_protocheck("check om --n 3 --f 1 --threads 1 --json " + flag);
    REQUIRE(run.exit_code == 1);
    return Json::parse(run.out)["params"]["exact-traitors"];
  };
  CHECK(exact("") == false);
  CHECK(exact("--exact-traitors") == true);
  CHECK(exact("--exact-traitors=true") == true);
  CHECK(exact("--exact-traitors=1") == true);
  CHECK(exact("--exact-traitors=false") == false);
  CHECK(exact("--exact-traitors=0") == false);
}

TEST_CASE("limits must be finite, positive and within range") {
  require_refused(run_protocheck("check om --time-limit nan"),
                  "--time-limit needs seconds, more than 0 and at most 10^7 (got 'nan')");
  require_refused(run_protocheck("check om --time-limit inf"), "(got 'inf')");
  require_refused(run_protocheck("check om --time-limit -1"), "(got '-1')");
  require_refused(run_protocheck("check om --time-limit 0"), "(got '0')");
  require_refused(run_protocheck("check om --max-states 18446744073709551616"),
                  "--max-states needs a whole number from 1 to 10^18 (got '18446744073709551616')");
  require_refused(run_protocheck("check om --max-states 0"),
                  "--max-states needs a whole number from 1 to 10^18 (got '0')");
  require_refused(run_protocheck("check om --max-states 1e6"), "(got '1e6')");
  require_refused(run_protocheck("check om --max-memory 0.0000001"),
                  "--max-memory needs megabytes, from 1 to 16777216 (16 TiB) (got '0.0000001')");
  require_refused(run_protocheck("check om --max-memory ''"), "--max-memory needs megabytes");
  require_refused(run_protocheck("check om --threads 0"),
                  "--threads needs a whole number from 1 to 127 (got '0')");
  require_refused(run_protocheck("sweep om --n 3..4 --cell-time-limit nan"),
                  "--cell-time-limit needs seconds");
  require_refused(run_protocheck("graph om --max-states 0 --dot " + (scratch() / "g.dot").string()),
                  "--max-states needs a whole number from 1 to 10^9 (got '0')");
  // A value far too long to repeat is cut short in the message.
  require_refused(run_protocheck("check om --max-states " + std::string(309, '9')),
                  "(309 characters)");

  // Values in range still work: the smallest memory limit and a tiny state limit stop the run.
  const RunResult limited = run_protocheck("check om --n 4 --f 1 --threads 1 --max-states 5");
  CHECK(limited.exit_code == 3);
  CHECK(run_protocheck("check om --n 3 --f 0 --threads 1 --max-memory 1 --time-limit 1e-3")
            .exit_code != 2);
}

TEST_CASE("list and replay refuse extra arguments") {
  require_refused(run_protocheck("list om"),
                  "list takes no arguments (got 'om'); protocheck check om --help lists");
  require_refused(run_protocheck("list --verbose"), "list takes no arguments (got '--verbose')");
  const auto file = scratch() / "om.json";
  write_file(file, om_trace_file().dump());
  require_refused(run_protocheck("replay " + file.string() + " extra"),
                  "replay takes one trace file, not 'extra' too");
  CHECK(run_protocheck("replay " + file.string()).exit_code == 0);
}

TEST_CASE("replay reads only regular files, and at most 64 MiB") {
  const auto started = std::chrono::steady_clock::now();
  require_refused(run_protocheck("replay /dev/zero"), "/dev/zero is not a regular file");
  const auto fifo = scratch() / "fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  require_refused(run_protocheck("replay " + fifo.string()), "is not a regular file");
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(10));

  const auto large = scratch() / "large.json";
  write_file(large, "{");
  std::filesystem::resize_file(large, (std::size_t{64} << 20) + 1);
  require_refused(run_protocheck("replay " + large.string()), "is larger than 64 MiB");
}

TEST_CASE("replay prints no control characters from the file") {
  Json file = om_trace_file();
  file["property"] = "IC2\x1b]0;owned\x07\x1b[2J";
  RunResult run = replay_text(file.dump());
  CHECK(run.exit_code == 2);
  CHECK(run.err.find('\x1b') == std::string::npos);
  CHECK(run.err.find("IC2\\x1b]0;owned\\x07\\x1b[2J") != std::string::npos);
  CHECK(count_lines(run.err) == 1);

  file = om_trace_file();
  file["trace"]["steps"][0]["action"] = "C -> L1\n\x1b[31mforged line\x1b[0m";
  run = replay_text(file.dump());
  CHECK(run.exit_code == 1);
  CHECK(run.out.find('\x1b') == std::string::npos);
  CHECK(count_lines(run.out) == 2); // the heading and the verdict, nothing the file adds
  CHECK(run.out.find("\\x0a\\x1b[31mforged line") != std::string::npos);

  file = om_trace_file();
  // U+009B, the one-character CSI some terminals obey, in UTF-8.
  file["model"] = std::string("om\xc2\x9b") + "31m";
  run = replay_text(file.dump());
  require_refused(run, "unknown model 'om\\x9b31m'");
}

TEST_CASE("replay compares each step's description with the model's") {
  const Json file = om_trace_file();
  const Json &steps = file["trace"]["steps"];
  // The commander's order to L1 (step 1 or 2), relabelled with the other order.
  std::size_t order = steps.size();
  for (std::size_t k = 0; k < steps.size() && order == steps.size(); ++k)
    if (steps[k]["action"].get<std::string>().rfind("C -> L1", 0) == 0)
      order = k;
  REQUIRE(order < steps.size());
  const std::string told = steps[order]["action"];
  const bool attack = told.find("attack") != std::string::npos;
  std::string forged = told;
  forged.replace(forged.find(attack ? "attack" : "retreat"), attack ? 6 : 7,
                 attack ? "retreat" : "attack");
  Json relabelled = file;
  relabelled["trace"]["steps"][order]["action"] = forged;
  const RunResult run = replay_text(relabelled.dump());
  INFO(run.out);
  CHECK(run.exit_code == 1);
  CHECK(run.out.find("NOT confirmed: step " + std::to_string(order + 1) + " says '" + forged +
                     "', but the model describes its event as '" + told + "'") !=
        std::string::npos);

  // A file without action texts is still checked by events and changes alone.
  Json silent = file;
  for (Json &step : silent["trace"]["steps"])
    step.erase("action");
  CHECK(replay_text(silent.dump()).exit_code == 0);
}
