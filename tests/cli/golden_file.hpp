// A golden file: the output a test compares with byte for byte, or rewrites when
// PROTOCHECK_UPDATE_GOLDEN is set (after an intended change; read the diff before committing it).
#pragma once

#include "tests/cli/run_binary.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace protocheck::testing {

inline void compare_or_update_golden(const std::filesystem::path &golden,
                                     const std::string &shown) {
  if (std::getenv("PROTOCHECK_UPDATE_GOLDEN") != nullptr) {
    write_file(golden, shown);
    WARN("rewrote " << golden);
    return;
  }
  INFO("golden file " << golden << " (PROTOCHECK_UPDATE_GOLDEN=1 rewrites it)");
  const std::string expected = read_file(golden);
  REQUIRE(!expected.empty());
  CHECK(shown == expected);
}

} // namespace protocheck::testing
