// protocheck check <model> [parameters] [options]: explore the model, print the report, and write
// or show the first counterexample in the format asked for.
#include "cli/commands.hpp"
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
      group->add_flag("--no-liveness", no_liveness_,
                      "leave liveness properties unknown: no state graph is kept (to measure what "
                      "deciding them costs)");
      group
          ->add_option("--trace", trace_file_,
                       "write the first counterexample (or witness) to this file")
          ->type_name("FILE");
      group
          ->add_option("--format", format_,
                       "format of the counterexample: text, msc (a sequence chart; without "
                       "--trace, printed after the report), svg (needs --trace) or json "
                       "(protocheck replay reads it back)")
          ->check(CLI::IsMember({"text", "msc", "svg", "json"}))
          ->type_name("text|msc|svg|json");
    }
  }

  CLI::App &app() override { return app_; }

  int run() override {
    const ModelEntry &entry = models_.chosen();
    const ParamValues values = ParamValues::parse(entry.parameters, models_.given());
    check_format_options();
    if (!trace_file_.empty())
      check_writable(trace_file_); // before the run, which may be long
    CheckOptions options = settings_.resolved();
    options.liveness = !no_liveness_;
    ProgressLine progress(!settings_.json, settings_.progress_seconds);
    if (progress.enabled())
      options.progress = [&progress](const Progress &now) { progress.update(now); };
    stop_on_signals();
    const CheckReport report = entry.check(values, options);
    progress.clear();

    if (settings_.json)
      std::cout << to_json(report).dump(2) << "\n";
    else
      std::cout << render_text_report(report);
    const PropertyResult *traced = first_trace(report);
    if (!trace_file_.empty()) {
      if (traced == nullptr)
        remove_stale_trace(trace_file_);
      else
        write_atomically(trace_file_, render_trace(format_, entry, values, report, *traced));
    } else if (format_ == "msc" && traced != nullptr) {
      std::cout << "\n" << render_trace(format_, entry, values, report, *traced);
    }
    return exit_code(report);
  }

private:
  CLI::App &app_;
  ModelChoice models_;
  RunSettings settings_;
  std::string trace_file_;
  bool no_liveness_ = false;
  std::string format_ = "text";

  // Formats that cannot go to the terminal need a file.
  void check_format_options() const {
    if (!trace_file_.empty())
      return;
    if (format_ == "svg")
      throw BadInput("--format svg needs --trace FILE (the chart is written to that file)");
    if (format_ == "json")
      throw BadInput("--format json needs --trace FILE (for the whole report as JSON, use --json)");
    if (format_ == "msc" && settings_.json)
      throw BadInput("--format msc with --json needs --trace FILE (stdout holds only the JSON)");
  }
};

} // namespace

std::unique_ptr<Command> make_check_command(CLI::App &parent, const Registry &registry) {
  return std::make_unique<CheckCommand>(parent, registry);
}

} // namespace protocheck::cli
