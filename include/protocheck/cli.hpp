// The whole protocheck command line as one call, so that a program holding its own models gets
// every subcommand and option the protocheck executable has (check, sweep, replay, graph, --json,
// charts, symmetry, fingerprints, limits) and the same exit codes:
//
//     int main(int argc, char **argv) {
//       protocheck::Registry models;
//       models.add<TwoPhaseCommit>("two-phase-commit", "Two-phase commit, coordinator may crash");
//       return protocheck::run_cli(argc, argv, models);
//     }
#pragma once

#include <protocheck/registry.hpp>

namespace protocheck {

// Parses argv, runs the chosen subcommand over `registry`, and returns the exit code: 0 every
// property holds, 1 a property is violated, 2 bad input (or a model that threw), 3 a limit
// stopped the run.
int run_cli(int argc, char **argv, const Registry &registry);

} // namespace protocheck
