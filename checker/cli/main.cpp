// protocheck command line: list models, check one, print the report.
#include "checker/options.hpp"
#include "checker/registry.hpp"
#include "checker/report/json.hpp"
#include "checker/report/text.hpp"

#include <CLI/CLI.hpp>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <thread>

namespace {

using namespace protocheck;

// The one piece of global state: a signal handler can only reach the run through a global.
std::atomic<bool> interrupted{false};
extern "C" void on_interrupt(int) { interrupted.store(true); }

int fail(const std::string &message) {
  std::cerr << "protocheck: " << message << "\n";
  return ExitBadInput;
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

int list_models(const Registry &registry) {
  std::size_t width = 0;
  for (const auto &entry : registry.entries())
    width = std::max(width, entry.name.size());
  for (const auto &entry : registry.entries()) {
    std::string name = entry.name;
    name.resize(width, ' ');
    std::cout << "  " << name << "  " << entry.summary << "\n";
  }
  return 0;
}

struct CheckCommand {
  std::map<std::string, std::string> values; // model parameters as given
  std::map<std::string, bool> flags;
  CheckOptions options;
  double max_memory_mb = 0;
  bool json = false;
  std::string trace_file;
  std::string format = "text";
};

// Adds one command-line option per model parameter, so --help lists them with ranges and defaults.
void add_model_options(CLI::App &command, const ModelEntry &entry, CheckCommand &check) {
  for (const ParamSpec &spec : entry.parameters) {
    const std::string flag = "--" + spec.name;
    if (spec.type == ParamType::Flag) {
      command.add_flag(flag, check.flags[spec.name], spec.help);
      continue;
    }
    std::string help = spec.help + " [" + describe_range(spec) + "]";
    if (!spec.default_value.empty())
      help += " (default " + spec.default_value + ")";
    command.add_option_function<std::string>(
        flag, [&check, name = spec.name](const std::string &value) { check.values[name] = value; },
        help);
  }
}

void add_run_options(CLI::App &command, CheckCommand &check) {
  check.options.threads = std::max(1u, std::thread::hardware_concurrency());
  command.add_option("--threads", check.options.threads, "worker threads (default: all cores)")
      ->check(CLI::Range(1, 127));
  command.add_flag("--all", check.options.all,
                   "keep exploring after a violation and decide every property");
  command.add_flag("--symmetry", check.options.symmetry,
                   "symmetry reduction, where the model declares it");
  command.add_option("--max-states", check.options.max_states, "stop after this many states")
      ->check(CLI::PositiveNumber);
  command.add_option("--time-limit", check.options.time_limit_seconds, "stop after this many seconds")
      ->check(CLI::PositiveNumber);
  command.add_option("--max-memory", check.max_memory_mb, "stop above this resident memory (MB)")
      ->check(CLI::PositiveNumber);
  command.add_flag("--json", check.json, "print the report as one JSON object");
  command.add_option("--trace", check.trace_file, "write the first counterexample to this file");
  command.add_option("--format", check.format, "counterexample format")
      ->check(CLI::IsMember({"text", "json"}));
}

const PropertyResult *first_trace(const CheckReport &report) {
  for (const auto &result : report.properties)
    if (result.trace && result.verdict == Verdict::Violated)
      return &result;
  for (const auto &result : report.properties)
    if (result.trace)
      return &result;
  return nullptr;
}

std::string render_trace_file(const CheckReport &report, const PropertyResult &result,
                              const std::string &format) {
  if (format == "json") {
    Json json;
    json["model"] = report.model;
    json["params"] = params_to_json(report.params);
    json["property"] = result.name;
    json["status"] = std::string(to_string(result.verdict));
    json["trace"] = to_json(*result.trace, report.processes);
    return json.dump(2) + "\n";
  }
  return render_text_trace(*result.trace);
}

int run_check(const ModelEntry &entry, CheckCommand &check) {
  for (const auto &[name, on] : check.flags)
    if (on)
      check.values[name] = "true";
  const ParamValues values = ParamValues::parse(entry.parameters, check.values);
  check.options.max_memory_bytes = static_cast<std::uint64_t>(check.max_memory_mb * (1 << 20));
  check.options.interrupt = &interrupted;
  std::signal(SIGINT, on_interrupt);
  const CheckReport report = entry.check(values, check.options);
  if (check.json)
    std::cout << to_json(report).dump(2) << "\n";
  else
    std::cout << render_text_report(report);
  if (!check.trace_file.empty()) {
    const PropertyResult *result = first_trace(report);
    if (result == nullptr) {
      std::cerr << "protocheck: no counterexample or witness to write to " << check.trace_file << "\n";
    } else {
      std::ofstream file(check.trace_file);
      file << render_trace_file(report, *result, check.format);
      if (!file)
        return fail("cannot write " + check.trace_file);
    }
  }
  return exit_code(report);
}

} // namespace

int main(int argc, char **argv) {
  try {
    const Registry registry = all_models();
    CLI::App app{"protocheck: exhaustive model checking of distributed protocols"};
    app.require_subcommand(1);
    CLI::App *list = app.add_subcommand("list", "list the models");
    CLI::App *check = app.add_subcommand("check", "explore a model and check its properties");

    // The model's own options depend on its name, so find the name before parsing.
    const ModelEntry *entry = nullptr;
    std::string model_name;
    if (argc >= 3 && std::string(argv[1]) == "check" && argv[2][0] != '-') {
      model_name = argv[2];
      entry = registry.find(model_name);
      if (entry == nullptr)
        return fail("unknown model '" + model_name + "' (protocheck list shows the models)");
    }
    CheckCommand command;
    check->add_option("model", model_name, "the model to check (see protocheck list)")->required();
    if (entry != nullptr)
      add_model_options(*check, *entry, command);
    add_run_options(*check, command);

    try {
      app.parse(argc, argv);
    } catch (const CLI::CallForHelp &) {
      const bool about_check = argc >= 2 && std::string(argv[1]) == "check";
      std::cout << (about_check ? check->help() : app.help());
      return 0;
    } catch (const CLI::ParseError &error) {
      return fail(error.what());
    }
    if (list->parsed())
      return list_models(registry);
    if (entry == nullptr)
      return fail("unknown model '" + model_name + "' (protocheck list shows the models)");
    return run_check(*entry, command);
  } catch (const BadInput &error) {
    return fail(error.what());
  } catch (const std::exception &error) {
    return fail(std::string("error: ") + error.what());
  }
}
