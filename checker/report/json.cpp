#include "checker/report/json.hpp"

#include <charconv>

namespace protocheck {
namespace {

Json variables_to_json(const std::vector<Variable> &variables) {
  Json object = Json::object();
  for (const Variable &variable : variables)
    object[variable.name] = variable.value;
  return object;
}

Json process_name(std::uint8_t id, const std::vector<std::string> &processes) {
  if (id == NoProcess)
    return nullptr;
  return id < processes.size() ? Json(processes[id]) : Json("p" + std::to_string(id));
}

// An eventually property of a randomized model: numbers, exact values where computed, bounds.
void add_probabilities(Json &property, const Probabilities &numbers) {
  property["markov_chain"] = numbers.markov_chain;
  if (!numbers.note.empty())
    property["probability_note"] = numbers.note;
  if (!numbers.markov_chain)
    return;
  property["probability"] = numbers.probability;
  if (!numbers.probability_exact.empty())
    property["probability_exact"] = numbers.probability_exact;
  if (numbers.expected_steps)
    property["expected_steps"] = *numbers.expected_steps;
  if (!numbers.expected_steps_exact.empty())
    property["expected_steps_exact"] = numbers.expected_steps_exact;
  if (numbers.expected_rounds)
    property["expected_rounds"] = *numbers.expected_rounds;
  if (!numbers.expected_rounds_exact.empty())
    property["expected_rounds_exact"] = numbers.expected_rounds_exact;
  if (!numbers.within_rounds.empty()) {
    Json within = Json::array();
    for (std::size_t r = 0; r < numbers.within_rounds.size(); ++r) {
      Json entry{{"rounds", r + 1}, {"probability", numbers.within_rounds[r]}};
      if (r < numbers.within_rounds_exact.size())
        entry["exact"] = numbers.within_rounds_exact[r];
      within.push_back(entry);
    }
    property["within_rounds"] = within;
  }
  property["probability_error"] = numbers.probability_error;
  property["expected_error"] = numbers.expected_error;
  property["probability_method"] = numbers.method;
  property["probability_seconds"] = numbers.seconds;
}

} // namespace

Json params_to_json(const std::vector<std::pair<std::string, std::string>> &params) {
  Json object = Json::object();
  for (const auto &[name, value] : params) {
    std::int64_t number = 0;
    const char *end = value.data() + value.size();
    const auto [last, error] = std::from_chars(value.data(), end, number);
    if (!value.empty() && error == std::errc() && last == end)
      object[name] = number;
    else if (value == "true" || value == "false")
      object[name] = value == "true";
    else
      object[name] = value;
  }
  return object;
}

namespace {

Json event_to_json(const Event &event, const std::vector<std::string> &processes) {
  Json json;
  json["kind"] = std::string(to_string(event.kind));
  json["actor"] = process_name(event.actor, processes);
  json["peer"] = process_name(event.peer, processes);
  json["message"] = event.message;
  json["value"] = event.value;
  json["message_id"] = event.message_id;
  return json;
}

} // namespace

Json to_json(const Trace &trace, const std::vector<std::string> &processes) {
  Json json;
  json["initial"] = variables_to_json(trace.initial);
  Json steps = Json::array();
  for (std::size_t k = 0; k < trace.steps.size(); ++k) {
    const TraceStep &step = trace.steps[k];
    Json entry{{"step", k + 1}, {"action", step.action}};
    if (!step.message.empty())
      entry["message_label"] = step.message;
    entry["event"] = event_to_json(step.event, processes);
    entry["changes"] = variables_to_json(step.changes);
    if (!step.carried.empty()) {
      Json carried = Json::array();
      for (const CarriedMessage &message : step.carried)
        carried.push_back(
            {{"event", event_to_json(message.event, processes)}, {"message_label", message.label}});
      entry["carried"] = std::move(carried);
    }
    steps.push_back(std::move(entry));
  }
  json["steps"] = steps;
  if (trace.loop_start)
    json["loop_start"] = *trace.loop_start + 1;
  if (!trace.waiting.empty()) {
    Json waiting = Json::array();
    for (const WaitEdge &edge : trace.waiting)
      waiting.push_back(
          {{"waiter", process_name(static_cast<std::uint8_t>(edge.waiter), processes)},
           {"waits_for", process_name(static_cast<std::uint8_t>(edge.waited_for), processes)},
           {"what", edge.what}});
    json["waiting"] = std::move(waiting);
  }
  return json;
}

Json to_json(const CheckReport &report) {
  Json json;
  json["model"] = report.model;
  json["params"] = params_to_json(report.params);
  json["result"] = std::string(to_string(report.outcome));
  if (!report.partial_reason.empty())
    json["partial_reason"] = report.partial_reason;
  json["symmetry"] = report.symmetry;
  json["fingerprints"] = report.fingerprints;
  if (report.fingerprints) {
    json["fingerprint_bits"] = 64;
    json["collision_probability"] = report.collision_probability;
    json["collision_probability_formula"] = "states^2 / 2^65";
  }
  if (!report.fairness.empty())
    json["fairness"] = report.fairness;
  if (!report.notes.empty())
    json["notes"] = report.notes;
  json["processes"] = report.processes;
  Json properties = Json::array();
  for (const PropertyResult &result : report.properties) {
    Json property;
    property["name"] = result.name;
    property["kind"] = std::string(to_string(result.kind));
    property["description"] = result.description;
    property["status"] = std::string(to_string(result.verdict));
    if (result.value)
      property["value"] = *result.value;
    if (!result.explanation.empty())
      property["explanation"] = result.explanation;
    if (result.probabilities)
      add_probabilities(property, *result.probabilities);
    if (result.trace)
      property["trace"] = to_json(*result.trace, report.processes);
    properties.push_back(property);
  }
  json["properties"] = properties;
  const Stats &stats = report.stats;
  json["stats"] = {
      {"states", stats.states},
      {"transitions", stats.transitions},
      {"depth", stats.depth},
      {"seconds", stats.seconds},
      {"states_per_second",
       stats.seconds > 0 ? static_cast<double>(stats.states) / stats.seconds : 0.0},
      {"peak_memory_bytes", stats.peak_memory_bytes},
      {"threads", stats.threads},
      {"state_bytes", stats.state_bytes},
      {"store_bytes", stats.store_bytes},
      {"graph_bytes", stats.graph_bytes},
      {"liveness_seconds", stats.liveness_seconds},
      {"storage", stats.tree_storage    ? "tree"
                  : report.fingerprints ? "fingerprints"
                                        : "whole"},
      {"bytes_per_state",
       stats.states > 0 ? static_cast<double>(stats.store_bytes) / static_cast<double>(stats.states)
                        : 0.0},
  };
  if (report.distributed) {
    Json ranks = Json::array();
    for (const RankFigures &rank : report.distributed->ranks)
      ranks.push_back({{"states", rank.states},
                       {"store_bytes", rank.store_bytes},
                       {"peak_memory_bytes", rank.peak_memory_bytes},
                       {"bytes_sent", rank.bytes_sent},
                       {"compute_seconds", rank.compute_seconds},
                       {"exchange_seconds", rank.exchange_seconds}});
    Json levels = Json::array();
    for (const LevelFigures &level : report.distributed->levels)
      levels.push_back({{"states", level.states},
                        {"bytes_sent", level.bytes_sent},
                        {"compute_seconds", level.compute_seconds},
                        {"exchange_seconds", level.exchange_seconds}});
    json["distributed"] = {{"ranks", ranks}, {"levels", levels}};
  }
  return json;
}

} // namespace protocheck
