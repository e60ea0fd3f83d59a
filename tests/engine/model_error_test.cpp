// A model that throws while the engine explores it stops the run with a ModelError naming the
// model and the step (the command line prints it on one line and exits with 2), not a crash.
#include <protocheck/protocheck.hpp>
#include "tests/engine/thread_cluster.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

using namespace protocheck;

namespace {

// Counts up from 0 and throws when asked for the successors of `fail_at`.
struct ThrowingCounter {
  struct State {
    std::uint8_t count = 0;
  };
  struct Config {
    unsigned fail_at = 2;
  };
  static void parameters(Parameters<Config> &declare) {
    declare.integer("fail-at", &Config::fail_at, 0, 9, "the count whose successors throw");
  }
  explicit ThrowingCounter(const Config &config) : fail_at_(config.fail_at) {}
  std::vector<std::string> process_names() const { return {"p"}; }
  template <class Emit> void initial(Emit &&emit) const { emit(local(0, 0), State{}); }
  template <class Emit> void successors(const State &state, Emit &&emit) const {
    if (state.count == fail_at_)
      throw std::out_of_range("no room for count " + std::to_string(state.count + 1));
    if (state.count < 9)
      emit(local(0, 1, state.count + 1u), State{static_cast<std::uint8_t>(state.count + 1)});
  }
  std::vector<Property<State>> properties() const {
    return {always<State>("small", "the count stays below 10",
                          [](const State &s) { return s.count < 10; })};
  }
  StateView describe(const State &state) const {
    return {{"count", std::to_string(state.count)}};
  }
  std::string describe(const Event &event) const {
    return "p counts to " + std::to_string(event.value);
  }
  unsigned fail_at_;
};

} // namespace

TEST_CASE("a model that throws in successors() is reported with its name and the step") {
  for (unsigned threads : {1u, 2u}) {
    CheckOptions options;
    options.threads = threads;
    try {
      check<ThrowingCounter>({{"fail-at", "2"}}, options, "throwing-counter");
      FAIL("no error was reported");
    } catch (const ModelError &error) {
      CHECK(std::string(error.what()) ==
            "model throwing-counter: successors() threw while expanding the state reached in 2 "
            "steps, the last one 'p counts to 2': no room for count 3");
    }
  }
}

TEST_CASE("a model that throws on an initial state says so") {
  try {
    check<ThrowingCounter>({{"fail-at", "0"}}, {}, "throwing-counter");
    FAIL("no error was reported");
  } catch (const ModelError &error) {
    CHECK(std::string(error.what()) == "model throwing-counter: successors() threw while "
                                       "expanding an initial state: no room for count 1");
  }
}

TEST_CASE("the command line turns a model's exception into exit code 2") {
  Registry registry;
  registry.add<ThrowingCounter>("throwing-counter", "throws at a chosen count");
  std::vector<std::string> words{"protocheck", "check", "throwing-counter", "--fail-at", "3"};
  std::vector<char *> argv;
  for (auto &word : words)
    argv.push_back(word.data());
  CHECK(run_cli(static_cast<int>(argv.size()), argv.data(), registry) == ExitBadInput);
}

TEST_CASE("a name can be registered once") {
  Registry registry;
  registry.add<ThrowingCounter>("counter", "first");
  CHECK_THROWS_AS(registry.add<ThrowingCounter>("counter", "again"), std::invalid_argument);
}

TEST_CASE("a Config made in code is checked against the declared ranges") {
  CHECK(checked_model<ThrowingCounter>({.fail_at = 9}).fail_at_ == 9);
  CHECK_THROWS_WITH(checked_model<ThrowingCounter>({.fail_at = 10}),
                    "fail-at = 10 is out of range: fail-at must be in 0..9");
}

TEST_CASE("a model that throws on one rank of a distributed run is reported by all ranks alike") {
  const std::map<std::string, std::string> fail_at_3{{"fail-at", "3"}};
  std::string expected;
  try {
    check<ThrowingCounter>(fail_at_3, CheckOptions{}, "throwing-counter");
  } catch (const ModelError &error) {
    expected = error.what();
  }
  REQUIRE(expected == "model throwing-counter: successors() threw while expanding the state "
                      "reached in 3 steps, the last one 'p counts to 3': no room for count 4");
  for (unsigned ranks : {2u, 3u}) {
    const auto outcomes = testing::run_distributed(
        ranks,
        [&](const CheckOptions &mine) {
          return check_distributed<ThrowingCounter>(fail_at_3, mine, "throwing-counter");
        },
        CheckOptions{});
    for (const testing::RankOutcome &outcome : outcomes)
      CHECK(outcome.error == expected);
  }
}
