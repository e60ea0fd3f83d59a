// Resilience sweeps: boundary detection on hand-made grids, and `protocheck sweep` on OM, whose
// boundary n >= 3f+1 is the lecture's theorem.
#include "checker/sweep.hpp"
#include "tests/cli/run_binary.hpp"

#include <catch2/catch.hpp>

using namespace protocheck;
using namespace protocheck::testing;

namespace {

// Every (x, y) of the grid with x > y, holding exactly where `holds` says.
template <class Holds>
std::vector<Observation> grid(std::int64_t x_low, std::int64_t x_high, std::int64_t y_low,
                              std::int64_t y_high, Holds holds) {
  std::vector<Observation> observations;
  for (std::int64_t x = x_low; x <= x_high; ++x)
    for (std::int64_t y = y_low; y <= y_high; ++y)
      if (y < x)
        observations.push_back({{x, y}, holds(x, y)});
  return observations;
}

const std::vector<SweepAxis> n_and_f{{"n", 3, 7}, {"f", 0, 2}};

} // namespace

TEST_CASE("the boundary n >= a*f + b is found when the verdicts follow one") {
  const auto third =
      find_boundary(grid(3, 7, 0, 2, [](auto n, auto f) { return n >= 3 * f + 1; }), 2);
  REQUIRE(third);
  CHECK(rule_text(*third, n_and_f) == "n >= 3f+1");
  const auto plus_two =
      find_boundary(grid(3, 7, 0, 2, [](auto n, auto f) { return n >= f + 2; }), 2);
  REQUIRE(plus_two);
  CHECK(rule_text(*plus_two, n_and_f) == "n >= f+2");
  const auto twice = find_boundary(grid(2, 9, 0, 3, [](auto n, auto f) { return n >= 2 * f; }), 2);
  REQUIRE(twice);
  CHECK(rule_text(*twice, n_and_f) == "n >= 2f");
  // Holds only for even n: no rule of that form.
  CHECK_FALSE(find_boundary(grid(3, 7, 0, 2, [](auto n, auto) { return n % 2 == 0; }), 2));
}

TEST_CASE("over one axis the boundary is a threshold either way") {
  const std::vector<SweepAxis> n{{"n", 3, 9}};
  std::vector<Observation> above, below, mixed;
  for (std::int64_t value = 3; value <= 9; ++value) {
    above.push_back({{value}, value >= 5});
    below.push_back({{value}, value <= 4});
    mixed.push_back({{value}, value == 6});
  }
  const auto at_least = find_boundary(above, 1);
  REQUIRE(at_least);
  CHECK(rule_text(*at_least, n) == "n >= 5");
  const auto at_most = find_boundary(below, 1);
  REQUIRE(at_most);
  CHECK(rule_text(*at_most, n) == "n <= 4");
  CHECK_FALSE(find_boundary(mixed, 1));
}

TEST_CASE("a grid that does not pin the boundary says which other rules fit it") {
  // Over f = 0..2 with n = 3..7, only n >= 3f+1 fits OM's verdicts.
  CHECK(fitting_boundaries(grid(3, 7, 0, 2, [](auto n, auto f) { return n >= 3 * f + 1; }), 2)
            .size() == 1);
  // Two values of f fix no slope: n >= 2f+1 and n >= 3f-1 agree on f = 1 and f = 2.
  const auto two_values =
      fitting_boundaries(grid(3, 6, 1, 2, [](auto n, auto f) { return n >= 2 * f + 1; }), 2);
  REQUIRE(two_values.size() == 2);
  CHECK(rule_text(two_values[0], n_and_f) == "n >= 2f+1");
  CHECK(rule_text(two_values[1], n_and_f) == "n >= 3f-1");
  // A gap in n: the threshold is 4 or 5.
  const std::vector<SweepAxis> n{{"n", 3, 9}};
  std::vector<Observation> gap;
  for (const std::int64_t value : {3, 5, 6, 7})
    gap.push_back({{value}, value >= 5});
  const auto thresholds = fitting_boundaries(gap, 1);
  REQUIRE(thresholds.size() == 2);
  CHECK(rule_text(thresholds[0], n) == "n >= 5");
  CHECK(rule_text(thresholds[1], n) == "n >= 4");
  // Every cell holds: no boundary at all (and the search ends).
  std::vector<Observation> all_hold{{{3}, true}, {{4}, true}};
  CHECK(fitting_boundaries(all_hold, 1).size() == 1);
}

TEST_CASE("sweep naive-majority says its small grid does not pin validity's boundary") {
  const RunResult run = run_protocheck("sweep naive-majority --n 3..6 --f 1..2 --threads 1");
  CHECK(run.exit_code == 0); // a sweep reports verdicts; it fails only on bad input
  CHECK(run.out.find("validity holds exactly when n >= 2f+1 on this grid (8 decided cells, 6 "
                     "where it holds; n >= 3f-1 fits them too, and a wider grid would tell "
                     "which)") != std::string::npos);
}

TEST_CASE("sweep om prints the verdict table and the boundary n >= 3f+1") {
  const RunResult run = run_protocheck("sweep om --n 3..6 --f 0..2 --threads 2");
  CHECK(run.exit_code == 0);
  CHECK(run.err.empty()); // no progress line when stderr is not a terminal
  CHECK(run.out.find("sweep om over n = 3..6, f = 0..2") != std::string::npos);
  CHECK(run.out.find("  n  f  IC1       IC2       termination") != std::string::npos);
  CHECK(run.out.find("  3  1  holds     VIOLATED  holds") != std::string::npos);
  CHECK(run.out.find("  4  1  holds     holds     holds") != std::string::npos);
  CHECK(run.out.find("  6  2  VIOLATED  VIOLATED  holds") != std::string::npos);
  CHECK(run.out.find("boundary: IC1 and IC2 hold together exactly when n >= 3f+1 on this grid") !=
        std::string::npos);
  CHECK(run.out.find("IC2 holds exactly when n >= 3f+1 on this grid") != std::string::npos);
  CHECK(run.out.find("termination holds on every decided cell") != std::string::npos);
}

TEST_CASE("sweep shows rejected cells as n/a and cells over the limit as limit") {
  const RunResult run =
      run_protocheck("sweep om --n 2..4 --f 1..2 --cell-max-states 150 --threads 1");
  CHECK(run.exit_code == 3); // a cell hit the limit
  CHECK(run.out.find("  2  2  n/a") != std::string::npos);
  CHECK(run.out.find("n/a: the model rejects these parameters (e.g. n = 2, f = 2: f = 2") !=
        std::string::npos);
  CHECK(run.out.find("  4  1  limit") != std::string::npos);
  CHECK(run.out.find("limit: the per-cell limit stopped the run") != std::string::npos);
  CHECK(run.out.find("stopped by the per-cell limit") != std::string::npos);
  // Every cell of the grid has a row: none is dropped.
  for (const char *row : {"  2  1", "  2  2", "  3  1", "  3  2", "  4  1", "  4  2"})
    CHECK(run.out.find(row) != std::string::npos);
}

TEST_CASE("sweep --json gives model, cells (check --json objects) and the boundary") {
  const RunResult run = run_protocheck("sweep om --n 2..5 --f 1 --json --threads 2");
  CHECK(run.exit_code == 0);
  const Json json = Json::parse(run.out);
  CHECK(json["model"] == "om");
  REQUIRE(json["cells"].size() == 4);
  const Json &n2 = json["cells"][0];
  CHECK(n2["params"]["n"] == 2);
  CHECK(n2["params"]["f"] == 1);
  for (const Json &cell : json["cells"]) {
    CHECK(cell["model"] == "om");
    CHECK(cell["result"].is_string());
    CHECK(cell["properties"].is_array());
    CHECK(cell["stats"]["states"].is_number_unsigned());
  }
  CHECK(json["cells"][1]["result"] == "violated"); // n = 3, f = 1
  CHECK(json["cells"][2]["result"] == "holds");    // n = 4, f = 1
  // n = 2, f = 1 has one lieutenant: IC2 holds trivially, so no single threshold fits IC2.
  CHECK(json["boundary"] == "IC1 and termination hold on every decided cell of this grid; IC2 "
                            "follows no simple boundary of the form n >= k or n <= k");
}

TEST_CASE("sweep refuses bad grids with one line") {
  for (const char *arguments :
       {"sweep om --n 7..3 --f 1", "sweep om --n 1..4 --f 1", "sweep om --n 4 --f 1",
        "sweep om --n 3..5 --k 1..2", "sweep nosuchmodel --n 3..5"}) {
    INFO(arguments);
    const RunResult run = run_protocheck(arguments);
    CHECK(run.exit_code == 2);
    CHECK(count_lines(run.err) == 1);
    CHECK(run.out.empty());
  }
}

TEST_CASE("sweep --fingerprints gives the same verdicts and says the result is not exact") {
  const RunResult run = run_protocheck("sweep om --n 3..4 --f 1 --threads 2 --fingerprints");
  CHECK(run.exit_code == 0);
  CHECK(run.out.find("  3  holds  VIOLATED  holds") != std::string::npos);
  CHECK(run.out.find("  4  holds  holds     holds") != std::string::npos);
  // om n = 4, f = 1 has 196 states: 196^2 / 2^65 is about 1.0e-15.
  CHECK(run.out.find("fingerprint mode: not exhaustive-exact") != std::string::npos);
  CHECK(run.out.find("1e-15 in the largest") != std::string::npos);
}
