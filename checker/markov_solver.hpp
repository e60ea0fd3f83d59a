// The Markov-chain solver's parts shared by the whole-chain analysis (markov.cpp) and the analysis
// cut at the states where rounds start (markov_rounds.cpp): the chain as arrays, graph searches,
// and linear systems x = A x + b solved component by component in exact rationals, exact binary
// fractions (Dyadic) or long double.
#pragma once

#include "checker/dyadic.hpp"

#include <protocheck/engine/markov.hpp>

#include <boost/graph/filtered_graph.hpp>
#include <boost/graph/strong_components.hpp>
#include <boost/multiprecision/gmp.hpp>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <deque>
#include <functional>
#include <limits>
#include <optional>
#include <type_traits>
#include <vector>

namespace protocheck::markov_internal {

using Rational = boost::multiprecision::mpq_rational;
using Float = long double;

constexpr std::uint32_t NoIndex = std::numeric_limits<std::uint32_t>::max();

// Thrown when exact arithmetic passes its limits; the whole analysis is then redone in long double.
struct ExactLimitReached {};

// The chain as arrays, for tight loops.
struct ChainView {
  const StateGraph &graph;
  const MarkovChain &chain;
  LimitWatch *watch = nullptr; // polled in every loop over states or edges
  void poll() const {
    if (watch != nullptr)
      watch->poll();
  }
  std::uint32_t size() const { return static_cast<std::uint32_t>(num_vertices(graph.csr)); }
  std::uint64_t begin(std::uint32_t v) const { return graph.csr.m_forward.m_rowstart[v]; }
  std::uint64_t end(std::uint32_t v) const { return graph.csr.m_forward.m_rowstart[v + 1]; }
  std::uint32_t target(std::uint64_t e) const { return graph.csr.m_forward.m_column[e]; }
  bool starts_round(std::uint64_t e) const {
    return !chain.starts_round.empty() && chain.starts_round[e] != 0;
  }
  bool marks_rounds() const { return !chain.starts_round.empty(); }
};

template <class Number> Number fraction(std::uint64_t numerator, std::uint64_t denominator) {
  if constexpr (std::is_same_v<Number, Dyadic>)
    return Dyadic::fraction(numerator, denominator);
  else if constexpr (std::is_same_v<Number, Rational>)
    return Rational(boost::multiprecision::mpz_int(numerator),
                    boost::multiprecision::mpz_int(denominator));
  else
    return static_cast<Float>(numerator) / static_cast<Float>(denominator);
}

// Throws ExactLimitReached when a rational's numerator or denominator passes the exact limit.
inline void check_exact_size(const Rational &value, const MarkovLimits &limits) {
  if (value == 0)
    return;
  const auto bits = std::max(boost::multiprecision::msb(abs(numerator(value))),
                             boost::multiprecision::msb(denominator(value)));
  if (bits > limits.exact_bits)
    throw ExactLimitReached{};
}

template <class Number> Number edge_probability(const ChainView &view, std::uint64_t e) {
  return fraction<Number>(view.chain.numerators[e], view.chain.denominators[e]);
}

// ---------------------------------------------------------------------------------------------
// Qualitative analysis: which states reach the goal with probability 0, with probability 1, or in
// between. Graph searches only, so exact whatever the numbers.

struct Predecessors {
  std::vector<std::uint64_t> start; // size states + 1
  std::vector<std::uint32_t> source;
  std::vector<std::uint8_t> round; // whether the edge starts a round
};

inline Predecessors predecessors(const ChainView &view) {
  const std::uint32_t n = view.size();
  Predecessors reverse;
  reverse.start.assign(n + 1, 0);
  for (std::uint32_t v = 0; v < n; ++v) {
    view.poll();
    for (std::uint64_t e = view.begin(v); e < view.end(v); ++e)
      ++reverse.start[view.target(e) + 1];
  }
  for (std::uint32_t v = 0; v < n; ++v)
    reverse.start[v + 1] += reverse.start[v];
  reverse.source.resize(reverse.start[n]);
  reverse.round.resize(reverse.start[n]);
  std::vector<std::uint64_t> fill(reverse.start.begin(), reverse.start.end() - 1);
  for (std::uint32_t v = 0; v < n; ++v) {
    view.poll();
    for (std::uint64_t e = view.begin(v); e < view.end(v); ++e) {
      const std::uint64_t slot = fill[view.target(e)]++;
      reverse.source[slot] = v;
      reverse.round[slot] = view.starts_round(e) ? 1 : 0;
    }
  }
  return reverse;
}

// The states that can reach a `from` state by edges (all, or only those that start no round)
// whose sources satisfy `through`; the `from` states themselves included.
template <class Through>
std::vector<std::uint8_t> reaching(const ChainView &view, const Predecessors &reverse,
                                   const std::vector<std::uint8_t> &from, bool non_round_only,
                                   Through &&through) {
  std::vector<std::uint8_t> reached(from);
  std::deque<std::uint32_t> queue;
  for (std::uint32_t v = 0; v < from.size(); ++v)
    if (from[v])
      queue.push_back(v);
  while (!queue.empty()) {
    const std::uint32_t v = queue.front();
    queue.pop_front();
    view.poll();
    for (std::uint64_t k = reverse.start[v]; k < reverse.start[v + 1]; ++k) {
      const std::uint32_t u = reverse.source[k];
      if (reached[u] || (non_round_only && reverse.round[k]) || !through(u))
        continue;
      reached[u] = 1;
      queue.push_back(u);
    }
  }
  return reached;
}

struct Qualitative {
  std::vector<std::uint8_t> zero;      // the goal cannot be reached
  std::vector<std::uint8_t> one;       // the goal is reached with probability 1 (goal included)
  std::vector<std::uint8_t> uncertain; // neither: solved for numerically
};

// ---------------------------------------------------------------------------------------------
// Linear systems x = A x + b over the Markov chain, solved strongly connected component by
// component, sinks first, so each component sees final values downstream. Inside a component,
// states are eliminated in decreasing BFS rank: for the usual shape of a randomized protocol (a
// round that either ends or goes back to its start) every row then keeps only the edge back to
// the round's start, and the elimination costs about one multiply-add per edge.

// Which system: its unknowns, which edges stay inside it, and the known parts of each equation.
template <class Number> struct System {
  const std::vector<std::uint8_t> *unknown = nullptr;
  bool non_round_only = false; // round-starting edges leave the system (bounded rounds)
  unsigned columns = 1;
  // For edge e to state t that leaves the system: the value found there, in column c.
  std::function<Number(unsigned c, std::uint64_t e, std::uint32_t t)> outside;
  // The cost of taking edge e, in column c (expected steps: 1; expected rounds: 1 if it starts a
  // round; probabilities: 0).
  std::function<Number(unsigned c, std::uint64_t e)> cost;
};

template <class Number> struct Solution {
  std::vector<std::vector<Number>> values; // [column][state], meaningful for unknowns
  std::vector<Float> residual;             // long double only: max residual per column
  bool iterated = false;                   // some component was solved by Gauss-Seidel
};

template <class Number> class Solver {
public:
  Solver(const ChainView &view, const System<Number> &system, const MarkovLimits &limits,
         std::uint64_t &work)
      : view_(view), system_(system), limits_(limits), work_(work) {}

  Solution<Number> solve() {
    const std::uint32_t n = view_.size();
    solution_.values.assign(system_.columns, std::vector<Number>(n));
    const Components components = component_lists();
    local_.assign(n, NoIndex);
    for (std::size_t c = 0; c + 1 < components.start.size(); ++c) {
      const auto first =
          components.members.begin() + static_cast<std::ptrdiff_t>(components.start[c]);
      const auto last =
          components.members.begin() + static_cast<std::ptrdiff_t>(components.start[c + 1]);
      if (last - first == 1)
        solve_single(*first);
      else
        solve_component(std::vector<std::uint32_t>(first, last));
    }
    if constexpr (!exact)
      measure_residuals();
    return std::move(solution_);
  }

private:
  // Rationals and binary fractions are exact (an exact solve throws rather than lose a digit);
  // long double is not, and gets residuals.
  static constexpr bool rational = std::is_same_v<Number, Rational>;
  static constexpr bool exact = !std::is_same_v<Number, Float>;

  // The probability of edge e; exact fractions are built once per distinct value in a row.
  const Number &probability(std::uint64_t e) {
    const std::uint32_t key =
        (std::uint32_t{view_.chain.numerators[e]} << 16) | view_.chain.denominators[e];
    if (key != cached_key_) {
      cached_key_ = key;
      cached_probability_ = edge_probability<Number>(view_, e);
    }
    return cached_probability_;
  }

  bool inside(std::uint64_t e, std::uint32_t t) const {
    return (*system_.unknown)[t] && !(system_.non_round_only && view_.starts_round(e));
  }

  void count(std::uint64_t operations) {
    view_.poll();
    work_ += operations;
    if constexpr (rational)
      if (work_ > limits_.exact_work)
        throw ExactLimitReached{};
    // Binary fractions cost what long double does: the same budget as its elimination.
    if constexpr (std::is_same_v<Number, Dyadic>)
      if (work_ > limits_.elimination_work)
        throw ExactLimitReached{};
  }

  void check_size(const Number &value) const {
    if constexpr (rational)
      check_exact_size(value, limits_);
  }

  // The strongly connected components of the unknowns (inside edges only), sinks first; each
  // component's states in increasing rank.
  // Component c's states are members[start[c] .. start[c + 1]) (one array for all: a chain of
  // millions of states has millions of components of one state).
  struct Components {
    std::vector<std::uint32_t> members;
    std::vector<std::uint64_t> start;
  };
  Components component_lists() const {
    const std::uint32_t n = view_.size();
    if (std::optional<Components> lists = forward_components())
      return std::move(*lists);
    struct KeepUnknown {
      const std::vector<std::uint8_t> *unknown = nullptr;
      bool operator()(std::uint32_t v) const { return (*unknown)[v] != 0; }
    };
    struct KeepInside {
      const Solver *solver = nullptr;
      bool operator()(const boost::graph_traits<StateGraphCsr>::edge_descriptor &edge) const {
        solver->view_.poll(); // Boost's search has no other hook to stop it
        return solver->inside(edge.idx, solver->view_.target(edge.idx));
      }
    };
    const boost::filtered_graph<StateGraphCsr, KeepInside, KeepUnknown> region(
        view_.graph.csr, KeepInside{this}, KeepUnknown{system_.unknown});
    std::vector<std::uint32_t> component(n, NoIndex);
    const std::uint32_t count = static_cast<std::uint32_t>(boost::strong_components(
        region, boost::make_iterator_property_map(component.begin(),
                                                  get(boost::vertex_index, view_.graph.csr))));
    // Tarjan's algorithm numbers components in reverse topological order: sinks first.
    Components lists;
    lists.start.assign(std::size_t{count} + 1, 0);
    for (std::uint32_t v = 0; v < n; ++v)
      if ((*system_.unknown)[v])
        ++lists.start[component[v] + 1];
    for (std::uint32_t c = 0; c < count; ++c)
      lists.start[c + 1] += lists.start[c];
    lists.members.resize(lists.start[count]);
    std::vector<std::uint64_t> fill(lists.start.begin(), lists.start.end() - 1);
    for (std::uint32_t v = 0; v < n; ++v)
      if ((*system_.unknown)[v])
        lists.members[fill[component[v]]++] = v;
    return lists;
  }

  // When every edge inside the system goes to a state of higher rank (the draws and hops of a
  // round, in BFS order), every state is a component of its own and decreasing rank puts sinks
  // first: no search needed. Empty otherwise.
  std::optional<Components> forward_components() const {
    const std::uint32_t n = view_.size();
    Components lists;
    lists.start.push_back(0);
    for (std::uint32_t v = n; v-- > 0;) {
      if (!(*system_.unknown)[v])
        continue;
      view_.poll();
      for (std::uint64_t e = view_.begin(v); e < view_.end(v); ++e) {
        const std::uint32_t t = view_.target(e);
        if (t <= v && inside(e, t))
          return std::nullopt;
      }
      lists.members.push_back(v);
      lists.start.push_back(lists.members.size());
    }
    return lists;
  }

  // Known part of state s's equation: costs and the values of edges leaving the system or going
  // to states already solved; and the probability of staying in s.
  void known_part(std::uint32_t s, std::vector<Number> &constant, Number &self) {
    for (unsigned c = 0; c < system_.columns; ++c)
      constant[c] = 0;
    self = 0;
    for (std::uint64_t e = view_.begin(s); e < view_.end(s); ++e) {
      const std::uint32_t t = view_.target(e);
      const Number &p = probability(e);
      const bool in = inside(e, t);
      for (unsigned c = 0; c < system_.columns; ++c) {
        Number value = system_.cost ? system_.cost(c, e) : Number(0);
        if (!in)
          value += system_.outside(c, e, t);
        else if (t != s && local_[t] == NoIndex)
          value += solution_.values[c][t];
        constant[c] += p * value;
      }
      if (in && t == s)
        self += p;
      count(system_.columns + 1);
    }
  }

  void solve_single(std::uint32_t s) {
    std::vector<Number> &constant = scratch_constant_;
    constant.resize(system_.columns);
    Number self;
    known_part(s, constant, self);
    const Number stay = Number(1) - self;
    if (stay == 0)
      throw std::logic_error("a state of the system never leaves it");
    for (unsigned c = 0; c < system_.columns; ++c) {
      solution_.values[c][s] = constant[c] / stay;
      check_size(solution_.values[c][s]);
    }
  }

  struct Row {
    std::vector<std::pair<std::uint32_t, Number>> terms; // (local index, coefficient)
    std::vector<Number> constant;                        // one per column
  };

  std::vector<Row> build_rows(const std::vector<std::uint32_t> &members) {
    std::vector<Row> rows(members.size());
    std::vector<std::uint32_t> position(members.size(), NoIndex);
    for (std::uint32_t i = 0; i < members.size(); ++i) {
      const std::uint32_t s = members[i];
      Row &row = rows[i];
      row.constant.resize(system_.columns);
      Number self;
      // Local states are unknown here (local_ set), so known_part leaves them out.
      known_part(s, row.constant, self);
      for (std::uint64_t e = view_.begin(s); e < view_.end(s); ++e) {
        const std::uint32_t t = view_.target(e);
        if (!inside(e, t) || local_[t] == NoIndex)
          continue;
        const std::uint32_t j = local_[t];
        const Number &p = probability(e);
        if (position[j] == NoIndex) {
          position[j] = static_cast<std::uint32_t>(row.terms.size());
          row.terms.emplace_back(j, p);
        } else {
          row.terms[position[j]].second += p;
        }
      }
      for (const auto &[j, p] : row.terms)
        position[j] = NoIndex;
    }
    return rows;
  }

  void solve_component(const std::vector<std::uint32_t> &members) {
    for (std::uint32_t i = 0; i < members.size(); ++i)
      local_[members[i]] = i;
    std::vector<Row> rows = build_rows(members);
    std::vector<Number> x;
    if (!eliminate(rows, x)) {
      if constexpr (!exact) { // too much fill-in for a direct solution
        rows = build_rows(members);
        iterate(rows, x);
        solution_.iterated = true;
      }
    }
    for (std::uint32_t i = 0; i < members.size(); ++i)
      local_[members[i]] = NoIndex;
    for (unsigned c = 0; c < system_.columns; ++c)
      for (std::uint32_t i = 0; i < members.size(); ++i) {
        solution_.values[c][members[i]] = x[std::size_t{i} * system_.columns + c];
        check_size(solution_.values[c][members[i]]);
      }
  }

  // Gaussian elimination in decreasing local index, then back substitution. Returns false when
  // long double elimination passes its budget (exact elimination throws instead).
  bool eliminate(std::vector<Row> &rows, std::vector<Number> &x) {
    const std::uint32_t size = static_cast<std::uint32_t>(rows.size());
    const unsigned columns = system_.columns;
    std::vector<std::vector<std::uint32_t>> users(size); // rows that mention a state
    for (std::uint32_t i = 0; i < size; ++i)
      for (const auto &term : rows[i].terms)
        if (term.first != i)
          users[term.first].push_back(i);
    std::uint64_t local_work = 0;
    for (std::uint32_t i = size; i-- > 0;) {
      Row &row = rows[i];
      const auto self_term = std::find_if(row.terms.begin(), row.terms.end(),
                                          [&](const auto &term) { return term.first == i; });
      if (self_term != row.terms.end()) {
        const Number stay = Number(1) - self_term->second;
        if (stay == 0)
          throw std::logic_error("a state of the system never leaves it");
        *self_term = row.terms.back();
        row.terms.pop_back();
        for (auto &term : row.terms)
          term.second /= stay;
        for (auto &value : row.constant)
          value /= stay;
        count(row.terms.size() + columns);
      }
      for (const std::uint32_t u : users[i]) {
        if (u >= i)
          continue; // already eliminated
        Row &user = rows[u];
        const auto at = std::find_if(user.terms.begin(), user.terms.end(),
                                     [&](const auto &term) { return term.first == i; });
        if (at == user.terms.end())
          continue; // a stale mention: substituted before
        const Number factor = at->second;
        *at = user.terms.back();
        user.terms.pop_back();
        for (const auto &[j, a] : row.terms) {
          const auto existing = std::find_if(user.terms.begin(), user.terms.end(),
                                             [&](const auto &term) { return term.first == j; });
          if (existing != user.terms.end()) {
            existing->second += factor * a;
          } else {
            user.terms.emplace_back(j, factor * a);
            if (j != u)
              users[j].push_back(u);
          }
        }
        for (unsigned c = 0; c < columns; ++c)
          user.constant[c] += factor * row.constant[c];
        const std::uint64_t step = (row.terms.size() + 1) * (user.terms.size() + 1) + columns;
        count(step);
        local_work += step;
        if constexpr (!exact)
          if (local_work > limits_.elimination_work)
            return false;
      }
      std::vector<std::uint32_t>().swap(users[i]);
    }
    x.assign(std::size_t{size} * columns, Number(0));
    for (std::uint32_t i = 0; i < size; ++i)
      for (unsigned c = 0; c < columns; ++c) {
        Number value = rows[i].constant[c];
        for (const auto &[j, a] : rows[i].terms)
          value += a * x[std::size_t{j} * columns + c];
        x[std::size_t{i} * columns + c] = value;
      }
    count(std::uint64_t{size} * columns);
    return true;
  }

  // Gauss-Seidel until nothing changes in the last bits, or the sweep limit. The residual bound
  // computed afterwards covers whatever error is left.
  void iterate(const std::vector<Row> &rows, std::vector<Number> &x) {
    const unsigned columns = system_.columns;
    x.assign(rows.size() * columns, Number(0));
    for (std::uint32_t sweep = 0; sweep < limits_.max_sweeps; ++sweep) {
      Float change = 0, largest = 0;
      for (std::uint32_t i = 0; i < rows.size(); ++i) {
        view_.poll();
        Number self = 0;
        for (const auto &[j, a] : rows[i].terms)
          if (j == i)
            self += a;
        for (unsigned c = 0; c < columns; ++c) {
          Number value = rows[i].constant[c];
          for (const auto &[j, a] : rows[i].terms)
            if (j != i)
              value += a * x[std::size_t{j} * columns + c];
          value /= (Number(1) - self);
          Number &slot = x[std::size_t{i} * columns + c];
          change = std::max<Float>(change, std::fabs(static_cast<Float>(value - slot)));
          largest = std::max<Float>(largest, std::fabs(static_cast<Float>(value)));
          slot = value;
        }
      }
      if (change <= 4 * LDBL_EPSILON * largest)
        break;
    }
  }

  // |x - (A x + b)| per column, plus what rounding in computing it may hide.
  void measure_residuals() {
    const std::uint32_t n = view_.size();
    solution_.residual.assign(system_.columns, 0);
    const Float unit = LDBL_EPSILON / 2;
    for (std::uint32_t s = 0; s < n; ++s) {
      if (!(*system_.unknown)[s])
        continue;
      view_.poll();
      const std::uint64_t degree = view_.end(s) - view_.begin(s);
      for (unsigned c = 0; c < system_.columns; ++c) {
        Float sum = 0, magnitude = 0;
        for (std::uint64_t e = view_.begin(s); e < view_.end(s); ++e) {
          const std::uint32_t t = view_.target(e);
          const Float p = edge_probability<Float>(view_, e);
          Float value = system_.cost ? static_cast<Float>(system_.cost(c, e)) : 0;
          value += inside(e, t) ? static_cast<Float>(solution_.values[c][t])
                                : static_cast<Float>(system_.outside(c, e, t));
          sum += p * value;
          magnitude += p * std::fabs(value);
        }
        const Float x = static_cast<Float>(solution_.values[c][s]);
        const Float slack = static_cast<Float>(degree + 4) * unit * (magnitude + std::fabs(x));
        solution_.residual[c] = std::max(solution_.residual[c], std::fabs(x - sum) + slack);
      }
    }
  }

  const ChainView &view_;
  const System<Number> &system_;
  const MarkovLimits &limits_;
  std::uint64_t &work_;
  Solution<Number> solution_;
  std::vector<std::uint32_t> local_;
  std::vector<Number> scratch_constant_;
  std::uint32_t cached_key_ = 0; // no edge has probability 0/0
  Number cached_probability_{};
};

// A bound on max_s E_s[steps spent among the unknowns], from a computed "time" column and its
// residual: ||t|| <= ||t_computed|| / (1 - residual).
inline Float time_bound(const std::vector<Float> &time, const std::vector<std::uint8_t> &unknown,
                        Float residual) {
  Float largest = 0;
  for (std::size_t s = 0; s < time.size(); ++s)
    if (unknown[s])
      largest = std::max(largest, time[s]);
  if (residual >= 1)
    return std::numeric_limits<Float>::infinity();
  return largest / (1 - residual);
}

struct Context {
  const ChainView &view;
  const Predecessors &reverse; // built once for every part
  const std::vector<std::uint8_t> &goal;
  const Qualitative &q;
  const MarkovLimits &limits;
};

// The states whose chance of reaching the goal within r rounds is solved for: those outside the
// goal that can reach, without starting a round, the goal or a state where a round starts.
inline std::vector<std::uint8_t> within_round_unknowns(const Context &context) {
  const ChainView &view = context.view;
  const std::vector<std::uint8_t> &goal = context.goal;
  const std::uint32_t n = view.size();
  std::vector<std::uint8_t> exits(goal);
  for (std::uint32_t s = 0; s < n; ++s)
    for (std::uint64_t e = view.begin(s); e < view.end(s); ++e)
      if (view.starts_round(e))
        exits[s] = 1;
  std::vector<std::uint8_t> unknown =
      reaching(view, context.reverse, exits, true, [&](std::uint32_t u) { return !goal[u]; });
  for (std::uint32_t s = 0; s < n; ++s)
    unknown[s] = unknown[s] && !goal[s];
  return unknown;
}

struct PartOutcome {
  bool exact = true;
  bool iterated = false; // some component needed Gauss-Seidel
  Float error = 0;       // long double: the bound on the absolute error of the part's numbers
};

} // namespace protocheck::markov_internal
