// Runs the explorer on a model and turns what it found into a CheckReport: verdicts, readable
// traces and statistics. Included by models/<family>/register.cpp and by tests.
#pragma once

#include <protocheck/engine/complete_run.hpp>
#include <protocheck/engine/distributed_explorer.hpp>
#include <protocheck/engine/explore_session.hpp>
#include <protocheck/engine/explorer.hpp>
#include <protocheck/engine/liveness.hpp>
#include <protocheck/engine/markov.hpp>
#include <protocheck/engine/message_text.hpp>
#include <protocheck/engine/path_trace.hpp>
#include <protocheck/engine/process_memory.hpp>
#include <protocheck/engine/replay.hpp>
#include <protocheck/engine/simulate.hpp>
#include <protocheck/engine/state_graph_dot.hpp>
#include <protocheck/engine/trace_text.hpp>
#include <protocheck/registry.hpp>
#include <protocheck/report.hpp>

#include <algorithm>
#include <chrono>
#include <map>
#include <string>
#include <string_view>

namespace protocheck {

namespace detail {

// `phase`: empty while exploring; else the phase after it that the stop interrupted.
inline std::string stop_description(StopReason reason, const CheckOptions &options,
                                    const ExploreStats &stats, std::string_view phase = {}) {
  const std::string explored =
      phase.empty() ? "after " + grouped_digits(stats.states) + " states to depth " +
                          std::to_string(stats.depth)
                    : "while " + std::string(phase) + " after " + grouped_digits(stats.states) +
                          " states";
  switch (reason) {
  case StopReason::MaxStates:
    return "stopped by --max-states " + std::to_string(options.max_states) + " " + explored;
  case StopReason::TimeLimit:
    return "stopped by --time-limit " + format_seconds(options.time_limit_seconds) + " " + explored;
  case StopReason::MemoryLimit:
    return "stopped by --max-memory " + std::to_string(options.max_memory_bytes >> 20) + " MB " +
           explored;
  case StopReason::Interrupted:
    return "interrupted " + explored;
  default:
    return {};
  }
}

template <Model M> std::string fairness_words(const M &model) {
  if constexpr (Fair<M>)
    return model.fairness();
  else
    return "none (every cycle counts)";
}

// The complete explored graph, taken from the explorer (liveness and probabilities share it).
template <Model M> StateGraph explored_graph(Explorer<M> &explorer) {
  auto recorded = explorer.take_graph();
  return build_state_graph(std::move(recorded.offsets), std::move(recorded.targets),
                           std::move(recorded.groups));
}

// Decides the liveness properties on the complete explored graph; fills in their results.
// `watch` may stop it (RunStopped): the properties decided so far keep their results.
template <Model M>
void decide_liveness(const M &model, Explorer<M> &explorer, const StateGraph &graph,
                     const std::vector<Property<typename M::State>> &properties,
                     std::vector<PropertyResult> &results, LimitWatch &watch) {
  using State = typename M::State;
  const std::uint32_t states = static_cast<std::uint32_t>(num_vertices(graph.csr));
  std::vector<std::uint8_t> trigger(states), goal(states);
  for (std::size_t p = 0; p < properties.size(); ++p) {
    const Property<State> &property = properties[p];
    if (!is_liveness(property.kind))
      continue;
    tbb::parallel_for(tbb::blocked_range<std::uint32_t>(0, states, 4096),
                      [&](const tbb::blocked_range<std::uint32_t> &range) {
                        watch.check_concurrently();
                        for (std::uint32_t rank = range.begin(); rank < range.end(); ++rank) {
                          const State &state = explorer.state(rank);
                          goal[rank] = property.holds(state) ? 1 : 0;
                          switch (property.kind) {
                          case PropertyKind::Eventually:
                            trigger[rank] = explorer.is_initial(rank) ? 1 : 0;
                            break;
                          case PropertyKind::LeadsTo:
                            trigger[rank] = property.trigger(state) ? 1 : 0;
                            break;
                          default: trigger[rank] = 1; break;
                          }
                        }
                      });
    const auto violation = find_liveness_violation(graph, trigger, goal, &watch);
    PropertyResult &result = results[p];
    result.verdict = violation ? Verdict::Violated : Verdict::Holds;
    if (!violation)
      continue;
    const auto path = explorer.path_from(violation->start, violation->ordinals);
    result.trace = make_trace(model, path);
    // Steps are counted from the initial state; the violation's own path starts at `start`.
    if (violation->loop_start)
      result.trace->loop_start = path.size() - 1 - violation->ordinals.size() + *violation->loop_start;
    const std::string how = violation->loop_start
                                ? "an execution that repeats the marked steps forever never reaches it"
                                : "the execution ends in a state without successors (a deadlock) before reaching it";
    result.explanation = how;
    if (property.explain)
      result.explanation += ": " + property.explain(path.back().state);
  }
}

// After a stop in a phase after exploration: the properties that phase had yet to decide become
// unknown. Liveness leaves each property's verdict as it finds it, so only those not reached are
// unknown; probabilities may still overturn an "eventually" verdict, so every one of those without
// its numbers is unknown.
template <class State>
void forget_undecided(const std::vector<Property<State>> &properties,
                      std::vector<PropertyResult> &results, std::string_view phase) {
  for (std::size_t p = 0; p < properties.size(); ++p) {
    PropertyResult &result = results[p];
    const bool undecided =
        phase == PhaseLiveness
            ? is_liveness(properties[p].kind) && result.verdict == Verdict::Unknown
            : properties[p].kind == PropertyKind::Eventually && !result.probabilities;
    if (!undecided)
      continue;
    result.verdict = Verdict::Unknown;
    result.trace.reset();
    result.explanation = "not decided: the run stopped while " + std::string(phase);
  }
}

// Whether any property needs the whole state graph (liveness and probabilities).
template <class State> bool any_liveness(const std::vector<Property<State>> &properties) {
  return std::any_of(properties.begin(), properties.end(),
                     [](const Property<State> &property) { return is_liveness(property.kind); });
}

// Runs an Explorer or DistributedExplorer; a model's error names the model.
template <class Explored> StopReason run_explorer(Explored &explorer, const std::string &name) {
  try {
    return explorer.run();
  } catch (const ModelError &error) {
    throw ModelError("model " + name + ": " + error.what());
  }
}

// The verdicts that exploration decides (all but liveness), with their traces, added to
// `report`; true when one is violated. `explorer`: Explorer or DistributedExplorer.
template <Model M, class Explored>
bool add_explored_results(const M &model, Explored &explorer,
                          const std::vector<Property<typename M::State>> &properties,
                          bool complete, bool liveness, CheckReport &report) {
  bool any_violation = false;
  for (std::size_t p = 0; p < properties.size(); ++p) {
    const Property<typename M::State> &property = properties[p];
    const PropertyFinding &finding = explorer.findings()[p];
    PropertyResult result;
    result.name = property.name;
    result.description = property.description;
    result.kind = property.kind;
    const bool found = finding.rank != NoRank;
    switch (property.kind) {
    case PropertyKind::Always:
    case PropertyKind::AtEnd:
      result.verdict = found ? Verdict::Violated : complete ? Verdict::Holds : Verdict::Unknown;
      break;
    case PropertyKind::Reachable:
      result.verdict = found ? Verdict::Holds : complete ? Verdict::Violated : Verdict::Unknown;
      break;
    case PropertyKind::Bound:
      result.verdict = complete ? Verdict::Holds : Verdict::Unknown;
      if (complete && found)
        result.value = finding.value;
      break;
    default: // liveness: decided below, on the complete graph
      if (!liveness)
        result.explanation = "not checked (--no-liveness)";
      break;
    }
    const bool show_trace = found && !is_liveness(property.kind) &&
                            (property.kind != PropertyKind::Bound || complete);
    if (show_trace) {
      const auto path = explorer.path_to(finding.rank);
      result.trace = detail::make_trace(model, path);
      if (property.explain)
        result.explanation = property.explain(path.back().state);
    }
    any_violation = any_violation || result.verdict == Verdict::Violated;
    report.properties.push_back(std::move(result));
  }
  return any_violation;
}

// What every check reports about the run, whichever explorer ran it.
template <Model M>
void add_run_facts(const M &model, std::string name, const ParamValues &params,
                   const CheckOptions &options, std::uint64_t states, CheckReport &report) {
  report.model = std::move(name);
  report.params = params.all();
  report.processes = model.process_names();
  if constexpr (NotesInstance<M>)
    report.notes = model.notes();
  report.symmetry = options.symmetry && Symmetric<M>;
  report.fingerprints = options.fingerprints;
  if (options.fingerprints)
    report.collision_probability = fingerprint_collision_probability(states);
}

} // namespace detail

// Explores `model` and reports every property's verdict.
template <Model M>
CheckReport check_model(const M &model, std::string name, const ParamValues &params,
                        const CheckOptions &given_options) {
  const auto properties = properties_with_complete_run(model, given_options.complete_run);
  CheckOptions options = given_options;
  const bool has_liveness = detail::any_liveness(properties);
  if (options.symmetry && !Symmetric<M>)
    throw BadInput("--symmetry: model " + name + " declares no symmetry to reduce by");
  if (options.cluster != nullptr)
    throw std::invalid_argument("check_model explores in one process: a run with a cluster is "
                                "check_model_distributed's");
  const bool liveness = has_liveness && options.liveness; // decided here, so the graph is kept
  if (liveness && options.symmetry)
    throw BadInput("--symmetry is not available for models with liveness properties (" + name + ")");
  if (liveness && options.fingerprints)
    throw BadInput("--fingerprints is not available for models with liveness properties (" + name +
                   "): they need the state graph");
  if (options.fingerprints && options.storage == StateStorage::Tree)
    throw BadInput("--storage tree is for exact mode: --fingerprints keeps no states");
  options.record_graph = options.record_graph || liveness;
  Explorer<M> explorer(model, properties, options);
  const auto started = std::chrono::steady_clock::now();
  StopReason reason = detail::run_explorer(explorer, name);
  const ExploreStats explored = explorer.stats();
  const bool complete = reason == StopReason::Complete;

  CheckReport report;
  detail::add_run_facts(model, std::move(name), params, options, explored.states, report);
  bool any_violation = detail::add_explored_results(model, explorer, properties, complete,
                                                    liveness, report);
  std::uint64_t graph_bytes = explorer.graph_bytes();
  double liveness_seconds = 0;
  report.liveness_skipped = has_liveness && !liveness;
  std::string_view stopped_phase; // the phase after exploration that a limit stopped
  if (liveness) {
    report.fairness = detail::fairness_words(model);
    if (complete) {
      const auto liveness_started = std::chrono::steady_clock::now();
      Progress figures;
      figures.states = explored.states;
      figures.transitions = explored.transitions;
      figures.depth = explored.depth;
      LimitWatch watch(options, started, figures);
      MarkovLimits markov_limits;
      markov_limits.watch = &watch;
      const StateGraph graph = detail::explored_graph(explorer);
      try {
        watch.enter(PhaseLiveness);
        detail::decide_liveness(model, explorer, graph, properties, report.properties, watch);
        watch.enter(PhaseProbabilities);
        detail::decide_probabilities(
            model, explorer, graph, properties, report.properties,
            [&](std::uint64_t start, const std::vector<std::uint32_t> &ordinals) {
              return detail::make_trace(model, explorer.path_from(start, ordinals));
            },
            markov_limits);
      } catch (const RunStopped &stop) {
        reason = stop.reason;
        stopped_phase = watch.phase();
        detail::forget_undecided(properties, report.properties, stopped_phase);
      }
      graph_bytes = graph.bytes();
      liveness_seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - liveness_started)
              .count();
    }
    for (const auto &result : report.properties)
      any_violation = any_violation || result.verdict == Verdict::Violated;
  }
  report.outcome = any_violation     ? Outcome::Violated
                   : is_limit(reason) ? Outcome::Partial
                                      : Outcome::Holds;
  if (is_limit(reason))
    report.partial_reason = detail::stop_description(reason, options, explored, stopped_phase);
  report.stats = {explored.states,
                  explored.transitions,
                  explored.depth,
                  explored.seconds,
                  peak_resident_memory_bytes(),
                  options.threads,
                  static_cast<std::uint32_t>(sizeof(typename M::State)),
                  explored.store_bytes,
                  graph_bytes,
                  liveness_seconds,
                  explorer.tree_storage()};
  return report;
}

// check_model on the ranks of options.cluster (check --distributed): every rank calls it with its
// own Cluster, explores its share and returns the same report. Liveness needs the whole state
// graph in one place, so it is refused. Kept apart from check_model, so that only the programs
// that offer --distributed (Registry::add) compile the distributed explorer.
template <Model M>
CheckReport check_model_distributed(const M &model, std::string name, const ParamValues &params,
                                    const CheckOptions &options) {
  const auto properties = properties_with_complete_run(model, options.complete_run);
  const bool has_liveness = detail::any_liveness(properties);
  if (options.cluster == nullptr)
    throw std::invalid_argument("check_model_distributed needs options.cluster");
  if (options.symmetry && !Symmetric<M>)
    throw BadInput("--symmetry: model " + name + " declares no symmetry to reduce by");
  if (has_liveness && options.liveness)
    throw BadInput("--distributed does not decide liveness properties (model " + name +
                   " has them): add --no-liveness to check the others");
  if (options.storage == StateStorage::Tree)
    throw BadInput("--storage tree is not available with --distributed: each rank keeps its "
                   "states whole");
  DistributedExplorer<M> explorer(model, properties, options, *options.cluster);
  const StopReason reason = detail::run_explorer(explorer, name);
  const ExploreStats explored = explorer.stats();
  const bool complete = reason == StopReason::Complete;
  CheckReport report;
  detail::add_run_facts(model, std::move(name), params, options, explored.states, report);
  const bool any_violation =
      detail::add_explored_results(model, explorer, properties, complete, false, report);
  report.liveness_skipped = has_liveness;
  report.outcome = any_violation     ? Outcome::Violated
                   : is_limit(reason) ? Outcome::Partial
                                      : Outcome::Holds;
  if (is_limit(reason))
    report.partial_reason = detail::stop_description(reason, options, explored);
  report.distributed = explorer.figures();
  std::uint64_t peak = 0;
  for (const RankFigures &rank : report.distributed->ranks)
    peak += rank.peak_memory_bytes;
  report.stats = {explored.states,       explored.transitions,
                  explored.depth,        explored.seconds,
                  peak,                  options.threads,
                  static_cast<std::uint32_t>(sizeof(typename M::State)), explored.store_bytes,
                  0,                     0};
  return report;
}

// For tests and tools: builds M from parameter values given as text (defaults filled in).
template <Model M>
CheckReport check(const std::map<std::string, std::string> &given, const CheckOptions &options = {},
                  std::string name = "model") {
  const ModelFactory<M> factory = model_factory<M>();
  const ParamValues values = ParamValues::parse(factory.parameters, given);
  const M model = factory.build(values);
  return check_model(model, std::move(name), values, options);
}

// The same for one rank of a distributed run (options.cluster set).
template <Model M>
CheckReport check_distributed(const std::map<std::string, std::string> &given,
                              const CheckOptions &options, std::string name = "model") {
  const ModelFactory<M> factory = model_factory<M>();
  const ParamValues values = ParamValues::parse(factory.parameters, given);
  const M model = factory.build(values);
  return check_model_distributed(model, std::move(name), values, options);
}

template <class M> void Registry::add(std::string name, std::string summary) {
  static_assert(follows_model_rules<M>());
  if (find(name) != nullptr)
    throw std::invalid_argument("a model named '" + name + "' is registered twice");
  ModelEntry entry;
  entry.name = name;
  entry.summary = std::move(summary);
  const ModelFactory<M> factory = model_factory<M>();
  entry.parameters = factory.parameters;
  entry.check = [name, build = factory.build](const ParamValues &values,
                                              const CheckOptions &options) {
    return options.cluster != nullptr ? check_model_distributed(build(values), name, values, options)
                                      : check_model(build(values), name, values, options);
  };
  entry.replay = [build = factory.build](const ParamValues &values, const RecordedTrace &trace) {
    return replay_trace(build(values), trace);
  };
  entry.graph = [build = factory.build](const ParamValues &values, std::uint64_t max_states,
                                        unsigned threads, const std::atomic<bool> *interrupt) {
    return state_graph_dot(build(values), max_states, threads, interrupt);
  };
  entry.explore = [build = factory.build](const ParamValues &values) {
    return make_explore_session(build(values));
  };
  entry.simulate = [name, build = factory.build](const ParamValues &values,
                                                 const SimulateOptions &options) {
    return simulate_model(build(values), name, values, options);
  };
  entries_.push_back(std::move(entry));
}

} // namespace protocheck
