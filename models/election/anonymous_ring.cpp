#include <protocheck/models/election/anonymous_ring.hpp>

#include <algorithm>

namespace protocheck::election {

void AnonymousRing::parameters(Parameters<Config> &declare) {
  declare.integer("n", &Config::n, 2, MaxProcesses,
                  "number of identical processes on the ring (all hold id 1)");
  declare.choice("algorithm", &Config::algorithm,
                 {{"chang-roberts", Algorithm::ChangRoberts}, {"flood-max", Algorithm::FloodMax}},
                 "the deterministic candidate: chang-roberts (every process starts with its id, "
                 "the one whose id comes back is leader) or flood-max (after n - 1 rounds of "
                 "passing on the largest id seen, the process whose id it is is leader)");
}

AnonymousRing::AnonymousRing(const Config &config) : n_(config.n), algorithm_(config.algorithm) {
  if (n_ < 2 || n_ > MaxProcesses)
    throw BadInput("n = " + std::to_string(n_) + " is out of range 2.." +
                   std::to_string(MaxProcesses));
}

std::vector<std::string> AnonymousRing::process_names() const {
  std::vector<std::string> names;
  for (unsigned p = 0; p < n_; ++p)
    names.push_back("p" + std::to_string(p + 1));
  return names;
}

AnonymousRing::Reaction AnonymousRing::handle(State &state, unsigned p) const {
  Process &self = state.process[p];
  const std::uint8_t message = self.inbox;
  self.inbox = 0;
  if (message == 0)
    return Nothing;
  const std::uint8_t x = message & ~ElectedBit;
  if (algorithm_ == Algorithm::FloodMax) {
    self.known = std::max(self.known, x);
    if (state.round + 1u < n_) {
      self.outbox = self.known;
      return KeepMax;
    }
    if (self.known == Id)
      self.status |= Leader;
    return DecideFromMax;
  }
  if (message & ElectedBit) {
    self.known = x;
    self.status &= static_cast<std::uint8_t>(~Participant);
    if (x == Id)
      return RecordAndStop;
    self.outbox = message;
    return RecordAndForward;
  }
  if (!(self.status & Participant) || x > Id) {
    self.status |= Participant;
    self.outbox = std::max(x, Id);
    return Forward;
  }
  if (x < Id)
    return Swallow;
  self.status = Leader;
  self.known = Id;
  self.outbox = static_cast<std::uint8_t>(Id | ElectedBit);
  return BecomeLeader;
}

unsigned AnonymousRing::leaders(const State &state) const {
  unsigned count = 0;
  for (unsigned p = 0; p < n_; ++p)
    count += (state.process[p].status & Leader) ? 1 : 0;
  return count;
}

bool AnonymousRing::all_alike(const State &state) const {
  for (unsigned p = 1; p < n_; ++p) {
    const Process &a = state.process[0];
    const Process &b = state.process[p];
    if (a.status != b.status || a.known != b.known || a.outbox != b.outbox || a.inbox != b.inbox)
      return false;
  }
  return true;
}

std::vector<Property<AnonymousRing::State>> AnonymousRing::properties() const {
  const auto who = [this](const State &state) {
    std::string text;
    for (unsigned p = 0; p < n_; ++p)
      if (state.process[p].status & Leader)
        text += (text.empty() ? "" : ", ") + process_names()[p];
    return text;
  };
  return {
      reachable<State>("one-leader",
                       "some run elects exactly one leader (impossible among identical processes)",
                       [this](const State &state) { return leaders(state) == 1; }),
      always<State>(
          "unique-leader", "at most one process declares itself leader",
          [this](const State &state) { return leaders(state) <= 1; },
          [this, who](const State &state) {
            return "all " + std::to_string(leaders(state)) + " processes (" + who(state) +
                   ") declared themselves leader in the same round: identical processes do the "
                   "same thing at the same time";
          }),
      always<State>("symmetric", "between rounds, every process is in the same local state",
                    [this](const State &state) {
                      return (state.turn != 0 && state.turn != n_) || all_alike(state);
                    }),
  };
}

std::string AnonymousRing::message_text(std::uint8_t kind, unsigned id) const {
  const char *name = kind == Elected ? "elected(" : kind == Max ? "max(" : "elect(";
  return name + std::to_string(id) + ")";
}

StateView AnonymousRing::describe(const State &state) const {
  static constexpr const char *none = "none";
  const auto message = [this](std::uint8_t byte) -> std::string {
    if (byte == 0)
      return none;
    return message_text(kind(byte), byte & ~ElectedBit);
  };
  StateView view{{"round", std::to_string(state.round)}};
  for (unsigned p = 0; p < n_; ++p) {
    const Process &self = state.process[p];
    const std::string name = process_names()[p];
    const char *role = (self.status & Leader)        ? "leader"
                       : (self.status & Participant) ? "participant"
                                                     : "non-participant";
    view.push_back({name + ".state", role});
    view.push_back({name + (algorithm_ == Algorithm::FloodMax ? ".max" : ".elected"),
                    self.known == 0 ? "undefined" : std::to_string(self.known)});
    view.push_back({name + ".to-send", message(self.outbox)});
    view.push_back({name + ".received", message(self.inbox)});
  }
  return view;
}

std::string AnonymousRing::message_label(const Event &event) const {
  if (event.kind == EventKind::Transmit)
    return message_text(event.message, event.value);
  return describe(event);
}

std::string AnonymousRing::describe(const Event &event) const {
  if (event.kind == EventKind::Local && event.message == 0)
    return "initial state: " + std::to_string(n_) + " identical processes, each with id 1";
  if (event.kind == EventKind::Transmit)
    return process_names()[event.actor] + " sends " + message_text(event.message, event.value) +
           " to " + process_names()[event.peer];
  static constexpr const char *words[] = {
      "receives nothing",
      "forwards the larger id",
      "drops the smaller id",
      "gets its own id back and declares itself leader",
      "records the leader and forwards the announcement",
      "gets its own announcement back: the election is over",
      "keeps the largest id seen and passes it on",
      "declares itself leader: the largest id seen is its own",
  };
  const unsigned round = event.value >> 24;
  // All processes react alike (they are identical); say so once, or list them if they differ.
  std::string text = "round " + std::to_string(round) + " ends: ";
  const unsigned first = event.value & 7;
  bool alike = true;
  for (unsigned p = 1; p < n_; ++p)
    alike = alike && ((event.value >> (3 * p)) & 7) == first;
  if (alike)
    return text + "every process " + words[first];
  for (unsigned p = 0; p < n_; ++p)
    text += (p == 0 ? "" : "; ") + process_names()[p] + " " + words[(event.value >> (3 * p)) & 7];
  return text;
}

} // namespace protocheck::election
