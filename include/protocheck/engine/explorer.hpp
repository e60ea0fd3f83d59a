// Parallel level-synchronous breadth-first exploration of any Model.
//
// Determinism: every state gets the rank a sequential BFS would give it. During a level, workers
// stage new states in their own arenas and record, per staged state, the smallest discovery key
// (parent rank, successor ordinal) seen by any worker. When the level is done, the staged states
// are sorted by that key and committed in that order. Ranks, parent links, verdicts and the
// reported counterexample (the violating state of smallest rank at the first violating level)
// are therefore the same for any thread count, and every counterexample is shortest.
//
// Memory: committed states sit in a rank-indexed array with a 32-bit parent rank each (the
// successor ordinal is found again when a trace is built), and in a visited table of 32-bit
// slots that changes only between levels; the states of the level being built are staged in a
// separate concurrent table. With tree storage (uses_tree_storage) the array holds each state's
// name instead (engine/tree_store.hpp, packed by engine/packed_names.hpp): the tables and the
// staging compare and hash names, the tree's node tables grow between batches, and each successor
// is compressed from the tree of the state being expanded. With options.fingerprints the visited
// table holds 64-bit
// fingerprints, states are kept only for the level being expanded and the next, and each state
// keeps its successor ordinal instead, so a trace is rebuilt by replaying ordinals.
#pragma once

#include <protocheck/engine/chunked_storage.hpp>
#include <protocheck/engine/packed_names.hpp>
#include <protocheck/engine/process_memory.hpp>
#include <protocheck/engine/property_findings.hpp>
#include <protocheck/engine/run_limits.hpp>
#include <protocheck/engine/state_table.hpp>
#include <protocheck/engine/tree_store.hpp>
#include <protocheck/engine/visited_table.hpp>
#include <protocheck/model.hpp>
#include <protocheck/options.hpp>

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
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace protocheck {

struct ExploreStats {
  std::uint64_t states = 0;
  std::uint64_t transitions = 0;
  std::uint32_t depth = 0;
  double seconds = 0;
  // States (or, with tree storage, names and node tables), visited table and parent links, as used.
  std::uint64_t store_bytes = 0;
};

// Whether exact mode stores states tree-compressed (engine/tree_store.hpp) rather than whole.
// Automatic: for states of at least TreeStorageMinBytes, where the tree saves most.
inline constexpr std::size_t TreeStorageMinBytes = 64;
inline bool uses_tree_storage(const CheckOptions &options, std::size_t state_bytes) {
  if (options.fingerprints)
    return false;
  switch (options.storage) {
  case StateStorage::Whole:
    return false;
  case StateStorage::Tree:
    return true;
  default:
    return state_bytes >= TreeStorageMinBytes;
  }
}

template <Model M> class Explorer {
public:
  using State = typename M::State;

  Explorer(const M &model, std::span<const Property<State>> properties, const CheckOptions &options)
      : model_(model), properties_(properties), options_(options),
        table_(1 << 16), findings_(properties.size()), at_end_rank_(properties.size()) {
    if (options_.fingerprints && options_.record_graph)
      throw std::invalid_argument("fingerprint mode records no state graph");
    if (options_.threads == 0)
      throw std::invalid_argument("threads must be at least 1");
    if (options_.threads > MaxThreads)
      throw std::invalid_argument("at most 127 threads");
    if (uses_tree_storage(options_, sizeof(State)))
      tree_.emplace(sizeof(State));
    for (unsigned t = 0; t < options_.threads; ++t) {
      workers_.push_back(std::make_unique<Worker>(stored_bytes()));
      if (tree_) {
        workers_.back()->base = tree_->make_tree();
        workers_.back()->successor = tree_->make_tree();
        workers_.back()->reader = tree_->make_tree();
      }
    }
    for (auto &rank : at_end_rank_)
      rank.store(NoRank, std::memory_order_relaxed);
  }

  // Explores until the state space is exhausted, a violation is found (unless options.all), or a
  // limit stops the run.
  StopReason run() {
    start_ = std::chrono::steady_clock::now();
    // Every parallel phase (expansion, sort, commit, evaluation) runs inside one arena, so
    // `threads` is the number of threads used, and worker indices stay below it.
    // global_control lets the arena have more threads than cores (determinism tests use that).
    const tbb::global_control parallelism(tbb::global_control::max_allowed_parallelism,
                                          options_.threads);
    tbb::task_arena arena(static_cast<int>(options_.threads));
    try {
      return arena.execute([&] { return run_in_arena(arena); });
    } catch (const ModelFailure &failure) {
      throw ModelError(describe_failure(failure));
    }
  }

  const std::vector<PropertyFinding> &findings() const { return findings_; }
  ExploreStats stats() const {
    ExploreStats stats;
    stats.states = committed();
    for (const auto &worker : workers_)
      stats.transitions += worker->transitions;
    // level_starts_ ends with the start of the level being (or to be) expanded, which may be empty.
    std::size_t levels = level_starts_.size();
    if (levels > 0 && level_starts_.back() == committed())
      --levels;
    stats.depth = levels > 0 ? static_cast<std::uint32_t>(levels - 1) : 0;
    stats.seconds = seconds_;
    const std::uint64_t links = stats.states * (options_.fingerprints ? 8 : 4);
    if (options_.fingerprints)
      stats.store_bytes = fingerprints_.bytes() + links;
    else if (tree_)
      stats.store_bytes = names_.bytes() + links + ranks_.bytes() + tree_->bytes();
    else
      stats.store_bytes = stats.states * sizeof(State) + links + ranks_.bytes();
    return stats;
  }

  // The recorded graph (options.record_graph), handed over once: the explorer forgets it.
  struct RecordedGraph {
    std::vector<std::uint64_t> offsets; // size states + 1 (states never expanded have no edges)
    std::vector<std::uint32_t> targets;
    std::vector<std::uint8_t> groups;   // fairness group of each edge, NoFairnessGroup if none
  };
  // The workers' per-level edge buffers are freed with it.
  RecordedGraph take_graph() {
    for (auto &worker : workers_) {
      std::vector<OutEdges>().swap(worker->sources);
      std::vector<std::uint64_t>().swap(worker->edge_refs);
      std::vector<std::uint8_t>().swap(worker->edge_groups);
    }
    edge_offsets_.resize(committed() + 1, edge_targets_.size());
    return {std::move(edge_offsets_), std::move(edge_targets_), std::move(edge_groups_)};
  }
  // Bytes held for the graph: the arrays and the workers' buffers for the level being recorded.
  std::uint64_t graph_bytes() const {
    std::uint64_t bytes =
        edge_offsets_.capacity() * 8 + edge_targets_.capacity() * 4 + edge_groups_.capacity();
    for (const auto &worker : workers_)
      bytes += worker->sources.capacity() * sizeof(OutEdges) + worker->edge_refs.capacity() * 8 +
               worker->edge_groups.capacity();
    return bytes;
  }
  // Whether states are kept tree-compressed (uses_tree_storage).
  bool tree_storage() const { return tree_.has_value(); }

  // Whether the state of `rank` is an initial state.
  bool is_initial(std::uint64_t rank) const { return parents_[rank] == 0; }

  // The committed state of a rank (a canonical representative when symmetry reduction is on).
  // In fingerprint mode only the states of the last level are still held.
  State state(std::uint64_t rank) const {
    if (!tree_)
      return states_[rank];
    thread_local StateTree scratch;
    if (scratch.nodes.size() != tree_->node_positions() || scratch.words.empty())
      scratch = tree_->make_tree();
    return load(rank, &scratch);
  }

  // One step of a concrete path from an initial state.
  struct Step {
    Event event;
    State state;
  };
  // A concrete execution ending in the state of `rank`: first the initial state (its event is
  // unused), then each step. Each step is the first successor of the previous concrete state
  // whose canonical form is the stored state of the next rank: that is the successor that
  // discovered it (its smallest discovery key), so the trace does not depend on thread count.
  std::vector<Step> path_to(std::uint64_t rank) const {
    std::vector<std::uint64_t> ranks;
    for (std::uint64_t r = rank;;) {
      ranks.push_back(r);
      if (parents_[r] == 0)
        break;
      r = parents_[r] - 1;
    }
    std::reverse(ranks.begin(), ranks.end());
    const std::vector<State> stored = stored_states(ranks);
    std::vector<Step> path;
    model_.initial([&](const Event &event, const State &state) {
      if (path.empty() && equal(canonical(state), stored.front()))
        path.push_back({event, state});
    });
    if (path.empty())
      throw std::logic_error("trace reconstruction failed: the model's initial states are not "
                             "deterministic");
    for (std::size_t k = 1; k < ranks.size(); ++k) {
      const State from = path.back().state;
      std::optional<Step> chosen;
      model_.successors(from, [&](const Event &event, const State &next) {
        if (!chosen && equal(canonical(next), stored[k]))
          chosen = Step{event, next};
      });
      if (!chosen)
        throw std::logic_error("trace reconstruction failed: the model's successors are not "
                               "deterministic");
      path.push_back(*chosen);
    }
    return path;
  }

  // A concrete execution: the path to `start`, then the successor of the given ordinal at each
  // step (used for liveness counterexamples, which are explored without symmetry reduction).
  std::vector<Step> path_from(std::uint64_t start, const std::vector<std::uint32_t> &ordinals) const {
    std::vector<Step> path = path_to(start);
    for (const std::uint32_t wanted : ordinals) {
      const State from = path.back().state;
      std::optional<Step> chosen;
      std::uint32_t index = 0;
      model_.successors(from, [&](const Event &event, const State &next) {
        if (index++ == wanted)
          chosen = Step{event, next};
      });
      if (!chosen)
        throw std::logic_error("trace reconstruction failed: the model's successors are not "
                               "deterministic");
      path.push_back(*chosen);
    }
    return path;
  }

private:
  // The stored (canonical) states of a chain of ranks from an initial state: read back in exact
  // mode; in fingerprint mode recomputed by following the recorded successor ordinals.
  std::vector<State> stored_states(const std::vector<std::uint64_t> &ranks) const {
    std::vector<State> stored;
    if (!options_.fingerprints) {
      for (const std::uint64_t rank : ranks)
        stored.push_back(state(rank));
      return stored;
    }
    std::uint64_t ordinal = 0;
    model_.initial([&](const Event &, const State &state) {
      if (ordinal++ == ordinals_[ranks.front()])
        stored.push_back(canonical(state));
    });
    for (std::size_t k = 1; k < ranks.size() && stored.size() == k; ++k) {
      ordinal = 0;
      const State from = stored.back();
      model_.successors(from, [&](const Event &, const State &next) {
        if (ordinal++ == ordinals_[ranks[k]])
          stored.push_back(canonical(next));
      });
    }
    if (stored.size() != ranks.size())
      throw std::logic_error("trace reconstruction failed: the model's successors are not "
                             "deterministic");
    return stored;
  }

  // A model's successors() threw while the state of `rank` was expanded.
  struct ModelFailure {
    std::uint64_t rank;
    std::string what;
  };

  // One line naming the step: the depth of the state and the last step that reached it.
  std::string describe_failure(const ModelFailure &failure) const {
    std::string where = "an initial state";
    try {
      const std::vector<Step> path = path_to(failure.rank);
      if (path.size() > 1)
        where = "the state reached in " + std::to_string(path.size() - 1) + " steps, the last one '" +
                std::string(model_.describe(path.back().event)) + "'";
    } catch (const std::exception &) {
      where = "state #" + std::to_string(failure.rank);
    }
    return "successors() threw while expanding " + where + ": " + failure.what;
  }

  StopReason run_in_arena(tbb::task_arena &arena) {
    make_room();
    stage_initial_states();
    commit_level();
    while (!stop_reason_) {
      const std::uint64_t begin = level_starts_.back();
      const std::uint64_t end = committed();
      if (begin == end)
        return finish(StopReason::Complete);
      // --max-states is judged between levels only, so that the states reported (every level up
      // to the one that reached the limit, complete) do not depend on the threads' timing.
      if (options_.max_states > 0 && end >= options_.max_states)
        return finish(StopReason::MaxStates);
      if (const auto decided = detail::decided_stop(properties_, findings_, options_.all))
        return finish(*decided);
      expand_level(arena, begin, end);
      commit_level();
    }
    // A violation found while a limit stopped the run is still a real, shortest counterexample.
    return finish(*stop_reason_);
  }

  static constexpr unsigned MaxThreads = 127;
  static constexpr unsigned OrdinalBits = 24;
  static constexpr std::uint64_t OrdinalMask = (std::uint64_t{1} << OrdinalBits) - 1;
  static constexpr std::uint64_t MaxBatch = std::uint64_t{1} << 17;
  // Parent links are 32-bit (parent rank + 1).
  static constexpr std::uint64_t MaxStates = std::numeric_limits<std::uint32_t>::max() - 1;
  static constexpr double MaxLoad = 0.7;

  // A state found in the current level (absent from the visited table), owned by the worker that
  // first stored it; it is found through the staging table `table_`.
  // Followed in its arena by the state's stored form (see StoredForm).
  struct Staged {
    std::atomic<std::uint64_t> key; // smallest (parent rank + 1, ordinal) that reaches it
    std::size_t slot;                // its slot in the table (kept up to date when the table grows)
    std::uint64_t rank;              // set when the level is committed
  };
  struct Overflow {
    State state;
    std::uint64_t key;
    std::size_t edge; // where the worker recorded this successor's edge (graph recording only)
  };
  // The successors of one expanded state, as recorded by the worker that expanded it.
  struct OutEdges {
    std::uint64_t rank;
    std::size_t first; // index into Worker::edge_refs
    std::uint32_t count;
  };
  struct alignas(64) Worker {
    explicit Worker(std::size_t stored_bytes) : staged(stored_bytes) {}
    RecordArena<Staged> staged;
    std::vector<Overflow> overflow; // successors that found the table too full; inserted later
    std::uint64_t transitions = 0;
    std::uint64_t expanded = 0;
    std::uint64_t unreported = 0; // new states not yet added to the shared counter
    std::uint32_t max_branching = 0;
    // Graph recording (liveness, graph output): per expanded state its successors' references,
    // resolved to ranks when the level is committed.
    std::vector<OutEdges> sources;
    std::vector<std::uint64_t> edge_refs;
    std::vector<std::uint8_t> edge_groups;
    // Tree storage: the state being expanded (the base its successors are compressed from), the
    // successor being compressed, and a state being read for evaluation.
    StateTree base, successor, reader;
  };

  State canonical(const State &state) const {
    State copy = state;
    if constexpr (Symmetric<M>)
      if (options_.symmetry)
        model_.canonicalize(copy);
    return copy;
  }

  std::uint64_t committed() const { return parents_.size(); }
  Worker &current_worker() const {
    return *workers_[static_cast<unsigned>(tbb::this_task_arena::current_thread_index())];
  }

  // The state of a committed rank; with tree storage it is decompressed into `tree`, which is
  // then a base for compressing its successors.
  State load(std::uint64_t rank, StateTree *tree) const {
    if (!tree_)
      return states_[rank];
    State state;
    tree_->decompress(names_.load(rank), &state, *tree);
    return state;
  }

  // What the visited and staging tables compare and hash: the state's bytes, or with tree
  // storage its name, which names it exactly.
  struct StoredForm {
    const void *bytes;
    std::size_t size;
  };
  std::size_t stored_bytes() const { return tree_ ? sizeof(TreeStore::Name) : sizeof(State); }
  // Calls use(form) with the stored form of a committed rank (a packed name is unpacked first).
  template <class Use> auto use_committed_form(std::uint64_t rank, Use &&use) const {
    if (!tree_)
      return use(StoredForm{&states_[rank], sizeof(State)});
    const TreeStore::Name name = names_.load(rank);
    return use(StoredForm{name.data(), sizeof name});
  }
  StoredForm staged_form(const Staged &entry) const {
    return {RecordArena<Staged>::payload(entry), stored_bytes()};
  }
  static bool same(StoredForm a, StoredForm b) {
    return std::memcmp(a.bytes, b.bytes, a.size) == 0;
  }
  static std::uint64_t hash(StoredForm form) { return XXH3_64bits(form.bytes, form.size); }
  static bool equal(const State &a, const State &b) {
    return std::memcmp(&a, &b, sizeof(State)) == 0;
  }

  static std::uint64_t staged_ref(unsigned worker, std::size_t index) {
    return StateTable::StagedBit | (std::uint64_t{worker} << 32) | index;
  }
  Staged &staged(std::uint64_t ref) const {
    return workers_[(ref & StateTable::RefMask) >> 32]->staged[ref & 0xffffffffu];
  }

  static constexpr std::uint64_t UnknownRef = ~std::uint64_t{0};

  // Adds a discovered state (already canonical) with its discovery key; returns its reference (its
  // rank when committed in an earlier level; undefined then in fingerprint mode), or UnknownRef
  // when the staging table was too full and the state waits in the overflow list.
  // `edge`: where the caller will record the edge to this state (NoEdge: not recorded).
  static constexpr std::size_t NoEdge = ~std::size_t{0};
  // With tree storage, `base` is the tree of the state expanded (null: none).
  std::uint64_t insert(unsigned worker_index, const State &state, std::uint64_t key,
                       std::size_t edge = NoEdge, const StateTree *base = nullptr) {
    Worker &worker = *workers_[worker_index];
    TreeStore::Name root{};
    if (tree_ && !tree_->compress(&state, worker.successor, base, root)) {
      worker.overflow.push_back({state, key, edge}); // a node table is full until make_room
      return UnknownRef;
    }
    const StoredForm form =
        tree_ ? StoredForm{root.data(), sizeof(root)} : StoredForm{&state, sizeof(State)};
    const std::uint64_t h = hash(form);
    if (options_.fingerprints) {
      if (fingerprints_.contains(FingerprintSet::fingerprint(h)))
        return 0;
    } else if (const std::uint64_t rank =
                   ranks_.find(h,
                               [&](std::uint64_t r) {
                                 return use_committed_form(
                                     r, [&](StoredForm stored) { return same(stored, form); });
                               });
               rank != RankTable::NotFound) {
      return rank;
    }
    if (used_estimate_.load(std::memory_order_relaxed) >= hard_limit_) {
      worker.overflow.push_back({state, key, edge});
      return UnknownRef;
    }
    const auto result = table_.find_or_claim(
        h, [&](std::uint64_t ref) { return same(staged_form(staged(ref)), form); },
        [&](std::size_t slot) {
          Staged &entry = worker.staged.next();
          std::memcpy(RecordArena<Staged>::payload(entry), form.bytes, form.size);
          entry.key.store(key, std::memory_order_relaxed);
          entry.slot = slot;
          return staged_ref(worker_index, worker.staged.size());
        });
    if (result.outcome == StateTable::Outcome::Claimed) {
      worker.staged.push();
      if (++worker.unreported == 64) {
        used_estimate_.fetch_add(worker.unreported, std::memory_order_relaxed);
        worker.unreported = 0;
      }
      return result.ref;
    }
    auto &best = staged(result.ref).key;
    std::uint64_t current = best.load(std::memory_order_relaxed);
    while (key < current && !best.compare_exchange_weak(current, key, std::memory_order_relaxed)) {
    }
    return result.ref;
  }

  void stage_initial_states() {
    std::uint64_t ordinal = 0;
    model_.initial([&](const Event &, const State &state) {
      if (ordinal > OrdinalMask)
        throw std::length_error("the model emits more than 2^24 initial states");
      insert(0, canonical(state), ordinal++);
    });
    drain_overflow();
  }

  void expand_level(tbb::task_arena &arena, std::uint64_t begin, std::uint64_t end) {
    for (std::uint64_t batch_begin = begin; batch_begin < end;) {
      make_room();
      const std::uint64_t headroom =
          static_cast<std::uint64_t>(MaxLoad * static_cast<double>(table_.capacity())) -
          staged_count();
      const std::uint64_t branching = std::max<std::uint64_t>(1, max_branching_);
      const std::uint64_t batch =
          std::clamp<std::uint64_t>(headroom / branching, 1, std::min(MaxBatch, end - batch_begin));
      const std::uint64_t batch_end = batch_begin + batch;
      arena.execute([&] {
        tbb::parallel_for(tbb::blocked_range<std::uint64_t>(batch_begin, batch_end, 16),
                          [&](const tbb::blocked_range<std::uint64_t> &range) {
                            expand_range(range.begin(), range.end());
                          });
      });
      for (auto &worker : workers_)
        max_branching_ = std::max(max_branching_, worker->max_branching);
      if (stop_requested_.load(std::memory_order_relaxed) && discards_level(pending_limit_))
        return; // the level will be dropped: no need to place its overflow
      drain_overflow();
      batch_begin = batch_end;
      report_progress(end - begin);
      check_limits_between_batches();
      if (stop_requested_.load(std::memory_order_relaxed))
        return;
    }
  }

  void expand_range(std::uint64_t begin, std::uint64_t end) {
    const auto worker_index = static_cast<unsigned>(tbb::this_task_arena::current_thread_index());
    Worker &worker = *workers_[worker_index];
    for (std::uint64_t rank = begin; rank < end; ++rank) {
      if (stop_requested_.load(std::memory_order_relaxed))
        return;
      const State state = load(rank, &worker.base);
      const StateTree *base = tree_ ? &worker.base : nullptr;
      std::uint64_t ordinal = 0;
      const std::uint64_t parent_key = (rank + 1) << OrdinalBits;
      const std::size_t first_edge = worker.edge_refs.size();
      try {
        model_.successors(state, [&](const Event &event, const State &next) {
          if (ordinal > OrdinalMask)
            throw std::length_error("it emits more than 2^24 successors of one state");
          const std::uint64_t ref =
              insert(worker_index, canonical(next), parent_key | ordinal++,
                     options_.record_graph ? worker.edge_refs.size() : NoEdge, base);
          if (options_.record_graph) {
            worker.edge_refs.push_back(ref);
            worker.edge_groups.push_back(fairness_group(model_, event));
          }
        });
      } catch (const std::exception &error) {
        throw ModelFailure{rank, error.what()};
      }
      if (options_.record_graph)
        worker.sources.push_back({rank, first_edge, static_cast<std::uint32_t>(ordinal)});
      worker.transitions += ordinal;
      worker.max_branching = std::max(worker.max_branching, static_cast<std::uint32_t>(ordinal));
      if (ordinal == 0)
        check_terminal(rank, state);
      if ((++worker.expanded & 255) == 0)
        check_limits_in_worker();
    }
  }

  void check_terminal(std::uint64_t rank, const State &state) {
    for (std::size_t p = 0; p < properties_.size(); ++p) {
      if (properties_[p].kind != PropertyKind::AtEnd || !is_finding(properties_[p], state, true))
        continue;
      auto &best = at_end_rank_[p];
      std::uint64_t current = best.load(std::memory_order_relaxed);
      while (rank < current && !best.compare_exchange_weak(current, rank, std::memory_order_relaxed)) {
      }
    }
  }

  std::uint64_t staged_count() const {
    std::uint64_t count = 0;
    for (const auto &worker : workers_)
      count += worker->staged.size();
    return count;
  }
  std::uint64_t used() const { return committed() + staged_count(); }

  // Keeps the staging table at most half full before a batch, and recomputes the overflow
  // threshold.
  void make_room() {
    const std::uint64_t in_use = staged_count();
    if (in_use * 2 > table_.capacity())
      grow(in_use * 4);
    for (auto &worker : workers_)
      worker->unreported = 0;
    used_estimate_.store(in_use, std::memory_order_relaxed); // exact between batches
    if (tree_)
      tree_->make_room(static_cast<unsigned>(workers_.size()));
    // Each worker reports at most 63 states late, so stopping at 90% keeps an empty slot.
    hard_limit_ = static_cast<std::uint64_t>(0.9 * static_cast<double>(table_.capacity())) -
                  64 * workers_.size();
  }

  // Rebuilds the staging table with at least `capacity` slots. Staged states learn their new slot.
  void grow(std::uint64_t capacity) {
    StateTable old(0);
    std::swap(old, table_);
    table_.reset(capacity);
    for (std::size_t i = 0; i < old.capacity(); ++i) {
      const std::uint64_t slot = old.slot(i).load(std::memory_order_relaxed);
      if (slot == 0)
        continue;
      const std::uint64_t ref = StateTable::ref(slot);
      staged(ref).slot = table_.insert_absent(hash(staged_form(staged(ref))), ref);
    }
  }

  void drain_overflow() {
    for (unsigned w = 0; w < workers_.size(); ++w) {
      auto pending = std::move(workers_[w]->overflow);
      workers_[w]->overflow.clear();
      for (const Overflow &entry : pending) {
        make_room();
        const std::uint64_t ref = insert(w, entry.state, entry.key);
        if (entry.edge != NoEdge)
          workers_[w]->edge_refs[entry.edge] = ref;
      }
    }
    make_room();
  }

  // Sorts the staged states of the level by discovery key, stores them with their parent links,
  // moves them from the staging table to the visited table, and evaluates the properties on them.
  void commit_level() {
    // Committing can take long, so a time limit or Ctrl-C that comes first, or comes meanwhile,
    // drops the level (never the initial states): the result covers the levels before it.
    const bool initial = level_starts_.empty();
    const auto time_is_up_here = [&] { return !initial && stop_for_time(); };
    if (time_is_up_here())
      return discard_level();
    std::vector<std::pair<std::uint64_t, std::uint64_t>> order; // (key, staged ref)
    order.reserve(staged_count());
    for (unsigned w = 0; w < workers_.size(); ++w)
      for (std::size_t i = 0; i < workers_[w]->staged.size(); ++i)
        order.emplace_back(workers_[w]->staged[i].key.load(std::memory_order_relaxed),
                           staged_ref(w, i));
    tbb::parallel_sort(order.begin(), order.end());
    const std::uint64_t base = committed();
    const std::uint64_t total = base + order.size();
    if (total > MaxStates)
      throw std::length_error("more than " + std::to_string(MaxStates) + " states");
    if (time_is_up_here())
      return discard_level();
    if (options_.fingerprints) {
      fingerprints_.reserve(total);
      ordinals_.resize(total);
    } else {
      ranks_.reserve(total, [&](auto &&insert_rank) {
        tbb::parallel_for(std::uint64_t{0}, base, [&](std::uint64_t rank) {
          insert_rank(use_committed_form(rank, hash), rank);
        });
      });
    }
    if (tree_) {
      names_.widen(largest_name_values(order));
      names_.resize(total);
    } else {
      states_.resize(total);
    }
    parents_.resize(total);
    // Forgets the level again (the visited table may keep some of it: nothing looks there now).
    const auto drop_level = [&] {
      (tree_ ? names_.resize(base) : states_.resize(base));
      parents_.resize(base);
      if (options_.fingerprints)
        ordinals_.resize(base);
      discard_level();
    };
    std::atomic<bool> late{false};
    tbb::parallel_for(
        tbb::blocked_range<std::size_t>(0, order.size(), 4096),
        [&](const tbb::blocked_range<std::size_t> &range) {
          if (late.load(std::memory_order_relaxed) || (!initial && time_is_up())) {
            late.store(true, std::memory_order_relaxed);
            return;
          }
          for (std::size_t r = range.begin(); r < range.end(); ++r) {
            Staged &entry = staged(order[r].second);
            const std::uint64_t rank = base + r;
            entry.rank = rank;
            const StoredForm form = staged_form(entry);
            if (tree_)
              names_.store(rank, staged_name(entry));
            else
              std::memcpy(&states_[rank], form.bytes, form.size);
            parents_[rank] = static_cast<std::uint32_t>(order[r].first >> OrdinalBits);
            const std::uint64_t h = hash(form);
            if (options_.fingerprints) {
              ordinals_[rank] = static_cast<std::uint32_t>(order[r].first & OrdinalMask);
              fingerprints_.insert(FingerprintSet::fingerprint(h));
            } else {
              ranks_.insert(h, rank);
            }
            table_.slot(entry.slot).store(0, std::memory_order_relaxed); // staging table empties
          }
        });
    if (late.load(std::memory_order_relaxed)) {
      stop_for_time();
      return drop_level();
    }
    // Fingerprint mode keeps the states of the new level only (the one before is expanded).
    if (options_.fingerprints)
      states_.release_below(base);
    if (options_.record_graph)
      record_level_edges(level_starts_.empty() ? 0 : level_starts_.back(), base);
    for (auto &worker : workers_)
      worker->staged.clear();
    level_starts_.push_back(base);
    record_terminal_findings();
    if (!evaluate(base, committed(), !initial)) {
      stop_for_time();
      level_starts_.pop_back();
      return drop_level();
    }
    stop_for_time();
    if (stop_requested_.load(std::memory_order_relaxed) && !stop_reason_)
      stop_reason_ = pending_limit_;
  }

  TreeStore::Name staged_name(const Staged &entry) const {
    TreeStore::Name name;
    std::memcpy(name.data(), RecordArena<Staged>::payload(entry), sizeof name);
    return name;
  }
  // Tree storage: the largest value of each field of the names of a level's staged states.
  TreeStore::Name
  largest_name_values(const std::vector<std::pair<std::uint64_t, std::uint64_t>> &order) const {
    return tbb::parallel_reduce(
        tbb::blocked_range<std::size_t>(0, order.size(), 4096), TreeStore::Name{},
        [&](const tbb::blocked_range<std::size_t> &range, TreeStore::Name largest) {
          for (std::size_t r = range.begin(); r < range.end(); ++r) {
            const TreeStore::Name name = staged_name(staged(order[r].second));
            for (std::size_t f = 0; f < name.size(); ++f)
              largest[f] = std::max(largest[f], name[f]);
          }
          return largest;
        },
        [](TreeStore::Name a, const TreeStore::Name &b) {
          for (std::size_t f = 0; f < a.size(); ++f)
            a[f] = std::max(a[f], b[f]);
          return a;
        });
  }

  // Whether Ctrl-C or the time limit has come (any thread may ask).
  bool time_is_up() const {
    return (options_.interrupt && options_.interrupt->load(std::memory_order_relaxed)) ||
           (options_.time_limit_seconds > 0 && elapsed() > options_.time_limit_seconds);
  }
  // Between parallel phases: requests the stop when the time is up; true when a stop that drops
  // the level being built has been requested.
  bool stop_for_time() {
    if (!stop_requested_.load(std::memory_order_relaxed) && time_is_up())
      request_stop(options_.interrupt && options_.interrupt->load(std::memory_order_relaxed)
                       ? StopReason::Interrupted
                       : StopReason::TimeLimit);
    return stop_requested_.load(std::memory_order_relaxed) && discards_level(pending_limit_);
  }

  // A run stopped by time, memory or Ctrl-C does not sort and commit the level it was building
  // (which can take long, and more memory): the result covers the levels completed before it.
  // --max-states never stops a level half-way (see run_in_arena): at least that many states are
  // reported, the same for every thread count.
  static bool discards_level(StopReason reason) {
    return reason == StopReason::TimeLimit || reason == StopReason::MemoryLimit ||
           reason == StopReason::Interrupted;
  }
  void discard_level() {
    for (auto &worker : workers_) {
      worker->staged.clear();
      worker->sources.clear();
      worker->edge_refs.clear();
      worker->edge_groups.clear();
    }
    record_terminal_findings();
    stop_reason_ = pending_limit_;
  }

  // Appends the out-edges of the expanded level [begin, end) to the graph, in rank order and, per
  // state, in successor order, with staged targets resolved to their new ranks.
  void record_level_edges(std::uint64_t begin, std::uint64_t end) {
    if (committed() > std::numeric_limits<std::uint32_t>::max())
      throw std::length_error("the state graph for liveness holds at most 2^32 states");
    std::vector<std::pair<unsigned, const OutEdges *>> by_rank(end - begin, {0, nullptr});
    for (unsigned w = 0; w < workers_.size(); ++w)
      for (const OutEdges &out : workers_[w]->sources)
        by_rank[out.rank - begin] = {w, &out};
    edge_offsets_.resize(end + 1, 0);
    for (std::uint64_t rank = begin; rank < end; ++rank) {
      edge_offsets_[rank] = edge_targets_.size();
      const auto [w, out] = by_rank[rank - begin];
      if (out == nullptr)
        continue; // not expanded: the run stopped early, and liveness is not judged then
      const Worker &worker = *workers_[w];
      for (std::size_t e = out->first; e < out->first + out->count; ++e) {
        const std::uint64_t ref = worker.edge_refs[e];
        edge_targets_.push_back(static_cast<std::uint32_t>(
            StateTable::is_staged(ref) ? staged(ref).rank : ref));
        edge_groups_.push_back(worker.edge_groups[e]);
      }
    }
    edge_offsets_[end] = edge_targets_.size();
    for (auto &worker : workers_) {
      worker->sources.clear();
      worker->edge_refs.clear();
      worker->edge_groups.clear();
    }
  }

  void record_terminal_findings() {
    for (std::size_t p = 0; p < properties_.size(); ++p) {
      const std::uint64_t rank = at_end_rank_[p].load(std::memory_order_relaxed);
      if (rank != NoRank && findings_[p].rank == NoRank)
        findings_[p].rank = rank;
    }
  }

  // Evaluates Always, Reachable and Bound properties on the states [begin, end). The reduction
  // keeps the smallest rank for each property, so the result does not depend on how TBB splits.
  // Returns false, recording nothing, when the time ran out first (only if `may_stop`).
  bool evaluate(std::uint64_t begin, std::uint64_t end, bool may_stop) {
    if (begin == end)
      return true;
    const std::vector<std::size_t> active = detail::properties_to_observe(properties_, findings_);
    if (active.empty())
      return true;
    using Findings = std::vector<PropertyFinding>;
    const Findings none(properties_.size());
    std::atomic<bool> late{false};
    const Findings found = tbb::parallel_reduce(
        tbb::blocked_range<std::uint64_t>(begin, end, 256), none,
        [&](const tbb::blocked_range<std::uint64_t> &range, Findings acc) {
          if (late.load(std::memory_order_relaxed) || (may_stop && time_is_up())) {
            late.store(true, std::memory_order_relaxed);
            return acc;
          }
          StateTree *reader = tree_ ? &current_worker().reader : nullptr;
          for (std::uint64_t rank = range.begin(); rank < range.end(); ++rank) {
            const State state = load(rank, reader);
            for (const std::size_t p : active)
              detail::observe(acc[p], properties_[p], rank, state);
          }
          return acc;
        },
        [&](Findings a, const Findings &b) {
          for (const std::size_t p : active)
            detail::merge(a[p], b[p]);
          return a;
        });
    if (late.load(std::memory_order_relaxed))
      return false;
    for (const std::size_t p : active) {
      if (properties_[p].kind == PropertyKind::Bound)
        detail::merge(findings_[p], found[p]);
      else if (findings_[p].rank == NoRank)
        findings_[p].rank = found[p].rank;
    }
    return true;
  }

  double elapsed() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

  void request_stop(StopReason reason) {
    bool expected = false;
    if (stop_requested_.compare_exchange_strong(expected, true))
      pending_limit_ = reason;
  }

  void check_limits_in_worker() {
    if (options_.interrupt && options_.interrupt->load(std::memory_order_relaxed))
      request_stop(StopReason::Interrupted);
    else if (options_.time_limit_seconds > 0 && elapsed() > options_.time_limit_seconds)
      request_stop(StopReason::TimeLimit);
  }

  void check_limits_between_batches() {
    check_limits_in_worker();
    if (options_.max_memory_bytes > 0 && resident_memory_bytes() > options_.max_memory_bytes)
      request_stop(StopReason::MemoryLimit);
  }

  void report_progress(std::uint64_t frontier) const {
    if (!options_.progress)
      return;
    Progress progress;
    progress.states = used();
    for (const auto &worker : workers_)
      progress.transitions += worker->transitions;
    progress.depth = static_cast<std::uint32_t>(level_starts_.size() - 1);
    progress.frontier = frontier;
    progress.memory_bytes = resident_memory_bytes();
    progress.seconds = elapsed();
    options_.progress(progress);
  }

  StopReason finish(StopReason reason) {
    seconds_ = elapsed();
    stop_reason_ = reason;
    return reason;
  }

  const M &model_;
  std::span<const Property<State>> properties_;
  CheckOptions options_;

  ChunkedVector<State> states_;           // committed states, by BFS rank (see fingerprints)
  std::optional<TreeStore> tree_;         // tree storage (see uses_tree_storage)
  PackedNames names_;                     // tree storage: the name of each rank's state
  ChunkedVector<std::uint32_t> parents_;  // per rank: parent rank + 1, 0 for an initial state
  ChunkedVector<std::uint32_t> ordinals_; // fingerprint mode: per rank, the discovering successor
  std::vector<std::uint64_t> level_starts_;
  RankTable ranks_;             // the visited set in exact mode
  FingerprintSet fingerprints_; // the visited set in fingerprint mode
  StateTable table_;            // the states staged in the current level
  std::vector<std::unique_ptr<Worker>> workers_;
  std::atomic<std::uint64_t> used_estimate_{0};
  std::uint64_t hard_limit_ = 0;
  std::uint32_t max_branching_ = 0;

  std::vector<PropertyFinding> findings_;
  std::vector<std::atomic<std::uint64_t>> at_end_rank_;

  // The explored graph in compressed sparse row form (only with options.record_graph): the
  // successors of rank r are edge_targets_[edge_offsets_[r] .. edge_offsets_[r + 1]).
  std::vector<std::uint64_t> edge_offsets_;
  std::vector<std::uint32_t> edge_targets_;
  std::vector<std::uint8_t> edge_groups_;

  std::atomic<bool> stop_requested_{false};
  StopReason pending_limit_ = StopReason::Complete;
  std::optional<StopReason> stop_reason_;
  std::chrono::steady_clock::time_point start_;
  double seconds_ = 0;
};

} // namespace protocheck
