// The subcommands of protocheck. Each one registers its CLI11 subcommand and options when built,
// and runs after parsing when it was chosen, returning the exit code.
#pragma once

#include "cli/cli_common.hpp"

#include <memory>
#include <string>

namespace protocheck::cli {

class Command {
public:
  virtual ~Command() = default;
  virtual CLI::App &app() = 0;
  virtual int run() = 0;
};

std::unique_ptr<Command> make_list_command(CLI::App &parent, const Registry &registry);
std::unique_ptr<Command> make_scenarios_command(CLI::App &parent, const Registry &registry);
std::unique_ptr<Command> make_check_command(CLI::App &parent, const Registry &registry);
std::unique_ptr<Command> make_simulate_command(CLI::App &parent, const Registry &registry);
std::unique_ptr<Command> make_sweep_command(CLI::App &parent, const Registry &registry);
std::unique_ptr<Command> make_replay_command(CLI::App &parent, const Registry &registry);
std::unique_ptr<Command> make_graph_command(CLI::App &parent, const Registry &registry);
std::unique_ptr<Command> make_explore_command(CLI::App &parent, const Registry &registry);
std::unique_ptr<Command> make_new_command(CLI::App &parent, const Registry &registry);
std::unique_ptr<Command> make_build_command(CLI::App &parent, const Registry &registry);
std::unique_ptr<Command> make_views_command(CLI::App &parent, const Registry &registry);

} // namespace protocheck::cli
