// Two-phase commit, checked with protocheck: a coordinator asks n participants to prepare, each
// votes yes or no, and the coordinator tells everyone to commit (all voted yes) or to abort.
//
// The coordinator may crash, once, at any step. A participant that has not voted yes may then
// abort on its own (it notices the crash by a timeout); one that voted yes may not: the
// coordinator might have told others to commit. Checking shows that 2PC is safe (atomicity,
// validity) but blocks (termination fails when the coordinator crashes after a yes vote).
//
// --majority is a broken coordinator that commits once a majority voted yes: its counterexample
// commits although a participant voted no.
//
// Written against the installed package only (docs/writing-a-model.md walks through it):
//     cmake -S . -B build -DCMAKE_PREFIX_PATH=<prefix> && cmake --build build
//     ./build/two-phase-commit check two-phase-commit --n 3 --format msc
#include <protocheck/kit/message_bag.hpp>
#include <protocheck/protocheck.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

using namespace protocheck;

// [docs:state]
class TwoPhaseCommit {
public:
  static constexpr unsigned MaxParticipants = 7;
  static constexpr std::uint8_t Coordinator = 0; // participant i is process i + 1

  enum Vote : std::uint8_t { NotVoted, Yes, No };
  enum Decision : std::uint8_t { Undecided, Commit, Abort };
  enum MessageKind : std::uint8_t { Prepare = 1, VoteYes, VoteNo, CommitMessage, AbortMessage };
  enum LocalAction : std::uint8_t { Timeout = 1 };

  // Every field one byte, so the State has no padding (the engine compares states as bytes).
  struct Message {
    std::uint8_t from = 0;
    std::uint8_t to = 0;
    std::uint8_t kind = 0;
  };
  // At most a prepare, a vote and a decision per participant in flight.
  using Network = kit::MessageBag<Message, 3 * MaxParticipants>;

  struct Participant {
    std::uint8_t prepared = 0; // received prepare
    std::uint8_t vote = NotVoted;
    std::uint8_t decision = Undecided;
  };
  struct CoordinatorState {
    std::uint8_t sent_prepare = 0;
    std::uint8_t yes_votes = 0;
    std::uint8_t no_votes = 0;
    std::uint8_t decision = Undecided;
    std::uint8_t crashed = 0;
  };
  struct State {
    CoordinatorState coordinator;
    std::array<Participant, MaxParticipants> participant{};
    Network network;
  };
  // [docs:end]

  // [docs:config]
  struct Config {
    unsigned n = 3;
    bool reliable_coordinator = false;
    bool majority = false;
  };
  static void parameters(Parameters<Config> &declare) {
    declare.integer("n", &Config::n, 1, MaxParticipants, "number of participants");
    declare.flag("reliable-coordinator", &Config::reliable_coordinator,
                 "the coordinator never crashes");
    declare.flag("majority", &Config::majority,
                 "broken: the coordinator commits once a majority voted yes");
  }
  explicit TwoPhaseCommit(const Config &config) : config_(config) {}

  std::vector<std::string> process_names() const {
    std::vector<std::string> names{"coordinator"};
    for (unsigned i = 1; i <= config_.n; ++i)
      names.push_back("p" + std::to_string(i));
    return names;
  }
  // [docs:end]

  // [docs:successors]
  template <class Emit> void initial(Emit &&emit) const { emit(local(NoProcess, 0), State{}); }

  template <class Emit> void successors(const State &state, Emit &&emit) const {
    const CoordinatorState &coordinator = state.coordinator;
    if (!coordinator.crashed) {
      if (!coordinator.sent_prepare) {
        State next = state;
        next.coordinator.sent_prepare = 1;
        multicast(next, Prepare);
        emit(send(Coordinator, NoProcess, Prepare), next);
      }
      if (coordinator.decision == Undecided && decides(coordinator) != Undecided) {
        State next = state;
        next.coordinator.decision = decides(coordinator);
        const std::uint8_t kind =
            next.coordinator.decision == Commit ? CommitMessage : AbortMessage;
        multicast(next, kind);
        emit(send(Coordinator, NoProcess, kind), next);
      }
      if (!config_.reliable_coordinator) {
        State next = state;
        next.coordinator.crashed = 1;
        emit(crash(Coordinator), next);
      }
    }
    for (unsigned i = 0; i < config_.n; ++i) {
      const Participant &self = state.participant[i];
      const std::uint8_t process = static_cast<std::uint8_t>(i + 1);
      if (self.prepared && self.vote == NotVoted && self.decision == Undecided)
        for (const std::uint8_t vote : {Yes, No}) { // the participant's own choice
          State next = state;
          next.participant[i].vote = vote;
          if (vote == No) // a no vote aborts at once: the outcome cannot be commit
            next.participant[i].decision = Abort;
          const std::uint8_t kind = vote == Yes ? VoteYes : VoteNo;
          next.network.send({process, Coordinator, kind});
          emit(send(process, Coordinator, kind), next);
        }
      if (coordinator.crashed && self.vote != Yes && self.decision == Undecided) {
        State next = state;
        next.participant[i].decision = Abort;
        emit(local(process, Timeout), next);
      }
    }
    state.network.for_each_delivery({}, [&](kit::DeliveryKind kind, const Message &message) {
      if (message.to == Coordinator && coordinator.crashed)
        return; // a crashed coordinator receives nothing
      State next = state;
      next.network.take(kind, message);
      receive(next, message);
      emit(deliver(message.to, message.from, message.kind), next);
    });
  }
  // [docs:end]

  // [docs:properties]
  std::vector<Property<State>> properties() const {
    return {
        always<State>("atomicity", "no participant commits while another aborts",
                      [this](const State &state) {
                        return !(decided(state, Commit) && decided(state, Abort));
                      }),
        always<State>("validity", "a commit happens only if every participant voted yes",
                      [this](const State &state) {
                        const bool committed =
                            state.coordinator.decision == Commit || decided(state, Commit);
                        return !committed || all_voted_yes(state);
                      }),
        at_end<State>(
            "termination", "every run ends with every participant decided",
            [this](const State &state) { return undecided(state).empty(); },
            [this](const State &state) {
              return undecided(state) + " undecided: a yes voter must wait for the coordinator";
            }),
        reachable<State>("commit", "some run commits (the protocol is not vacuously safe)",
                         [this](const State &state) { return decided(state, Commit); }),
    };
  }
  // [docs:end]

  // [docs:describe]
  StateView describe(const State &state) const {
    static constexpr const char *votes[] = {"none", "yes", "no"};
    static constexpr const char *decisions[] = {"undecided", "commit", "abort"};
    const CoordinatorState &coordinator = state.coordinator;
    StateView view{{"coordinator.votes", std::to_string(coordinator.yes_votes) + " yes, " +
                                             std::to_string(coordinator.no_votes) + " no"},
                   {"coordinator.decision", decisions[coordinator.decision]},
                   {"coordinator.crashed", coordinator.crashed ? "true" : "false"}};
    for (unsigned i = 0; i < config_.n; ++i) {
      const std::string name = "p" + std::to_string(i + 1);
      view.push_back({name + ".vote", votes[state.participant[i].vote]});
      view.push_back({name + ".decision", decisions[state.participant[i].decision]});
    }
    std::string in_flight;
    for (const Message &message : state.network)
      in_flight += (in_flight.empty() ? "" : ", ") + label(message.kind) + " to " +
                   process_names()[message.to];
    view.push_back({"network", "[" + in_flight + "]"});
    return view;
  }

  std::string describe(const Event &event) const {
    if (event.actor == NoProcess)
      return "initial state";
    const std::string actor = process_names()[event.actor];
    switch (event.kind) {
    case EventKind::Send:
      return actor + " sends " + label(event.message) +
             (event.peer == NoProcess ? " to every participant" : " to the coordinator");
    case EventKind::Deliver:
      return actor + " receives " + label(event.message) + " from " + process_names()[event.peer];
    case EventKind::Crash:
      return actor + " crashes";
    default:
      return actor + " times out waiting for the crashed coordinator and aborts";
    }
  }

  // Optional hooks: charts mark the crashed coordinator and label arrows with the message.
  ProcessMask faulty(const State &state) const { return state.coordinator.crashed ? 1 : 0; }
  std::string message_label(const Event &event) const { return label(event.message); }
  // A multicast's copies, one per participant, so that a chart draws it as a fan of arrows.
  template <class EmitMessage>
  void carried_messages(const State &, const Event &event, const State &,
                        EmitMessage &&emit) const {
    if (event.kind == EventKind::Send && event.peer == NoProcess)
      for (unsigned i = 0; i < config_.n; ++i)
        emit(send(Coordinator, static_cast<std::uint8_t>(i + 1), event.message));
  }
  // [docs:end]

private:
  // What the coordinator decides from the votes it has (Undecided: wait for more).
  Decision decides(const CoordinatorState &coordinator) const {
    if (!config_.majority)
      return coordinator.no_votes > 0             ? Abort
             : coordinator.yes_votes == config_.n ? Commit
                                                  : Undecided;
    const unsigned majority = config_.n / 2 + 1;
    return coordinator.yes_votes >= majority             ? Commit
           : coordinator.no_votes > config_.n - majority ? Abort
                                                         : Undecided;
  }

  void multicast(State &state, std::uint8_t kind) const {
    for (unsigned i = 0; i < config_.n; ++i)
      state.network.send({Coordinator, static_cast<std::uint8_t>(i + 1), kind});
  }

  static void receive(State &state, const Message &message) {
    if (message.to == Coordinator) {
      ++(message.kind == VoteYes ? state.coordinator.yes_votes : state.coordinator.no_votes);
      return;
    }
    Participant &self = state.participant[message.to - 1];
    if (message.kind == Prepare)
      self.prepared = 1;
    else if (self.decision == Undecided) // a decision, once taken, is final
      self.decision = message.kind == CommitMessage ? Commit : Abort;
  }

  bool decided(const State &state, Decision decision) const {
    for (unsigned i = 0; i < config_.n; ++i)
      if (state.participant[i].decision == decision)
        return true;
    return false;
  }
  bool all_voted_yes(const State &state) const {
    for (unsigned i = 0; i < config_.n; ++i)
      if (state.participant[i].vote != Yes)
        return false;
    return true;
  }
  // "p1 and p3", or "" when every participant has decided.
  std::string undecided(const State &state) const {
    std::string names;
    for (unsigned i = 0; i < config_.n; ++i)
      if (state.participant[i].decision == Undecided)
        names += (names.empty() ? "p" : " and p") + std::to_string(i + 1);
    return names;
  }

  static std::string label(std::uint8_t kind) {
    static constexpr const char *labels[] = {"?",        "prepare", "vote(yes)",
                                             "vote(no)", "commit",  "abort"};
    return labels[kind < 6 ? kind : 0];
  }

  Config config_;
};

// [docs:main]
int main(int argc, char **argv) {
  Registry models;
  models.add<TwoPhaseCommit>("two-phase-commit",
                             "Two-phase commit; the coordinator may crash (--majority: broken)");
  return run_cli(argc, argv, models);
}
// [docs:end]
