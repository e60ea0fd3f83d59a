// `check --distributed`: this process joins the ranks that mpirun started (cli/distributed/).
#pragma once

#include <protocheck/engine/cluster.hpp>

#include <memory>

namespace protocheck::cli {

// Joins the MPI job (MPI_Init); the cluster leaves it when destroyed (MPI_Finalize). Throws
// BadInput when this protocheck was built without MPI.
std::unique_ptr<Cluster> join_cluster();

} // namespace protocheck::cli
