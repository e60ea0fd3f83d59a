// The protocheck command line over any registry of models: list them, check one, sweep a
// parameter grid, simulate one too big to explore, replay a trace, draw a state graph, walk one
// in a browser, run the catalogue's scenarios, compare a process's view of two runs. Each
// subcommand lives in its own file (cli/*_command.cpp).
#include "cli/commands.hpp"
#include "cli/output_file.hpp"

#include <protocheck/cli.hpp>

#include <iostream>
#include <string>
#include <vector>

namespace protocheck {

int run_cli(int argc, char **argv, const Registry &registry) {
  using namespace protocheck::cli;
  try {
    CLI::App app{"protocheck: exhaustive model checking of distributed protocols"};
    // An unknown command stays in the leftovers, to be named in the error below.
    app.require_subcommand(0, 1);
    app.allow_extras();
    app.set_version_flag("--version", "protocheck " PROTOCHECK_VERSION,
                         "print the version of protocheck and exit");
    std::vector<std::unique_ptr<Command>> commands;
    commands.push_back(make_list_command(app, registry));
    commands.push_back(make_check_command(app, registry));
    commands.push_back(make_scenarios_command(app, registry));
    commands.push_back(make_views_command(app, registry));
    commands.push_back(make_sweep_command(app, registry));
    commands.push_back(make_simulate_command(app, registry));
    commands.push_back(make_replay_command(app, registry));
    commands.push_back(make_graph_command(app, registry));
    commands.push_back(make_explore_command(app, registry));
    commands.push_back(make_new_command(app, registry));
    commands.push_back(make_build_command(app, registry));
    try {
      app.parse(argc, argv);
    } catch (const CLI::CallForHelp &) {
      // CLI11 hands the help to the deepest command named: `check om --help` lists om's options.
      std::cout << app.help();
      return finish_stdout(ExitHolds);
    } catch (const CLI::CallForVersion &version) {
      std::cout << version.what() << "\n";
      return finish_stdout(ExitHolds);
    } catch (const CLI::ParseError &error) {
      return fail(error.what());
    }
    for (const auto &command : commands)
      if (command->app().parsed())
        return finish_stdout(command->run());
    std::string names;
    for (const auto &command : commands)
      names += (names.empty() ? "" : ", ") + command->app().get_name();
    const auto extras = app.remaining();
    if (!extras.empty())
      return fail("unknown command '" + extras.front() + "' (the commands are " + names + ")");
    return fail("no command given (the commands are " + names + "; protocheck --help says more)");
  } catch (const std::exception &error) {
    return fail(error);
  }
}

} // namespace protocheck
