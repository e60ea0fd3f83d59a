// Breadth-first exploration shared among the ranks of a Cluster (cluster.hpp), each rank
// exploring its share with TBB threads. It reports what the one-process Explorer reports: the
// same verdicts, the same state and transition counts and depth, and the same shortest
// counterexamples, for any number of ranks and threads.
//
// Ownership: a state belongs to the rank its hash names. Each rank stores its own states, with
// their discovery keys (parent rank + 1, successor ordinal) and their global BFS ranks.
//
// A level: each rank expands its share of the frontier in rounds; a round's successors go to
// their owners in one exchange, and each owner keeps, per new state, the smallest discovery key
// seen. Rounds bound the memory of the exchange; every rank takes part in every round (one
// reduction per round says whether anyone has states left, or wants to stop).
//
// Numbering: the one-process explorer ranks a level's new states by discovery key. Keys of one
// level differ in their parent's rank, which lies in the previous level, so the ranks split the
// previous level into K equal rank ranges: each owner sends the key of each new state to the
// rank in charge of its parent's range, which sorts the keys it received, adds the number of keys
// the ranges below it hold (a prefix sum over the ranks), and sends each key's position back.
// A state's global rank is then the level's start plus its position: exactly the one-process
// rank. Findings (the smallest violating rank, a bound's maximum) are reduced over the ranks.
//
// Traces: the chain of discovery keys from a state back to an initial state is looked up rank by
// rank (one reduction per step), and the path is rebuilt by replaying the successor ordinals.
#pragma once

#include <protocheck/engine/chunked_storage.hpp>
#include <protocheck/engine/cluster.hpp>
#include <protocheck/engine/explorer.hpp>
#include <protocheck/engine/process_memory.hpp>
#include <protocheck/engine/property_findings.hpp>
#include <protocheck/engine/run_limits.hpp>
#include <protocheck/engine/state_table.hpp>
#include <protocheck/engine/visited_table.hpp>
#include <protocheck/model.hpp>
#include <protocheck/options.hpp>
#include <protocheck/report.hpp>

#include <tbb/blocked_range.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_reduce.h>
#include <tbb/parallel_sort.h>
#include <tbb/task_arena.h>
#include <xxhash.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace protocheck {

template <Model M> class DistributedExplorer {
public:
  using State = typename M::State;
  using Step = typename Explorer<M>::Step;

  DistributedExplorer(const M &model, std::span<const Property<State>> properties,
                      const CheckOptions &options, Cluster &cluster)
      : model_(model), properties_(properties), options_(options), cluster_(cluster),
        ranks_(cluster.size()), me_(cluster.rank()), table_(1 << 12),
        findings_(properties.size()) {
    if (options_.record_graph)
      throw std::invalid_argument("a distributed run records no state graph");
    if (options_.threads == 0 || options_.threads > MaxThreads)
      throw std::invalid_argument("threads must be from 1 to 127");
    for (unsigned t = 0; t < options_.threads; ++t)
      workers_.push_back(std::make_unique<Worker>(ranks_, properties.size()));
  }

  // Explores until the state space is exhausted, a violation is found (unless options.all), or a
  // limit stops the run (on any rank: every rank stops). Collective.
  StopReason run() {
    start_ = std::chrono::steady_clock::now();
    const tbb::global_control parallelism(tbb::global_control::max_allowed_parallelism,
                                          options_.threads);
    tbb::task_arena arena(static_cast<int>(options_.threads));
    return arena.execute([&] { return run_in_arena(arena); });
  }

  const std::vector<PropertyFinding> &findings() const { return findings_; }

  // The run's figures over all ranks (computed when the run ended).
  ExploreStats stats() const { return stats_; }

  // Per rank and per level. Collective.
  DistributedFigures figures() {
    constexpr std::size_t Fields = 6;
    std::vector<std::uint64_t> table(std::size_t{ranks_} * Fields, 0);
    std::uint64_t *mine = table.data() + std::size_t{me_} * Fields;
    mine[0] = states_.size();
    mine[1] = local_store_bytes();
    mine[2] = peak_resident_memory_bytes();
    mine[3] = cluster_.bytes_sent();
    mine[4] = micros(compute_seconds_);
    mine[5] = micros(exchange_seconds_);
    cluster_.sum(std::span<std::uint64_t>(table));
    DistributedFigures figures;
    for (unsigned r = 0; r < ranks_; ++r) {
      const std::uint64_t *row = table.data() + std::size_t{r} * Fields;
      figures.ranks.push_back({row[0], row[1], row[2], row[3], seconds(row[4]), seconds(row[5])});
    }
    figures.levels = levels_;
    return figures;
  }

  // A concrete execution from an initial state to the state of global rank `rank` (as
  // Explorer::path_to). Collective: every rank must ask for the same rank.
  std::vector<Step> path_to(std::uint64_t rank) {
    std::vector<std::uint64_t> keys; // discovery keys, from the state back to an initial state
    for (std::uint64_t r = rank;;) {
      const std::uint64_t key = key_of(r);
      keys.push_back(key);
      const std::uint64_t parent = key >> OrdinalBits;
      if (parent == 0)
        break;
      r = parent - 1;
    }
    std::reverse(keys.begin(), keys.end());
    // The stored (canonical) states along the chain, by replaying the successor ordinals.
    std::vector<State> stored;
    std::uint64_t ordinal = 0;
    model_.initial([&](const Event &, const State &state) {
      if (ordinal++ == (keys.front() & OrdinalMask))
        stored.push_back(canonical(state));
    });
    for (std::size_t k = 1; k < keys.size() && stored.size() == k; ++k) {
      ordinal = 0;
      const State from = stored.back();
      model_.successors(from, [&](const Event &, const State &next) {
        if (ordinal++ == (keys[k] & OrdinalMask))
          stored.push_back(canonical(next));
      });
    }
    if (stored.size() != keys.size())
      throw std::logic_error("trace reconstruction failed: the model's successors are not "
                             "deterministic");
    // The concrete path: at each step the first successor whose canonical form is the stored
    // state (the one that discovered it), as the one-process explorer does.
    std::vector<Step> path;
    model_.initial([&](const Event &event, const State &state) {
      if (path.empty() && equal(canonical(state), stored.front()))
        path.push_back({event, state});
    });
    for (std::size_t k = 1; k < stored.size() && path.size() == k; ++k) {
      const State from = path.back().state;
      std::optional<Step> chosen;
      model_.successors(from, [&](const Event &event, const State &next) {
        if (!chosen && equal(canonical(next), stored[k]))
          chosen = Step{event, next};
      });
      if (chosen)
        path.push_back(*chosen);
    }
    if (path.size() != stored.size())
      throw std::logic_error("trace reconstruction failed: the model is not deterministic");
    return path;
  }

private:
  static constexpr unsigned MaxThreads = 127;
  static constexpr unsigned OrdinalBits = 24;
  static constexpr std::uint64_t OrdinalMask = (std::uint64_t{1} << OrdinalBits) - 1;
  // A discovery key holds the parent's rank + 1 above the 24 ordinal bits: ranks below 2^40 - 1,
  // past the one-process explorer's 2^32 - 2 (32-bit parent links), as a cluster holds more.
  static constexpr std::uint64_t MaxStates = (std::uint64_t{1} << (64 - OrdinalBits)) - 2;
  // A round's outgoing records stay near this size on each rank (a copy of them is sent, and as
  // much may be received).
  static constexpr std::uint64_t RoundBytes = std::uint64_t{16} << 20;
  static constexpr std::size_t RecordBytes = sizeof(State) + sizeof(std::uint64_t);

  struct Staged {
    State state;
    std::atomic<std::uint64_t> key; // the smallest discovery key seen
  };
  struct alignas(64) Worker {
    Worker(unsigned ranks, std::size_t properties) : outgoing(ranks), at_end(properties, NoRank) {}
    std::vector<std::vector<std::byte>> outgoing; // this round's records, per destination rank
    RecordArena<Staged> staged;                   // new states of the level it stored
    std::vector<std::uint64_t> at_end;            // per property: smallest violating terminal rank
    std::uint64_t transitions = 0;
    std::uint64_t expanded = 0;
    std::uint32_t max_branching = 0;
    std::optional<std::pair<std::uint64_t, std::string>> failure; // rank, what successors() threw
  };

  State canonical(const State &state) const {
    State copy = state;
    if constexpr (Symmetric<M>)
      if (options_.symmetry)
        model_.canonicalize(copy);
    return copy;
  }
  static bool equal(const State &a, const State &b) { return std::memcmp(&a, &b, sizeof(State)) == 0; }
  static std::uint64_t hash(const State &state) { return XXH3_64bits(&state, sizeof(State)); }
  // The owner from other bits than the tables' (they index with the low bits and tag with the
  // high ones): a multiplicative mix, then a range reduction.
  unsigned owner(std::uint64_t hash) const {
    const std::uint64_t mixed = (hash * 0x9E3779B97F4A7C15ull) >> 32;
    return static_cast<unsigned>((mixed * ranks_) >> 32);
  }
  static std::uint64_t staged_ref(unsigned worker, std::size_t index) {
    return StateTable::StagedBit | (std::uint64_t{worker} << 32) | index;
  }
  Staged &staged(std::uint64_t ref) const {
    return workers_[(ref & StateTable::RefMask) >> 32]->staged[ref & 0xffffffffu];
  }
  static std::uint64_t micros(double seconds) { return static_cast<std::uint64_t>(seconds * 1e6); }
  static double seconds(std::uint64_t micros) { return static_cast<double>(micros) / 1e6; }
  double elapsed() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

  // Collective calls are timed as exchange; the rest of a level is compute.
  template <class Call> auto collective(Call &&call) {
    const auto begin = std::chrono::steady_clock::now();
    struct Timer {
      std::chrono::steady_clock::time_point begin;
      double &total;
      ~Timer() {
        total += std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
      }
    } timer{begin, level_exchange_seconds_};
    return call();
  }

  StopReason run_in_arena(tbb::task_arena &arena) {
    level_begin_ = std::chrono::steady_clock::now();
    stage_initial_states();
    finish_level(true); // never dropped: a run reports at least its initial states
    while (!stop_reason_) {
      if (last_level_states_ == 0)
        return finish(StopReason::Complete);
      if (options_.max_states > 0 && total_states_ >= options_.max_states)
        return finish(StopReason::MaxStates);
      if (const auto decided = detail::decided_stop(properties_, findings_, options_.all))
        return finish(*decided);
      if (const auto stop = expand_level(arena)) {
        discard_level();
        return finish(*stop);
      }
      finish_level(false);
    }
    return finish(*stop_reason_);
  }

  // Every rank enumerates the initial states and keeps the ones it owns (the key is the ordinal).
  void stage_initial_states() {
    std::uint64_t ordinal = 0;
    std::vector<std::pair<State, std::uint64_t>> own;
    model_.initial([&](const Event &, const State &state) {
      if (ordinal > OrdinalMask)
        throw std::length_error("the model emits more than 2^24 initial states");
      const State stored = canonical(state);
      if (owner(hash(stored)) == me_)
        own.emplace_back(stored, ordinal);
      ++ordinal;
    });
    make_room(own.size());
    for (const auto &[state, key] : own)
      insert(0, state, key);
  }

  // Expands the local frontier in rounds. Returns the reason to stop when some rank stopped the
  // level (its states are then dropped by the caller).
  std::optional<StopReason> expand_level(tbb::task_arena &arena) {
    const std::uint64_t end = states_.size();
    std::uint64_t next = local_level_start_;
    for (;;) {
      if (const auto stop = round_check(next < end))
        return stop;
      if (!any_left_)
        return std::nullopt;
      const std::uint64_t branching = std::max<std::uint32_t>(1, max_branching_);
      const std::uint64_t batch = std::clamp<std::uint64_t>(RoundBytes / (RecordBytes * branching),
                                                            1, std::max<std::uint64_t>(1, end - next));
      const std::uint64_t batch_end = std::min(end, next + batch);
      if (next < batch_end)
        arena.execute([&] {
          tbb::parallel_for(tbb::blocked_range<std::uint64_t>(next, batch_end, 16),
                            [&](const tbb::blocked_range<std::uint64_t> &range) {
                              expand_range(range.begin(), range.end());
                            });
        });
      next = batch_end;
      for (const auto &worker : workers_)
        max_branching_ = std::max(max_branching_, worker->max_branching);
      send_and_store(arena);
    }
  }

  void expand_range(std::uint64_t begin, std::uint64_t end) {
    const auto w = static_cast<unsigned>(tbb::this_task_arena::current_thread_index());
    Worker &worker = *workers_[w];
    for (std::uint64_t local = begin; local < end; ++local) {
      if (stopping_.load(std::memory_order_relaxed) || worker.failure)
        return;
      const State &state = states_[local];
      const std::uint64_t rank = global_ranks_[local];
      const std::uint64_t parent_key = (rank + 1) << OrdinalBits;
      std::uint64_t ordinal = 0;
      try {
        model_.successors(state, [&](const Event &, const State &next) {
          if (ordinal > OrdinalMask)
            throw std::length_error("it emits more than 2^24 successors of one state");
          const State stored = canonical(next);
          const std::uint64_t key = parent_key | ordinal++;
          auto &out = worker.outgoing[owner(hash(stored))];
          const std::size_t at = out.size();
          out.resize(at + RecordBytes);
          std::memcpy(out.data() + at, &stored, sizeof(State));
          std::memcpy(out.data() + at + sizeof(State), &key, sizeof key);
        });
      } catch (const std::exception &error) {
        worker.failure = {rank, error.what()};
        return;
      }
      worker.transitions += ordinal;
      worker.max_branching = std::max(worker.max_branching, static_cast<std::uint32_t>(ordinal));
      if (ordinal == 0)
        for (std::size_t p = 0; p < properties_.size(); ++p)
          if (properties_[p].kind == PropertyKind::AtEnd && is_finding(properties_[p], state, true))
            worker.at_end[p] = std::min(worker.at_end[p], rank);
      if ((++worker.expanded & 255) == 0 && local_stop_code() != 0)
        stopping_.store(true, std::memory_order_relaxed);
    }
  }

  // The round's records go to their owners; each owner stores the new ones.
  void send_and_store(tbb::task_arena &arena) {
    std::vector<std::uint64_t> counts(ranks_, 0);
    std::size_t total = 0;
    for (const auto &worker : workers_)
      for (unsigned d = 0; d < ranks_; ++d) {
        counts[d] += worker->outgoing[d].size() / RecordBytes;
        total += worker->outgoing[d].size();
      }
    std::vector<std::byte> outgoing;
    outgoing.reserve(total);
    for (unsigned d = 0; d < ranks_; ++d)
      for (auto &worker : workers_) {
        outgoing.insert(outgoing.end(), worker->outgoing[d].begin(), worker->outgoing[d].end());
        worker->outgoing[d].clear();
      }
    std::vector<std::uint64_t> received_counts;
    const std::uint64_t sent_before = cluster_.bytes_sent();
    const std::vector<std::byte> received = collective(
        [&] { return cluster_.exchange(outgoing, counts, RecordBytes, received_counts); });
    level_bytes_sent_ += cluster_.bytes_sent() - sent_before;
    std::vector<std::byte>().swap(outgoing);
    const std::size_t records = received.size() / RecordBytes;
    make_room(records);
    arena.execute([&] {
      tbb::parallel_for(tbb::blocked_range<std::size_t>(0, records, 256),
                        [&](const tbb::blocked_range<std::size_t> &range) {
                          const auto w =
                              static_cast<unsigned>(tbb::this_task_arena::current_thread_index());
                          for (std::size_t r = range.begin(); r < range.end(); ++r) {
                            State state;
                            std::uint64_t key;
                            const std::byte *at = received.data() + r * RecordBytes;
                            std::memcpy(&state, at, sizeof(State));
                            std::memcpy(&key, at + sizeof(State), sizeof key);
                            insert(w, state, key);
                          }
                        });
    });
  }

  // Stores a state this rank owns unless it is known; keeps the smallest key. Thread-safe.
  void insert(unsigned w, const State &state, std::uint64_t key) {
    Worker &worker = *workers_[w];
    const std::uint64_t h = hash(state);
    if (options_.fingerprints) {
      if (fingerprints_.contains(FingerprintSet::fingerprint(h)))
        return;
    } else if (visited_.find(h, [&](std::uint64_t i) { return equal(states_[i], state); }) !=
               RankTable::NotFound) {
      return;
    }
    const auto result = table_.find_or_claim(
        h, [&](std::uint64_t ref) { return equal(staged(ref).state, state); },
        [&](std::size_t) {
          Staged &entry = worker.staged.next();
          entry.state = state;
          entry.key.store(key, std::memory_order_relaxed);
          return staged_ref(w, worker.staged.size());
        });
    if (result.outcome == StateTable::Outcome::Claimed) {
      worker.staged.push();
      return;
    }
    auto &best = staged(result.ref).key;
    std::uint64_t current = best.load(std::memory_order_relaxed);
    while (key < current && !best.compare_exchange_weak(current, key, std::memory_order_relaxed)) {
    }
  }

  std::uint64_t staged_count() const {
    std::uint64_t count = 0;
    for (const auto &worker : workers_)
      count += worker->staged.size();
    return count;
  }

  // Keeps the staging table at most half full once `incoming` more states are stored.
  void make_room(std::uint64_t incoming) {
    const std::uint64_t needed = 2 * (staged_count() + incoming);
    if (needed <= table_.capacity())
      return;
    table_.reset(2 * needed);
    for (unsigned w = 0; w < workers_.size(); ++w)
      for (std::size_t i = 0; i < workers_[w]->staged.size(); ++i)
        table_.insert_absent(hash(workers_[w]->staged[i].state), staged_ref(w, i));
  }

  // This rank's reason to stop now, as a code (0: none; else 1 + StopReason).
  std::uint64_t local_stop_code() const {
    const auto code = [](StopReason reason) { return 1 + static_cast<std::uint64_t>(reason); };
    if (options_.interrupt && options_.interrupt->load(std::memory_order_relaxed))
      return code(StopReason::Interrupted);
    if (options_.time_limit_seconds > 0 && elapsed() > options_.time_limit_seconds)
      return code(StopReason::TimeLimit);
    return 0;
  }

  // Before each round: whether any rank has states left to expand (any_left_), and whether any
  // rank must stop (a limit, a signal, or successors() throwing). Collective.
  std::optional<StopReason> round_check(bool left) {
    // A worker that saw the clock or the signal (stopping_) sees it again here: both last.
    std::uint64_t code = local_stop_code();
    if (code == 0 && options_.max_memory_bytes > 0 &&
        resident_memory_bytes() > options_.max_memory_bytes)
      code = 1 + static_cast<std::uint64_t>(StopReason::MemoryLimit);
    std::uint64_t failure = NoRank;
    for (const auto &worker : workers_)
      if (worker->failure)
        failure = std::min(failure, worker->failure->first);
    std::uint64_t flags[2] = {left ? 1u : 0u, code};
    std::uint64_t progress[2] = {staged_count(), 0};
    for (const auto &worker : workers_)
      progress[1] += worker->transitions;
    collective([&] {
      cluster_.max(flags);
      cluster_.sum(progress);
      failure = cluster_.min(failure);
    });
    if (failure != NoRank)
      fail(failure);
    any_left_ = flags[0] != 0;
    if (options_.progress && me_ == 0) {
      Progress now;
      now.states = total_states_ + progress[0];
      now.transitions = progress[1];
      now.depth = static_cast<std::uint32_t>(levels_.size() > 0 ? levels_.size() - 1 : 0);
      now.frontier = last_level_states_;
      now.memory_bytes = resident_memory_bytes();
      now.seconds = elapsed();
      options_.progress(now);
    }
    if (flags[1] != 0)
      return static_cast<StopReason>(flags[1] - 1);
    return std::nullopt;
  }

  // successors() threw on some rank: the smallest such rank's message, on every rank. Collective.
  [[noreturn]] void fail(std::uint64_t rank) {
    std::string what;
    unsigned from = ranks_;
    for (const auto &worker : workers_)
      if (worker->failure && worker->failure->first == rank) {
        what = worker->failure->second;
        from = me_;
      }
    from = static_cast<unsigned>(cluster_.min(from));
    what = cluster_.broadcast(from, what);
    std::string where = "state #" + std::to_string(rank);
    try {
      const std::vector<Step> path = path_to(rank);
      where = path.size() > 1 ? "the state reached in " + std::to_string(path.size() - 1) +
                                    " steps, the last one '" +
                                    std::string(model_.describe(path.back().event)) + "'"
                              : "an initial state";
    } catch (const std::logic_error &) {
    }
    throw ModelError("successors() threw while expanding " + where + ": " + what);
  }

  // Numbers the level's new states as one process would, stores them, and judges the properties
  // on them. Collective.
  void finish_level(bool initial) {
    std::vector<std::uint64_t> refs;
    refs.reserve(staged_count());
    for (unsigned w = 0; w < workers_.size(); ++w)
      for (std::size_t i = 0; i < workers_[w]->staged.size(); ++i)
        refs.push_back(staged_ref(w, i));
    const std::vector<std::uint64_t> positions = number_level(refs, initial);
    const std::uint64_t level_states =
        collective([&] { return cluster_.sum(static_cast<std::uint64_t>(refs.size())); });
    const std::uint64_t base = total_states_;
    if (base + level_states > MaxStates)
      throw std::length_error("more than " + std::to_string(MaxStates) + " states");

    // Stored in global rank order, so that a rank is found again by binary search.
    std::vector<std::pair<std::uint64_t, std::uint64_t>> order(refs.size());
    for (std::size_t i = 0; i < refs.size(); ++i)
      order[i] = {base + positions[i], refs[i]};
    tbb::parallel_sort(order.begin(), order.end());
    const std::uint64_t local_base = states_.size();
    const std::uint64_t local_total = local_base + order.size();
    if (options_.fingerprints) {
      fingerprints_.reserve(local_total);
    } else {
      visited_.reserve(local_total, [&](auto &&insert_local) {
        tbb::parallel_for(std::uint64_t{0}, local_base,
                          [&](std::uint64_t i) { insert_local(hash(states_[i]), i); });
      });
    }
    states_.resize(local_total);
    keys_.resize(local_total);
    global_ranks_.resize(local_total);
    tbb::parallel_for(std::size_t{0}, order.size(), [&](std::size_t i) {
      const Staged &entry = staged(order[i].second);
      const std::uint64_t local = local_base + i;
      states_[local] = entry.state;
      keys_[local] = entry.key.load(std::memory_order_relaxed);
      global_ranks_[local] = order[i].first;
      const std::uint64_t h = hash(entry.state);
      if (options_.fingerprints)
        fingerprints_.insert(FingerprintSet::fingerprint(h));
      else
        visited_.insert(h, local);
    });
    if (options_.fingerprints) // the frontier is expanded: only the new level is read again
      states_.release_below(local_base);
    clear_staging();
    local_level_start_ = local_base;
    total_states_ = base + level_states;
    last_level_states_ = level_states;
    record_terminal_findings();
    evaluate(local_base, local_total);
    record_level(level_states);
  }

  // The position of each new state (refs) in the level's discovery-key order. Collective.
  std::vector<std::uint64_t> number_level(const std::vector<std::uint64_t> &refs, bool initial) {
    // The rank in charge of a key: by its parent's place in the previous level.
    const std::uint64_t parents_begin = total_states_ - last_level_states_;
    const std::uint64_t parents = last_level_states_;
    const auto in_charge = [&](std::uint64_t key) -> unsigned {
      if (initial || parents == 0)
        return 0;
      const std::uint64_t parent = (key >> OrdinalBits) - 1 - parents_begin;
      // Monotone in the parent's rank, so the ranks in charge hold consecutive key ranges.
      const double share = static_cast<double>(parent) * ranks_ / static_cast<double>(parents);
      return std::min(ranks_ - 1, static_cast<unsigned>(share));
    };
    std::vector<std::uint64_t> counts(ranks_, 0);
    std::vector<unsigned> destination(refs.size());
    for (std::size_t i = 0; i < refs.size(); ++i) {
      destination[i] = in_charge(staged(refs[i]).key.load(std::memory_order_relaxed));
      ++counts[destination[i]];
    }
    // Keys grouped by destination; slot[i]: where ref i's key went.
    std::vector<std::uint64_t> first(ranks_, 0);
    for (unsigned d = 1; d < ranks_; ++d)
      first[d] = first[d - 1] + counts[d - 1];
    std::vector<std::uint64_t> keys(refs.size());
    std::vector<std::uint64_t> slot(refs.size());
    for (std::size_t i = 0; i < refs.size(); ++i) {
      slot[i] = first[destination[i]]++;
      keys[slot[i]] = staged(refs[i]).key.load(std::memory_order_relaxed);
    }
    std::vector<std::uint64_t> received_counts;
    const std::uint64_t sent_before = cluster_.bytes_sent();
    const std::vector<std::byte> received = collective([&] {
      return cluster_.exchange(std::as_bytes(std::span(keys)), counts, sizeof(std::uint64_t),
                               received_counts);
    });
    // In charge: sort the keys received, and answer each with its position in the level.
    const std::size_t held = received.size() / sizeof(std::uint64_t);
    std::vector<std::pair<std::uint64_t, std::uint64_t>> sorted(held); // (key, index received)
    for (std::size_t i = 0; i < held; ++i) {
      std::memcpy(&sorted[i].first, received.data() + i * sizeof(std::uint64_t),
                  sizeof(std::uint64_t));
      sorted[i].second = i;
    }
    tbb::parallel_sort(sorted.begin(), sorted.end());
    const std::uint64_t offset = collective([&] { return cluster_.exclusive_sum(held); });
    std::vector<std::uint64_t> answers(held);
    for (std::size_t p = 0; p < held; ++p)
      answers[sorted[p].second] = offset + p;
    std::vector<std::uint64_t> answered_counts;
    const std::vector<std::byte> answered = collective([&] {
      return cluster_.exchange(std::as_bytes(std::span(answers)), received_counts,
                               sizeof(std::uint64_t), answered_counts);
    });
    level_bytes_sent_ += cluster_.bytes_sent() - sent_before;
    std::vector<std::uint64_t> positions(refs.size());
    for (std::size_t i = 0; i < refs.size(); ++i)
      std::memcpy(&positions[i], answered.data() + slot[i] * sizeof(std::uint64_t),
                  sizeof(std::uint64_t));
    return positions;
  }

  void clear_staging() {
    for (auto &worker : workers_)
      worker->staged.clear();
    table_.reset(table_.capacity());
  }

  // A stopped level is dropped: the result covers the levels before it (as one process does).
  void discard_level() {
    clear_staging();
    record_terminal_findings();
  }

  void record_terminal_findings() {
    std::vector<std::uint64_t> at_end(properties_.size(), NoRank);
    for (const auto &worker : workers_)
      for (std::size_t p = 0; p < properties_.size(); ++p)
        at_end[p] = std::min(at_end[p], worker->at_end[p]);
    collective([&] { cluster_.min(at_end); });
    for (std::size_t p = 0; p < properties_.size(); ++p)
      if (at_end[p] != NoRank && findings_[p].rank == NoRank)
        findings_[p].rank = at_end[p];
  }

  // Always, Reachable and Bound properties on the new local states [begin, end), reduced over
  // the ranks: the smallest global rank, and a bound's largest value (at its smallest rank).
  void evaluate(std::uint64_t begin, std::uint64_t end) {
    const std::vector<std::size_t> active = detail::properties_to_observe(properties_, findings_);
    using Findings = std::vector<PropertyFinding>;
    const Findings none(properties_.size());
    const Findings local = tbb::parallel_reduce(
        tbb::blocked_range<std::uint64_t>(begin, end, 256), none,
        [&](const tbb::blocked_range<std::uint64_t> &range, Findings acc) {
          for (std::uint64_t i = range.begin(); i < range.end(); ++i)
            for (const std::size_t p : active)
              detail::observe(acc[p], properties_[p], global_ranks_[i], states_[i]);
          return acc;
        },
        [&](Findings a, const Findings &b) {
          for (const std::size_t p : active)
            detail::merge(a[p], b[p]);
          return a;
        });
    // Every rank takes part in both reductions, with all properties, even with none active.
    const std::size_t count = properties_.size();
    std::vector<std::uint64_t> values(count), ranks(count);
    for (std::size_t p = 0; p < count; ++p)
      values[p] = ordered(local[p].value);
    collective([&] { cluster_.max(values); });
    for (std::size_t p = 0; p < count; ++p)
      ranks[p] = ordered(local[p].value) == values[p] ? local[p].rank : NoRank;
    collective([&] { cluster_.min(ranks); });
    for (const std::size_t p : active) {
      const PropertyKind kind = properties_[p].kind;
      const PropertyFinding found{ranks[p], unordered(values[p])};
      if (kind == PropertyKind::Bound)
        detail::merge(findings_[p], found);
      else if (findings_[p].rank == NoRank)
        findings_[p].rank = found.rank;
    }
  }
  // A signed value as an unsigned one of the same order, for the reductions.
  static std::uint64_t ordered(std::int64_t value) {
    return static_cast<std::uint64_t>(value) ^ (std::uint64_t{1} << 63);
  }
  static std::int64_t unordered(std::uint64_t value) {
    return static_cast<std::int64_t>(value ^ (std::uint64_t{1} << 63));
  }

  // The discovery key of the state of global rank `rank`, from the rank that owns it. Collective.
  std::uint64_t key_of(std::uint64_t rank) {
    std::uint64_t found = 0; // key + 1, or 0 when another rank owns it
    std::uint64_t low = 0, high = global_ranks_.size();
    while (low < high) {
      const std::uint64_t middle = low + (high - low) / 2;
      if (global_ranks_[middle] < rank)
        low = middle + 1;
      else
        high = middle;
    }
    if (low < global_ranks_.size() && global_ranks_[low] == rank)
      found = keys_[low] + 1;
    found = cluster_.max(found);
    if (found == 0)
      throw std::logic_error("trace reconstruction failed: no rank holds state #" +
                             std::to_string(rank));
    return found - 1;
  }

  std::uint64_t local_store_bytes() const {
    const std::uint64_t links = states_.size() * 2 * sizeof(std::uint64_t); // key, global rank
    return options_.fingerprints ? fingerprints_.bytes() + links
                                 : states_.size() * sizeof(State) + links + visited_.bytes();
  }

  void record_level(std::uint64_t states) {
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - level_begin_).count();
    const double compute = std::max(0.0, wall - level_exchange_seconds_);
    compute_seconds_ += compute;
    exchange_seconds_ += level_exchange_seconds_;
    std::uint64_t figures[2] = {micros(compute), micros(level_exchange_seconds_)};
    cluster_.max(figures);
    const std::uint64_t sent = cluster_.sum(level_bytes_sent_);
    levels_.push_back({states, sent, seconds(figures[0]), seconds(figures[1])});
    level_exchange_seconds_ = 0;
    level_bytes_sent_ = 0;
    level_begin_ = std::chrono::steady_clock::now();
  }

  StopReason finish(StopReason reason) {
    stop_reason_ = reason;
    std::uint64_t totals[2] = {0, local_store_bytes()};
    for (const auto &worker : workers_)
      totals[0] += worker->transitions;
    cluster_.sum(totals);
    stats_.states = total_states_;
    stats_.transitions = totals[0];
    // The last level recorded may be empty (the run found nothing more): it is no depth.
    std::size_t levels = levels_.size();
    if (levels > 0 && last_level_states_ == 0)
      --levels;
    stats_.depth = levels > 0 ? static_cast<std::uint32_t>(levels - 1) : 0;
    stats_.store_bytes = totals[1];
    stats_.seconds = elapsed();
    return reason;
  }

  const M &model_;
  std::span<const Property<State>> properties_;
  CheckOptions options_;
  Cluster &cluster_;
  const unsigned ranks_;
  const unsigned me_;

  ChunkedVector<State> states_;               // the states this rank owns, by level, in rank order
  ChunkedVector<std::uint64_t> keys_;         // their discovery keys
  ChunkedVector<std::uint64_t> global_ranks_; // their ranks in the one-process numbering
  RankTable visited_;                         // exact mode: local index by state
  FingerprintSet fingerprints_;               // fingerprint mode
  StateTable table_;                          // the level's new states, staged
  std::vector<std::unique_ptr<Worker>> workers_;
  std::uint64_t local_level_start_ = 0; // the local states of the last level (the frontier)
  std::uint64_t total_states_ = 0;      // over all ranks
  std::uint64_t last_level_states_ = 0; // over all ranks
  std::uint32_t max_branching_ = 0;
  bool any_left_ = false;
  std::atomic<bool> stopping_{false};

  std::vector<PropertyFinding> findings_;
  std::optional<StopReason> stop_reason_;
  ExploreStats stats_;
  std::vector<LevelFigures> levels_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point level_begin_;
  double level_exchange_seconds_ = 0;
  std::uint64_t level_bytes_sent_ = 0;
  double compute_seconds_ = 0;
  double exchange_seconds_ = 0;
};

} // namespace protocheck
