#include "checker/markov_rounds.hpp"

#include <unordered_map>

namespace protocheck::markov_internal {
namespace {

// At most this many cut states: the small system is dense, and the round solve keeps one column
// per cut state.
constexpr std::size_t MaxCutStates = 64;
// Values the round solve holds (columns x states, 16 bytes each): at most 2^26, a GiB.
constexpr std::uint64_t MaxRoundEntries = std::uint64_t{1} << 26;

// A part that the cut cannot answer after all (a singular system, or a value the part needs
// that the cut does not give); that part goes to the whole-chain analysis.
struct PartNotCut {};

// What the round solve found for one state inside a round, as rationals: the probability of
// reaching the goal before any cut state, the expected steps until the goal or a cut state, and
// for each cut state the probability that it is the first one met.
struct Passage {
  Rational goal, steps;
  std::vector<Rational> cut;
};

// A value in terms of the cut states' values: constant + sum of coefficient[k] * x_k.
struct Affine {
  Rational constant;
  std::vector<Rational> coefficient;
  bool traps = false; // some of it comes from a state that reaches neither
};

enum class Constant { Goal, Steps, None };

class CutAnalysis {
public:
  explicit CutAnalysis(const Context &context)
      : context_(context), view_(context.view), goal_(context.goal), q_(context.q),
        limits_(context.limits), reverse_(context.reverse) {}

  // The sources of round-starting edges and the initial states; false when there are too many.
  bool find_cut() {
    const std::uint32_t n = view_.size();
    index_.assign(n, NoIndex);
    std::vector<std::uint8_t> is_cut(n, 0);
    for (std::uint32_t s = 0; s < n; ++s) {
      view_.poll();
      for (std::uint64_t e = view_.begin(s); e < view_.end(s); ++e)
        if (view_.starts_round(e)) {
          is_cut[s] = 1;
          break;
        }
    }
    for (const auto &initial : view_.chain.initial)
      is_cut[initial.rank] = 1;
    for (std::uint32_t s = 0; s < n; ++s)
      if (is_cut[s]) {
        if (cut_.size() == MaxCutStates)
          return false;
        index_[s] = static_cast<std::uint32_t>(cut_.size());
        cut_.push_back(s);
      }
    return (2 + cut_.size()) * std::uint64_t{n} <= MaxRoundEntries;
  }

  // Inside the rounds: every state that is neither a goal nor a cut state, and can reach one
  // without passing a cut state, in exact binary fractions. Throws NotDyadic or
  // ExactLimitReached when they do not do.
  void solve_rounds() {
    const std::uint32_t n = view_.size();
    std::vector<std::uint8_t> stop(n, 0);
    for (std::uint32_t s = 0; s < n; ++s)
      stop[s] = goal_[s] || index_[s] != NoIndex;
    std::vector<std::uint8_t> inside =
        reaching(view_, reverse_, stop, false, [&](std::uint32_t u) { return !stop[u]; });
    for (std::uint32_t s = 0; s < n; ++s)
      inside[s] = inside[s] && !stop[s];
    const unsigned columns = 2 + static_cast<unsigned>(cut_.size());
    System<Dyadic> system;
    system.unknown = &inside;
    system.columns = columns;
    system.outside = [&](unsigned c, std::uint64_t, std::uint32_t t) {
      if (goal_[t])
        return Dyadic(c == 0 ? 1 : 0);
      return Dyadic(index_[t] != NoIndex && c == 2 + index_[t] ? 1 : 0);
    };
    system.cost = [](unsigned c, std::uint64_t) { return Dyadic(c == 1 ? 1 : 0); };
    std::uint64_t work = 0;
    const Solution<Dyadic> rounds = Solver<Dyadic>(view_, system, limits_, work).solve();
    // Only the states one step from a cut state matter from here on.
    for (const std::uint32_t u : cut_)
      for (std::uint64_t e = view_.begin(u); e < view_.end(u); ++e) {
        const std::uint32_t t = view_.target(e);
        if (!inside[t] || passages_.count(t) != 0)
          continue;
        Passage passage;
        passage.goal = rounds.values[0][t].rational();
        passage.steps = rounds.values[1][t].rational();
        for (unsigned k = 0; k < cut_.size(); ++k)
          passage.cut.push_back(rounds.values[2 + k][t].rational());
        passages_.emplace(t, std::move(passage));
      }
  }

  std::size_t cut_states() const { return cut_.size(); }

  // 1. The probability of reaching the goal: 1 on `one`, 0 on `zero`, solved in between.
  void probability(ReachabilityAnalysis &analysis) {
    std::vector<std::uint8_t> unknown(cut_.size());
    std::vector<Rational> known(cut_.size());
    for (std::size_t k = 0; k < cut_.size(); ++k) {
      unknown[k] = q_.uncertain[cut_[k]];
      known[k] = q_.one[cut_[k]] ? 1 : 0;
    }
    const auto x = solve(unknown, known, true,
                         [&](std::uint64_t, std::uint32_t t, const Rational &p, Affine &row) {
                           expand(t, p, Rational(1), Constant::Goal, row);
                         });
    const Rational reached = initial_value(x);
    analysis.numbers.probability = static_cast<double>(reached);
    analysis.numbers.probability_exact = reached.str();
    analysis.miss_probability = Rational(1 - reached).str();
  }

  // 2. Expected steps and rounds, when the goal is reached with probability 1.
  void expectations(Probabilities &out) {
    std::vector<std::uint8_t> unknown(cut_.size());
    std::vector<Rational> known(cut_.size()); // 0: the goal states
    for (std::size_t k = 0; k < cut_.size(); ++k)
      unknown[k] = q_.one[cut_[k]] && !goal_[cut_[k]];
    const auto steps = solve(unknown, known, false,
                             [&](std::uint64_t, std::uint32_t t, const Rational &p, Affine &row) {
                               row.constant += p;
                               expand(t, p, Rational(0), Constant::Steps, row);
                             });
    const Rational expected_steps = initial_value(steps);
    out.expected_steps = static_cast<double>(expected_steps);
    out.expected_steps_exact = expected_steps.str();
    if (!view_.marks_rounds())
      return;
    const auto rounds =
        solve(unknown, known, false,
              [&](std::uint64_t e, std::uint32_t t, const Rational &p, Affine &row) {
                if (view_.starts_round(e))
                  row.constant += p;
                expand(t, p, Rational(0), Constant::None, row);
              });
    const Rational expected_rounds = initial_value(rounds);
    out.expected_rounds = static_cast<double>(expected_rounds);
    out.expected_rounds_exact = expected_rounds.str();
  }

  // 3. Within r rounds: the cut states' values x_r from x_(r-1); an edge that starts a round
  // leads to x_(r-1) (to 0 when r = 0). Unknowns: the cut states that can reach, without
  // starting a round, the goal or a round's start; the others are 1 (goal) or 0.
  void within_rounds(unsigned rounds_report, Probabilities &out) {
    const std::vector<std::uint8_t> reach = within_round_unknowns(context_);
    std::vector<std::uint8_t> unknown(cut_.size());
    std::vector<Rational> known(cut_.size());
    for (std::size_t k = 0; k < cut_.size(); ++k) {
      unknown[k] = reach[cut_[k]];
      known[k] = goal_[cut_[k]] ? 1 : 0;
    }
    std::vector<Rational> previous(cut_.size());
    std::vector<double> within;
    std::vector<std::string> within_exact;
    for (unsigned r = 0; r <= rounds_report; ++r) {
      const auto current =
          solve(unknown, known, true,
                [&](std::uint64_t e, std::uint32_t t, const Rational &p, Affine &row) {
                  if (!view_.starts_round(e))
                    expand(t, p, Rational(1), Constant::Goal, row);
                  else if (r > 0)
                    row.constant += p * value_of(t, previous);
                });
      if (r > 0) {
        const Rational value = initial_value(current);
        within.push_back(static_cast<double>(value));
        within_exact.push_back(value.str());
      }
      previous = current;
    }
    out.within_rounds = std::move(within);
    out.within_rounds_exact = std::move(within_exact);
  }

private:
  // Rational multiply-adds count against the exact budget, and every value against its size.
  void count(std::uint64_t operations) {
    view_.poll();
    work_ += operations;
    if (work_ > limits_.exact_work)
      throw ExactLimitReached{};
  }

  // Adds weight * (t's value) to `into`: at_goal on goal states, x_k on cut state k, and inside
  // a round what the round solve found (the goal probability or the steps as constant, then the
  // first cut state met); nothing on states that reach neither the goal nor a cut state.
  void expand(std::uint32_t t, const Rational &weight, const Rational &at_goal, Constant constant,
              Affine &into) {
    if (goal_[t]) {
      into.constant += weight * at_goal;
    } else if (index_[t] != NoIndex) {
      into.coefficient[index_[t]] += weight;
    } else if (const auto found = passages_.find(t); found != passages_.end()) {
      const Passage &passage = found->second;
      if (constant == Constant::Goal)
        into.constant += weight * passage.goal;
      else if (constant == Constant::Steps)
        into.constant += weight * passage.steps;
      for (std::size_t k = 0; k < cut_.size(); ++k)
        if (passage.cut[k] != 0)
          into.coefficient[k] += weight * passage.cut[k];
      count(cut_.size() + 1);
    } else {
      into.traps = true;
    }
  }

  // t's value (probability of the goal) when every cut state's value is known.
  Rational value_of(std::uint32_t t, const std::vector<Rational> &x) {
    if (goal_[t])
      return 1;
    if (index_[t] != NoIndex)
      return x[index_[t]];
    const auto found = passages_.find(t);
    if (found == passages_.end())
      return 0;
    Rational value = found->second.goal;
    for (std::size_t k = 0; k < cut_.size(); ++k)
      value += found->second.cut[k] * x[k];
    count(cut_.size());
    return value;
  }

  Rational initial_value(const std::vector<Rational> &x) const {
    Rational sum = 0;
    for (const auto &initial : view_.chain.initial)
      sum += fraction<Rational>(initial.numerator, initial.denominator) * x[index_[initial.rank]];
    return sum;
  }

  // The cut states' values: known ones as given, unknown ones solved from
  // x_u = sum over u's edges e of (what `edge` adds for e), by Gaussian elimination. A value
  // that depends on a known cut state's value is allowed only when `known_values_used` (else the
  // known values are the goal's, and anything else means the cut does not apply); so is a
  // successor that reaches neither the goal nor a cut state.
  template <class Edge>
  std::vector<Rational> solve(const std::vector<std::uint8_t> &unknown,
                              const std::vector<Rational> &known, bool known_values_used,
                              Edge &&edge) {
    const std::size_t cut = cut_.size();
    std::vector<std::size_t> position(cut, NoIndex);
    std::vector<std::size_t> order;
    for (std::size_t k = 0; k < cut; ++k)
      if (unknown[k]) {
        position[k] = order.size();
        order.push_back(k);
      }
    const std::size_t size = order.size();
    std::vector<std::vector<Rational>> matrix(size, std::vector<Rational>(size)); // I - M
    std::vector<Rational> rhs(size);
    for (std::size_t i = 0; i < size; ++i) {
      const std::uint32_t u = cut_[order[i]];
      Affine row{Rational(0), std::vector<Rational>(cut), false};
      for (std::uint64_t e = view_.begin(u); e < view_.end(u); ++e)
        edge(e, view_.target(e),
             fraction<Rational>(view_.chain.numerators[e], view_.chain.denominators[e]), row);
      if (row.traps && !known_values_used)
        throw PartNotCut{};
      matrix[i][i] = 1;
      rhs[i] = row.constant;
      for (std::size_t k = 0; k < cut; ++k) {
        if (row.coefficient[k] == 0)
          continue;
        if (unknown[k])
          matrix[i][position[k]] -= row.coefficient[k];
        else if (known_values_used || goal_[cut_[k]])
          rhs[i] += row.coefficient[k] * known[k];
        else
          throw PartNotCut{};
      }
      count(cut + 1);
    }
    const std::vector<Rational> solved = eliminate(std::move(matrix), std::move(rhs));
    std::vector<Rational> x = known;
    for (std::size_t i = 0; i < size; ++i)
      x[order[i]] = solved[i];
    for (const Rational &value : x)
      check_exact_size(value, limits_);
    return x;
  }

  // Solves matrix * x = rhs exactly (Gaussian elimination, the first non-zero pivot).
  std::vector<Rational> eliminate(std::vector<std::vector<Rational>> matrix,
                                  std::vector<Rational> rhs) {
    const std::size_t size = rhs.size();
    for (std::size_t column = 0; column < size; ++column) {
      std::size_t pivot = column;
      while (pivot < size && matrix[pivot][column] == 0)
        ++pivot;
      if (pivot == size)
        throw PartNotCut{}; // singular: some cut states never leave each other
      std::swap(matrix[pivot], matrix[column]);
      std::swap(rhs[pivot], rhs[column]);
      for (std::size_t row = column + 1; row < size; ++row) {
        if (matrix[row][column] == 0)
          continue;
        const Rational factor = matrix[row][column] / matrix[column][column];
        for (std::size_t j = column; j < size; ++j)
          matrix[row][j] -= factor * matrix[column][j];
        rhs[row] -= factor * rhs[column];
        count(size - column + 1);
      }
    }
    std::vector<Rational> x(size);
    for (std::size_t row = size; row-- > 0;) {
      Rational value = rhs[row];
      for (std::size_t j = row + 1; j < size; ++j)
        value -= matrix[row][j] * x[j];
      x[row] = value / matrix[row][row];
      count(size - row);
    }
    return x;
  }

  const Context &context_;
  const ChainView &view_;
  const std::vector<std::uint8_t> &goal_;
  const Qualitative &q_;
  const MarkovLimits &limits_;
  const Predecessors &reverse_;
  std::vector<std::uint32_t> cut_;   // the cut states, in increasing rank
  std::vector<std::uint32_t> index_; // per state: its place in cut_, or NoIndex
  std::unordered_map<std::uint32_t, Passage> passages_;
  std::uint64_t work_ = 0;
};

} // namespace

CutParts analyze_cut_at_rounds(const Context &context, unsigned rounds_report,
                               ReachabilityAnalysis &analysis) {
  CutParts parts;
  CutAnalysis cut(context);
  if (!cut.find_cut())
    return parts;
  try {
    cut.solve_rounds();
  } catch (const NotDyadic &) {
    return parts;
  } catch (const ExactLimitReached &) {
    return parts;
  }
  parts.cut_states = cut.cut_states();
  // Each part on its own: one that passes the exact limits is left to the whole chain, as the
  // others' results stand.
  const auto attempt = [](auto &&part) {
    try {
      part();
      return true;
    } catch (const PartNotCut &) {
    } catch (const ExactLimitReached &) {
    }
    return false;
  };
  ReachabilityAnalysis probability = analysis;
  parts.probability = attempt([&] { cut.probability(probability); });
  if (parts.probability)
    analysis = std::move(probability);
  if (analysis.almost_sure) {
    Probabilities numbers = analysis.numbers;
    parts.expectations = attempt([&] { cut.expectations(numbers); });
    if (parts.expectations)
      analysis.numbers = std::move(numbers);
  }
  if (context.view.marks_rounds() && rounds_report > 0) {
    Probabilities numbers = analysis.numbers;
    parts.within_rounds = attempt([&] { cut.within_rounds(rounds_report, numbers); });
    if (parts.within_rounds)
      analysis.numbers = std::move(numbers);
  }
  return parts;
}

} // namespace protocheck::markov_internal
