// What a check produced, with the protocol's types erased: verdicts, counterexamples as text-ready
// steps, and statistics. Renderers (checker/report/) turn it into text, JSON and charts.
#pragma once

#include <protocheck/event.hpp>
#include <protocheck/model.hpp>
#include <protocheck/property.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace protocheck {

// One of the messages a step sends or receives besides its own event (Model::carried_messages):
// a Send, Transmit or Deliver event, and its label (message_label).
struct CarriedMessage {
  Event event;
  std::string label;
  friend bool operator==(const CarriedMessage &, const CarriedMessage &) = default;
};

struct TraceStep {
  Event event;                    // what happened (raw, for charts and replay)
  std::string action;             // the model's words for it
  std::string message;            // the message it carries, as a chart labels it (message_label)
  std::vector<Variable> changes;  // variables whose value differs from the previous step
  std::vector<CarriedMessage> carried; // its messages, when it carries several (a fan of arrows)
};

// In the last state of a trace, `waiter` waits for `waited_for` (Model::waits_for).
struct WaitEdge {
  std::size_t waiter = 0;
  std::size_t waited_for = 0;
  std::string what; // what it waits for, e.g. "p2's vote"
  friend bool operator==(const WaitEdge &, const WaitEdge &) = default;
};

// A path from an initial state. `initial` is the first state in full; each step then says what
// changed. A lasso (liveness) repeats steps [loop_start, end) forever.
struct Trace {
  StateView initial;
  std::vector<TraceStep> steps;
  std::optional<std::size_t> loop_start;
  std::vector<WaitEdge> waiting; // who waits for whom at the end (a deadlock's wait-for graph)
};

enum class Verdict : std::uint8_t {
  Holds,    // proved over the whole reachable state space (for Reachable: a witness was found)
  Violated, // a counterexample exists (for Reachable: no reachable state satisfies P)
  Unknown,  // the run stopped before this property was decided
};
std::string_view to_string(Verdict verdict);

// An "eventually" property of a randomized model (checker/markov.hpp), on the explored chain.
struct Probabilities {
  bool markov_chain = true; // false: the model mixes nondeterminism with probabilities
  std::string note;         // e.g. why nothing is defined, or "cycles exist with probability 0"
  double probability = 0;   // that the property's states are eventually reached
  std::optional<double> expected_steps;  // to the first such state; none when probability < 1
  std::optional<double> expected_rounds; // the same in rounds, for models that mark rounds
  std::vector<double> within_rounds;     // [r - 1]: probability of reaching them within r rounds
  // Exact values ("p/q", or "p") where rational arithmetic was used; empty otherwise.
  std::string probability_exact, expected_steps_exact, expected_rounds_exact;
  std::vector<std::string> within_rounds_exact;
  // 0 when exact; else bounds on the absolute error of the probabilities and of the expectations.
  double probability_error = 0;
  double expected_error = 0;
  std::string method; // how the numbers were computed, in words
  double seconds = 0; // time spent computing them (after exploration)
};

struct PropertyResult {
  std::string name;
  std::string description;
  PropertyKind kind = PropertyKind::Always;
  Verdict verdict = Verdict::Unknown;
  std::optional<Trace> trace;       // counterexample, witness, or the run reaching a Bound's maximum
  std::string explanation;          // in words: why the last state of the trace violates P
  std::optional<std::int64_t> value; // Bound: the maximum found
  std::optional<Probabilities> probabilities{}; // Eventually, in a model with probabilities
};

struct Stats {
  std::uint64_t states = 0;
  std::uint64_t transitions = 0;
  std::uint32_t depth = 0;
  double seconds = 0;
  std::uint64_t peak_memory_bytes = 0;
  unsigned threads = 1;
  std::uint32_t state_bytes = 0;  // sizeof(State)
  std::uint64_t store_bytes = 0;  // visited states (exact mode), visited table and parent links
  std::uint64_t graph_bytes = 0;  // bytes held by the state graph (liveness only)
  double liveness_seconds = 0;    // deciding liveness (and probabilities) after exploration
  bool tree_storage = false;      // states kept tree-compressed (CheckOptions::storage)
};

// A distributed run (check --distributed): what each rank did, and what each level cost.
struct RankFigures {
  std::uint64_t states = 0;            // the states it owns
  std::uint64_t store_bytes = 0;       // its share of the store (as Stats::store_bytes)
  std::uint64_t peak_memory_bytes = 0; // its process's peak resident memory
  std::uint64_t bytes_sent = 0;        // to the other ranks
  double compute_seconds = 0;          // expanding, storing and judging its states
  double exchange_seconds = 0;         // in collective calls: sending, and waiting for the others
};
struct LevelFigures {
  std::uint64_t states = 0;     // new states the level added
  std::uint64_t bytes_sent = 0; // all ranks together
  double compute_seconds = 0;   // of the slowest rank
  double exchange_seconds = 0;  // of the rank that waited longest
};
struct DistributedFigures {
  std::vector<RankFigures> ranks;
  std::vector<LevelFigures> levels; // from the initial states on
};

// Below this many states the tables' minimum sizes dominate the store, so the text report gives
// no bytes/state figure.
inline constexpr std::uint64_t MinStatesForBytesPerState = 4096;

enum class Outcome : std::uint8_t { Holds, Violated, Partial };
std::string_view to_string(Outcome outcome);

struct CheckReport {
  std::string model;
  std::vector<std::pair<std::string, std::string>> params;
  std::vector<std::string> processes; // lifeline names, indexed by Event::actor / Event::peer
  Outcome outcome = Outcome::Holds;
  std::string partial_reason;          // set when outcome is Partial: which limit stopped the run
  std::vector<PropertyResult> properties;
  Stats stats;
  bool symmetry = false;
  // Fingerprint mode: visited states were kept as 64-bit fingerprints, so a collision may have
  // hidden a state. The chance of any collision among n states is at most n^2 / 2^65.
  bool fingerprints = false;
  double collision_probability = 0;
  std::string fairness; // the fairness assumed by liveness verdicts; empty without liveness
  std::vector<std::string> notes; // the model's notes on this instance (Model::notes)
  bool liveness_skipped = false; // the model has liveness properties, left unknown on request
  std::optional<DistributedFigures> distributed; // set by a distributed run only
};

// Exit codes of `protocheck check`.
inline constexpr int ExitHolds = 0;
inline constexpr int ExitViolated = 1;
inline constexpr int ExitBadInput = 2;
inline constexpr int ExitLimit = 3;

int exit_code(const CheckReport &report);

} // namespace protocheck
