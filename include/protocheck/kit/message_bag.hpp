// Asynchronous unordered network: a multiset of in-flight messages, any of which may be delivered
// next. Each message names its own sender and receiver (fields of the model's Message struct).
//
// Kept sorted by the messages' bytes, so that two bags with the same messages are the same bytes
// whatever order they were sent in. Equal messages are delivered as one choice (they lead to the
// same successor), so no transition is emitted twice.
//
// Capacity: at most Capacity messages in flight; one more throws CapacityExceeded. Loss drops a
// message; duplication delivers a copy and keeps the message.
#pragma once

#include <protocheck/kit/capacity_error.hpp>
#include <protocheck/kit/network_faults.hpp>
#include <protocheck/kit/small_vector.hpp>

#include <cstddef>
#include <cstring>
#include <stdexcept>
#include <type_traits>

namespace protocheck::kit {

template <class Message, std::size_t Capacity> struct MessageBag {
  static_assert(std::has_unique_object_representations_v<Message>,
                "bag messages are ordered by their bytes: they must have no padding");

  SmallVector<Message, Capacity> messages;

  constexpr std::size_t size() const { return messages.size(); }
  constexpr bool empty() const { return messages.empty(); }
  const Message *begin() const { return messages.begin(); }
  const Message *end() const { return messages.end(); }

  void send(const Message &message) {
    if (messages.full())
      throw CapacityExceeded("the message bag", Capacity);
    std::size_t at = 0;
    while (at < messages.size() && before(messages[at], message))
      ++at;
    messages.insert(at, message);
  }

  std::size_t count(const Message &message) const {
    std::size_t n = 0;
    for (const Message &m : messages)
      n += same(m, message);
    return n;
  }

  // Removes one copy of `message`, which must be in the bag.
  void remove(const Message &message) {
    for (std::size_t i = 0; i < messages.size(); ++i)
      if (same(messages[i], message)) {
        messages.erase(i);
        return;
      }
    throw std::logic_error("remove of a message that is not in the bag");
  }

  // Calls f(DeliveryKind, const Message&) once per distinct message, in byte order: Deliver, then
  // Drop and Duplicate when `faults` allow them.
  template <class F> void for_each_delivery(NetworkFaults faults, F &&f) const {
    for (std::size_t i = 0; i < messages.size(); ++i) {
      if (i > 0 && same(messages[i - 1], messages[i]))
        continue;
      f(DeliveryKind::Deliver, messages[i]);
      if (faults.loss)
        f(DeliveryKind::Drop, messages[i]);
      if (faults.duplication)
        f(DeliveryKind::Duplicate, messages[i]);
    }
  }

  // Applies a choice made by for_each_delivery (a copy of the message, not a reference into the
  // bag). Deliver and Drop remove one copy; Duplicate keeps it.
  void take(DeliveryKind kind, const Message &message) {
    if (kind != DeliveryKind::Duplicate)
      remove(message);
  }

  friend bool operator==(const MessageBag &a, const MessageBag &b) {
    return std::memcmp(&a, &b, sizeof(MessageBag)) == 0;
  }

private:
  static bool before(const Message &a, const Message &b) {
    return std::memcmp(&a, &b, sizeof(Message)) < 0;
  }
  static bool same(const Message &a, const Message &b) {
    return std::memcmp(&a, &b, sizeof(Message)) == 0;
  }
};

} // namespace protocheck::kit
