// What happened in one step of a model: small, protocol-neutral, so that any trace can be drawn as a
// message sequence chart without knowing the protocol.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string_view>

namespace protocheck {

enum class EventKind : std::uint8_t {
  Send,      // actor puts a message for peer on the network
  Deliver,   // actor receives a message that peer sent earlier
  Transmit,  // synchronous network: actor sends to peer and peer receives in the same step
  Drop,      // the network loses a message from actor to peer
  Crash,     // actor stops for good (or restarts, when the model says so)
  Decide,    // actor fixes its output value
  Local,     // an internal step of actor (a choice, entering a critical section, ...)
  Adversary, // the environment decides something (traitor set, faulty message contents, ...)
};

std::string_view to_string(EventKind kind);

// No process: for events that belong to the environment rather than to a process.
inline constexpr std::uint8_t NoProcess = 0xff;

struct Event {
  EventKind kind = EventKind::Local;
  std::uint8_t actor = NoProcess;
  std::uint8_t peer = NoProcess;
  std::uint8_t message = 0; // model-defined message or action code
  std::uint32_t value = 0;  // model-defined payload (a value, a timestamp, a subset, ...)
  // The message's identity as it travels, set by the model on a Send and on its Deliver alike,
  // so that a chart pairs them from the model's own data (never by comparing values): a Deliver
  // by q from p is the delivery of the earliest undelivered Send by p to q (or multicast by p)
  // with the same `message` code and the same `message_id`. A model whose channels are FIFO may
  // leave it 0; one whose network reorders messages gives each message in flight on a channel
  // an id that no other message of that code in flight on it shares at the same time (its
  // content, or a sequence number), or says that two such messages are interchangeable.
  std::uint32_t message_id = 0;
  // Randomized models: the probability of this step, numerator / denominator; 0 / 0 means the
  // step is a nondeterministic choice (checker/markov.hpp explains when a model is a Markov chain).
  std::uint16_t probability_numerator = 0;
  std::uint16_t probability_denominator = 0;

  bool has_probability() const { return probability_denominator != 0; }

  friend bool operator==(const Event &, const Event &) = default;
};

// The same event, carrying the message identity `id` (see Event::message_id).
constexpr Event with_message_id(Event event, std::uint32_t id) {
  event.message_id = id;
  return event;
}

// The same event, taken with probability numerator / denominator (0 < numerator <= denominator).
constexpr Event with_probability(Event event, std::uint16_t numerator, std::uint16_t denominator) {
  if (numerator == 0 || numerator > denominator)
    throw std::invalid_argument("an event's probability must lie in (0, 1]");
  event.probability_numerator = numerator;
  event.probability_denominator = denominator;
  return event;
}

inline Event send(std::uint8_t from, std::uint8_t to, std::uint8_t message, std::uint32_t value = 0) {
  return {EventKind::Send, from, to, message, value};
}
inline Event deliver(std::uint8_t to, std::uint8_t from, std::uint8_t message,
                     std::uint32_t value = 0) {
  return {EventKind::Deliver, to, from, message, value};
}
inline Event transmit(std::uint8_t from, std::uint8_t to, std::uint8_t message,
                      std::uint32_t value = 0) {
  return {EventKind::Transmit, from, to, message, value};
}
inline Event local(std::uint8_t actor, std::uint8_t action, std::uint32_t value = 0) {
  return {EventKind::Local, actor, NoProcess, action, value};
}
inline Event decide(std::uint8_t actor, std::uint32_t value) {
  return {EventKind::Decide, actor, NoProcess, 0, value};
}
inline Event crash(std::uint8_t actor) { return {EventKind::Crash, actor, NoProcess, 0, 0}; }
inline Event adversary(std::uint8_t action, std::uint32_t value = 0,
                       std::uint8_t actor = NoProcess) {
  return {EventKind::Adversary, actor, NoProcess, action, value};
}

} // namespace protocheck
