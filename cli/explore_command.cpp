// protocheck explore <model> [parameters] [--port P]: serve a page on 127.0.0.1 where a user walks
// the model's state space by hand (cli/explore/), and print its URL. Ctrl-C or SIGTERM stops it;
// the exit code is then 0.
#include "cli/commands.hpp"
#include "cli/explore/explore_api.hpp"
#include "cli/explore/explore_server.hpp"

#include <iostream>

namespace protocheck::cli {
namespace {

constexpr int DefaultPort = 8737;

class ExploreCommand final : public Command {
public:
  ExploreCommand(CLI::App &parent, const Registry &registry)
      : app_(*parent.add_subcommand(
            "explore", "walk a model's state space by hand in a browser: serves a page on "
                       "127.0.0.1 and prints its URL")),
        models_(app_, registry, false) {
    for (CLI::App *model : models_.model_commands())
      model
          ->add_option_function<std::string>(
              "--port", [this](const std::string &text) { port_text_ = text; },
              "the port to serve on, at 127.0.0.1 (default " + std::to_string(DefaultPort) +
                  "; 0: any free port)")
          ->type_name("PORT");
  }

  CLI::App &app() override { return app_; }

  int run() override {
    const ModelEntry &entry = models_.chosen();
    const ParamValues values = ParamValues::parse(entry.parameters, models_.given());
    const int port = port_text_.empty()
                         ? DefaultPort
                         : static_cast<int>(whole_number("--port", port_text_, 0, 65535, "65535"));
    std::atomic<bool> stop{false};
    ExploreApi api(entry, values, &stop);
    serve_explore(api, port, stop, [&](const std::string &url) {
      std::cout << "protocheck explore: " << entry.name << " at " << url << api.fragment_prefix()
                << "0" << std::endl;
      std::cout << "open it in a browser; Ctrl-C stops the server" << std::endl;
    });
    std::cerr << "protocheck explore: stopped" << std::endl;
    return ExitHolds;
  }

private:
  CLI::App &app_;
  ModelChoice models_;
  std::string port_text_;
};

} // namespace

std::unique_ptr<Command> make_explore_command(CLI::App &parent, const Registry &registry) {
  return std::make_unique<ExploreCommand>(parent, registry);
}

} // namespace protocheck::cli
