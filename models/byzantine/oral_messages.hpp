// Oral Messages OM(m), the Byzantine generals algorithm of Lamport, Shostak and Pease (1982), as
// presented in the lecture notes (seeds/000, sections 1-5).
//
// General 0 is the commander C, generals 1..n-1 are the lieutenants L1..L{n-1}. The run is:
//   1. the adversary picks the traitors: every set of at most f generals (exactly f with
//      --exact-traitors), the commander included, by size and then lexicographically;
//   2. a loyal commander picks its order (attack or retreat; v, u or w with --values 3);
//   3. rounds 1..m+1 of OM written as exponential information gathering (EIG): the message of
//      round r is about a path sigma = (C, i1, ..., i{r-1}) of distinct generals and goes from
//      last(sigma) to every general j not on sigma. A loyal sender relays the value it received
//      for sigma minus its last element (round 1: the order); every message of a traitor is an
//      independent choice of the adversary (any value; sending nothing is the same as sending
//      the default, retreat, or, with --tie bottom, is a message of its own, bottom). One step is
//      one message.
//   4. each loyal lieutenant j decides resolve_j((C)), where resolve_j(sigma) is the raw value
//      j received for sigma when |sigma| = m+1 and otherwise the majority of that raw value and
//      of resolve_j(sigma.i) for every i not on sigma, i != j (no strict majority: retreat, or
//      bottom with --tie bottom).
//
// Rounds are synchronous, so the order of the messages inside a round does not matter to the
// protocol, and an omniscient adversary that chooses every traitor message on its own covers every
// combination: the messages follow one fixed schedule and there is no interleaving. Traitors act as
// one adversary, so a message from a traitor to a traitor carries nothing and is not a step; a
// loyal general's message to a traitor is a step (it shows what the traitor was told).
//
// Keeping the state small. The last round is ordered recipient-major (all of L1's messages, then
// L1 decides, then L2's, ...) and, per recipient, by path in lexicographic (depth-first) order.
// Every subtree of the recipient's EIG tree then arrives in one piece, so leaves are never stored:
// the recipient keeps one vote counter per value for each node on the current depth-first path and
// folds a subtree into its parent's counter as soon as the subtree is complete. A loyal lieutenant
// stores only the raw values of the internal paths (|sigma| <= m), which it needs to relay anyway.
// Everything is bit-packed into State::packed by a table built in the constructor (Layout); for
// n = 7, m = 2 it uses 74 of the 160 bits, and State is 24 bytes for every (n, m) that fits.
//
// Every message is one synchronous Transmit step (sent and received at once), so no event needs a
// message identity (Event::message_id stays 0).
//
// The slides' 3- and 4-generals examples (slides 67-71) use three values v, u, w and a tie rule
// under which no majority yields bottom ("no value"): --values 3 --tie bottom. Values are small
// integers with one vote counter per symbol; with --tie bottom, bottom is one more symbol, the
// one a missing message stands for (slide 67: "if no message received, assume bottom"), so a
// traitor may send it and a loyal lieutenant relays it like any value. Three values need
// --tie bottom: there is no retreat among v, u, w to fall back on.
//
// With --values 3 the state also remembers which loyal lieutenants were told a value other than
// the loyal commander's order (a traitor's lie, possibly relayed). The protocol never reads it: it
// is a history variable for the witness outvoted-lie, which needs the lie that a majority outvoted
// to be visible in the state where the lieutenant decides. The default run (two values, retreat)
// has no such bit and keeps its state space.
#pragma once

#include <protocheck/event.hpp>
#include <protocheck/model.hpp>
#include <protocheck/models/byzantine/traitors.hpp>
#include <protocheck/parameters.hpp>
#include <protocheck/params.hpp>
#include <protocheck/property.hpp>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <optional>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

namespace protocheck::byzantine {

class OralMessages {
public:
  static constexpr unsigned MaxGenerals = 10;
  static constexpr unsigned PackedBytes = 20;

  struct State {
    std::uint16_t step = 0;     // the next entry of the schedule; schedule length: the run is over
    std::uint16_t traitors = 0; // bit g set: general g is a traitor
    // C's order, decisions, the current recipient's vote counters and the values each loyal
    // lieutenant has heard, at the bit positions the constructor computes. Unused bits stay zero.
    std::array<std::uint8_t, PackedBytes> packed{};
  };
  static_assert(std::has_unique_object_representations_v<State>, "State must have no padding");
  static_assert(sizeof(State) == 24);

  using Value = std::uint8_t;
  static constexpr Value Attack = 0;
  static constexpr Value Retreat = 1;
  static constexpr Value DefaultValue = Retreat; // what a tie (or a missing message) gives
                                                 // under --tie retreat

  // Event codes: Adversary and Local events carry one of these in Event::message.
  static constexpr std::uint8_t ActionStart = 0;
  static constexpr std::uint8_t ActionChooseTraitors = 1;
  static constexpr std::uint8_t ActionOrder = 0;
  // A Transmit event's Event::message says why the sender sends its value: the low 3 bits are
  // one of these, the high 5 bits the relayed path's id + 1 (0 in round 1, the commander's order).
  // Its Event::value is the value sent (bits 0-7) and, when the message completes a node of the
  // recipient's tree, the votes the recipient takes the majority of (bits 8 and up, closing_tally).
  static constexpr std::uint8_t LoyalRelay = 0;
  static constexpr std::uint8_t TraitorUninformed = 1; // its informant is a traitor as well
  static constexpr std::uint8_t TraitorTold = 2;       // + v: the traitor was told value v

  // What no strict majority (or no message) gives.
  enum class Tie : std::uint8_t { Retreat, Bottom };
  struct Config {
    unsigned n = 4;
    unsigned f = 1;
    std::optional<unsigned> m; // empty: m = f
    bool exact_traitors = false;
    unsigned values = 2;
    Tie tie = Tie::Retreat;
    std::string faulty; // --faulty: the traitors fixed; empty: every set of at most f
    std::string order;  // --order: a loyal commander's order, fixed; empty: each one
    // --commander-says: what a traitor commander tells L1, L2, ... in round 1, comma-separated;
    // empty: every choice of the adversary
    std::string commander_says;
  };
  static void parameters(Parameters<Config> &declare);
  explicit OralMessages(const Config &config);

  std::vector<std::string> process_names() const;
  template <class Emit> void initial(Emit &&emit) const;
  template <class Emit> void successors(const State &state, Emit &&emit) const;
  std::vector<Property<State>> properties() const;
  StateView describe(const State &state) const;
  std::string describe(const Event &event) const;
  // The traitors (bit g: general g), for charts; none before the adversary has chosen.
  ProcessMask faulty(const State &state) const { return state.traitors; }
  // What a message says, as a chart labels its arrow: the value, and from round 2 on whose word
  // the sender relays ("L2: C said attack"); other events as describe() says them.
  std::string message_label(const Event &event) const;
  // Symmetry reduction (--symmetry): one traitor set per class; see "Symmetry" below for why only
  // the adversary's choice is reduced.
  void canonicalize(State &state) const;

  unsigned generals() const { return n_; }
  unsigned rounds() const { return depth_ + 1; } // m + 1, or n - 1 when m >= n - 1
  std::size_t schedule_length() const { return schedule_.size(); }
  unsigned packed_bits_used() const { return packed_bits_; }

private:
  static constexpr std::uint8_t NoPath = 0xff;
  static constexpr unsigned MaxSymbols = 4; // three values and bottom
  static constexpr unsigned MaxPaths = 30;  // Event::message names a relayed path in 5 bits

  // An internal node of the EIG tree: a path (C, i1, ..., i{k-1}) of distinct generals, k <= m.
  // Ids follow the depth-first (lexicographic) order.
  struct Path {
    std::array<std::uint8_t, MaxGenerals> general{};
    std::uint8_t length = 0;
    std::uint8_t parent = NoPath; // the path without its last general
    std::uint16_t members = 0;    // bit g: g is on the path
  };

  enum class StepKind : std::uint8_t { ChooseTraitors, ChooseOrder, Message, Decide };
  // One entry of the fixed schedule. A message is about path sigma, from last(sigma) to recipient.
  struct ScheduledStep {
    StepKind kind = StepKind::Message;
    std::uint8_t sender = 0;
    std::uint8_t recipient = 0;
    std::uint8_t prefix = NoPath; // sigma minus its sender, which a loyal sender relays
                                  // (NoPath: round 1, the order)
    std::uint8_t node = NoPath;   // sigma when the recipient stores it (|sigma| <= m); NoPath: leaf
    std::uint8_t closes = 0;      // leaf: how many of the recipient's tree nodes it completes
  };

  // A bit field of State::packed; widths are 1, 2 or 4 and offsets multiples of the width, so no
  // field straddles two bytes. Width 0: no such field.
  struct Field {
    std::uint16_t offset = 0;
    std::uint8_t width = 0;
  };

  unsigned n_ = 4;
  unsigned f_ = 1;
  unsigned m_ = 1;
  unsigned depth_ = 1; // the longest internal path: min(m, n - 2) (a longer m changes nothing)
  bool exact_ = false;
  unsigned values_ = 2;  // what a loyal commander may order
  bool bottom_ = false;  // --tie bottom: no majority (and no message) gives bottom
  unsigned symbols_ = 2; // what a message may carry: the values, and bottom under --tie bottom
  bool lies_ = false;    // --values 3: the history bits lied_to_field_ are kept
  unsigned packed_bits_ = 0;
  std::vector<std::uint16_t> traitor_sets_;
  bool fixed_traitors_ = false; // --faulty
  std::optional<Value> fixed_order_;  // --order
  std::vector<Value> commander_says_; // --commander-says: [j - 1] for lieutenant j
  Value parse_value(const std::string &option, const std::string &text) const;
  std::vector<Path> paths_;
  std::vector<ScheduledStep> schedule_;
  // [step]: the messages of the schedule before it, and the round of the last of them (0: none);
  // the bound properties messages and rounds read them.
  std::vector<std::uint16_t> sent_before_;
  std::vector<std::uint8_t> round_before_;
  // Layout of State::packed.
  Field order_field_;                               // 0: not chosen (or C is a traitor), 1 + v
  std::array<Field, MaxGenerals> decision_field_{}; // per lieutenant: 0 undecided, 1 + v
  std::vector<Field> counter_field_;                // [level * symbols + v], level 0..depth
  std::array<Field, MaxGenerals> lied_to_field_{};  // per lieutenant, with --values 3
  std::vector<Field> heard_field_;                  // [general * paths + path id]
  std::vector<std::uint16_t> arrival_;              // [general * paths + path id]: its step

  static std::uint8_t width_for(unsigned largest);
  static unsigned internal_paths(unsigned n, unsigned depth);
  static unsigned packed_bits_for(unsigned n, unsigned depth, unsigned symbols, bool lies);
  void build_paths();
  void build_schedule();
  void build_layout();
  void add_leaves(unsigned recipient, std::uint8_t parent);

  static unsigned read(const State &state, Field field) {
    return (state.packed[field.offset / 8] >> (field.offset % 8)) & ((1u << field.width) - 1);
  }
  static void write(State &state, Field field, unsigned value) {
    std::uint8_t &byte = state.packed[field.offset / 8];
    const unsigned mask = ((1u << field.width) - 1) << (field.offset % 8);
    byte = static_cast<std::uint8_t>((byte & ~mask) | ((value << (field.offset % 8)) & mask));
  }

  static bool is_traitor(const State &state, unsigned general) {
    return (state.traitors >> general) & 1u;
  }
  bool has_order(const State &state) const { return read(state, order_field_) != 0; }
  Value order(const State &state) const { return Value(read(state, order_field_) - 1); }
  bool has_decided(const State &state, unsigned j) const {
    return read(state, decision_field_[j]) != 0;
  }
  Value decision(const State &state, unsigned j) const {
    return Value(read(state, decision_field_[j]) - 1);
  }
  Field heard_field(unsigned general, std::uint8_t path) const {
    return heard_field_[general * paths_.size() + path];
  }
  Field counter(unsigned level, Value value) const {
    return counter_field_[level * symbols_ + value];
  }
  Value bottom() const { return Value(values_); } // the symbol bottom, under --tie bottom

  // What a loyal sender sends for the message `entry` (the value it holds for entry.prefix).
  Value relayed_value(const State &state, const ScheduledStep &entry) const {
    if (entry.prefix == NoPath)
      return order(state);
    return Value(read(state, heard_field(entry.sender, entry.prefix)));
  }
  std::uint8_t message_code(const State &state, const ScheduledStep &entry) const;
  std::uint32_t closing_tally(const State &state, const ScheduledStep &entry, Value value) const;
  std::string tally_text(std::uint32_t packed) const;
  bool is_skipped(const State &state, const ScheduledStep &entry) const;
  void advance(State &state) const;
  void receive(State &state, const ScheduledStep &entry, Value value) const;
  Value majority(const State &state, unsigned level, Value own) const;
  // The symbol held by more than half of `votes` (a count per symbol); when none is, the default
  // (retreat) or bottom, by the tie rule.
  Value majority_of(const std::array<unsigned, MaxSymbols> &votes) const;

  std::string name(unsigned general) const;
  std::string path_text(std::uint8_t path) const;
  std::string told_chain(std::uint8_t path) const;
  std::string said_chain(std::uint8_t path) const;
  std::string value_text(unsigned value) const {
    if (value == values_)
      return "bottom";
    if (values_ == 3)
      return std::string(1, "vuw"[value]);
    return value == Attack ? "attack" : "retreat";
  }
  std::string traitors_text(std::uint16_t set) const;
  // Appends `item` to `text`, after `separator` unless `text` is empty.
  static void join(std::string &text, const char *separator, const std::string &item) {
    if (!text.empty())
      text += separator;
    text += item;
  }
};

// ---------------------------------------------------------------------------------------------
// Parameters and construction

inline void OralMessages::parameters(Parameters<Config> &declare) {
  declare.integer("n", &Config::n, 2, MaxGenerals,
                  "generals: the commander C and lieutenants L1..L{n-1}");
  declare.integer("f", &Config::f, 0, MaxGenerals - 1,
                  "traitors, at most (the commander may be one); less than n");
  declare.integer("m", &Config::m, 0, MaxGenerals - 1,
                  "rounds of recursion OM(m), at most n - 1 (default: f)");
  declare_exact_traitors(declare, &Config::exact_traitors);
  declare_faulty(declare, &Config::faulty);
  declare.integer(
      "values", &Config::values, 2, 3,
      "orders: 2 (attack, retreat) or 3 (v, u, w, as on the slides; needs --tie bottom)");
  declare.choice("tie", &Config::tie, {{"retreat", Tie::Retreat}, {"bottom", Tie::Bottom}},
                 "what no strict majority (or no message) gives: retreat, or bottom (no value)");
  declare.text("order", &Config::order,
               "fix a loyal commander's order (attack, retreat; v, u, w with --values 3); "
               "default: each one");
  declare.text("commander-says", &Config::commander_says,
               "fix what a traitor commander tells L1, L2, ... in round 1, comma-separated "
               "(retreat,attack is the lecture's Fig. 2); default: every choice");
}

// The value named `text` (as reports print it), for --order and --commander-says.
inline OralMessages::Value OralMessages::parse_value(const std::string &option,
                                                     const std::string &text) const {
  std::string known;
  for (unsigned v = 0; v < symbols_; ++v) {
    if (value_text(v) == text)
      return Value(v);
    known += (known.empty() ? "" : ", ") + value_text(v);
  }
  throw BadInput("--" + option + ": no value named " + in_quotes(text) + " (the values are " +
                 known + ")");
}

inline OralMessages::OralMessages(const Config &config)
    : n_(config.n), f_(config.f), m_(config.m.value_or(config.f)) {
  if (n_ < 2 || n_ > MaxGenerals)
    throw BadInput("n = " + std::to_string(n_) + " is out of range: n must be in 2.." +
                   std::to_string(MaxGenerals));
  if (f_ >= n_)
    throw BadInput("f = " + std::to_string(f_) +
                   " is out of range: f must be less than n = " + std::to_string(n_));
  if (m_ >= n_)
    throw BadInput("m = " + std::to_string(m_) +
                   " is out of range: m must be at most n - 1 = " + std::to_string(n_ - 1));
  // A path has distinct generals and a message needs a recipient off the path, so paths are at
  // most n - 1 long: OM(n - 1) sends the same messages as OM(n - 2) and decides the same.
  depth_ = std::min(m_, n_ - 2);
  exact_ = config.exact_traitors;
  values_ = config.values;
  bottom_ = config.tie == Tie::Bottom;
  if (values_ == 3 && !bottom_)
    throw BadInput(
        "values = 3 needs --tie bottom: there is no retreat among v, u, w to fall back on");
  symbols_ = values_ + (bottom_ ? 1u : 0u);
  lies_ = values_ == 3;

  for (unsigned size = exact_ ? f_ : 0; size <= f_; ++size)
    for (unsigned set = 0; set < (1u << n_); ++set)
      if (unsigned(std::popcount(set)) == size)
        traitor_sets_.push_back(std::uint16_t(set));
  // By size, then lexicographically by member list: of two sets of the same size, the one that
  // holds the lowest general in which they differ comes first.
  std::sort(traitor_sets_.begin(), traitor_sets_.end(), [](std::uint16_t a, std::uint16_t b) {
    if (std::popcount(a) != std::popcount(b))
      return std::popcount(a) < std::popcount(b);
    const unsigned differ = a ^ b;
    return (a & differ & (~differ + 1)) != 0;
  });
  if (!config.faulty.empty()) {
    fixed_traitors_ = true;
    traitor_sets_ = {std::uint16_t(parse_faulty(config.faulty, process_names(), f_))};
  }
  if (!config.order.empty()) {
    fixed_order_ = parse_value("order", config.order);
    if (*fixed_order_ >= values_)
      throw BadInput("--order: a loyal commander orders one of the values, not bottom");
  }
  if (!config.commander_says.empty()) {
    std::istringstream list(config.commander_says);
    for (std::string item; std::getline(list, item, ',');)
      commander_says_.push_back(parse_value("commander-says", item));
    if (commander_says_.size() != n_ - 1)
      throw BadInput("--commander-says '" + config.commander_says + "' gives " +
                     std::to_string(commander_says_.size()) +
                     (commander_says_.size() == 1 ? " value" : " values") +
                     ": one per lieutenant (" + std::to_string(n_ - 1) + ") is needed");
  }

  const unsigned needed = packed_bits_for(n_, depth_, symbols_, lies_);
  if (needed > PackedBytes * 8 || internal_paths(n_, depth_) > MaxPaths) {
    unsigned largest = 0;
    while (largest + 1 < n_ - 1 &&
           packed_bits_for(n_, largest + 1, symbols_, lies_) <= PackedBytes * 8 &&
           internal_paths(n_, largest + 1) <= MaxPaths)
      ++largest;
    throw BadInput("n = " + std::to_string(n_) + ", m = " + std::to_string(m_) + " needs " +
                   std::to_string(needed) + " bits of state but a state holds " +
                   std::to_string(PackedBytes * 8) + ": m must be at most " +
                   std::to_string(largest) + " for n = " + std::to_string(n_));
  }
  build_paths();
  build_layout();
  build_schedule();
}

inline void OralMessages::build_paths() {
  // Depth-first from (C): ids in lexicographic order, as the last round needs.
  Path root;
  root.general[0] = 0;
  root.length = 1;
  root.members = 1;
  if (depth_ == 0)
    return;
  auto visit = [&](auto &self, const Path &path) -> void {
    const auto id = std::uint8_t(paths_.size());
    paths_.push_back(path);
    if (path.length == depth_)
      return;
    for (unsigned g = 1; g < n_; ++g) {
      if ((path.members >> g) & 1u)
        continue;
      Path child = path;
      child.general[child.length++] = std::uint8_t(g);
      child.members |= std::uint16_t(1u << g);
      child.parent = id;
      self(self, child);
    }
  };
  visit(visit, root);
}

// Field widths: 1, 2 or 4 bits, enough for `largest`.
inline std::uint8_t OralMessages::width_for(unsigned largest) {
  return std::uint8_t(std::bit_ceil(unsigned(std::bit_width(std::max(largest, 1u)))));
}

// Internal paths of the EIG tree: sum over k = 1..depth of (n-1)!/(n-k)!.
inline unsigned OralMessages::internal_paths(unsigned n, unsigned depth) {
  unsigned total = 0, of_length = 1;
  for (unsigned k = 1; k <= depth; ++k) {
    total += of_length;
    of_length *= n - k;
  }
  return total;
}

// The bits build_layout uses: vote counters, C's order, decisions, then one symbol per loyal
// lieutenant and internal path off which it is: sum over k = 1..depth of (n-2)!/(n-1-k)!; then
// the history bits of --values 3.
inline unsigned OralMessages::packed_bits_for(unsigned n, unsigned depth, unsigned symbols,
                                              bool lies) {
  const unsigned count_width = width_for(n - 1), code_width = width_for(symbols);
  unsigned bits = (depth + 1) * symbols * count_width;
  bits = (bits + code_width - 1) / code_width * code_width + n * code_width;
  unsigned per_lieutenant = 0, of_length = 1;
  for (unsigned k = 1; k <= depth; ++k) {
    per_lieutenant += of_length;
    of_length *= n - 1 - k;
  }
  return bits + (n - 1) * per_lieutenant * width_for(symbols - 1) + (lies ? n - 1 : 0);
}

inline void OralMessages::build_layout() {
  // Widest fields first, so that each field's offset is a multiple of its width.
  unsigned bits = 0;
  const auto place = [&bits](std::uint8_t width) {
    bits = (bits + width - 1) / width * width;
    const Field field{std::uint16_t(bits), width};
    bits += width;
    return field;
  };
  const std::uint8_t count_width = width_for(n_ - 1); // a node has at most n - 1 votes
  for (unsigned level = 0; level <= depth_; ++level)
    for (unsigned v = 0; v < symbols_; ++v)
      counter_field_.push_back(place(count_width));
  const std::uint8_t code_width = width_for(symbols_); // 0 for "none", 1 + symbol
  order_field_ = place(code_width);
  for (unsigned j = 1; j < n_; ++j)
    decision_field_[j] = place(code_width);
  const std::uint8_t value_width = width_for(symbols_ - 1);
  heard_field_.assign(n_ * paths_.size(), Field{});
  for (unsigned j = 1; j < n_; ++j)
    for (std::size_t id = 0; id < paths_.size(); ++id)
      if (((paths_[id].members >> j) & 1u) == 0)
        heard_field_[j * paths_.size() + id] = place(value_width);
  if (lies_)
    for (unsigned j = 1; j < n_; ++j)
      lied_to_field_[j] = place(1);
  packed_bits_ = bits;
}

// The fixed schedule: choose traitors, choose the order, rounds 1..depth about the internal paths
// (path by path, recipients in order), then the last round recipient by recipient, each followed by
// the recipient's decision.
inline void OralMessages::build_schedule() {
  schedule_.push_back({StepKind::ChooseTraitors});
  schedule_.push_back({StepKind::ChooseOrder});
  arrival_.assign(n_ * paths_.size(), 0);
  for (unsigned length = 1; length <= depth_; ++length)
    for (std::size_t id = 0; id < paths_.size(); ++id) {
      const Path &path = paths_[id];
      if (path.length != length)
        continue;
      for (unsigned j = 1; j < n_; ++j) {
        if ((path.members >> j) & 1u)
          continue;
        arrival_[j * paths_.size() + id] = std::uint16_t(schedule_.size());
        schedule_.push_back({StepKind::Message, path.general[length - 1], std::uint8_t(j),
                             path.parent, std::uint8_t(id), 0});
      }
    }
  for (unsigned j = 1; j < n_; ++j) {
    if (depth_ == 0) // OM(0): the commander's message is the leaf
      schedule_.push_back({StepKind::Message, 0, std::uint8_t(j), NoPath, NoPath, 0});
    for (std::size_t id = 0; id < paths_.size(); ++id)
      if (paths_[id].length == depth_ && ((paths_[id].members >> j) & 1u) == 0)
        add_leaves(j, std::uint8_t(id));
    schedule_.push_back({StepKind::Decide, 0, std::uint8_t(j), NoPath, NoPath, 0});
  }
  // Every message of the protocol counts, a traitor's to a traitor too (the lecture's count): an
  // internal path's message is in the round of its length, a leaf in round m + 1.
  sent_before_.assign(schedule_.size() + 1, 0);
  round_before_.assign(schedule_.size() + 1, 0);
  for (std::size_t step = 0; step < schedule_.size(); ++step) {
    const ScheduledStep &entry = schedule_[step];
    const bool message = entry.kind == StepKind::Message;
    sent_before_[step + 1] = std::uint16_t(sent_before_[step] + (message ? 1 : 0));
    round_before_[step + 1] =
        !message ? round_before_[step]
                 : std::uint8_t(entry.node != NoPath ? paths_[entry.node].length : depth_ + 1);
  }
}

// The last-round messages to `recipient` about the children of `parent` (a path of length m), and
// for each one how many nodes of the recipient's tree it completes: its parent when it is the
// parent's last child, the grandparent when the parent is its last child too, and so on.
inline void OralMessages::add_leaves(unsigned recipient, std::uint8_t parent) {
  const auto last_child = [&](std::uint8_t node) {
    unsigned last = 0;
    for (unsigned g = 1; g < n_; ++g)
      if (g != recipient && ((paths_[node].members >> g) & 1u) == 0)
        last = g;
    return last;
  };
  for (unsigned g = 1; g < n_; ++g) {
    if (g == recipient || ((paths_[parent].members >> g) & 1u))
      continue;
    std::uint8_t closes = 0;
    std::uint8_t node = parent;
    unsigned child = g;
    while (child == last_child(node)) {
      ++closes;
      if (paths_[node].parent == NoPath)
        break;
      child = paths_[node].general[paths_[node].length - 1];
      node = paths_[node].parent;
    }
    schedule_.push_back(
        {StepKind::Message, std::uint8_t(g), std::uint8_t(recipient), parent, NoPath, closes});
  }
}

// ---------------------------------------------------------------------------------------------
// Steps

template <class Emit> void OralMessages::initial(Emit &&emit) const {
  emit(adversary(ActionStart), State{});
}

template <class Emit> void OralMessages::successors(const State &state, Emit &&emit) const {
  if (state.step >= schedule_.size())
    return;
  const ScheduledStep &entry = schedule_[state.step];
  switch (entry.kind) {
  case StepKind::ChooseTraitors:
    for (const std::uint16_t set : traitor_sets_) {
      State next = state;
      next.traitors = set;
      ++next.step;
      advance(next);
      emit(adversary(ActionChooseTraitors, set), next);
    }
    return;
  case StepKind::ChooseOrder:
    for (Value v = 0; v < values_; ++v) {
      if (fixed_order_ && v != *fixed_order_)
        continue;
      State next = state;
      write(next, order_field_, 1u + v);
      ++next.step;
      advance(next);
      emit(local(0, ActionOrder, v), next);
    }
    return;
  case StepKind::Message: {
    const std::uint8_t code = message_code(state, entry);
    if (!is_traitor(state, entry.sender)) {
      const Value v = relayed_value(state, entry);
      State next = state;
      receive(next, entry, v);
      emit(transmit(entry.sender, entry.recipient, code, v | closing_tally(state, entry, v)), next);
      return;
    }
    const bool said = entry.sender == 0 && entry.prefix == NoPath && !commander_says_.empty();
    for (Value v = 0; v < symbols_; ++v) { // the adversary picks every traitor message
      if (said && v != commander_says_[entry.recipient - 1])
        continue;
      State next = state;
      receive(next, entry, v);
      emit(transmit(entry.sender, entry.recipient, code, v | closing_tally(state, entry, v)), next);
    }
    return;
  }
  case StepKind::Decide: {
    // The last message completed the whole tree: level 0 holds exactly one vote, resolve_j((C)).
    State next = state;
    Value v = 0;
    while (read(next, counter(0, v)) == 0)
      ++v;
    write(next, counter(0, v), 0);
    write(next, decision_field_[entry.recipient], 1u + v);
    ++next.step;
    advance(next);
    emit(decide(entry.recipient, v), next);
    return;
  }
  }
}

// Entries that are no step for this traitor set: a traitor commander has no order of its own, a
// traitor-to-traitor message carries nothing, and traitors' decisions are not judged.
inline bool OralMessages::is_skipped(const State &state, const ScheduledStep &entry) const {
  switch (entry.kind) {
  case StepKind::ChooseTraitors:
    return false;
  case StepKind::ChooseOrder:
    return is_traitor(state, 0);
  case StepKind::Message:
    return is_traitor(state, entry.sender) && is_traitor(state, entry.recipient);
  case StepKind::Decide:
    return is_traitor(state, entry.recipient);
  }
  return false;
}

inline void OralMessages::advance(State &state) const {
  while (state.step < schedule_.size() && is_skipped(state, schedule_[state.step]))
    ++state.step;
}

// The recipient of `entry` gets `value`: it stores it (internal path), or counts it as a vote for
// the leaf's parent and folds every subtree the leaf completes into its parent's votes.
inline void OralMessages::receive(State &state, const ScheduledStep &entry, Value value) const {
  const unsigned j = entry.recipient;
  if (!is_traitor(state, j)) {
    if (lies_ && !is_traitor(state, 0) && value != order(state))
      write(state, lied_to_field_[j], 1);
    if (entry.node != NoPath) {
      write(state, heard_field(j, entry.node), value);
    } else {
      const unsigned level = entry.prefix == NoPath ? 0 : paths_[entry.prefix].length;
      write(state, counter(level, value), read(state, counter(level, value)) + 1);
      std::uint8_t node = entry.prefix;
      for (unsigned done = 0; done < entry.closes; ++done) {
        const unsigned k = paths_[node].length;
        const Value result = majority(state, k, Value(read(state, heard_field(j, node))));
        for (Value v = 0; v < symbols_; ++v)
          write(state, counter(k, v), 0);
        write(state, counter(k - 1, result), read(state, counter(k - 1, result)) + 1);
        node = paths_[node].parent;
      }
    }
  }
  ++state.step;
  advance(state);
}

// Event::value bits 8 and up of a message that completes a node of a loyal recipient's tree: the
// multiset the recipient takes the majority of there (its own value for the node, the votes
// counted before, and this one), 4 bits per symbol; 0 for any other message. The state forgets
// the votes once they are folded, so the step's words show them (the lecture's L1 = {A, A, R}).
inline std::uint32_t OralMessages::closing_tally(const State &state, const ScheduledStep &entry,
                                                 Value value) const {
  if (is_traitor(state, entry.recipient) || entry.node != NoPath || entry.closes == 0 ||
      entry.prefix == NoPath)
    return 0;
  const unsigned level = paths_[entry.prefix].length;
  const auto own = Value(read(state, heard_field(entry.recipient, entry.prefix)));
  std::uint32_t packed = 0;
  for (Value v = 0; v < symbols_; ++v) {
    const unsigned count = read(state, counter(level, v)) + (v == own) + (v == value);
    packed |= count << (8 + 4 * v);
  }
  return packed;
}

// "{attack, attack, retreat}: majority attack" for a tally packed by closing_tally.
inline std::string OralMessages::tally_text(std::uint32_t packed) const {
  std::string votes;
  unsigned total = 0;
  std::array<unsigned, MaxSymbols> counts{};
  for (Value v = 0; v < symbols_; ++v) {
    counts[v] = (packed >> (4 * v)) & 0xfu;
    total += counts[v];
    for (unsigned k = 0; k < counts[v]; ++k)
      join(votes, ", ", value_text(v));
  }
  const Value result = majority_of(counts);
  const bool strict = 2 * counts[result] > total;
  return "{" + votes + "}: " + (strict ? "majority " : "no majority, ") + value_text(result);
}

// The symbol held by more than half of the votes at `level` plus the node's own raw value `own`;
// when there is none, the default (retreat) or bottom, by the tie rule.
inline OralMessages::Value OralMessages::majority(const State &state, unsigned level,
                                                  Value own) const {
  std::array<unsigned, MaxSymbols> votes{};
  votes[own] = 1;
  for (Value v = 0; v < symbols_; ++v)
    votes[v] += read(state, counter(level, v));
  return majority_of(votes);
}

inline OralMessages::Value
OralMessages::majority_of(const std::array<unsigned, MaxSymbols> &votes) const {
  unsigned total = 0;
  for (Value v = 0; v < symbols_; ++v)
    total += votes[v];
  for (Value v = 0; v < symbols_; ++v)
    if (2 * votes[v] > total)
      return v;
  return bottom_ ? bottom() : DefaultValue;
}

// Event::message of a message step: the relayed path and, for a traitor, what it was told (known
// when its informant, the last general of the relayed path, is loyal).
inline std::uint8_t OralMessages::message_code(const State &state,
                                               const ScheduledStep &entry) const {
  const unsigned path_code = entry.prefix == NoPath ? 0u : entry.prefix + 1u;
  unsigned kind = LoyalRelay;
  if (is_traitor(state, entry.sender)) {
    kind = TraitorUninformed;
    if (entry.prefix != NoPath) {
      const Path &relayed = paths_[entry.prefix];
      const unsigned informant = relayed.general[relayed.length - 1];
      if (!is_traitor(state, informant)) {
        const Value told = informant == 0
                               ? order(state)
                               : Value(read(state, heard_field(informant, relayed.parent)));
        kind = TraitorTold + told;
      }
    }
  }
  return std::uint8_t(path_code << 3 | kind);
}

// ---------------------------------------------------------------------------------------------
// Symmetry
//
// The lieutenants play interchangeable roles: relaying and majority never look at a general's id,
// and every traitor message is an independent choice of the adversary. Only the schedule orders
// them, and that order changes no value: a round's messages depend only on what was held when the
// round began, and a majority only on the multiset of its votes. So for a permutation pi of the
// lieutenants, the runs from traitor set T end in exactly the pi-images of the end states of the
// runs from pi(T). IC1, IC2 and termination quantify over all loyal lieutenants and read only the
// order and the decisions, which never change once made (a violation lasts to the end of its run),
// so they have the same verdicts from T and from pi(T).
//
// A permuted state in the middle of a run is no state of the schedule, though (it would hold L2's
// messages where the schedule has delivered L1's), and its successors would not be the permuted
// successors. The one point where a permutation maps a state to a state with permuted successors
// is right after the adversary's choice, where the state is the traitor set alone: that state is
// replaced by its class representative, which keeps C's membership and makes the traitor
// lieutenants L1..Lk. It is the first set of its class in traitor_sets_, so a trace re-derived
// through canonical forms (the engine takes the first successor whose canonical form matches)
// takes the representative itself, and every later state of the reduced run is a concrete state.
// Runs from T and from pi(T) can differ in length (messages to a traitor are steps, and where they
// fall in the schedule depends on who the traitor is), so a counterexample found with reduction is
// a shortest one among the representatives' runs and may be longer than without: OM n = 3, f = 1
// violates IC2 in 7 steps with traitor L1 where traitor L2 takes 6.

inline void OralMessages::canonicalize(State &state) const {
  if (fixed_traitors_ || !commander_says_.empty())
    return; // --faulty: the traitors shown are the ones asked for, not a representative; and
            // --commander-says tells lieutenants apart
  const auto chosen = [this](unsigned traitors) {
    State fresh;
    fresh.traitors = std::uint16_t(traitors);
    fresh.step = 1;
    advance(fresh);
    return fresh;
  };
  const State own = chosen(state.traitors);
  if (state.step == 0 || std::memcmp(&state, &own, sizeof(State)) != 0)
    return; // not the state right after the choice
  const unsigned lieutenants = unsigned(std::popcount(unsigned(state.traitors) >> 1));
  state = chosen((state.traitors & 1u) | ((1u << lieutenants) - 1u) << 1);
}

// ---------------------------------------------------------------------------------------------
// Properties

inline std::vector<Property<OralMessages::State>> OralMessages::properties() const {
  // The lambdas keep copies of what they read, so they do not depend on this model's lifetime.
  const OralMessages model = *this;
  const auto first_disagreement = [model](const State &state) -> std::string {
    unsigned first = 0;
    for (unsigned j = 1; j < model.n_; ++j) {
      if (is_traitor(state, j) || !model.has_decided(state, j))
        continue;
      if (first == 0)
        first = j;
      else if (model.decision(state, j) != model.decision(state, first))
        return "loyal " + model.name(first) + " decided " +
               model.value_text(model.decision(state, first)) + ", loyal " + model.name(j) +
               " decided " + model.value_text(model.decision(state, j));
    }
    return {};
  };
  const auto first_disobedience = [model](const State &state) -> std::string {
    if (is_traitor(state, 0) || !model.has_order(state))
      return {};
    for (unsigned j = 1; j < model.n_; ++j)
      if (!is_traitor(state, j) && model.has_decided(state, j) &&
          model.decision(state, j) != model.order(state))
        return "loyal commander ordered " + model.value_text(model.order(state)) + ", loyal " +
               model.name(j) + " decided " + model.value_text(model.decision(state, j));
    return {};
  };
  const auto first_undecided = [model](const State &state) -> std::string {
    for (unsigned j = 1; j < model.n_; ++j)
      if (!is_traitor(state, j) && !model.has_decided(state, j))
        return "loyal " + model.name(j) + " has not decided";
    return {};
  };
  std::vector<Property<State>> properties{
      always<State>(
          "IC1", "agreement: all loyal lieutenants that have decided, decided the same value",
          [first_disagreement](const State &s) { return first_disagreement(s).empty(); },
          first_disagreement),
      always<State>(
          "IC2", "validity: if the commander is loyal, every loyal lieutenant obeys its order",
          [first_disobedience](const State &s) { return first_disobedience(s).empty(); },
          first_disobedience),
      at_end<State>(
          "termination", "every loyal lieutenant decides",
          [first_undecided](const State &s) { return first_undecided(s).empty(); },
          first_undecided),
  };
  // Witnesses of the slides' 4-generals example (slide 71). Both read only the order, decisions
  // and the history bits, which never change once set, and quantify over all loyal lieutenants,
  // so symmetry reduction keeps them (see "Symmetry").
  const auto every_loyal = [model](const State &state, auto &&test) {
    unsigned loyal = 0;
    for (unsigned j = 1; j < model.n_; ++j) {
      if (is_traitor(state, j))
        continue;
      if (!model.has_decided(state, j) || !test(j))
        return false;
      ++loyal;
    }
    return loyal > 0;
  };
  // The lecture's counts (5.2): OM(m) sends (n-1) + (n-1)(n-2) + ... messages, one term a round,
  // in m + 1 rounds. The state's place in the fixed schedule says how many have been sent.
  std::vector<unsigned> per_round(depth_ + 2, 0);
  for (std::size_t step = 0; step < schedule_.size(); ++step)
    if (schedule_[step].kind == StepKind::Message)
      ++per_round[round_before_[step + 1]];
  std::string terms;
  for (unsigned round = 1; round <= depth_ + 1; ++round)
    terms += (round == 1 ? "" : " + ") + std::to_string(per_round[round]);
  properties.push_back(bound<State>(
      "messages", "messages sent: (n-1) + (n-1)(n-2) + ..., one term a round of OM(m)",
      [sent = sent_before_](const State &s) { return std::int64_t(sent[s.step]); },
      [sent = sent_before_, round = round_before_, terms](const State &s) {
        return std::to_string(sent[s.step]) + " messages in " + std::to_string(round[s.step]) +
               (round[s.step] == 1 ? " round (" : " rounds (") + terms + ")";
      }));
  properties.push_back(bound<State>(
      "rounds", "rounds of messages: m + 1",
      [round = round_before_](const State &s) { return std::int64_t(round[s.step]); },
      [round = round_before_](const State &s) {
        return std::to_string(round[s.step]) + (round[s.step] == 1 ? " round" : " rounds");
      }));
  if (lies_)
    properties.push_back(reachable<State>(
        "outvoted-lie",
        "the commander is loyal, every loyal lieutenant is told another value than its order, "
        "and every one decides the order: the majority outvotes the lie",
        [model, every_loyal](const State &s) {
          return !is_traitor(s, 0) && model.has_order(s) && every_loyal(s, [&](unsigned j) {
            return read(s, model.lied_to_field_[j]) != 0 && model.decision(s, j) == model.order(s);
          });
        }));
  if (bottom_)
    properties.push_back(reachable<State>(
        "all-bottom",
        "the commander is a traitor and every loyal lieutenant decides bottom: no value has a "
        "majority",
        [model, every_loyal](const State &s) {
          return is_traitor(s, 0) &&
                 every_loyal(s, [&](unsigned j) { return model.decision(s, j) == model.bottom(); });
        }));
  return properties;
}

// ---------------------------------------------------------------------------------------------
// Text

inline std::vector<std::string> OralMessages::process_names() const {
  std::vector<std::string> names;
  for (unsigned g = 0; g < n_; ++g)
    names.push_back(name(g));
  return names;
}

inline std::string OralMessages::name(unsigned general) const {
  if (general == 0)
    return "C";
  std::string text = "L";
  return text.append(std::to_string(general));
}

// "C>L1>L3": the value that travelled from C to L1 to L3 (and then to the holder).
inline std::string OralMessages::path_text(std::uint8_t path) const {
  std::string text;
  for (unsigned i = 0; i < paths_[path].length; ++i)
    join(text, ">", name(paths_[path].general[i]));
  return text;
}

// "L3 told it L1 said C said": who told the sender what, for the relayed path C>L1>L3.
inline std::string OralMessages::told_chain(std::uint8_t path) const {
  const Path &p = paths_[path];
  std::string text = name(p.general[p.length - 1]) + " told it";
  for (unsigned i = p.length - 1; i-- > 0;)
    text.append(" ").append(name(p.general[i])).append(" said");
  return text;
}

// "L1 said C said ": the relayed path C>L1 as the words of its last general about the others.
inline std::string OralMessages::said_chain(std::uint8_t path) const {
  const Path &p = paths_[path];
  std::string text;
  for (unsigned i = p.length; i-- > 0;)
    text.append(name(p.general[i])).append(" said ");
  return text;
}

inline std::string OralMessages::traitors_text(std::uint16_t set) const {
  std::string members;
  for (unsigned g = 0; g < n_; ++g)
    if ((set >> g) & 1u)
      join(members, ", ", name(g));
  return "{" + members + "}";
}

inline StateView OralMessages::describe(const State &state) const {
  StateView view;
  const bool chosen = state.step > 0;
  view.push_back({"traitors", chosen ? traitors_text(state.traitors) : "(not chosen yet)"});
  view.push_back({"C.order", chosen && is_traitor(state, 0) ? "(traitor)"
                             : has_order(state)             ? value_text(order(state))
                                                            : "-"});
  // Vote counters are non-zero only while a loyal recipient's last-round messages arrive, and
  // then the entry just executed is one of them: its path names the open nodes.
  unsigned tally_owner = 0;
  std::string tally;
  if (state.step > 0 && state.step <= schedule_.size()) {
    const ScheduledStep &last = schedule_[state.step - 1];
    if (last.kind == StepKind::Message && last.node == NoPath &&
        !is_traitor(state, last.recipient)) {
      tally_owner = last.recipient;
      std::vector<std::string> levels(depth_ + 1);
      for (std::uint8_t node = last.prefix; node != NoPath; node = paths_[node].parent) {
        // The lecture's multiset: the value the recipient holds for the node itself, then each
        // vote counted so far ("C: {attack, attack, retreat}").
        const unsigned k = paths_[node].length;
        std::string votes;
        for (Value v = 0; v < symbols_; ++v)
          for (unsigned count = read(state, counter(k, v)); count > 0; --count)
            join(votes, ", ", value_text(v));
        if (!votes.empty())
          levels[k] = path_text(node) + ": {" +
                      value_text(Value(read(state, heard_field(last.recipient, node)))) + ", " +
                      votes + "}";
      }
      for (Value v = 0; v < symbols_; ++v)
        if (read(state, counter(0, v)) > 0)
          levels[0] = "resolved: " + value_text(v);
      for (unsigned k = 1; k <= depth_; ++k)
        if (!levels[k].empty())
          join(tally, "; ", levels[k]);
      if (!levels[0].empty())
        join(tally, "; ", levels[0]);
    }
  }
  for (unsigned j = 1; j < n_; ++j) {
    const std::string lieutenant = name(j);
    if (chosen && is_traitor(state, j)) {
      view.push_back({lieutenant + ".heard", "(traitor)"});
      view.push_back({lieutenant + ".tally", "-"});
      view.push_back({lieutenant + ".decision", "(traitor)"});
      continue;
    }
    std::string heard;
    for (std::size_t id = 0; id < paths_.size(); ++id) {
      const std::size_t slot = j * paths_.size() + id;
      if (heard_field_[slot].width != 0 && arrival_[slot] < state.step)
        join(heard, " ",
             path_text(std::uint8_t(id)) + ":" + value_text(read(state, heard_field_[slot])));
    }
    view.push_back({lieutenant + ".heard", heard.empty() ? "-" : heard});
    view.push_back({lieutenant + ".tally", j == tally_owner && !tally.empty() ? tally : "-"});
    if (lies_)
      view.push_back({lieutenant + ".told-otherwise",
                      read(state, lied_to_field_[j]) != 0 ? "yes (not the order)" : "no"});
    view.push_back(
        {lieutenant + ".decision", has_decided(state, j) ? value_text(decision(state, j)) : "-"});
  }
  return view;
}

inline std::string OralMessages::describe(const Event &event) const {
  switch (event.kind) {
  case EventKind::Adversary:
    if (event.message == ActionStart)
      return "start: nothing chosen yet";
    return event.value == 0
               ? "the adversary picks no traitors"
               : "the adversary picks the traitors " + traitors_text(std::uint16_t(event.value));
  case EventKind::Local:
    return "C orders " + value_text(event.value);
  case EventKind::Decide:
    return name(event.actor) + " decides " + value_text(event.value);
  case EventKind::Transmit: {
    const unsigned value = event.value & 0xffu;
    const std::string head =
        name(event.actor) + " -> " + name(event.peer) + ": " + value_text(value) + " (";
    const unsigned path_code = event.message >> 3, kind = event.message & 7u;
    if (path_code == 0)
      return head + (kind == LoyalRelay ? "the commander's order)" : "traitor commander)");
    const auto relayed = std::uint8_t(path_code - 1);
    // The vote completes a node of the recipient's tree: the multiset it decides.
    const std::string tally = (event.value >> 8) == 0
                                  ? ""
                                  : "; " + name(event.peer) + "'s tally " + path_text(relayed) +
                                        ": " + tally_text(event.value >> 8);
    if (kind == LoyalRelay)
      return head + name(event.actor) + " relays what " + told_chain(relayed) + ")" + tally;
    if (kind == TraitorUninformed)
      return head + "traitor; its informant " +
             name(paths_[relayed].general[paths_[relayed].length - 1]) + " is a traitor too)" +
             tally;
    const unsigned told = kind - TraitorTold;
    return head + (told == value ? "traitor, truthful: " : "traitor; ") + told_chain(relayed) +
           " " + value_text(told) + ")" + tally;
  }
  default:
    return "?";
  }
}

inline std::string OralMessages::message_label(const Event &event) const {
  if (event.kind != EventKind::Transmit)
    return describe(event);
  const unsigned path_code = event.message >> 3;
  const unsigned value = event.value & 0xffu; // bits 8 and up: closing_tally
  if (path_code == 0)
    return value_text(value); // round 1: the order itself
  return name(event.actor) + ": " + said_chain(std::uint8_t(path_code - 1)) + value_text(value);
}

} // namespace protocheck::byzantine
