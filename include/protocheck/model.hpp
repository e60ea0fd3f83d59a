// The one interface between what is explored (models/) and how it is explored (checker/).
//
// A model is a value built from its parameters. It names its processes, emits initial states and
// successors as (Event, State) pairs, declares named properties, and turns states and events into
// text. The engine never names a protocol; a model never names a thread, a table or a format.
#pragma once

#include <protocheck/event.hpp>
#include <protocheck/parameters.hpp>
#include <protocheck/params.hpp>
#include <protocheck/property.hpp>

#include <concepts>
#include <functional>
#include <map>
#include <memory>
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

// What every model does once built: name its processes, emit initial states and successors,
// declare properties, and put states and events into words.
template <class M>
concept ModelBehaviour = requires(const M &model, const typename M::State &state, const Event &event,
                                  EmitArchetype<typename M::State> emit) {
  requires RawState<typename M::State>;
  { model.process_names() } -> std::same_as<std::vector<std::string>>;
  model.initial(emit);
  model.successors(state, emit);
  { model.properties() } -> std::same_as<std::vector<Property<typename M::State>>>;
  { model.describe(state) } -> std::same_as<StateView>;
  { model.describe(event) } -> std::convertible_to<std::string>;
};

// A model is built from a plain Config struct whose fields its static parameters() binds to
// command-line options (parameters.hpp). The constructor throws BadInput when the combination is
// out of range (f >= n, ...).
template <class M>
concept Model =
    ModelBehaviour<M> && std::is_default_constructible_v<typename M::Config> &&
    std::copy_constructible<typename M::Config> &&
    requires(Parameters<typename M::Config> &declare, const typename M::Config &config) {
      M::parameters(declare);
      M(config);
    };


// How the command line builds a model: its parameters' specs, and the model from checked values.
template <Model M> struct ModelFactory {
  std::vector<ParamSpec> parameters;
  std::function<M(const ParamValues &)> build;
};

template <Model M> ModelFactory<M> model_factory() {
  auto declared = std::make_shared<Parameters<typename M::Config>>();
  M::parameters(*declared);
  return {declared->specs(),
          [declared](const ParamValues &values) { return M(declared->config(values)); }};
}

// A model built from parameter values given as text (defaults filled in): for tests and tools.
template <Model M> M make_model(const std::map<std::string, std::string> &given = {}) {
  const ModelFactory<M> factory = model_factory<M>();
  return factory.build(ParamValues::parse(factory.parameters, given));
}

// A model built from a Config made in code, checked first against the declared ranges and
// choices exactly as the command line checks them (throws BadInput).
template <Model M> M checked_model(const typename M::Config &config) {
  Parameters<typename M::Config> declared;
  M::parameters(declared);
  declared.check(config);
  return M(config);
}

// The rules of the Model concept, one at a time, each failing with a message that names it (a
// concept failure alone prints pages of template text). Registry::add checks them.
template <class M> constexpr bool follows_model_rules() {
  if constexpr (!requires { typename M::State; }) {
    static_assert(sizeof(M) == 0, "protocheck rule: a model declares its state type, M::State");
    return false;
  } else if constexpr (!std::is_trivially_copyable_v<typename M::State>) {
    static_assert(sizeof(M) == 0,
                  "protocheck rule: M::State must be trivially copyable (fixed-size arrays and "
                  "plain fields only: no std::vector, std::string, pointers to owned memory)");
    return false;
  } else if constexpr (!std::has_unique_object_representations_v<typename M::State>) {
    static_assert(sizeof(M) == 0,
                  "protocheck rule: M::State must have no padding bytes (the engine compares "
                  "states as raw bytes): order fields by size or use same-size fields, no float");
    return false;
  } else if constexpr (!std::is_default_constructible_v<typename M::State>) {
    static_assert(sizeof(M) == 0, "protocheck rule: M::State must be default constructible");
    return false;
  } else if constexpr (!requires { typename M::Config; }) {
    static_assert(sizeof(M) == 0,
                  "protocheck rule: a model declares its parameters' struct, M::Config");
    return false;
  } else if constexpr (!requires(Parameters<typename M::Config> &declare) {
                         M::parameters(declare);
                       }) {
    static_assert(sizeof(M) == 0,
                  "protocheck rule: a model has static void parameters(Parameters<Config> &)");
    return false;
  } else if constexpr (!std::is_constructible_v<M, const typename M::Config &>) {
    static_assert(sizeof(M) == 0, "protocheck rule: a model is constructible from const Config &");
    return false;
  } else if constexpr (!requires(const M &model) {
                         { model.process_names() } -> std::same_as<std::vector<std::string>>;
                       }) {
    static_assert(sizeof(M) == 0,
                  "protocheck rule: a model has std::vector<std::string> process_names() const");
    return false;
  } else if constexpr (!requires(const M &model, EmitArchetype<typename M::State> emit) {
                         model.initial(emit);
                       }) {
    static_assert(sizeof(M) == 0, "protocheck rule: a model has template <class Emit> void "
                                  "initial(Emit &&emit) const, calling emit(Event, State)");
    return false;
  } else if constexpr (!requires(const M &model, const typename M::State &state,
                                 EmitArchetype<typename M::State> emit) {
                         model.successors(state, emit);
                       }) {
    static_assert(sizeof(M) == 0,
                  "protocheck rule: a model has template <class Emit> void successors(const "
                  "State &, Emit &&emit) const, calling emit(Event, State) once per step");
    return false;
  } else if constexpr (!requires(const M &model) {
                         {
                           model.properties()
                           } -> std::same_as<std::vector<Property<typename M::State>>>;
                       }) {
    static_assert(sizeof(M) == 0, "protocheck rule: a model has std::vector<Property<State>> "
                                  "properties() const");
    return false;
  } else if constexpr (!requires(const M &model, const typename M::State &state) {
                         { model.describe(state) } -> std::same_as<StateView>;
                       }) {
    static_assert(sizeof(M) == 0,
                  "protocheck rule: a model has StateView describe(const State &) const");
    return false;
  } else if constexpr (!requires(const M &model, const Event &event) {
                         { model.describe(event) } -> std::convertible_to<std::string>;
                       }) {
    static_assert(sizeof(M) == 0,
                  "protocheck rule: a model has std::string describe(const Event &) const");
    return false;
  } else {
    static_assert(Model<M>);
    return true;
  }
}

// Optional: the processes that are faulty in a state (Byzantine traitors, crashed processes), one
// bit per process index. Charts mark them on their lifelines; a model with faults declares them
// here rather than leaving a reader to guess from the variables.
using ProcessMask = std::uint64_t;
template <class M>
concept DeclaresFaulty = Model<M> && requires(const M &model, const typename M::State &state) {
  { model.faulty(state) } -> std::convertible_to<ProcessMask>;
};

// Optional: the message an event carries, as a chart labels its arrow ("pre-prepare(v0, #1, a)",
// "elect(24)"); without it charts use describe(event).
template <class M>
concept LabelsMessages = Model<M> && requires(const M &model, const Event &event) {
  { model.message_label(event) } -> std::convertible_to<std::string>;
};

// The shape of the callback carried_messages() calls, once per message.
struct MessageArchetype {
  void operator()(const Event &) const {}
};

// Optional: the messages a step sends or receives besides its own event (the copies of a
// multicast, the reply a receive sends at once, the messages of a synchronous round, a quorum's
// further votes), so that a chart draws each as an arrow. One event per message: a Send for an
// asynchronous message (with the message code and identity its Deliver will carry, see
// Event::message_id), a Transmit for one delivered within the step, a Deliver for one more
// message the step receives (its arrow is drawn from its send), or a Drop (actor the sender, peer
// the receiver) for one the step loses, such as those waiting for a process that crashes (its
// arrow stops half way, at a cross). The step went from `before` to
// `after` by `event`; message_label() labels each message. A listed message equal to the step's
// own Send is left out.
template <class M>
concept CarriesMessages = Model<M> && requires(const M &model, const typename M::State &state,
                                               const Event &event, MessageArchetype emit) {
  model.carried_messages(state, event, state, emit);
};

// The shape of the callback waits_for() calls, once per edge.
struct WaitArchetype {
  void operator()(unsigned, unsigned, const std::string &) const {}
};

// Optional: who waits for whom in a state (a deadlock's wait-for graph), as edges (waiter,
// waited-for process, what it waits for, e.g. "p2's vote"), so that a chart draws the cycle at the
// end of a counterexample.
template <class M>
concept ShowsWaiting = Model<M> &&
    requires(const M &model, const typename M::State &state, WaitArchetype emit) {
  model.waits_for(state, emit);
};

// Optional: what a reader must know about this instance to read its verdicts right, in words,
// e.g. that it is too small to show a claim ("with one event on each of two processes the
// converse happens to hold; --n 3 shows it fail"). The report prints each as a note.
template <class M>
concept NotesInstance = Model<M> && requires(const M &model) {
  { model.notes() } -> std::convertible_to<std::vector<std::string>>;
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
