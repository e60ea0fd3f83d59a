// The error a model raises when a fixed-capacity container or channel would overflow.
//
// Fixed capacities keep States small and raw-comparable, but a capacity that is too small must be
// a loud error, never a silently dropped message (that would change the protocol being checked).
// The engine does not catch model exceptions specially: the exception leaves check() (tests see
// it), and the command line reports what() as an error and exits with code 2, like bad input.
// The fix is a larger capacity in the model, or smaller parameters.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

namespace protocheck::kit {

class CapacityExceeded : public std::runtime_error {
public:
  CapacityExceeded(const std::string &what, std::size_t capacity)
      : std::runtime_error(what + " is full (capacity " + std::to_string(capacity) +
                           "): the model's fixed capacity is too small for these parameters") {}
};

// A network channel overflowed; what() names the channel, e.g. "channel p1 -> p2 is full
// (capacity 2) ...". `from` and `to` are process indices, printed 1-based as p<i+1>.
class ChannelOverflow : public CapacityExceeded {
public:
  ChannelOverflow(std::size_t from, std::size_t to, std::size_t capacity)
      : CapacityExceeded("channel p" + std::to_string(from + 1) + " -> p" + std::to_string(to + 1),
                         capacity),
        from_(from), to_(to) {}
  std::size_t from() const { return from_; }
  std::size_t to() const { return to_; }

private:
  std::size_t from_;
  std::size_t to_;
};

} // namespace protocheck::kit
