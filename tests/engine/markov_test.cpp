// Probabilities on small Markov chains whose answers are known by hand: exact rationals, the
// long double fallback with its error bound, rounds, and models that are not Markov chains.
#include "checker/dyadic.hpp"
#include "checker/report/json.hpp"
#include "checker/report/text.hpp"
#include <protocheck/engine/check.hpp>
#include <protocheck/engine/markov.hpp>

#include <catch2/catch.hpp>

#include <cmath>

using namespace protocheck;

namespace {

CheckOptions threads(unsigned count) {
  CheckOptions options;
  options.threads = count;
  return options;
}

// A fair coin is flipped until it shows heads; every flip starts a round. Executions that flip
// tails forever exist (a self-loop) but have probability 0.
struct CoinUntilHeads {
  struct State {
    std::uint8_t heads = 0;
  };
  struct Config {};
  static void parameters(Parameters<Config> &) {}
  explicit CoinUntilHeads(const Config &) {}
  std::vector<std::string> process_names() const { return {"coin"}; }
  template <class Emit> void initial(Emit &&emit) const { emit(local(0, 0), State{}); }
  template <class Emit> void successors(const State &state, Emit &&emit) const {
    if (state.heads)
      return;
    emit(with_probability(local(0, 1, 0), 1, 2), State{0});
    emit(with_probability(local(0, 1, 1), 1, 2), State{1});
  }
  bool starts_round(const Event &) const { return true; }
  unsigned rounds_report() const { return 3; }
  std::vector<Property<State>> properties() const {
    return {eventually<State>("heads", "the coin eventually shows heads",
                              [](const State &state) { return state.heads == 1; })};
  }
  StateView describe(const State &state) const {
    return {{"coin", state.heads ? "heads" : "tails"}};
  }
  std::string describe(const Event &event) const { return event.value ? "heads" : "tails"; }
};

// Gambler's ruin: a fair coin moves a token on 0..3 from 1; 0 and 3 are absorbing. The token
// reaches 3 with probability 1/3 and is ruined at 0 otherwise.
struct GamblersRuin {
  struct State {
    std::uint8_t position = 1;
  };
  struct Config {};
  static void parameters(Parameters<Config> &) {}
  explicit GamblersRuin(const Config &) {}
  std::vector<std::string> process_names() const { return {"gambler"}; }
  template <class Emit> void initial(Emit &&emit) const { emit(local(0, 0), State{}); }
  template <class Emit> void successors(const State &state, Emit &&emit) const {
    if (state.position == 0 || state.position == 3)
      return;
    emit(with_probability(local(0, 1, 0), 1, 2),
         State{static_cast<std::uint8_t>(state.position - 1)});
    emit(with_probability(local(0, 1, 1), 1, 2),
         State{static_cast<std::uint8_t>(state.position + 1)});
  }
  std::vector<Property<State>> properties() const {
    return {eventually<State>(
        "rich", "the gambler eventually holds 3",
        [](const State &state) { return state.position == 3; },
        [](const State &state) { return "the gambler holds " + std::to_string(state.position); })};
  }
  StateView describe(const State &state) const {
    return {{"position", std::to_string(state.position)}};
  }
  std::string describe(const Event &event) const { return event.value ? "win" : "lose"; }
};

// The initial state is drawn: 1/4 starts at the goal, 3/4 must first flip a coin that succeeds
// with probability 2/3 (else it tries again).
struct DrawnStart {
  struct State {
    std::uint8_t done = 0;
  };
  struct Config {};
  static void parameters(Parameters<Config> &) {}
  explicit DrawnStart(const Config &) {}
  std::vector<std::string> process_names() const { return {"p"}; }
  template <class Emit> void initial(Emit &&emit) const {
    emit(with_probability(local(0, 0, 1), 1, 4), State{1});
    emit(with_probability(local(0, 0, 0), 3, 4), State{0});
  }
  template <class Emit> void successors(const State &state, Emit &&emit) const {
    if (state.done)
      return;
    emit(with_probability(local(0, 1, 1), 2, 3), State{1});
    emit(with_probability(local(0, 1, 0), 1, 3), State{0});
  }
  std::vector<Property<State>> properties() const {
    return {
        eventually<State>("done", "eventually done", [](const State &s) { return s.done == 1; })};
  }
  StateView describe(const State &state) const { return {{"done", std::to_string(state.done)}}; }
  std::string describe(const Event &) const { return "try"; }
};

// A coin whose tails side is replaced by a choice: `Mix` = 0 offers the coin and, besides it,
// a step without probability (nondeterminism); `Mix` = 1 gives probabilities 1/2 and 1/3.
template <int Mix> struct NotAChain {
  struct State {
    std::uint8_t heads = 0;
  };
  struct Config {};
  static void parameters(Parameters<Config> &) {}
  explicit NotAChain(const Config &) {}
  std::vector<std::string> process_names() const { return {"coin"}; }
  template <class Emit> void initial(Emit &&emit) const { emit(local(0, 0), State{}); }
  template <class Emit> void successors(const State &state, Emit &&emit) const {
    if (state.heads)
      return;
    if (Mix == 0) {
      emit(with_probability(local(0, 1, 1), 1, 2), State{1});
      emit(with_probability(local(0, 1, 0), 1, 2), State{0});
      emit(local(0, 2, 0), State{0});
    } else {
      emit(with_probability(local(0, 1, 1), 1, 2), State{1});
      emit(with_probability(local(0, 1, 0), 1, 3), State{0});
    }
  }
  std::vector<Property<State>> properties() const {
    return {eventually<State>("heads", "eventually heads",
                              [](const State &s) { return s.heads == 1; })};
  }
  StateView describe(const State &state) const { return {{"heads", std::to_string(state.heads)}}; }
  std::string describe(const Event &event) const {
    return event.message == 2 ? "stall" : event.value ? "heads" : "tails";
  }
};

// CoinUntilHeads with its events stripped of probabilities: an ordinary nondeterministic model,
// whose "eventually heads" is violated by the tails loop.
struct CoinWithoutChance {
  struct State {
    std::uint8_t heads = 0;
  };
  struct Config {};
  static void parameters(Parameters<Config> &) {}
  explicit CoinWithoutChance(const Config &) {}
  std::vector<std::string> process_names() const { return {"coin"}; }
  template <class Emit> void initial(Emit &&emit) const { emit(local(0, 0), State{}); }
  template <class Emit> void successors(const State &state, Emit &&emit) const {
    if (state.heads)
      return;
    emit(local(0, 1, 0), State{0});
    emit(local(0, 1, 1), State{1});
  }
  std::vector<Property<State>> properties() const {
    return {eventually<State>("heads", "eventually heads",
                              [](const State &s) { return s.heads == 1; })};
  }
  StateView describe(const State &) const { return {}; }
  std::string describe(const Event &) const { return "flip"; }
};

// A symmetric random walk on 0..length, absorbed at both ends, built directly as a chain:
// from i the expected time to absorption is i * (length - i), and it ends at `length` with
// probability i / length.
struct Walk {
  StateGraph graph;
  MarkovChain chain;
};
Walk random_walk(std::uint32_t length, std::uint32_t start) {
  std::vector<std::uint64_t> offsets{0};
  std::vector<std::uint32_t> targets;
  MarkovChain chain;
  for (std::uint32_t i = 0; i <= length; ++i) {
    if (i != 0 && i != length) {
      targets.push_back(i - 1);
      targets.push_back(i + 1);
      for (int side = 0; side < 2; ++side) {
        chain.numerators.push_back(1);
        chain.denominators.push_back(2);
      }
    }
    offsets.push_back(targets.size());
  }
  const std::size_t edges = targets.size();
  chain.initial.push_back({start, 1, 1});
  return {build_state_graph(std::move(offsets), std::move(targets),
                            std::vector<std::uint8_t>(edges, NoFairnessGroup)),
          std::move(chain)};
}

} // namespace

TEST_CASE("a fair coin until heads: probability 1, 2 expected steps and rounds, though tails "
          "forever is a cycle") {
  for (const unsigned t : {1u, 2u}) {
    const CheckReport report = check<CoinUntilHeads>({}, threads(t));
    const PropertyResult &heads = property(report, "heads");
    CHECK(heads.verdict == Verdict::Holds);
    CHECK_FALSE(heads.trace);
    REQUIRE(heads.probabilities);
    const Probabilities &numbers = *heads.probabilities;
    CHECK(numbers.markov_chain);
    CHECK(numbers.probability == 1.0);
    CHECK(numbers.probability_exact == "1");
    CHECK(numbers.expected_steps_exact == "2");
    CHECK(numbers.expected_rounds_exact == "2");
    CHECK(numbers.expected_steps == 2.0);
    CHECK(numbers.within_rounds_exact == std::vector<std::string>{"1/2", "3/4", "7/8"});
    CHECK(numbers.probability_error == 0);
    CHECK(numbers.note.find("probability 0") != std::string::npos);
    CHECK(report.outcome == Outcome::Holds);
    CHECK(report.stats.states == 2);
  }
}

TEST_CASE("gambler's ruin: probability 1/3, violated with the shortest ruin as the trace") {
  for (const unsigned t : {1u, 2u}) {
    const CheckReport report = check<GamblersRuin>({}, threads(t));
    const PropertyResult &rich = property(report, "rich");
    CHECK(rich.verdict == Verdict::Violated);
    REQUIRE(rich.probabilities);
    CHECK(rich.probabilities->probability_exact == "1/3");
    CHECK(rich.probabilities->probability == Approx(1.0 / 3));
    CHECK_FALSE(rich.probabilities->expected_steps);
    CHECK(rich.probabilities->expected_steps_exact.empty());
    REQUIRE(rich.trace);
    REQUIRE(rich.trace->steps.size() == 1);
    CHECK(rich.trace->steps[0].action == "lose");
    CHECK_FALSE(rich.trace->loop_start);
    CHECK(rich.explanation.find("with probability 2/3 it is never reached") == 0);
    CHECK(rich.explanation.find("the gambler holds 0") != std::string::npos);
    CHECK(report.outcome == Outcome::Violated);
  }
}

TEST_CASE("an initial distribution weighs each start: 1/4 * 0 + 3/4 * 3/2 steps") {
  const CheckReport report = check<DrawnStart>({});
  const PropertyResult &done = property(report, "done");
  CHECK(done.verdict == Verdict::Holds);
  REQUIRE(done.probabilities);
  CHECK(done.probabilities->probability_exact == "1");
  CHECK(done.probabilities->expected_steps_exact == "9/8");
  CHECK_FALSE(done.probabilities->expected_rounds); // no rounds marked
  CHECK(done.probabilities->within_rounds.empty());
}

TEST_CASE("nondeterminism mixed with probabilities: no numbers, the liveness verdict stands") {
  const CheckReport mixed = check<NotAChain<0>>({});
  const PropertyResult &heads = property(mixed, "heads");
  CHECK(heads.verdict == Verdict::Violated); // stalling forever, as for any nondeterministic model
  REQUIRE(heads.trace);
  REQUIRE(heads.probabilities);
  CHECK_FALSE(heads.probabilities->markov_chain);
  CHECK(heads.probabilities->note ==
        "probabilities are not defined: the model is not a Markov chain (in an initial state, it "
        "offers 3 choices, not all with a probability (a nondeterministic choice): heads; tails; "
        "stall [no probability])");

  const CheckReport partial = check<NotAChain<1>>({});
  REQUIRE(property(partial, "heads").probabilities);
  CHECK_FALSE(property(partial, "heads").probabilities->markov_chain);
  CHECK(property(partial, "heads").probabilities->note.find("sum to 5/6, not 1") !=
        std::string::npos);
}

TEST_CASE("models without probabilities get no probability numbers") {
  const CheckReport report = check<CoinWithoutChance>({});
  CHECK(property(report, "heads").verdict == Verdict::Violated);
  CHECK_FALSE(property(report, "heads").probabilities);
}

TEST_CASE("a random walk: exact rationals, and long double with an error bound that holds") {
  const Walk walk = random_walk(10, 3);
  std::vector<std::uint8_t> both_ends(11, 0), right_end(11, 0);
  both_ends[0] = both_ends[10] = 1;
  right_end[10] = 1;

  const auto exact_ends = analyze_reachability(walk.graph, walk.chain, both_ends, 0);
  CHECK(exact_ends.almost_sure);
  CHECK(exact_ends.numbers.expected_steps_exact == "21");
  const auto exact_right = analyze_reachability(walk.graph, walk.chain, right_end, 0);
  CHECK_FALSE(exact_right.almost_sure);
  CHECK(exact_right.numbers.probability_exact == "3/10");
  CHECK(exact_right.failure_ordinals == std::vector<std::uint32_t>{0, 0, 0}); // 3 -> 2 -> 1 -> 0
  CHECK(exact_right.failure_rank == 0);

  for (const bool iterate : {false, true}) {
    MarkovLimits limits;
    limits.exact_work = 0; // no exact arithmetic at all
    if (iterate)
      limits.elimination_work = 0; // and no elimination: Gauss-Seidel
    const auto ends = analyze_reachability(walk.graph, walk.chain, both_ends, 0, limits);
    CHECK(ends.numbers.expected_steps_exact.empty());
    REQUIRE(ends.numbers.expected_steps);
    CHECK(ends.numbers.expected_error > 0);
    CHECK(ends.numbers.expected_error < 1e-9);
    CHECK(std::fabs(*ends.numbers.expected_steps - 21) <= ends.numbers.expected_error + 1e-15);
    CHECK(ends.numbers.method.find(iterate ? "Gauss-Seidel" : "elimination") != std::string::npos);

    const auto right = analyze_reachability(walk.graph, walk.chain, right_end, 0, limits);
    CHECK(right.numbers.probability_exact.empty());
    CHECK(right.numbers.probability_error > 0);
    CHECK(right.numbers.probability_error < 1e-9);
    CHECK(std::fabs(right.numbers.probability - 0.3) <= right.numbers.probability_error + 1e-16);
  }
}

TEST_CASE("an event's probability must be above 0 and at most 1") {
  CHECK_THROWS_AS(with_probability(local(0, 1), 0, 2), std::invalid_argument);
  CHECK_THROWS_AS(with_probability(local(0, 1), 3, 2), std::invalid_argument);
  const Event half = with_probability(local(0, 1), 1, 2);
  CHECK(half.has_probability());
  CHECK_FALSE(local(0, 1).has_probability());
  CHECK_FALSE(half == local(0, 1)); // the same step with another probability is another event
}

TEST_CASE("JSON and text reports carry the numbers, exact values and the bound") {
  const CheckReport coin = check<CoinUntilHeads>({});
  const Json json = to_json(coin);
  const Json &heads = json["properties"][0];
  CHECK(heads["status"] == "holds");
  CHECK(heads["markov_chain"] == true);
  CHECK(heads["probability"] == 1.0);
  CHECK(heads["probability_exact"] == "1");
  CHECK(heads["expected_steps"] == 2.0);
  CHECK(heads["expected_steps_exact"] == "2");
  CHECK(heads["expected_rounds"] == 2.0);
  CHECK(heads["within_rounds"][2]["rounds"] == 3);
  CHECK(heads["within_rounds"][2]["probability"] == 0.875);
  CHECK(heads["within_rounds"][2]["exact"] == "7/8");
  CHECK(heads["probability_error"] == 0.0);
  const std::string text = render_text_report(coin);
  CHECK(text.find("holds with probability 1") != std::string::npos);
  CHECK(text.find("probability 1; expected steps 2; expected rounds 2") != std::string::npos);
  CHECK(text.find("within r rounds: 1: 0.5, 2: 0.75, 3: 0.875") != std::string::npos);

  const CheckReport mixed = check<NotAChain<0>>({});
  const Json mixed_json = to_json(mixed);
  const Json &stalls = mixed_json["properties"][0];
  CHECK(stalls["markov_chain"] == false);
  CHECK_FALSE(stalls.contains("probability"));
  CHECK(render_text_report(mixed).find("probabilities are not defined") != std::string::npos);
}

TEST_CASE("each part falls back to long double on its own: exact expectations, inexact rounds") {
  Walk walk = random_walk(10, 3);
  walk.chain.starts_round.assign(walk.chain.numerators.size(), 1); // every step is a round
  std::vector<std::uint8_t> both_ends(11, 0);
  both_ends[0] = both_ends[10] = 1;
  MarkovLimits limits;
  limits.exact_bits = 16; // the expected steps (at most 25) fit; P(within r) has denominator 2^r
  const auto analysis = analyze_reachability(walk.graph, walk.chain, both_ends, 30, limits);
  CHECK(analysis.numbers.expected_steps_exact == "21");
  CHECK(analysis.numbers.expected_rounds_exact == "21");
  CHECK(analysis.numbers.within_rounds_exact.empty());
  REQUIRE(analysis.numbers.within_rounds.size() == 30);
  // Within 3 steps from 3 the walk ends only by 3 -> 2 -> 1 -> 0: probability 1/8.
  CHECK(std::fabs(analysis.numbers.within_rounds[2] - 0.125) <=
        analysis.numbers.probability_error + 1e-16);
  CHECK(analysis.numbers.probability_error > 0);
  CHECK(analysis.numbers.probability_error < 1e-12);
  CHECK(analysis.numbers.expected_error == 0);
  CHECK(analysis.numbers.method.find("exact rationals for the probability, the expectations; long "
                                     "double for the round probabilities") == 0);
}

TEST_CASE(
    "binary fractions are exact or refuse: sums, products, quotients, and what does not fit") {
  using markov_internal::Dyadic;
  using markov_internal::NotDyadic;
  const Dyadic sixteenth = Dyadic::fraction(1, 16), three_sixteenths = Dyadic::fraction(3, 16);
  CHECK((sixteenth + three_sixteenths).rational().str() == "1/4");
  CHECK((sixteenth + three_sixteenths) == Dyadic::fraction(4, 16));
  CHECK((Dyadic::fraction(1, 2) * Dyadic::fraction(1, 2)).rational().str() == "1/4");
  CHECK((three_sixteenths - three_sixteenths) == Dyadic(0));
  CHECK((Dyadic(1) - Dyadic::fraction(5, 8)).rational().str() == "3/8");
  CHECK((Dyadic(0) - Dyadic::fraction(5, 8)).rational().str() == "-5/8");
  CHECK((Dyadic::fraction(3, 8) / Dyadic(3)).rational().str() == "1/8");
  CHECK((Dyadic(6) / Dyadic::fraction(1, 4)).rational().str() == "24");
  CHECK(Dyadic::fraction(6, 12) == Dyadic::fraction(1, 2));
  CHECK(static_cast<double>(Dyadic::fraction(5, 32)) == 5.0 / 32);
  // Not binary fractions: refused, never rounded.
  CHECK_THROWS_AS(Dyadic::fraction(1, 3), NotDyadic);
  CHECK_THROWS_AS(Dyadic::fraction(2, 6), NotDyadic);
  CHECK_THROWS_AS(Dyadic(1) / Dyadic(3), NotDyadic);
  // Too many significant bits for 64: refused.
  Dyadic big = Dyadic(1);
  for (int i = 0; i < 62; ++i)
    big = big * Dyadic(2);            // 2^62: one significant bit
  CHECK_NOTHROW(big * big * big);     // 2^186, still one bit
  const Dyadic odd = big + Dyadic(1); // 2^62 + 1: 63 bits
  CHECK(odd.rational().str() == "4611686018427387905");
  CHECK_THROWS_AS(odd * Dyadic(3), NotDyadic); // 64 bits and more
  CHECK_THROWS_AS(odd * odd, NotDyadic);
  const Dyadic tiny = Dyadic::fraction(1, std::uint64_t{1} << 62) * Dyadic::fraction(1, 1024);
  CHECK(tiny * big == Dyadic::fraction(1, 1024));
  CHECK_THROWS_AS(Dyadic(1) + tiny, NotDyadic); // 1 + 2^-72: 73 significant bits
}

namespace {

// A chain of `size` states drawn from `seed`: every state has one to three successors with
// binary-fraction probabilities (or thirds, when `thirds`), some edges start rounds, some states
// are goals, and one or two states start.
struct DrawnChain {
  StateGraph graph;
  MarkovChain chain;
  std::vector<std::uint8_t> goal;
};
DrawnChain drawn_chain(std::uint32_t size, std::uint32_t seed, bool thirds) {
  std::uint64_t random = seed * 6364136223846793005ULL + 1442695040888963407ULL;
  const auto next = [&](std::uint32_t bound) {
    random = random * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::uint32_t>((random >> 33) % bound);
  };
  std::vector<std::uint64_t> offsets{0};
  std::vector<std::uint32_t> targets;
  MarkovChain chain;
  DrawnChain drawn;
  drawn.goal.assign(size, 0);
  for (std::uint32_t s = 0; s < size; ++s) {
    drawn.goal[s] = next(8) == 0;
    const std::uint32_t degree = 1 + next(3);
    const std::vector<std::pair<int, int>> split =
        degree == 1   ? std::vector<std::pair<int, int>>{{1, 1}}
        : degree == 2 ? std::vector<std::pair<int, int>>{{1, 2}, {1, 2}}
        : thirds      ? std::vector<std::pair<int, int>>{{1, 3}, {1, 3}, {1, 3}}
                      : std::vector<std::pair<int, int>>{{1, 2}, {1, 4}, {1, 4}};
    for (const auto &[numerator, denominator] : split) {
      // Mostly forward, sometimes back (cycles), and back to state 0 (a new round) often.
      const std::uint32_t roll = next(10);
      const std::uint32_t target = roll < 2   ? 0
                                   : roll < 4 ? next(size)
                                              : std::min(size - 1, s + 1 + next(3));
      targets.push_back(target);
      chain.numerators.push_back(static_cast<std::uint16_t>(numerator));
      chain.denominators.push_back(static_cast<std::uint16_t>(denominator));
      chain.starts_round.push_back(s == 0 || next(12) == 0 ? 1 : 0);
    }
    offsets.push_back(targets.size());
  }
  drawn.goal[size - 1] = 1;
  chain.initial.push_back({0, 1, 2});
  chain.initial.push_back({next(size), 1, 2});
  const std::size_t edges = targets.size();
  drawn.graph = build_state_graph(std::move(offsets), std::move(targets),
                                  std::vector<std::uint8_t>(edges, NoFairnessGroup));
  drawn.chain = std::move(chain);
  return drawn;
}

} // namespace

TEST_CASE("the chain cut at its round starts gives exactly the whole chain's numbers") {
  int cut_used = 0;
  for (std::uint32_t seed = 0; seed < 300; ++seed) {
    const bool thirds = seed % 5 == 4;
    const DrawnChain drawn = drawn_chain(8 + seed % 40, seed, thirds);
    MarkovLimits whole;
    whole.cut_at_rounds = false;
    const auto reference = analyze_reachability(drawn.graph, drawn.chain, drawn.goal, 4, whole);
    const auto cut = analyze_reachability(drawn.graph, drawn.chain, drawn.goal, 4);
    INFO("seed " << seed << ": " << cut.numbers.method);
    REQUIRE_FALSE(reference.numbers.probability_exact.empty());
    CHECK(cut.almost_sure == reference.almost_sure);
    CHECK(cut.numbers.probability_exact == reference.numbers.probability_exact);
    CHECK(cut.miss_probability == reference.miss_probability);
    CHECK(cut.numbers.expected_steps_exact == reference.numbers.expected_steps_exact);
    CHECK(cut.numbers.expected_rounds_exact == reference.numbers.expected_rounds_exact);
    CHECK(cut.numbers.within_rounds_exact == reference.numbers.within_rounds_exact);
    CHECK(cut.failure_ordinals == reference.failure_ordinals);
    cut_used += cut.numbers.method.find("cut at") != std::string::npos ? 1 : 0;
  }
  // Both ways are exercised: a cycle inside a round, or a third there, leaves the chain whole.
  CHECK(cut_used >= 100);
  CHECK(cut_used < 300);
}

TEST_CASE("the cut leaves what it cannot do exactly to the whole chain") {
  Walk walk = random_walk(10, 3);
  walk.chain.starts_round.assign(walk.chain.numerators.size(), 1);
  std::vector<std::uint8_t> both_ends(11, 0);
  both_ends[0] = both_ends[10] = 1;
  // No exact arithmetic allowed: only the probability 1, which needs none, is exact.
  MarkovLimits none;
  none.exact_work = 0;
  const auto inexact = analyze_reachability(walk.graph, walk.chain, both_ends, 3, none);
  CHECK(inexact.numbers.probability_exact == "1");
  CHECK(inexact.numbers.expected_steps_exact.empty());
  CHECK(inexact.numbers.within_rounds_exact.empty());
  CHECK(inexact.numbers.method.find("; the probability on the chain cut at the 9 states") !=
        std::string::npos);
  // Every state but the ends starts a round: 9 cut states, all answered on the cut.
  const auto exact = analyze_reachability(walk.graph, walk.chain, both_ends, 3);
  CHECK(exact.numbers.expected_steps_exact == "21");
  CHECK(exact.numbers.within_rounds_exact == std::vector<std::string>{"0", "0", "1/8"});
  CHECK(exact.numbers.method.find("the probability, the expectations, the round probabilities on "
                                  "the chain cut at the 9 states where rounds start") !=
        std::string::npos);
}
