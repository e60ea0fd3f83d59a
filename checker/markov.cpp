#include "checker/markov_rounds.hpp"
#include "checker/markov_solver.hpp"

#include <chrono>
#include <cstdio>

namespace protocheck {
namespace {

using namespace markov_internal;

std::string exact_text(const Rational &value) { return value.str(); }

std::string decimal_text(double value) {
  char text[40];
  std::snprintf(text, sizeof text, "%.6g", value);
  return text;
}

Qualitative classify(const ChainView &view, const Predecessors &reverse,
                     const std::vector<std::uint8_t> &goal) {
  const std::uint32_t n = static_cast<std::uint32_t>(goal.size());
  Qualitative q;
  q.zero = reaching(view, reverse, goal, false, [](std::uint32_t) { return true; });
  for (auto &flag : q.zero)
    flag = !flag;
  // A state may miss the goal iff it can reach a zero state without passing a goal state.
  const auto may_miss =
      reaching(view, reverse, q.zero, false, [&](std::uint32_t u) { return !goal[u]; });
  q.one.resize(n);
  q.uncertain.resize(n);
  for (std::uint32_t v = 0; v < n; ++v) {
    q.one[v] = !may_miss[v];
    q.uncertain[v] = may_miss[v] && !q.zero[v];
  }
  return q;
}

// The shortest execution from an initial state, through non-goal states, to a zero state.
void find_failure(const ChainView &view, const std::vector<std::uint8_t> &goal,
                  const Qualitative &q, ReachabilityAnalysis &analysis) {
  const std::uint32_t n = view.size();
  std::vector<std::uint64_t> via(n, std::numeric_limits<std::uint64_t>::max());
  std::vector<std::uint8_t> seen(n, 0);
  std::vector<std::uint32_t> starts;
  for (const auto &initial : view.chain.initial)
    starts.push_back(initial.rank);
  std::sort(starts.begin(), starts.end());
  std::deque<std::uint32_t> queue;
  std::uint32_t found = NoIndex;
  for (const std::uint32_t s : starts)
    if (!seen[s]) {
      seen[s] = 1;
      if (q.zero[s] && found == NoIndex)
        found = s;
      queue.push_back(s);
    }
  // Sources of edges, for walking back: the BFS records the edge and its source.
  std::vector<std::uint32_t> parent(n, NoIndex);
  while (found == NoIndex && !queue.empty()) {
    const std::uint32_t u = queue.front();
    queue.pop_front();
    view.poll();
    if (goal[u])
      continue;
    for (std::uint64_t e = view.begin(u); e < view.end(u) && found == NoIndex; ++e) {
      const std::uint32_t v = view.target(e);
      if (seen[v])
        continue;
      seen[v] = 1;
      via[v] = e;
      parent[v] = u;
      if (q.zero[v])
        found = v;
      queue.push_back(v);
    }
  }
  if (found == NoIndex)
    throw std::logic_error("probability below 1 without a failing execution");
  std::vector<std::uint32_t> ordinals;
  std::uint32_t at = found;
  for (; parent[at] != NoIndex; at = parent[at])
    ordinals.push_back(static_cast<std::uint32_t>(via[at] - view.begin(parent[at])));
  std::reverse(ordinals.begin(), ordinals.end());
  analysis.failure_start = at;
  analysis.failure_ordinals = std::move(ordinals);
  analysis.failure_rank = found;
}

// The numeric analysis comes in three parts, each computed with exact rationals unless that
// passes the limits, and then in long double with an error bound: so a long table of round
// probabilities does not cost the exact probability and expectations.
template <class Number>
Number initial_value(const ChainView &view, const std::vector<Number> &value) {
  Number sum = 0;
  for (const auto &initial : view.chain.initial)
    sum += fraction<Number>(initial.numerator, initial.denominator) * value[initial.rank];
  return sum;
}

template <class Number> double to_double(const Number &value) { return static_cast<double>(value); }

// 1. The probability of reaching the goal from the initial distribution: 1 on `one`, 0 on
// `zero`, solved in between. In long double a second column gives the expected time spent in
// between, for the error bound.
template <class Number>
PartOutcome solve_probability(const Context &context, ReachabilityAnalysis &analysis) {
  constexpr bool exact = std::is_same_v<Number, Rational>;
  const Qualitative &q = context.q;
  const std::uint32_t n = context.view.size();
  std::uint64_t work = 0;
  PartOutcome outcome{exact, false, 0};
  std::vector<Number> probability(n);
  for (std::uint32_t s = 0; s < n; ++s)
    probability[s] = q.one[s] ? 1 : 0;
  // Almost sure: the initial states all lie in `one`, and nothing needs solving.
  if (!analysis.almost_sure &&
      std::find(q.uncertain.begin(), q.uncertain.end(), 1) != q.uncertain.end()) {
    System<Number> system;
    system.unknown = &q.uncertain;
    system.columns = exact ? 1 : 2;
    system.outside = [&](unsigned c, std::uint64_t, std::uint32_t t) {
      return Number(c == 0 && q.one[t] ? 1 : 0);
    };
    system.cost = [](unsigned c, std::uint64_t) { return Number(c == 1 ? 1 : 0); };
    auto solution = Solver<Number>(context.view, system, context.limits, work).solve();
    for (std::uint32_t s = 0; s < n; ++s)
      if (q.uncertain[s])
        probability[s] = solution.values[0][s];
    if constexpr (!exact) {
      std::vector<Float> time(solution.values[1].begin(), solution.values[1].end());
      outcome.error = time_bound(time, q.uncertain, solution.residual[1]) * solution.residual[0];
      outcome.iterated = solution.iterated;
    }
  }
  const Number reached = initial_value(context.view, probability);
  analysis.numbers.probability = to_double(reached);
  if constexpr (exact) {
    analysis.numbers.probability_exact = exact_text(reached);
    analysis.miss_probability = exact_text(Number(1) - reached);
  } else {
    analysis.miss_probability = decimal_text(static_cast<double>(1 - reached));
  }
  return outcome;
}

// 2. Expected steps and rounds, defined when the goal is reached with probability 1: solved on
// the non-goal states of `one` (which reach the goal with probability 1, so the system is
// regular). The steps column is also the expected time there, for the error bound.
template <class Number> PartOutcome solve_expectations(const Context &context, Probabilities &out) {
  constexpr bool exact = std::is_same_v<Number, Rational>;
  const ChainView &view = context.view;
  const std::uint32_t n = view.size();
  std::uint64_t work = 0;
  PartOutcome outcome{exact, false, 0};
  std::vector<std::uint8_t> unknown(n);
  for (std::uint32_t s = 0; s < n; ++s)
    unknown[s] = context.q.one[s] && !context.goal[s];
  System<Number> system;
  system.unknown = &unknown;
  system.columns = view.marks_rounds() ? 2 : 1;
  system.outside = [](unsigned, std::uint64_t, std::uint32_t) { return Number(0); };
  system.cost = [&](unsigned c, std::uint64_t e) {
    return Number(c == 0 || view.starts_round(e) ? 1 : 0);
  };
  auto solution = Solver<Number>(view, system, context.limits, work).solve();
  const Number steps = initial_value(view, solution.values[0]);
  out.expected_steps = to_double(steps);
  if constexpr (exact)
    out.expected_steps_exact = exact_text(steps);
  if (view.marks_rounds()) {
    const Number rounds = initial_value(view, solution.values[1]);
    out.expected_rounds = to_double(rounds);
    if constexpr (exact)
      out.expected_rounds_exact = exact_text(rounds);
  }
  if constexpr (!exact) {
    std::vector<Float> time(solution.values[0].begin(), solution.values[0].end());
    outcome.error = time_bound(time, unknown, solution.residual[0]) *
                    *std::max_element(solution.residual.begin(), solution.residual.end());
    outcome.iterated = solution.iterated;
  }
  return outcome;
}

// 3. Within r rounds: x_r = 1 on goal states; elsewhere the edges that start no round stay in
// round r, and those that start one lead to x_(r-1) (x_0 counts the goal reached before any
// round starts). Unknowns: the non-goal states that can reach, without starting a round, a goal
// state or a round's start; every other state stays at 0.
template <class Number>
PartOutcome solve_within_rounds(const Context &context, unsigned rounds_report,
                                Probabilities &out) {
  constexpr bool exact = std::is_same_v<Number, Rational>;
  const ChainView &view = context.view;
  const std::vector<std::uint8_t> &goal = context.goal;
  const std::uint32_t n = view.size();
  std::uint64_t work = 0;
  PartOutcome outcome{exact, false, 0};
  const std::vector<std::uint8_t> unknown = within_round_unknowns(context);
  std::vector<Number> previous(n), current(n);
  std::vector<double> within;
  std::vector<std::string> within_exact;
  for (unsigned r = 0; r <= rounds_report; ++r) {
    System<Number> system;
    system.unknown = &unknown;
    system.non_round_only = true;
    system.columns = exact ? 1 : 2;
    system.outside = [&](unsigned c, std::uint64_t e, std::uint32_t t) {
      if (c == 1)
        return Number(0);
      if (view.starts_round(e)) // the next round: x_(r-1), which is 1 on goal states
        return r > 0 ? previous[t] : Number(0);
      return Number(goal[t] ? 1 : 0);
    };
    system.cost = [](unsigned c, std::uint64_t) { return Number(c == 1 ? 1 : 0); };
    auto solution = Solver<Number>(view, system, context.limits, work).solve();
    for (std::uint32_t s = 0; s < n; ++s)
      current[s] = goal[s] ? Number(1) : unknown[s] ? solution.values[0][s] : Number(0);
    if constexpr (!exact) {
      std::vector<Float> time(solution.values[1].begin(), solution.values[1].end());
      // An error in x_(r-1) reaches x_r through a sub-stochastic operator: it is carried over.
      outcome.error += time_bound(time, unknown, solution.residual[1]) * solution.residual[0];
      outcome.iterated = outcome.iterated || solution.iterated;
    }
    if (r > 0) {
      const Number value = initial_value(view, current);
      within.push_back(to_double(value));
      if constexpr (exact)
        within_exact.push_back(exact_text(value));
    }
    std::swap(previous, current);
  }
  out.within_rounds = std::move(within);
  out.within_rounds_exact = std::move(within_exact);
  return outcome;
}

// Runs one part exactly, or in long double when exact arithmetic passes its limits.
template <class Part> PartOutcome exact_or_float(Part &&part) {
  try {
    return part(Rational{});
  } catch (const ExactLimitReached &) {
    return part(Float{});
  }
}

std::string method_words(const std::vector<std::pair<std::string, PartOutcome>> &parts) {
  std::string exact, inexact;
  bool iterated = false;
  for (const auto &[name, outcome] : parts) {
    std::string &list = outcome.exact ? exact : inexact;
    list += (list.empty() ? "" : ", ") + name;
    iterated = iterated || outcome.iterated;
  }
  const std::string how = "on the explored chain, by elimination per strongly connected "
                          "component, sinks first";
  if (inexact.empty())
    return "exact rational arithmetic " + how;
  return (exact.empty() ? "" : "exact rationals for " + exact + "; ") + "long double for " +
         inexact + " (exact rationals would pass their limits) " + how +
         (iterated ? ", with Gauss-Seidel where elimination filled in too much" : "") +
         "; error bound = largest residual x largest expected time among the unknowns (which "
         "bounds the inverse of I - A), plus rounding";
}

// How the cut analysis went, in words.
std::string cut_words(const CutParts &cut) {
  std::string parts;
  for (const auto &[done, name] : {std::pair{cut.probability, "the probability"},
                                   std::pair{cut.expectations, "the expectations"},
                                   std::pair{cut.within_rounds, "the round probabilities"}})
    if (done)
      parts += (parts.empty() ? "" : ", ") + std::string(name);
  const std::string states =
      cut.cut_states == 1 ? "the 1 state" : "the " + std::to_string(cut.cut_states) + " states";
  return parts + " on the chain cut at " + states +
         " where rounds start (or runs begin): exact binary fractions inside a round, then "
         "exact rationals on the cut";
}

} // namespace

std::string fraction_text(std::uint64_t numerator, std::uint64_t denominator) {
  const std::uint64_t common = std::gcd(numerator, denominator);
  if (common > 0) {
    numerator /= common;
    denominator /= common;
  }
  return denominator == 1 ? std::to_string(numerator)
                          : std::to_string(numerator) + "/" + std::to_string(denominator);
}

ReachabilityAnalysis analyze_reachability(const StateGraph &graph, const MarkovChain &chain,
                                          const std::vector<std::uint8_t> &goal,
                                          unsigned rounds_report, const MarkovLimits &limits) {
  const auto start = std::chrono::steady_clock::now();
  const ChainView view{graph, chain, limits.watch};
  const Predecessors reverse = predecessors(view);
  const Qualitative q = classify(view, reverse, goal);
  ReachabilityAnalysis analysis;
  analysis.almost_sure = true;
  for (const auto &initial : chain.initial)
    analysis.almost_sure = analysis.almost_sure && q.one[initial.rank];
  if (!analysis.almost_sure)
    find_failure(view, goal, q, analysis);
  const Context context{view, reverse, goal, q, limits};
  // The parts the chain cut at its round starts answers exactly are not solved again.
  const CutParts cut =
      limits.cut_at_rounds ? analyze_cut_at_rounds(context, rounds_report, analysis) : CutParts{};
  std::vector<std::pair<std::string, PartOutcome>> parts;
  const PartOutcome probability =
      cut.probability ? PartOutcome{} : exact_or_float([&](auto number) {
        return solve_probability<decltype(number)>(context, analysis);
      });
  parts.emplace_back("the probability", probability);
  PartOutcome expectations;
  if (analysis.almost_sure) {
    expectations = cut.expectations ? PartOutcome{} : exact_or_float([&](auto number) {
      return solve_expectations<decltype(number)>(context, analysis.numbers);
    });
    parts.emplace_back("the expectations", expectations);
  }
  PartOutcome within;
  if (view.marks_rounds() && rounds_report > 0) {
    within = cut.within_rounds ? PartOutcome{} : exact_or_float([&](auto number) {
      return solve_within_rounds<decltype(number)>(context, rounds_report, analysis.numbers);
    });
    parts.emplace_back("the round probabilities", within);
  }
  analysis.numbers.probability_error =
      static_cast<double>(std::max(probability.error, within.error));
  analysis.numbers.expected_error = static_cast<double>(expectations.error);
  analysis.numbers.method = method_words(parts);
  if (cut.probability || cut.expectations || cut.within_rounds)
    analysis.numbers.method += "; " + cut_words(cut);
  analysis.numbers.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return analysis;
}

} // namespace protocheck
