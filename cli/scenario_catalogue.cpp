#include "cli/scenario_catalogue.hpp"

#include "cli/cli_common.hpp"

#include <protocheck/params.hpp>

#include <nlohmann/json.hpp>

#include <set>
#include <sstream>

namespace protocheck::cli {
namespace {

using nlohmann::json;

// The commands a scenario may run: the ones whose --json report the expectations read.
const std::set<std::string> &scenario_commands() {
  static const std::set<std::string> commands{"check", "sweep", "views"};
  return commands;
}

class EntryReader {
public:
  EntryReader(const json &entry, std::string where) : entry_(entry), where_(std::move(where)) {}

  [[noreturn]] void fail(const std::string &what) const {
    throw BadInput("scenario catalogue: " + where_ + ": " + what);
  }

  std::string text(const json &object, const std::string &key, bool required) const {
    if (!object.contains(key)) {
      if (required)
        fail("no \"" + key + "\"");
      return "";
    }
    if (!object[key].is_string() || (required && object[key].get<std::string>().empty()))
      fail("\"" + key + "\" must be a non-empty string");
    return object[key].get<std::string>();
  }

  template <class Value>
  std::map<std::string, Value> map_of(const json &object, const std::string &key) const {
    std::map<std::string, Value> result;
    if (!object.contains(key))
      return result;
    if (!object[key].is_object())
      fail("\"" + key + "\" must be an object");
    for (const auto &[name, value] : object[key].items()) {
      if constexpr (std::is_same_v<Value, std::string>) {
        if (!value.is_string())
          fail("\"" + key + "\"." + name + " must be a string");
      } else {
        if (!value.is_number_integer())
          fail("\"" + key + "\"." + name + " must be a whole number");
      }
      result[name] = value.template get<Value>();
    }
    return result;
  }

  std::optional<std::uint64_t> count(const json &object, const std::string &key) const {
    if (!object.contains(key))
      return std::nullopt;
    if (!object[key].is_number_unsigned())
      fail("\"" + key + "\" must be a whole number");
    return object[key].get<std::uint64_t>();
  }

  Scenario read(const Registry &registry) const {
    if (!entry_.is_object())
      fail("a scenario must be an object");
    static const std::set<std::string> known{"id",      "topic", "source", "claim",
                                             "command", "chart", "expect"};
    for (const auto &[key, value] : entry_.items())
      if (!known.contains(key))
        fail("unknown field \"" + key + "\"");
    Scenario scenario;
    scenario.entry = entry_.dump();
    scenario.id = text(entry_, "id", true);
    for (char c : scenario.id)
      if (!(std::islower(static_cast<unsigned char>(c)) ||
            std::isdigit(static_cast<unsigned char>(c)) || c == '-'))
        fail("id \"" + scenario.id + "\" may hold only a-z, 0-9 and -");
    scenario.topic = text(entry_, "topic", true);
    scenario.source = text(entry_, "source", true);
    scenario.claim = text(entry_, "claim", true);
    scenario.chart = text(entry_, "chart", false);
    std::istringstream words(text(entry_, "command", true));
    for (std::string word; words >> word;)
      scenario.command.push_back(word);
    const bool views = !scenario.command.empty() && scenario.command[0] == "views";
    // views PROCESS MODEL ... vs MODEL ...: the model follows the process.
    const std::size_t model = views ? 2 : 1;
    if (scenario.command.size() <= model || !scenario_commands().contains(scenario.command[0]))
      fail("the command must start with check or sweep and a model name, or views, a process "
           "and a model name");
    if (registry.find(scenario.command[model]) == nullptr)
      fail("no model named " + scenario.command[model]);
    for (const std::string &word : scenario.command)
      if (word == "--json" || word == "--trace" || word == "--format" ||
          (word == "--property" && !views))
        fail("the command must not hold " + word + " (scenarios adds it)");

    if (!entry_.contains("expect") || !entry_["expect"].is_object())
      fail("no \"expect\" object");
    const json &expect = entry_["expect"];
    static const std::set<std::string> expected{"exit",   "verdicts", "trace_steps", "explanations",
                                                "values", "fields",   "states",      "transitions",
                                                "depth",  "boundary"};
    for (const auto &[key, value] : expect.items())
      if (!expected.contains(key))
        fail("unknown field \"expect\"." + key);
    const std::optional<std::uint64_t> exit = count(expect, "exit");
    if (!exit || *exit > 3)
      fail("\"expect\".exit must be 0, 1, 2 or 3");
    scenario.expect.exit = static_cast<int>(*exit);
    scenario.expect.verdicts = map_of<std::string>(expect, "verdicts");
    for (const auto &[name, verdict] : scenario.expect.verdicts)
      if (verdict != "holds" && verdict != "violated" && verdict != "unknown")
        fail("verdict of " + name + " must be holds, violated or unknown");
    for (const auto &[name, steps] : map_of<std::int64_t>(expect, "trace_steps")) {
      if (steps < 0)
        fail("\"trace_steps\"." + name + " must not be negative");
      scenario.expect.trace_steps[name] = static_cast<std::uint64_t>(steps);
    }
    scenario.expect.explanations = map_of<std::string>(expect, "explanations");
    scenario.expect.values = map_of<std::int64_t>(expect, "values");
    if (expect.contains("fields")) {
      if (!expect["fields"].is_object())
        fail("\"expect\".fields must be an object");
      for (const auto &[name, fields] : expect["fields"].items())
        scenario.expect.fields[name] = map_of<std::string>(expect["fields"], name);
    }
    scenario.expect.states = count(expect, "states");
    scenario.expect.transitions = count(expect, "transitions");
    scenario.expect.depth = count(expect, "depth");
    if (expect.contains("boundary"))
      scenario.expect.boundary = text(expect, "boundary", true);
    if (!scenario.chart.empty() && scenario.command[0] != "check")
      fail("\"chart\" names a property of a check command");
    if (views && expect.size() != 1)
      fail("a views command's \"expect\" has its exit code alone (0: the same view)");
    return scenario;
  }

private:
  const json &entry_;
  std::string where_;
};

std::string shown(const json &value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

void compare_check(const ScenarioExpectation &expect, const json &report,
                   std::vector<std::string> &differences) {
  const json stats = report.value("stats", json::object());
  const auto compare_count = [&](const char *name, const std::optional<std::uint64_t> &want) {
    if (want && stats.value(name, json()) != json(*want))
      differences.push_back(std::string(name) + ": expected " + std::to_string(*want) + ", got " +
                            shown(stats.value(name, json())));
  };
  compare_count("states", expect.states);
  compare_count("transitions", expect.transitions);
  compare_count("depth", expect.depth);

  std::map<std::string, const json *> properties;
  // Pointers into the report itself (report.value() would hand out a copy that dies here).
  if (report.contains("properties") && report["properties"].is_array())
    for (const json &property : report["properties"])
      if (property.is_object())
        properties[property.value("name", "")] = &property;
  const auto find = [&](const std::string &name) -> const json * {
    const auto it = properties.find(name);
    if (it == properties.end())
      differences.push_back(name + ": the report has no such property");
    return it == properties.end() ? nullptr : it->second;
  };
  for (const auto &[name, verdict] : expect.verdicts)
    if (const json *property = find(name); property && property->value("status", "") != verdict)
      differences.push_back(name + ": expected " + verdict + ", got " +
                            property->value("status", "(none)"));
  for (const auto &[name, steps] : expect.trace_steps)
    if (const json *property = find(name)) {
      const std::size_t got = property->contains("trace")
                                  ? (*property)["trace"].value("steps", json::array()).size()
                                  : 0;
      if (got != steps)
        differences.push_back(name + ": expected a trace of " + std::to_string(steps) +
                              " steps, got " + std::to_string(got));
    }
  for (const auto &[name, explanation] : expect.explanations)
    if (const json *property = find(name);
        property && property->value("explanation", "") != explanation)
      differences.push_back(name + ": expected the explanation \"" + explanation + "\", got \"" +
                            property->value("explanation", "") + "\"");
  for (const auto &[name, value] : expect.values)
    if (const json *property = find(name); property && property->value("value", json()) != value)
      differences.push_back(name + ": expected the value " + std::to_string(value) + ", got " +
                            shown(property->value("value", json())));
  for (const auto &[name, fields] : expect.fields)
    if (const json *property = find(name))
      for (const auto &[field, value] : fields)
        if (const json got = property->value(field, json()); !got.is_string() || got != value)
          differences.push_back(name + "." + field + ": expected \"" + value + "\", got " +
                                shown(got));
}

} // namespace

std::vector<Scenario> read_scenarios(const Registry &registry) {
  std::vector<Scenario> scenarios;
  std::set<std::string> ids;
  for (std::size_t c = 0; c < registry.scenario_catalogues().size(); ++c) {
    const std::string where = "catalogue " + std::to_string(c + 1);
    const json catalogue = json::parse(registry.scenario_catalogues()[c], nullptr, false);
    if (catalogue.is_discarded())
      throw BadInput("scenario catalogue: " + where + " is not valid JSON");
    if (!catalogue.is_object() || !catalogue.contains("scenarios") ||
        !catalogue["scenarios"].is_array())
      throw BadInput("scenario catalogue: " + where + " has no \"scenarios\" array");
    const json &entries = catalogue["scenarios"];
    for (std::size_t i = 0; i < entries.size(); ++i) {
      const std::string id =
          entries[i].is_object() ? entries[i].value("id", std::string()) : std::string();
      Scenario scenario = EntryReader(entries[i], where + ", entry " + std::to_string(i + 1) +
                                                      (id.empty() ? "" : " (" + id + ")"))
                              .read(registry);
      if (!ids.insert(scenario.id).second)
        throw BadInput("scenario catalogue: id " + scenario.id + " appears twice");
      scenarios.push_back(std::move(scenario));
    }
  }
  return scenarios;
}

std::string shell_text(const std::vector<std::string> &words) {
  std::string text;
  for (const std::string &word : words) {
    const bool plain =
        !word.empty() && word.find_first_not_of("abcdefghijklmnopqrstuvwxyz"
                                                "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                "0123456789_./,:=+-") == std::string::npos;
    text += (text.empty() ? "" : " ") + (plain ? word : shell_quoted(word));
  }
  return text;
}

std::vector<std::string> scenario_differences(const Scenario &scenario, int exit_code,
                                              const std::string &json_output) {
  std::vector<std::string> differences;
  const ScenarioExpectation &expect = scenario.expect;
  if (exit_code != expect.exit)
    differences.push_back("exit code: expected " + std::to_string(expect.exit) + ", got " +
                          std::to_string(exit_code));
  if (scenario.command[0] == "views")
    return differences; // it prints two columns, and its exit code says whether they agree
  const json report = json::parse(json_output, nullptr, false);
  if (report.is_discarded() || !report.is_object()) {
    if (expect.exit != 2)
      differences.push_back("the command printed no JSON report");
    return differences;
  }
  if (scenario.command[0] == "check")
    compare_check(expect, report, differences);
  if (!scenario.chart.empty()) {
    bool drawn = false;
    for (const json &property : report.value("properties", json::array()))
      drawn = drawn || (property.is_object() && property.value("name", "") == scenario.chart &&
                        property.contains("trace"));
    if (!drawn)
      differences.push_back("chart: " + scenario.chart + " has no trace to draw");
  }
  if (expect.boundary && report.value("boundary", "") != *expect.boundary)
    differences.push_back("boundary: expected \"" + *expect.boundary + "\", got \"" +
                          report.value("boundary", "") + "\"");
  return differences;
}

} // namespace protocheck::cli
