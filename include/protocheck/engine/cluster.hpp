// The ranks of a distributed run, as the distributed explorer (distributed_explorer.hpp) uses
// them: one exchange of fixed-size records among all ranks, and element-wise reductions. Every
// call is collective: all ranks make the same calls in the same order. The command line
// implements it over MPI (cli/distributed/), so the engine's headers never include MPI; tests
// implement it with threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace protocheck {

class Cluster {
public:
  virtual ~Cluster() = default;

  virtual unsigned rank() const = 0;
  virtual unsigned size() const = 0;

  // Sends records of `record_bytes` each: `outgoing` holds counts[0] records for rank 0, then
  // counts[1] for rank 1, and so on. Returns the records sent to this rank, grouped by source
  // rank in rank order; `received[s]` is how many came from rank s.
  virtual std::vector<std::byte> exchange(std::span<const std::byte> outgoing,
                                          std::span<const std::uint64_t> counts,
                                          std::size_t record_bytes,
                                          std::vector<std::uint64_t> &received) = 0;

  // Element-wise over all ranks, in place: every rank gets the same result.
  virtual void min(std::span<std::uint64_t> values) = 0;
  virtual void max(std::span<std::uint64_t> values) = 0;
  virtual void sum(std::span<std::uint64_t> values) = 0;

  // The sum of `value` over the ranks below this one.
  virtual std::uint64_t exclusive_sum(std::uint64_t value) = 0;

  // `text` as rank `from` has it, on every rank.
  virtual std::string broadcast(unsigned from, const std::string &text) = 0;

  // Bytes this rank has sent to other ranks so far (records and reductions; not to itself).
  virtual std::uint64_t bytes_sent() const = 0;

  // Convenience forms for one value.
  std::uint64_t min(std::uint64_t value) {
    min(std::span<std::uint64_t>(&value, 1));
    return value;
  }
  std::uint64_t max(std::uint64_t value) {
    max(std::span<std::uint64_t>(&value, 1));
    return value;
  }
  std::uint64_t sum(std::uint64_t value) {
    sum(std::span<std::uint64_t>(&value, 1));
    return value;
  }
};

} // namespace protocheck
