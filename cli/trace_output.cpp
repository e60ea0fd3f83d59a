#include "cli/trace_output.hpp"

#include "checker/report/msc.hpp"
#include "checker/report/svg.hpp"
#include "checker/report/text.hpp"
#include "checker/trace_file.hpp"
#include "cli/output_file.hpp"

#include <cctype>
#include <filesystem>
#include <iostream>

namespace protocheck::cli {
namespace {

std::string what_it_shows(const PropertyResult &result) {
  return std::string(meaning(result.kind).trace_shows) + " " + result.name;
}

// Said under the chart about its last step: the property and, in the model's words, why.
std::string caption(const PropertyResult &result) {
  const std::string verdict = result.verdict == Verdict::Violated ? " violated" : "";
  return result.name + verdict + (result.explanation.empty() ? "" : ": " + result.explanation);
}

// A property's name as a file name: characters other than letters, digits, '.', '_' and '-'
// become '_' (names are short identifiers; this keeps a model's odd one inside the directory).
std::string file_name_of(const std::string &name) {
  std::string file = name.empty() ? "property" : name;
  for (char &c : file)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-'))
      c = '_';
  if (file.front() == '.')
    file.front() = '_';
  return file;
}

std::string file_extension(const std::string &format) {
  if (format == "msc")
    return ".msc.txt";
  if (format == "text")
    return ".txt";
  return "." + format;
}

} // namespace

const PropertyResult *first_trace(const CheckReport &report) {
  for (const auto &result : report.properties)
    if (result.trace && result.verdict == Verdict::Violated)
      return &result;
  for (const auto &result : report.properties)
    if (result.trace)
      return &result;
  return nullptr;
}

std::set<std::size_t> chart_faulty(const ModelEntry &entry, const ParamValues &values,
                                   const CheckReport &report, const PropertyResult &result) {
  const ReplayResult replayed = entry.replay(values, record_trace(result, report.processes));
  if (!replayed.confirmed) // the checker's own trace should always replay: say so if not
    std::cerr << "protocheck: warning: the trace of " << result.name
              << " does not replay: " << replayed.message << "\n";
  // The model's faulty() hook, and every process the trace shows crashing.
  std::set<std::size_t> faulty = replayed.faulty.value_or(std::set<std::size_t>{});
  for (const TraceStep &step : result.trace->steps)
    if (step.event.kind == EventKind::Crash && step.event.actor < report.processes.size())
      faulty.insert(step.event.actor);
  return faulty;
}

std::string render_trace(const std::string &format, const ModelEntry &entry,
                         const ParamValues &values, const CheckReport &report,
                         const PropertyResult &result) {
  if (format == "json")
    return trace_file_json(report, result).dump(2) + "\n";
  if (format == "msc") {
    MscOptions options;
    options.faulty = chart_faulty(entry, values, report, result);
    options.caption = caption(result);
    return render_msc(*result.trace, report.processes, options);
  }
  if (format == "svg") {
    SvgOptions options;
    options.faulty = chart_faulty(entry, values, report, result);
    options.title =
        report.model + " (" + parameters_text(report.params) + "): " + what_it_shows(result);
    options.caption = caption(result);
    return render_svg(*result.trace, report.processes, options);
  }
  std::string heading = what_it_shows(result);
  heading[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(heading[0])));
  return heading + " (" + result.description + "), " + std::to_string(result.trace->steps.size()) +
         " steps:\n" + render_text_trace(*result.trace) +
         (result.explanation.empty() ? "" : "  => " + caption(result) + "\n");
}

const PropertyResult *TraceOptions::chosen_trace(const CheckReport &report) const {
  if (property.empty())
    return first_trace(report);
  std::string names;
  for (const auto &result : report.properties) {
    if (result.name == property) {
      if (!result.trace)
        std::cerr << "protocheck: --property " << property << ": no trace to draw (" << result.name
                  << " " << to_string(result.verdict) << ")\n";
      return result.trace ? &result : nullptr;
    }
    names += (names.empty() ? "" : ", ") + result.name;
  }
  throw BadInput("--property " + property + ": " + report.model + " has no such property (" +
                 (names.empty() ? "it has none" : "its properties are " + names) + ")");
}

void TraceOptions::add_to(CLI::Option_group &group) {
  group.add_option("--trace", file, "write the first counterexample (or witness) to this file")
      ->type_name("FILE");
  group
      .add_option("--trace-dir", directory,
                  "write every trace the run finds (each counterexample, witness and bound's "
                  "run) to this directory, one file per property: NAME.txt, NAME.msc.txt, "
                  "NAME.svg or NAME.json by --format; decides every property, as with --all")
      ->type_name("DIR");
  group
      .add_option("--property", property,
                  "the property whose counterexample or witness --trace and --format show "
                  "(default: the first violation, else the first witness), or complete-run: the "
                  "shortest run to a state without successors, in any model; check then decides "
                  "every property, as with --all")
      ->type_name("NAME");
  group
      .add_option("--format", format,
                  "format of the counterexample: text, msc (a sequence chart; without --trace, "
                  "printed after the report), svg (needs --trace) or json (protocheck replay "
                  "reads it back)")
      ->check(CLI::IsMember({"text", "msc", "svg", "json"}))
      ->type_name("text|msc|svg|json");
}

void TraceOptions::check_before_run(bool json) {
  stdout_is_json = json;
  if (!directory.empty()) {
    if (!file.empty())
      throw BadInput("--trace writes one trace and --trace-dir every one: give one of them");
    std::error_code error;
    std::filesystem::create_directories(directory, error);
    if (error || !std::filesystem::is_directory(directory))
      throw BadInput("--trace-dir " + directory + ": cannot make the directory (" +
                     (error ? error.message() : "a file of that name is in the way") + ")");
    check_writable((std::filesystem::path(directory) / ".protocheck-write-test").string());
    return;
  }
  if (!file.empty()) {
    check_writable(file);
    return;
  }
  if (format == "svg")
    throw BadInput("--format svg needs --trace FILE (the chart is written to that file)");
  if (format == "json")
    throw BadInput("--format json needs --trace FILE (for the whole report as JSON, use --json)");
  if (format == "msc" && json)
    throw BadInput("--format msc with --json needs --trace FILE (stdout holds only the JSON)");
}

void TraceOptions::output_first_trace(const ModelEntry &entry, const ParamValues &values,
                                      const CheckReport &report) const {
  if (!directory.empty()) {
    if (!property.empty())
      (void)chosen_trace(report); // an unknown name is still refused
    for (const PropertyResult &result : report.properties) {
      const std::string path =
          (std::filesystem::path(directory) / (file_name_of(result.name) + file_extension(format)))
              .string();
      std::error_code ignored;
      if (result.trace)
        write_atomically(path, render_trace(format, entry, values, report, result));
      else // an earlier run's trace of it would read as this run's
        std::filesystem::remove(path, ignored);
    }
    return;
  }
  const PropertyResult *traced = chosen_trace(report);
  if (!file.empty()) {
    if (traced == nullptr)
      remove_stale_trace(file);
    else
      write_atomically(file, render_trace(format, entry, values, report, *traced));
  } else if (traced != nullptr && !stdout_is_json &&
             (format == "msc" ||
              (format == "text" && !property.empty() && traced->kind == PropertyKind::Bound))) {
    // The text report leaves a bound's run out unless --property asks for it.
    std::cout << "\n" << render_trace(format, entry, values, report, *traced);
  }
}

} // namespace protocheck::cli
