#include <protocheck/models/clocks/lamport_clocks.hpp>

namespace protocheck::clocks {

namespace {
std::string name(unsigned p) { return "p" + std::to_string(p + 1); }
} // namespace

void LamportClocks::parameters(Parameters<Config> &declare) {
  declare.integer("n", &Config::n, 2, MaxProcesses, "number of processes");
  declare.integer("events", &Config::events, 1, MaxOwnEvents,
                  "events of its own per process (each a local event or a send); receives come on "
                  "top");
  declare.choice("receive", &Config::receive,
                 {{"max", ReceiveRule::Max}, {"own", ReceiveRule::Own}},
                 "clock rule on a receive: max (slide 31: max(own, received) + 1) or own (own + 1, "
                 "ignoring the message: broken on purpose)");
}

LamportClocks::LamportClocks(const Config &config)
    : n_(config.n), events_(config.events), ignore_received_(config.receive == ReceiveRule::Own) {}

std::vector<std::string> LamportClocks::process_names() const {
  std::vector<std::string> names;
  for (unsigned p = 0; p < n_; ++p)
    names.push_back(name(p));
  return names;
}

std::string LamportClocks::pair_text(const State &state, const Pair &pair) const {
  const Process &newest = state.process[state.last];
  const std::string y = name(pair.p) + "'s event " + std::to_string(pair.index) +
                        " (t = " + std::to_string(state.process[pair.p].times[pair.index - 1]) +
                        ")";
  const std::string x = name(state.last) + "'s event " + std::to_string(newest.times.size()) +
                        " (t = " + std::to_string(newest.times.back()) + ", vector " +
                        newest.vector.to_string(n_) + ")";
  return pair.before ? y + " happened before " + x : y + " and " + x + " are concurrent";
}

std::vector<Property<LamportClocks::State>> LamportClocks::properties() const {
  std::vector<Property<State>> properties;
  const auto breaks_condition = [](const Pair &pair, std::uint8_t t_y, std::uint8_t t_x) {
    return pair.before && !(t_y < t_x);
  };
  const auto breaks_converse = [](const Pair &pair, std::uint8_t t_y, std::uint8_t t_x) {
    return !pair.before && t_y < t_x;
  };
  properties.push_back(always<State>(
      "clock-condition", "E1 -> E2 implies t1 < t2 (slide 30), for every pair of events",
      [this, breaks_condition](const State &state) { return !find_pair(state, breaks_condition); },
      [this, breaks_condition](const State &state) {
        const auto pair = find_pair(state, breaks_condition);
        return pair ? pair_text(state, *pair) + ", yet its timestamp is not smaller" : "";
      }));
  properties.push_back(always<State>(
      "converse",
      "t1 < t2 implies E1 -> E2, for events of different processes (slide 30 says "
      "it does not hold)",
      [this, breaks_converse](const State &state) { return !find_pair(state, breaks_converse); },
      [this, breaks_converse](const State &state) {
        const auto pair = find_pair(state, breaks_converse);
        return pair ? pair_text(state, *pair) + ", yet " +
                          std::to_string(state.process[pair->p].times[pair->index - 1]) + " < " +
                          std::to_string(state.process[state.last].times.back())
                    : "";
      }));
  properties.push_back(reachable<State>(
      "message-orders-clocks",
      "a receive whose clock jumps ahead because of the message (max(own, received) + 1)",
      [this](const State &state) {
        if (state.last == Nobody)
          return false;
        const Process &newest = state.process[state.last];
        return newest.times.size() >= 2 &&
               newest.times.back() > newest.times[newest.times.size() - 2] + 1;
      }));
  return properties;
}

StateView LamportClocks::describe(const State &state) const {
  StateView view;
  for (unsigned p = 0; p < n_; ++p) {
    const Process &self = state.process[p];
    view.push_back({name(p) + ".clock", std::to_string(self.clock.time)});
    view.push_back({name(p) + ".vector", self.vector.to_string(n_)});
    std::string times;
    for (const std::uint8_t t : self.times)
      times += (times.empty() ? "" : ",") + std::to_string(t);
    view.push_back({name(p) + ".timestamps", "[" + times + "]"});
  }
  std::string messages;
  for (const InFlight &message : state.network)
    messages += (messages.empty() ? "" : ", ") + name(message.from) + "->" + name(message.to) +
                "(t " + std::to_string(message.time) + ")";
  view.push_back({"network", "{" + messages + "}"});
  return view;
}

std::string LamportClocks::message_label(const Event &event) const {
  if (event.kind == EventKind::Send)
    return "m(t=" + std::to_string(event.value) + ")";
  if (event.kind == EventKind::Deliver)
    return "m(t=" + std::to_string(event.value & 0xff) + ")";
  return describe(event);
}

std::string LamportClocks::describe(const Event &event) const {
  if (event.actor == NoProcess)
    return "initial state";
  const std::string actor = name(event.actor);
  switch (event.kind) {
  case EventKind::Local:
    return actor + ": local event, t = " + std::to_string(event.value);
  case EventKind::Send:
    return actor + " sends to " + name(event.peer) + ", t = " + std::to_string(event.value);
  case EventKind::Deliver:
    return actor + " receives " + name(event.peer) + "'s message (t " +
           std::to_string(event.value & 0xff) + "), t = " + std::to_string(event.value >> 8);
  default:
    return actor + " does something unexpected";
  }
}

} // namespace protocheck::clocks
