// protocheck graph <model> [parameters] --dot FILE [--max-states N]: the reachable state graph
// of a small instance as Graphviz DOT. Refuses (exit 3) when the graph has more states than the
// limit, rather than writing a drawing nobody can read.
#include "cli/commands.hpp"
#include "cli/output_file.hpp"

#include <iostream>
#include <thread>

namespace protocheck::cli {
namespace {

class GraphCommand final : public Command {
public:
  GraphCommand(CLI::App &parent, const Registry &registry)
      : app_(*parent.add_subcommand(
            "graph", "write the reachable state graph of a small instance as Graphviz DOT")),
        models_(app_, registry, false) {
    threads_ = std::max(1u, std::thread::hardware_concurrency());
    for (CLI::App *model : models_.model_commands()) {
      CLI::Option_group *group = model->add_option_group("graph options");
      group->add_option("--dot", dot_file_, "the DOT file to write")->required()->type_name("FILE");
      group
          ->add_option_function<std::string>(
              "--max-states",
              [this](const std::string &text) {
                max_states_ = whole_number("--max-states", text, 1, 1'000'000'000, "10^9");
              },
              "refuse graphs with more states than this (default 2000)")
          ->type_name("N");
      group
          ->add_option_function<std::string>(
              "--labels",
              [this](const std::string &text) {
                if (text == "changes")
                  labels_ = GraphLabels::Changes;
                else if (text == "full")
                  labels_ = GraphLabels::Full;
                else
                  throw BadInput("--labels needs changes or full (got " + in_quotes(text) + ")");
              },
              "what a state's box says: changes (default: its number and what its first step "
              "changed, the whole state as a tooltip) or full (every variable)")
          ->type_name("changes|full");
      group
          ->add_option_function<std::string>(
              "--threads",
              [this](const std::string &text) {
                threads_ = unsigned(whole_number("--threads", text, 1, 127, "127"));
              },
              "worker threads (default: all cores)")
          ->type_name("1..127");
    }
  }

  CLI::App &app() override { return app_; }

  int run() override {
    const ModelEntry &entry = models_.chosen();
    const ParamValues values = ParamValues::parse(entry.parameters, models_.given());
    check_writable(dot_file_);
    stop_on_signals();
    const StateGraphDot graph = entry.graph(values, max_states_, threads_, &interrupt_flag());
    if (graph.interrupted) {
      std::cerr << "protocheck: interrupted after " << graph.states << " states; " << dot_file_
                << " not written\n";
      return ExitLimit;
    }
    if (!graph.complete) {
      std::cerr << "protocheck: the state graph of " << entry.name << " has more than "
                << max_states_ << " states (stopped at " << graph.states
                << "); give smaller parameters or a larger --max-states\n";
      return ExitLimit;
    }
    write_atomically(
        dot_file_, labels_ == GraphLabels::Changes ? graph.dot : write_dot(graph.drawing, labels_));
    std::cout << "wrote " << dot_file_ << ": " << graph.states << " states, " << graph.edges
              << " transitions, " << graph.violating << " violating "
              << (graph.violating == 1 ? "state" : "states") << "\n";
    return ExitHolds;
  }

private:
  CLI::App &app_;
  ModelChoice models_;
  std::string dot_file_;
  std::uint64_t max_states_ = 2000;
  GraphLabels labels_ = GraphLabels::Changes;
  unsigned threads_ = 1;
};

} // namespace

std::unique_ptr<Command> make_graph_command(CLI::App &parent, const Registry &registry) {
  return std::make_unique<GraphCommand>(parent, registry);
}

} // namespace protocheck::cli
