// Random simulation: findings on models whose answers are known, shrunk traces that replay, the
// same result on any number of threads, and honest counts.
#include "checker/report/simulation_text.hpp"
#include "checker/trace_file.hpp"
#include "tests/engine/synthetic_models.hpp"

#include <protocheck/engine/check.hpp>
#include <protocheck/engine/replay.hpp>
#include <protocheck/models/builtin_models_engine.hpp>
#include <protocheck/models/byzantine/oral_messages.hpp>

#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <thread>
#include <vector>

using namespace protocheck;
using namespace protocheck::testing;
using byzantine::OralMessages;

namespace {

SimulateOptions walks(std::uint64_t runs, std::uint32_t depth, unsigned threads = 1,
                      std::uint64_t seed = 0) {
  SimulateOptions options;
  options.runs = runs;
  options.depth = depth;
  options.threads = threads;
  options.seed = seed;
  return options;
}

template <Model M>
SimulationReport simulate(const std::map<std::string, std::string> &given,
                          const SimulateOptions &options) {
  const ModelFactory<M> factory = model_factory<M>();
  const ParamValues values = ParamValues::parse(factory.parameters, given);
  return simulate_model(factory.build(values), "model", values, options);
}

std::size_t index_of(const CheckReport &report, const std::string &name) {
  for (std::size_t p = 0; p < report.properties.size(); ++p)
    if (report.properties[p].name == name)
      return p;
  FAIL("no property " << name);
  return 0;
}

std::map<std::string, std::string> om(unsigned n, unsigned f) {
  return {{"n", std::to_string(n)}, {"f", std::to_string(f)}};
}

} // namespace

TEST_CASE("simulate: walks on a tiny model see every state, and no more than check explores") {
  const SimulationReport simulation = simulate<BitCounter>({{"k", "4"}}, walks(2000, 20));
  const CheckReport exhaustive = check<BitCounter>({{"k", "4"}});
  CHECK(simulation.distinct_states == exhaustive.stats.states); // 16
  CHECK(simulation.runs_done == 2000);
  CHECK(simulation.steps == 2000 * 20); // no terminal states: every walk goes to the depth
  CHECK(simulation.terminal_walks == 0);
  CHECK(simulation.report.outcome == Outcome::Holds);
  const CheckReport &report = simulation.report;
  CHECK(property(report, "fits").verdict == Verdict::Unknown); // never "holds"
  CHECK(simulation.findings[index_of(report, "ones")].checked == false);
  const PropertyResult &witness = property(report, "all-ones");
  CHECK(witness.verdict == Verdict::Holds);
  REQUIRE(witness.trace);
  CHECK(witness.trace->steps.size() >= 4);
  BitCounter model({4});
  CHECK(replay_trace(model, record_trace(witness, report.processes)).confirmed);
}

TEST_CASE("simulate: a deadlock is found at the end of a chain and cannot be shrunk") {
  const SimulationReport simulation = simulate<DeadEnd>({{"length", "5"}}, walks(10, 100));
  const PropertyResult &deadlock = property(simulation.report, "no-deadlock");
  REQUIRE(deadlock.verdict == Verdict::Violated);
  REQUIRE(deadlock.trace);
  CHECK(deadlock.trace->steps.size() == 5);
  CHECK(deadlock.explanation == "p waits at position 5");
  CHECK(simulation.findings[0].walk == 0u);
  CHECK(simulation.report.outcome == Outcome::Violated);
  CHECK(simulation.runs_done == 10); // fewer runs than a batch: all of them
}

TEST_CASE("simulate: depth cuts walks short, so a deeper deadlock is not found") {
  const SimulationReport simulation = simulate<DeadEnd>({{"length", "5"}}, walks(10, 4));
  CHECK(property(simulation.report, "no-deadlock").verdict == Verdict::Unknown);
  CHECK(simulation.report.outcome == Outcome::Holds);
  CHECK(simulation.terminal_walks == 0);
  CHECK(simulation.distinct_states == 5); // positions 0..4
}

TEST_CASE("simulate: om with n = 3, f = 1 violates IC2, shrunk to the shortest counterexample") {
  const SimulationReport simulation = simulate<OralMessages>(om(3, 1), walks(10000, 1000));
  const CheckReport &report = simulation.report;
  CHECK(report.outcome == Outcome::Violated);
  const PropertyResult &validity = property(report, "IC2");
  REQUIRE(validity.verdict == Verdict::Violated);
  REQUIRE(validity.trace);
  const std::size_t shortest = property(check<OralMessages>(om(3, 1)), "IC2").trace->steps.size();
  CHECK(shortest == 6);
  CHECK(validity.trace->steps.size() == shortest);
  const SimulationFinding &finding = simulation.findings[index_of(report, "IC2")];
  REQUIRE(finding.walk);
  CHECK(finding.found_steps >= validity.trace->steps.size());
  // A violation stops the runs at the end of its batch of 256.
  CHECK(simulation.runs_done == 256);
  const OralMessages model = make_model<OralMessages>(om(3, 1));
  const ReplayResult replayed = replay_trace(model, record_trace(validity, report.processes));
  CHECK(replayed.confirmed);
}

TEST_CASE("simulate: the same seed gives the same report on 1, 2 and 4 threads") {
  for (const auto &given : {om(3, 1), om(4, 1)}) {
    const std::string one =
        render_simulation_text(simulate<OralMessages>(given, walks(600, 1000, 1, 7)));
    for (const unsigned threads : {2u, 4u})
      CHECK(render_simulation_text(simulate<OralMessages>(given, walks(600, 1000, threads, 7))) ==
            one);
  }
}

TEST_CASE("simulate: different seeds take different walks") {
  const auto a = simulate<BitCounter>({{"k", "12"}}, walks(20, 50, 1, 1));
  const auto b = simulate<BitCounter>({{"k", "12"}}, walks(20, 50, 1, 2));
  CHECK(a.distinct_states != b.distinct_states);
}

TEST_CASE("simulate: om with n = 4, f = 1 shows no violation, over no more states than exist") {
  const SimulationReport simulation = simulate<OralMessages>(om(4, 1), walks(3000, 1000, 2));
  const CheckReport exhaustive = check<OralMessages>(om(4, 1));
  REQUIRE(exhaustive.outcome == Outcome::Holds);
  CHECK(simulation.report.outcome == Outcome::Holds);
  CHECK(simulation.runs_done == 3000);
  CHECK(simulation.terminal_walks == 3000); // om's schedule ends well within 1000 steps
  CHECK(simulation.distinct_states > 0);
  CHECK(simulation.distinct_states <= exhaustive.stats.states);
  for (const PropertyResult &result : simulation.report.properties) {
    CHECK(result.verdict != Verdict::Violated);
    CHECK(!(result.verdict == Verdict::Holds && result.kind != PropertyKind::Reachable));
  }
  const std::string text = render_simulation_text(simulation);
  CHECK(text.find("IC1          always no violation in 3,000 runs (not a proof)") !=
        std::string::npos);
}

TEST_CASE("simulate: a set interrupt flag stops the walks with a partial result") {
  std::atomic<bool> interrupt{true};
  SimulateOptions options = walks(1000, 100);
  options.interrupt = &interrupt;
  const SimulationReport simulation = simulate<BitCounter>({{"k", "4"}}, options);
  CHECK(simulation.report.outcome == Outcome::Partial);
  CHECK(simulation.runs_done == 0);
  CHECK(simulation.report.partial_reason == "interrupted after 0 of 1,000 runs");
  CHECK(exit_code(simulation.report) == ExitLimit);
}

TEST_CASE("shrink: removing steps keeps a path that still ends in the finding") {
  // On a grid every path to a bad cell has exactly `target` steps: nothing can go.
  const GridWalk grid({10, 10, 6});
  const SimulationReport simulation =
      simulate<GridWalk>({{"width", "10"}, {"height", "10"}, {"target", "6"}}, walks(50, 100));
  const PropertyResult &safe = property(simulation.report, "safe");
  REQUIRE(safe.verdict == Verdict::Violated);
  CHECK(safe.trace->steps.size() == 6);
  CHECK(replay_trace(grid, record_trace(safe, simulation.report.processes)).confirmed);
  // A detour on a bit counter: flip 0, 1, 0, 0, 2, 3 reaches all-ones without the two extra
  // flips of bit 0, which go only together (as a block of two).
  const BitCounter counter({4});
  const auto properties = counter.properties(); // by value: properties() returns a new vector
  const Property<BitCounter::State> &all_ones = properties[1];
  std::vector<PathChoice> choices{{local(0, 0), 0}};
  for (const unsigned bit : {0u, 1u, 0u, 0u, 2u, 3u})
    choices.push_back({local(0, 1, bit), bit});
  auto found = execute_to_finding(counter, all_ones, choices);
  REQUIRE(found);
  CHECK(found->choices.size() == 7);
  const auto shrunk = shrink_path(counter, all_ones, *found);
  CHECK(shrunk.choices.size() == 5);
  CHECK(shrunk.states.back().bits == 0b1111);
}

TEST_CASE("the distinct-state count counts each hash once, from several threads") {
  HashCountSet set;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&set] {
      for (std::uint64_t i = 1; i <= 100000; ++i)
        set.insert(i * 0x9e3779b97f4a7c15ull); // spread over every shard
    });
  for (auto &thread : threads)
    thread.join();
  CHECK(set.size() == 100000);
  set.insert(0); // 0 marks a free slot, so it is counted as 1
  set.insert(1);
  CHECK(set.size() == 100001);
}
