// Deterministic mutation fuzzing of what protocheck reads from outside: trace files written by the
// checker itself (om, maekawa), mutated thousands of ways with a fixed seed (byte flips,
// truncations, duplicated and deleted keys, deep nesting, huge numbers, wrong types, control
// characters), go to the trace reader and replay in-process and some to the binary; random
// parameter values go to ParamValues::parse. Every outcome must be a clean refusal (BadInput, exit
// 2 with one line) or a valid result: never a crash, a hang or another exception.
#include "checker/trace_file.hpp"
#include "tests/cli/run_binary.hpp"
#include <protocheck/engine/check.hpp>
#include <protocheck/models/builtin.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

using namespace protocheck;
using namespace protocheck::testing;

namespace {

struct Original {
  std::string model;
  Json file;
  RecordedTrace trace;
};

// Every trace a small om and maekawa run produces, as the trace files the checker writes.
std::vector<Original> checker_traces(const Registry &registry) {
  std::vector<Original> traces;
  const std::vector<std::pair<std::string, std::map<std::string, std::string>>> instances = {
      {"om", {{"n", "3"}, {"f", "1"}}}, {"om", {{"n", "4"}, {"f", "2"}}}, {"maekawa", {}}};
  for (const auto &[name, given] : instances) {
    const ModelEntry &entry = *registry.find(name);
    CheckOptions options;
    options.threads = 1;
    options.all = true;
    const CheckReport report = entry.check(ParamValues::parse(entry.parameters, given), options);
    for (const PropertyResult &result : report.properties)
      if (result.trace)
        traces.push_back(
            {name, trace_file_json(report, result), record_trace(result, report.processes)});
  }
  return traces;
}

// Text that stands in for a JSON value: nesting, numbers out of every range, wrong types, strings
// a terminal would obey.
const std::vector<std::string> &odd_values() {
  static const std::vector<std::string> values = [] {
    std::vector<std::string> out = {"18446744073709551616",
                                    "-9223372036854775809",
                                    "1e400",
                                    "-1e400",
                                    "-0",
                                    "1.5",
                                    "-1",
                                    "256",
                                    "4294967296",
                                    "99999999999999999999999999999999999999",
                                    "null",
                                    "true",
                                    "false",
                                    "\"\"",
                                    "[]",
                                    "{}",
                                    "\"x\"",
                                    "0",
                                    "\"\\u001b[2J\"",
                                    "\"a\\nb\"",
                                    "\"\\u0000\"",
                                    "\"\\u009b31m\"",
                                    "\"" + std::string(10'000, 'a') + "\"",
                                    "\"attack\"",
                                    "\"true\""};
    for (const std::size_t depth : {2, 63, 64, 65, 1'000, 150'000}) {
      out.push_back(std::string(depth, '[') + std::string(depth, ']'));
      std::string objects;
      for (std::size_t k = 0; k < depth; ++k)
        objects += "{\"a\":";
      out.push_back(objects + "1" + std::string(depth, '}'));
    }
    return out;
  }();
  return values;
}

class Mutator {
public:
  explicit Mutator(std::uint64_t seed) : random_(seed) {}

  std::string mutate(const Json &file) {
    switch (below(7)) {
    case 0:
      return flip_bytes(file.dump());
    case 1: {
      const std::string text = file.dump();
      return text.substr(0, below(text.size()));
    }
    case 2:
      return duplicate_key(file.dump());
    case 3:
      return delete_key(file);
    default:
      return replace_value(file);
    }
  }

private:
  std::mt19937_64 random_;
  static constexpr const char *Placeholder = "\x01placeholder\x01";

  std::size_t below(std::size_t bound) {
    return bound == 0 ? 0 : std::uniform_int_distribution<std::size_t>(0, bound - 1)(random_);
  }

  std::string flip_bytes(std::string text) {
    for (std::size_t flips = 1 + below(4); flips > 0; --flips)
      text[below(text.size())] = static_cast<char>(below(256));
    return text;
  }

  // The same key again, in the same object, with another value.
  std::string duplicate_key(std::string text) {
    std::vector<std::size_t> keys;
    for (std::size_t at = text.find("\":"); at != std::string::npos; at = text.find("\":", at + 1))
      keys.push_back(at);
    const std::size_t end = keys[below(keys.size())];
    const std::size_t start = text.rfind('"', end - 1);
    const std::string key = text.substr(start, end + 2 - start);
    text.insert(start, key + odd_values()[below(odd_values().size())] + ",");
    return text;
  }

  // Every value in the file, as JSON pointers.
  static void pointers(const Json &value, const Json::json_pointer &at,
                       std::vector<Json::json_pointer> &out) {
    out.push_back(at);
    if (value.is_object())
      for (const auto &[key, child] : value.items())
        pointers(child, at / key, out);
    if (value.is_array())
      for (std::size_t k = 0; k < value.size(); ++k)
        pointers(value[k], at / k, out);
  }
  Json::json_pointer any_value(const Json &file) {
    std::vector<Json::json_pointer> all;
    pointers(file, Json::json_pointer(), all);
    return all[1 + below(all.size() - 1)];
  }

  std::string delete_key(Json file) {
    const Json::json_pointer at = any_value(file);
    Json &parent = file[at.parent_pointer()];
    if (parent.is_object())
      parent.erase(at.back());
    else
      parent.erase(std::stoul(at.back()));
    return file.dump();
  }

  // Replaced in the text, so that values no Json object can hold (1e400, 150,000 levels) fit in.
  std::string replace_value(Json file) {
    file[any_value(file)] = Placeholder;
    std::string text = file.dump();
    const std::string marker = Json(Placeholder).dump();
    text.replace(text.find(marker), marker.size(), odd_values()[below(odd_values().size())]);
    return text;
  }
};

// A refusal is one printable line.
void require_clean(const BadInput &error) {
  const std::string message = error.what();
  INFO(message);
  CHECK(message.find('\n') == std::string::npos);
  CHECK(message.find('\x1b') == std::string::npos);
}

bool same_events(const RecordedTrace &a, const RecordedTrace &b) {
  if (a.initial != b.initial || a.steps.size() != b.steps.size())
    return false;
  for (std::size_t k = 0; k < a.steps.size(); ++k) {
    const RecordedEvent &x = a.steps[k].event, &y = b.steps[k].event;
    if (x.kind != y.kind || x.actor != y.actor || x.peer != y.peer || x.message != y.message ||
        x.value != y.value || a.steps[k].changes != b.steps[k].changes)
      return false;
  }
  return true;
}

enum class ReplayOutcome { Refused, NotConfirmed, Confirmed };

} // namespace

TEST_CASE("mutated trace files are refused cleanly or replayed, in-process") {
  const Registry registry = builtin_models();
  const std::vector<Original> originals = checker_traces(registry);
  REQUIRE(originals.size() >= 3);
  Mutator mutator(20240601);
  std::map<ReplayOutcome, std::size_t> outcomes;
  for (std::size_t round = 0; round < 3000; ++round) {
    const Original &original = originals[round % originals.size()];
    const std::string text = mutator.mutate(original.file);
    ReplayOutcome outcome = ReplayOutcome::Refused;
    try {
      const TraceFile file = parse_trace_file(text);
      const ModelEntry *entry = registry.find(file.model);
      if (entry != nullptr) {
        const ReplayResult result =
            entry->replay(ParamValues::parse(entry->parameters, file.params), file.trace);
        outcome = result.confirmed ? ReplayOutcome::Confirmed : ReplayOutcome::NotConfirmed;
        // Only a mutation that leaves the run itself alone can still be confirmed.
        if (result.confirmed) {
          INFO(text.substr(0, 2000));
          CHECK(file.model == original.model);
          CHECK(same_events(file.trace, original.trace));
        }
      }
    } catch (const BadInput &error) {
      require_clean(error);
    }
    ++outcomes[outcome];
  }
  // The mutations reach every outcome: they are neither all fatal nor all harmless.
  CHECK(outcomes[ReplayOutcome::Refused] > 1000);
  CHECK(outcomes[ReplayOutcome::NotConfirmed] > 10);
  CHECK(outcomes[ReplayOutcome::Confirmed] > 10);
}

TEST_CASE("mutated trace files get exit 0, 1, or 2 with one line from the binary") {
  const Registry registry = builtin_models();
  const std::vector<Original> originals = checker_traces(registry);
  Mutator mutator(7);
  const auto path = scratch() / "mutated.json";
  for (std::size_t round = 0; round < 150; ++round) {
    const std::string text = mutator.mutate(originals[round % originals.size()].file);
    write_file(path, text);
    const RunResult run = run_protocheck("replay " + path.string());
    INFO(text.substr(0, 2000));
    REQUIRE((run.exit_code == 0 || run.exit_code == 1 || run.exit_code == 2));
    CHECK(run.out.find('\x1b') == std::string::npos);
    CHECK(run.err.find('\x1b') == std::string::npos);
    if (run.exit_code == 2) {
      CHECK(run.out.empty());
      CHECK(count_lines(run.err) == 1);
    } else {
      CHECK(run.err.empty());
      CHECK(count_lines(run.out) == 2);
    }
  }
}

TEST_CASE("random parameter values are refused cleanly or parsed within their specs") {
  const Registry registry = builtin_models();
  std::mt19937_64 random(42);
  const auto below = [&](std::size_t bound) {
    return std::uniform_int_distribution<std::size_t>(0, bound - 1)(random);
  };
  const std::vector<std::string> pieces = {"0",          "1",
                                           "2",          "3",
                                           "7",          "9",
                                           "-",          "+",
                                           ".",          "..",
                                           "e",          "x",
                                           " ",          "\n",
                                           "\x1b",       "true",
                                           "false",      "nan",
                                           "inf",        "1e3",
                                           ",",          ";",
                                           "grid",       "retreat",
                                           "bottom",     "99999999999999999999",
                                           "\xc2\x9b",   "0x10",
                                           "1,2;2,3;3,1"};
  std::size_t parsed = 0, refused = 0;
  for (std::size_t round = 0; round < 5000; ++round) {
    const ModelEntry &entry = registry.entries()[round % registry.entries().size()];
    std::map<std::string, std::string> given;
    for (std::size_t count = below(3) + 1; count > 0; --count) {
      std::string value;
      for (std::size_t length = below(5); length > 0; --length)
        value += pieces[below(pieces.size())];
      const bool known = !entry.parameters.empty() && below(10) > 0;
      given[known ? entry.parameters[below(entry.parameters.size())].name
                  : pieces[below(pieces.size())]] = value;
    }
    try {
      const ParamValues values = ParamValues::parse(entry.parameters, given);
      ++parsed;
      for (const ParamSpec &spec : entry.parameters) {
        INFO(entry.name << " --" << spec.name);
        const auto found = given.find(spec.name);
        if (!values.has(spec.name)) {
          CHECK(found == given.end()); // only a derived default may be absent
          continue;
        }
        const std::string text = values.text(spec.name);
        switch (spec.type) {
        case ParamType::Integer:
          CHECK(values.integer(spec.name) >= spec.min);
          CHECK(values.integer(spec.name) <= spec.max);
          break;
        case ParamType::Flag:
          CHECK((text == "true" || text == "false"));
          break;
        case ParamType::Choice:
          CHECK(std::find(spec.choices.begin(), spec.choices.end(), text) != spec.choices.end());
          break;
        case ParamType::Text:
          CHECK(text == (found != given.end() ? found->second : spec.default_value));
          break;
        }
      }
    } catch (const BadInput &error) {
      ++refused;
      require_clean(error);
    }
  }
  CHECK(parsed > 100);
  CHECK(refused > 1000);

  for (std::size_t round = 0; round < 2000; ++round) {
    std::string text;
    for (std::size_t length = below(4) + 1; length > 0; --length)
      text += pieces[below(pieces.size())];
    try {
      const auto [low, high] = parse_range("n", text);
      CHECK(low <= high);
    } catch (const BadInput &error) {
      require_clean(error);
    }
  }
}
