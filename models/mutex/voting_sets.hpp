// Maekawa voting sets V_1..V_n (slides 46, 48): parsed from text such as "1,2;2,3;3,1", built as a
// grid, or the defaults.
#pragma once

#include <protocheck/kit/process_set.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace protocheck::mutex {

inline constexpr std::size_t MaxVotingProcesses = 9;
using VoterSet = kit::ProcessSet<MaxVotingProcesses>;

// "1,2;2,3;3,1" (V_i lists process numbers 1..n, sets separated by ';'), "grid" (n a perfect
// square: V_i is p_i's row and column in a sqrt(n) x sqrt(n) grid), or "" for the default: the
// slide's V1={p1,p2}, V2={p2,p3}, V3={p3,p1} for n = 3, the grid for n = 4 and 9, and every
// process in every set otherwise. Throws BadInput naming the bad text.
//
// Sets need not satisfy slide 46's conditions (p_i in V_i, pairwise intersection): the point of a
// model checker is to answer what happens when they do not. violated_conditions() says which fail.
std::vector<VoterSet> parse_voting_sets(const std::string &text, std::size_t n);

// "V1 and V3 do not intersect; p2 is not in V2", or "" when slide 46's conditions hold.
std::string violated_conditions(const std::vector<VoterSet> &sets);

// "V1={p1,p2} V2={p2,p3} V3={p3,p1}"
std::string to_string(const std::vector<VoterSet> &sets);

} // namespace protocheck::mutex
