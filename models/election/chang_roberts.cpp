#include <protocheck/models/election/chang_roberts.hpp>

#include <protocheck/models/election/id_placement.hpp>

#include <algorithm>

namespace protocheck::election {

void ChangRoberts::parameters(Parameters<Config> &declare) {
  declare.integer("n", &Config::n, 2, MaxProcesses,
                  "number of processes on the ring (default: 4, or the length of an --ids list)");
  declare.text("ids", &Config::ids,
               "placement of ids along the ring p1 -> p2 -> ...: decreasing (p1 has n, the worst "
               "case), increasing (p1 has 1), random-seed=S (a permutation of 1..n drawn with "
               "seed S), or a list such as 3,1,4,2 (distinct ids in 1..127)");
  declare.text("initiators", &Config::initiators,
               "who may start an election: any (each process that has not yet participated may "
               "start, so every subset is explored) or a list of process numbers such as 1,3");
  declare.integer("crash", &Config::crash, 0, MaxProcesses,
                  "the process (1..n) that may crash at any step, after which it neither receives "
                  "nor forwards, so the election gets stuck; 0: no crash");
}

ChangRoberts::ChangRoberts(const Config &config) {
  const std::string &ids_text = config.ids;
  const unsigned n = config.n.value_or(is_id_list(ids_text) ? 0 : 4);
  const std::vector<std::uint8_t> ids = parse_ids(ids_text, n, MaxId);
  if (ids.size() < 2 || ids.size() > MaxProcesses)
    throw BadInput("ids = '" + ids_text + "' gives " + std::to_string(ids.size()) +
                   " processes; a ring needs 2.." + std::to_string(MaxProcesses));
  n_ = static_cast<unsigned>(ids.size());
  for (unsigned p = 0; p < n_; ++p) {
    ids_[p] = ids[p];
    if (ids_[p] > ids_[max_id_process_])
      max_id_process_ = p;
  }
  const std::vector<bool> may_initiate = parse_initiators(config.initiators, n_);
  for (unsigned p = 0; p < n_; ++p)
    may_initiate_[p] = may_initiate[p];
  if (config.crash > n_)
    throw BadInput("crash = " + std::to_string(config.crash) + " names no process: 1.." +
                   std::to_string(n_) + ", or 0 for none");
  crash_ = config.crash;
}

std::vector<std::string> ChangRoberts::process_names() const {
  std::vector<std::string> names;
  for (unsigned p = 0; p < n_; ++p)
    names.push_back("p" + std::to_string(p + 1));
  return names;
}

unsigned ChangRoberts::leaders(const State &state) const {
  unsigned count = 0;
  for (unsigned p = 0; p < n_; ++p)
    count += (state.status[p] & Leader) ? 1 : 0;
  return count;
}

bool ChangRoberts::all_know_leader(const State &state) const {
  for (unsigned p = 0; p < n_; ++p)
    if (!(state.status[p] & Crashed) && state.elected[p] != ids_[max_id_process_])
      return false;
  return true;
}

std::vector<Property<ChangRoberts::State>> ChangRoberts::properties() const {
  const auto name = [](unsigned p) { return "p" + std::to_string(p + 1); };
  std::vector<Property<State>> properties;
  const std::string everyone = crash_ ? "process that has not crashed" : "process";
  properties.push_back(always<State>(
      "one-leader", "at most one process declares itself leader",
      [this](const State &state) { return leaders(state) <= 1; },
      [this, name](const State &state) {
        std::string who;
        for (unsigned p = 0; p < n_; ++p)
          if (state.status[p] & Leader)
            who += (who.empty() ? "" : " and ") + name(p) + " (id " + std::to_string(ids_[p]) + ")";
        return who + " have all declared themselves leader";
      }));
  properties.push_back(at_end<State>(
      "leader-max-id", "when the run ends, the leader is the process with the largest id",
      [this](const State &state) {
        return leaders(state) == 1 && (state.status[max_id_process_] & Leader);
      },
      [this, name](const State &state) {
        for (unsigned p = 0; p < n_; ++p)
          if (state.status[p] & Leader)
            return name(p) + " (id " + std::to_string(ids_[p]) + ") is leader, but " +
                   name(max_id_process_) + " has the largest id " +
                   std::to_string(ids_[max_id_process_]);
        return std::string("the run ended without any leader");
      }));
  properties.push_back(at_end<State>(
      "all-learn-leader",
      "when the run ends, every " + everyone + " knows the leader (termination)",
      [this](const State &state) { return all_know_leader(state); },
      [this, name](const State &state) {
        std::string stuck; // where the election got stuck, if a process crashed
        for (unsigned p = 0; p < n_; ++p)
          if (state.status[p] & Crashed)
            stuck = ": the election is stuck at crashed " + name(p);
        for (unsigned p = 0; p < n_; ++p) {
          if (state.status[p] & Crashed)
            continue;
          if (state.elected[p] == 0)
            return "the run ended but " + name(p) + " never learned the leader" + stuck;
          if (state.elected[p] != ids_[max_id_process_])
            return name(p) + " believes the leader is " + std::to_string(state.elected[p]) +
                   ", not " + std::to_string(ids_[max_id_process_]);
        }
        return std::string("every process knows the leader");
      }));
  // Termination as a liveness property, judged on the state graph: every execution, finite or
  // infinite, must reach the goal. Every step sends a message (the counter only grows) or consumes
  // one without sending, so the graph has no cycle and this agrees with all-learn-leader.
  properties.push_back(eventually<State>(
      "learns-leader",
      "every execution reaches a state where every " + everyone +
          " knows the leader (largest id), under weak fairness per channel",
      [this](const State &state) { return all_know_leader(state); },
      [this, name](const State &state) {
        for (unsigned p = 0; p < n_; ++p)
          if (!(state.status[p] & Crashed) && state.elected[p] != ids_[max_id_process_])
            return name(p) + " does not know leader " + std::to_string(ids_[max_id_process_]);
        return std::string("every process knows the leader");
      }));
  properties.push_back(bound<State>(
      "messages", "total number of messages sent (elect and elected)",
      [](const State &state) { return static_cast<std::int64_t>(state.messages); },
      [this](const State &state) {
        return std::to_string(state.messages) +
               " messages sent (3n-1 = " + std::to_string(3 * n_ - 1) +
               " is the single-initiator worst case)";
      }));
  // Turnaround, the number of steps needed to come to a result, counted in message hops. With one
  // initiator a single token goes round: every message is sent on receiving the one before (its
  // value is the largest id seen, so no participant ever swallows it), and the messages form one
  // causal chain. The turnaround is then the message count. With several initiators messages
  // travel side by side, and the count says nothing about the time, so none is reported.
  if (std::count(may_initiate_.begin(), may_initiate_.begin() + n_, true) == 1)
    properties.push_back(bound<State>(
        "turnaround",
        "message hops from the start to the result: with one initiator the messages form one "
        "causal chain (the slide: at most 3n-1)",
        [](const State &state) { return static_cast<std::int64_t>(state.messages); },
        [this](const State &state) {
          return std::to_string(state.messages) +
                 " hops, one after the other (3n-1 = " + std::to_string(3 * n_ - 1) + ")";
        }));
  return properties;
}

std::string ChangRoberts::message_text(std::uint8_t message) const {
  return std::string(message & ElectedBit ? "elected(" : "elect(") +
         std::to_string(message & ~ElectedBit) + ")";
}

StateView ChangRoberts::describe(const State &state) const {
  StateView view;
  for (unsigned p = 0; p < n_; ++p) {
    const std::string name = "p" + std::to_string(p + 1);
    view.push_back({name + ".id", std::to_string(ids_[p])});
    const char *role = (state.status[p] & Leader)        ? "leader"
                       : (state.status[p] & Participant) ? "participant"
                                                         : "non-participant";
    view.push_back(
        {name + ".state", std::string(role) + ((state.status[p] & Crashed) ? ", crashed" : "")});
    view.push_back({name + ".elected",
                    state.elected[p] == 0 ? "undefined" : std::to_string(state.elected[p])});
  }
  for (unsigned p = 0; p < n_; ++p) {
    std::string queue;
    for (const auto &entry : state.network.entries)
      if (entry.from == p)
        queue += (queue.empty() ? "" : " ") + message_text(entry.payload);
    view.push_back({"p" + std::to_string(p + 1) + "->p" + std::to_string(successor(p) + 1),
                    queue.empty() ? "empty" : queue});
  }
  view.push_back({"messages", std::to_string(state.messages)});
  return view;
}

std::string ChangRoberts::message_label(const Event &event) const {
  if (event.kind == EventKind::Send || event.kind == EventKind::Deliver)
    return message_text(static_cast<std::uint8_t>((event.value & 0xff) |
                                                  (event.message == Elected ? ElectedBit : 0)));
  return describe(event);
}

std::string ChangRoberts::describe(const Event &event) const {
  if (event.actor == NoProcess)
    return "initial state: no election running";
  const std::string actor = "p" + std::to_string(event.actor + 1);
  if (event.kind == EventKind::Crash)
    return actor + " crashes: it will neither receive nor forward any message";
  const std::string peer = "p" + std::to_string(event.peer + 1);
  const unsigned x = event.value & 0xff;
  const std::string own = std::to_string(ids_[event.actor]);
  if (event.kind == EventKind::Send)
    return actor + " starts an election: sends elect(" + own + ") to " + peer;
  const std::string got = actor + " receives " +
                          (event.message == Elected ? "elected(" : "elect(") + std::to_string(x) +
                          ") from " + peer;
  const std::string next = "p" + std::to_string(successor(event.actor) + 1);
  switch (static_cast<Reaction>(event.value >> 8)) {
  case Forward:
    return got + " and forwards it to " + next;
  case ReplaceWithOwn:
    return got + ", joins and sends elect(" + own + ") to " + next + " instead";
  case Swallow:
    return got + " and drops it (own id " + own + " is larger)";
  case BecomeLeader:
    return got + ": its own id came back, it is the leader; sends elected(" + own + ") to " + next;
  case RecordAndForward:
    return got + ", records leader " + std::to_string(x) + " and forwards it to " + next;
  case RecordAndStop:
    return got + ": its announcement went round, the election is over";
  }
  return got;
}

} // namespace protocheck::election
