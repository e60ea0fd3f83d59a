// Signed messages SM(m) (Lamport, Shostak and Pease; lecture text section 6).
//
// The commander C (general 0) signs its order and sends it to every lieutenant L1..L(n-1). Each
// lieutenant i keeps the set V_i of orders it has received properly signed. When it receives a
// chain v:0:j1:...:jk with v not yet in V_i, it adds v to V_i and, if k < m, signs it and sends
// v:0:j1:...:jk:i to every lieutenant other than j1..jk. When no more messages can come it obeys
// choice(V_i): the single order in V_i, otherwise the default, retreat.
//
// Synchronous rounds: a chain with k lieutenant signatures travels in round k (k = 0..m), so a
// loyal lieutenant accepts a chain only in the round that matches its length, only if its signers
// are distinct lieutenants, and only from its last signer. Within a round the messages go one per
// step in a fixed order (sender, then recipient, then order), as in OM: no interleaving.
//
// Traitors: a set of at most f generals (exactly f with --exact-traitors), chosen in the initial
// state. Signatures cannot be forged, so a traitor can send only
//  - as commander, in round 0: any order signed by itself, to any lieutenants (both orders to the
//    same lieutenant included);
//  - as lieutenant, in round k: a chain with k-1 lieutenant signatures that the traitors received,
//    with its own signature appended, to any loyal lieutenant it chooses (possibly none).
// The traitors pool what they receive (they may send each other anything), so the chains they can
// send in round k are exactly: an origin, followed by signatures of traitor lieutenants that are
// not yet on it, the last being the sender's. An origin is the commander's order (any order when
// the commander is a traitor) or a chain a loyal lieutenant relayed in an earlier round. A loyal
// lieutenant relays each order at most once (when it first adds it), so the origins can be read
// off the loyal lieutenants' state and the model keeps no separate adversary memory.
//
// State kept small: a chain is its order and its *set* of signers (no loyal lieutenant looks at
// their order, and the relay targets depend only on the set). For a loyal lieutenant, V_i and the
// chain it must relay are one signer set per order: the chain that first brought the order.
// Nothing a traitor sends to a traitor is shown. A traitor's silence is not a step: each step is a
// message or a decision, and any optional (traitor) message before the next loyal message may be
// the next step. Loyal messages are all shown, including those that change nothing.
//
// Every message is one synchronous Transmit step, so no event needs a message identity
// (Event::message_id stays 0).
#pragma once

#include <protocheck/event.hpp>
#include <protocheck/kit/capacity_error.hpp>
#include <protocheck/model.hpp>
#include <protocheck/models/byzantine/traitors.hpp>
#include <protocheck/parameters.hpp>
#include <protocheck/params.hpp>
#include <protocheck/property.hpp>

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace protocheck::byzantine {

class SignedMessages {
public:
  static constexpr unsigned MaxGenerals = 8;
  static constexpr unsigned Orders = 2;
  enum Order : std::uint8_t { Attack = 0, Retreat = 1 };

  struct State {
    std::uint8_t round = 0;    // 0..m: messaging round; m+1: the lieutenants decide
    std::uint8_t slot = 0;     // next message slot of the round, or next lieutenant to decide
    std::uint8_t traitors = 0; // bit g: general g is a traitor (bit 0: the commander)
    std::uint8_t order = 0;    // the loyal commander's order (0 when the commander is a traitor)
    // accepted[i][v] != 0 iff v is in V_i: the lieutenant signers (bits 1..7) of the chain that
    // first brought v to lieutenant i, plus i itself. It relays that chain in round
    // popcount(accepted[i][v]) if that is at most m.
    std::array<std::array<std::uint8_t, Orders>, MaxGenerals> accepted{};
    std::array<std::uint8_t, MaxGenerals> decision{}; // 0: undecided, else 1 + Order
    // Messages sent so far, to traitors included. Every send changes the configuration in a way
    // that fixes the count (a loyal send is the slot's, a traitor's adds to a loyal V), so this
    // counter adds no state: the pinned state counts stay as they were without it.
    std::uint8_t messages = 0;
  };
  static_assert(std::has_unique_object_representations_v<State>);

  // Event::message bits of a Transmit; Event::value holds the chain's lieutenant signers.
  static constexpr std::uint8_t OrderBit = 1;      // the order (Attack / Retreat)
  static constexpr std::uint8_t TraitorChoice = 2; // sent by a traitor, by its choice
  static constexpr std::uint8_t Added = 4;         // the recipient added the order to its V
  static constexpr std::uint8_t WillRelay = 8;     // ... and will relay it in the next round
  static constexpr std::uint8_t ToTraitor = 16;    // the recipient is a traitor

  struct Config {
    unsigned n = 4;
    unsigned f = 1;
    std::optional<unsigned> m; // empty: m = f
    bool exact_traitors = false;
    std::string faulty; // --faulty: the traitors fixed; empty: every set of at most f
  };
  static void parameters(Parameters<Config> &declare) {
    declare.integer("n", &Config::n, 2, MaxGenerals,
                    "number of generals: the commander and n-1 lieutenants");
    declare.integer("f", &Config::f, 0, MaxGenerals - 1,
                    "most traitors (the commander may be one of them); at most n-1");
    declare.integer("m", &Config::m, 0, MaxGenerals - 1, "rounds of relaying, SM(m) (default: f)");
    declare_exact_traitors(declare, &Config::exact_traitors);
    declare_faulty(declare, &Config::faulty);
  }

  explicit SignedMessages(const Config &config)
      : n_(config.n), f_(config.f), m_(config.m.value_or(config.f)), exact_(config.exact_traitors) {
    if (f_ > n_ - 1)
      throw BadInput("f = " + std::to_string(f_) + " is out of range: f must be in 0.." +
                     std::to_string(n_ - 1) + " (n - 1) for n = " + std::to_string(n_));
    fixed_traitors_ = !config.faulty.empty();
    fixed_mask_ = static_cast<unsigned>(parse_faulty(config.faulty, process_names(), f_));
  }

  unsigned generals() const { return n_; }
  unsigned traitor_limit() const { return f_; }
  unsigned relay_rounds() const { return m_; }

  std::vector<std::string> process_names() const {
    std::vector<std::string> names{"C"};
    for (unsigned i = 1; i < n_; ++i)
      names.push_back("L" + std::to_string(i));
    return names;
  }

  template <class Emit> void initial(Emit &&emit) const {
    for (unsigned traitors = 0; traitors < (1u << n_); ++traitors) {
      const auto count = static_cast<unsigned>(std::popcount(traitors));
      if (fixed_traitors_ ? traitors != fixed_mask_ : exact_ ? count != f_ : count > f_)
        continue;
      const bool commander_traitor = traitors & 1u;
      for (unsigned order = 0; order < (commander_traitor ? 1u : Orders); ++order)
        emit(adversary(0, traitors | (commander_traitor ? 0u : 0x100u << order)),
             initial_state(traitors, order));
    }
  }

  template <class Emit> void successors(const State &state, Emit &&emit) const {
    if (state.round > m_) {
      if (state.slot < n_)
        emit_decision(state, state.slot, emit);
      return;
    }
    // Every traitor message up to the next loyal one may come next (the skipped traitor slots stay
    // silent); then the loyal message itself. The state does not change while slots are skipped,
    // so what each slot offers is computed from `state`.
    for (unsigned round = state.round; round <= m_; ++round) {
      for (unsigned slot = round == state.round ? state.slot : 0; slot < slot_count(round);
           ++slot) {
        const Slot at = slot_at(round, slot);
        if (at.sender == at.recipient)
          continue;
        const int chain = loyal_chain(state, round, at);
        if (chain >= 0) {
          emit_message(state, round, slot, at, static_cast<unsigned>(chain), false, emit);
          return;
        }
        const ChainSet chains = traitor_chains(state, round, at);
        for (unsigned word = 0; word < chains.size(); ++word)
          for (std::uint64_t rest = chains[word]; rest != 0; rest &= rest - 1)
            emit_message(state, round, slot, at,
                         word * 64 + static_cast<unsigned>(std::countr_zero(rest)), true, emit);
      }
    }
    for (unsigned i = 1; i < n_; ++i)
      if (!is_traitor(state, i)) {
        emit_decision(state, i, emit);
        return;
      }
  }

  // The traitors (bit g: general g), for charts.
  ProcessMask faulty(const State &state) const { return state.traitors; }

  // A message as a chart labels its arrow: the signed chain, "attack:0:2" (signed by C, then L2);
  // other events as describe() says them.
  std::string message_label(const Event &event) const {
    if (event.kind != EventKind::Transmit)
      return describe(event);
    return chain_text(event.message & OrderBit, event.value, event.actor);
  }

  // Symmetry reduction (--symmetry): one traitor set per class, chosen in the initial state.
  //
  // The lieutenants play interchangeable roles: V_i, relaying and choice(V) never look at a
  // lieutenant's id, and a traitor may send whatever its coalition can sign. Only the fixed order
  // of the slots within a round tells them apart, and that order changes no value (a round's
  // messages depend only on what was held when it began; V_i is a set). So for a permutation pi of
  // the lieutenants, the runs from traitor set T end in exactly the pi-images of the end states of
  // the runs from pi(T); IC1, IC2 and termination quantify over all loyal lieutenants and read only
  // the order and the decisions, which never change once made, so their verdicts agree. A permuted
  // state in the middle of a round is no state of the slot order, though, so only the initial state
  // is replaced by its class representative: C's membership kept, the traitor lieutenants
  // L1..Lk. It is the first initial state of its class, so a trace re-derived through canonical
  // forms starts from the representative itself and stays concrete. A counterexample found with
  // reduction is a shortest one among the representatives' runs (the traitors' place in the slot
  // order can change the length of a run), not necessarily among all runs.
  void canonicalize(State &state) const {
    if (fixed_traitors_)
      return; // --faulty: the traitors shown are the ones asked for, not a representative
    const State own = initial_state(state.traitors, state.order);
    if (std::memcmp(&state, &own, sizeof(State)) != 0)
      return; // not an initial state
    const unsigned lieutenants =
        static_cast<unsigned>(std::popcount(static_cast<unsigned>(state.traitors) >> 1u));
    state = initial_state((state.traitors & 1u) | ((1u << lieutenants) - 1u) << 1, state.order);
  }

  std::vector<Property<State>> properties() const {
    std::vector<Property<State>> properties{
        always<State>(
            "IC1", "agreement: all loyal lieutenants obey the same order",
            [this](const State &s) { return disagreeing_pair(s).first == 0; },
            [this](const State &s) {
              const auto [a, b] = disagreeing_pair(s);
              return "loyal " + decision_text(s, a) + ", loyal " + decision_text(s, b);
            }),
        always<State>(
            "IC2", "validity: if the commander is loyal, every loyal lieutenant obeys its order",
            [this](const State &s) { return disobeying(s) == 0; },
            [this](const State &s) {
              return std::string("the loyal commander ordered ") + order_name(s.order) +
                     ", loyal " + decision_text(s, disobeying(s));
            }),
        at_end<State>(
            "termination", "every loyal lieutenant decides",
            [this](const State &s) { return undecided(s) == 0; },
            [this](const State &s) {
              return "loyal L" + std::to_string(undecided(s)) + " never decided";
            }),
    };
    // The lecture's Fig. 8-9, where the commander may be a traitor: it tells the lieutenants
    // different orders, the relays give every loyal one both, and all see it lied and obey the
    // default. It reads the traitor set, the signer sets and the decisions, quantified over all
    // loyal lieutenants, so symmetry reduction keeps it.
    const bool commander_may_lie = f_ > 0 && (!fixed_traitors_ || (fixed_mask_ & 1u) != 0);
    if (commander_may_lie)
      properties.push_back(reachable<State>(
          "both-orders",
          "the traitor commander signs each loyal lieutenant an order, not the same to all; "
          "relayed, both reach every one, who obeys the default, retreat: the signatures expose "
          "the lie (lecture Fig. 8-9)",
          [this](const State &s) { return both_orders_everywhere(s); },
          [](const State &) {
            return std::string("every loyal lieutenant has V = {attack, retreat} and retreats");
          }));
    // Section 6.4 of the text: every loyal lieutenant relays at most 2 orders to each other one,
    // so at most 2n(n-1) messages are exchanged.
    properties.push_back(bound<State>(
        "messages",
        "messages sent (the text bounds them by 2n(n-1): every loyal lieutenant relays at most 2 "
        "orders)",
        [](const State &s) { return static_cast<std::int64_t>(s.messages); },
        [this](const State &s) {
          return std::to_string(s.messages) +
                 " messages sent (2n(n-1) = " + std::to_string(2 * n_ * (n_ - 1)) + ")";
        }));
    return properties;
  }

  StateView describe(const State &state) const {
    StateView view;
    view.push_back({"traitors", set_text(state.traitors)});
    view.push_back({"C.order", is_traitor(state, 0) ? "traitor" : order_name(state.order)});
    view.push_back(
        {"round", state.round > m_ ? std::string("decide") : std::to_string(state.round)});
    view.push_back({"messages", std::to_string(state.messages)});
    for (unsigned i = 1; i < n_; ++i) {
      const std::string name = "L" + std::to_string(i);
      if (is_traitor(state, i)) {
        view.push_back({name + ".V", "traitor"});
        continue;
      }
      std::string v = "{";
      for (unsigned order = 0; order < Orders; ++order) {
        const unsigned chain = state.accepted[i][order];
        if (chain == 0)
          continue;
        if (v.size() > 1)
          v += ", ";
        v += chain_text(order, chain & ~(1u << i), 0); // signers in increasing order
      }
      view.push_back({name + ".V", v + "}"});
      view.push_back({name + ".decision", state.decision[i] == 0
                                              ? std::string("-")
                                              : order_name(state.decision[i] - 1u)});
    }
    return view;
  }

  std::string describe(const Event &event) const {
    switch (event.kind) {
    case EventKind::Adversary: {
      const unsigned traitors = event.value & 0xffu;
      std::string text = traitors == 0 ? "no traitors" : "traitors " + set_text(traitors);
      if (traitors & 1u)
        return text + "; the commander is a traitor";
      return text + "; the loyal commander orders " + order_name(event.value & 0x100u ? 0 : 1);
    }
    case EventKind::Transmit: {
      const unsigned order = event.message & OrderBit;
      std::string text = name(event.actor) + " -> " + name(event.peer) + ": " +
                         chain_text(order, event.value, event.actor);
      if (event.message & TraitorChoice)
        text += " (traitor's choice)";
      else if (event.actor != 0)
        text += " (relaying)";
      if (event.message & ToTraitor)
        return text + "; " + name(event.peer) + " is a traitor and learns the chain";
      if (!(event.message & Added))
        return text + "; " + name(event.peer) + " already has " + order_name(order);
      text += "; " + name(event.peer) + " adds " + order_name(order) + " to V" +
              std::to_string(event.peer);
      return text +
             ((event.message & WillRelay)
                  ? " and will relay it"
                  : "; no relay (round " + std::to_string(std::popcount(event.value)) + " = m)");
    }
    case EventKind::Decide:
      return name(event.actor) + " obeys choice(" + orders_text(event.message) +
             ") = " + order_name(event.value);
    default:
      return "?";
    }
  }

  // The predicates behind the properties (0: none).
  std::pair<unsigned, unsigned> disagreeing_pair(const State &s) const {
    for (unsigned a = 1; a < n_; ++a)
      for (unsigned b = a + 1; b < n_; ++b)
        if (!is_traitor(s, a) && !is_traitor(s, b) && s.decision[a] != 0 && s.decision[b] != 0 &&
            s.decision[a] != s.decision[b])
          return {a, b};
    return {0, 0};
  }
  unsigned disobeying(const State &s) const {
    if (is_traitor(s, 0))
      return 0;
    for (unsigned i = 1; i < n_; ++i)
      if (!is_traitor(s, i) && s.decision[i] != 0 && s.decision[i] != 1u + s.order)
        return i;
    return 0;
  }
  unsigned undecided(const State &s) const {
    for (unsigned i = 1; i < n_; ++i)
      if (!is_traitor(s, i) && s.decision[i] == 0)
        return i;
    return 0;
  }

  static bool is_traitor(const State &s, unsigned general) { return (s.traitors >> general) & 1u; }

  bool both_orders_everywhere(const State &s) const {
    if (!is_traitor(s, 0))
      return false;
    unsigned loyal = 0;
    for (unsigned i = 1; i < n_; ++i) {
      if (is_traitor(s, i))
        continue;
      // Both orders, one of them straight from the commander (signed by no other lieutenant).
      const std::uint8_t direct = std::uint8_t(1u << i);
      if (s.accepted[i][Attack] == 0 || s.accepted[i][Retreat] == 0 ||
          s.decision[i] != 1 + Retreat ||
          (s.accepted[i][Attack] != direct && s.accepted[i][Retreat] != direct))
        return false;
      ++loyal;
    }
    return loyal > 0;
  }

  // choice(V): the single order in V, otherwise retreat.
  static unsigned choice(const State &s, unsigned lieutenant) {
    const bool attack = s.accepted[lieutenant][Attack] != 0;
    const bool retreat = s.accepted[lieutenant][Retreat] != 0;
    return attack && !retreat ? Attack : Retreat;
  }

private:
  struct Slot {
    unsigned sender;
    unsigned recipient;
    unsigned order;
  };
  // A set of chains, one bit per set of lieutenant signers (bits 1..7 of a byte).
  using ChainSet = std::array<std::uint64_t, 4>;

  // Round 0: the commander to each lieutenant; round k >= 1: each lieutenant to each other one.
  unsigned slot_count(unsigned round) const {
    return (round == 0 ? n_ - 1 : (n_ - 1) * (n_ - 1)) * Orders;
  }
  Slot slot_at(unsigned round, unsigned slot) const {
    const unsigned order = slot % Orders;
    const unsigned pair = slot / Orders;
    if (round == 0)
      return {0, pair + 1, order};
    return {pair / (n_ - 1) + 1, pair % (n_ - 1) + 1, order};
  }

  // The chain (its lieutenant signers) a loyal sender sends in this slot, or -1 for none.
  int loyal_chain(const State &s, unsigned round, const Slot &at) const {
    if (is_traitor(s, at.sender))
      return -1;
    if (round == 0)
      return at.order == s.order ? 0 : -1;
    const unsigned chain = s.accepted[at.sender][at.order];
    const bool relays_now = chain != 0 && static_cast<unsigned>(std::popcount(chain)) == round;
    return relays_now && !(chain & (1u << at.recipient)) ? static_cast<int>(chain) : -1;
  }

  // The chains a traitor sender can send in this slot that a loyal recipient would add to its V
  // (chains it would ignore are never worth a step).
  ChainSet traitor_chains(const State &s, unsigned round, const Slot &at) const {
    ChainSet chains{};
    if (!is_traitor(s, at.sender) || is_traitor(s, at.recipient) ||
        s.accepted[at.recipient][at.order] != 0)
      return chains;
    if (round == 0) {
      chains[0] = 1; // the commander's own signature only
      return chains;
    }
    const unsigned sender = 1u << at.sender;
    const unsigned recipient = 1u << at.recipient;
    const unsigned traitor_lieutenants = s.traitors & ~1u;
    const auto extend = [&](unsigned origin) {
      if (origin & (sender | recipient))
        return;
      const int missing = static_cast<int>(round) - std::popcount(origin) - 1;
      if (missing < 0)
        return;
      const unsigned free = traitor_lieutenants & ~origin & ~sender;
      for (unsigned more = free;; more = (more - 1) & free) {
        if (std::popcount(more) == missing) {
          const unsigned chain = origin | more | sender;
          chains[chain / 64] |= std::uint64_t{1} << (chain % 64);
        }
        if (more == 0)
          break;
      }
    };
    if (is_traitor(s, 0) || s.order == at.order)
      extend(0);
    // A loyal lieutenant's relay (signers M, sent in round |M|) is an origin from round |M| + 1.
    for (unsigned l = 1; l < n_; ++l) {
      const unsigned relayed = s.accepted[l][at.order];
      if (!is_traitor(s, l) && relayed != 0 &&
          static_cast<unsigned>(std::popcount(relayed)) < round)
        extend(relayed);
    }
    return chains;
  }

  bool anything_at(const State &s, unsigned round, const Slot &at) const {
    if (at.sender == at.recipient)
      return false;
    if (loyal_chain(s, round, at) >= 0)
      return true;
    const ChainSet chains = traitor_chains(s, round, at);
    return (chains[0] | chains[1] | chains[2] | chains[3]) != 0;
  }

  // Moves (round, slot) forward to the next slot where a message can be sent, or to the next loyal
  // lieutenant that decides, so that equal configurations are equal bytes.
  State initial_state(unsigned traitors, unsigned order) const {
    State state;
    state.traitors = static_cast<std::uint8_t>(traitors);
    state.order = static_cast<std::uint8_t>(order);
    normalize(state);
    return state;
  }

  void normalize(State &s) const {
    for (; s.round <= m_; ++s.round, s.slot = 0)
      for (; s.slot < slot_count(s.round); ++s.slot)
        if (anything_at(s, s.round, slot_at(s.round, s.slot)))
          return;
    if (s.slot == 0)
      s.slot = 1;
    while (s.slot < n_ && is_traitor(s, s.slot))
      ++s.slot;
  }

  template <class Emit>
  void emit_message(const State &s, unsigned round, unsigned slot, const Slot &at, unsigned chain,
                    bool traitor_choice, Emit &&emit) const {
    State next = s;
    if (s.messages == 255)
      throw kit::CapacityExceeded("the message counter of sm", 255);
    ++next.messages;
    std::uint8_t flags = static_cast<std::uint8_t>(at.order);
    if (traitor_choice)
      flags |= TraitorChoice;
    if (is_traitor(s, at.recipient)) {
      flags |= ToTraitor;
    } else if (next.accepted[at.recipient][at.order] == 0) {
      next.accepted[at.recipient][at.order] = static_cast<std::uint8_t>(chain | 1u << at.recipient);
      flags |= Added;
      if (round < m_)
        flags |= WillRelay;
    }
    next.round = static_cast<std::uint8_t>(round);
    next.slot = static_cast<std::uint8_t>(slot + 1);
    normalize(next);
    emit(Event{EventKind::Transmit, static_cast<std::uint8_t>(at.sender),
               static_cast<std::uint8_t>(at.recipient), flags, chain},
         next);
  }

  template <class Emit> void emit_decision(const State &s, unsigned lieutenant, Emit &&emit) const {
    State next = s;
    const unsigned decision = choice(s, lieutenant);
    next.decision[lieutenant] = static_cast<std::uint8_t>(1 + decision);
    next.round = static_cast<std::uint8_t>(m_ + 1);
    next.slot = static_cast<std::uint8_t>(lieutenant + 1);
    normalize(next);
    const unsigned held =
        (s.accepted[lieutenant][Attack] ? 1u : 0u) | (s.accepted[lieutenant][Retreat] ? 2u : 0u);
    emit(Event{EventKind::Decide, static_cast<std::uint8_t>(lieutenant), NoProcess,
               static_cast<std::uint8_t>(held), decision},
         next);
  }

  static std::string order_name(unsigned order) { return order == Attack ? "attack" : "retreat"; }
  static std::string name(unsigned general) {
    return general == 0 ? "C" : "L" + std::to_string(general);
  }
  // "attack:0:2:1" as in the lecture: the commander, the other signers, then `last` (0: the
  // signers in increasing order).
  static std::string chain_text(unsigned order, unsigned signers, unsigned last) {
    std::string text = order_name(order) + ":0";
    for (unsigned g = 1; g < MaxGenerals; ++g)
      if (((signers >> g) & 1u) && g != last)
        text += ":" + std::to_string(g);
    if (last != 0)
      text += ":" + std::to_string(last);
    return text;
  }
  static std::string orders_text(unsigned held) {
    std::string text = "{";
    if (held & 1u)
      text += "attack";
    if (held & 2u)
      text += (held & 1u) ? ", retreat" : "retreat";
    return text + "}";
  }
  std::string set_text(unsigned generals) const {
    std::string text = "{";
    for (unsigned g = 0; g < n_; ++g)
      if ((generals >> g) & 1u)
        text += (text.size() > 1 ? ", " : "") + name(g);
    return text + "}";
  }
  std::string decision_text(const State &s, unsigned lieutenant) const {
    const unsigned held =
        (s.accepted[lieutenant][Attack] ? 1u : 0u) | (s.accepted[lieutenant][Retreat] ? 2u : 0u);
    return name(lieutenant) + " decided " + order_name(s.decision[lieutenant] - 1u) + " (V" +
           std::to_string(lieutenant) + " = " + orders_text(held) + ")";
  }

  unsigned n_;
  unsigned f_;
  unsigned m_;
  bool exact_;
  bool fixed_traitors_ = false; // --faulty
  unsigned fixed_mask_ = 0;
};

} // namespace protocheck::byzantine
