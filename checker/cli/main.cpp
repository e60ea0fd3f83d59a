// protocheck command line: list the models, check one, sweep a parameter grid, replay a trace.
// Each subcommand lives in its own file (checker/cli/*_command.cpp).
#include "checker/cli/commands.hpp"

#include <iostream>
#include <vector>

using namespace protocheck;
using namespace protocheck::cli;

int main(int argc, char **argv) {
  try {
    const Registry registry = all_models();
    CLI::App app{"protocheck: exhaustive model checking of distributed protocols"};
    app.require_subcommand(1);
    std::vector<std::unique_ptr<Command>> commands;
    commands.push_back(make_list_command(app, registry));
    commands.push_back(make_check_command(app, registry));
    commands.push_back(make_sweep_command(app, registry));
    commands.push_back(make_replay_command(app, registry));
    try {
      app.parse(argc, argv);
    } catch (const CLI::CallForHelp &) {
      // CLI11 hands the help to the deepest command named: `check om --help` lists om's options.
      std::cout << app.help();
      return ExitHolds;
    } catch (const CLI::ParseError &error) {
      return fail(error.what());
    }
    for (const auto &command : commands)
      if (command->app().parsed())
        return command->run();
    return fail("no command given (protocheck --help lists them)");
  } catch (const BadInput &error) {
    return fail(error.what());
  } catch (const std::exception &error) {
    return fail(std::string("error: ") + error.what());
  }
}
