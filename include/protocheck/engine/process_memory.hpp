// Memory of this process as the kernel sees it, for --max-memory and the reported peak.
#pragma once

#include <cstdint>

namespace protocheck {

std::uint64_t resident_memory_bytes();      // now (VmRSS)
std::uint64_t peak_resident_memory_bytes(); // high-water mark (VmHWM)

} // namespace protocheck
