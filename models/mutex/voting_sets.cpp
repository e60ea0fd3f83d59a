#include <protocheck/models/mutex/voting_sets.hpp>

#include <protocheck/params.hpp>
#include <protocheck/models/mutex/mutex_common.hpp>

#include <cctype>
#include <cmath>

namespace protocheck::mutex {

namespace {

std::vector<VoterSet> grid_sets(std::size_t n) {
  std::size_t side = 1;
  while (side * side < n)
    ++side;
  if (side * side != n)
    throw BadInput("sets = grid needs n to be a perfect square (4 or 9), not " + std::to_string(n));
  std::vector<VoterSet> sets(n);
  for (std::size_t p = 0; p < n; ++p)
    for (std::size_t q = 0; q < n; ++q)
      if (p / side == q / side || p % side == q % side)
        sets[p].insert(q);
  return sets;
}

std::vector<VoterSet> parse_list(const std::string &text, std::size_t n) {
  const auto bad = [&](const std::string &why) {
    return BadInput("sets = '" + text + "': " + why + " (expected n sets of process numbers 1.." +
                    std::to_string(n) + ", such as 1,2;2,3;3,1)");
  };
  std::vector<VoterSet> sets(1);
  std::size_t number = 0;
  bool in_number = false;
  const auto finish_number = [&] {
    if (!in_number)
      throw bad("an empty member");
    if (number < 1 || number > n)
      throw bad("process " + std::to_string(number) + " is out of range");
    sets.back().insert(number - 1);
    number = 0;
    in_number = false;
  };
  for (const char c : text) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      number = number * 10 + static_cast<std::size_t>(c - '0');
      in_number = true;
      if (number > 99)
        throw bad("a process number is too large");
    } else if (c == ',') {
      finish_number();
    } else if (c == ';') {
      finish_number();
      sets.emplace_back();
    } else if (!std::isspace(static_cast<unsigned char>(c))) {
      throw bad(std::string("unexpected character '") + c + "'");
    }
  }
  finish_number();
  if (sets.size() != n)
    throw bad(std::to_string(sets.size()) + " sets for " + std::to_string(n) + " processes");
  return sets;
}

} // namespace

std::vector<VoterSet> parse_voting_sets(const std::string &text, std::size_t n) {
  if (n < 2 || n > MaxVotingProcesses)
    throw BadInput("n = " + std::to_string(n) + " is out of range: voting sets take 2.." +
                   std::to_string(MaxVotingProcesses) + " processes");
  if (text == "grid")
    return grid_sets(n);
  if (!text.empty())
    return parse_list(text, n);
  if (n == 3)
    return {VoterSet::of({0, 1}), VoterSet::of({1, 2}), VoterSet::of({2, 0})};
  if (n == 4 || n == 9)
    return grid_sets(n);
  return std::vector<VoterSet>(n, VoterSet::first(n));
}

std::string violated_conditions(const std::vector<VoterSet> &sets) {
  std::string text;
  const auto add = [&](const std::string &what) { text += (text.empty() ? "" : "; ") + what; };
  for (std::size_t i = 0; i < sets.size(); ++i)
    if (!sets[i].contains(i))
      add(process_name(i) + " is not in V" + std::to_string(i + 1));
  for (std::size_t i = 0; i < sets.size(); ++i)
    for (std::size_t j = i + 1; j < sets.size(); ++j)
      if ((sets[i] & sets[j]).empty())
        add("V" + std::to_string(i + 1) + " and V" + std::to_string(j + 1) + " do not intersect");
  return text;
}

std::string to_string(const std::vector<VoterSet> &sets) {
  std::string text;
  for (std::size_t i = 0; i < sets.size(); ++i) {
    std::string members;
    sets[i].for_each(
        [&](std::size_t p) { members += (members.empty() ? "" : ",") + process_name(p); });
    text += (i ? " " : "") + std::string("V") + std::to_string(i + 1) + "={" + members + "}";
  }
  return text;
}

} // namespace protocheck::mutex
