#include <protocheck/models/consensus/coordinated_attack.hpp>

namespace protocheck::consensus {

namespace {

const char *general_name(unsigned general) { return general == CoordinatedAttack::A ? "A" : "B"; }

const char *decision_text(std::uint8_t decision) {
  switch (decision) {
  case CoordinatedAttack::Attack:
    return "attack";
  case CoordinatedAttack::Retreat:
    return "retreat";
  default:
    return "undecided";
  }
}

} // namespace

void CoordinatedAttack::parameters(Parameters<Config> &declare) {
  declare.integer("messages", &Config::messages, 1, MaxMessengers,
                  "messengers the protocol sends, alternating A -> B, B -> A: the order, then "
                  "acknowledgements; each general attacks iff every messenger addressed to it "
                  "arrived");
}

CoordinatedAttack::CoordinatedAttack(const Config &config) : k_(config.messages) {
  if (k_ < 1 || k_ > MaxMessengers)
    throw BadInput("messages = " + std::to_string(k_) + " is out of range 1.." +
                   std::to_string(MaxMessengers));
}

std::string CoordinatedAttack::label(unsigned number) {
  return (number == 1 ? "order(" : "ack(") + std::to_string(number) + ")";
}

std::vector<Property<CoordinatedAttack::State>> CoordinatedAttack::properties() const {
  const auto decided = [](const State &state, std::uint8_t decision) {
    return state.decision[A] == decision && state.decision[B] == decision;
  };
  return {
      at_end<State>(
          "agreement", "when the run ends, both generals attack or neither does",
          [](const State &state) { return state.decision[A] == state.decision[B]; },
          [this](const State &state) {
            const unsigned alone = state.decision[A] == Attack ? A : B;
            const unsigned lost = state.sent;
            return std::string(general_name(alone)) + " attacks alone: messenger " +
                   std::to_string(lost) + " of " + std::to_string(k_) + ", " + label(lost) +
                   " from " + general_name(sender(lost)) + " to " + general_name(receiver(lost)) +
                   ", was lost, and " + general_name(alone) +
                   " cannot tell this run from the one where it arrived";
          }),
      reachable<State>("both-attack", "some run ends with both generals attacking (no loss)",
                       [decided](const State &state) { return decided(state, Attack); }),
  };
}

StateView CoordinatedAttack::describe(const State &state) const {
  std::string on_the_way;
  for (const Link::Entry &entry : state.link.entries)
    on_the_way +=
        label(entry.payload) + " " + general_name(entry.from) + "->" + general_name(entry.to);
  std::string lost = "none";
  if (state.link.empty() && state.delivered < state.sent)
    lost = label(state.sent);
  return {
      {"A.decision", decision_text(state.decision[A])},
      {"B.decision", decision_text(state.decision[B])},
      {"sent", std::to_string(state.sent) + " of " + std::to_string(k_)},
      {"arrived", std::to_string(state.delivered)},
      {"link", "[" + on_the_way + "]"},
      {"lost", lost},
  };
}

std::string CoordinatedAttack::message_label(const Event &event) const {
  if (event.kind == EventKind::Send || event.kind == EventKind::Deliver ||
      event.kind == EventKind::Drop)
    return label(event.value);
  return describe(event);
}

std::string CoordinatedAttack::describe(const Event &event) const {
  if (event.actor == NoProcess)
    return "initial state: A is about to send the order";
  const std::string actor = general_name(event.actor);
  const std::string peer = event.peer == NoProcess ? "" : general_name(event.peer);
  const std::string what = label(event.value);
  switch (event.kind) {
  case EventKind::Send:
    return actor + " sends messenger " + std::to_string(event.value) + ", " + what + ", to " + peer;
  case EventKind::Deliver:
    return actor + " receives " + what + " from " + peer;
  case EventKind::Drop:
    return "the messenger " + what + " from " + actor + " to " + peer + " is caught (lost)";
  case EventKind::Decide:
    return actor + " decides to " + decision_text(static_cast<std::uint8_t>(event.value));
  default:
    return actor + " does something unexpected";
  }
}

} // namespace protocheck::consensus
