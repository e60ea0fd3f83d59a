#include <protocheck/engine/markov.hpp>

#include <boost/graph/filtered_graph.hpp>
#include <boost/graph/strong_components.hpp>
#include <boost/multiprecision/cpp_int.hpp>

#include <algorithm>
#include <cfloat>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <deque>
#include <limits>

namespace protocheck {
namespace {

using Rational = boost::multiprecision::cpp_rational;
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
  if constexpr (std::is_same_v<Number, Rational>)
    return Rational(boost::multiprecision::cpp_int(numerator),
                    boost::multiprecision::cpp_int(denominator));
  else
    return static_cast<Float>(numerator) / static_cast<Float>(denominator);
}

template <class Number> Number edge_probability(const ChainView &view, std::uint64_t e) {
  return fraction<Number>(view.chain.numerators[e], view.chain.denominators[e]);
}

std::string exact_text(const Rational &value) { return value.str(); }

std::string decimal_text(double value) {
  char text[40];
  std::snprintf(text, sizeof text, "%.6g", value);
  return text;
}

// ---------------------------------------------------------------------------------------------
// Qualitative analysis: which states reach the goal with probability 0, with probability 1, or in
// between. Graph searches only, so exact whatever the numbers.

struct Predecessors {
  std::vector<std::uint64_t> start; // size states + 1
  std::vector<std::uint32_t> source;
  std::vector<std::uint8_t> round; // whether the edge starts a round
};

Predecessors predecessors(const ChainView &view) {
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

Qualitative classify(const ChainView &view, const Predecessors &reverse,
                     const std::vector<std::uint8_t> &goal) {
  const std::uint32_t n = static_cast<std::uint32_t>(goal.size());
  Qualitative q;
  q.zero = reaching(view, reverse, goal, false, [](std::uint32_t) { return true; });
  for (auto &flag : q.zero)
    flag = !flag;
  // A state may miss the goal iff it can reach a zero state without passing a goal state.
  const auto may_miss = reaching(view, reverse, q.zero, false, [&](std::uint32_t u) { return !goal[u]; });
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
    const auto components = component_lists();
    local_.assign(n, NoIndex);
    for (const auto &members : components) {
      if (members.size() == 1)
        solve_single(members.front());
      else
        solve_component(members);
    }
    if constexpr (!exact)
      measure_residuals();
    return std::move(solution_);
  }

private:
  static constexpr bool exact = std::is_same_v<Number, Rational>;

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
    if constexpr (exact)
      if (work_ > limits_.exact_work)
        throw ExactLimitReached{};
  }

  void check_size(const Number &value) const {
    if constexpr (exact) {
      if (value == 0)
        return;
      const auto bits = std::max(boost::multiprecision::msb(abs(numerator(value))),
                                 boost::multiprecision::msb(denominator(value)));
      if (bits > limits_.exact_bits)
        throw ExactLimitReached{};
    }
  }

  // The strongly connected components of the unknowns (inside edges only), sinks first; each
  // component's states in increasing rank.
  std::vector<std::vector<std::uint32_t>> component_lists() const {
    const std::uint32_t n = view_.size();
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
    std::vector<std::vector<std::uint32_t>> lists(count);
    for (std::uint32_t v = 0; v < n; ++v)
      if ((*system_.unknown)[v])
        lists[component[v]].push_back(v);
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
Float time_bound(const std::vector<Float> &time, const std::vector<std::uint8_t> &unknown,
                 Float residual) {
  Float largest = 0;
  for (std::size_t s = 0; s < time.size(); ++s)
    if (unknown[s])
      largest = std::max(largest, time[s]);
  if (residual >= 1)
    return std::numeric_limits<Float>::infinity();
  return largest / (1 - residual);
}

// The numeric analysis comes in three parts, each computed with exact rationals unless that
// passes the limits, and then in long double with an error bound: so a long table of round
// probabilities does not cost the exact probability and expectations.
struct Context {
  const ChainView &view;
  const std::vector<std::uint8_t> &goal;
  const Qualitative &q;
  const MarkovLimits &limits;
};

struct PartOutcome {
  bool exact = true;
  bool iterated = false; // some component needed Gauss-Seidel
  Float error = 0;       // long double: the bound on the absolute error of the part's numbers
};

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
  std::vector<std::uint8_t> exits(goal);
  for (std::uint32_t s = 0; s < n; ++s)
    for (std::uint64_t e = view.begin(s); e < view.end(s); ++e)
      if (view.starts_round(e))
        exits[s] = 1;
  std::vector<std::uint8_t> unknown =
      reaching(view, predecessors(view), exits, true, [&](std::uint32_t u) { return !goal[u]; });
  for (std::uint32_t s = 0; s < n; ++s)
    unknown[s] = unknown[s] && !goal[s];
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
  const Qualitative q = classify(view, predecessors(view), goal);
  ReachabilityAnalysis analysis;
  analysis.almost_sure = true;
  for (const auto &initial : chain.initial)
    analysis.almost_sure = analysis.almost_sure && q.one[initial.rank];
  if (!analysis.almost_sure)
    find_failure(view, goal, q, analysis);
  const Context context{view, goal, q, limits};
  std::vector<std::pair<std::string, PartOutcome>> parts;
  const PartOutcome probability = exact_or_float(
      [&](auto number) { return solve_probability<decltype(number)>(context, analysis); });
  parts.emplace_back("the probability", probability);
  PartOutcome expectations;
  if (analysis.almost_sure) {
    expectations = exact_or_float([&](auto number) {
      return solve_expectations<decltype(number)>(context, analysis.numbers);
    });
    parts.emplace_back("the expectations", expectations);
  }
  PartOutcome within;
  if (view.marks_rounds() && rounds_report > 0) {
    within = exact_or_float([&](auto number) {
      return solve_within_rounds<decltype(number)>(context, rounds_report, analysis.numbers);
    });
    parts.emplace_back("the round probabilities", within);
  }
  analysis.numbers.probability_error =
      static_cast<double>(std::max(probability.error, within.error));
  analysis.numbers.expected_error = static_cast<double>(expectations.error);
  analysis.numbers.method = method_words(parts);
  analysis.numbers.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return analysis;
}

} // namespace protocheck
