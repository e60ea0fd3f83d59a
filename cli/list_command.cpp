// protocheck list: the models, one line each.
#include "cli/commands.hpp"

#include <algorithm>
#include <iostream>

namespace protocheck::cli {
namespace {

class ListCommand final : public Command {
public:
  ListCommand(CLI::App &parent, const Registry &registry)
      : app_(*parent.add_subcommand("list", "list the models")), registry_(registry) {
    // Stray arguments stay in the leftovers, to be refused by name.
    app_.allow_extras();
  }

  CLI::App &app() override { return app_; }

  int run() override {
    const auto extras = app_.remaining();
    if (!extras.empty()) {
      const std::string &word = extras.front();
      throw BadInput("list takes no arguments (got " + in_quotes(word) + ")" +
                     (registry_.find(word) != nullptr
                          ? "; protocheck check " + word + " --help lists that model's parameters"
                          : ""));
    }
    std::size_t width = 0;
    for (const auto &entry : registry_.entries())
      width = std::max(width, entry.name.size());
    for (const auto &entry : registry_.entries()) {
      std::string name = entry.name;
      name.resize(width, ' ');
      std::cout << "  " << name << "  " << entry.summary << "\n";
    }
    return ExitHolds;
  }

private:
  CLI::App &app_;
  const Registry &registry_;
};

} // namespace

std::unique_ptr<Command> make_list_command(CLI::App &parent, const Registry &registry) {
  return std::make_unique<ListCommand>(parent, registry);
}

} // namespace protocheck::cli
