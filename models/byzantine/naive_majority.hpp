// The naive solution of lecture text section 3: majority voting over a plain broadcast.
//
// Every general G1..Gn starts with an opinion (attack or retreat), sends it to every other
// general, and once it holds all n values (its own included) decides by majority; a tie, or any
// count short of a strict majority for attack, means retreat. Synchronous: the messages go one
// per step in a fixed order (sender, then recipient), then the generals decide in order.
//
// The loyal generals' opinions are chosen nondeterministically in the initial state, as is the
// set of traitors (at most f; exactly f with --exact-traitors). A traitor sends each loyal general
// a value of its choice, attack or retreat, independently per recipient (saying nothing counts as
// retreat, so it needs no separate step). What traitors receive is irrelevant and not shown.
//
// With one traitor, agreement fails: the traitor tells half of the loyal generals "attack" and the
// other half "retreat", and a split loyal vote tips both ways (lecture, Fig. 1). Validity (all
// loyal generals share an opinion, so they decide it) holds as long as the loyal generals are a
// strict majority, n > 2f.
//
// Every message is one synchronous Transmit step, so no event needs a message identity
// (Event::message_id stays 0).
#pragma once

#include <protocheck/event.hpp>
#include <protocheck/model.hpp>
#include <protocheck/models/byzantine/traitors.hpp>
#include <protocheck/parameters.hpp>
#include <protocheck/params.hpp>
#include <protocheck/property.hpp>

#include <array>
#include <bit>
#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace protocheck::byzantine {

class NaiveMajority {
public:
  static constexpr unsigned MaxGenerals = 8;
  enum Opinion : std::uint8_t { Attack = 0, Retreat = 1 };

  struct State {
    std::uint8_t sender = 0;    // next message sender -> recipient; sender == n: deciding
    std::uint8_t recipient = 0; // (while deciding: the next general to decide; n: all done)
    std::uint8_t traitors = 0;  // bit g: general g (G(g+1)) is a traitor
    std::uint8_t opinions = 0;  // bit g: loyal general g's opinion is attack
    std::array<std::uint8_t, MaxGenerals> attack_votes{}; // attack values counted, own included
    std::array<std::uint8_t, MaxGenerals> decision{};     // 0: undecided, else 1 + Opinion
  };
  static_assert(std::has_unique_object_representations_v<State>);

  // Event::message of a Transmit: the value sent, plus TraitorChoice.
  static constexpr std::uint8_t TraitorChoice = 2;

  struct Config {
    unsigned n = 4;
    unsigned f = 1;
    bool exact_traitors = false;
    std::string faulty; // --faulty: the traitors fixed; empty: every set of at most f
  };
  static void parameters(Parameters<Config> &declare) {
    declare.integer("n", &Config::n, 2, MaxGenerals, "number of generals");
    declare.integer("f", &Config::f, 0, MaxGenerals - 1, "most traitors; at most n-1");
    declare_exact_traitors(declare, &Config::exact_traitors);
    declare_faulty(declare, &Config::faulty);
  }

  explicit NaiveMajority(const Config &config)
      : n_(config.n), f_(config.f), exact_(config.exact_traitors) {
    if (f_ > n_ - 1)
      throw BadInput("f = " + std::to_string(f_) + " is out of range: f must be in 0.." +
                     std::to_string(n_ - 1) + " (n - 1) for n = " + std::to_string(n_));
    fixed_traitors_ = !config.faulty.empty();
    fixed_mask_ = static_cast<unsigned>(parse_faulty(config.faulty, process_names(), f_));
  }

  std::vector<std::string> process_names() const {
    std::vector<std::string> names;
    for (unsigned g = 0; g < n_; ++g)
      names.push_back(name(g));
    return names;
  }

  template <class Emit> void initial(Emit &&emit) const {
    for (unsigned traitors = 0; traitors < (1u << n_); ++traitors) {
      const auto count = static_cast<unsigned>(std::popcount(traitors));
      if (fixed_traitors_ ? traitors != fixed_mask_ : exact_ ? count != f_ : count > f_)
        continue;
      const unsigned loyal = ((1u << n_) - 1) & ~traitors;
      // Every assignment of opinions to the loyal generals: the submasks of `loyal` that attack.
      for (unsigned attackers = 0;; attackers = (attackers - loyal) & loyal) {
        State state;
        state.traitors = static_cast<std::uint8_t>(traitors);
        state.opinions = static_cast<std::uint8_t>(attackers);
        for (unsigned g = 0; g < n_; ++g)
          state.attack_votes[g] = static_cast<std::uint8_t>((attackers >> g) & 1u);
        normalize(state);
        emit(adversary(0, traitors | attackers << 8), state);
        if (attackers == loyal)
          break;
      }
    }
  }

  template <class Emit> void successors(const State &state, Emit &&emit) const {
    if (state.sender == n_) {
      if (state.recipient < n_)
        emit_decision(state, state.recipient, emit);
      return;
    }
    if (is_traitor(state, state.sender)) {
      emit_message(state, Attack, true, emit);
      emit_message(state, Retreat, true, emit);
    } else {
      emit_message(state, opinion(state, state.sender), false, emit);
    }
  }

  // The traitors (bit g: general g, that is G(g+1)), for charts.
  ProcessMask faulty(const State &state) const { return state.traitors; }

  // A message as a chart labels its arrow: the opinion it carries, "attack" or "retreat"; other
  // events as describe() says them.
  std::string message_label(const Event &event) const {
    if (event.kind != EventKind::Transmit)
      return describe(event);
    return opinion_name(event.message & 1u);
  }

  std::vector<Property<State>> properties() const {
    return {
        always<State>(
            "agreement", "all loyal generals decide the same",
            [this](const State &s) { return disagreeing_pair(s).first == s.decision.size(); },
            [this](const State &s) {
              const auto [a, b] = disagreeing_pair(s);
              return "loyal " + decision_text(s, a) + ", loyal " + decision_text(s, b);
            }),
        always<State>(
            "validity", "if all loyal generals start with the same opinion, they decide it",
            [this](const State &s) { return invalid_decision(s) == s.decision.size(); },
            [this](const State &s) {
              const unsigned g = invalid_decision(s);
              return "every loyal general's opinion was " + opinion_name(opinion(s, g)) +
                     ", loyal " + decision_text(s, g);
            }),
        at_end<State>(
            "termination", "every loyal general decides",
            [this](const State &s) { return undecided(s) == n_; },
            [this](const State &s) { return "loyal " + name(undecided(s)) + " never decided"; }),
    };
  }

  StateView describe(const State &state) const {
    StateView view;
    view.push_back({"traitors", set_text(state.traitors)});
    for (unsigned g = 0; g < n_; ++g) {
      if (is_traitor(state, g))
        continue;
      const std::string prefix = name(g);
      view.push_back({prefix + ".opinion", opinion_name(opinion(state, g))});
      view.push_back({prefix + ".votes", std::to_string(state.attack_votes[g]) + " attack of " +
                                             std::to_string(counted(state, g))});
      view.push_back({prefix + ".decision", state.decision[g] == 0
                                                ? std::string("-")
                                                : opinion_name(state.decision[g] - 1u)});
    }
    return view;
  }

  std::string describe(const Event &event) const {
    switch (event.kind) {
    case EventKind::Adversary: {
      const unsigned traitors = event.value & 0xffu;
      std::string text = traitors == 0 ? "no traitors" : "traitors " + set_text(traitors);
      text += "; opinions";
      for (unsigned g = 0; g < n_; ++g)
        if (!((traitors >> g) & 1u))
          text += " " + name(g) + "=" + opinion_name(((event.value >> (8 + g)) & 1u) ? 0 : 1);
      return text;
    }
    case EventKind::Transmit:
      return name(event.actor) + " -> " + name(event.peer) + ": " +
             opinion_name(event.message & 1u) +
             ((event.message & TraitorChoice) ? " (traitor's choice)" : " (its opinion)");
    case EventKind::Decide:
      return name(event.actor) + " decides " + opinion_name(event.value) + " (" +
             std::to_string(event.message) + " of " + std::to_string(n_) + " values attack)";
    default:
      return "?";
    }
  }

  // The predicates behind the properties (MaxGenerals or n: none).
  std::pair<unsigned, unsigned> disagreeing_pair(const State &s) const {
    for (unsigned a = 0; a < n_; ++a)
      for (unsigned b = a + 1; b < n_; ++b)
        if (!is_traitor(s, a) && !is_traitor(s, b) && s.decision[a] != 0 && s.decision[b] != 0 &&
            s.decision[a] != s.decision[b])
          return {a, b};
    return {static_cast<unsigned>(s.decision.size()), 0};
  }
  unsigned invalid_decision(const State &s) const {
    const unsigned loyal = ((1u << n_) - 1) & ~s.traitors;
    const unsigned attackers = s.opinions & loyal;
    if (attackers != 0 && attackers != loyal)
      return static_cast<unsigned>(s.decision.size()); // opinions differ: anything is valid
    const unsigned common = attackers != 0 ? Attack : Retreat;
    for (unsigned g = 0; g < n_; ++g)
      if (!is_traitor(s, g) && s.decision[g] != 0 && s.decision[g] != 1u + common)
        return g;
    return static_cast<unsigned>(s.decision.size());
  }
  unsigned undecided(const State &s) const {
    for (unsigned g = 0; g < n_; ++g)
      if (!is_traitor(s, g) && s.decision[g] == 0)
        return g;
    return n_;
  }

  static bool is_traitor(const State &s, unsigned g) { return (s.traitors >> g) & 1u; }
  static unsigned opinion(const State &s, unsigned g) {
    return ((s.opinions >> g) & 1u) ? Attack : Retreat;
  }

private:
  // Values general g has counted so far: its own, plus one per message to g already delivered
  // (from every sender before the current one, and from the current one once g is past).
  unsigned counted(const State &s, unsigned g) const {
    if (s.sender == n_)
      return n_;
    const unsigned earlier_senders = s.sender - (g < s.sender ? 1u : 0u);
    const unsigned current = s.sender != g && g < s.recipient ? 1u : 0u;
    return 1 + earlier_senders + current;
  }

  // Moves the pointer to the next message to a loyal general, or to the next loyal general that
  // decides.
  void normalize(State &s) const {
    for (; s.sender < n_; ++s.sender, s.recipient = 0)
      for (; s.recipient < n_; ++s.recipient)
        if (s.recipient != s.sender && !is_traitor(s, s.recipient))
          return;
    while (s.recipient < n_ && is_traitor(s, s.recipient))
      ++s.recipient;
  }

  template <class Emit>
  void emit_message(const State &s, unsigned value, bool traitor_choice, Emit &&emit) const {
    State next = s;
    if (value == Attack)
      ++next.attack_votes[s.recipient];
    ++next.recipient;
    normalize(next);
    emit(Event{EventKind::Transmit, s.sender, s.recipient,
               static_cast<std::uint8_t>(value | (traitor_choice ? TraitorChoice : 0u)), 0},
         next);
  }

  template <class Emit> void emit_decision(const State &s, unsigned g, Emit &&emit) const {
    State next = s;
    const unsigned decision = 2u * s.attack_votes[g] > n_ ? Attack : Retreat;
    next.decision[g] = static_cast<std::uint8_t>(1 + decision);
    ++next.recipient;
    normalize(next);
    emit(Event{EventKind::Decide, static_cast<std::uint8_t>(g), NoProcess, s.attack_votes[g],
               decision},
         next);
  }

  static std::string name(unsigned g) { return "G" + std::to_string(g + 1); }
  static std::string opinion_name(unsigned value) { return value == Attack ? "attack" : "retreat"; }
  std::string set_text(unsigned generals) const {
    std::string text = "{";
    for (unsigned g = 0; g < n_; ++g)
      if ((generals >> g) & 1u)
        text += (text.size() > 1 ? ", " : "") + name(g);
    return text + "}";
  }
  std::string decision_text(const State &s, unsigned g) const {
    return name(g) + " decided " + opinion_name(s.decision[g] - 1u) + " (" +
           std::to_string(s.attack_votes[g]) + " of " + std::to_string(n_) + " values attack)";
  }

  unsigned n_;
  unsigned f_;
  bool exact_;
  bool fixed_traitors_ = false; // --faulty
  unsigned fixed_mask_ = 0;
};

} // namespace protocheck::byzantine
