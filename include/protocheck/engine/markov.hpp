// Randomized models: when every step of a model carries a probability, its explored state graph is
// a finite Markov chain, and each "eventually P" property gets the probability that P is reached,
// the expected number of steps (and rounds) to reach it, and the probability of reaching it within
// r rounds -- computed on the explored chain, not by simulation.
//
// A model is a Markov chain when, in every state, its successors all carry probabilities that sum
// to exactly 1 (a single successor without a probability counts as probability 1), and so do its
// initial states. A model with probabilities somewhere that breaks this rule mixes nondeterminism
// with chance: its probabilities are not defined, and only the ordinary liveness verdict stands.
//
// Numbers are exact rationals (boost::multiprecision) while the chain allows it; past the limits
// below, long double with an a-posteriori error bound that is reported with the numbers.
#pragma once

#include <protocheck/engine/explorer.hpp>
#include <protocheck/engine/liveness.hpp>
#include <protocheck/model.hpp>
#include <protocheck/report.hpp>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <atomic>
#include <cstdint>
#include <cstring>
#include <functional>
#include <numeric>
#include <optional>
#include <string>
#include <vector>

namespace protocheck {

// The probabilities of the explored graph's edges (the k-th edge of a state is its k-th emitted
// successor), 4 bytes per edge, plus one byte per edge when the model marks rounds.
struct MarkovChain {
  std::vector<std::uint16_t> numerators;   // per CSR edge
  std::vector<std::uint16_t> denominators; // per CSR edge
  std::vector<std::uint8_t> starts_round;  // per CSR edge; empty when the model marks no rounds
  struct Initial {
    std::uint32_t rank;
    std::uint16_t numerator, denominator;
  };
  std::vector<Initial> initial; // the initial distribution
};

// How far exact arithmetic and direct elimination may go before the solver falls back.
struct MarkovLimits {
  // Rational multiply-adds per property before falling back to long double.
  std::uint64_t exact_work = 40'000'000;
  // Largest numerator or denominator, in bits, before falling back to long double.
  std::uint32_t exact_bits = 4096;
  // Multiply-adds per strongly connected component in long double elimination before iterating
  // (Gauss-Seidel) on that component instead.
  std::uint64_t elimination_work = 400'000'000;
  // Gauss-Seidel sweeps per component at most.
  std::uint32_t max_sweeps = 100'000;
  // Solve on the chain cut at the states where rounds start, when that applies (few such states,
  // and binary-fraction probabilities inside a round): the same exact numbers, at machine speed.
  // false: the whole chain only (to compare the two).
  bool cut_at_rounds = true;
  // Polled throughout when set: --time-limit, --max-memory and signals stop the solver (it throws
  // RunStopped).
  LimitWatch *watch = nullptr;
};

struct ReachabilityAnalysis {
  Probabilities numbers;
  bool almost_sure = false; // every execution reaches the goal with probability 1
  // When not almost sure: the shortest execution, through states outside the goal, to a state
  // from which the goal can no longer be reached -- an initial state and successor ordinals.
  std::uint64_t failure_rank = NoRank; // that last state
  std::uint32_t failure_start = 0;
  std::vector<std::uint32_t> failure_ordinals;
  std::string miss_probability; // 1 - probability, in words ("1/3", or a decimal with its bound)
};

// The probability of eventually reaching a `goal` state (one flag per state) from the initial
// distribution, the expected steps and rounds to get there (when that probability is 1), and
// the probability of getting there within r rounds for r = 1..rounds_report (when rounds are
// marked). `goal` states count as reached: what follows them does not matter.
ReachabilityAnalysis analyze_reachability(const StateGraph &graph, const MarkovChain &chain,
                                          const std::vector<std::uint8_t> &goal,
                                          unsigned rounds_report, const MarkovLimits &limits = {});

// "p/q" in lowest terms, for the sum check of a state's successors.
std::string fraction_text(std::uint64_t numerator, std::uint64_t denominator);

// The probabilities read back from the model, or why they are not defined.
struct ChainExtraction {
  bool probabilistic = false; // some event carries a probability
  std::optional<MarkovChain> chain;
  std::string not_markov; // set when probabilistic but not a Markov chain
};

namespace detail {

// Sums fractions with 16-bit parts exactly; tells whether they make exactly 1.
class ProbabilitySum {
public:
  void add(std::uint16_t numerator, std::uint16_t denominator) {
    if (overflow_)
      return;
    const std::uint64_t g = std::gcd(denominator_, std::uint64_t{denominator});
    const std::uint64_t scale = denominator / g;
    if (denominator_ > (std::uint64_t{1} << 40) / scale) {
      overflow_ = true; // more than 2^40: the sum is reported as "not 1"; never seen in practice
      return;
    }
    numerator_ = numerator_ * scale + std::uint64_t{numerator} * (denominator_ / g);
    denominator_ *= scale;
    const std::uint64_t common = std::gcd(numerator_, denominator_);
    numerator_ /= common;
    denominator_ /= common;
  }
  bool is_one() const { return !overflow_ && numerator_ == denominator_; }
  std::string text() const {
    return overflow_ ? "a fraction too large to check" : fraction_text(numerator_, denominator_);
  }

private:
  std::uint64_t numerator_ = 0, denominator_ = 1;
  bool overflow_ = false;
};

// Why a state's successors do not form a probability distribution (empty: they do).
enum class ChoiceProblem : std::uint8_t { None, Nondeterministic, SumNotOne };

inline ChoiceProblem judge_choice(std::size_t count, std::size_t with_probability,
                                  const ProbabilitySum &sum) {
  if (count == 0 || (count == 1 && with_probability == 0))
    return ChoiceProblem::None;
  if (with_probability < count)
    return ChoiceProblem::Nondeterministic;
  return sum.is_one() ? ChoiceProblem::None : ChoiceProblem::SumNotOne;
}

template <Model M>
std::string choice_problem_text(const M &model, const std::vector<Event> &events,
                                ChoiceProblem problem, const ProbabilitySum &sum) {
  if (problem == ChoiceProblem::SumNotOne)
    return "the probabilities of its " + std::to_string(events.size()) + " successors sum to " +
           sum.text() + ", not 1";
  std::string text = "it offers " + std::to_string(events.size()) +
                     " choices, not all with a probability (a nondeterministic choice): ";
  for (std::size_t k = 0; k < events.size() && k < 3; ++k)
    text += (k > 0 ? "; " : "") + std::string(model.describe(events[k])) +
            (events[k].has_probability() ? "" : " [no probability]");
  if (events.size() > 3)
    text += "; ...";
  return text;
}

} // namespace detail

// Reads every state's successors again (the explorer keeps only the edges' targets) to collect
// the probabilities of the graph's edges. The work is parallel; the result does not depend on
// the number of threads.
// `watch` (optional) stops it when a limit or a signal says so.
template <Model M>
ChainExtraction extract_markov_chain(const M &model, const Explorer<M> &explorer,
                                     const StateGraph &graph, const LimitWatch *watch = nullptr) {
  using State = typename M::State;
  const auto &rows = graph.csr.m_forward.m_rowstart;
  const std::uint32_t states = static_cast<std::uint32_t>(num_vertices(graph.csr));
  const std::uint64_t edges = graph.csr.m_forward.m_column.size();
  MarkovChain chain;
  chain.numerators.resize(edges);
  chain.denominators.resize(edges);
  if constexpr (Rounds<M>)
    chain.starts_round.resize(edges);
  std::atomic<bool> probabilistic{false};
  std::atomic<std::uint64_t> first_bad{NoRank};
  tbb::parallel_for(
      tbb::blocked_range<std::uint32_t>(0, states, 1024),
      [&](const tbb::blocked_range<std::uint32_t> &range) {
        if (watch != nullptr)
          watch->check_concurrently();
        bool seen_probability = false;
        for (std::uint32_t rank = range.begin(); rank < range.end(); ++rank) {
          const std::uint64_t first = rows[rank];
          std::size_t count = 0, with_probability = 0;
          detail::ProbabilitySum sum;
          model.successors(explorer.state(rank), [&](const Event &event, const State &) {
            const std::uint64_t e = first + count++;
            if (e >= rows[rank + 1])
              return; // reported below
            chain.numerators[e] = event.has_probability() ? event.probability_numerator : 1;
            chain.denominators[e] = event.has_probability() ? event.probability_denominator : 1;
            if (event.has_probability()) {
              ++with_probability;
              sum.add(event.probability_numerator, event.probability_denominator);
            }
            if constexpr (Rounds<M>)
              chain.starts_round[e] = model.starts_round(event) ? 1 : 0;
          });
          if (first + count != rows[rank + 1])
            throw std::logic_error("the model's successors are not deterministic (a state's "
                                   "successors differ between two calls)");
          seen_probability = seen_probability || with_probability > 0;
          if (detail::judge_choice(count, with_probability, sum) != detail::ChoiceProblem::None) {
            std::uint64_t current = first_bad.load(std::memory_order_relaxed);
            while (rank < current &&
                   !first_bad.compare_exchange_weak(current, rank, std::memory_order_relaxed)) {
            }
          }
        }
        if (seen_probability)
          probabilistic.store(true, std::memory_order_relaxed);
      });

  // The initial distribution. Level 0 holds the distinct initial states in order of first
  // emission, so an emitted state is either the next rank or a repeat of an earlier one.
  std::vector<Event> initial_events;
  std::size_t with_probability = 0;
  detail::ProbabilitySum initial_sum;
  std::uint32_t next_rank = 0;
  model.initial([&](const Event &event, const State &state) {
    initial_events.push_back(event);
    std::uint32_t rank = next_rank;
    const auto is_state_of = [&](std::uint32_t r) {
      const State stored = explorer.state(r);
      return std::memcmp(&stored, &state, sizeof(State)) == 0;
    };
    if (rank < states && explorer.is_initial(rank) && is_state_of(rank)) {
      ++next_rank;
    } else {
      for (rank = 0; rank < next_rank; ++rank)
        if (is_state_of(rank))
          break;
      if (rank == next_rank)
        throw std::logic_error("the model's initial states are not deterministic");
    }
    chain.initial.push_back(
        {rank, event.has_probability() ? event.probability_numerator : std::uint16_t{1},
         event.has_probability() ? event.probability_denominator : std::uint16_t{1}});
    if (event.has_probability()) {
      ++with_probability;
      initial_sum.add(event.probability_numerator, event.probability_denominator);
    }
  });

  ChainExtraction extraction;
  extraction.probabilistic = probabilistic.load() || with_probability > 0;
  if (!extraction.probabilistic)
    return extraction;
  const auto initial_problem =
      detail::judge_choice(initial_events.size(), with_probability, initial_sum);
  if (initial_problem != detail::ChoiceProblem::None) {
    extraction.not_markov =
        "probabilities are not defined: the model is not a Markov chain (among its initial "
        "states, " +
        detail::choice_problem_text(model, initial_events, initial_problem, initial_sum) + ")";
    return extraction;
  }
  if (const std::uint64_t bad = first_bad.load(); bad != NoRank) {
    std::vector<Event> events;
    std::size_t counted = 0;
    detail::ProbabilitySum sum;
    model.successors(explorer.state(bad), [&](const Event &event, const State &) {
      events.push_back(event);
      if (event.has_probability()) {
        ++counted;
        sum.add(event.probability_numerator, event.probability_denominator);
      }
    });
    const auto path = explorer.path_to(bad);
    const std::string where =
        path.size() <= 1
            ? "in an initial state"
            : "after " + std::to_string(path.size() - 1) +
                  " steps (the last: " + std::string(model.describe(path.back().event)) + ")";
    extraction.not_markov =
        "probabilities are not defined: the model is not a Markov chain (" + where + ", " +
        detail::choice_problem_text(model, events,
                                    detail::judge_choice(events.size(), counted, sum), sum) +
        ")";
    return extraction;
  }
  extraction.chain = std::move(chain);
  return extraction;
}

namespace detail {

template <Model M> unsigned rounds_to_report(const M &model) {
  if constexpr (RoundsReport<M>)
    return static_cast<unsigned>(model.rounds_report());
  else
    return 0;
}

// For a model whose graph is a Markov chain, gives each "eventually P" property its probabilities
// and judges it by them: it holds when P is reached with probability 1 (executions that miss it
// may exist, with probability 0), and is violated otherwise, with the shortest execution to a
// state from which P cannot be reached any more. Models without probabilities are left alone;
// for models that mix nondeterminism with probabilities, the liveness verdict stands and a note
// says why no probabilities are given. `trace_of(start, ordinals)`: the execution from an initial
// state taking the given successors, as a trace.
template <Model M>
void decide_probabilities(
    const M &model, const Explorer<M> &explorer, const StateGraph &graph,
    const std::vector<Property<typename M::State>> &properties,
    std::vector<PropertyResult> &results,
    const std::function<Trace(std::uint64_t, const std::vector<std::uint32_t> &)> &trace_of,
    const MarkovLimits &limits = {}) {
  bool any = false;
  for (const auto &property : properties)
    any = any || property.kind == PropertyKind::Eventually;
  if (!any)
    return;
  const ChainExtraction extraction = extract_markov_chain(model, explorer, graph, limits.watch);
  if (!extraction.probabilistic)
    return;
  const std::uint32_t states = static_cast<std::uint32_t>(num_vertices(graph.csr));
  std::vector<std::uint8_t> goal(states);
  for (std::size_t p = 0; p < properties.size(); ++p) {
    const auto &property = properties[p];
    if (property.kind != PropertyKind::Eventually)
      continue;
    PropertyResult &result = results[p];
    if (!extraction.chain) {
      Probabilities numbers;
      numbers.markov_chain = false;
      numbers.note = extraction.not_markov;
      result.probabilities = std::move(numbers);
      continue;
    }
    tbb::parallel_for(tbb::blocked_range<std::uint32_t>(0, states, 4096),
                      [&](const tbb::blocked_range<std::uint32_t> &range) {
                        if (limits.watch != nullptr)
                          limits.watch->check_concurrently();
                        for (std::uint32_t rank = range.begin(); rank < range.end(); ++rank)
                          goal[rank] = property.holds(explorer.state(rank)) ? 1 : 0;
                      });
    ReachabilityAnalysis analysis =
        analyze_reachability(graph, *extraction.chain, goal, rounds_to_report(model), limits);
    const bool cycle_without_goal = result.verdict == Verdict::Violated;
    result.verdict = analysis.almost_sure ? Verdict::Holds : Verdict::Violated;
    if (analysis.almost_sure) {
      result.trace.reset();
      result.explanation.clear();
      if (cycle_without_goal)
        analysis.numbers.note = "executions that never reach it exist (they repeat a cycle "
                                "forever) but together have probability 0";
    } else {
      result.trace = trace_of(analysis.failure_start, analysis.failure_ordinals);
      result.explanation = "with probability " + analysis.miss_probability +
                           " it is never reached: from the last state of this execution no state "
                           "satisfying it can be reached";
      if (property.explain)
        result.explanation += " (" + property.explain(explorer.state(analysis.failure_rank)) + ")";
    }
    result.probabilities = std::move(analysis.numbers);
  }
}

} // namespace detail

} // namespace protocheck
