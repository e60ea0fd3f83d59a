// Reusable properties of mutual-exclusion protocols (coordination slides
// 26-53), written once over a view of the processes so that every mutex model
// states them the same way:
//   mutual-exclusion    always: at most one process is in the critical section;
//   no-deadlock         at end: no run ends with a process still waiting for
//   it; ordering            always: nobody enters while a request that happened
//   before its own waits; messages-per-entry  bound:  the most messages one
//   critical-section entry cost; client-delay and sync-delay  bounds: the most
//   message transmission times an entry took (with a model's --delays).
// A model passes callables that read its own state: `in_critical_section(state,
// p)`, `waits(state, p)`, and texts for the explanations.
#pragma once

#include <protocheck/property.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace protocheck::properties {

// `holder_text(state, p)` names a process in the critical section ("p1", or "p1
// (votes {p2})").
template <class State, class InCriticalSection, class HolderText>
Property<State>
mutual_exclusion(unsigned processes, InCriticalSection in_critical_section, HolderText holder_text,
                 std::string description = "at most one process is in the critical section") {
  return always<State>(
      "mutual-exclusion", std::move(description),
      [=](const State &state) {
        unsigned inside = 0;
        for (unsigned p = 0; p < processes; ++p)
          inside += in_critical_section(state, p) ? 1 : 0;
        return inside <= 1;
      },
      [=](const State &state) {
        std::string who;
        for (unsigned p = 0; p < processes; ++p)
          if (in_critical_section(state, p))
            who += (who.empty() ? "" : " and ") + holder_text(state, p);
        return who + " are in the critical section together";
      });
}

// A terminal state in which some process still waits is a deadlock;
// `explain(state)` says who waits for what (and the cycle, where the model can
// tell).
template <class State, class Waits, class Explain>
Property<State> no_deadlock(unsigned processes, Waits waits, Explain explain,
                            std::string description = "no run ends with a process still waiting "
                                                      "for the critical section") {
  return at_end<State>(
      "no-deadlock", std::move(description),
      [=](const State &state) {
        for (unsigned p = 0; p < processes; ++p)
          if (waits(state, p))
            return false;
        return true;
      },
      std::move(explain));
}

// The most messages any one process's critical-section entry has cost so far:
// `messages(state, p)` counts them, `worst_text(state, p)` explains the count
// of the costliest process p (the first one, should several tie).
template <class State, class Messages, class WorstText>
Property<State> messages_per_entry(unsigned processes, Messages messages, WorstText worst_text,
                                   std::string description) {
  const auto costliest = [=](const State &state) {
    unsigned worst = 0;
    for (unsigned p = 1; p < processes; ++p)
      if (messages(state, p) > messages(state, worst))
        worst = p;
    return worst;
  };
  return bound<State>(
      "messages-per-entry", std::move(description),
      [=](const State &state) {
        return static_cast<std::int64_t>(messages(state, costliest(state)));
      },
      [=](const State &state) { return worst_text(state, costliest(state)); });
}

// The delays a mutual-exclusion model measures with --delays (models/mutex/delay_monitor.hpp),
// as bounds: client-delay and sync-delay, the most message transmission times an entry took from
// an uncontended request, and from the exit of the process before. `client(state)` and
// `sync(state)` read the current holder's recorded delays (0 when its entry was not timed),
// `holder(state)` is that holder's index, `name(p)` names a process; `client_text` and
// `sync_text` say what the slide states, for the descriptions.
template <class State, class Client, class Sync, class Holder, class Name>
std::vector<Property<State>> entry_delays(Client client, Sync sync, Holder holder, Name name,
                                          const std::string &client_text,
                                          const std::string &sync_text) {
  const auto times = [](std::int64_t count) {
    return std::to_string(count) + (count == 1 ? " message time" : " message times");
  };
  return {
      bound<State>(
          "client-delay",
          "message transmission times from a request made while nobody holds or wants the "
          "critical section to the requester's entry (" +
              client_text + ")",
          [=](const State &state) { return static_cast<std::int64_t>(client(state)); },
          [=](const State &state) {
            return name(holder(state)) + " entered " + times(client(state)) +
                   " after its request, made while the critical section was free";
          }),
      bound<State>(
          "sync-delay",
          "message transmission times from a process leaving the critical section to the "
          "entry of the next, which was waiting (" +
              sync_text + ")",
          [=](const State &state) { return static_cast<std::int64_t>(sync(state)); },
          [=](const State &state) {
            return name(holder(state)) + " entered " + times(sync(state)) +
                   " after the previous holder left the critical section";
          }),
  };
}

// Requests are granted in happened-before order. `monitor_of(state)` gives the
// causal monitor (a vector clock of request events, kept only to judge this
// property): `before(p, q)` tells whether p's latest request happened before
// q's, `request[p].to_string(n)` prints p's request vector. `name(p)` names a
// process.
template <class State, class MonitorOf, class InCriticalSection, class Waits, class Name>
Property<State> causal_ordering(unsigned processes, MonitorOf monitor_of,
                                InCriticalSection in_critical_section, Waits waits, Name name) {
  // {waiting, holder} of a violation, or {processes, processes} when there is
  // none.
  const auto violation = [=](const State &state) -> std::pair<unsigned, unsigned> {
    const auto &monitor = monitor_of(state);
    for (unsigned holder = 0; holder < processes; ++holder) {
      if (!in_critical_section(state, holder))
        continue;
      for (unsigned waiting = 0; waiting < processes; ++waiting)
        if (waiting != holder && waits(state, waiting) && monitor.before(waiting, holder))
          return {waiting, holder};
    }
    return {processes, processes};
  };
  return always<State>(
      "ordering",
      "requests are granted in happened-before order (nobody enters while a "
      "request that "
      "happened before its own still waits)",
      [=](const State &state) { return violation(state).first == processes; },
      [=](const State &state) {
        const auto [waiting, holder] = violation(state);
        const auto &monitor = monitor_of(state);
        // "p2 is in the critical section although p1's request happened before
        // p2's and p1 still waits (request vectors [1,0,0] < [1,1,0])"
        return name(holder) + " is in the critical section although " + name(waiting) +
               "'s request happened before " + name(holder) + "'s and " + name(waiting) +
               " still waits (request vectors " + monitor.request[waiting].to_string(processes) +
               " < " + monitor.request[holder].to_string(processes) + ")";
      });
}

} // namespace protocheck::properties
