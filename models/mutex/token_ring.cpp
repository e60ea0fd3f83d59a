#include <protocheck/models/mutex/token_ring.hpp>
#include <protocheck/properties/critical_section.hpp>

namespace protocheck::mutex {

void TokenRing::parameters(Parameters<Config> &declare) {
  declare_processes(declare, &Config::n, MaxProcesses);
  declare_requests(declare, &Config::requests, MaxRequests);
  declare_app_messages(declare, &Config::app_messages, MaxAppMessages);
  declare.integer("crash", &Config::crash, 0, MaxProcesses,
                  "the process (1..n) that may crash at any step, after which it receives nothing, "
                  "so a token passed to it or held by it is lost; 0: no crash");
  declare_delays(declare, &Config::delays);
}

TokenRing::TokenRing(const Config &config)
    : n_(config.n), requests_(config.requests), app_messages_(config.app_messages),
      crash_(config.crash), delays_(config.delays) {
  if (crash_ > n_)
    throw BadInput("crash = " + std::to_string(crash_) + " names no process: 1.." +
                   std::to_string(n_) + ", or 0 for none");
}

std::vector<std::string> TokenRing::process_names() const { return numbered_process_names(n_); }

// Vectors matter only while they can reach a request event: once every process
// has made all its requests, none does. (The token reaches everybody, so there
// is no finer rule as for the others.)
void TokenRing::forget_dead_variables(State &state) const {
  bool all_requested = true;
  for (unsigned p = 0; p < n_; ++p) {
    all_requested = all_requested && state.process[p].requests_made == requests_;
    if (state.process[p].phase == Released)
      state.monitor.request[p] = {};
  }
  if (!all_requested)
    return;
  state.monitor.knows = {};
  for (std::size_t i = 0; i < state.network.size(); ++i)
    state.network.entries[i].payload.knows = {};
}

std::vector<Property<TokenRing::State>> TokenRing::properties() const {
  const auto inside = [](const State &state, unsigned p) { return state.process[p].phase == Held; };
  // A crashed process waits for nothing any more.
  const auto waits = [this](const State &state, unsigned p) {
    return state.process[p].phase == Wanted && !is_crashed(state, p);
  };
  const auto name = [](unsigned p) { return process_name(p); };
  std::vector<Property<State>> list = {
      properties::mutual_exclusion<State>(
          n_, inside, [](const State &, unsigned p) { return process_name(p); }),
      properties::no_deadlock<State>(
          n_, waits,
          [this, waits](const State &state) {
            std::string text;
            for (unsigned p = 0; p < n_; ++p)
              if (waits(state, p))
                text += (text.empty() ? "" : ", ") + process_name(p) + " waits for the token";
            if (state.crashed)
              text += ", lost at crashed " + process_name(crash_ - 1);
            return text;
          },
          crash_ == 0 ? "no run ends with a process still waiting (the token never stops)"
                      : "no run ends with a process that has not crashed still waiting"),
      properties::causal_ordering<State>(
          n_, [](const State &state) -> const Monitor & { return state.monitor; }, inside, waits,
          name),
  };
  if (delays_)
    add_delay_properties<State>(
        list, n_, [](const State &state) -> const auto & { return state.process; },
        "slide 39: between 0 and N, in token hops", "slide 39: between 1 and N, in token hops");
  return list;
}

StateView TokenRing::describe(const State &state) const {
  StateView view;
  bool all_requested = true;
  for (unsigned p = 0; p < n_; ++p)
    all_requested = all_requested && state.process[p].requests_made == requests_;
  for (unsigned p = 0; p < n_; ++p) {
    const std::string name = process_name(p);
    view.push_back({name + ".state", std::string(phase_name(state.process[p].phase))});
    view.push_back({name + ".requests", std::to_string(state.process[p].requests_made)});
    // Reset as dead once everyone has made all requests (forget_dead_variables): it says so.
    view.push_back(
        {name + ".knows", all_requested ? NoLongerNeeded : state.monitor.knows[p].to_string(n_)});
  }
  for (unsigned from = 0; from < n_; ++from)
    for (unsigned to = 0; to < n_; ++to) {
      if (from == to)
        continue;
      std::string messages;
      for (const Network::Entry &entry : state.network.entries)
        if (entry.from == from && entry.to == to)
          messages += (messages.empty() ? "" : ", ") +
                      std::string(entry.payload.kind == Token ? "token" : "app");
      view.push_back({process_name(from) + "->" + process_name(to), "[" + messages + "]"});
    }
  view.push_back({"app-messages-left", std::to_string(state.app_left)});
  if (crash_ != 0)
    view.push_back({process_name(crash_ - 1) + ".crashed", state.crashed ? "true" : "false"});
  if (delays_)
    describe_delays(view, state.delays, state.process, n_);
  return view;
}

std::string TokenRing::message_label(const Event &event) const {
  if (event.kind != EventKind::Send && event.kind != EventKind::Deliver)
    return describe(event);
  return event.message == Token ? "token" : "app";
}

std::string TokenRing::describe(const Event &event) const {
  if (event.actor == NoProcess)
    return "initial state: the token is on its way to p1";
  const std::string actor = process_name(event.actor);
  switch (event.kind) {
  case EventKind::Crash:
    return actor + " crashes: a token passed to it or held by it is lost";
  case EventKind::Local:
    if (event.message == Want)
      return actor + " wants the critical section";
    return actor + " leaves the critical section and passes the token to " +
           process_name(successor(event.actor));
  case EventKind::Send:
    return actor + " -> " + process_name(event.peer) + ": application message";
  case EventKind::Deliver:
    if (event.message == App)
      return actor + " receives " + process_name(event.peer) + "'s application message";
    if (event.value == Entered)
      return actor + " receives the token and enters the critical section";
    return actor + " receives the token and passes it on to " +
           process_name(successor(event.actor));
  default:
    return actor + " does something unexpected";
  }
}

} // namespace protocheck::mutex
