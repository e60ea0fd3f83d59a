// protocheck replay FILE: re-execute a JSON trace file against its model and confirm it, or say
// which step is not a legal transition. Exit 0: confirmed; 1: not a valid trace; 2: bad input.
#include "checker/report/text.hpp"
#include "checker/trace_file.hpp"
#include "cli/commands.hpp"

#include <iostream>

namespace protocheck::cli {
namespace {

class ReplayCommand final : public Command {
public:
  ReplayCommand(CLI::App &parent, const Registry &registry)
      : app_(*parent.add_subcommand(
            "replay", "re-execute a trace file written by check --trace FILE --format json and "
                      "confirm every step and the verdict")),
        registry_(registry) {
    app_.add_option("file", file_, "the JSON trace file")->required();
    // Anything after the file stays in the leftovers, to be refused by name.
    app_.allow_extras();
  }

  CLI::App &app() override { return app_; }

  int run() override {
    const auto extras = app_.remaining();
    if (!extras.empty())
      throw BadInput("replay takes one trace file, not " + in_quotes(extras.front()) +
                     " too (usage: protocheck replay FILE)");
    const TraceFile trace = read_file();
    const ModelEntry *entry = registry_.find(trace.model);
    if (entry == nullptr)
      throw BadInput(shown_file() + ": unknown model " + in_quotes(trace.model) +
                     " (protocheck list shows the models)");
    ParamValues values;
    try {
      values = ParamValues::parse(entry->parameters, trace.params);
    } catch (const BadInput &error) {
      throw BadInput(shown_file() + ": " + error.what());
    }
    ReplayResult result;
    try {
      result = entry->replay(values, trace.trace);
    } catch (const BadInput &error) {
      throw BadInput(shown_file() + ": " + error.what());
    }
    const std::size_t steps = trace.trace.steps.size();
    std::cout << "replay " << trace.model << " (" << parameters_text(values.all())
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
    const std::string text = read_trace_text(file_);
    try {
      return parse_trace_file(text);
    } catch (const BadInput &error) {
      throw BadInput(shown_file() + ": " + error.what());
    }
  }

  std::string shown_file() const { return printable(file_); }
};

} // namespace

std::unique_ptr<Command> make_replay_command(CLI::App &parent, const Registry &registry) {
  return std::make_unique<ReplayCommand>(parent, registry);
}

} // namespace protocheck::cli
