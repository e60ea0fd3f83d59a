#include "cli/explore/explore_api.hpp"

#include "checker/report/svg.hpp"
#include "checker/report/text.hpp"
#include "checker/trace_file.hpp"

#include <algorithm>
#include <cctype>
#include <thread>

namespace protocheck::cli {
namespace {

// A check started from the page stops by itself after this long, so that a click on a model
// too large to check does not hold the server's one check slot for ever.
constexpr double PageCheckSeconds = 120;

// URL query text: parameter values are numbers, words and flags, but a text parameter may hold
// anything, so every byte outside the unreserved set is percent-encoded.
std::string url_encoded(std::string_view text) {
  static constexpr char Hex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += Hex[byte >> 4];
      out += Hex[byte & 15];
    }
  }
  return out;
}

Json step_json(const TraceStep &step, const std::vector<std::string> &processes) {
  const auto name = [&](std::uint8_t id) -> Json {
    if (id == NoProcess)
      return nullptr;
    return id < processes.size() ? processes[id] : "p" + std::to_string(id);
  };
  Json changes = Json::array();
  for (const Variable &variable : step.changes)
    changes.push_back({{"name", variable.name}, {"value", variable.value}});
  return {{"action", step.action},
          {"message", step.message},
          {"kind", to_string(step.event.kind)},
          {"actor", name(step.event.actor)},
          {"peer", name(step.event.peer)},
          {"changes", std::move(changes)}};
}

// The first property the state violates, with why, said under the chart.
std::string chart_caption(const ExploreView &view) {
  for (const ExplorePropertyStatus &status : view.properties)
    if (status.status == ExploreStatus::Violated)
      return status.name + " violated" + (status.detail.empty() ? "" : ": " + status.detail);
  return {};
}

} // namespace

ExploreApi::ExploreApi(const ModelEntry &entry, ParamValues values, const std::atomic<bool> *stop)
    : entry_(entry), values_(std::move(values)), session_(entry.explore(values_)), stop_(stop) {}

std::string ExploreApi::fragment_prefix() const {
  std::string query;
  for (const auto &[name, value] : values_.all())
    query += (query.empty() ? "?" : "&") + url_encoded(name) + "=" + url_encoded(value);
  return "#/" + url_encoded(entry_.name) + query + "/path=";
}

Json ExploreApi::model() const {
  Json params = Json::object();
  for (const auto &[name, value] : values_.all())
    params[name] = value;
  Json parameters = Json::array();
  for (const ParamSpec &spec : entry_.parameters)
    parameters.push_back({{"name", spec.name}, {"help", spec.help}});
  return {{"model", entry_.name},
          {"summary", entry_.summary},
          {"params", std::move(params)},
          {"params_text", parameters_text(values_.all())},
          {"parameters", std::move(parameters)},
          {"processes", session_->processes()},
          {"fragment_prefix", fragment_prefix()},
          {"max_path_steps", MaxExplorePathSteps}};
}

Json ExploreApi::state(std::string_view path_text) const {
  const std::vector<std::size_t> path = parse_explore_path(path_text);
  const ExploreView view = session_->at(path);
  const std::vector<std::string> &processes = session_->processes();
  Json state = Json::array();
  for (const Variable &variable : view.state) {
    const bool changed =
        std::find(view.changed.begin(), view.changed.end(), variable.name) != view.changed.end();
    state.push_back({{"name", variable.name}, {"value", variable.value}, {"changed", changed}});
  }
  Json choices = Json::array();
  for (const ExploreChoice &choice : view.choices) {
    Json item = step_json(choice.step, processes);
    item["ordinal"] = choice.ordinal;
    choices.push_back(std::move(item));
  }
  Json properties = Json::array();
  for (const ExplorePropertyStatus &status : view.properties)
    properties.push_back({{"name", status.name},
                          {"description", status.description},
                          {"kind", to_string(status.kind)},
                          {"status", to_string(status.status)},
                          {"detail", status.detail}});
  Json steps = Json::array();
  std::string chart;
  if (view.trace) {
    for (const TraceStep &step : view.trace->steps)
      steps.push_back(step_json(step, processes));
    if (!view.trace->steps.empty()) {
      SvgOptions options;
      options.faulty = view.faulty;
      options.title = entry_.name + " (" + parameters_text(values_.all()) + "): the run so far";
      options.caption = chart_caption(view);
      chart = render_svg(*view.trace, processes, options);
    }
  }
  Json faulty = Json::array();
  for (const std::size_t p : view.faulty)
    faulty.push_back(processes.at(p));
  return {{"path", explore_path_text(view.path)},
          {"started", !view.path.empty()},
          {"state", std::move(state)},
          {"steps", std::move(steps)},
          {"choices", std::move(choices)},
          {"terminal", view.terminal},
          {"properties", std::move(properties)},
          {"faulty", std::move(faulty)},
          {"chart", chart}};
}

Json ExploreApi::check() {
  std::unique_lock lock(checking_, std::try_to_lock);
  if (!lock.owns_lock())
    throw Busy("a check is already running; wait for its result");
  CheckOptions options;
  options.threads = std::max(1u, std::thread::hardware_concurrency());
  options.all = true; // every property decided, each with its trace to jump to
  options.time_limit_seconds = PageCheckSeconds;
  options.interrupt = stop_;
  const CheckReport report = entry_.check(values_, options);
  Json properties = Json::array();
  for (const PropertyResult &result : report.properties) {
    Json item = {{"name", result.name},
                 {"kind", to_string(result.kind)},
                 {"description", result.description},
                 {"verdict", to_string(result.verdict)},
                 {"explanation", result.explanation},
                 {"trace_shows", meaning(result.kind).trace_shows},
                 {"path", nullptr},
                 {"loop_start", nullptr}};
    if (result.trace) {
      item["path"] = explore_path_text(session_->follow(record_trace(result, report.processes)));
      if (result.trace->loop_start)
        item["loop_start"] = *result.trace->loop_start;
    }
    properties.push_back(std::move(item));
  }
  return {{"outcome", to_string(report.outcome)}, {"partial_reason", report.partial_reason},
          {"states", report.stats.states},        {"transitions", report.stats.transitions},
          {"seconds", report.stats.seconds},      {"properties", std::move(properties)}};
}

Json ExploreApi::load_trace(std::string_view text) const {
  const TraceFile file = parse_trace_file(text);
  if (file.model != entry_.name)
    throw BadInput("the trace is of model " + in_quotes(file.model) + "; this page explores " +
                   entry_.name);
  const ParamValues values = ParamValues::parse(entry_.parameters, file.params);
  if (values.all() != values_.all())
    throw BadInput("the trace is of " + entry_.name + " with " + parameters_text(values.all()) +
                   "; this page explores " + parameters_text(values_.all()) +
                   " (start protocheck explore with the trace's parameters)");
  const ReplayResult replayed = entry_.replay(values_, file.trace);
  return {{"property", file.trace.property},
          {"path", explore_path_text(session_->follow(file.trace))},
          {"confirmed", replayed.confirmed},
          {"message", replayed.message}};
}

} // namespace protocheck::cli
