// protocheck simulate <model> [parameters] [options]: random walks through a model too big to
// explore, with any violation shrunk and printed (or written) as check prints a counterexample.
#include "checker/report/simulation_text.hpp"
#include "cli/commands.hpp"
#include "cli/output_file.hpp"
#include "cli/trace_output.hpp"

#include <iostream>
#include <limits>
#include <thread>

namespace protocheck::cli {
namespace {

// Far beyond a useful run, so that a typo fails instead of running for ever.
constexpr std::uint64_t MostRuns = 1'000'000'000'000;
constexpr std::uint64_t MostDepth = 1'000'000'000;
constexpr double LongestSeconds = 1e7;

class SimulateCommand final : public Command {
public:
  SimulateCommand(CLI::App &parent, const Registry &registry)
      : app_(*parent.add_subcommand(
            "simulate", "random walks through a model too big to explore: finds violations, "
                        "never proves that a property holds")),
        models_(app_, registry, false) {
    options_.threads = std::max(1u, std::thread::hardware_concurrency());
    for (CLI::App *model : models_.model_commands())
      add_options(*model);
  }

  CLI::App &app() override { return app_; }

  int run() override {
    const ModelEntry &entry = models_.chosen();
    const ParamValues values = ParamValues::parse(entry.parameters, models_.given());
    trace_.check_before_run(false);
    SimulateOptions options = options_;
    options.interrupt = &interrupt_flag();
    stop_on_signals();
    const SimulationReport simulation = entry.simulate(values, options);

    std::cout << render_simulation_text(simulation) << render_simulation_timing(simulation);
    const CheckReport &report = simulation.report;
    trace_.output_first_trace(entry, values, report);
    return exit_code(report);
  }

private:
  CLI::App &app_;
  ModelChoice models_;
  SimulateOptions options_;
  TraceOptions trace_;

  void add_options(CLI::App &model) {
    CLI::Option_group *group = model.add_option_group("simulation options");
    group
        ->add_option_function<std::string>(
            "--runs",
            [this](const std::string &text) {
              options_.runs = whole_number("--runs", text, 1, MostRuns, "10^12");
            },
            "random walks (default 1000)")
        ->type_name("N");
    group
        ->add_option_function<std::string>(
            "--depth",
            [this](const std::string &text) {
              options_.depth =
                  static_cast<std::uint32_t>(whole_number("--depth", text, 1, MostDepth, "10^9"));
            },
            "steps per walk at most; a walk also ends in a state without successors (default "
            "1000)")
        ->type_name("D");
    group
        ->add_option_function<std::string>(
            "--seed",
            [this](const std::string &text) {
              options_.seed = whole_number("--seed", text, 0,
                                           std::numeric_limits<std::uint64_t>::max(), "2^64-1");
            },
            "walk i draws from a generator seeded from (seed, i): the same seed gives the same "
            "result on any number of threads (default 0)")
        ->type_name("S");
    group
        ->add_option_function<std::string>(
            "--threads",
            [this](const std::string &text) {
              options_.threads = unsigned(whole_number("--threads", text, 1, 127, "127"));
            },
            "worker threads (default: all cores); the result does not depend on them")
        ->type_name("1..127");
    group
        ->add_option_function<std::string>(
            "--time-limit",
            [this](const std::string &text) {
              options_.time_limit_seconds =
                  finite_number("--time-limit", text, 0, false, LongestSeconds,
                                "seconds, more than 0 and at most 10^7");
            },
            "stop after this many seconds, with the runs done so far")
        ->type_name("SECONDS");
    trace_.add_to(*group);
  }
};

} // namespace

std::unique_ptr<Command> make_simulate_command(CLI::App &parent, const Registry &registry) {
  return std::make_unique<SimulateCommand>(parent, registry);
}

} // namespace protocheck::cli
