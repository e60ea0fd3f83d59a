// protocheck scenarios: the examples of the lecture and the slides, each one command with the
// results it must give (Registry::add_scenarios; the built-in ones in scenarios/catalogue.json).
// Lists them, runs one and draws its chart, or runs them all and compares every result.
#include "cli/captured_run.hpp"
#include "cli/commands.hpp"
#include "cli/scenario_catalogue.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <sstream>

namespace protocheck::cli {
namespace {

class ScenariosCommand final : public Command {
public:
  ScenariosCommand(CLI::App &parent, const Registry &registry)
      : app_(*parent.add_subcommand(
            "scenarios", "the examples of the lecture and the slides, one command each: list "
                         "them, run one and draw its chart (--run ID), or run them all and "
                         "compare every result with the catalogue's (--verify)")),
        registry_(registry) {
    app_.add_option("--run", run_id_,
                    "run this scenario's command and draw its chart (the sequence chart in the "
                    "terminal; --format and --trace as for check)")
        ->type_name("ID");
    app_.add_flag("--verify", verify_,
                  "run every scenario (or those named) and compare its verdicts and numbers with "
                  "the catalogue's; exit 1 when any differs");
    app_.add_flag("--json", json_, "print the catalogue as JSON");
    app_.add_option("--format", format_, "the chart's format with --run (default msc)")
        ->check(CLI::IsMember({"text", "msc", "svg", "json"}))
        ->type_name("text|msc|svg|json");
    app_.add_option("--trace", trace_, "with --run: write the chart to this file")
        ->type_name("FILE");
    app_.add_option("ids", ids_, "scenarios to show (or to verify, with --verify)")
        ->type_name("ID");
  }

  CLI::App &app() override { return app_; }

  int run() override {
    const std::vector<Scenario> scenarios = read_scenarios(registry_);
    if (scenarios.empty())
      throw BadInput("this program has no scenario catalogue");
    if ((!format_.empty() || !trace_.empty()) && run_id_.empty())
      throw BadInput("--format and --trace go with --run ID");
    if (!run_id_.empty() && (verify_ || json_ || !ids_.empty()))
      throw BadInput("--run ID runs one scenario: give it alone");
    if (!run_id_.empty())
      return run_one(find(scenarios, run_id_));
    std::vector<const Scenario *> chosen;
    for (const std::string &id : ids_)
      chosen.push_back(&find(scenarios, id));
    if (ids_.empty())
      for (const Scenario &scenario : scenarios)
        chosen.push_back(&scenario);
    if (verify_)
      return verify(chosen);
    if (json_)
      std::cout << to_json(chosen).dump(2) << "\n";
    else
      list(chosen);
    return ExitHolds;
  }

private:
  static const Scenario &find(const std::vector<Scenario> &scenarios, const std::string &id) {
    for (const Scenario &scenario : scenarios)
      if (scenario.id == id)
        return scenario;
    throw BadInput("no scenario " + in_quotes(id) +
                   " (protocheck scenarios lists them; protocheck scenarios --json for programs)");
  }

  static void list(const std::vector<const Scenario *> &chosen) {
    std::size_t width = 0;
    for (const Scenario *scenario : chosen)
      width = std::max(width, scenario->id.size());
    std::string topic;
    for (const Scenario *scenario : chosen) {
      if (scenario->topic != topic) {
        std::cout << (topic.empty() ? "" : "\n") << scenario->topic << "\n";
        topic = scenario->topic;
      }
      std::string id = scenario->id;
      id.resize(std::max(id.size(), width), ' ');
      std::cout << "  " << id << "  " << scenario->source << "\n"
                << "      " << scenario->claim << "\n"
                << "      $ protocheck " << shell_text(scenario->command) << "\n";
    }
    std::cout << "\n"
              << chosen.size() << (chosen.size() == 1 ? " scenario" : " scenarios")
              << "; protocheck scenarios --run ID runs one and draws its chart\n";
  }

  // The entries as the catalogues give them.
  static nlohmann::json to_json(const std::vector<const Scenario *> &chosen) {
    nlohmann::json list = nlohmann::json::array();
    for (const Scenario *scenario : chosen)
      list.push_back(nlohmann::json::parse(scenario->entry));
    return {{"scenarios", list}};
  }

  // The command with what draws the chart: the chosen property's trace, in the chosen format.
  std::vector<std::string> chart_command(const Scenario &scenario) const {
    std::vector<std::string> command = scenario.command;
    if (command[0] != "check")
      return command;
    const std::string format = format_.empty() ? (trace_.empty() ? "msc" : "text") : format_;
    command.insert(command.end(), {"--format", format});
    if (!trace_.empty())
      command.insert(command.end(), {"--trace", trace_});
    if (!scenario.chart.empty())
      command.insert(command.end(), {"--property", scenario.chart});
    return command;
  }

  int run_one(const Scenario &scenario) const {
    const std::vector<std::string> command = chart_command(scenario);
    std::cout << "scenario " << scenario.id << ": " << scenario.source << "\n"
              << "  " << scenario.claim << "\n"
              << "$ protocheck " << shell_text(command) << "\n\n";
    return run_arguments(command, registry_);
  }

  int verify(const std::vector<const Scenario *> &chosen) const {
    std::size_t differing = 0;
    for (const Scenario *scenario : chosen) {
      // The chart's property too, so that a chart that cannot be drawn is a difference.
      std::vector<std::string> command = scenario->command;
      if (command[0] != "views")
        command.push_back("--json");
      if (command[0] == "check" && !scenario->chart.empty())
        command.insert(command.end(), {"--property", scenario->chart});
      const auto start = std::chrono::steady_clock::now();
      const CapturedRun run = run_captured(command, registry_);
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      if (interrupt_flag().load()) {
        std::cout << "interrupted at " << scenario->id << "\n";
        return ExitLimit;
      }
      const std::vector<std::string> differences =
          scenario_differences(*scenario, run.exit_code, run.out);
      char time[32];
      std::snprintf(time, sizeof time, "%.2f s", seconds);
      std::cout << (differences.empty() ? "ok        " : "DIFFERS   ") << scenario->id << "  ("
                << time << ")\n";
      for (const std::string &difference : differences)
        std::cout << "    " << difference << "\n";
      if (!differences.empty() && !run.err.empty())
        std::cout << "    stderr: " << run.err;
      differing += differences.empty() ? 0 : 1;
    }
    std::cout << chosen.size() - differing << " of " << chosen.size()
              << " scenarios give the catalogue's results\n";
    return differing == 0 ? ExitHolds : ExitViolated;
  }

  CLI::App &app_;
  const Registry &registry_;
  std::string run_id_;
  bool verify_ = false;
  bool json_ = false;
  std::string format_;
  std::string trace_;
  std::vector<std::string> ids_;
};

} // namespace

std::unique_ptr<Command> make_scenarios_command(CLI::App &parent, const Registry &registry) {
  return std::make_unique<ScenariosCommand>(parent, registry);
}

} // namespace protocheck::cli
