// The one interface between what is explored (models/) and how it is explored (checker/).
//
// A model is a value built from its parameters. It names its processes, emits initial states and
// successors as (Event, State) pairs, declares named properties, and turns states and events into
// text. The engine never names a protocol; a model never names a thread, a table or a format.
#pragma once

#include "checker/event.hpp"
#include "checker/params.hpp"
#include "checker/property.hpp"

#include <concepts>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace protocheck {

// One named variable of a state, as text: traces print only the variables that changed.
struct Variable {
  std::string name;
  std::string value;
  friend bool operator==(const Variable &, const Variable &) = default;
};
using StateView = std::vector<Variable>;

// The engine hashes, compares and stores states as raw bytes, so a state must be a fixed-size value
// with no padding bytes (every byte is part of the value; unused slots stay zero).
template <class S>
concept RawState = std::is_trivially_copyable_v<S> && std::has_unique_object_representations_v<S> &&
                   std::is_default_constructible_v<S>;

// The shape of the callback the engine passes to initial() and successors().
template <class S> struct EmitArchetype {
  void operator()(const Event &, const S &) const {}
};

template <class M>
concept Model = requires(const M &model, const typename M::State &state, const Event &event,
                         EmitArchetype<typename M::State> emit, const ParamValues &params) {
  requires RawState<typename M::State>;
  { M::parameters() } -> std::same_as<std::vector<ParamSpec>>;
  M(params); // throws BadInput when the combination of parameters is out of range
  { model.process_names() } -> std::same_as<std::vector<std::string>>;
  model.initial(emit);
  model.successors(state, emit);
  { model.properties() } -> std::same_as<std::vector<Property<typename M::State>>>;
  { model.describe(state) } -> std::same_as<StateView>;
  { model.describe(event) } -> std::convertible_to<std::string>;
};

// Optional: symmetry reduction maps a state to a canonical representative of its class (e.g. by
// permuting interchangeable process ids). The engine uses it only when asked to.
template <class M>
concept Symmetric = Model<M> && requires(const M &model, typename M::State &state) {
  model.canonicalize(state);
};

// Optional: weak fairness for liveness. Each event belongs to a fairness group (e.g. its process,
// or its channel), or to none (-1: adversary choices, crashes and losses need never happen). An
// infinite execution is fair when every group that is enabled in all of its states from some
// point on also takes steps infinitely often. `fairness()` says in words what is assumed.
template <class M>
concept Fair = Model<M> && requires(const M &model, const Event &event) {
  { model.fairness_group(event) } -> std::convertible_to<int>;
  { model.fairness() } -> std::convertible_to<std::string>;
};

inline constexpr std::uint8_t NoFairnessGroup = 0xff;

// Optional, for randomized models (checker/markov.hpp): the events that begin a round, so that the
// expected number of rounds to reach a goal can be reported besides the expected number of steps.
template <class M>
concept Rounds = Model<M> && requires(const M &model, const Event &event) {
  { model.starts_round(event) } -> std::convertible_to<bool>;
};

// Optional, with Rounds: report the probability of reaching each goal within r rounds for
// r = 1..rounds_report() (a model parameter, so the command line can set it).
template <class M>
concept RoundsReport = Rounds<M> && requires(const M &model) {
  { model.rounds_report() } -> std::convertible_to<unsigned>;
};

template <class M> std::uint8_t fairness_group(const M &model, const Event &event) {
  if constexpr (Fair<M>) {
    const int group = model.fairness_group(event);
    if (group < 0)
      return NoFairnessGroup;
    if (group >= NoFairnessGroup)
      throw std::length_error("a model declares more than 254 fairness groups");
    return static_cast<std::uint8_t>(group);
  } else {
    return NoFairnessGroup;
  }
}

} // namespace protocheck
