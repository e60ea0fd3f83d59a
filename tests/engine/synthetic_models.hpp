// Small models whose state spaces are known by construction, to test the engine alone.
#pragma once

#include <protocheck/model.hpp>

#include <bit>
#include <cstdint>
#include <string>
#include <vector>

namespace protocheck::testing {

// k bits, each step flips one bit: exactly 2^k states, k * 2^k transitions, depth k.
struct BitCounter {
  struct State {
    std::uint32_t bits = 0;
  };
  unsigned k;

  struct Config {
    unsigned k = 4;
  };
  static void parameters(Parameters<Config> &declare) {
    declare.integer("k", &Config::k, 1, 24, "number of bits");
  }
  explicit BitCounter(const Config &config) : k(config.k) {}
  std::vector<std::string> process_names() const { return {"counter"}; }
  template <class Emit> void initial(Emit &&emit) const { emit(local(0, 0), State{}); }
  template <class Emit> void successors(const State &state, Emit &&emit) const {
    for (unsigned bit = 0; bit < k; ++bit)
      emit(local(0, 1, bit), State{state.bits ^ (1u << bit)});
  }
  std::vector<Property<State>> properties() const {
    const std::uint32_t all = (k == 32 ? ~0u : (1u << k) - 1);
    return {
        always<State>("fits", "only the low k bits are ever set",
                      [all](const State &s) { return (s.bits & ~all) == 0; }),
        reachable<State>("all-ones", "every bit set at once",
                         [all](const State &s) { return s.bits == all; }),
        bound<State>("ones", "number of bits set",
                     [](const State &s) { return std::popcount(s.bits); }),
    };
  }
  StateView describe(const State &state) const { return {{"bits", std::to_string(state.bits)}}; }
  std::string describe(const Event &event) const { return "flip bit " + std::to_string(event.value); }
};

// A walk on a width x height grid from (0,0), moving right or up; the cells with x + y == target and
// x >= y are "bad". Shortest counterexample length is target; several bad cells share that depth, so
// the reported one must be chosen deterministically (the one a sequential BFS finds first).
struct GridWalk {
  struct State {
    std::uint16_t x = 0;
    std::uint16_t y = 0;
  };
  unsigned width, height, target;

  struct Config {
    unsigned width = 60;
    unsigned height = 60;
    unsigned target = 50;
  };
  static void parameters(Parameters<Config> &declare) {
    declare.integer("width", &Config::width, 1, 4000, "");
    declare.integer("height", &Config::height, 1, 4000, "");
    declare.integer("target", &Config::target, 0, 8000, "");
  }
  explicit GridWalk(const Config &config)
      : width(config.width), height(config.height), target(config.target) {}
  std::vector<std::string> process_names() const { return {"walker"}; }
  template <class Emit> void initial(Emit &&emit) const { emit(local(0, 0), State{}); }
  template <class Emit> void successors(const State &s, Emit &&emit) const {
    if (s.y + 1u < height)
      emit(local(0, 2), State{s.x, static_cast<std::uint16_t>(s.y + 1)});
    if (s.x + 1u < width)
      emit(local(0, 1), State{static_cast<std::uint16_t>(s.x + 1), s.y});
  }
  std::vector<Property<State>> properties() const {
    const unsigned t = target;
    return {always<State>("safe", "never on a bad cell",
                          [t](const State &s) { return !(s.x + s.y == t && s.x >= s.y); }),
            at_end<State>("corner", "every maximal walk ends in the far corner",
                          [this](const State &s) { return s.x + 1u == width && s.y + 1u == height; })};
  }
  StateView describe(const State &s) const {
    return {{"x", std::to_string(s.x)}, {"y", std::to_string(s.y)}};
  }
  std::string describe(const Event &event) const { return event.message == 1 ? "right" : "up"; }
};

// A chain of `length` steps that ends in a state where the process still waits: a deadlock at
// depth `length`, found by an at-end property.
struct DeadEnd {
  struct State {
    std::uint32_t position = 0;
  };
  unsigned length;
  struct Config {
    unsigned length = 5;
  };
  static void parameters(Parameters<Config> &declare) {
    declare.integer("length", &Config::length, 0, 1000, "");
  }
  explicit DeadEnd(const Config &config) : length(config.length) {}
  std::vector<std::string> process_names() const { return {"p"}; }
  template <class Emit> void initial(Emit &&emit) const { emit(local(0, 0), State{}); }
  template <class Emit> void successors(const State &s, Emit &&emit) const {
    if (s.position < length)
      emit(local(0, 1), State{s.position + 1});
  }
  std::vector<Property<State>> properties() const {
    return {at_end<State>("no-deadlock", "no process waits in a terminal state",
                          [](const State &) { return false; },
                          [](const State &s) { return "p waits at position " + std::to_string(s.position); })};
  }
  StateView describe(const State &s) const { return {{"position", std::to_string(s.position)}}; }
  std::string describe(const Event &) const { return "step"; }
};

} // namespace protocheck::testing

namespace protocheck::testing {

// Two processes: `idler` may idle forever (a self-loop), `worker` takes `work` steps and then is
// done. Without fairness, "eventually done" fails by idling forever; with weak fairness per
// process, the worker's step is continuously enabled on that cycle, so the cycle is unfair.
template <bool WithFairness> struct IdleOrWork {
  struct State {
    std::uint8_t progress = 0;
    std::uint8_t idles = 0; // counts idling modulo 2, so the idle cycle has two states
  };
  unsigned work;
  struct Config {
    unsigned work = 3;
  };
  static void parameters(Parameters<Config> &declare) {
    declare.integer("work", &Config::work, 1, 100, "");
  }
  explicit IdleOrWork(const Config &config) : work(config.work) {}
  std::vector<std::string> process_names() const { return {"idler", "worker"}; }
  template <class Emit> void initial(Emit &&emit) const { emit(local(0, 0), State{}); }
  template <class Emit> void successors(const State &s, Emit &&emit) const {
    if (s.progress == work)
      return;
    emit(local(0, 1), State{s.progress, static_cast<std::uint8_t>(s.idles ^ 1)});
    emit(local(1, 2), State{static_cast<std::uint8_t>(s.progress + 1), s.idles});
  }
  std::vector<Property<State>> properties() const {
    const unsigned w = work;
    return {eventually<State>("done", "the worker finishes",
                              [w](const State &s) { return s.progress == w; })};
  }
  StateView describe(const State &s) const {
    return {{"progress", std::to_string(s.progress)}, {"idles", std::to_string(s.idles)}};
  }
  std::string describe(const Event &event) const { return event.actor == 0 ? "idle" : "work"; }
  int fairness_group(const Event &event) const
    requires WithFairness
  {
    return event.actor;
  }
  std::string fairness() const
    requires WithFairness
  {
    return "weak fairness per process";
  }
};

// A ring of `length` states after a stem; `exit` leaves the ring to the goal only from the last
// ring state, and only when `can_exit`. Used for lasso shapes and leads-to.
struct StemAndRing {
  struct State {
    std::uint16_t position = 0; // 0..stem-1 stem, stem..stem+ring-1 ring, 999 goal
  };
  unsigned stem, ring;
  bool can_exit;
  struct Config {
    unsigned stem = 3;
    unsigned ring = 4;
    bool exit = false;
  };
  static void parameters(Parameters<Config> &declare) {
    declare.integer("stem", &Config::stem, 0, 50, "");
    declare.integer("ring", &Config::ring, 1, 50, "");
    declare.flag("exit", &Config::exit, "");
  }
  explicit StemAndRing(const Config &config)
      : stem(config.stem), ring(config.ring), can_exit(config.exit) {}
  std::vector<std::string> process_names() const { return {"p"}; }
  template <class Emit> void initial(Emit &&emit) const { emit(local(0, 0), State{}); }
  template <class Emit> void successors(const State &s, Emit &&emit) const {
    if (s.position == 999)
      return;
    const unsigned last = stem + ring - 1;
    const unsigned next = s.position == last ? stem : s.position + 1u;
    emit(local(0, 1), State{static_cast<std::uint16_t>(next)});
    if (can_exit && s.position == last)
      emit(local(0, 2), State{999});
  }
  std::vector<Property<State>> properties() const {
    const unsigned first_ring = stem;
    return {eventually<State>("goal", "the goal is reached",
                              [](const State &s) { return s.position == 999; }),
            leads_to<State>(
                "ring-to-goal", "entering the ring leads to the goal",
                [first_ring](const State &s) { return s.position == first_ring; },
                [](const State &s) { return s.position == 999; })};
  }
  StateView describe(const State &s) const { return {{"position", std::to_string(s.position)}}; }
  std::string describe(const Event &event) const { return event.message == 2 ? "exit" : "move"; }
  int fairness_group(const Event &event) const { return event.message; } // each action its own group
  std::string fairness() const { return "weak fairness per action"; }
};

} // namespace protocheck::testing
