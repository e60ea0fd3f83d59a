// A user's variant of a built-in model, written outside protocheck's tree from the installed
// headers of the built-in Maekawa: the lecture's "optimised" Maekawa, in which p_i sends no
// request or release to itself (never asking for its own vote). It is the built-in protocol
// maekawa-optimised, so it must reach its verdicts and state counts (tests/examples/ compares).
#include <protocheck/kit/fifo_channels.hpp>
#include <protocheck/kit/fifo_queue.hpp>
#include <protocheck/models/mutex/mutex_common.hpp>
#include <protocheck/models/mutex/voting_sets.hpp>
#include <protocheck/properties/critical_section.hpp>
#include <protocheck/protocheck.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <vector>

using namespace protocheck;
using mutex::Held, mutex::Released, mutex::Wanted, mutex::VoterSet;

class MaekawaWithoutSelfMessages {
public:
  enum MessageKind : std::uint8_t { Request = 1, Vote, Release };
  enum LocalAction : std::uint8_t { Enter = 1, Exit };
  // Messages are their kind. Per channel: a vote, a release and the next request.
  using Network = kit::FifoChannels<std::uint8_t, 3, 54>;
  struct Process {
    std::uint8_t phase = Released;
    std::uint8_t voted = 0; // this process's vote is given away
    std::uint8_t requests_made = 0;
    std::uint8_t messages = 0; // monitor: requests, votes and releases of the current entry
    kit::FifoQueue<std::uint8_t, mutex::MaxVotingProcesses>
        queue;      // deferred requests, oldest first
    VoterSet votes; // whose votes this process holds
  };
  struct State {
    std::array<Process, mutex::MaxVotingProcesses> process{};
    Network network;
  };
  struct Config {
    unsigned n = 3, requests = 1;
    std::string sets;
  };
  static void parameters(Parameters<Config> &declare) {
    declare.integer("n", &Config::n, 2, mutex::MaxVotingProcesses, "number of processes");
    declare.integer("requests", &Config::requests, 1, 2, "critical-section entries per process");
    declare.text("sets", &Config::sets, "voting sets such as 1,2;2,3;3,1, or grid");
  }
  explicit MaekawaWithoutSelfMessages(const Config &config)
      : n_(config.n), requests_(config.requests),
        targets_(mutex::parse_voting_sets(config.sets, config.n)) {
    for (unsigned p = 0; p < n_; ++p)
      targets_[p].erase(p); // the optimisation: T_i = V_i - {p_i}
  }
  std::vector<std::string> process_names() const { return mutex::numbered_process_names(n_); }
  template <class Emit> void initial(Emit &&emit) const { emit(local(NoProcess, 0), State{}); }
  template <class Emit> void successors(const State &state, Emit &&emit) const {
    for (unsigned p = 0; p < n_; ++p) {
      State next = state;
      Process &me = next.process[p];
      if (me.phase == Released && me.requests_made < requests_) {
        me.phase = Wanted;
        ++me.requests_made;
        me.messages = static_cast<std::uint8_t>(targets_[p].size());
        targets_[p].for_each([&](std::size_t q) { next.network.send(p, q, Request); });
        emit(send(p, NoProcess, Request), next);
      } else if (me.phase == Wanted && me.votes == targets_[p]) {
        me.phase = Held;
        emit(local(p, Enter), next);
      } else if (me.phase == Held) {
        me.phase = Released;
        me.votes.clear();
        me.messages = static_cast<std::uint8_t>(me.messages + targets_[p].size());
        targets_[p].for_each([&](std::size_t q) { next.network.send(p, q, Release); });
        emit(local(p, Exit), next);
      }
    }
    state.network.for_each_head([&](const Network::Entry &head) {
      State next = state;
      next.network.receive(head.from, head.to);
      Process &self = next.process[head.to];
      if (head.payload == Request && (self.phase == Held || self.voted))
        self.queue.push(head.from);
      else if (head.payload == Request)
        vote(next, head.to, head.from);
      else if (head.payload == Vote)
        self.votes.insert(head.from);
      else if (!self.queue.empty())
        vote(next, head.to, self.queue.pop());
      else
        self.voted = 0;
      emit(deliver(head.to, head.from, head.payload), next);
    });
  }

  std::vector<Property<State>> properties() const {
    const auto name = [](const State &, unsigned p) { return mutex::process_name(p); };
    const auto messages = [](const State &state, unsigned p) { return state.process[p].messages; };
    return {properties::mutual_exclusion<State>(n_, &inside, name),
            properties::no_deadlock<State>(n_, &waits, [](const State &) { return std::string(); }),
            properties::messages_per_entry<State>(n_, messages, name,
                                                  "messages sent for one critical-section entry"),
            reachable<State>("entry", "some process enters the critical section",
                             [](const State &state) {
                               return std::ranges::count(state.process, Held, &Process::phase) > 0;
                             })};
  }

  StateView describe(const State &state) const {
    StateView view;
    for (unsigned p = 0; p < n_; ++p) {
      const std::string name = mutex::process_name(p);
      view.push_back({name + ".state", std::string(mutex::phase_name(state.process[p].phase))});
      view.push_back({name + ".votes", state.process[p].votes.to_string(mutex::process_name)});
    }
    return view;
  }
  std::string describe(const Event &event) const {
    static constexpr const char *what[] = {"", "request", "vote", "release"};
    if (event.actor == NoProcess)
      return "initial state";
    const std::string actor = mutex::process_name(event.actor);
    if (event.kind == EventKind::Deliver)
      return actor + " receives " + what[event.message] + " from " +
             mutex::process_name(event.peer);
    if (event.kind == EventKind::Send)
      return actor + " multicasts request to " +
             targets_[event.actor].to_string(mutex::process_name);
    return actor + (event.message == Enter ? " enters" : " leaves") + " the critical section";
  }

private:
  static bool inside(const State &state, unsigned p) { return state.process[p].phase == Held; }
  static bool waits(const State &state, unsigned p) { return state.process[p].phase == Wanted; }
  static void vote(State &state, unsigned voter, unsigned candidate) {
    state.network.send(voter, candidate, Vote);
    state.process[voter].voted = 1;
    ++state.process[candidate].messages;
  }

  unsigned n_, requests_;
  std::vector<VoterSet> targets_;
};

int main(int argc, char **argv) {
  Registry models;
  models.add<MaekawaWithoutSelfMessages>("maekawa-variant", "Maekawa without self-messages");
  return run_cli(argc, argv, models);
}
