// join_cluster in a protocheck built without MPI: --distributed says how to get it.
#include "cli/distributed/cluster_join.hpp"

#include <protocheck/params.hpp>

namespace protocheck::cli {

std::unique_ptr<Cluster> join_cluster() {
  throw BadInput("--distributed: this protocheck was built without MPI (install libopenmpi-dev "
                 "and openmpi-bin, then build it again)");
}

} // namespace protocheck::cli
