// What an unreliable network may do to a message besides delivering it. Shared by the asynchronous
// networks (fifo_channels.hpp, message_bag.hpp), which enumerate the choices in this order.
#pragma once

#include <cstdint>

namespace protocheck::kit {

enum class DeliveryKind : std::uint8_t {
  Deliver,   // the receiver gets the message and it leaves the network
  Drop,      // the network loses the message (only with NetworkFaults::loss)
  Duplicate, // the receiver gets a copy and the message stays, so it can arrive again
             // (only with NetworkFaults::duplication)
};

struct NetworkFaults {
  bool loss = false;
  bool duplication = false;
};

} // namespace protocheck::kit
