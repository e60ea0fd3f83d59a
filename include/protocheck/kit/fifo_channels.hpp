// Asynchronous reliable-or-lossy network with one FIFO channel per ordered pair of processes.
//
// Stored compactly as one sequence of in-flight messages sorted by (from, to), and in sending order
// within a pair: the representation is canonical (same channel contents = same bytes) and its size
// grows with the number of messages in flight, not with the square of the number of processes.
//
// Capacities: at most ChannelCapacity messages per ordered pair and TotalCapacity in all. A send
// beyond either throws ChannelOverflow / CapacityExceeded (see capacity_error.hpp): never a silent
// drop.
//
// Loss drops the head of a channel. Losing a message further back is not a different behaviour:
// nothing behind it can be delivered first, so dropping it when it reaches the head gives the same
// runs. Duplication delivers a copy of the head and keeps it (it can arrive any number of times).
#pragma once

#include <protocheck/event.hpp>
#include <protocheck/kit/capacity_error.hpp>
#include <protocheck/kit/network_faults.hpp>
#include <protocheck/kit/small_vector.hpp>

#include <cstddef>
#include <cstdint>

namespace protocheck::kit {

template <class Payload, std::size_t ChannelCapacity, std::size_t TotalCapacity>
struct FifoChannels {
  static_assert(alignof(Payload) == 1, "payload fields should be uint8 so no padding appears");

  struct Entry {
    std::uint8_t from;
    std::uint8_t to;
    Payload payload;
    friend constexpr bool operator==(const Entry &, const Entry &) = default;
  };

  SmallVector<Entry, TotalCapacity> entries;

  constexpr std::size_t size() const { return entries.size(); }
  constexpr bool empty() const { return entries.empty(); }

  constexpr std::size_t size(std::size_t from, std::size_t to) const {
    std::size_t count = 0;
    for (const Entry &entry : entries)
      count += entry.from == from && entry.to == to;
    return count;
  }

  // Appends to the channel from -> to.
  constexpr void send(std::size_t from, std::size_t to, const Payload &payload) {
    std::size_t at = 0;
    std::size_t in_channel = 0;
    while (at < entries.size() && key(entries[at]) <= key(from, to)) {
      in_channel += entries[at].from == from && entries[at].to == to;
      ++at;
    }
    if (in_channel >= ChannelCapacity)
      throw ChannelOverflow(from, to, ChannelCapacity);
    if (entries.full())
      throw CapacityExceeded("the network (all channels together)", TotalCapacity);
    entries.insert(at,
                   Entry{static_cast<std::uint8_t>(from), static_cast<std::uint8_t>(to), payload});
  }

  // The oldest message on from -> to, or nullptr.
  constexpr const Payload *head(std::size_t from, std::size_t to) const {
    for (const Entry &entry : entries)
      if (entry.from == from && entry.to == to)
        return &entry.payload;
    return nullptr;
  }

  // Removes and returns the head of from -> to, which must be non-empty.
  constexpr Payload receive(std::size_t from, std::size_t to) {
    for (std::size_t i = 0; i < entries.size(); ++i)
      if (entries[i].from == from && entries[i].to == to) {
        const Payload payload = entries[i].payload;
        entries.erase(i);
        return payload;
      }
    throw std::logic_error("receive from an empty channel");
  }

  // Calls f(DeliveryKind, const Entry&) for the head of every non-empty channel, channels in
  // (from, to) order, and for each head Deliver, then Drop and Duplicate when `faults` allow them.
  template <class F> constexpr void for_each_delivery(NetworkFaults faults, F &&f) const {
    for (std::size_t i = 0; i < entries.size(); ++i) {
      if (i > 0 && key(entries[i - 1]) == key(entries[i]))
        continue; // not a head
      f(DeliveryKind::Deliver, entries[i]);
      if (faults.loss)
        f(DeliveryKind::Drop, entries[i]);
      if (faults.duplication)
        f(DeliveryKind::Duplicate, entries[i]);
    }
  }
  // Without faults: f(const Entry&) for every head.
  template <class F> constexpr void for_each_head(F &&f) const {
    for_each_delivery({}, [&](DeliveryKind, const Entry &entry) { f(entry); });
  }

  // Applies a choice made by for_each_delivery: Deliver and Drop remove the head; Duplicate keeps
  // it. (Returns the payload for the receiver.)
  constexpr Payload take(DeliveryKind kind, const Entry &head) {
    if (kind == DeliveryKind::Duplicate)
      return head.payload;
    return receive(head.from, head.to);
  }

  // The messages the step `event` sent, going from `before` to `after`: those `after` holds
  // behind what stayed of `before` on each channel (a Deliver took the head of the channel from
  // its peer to its actor; no other step takes one). Calls f(const Entry &) in channel order. For
  // Model::carried_messages.
  template <class F>
  static constexpr void for_each_sent(const FifoChannels &before, const FifoChannels &after,
                                      const Event &event, F &&f) {
    const bool took = event.kind == EventKind::Deliver;
    for (std::size_t i = 0; i < after.entries.size(); ++i) {
      const Entry &entry = after.entries[i];
      std::size_t position = 0; // of this entry in its channel
      while (position < i && key(after.entries[i - 1 - position]) == key(entry))
        ++position;
      std::size_t kept = before.size(entry.from, entry.to);
      if (took && entry.from == event.peer && entry.to == event.actor && kept > 0)
        --kept;
      if (position >= kept)
        f(entry);
    }
  }

  friend constexpr bool operator==(const FifoChannels &, const FifoChannels &) = default;

private:
  static constexpr unsigned key(std::size_t from, std::size_t to) {
    return static_cast<unsigned>(from * 256 + to);
  }
  static constexpr unsigned key(const Entry &entry) { return key(entry.from, entry.to); }
};

} // namespace protocheck::kit
