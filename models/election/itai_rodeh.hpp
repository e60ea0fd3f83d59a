// Itai-Rodeh randomized leader election (slides 24-25 of the coordination and agreement lecture).
//
// n anonymous processes on a synchronous unidirectional ring have no ids, so no deterministic
// algorithm can break their symmetry. In each round every process draws an id from {1..K}, each
// with probability 1/K; the ids travel n - 1 synchronous hops, after which every process has seen
// all of them, and all decide the same way:
//   --rule max-unique (the slide): if some drawn id is unique, the largest unique id wins;
//   --rule unique-max:             the largest drawn id wins if it is unique;
// otherwise the round is repeated. The election terminates with probability 1, not surely: a
// round can fail any number of times.
//
// The processes being anonymous, only the multiset of drawn ids matters, so the state keeps how
// many processes drew each value rather than who drew what: the processes draw one after the
// other (p1, p2, ...), and two orders that give the same multiset meet in one state. For n = 6 and
// K = 16 that is 74,613 multisets instead of 16^6 sequences. A round takes 2n steps: n draws,
// n - 1 hops, one decision; the first draw starts the round (the engine counts rounds by it).
// A hop moves every id at once and is an environment step, so no event is a message of its own
// (no message label or message identity), and no process is faulty.
#pragma once

#include <protocheck/event.hpp>
#include <protocheck/model.hpp>
#include <protocheck/params.hpp>
#include <protocheck/property.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

namespace protocheck::election {

class ItaiRodeh {
public:
  static constexpr unsigned MaxProcesses = 8;
  static constexpr unsigned MaxIds = 16;

  enum class Rule : std::uint8_t { MaxUnique, UniqueMax };

  struct State {
    std::array<std::uint8_t, MaxIds> drawn{}; // [v - 1]: processes that drew id v this round
    std::uint8_t draws = 0;  // processes that have drawn this round (p1 .. p_draws)
    std::uint8_t hops = 0;   // synchronous hops the ids have travelled (all seen after n - 1)
    std::uint8_t leader = 0; // the elected id; 0 while none
  };
  static_assert(std::has_unique_object_representations_v<State>);

  // Event::message codes.
  enum Action : std::uint8_t { Draw = 1, Hop = 2, Elect = 3, Retry = 4 };

  struct Config {
    unsigned n = 4;
    unsigned k = 16;
    Rule rule = Rule::MaxUnique;
    unsigned rounds_report = 5;
  };
  static void parameters(Parameters<Config> &declare);
  explicit ItaiRodeh(const Config &config);

  std::vector<std::string> process_names() const;

  template <class Emit> void initial(Emit &&emit) const { emit(local(NoProcess, 0), State{}); }

  template <class Emit> void successors(const State &state, Emit &&emit) const {
    if (state.leader != 0)
      return; // elected: the run is over
    if (state.draws < n_) {
      for (unsigned id = 1; id <= k_; ++id) {
        State next = state;
        ++next.drawn[id - 1];
        ++next.draws;
        emit(with_probability(local(state.draws, Draw, id), 1, static_cast<std::uint16_t>(k_)),
             next);
      }
      return;
    }
    if (state.hops + 1u < n_) {
      State next = state;
      ++next.hops;
      emit(local(NoProcess, Hop, next.hops), next);
      return;
    }
    const unsigned winner = this->winner(state);
    if (winner != 0) {
      State next = state;
      next.leader = static_cast<std::uint8_t>(winner);
      emit(Event{EventKind::Decide, NoProcess, NoProcess, Elect, winner}, next);
    } else {
      emit(local(NoProcess, Retry), State{});
    }
  }

  // A round starts with the first process's draw.
  bool starts_round(const Event &event) const {
    return event.message == Draw && event.actor == 0 && event.kind == EventKind::Local;
  }
  unsigned rounds_report() const { return rounds_report_; }

  std::vector<Property<State>> properties() const;

  StateView describe(const State &state) const;
  std::string describe(const Event &event) const;

  // The id that wins with these draws under the rule, or 0 when the round must be repeated.
  unsigned winner(const State &state) const {
    unsigned largest = 0, largest_unique = 0;
    for (unsigned id = 1; id <= k_; ++id) {
      if (state.drawn[id - 1] > 0)
        largest = id;
      if (state.drawn[id - 1] == 1)
        largest_unique = id;
    }
    if (rule_ == Rule::MaxUnique)
      return largest_unique;
    return largest != 0 && state.drawn[largest - 1] == 1 ? largest : 0;
  }

  unsigned size() const { return n_; }
  unsigned ids() const { return k_; }
  Rule rule() const { return rule_; }

private:
  std::string multiset_text(const State &state) const;

  unsigned n_ = 0;
  unsigned k_ = 0;
  Rule rule_ = Rule::MaxUnique;
  unsigned rounds_report_ = 0;
};

} // namespace protocheck::election
