// The Bully algorithm (Garcia-Molina; slides 17-23 of the coordination and agreement lecture).
//
// Processes p1..pn have ids 1..n and know each other; initially pn is the coordinator. The system
// is synchronous, in lock-step rounds: a message sent in one round is handled in the next, and a
// timeout is a number of rounds. Between rounds the environment may crash a live process (at most
// --crashes times), restart a crashed one (at most --restarts times), or let a live idle process
// that believes in a crashed coordinator detect the failure (only the processes in --detectors).
//
// Calling an election: send election to every higher id. With no answer within 2 rounds (the
// answer's round trip), declare yourself coordinator: send coordinator to every lower id. With an
// answer, wait for a coordinator message; if none comes within AwaitTimeout rounds, call again.
// On election from a lower id: answer, and call an election unless already in one. On coordinator:
// record the sender as coordinator. A restarted process calls an election at once (so the highest
// id announces itself immediately, "bullying" the current coordinator out). Several coordinator
// messages reaching a process in the same round are handled in any order (the network gives no
// guarantee): the one handled last wins.
//
// Safety "never two coordinators" holds for a stable group (crashes only) and fails when a process
// restarts during an election (slide 22). A crash happens between rounds: messages already sent
// by a crashing process are still delivered (partial multicasts are not modelled here).
// Liveness "coordinator-elected" (whenever no live coordinator is left, one is eventually elected
// and known to all live processes) holds under weak fairness of rounds and failure detection, and
// fails when every process allowed to detect has crashed too, or with such a restart.
// A round is one step in which every live process handles all its messages, so the model has no
// event of its own per message; each step lists the messages it sends, and a round those it
// delivers (carried_messages), and a chart draws each from its send to its round.
#pragma once

#include <protocheck/event.hpp>
#include <protocheck/kit/capacity_error.hpp>
#include <protocheck/kit/process_set.hpp>
#include <protocheck/model.hpp>
#include <protocheck/params.hpp>
#include <protocheck/property.hpp>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

namespace protocheck::election {

class Bully {
public:
  static constexpr unsigned MaxProcesses = 6;
  // Rounds an election waits for an answer: election out, answer back.
  static constexpr std::uint8_t AnswerTimeout = 2;
  // Rounds a process that got an answer waits for the coordinator message before calling again.
  // The highest live process declares at most 2 rounds after it hears of the election and its
  // message takes one more, so 3 never fires in a run without new crashes.
  static constexpr std::uint8_t AwaitTimeout = 3;

  enum Role : std::uint8_t { Idle, Electing, Awaiting, Coordinator };
  // Message bits in an inbox slot.
  enum MessageBit : std::uint8_t { ElectionBit = 1, AnswerBit = 2, CoordinatorBit = 4 };
  // Event::message codes.
  enum Action : std::uint8_t { Round = 1, Detect, CrashProcess, Restart };

  using Processes = kit::ProcessSet<MaxProcesses>;

  struct State {
    // inbox[to][from]: the messages `to` handles in the next round.
    std::array<std::array<std::uint8_t, MaxProcesses>, MaxProcesses> inbox{};
    std::array<std::uint8_t, MaxProcesses> role{};
    std::array<std::uint8_t, MaxProcesses> timer{}; // rounds spent electing or awaiting
    std::array<std::uint8_t, MaxProcesses>
        coordinator{}; // believed coordinator: 0 none, else 1 + p
    Processes crashed;
    std::uint8_t messages = 0; // sent so far, to crashed processes included
    std::uint8_t crashes = 0;
    std::uint8_t restarts = 0;
  };
  static_assert(std::has_unique_object_representations_v<State>);

  struct Config {
    unsigned n = 4;
    unsigned crashes = 1;
    unsigned restarts = 0;
    std::string detectors = "any";
    std::string crash_order = "any"; // or process numbers: only they crash, in that order
  };
  static void parameters(Parameters<Config> &declare);
  explicit Bully(const Config &config);

  std::vector<std::string> process_names() const;

  template <class Emit> void initial(Emit &&emit) const {
    State state;
    for (unsigned p = 0; p < n_; ++p)
      state.coordinator[p] = static_cast<std::uint8_t>(n_);
    state.role[n_ - 1] = Coordinator;
    emit(local(NoProcess, 0), state);
  }

  template <class Emit> void successors(const State &state, Emit &&emit) const {
    if (busy(state))
      emit_rounds(state, emit);
    for (unsigned p = 0; p < n_; ++p) {
      if (state.crashed.contains(p)) {
        if (state.restarts < max_restarts_) {
          State next = state;
          next.crashed.erase(p);
          ++next.restarts;
          start_election(next, p);
          emit(Event{EventKind::Crash, static_cast<std::uint8_t>(p), NoProcess, Restart, 0}, next);
        }
        continue;
      }
      if (may_detect_.contains(p) && state.role[p] == Idle && state.coordinator[p] != 0 &&
          state.crashed.contains(state.coordinator[p] - 1u)) {
        State next = state;
        start_election(next, p);
        emit(local(p, Detect, state.coordinator[p] - 1u), next);
      }
      if (state.crashes < max_crashes_ && may_crash_next(state, p)) {
        State next = state;
        next.crashed.insert(p);
        ++next.crashes;
        next.inbox[p] = {}; // messages to a crashed process are lost
        next.role[p] = Idle;
        next.timer[p] = 0;
        next.coordinator[p] = 0;
        emit(Event{EventKind::Crash, static_cast<std::uint8_t>(p), NoProcess, CrashProcess, 0},
             next);
      }
    }
  }

  std::vector<Property<State>> properties() const;

  // Weak fairness for the liveness property: the synchronous clock (a pending round eventually
  // happens) and each process's failure detector (a process whose coordinator has crashed
  // eventually notices). Crashes and restarts are the environment's choice and need never happen.
  int fairness_group(const Event &event) const {
    if (event.kind == EventKind::Crash)
      return -1;
    return event.message == Detect ? 1 + event.actor : 0;
  }
  std::string fairness() const {
    return "weak fairness for the round clock and for each process's failure detection; crashes "
           "and restarts need never happen";
  }

  StateView describe(const State &state) const;
  std::string describe(const Event &event) const;

  // The messages a step sends and, for a round, those it delivers, so that a chart draws each
  // message from the step that sent it down to the round that handles it (its Event::message a
  // MessageBit; an inbox holds at most one of each kind from each sender, so FIFO pairing is
  // exact):
  // - a Send for each message that enters an inbox in the step;
  // - a round: a Deliver for each message in the inboxes when it starts;
  // - a crash: a Drop for each message waiting in the crashed process's inbox (lost with it).
  template <class EmitMessage>
  void carried_messages(const State &before, const Event &event, const State &after,
                        EmitMessage &&emit) const {
    const bool round = event.actor == NoProcess && event.message == Round;
    const bool crash = event.kind == EventKind::Crash && event.message == CrashProcess;
    for (unsigned from = 0; from < n_; ++from)
      for (unsigned to = 0; to < n_; ++to)
        for (const MessageBit bit : {ElectionBit, AnswerBit, CoordinatorBit}) {
          const auto sender = static_cast<std::uint8_t>(from);
          const auto receiver = static_cast<std::uint8_t>(to);
          const bool waiting = before.inbox[to][from] & bit;
          if (round && waiting)
            emit(protocheck::deliver(receiver, sender, bit));
          if (crash && waiting && to == event.actor)
            emit(Event{EventKind::Drop, sender, receiver, bit, 0});
          if ((after.inbox[to][from] & bit) && (round || !waiting))
            emit(protocheck::send(sender, receiver, bit));
        }
  }
  // "election", "answer", "coordinator": the messages of a round (carried_messages).
  std::string message_label(const Event &event) const;

  // The processes crashed in `state` (a restarted process is no longer faulty).
  ProcessMask faulty(const State &state) const { return state.crashed.mask(); }

  // Predicates behind the properties (public so that liveness versions can reuse them).
  unsigned live_coordinators(const State &state) const;
  bool quiet(const State &state) const; // no message in flight, nobody electing or awaiting
  unsigned highest_live(const State &state) const;
  bool beliefs_agree(const State &state) const; // live beliefs in live processes name the highest
  // The highest live process is the only one acting as coordinator and every live process takes
  // it for the coordinator (true when nobody is live: nobody is left to elect).
  bool coordinator_known(const State &state) const;

private:
  // --crash-order: the k-th crash (counting from 0) is that of its k-th process; without it, any
  // live process may crash.
  bool may_crash_next(const State &state, unsigned p) const {
    return crash_order_.empty() ||
           (state.crashes < crash_order_.size() && crash_order_[state.crashes] == p);
  }

  bool busy(const State &state) const {
    for (unsigned p = 0; p < n_; ++p) {
      if (state.role[p] == Electing || state.role[p] == Awaiting)
        return true;
      for (unsigned q = 0; q < n_; ++q)
        if (state.inbox[p][q] != 0)
          return true;
    }
    return false;
  }

  void send(State &state, unsigned from, unsigned to, MessageBit message) const {
    if (state.messages == 255)
      throw kit::CapacityExceeded("the message counter of bully", 255);
    ++state.messages;
    if (!state.crashed.contains(to))
      state.inbox[to][from] |= message;
  }

  void declare(State &state, unsigned p) const {
    state.role[p] = Coordinator;
    state.timer[p] = 0;
    state.coordinator[p] = static_cast<std::uint8_t>(p + 1);
    for (unsigned q = 0; q < p; ++q)
      send(state, p, q, CoordinatorBit);
  }

  void start_election(State &state, unsigned p) const {
    if (p + 1 == n_) {
      declare(state, p); // nobody is higher: the highest id announces itself at once
      return;
    }
    state.role[p] = Electing;
    state.timer[p] = 0;
    for (unsigned q = p + 1; q < n_; ++q)
      send(state, p, q, ElectionBit);
  }

  // One synchronous round for each order in which processes handle several coordinator messages.
  template <class Emit> void emit_rounds(const State &state, Emit &&emit) const {
    std::array<std::uint32_t, MaxProcesses> announcers{}; // senders of coordinator messages
    std::uint32_t combinations = 1;
    for (unsigned p = 0; p < n_; ++p) {
      for (unsigned q = 0; q < n_; ++q)
        if (state.inbox[p][q] & CoordinatorBit)
          announcers[p] |= 1u << q;
      combinations *= std::max(1, std::popcount(announcers[p]));
    }
    for (std::uint32_t combination = 0; combination < combinations; ++combination) {
      std::array<unsigned, MaxProcesses> last{}; // whose coordinator message p handles last
      std::uint32_t choices = 0; // for the event: 3 bits per process with a choice, 1 + last
      std::uint32_t digits = combination;
      for (unsigned p = 0; p < n_; ++p) {
        const unsigned count = static_cast<unsigned>(std::popcount(announcers[p]));
        if (count == 0)
          continue;
        unsigned pick = digits % count;
        digits /= count;
        std::uint32_t rest = announcers[p];
        while (pick-- > 0)
          rest &= rest - 1;
        last[p] = static_cast<unsigned>(std::countr_zero(rest));
        if (count > 1)
          choices |= (last[p] + 1u) << (3 * p);
      }
      std::uint32_t timed_out = 0;
      const State next = round(state, last, timed_out);
      emit(local(NoProcess, Round, timed_out | (choices << 12)), next);
    }
  }

  // Every live process handles the messages sent to it in the previous round, then timers tick.
  // `timed_out` gets bit p for a process that declared itself coordinator after waiting in vain
  // for an answer, and bit 6+p for one that called again after waiting in vain for a coordinator.
  State round(const State &state, const std::array<unsigned, MaxProcesses> &last,
              std::uint32_t &timed_out) const {
    State next = state;
    for (unsigned p = 0; p < n_; ++p)
      next.inbox[p] = {};
    for (unsigned p = 0; p < n_; ++p) {
      if (state.crashed.contains(p))
        continue;
      const auto &inbox = state.inbox[p];
      const auto before = static_cast<Role>(state.role[p]);
      bool election = false;
      bool answer = false;
      bool announced = false;
      for (unsigned q = 0; q < n_; ++q) {
        if (inbox[q] & ElectionBit) {
          election = true;
          send(next, p, q, AnswerBit);
        }
        answer = answer || (inbox[q] & AnswerBit);
        announced = announced || (inbox[q] & CoordinatorBit);
      }
      if (answer && before == Electing) {
        next.role[p] = Awaiting;
        next.timer[p] = 0;
      }
      if (announced) {
        next.coordinator[p] = static_cast<std::uint8_t>(last[p] + 1);
        next.role[p] = Idle;
        next.timer[p] = 0;
      }
      if (election && (before == Idle || before == Coordinator)) {
        start_election(next, p);
      } else if (before == Electing && next.role[p] == Electing) {
        if (++next.timer[p] >= AnswerTimeout) {
          declare(next, p);
          timed_out |= 1u << p;
        }
      } else if (before == Awaiting && next.role[p] == Awaiting) {
        if (++next.timer[p] >= AwaitTimeout) {
          start_election(next, p);
          timed_out |= 1u << (6 + p);
        }
      }
    }
    return next;
  }

  unsigned n_ = 0;
  unsigned max_crashes_ = 0;
  unsigned max_restarts_ = 0;
  Processes may_detect_;
  std::vector<unsigned> crash_order_; // empty: any process, in any order
};

} // namespace protocheck::election
