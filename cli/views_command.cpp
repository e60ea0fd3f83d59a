// protocheck views PROCESS RUN vs RUN: one process's view of two runs, side by side. A run is a
// check command line (its --property picks the trace; default as check's charts: the first
// violation, else the first witness). A process's view is what it receives, from whom, and what it
// does itself; when two runs give it the same messages it cannot tell them apart, so any rule it
// follows acts alike in both. This is the step of the 3-generals impossibility proof (lecture
// §1.1, Fig. 1-2; slide 68): loyal L2 receives the same orders whether L1 or the commander is the
// traitor.
#include "checker/report/msc.hpp"
#include "cli/captured_run.hpp"
#include "cli/commands.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <iostream>
#include <sstream>

namespace protocheck::cli {
namespace {

// What the process saw in one step: a message received, or a step of its own.
struct Seen {
  bool received = false;
  std::string text; // "from C: attack", or the step's own words
  std::string key;  // what comparing views compares: sender and message
};

struct RunView {
  std::string command;  // as given, for the heading
  std::string property; // whose trace it is
  std::vector<Seen> seen;
};

// `text` padded with blanks to `width` terminal columns (UTF-8 code points, as charts count).
std::string padded(std::string text, std::size_t width) {
  return text + std::string(width - std::min(width, display_width(text)), ' ');
}

std::string text_of(const nlohmann::json &value) {
  return value.is_string() ? value.get<std::string>() : std::string();
}

// The trace check would draw for this report, read from its JSON: the --property named, else as
// first_trace (trace_output.hpp) picks, the first violation's, else the first other one.
const nlohmann::json &chosen_result(const nlohmann::json &report, const std::string &property,
                                    const std::string &command) {
  const nlohmann::json &results = report.at("properties");
  if (!property.empty()) {
    for (const auto &result : results)
      if (result.at("name") == property) {
        if (!result.contains("trace"))
          throw BadInput("views: run '" + command + "': " + property + " has no trace (it " +
                         text_of(result.at("status")) + ")");
        return result;
      }
  } else {
    for (const bool violated_only : {true, false})
      for (const auto &result : results)
        if (result.contains("trace") && (!violated_only || result.at("status") == "violated"))
          return result;
  }
  throw BadInput("views: run '" + command + "' has no trace" +
                 (property.empty() ? std::string(" (add --property NAME, e.g. complete-run)")
                                   : ": no property " + property));
}

RunView view_of(const std::string &process, std::vector<std::string> words,
                const Registry &registry) {
  if (!words.empty() && words.front() == "check")
    words.erase(words.begin());
  if (words.empty())
    throw BadInput("views: an empty run (give a check command line: om --n 3 --f 1 ...)");
  std::string command;
  for (const std::string &word : words)
    command += (command.empty() ? "" : " ") + word;
  std::vector<std::string> arguments{"check"};
  arguments.insert(arguments.end(), words.begin(), words.end());
  arguments.push_back("--json");
  std::string property;
  for (std::size_t k = 0; k + 1 < words.size(); ++k)
    if (words[k] == "--property")
      property = words[k + 1];
  const CapturedRun run = run_captured(arguments, registry);
  if (run.exit_code != ExitHolds && run.exit_code != ExitViolated) {
    std::string error = run.err.substr(0, run.err.find('\n'));
    throw BadInput("views: run '" + command + "' failed: " + error);
  }
  const nlohmann::json report = nlohmann::json::parse(run.out);
  const auto &processes = report.at("processes");
  if (std::find(processes.begin(), processes.end(), process) == processes.end())
    throw BadInput("views: run '" + command + "' has no process " + in_quotes(process) +
                   " (its processes are " + processes.dump() + ")");
  const nlohmann::json &result = chosen_result(report, property, command);
  RunView view{command, text_of(result.at("name")), {}};
  for (const auto &step : result.at("trace").at("steps")) {
    const auto &event = step.at("event");
    const std::string kind = text_of(event.at("kind"));
    const std::string actor = text_of(event.at("actor"));
    const std::string peer = text_of(event.at("peer"));
    const std::string label = step.contains("message_label") ? text_of(step.at("message_label"))
                                                             : text_of(step.at("action"));
    if ((kind == "transmit" && peer == process) || (kind == "deliver" && actor == process)) {
      const std::string sender = kind == "transmit" ? actor : peer;
      view.seen.push_back({true, "from " + sender + ": " + label, sender + "\n" + label});
    } else if (actor == process && kind != "send" && kind != "transmit") {
      view.seen.push_back({false, text_of(step.at("action")), {}});
    }
  }
  return view;
}

// What the process received, in an order that ignores interleaving.
std::vector<std::string> received(const RunView &view) {
  std::vector<std::string> keys;
  for (const Seen &seen : view.seen)
    if (seen.received)
      keys.push_back(seen.key);
  std::sort(keys.begin(), keys.end());
  return keys;
}

class ViewsCommand final : public Command {
public:
  ViewsCommand(CLI::App &parent, const Registry &registry)
      : app_(*parent.add_subcommand(
            "views", "one process's view of two runs, side by side: what it receives and what "
                     "it does; exit 0 when it receives the same messages in both (it cannot tell "
                     "them apart), 1 when not. Usage: protocheck views PROCESS RUN vs RUN, each "
                     "RUN a check command line whose --property picks the trace (complete-run "
                     "for a run where everything holds): protocheck views L2 om --n 3 --f 1 "
                     "--faulty L1 --property IC2 vs om --n 3 --f 1 --faulty C --commander-says "
                     "retreat,attack --property complete-run")),
        registry_(registry) {
    // The runs' own options are check's, so everything after views is taken as words.
    app_.prefix_command();
  }

  CLI::App &app() override { return app_; }

  int run() override {
    const std::vector<std::string> words = app_.remaining();
    const auto versus = std::find(words.begin(), words.end(), "vs");
    if (words.empty() || words.front() == "vs" || versus == words.end() ||
        std::find(versus + 1, words.end(), "vs") != words.end())
      throw BadInput("views: give a process and two runs: protocheck views PROCESS RUN vs RUN");
    process_ = words.front();
    std::vector<RunView> views;
    views.push_back(view_of(process_, {words.begin() + 1, versus}, registry_));
    views.push_back(view_of(process_, {versus + 1, words.end()}, registry_));
    print(views);
    const bool same = received(views[0]) == received(views[1]);
    const std::size_t count = received(views[0]).size();
    if (same)
      std::cout << "same view: " << process_ << " receives the same " << count
                << (count == 1 ? " message" : " messages")
                << " in both runs; it cannot tell them apart, so whatever rule it follows, it acts "
                   "alike in both\n";
    else
      std::cout << "different views: " << process_
                << " receives different messages in the two runs, so it can tell them apart\n";
    return same ? ExitHolds : ExitViolated;
  }

private:
  void print(const std::vector<RunView> &views) const {
    std::cout << process_ << "'s view of two runs (what it receives and what it does):\n";
    for (std::size_t k = 0; k < views.size(); ++k)
      std::cout << "  run " << k + 1 << ": protocheck check " << views[k].command << "   ("
                << views[k].property << "'s trace)\n";
    std::size_t width = 5;
    for (const Seen &seen : views[0].seen)
      width = std::max(width, display_width(seen.text));
    const std::size_t rows = std::max(views[0].seen.size(), views[1].seen.size());
    const auto cell = [](const RunView &view, std::size_t row) {
      return row < view.seen.size() ? view.seen[row].text : std::string();
    };
    std::cout << "\n    " << padded("run 1", width) << "   run 2\n";
    for (std::size_t row = 0; row < rows; ++row)
      std::cout << "    " << padded(cell(views[0], row), width) << "   " << cell(views[1], row)
                << "\n";
    std::cout << "\n";
  }

  CLI::App &app_;
  const Registry &registry_;
  std::string process_;
};

} // namespace

std::unique_ptr<Command> make_views_command(CLI::App &parent, const Registry &registry) {
  return std::make_unique<ViewsCommand>(parent, registry);
}

} // namespace protocheck::cli
