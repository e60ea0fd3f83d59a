// Parsing of the ring-election parameters shared by the election models: where the ids sit on the
// ring (--ids) and which processes may start an election (--initiators).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace protocheck::election {

// "decreasing" (p1 has n), "increasing" (p1 has 1), "random-seed=S" (also "random-seed:S" or
// "random-seed S": a permutation of 1..n drawn by a fixed generator, the same on every platform),
// or a comma-separated list of distinct ids in 1..max_id. For a list, `n` may be 0 (take the list's
// length); otherwise its length must equal n. Throws BadInput naming the bad value.
std::vector<std::uint8_t> parse_ids(const std::string &text, unsigned n, unsigned max_id);

// True when `text` is an explicit list of ids rather than a placement rule.
bool is_id_list(const std::string &text);

// "any" (every process) or a comma-separated list of process numbers 1..n; returns one flag per
// process. Throws BadInput naming `parameter` and the bad value.
std::vector<bool> parse_processes(const std::string &parameter, const std::string &text,
                                  unsigned n);

// A comma-separated list of distinct process numbers 1..n, in the order given; returns their
// indices (0-based). Throws BadInput naming `parameter` and the bad value.
std::vector<unsigned> parse_process_order(const std::string &parameter, const std::string &text,
                                          unsigned n);

// --initiators: who may start an election.
inline std::vector<bool> parse_initiators(const std::string &text, unsigned n) {
  return parse_processes("initiators", text, n);
}

} // namespace protocheck::election
