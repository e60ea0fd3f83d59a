#include <protocheck/models/mutex/maekawa.hpp>
#include <protocheck/properties/critical_section.hpp>

namespace protocheck::mutex {

template <bool Optimised>
void MaekawaVoting<Optimised>::parameters(Parameters<Config> &declare) {
  declare_processes(declare, &Config::n, MaxProcesses);
  declare_requests(declare, &Config::requests, MaxRequests);
  declare.text("sets", &Config::sets,
               "voting sets V_1..V_n as process numbers, such as 1,2;2,3;3,1 (V1={p1,p2}, ...), "
               "or grid (n = 4 or 9: row and column); default: the slide's 1,2;2,3;3,1 for "
               "n = 3, grid for n = 4 and 9, all processes in every set otherwise");
  declare_delays(declare, &Config::delays);
}

template <bool Optimised>
MaekawaVoting<Optimised>::MaekawaVoting(const Config &config)
    : n_(config.n), requests_(config.requests), delays_(config.delays) {
  sets_ = parse_voting_sets(config.sets, n_);
  targets_ = sets_;
  if (Optimised)
    for (unsigned p = 0; p < n_; ++p)
      targets_[p].erase(p);
}

template <bool Optimised> std::vector<std::string> MaekawaVoting<Optimised>::process_names() const {
  return numbered_process_names(n_);
}

template <bool Optimised>
unsigned MaekawaVoting<Optimised>::vote_holder(const State &state, unsigned voter) const {
  for (unsigned p = 0; p < n_; ++p)
    if (state.process[p].votes.contains(voter))
      return p;
  for (const typename Network::Entry &entry : state.network.entries)
    if (entry.from == voter && entry.payload.kind == Reply)
      return entry.to;
  return n_;
}

template <bool Optimised>
unsigned MaekawaVoting<Optimised>::in_critical_section(const State &state) const {
  unsigned count = 0;
  for (unsigned p = 0; p < n_; ++p)
    count += state.process[p].phase == Held;
  return count;
}

template <bool Optimised>
std::string MaekawaVoting<Optimised>::waiting_explanation(const State &state) const {
  std::string text;
  std::vector<std::vector<std::size_t>> waits_on(n_);
  for (unsigned p = 0; p < n_; ++p) {
    if (state.process[p].phase != Wanted)
      continue;
    targets_[p].without(state.process[p].votes).for_each([&](std::size_t voter) {
      const unsigned holder = vote_holder(state, static_cast<unsigned>(voter));
      text += (text.empty() ? "" : ", ") + process_name(p) + " waits for " + process_name(voter) +
              "'s vote (";
      if (holder == n_) {
        const bool queued = state.process[voter].queue.contains(static_cast<std::uint8_t>(p));
        text += process_name(voter) + "'s vote is free" +
                (queued ? ", but " + process_name(p) + "'s request sits in its queue)" : ")");
        return;
      }
      text += process_name(voter) + " voted for " + process_name(holder) + ")";
      if (state.process[holder].phase == Wanted)
        waits_on[p].push_back(holder);
    });
  }
  const std::string cycle = find_wait_cycle(waits_on);
  if (!cycle.empty())
    text += "; cycle " + cycle;
  return text;
}

template <bool Optimised>
std::vector<Property<typename MaekawaVoting<Optimised>::State>>
MaekawaVoting<Optimised>::properties() const {
  const auto inside = [](const State &state, unsigned p) { return state.process[p].phase == Held; };
  const auto waits = [](const State &state, unsigned p) {
    return state.process[p].phase == Wanted;
  };
  std::vector<Property<State>> properties{
      properties::mutual_exclusion<State>(n_, inside,
                                          [](const State &state, unsigned p) {
                                            return process_name(p) + " (votes " +
                                                   state.process[p].votes.to_string(process_name) +
                                                   ")";
                                          }),
      properties::no_deadlock<State>(
          n_, waits, [this](const State &state) { return waiting_explanation(state); }),
      properties::messages_per_entry<State>(
          n_, [](const State &state, unsigned p) { return state.process[p].messages; },
          [this](const State &state, unsigned p) {
            const std::string k = std::to_string(targets_[p].size());
            return process_name(p) + "'s critical-section entry used " +
                   std::to_string(state.process[p].messages) + " messages (" + k + " requests, " +
                   k + " votes, " + k + " releases)";
          },
          "messages sent for one critical-section entry: its requests, the "
          "votes sent to it and "
          "its releases (slide 51: 3K for |V_i| = K)"),
  };
  properties.push_back(
      reachable<State>("entry", "some process enters the critical section (the run is not vacuous)",
                       [this](const State &state) { return in_critical_section(state) > 0; }));
  if (delays_)
    add_delay_properties<State>(
        properties, n_, [](const State &state) -> const auto & { return state.process; },
        "slide 51: 2, request and vote", "slide 51: 2, release and vote");
  return properties;
}

namespace {
const char *kind_name(std::uint8_t kind) {
  switch (kind) {
  case 1:
    return "request";
  case 2:
    return "vote";
  case 3:
    return "release";
  default:
    return "?";
  }
}
} // namespace

template <bool Optimised> StateView MaekawaVoting<Optimised>::describe(const State &state) const {
  StateView view;
  for (unsigned p = 0; p < n_; ++p) {
    const Process &self = state.process[p];
    const std::string name = process_name(p);
    view.push_back({name + ".state", std::string(phase_name(self.phase))});
    view.push_back({name + ".voted", self.voted ? "true" : "false"});
    view.push_back({name + ".votes", self.votes.to_string(process_name)});
    std::string queue;
    for (const std::uint8_t q : self.queue)
      queue += (queue.empty() ? "" : ", ") + process_name(q);
    view.push_back({name + ".queue", "[" + queue + "]"});
    view.push_back({name + ".requests", std::to_string(self.requests_made)});
  }
  for (unsigned from = 0; from < n_; ++from)
    for (unsigned to = 0; to < n_; ++to) {
      if (Optimised && from == to)
        continue;
      std::string queue;
      for (const typename Network::Entry &entry : state.network.entries)
        if (entry.from == from && entry.to == to)
          queue += (queue.empty() ? "" : ", ") + std::string(kind_name(entry.payload.kind));
      view.push_back({process_name(from) + "->" + process_name(to), "[" + queue + "]"});
    }
  if (delays_)
    describe_delays(view, state.delays, state.process, n_);
  return view;
}

template <bool Optimised>
std::string MaekawaVoting<Optimised>::message_label(const Event &event) const {
  if (event.kind != EventKind::Send && event.kind != EventKind::Deliver)
    return describe(event);
  return kind_name(event.message);
}

template <bool Optimised> std::string MaekawaVoting<Optimised>::describe(const Event &event) const {
  if (event.actor == NoProcess)
    return "initial state";
  const std::string actor = process_name(event.actor);
  switch (event.kind) {
  case EventKind::Send:
    return actor + " wants the critical section and multicasts request to " +
           targets_[event.actor].to_string(process_name);
  case EventKind::Deliver: {
    const std::string peer = process_name(event.peer);
    switch (event.message) {
    case Request:
      return actor + " receives " + peer + "'s request and " +
             (event.value == Queued ? "queues it (already voted or in the critical section)"
                                    : "votes for " + peer);
    case Reply:
      return actor + " receives " + peer + "'s vote";
    case Release:
      return actor + " receives " + peer + "'s release and " +
             (event.value == Unvoted ? std::string("has its vote back")
                                     : "votes for the head of its queue");
    default:
      return actor + " receives something unexpected";
    }
  }
  case EventKind::Local:
    if (event.message == Enter)
      return actor + " has all votes of " + targets_[event.actor].to_string(process_name) +
             " and enters the critical section";
    return actor + " leaves the critical section and multicasts release to " +
           targets_[event.actor].to_string(process_name);
  default:
    return actor + " does something unexpected";
  }
}

template class MaekawaVoting<false>;
template class MaekawaVoting<true>;

} // namespace protocheck::mutex
