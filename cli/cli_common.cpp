#include "cli/cli_common.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <thread>

namespace protocheck::cli {
namespace {

// The one piece of global state: a signal handler can reach the run only through a global.
std::atomic<bool> interrupted{false};
bool silenced = false;
extern "C" void on_stop_signal(int) { interrupted.store(true); }

std::string parameter_help(const ParamSpec &spec, bool ranges) {
  std::string help = spec.help;
  if (!spec.default_value.empty())
    help += " (default " + spec.default_value + ")";
  if (ranges && spec.type == ParamType::Integer)
    help += "; a value or a range low..high";
  return help;
}

std::string known_parameters(const ModelEntry &entry) {
  std::string names;
  for (const ParamSpec &spec : entry.parameters)
    names += (names.empty() ? "--" : ", --") + spec.name;
  return names.empty() ? "no parameters" : names;
}

// Limits far beyond any machine, so that a typo fails instead of meaning "no limit".
constexpr std::uint64_t MostStates = 1'000'000'000'000'000'000;
constexpr double LongestSeconds = 1e7;       // about 115 days
constexpr double MostMegabytes = 16'777'216; // 16 TiB

} // namespace

const std::atomic<bool> &interrupt_flag() { return interrupted; }
void stop_on_signals() {
  // SIGTERM too: `timeout` and service managers send it, and expect the partial result.
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
}

double finite_number(const std::string &option, const std::string &text, double low,
                     bool low_allowed, double high, const std::string &range_text) {
  double value = 0;
  const char *end = text.data() + text.size();
  const auto [last, error] = std::from_chars(text.data(), end, value);
  const bool in_range =
      std::isfinite(value) && (low_allowed ? value >= low : value > low) && value <= high;
  if (text.empty() || error != std::errc() || last != end || !in_range)
    throw BadInput(option + " needs " + range_text + " (got " + in_quotes(text) + ")");
  return value;
}

int fail(const std::string &message) {
  if (!silenced)
    std::cerr << "protocheck: " << message << "\n";
  return ExitBadInput;
}

int fail(const std::exception &error) {
  if (dynamic_cast<const BadInput *>(&error) != nullptr ||
      dynamic_cast<const ModelError *>(&error) != nullptr)
    return fail(std::string(error.what()));
  return fail(std::string("error: ") + error.what());
}

void silence_output() {
  silenced = true;
  if (std::freopen("/dev/null", "w", stdout) == nullptr)
    std::cout.setstate(std::ios::badbit);
}
bool output_silenced() { return silenced; }

std::uint64_t whole_number(const std::string &option, const std::string &text, std::uint64_t low,
                           std::uint64_t high, const std::string &high_text) {
  std::uint64_t value = 0;
  const char *end = text.data() + text.size();
  const auto [last, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc() || last != end || value < low || value > high)
    throw BadInput(option + " needs a whole number from " + std::to_string(low) + " to " +
                   high_text + " (got " + in_quotes(text) + ")");
  return value;
}

std::string describe_range(const ParamSpec &spec) {
  switch (spec.type) {
  case ParamType::Integer:
    return std::to_string(spec.min) + ".." + std::to_string(spec.max);
  case ParamType::Flag:
    return "flag";
  case ParamType::Choice: {
    std::string out;
    for (const auto &choice : spec.choices)
      out += (out.empty() ? "" : "|") + choice;
    return out;
  }
  case ParamType::Text:
    return "text";
  }
  return "";
}

ModelChoice::ModelChoice(CLI::App &command, const Registry &registry, bool ranges)
    : command_(command), registry_(registry) {
  // An unknown model name stays in the command's leftovers, so chosen() can name it.
  command.require_subcommand(0, 1);
  command.allow_extras();
  for (const ModelEntry &entry : registry.entries()) {
    CLI::App *model = command.add_subcommand(entry.name, entry.summary);
    // Unknown parameters stay in the leftovers too, to be reported in the model's own words.
    model->allow_extras();
    CLI::Option_group *group = model->add_option_group("model parameters");
    for (const ParamSpec &spec : entry.parameters) {
      const std::string flag = "--" + spec.name;
      if (spec.type == ParamType::Flag) {
        // Taken as text, so that ParamValues::parse refuses --lossy=2 instead of reading true.
        group->add_flag(flag, flags_[spec.name], spec.help);
        continue;
      }
      group
          ->add_option_function<std::string>(
              flag, [this, name = spec.name](const std::string &value) { values_[name] = value; },
              parameter_help(spec, ranges))
          ->type_name(describe_range(spec));
    }
    model_commands_.push_back(model);
  }
}

const ModelEntry &ModelChoice::chosen() const {
  const std::string usage = "protocheck " + command_.get_name() + " <model> [options]";
  const auto before_model = command_.remaining();
  if (!before_model.empty() && before_model.front().starts_with("-"))
    throw BadInput("options go after the model name: " + usage);
  for (CLI::App *model : model_commands_) {
    if (!model->parsed())
      continue;
    const ModelEntry &entry = *registry_.find(model->get_name());
    // Before a sweep splits ranges, which would call an empty value "not a whole number".
    for (const ParamSpec &spec : entry.parameters)
      if (const auto found = values_.find(spec.name); found != values_.end())
        require_value(spec, found->second);
    const auto extras = model->remaining();
    if (!extras.empty()) {
      const std::string &word = extras.front();
      if (!word.starts_with("--"))
        throw BadInput("unexpected argument '" + word + "' (usage: " + usage + ")");
      const std::string name = word.substr(2, word.find('=') - 2);
      throw BadInput("unknown parameter --" + name + " for model " + entry.name + " (it takes " +
                     known_parameters(entry) + "; protocheck " + command_.get_name() + " " +
                     entry.name + " --help lists every option)");
    }
    return entry;
  }
  if (before_model.empty())
    throw BadInput(command_.get_name() + " needs a model: " + usage +
                   " (protocheck list shows the models)");
  throw BadInput("unknown model '" + before_model.front() + "' (protocheck list shows the models)");
}

std::map<std::string, std::string> ModelChoice::given() const {
  std::map<std::string, std::string> given = values_;
  for (const auto &[name, value] : flags_)
    if (!value.empty())
      given[name] = value;
  return given;
}

CLI::Option_group *RunSettings::add_to(CLI::App &command, const std::string &limit_prefix,
                                       const std::string &limit_scope) {
  options.threads = std::max(1u, std::thread::hardware_concurrency());
  CLI::Option_group *group = command.add_option_group("run options");
  group
      ->add_option_function<std::string>(
          "--threads",
          [this](const std::string &text) {
            options.threads = unsigned(whole_number("--threads", text, 1, 127, "127"));
          },
          "worker threads (default: all cores)")
      ->type_name("1..127");
  group->add_flag("--symmetry", options.symmetry,
                  "symmetry reduction, where the model declares it");
  group->add_flag("--fingerprints", options.fingerprints,
                  "keep 64-bit fingerprints instead of states (less memory; a hash collision may "
                  "hide a state, with the probability reported)");
  group
      ->add_option_function<std::string>(
          "--storage",
          [this](const std::string &text) {
            if (text == "auto")
              options.storage = StateStorage::Automatic;
            else if (text == "whole")
              options.storage = StateStorage::Whole;
            else if (text == "tree")
              options.storage = StateStorage::Tree;
            else
              throw BadInput("--storage needs auto, whole or tree (got " + in_quotes(text) + ")");
          },
          "how states are kept: whole, or tree-compressed (exact; far smaller for large states); "
          "auto: the tree for states of 64 bytes or more")
      ->type_name("auto|whole|tree");
  const std::string max_states = "--" + limit_prefix + "max-states";
  group
      ->add_option_function<std::string>(
          max_states,
          [this, max_states](const std::string &text) {
            options.max_states = whole_number(max_states, text, 1, MostStates, "10^18");
          },
          "stop " + limit_scope + " after this many states")
      ->type_name("N");
  const std::string time_limit = "--" + limit_prefix + "time-limit";
  group
      ->add_option_function<std::string>(
          time_limit,
          [this, time_limit](const std::string &text) {
            options.time_limit_seconds = finite_number(time_limit, text, 0, false, LongestSeconds,
                                                       "seconds, more than 0 and at most 10^7");
          },
          "stop " + limit_scope + " after this many seconds" +
              (default_time_limit > 0 ? " (default " + std::to_string(int(default_time_limit)) + ")"
                                      : ""))
      ->type_name("SECONDS");
  const std::string max_memory = "--" + limit_prefix + "max-memory";
  group
      ->add_option_function<std::string>(
          max_memory,
          [this, max_memory](const std::string &text) {
            max_memory_mb = finite_number(max_memory, text, 1, true, MostMegabytes,
                                          "megabytes, from 1 to 16777216 (16 TiB)");
          },
          "stop " + limit_scope + " above this resident memory")
      ->type_name("MB");
  group->add_flag("--json", json, "print the result as one JSON object");
  group
      ->add_option_function<std::string>(
          "--progress",
          [this](const std::string &text) {
            progress_seconds = finite_number("--progress", text, 0, false, LongestSeconds,
                                             "seconds, more than 0 and at most 10^7");
          },
          "print a progress line on stderr every this many seconds, even when stderr is not a "
          "terminal and with --json (states, depth, states/s, memory, phase)")
      ->type_name("SECONDS");
  return group;
}

CheckOptions RunSettings::resolved() const {
  CheckOptions resolved = options;
  resolved.max_memory_bytes = static_cast<std::uint64_t>(max_memory_mb * (1 << 20));
  resolved.interrupt = &interrupt_flag();
  return resolved;
}

std::string shell_quoted(const std::string &text) {
  std::string quoted = "'";
  for (const char c : text)
    quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

} // namespace protocheck::cli
