// Pieces shared by the mutual-exclusion models (slides 26-53 of the
// coordination lecture): the phases of a process, the common parameters, and
// the causal-order monitor behind the "ordering" property (the properties
// themselves: properties/critical_section.hpp).
#pragma once

#include <protocheck/kit/vector_clock.hpp>
#include <protocheck/parameters.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace protocheck::mutex {

// Where a process stands with respect to the critical section (slide 27: enter
// / access / exit).
enum Phase : std::uint8_t {
  Released = 0, // not interested (before a request, or after leaving the
                // critical section)
  Wanted = 1,   // requested, waiting for permission
  Held = 2,     // in the critical section
};

std::string_view phase_name(std::uint8_t phase);

// Over the first n entries of `processes` (each with a `phase`): the first one in the critical
// section (n when none is).
template <class Processes> unsigned holder_of(const Processes &processes, unsigned n) {
  for (unsigned p = 0; p < n; ++p)
    if (processes[p].phase == Held)
      return p;
  return n;
}
// Nobody holds or wants the critical section: a request now is uncontended.
template <class Processes> bool all_released(const Processes &processes, unsigned n) {
  for (unsigned p = 0; p < n; ++p)
    if (processes[p].phase != Released)
      return false;
  return true;
}
// How a trace shows a variable the model has reset because nothing can read it any more (dead
// variable reduction): never its reset value, which would mislead.
inline constexpr const char *NoLongerNeeded = "(no longer needed)";
std::string process_name(std::size_t p);                        // "p1" for p = 0
std::vector<std::string> numbered_process_names(std::size_t n); // "p1" .. "pn"

// The parameters the family shares, each declared here once and bound to a field of the model's
// Config (its default is that field's default).
// "--n": the number of processes, in [2, max].
template <class Config, class Field>
void declare_processes(Parameters<Config> &declare, Field Config::*field, unsigned max,
                       std::string help = "number of processes") {
  declare.integer("n", field, 2, max, std::move(help));
}
// "--requests": critical-section entries per process.
template <class Config, class Field>
void declare_requests(Parameters<Config> &declare, Field Config::*field, unsigned max) {
  declare.integer("requests", field, 1, max,
                  "critical-section entries each process requests, one after the other");
}
// "--app-messages": application messages the processes may exchange in a run (all together).
template <class Config, class Field>
void declare_app_messages(Parameters<Config> &declare, Field Config::*field, unsigned max) {
  declare.integer("app-messages", field, 0, max,
                  "application messages the processes may send one another at any time (at most "
                  "this many in a run, all processes together); they create happened-before "
                  "between requests for the ordering property");
}

// Causal-order monitor: state kept only to judge the ordering property
// ("requests are granted in happened-before order", slide 27), never read by
// the protocol. It is a vector clock that counts request events only: entry i
// of what a process knows is the number of p_i's requests that happened before
// the process's latest event. Every message carries its sender's vector, every
// receipt merges it. For two request events, V(r) <= V(r') and V(r) != V(r')
// exactly when r -> r'.
template <std::size_t Max> struct CausalMonitor {
  using Clock = kit::VectorClock<Max, 2>; // entries count requests: at most 3
  std::array<Clock, Max> knows{};         // per process: requests it has heard of, directly or not
  std::array<Clock, Max> request{};       // per process: knows[p] at p's latest request

  void on_request(std::size_t p) {
    knows[p].tick(p);
    request[p] = knows[p];
  }
  void on_receive(std::size_t p, const Clock &carried) { knows[p].merge(carried); }
  // p's latest request happened before q's latest request.
  bool before(std::size_t p, std::size_t q) const {
    return happened_before(request[p], request[q]);
  }

  friend bool operator==(const CausalMonitor &, const CausalMonitor &) = default;
};

} // namespace protocheck::mutex

namespace protocheck::mutex {

// Finds a cycle in a waits-for graph: waits_on[p] lists the processes p waits
// for. Returns the cycle as "p1 -> p2 -> p3 -> p1", or "" when there is none.
std::string find_wait_cycle(const std::vector<std::vector<std::size_t>> &waits_on);

} // namespace protocheck::mutex
