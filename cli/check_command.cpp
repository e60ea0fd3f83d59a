// protocheck check <model> [parameters] [options]: explore the model, print the report, and write
// or show the first counterexample in the format asked for.
#include "cli/commands.hpp"
#include "cli/distributed/cluster_join.hpp"
#include "cli/output_file.hpp"
#include "cli/progress_line.hpp"
#include "cli/trace_output.hpp"
#include "checker/report/json.hpp"
#include "checker/report/text.hpp"

#include <iostream>

namespace protocheck::cli {
namespace {

class CheckCommand final : public Command {
public:
  CheckCommand(CLI::App &parent, const Registry &registry)
      : app_(*parent.add_subcommand("check", "explore a model and check its properties")),
        models_(app_, registry, false) {
    for (CLI::App *model : models_.model_commands()) {
      CLI::Option_group *group = settings_.add_to(*model, "", "the run");
      group->add_flag("--all", settings_.options.all,
                      "keep exploring after a violation and decide every property");
      group->add_flag("--distributed", distributed_,
                      "share the run among the processes of an MPI job (mpirun -np K protocheck "
                      "check ...): same verdicts, counts and traces as one process; rank 0 prints");
      group->add_flag("--no-liveness", no_liveness_,
                      "leave liveness properties unknown: no state graph is kept (to measure what "
                      "deciding them costs)");
      trace_.add_to(*group);
    }
  }

  CLI::App &app() override { return app_; }

  int run() override {
    // Joined first, so that every rank gets past the same checks and only rank 0 says anything.
    std::unique_ptr<Cluster> cluster;
    if (distributed_) {
      cluster = join_cluster();
      if (cluster->rank() != 0)
        silence_output();
    }
    const ModelEntry &entry = models_.chosen();
    const ParamValues values = ParamValues::parse(entry.parameters, models_.given());
    trace_.check_before_run(settings_.json);
    CheckOptions options = settings_.resolved();
    options.liveness = !no_liveness_;
    options.cluster = cluster.get();
    ProgressLine progress(!settings_.json && !output_silenced(),
                          output_silenced() ? 0 : settings_.progress_seconds);
    if (progress.enabled())
      options.progress = [&progress](const Progress &now) { progress.update(now); };
    stop_on_signals();
    const CheckReport report = entry.check(values, options);
    progress.clear();

    if (settings_.json)
      std::cout << to_json(report).dump(2) << "\n";
    else
      std::cout << render_text_report(report);
    if (!output_silenced())
      trace_.output_first_trace(entry, values, report);
    return exit_code(report);
  }

private:
  CLI::App &app_;
  ModelChoice models_;
  RunSettings settings_;
  TraceOptions trace_;
  bool no_liveness_ = false;
  bool distributed_ = false;
};

} // namespace

std::unique_ptr<Command> make_check_command(CLI::App &parent, const Registry &registry) {
  return std::make_unique<CheckCommand>(parent, registry);
}

} // namespace protocheck::cli
