// The Cluster of a distributed run over MPI: MPI_COMM_WORLD, one rank per process that mpirun
// started. Only the thread that runs the check calls MPI (MPI_THREAD_FUNNELED); TBB's workers
// never do.
#include "cli/distributed/cluster_join.hpp"

#include <protocheck/params.hpp>

#include <mpi.h>

#include <climits>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

namespace protocheck::cli {
namespace {

class MpiCluster final : public Cluster {
public:
  MpiCluster() {
    int provided = 0;
    MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
    if (provided < MPI_THREAD_FUNNELED) {
      MPI_Finalize();
      throw BadInput("--distributed: this MPI library does not allow threads (MPI_THREAD_FUNNELED)");
    }
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    rank_ = static_cast<unsigned>(rank);
    size_ = static_cast<unsigned>(size);
  }
  ~MpiCluster() override { MPI_Finalize(); }
  MpiCluster(const MpiCluster &) = delete;
  MpiCluster &operator=(const MpiCluster &) = delete;

  unsigned rank() const override { return rank_; }
  unsigned size() const override { return size_; }

  std::vector<std::byte> exchange(std::span<const std::byte> outgoing,
                                  std::span<const std::uint64_t> counts, std::size_t record_bytes,
                                  std::vector<std::uint64_t> &received) override {
    received.assign(size_, 0);
    MPI_Alltoall(counts.data(), 1, MPI_UINT64_T, received.data(), 1, MPI_UINT64_T, MPI_COMM_WORLD);
    // Counts and displacements are ints in records of record_bytes (a contiguous type), so one
    // exchange may carry up to 2^31 - 1 records per rank.
    std::vector<int> send_counts(size_), send_displs(size_), recv_counts(size_), recv_displs(size_);
    std::uint64_t sent = 0, taken = 0;
    for (unsigned r = 0; r < size_; ++r) {
      send_counts[r] = as_int(counts[r]);
      send_displs[r] = as_int(sent);
      recv_counts[r] = as_int(received[r]);
      recv_displs[r] = as_int(taken);
      sent += counts[r];
      taken += received[r];
      if (r != rank_)
        bytes_sent_ += counts[r] * record_bytes + sizeof(std::uint64_t);
    }
    as_int(sent);
    as_int(taken);
    std::vector<std::byte> incoming(taken * record_bytes);
    MPI_Datatype record;
    MPI_Type_contiguous(as_int(record_bytes), MPI_BYTE, &record);
    MPI_Type_commit(&record);
    MPI_Alltoallv(outgoing.data(), send_counts.data(), send_displs.data(), record, incoming.data(),
                  recv_counts.data(), recv_displs.data(), record, MPI_COMM_WORLD);
    MPI_Type_free(&record);
    return incoming;
  }

  void min(std::span<std::uint64_t> values) override { reduce(values, MPI_MIN); }
  void max(std::span<std::uint64_t> values) override { reduce(values, MPI_MAX); }
  void sum(std::span<std::uint64_t> values) override { reduce(values, MPI_SUM); }

  std::uint64_t exclusive_sum(std::uint64_t value) override {
    std::uint64_t below = 0;
    MPI_Exscan(&value, &below, 1, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
    if (size_ > 1)
      bytes_sent_ += sizeof value;
    return rank_ == 0 ? 0 : below; // undefined on rank 0
  }

  std::string broadcast(unsigned from, const std::string &text) override {
    std::uint64_t length = text.size();
    MPI_Bcast(&length, 1, MPI_UINT64_T, static_cast<int>(from), MPI_COMM_WORLD);
    std::string result = rank_ == from ? text : std::string(length, '\0');
    MPI_Bcast(result.data(), as_int(length), MPI_CHAR, static_cast<int>(from), MPI_COMM_WORLD);
    if (rank_ == from && size_ > 1)
      bytes_sent_ += sizeof length + length;
    return result;
  }

  std::uint64_t bytes_sent() const override { return bytes_sent_; }

private:
  void reduce(std::span<std::uint64_t> values, MPI_Op op) {
    MPI_Allreduce(MPI_IN_PLACE, values.data(), as_int(values.size()), MPI_UINT64_T, op,
                  MPI_COMM_WORLD);
    if (size_ > 1)
      bytes_sent_ += values.size() * sizeof(std::uint64_t);
  }
  static int as_int(std::uint64_t value) {
    if (value > static_cast<std::uint64_t>(INT_MAX))
      throw std::length_error("one MPI exchange would carry more than 2^31 - 1 records");
    return static_cast<int>(value);
  }

  unsigned rank_ = 0;
  unsigned size_ = 1;
  std::uint64_t bytes_sent_ = 0;
};

} // namespace

std::unique_ptr<Cluster> join_cluster() { return std::make_unique<MpiCluster>(); }

} // namespace protocheck::cli
