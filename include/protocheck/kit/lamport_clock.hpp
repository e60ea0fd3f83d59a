// Lamport logical clocks (slides 30-32): a process increments its clock on local and send events
// and sets it to max(own, received) + 1 on a receive, so E1 -> E2 implies t1 < t2. Ties between
// processes are broken by process id, giving the total order (timestamp, id) that Ricart-Agrawala
// and Maekawa's deadlock resolution use.
#pragma once

#include <protocheck/kit/capacity_error.hpp>

#include <algorithm>
#include <compare>
#include <cstdint>
#include <string>

namespace protocheck::kit {

// (time, process): compared by time first, then by process id.
struct LamportStamp {
  std::uint8_t time = 0;
  std::uint8_t process = 0;
  friend constexpr auto operator<=>(const LamportStamp &, const LamportStamp &) = default;
};

struct LamportClock {
  std::uint8_t time = 0;

  // A local or send event: returns the event's timestamp.
  constexpr std::uint8_t tick() {
    if (time == 255)
      throw CapacityExceeded("a Lamport clock", 255);
    return ++time;
  }
  // A receive event of a message stamped `stamp`: returns the event's timestamp.
  constexpr std::uint8_t receive(std::uint8_t stamp) {
    time = std::max(time, stamp);
    return tick();
  }
  constexpr LamportStamp stamp(std::uint8_t process) const { return {time, process}; }

  friend constexpr bool operator==(const LamportClock &, const LamportClock &) = default;
};

inline std::string to_string(const LamportStamp &stamp) {
  return "(" + std::to_string(stamp.time) + ", p" + std::to_string(stamp.process + 1) + ")";
}

} // namespace protocheck::kit
