// protocheck replay FILE: re-execute a JSON trace file against its model and confirm it, or say
// which step is not a legal transition. Exit 0: confirmed; 1: not a valid trace; 2: bad input.
#include "cli/commands.hpp"
#include "checker/trace_file.hpp"

#include <fstream>
#include <iostream>
#include <sstream>

namespace protocheck::cli {
namespace {

std::string params_text(const ParamValues &values) {
  std::string text;
  for (const auto &[name, value] : values.all())
    text += (text.empty() ? "" : ", ") + name + " = " + value;
  return text;
}

// nlohmann's messages start with "[json.exception.parse_error.101] "; the rest is the useful part.
std::string without_exception_tag(const std::string &message) {
  const auto end = message.find("] ");
  return message.starts_with("[json.exception") && end != std::string::npos
             ? message.substr(end + 2)
             : message;
}

class ReplayCommand final : public Command {
public:
  ReplayCommand(CLI::App &parent, const Registry &registry)
      : app_(*parent.add_subcommand(
            "replay", "re-execute a trace file written by check --trace FILE --format json and "
                      "confirm every step and the verdict")),
        registry_(registry) {
    app_.add_option("file", file_, "the JSON trace file")->required();
  }

  CLI::App &app() override { return app_; }

  int run() override {
    const TraceFile trace = read_file();
    const ModelEntry *entry = registry_.find(trace.model);
    if (entry == nullptr)
      throw BadInput(file_ + ": unknown model '" + trace.model +
                     "' (protocheck list shows the models)");
    ParamValues values;
    try {
      values = ParamValues::parse(entry->parameters, trace.params);
    } catch (const BadInput &error) {
      throw BadInput(file_ + ": " + error.what());
    }
    ReplayResult result;
    try {
      result = entry->replay(values, trace.trace);
    } catch (const BadInput &error) {
      throw BadInput(file_ + ": " + error.what());
    }
    const std::size_t steps = trace.trace.steps.size();
    std::cout << "replay " << trace.model << " (" << params_text(values)
              << "): " << trace.trace.property << ", " << steps << (steps == 1 ? " step" : " steps")
              << "\n";
    if (result.confirmed) {
      std::cout << "confirmed: " << result.message << "\n";
      return ExitHolds;
    }
    std::cout << "NOT confirmed: " << result.message << "\n";
    return ExitViolated;
  }

private:
  CLI::App &app_;
  const Registry &registry_;
  std::string file_;

  TraceFile read_file() const {
    std::ifstream in(file_);
    if (!in)
      throw BadInput("cannot read " + file_);
    std::ostringstream text;
    text << in.rdbuf();
    Json json;
    try {
      json = Json::parse(text.str());
    } catch (const Json::exception &error) {
      throw BadInput(file_ + " is not valid JSON: " + without_exception_tag(error.what()));
    }
    try {
      return read_trace_file(json);
    } catch (const BadInput &error) {
      throw BadInput(file_ + ": " + error.what());
    }
  }
};

} // namespace

std::unique_ptr<Command> make_replay_command(CLI::App &parent, const Registry &registry) {
  return std::make_unique<ReplayCommand>(parent, registry);
}

} // namespace protocheck::cli
