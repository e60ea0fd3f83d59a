// Trace files for the replay tests: one written by the binary, and replay run on any text.
#pragma once

#include "tests/cli/run_binary.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

namespace protocheck::testing {

// The OM n = 3, f = 1 counterexample as the binary writes it, to corrupt or replay.
inline nlohmann::ordered_json om_trace_file() {
  const auto file = scratch() / "om.json";
  const RunResult run = run_protocheck("check om --n 3 --f 1 --threads 1 --trace " + file.string() +
                                       " --format json");
  REQUIRE(run.exit_code == 1);
  return nlohmann::ordered_json::parse(read_file(file));
}

// `protocheck replay` on a file holding `text`.
inline RunResult replay_text(const std::string &text) {
  const auto file = scratch() / "replayed.json";
  write_file(file, text);
  return run_protocheck("replay " + file.string());
}

} // namespace protocheck::testing
