// A Cluster whose ranks are threads of one process (for tests): the distributed explorer's
// numbering, exchanges and reductions run under the sanitizers without MPI. Each collective call
// posts this rank's data, waits for all ranks, reads what it needs, and waits again before the
// data may change.
#pragma once

#include "checker/report/json.hpp"

#include <protocheck/engine/cluster.hpp>
#include <protocheck/options.hpp>
#include <protocheck/report.hpp>

#include <barrier>
#include <cstring>
#include <functional>
#include <numeric>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace protocheck::testing {

class ThreadClusterGroup {
public:
  explicit ThreadClusterGroup(unsigned size)
      : size_(size), sync_(size), data_(size), counts_(size), values_(size), texts_(size) {}

  unsigned size() const { return size_; }

  // Runs `body(cluster)` on `size` threads, one per rank, and waits for all.
  void run(const std::function<void(Cluster &)> &body);

private:
  friend class ThreadCluster;
  unsigned size_;
  std::barrier<> sync_;
  std::vector<const std::byte *> data_;
  std::vector<std::span<const std::uint64_t>> counts_;
  std::vector<std::span<std::uint64_t>> values_;
  std::vector<const std::string *> texts_;
};

class ThreadCluster final : public Cluster {
public:
  ThreadCluster(ThreadClusterGroup &group, unsigned rank) : group_(group), rank_(rank) {}

  unsigned rank() const override { return rank_; }
  unsigned size() const override { return group_.size_; }

  std::vector<std::byte> exchange(std::span<const std::byte> outgoing,
                                  std::span<const std::uint64_t> counts, std::size_t record_bytes,
                                  std::vector<std::uint64_t> &received) override {
    group_.data_[rank_] = outgoing.data();
    group_.counts_[rank_] = counts;
    group_.sync_.arrive_and_wait();
    received.assign(size(), 0);
    std::vector<std::byte> incoming;
    for (unsigned source = 0; source < size(); ++source) {
      const auto their = group_.counts_[source];
      const std::uint64_t offset = std::accumulate(their.begin(), their.begin() + rank_,
                                                   std::uint64_t{0});
      received[source] = their[rank_];
      const std::byte *from = group_.data_[source] + offset * record_bytes;
      incoming.insert(incoming.end(), from, from + their[rank_] * record_bytes);
    }
    for (unsigned d = 0; d < size(); ++d)
      if (d != rank_)
        sent_ += counts[d] * record_bytes;
    group_.sync_.arrive_and_wait();
    return incoming;
  }

  void min(std::span<std::uint64_t> values) override {
    reduce(values, [](std::uint64_t a, std::uint64_t b) { return std::min(a, b); });
  }
  void max(std::span<std::uint64_t> values) override {
    reduce(values, [](std::uint64_t a, std::uint64_t b) { return std::max(a, b); });
  }
  void sum(std::span<std::uint64_t> values) override {
    reduce(values, [](std::uint64_t a, std::uint64_t b) { return a + b; });
  }
  std::uint64_t exclusive_sum(std::uint64_t value) override {
    std::span<std::uint64_t> mine(&value, 1);
    group_.values_[rank_] = mine;
    group_.sync_.arrive_and_wait();
    std::uint64_t below = 0;
    for (unsigned r = 0; r < rank_; ++r)
      below += group_.values_[r][0];
    group_.sync_.arrive_and_wait();
    return below;
  }
  std::string broadcast(unsigned from, const std::string &text) override {
    group_.texts_[rank_] = &text;
    group_.sync_.arrive_and_wait();
    std::string result = *group_.texts_[from];
    group_.sync_.arrive_and_wait();
    return result;
  }
  std::uint64_t bytes_sent() const override { return sent_; }

private:
  template <class Op> void reduce(std::span<std::uint64_t> values, Op op) {
    group_.values_[rank_] = values;
    group_.sync_.arrive_and_wait();
    const auto first = group_.values_[0];
    std::vector<std::uint64_t> result(first.begin(), first.end());
    for (unsigned r = 1; r < size(); ++r)
      for (std::size_t i = 0; i < result.size(); ++i)
        result[i] = op(result[i], group_.values_[r][i]);
    group_.sync_.arrive_and_wait(); // every rank has read the values before any changes them
    std::copy(result.begin(), result.end(), values.begin());
    if (size() > 1)
      sent_ += values.size() * sizeof(std::uint64_t);
  }

  ThreadClusterGroup &group_;
  unsigned rank_;
  std::uint64_t sent_ = 0;
};

inline void ThreadClusterGroup::run(const std::function<void(Cluster &)> &body) {
  std::vector<std::thread> threads;
  for (unsigned r = 0; r < size_; ++r)
    threads.emplace_back([this, r, &body] {
      ThreadCluster cluster(*this, r);
      body(cluster);
    });
  for (auto &thread : threads)
    thread.join();
}

// The report without what depends on the run's timing, memory or layout.
inline nlohmann::json comparable(const CheckReport &report) {
  nlohmann::json json = to_json(report);
  for (const char *field :
       {"seconds", "states_per_second", "peak_memory_bytes", "threads", "store_bytes",
        "bytes_per_state", "graph_bytes", "liveness_seconds", "storage"})
    json["stats"].erase(field);
  json.erase("distributed");
  return json;
}

struct RankOutcome {
  std::optional<CheckReport> report;
  std::string error; // what the rank's check threw
};

// Runs `check` on `ranks` threads, each with its own Cluster in the options it is given.
inline std::vector<RankOutcome>
run_distributed(unsigned ranks, const std::function<CheckReport(const CheckOptions &)> &check,
                const CheckOptions &options) {
  std::vector<RankOutcome> outcomes(ranks);
  ThreadClusterGroup group(ranks);
  group.run([&](Cluster &cluster) {
    CheckOptions mine = options;
    mine.cluster = &cluster;
    RankOutcome &outcome = outcomes[cluster.rank()];
    try {
      outcome.report = check(mine);
    } catch (const std::exception &error) {
      outcome.error = error.what();
    }
  });
  return outcomes;
}

} // namespace protocheck::testing
