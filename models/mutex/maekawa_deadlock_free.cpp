#include <protocheck/models/mutex/maekawa_deadlock_free.hpp>
#include <protocheck/properties/critical_section.hpp>

namespace protocheck::mutex {

namespace {

using Stamp = kit::LamportStamp;
using Queue = kit::SmallVector<Stamp, MaekawaDeadlockFree::MaxProcesses>;

void insert_in_order(Queue &queue, const Stamp &stamp) {
  std::size_t at = 0;
  while (at < queue.size() && queue[at] < stamp)
    ++at;
  queue.insert(at, stamp);
}

} // namespace

void MaekawaDeadlockFree::parameters(Parameters<Config> &declare) {
  declare_processes(declare, &Config::n, MaxProcesses);
  declare_requests(declare, &Config::requests, MaxRequests);
  declare.text("sets", &Config::sets,
               "voting sets V_1..V_n as process numbers, such as 1,2;2,3;3,1 (V1={p1,p2}, ...), "
               "or grid (n = 4); default: the slide's 1,2;2,3;3,1 for n = 3, grid for n = 4, "
               "all processes in every set otherwise");
}

MaekawaDeadlockFree::MaekawaDeadlockFree(const Config &config)
    : n_(config.n), requests_(config.requests), sets_(parse_voting_sets(config.sets, n_)) {}

std::vector<std::string> MaekawaDeadlockFree::process_names() const {
  return numbered_process_names(n_);
}

std::uint8_t MaekawaDeadlockFree::receive(State &state, unsigned from, unsigned to,
                                          const Message &message) const {
  Process &self = state.process[to];
  self.clock.receive(message.time);
  const auto vote_for = [&](const Stamp &request) {
    const std::uint8_t time = self.clock.tick();
    state.network.send(to, request.process, {Reply, time, 0});
    self.voted_for = request.process;
    self.vote_time = request.time;
    self.inquired = 0;
    ++state.process[request.process].messages;
  };
  switch (message.kind) {
  case Request: {
    const Stamp request{message.stamp, static_cast<std::uint8_t>(from)};
    if (self.phase != Held && self.voted_for == NoVote) {
      vote_for(request);
      return Voted;
    }
    insert_in_order(self.queue, request);
    if (self.voted_for != NoVote && !self.inquired &&
        request < Stamp{self.vote_time, self.voted_for}) {
      const std::uint8_t time = self.clock.tick();
      state.network.send(to, self.voted_for, {Inquire, time, self.vote_time});
      self.inquired = 1;
      ++state.process[self.voted_for].messages;
      return QueuedAndInquired;
    }
    return Queued;
  }
  case Reply:
    self.votes.insert(from);
    return 0;
  case Inquire:
    if (self.phase == Wanted && self.request_time == message.stamp && self.votes.contains(from)) {
      self.votes.erase(from);
      const std::uint8_t time = self.clock.tick();
      state.network.send(to, from, {Relinquish, time, 0});
      ++self.messages;
      return Relinquished;
    }
    return IgnoredInquire;
  case Relinquish:
    insert_in_order(self.queue, Stamp{self.vote_time, self.voted_for});
    {
      const Stamp earliest = self.queue[0];
      self.queue.erase(0);
      vote_for(earliest);
    }
    return Revoted;
  case Release:
    self.voted_for = NoVote;
    self.vote_time = 0;
    self.inquired = 0;
    if (!self.queue.empty()) {
      const Stamp earliest = self.queue[0];
      self.queue.erase(0);
      vote_for(earliest);
      return Revoted;
    }
    return Freed;
  default:
    return 0;
  }
}

void MaekawaDeadlockFree::forget_dead_variables(State &state) const {
  for (unsigned p = 0; p < n_; ++p)
    if (state.process[p].phase == Released)
      state.process[p].request_time = 0;
  for (unsigned p = 0; p < n_; ++p)
    if (clock_dead(state, p))
      state.process[p].clock = {};
  for (std::size_t i = 0; i < state.network.size(); ++i)
    if (clock_dead(state, state.network.entries[i].to))
      state.network.entries[i].payload.time = 0;
}

// A clock is dead when no request event can follow it any more, through any
// chain of messages.
bool MaekawaDeadlockFree::clock_dead(const State &state, unsigned p) const {
  bool all_requested = true;
  for (unsigned q = 0; q < n_; ++q)
    all_requested = all_requested && state.process[q].requests_made == requests_;
  const Process &self = state.process[p];
  return all_requested || (requests_ == 1 && self.requests_made == 1 && self.phase == Released);
}

unsigned MaekawaDeadlockFree::in_critical_section(const State &state) const {
  unsigned count = 0;
  for (unsigned p = 0; p < n_; ++p)
    count += state.process[p].phase == Held;
  return count;
}

std::string MaekawaDeadlockFree::waiting_explanation(const State &state) const {
  std::string text;
  std::vector<std::vector<std::size_t>> waits_on(n_);
  for (unsigned p = 0; p < n_; ++p) {
    if (state.process[p].phase != Wanted)
      continue;
    sets_[p].without(state.process[p].votes).for_each([&](std::size_t voter) {
      const std::uint8_t holder = state.process[voter].voted_for;
      text += (text.empty() ? "" : ", ") + process_name(p) + " waits for " + process_name(voter) +
              "'s vote (" +
              (holder == NoVote ? process_name(voter) + "'s vote is free"
                                : process_name(voter) + " voted for " + process_name(holder)) +
              ")";
      if (holder != NoVote && state.process[holder].phase == Wanted)
        waits_on[p].push_back(holder);
    });
  }
  const std::string cycle = find_wait_cycle(waits_on);
  if (!cycle.empty())
    text += "; cycle " + cycle;
  return text;
}

std::vector<Property<MaekawaDeadlockFree::State>> MaekawaDeadlockFree::properties() const {
  const auto inside = [](const State &state, unsigned p) { return state.process[p].phase == Held; };
  const auto waits = [](const State &state, unsigned p) {
    return state.process[p].phase == Wanted;
  };
  std::vector<Property<State>> properties{
      properties::mutual_exclusion<State>(
          n_, inside, [](const State &, unsigned p) { return process_name(p); }),
      properties::no_deadlock<State>(
          n_, waits, [this](const State &state) { return waiting_explanation(state); }),
      properties::messages_per_entry<State>(
          n_, [](const State &state, unsigned p) { return state.process[p].messages; },
          [](const State &state, unsigned p) {
            return process_name(p) + "'s critical-section entry used " +
                   std::to_string(state.process[p].messages) + " messages";
          },
          "messages sent for one critical-section entry: its requests, the "
          "votes and inquires "
          "sent to it, its relinquishes and releases (3K without inquires)"),
  };
  properties.push_back(reachable<State>(
      "vote-revoked", "some process gives a vote back (the deadlock resolution is exercised)",
      [this](const State &state) {
        for (std::size_t i = 0; i < state.network.size(); ++i)
          if (state.network.entries[i].payload.kind == Relinquish)
            return true;
        return false;
      }));
  return properties;
}

namespace {
const char *kind_name(std::uint8_t kind) {
  switch (kind) {
  case MaekawaDeadlockFree::Request:
    return "request";
  case MaekawaDeadlockFree::Reply:
    return "vote";
  case MaekawaDeadlockFree::Release:
    return "release";
  case MaekawaDeadlockFree::Inquire:
    return "inquire";
  case MaekawaDeadlockFree::Relinquish:
    return "relinquish";
  default:
    return "?";
  }
}
} // namespace

StateView MaekawaDeadlockFree::describe(const State &state) const {
  StateView view;
  for (unsigned p = 0; p < n_; ++p) {
    const Process &self = state.process[p];
    const std::string name = process_name(p);
    view.push_back({name + ".state", std::string(phase_name(self.phase))});
    view.push_back(
        {name + ".clock", clock_dead(state, p) ? NoLongerNeeded : std::to_string(self.clock.time)});
    view.push_back({name + ".T", self.phase == Released ? "-" : std::to_string(self.request_time)});
    view.push_back({name + ".voted-for", self.voted_for == NoVote
                                             ? "nobody"
                                             : process_name(self.voted_for) + " (T " +
                                                   std::to_string(self.vote_time) + ")"});
    view.push_back({name + ".inquired", self.inquired ? "yes" : "no"});
    view.push_back({name + ".votes", self.votes.to_string(process_name)});
    std::string queue;
    for (const Stamp &stamp : self.queue)
      queue += (queue.empty() ? "" : ", ") + kit::to_string(stamp);
    view.push_back({name + ".queue", "[" + queue + "]"});
    view.push_back({name + ".requests", std::to_string(self.requests_made)});
  }
  for (unsigned from = 0; from < n_; ++from)
    for (unsigned to = 0; to < n_; ++to) {
      std::string messages;
      for (const Network::Entry &entry : state.network.entries)
        if (entry.from == from && entry.to == to) {
          messages += (messages.empty() ? "" : ", ") + std::string(kind_name(entry.payload.kind));
          if (entry.payload.kind == Request || entry.payload.kind == Inquire)
            messages += "(T " + std::to_string(entry.payload.stamp) + ")";
        }
      view.push_back({process_name(from) + "->" + process_name(to), "[" + messages + "]"});
    }
  return view;
}

std::string MaekawaDeadlockFree::message_label(const Event &event) const {
  if (event.kind != EventKind::Send && event.kind != EventKind::Deliver)
    return describe(event);
  const std::string stamp = "T=" + std::to_string(event.value & 0xff);
  switch (event.message) {
  case Request: {
    const unsigned sender = event.kind == EventKind::Send ? event.actor : event.peer;
    return "request(" + stamp + ", " + process_name(sender) + ")";
  }
  case Inquire:
    return "inquire(" + stamp + ")";
  default:
    return kind_name(event.message);
  }
}

std::string MaekawaDeadlockFree::describe(const Event &event) const {
  if (event.actor == NoProcess)
    return "initial state";
  const std::string actor = process_name(event.actor);
  const unsigned stamp = event.value & 0xff;
  switch (event.kind) {
  case EventKind::Send:
    return actor + " wants the critical section and multicasts request(T " + std::to_string(stamp) +
           ") to " + sets_[event.actor].to_string(process_name);
  case EventKind::Local:
    if (event.message == Enter)
      return actor + " has all votes of " + sets_[event.actor].to_string(process_name) +
             " and enters the critical section";
    return actor + " leaves the critical section and multicasts release to " +
           sets_[event.actor].to_string(process_name);
  case EventKind::Deliver: {
    const std::string peer = process_name(event.peer);
    switch (event.value >> 8) {
    case Voted:
      return actor + " receives " + peer + "'s request(T " + std::to_string(stamp) +
             ") and votes for it";
    case Queued:
      return actor + " receives " + peer + "'s request(T " + std::to_string(stamp) +
             ") and queues it";
    case QueuedAndInquired:
      return actor + " receives " + peer + "'s earlier request(T " + std::to_string(stamp) +
             "), queues it and asks for its vote back (inquire)";
    case Relinquished:
      return actor + " receives " + peer + "'s inquire and, still waiting, gives the vote back";
    case IgnoredInquire:
      return actor + " receives " + peer + "'s inquire and ignores it";
    case Revoted:
      return actor + " receives " + peer + "'s " + kind_name(event.message) +
             " and votes for the earliest queued request";
    case Freed:
      return actor + " receives " + peer + "'s release; its vote is free";
    default:
      return actor + " receives " + peer + "'s vote";
    }
  }
  default:
    return actor + " does something unexpected";
  }
}

} // namespace protocheck::mutex
