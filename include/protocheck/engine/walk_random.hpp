// The random numbers of one simulation walk. Walk i draws from its own generator, seeded from
// (seed, i) alone, so a walk makes the same choices whichever thread runs it and whenever.
#pragma once

#include <cstdint>

namespace protocheck {

class WalkRandom {
public:
  WalkRandom(std::uint64_t seed, std::uint64_t walk) : state_(mix(seed) ^ mix(walk + Increment)) {}

  // splitmix64: small, fast, and the same on every platform (std:: distributions are not).
  std::uint64_t next() {
    state_ += Increment;
    return mix(state_);
  }

  // Uniform in 0..count-1 (count > 0), by multiplying the top 32 bits and shifting: no modulo
  // bias worth measuring at the branching factors of a model, and no 128-bit arithmetic.
  std::uint32_t below(std::uint32_t count) {
    return static_cast<std::uint32_t>(((next() >> 32) * count) >> 32);
  }

private:
  static constexpr std::uint64_t Increment = 0x9e3779b97f4a7c15ull;
  static std::uint64_t mix(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  std::uint64_t state_;
};

} // namespace protocheck
