// Practical Byzantine Fault Tolerance (Castro and Liskov; lecture text section 7): the normal case
// and, optionally, one view change.
//
// A client sends its requests (a; a and b with --requests 2); replicas R0..R(n-1) order them with
// the primary R(v mod n) of view v:
//   request:     the primary assigns the lowest free sequence number s and multicasts
//                pre-prepare(v,s,x) to the backups;
//   pre-prepare: a backup accepts the first one for (v,s) and multicasts prepare(v,s,x);
//   prepared:    pre-prepare plus quorum-1 matching prepares from distinct backups, its own
//                included (the primary sends none): 2f by default; it then multicasts commit;
//   committed:   prepared plus quorum matching commits from distinct replicas, its own included
//                (2f+1 by default); requests execute in sequence order, and executing a client
//                request x at s is answered with reply(x, s) (the result: x ran at position s);
//   client:      accepts a result once reply-quorum replicas (f+1 by default) sent the same one.
// With --view-changes 1 a backup that knows an unexecuted request may time out at any moment: it
// stops taking part in view 0 and multicasts view-change(1, P), P holding its prepared
// certificates; a replica holding view-changes from f+1 others joins in the same way. R1, once it
// has view-changes from quorum-1 other replicas (plus its own), sends new-view(1, O): for every
// sequence number up to the highest certificate in those view-changes, a pre-prepare for the
// certified request (the smallest, should two be certified), or the null request where none is.
// A replica that accepts the new-view prepares O's entries in view 1; R1 orders the client
// requests O does not cover. There is no second view change.
//
// Network: an unordered bag, so messages arrive in any order. With --lossy any message may also be
// dropped, and the state remembers that something was lost. Losses change no verdict, so they are
// off by default: a state a loss leads to is also reached by delaying that message to the end
// (nothing waits for one particular message), so the safety properties see the same states, and
// "committed" only judges runs without losses. A loss never enables a step (it only removes a
// message), so once nothing but losses is possible the run has ended: the model offers losses
// only while some other step is enabled. Otherwise a run stuck with messages that can never be
// delivered (votes short of a quorum) could always lose them, would never end without a loss,
// and "committed" would wrongly hold with --lossy where it fails without. Messages for a view the
// recipient has not yet entered wait in the bag; a message its recipient would ignore on arrival
// (an old view, a quorum already reached) is removed at once.
//
// Message identities: the bag delivers in any order, so every Deliver (and Drop) of a correct
// sender's message carries Event::message_id = the message as the bag stores it: its request, its
// sequence number and its view (message_key), which no two messages of one kind in flight on one
// channel share. Correct replicas' sends are no steps of their own (a step's text says what it
// sent); a faulty replica's message is a synchronous Transmit and carries none.
//
// Votes arrive as quorums. A prepare, commit or reply only counts towards a quorum, and nothing
// depends on a count short of its quorum, so delivering such a vote changes nothing until the vote
// that completes the quorum arrives. The model therefore delivers votes to a recipient in one step,
// at the moment they complete its quorum (the votes in flight to it, plus as many faulty votes as
// needed). This reaches the same states as one-by-one delivery, except the partial tallies in
// between, and it keeps the state space small (n = 4 would otherwise explode by interleavings
// of single votes). Likewise a replica joins a view change in one step once f+1 view-changes can
// reach it. Pre-prepares, requests, view-changes to R1 and new-views still arrive one at a time.
//
// Faults: exactly f replicas, any set of them, are Byzantine. Messages are signed, so a faulty
// replica can send, at any time, any message of the bounded domain in its own name (views 0..1,
// sequence numbers 1..requests, the requests a, b, z and the null request), or nothing. z is a
// request of a faulty client that only the faulty replicas hold: it lets a faulty primary propose
// two different requests for one sequence number even with one client request. Faulty messages are
// delivered as they are sent (the network's delay is the adversary's anyway) and only when they
// matter: a faulty primary's pre-prepares go anywhere at any time, faulty votes help complete
// quorums. A view-change a faulty replica sends may include only certificates that exist (the
// view-0 primary's pre-prepare and quorum-1 prepares, each signed by a faulty replica or sent by a
// correct one); a faulty R1 may send each backup any new-view built from quorum valid
// view-changes. The faulty replicas may also fall silent for good (a step), so that runs in which
// they withhold everything end and "committed" can judge them.
//
// A timer may expire at any time, also while the primary is correct (asynchrony), so safety is
// checked across such spurious view changes; the state remembers them, because liveness is only
// claimed once the network is stable and timers no longer expire early.
//
// Properties: agreement (no two correct replicas commit different requests at one sequence
// number), client-safety (an accepted result was produced by a correct replica), committed (at the
// end of a run without losses or early timeouts whose current primary is correct, some correct
// replica has executed every sequence number) and the witnesses client-served and, with a view
// change, view-1-commit.
#pragma once

#include <protocheck/event.hpp>
#include <protocheck/model.hpp>
#include <protocheck/models/byzantine/traitors.hpp>
#include <protocheck/parameters.hpp>
#include <protocheck/params.hpp>
#include <protocheck/property.hpp>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace protocheck::byzantine {

class Pbft {
public:
  static constexpr unsigned MaxReplicas = 4;
  static constexpr unsigned MaxRequests = 2; // the client's requests a and b
  static constexpr unsigned MaxSeq = MaxRequests;
  static constexpr unsigned Views = 2;

  // Requests (message contents); 0 is "none".
  enum Request : std::uint8_t { None = 0, A = 1, B = 2, Z = 3, Null = 4 };

  struct Replica {
    std::uint8_t view = 0;           // 0 or 1
    std::uint8_t waiting = 0;        // 1: sent its view-change, waits for the new-view of `view`
    std::uint8_t known = 0;          // client requests received (bit x - 1)
    std::uint8_t executed_count = 0; // sequence numbers executed, in order
    std::uint8_t view_changes = 0;   // R1 collecting: senders of the view-changes it holds
    std::array<std::uint8_t, MaxSeq> preprepared{}; // request accepted for seq s+1, current view
    std::array<std::uint8_t, MaxSeq> progress{};    // Prepared | CommittedLocal, current view
    std::array<std::uint8_t, MaxSeq> certificate{}; // request prepared for seq s+1 in view 0
    std::array<std::uint8_t, MaxSeq> committed{};   // bit x-1: committed x at seq s+1 (any view)
    std::array<std::uint8_t, MaxSeq> executed{};    // request executed at seq s+1
  };
  static_assert(std::has_unique_object_representations_v<Replica>);

  struct State {
    std::uint8_t faulty = 0;           // bit r: replica r is Byzantine
    std::uint8_t lost = 0;             // 1: the network dropped a message
    std::uint8_t silent = 0;           // 1: the faulty replicas have stopped sending for good
    std::uint8_t premature = 0;        // 1: a correct replica suspected a correct primary
    std::uint8_t sent_view_change = 0; // correct replicas that sent a view-change (bit per id)
    std::uint8_t new_view_out = 0;     // recipients of R1's new-view still in flight
    std::uint8_t new_view_o = 0;       // O of R1's new-view: 3 bits per sequence number
    std::array<std::uint8_t, MaxRequests> request_out{}; // client -> replicas, in flight
    std::array<std::uint8_t, MaxRequests> accepted{};    // client: result (seq) accepted, 0: none
    std::array<std::array<std::uint8_t, MaxRequests>, MaxReplicas> reply_out{}; // seq in flight
    // Messages of correct replicas: content (low 3 bits) | recipients in flight << 4. The content
    // stays after delivery: it is what the sender signed, which certificates refer to.
    std::array<std::array<std::uint8_t, MaxSeq>, Views> preprepare_out{};
    std::array<std::array<std::array<std::uint8_t, MaxSeq>, MaxReplicas>, Views> prepare_out{};
    std::array<std::array<std::array<std::uint8_t, MaxSeq>, MaxReplicas>, Views> commit_out{};
    std::array<std::uint8_t, MaxReplicas> view_change_out{};    // [sender]: recipients
    std::array<std::uint8_t, MaxReplicas> faulty_view_change{}; // [faulty sender]: P sent to R1
    std::array<Replica, MaxReplicas> replicas{};
  };
  static_assert(std::has_unique_object_representations_v<State>);

  // Replica::progress bits.
  static constexpr std::uint8_t Prepared = 1;
  static constexpr std::uint8_t CommittedLocal = 2;

  // Event::message: what the step is about.
  enum Kind : std::uint8_t {
    RequestMsg = 1,
    PrePrepare,
    PrepareMsg, // a quorum of prepares
    CommitMsg,  // a quorum of commits
    ReplyMsg,   // a quorum of replies
    ViewChange, // one view-change to R1 (value: its P), or, to another replica, f+1 of them
    NewView,
    Timeout,
    Silence,
  };
  // Event::value: request (bits 0-2), seq (3-4), view (5), what followed (6, 8-15), O (16-23);
  // a quorum step: correct senders (24-27) and faulty ones (28-31); one view-change: its P (24-29).
  static constexpr std::uint32_t Joined = 1u << 6; // f+1 view-changes: joins the view change
  static constexpr std::uint32_t Assigned = 1u << 8;
  static constexpr std::uint32_t SentPrepare = 1u << 9;
  static constexpr std::uint32_t BecamePrepared = 1u << 10;
  static constexpr std::uint32_t BecameCommitted = 1u << 11;
  static constexpr std::uint32_t Executed = 1u << 12;
  static constexpr std::uint32_t ClientAccepted = 1u << 13;
  static constexpr std::uint32_t SentNewView = 1u << 14;
  static constexpr std::uint32_t EnteredView = 1u << 15;

  struct Config {
    unsigned n = 4;
    unsigned f = 1;
    std::optional<unsigned> quorum;       // empty: 2f+1
    std::optional<unsigned> reply_quorum; // empty: f+1
    unsigned requests = 1;
    unsigned view_changes = 0;
    bool lossy = false;
    std::string faulty; // --faulty: the f Byzantine replicas fixed; empty: every set of f
  };
  static void parameters(Parameters<Config> &declare) {
    declare.integer("n", &Config::n, 1, MaxReplicas, "number of replicas");
    declare.integer("f", &Config::f, 0, MaxReplicas - 1,
                    "Byzantine replicas (every set of exactly f is tried)");
    declare.integer("quorum", &Config::quorum, 1, MaxReplicas,
                    "prepare/commit quorum q: prepared = pre-prepare + q-1 prepares, committed = q "
                    "commits (default: 2f+1)");
    declare.integer("reply-quorum", &Config::reply_quorum, 1, MaxReplicas,
                    "matching replies the client waits for (default: f+1)");
    declare.integer("requests", &Config::requests, 1, MaxRequests,
                    "client requests (and sequence numbers) 1..requests");
    declare.integer("view-changes", &Config::view_changes, 0, 1,
                    "view changes allowed (0 or 1; the new primary is R1)");
    declare.flag("lossy", &Config::lossy,
                 "the network may also drop messages (changes no verdict; see pbft.hpp)");
    declare.text("faulty", &Config::faulty,
                 "fix the Byzantine replicas: exactly the f replicas named, comma-separated (R3, "
                 "or R0,R2); default: every set of f");
  }

  explicit Pbft(const Config &config)
      : n_(config.n), f_(config.f), quorum_(config.quorum.value_or(2 * config.f + 1)),
        reply_quorum_(config.reply_quorum.value_or(config.f + 1)), requests_(config.requests),
        view_changes_(config.view_changes), lossy_(config.lossy) {
    const std::string for_n = " for n = " + std::to_string(n_);
    if (f_ > n_ - 1)
      throw BadInput("f = " + std::to_string(f_) + " is out of range: f must be in 0.." +
                     std::to_string(n_ - 1) + for_n);
    if (quorum_ > n_)
      throw BadInput("quorum = " + std::to_string(quorum_) + (config.quorum ? "" : " (2f+1)") +
                     " is out of range: quorum must be in 1.." + std::to_string(n_) + for_n);
    if (reply_quorum_ > n_)
      throw BadInput("reply-quorum = " + std::to_string(reply_quorum_) +
                     " is out of range: reply-quorum must be in 1.." + std::to_string(n_) + for_n);
    if (view_changes_ > 0 && n_ < 2)
      throw BadInput("view-changes = 1 needs n >= 2 (the new primary is R1)");
    if (!config.faulty.empty()) {
      std::vector<std::string> replicas = process_names();
      replicas.pop_back(); // the client is never Byzantine
      fixed_faulty_ = true;
      fixed_mask_ = static_cast<unsigned>(byzantine::parse_faulty(config.faulty, replicas, f_));
      if (static_cast<unsigned>(std::popcount(fixed_mask_)) != f_)
        throw BadInput("--faulty '" + config.faulty + "' names " +
                       std::to_string(std::popcount(fixed_mask_)) +
                       " replicas: pbft has exactly f = " + std::to_string(f_));
    }
  }

  unsigned replicas() const { return n_; }
  unsigned quorum() const { return quorum_; }
  unsigned primary(unsigned view) const { return view % n_; }
  static bool is_faulty(const State &s, unsigned r) { return (s.faulty >> r) & 1u; }

  std::vector<std::string> process_names() const {
    std::vector<std::string> names;
    for (unsigned r = 0; r < n_; ++r)
      names.push_back("R" + std::to_string(r));
    names.push_back("client");
    return names;
  }

  template <class Emit> void initial(Emit &&emit) const {
    for (unsigned faulty = 0; faulty < (1u << n_); ++faulty)
      if (fixed_faulty_ ? faulty == fixed_mask_
                        : static_cast<unsigned>(std::popcount(faulty)) == f_)
        emit(adversary(0, faulty), initial_state(faulty));
  }

  // Symmetry reduction (--symmetry): backups are interchangeable.
  //
  // The primary of view 0 (R0) and the primary of view 1 (R1, with --view-changes 1) have roles of
  // their own; the other replicas, the backups, do not: every rule (quorums of distinct senders,
  // the f+1 replies, joining a view change) counts replicas and never looks at a backup's id
  // (which faulty votes complete a quorum shows only in the event), the network is a bag, and the
  // faulty set is any set of f. So relabeling backups, with every per-replica record and every set
  // of replicas permuted alike (relabeled below), maps each step to a step: the reachable states
  // fall into orbits, and a state may stand for its orbit. The properties quantify over all correct
  // replicas or look only at the client, so they hold in all states of an orbit or in none. The
  // representative is the relabeling with the smallest bytes, over all permutations of the
  // backups (at most 3! for n = 4), so it depends only on the orbit.
  void canonicalize(State &state) const {
    if (fixed_faulty_)
      return; // --faulty: the replicas shown are the ones asked for, not a representative
    std::array<std::uint8_t, MaxReplicas> to{0, 1, 2, 3};
    const unsigned first_backup = view_changes_ > 0 ? 2u : 1u;
    if (first_backup + 1 >= n_)
      return; // at most one backup: nothing to permute
    const State original = state;
    do {
      const State candidate = relabeled(original, to);
      if (std::memcmp(&candidate, &state, sizeof(State)) < 0)
        state = candidate;
    } while (std::next_permutation(to.begin() + first_backup, to.begin() + n_));
  }

  // `s` with replica r renamed to[r], in every record that belongs to a replica or names one.
  State relabeled(const State &s, const std::array<std::uint8_t, MaxReplicas> &to) const {
    const auto set = [&](unsigned replicas) {
      unsigned result = 0;
      for (unsigned r = 0; r < n_; ++r)
        if ((replicas >> r) & 1u)
          result |= 1u << to[r];
      return static_cast<std::uint8_t>(result);
    };
    // A correct replica's message: its content (low 4 bits) and its recipients in flight (high 4).
    const auto message = [&](std::uint8_t m) {
      return static_cast<std::uint8_t>((m & 0x0fu) | set(m >> 4u) << 4u);
    };
    State t = s;
    t.faulty = set(s.faulty);
    t.sent_view_change = set(s.sent_view_change);
    t.new_view_out = set(s.new_view_out);
    for (unsigned x = 0; x < MaxRequests; ++x)
      t.request_out[x] = set(s.request_out[x]);
    for (unsigned v = 0; v < Views; ++v)
      for (unsigned seq = 0; seq < MaxSeq; ++seq)
        t.preprepare_out[v][seq] = message(s.preprepare_out[v][seq]);
    for (unsigned r = 0; r < n_; ++r) {
      t.reply_out[to[r]] = s.reply_out[r];
      for (unsigned v = 0; v < Views; ++v)
        for (unsigned seq = 0; seq < MaxSeq; ++seq) {
          t.prepare_out[v][to[r]][seq] = message(s.prepare_out[v][r][seq]);
          t.commit_out[v][to[r]][seq] = message(s.commit_out[v][r][seq]);
        }
      t.view_change_out[to[r]] = set(s.view_change_out[r]);
      t.faulty_view_change[to[r]] = s.faulty_view_change[r];
      t.replicas[to[r]] = s.replicas[r];
      t.replicas[to[r]].view_changes = set(s.replicas[r].view_changes);
    }
    return t;
  }

  template <class Emit> void successors(const State &state, Emit &&emit) const {
    bool can_move = false; // some step other than a loss is enabled
    const auto step = [&](const Event &event, const State &next) {
      can_move = true;
      emit(event, next);
    };
    emit_message_deliveries(state, step);
    emit_quorums(state, step);
    emit_faulty_messages(state, step);
    emit_timeouts(state, step);
    if (state.faulty != 0 && !state.silent) {
      State next = state;
      next.silent = 1;
      step(Event{EventKind::Adversary, NoProcess, NoProcess, Silence, 0}, next);
    }
    // Losses only while the run can still move otherwise: see "Network" at the top.
    if (lossy_ && can_move)
      emit_drops(state, emit);
  }

  std::vector<Property<State>> properties() const {
    std::vector<Property<State>> properties{
        always<State>(
            "agreement",
            "no two correct replicas commit different requests at the same sequence number",
            [this](const State &s) { return conflicting_seq(s) == 0; },
            [this](const State &s) { return conflict_text(s); }),
        always<State>(
            "client-safety", "the client accepts only a result that a correct replica produced",
            [this](const State &s) { return unfounded_acceptance(s) == 0; },
            [this](const State &s) {
              const unsigned x = unfounded_acceptance(s);
              return "the client accepted " + request_name(x) + " executed at #" +
                     std::to_string(s.accepted[x - 1]) + ", which no correct replica executed";
            }),
        at_end<State>(
            "committed",
            "if no message was lost, no timer expired early and the current primary is correct, "
            "every sequence number is committed and executed by a correct replica",
            [this](const State &s) { return !stalled(s); },
            [this](const State &s) { return stall_text(s); }),
        reachable<State>("client-served", "the client accepts a result for request a",
                         [](const State &s) { return s.accepted[0] != 0; }),
    };
    if (view_changes_ > 0)
      properties.push_back(reachable<State>(
          "view-1-commit", "a correct replica commits a request in view 1 (after a view change)",
          [this](const State &s) {
            for (unsigned r = 0; r < n_; ++r)
              if (!is_faulty(s, r) && s.replicas[r].view == 1 &&
                  (s.replicas[r].progress[0] & CommittedLocal))
                return true;
            return false;
          }));
    return properties;
  }

  StateView describe(const State &state) const;
  std::string describe(const Event &event) const;
  // The Byzantine replicas (bit r: replica r), for charts.
  ProcessMask faulty(const State &state) const { return state.faulty; }
  // A message as a chart labels its arrow: "pre-prepare(v0, #1, a)", "commit(v0, #1, a)",
  // "reply(a, #1)", "view-change(v1, P = {#1: a})", "new-view(v1, O = {#1: a})"; other events as
  // describe() says them.
  std::string message_label(const Event &event) const;
  // The messages behind the phases, so that a chart draws each as an arrow: what a step sends (a
  // correct replica's pre-prepare, prepares, commits and reply, read off the bag as the bag stores
  // them, so that each Send carries the identity its Deliver will), and the further votes a
  // quorum step counts besides the first: a Deliver from each other correct voter, a Transmit
  // from each faulty one.
  template <class EmitMessage>
  void carried_messages(const State &before, const Event &event, const State &after,
                        EmitMessage &&emit) const {
    const auto sent = [&](std::uint8_t was, std::uint8_t now, unsigned from, Kind kind,
                          unsigned seq, unsigned view) {
      const unsigned earlier = content(was) == content(now) ? in_flight(was) : 0u;
      const std::uint32_t key = describe_value(content(now), seq, view);
      for (unsigned fresh = in_flight(now) & ~earlier; fresh != 0; fresh &= fresh - 1)
        emit(with_message_id(
            send(id(from), id(static_cast<unsigned>(std::countr_zero(fresh))), kind, key), key));
    };
    for (unsigned view = 0; view < Views; ++view)
      for (unsigned seq = 0; seq < requests_; ++seq) {
        sent(before.preprepare_out[view][seq], after.preprepare_out[view][seq], primary(view),
             PrePrepare, seq, view);
        for (unsigned from = 0; from < n_; ++from) {
          sent(before.prepare_out[view][from][seq], after.prepare_out[view][from][seq], from,
               PrepareMsg, seq, view);
          sent(before.commit_out[view][from][seq], after.commit_out[view][from][seq], from,
               CommitMsg, seq, view);
        }
      }
    for (unsigned r = 0; r < n_; ++r)
      for (unsigned x = 0; x < requests_; ++x)
        if (before.reply_out[r][x] == 0 && after.reply_out[r][x] != 0) {
          const std::uint32_t key = describe_value(x + 1, after.reply_out[r][x] - 1u, 0);
          emit(with_message_id(send(id(r), client(), ReplyMsg, key), key));
        }
    const bool quorum =
        event.kind == EventKind::Deliver &&
        (event.message == PrepareMsg || event.message == CommitMsg || event.message == ReplyMsg);
    if (!quorum)
      return;
    const unsigned correct = (event.value >> 24) & 0xfu;
    const unsigned faulty = (event.value >> 28) & 0xfu;
    for (unsigned r = 0; r < n_; ++r) {
      if (r == event.peer)
        continue; // the step's own event
      if ((correct >> r) & 1u)
        emit(with_message_id(deliver(event.actor, id(r), event.message, event.message_id),
                             event.message_id));
      else if ((faulty >> r) & 1u)
        emit(Event{EventKind::Transmit, id(r), event.actor, event.message, event.message_id});
    }
  }

  // The predicates behind the properties.
  unsigned conflicting_seq(const State &s) const { // 1-based seq, 0: none
    for (unsigned seq = 0; seq < requests_; ++seq) {
      unsigned values = 0;
      for (unsigned r = 0; r < n_; ++r)
        if (!is_faulty(s, r))
          values |= s.replicas[r].committed[seq];
      if (std::popcount(values) > 1)
        return seq + 1;
    }
    return 0;
  }
  unsigned unfounded_acceptance(const State &s) const { // request, 0: none
    for (unsigned x = 0; x < requests_; ++x) {
      const unsigned seq = s.accepted[x];
      if (seq == 0)
        continue;
      bool produced = false;
      for (unsigned r = 0; r < n_; ++r)
        produced = produced || (!is_faulty(s, r) && s.replicas[r].executed[seq - 1] == x + 1);
      if (!produced)
        return x + 1;
    }
    return 0;
  }
  // No correct replica has executed every sequence number, in a run that counts: nothing lost,
  // the current primary correct, and no timer expired while the primary was correct (once the
  // network is stable, timers are long enough). One correct replica suffices: a replica that
  // falls behind catches up by state transfer in PBFT, which this model leaves out.
  bool stalled(const State &s) const {
    if (s.lost || s.premature || is_faulty(s, primary(current_view(s))))
      return false;
    for (unsigned r = 0; r < n_; ++r)
      if (!is_faulty(s, r) && s.replicas[r].executed_count == requests_)
        return false;
    return true;
  }
  unsigned current_view(const State &s) const {
    unsigned view = 0;
    for (unsigned r = 0; r < n_; ++r)
      if (!is_faulty(s, r))
        view = std::max<unsigned>(view, s.replicas[r].view);
    return view;
  }

private:
  // ---- packed fields ----
  static unsigned content(std::uint8_t message) { return message & 7u; }
  static unsigned in_flight(std::uint8_t message) { return message >> 4; }
  static std::uint8_t pack(unsigned content, unsigned recipients) {
    return static_cast<std::uint8_t>(content | recipients << 4);
  }
  static unsigned seq_entry(unsigned packed, unsigned seq) { return (packed >> (3 * seq)) & 7u; }
  // A message of a correct sender as the bag stores it, which is also its Event::message_id:
  // request x (bits 0-2), sequence number (bits 3-4, 1-based; 0: none), view (bit 5).
  static std::uint32_t message_key(unsigned x, unsigned seq_number, unsigned view) {
    return x | seq_number << 3 | view << 5;
  }
  // The same bits head Event::value, followed by what the step did.
  static std::uint32_t describe_value(unsigned x, unsigned seq, unsigned view) {
    return message_key(x, seq + 1, view);
  }
  // View-changes and the new-view: one per sender and recipient, for view 1.
  static constexpr std::uint32_t ViewOneKey = 1u << 5;
  static unsigned count(unsigned set) { return static_cast<unsigned>(std::popcount(set)); }
  static std::uint8_t bit(unsigned r) { return static_cast<std::uint8_t>(1u << r); }
  static std::uint8_t id(unsigned r) { return static_cast<std::uint8_t>(r); }

  unsigned correct(const State &s) const { return ((1u << n_) - 1) & ~s.faulty; }
  State initial_state(unsigned faulty) const {
    State state;
    state.faulty = static_cast<std::uint8_t>(faulty);
    // Without view changes only the primary needs the requests; otherwise the client
    // multicasts them, so that backups can suspect the primary and R1 can order them.
    const unsigned targets = view_changes_ > 0 ? correct(state) : correct(state) & 1u;
    for (unsigned x = 0; x < requests_; ++x)
      state.request_out[x] = static_cast<std::uint8_t>(targets);
    return state;
  }
  static bool active_in(const Replica &r, unsigned view) { return r.view == view && !r.waiting; }
  // The faulty replicas that can still add a vote (none once they fell silent).
  static unsigned helpers(const State &s, unsigned excluded = 0) {
    return s.silent ? 0u : s.faulty & ~excluded;
  }

  // ---- replica logic (correct replicas) ----

  std::uint8_t to_others(const State &s, unsigned from, unsigned x) const {
    return pack(x, correct(s) & ~(1u << from));
  }

  // The primary of its view orders the client requests it knows that are neither ordered in this
  // view nor executed, at the lowest free sequence numbers.
  std::uint32_t assign_requests(State &s, unsigned p) const {
    Replica &r = s.replicas[p];
    if (r.waiting || primary(r.view) != p)
      return 0;
    std::uint32_t flags = 0;
    for (unsigned x = A; x <= requests_; ++x) {
      if (!((r.known >> (x - 1)) & 1u) || ordered_or_executed(r, x))
        continue;
      for (unsigned seq = 0; seq < requests_; ++seq) {
        if (r.preprepared[seq] != None)
          continue;
        r.preprepared[seq] = static_cast<std::uint8_t>(x);
        s.preprepare_out[r.view][seq] = pack(x, correct(s) & ~(1u << p));
        if (!(flags & Assigned))
          flags |= Assigned | (seq + 1) << 3; // the first one, for the step's description
        flags |= prepared_alone(s, p, seq);
        break;
      }
    }
    return flags;
  }
  bool ordered_or_executed(const Replica &r, unsigned x) const {
    for (unsigned seq = 0; seq < requests_; ++seq)
      if (r.preprepared[seq] == x || (seq < r.executed_count && r.executed[seq] == x))
        return true;
    return false;
  }

  // Accepts a pre-prepare (from the primary or a new-view): a backup multicasts its prepare.
  std::uint32_t accept_preprepare(State &s, unsigned r, unsigned seq, unsigned x) const {
    Replica &replica = s.replicas[r];
    replica.preprepared[seq] = static_cast<std::uint8_t>(x);
    std::uint32_t flags = 0;
    if (primary(replica.view) != r) {
      s.prepare_out[replica.view][r][seq] = to_others(s, r, x);
      flags |= SentPrepare;
    }
    return flags | prepared_alone(s, r, seq);
  }
  unsigned own_prepares(const Replica &replica, unsigned r) const {
    return primary(replica.view) == r ? 0 : 1;
  }
  // A quorum small enough for the replica's own prepare (or commit) needs no messages.
  std::uint32_t prepared_alone(State &s, unsigned r, unsigned seq) const {
    return own_prepares(s.replicas[r], r) + 1 >= quorum_ ? become_prepared(s, r, seq) : 0;
  }

  std::uint32_t become_prepared(State &s, unsigned r, unsigned seq) const {
    Replica &replica = s.replicas[r];
    const unsigned x = replica.preprepared[seq];
    replica.progress[seq] |= Prepared;
    if (replica.view == 0)
      replica.certificate[seq] = static_cast<std::uint8_t>(x);
    s.commit_out[replica.view][r][seq] = to_others(s, r, x);
    return BecamePrepared | (quorum_ <= 1 ? become_committed(s, r, seq) : 0);
  }

  std::uint32_t become_committed(State &s, unsigned r, unsigned seq) const {
    Replica &replica = s.replicas[r];
    const unsigned x = replica.preprepared[seq];
    replica.progress[seq] |= CommittedLocal;
    replica.committed[seq] |= bit(x - 1);
    std::uint32_t flags = BecameCommitted;
    while (replica.executed_count < requests_ &&
           (replica.progress[replica.executed_count] & CommittedLocal)) {
      const unsigned next = replica.executed_count++;
      const unsigned request = replica.preprepared[next];
      replica.executed[next] = static_cast<std::uint8_t>(request);
      if (request == A || request == B)
        s.reply_out[r][request - 1] = static_cast<std::uint8_t>(next + 1);
      flags |= Executed;
    }
    return flags;
  }

  // Leaves view 0 for view 1; waiting until the new-view arrives unless `enter`.
  static void change_view(Replica &replica, bool enter) {
    replica.view = 1;
    replica.waiting = enter ? 0 : 1;
    replica.preprepared = {};
    replica.progress = {};
  }

  // Replica r stops taking part in view 0 and multicasts view-change(1, P), P its view-0
  // prepared certificates (frozen from now on).
  std::uint32_t send_view_change(State &s, unsigned r) const {
    change_view(s.replicas[r], false);
    s.sent_view_change |= bit(r);
    s.view_change_out[r] = static_cast<std::uint8_t>(correct(s) & ~(1u << r));
    if (r != primary(1))
      return 0;
    s.replicas[r].view_changes |= bit(r);
    return maybe_new_view(s);
  }

  // R1 takes one view-change: it joins once it holds f+1 from others, and starts view 1 once it
  // holds quorum-1.
  std::uint32_t r1_receives_view_change(State &s, unsigned from) const {
    const unsigned p = primary(1);
    Replica &r1 = s.replicas[p];
    r1.view_changes |= bit(from);
    std::uint32_t flags = 0;
    if (active_in(r1, 0) && count(r1.view_changes & ~(1u << p)) >= f_ + 1)
      flags |= Joined | send_view_change(s, p);
    return flags | maybe_new_view(s);
  }
  // View-changes from others R1 needs to act next.
  unsigned r1_needs(const State &s) const {
    return active_in(s.replicas[primary(1)], 0) ? std::min(f_ + 1, quorum_ - 1) : quorum_ - 1;
  }

  // The new primary R1 has view-changes from quorum-1 others: it sends new-view(1, O).
  std::uint32_t maybe_new_view(State &s) const {
    const unsigned p = primary(1);
    Replica &r1 = s.replicas[p];
    if (active_in(r1, 1) || count(r1.view_changes & ~(1u << p)) + 1 < quorum_)
      return 0;
    const unsigned o = merge_certificates(s, r1.view_changes | 1u << p, 0);
    change_view(r1, true);
    s.sent_view_change |= bit(p);
    s.new_view_o = static_cast<std::uint8_t>(o);
    s.new_view_out = static_cast<std::uint8_t>(correct(s) & ~(1u << p));
    std::uint32_t flags = SentNewView | o << 16;
    for (unsigned seq = 0; seq < requests_; ++seq) {
      r1.preprepared[seq] = static_cast<std::uint8_t>(seq_entry(o, seq));
      if (r1.preprepared[seq] != None)
        flags |= prepared_alone(s, p, seq);
    }
    return flags | assign_requests(s, p);
  }

  // O from the certificates in the view-changes of `senders` (correct ones: their frozen view-0
  // certificates; faulty ones: what they sent R1) plus `extra` (packed, 3 bits per seq).
  unsigned merge_certificates(const State &s, unsigned senders, unsigned extra) const {
    std::array<unsigned, MaxSeq> best{};
    unsigned highest = 0;
    const auto offer = [&](unsigned seq, unsigned x) {
      if (x == None)
        return;
      if (best[seq] == None || x < best[seq])
        best[seq] = x;
      highest = std::max(highest, seq + 1);
    };
    for (unsigned seq = 0; seq < requests_; ++seq) {
      offer(seq, seq_entry(extra, seq));
      for (unsigned r = 0; r < n_; ++r)
        if ((senders >> r) & 1u)
          offer(seq, is_faulty(s, r) ? seq_entry(s.faulty_view_change[r], seq)
                                     : s.replicas[r].certificate[seq]);
    }
    unsigned o = 0;
    for (unsigned seq = 0; seq < highest; ++seq)
      o |= (best[seq] == None ? unsigned{Null} : best[seq]) << (3 * seq);
    return o;
  }

  std::uint32_t enter_new_view(State &s, unsigned r, unsigned o) const {
    change_view(s.replicas[r], true);
    std::uint32_t flags = EnteredView | o << 16;
    for (unsigned seq = 0; seq < requests_; ++seq)
      if (seq_entry(o, seq) != None)
        flags |= accept_preprepare(s, r, seq, seq_entry(o, seq));
    return flags;
  }

  // ---- what recipients would not ignore ----

  // A message for a view the recipient has not reached yet waits in the bag.
  static bool future(const Replica &r, unsigned view) {
    return r.view < view || (r.view == view && r.waiting);
  }
  static bool vote_useful(const Replica &r, unsigned view, unsigned seq, unsigned x,
                          std::uint8_t done) {
    return future(r, view) || (active_in(r, view) && !(r.progress[seq] & done) &&
                               (r.preprepared[seq] == None || r.preprepared[seq] == x));
  }
  // View-changes matter to R1 until it starts view 1 and to others while they may join.
  bool view_change_useful(const State &s, unsigned to) const {
    const Replica &r = s.replicas[to];
    return to == primary(1) ? !active_in(r, 1) : active_in(r, 0);
  }

  // Removes every in-flight message its recipient would ignore, and forgets what no longer
  // matters, so that equal situations are equal bytes.
  void discard_ignored(State &s) const {
    for (unsigned x = 0; x < requests_; ++x) {
      for (unsigned to = 0; to < n_; ++to)
        if (((s.replicas[to].known >> x) & 1u) || executed_request(s.replicas[to], x + 1))
          s.request_out[x] &= static_cast<std::uint8_t>(~(1u << to));
      if (s.accepted[x] != 0)
        for (unsigned r = 0; r < n_; ++r)
          s.reply_out[r][x] = 0;
    }
    for (unsigned view = 0; view < Views; ++view)
      for (unsigned seq = 0; seq < requests_; ++seq) {
        filter(s.preprepare_out[view][seq], [&](unsigned to) {
          const Replica &r = s.replicas[to];
          return future(r, view) || (active_in(r, view) && r.preprepared[seq] == None);
        });
        for (unsigned from = 0; from < n_; ++from) {
          std::uint8_t &prepare = s.prepare_out[view][from][seq];
          filter(prepare, [&](unsigned to) {
            return vote_useful(s.replicas[to], view, seq, content(prepare), Prepared);
          });
          std::uint8_t &commit = s.commit_out[view][from][seq];
          filter(commit, [&](unsigned to) {
            return vote_useful(s.replicas[to], view, seq, content(commit), CommittedLocal);
          });
        }
      }
    for (unsigned from = 0; from < n_; ++from)
      filter_mask(s.view_change_out[from], [&](unsigned to) { return view_change_useful(s, to); });
    filter_mask(s.new_view_out, [&](unsigned to) { return !active_in(s.replicas[to], 1); });
    if (active_in(s.replicas[primary(1)], 1)) { // R1 no longer needs the view-changes it held
      s.replicas[primary(1)].view_changes = 0;
      s.faulty_view_change = {};
    }
  }
  template <class Keep> static void filter(std::uint8_t &message, Keep &&keep) {
    unsigned recipients = in_flight(message);
    filter_bits(recipients, keep);
    message = pack(content(message), recipients);
  }
  template <class Keep> static void filter_mask(std::uint8_t &mask, Keep &&keep) {
    unsigned recipients = mask;
    filter_bits(recipients, keep);
    mask = static_cast<std::uint8_t>(recipients);
  }
  template <class Keep> static void filter_bits(unsigned &recipients, Keep &&keep) {
    for (unsigned rest = recipients; rest != 0; rest &= rest - 1) {
      const auto to = static_cast<unsigned>(std::countr_zero(rest));
      if (!keep(to))
        recipients &= ~(1u << to);
    }
  }

  template <class Emit> void finish(State &next, const Event &event, Emit &&emit) const {
    discard_ignored(next);
    emit(event, next);
  }

  // ---- steps: single messages ----

  template <class Emit> void emit_message_deliveries(const State &s, Emit &&emit) const {
    for (unsigned x = 0; x < requests_; ++x)
      for (unsigned to = 0; to < n_; ++to)
        if ((s.request_out[x] >> to) & 1u) {
          State next = s;
          next.request_out[x] &= static_cast<std::uint8_t>(~(1u << to));
          next.replicas[to].known |= bit(x);
          const std::uint32_t flags = assign_requests(next, to);
          finish(next,
                 with_message_id(deliver(id(to), client(), RequestMsg, (x + 1) | flags),
                                 message_key(x + 1, 0, 0)),
                 emit);
        }
    for (unsigned view = 0; view < Views; ++view)
      for (unsigned seq = 0; seq < requests_; ++seq) {
        const std::uint8_t message = s.preprepare_out[view][seq];
        for (unsigned rest = in_flight(message); rest != 0; rest &= rest - 1) {
          const auto to = static_cast<unsigned>(std::countr_zero(rest));
          if (!active_in(s.replicas[to], view))
            continue; // waits for the new-view
          State next = s;
          next.preprepare_out[view][seq] &= static_cast<std::uint8_t>(~(1u << (to + 4)));
          const std::uint32_t flags = accept_preprepare(next, to, seq, content(message));
          finish(next,
                 with_message_id(deliver(id(to), id(primary(view)), PrePrepare,
                                         describe_value(content(message), seq, view) | flags),
                                 describe_value(content(message), seq, view)),
                 emit);
        }
      }
    const unsigned p = primary(1);
    for (unsigned from = 0; from < n_; ++from)
      if ((s.view_change_out[from] >> p) & 1u) {
        State next = s;
        next.view_change_out[from] &= static_cast<std::uint8_t>(~(1u << p));
        const std::uint32_t flags = r1_receives_view_change(next, from);
        finish(
            next,
            with_message_id(deliver(id(p), id(from), ViewChange,
                                    1u << 5 | flags | packed_certificates(s.replicas[from]) << 24),
                            ViewOneKey),
            emit);
      }
    for (unsigned rest = s.new_view_out; rest != 0; rest &= rest - 1) {
      const auto to = static_cast<unsigned>(std::countr_zero(rest));
      State next = s;
      next.new_view_out &= static_cast<std::uint8_t>(~(1u << to));
      const std::uint32_t flags = enter_new_view(next, to, s.new_view_o);
      finish(next, with_message_id(deliver(id(to), id(p), NewView, 1u << 5 | flags), ViewOneKey),
             emit);
    }
  }

  // ---- steps: quorums of votes ----

  // Picks the votes of one quorum step: every correct vote in flight, then the fewest faulty
  // ones (lowest ids) that complete `needed`. Returns false when no quorum is possible yet.
  static bool pick_quorum(unsigned correct_votes, unsigned faulty_votes, unsigned own,
                          unsigned needed, unsigned &faulty_used) {
    if (own + count(correct_votes) + count(faulty_votes) < needed ||
        (correct_votes | faulty_votes) == 0)
      return false;
    faulty_used = 0;
    for (unsigned rest = faulty_votes; own + count(correct_votes | faulty_used) < needed;
         rest &= rest - 1)
      faulty_used |= 1u << std::countr_zero(rest);
    return true;
  }
  static std::uint32_t group(unsigned correct_votes, unsigned faulty_used) {
    return correct_votes << 24 | faulty_used << 28;
  }
  static std::uint8_t first_sender(unsigned correct_votes, unsigned faulty_used) {
    const unsigned all = correct_votes | faulty_used;
    return id(static_cast<unsigned>(std::countr_zero(all)));
  }

  // Votes of correct replicas in flight to `to` for (view, seq, x).
  template <class Out>
  unsigned votes_in_flight(const Out &out, unsigned view, unsigned seq, unsigned x,
                           unsigned to) const {
    unsigned senders = 0;
    for (unsigned from = 0; from < n_; ++from) {
      const std::uint8_t message = out[view][from][seq];
      if (content(message) == x && ((in_flight(message) >> to) & 1u))
        senders |= 1u << from;
    }
    return senders;
  }

  template <class Emit> void emit_quorums(const State &s, Emit &&emit) const {
    for (unsigned r = 0; r < n_; ++r) {
      const Replica &replica = s.replicas[r];
      if (is_faulty(s, r) || replica.waiting)
        continue;
      const unsigned view = replica.view;
      for (unsigned seq = 0; seq < requests_; ++seq) {
        const unsigned x = replica.preprepared[seq];
        if (x == None)
          continue;
        unsigned faulty_used = 0;
        if (!(replica.progress[seq] & Prepared)) {
          const unsigned correct_votes = votes_in_flight(s.prepare_out, view, seq, x, r);
          const unsigned faulty_votes = helpers(s, 1u << primary(view)); // primaries do not prepare
          if (pick_quorum(correct_votes, faulty_votes, own_prepares(replica, r), quorum_ - 1,
                          faulty_used)) {
            State next = s;
            const std::uint32_t flags = become_prepared(next, r, seq);
            finish(
                next,
                with_message_id(deliver(id(r), first_sender(correct_votes, faulty_used), PrepareMsg,
                                        describe_value(x, seq, view) | flags |
                                            group(correct_votes, faulty_used)),
                                describe_value(x, seq, view)),
                emit);
          }
        } else if (!(replica.progress[seq] & CommittedLocal)) {
          const unsigned correct_votes = votes_in_flight(s.commit_out, view, seq, x, r);
          if (pick_quorum(correct_votes, helpers(s), 1, quorum_, faulty_used)) {
            State next = s;
            const std::uint32_t flags = become_committed(next, r, seq);
            finish(
                next,
                with_message_id(deliver(id(r), first_sender(correct_votes, faulty_used), CommitMsg,
                                        describe_value(x, seq, view) | flags |
                                            group(correct_votes, faulty_used)),
                                describe_value(x, seq, view)),
                emit);
          }
        }
      }
    }
    // The client accepts a result once reply-quorum matching replies can reach it.
    for (unsigned x = 0; x < requests_; ++x) {
      if (s.accepted[x] != 0)
        continue;
      for (unsigned seq = 0; seq < requests_; ++seq) {
        unsigned correct_votes = 0;
        for (unsigned r = 0; r < n_; ++r)
          if (s.reply_out[r][x] == seq + 1)
            correct_votes |= 1u << r;
        unsigned faulty_used = 0;
        if (!pick_quorum(correct_votes, helpers(s), 0, reply_quorum_, faulty_used))
          continue;
        State next = s;
        next.accepted[x] = static_cast<std::uint8_t>(seq + 1);
        finish(next,
               with_message_id(deliver(client(), first_sender(correct_votes, faulty_used), ReplyMsg,
                                       describe_value(x + 1, seq, 0) | ClientAccepted |
                                           group(correct_votes, faulty_used)),
                               describe_value(x + 1, seq, 0)),
               emit);
      }
    }
    // A replica other than R1 joins the view change once f+1 view-changes can reach it.
    if (view_changes_ == 0)
      return;
    for (unsigned r = 0; r < n_; ++r) {
      if (is_faulty(s, r) || r == primary(1) || !active_in(s.replicas[r], 0))
        continue;
      unsigned correct_votes = 0;
      for (unsigned from = 0; from < n_; ++from)
        if ((s.view_change_out[from] >> r) & 1u)
          correct_votes |= 1u << from;
      unsigned faulty_used = 0;
      if (!pick_quorum(correct_votes, helpers(s), 0, f_ + 1, faulty_used))
        continue;
      State next = s;
      const std::uint32_t flags = Joined | send_view_change(next, r);
      finish(next,
             with_message_id(deliver(id(r), first_sender(correct_votes, faulty_used), ViewChange,
                                     1u << 5 | flags | group(correct_votes, faulty_used)),
                             ViewOneKey),
             emit);
    }
  }

  // ---- steps: the faulty replicas ----

  std::uint8_t client() const { return id(n_); }

  // Requests a primary can put in a pre-prepare: the client's and the faulty client's z.
  bool proposable(unsigned x) const { return x <= requests_ || x == Z; }

  template <class Emit> void emit_faulty_messages(const State &s, Emit &&emit) const {
    if (s.silent)
      return;
    for (unsigned from = 0; from < n_; ++from) {
      if (!is_faulty(s, from))
        continue;
      // A faulty primary's pre-prepares: any request, to any backup, for any free number.
      for (unsigned to = 0; to < n_; ++to) {
        const Replica &r = s.replicas[to];
        if (is_faulty(s, to) || r.waiting || from != primary(r.view))
          continue;
        for (unsigned seq = 0; seq < requests_; ++seq)
          for (unsigned x = A; x <= Z; ++x) {
            if (r.preprepared[seq] != None || !proposable(x))
              continue;
            State next = s;
            const std::uint32_t flags = accept_preprepare(next, to, seq, x);
            finish(next,
                   Event{EventKind::Transmit, id(from), id(to), PrePrepare,
                         describe_value(x, seq, r.view) | flags},
                   emit);
          }
      }
      if (view_changes_ > 0) {
        emit_faulty_view_change(s, from, emit);
        emit_faulty_new_views(s, from, emit);
      }
    }
  }

  // A view-0 prepared certificate for (seq, x) exists: the view-0 primary's pre-prepare and
  // quorum-1 prepares from distinct backups, each faulty or actually sent by a correct one.
  bool certificate_exists(const State &s, unsigned seq, unsigned x) const {
    const unsigned p = primary(0);
    if (!is_faulty(s, p) && content(s.preprepare_out[0][seq]) != x)
      return false;
    unsigned signers = 0;
    for (unsigned b = 0; b < n_; ++b)
      if (b != p && (is_faulty(s, b) || content(s.prepare_out[0][b][seq]) == x))
        ++signers;
    return signers + 1 >= quorum_;
  }
  // Calls f with every choice of certificates (none or one existing one per seq), packed.
  template <class F> void for_each_certificate_choice(const State &s, F &&f) const {
    std::array<std::array<unsigned, 4>, MaxSeq> options{};
    std::array<unsigned, MaxSeq> choices{};
    for (unsigned seq = 0; seq < requests_; ++seq) {
      options[seq][choices[seq]++] = None;
      for (unsigned x = A; x <= Z; ++x)
        if (proposable(x) && certificate_exists(s, seq, x))
          options[seq][choices[seq]++] = x;
    }
    std::array<unsigned, MaxSeq> pick{};
    while (true) {
      unsigned packed = 0;
      for (unsigned seq = 0; seq < requests_; ++seq)
        packed |= options[seq][pick[seq]] << (3 * seq);
      f(packed);
      unsigned seq = 0;
      while (seq < requests_ && ++pick[seq] == choices[seq])
        pick[seq++] = 0;
      if (seq == requests_)
        return;
    }
  }

  // A faulty replica's view-change to a correct R1, sent when it helps R1 reach the count it
  // needs next (to join, or to start view 1); its P is any choice of existing certificates.
  template <class Emit>
  void emit_faulty_view_change(const State &s, unsigned from, Emit &&emit) const {
    const unsigned p = primary(1);
    const Replica &r1 = s.replicas[p];
    if (is_faulty(s, p) || active_in(r1, 1) || ((r1.view_changes >> from) & 1u) ||
        count((r1.view_changes | s.faulty) & ~(1u << p)) < r1_needs(s))
      return;
    for_each_certificate_choice(s, [&](unsigned certificates) {
      State next = s;
      next.faulty_view_change[from] = static_cast<std::uint8_t>(certificates);
      const std::uint32_t flags = r1_receives_view_change(next, from);
      finish(next,
             Event{EventKind::Transmit, id(from), id(p), ViewChange,
                   1u << 5 | flags | certificates << 24},
             emit);
    });
  }

  // A faulty R1 may send each backup any new-view built from quorum valid view-changes: some of
  // those the correct replicas sent, plus faulty ones with any existing certificates.
  template <class Emit>
  void emit_faulty_new_views(const State &s, unsigned from, Emit &&emit) const {
    if (from != primary(1))
      return;
    std::uint64_t outcomes = 0; // the set of possible O (6 bits each)
    const unsigned sent = s.sent_view_change & correct(s);
    for (unsigned chosen = sent;; chosen = (chosen - 1) & sent) {
      if (count(chosen) + count(s.faulty) >= quorum_)
        for_each_certificate_choice(s, [&](unsigned certificates) {
          outcomes |= std::uint64_t{1} << merge_certificates(s, chosen, certificates);
        });
      if (chosen == 0)
        break;
    }
    for (unsigned to = 0; to < n_; ++to) {
      if (is_faulty(s, to) || active_in(s.replicas[to], 1))
        continue;
      for (std::uint64_t rest = outcomes; rest != 0; rest &= rest - 1) {
        const auto o = static_cast<unsigned>(std::countr_zero(rest));
        State next = s;
        const std::uint32_t flags = enter_new_view(next, to, o);
        finish(next, Event{EventKind::Transmit, id(from), id(to), NewView, 1u << 5 | flags}, emit);
      }
    }
  }

  // ---- steps: timers and losses ----

  // A backup that knows a request it has not executed may suspect the primary at any time.
  template <class Emit> void emit_timeouts(const State &s, Emit &&emit) const {
    if (view_changes_ == 0)
      return;
    for (unsigned r = 0; r < n_; ++r) {
      const Replica &replica = s.replicas[r];
      if (is_faulty(s, r) || r == primary(0) || replica.view != 0 || !waits_for_request(replica))
        continue;
      State next = s;
      if (!is_faulty(s, primary(0)))
        next.premature = 1;
      const std::uint32_t flags = send_view_change(next, r);
      finish(next, local(id(r), Timeout, flags | packed_certificates(replica) << 24), emit);
    }
  }
  bool waits_for_request(const Replica &r) const {
    for (unsigned x = A; x <= requests_; ++x)
      if (((r.known >> (x - 1)) & 1u) && !executed_request(r, x))
        return true;
    return false;
  }
  bool executed_request(const Replica &r, unsigned x) const {
    for (unsigned seq = 0; seq < r.executed_count; ++seq)
      if (r.executed[seq] == x)
        return true;
    return false;
  }
  unsigned packed_certificates(const Replica &r) const {
    unsigned packed = 0;
    for (unsigned seq = 0; seq < requests_; ++seq)
      packed |= static_cast<unsigned>(r.certificate[seq]) << (3 * seq);
    return packed;
  }

  template <class Emit> void emit_drops(const State &s, Emit &&emit) const {
    // `key`: the dropped message as the bag stores it (message_key), its value and its identity.
    const auto drop = [&](auto &&change, unsigned from, unsigned to, Kind kind, std::uint32_t key) {
      State next = s;
      change(next);
      next.lost = 1;
      finish(next, with_message_id(Event{EventKind::Drop, id(from), id(to), kind, key}, key), emit);
    };
    for (unsigned x = 0; x < requests_; ++x)
      for (unsigned rest = s.request_out[x]; rest != 0; rest &= rest - 1) {
        const auto to = static_cast<unsigned>(std::countr_zero(rest));
        drop([&](State &n) { n.request_out[x] &= static_cast<std::uint8_t>(~(1u << to)); }, n_, to,
             RequestMsg, message_key(x + 1, 0, 0));
      }
    const auto drop_each = [&](auto &&slot, unsigned from, Kind kind, unsigned seq, unsigned view) {
      const std::uint8_t message = slot(s);
      for (unsigned rest = in_flight(message); rest != 0; rest &= rest - 1) {
        const auto to = static_cast<unsigned>(std::countr_zero(rest));
        drop([&](State &n) { slot(n) &= static_cast<std::uint8_t>(~(1u << (to + 4))); }, from, to,
             kind, describe_value(content(message), seq, view));
      }
    };
    for (unsigned view = 0; view < Views; ++view)
      for (unsigned seq = 0; seq < requests_; ++seq) {
        drop_each(
            [&](auto &st) -> auto & { return st.preprepare_out[view][seq]; }, primary(view),
            PrePrepare, seq, view);
        for (unsigned from = 0; from < n_; ++from) {
          drop_each(
              [&](auto &st) -> auto & { return st.prepare_out[view][from][seq]; }, from, PrepareMsg,
              seq, view);
          drop_each(
              [&](auto &st) -> auto & { return st.commit_out[view][from][seq]; }, from, CommitMsg,
              seq, view);
        }
      }
    for (unsigned from = 0; from < n_; ++from)
      for (unsigned x = 0; x < requests_; ++x)
        if (s.reply_out[from][x] != 0)
          drop([&](State &n) { n.reply_out[from][x] = 0; }, from, n_, ReplyMsg,
               describe_value(x + 1, s.reply_out[from][x] - 1u, 0));
    for (unsigned from = 0; from < n_; ++from)
      for (unsigned rest = s.view_change_out[from]; rest != 0; rest &= rest - 1) {
        const auto to = static_cast<unsigned>(std::countr_zero(rest));
        drop([&](State &n) { n.view_change_out[from] &= static_cast<std::uint8_t>(~(1u << to)); },
             from, to, ViewChange, ViewOneKey);
      }
    for (unsigned rest = s.new_view_out; rest != 0; rest &= rest - 1) {
      const auto to = static_cast<unsigned>(std::countr_zero(rest));
      drop([&](State &n) { n.new_view_out &= static_cast<std::uint8_t>(~(1u << to)); }, primary(1),
           to, NewView, ViewOneKey);
    }
  }

  // ---- text ----
  static std::string request_name(unsigned x) {
    static const char *const names[] = {"-", "a", "b", "z", "null"};
    return x <= Null ? names[x] : "?";
  }
  std::string replica_set(unsigned set) const;
  std::string certificates_text(unsigned packed) const;
  std::string message_text(const Event &event) const;
  std::string conflict_text(const State &s) const;
  std::string stall_text(const State &s) const;

  unsigned n_;
  unsigned f_;
  unsigned quorum_;
  unsigned reply_quorum_;
  unsigned requests_;
  unsigned view_changes_;
  bool lossy_;
  bool fixed_faulty_ = false; // --faulty
  unsigned fixed_mask_ = 0;
};

// ---- text (out of line, to keep the protocol above readable) ----

inline std::string Pbft::replica_set(unsigned set) const {
  std::string text;
  for (unsigned r = 0; r < n_; ++r)
    if ((set >> r) & 1u)
      text += (text.empty() ? "R" : ", R") + std::to_string(r);
  return text;
}

// "{#1: a, #2: null}": a request per sequence number, 3 bits each (a view-change's P, a new-view's
// O).
inline std::string Pbft::certificates_text(unsigned packed) const {
  std::string text = "{";
  for (unsigned s = 0; s < requests_; ++s)
    if (seq_entry(packed, s) != None)
      text += (text.size() > 1 ? ", #" : "#") + std::to_string(s + 1) + ": " +
              request_name(seq_entry(packed, s));
  return text + "}";
}

// The message an event is about, from Event::message and the low bits of Event::value.
inline std::string Pbft::message_text(const Event &event) const {
  const unsigned x = event.value & 7u;
  const unsigned seq = (event.value >> 3) & 3u;
  const unsigned view = (event.value >> 5) & 1u;
  const std::string args =
      "(v" + std::to_string(view) + ", #" + std::to_string(seq) + ", " + request_name(x) + ")";
  switch (event.message) {
  case RequestMsg:
    return "request " + request_name(x);
  case PrePrepare:
    return "pre-prepare" + args;
  case PrepareMsg:
    return "prepare" + args;
  case CommitMsg:
    return "commit" + args;
  case ReplyMsg:
    return "reply(" + request_name(x) + ", #" + std::to_string(seq) + ")";
  case ViewChange:
    return "view-change(v1)";
  case NewView:
    return "new-view(v1)";
  default:
    return "?";
  }
}

inline std::string Pbft::conflict_text(const State &s) const {
  const unsigned seq = conflicting_seq(s);
  std::string text;
  for (unsigned r = 0; r < n_; ++r) {
    if (is_faulty(s, r))
      continue;
    for (unsigned x = A; x <= Null; ++x)
      if ((s.replicas[r].committed[seq - 1] >> (x - 1)) & 1u)
        text += (text.empty() ? "R" : ", R") + std::to_string(r) + " committed " + request_name(x);
  }
  return "correct replicas disagree at #" + std::to_string(seq) + ": " + text;
}

inline std::string Pbft::stall_text(const State &s) const {
  std::string text = "no message was lost, no timer expired early and primary R" +
                     std::to_string(primary(current_view(s))) + " of view " +
                     std::to_string(current_view(s)) +
                     " is correct, yet no correct replica executed every sequence number:";
  for (unsigned r = 0; r < n_; ++r) {
    if (is_faulty(s, r))
      continue;
    const Replica &replica = s.replicas[r];
    const unsigned seq = replica.executed_count;
    text += " R" + std::to_string(r);
    if (replica.waiting) {
      text += " waits for the new-view;";
    } else if (replica.preprepared[seq] == None) {
      text += " has no pre-prepare for #" + std::to_string(seq + 1) + ";";
    } else {
      const bool prepared = replica.progress[seq] & Prepared;
      text += " lacks a quorum of " +
              (prepared ? std::to_string(quorum_) + " commits"
                        : std::to_string(quorum_ - 1) + " prepares") +
              " for #" + std::to_string(seq + 1) + " " + request_name(replica.preprepared[seq]) +
              ";";
    }
  }
  text.pop_back();
  return text;
}

inline StateView Pbft::describe(const State &state) const {
  StateView view;
  view.push_back({"faulty", "{" + replica_set(state.faulty) + "}"});
  for (unsigned r = 0; r < n_; ++r) {
    if (is_faulty(state, r))
      continue;
    const Replica &replica = state.replicas[r];
    const std::string name = "R" + std::to_string(r);
    view.push_back(
        {name + ".view", std::to_string(replica.view) + (replica.waiting ? " (waiting)" : "")});
    for (unsigned seq = 0; seq < requests_; ++seq) {
      std::string log = "-";
      if (replica.preprepared[seq] != None) {
        log = request_name(replica.preprepared[seq]);
        if (replica.progress[seq] & CommittedLocal)
          log += " committed";
        else if (replica.progress[seq] & Prepared)
          log += " prepared";
        else
          log += " pre-prepared";
      }
      view.push_back({name + ".#" + std::to_string(seq + 1), log});
    }
    std::string executed;
    for (unsigned seq = 0; seq < replica.executed_count; ++seq)
      executed += (seq ? " " : "") + request_name(replica.executed[seq]);
    view.push_back({name + ".executed", executed.empty() ? "-" : executed});
  }
  std::string accepted;
  for (unsigned x = 0; x < requests_; ++x)
    if (state.accepted[x] != 0)
      accepted += (accepted.empty() ? "" : ", ") + request_name(x + 1) + " at #" +
                  std::to_string(state.accepted[x]);
  view.push_back({"client.accepted", accepted.empty() ? "-" : accepted});
  view.push_back({"faulty.silent", state.silent ? "yes" : "no"});
  view.push_back({"lost", state.lost ? "yes" : "no"});
  if (view_changes_ > 0)
    view.push_back({"early-timeout", state.premature ? "yes" : "no"});
  return view;
}

inline std::string Pbft::describe(const Event &event) const {
  const auto name = [&](unsigned p) {
    return p == n_ ? std::string("client") : "R" + std::to_string(p);
  };
  const unsigned seq = (event.value >> 3) & 3u;
  const auto effects = [&]() {
    std::string text;
    if (event.value & Joined)
      text += "; holds f+1 view-changes: joins, multicasts its view-change";
    if (event.value & SentNewView)
      text += "; has view-changes from a quorum: sends new-view(v1, O = " +
              certificates_text((event.value >> 16) & 0xffu) + ")";
    if (event.value & Assigned)
      text += "; assigns #" + std::to_string(seq) + " and sends pre-prepares";
    if (event.value & EnteredView)
      text += "; enters view 1 with O = " + certificates_text((event.value >> 16) & 0xffu);
    if (event.value & SentPrepare)
      text += "; sends prepare";
    if (event.value & BecamePrepared)
      text += "; prepared, sends commit";
    if (event.value & BecameCommitted)
      text += "; committed";
    if (event.value & Executed)
      text += "; executes and replies";
    if (event.value & ClientAccepted)
      text += "; the client accepts the result";
    return text;
  };
  // The senders of a quorum step: correct ones, then the faulty votes it needed.
  const auto senders_text = [&]() {
    const unsigned correct_votes = (event.value >> 24) & 0xfu;
    const unsigned faulty_votes = event.value >> 28;
    std::string text = replica_set(correct_votes);
    if (faulty_votes != 0)
      text += (text.empty() ? "" : " and ") + replica_set(faulty_votes) + " (faulty)";
    return text;
  };
  switch (event.kind) {
  case EventKind::Adversary:
    if (event.message == Silence)
      return "the faulty replicas fall silent for good";
    return "faulty replicas {" + replica_set(event.value) + "}; the client sends its requests";
  case EventKind::Deliver:
    if (event.message == PrepareMsg || event.message == CommitMsg || event.message == ReplyMsg)
      return name(event.actor) + " receives " + message_text(event) + " from " + senders_text() +
             effects();
    if (event.message == ViewChange && event.actor != primary(1))
      return name(event.actor) + " receives view-change(v1) from " + senders_text() + effects();
    if (event.message == ViewChange)
      return name(event.actor) +
             " receives view-change(v1, P = " + certificates_text(event.value >> 24) + ") from " +
             name(event.peer) + effects();
    return name(event.actor) + " receives " + message_text(event) + " from " + name(event.peer) +
           effects();
  case EventKind::Transmit:
    if (event.message == ViewChange)
      return name(event.actor) + " (faulty) -> " + name(event.peer) +
             ": view-change(v1, P = " + certificates_text(event.value >> 24) + ")" + effects();
    return name(event.actor) + " (faulty) -> " + name(event.peer) + ": " + message_text(event) +
           effects();
  case EventKind::Drop:
    return "the network drops " + message_text(event) + " " + name(event.actor) + " -> " +
           name(event.peer);
  case EventKind::Local:
    return name(event.actor) +
           " times out: multicasts view-change(v1, P = " + certificates_text(event.value >> 24) +
           ")" + effects();
  default:
    return "?";
  }
}

inline std::string Pbft::message_label(const Event &event) const {
  const bool message = event.kind == EventKind::Send || event.kind == EventKind::Deliver ||
                       event.kind == EventKind::Transmit || event.kind == EventKind::Drop;
  if (!message)
    return describe(event);
  // A single view-change (to R1, or a faulty one) carries its P, an entered new-view its O; a
  // quorum of view-changes and a dropped message carry neither.
  if (event.message == ViewChange &&
      (event.kind == EventKind::Transmit ||
       (event.kind == EventKind::Deliver && event.actor == primary(1))))
    return "view-change(v1, P = " + certificates_text(event.value >> 24) + ")";
  if (event.message == NewView && (event.value & EnteredView))
    return "new-view(v1, O = " + certificates_text((event.value >> 16) & 0xffu) + ")";
  return message_text(event);
}

} // namespace protocheck::byzantine
