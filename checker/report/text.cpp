#include "checker/report/text.hpp"

#include <protocheck/engine/trace_text.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <sstream>

namespace protocheck {
namespace {

constexpr std::size_t Width = 100;

// "a = 1; b = 2" wrapped to the page after `prefix`, continuation lines indented to match it.
std::string wrap_changes(const std::vector<Variable> &changes, const std::string &prefix) {
  const std::string indent(prefix.size(), ' ');
  std::string out;
  std::string line = prefix;
  for (std::size_t i = 0; i < changes.size(); ++i) {
    const std::string item = changes[i].name + " = " + changes[i].value + (i + 1 < changes.size() ? ";" : "");
    if (line.size() > indent.size() && line.size() + 1 + item.size() > Width) {
      out += line + "\n";
      line = indent;
    }
    line += (line.size() > indent.size() ? " " : "") + item;
  }
  if (line.size() > indent.size())
    out += line + "\n";
  return out;
}

std::string verdict_words(const PropertyResult &result, Outcome outcome) {
  switch (result.verdict) {
  case Verdict::Holds:
    if (result.kind == PropertyKind::Reachable)
      return "reachable (witness below)";
    if (result.kind == PropertyKind::Bound)
      return result.value ? "max = " + std::to_string(*result.value) : "no reachable state";
    if (result.probabilities && result.probabilities->markov_chain)
      return "holds with probability 1";
    return "holds";
  case Verdict::Violated:
    return std::string(meaning(result.kind).violated_word);
  case Verdict::Unknown:
    return outcome == Outcome::Partial ? "unknown (stopped by a limit)" : "unknown (see below)";
  }
  return "?";
}

std::string trace_heading(const PropertyResult &result) {
  const std::size_t steps = result.trace->steps.size();
  const std::string count = std::to_string(steps) + (steps == 1 ? " step" : " steps");
  std::string heading(meaning(result.kind).trace_shows);
  heading[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(heading[0])));
  // A bound's description is long and says what the measure counts; its name suffices here.
  const std::string about =
      result.kind == PropertyKind::Bound ? "" : " (" + result.description + ")";
  return heading + " " + result.name + about + ", " + count + ":";
}

std::string number_text(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", value);
  return text;
}

// A probability: close to 1, as "1 - 1.79e-10", so that it does not round to 1.
std::string probability_text(double value, const std::string &exact) {
  if (value > 0.9999 && (value < 1 || (!exact.empty() && exact != "1"))) {
    const double miss = 1 - value;
    return miss > 0 ? "1 - " + number_text(miss) : "1 - (less than 1e-16)";
  }
  return number_text(value);
}

// "0.988770 = 64800/65536": the exact value too when it is short enough to read.
std::string value_text(double value, const std::string &exact, bool is_probability = false) {
  const std::string shown = is_probability ? probability_text(value, exact) : number_text(value);
  if (exact.empty() || exact == shown)
    return shown;
  return exact.size() <= 40 ? shown + " = " + exact : shown + " (exact)";
}

// The lines under an eventually property of a randomized model.
std::string render_probabilities(const Probabilities &numbers) {
  const std::string indent = "      ";
  if (!numbers.markov_chain)
    return indent + numbers.note + "\n";
  std::ostringstream out;
  out << indent << "probability "
      << value_text(numbers.probability, numbers.probability_exact, true);
  if (numbers.expected_steps)
    out << "; expected steps " << value_text(*numbers.expected_steps, numbers.expected_steps_exact);
  else
    out << "; expected steps infinite (it may never be reached)";
  if (numbers.expected_rounds)
    out << "; expected rounds "
        << value_text(*numbers.expected_rounds, numbers.expected_rounds_exact);
  out << "\n";
  if (!numbers.within_rounds.empty()) {
    out << indent << "within r rounds:";
    for (std::size_t r = 0; r < numbers.within_rounds.size(); ++r)
      out << (r > 0 ? "," : "") << " " << r + 1 << ": "
          << probability_text(numbers.within_rounds[r], r < numbers.within_rounds_exact.size()
                                                            ? numbers.within_rounds_exact[r]
                                                            : std::string());
    out << "\n";
  }
  if (numbers.probability_error > 0 || numbers.expected_error > 0)
    out << indent << "error at most " << number_text(numbers.probability_error)
        << " (probabilities), " << number_text(numbers.expected_error) << " (expectations)\n";
  out << indent << "(" << numbers.method << ", " << format_seconds(numbers.seconds) << ")\n";
  if (!numbers.note.empty())
    out << indent << numbers.note << "\n";
  return out.str();
}

} // namespace

std::string render_text_trace(const Trace &trace) {
  std::ostringstream out;
  out << wrap_changes(trace.initial, "  initial: ");
  const std::size_t number_width = std::to_string(trace.steps.size()).size();
  for (std::size_t k = 0; k < trace.steps.size(); ++k) {
    if (trace.loop_start && *trace.loop_start == k)
      out << "  -- the steps below repeat forever --\n";
    std::string number = std::to_string(k + 1);
    number.insert(0, number_width - number.size(), ' ');
    out << "  " << number << ". " << trace.steps[k].action << "\n";
    out << wrap_changes(trace.steps[k].changes, std::string(number_width + 6, ' '));
  }
  if (trace.loop_start)
    out << "  -- back to step " << *trace.loop_start + 1 << " --\n";
  return out.str();
}

std::string render_stats(const Stats &stats) {
  std::ostringstream out;
  const double rate = stats.seconds > 0 ? static_cast<double>(stats.states) / stats.seconds : 0;
  char rate_text[32];
  std::snprintf(rate_text, sizeof rate_text, "%.0f", rate);
  out << stats.states << " states, " << stats.transitions << " transitions, depth " << stats.depth
      << ", " << format_seconds(stats.seconds) << " (" << rate_text << " states/s, " << stats.threads
      << (stats.threads == 1 ? " thread" : " threads") << ")\n";
  out << "memory: peak " << format_bytes(stats.peak_memory_bytes) << " resident; state store "
      << format_bytes(stats.store_bytes) << " (";
  // Below a few thousand states the tables' minimum size dominates; a per-state figure says
  // nothing then.
  if (stats.states >= MinStatesForBytesPerState) {
    char per_state_text[32];
    std::snprintf(per_state_text, sizeof per_state_text, "%.1f",
                  static_cast<double>(stats.store_bytes) / static_cast<double>(stats.states));
    out << per_state_text << " bytes/state, ";
  }
  out << "state size " << stats.state_bytes << " bytes"
      << (stats.tree_storage ? ", tree-compressed" : "") << ")\n";
  if (stats.graph_bytes > 0) // what deciding liveness cost beyond the exploration
    out << "liveness: state graph " << format_bytes(stats.graph_bytes) << ", decided in "
        << format_seconds(stats.liveness_seconds) << " after exploring\n";
  return out.str();
}

// A distributed run: one line per rank (its share, memory, traffic and where its time went).
std::string render_ranks(const DistributedFigures &figures, std::uint64_t states) {
  std::ostringstream out;
  std::uint64_t sent = 0;
  for (const RankFigures &rank : figures.ranks)
    sent += rank.bytes_sent;
  char per_state[32];
  std::snprintf(per_state, sizeof per_state, "%.1f",
                states > 0 ? static_cast<double>(sent) / static_cast<double>(states) : 0.0);
  out << "distributed over " << figures.ranks.size() << (figures.ranks.size() == 1 ? " rank" : " ranks")
      << ": " << format_bytes(sent) << " sent (" << per_state << " bytes/state); peak memory is "
      << "the sum of the ranks'\n";
  for (std::size_t r = 0; r < figures.ranks.size(); ++r) {
    const RankFigures &rank = figures.ranks[r];
    out << "  rank " << r << ": " << grouped_digits(rank.states) << " states, store "
        << format_bytes(rank.store_bytes) << ", peak " << format_bytes(rank.peak_memory_bytes)
        << ", sent " << format_bytes(rank.bytes_sent) << ", compute "
        << format_seconds(rank.compute_seconds) << ", exchange "
        << format_seconds(rank.exchange_seconds) << "\n";
  }
  return out.str();
}

std::string render_trace_section(const PropertyResult &result) {
  std::string out = trace_heading(result) + "\n" + render_text_trace(*result.trace);
  if (!result.explanation.empty())
    out += "  => " + result.name + (result.verdict == Verdict::Violated ? " violated: " : ": ") +
           result.explanation + "\n";
  return out;
}

std::string render_text_report(const CheckReport &report) {
  std::ostringstream out;
  out << "model " << report.model;
  const std::string params = parameters_text(report.params);
  if (!params.empty())
    out << " (" << params << ")";
  if (report.symmetry)
    out << ", symmetry reduction on";
  out << "\n";
  std::size_t name_width = 0;
  std::size_t kind_width = 0;
  for (const auto &result : report.properties) {
    name_width = std::max(name_width, result.name.size());
    kind_width = std::max(kind_width, to_string(result.kind).size());
  }
  for (const auto &result : report.properties) {
    std::string name = result.name;
    name.resize(name_width, ' ');
    std::string kind(to_string(result.kind));
    kind.resize(kind_width, ' ');
    out << "  " << name << "  " << kind << " " << verdict_words(result, report.outcome) << "   "
        << result.description << "\n";
    if (result.probabilities)
      out << render_probabilities(*result.probabilities);
  }
  bool undecided = false;
  for (const auto &result : report.properties)
    undecided = undecided || result.verdict == Verdict::Unknown;
  if (undecided && report.outcome == Outcome::Violated)
    out << "  (unknown: the run stops at the first violation; --all decides every property)\n";
  if (!report.fairness.empty())
    out << "  (liveness assumes fairness: " << report.fairness << ")\n";
  for (const std::string &note : report.notes)
    out << "  (note: " << note << ")\n";
  if (report.liveness_skipped)
    out << "  (unknown: liveness properties are not checked with --no-liveness)\n";
  // A bound's run is shown when asked for (--property NAME): next to counterexamples and
  // witnesses it would only lengthen the report (OM n = 7 reaches 156 messages in 151 steps).
  const bool bound_runs = std::ranges::any_of(report.properties, [](const PropertyResult &r) {
    return r.kind == PropertyKind::Bound && r.trace;
  });
  if (bound_runs)
    out << "  (a run reaching a bound's maximum: --property NAME)\n";
  for (const auto &result : report.properties)
    if (result.trace && result.kind != PropertyKind::Bound)
      out << "\n" << render_trace_section(result);
  out << "\nresult: " << to_string(report.outcome);
  if (report.outcome == Outcome::Partial)
    out << " (" << report.partial_reason << "; the verdicts above cover only what was explored)";
  else if (!report.partial_reason.empty())
    out << " (" << report.partial_reason << ")";
  out << "\n" << render_stats(report.stats);
  if (report.distributed)
    out << render_ranks(*report.distributed, report.stats.states);
  if (report.fingerprints) {
    char probability[32];
    std::snprintf(probability, sizeof probability, "%.2g", report.collision_probability);
    out << "fingerprint mode: visited states kept as 64-bit fingerprints, so this is not an "
           "exhaustive-exact result; probability that a collision hid a state <= states^2 / 2^65 = "
        << probability << "\n";
  }
  return out.str();
}

} // namespace protocheck
