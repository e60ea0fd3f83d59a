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

// The monitor's own state is one byte; each process keeps its part in its own struct, next to its
// phase: `std::uint8_t waited : 6`, 0 when its entry is not timed, else 1 + the most hops among the
// messages it has waited for so far. (Per process, in bits its phase leaves free, so that the
// monitor costs one byte of each state whether --delays is on or not.) `processes` below is a
// model's array of them, n in use; each also has a `phase`.
struct DelayMonitor {
  enum Timing : std::uint8_t { Idle = 0, Request = 1, Exit = 2 };
  std::uint8_t timing : 2 = Idle;
  // The current holder's delays, recorded when it entered; 0 when that entry was not timed.
  std::uint8_t client_delay : 3 = 0;
  std::uint8_t sync_delay : 3 = 0;

  // p requests while nobody holds or wants the critical section.
  template <class Processes> void start_request(Processes &processes, unsigned n, unsigned p) {
    forget_waits(processes, n);
    timing = Request;
    processes[p].waited = 1;
  }
  // A process leaves the critical section (its phase is Released already): the ones that want it
  // are timed from now. The holder's record ends.
  template <class Processes> void start_exit(Processes &processes, unsigned n) {
    client_delay = sync_delay = 0;
    forget_waits(processes, n);
    timing = Idle;
    for (unsigned q = 0; q < n; ++q)
      if (processes[q].phase == Wanted) {
        processes[q].waited = 1;
        timing = Exit;
      }
  }
  // A process receives a message it waits for (a grant, a reply, a vote, the token), `hops` from
  // the timed event.
  template <class Process> static void on_awaited(Process &process, unsigned hops) {
    if (process.waited != 0)
      process.waited = std::max<unsigned>(process.waited, hops + 1) & 0x3fu;
  }
  // q enters the critical section: records its delay when its entry was timed, and ends the
  // timing; the messages still in `network` leave their chains.
  template <class Processes, class Network>
  void on_enter(Processes &processes, unsigned n, unsigned q, Network &network) {
    client_delay = sync_delay = 0;
    if (processes[q].waited != 0) {
      const unsigned delay = processes[q].waited - 1u;
      if (timing == Request)
        client_delay = delay & 7u;
      else
        sync_delay = delay & 7u;
    }
    timing = Idle;
    forget_waits(processes, n);
    for (std::size_t i = 0; i < network.size(); ++i)
      network.entries[i].payload.hops = 0;
  }
  // The chain hop count of a message the timed event itself sends.
  std::uint8_t first_hop() const { return timing == Idle ? 0 : 1; }

  friend bool operator==(const DelayMonitor &, const DelayMonitor &) = default;

private:
  template <class Processes> static void forget_waits(Processes &processes, unsigned n) {
    for (unsigned p = 0; p < n; ++p)
      processes[p].waited = 0;
  }
};

// Rows for a trace: what is timed ("p1's request", "the last exit (p2, p3 waiting)", "nothing")
// and the holder's recorded delays.
template <class Processes>
void describe_delays(StateView &view, const DelayMonitor &monitor, const Processes &processes,
                     unsigned n) {
  std::string timed = "nothing";
  std::string who;
  for (unsigned p = 0; p < n; ++p)
    if (processes[p].waited != 0)
      who += (who.empty() ? "" : ", ") + process_name(p);
  if (monitor.timing == DelayMonitor::Request)
    timed = who + "'s request";
  else if (monitor.timing == DelayMonitor::Exit)
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
