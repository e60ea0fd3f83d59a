#include "checker/trace_file.hpp"

#include <protocheck/params.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <limits>

namespace protocheck {
namespace {

// Reading: every access names the field it wants, so a bad file gets one precise line.
class Reader {
public:
  explicit Reader(const Json &json, std::string where = {})
      : json_(json), where_(std::move(where)) {}

  bool has(const char *name) const { return json_.is_object() && json_.contains(name); }

  Reader at(const char *name) const {
    if (!json_.is_object())
      throw bad("must be an object");
    const auto found = json_.find(name);
    if (found == json_.end())
      throw BadInput("trace file: missing field '" + path(name) + "'");
    return Reader(*found, path(name));
  }
  Reader at(std::size_t index) const {
    return Reader(json_.at(index), where_ + "[" + std::to_string(index + 1) + "]");
  }

  std::string text() const {
    if (!json_.is_string())
      throw bad("must be a string");
    return printable(json_.get_ref<const std::string &>());
  }
  std::optional<std::string> name_or_null() const {
    if (json_.is_null())
      return std::nullopt;
    return text();
  }
  std::int64_t integer(std::int64_t low, std::int64_t high) const {
    const bool whole = json_.is_number_integer() || json_.is_number_unsigned();
    if (!whole || (json_.is_number_unsigned() &&
                   json_.get<std::uint64_t>() >
                       static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())))
      throw bad("must be a whole number in " + range(low, high));
    const std::int64_t number = json_.get<std::int64_t>();
    if (number < low || number > high)
      throw bad("= " + std::to_string(number) + " is out of range " + range(low, high));
    return number;
  }
  std::size_t size_of_array() const {
    if (!json_.is_array())
      throw bad("must be an array");
    return json_.size();
  }
  // {"name": "value", ...}: a state's variables as text.
  std::map<std::string, std::string> variables() const {
    if (!json_.is_object())
      throw bad("must be an object of variable names and values");
    std::map<std::string, std::string> out;
    for (const auto &[name, value] : json_.items()) {
      if (!value.is_string())
        throw BadInput("trace file: '" + path(name) + "' must be a string");
      out[printable(name)] = printable(value.get_ref<const std::string &>());
    }
    return out;
  }
  // {"n": 3, "exact-traitors": false, ...}: parameters as the command line would give them.
  std::map<std::string, std::string> params() const {
    if (!json_.is_object())
      throw bad("must be an object of parameter names and values");
    std::map<std::string, std::string> out;
    for (const auto &[name, value] : json_.items()) {
      const std::string key = printable(name);
      if (value.is_number_integer() || value.is_number_unsigned())
        out[key] = value.dump();
      else if (value.is_boolean())
        out[key] = value.get<bool>() ? "true" : "false";
      else if (value.is_string())
        out[key] = printable(value.get_ref<const std::string &>());
      else
        throw BadInput("trace file: '" + path(name) +
                       "' must be a whole number, true/false or a string");
    }
    return out;
  }

private:
  const Json &json_;
  std::string where_;

  std::string path(const std::string &name) const {
    const std::string shown = printable(std::string_view(name).substr(0, 40));
    return where_.empty() ? shown : where_ + "." + shown;
  }
  BadInput bad(const std::string &what) const {
    return BadInput("trace file: '" + (where_.empty() ? std::string("the file") : where_) + "' " +
                    what);
  }
  static std::string range(std::int64_t low, std::int64_t high) {
    return std::to_string(low) + ".." + std::to_string(high);
  }
};

EventKind event_kind(const Reader &field) {
  const std::string name = field.text();
  for (int k = 0; k <= static_cast<int>(EventKind::Adversary); ++k)
    if (to_string(static_cast<EventKind>(k)) == name)
      return static_cast<EventKind>(k);
  throw BadInput("trace file: unknown event kind " + in_quotes(name));
}

RecordedStep read_step(const Reader &step) {
  RecordedStep out;
  const Reader event = step.at("event");
  out.event.kind = event_kind(event.at("kind"));
  out.event.actor = event.at("actor").name_or_null();
  out.event.peer = event.at("peer").name_or_null();
  out.event.message = static_cast<std::uint8_t>(event.at("message").integer(0, 255));
  out.event.value = static_cast<std::uint32_t>(
      event.at("value").integer(0, std::numeric_limits<std::uint32_t>::max()));
  if (event.has("message_id"))
    out.event.message_id = static_cast<std::uint32_t>(
        event.at("message_id").integer(0, std::numeric_limits<std::uint32_t>::max()));
  if (step.has("action"))
    out.action = step.at("action").text();
  out.changes = step.at("changes").variables();
  return out;
}

std::optional<std::string> process_name(std::uint8_t id,
                                        const std::vector<std::string> &processes) {
  if (id == NoProcess)
    return std::nullopt;
  return id < processes.size() ? processes[id] : "p" + std::to_string(id);
}

std::map<std::string, std::string> as_map(const std::vector<Variable> &variables) {
  std::map<std::string, std::string> out;
  for (const Variable &variable : variables)
    out[variable.name] = variable.value;
  return out;
}

// nlohmann's messages start with "[json.exception.parse_error.101] "; the rest is the useful part.
std::string without_exception_tag(const std::string &message) {
  const auto end = message.find("] ");
  return message.starts_with("[json.exception") && end != std::string::npos
             ? message.substr(end + 2)
             : message;
}

// Closes the descriptor however reading ends.
class FileDescriptor {
public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  FileDescriptor(const FileDescriptor &) = delete;
  FileDescriptor &operator=(const FileDescriptor &) = delete;
  ~FileDescriptor() {
    if (fd_ >= 0)
      ::close(fd_);
  }
  int get() const { return fd_; }

private:
  int fd_;
};

} // namespace

std::string read_trace_text(const std::string &path) {
  // O_NONBLOCK: opening a FIFO nobody writes to would otherwise wait forever.
  const FileDescriptor file(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  if (file.get() < 0)
    throw BadInput("cannot read " + printable(path) + ": " + std::strerror(errno));
  struct stat status {};
  if (::fstat(file.get(), &status) != 0 || !S_ISREG(status.st_mode))
    throw BadInput(printable(path) + " is not a regular file: replay reads a trace file written by "
                                     "protocheck check ... --trace FILE --format json");
  const std::string too_large = printable(path) + " is larger than " +
                                std::to_string(MaxTraceFileBytes >> 20) +
                                " MiB, too large for a trace file";
  if (static_cast<std::uint64_t>(status.st_size) > MaxTraceFileBytes)
    throw BadInput(too_large);
  // The size can change after fstat (a file being written): read at most one byte past the limit.
  std::string text;
  char buffer[1 << 16];
  while (true) {
    const ssize_t got = ::read(file.get(), buffer, sizeof buffer);
    if (got == 0)
      return text;
    if (got < 0 && errno == EINTR)
      continue;
    if (got < 0)
      throw BadInput("cannot read " + printable(path) + ": " + std::strerror(errno));
    if (text.size() + static_cast<std::size_t>(got) > MaxTraceFileBytes)
      throw BadInput(too_large);
    text.append(buffer, static_cast<std::size_t>(got));
  }
}

TraceFile parse_trace_file(std::string_view text) {
  Json json;
  try {
    // The callback sees each value's depth before it is built: deeper files are refused before
    // a value deep enough to exhaust the stack (copying or printing it recurses) can exist.
    json = Json::parse(text, [](int depth, Json::parse_event_t, Json &) {
      if (depth > MaxTraceDepth)
        throw BadInput("trace file: JSON nested more than " + std::to_string(MaxTraceDepth) +
                       " levels deep");
      return true;
    });
  } catch (const Json::exception &error) {
    throw BadInput("the trace file is not valid JSON: " +
                   printable(without_exception_tag(error.what())));
  }
  return read_trace_file(json);
}

Json trace_file_json(const CheckReport &report, const PropertyResult &result) {
  Json json;
  json["model"] = report.model;
  json["params"] = params_to_json(report.params);
  json["property"] = result.name;
  json["kind"] = std::string(to_string(result.kind));
  json["status"] = std::string(to_string(result.verdict));
  if (!result.explanation.empty())
    json["explanation"] = result.explanation;
  if (result.value)
    json["value"] = *result.value;
  json["processes"] = report.processes;
  json["trace"] = to_json(*result.trace, report.processes);
  return json;
}

TraceFile read_trace_file(const Json &json) {
  const Reader file(json);
  if (!json.is_object())
    throw BadInput("trace file: expected a JSON object with model, params, property and trace");
  if (!file.has("trace") && file.has("properties"))
    throw BadInput("this is a check report, not a trace file: write one with "
                   "protocheck check ... --trace FILE --format json");
  TraceFile out;
  out.model = file.at("model").text();
  out.params = file.at("params").params();
  RecordedTrace &trace = out.trace;
  trace.property = file.at("property").text();
  if (file.has("kind"))
    trace.kind = file.at("kind").text();
  if (file.has("status"))
    trace.status = file.at("status").text();
  if (file.has("value"))
    trace.value = file.at("value").integer(std::numeric_limits<std::int64_t>::min(),
                                           std::numeric_limits<std::int64_t>::max());
  const Reader body = file.at("trace");
  trace.initial = body.at("initial").variables();
  const Reader steps = body.at("steps");
  const std::size_t count = steps.size_of_array();
  for (std::size_t k = 0; k < count; ++k) {
    const Reader step = steps.at(k);
    if (step.has("step") && step.at("step").integer(1, std::numeric_limits<std::int64_t>::max()) !=
                                static_cast<std::int64_t>(k + 1))
      throw BadInput("trace file: 'trace.steps[" + std::to_string(k + 1) + "].step' should be " +
                     std::to_string(k + 1) + " (steps are missing or out of order)");
    trace.steps.push_back(read_step(step));
  }
  if (body.has("loop_start"))
    trace.loop_start = static_cast<std::size_t>(
                           body.at("loop_start").integer(1, static_cast<std::int64_t>(count))) -
                       1;
  return out;
}

RecordedTrace record_trace(const PropertyResult &result,
                           const std::vector<std::string> &processes) {
  RecordedTrace out;
  out.property = result.name;
  out.kind = std::string(to_string(result.kind));
  out.status = std::string(to_string(result.verdict));
  out.value = result.value;
  if (!result.trace)
    return out;
  out.initial = as_map(result.trace->initial);
  for (const TraceStep &step : result.trace->steps) {
    const Event &event = step.event;
    out.steps.push_back({{event.kind, process_name(event.actor, processes),
                          process_name(event.peer, processes), event.message, event.value,
                          event.message_id},
                         step.action,
                         as_map(step.changes)});
  }
  out.loop_start = result.trace->loop_start;
  return out;
}

} // namespace protocheck
