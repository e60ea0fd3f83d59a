// Client delay and synchronisation delay of the mutual-exclusion models (slides 35, 39, 44 and 51
// of the coordination lecture), measured in message transmission times when a model runs with
// --delays:
//   client delay: from a request made while no process holds or wants the critical section to
//                 the requester's entry (the lecture's "client delay" is the uncontended one);
//   synchronisation delay: from a process leaving the critical section to the entry of the next
//                 one, for an entrant that was already waiting when it left (slide 35: "time
//                 between exit of current and enter of next process").
//
// The measure follows chains of messages: a message sent by the timed event (the request or the
// exit) is 1 hop from it, and a message sent in reaction to receiving one that is h hops from it
// is h + 1 (a grant the server sends on a request, a vote a voter sends on a release, the token
// passed on). A message sent on any other occasion is on no chain (0 hops). The delay of an entry
// is the most hops among the messages the entrant waited for (the grant, the replies, the votes,
// the token): the time the entry takes when every message takes one unit and every process
// reacts at once, counted along what made the entry possible. An interleaving that delivers
// some unrelated message first does not make it longer.
//
// At most one event is timed at a time: an uncontended request has no holder and no waiter, so no
// exit can be timed until someone enters; an exit is timed only while someone waits. Every entry
// ends the timing, and the chains of the messages still in flight are forgotten then.
//
// Without --delays nothing here changes: every count stays 0, and the state space is the one
// without the monitor. With it, the state distinguishes what the monitor counts, so there are
// more states.
#pragma once

#include <protocheck/kit/capacity_error.hpp>
#include <protocheck/kit/process_set.hpp>
#include <protocheck/kit/vector_clock.hpp>
#include <protocheck/model.hpp>
#include <protocheck/models/mutex/mutex_common.hpp>
#include <protocheck/parameters.hpp>
#include <protocheck/properties/critical_section.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace protocheck::mutex {

// Hops of a chain, as a message carries them (see each model's Message): 1 to 7; a longer chain
// stops the run with a clear error rather than wrap.
inline constexpr unsigned MaxChainHops = 7;

// The chain hop count of a message sent in reaction to one `received_hops` away from the timed
// event: one more, or 0 when the received message is on no chain.
inline std::uint8_t next_hops(unsigned received_hops) {
  if (received_hops == 0)
    return 0;
  if (received_hops + 1 > MaxChainHops)
    throw kit::CapacityExceeded("a message chain timed by --delays", MaxChainHops);
  return static_cast<std::uint8_t>(received_hops + 1);
}

template <std::size_t MaxProcesses> struct DelayMonitor {
  enum Timing : std::uint8_t { Idle = 0, Request = 1, Exit = 2 };
  std::uint8_t timing = Idle;
  // Per process: 0 when its entry is not timed, else 1 + the most hops among the messages it has
  // waited for so far (a vector clock's packed 4-bit entries, used as a small array of counts).
  kit::VectorClock<MaxProcesses, 4> waited{};
  // The current holder's delays, recorded when it entered; 0 when that entry was not timed.
  std::uint8_t client_delay = 0;
  std::uint8_t sync_delay = 0;

  // p requests while nobody holds or wants the critical section.
  void start_request(std::size_t p) {
    timing = Request;
    waited = {};
    waited.set(p, 1);
  }
  // A process leaves the critical section; `waiting` want it. Its record ends.
  template <class Set> void start_exit(const Set &waiting) {
    client_delay = sync_delay = 0;
    waited = {};
    timing = waiting.empty() ? Idle : Exit;
    waiting.for_each([&](std::size_t q) { waited.set(q, 1); });
  }
  // q receives a message it waits for (a grant, a reply, a vote, the token), `hops` from the timed
  // event.
  void on_awaited(std::size_t q, unsigned hops) {
    if (waited[q] != 0)
      waited.set(q, std::max(waited[q], hops + 1));
  }
  // q enters the critical section: records its delay when its entry was timed, and ends the
  // timing (the caller forgets the chains in flight: forget_chains).
  void on_enter(std::size_t q) {
    client_delay = sync_delay = 0;
    if (waited[q] != 0)
      (timing == Request ? client_delay : sync_delay) = static_cast<std::uint8_t>(waited[q] - 1);
    timing = Idle;
    waited = {};
  }
  // The chain hop count of a message the timed event itself sends.
  std::uint8_t first_hop() const { return timing == Idle ? 0 : 1; }

  friend bool operator==(const DelayMonitor &, const DelayMonitor &) = default;
};

// Every message in flight leaves its chain (after an entry, nothing is timed).
template <class Network> void forget_chains(Network &network) {
  for (std::size_t i = 0; i < network.size(); ++i)
    network.entries[i].payload.hops = 0;
}

// Rows for a trace: what is timed ("p1's request", "the exit; p2, p3 wait", "nothing") and the
// holder's recorded delays. `name(p)` names a process.
template <std::size_t MaxProcesses, class Name>
void describe_delays(StateView &view, const DelayMonitor<MaxProcesses> &monitor, unsigned n,
                     Name name) {
  std::string timed = "nothing";
  std::string who;
  for (unsigned p = 0; p < n; ++p)
    if (monitor.waited[p] != 0)
      who += (who.empty() ? "" : ", ") + name(p);
  if (monitor.timing == DelayMonitor<MaxProcesses>::Request)
    timed = who + "'s request";
  else if (monitor.timing == DelayMonitor<MaxProcesses>::Exit)
    timed = "the last exit (" + who + " waiting)";
  view.push_back({"delays.timing", timed});
  view.push_back({"delays.entry", "client " + std::to_string(monitor.client_delay) + ", sync " +
                                      std::to_string(monitor.sync_delay)});
}

// Appends the client-delay and sync-delay bounds (properties/critical_section.hpp) of a model whose
// State keeps the monitor as `delays`; `processes(state)` gives its processes (each with a
// `phase`), n of them. The texts say what the slide states.
template <class State, class Processes>
void add_delay_properties(std::vector<Property<State>> &list, unsigned n, Processes processes,
                          const std::string &client_text, const std::string &sync_text) {
  for (Property<State> &delay : properties::entry_delays<State>(
           [](const State &state) { return state.delays.client_delay; },
           [](const State &state) { return state.delays.sync_delay; },
           [n, processes](const State &state) { return holder_of(processes(state), n); },
           [](unsigned p) { return process_name(p); }, client_text, sync_text))
    list.push_back(std::move(delay));
}

// "--delays": the flag that turns the monitor on.
template <class Config> void declare_delays(Parameters<Config> &declare, bool Config::*field) {
  declare.flag("delays", field,
               "measure the client delay and the synchronisation delay, in message transmission "
               "times, as bound properties (client-delay, sync-delay); the monitor's counts are "
               "part of the state, so there are more states");
}

} // namespace protocheck::mutex
