// Random simulation, for state spaces too big to enumerate (TLC's -simulate, Stateright's
// simulation checker): walks from a random initial state, each step a successor chosen uniformly,
// checking the always, at-end and reachable properties on every state it visits. A finding is
// shrunk (shrink_trace.hpp) and reported as check reports a counterexample; finding nothing
// proves nothing, and liveness and bounds are left undecided.
//
// Determinism: walk i draws from its own generator seeded from (seed, i), and walks run in
// batches of a fixed size. After a batch with a violation no further batch starts. Each property
// keeps the findings of its lowest-numbered walks (a few: one walk's shrunk trace may be longer
// than another's, when their first choices differ, e.g. who is faulty), shrinks each, and reports
// the shortest (ties: the lower walk). So the result, the number of walks and the distinct states
// counted depend on the seed alone, never on the threads or their timing.
#pragma once

#include <protocheck/engine/explorer.hpp>
#include <protocheck/engine/hash_count_set.hpp>
#include <protocheck/engine/path_trace.hpp>
#include <protocheck/engine/shrink_trace.hpp>
#include <protocheck/engine/trace_text.hpp>
#include <protocheck/engine/walk_random.hpp>
#include <protocheck/params.hpp>
#include <protocheck/simulation_report.hpp>

#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>
#include <xxhash.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace protocheck {

namespace detail {

// Walks per batch: a violation stops the run at the end of its batch. Fixed, not per thread.
inline constexpr std::uint64_t WalkBatch = 256;

// How many of a property's lowest-numbered findings are shrunk, to report the shortest.
inline constexpr std::size_t ShrunkFindings = 8;

// A finding of one property: the walk, and its choices up to the state that shows it.
struct WalkFinding {
  std::uint64_t walk = 0;
  std::vector<PathChoice> choices;
};

template <Model M> class Simulation {
public:
  using State = typename M::State;

  Simulation(const M &model, const SimulateOptions &options)
      : model_(model), options_(options), properties_(model.properties()),
        findings_(properties_.size()), locks_(properties_.size()) {}

  // Runs the walks; returns the stop reason (Complete, Violation, or a limit).
  StopReason run() {
    const tbb::global_control parallelism(tbb::global_control::max_allowed_parallelism,
                                          options_.threads);
    tbb::task_arena arena(static_cast<int>(options_.threads));
    started_ = std::chrono::steady_clock::now();
    for (std::uint64_t begin = 0; begin < options_.runs; begin += WalkBatch) {
      if (const StopReason limit = limit_reached(); limit != StopReason::Complete)
        return limit;
      const std::uint64_t end = std::min(options_.runs, begin + WalkBatch);
      arena.execute(
          [&] { tbb::parallel_for(begin, end, [&](std::uint64_t walk) { this->walk(walk); }); });
      if (stop_.load())
        return stop_reason_.load();
      if (violated_.load())
        return end == options_.runs ? StopReason::Complete : StopReason::Violation;
    }
    return StopReason::Complete;
  }

  const std::vector<Property<State>> &properties() const { return properties_; }
  // Per property, its findings by the lowest-numbered walks, in walk order.
  const std::vector<std::vector<WalkFinding>> &findings() const { return findings_; }
  std::uint64_t runs_done() const { return runs_done_.load(); }
  std::uint64_t steps() const { return steps_.load(); }
  std::uint64_t terminal_walks() const { return terminal_walks_.load(); }
  std::uint64_t violating_walks() const { return violating_walks_.load(); }
  std::uint64_t distinct_states() const { return seen_.size(); }
  double seconds() const { return elapsed(); }

private:
  const M &model_;
  SimulateOptions options_;
  std::vector<Property<State>> properties_;
  std::vector<std::vector<WalkFinding>> findings_;
  std::vector<std::mutex> locks_;
  HashCountSet seen_;
  std::atomic<std::uint64_t> runs_done_{0}, steps_{0}, terminal_walks_{0}, violating_walks_{0};
  std::atomic<bool> violated_{false}, stop_{false};
  std::atomic<StopReason> stop_reason_{StopReason::Complete};
  std::chrono::steady_clock::time_point started_;

  double elapsed() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  }
  StopReason limit_reached() const {
    if (options_.interrupt != nullptr && options_.interrupt->load(std::memory_order_relaxed))
      return StopReason::Interrupted;
    if (options_.time_limit_seconds > 0 && elapsed() > options_.time_limit_seconds)
      return StopReason::TimeLimit;
    return StopReason::Complete;
  }

  void record(std::size_t p, std::uint64_t walk, const std::vector<PathChoice> &choices) {
    if (properties_[p].kind != PropertyKind::Reachable)
      violated_.store(true);
    const std::lock_guard lock(locks_[p]);
    std::vector<WalkFinding> &kept = findings_[p];
    if (kept.size() == ShrunkFindings && walk > kept.back().walk)
      return;
    const auto at = std::find_if(kept.begin(), kept.end(),
                                 [walk](const WalkFinding &other) { return other.walk > walk; });
    kept.insert(at, {walk, choices});
    if (kept.size() > ShrunkFindings)
      kept.pop_back();
  }

  // One walk; a walk stopped by a limit counts for nothing (its findings still stand: they are
  // real executions).
  void walk(std::uint64_t index) {
    if (stop_.load(std::memory_order_relaxed))
      return;
    WalkRandom random(options_.seed, index);
    std::vector<Emitted<State>> emitted;
    auto collect = [&emitted](const Event &event, const State &state) {
      emitted.push_back({event, state});
    };
    std::vector<PathChoice> choices;
    std::vector<bool> found(properties_.size(), false);
    model_.initial(collect);
    if (emitted.empty())
      throw ModelError("the model has no initial state");
    std::uint32_t step = 0;
    while (true) {
      const auto pick = random.below(static_cast<std::uint32_t>(emitted.size()));
      const Emitted<State> chosen = emitted[pick];
      choices.push_back({chosen.event, pick});
      seen_.insert(XXH3_64bits(&chosen.state, sizeof(State)));
      emitted.clear();
      model_.successors(chosen.state, collect);
      const bool terminal = emitted.empty();
      bool violation = false;
      for (std::size_t p = 0; p < properties_.size(); ++p) {
        if (found[p] || !is_finding(properties_[p], chosen.state, terminal))
          continue;
        found[p] = true;
        violation = violation || properties_[p].kind != PropertyKind::Reachable;
        record(p, index, choices);
      }
      if (violation || terminal || step == options_.depth)
        break;
      ++step;
      if (step % 256 == 0 && limit_reached() != StopReason::Complete) {
        stop_reason_.store(limit_reached());
        stop_.store(true);
        return;
      }
    }
    bool violation = false;
    for (std::size_t p = 0; p < properties_.size(); ++p)
      violation = violation || (found[p] && properties_[p].kind != PropertyKind::Reachable);
    violating_walks_ += violation ? 1 : 0;
    terminal_walks_ += !violation && emitted.empty() ? 1 : 0;
    steps_ += step;
    ++runs_done_;
  }
};

template <Model M>
std::vector<typename Explorer<M>::Step> explorer_steps(const ExecutedPath<M> &path) {
  std::vector<typename Explorer<M>::Step> steps;
  for (std::size_t k = 0; k < path.states.size(); ++k)
    steps.push_back({path.choices[k].event, path.states[k]});
  return steps;
}

inline std::string simulation_stop_description(StopReason reason, const SimulateOptions &options,
                                               std::uint64_t runs_done) {
  const std::string done =
      "after " + grouped_digits(runs_done) + " of " + grouped_digits(options.runs) + " runs";
  if (reason == StopReason::TimeLimit)
    return "stopped by --time-limit " + format_seconds(options.time_limit_seconds) + " " + done;
  return "interrupted " + done;
}

} // namespace detail

// Simulates `model` and reports what the walks found, each finding shrunk.
template <Model M>
SimulationReport simulate_model(const M &model, std::string name, const ParamValues &params,
                                const SimulateOptions &options) {
  detail::Simulation<M> simulation(model, options);
  StopReason reason;
  try {
    reason = simulation.run();
  } catch (const ModelError &error) {
    throw ModelError("model " + name + ": " + error.what());
  }
  SimulationReport out;
  out.options = options;
  CheckReport &report = out.report;
  report.model = std::move(name);
  report.params = params.all();
  report.processes = model.process_names();
  report.stats.threads = options.threads;
  bool any_violation = false;
  for (std::size_t p = 0; p < simulation.properties().size(); ++p) {
    const auto &property = simulation.properties()[p];
    const std::vector<detail::WalkFinding> &found_by = simulation.findings()[p];
    PropertyResult result;
    result.name = property.name;
    result.description = property.description;
    result.kind = property.kind;
    SimulationFinding simulated;
    simulated.checked = property.kind == PropertyKind::Always ||
                        property.kind == PropertyKind::AtEnd ||
                        property.kind == PropertyKind::Reachable;
    if (simulated.checked && !found_by.empty()) {
      std::optional<ExecutedPath<M>> shortest;
      simulated.first_walk = found_by.front().walk;
      simulated.shrunk_findings = found_by.size();
      for (const detail::WalkFinding &finding : found_by) {
        auto found = execute_to_finding(model, property, finding.choices);
        if (!found) // a walk's own choices re-execute exactly, unless the model is not
                    // deterministic
          throw ModelError("model " + report.model + ": a walk does not re-execute the same way " +
                           "(successors must depend on the state alone)");
        const std::size_t found_steps = found->choices.size() - 1;
        ExecutedPath<M> shrunk = shrink_path(model, property, std::move(*found));
        if (!shortest || shrunk.choices.size() < shortest->choices.size()) {
          shortest = std::move(shrunk);
          simulated.walk = finding.walk;
          simulated.found_steps = found_steps;
        }
      }
      const auto steps = detail::explorer_steps(*shortest);
      result.trace = detail::make_trace(model, steps);
      if (property.explain)
        result.explanation = property.explain(steps.back().state);
      result.verdict =
          property.kind == PropertyKind::Reachable ? Verdict::Holds : Verdict::Violated;
    }
    any_violation = any_violation || result.verdict == Verdict::Violated;
    report.properties.push_back(std::move(result));
    out.findings.push_back(simulated);
  }
  report.outcome = any_violation      ? Outcome::Violated
                   : is_limit(reason) ? Outcome::Partial
                                      : Outcome::Holds;
  if (is_limit(reason))
    report.partial_reason =
        detail::simulation_stop_description(reason, options, simulation.runs_done());
  out.runs_done = simulation.runs_done();
  out.steps = simulation.steps();
  out.terminal_walks = simulation.terminal_walks();
  out.violating_walks = simulation.violating_walks();
  out.distinct_states = simulation.distinct_states();
  out.seconds = simulation.seconds();
  return out;
}

} // namespace protocheck
