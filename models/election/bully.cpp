#include <protocheck/models/election/bully.hpp>

#include <protocheck/models/election/id_placement.hpp>

namespace protocheck::election {
namespace {

std::string name(unsigned p) { return "p" + std::to_string(p + 1); }

const char *role_text(std::uint8_t role) {
  switch (role) {
  case Bully::Electing:
    return "electing";
  case Bully::Awaiting:
    return "awaiting-coordinator";
  case Bully::Coordinator:
    return "coordinator";
  default:
    return "idle";
  }
}

} // namespace

void Bully::parameters(Parameters<Config> &declare) {
  declare.integer("n", &Config::n, 2, MaxProcesses,
                  "number of processes (ids 1..n; pn starts as coordinator)");
  declare.integer("crashes", &Config::crashes, 0, 4, "how many crashes may happen");
  declare.integer("restarts", &Config::restarts, 0, 4,
                  "how many restarts of crashed processes may happen");
  declare.text("detectors", &Config::detectors,
               "who may detect the coordinator's failure: any, or a list of process numbers such "
               "as 1 (the slide's worst case) or n-1 (its best case)");
  declare.text("crash-order", &Config::crash_order,
               "who crashes, in order: any, or process numbers such as 4,3 (slide 21: p4 fails, "
               "then p3); only the processes listed crash, the k-th crash being the k-th listed");
}

Bully::Bully(const Config &config)
    : n_(config.n), max_crashes_(config.crashes), max_restarts_(config.restarts) {
  const std::vector<bool> detectors = parse_processes("detectors", config.detectors, n_);
  for (unsigned p = 0; p < n_; ++p)
    if (detectors[p])
      may_detect_.insert(p);
  if (config.crash_order != "any") {
    crash_order_ = parse_process_order("crash-order", config.crash_order, n_);
    if (crash_order_.size() > max_crashes_)
      throw BadInput("crash-order = '" + config.crash_order + "' lists " +
                     std::to_string(crash_order_.size()) +
                     " crashes, but crashes = " + std::to_string(max_crashes_));
  }
}

std::vector<std::string> Bully::process_names() const {
  std::vector<std::string> names;
  for (unsigned p = 0; p < n_; ++p)
    names.push_back(name(p));
  return names;
}

unsigned Bully::live_coordinators(const State &state) const {
  unsigned count = 0;
  for (unsigned p = 0; p < n_; ++p)
    count += !state.crashed.contains(p) && state.role[p] == Coordinator;
  return count;
}

bool Bully::quiet(const State &state) const { return !busy(state); }

unsigned Bully::highest_live(const State &state) const {
  unsigned highest = 0;
  for (unsigned p = 0; p < n_; ++p)
    if (!state.crashed.contains(p))
      highest = p;
  return highest;
}

bool Bully::beliefs_agree(const State &state) const {
  const unsigned highest = highest_live(state);
  for (unsigned p = 0; p < n_; ++p) {
    if (state.crashed.contains(p) || state.coordinator[p] == 0)
      continue;
    const unsigned believed = state.coordinator[p] - 1u;
    if (!state.crashed.contains(believed) && believed != highest)
      return false;
  }
  return true;
}

bool Bully::coordinator_known(const State &state) const {
  if (state.crashed.size() == n_)
    return true;
  const unsigned highest = highest_live(state);
  if (live_coordinators(state) != 1 || state.role[highest] != Coordinator)
    return false;
  for (unsigned p = 0; p < n_; ++p)
    if (!state.crashed.contains(p) && state.coordinator[p] != highest + 1)
      return false;
  return true;
}

std::vector<Property<Bully::State>> Bully::properties() const {
  std::vector<Property<State>> properties;
  properties.push_back(always<State>(
      "one-coordinator", "never two live processes that both act as coordinator",
      [this](const State &state) { return live_coordinators(state) <= 1; },
      [this](const State &state) {
        std::string who;
        for (unsigned p = 0; p < n_; ++p)
          if (!state.crashed.contains(p) && state.role[p] == Coordinator)
            who += (who.empty() ? "" : " and ") + name(p);
        return who + " both act as coordinator";
      }));
  const auto wrong_belief = [this](const State &state) {
    const unsigned highest = highest_live(state);
    for (unsigned p = 0; p < n_; ++p) {
      if (state.crashed.contains(p) || state.coordinator[p] == 0)
        continue;
      const unsigned believed = state.coordinator[p] - 1u;
      if (believed != highest && !state.crashed.contains(believed))
        return name(p) + " takes " + name(believed) + " for the coordinator, but " + name(highest) +
               " is the highest live process";
    }
    return std::string("every live process knows the highest live process as coordinator");
  };
  properties.push_back(always<State>(
      "agreement-when-quiet",
      "when no election runs and no message is in flight, whoever believes in a live coordinator "
      "believes in the highest live process",
      [this](const State &state) { return !quiet(state) || beliefs_agree(state); }, wrong_belief));
  properties.push_back(at_end<State>(
      "all-know-coordinator",
      "when the run ends, every live process takes the highest live process for the coordinator",
      [this](const State &state) {
        const unsigned highest = highest_live(state);
        for (unsigned p = 0; p < n_; ++p)
          if (!state.crashed.contains(p) && state.coordinator[p] != highest + 1)
            return false;
        return true;
      },
      [this, wrong_belief](const State &state) {
        for (unsigned p = 0; p < n_; ++p)
          if (!state.crashed.contains(p) && state.coordinator[p] == 0)
            return "the run ended but " + name(p) + " knows no coordinator";
        for (unsigned p = 0; p < n_; ++p)
          if (!state.crashed.contains(p) && state.crashed.contains(state.coordinator[p] - 1u))
            return "the run ended but " + name(p) + " still takes crashed " +
                   name(state.coordinator[p] - 1u) + " for the coordinator";
        return wrong_belief(state);
      }));
  // Liveness: the initial state already has a coordinator that everyone knows, so a plain
  // "eventually" would hold at once; the obligation starts whenever no live coordinator is left.
  properties.push_back(leads_to<State>(
      "coordinator-elected",
      "whenever no live process acts as coordinator, eventually the highest live process does and "
      "every live process takes it for the coordinator (under weak fairness of rounds and "
      "failure detection)",
      [this](const State &state) {
        return state.crashed.size() < n_ && live_coordinators(state) == 0;
      },
      [this](const State &state) { return coordinator_known(state); },
      [this](const State &state) {
        const unsigned highest = highest_live(state);
        std::string text = live_coordinators(state) == 0
                               ? "no live process acts as coordinator"
                               : name(highest) + " is the highest live process";
        for (unsigned p = 0; p < n_; ++p) {
          if (state.crashed.contains(p) || state.coordinator[p] == highest + 1)
            continue;
          text += "; " + name(p) + " takes " +
                  (state.coordinator[p] == 0
                       ? std::string("nobody")
                       : (state.crashed.contains(state.coordinator[p] - 1u) ? "crashed " : "") +
                             name(state.coordinator[p] - 1u)) +
                  " for the coordinator";
        }
        return text;
      }));
  // Slide 21's run as a witness: with --crash-order 4,3 on four processes, p4 fails, then p3, and
  // p2 is elected. A restarted process would not count as failed, hence "still crashed".
  if (!crash_order_.empty()) {
    std::string listed;
    for (const unsigned p : crash_order_)
      listed += (listed.empty() ? "" : ", then ") + name(p);
    properties.push_back(reachable<State>(
        "elected-after-crashes",
        "a run where " + listed +
            " crash (--crash-order) and stay crashed, and an election makes the highest live "
            "process the coordinator that every live process knows (slide 21)",
        [this](const State &state) {
          for (const unsigned p : crash_order_)
            if (!state.crashed.contains(p))
              return false;
          return state.crashed.size() < n_ && coordinator_known(state);
        },
        [this](const State &state) {
          return name(highest_live(state)) + " is the coordinator, and every live process knows it";
        }));
  }
  properties.push_back(bound<State>(
      "messages", "messages sent (election, answer, coordinator; to crashed processes included)",
      [](const State &state) { return static_cast<std::int64_t>(state.messages); },
      [](const State &state) { return std::to_string(state.messages) + " messages sent"; }));
  return properties;
}

StateView Bully::describe(const State &state) const {
  StateView view;
  for (unsigned p = 0; p < n_; ++p) {
    const std::string who = name(p);
    view.push_back(
        {who + ".role", state.crashed.contains(p) ? "crashed" : role_text(state.role[p])});
    view.push_back({who + ".coordinator",
                    state.coordinator[p] == 0 ? "none" : name(state.coordinator[p] - 1u)});
    view.push_back({who + ".timer", std::to_string(state.timer[p])});
    std::string inbox;
    for (unsigned q = 0; q < n_; ++q) {
      const std::uint8_t bits = state.inbox[p][q];
      const auto add = [&](const char *what) {
        inbox += (inbox.empty() ? "" : ", ") + std::string(what) + " from " + name(q);
      };
      if (bits & ElectionBit)
        add("election");
      if (bits & AnswerBit)
        add("answer");
      if (bits & CoordinatorBit)
        add("coordinator");
    }
    view.push_back({who + ".inbox", inbox.empty() ? "empty" : inbox});
  }
  view.push_back({"messages", std::to_string(state.messages)});
  view.push_back({"crashes", std::to_string(state.crashes)});
  view.push_back({"restarts", std::to_string(state.restarts)});
  return view;
}

std::string Bully::message_label(const Event &event) const {
  const bool message = event.kind == EventKind::Send || event.kind == EventKind::Deliver ||
                       event.kind == EventKind::Drop || event.kind == EventKind::Transmit;
  if (!message)
    return describe(event);
  switch (event.message) {
  case ElectionBit:
    return "election";
  case AnswerBit:
    return "answer";
  default:
    return "coordinator";
  }
}

std::string Bully::describe(const Event &event) const {
  if (event.kind == EventKind::Crash)
    return name(event.actor) +
           (event.message == Restart
                ? (event.actor + 1u == n_ ? " restarts and, highest of all, announces itself "
                                            "coordinator"
                                          : " restarts and calls an election")
                : " crashes");
  if (event.message == Detect)
    return name(event.actor) + " detects that coordinator " + name(event.value) +
           " has failed and calls an election";
  if (event.message != Round)
    return "initial state: p" + std::to_string(n_) + " is the coordinator";
  std::string text = "round: every live process handles its messages";
  for (unsigned p = 0; p < n_; ++p) {
    if (event.value & (1u << p))
      text += "; " + name(p) + " got no answer and declares itself coordinator";
    if (event.value & (1u << (6 + p)))
      text += "; " + name(p) + " got no coordinator message and calls again";
    const unsigned last = (event.value >> (12 + 3 * p)) & 7;
    if (last != 0)
      text += "; " + name(p) + " handles " + name(last - 1) + "'s coordinator message last";
  }
  return text;
}

} // namespace protocheck::election
