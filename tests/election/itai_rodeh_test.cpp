// Itai-Rodeh: the checker's exact probabilities on the explored chain, against closed forms
// computed here independently (a round succeeds with probability count / K^n; rounds are
// independent, so the number of rounds is geometric).
#include "tests/engine/same_report.hpp"
#include <protocheck/engine/check.hpp>
#include <protocheck/models/builtin_models_engine.hpp>
#include <protocheck/models/election/itai_rodeh.hpp>

#include <boost/multiprecision/cpp_int.hpp>
#include <catch2/catch.hpp>

#include <functional>

using namespace protocheck;
using boost::multiprecision::cpp_int;
using boost::multiprecision::cpp_rational;
using election::ItaiRodeh;

namespace {

CheckOptions threads(unsigned count) {
  CheckOptions options;
  options.threads = count;
  return options;
}

cpp_int power(cpp_int base, unsigned exponent) {
  cpp_int result = 1;
  while (exponent-- > 0)
    result *= base;
  return result;
}

cpp_int binomial(unsigned n, unsigned k) {
  cpp_int result = 1;
  for (unsigned i = 1; i <= k; ++i)
    result = result * (n - k + i) / i;
  return result;
}

// Sequences of n draws from 1..k in which a round elects someone.
cpp_int successful_draws(unsigned n, unsigned k, bool max_unique) {
  if (!max_unique) { // the maximum m is drawn once, at one of n places; the others draw below m
    cpp_int count = 0;
    for (unsigned m = 1; m <= k; ++m)
      count += n * power(m - 1, n - 1);
    return count;
  }
  // Inclusion-exclusion over the set S of values drawn exactly once: sequences with no unique
  // value = sum over j of (-1)^j C(k, j) n!/(n-j)! (k-j)^(n-j).
  cpp_int none_unique = 0;
  for (unsigned j = 0; j <= n && j <= k; ++j) {
    cpp_int placements = 1;
    for (unsigned i = 0; i < j; ++i)
      placements *= n - i;
    const cpp_int term = binomial(k, j) * placements * power(k - j, n - j);
    none_unique += (j % 2 == 0) ? term : cpp_int(-term);
  }
  return power(k, n) - none_unique;
}

// Multisets of n draws from 1..k that elect someone, by enumerating them (for the state count).
unsigned winning_multisets(unsigned n, unsigned k, bool max_unique) {
  unsigned winners = 0;
  std::vector<unsigned> counts(k + 1, 0);
  std::function<void(unsigned, unsigned)> place = [&](unsigned value, unsigned left) {
    if (value > k) {
      if (left > 0)
        return;
      unsigned largest = 0, largest_unique = 0;
      for (unsigned v = 1; v <= k; ++v) {
        largest = counts[v] > 0 ? v : largest;
        largest_unique = counts[v] == 1 ? v : largest_unique;
      }
      winners += max_unique ? largest_unique != 0 : counts[largest] == 1;
      return;
    }
    for (unsigned c = 0; c <= left; ++c) {
      counts[value] = c;
      place(value + 1, left - c);
    }
    counts[value] = 0;
  };
  place(1, n);
  return winners;
}

std::string text(const cpp_rational &value) { return value.str(); }

std::map<std::string, std::string> params(unsigned n, unsigned k, bool max_unique,
                                          unsigned rounds = 3) {
  return {{"n", std::to_string(n)},
          {"k", std::to_string(k)},
          {"rule", max_unique ? "max-unique" : "unique-max"},
          {"rounds-report", std::to_string(rounds)}};
}

} // namespace

TEST_CASE("the slide's instance n = 4, K = 16: 2048/2025 = 1.0114 expected rounds (max-unique)") {
  for (const unsigned t : {1u, 2u}) {
    const CheckReport report = check<ItaiRodeh>(params(4, 16, true), threads(t));
    const PropertyResult &elected = property(report, "elected");
    CHECK(elected.verdict == Verdict::Holds);
    REQUIRE(elected.probabilities);
    const Probabilities &numbers = *elected.probabilities;
    CHECK(numbers.probability_exact == "1");
    CHECK(numbers.expected_rounds_exact == "2048/2025"); // 65536 / 64800
    CHECK(numbers.expected_rounds.value() == Approx(1.011358).epsilon(1e-6));
    CHECK(numbers.expected_steps_exact == "16384/2025"); // 8 steps per round
    CHECK(numbers.within_rounds_exact ==
          std::vector<std::string>{"2025/2048", "4193775/4194304", "8589922425/8589934592"});
    CHECK(numbers.note.find("probability 0") != std::string::npos); // failing forever is a cycle
    // Every round restarts from the initial state: the chain is solved cut there, exactly.
    CHECK(numbers.method.find("the probability, the expectations, the round probabilities on the "
                              "chain cut at the 1 state where rounds start") != std::string::npos);
    CHECK(property(report, "unique-leader").verdict == Verdict::Holds);
    CHECK(property(report, "repeat").verdict == Verdict::Holds);
    CHECK(report.outcome == Outcome::Holds);
    // States: C(20, 4) multisets of at most 4 draws, 3 hop states per full multiset (C(19, 4)),
    // and one elected state per full multiset with a unique id.
    CHECK(report.stats.states == 4845 + 3 * 3876 + winning_multisets(4, 16, true));
    CHECK(report.stats.depth == 8);
  }
  // The other rule needs the maximum itself to be unique: 65536 / 57600 = 256/225 = 1.138.
  const CheckReport unique_max = check<ItaiRodeh>(params(4, 16, false));
  REQUIRE(property(unique_max, "elected").probabilities);
  CHECK(property(unique_max, "elected").probabilities->expected_rounds_exact == "256/225");
}

TEST_CASE("probabilities per round and expected rounds match the closed form on a grid") {
  for (const bool max_unique : {true, false})
    for (unsigned n = 3; n <= 6; ++n)
      for (const unsigned k : {2u, 3u, 5u, 8u}) {
        INFO("n = " << n << ", K = " << k << (max_unique ? ", max-unique" : ", unique-max"));
        const CheckReport report = check<ItaiRodeh>(params(n, k, max_unique));
        const PropertyResult &elected = property(report, "elected");
        REQUIRE(elected.probabilities);
        const Probabilities &numbers = *elected.probabilities;
        const cpp_int all = power(k, n);
        const cpp_int good = successful_draws(n, k, max_unique);
        const cpp_rational success(good, all);
        CHECK(elected.verdict == Verdict::Holds);
        CHECK(numbers.probability_exact == "1");
        CHECK(numbers.expected_rounds_exact == text(1 / success));
        CHECK(numbers.expected_steps_exact == text(cpp_rational(2 * n) / success));
        REQUIRE(numbers.within_rounds_exact.size() == 3);
        for (unsigned r = 1; r <= 3; ++r) {
          cpp_rational miss = 1;
          for (unsigned i = 0; i < r; ++i)
            miss *= 1 - success;
          CHECK(numbers.within_rounds_exact[r - 1] == text(1 - miss));
        }
        // States and transitions, counted from the multisets: draw states C(k + n, n), hop
        // states (n - 1) per full multiset, elected states; every non-full state has k draws,
        // every full one (hops included) a single successor.
        const auto full = static_cast<std::uint64_t>(binomial(k + n - 1, n));
        const auto partial = static_cast<std::uint64_t>(binomial(k + n - 1, n - 1));
        CHECK(report.stats.states == static_cast<std::uint64_t>(binomial(k + n, n)) +
                                         (n - 1) * full + winning_multisets(n, k, max_unique));
        CHECK(report.stats.transitions == k * partial + n * full);
        CHECK(property(report, "unique-leader").verdict == Verdict::Holds);
      }
}

TEST_CASE("the largest K = 16 matches the closed form too, for both rules") {
  // n = 4 under max-unique is pinned above; n = 5 and 6 at K = 16 take seconds (large chains).
  for (const auto &[n, max_unique] :
       std::vector<std::pair<unsigned, bool>>{{3, true}, {3, false}, {4, false}}) {
    INFO("n = " << n << (max_unique ? ", max-unique" : ", unique-max"));
    const CheckReport report = check<ItaiRodeh>(params(n, 16, max_unique));
    REQUIRE(property(report, "elected").probabilities);
    const Probabilities &numbers = *property(report, "elected").probabilities;
    const cpp_rational success(successful_draws(n, 16, max_unique), power(16, n));
    CHECK(numbers.expected_rounds_exact == text(1 / success));
    REQUIRE(numbers.within_rounds_exact.size() == 3);
    for (unsigned r = 1; r <= 3; ++r) {
      cpp_rational miss = 1;
      for (unsigned i = 0; i < r; ++i)
        miss *= 1 - success;
      CHECK(numbers.within_rounds_exact[r - 1] == text(1 - miss));
    }
  }
}

TEST_CASE("the same numbers and traces with 1 and 2 threads, a failed round as a witness") {
  const CheckReport one = check<ItaiRodeh>(params(5, 4, false), threads(1));
  const CheckReport two = check<ItaiRodeh>(params(5, 4, false), threads(2));
  REQUIRE(property(one, "elected").probabilities);
  REQUIRE(property(two, "elected").probabilities);
  CHECK(property(one, "elected").probabilities->expected_rounds_exact ==
        property(two, "elected").probabilities->expected_rounds_exact);
  CHECK(property(one, "elected").probabilities->within_rounds_exact ==
        property(two, "elected").probabilities->within_rounds_exact);
  CHECK(one.stats.states == two.stats.states);
  const PropertyResult &repeat = property(one, "repeat");
  REQUIRE(repeat.trace);
  // A shortest failed round: five draws, four hops; the first draws are all id 1.
  REQUIRE(repeat.trace->steps.size() == 9);
  CHECK(repeat.trace->steps[0].action == "p1 draws id 1 (probability 1/4), starting a round");
  CHECK(repeat.trace->steps[4].action == "p5 draws id 1 (probability 1/4)");
  CHECK(repeat.trace->steps[8].action == "every process forwards the id it received last (hop 4 "
                                         "of 4)");
}

TEST_CASE("bad parameters name the value and the range") {
  CHECK_THROWS_WITH(check<ItaiRodeh>({{"k", "17"}}), Catch::Contains("2..16"));
  CHECK_THROWS_AS(check<ItaiRodeh>({{"n", "9"}}), BadInput);
}

TEST_CASE("itai-rodeh, --rule binds the rule of the Config") {
  CHECK(ItaiRodeh(ItaiRodeh::Config{}).rule() == ItaiRodeh::Rule::MaxUnique);
  CHECK(make_model<ItaiRodeh>({{"rule", "unique-max"}}).rule() == ItaiRodeh::Rule::UniqueMax);
  CHECK(make_model<ItaiRodeh>({{"rule", "max-unique"}}).rule() == ItaiRodeh::Rule::MaxUnique);
  const ItaiRodeh small({.n = 3, .k = 4, .rule = ItaiRodeh::Rule::UniqueMax});
  CHECK(small.size() == 3);
  CHECK(small.ids() == 4);
  CHECK(small.rounds_report() == 5);
}

TEST_CASE("itai-rodeh: the same exact numbers with states kept tree-compressed or whole") {
  // The probabilities are computed on the explored chain, reading states back by rank.
  for (const unsigned t : {1u, 2u}) {
    INFO("threads = " << t);
    const CheckReport compressed =
        protocheck::testing::runs_with_both_storages<ItaiRodeh>(params(4, 16, true), threads(t))
            .tree;
    REQUIRE(property(compressed, "elected").probabilities);
    CHECK(property(compressed, "elected").probabilities->expected_rounds_exact == "2048/2025");
  }
}
