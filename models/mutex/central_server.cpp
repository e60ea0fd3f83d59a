#include <protocheck/models/mutex/central_server.hpp>
#include <protocheck/properties/critical_section.hpp>

namespace protocheck::mutex {

void CentralServer::parameters(Parameters<Config> &declare) {
  declare_processes(declare, &Config::n, MaxClients, "number of clients (the server comes on top)");
  declare_requests(declare, &Config::requests, MaxRequests);
  declare_app_messages(declare, &Config::app_messages, MaxAppMessages);
  declare.choice("queue", &Config::queue,
                 {{"arrival", Queue::Arrival}, {"lamport", Queue::Lamport}},
                 "the server's queue: arrival order, or lamport (slide 36: by the requests' "
                 "Lamport timestamps, ties by client number; every process keeps a Lamport clock)");
  declare_delays(declare, &Config::delays);
}

CentralServer::CentralServer(const Config &config)
    : n_(config.n), requests_(config.requests), app_messages_(config.app_messages),
      queue_(config.queue), delays_(config.delays) {}

std::vector<std::string> CentralServer::process_names() const {
  std::vector<std::string> names = numbered_process_names(n_);
  names.push_back("server");
  return names;
}

// Vectors only matter while they can still reach a request event. With one
// request per client and no application message left, a vector that reaches the
// server or a client that has made its request reaches no request any more
// (grants go to clients that have requested).
void CentralServer::forget_dead_variables(State &state) const {
  for (unsigned p = 0; p < n_; ++p)
    if (state.client[p].phase == Released)
      state.monitor.request[p] = {};
  if (clocks_dead(state)) {
    // No clock can reach a request any more; queued requests keep their stamps in state.stamp
    // and requests in flight theirs.
    state.clock = {};
    for (std::size_t i = 0; i < state.network.size(); ++i)
      if (state.network.entries[i].payload.kind != Request)
        state.network.entries[i].payload.time = 0;
  }
  for (unsigned p = 0; p <= n_; ++p)
    if (knows_dead(state, p))
      state.monitor.knows[p] = {};
  for (std::size_t i = 0; i < state.network.size(); ++i)
    if (knows_dead(state, state.network.entries[i].to))
      state.network.entries[i].payload.knows = {};
}

bool CentralServer::all_requested(const State &state) const {
  for (unsigned p = 0; p < n_; ++p)
    if (state.client[p].requests_made != requests_)
      return false;
  return true;
}

bool CentralServer::knows_dead(const State &state, unsigned process) const {
  const bool everyone = all_requested(state);
  const bool single_requests_settled = requests_ == 1 && state.app_left == 0;
  if (!everyone && !single_requests_settled)
    return false;
  return everyone || process == server() || state.client[process].requests_made == requests_;
}

bool CentralServer::clocks_dead(const State &state) const {
  return all_requested(state) && queue_ == Queue::Lamport;
}

std::vector<Property<CentralServer::State>> CentralServer::properties() const {
  const auto inside = [](const State &state, unsigned p) { return state.client[p].phase == Held; };
  const auto waits = [](const State &state, unsigned p) { return state.client[p].phase == Wanted; };
  const auto name = [](unsigned p) { return process_name(p); };
  std::vector<Property<State>> list = {
      properties::mutual_exclusion<State>(
          n_, inside, [](const State &, unsigned p) { return process_name(p); },
          "at most one client is in the critical section"),
      properties::no_deadlock<State>(
          n_, waits,
          [this, waits](const State &state) {
            std::string text;
            for (unsigned p = 0; p < n_; ++p)
              if (waits(state, p))
                text +=
                    (text.empty() ? "" : ", ") + process_name(p) + " waits for the server's grant";
            return text;
          },
          "no run ends with a client still waiting for the critical section"),
      properties::causal_ordering<State>(
          n_, [](const State &state) -> const Monitor & { return state.monitor; }, inside, waits,
          name),
      properties::messages_per_entry<State>(
          n_, [](const State &state, unsigned p) { return state.client[p].messages; },
          [](const State &state, unsigned p) {
            return process_name(p) + "'s entry used " + std::to_string(state.client[p].messages) +
                   " messages (request, grant, release)";
          },
          "messages sent for one critical-section entry (slide 35: 2 for the request + 1 for "
          "the release)"),
  };
  if (delays_)
    add_delay_properties<State>(
        list, n_, [](const State &state) -> const auto & { return state.client; },
        "request and grant; slide 35's O(length of queue) is the wait behind a queue",
        "slide 35: 2, release and grant");
  return list;
}

namespace {
const char *kind_name(std::uint8_t kind) {
  switch (kind) {
  case CentralServer::Request:
    return "request";
  case CentralServer::Grant:
    return "grant";
  case CentralServer::Release:
    return "release";
  case CentralServer::App:
    return "app";
  default:
    return "?";
  }
}
} // namespace

StateView CentralServer::describe(const State &state) const {
  StateView view;
  for (unsigned p = 0; p < n_; ++p) {
    const std::string name = process_name(p);
    view.push_back({name + ".state", std::string(phase_name(state.client[p].phase))});
    view.push_back({name + ".requests", std::to_string(state.client[p].requests_made)});
    // A variable reset as dead (forget_dead_variables) says so rather than show its reset value.
    view.push_back({name + ".knows",
                    knows_dead(state, p) ? NoLongerNeeded : state.monitor.knows[p].to_string(n_)});
    if (queue_ == Queue::Lamport)
      view.push_back(
          {name + ".clock", clocks_dead(state) ? NoLongerNeeded : std::to_string(state.clock[p])});
  }
  if (queue_ == Queue::Lamport)
    view.push_back({"server.clock",
                    clocks_dead(state) ? NoLongerNeeded : std::to_string(state.clock[server()])});
  view.push_back({"server.holder", state.holder == NoHolder ? "none" : process_name(state.holder)});
  std::string queue;
  for (const std::uint8_t q : state.queue)
    queue += (queue.empty() ? "" : ", ") + process_name(q) +
             (queue_ == Queue::Lamport ? " (t = " + std::to_string(state.stamp[q]) + ")" : "");
  view.push_back({"server.queue", "[" + queue + "]"});
  const auto name_of = [this](unsigned p) {
    return p == n_ ? std::string("server") : process_name(p);
  };
  for (unsigned from = 0; from <= n_; ++from)
    for (unsigned to = 0; to <= n_; ++to) {
      if (from == to)
        continue;
      std::string messages;
      for (const Network::Entry &entry : state.network.entries)
        if (entry.from == from && entry.to == to)
          messages +=
              (messages.empty() ? "" : ", ") + std::string(kind_name(entry.payload.kind)) +
              (queue_ == Queue::Lamport ? "(t = " + std::to_string(entry.payload.time) + ")" : "");
      view.push_back({name_of(from) + "->" + name_of(to), "[" + messages + "]"});
    }
  view.push_back({"app-messages-left", std::to_string(state.app_left)});
  if (delays_)
    describe_delays(view, state.delays, state.client, n_);
  return view;
}

std::string CentralServer::message_label(const Event &event) const {
  if (event.kind != EventKind::Send && event.kind != EventKind::Deliver)
    return describe(event);
  return kind_name(event.message);
}

std::string CentralServer::describe(const Event &event) const {
  if (event.actor == NoProcess)
    return "initial state";
  const auto name_of = [this](unsigned p) {
    return p == n_ ? std::string("server") : process_name(p);
  };
  const std::string actor = name_of(event.actor);
  const std::string peer = event.peer == NoProcess ? "" : name_of(event.peer);
  switch (event.kind) {
  case EventKind::Send:
    switch (event.message) {
    case Request:
      return actor + " wants the critical section and sends request to the server";
    case Release:
      return actor + " leaves the critical section and sends release to the server";
    default:
      return actor + " -> " + peer + ": application message";
    }
  case EventKind::Deliver:
    if (event.actor == server()) {
      switch (event.value) {
      case Granted:
        return "server receives " + peer + "'s request; the token is free: grants it to " + peer;
      case Queued:
        return "server receives " + peer + "'s request and queues it";
      case GrantedToHead:
        return "server receives " + peer +
               "'s release and grants the token to the head of its "
               "queue";
      default:
        return "server receives " + peer + "'s release; nobody waits";
      }
    }
    if (event.message == Grant)
      return actor + " receives the grant and enters the critical section";
    return actor + " receives " + peer + "'s application message";
  default:
    return actor + " does something unexpected";
  }
}

} // namespace protocheck::mutex
