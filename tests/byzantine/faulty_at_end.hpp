// The faulty processes at the end of a checker's trace, found as charts find them: the trace is
// replayed through the model and the model's faulty() hook is asked about the last state.
#pragma once

#include "checker/trace_file.hpp"
#include <protocheck/engine/check.hpp>
#include <protocheck/engine/replay.hpp>

#include <catch2/catch.hpp>

#include <cstddef>
#include <set>

template <protocheck::DeclaresFaulty M>
std::set<std::size_t> faulty_at_end(const M &model, const protocheck::CheckReport &report,
                                    const protocheck::PropertyResult &result) {
  const protocheck::ReplayResult replayed =
      protocheck::replay_trace(model, protocheck::record_trace(result, report.processes));
  REQUIRE(replayed.confirmed);
  REQUIRE(replayed.faulty);
  return *replayed.faulty;
}
