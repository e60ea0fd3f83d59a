# The libraries protocheck's headers and libraries need, found the same way when protocheck is
# built and when a user's project finds the installed package (all are Debian 12 packages).
find_package(TBB REQUIRED)
find_package(Boost 1.74 REQUIRED COMPONENTS graph)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(PkgConfig REQUIRED)
if(NOT TARGET PkgConfig::XXHASH)
  pkg_check_modules(XXHASH REQUIRED IMPORTED_TARGET GLOBAL libxxhash)
endif()
# GMP: the exact rationals of the Markov-chain analysis (libgmp-dev).
if(NOT TARGET PkgConfig::GMP)
  pkg_check_modules(GMP REQUIRED IMPORTED_TARGET GLOBAL gmp)
endif()
# The HTTP server of `protocheck explore` (libcpp-httplib-dev, a compiled library in Debian).
if(NOT TARGET PkgConfig::HTTPLIB)
  pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET GLOBAL cpp-httplib)
endif()
# Open MPI, for check --distributed (libopenmpi-dev): optional when protocheck is built (without
# it --distributed says so); required by an installed package that was built with it.
if(NOT DEFINED PROTOCHECK_WITH_MPI)
  set(MPI_CXX_SKIP_MPICXX ON) # the C API only
  find_package(MPI COMPONENTS CXX)
  set(PROTOCHECK_WITH_MPI ${MPI_CXX_FOUND})
elseif(PROTOCHECK_WITH_MPI)
  set(MPI_CXX_SKIP_MPICXX ON)
  find_package(MPI REQUIRED COMPONENTS CXX)
endif()
