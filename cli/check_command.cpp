// protocheck check <model> [parameters] [options]: explore the model, print the report, and write
// or show the first counterexample in the format asked for.
#include "checker/report/json.hpp"
#include "checker/report/text.hpp"
#include "cli/commands.hpp"
#include "cli/distributed/cluster_join.hpp"
#include "cli/output_file.hpp"
#include "cli/progress_line.hpp"
#include "cli/trace_output.hpp"

#include <protocheck/engine/complete_run.hpp>

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
    if (!distributed_)
      return check(nullptr);
    // Joined first, so that every rank gets past the same checks and only rank 0 says anything.
    const std::unique_ptr<Cluster> cluster = join_cluster();
    if (cluster->rank() != 0)
      silence_output();
    try {
      const int code = check(cluster.get());
      // Written out before the ranks part: mpirun may end the job once a rank has left. (A
      // write error is reported when the command ends, as without --distributed.)
      std::cout.flush();
      wait_for_every_rank(*cluster);
      return code;
    } catch (const std::exception &error) {
      // mpirun ends the whole job as soon as one rank exits non-zero, so rank 0 says why while
      // every rank is still in the job. Bad input and model errors reach every rank alike (the
      // same parameters; the explorer stops all ranks when one rank's model throws), so the ranks
      // can wait for each other; any other failure may be one rank's alone, and waiting for it
      // could hang, so that rank leaves at once and mpirun stops the others.
      const int code = fail(error);
      std::cerr.flush();
      if (dynamic_cast<const BadInput *>(&error) != nullptr ||
          dynamic_cast<const ModelError *>(&error) != nullptr) {
        wait_for_every_rank(*cluster);
      }
      return code;
    }
  }

private:
  static void wait_for_every_rank(Cluster &cluster) {
    std::uint64_t done = 1;
    cluster.max({&done, 1});
  }

  int check(Cluster *cluster) {
    const ModelEntry &entry = models_.chosen();
    const ParamValues values = ParamValues::parse(entry.parameters, models_.given());
    trace_.check_before_run(settings_.json);
    CheckOptions options = settings_.resolved();
    options.liveness = !no_liveness_;
    // The named property (or every one, for --trace-dir) must be decided, even after another
    // one is violated.
    options.all = options.all || !trace_.property.empty() || !trace_.directory.empty();
    options.complete_run = trace_.property == CompleteRunName;
    options.cluster = cluster;
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
