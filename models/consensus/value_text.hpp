// Text for the consensus models' traces: process names, sets of processes and sets of values.
#pragma once

#include <cstdint>
#include <string>

namespace protocheck::consensus {

inline std::string process_name(unsigned p) { return "p" + std::to_string(p + 1); }

// "p2, p3" for the bits of `mask`; "nobody" when empty.
inline std::string process_list(std::uint32_t mask, unsigned n) {
  std::string text;
  for (unsigned p = 0; p < n; ++p)
    if (mask & (1u << p))
      text += (text.empty() ? "" : ", ") + process_name(p);
  return text.empty() ? "nobody" : text;
}

// "{0,1}" for a set of binary values given as bits (bit v set when v is in the set).
inline std::string value_set_text(std::uint8_t values) {
  std::string text = "{";
  if (values & 1)
    text += "0";
  if (values & 2)
    text += (values & 1) ? ",1" : "1";
  return text + "}";
}

} // namespace protocheck::consensus
