// A minimal valid model, each compile-fail case breaks one rule of the Model concept by
// redefining one piece through the macros below.
#pragma once

#include <protocheck/protocheck.hpp>

#include <cstdint>
#include <string>
#include <vector>

#ifndef TEST_STATE
#define TEST_STATE                                                                                 \
  struct State {                                                                                   \
    std::uint8_t count = 0;                                                                        \
  };
#endif

struct CountingModel {
  TEST_STATE
  struct Config {
    unsigned limit = 2;
  };
  static void parameters(protocheck::Parameters<Config> &declare) {
    declare.integer("limit", &Config::limit, 1, 9, "how far to count");
  }
  explicit CountingModel(const Config &config) : limit_(config.limit) {}
  std::vector<std::string> process_names() const { return {"p"}; }
  template <class Emit> void initial(Emit &&emit) const { emit(protocheck::local(0, 0), State{}); }
  template <class Emit> void successors(const State &state, Emit &&emit) const {
    (void)state;
    (void)emit;
  }
  std::vector<protocheck::Property<State>> properties() const { return {}; }
#ifndef TEST_NO_DESCRIBE
  protocheck::StateView describe(const State &) const { return {}; }
#endif
  std::string describe(const protocheck::Event &) const { return "step"; }
  unsigned limit_;
};

inline void register_it(protocheck::Registry &registry) {
  registry.add<CountingModel>("counting", "counts");
}
