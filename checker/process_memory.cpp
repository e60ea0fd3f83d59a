#include <protocheck/engine/process_memory.hpp>

#include <fstream>
#include <string>

namespace protocheck {
namespace {

// Reads a "Name:   1234 kB" line of /proc/self/status; 0 where it is not available.
std::uint64_t status_field_bytes(const std::string &field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(field + ":", 0) != 0)
      continue;
    return std::stoull(line.substr(field.size() + 1)) * 1024;
  }
  return 0;
}

} // namespace

std::uint64_t resident_memory_bytes() { return status_field_bytes("VmRSS"); }
std::uint64_t peak_resident_memory_bytes() { return status_field_bytes("VmHWM"); }

} // namespace protocheck
