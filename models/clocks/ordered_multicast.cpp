#include <protocheck/models/clocks/ordered_multicast.hpp>

namespace protocheck::clocks {

namespace {

const char *update_name(unsigned update) {
  return update == OrderedMulticast::Deposit ? "deposit" : "interest";
}

std::string applied_text(const kit::SmallVector<std::uint8_t, 2> &applied) {
  std::string text;
  for (const std::uint8_t update : applied)
    text += (text.empty() ? "" : ", then ") + std::string(update_name(update));
  return text.empty() ? "nothing" : text;
}

} // namespace

void OrderedMulticast::parameters(Parameters<Config> &declare) {
  declare.choice(
      "order", &Config::order,
      {{"lamport", Order::Lamport}, {"fifo", Order::Fifo}, {"no-tiebreak", Order::NoTiebreak}},
      "how replicas order the updates: lamport (hold-back queue sorted by (time, "
      "process), head applied once a later message came from the other replica), fifo "
      "(apply on receipt, the own update at once) or no-tiebreak (as lamport, but by "
      "time alone, equal times in arrival order)");
}

unsigned OrderedMulticast::balance(const kit::SmallVector<std::uint8_t, 2> &applied) {
  unsigned euros = 1000;
  for (const std::uint8_t update : applied)
    euros = update == Deposit ? euros + 100 : euros * 105 / 100; // exact for these amounts
  return euros;
}

std::vector<Property<OrderedMulticast::State>> OrderedMulticast::properties() const {
  const auto done = [](const State &state) {
    return state.replica[Milan].applied.size() == 2 && state.replica[Rome].applied.size() == 2;
  };
  return {
      at_end<State>(
          "replicas-agree",
          "when the run ends, both replicas applied the updates in the same order (same balance)",
          [](const State &state) {
            return state.replica[Milan].applied == state.replica[Rome].applied;
          },
          [](const State &state) {
            const auto text = [&](unsigned p) {
              return std::to_string(balance(state.replica[p].applied)) + " EUR (" +
                     applied_text(state.replica[p].applied) + ")";
            };
            return "Milan has " + text(Milan) + ", Rome " + text(Rome);
          }),
      at_end<State>("all-applied",
                    "when the run ends, both replicas applied both updates (termination)", done,
                    [](const State &state) {
                      for (const unsigned p : {Milan, Rome})
                        if (state.replica[p].applied.size() < 2)
                          return std::string(p == Milan ? "Milan" : "Rome") + " applied only " +
                                 applied_text(state.replica[p].applied);
                      return std::string("both applied both updates");
                    }),
  };
}

StateView OrderedMulticast::describe(const State &state) const {
  StateView view;
  for (const unsigned p : {Milan, Rome}) {
    const Replica &self = state.replica[p];
    const std::string name = process_names()[p];
    view.push_back({name + ".clock", std::to_string(self.clock.time)});
    std::string queue;
    for (const Held &held : self.queue)
      queue += (queue.empty() ? "" : ", ") + std::string(update_name(held.update)) +
               to_string(held.stamp);
    view.push_back({name + ".queue", "[" + queue + "]"});
    if (order_ != Order::Fifo) {
      std::string unacked;
      for (const unsigned update : {Deposit, Interest})
        if (self.unacked & (1u << (update - 1)))
          unacked += (unacked.empty() ? "" : ", ") + std::string(update_name(update));
      view.push_back({name + ".to-acknowledge", "[" + unacked + "]"});
    }
    view.push_back({name + ".applied", applied_text(self.applied)});
    view.push_back({name + ".balance", std::to_string(balance(self.applied)) + " EUR"});
  }
  for (const unsigned from : {Milan, Rome}) {
    std::string messages;
    for (const Network::Entry &entry : state.network.entries)
      if (entry.from == from)
        messages += (messages.empty() ? "" : ", ") +
                    (entry.payload.kind == AckMessage
                         ? "ack(t=" + std::to_string(entry.payload.time) + ") for the " +
                               update_name(entry.payload.update)
                         : update_name(entry.payload.update) +
                               ("(t=" + std::to_string(entry.payload.time) + ")"));
    view.push_back(
        {process_names()[from] + "->" + process_names()[1 - from], "[" + messages + "]"});
  }
  return view;
}

std::string OrderedMulticast::message_label(const Event &event) const {
  if (event.kind != EventKind::Send && event.kind != EventKind::Deliver)
    return describe(event);
  const std::string update = update_name(event.value & 0xff);
  const std::string time = "t=" + std::to_string(event.value >> 8);
  if (event.message == AckMessage)
    return "ack(" + time + ")";
  return update + "(" + time + ")";
}

std::string OrderedMulticast::describe(const Event &event) const {
  if (event.actor == NoProcess)
    return "initial state: both replicas hold 1000 EUR";
  const std::string actor = process_names()[event.actor];
  switch (event.kind) {
  case EventKind::Send:
    if (event.message == AckMessage)
      return actor + " acknowledges the " + update_name(event.value & 0xff) + ": sends " +
             message_label(event) + " to " + process_names()[event.peer];
    return actor + " issues " +
           (event.value % 256 == Deposit ? "Rossi's deposit of 100 EUR" : "the 5 % interest") +
           (order_ == Order::Fifo ? ", applies it" : ", queues it") + " and sends " +
           message_label(event) + " to " + process_names()[event.peer];
  case EventKind::Deliver:
    return actor + " receives " + message_label(event) + " from " + process_names()[event.peer] +
           (event.message == AckMessage ? " for the " + std::string(update_name(event.value & 0xff))
            : order_ == Order::Fifo     ? std::string(" and applies it")
                                        : std::string(" and queues it"));
  case EventKind::Local:
    return actor + " applies the " + update_name(event.value) + " from its hold-back queue";
  default:
    return actor + " does something unexpected";
  }
}

} // namespace protocheck::clocks
