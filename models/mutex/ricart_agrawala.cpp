#include <protocheck/models/mutex/ricart_agrawala.hpp>
#include <protocheck/properties/critical_section.hpp>

namespace protocheck::mutex {

void RicartAgrawala::parameters(Parameters<Config> &declare) {
  declare_processes(declare, &Config::n, MaxProcesses);
  declare_requests(declare, &Config::requests, MaxRequests);
  declare_app_messages(declare, &Config::app_messages, MaxAppMessages);
  declare_delays(declare, &Config::delays);
}

RicartAgrawala::RicartAgrawala(const Config &config)
    : n_(config.n), requests_(config.requests), app_messages_(config.app_messages),
      delays_(config.delays) {}

bool RicartAgrawala::clock_dead(const State &state, unsigned p) const {
  bool all_requested = true;
  for (unsigned q = 0; q < n_; ++q)
    all_requested = all_requested && state.process[q].requests_made == requests_;
  return all_requested ||
         (requests_ == 1 && state.app_left == 0 && state.process[p].requests_made == requests_);
}

void RicartAgrawala::forget_dead_variables(State &state) const {
  bool all_requested = true;
  for (unsigned p = 0; p < n_; ++p) {
    Process &self = state.process[p];
    all_requested = all_requested && self.requests_made == requests_;
    if (self.phase == Released) {
      self.request_time = 0;
      self.messages = 0;
      state.monitor.request[p] = {};
    }
  }
  const bool last_requests_made_count = requests_ == 1 && state.app_left == 0;
  if (!all_requested && !last_requests_made_count)
    return;
  for (unsigned p = 0; p < n_; ++p)
    if (all_requested || state.process[p].requests_made == requests_) {
      state.process[p].clock = {};
      state.monitor.knows[p] = {};
    }
  // A message's clock and vector only flow into its receiver's clock and
  // vector.
  for (std::size_t i = 0; i < state.network.size(); ++i) {
    auto &entry = state.network.entries[i];
    const Process &receiver = state.process[entry.to];
    if (!all_requested && receiver.requests_made != requests_)
      continue;
    entry.payload.knows = {};
    // A request's T still decides a waiting receiver's answer; a holder defers
    // and a released process replies whatever T is.
    if (entry.payload.kind != Request || receiver.phase != Wanted)
      entry.payload.time = 0;
  }
}

std::vector<std::string> RicartAgrawala::process_names() const {
  return numbered_process_names(n_);
}

unsigned RicartAgrawala::in_critical_section(const State &state) const {
  unsigned count = 0;
  for (unsigned p = 0; p < n_; ++p)
    count += state.process[p].phase == Held;
  return count;
}

bool RicartAgrawala::someone_waits(const State &state) const {
  for (unsigned p = 0; p < n_; ++p)
    if (state.process[p].phase == Wanted)
      return true;
  return false;
}

std::vector<Property<RicartAgrawala::State>> RicartAgrawala::properties() const {
  const auto inside = [](const State &state, unsigned p) { return state.process[p].phase == Held; };
  const auto waits = [](const State &state, unsigned p) {
    return state.process[p].phase == Wanted;
  };
  std::vector<Property<State>> properties{
      properties::mutual_exclusion<State>(
          n_, inside, [](const State &, unsigned p) { return process_name(p); }),
      properties::no_deadlock<State>(n_, waits,
                                     [this](const State &state) {
                                       // At the end no message is in flight, so every missing
                                       // reply is a deferred request.
                                       std::string text;
                                       for (unsigned p = 0; p < n_; ++p) {
                                         if (state.process[p].phase != Wanted)
                                           continue;
                                         for (unsigned q = 0; q < n_; ++q)
                                           if (state.process[q].deferred.contains(p))
                                             text += (text.empty() ? "" : ", ") + process_name(p) +
                                                     " waits for " + process_name(q) + "'s reply";
                                       }
                                       return text;
                                     }),
      properties::causal_ordering<State>(
          n_, [](const State &state) -> const Monitor & { return state.monitor; }, inside, waits,
          [](unsigned p) { return process_name(p); }),
      properties::messages_per_entry<State>(
          n_, [](const State &state, unsigned p) { return state.process[p].messages; },
          [this](const State &state, unsigned p) {
            return process_name(p) + "'s request used " +
                   std::to_string(state.process[p].messages) + " messages (" +
                   std::to_string(n_ - 1) + " requests and " +
                   std::to_string(state.process[p].messages - (n_ - 1)) + " replies)";
          },
          "messages sent for one critical-section entry: its requests and the "
          "replies to it "
          "(slide 44: 2(n-1))"),
  };
  const auto causal_pair = [this](const State &state) {
    for (unsigned p = 0; p < n_; ++p)
      for (unsigned q = 0; q < n_; ++q)
        if (p != q && state.process[p].phase != Released && state.process[q].phase != Released &&
            state.monitor.before(p, q))
          return std::pair{p, q};
    return std::pair{n_, n_};
  };
  properties.push_back(reachable<State>(
      "causal-requests",
      "some request happened before another one while both are pending (the "
      "ordering property "
      "is not vacuous)",
      [this, causal_pair](const State &state) { return causal_pair(state).first != n_; },
      [this, causal_pair](const State &state) {
        const auto [p, q] = causal_pair(state);
        return process_name(p) + "'s request " + state.monitor.request[p].to_string(n_) +
               " happened before " + process_name(q) + "'s " +
               state.monitor.request[q].to_string(n_);
      }));
  properties.push_back(
      reachable<State>("entry", "some process enters the critical section (the run is not vacuous)",
                       [this](const State &state) { return in_critical_section(state) > 0; }));
  // Slide 43: two requests at about the same time; the one with the larger (T, pid) waits for the
  // reply the other defers until it has been in the critical section.
  const auto deferring = [this](const State &state) {
    for (unsigned p = 0; p < n_; ++p)
      if (state.process[p].phase == Wanted)
        for (unsigned q = 0; q < n_; ++q)
          if (state.process[p].deferred.contains(q))
            return std::pair{p, q};
    return std::pair{n_, n_};
  };
  properties.push_back(reachable<State>(
      "deferred-reply",
      "two requests are concurrent: a process still waiting for replies defers the one with the "
      "larger (T, pid) until it has been in the critical section (slide 43)",
      [this, deferring](const State &state) { return deferring(state).first != n_; },
      [deferring](const State &state) {
        const auto [p, q] = deferring(state);
        return process_name(p) + " still waits for replies and defers " + process_name(q) +
               "'s request, whose (T, pid) is larger";
      }));
  if (delays_)
    add_delay_properties<State>(
        properties, n_, [](const State &state) -> const auto & { return state.process; },
        "slide 44: 2, request and reply", "slide 44: 1, the deferred reply");
  return properties;
}

namespace {
// A timestamp of 0 was forgotten (no clock is ever 0 at a send): printed
// without it.
std::string message_text(std::uint8_t kind, unsigned time) {
  const std::string stamp = time == 0 ? "" : "(ts " + std::to_string(time) + ")";
  switch (kind) {
  case RicartAgrawala::Request:
    return "request" + stamp;
  case RicartAgrawala::Reply:
    return "reply" + stamp;
  case RicartAgrawala::App:
    return "app" + stamp;
  default:
    return "?";
  }
}
} // namespace

StateView RicartAgrawala::describe(const State &state) const {
  StateView view;
  for (unsigned p = 0; p < n_; ++p) {
    const Process &self = state.process[p];
    const std::string name = process_name(p);
    view.push_back({name + ".state", std::string(phase_name(self.phase))});
    // A variable reset as dead (forget_dead_variables) says so rather than show its reset value.
    const bool dead = clock_dead(state, p);
    view.push_back({name + ".clock", dead ? NoLongerNeeded : std::to_string(self.clock.time)});
    view.push_back({name + ".T", self.requests_made == 0  ? "-"
                                 : self.phase == Released ? NoLongerNeeded
                                                          : std::to_string(self.request_time)});
    view.push_back({name + ".replies", std::to_string(self.replies)});
    view.push_back({name + ".deferred", self.deferred.to_string(process_name)});
    view.push_back({name + ".requests", std::to_string(self.requests_made)});
    view.push_back({name + ".knows", dead ? NoLongerNeeded : state.monitor.knows[p].to_string(n_)});
  }
  for (unsigned from = 0; from < n_; ++from)
    for (unsigned to = 0; to < n_; ++to) {
      if (from == to)
        continue;
      std::string queue;
      for (const Network::Entry &entry : state.network.entries)
        if (entry.from == from && entry.to == to)
          queue +=
              (queue.empty() ? "" : ", ") + message_text(entry.payload.kind, entry.payload.time);
      view.push_back({process_name(from) + "->" + process_name(to), "[" + queue + "]"});
    }
  view.push_back({"app-messages-left", std::to_string(state.app_left)});
  if (delays_)
    describe_delays(view, state.delays, state.process, n_);
  return view;
}

std::string RicartAgrawala::message_label(const Event &event) const {
  if (event.kind != EventKind::Send && event.kind != EventKind::Deliver)
    return describe(event);
  switch (event.message) {
  case Request: {
    const unsigned time = event.value & 0xff;
    const unsigned sender = event.kind == EventKind::Send ? event.actor : event.peer;
    const std::string stamp = time == 0 ? "" : "T=" + std::to_string(time) + ", ";
    return "request(" + stamp + process_name(sender) + ")";
  }
  case Reply:
    return "reply";
  case App:
    return "app";
  default:
    return "?";
  }
}

std::string RicartAgrawala::describe(const Event &event) const {
  if (event.actor == NoProcess)
    return "initial state";
  const std::string actor = process_name(event.actor);
  const unsigned time = event.value & 0xff;
  switch (event.kind) {
  case EventKind::Send:
    if (event.message == Request) {
      std::string others;
      for (unsigned q = 0; q < n_; ++q)
        if (q != event.actor)
          others += (others.empty() ? "" : ", ") + process_name(q);
      return actor + " wants the critical section and multicasts request(ts " +
             std::to_string(time) + ") to " + others;
    }
    return actor + " -> " + process_name(event.peer) + ": " + message_text(event.message, time);
  case EventKind::Deliver: {
    std::string text =
        actor + " receives " + process_name(event.peer) + "'s " + message_text(event.message, time);
    if (event.message == Request)
      text += ((event.value >> 8) == Deferred) ? " and defers it" : " and replies at once";
    return text;
  }
  case EventKind::Local:
    if (event.message == Enter)
      return actor + " has all replies and enters the critical section";
    if (event.value == 0)
      return actor + " leaves the critical section";
    return actor + " leaves the critical section and replies to the deferred " +
           kit::ProcessSet<MaxProcesses>::from_mask(event.value).to_string(process_name);
  default:
    return actor + " does something unexpected";
  }
}

} // namespace protocheck::mutex
