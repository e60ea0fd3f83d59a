// What the subcommands share: error lines, the model chosen by name, its parameters as
// command-line options, and the options of a run (threads, limits, symmetry).
#pragma once

#include <protocheck/options.hpp>
#include <protocheck/registry.hpp>

#include <CLI/CLI.hpp>

#include <atomic>
#include <cstdint>
#include <exception>
#include <map>
#include <string>
#include <vector>

namespace protocheck::cli {

// Set by SIGINT (Ctrl-C) or SIGTERM; a run polls it and stops cleanly with a partial result.
const std::atomic<bool> &interrupt_flag();
void stop_on_signals();

// Prints "protocheck: message" on stderr and returns the bad-input exit code.
int fail(const std::string &message);
// The same for an exception that ended a command: bad input and model errors say what() alone,
// anything else "error: what()".
int fail(const std::exception &error);

// The ranks of a distributed run other than rank 0 print nothing: their standard output goes to
// /dev/null and fail() keeps quiet (rank 0 says the same).
void silence_output();
bool output_silenced();

// A count from the command line in low..high (`high_text` writes high for the message, "10^18");
// throws BadInput with a short line otherwise. Counts and limits are checked here rather than by
// CLI11 validators, whose messages repeat the type's whole range (a 309-digit maximum for a
// double).
std::uint64_t whole_number(const std::string &option, const std::string &text, std::uint64_t low,
                           std::uint64_t high, const std::string &high_text);

// A number from the command line in (low, high], or [low, high] when low_allowed; throws BadInput
// saying `range_text` otherwise ("seconds, more than 0 and at most 10^7").
double finite_number(const std::string &option, const std::string &text, double low,
                     bool low_allowed, double high, const std::string &range_text);

// "2..10", "flag", "a|b|c" or "text".
std::string describe_range(const ParamSpec &spec);

// `text` as one shell word in single quotes ('it'\''s'), for commands printed or run.
std::string shell_quoted(const std::string &text);

// A command that takes a model: one CLI11 subcommand per registered model, each with that model's
// parameters as options, so that `protocheck check om --help` lists them with ranges and defaults.
class ModelChoice {
public:
  // ranges: integer parameters may be given as "low..high" (sweeps).
  ModelChoice(CLI::App &command, const Registry &registry, bool ranges);

  // The subcommand of each model, to add the command's own options to it.
  const std::vector<CLI::App *> &model_commands() const { return model_commands_; }

  // After parsing: the chosen model. Throws BadInput for an unknown or missing model name and for
  // an unknown parameter.
  const ModelEntry &chosen() const;
  // The parameters as given (text; flags as "true"), ready for ParamValues::parse.
  std::map<std::string, std::string> given() const;

private:
  CLI::App &command_;
  const Registry &registry_;
  std::vector<CLI::App *> model_commands_;
  std::map<std::string, std::string> values_;
  std::map<std::string, std::string> flags_; // "true" when given bare, else as given (--lossy=0)
};

// Threads, symmetry and limits of a check; limits named with `prefix` ("--max-states" for check,
// "--cell-max-states" for sweep).
struct RunSettings {
  CheckOptions options;
  double max_memory_mb = 0;
  bool json = false;
  double progress_seconds = 0; // --progress: a progress line every this many seconds
  // Returns the "run options" group, for the command's own options.
  CLI::Option_group *add_to(CLI::App &command, const std::string &limit_prefix,
                            const std::string &limit_scope);
  double default_time_limit = 0; // shown in the help when set
  CheckOptions resolved() const;
};

} // namespace protocheck::cli
