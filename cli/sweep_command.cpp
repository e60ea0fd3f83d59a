// protocheck sweep <model> --n 3..7 --f 0..2 [...]: check every cell of a parameter grid, print
// the verdict table and the boundary it shows.
#include "cli/commands.hpp"
#include "cli/progress_line.hpp"
#include "checker/sweep.hpp"

#include <iostream>

namespace protocheck::cli {
namespace {

class SweepCommand final : public Command {
public:
  SweepCommand(CLI::App &parent, const Registry &registry)
      : app_(*parent.add_subcommand(
            "sweep", "check a model over a grid of parameters (e.g. --n 3..7 --f 0..2) and "
                     "report where each property holds")),
        models_(app_, registry, true) {
    // A sweep without a per-cell limit could sit forever on its largest cell.
    settings_.default_time_limit = 60;
    for (CLI::App *model : models_.model_commands())
      settings_.add_to(*model, "cell-", "each cell");
    settings_.options.time_limit_seconds = settings_.default_time_limit;
  }

  CLI::App &app() override { return app_; }

  int run() override {
    const ModelEntry &entry = models_.chosen();
    SweepRequest request = plan_sweep(entry, models_.given());
    request.options = settings_.resolved();
    ProgressLine progress(!settings_.json, settings_.progress_seconds);
    if (progress.enabled()) {
      request.options.progress = [&progress](const Progress &now) { progress.update(now); };
      request.on_cell = [&](const std::vector<std::int64_t> &coordinates) {
        std::string label;
        for (std::size_t i = 0; i < coordinates.size(); ++i)
          label +=
              (i == 0 ? "" : ", ") + request.axes[i].name + " = " + std::to_string(coordinates[i]);
        progress.set_label(label + ": ");
      };
    }
    stop_on_signals();
    const SweepResult result = run_sweep(entry, request);
    progress.clear();
    if (settings_.json)
      std::cout << sweep_to_json(result).dump(2) << "\n";
    else
      std::cout << render_sweep_table(result);
    for (const SweepCell &cell : result.cells)
      if (cell.status == CellStatus::Limit)
        return ExitLimit;
    return result.interrupted ? ExitLimit : ExitHolds;
  }

private:
  CLI::App &app_;
  ModelChoice models_;
  RunSettings settings_;
};

} // namespace

std::unique_ptr<Command> make_sweep_command(CLI::App &parent, const Registry &registry) {
  return std::make_unique<SweepCommand>(parent, registry);
}

} // namespace protocheck::cli
