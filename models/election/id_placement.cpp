#include <protocheck/models/election/id_placement.hpp>

#include <protocheck/params.hpp>

#include <algorithm>
#include <charconv>
#include <random>
#include <set>

namespace protocheck::election {
namespace {

std::vector<std::string> split(const std::string &text, char separator) {
  std::vector<std::string> parts;
  std::string current;
  for (const char c : text) {
    if (c == separator) {
      parts.push_back(current);
      current.clear();
    } else if (c != ' ') {
      current += c;
    }
  }
  parts.push_back(current);
  return parts;
}

bool parse_number(const std::string &text, std::uint64_t &value) {
  const char *end = text.data() + text.size();
  const auto [last, error] = std::from_chars(text.data(), end, value);
  return !text.empty() && error == std::errc() && last == end;
}

std::vector<std::uint8_t> parse_list(const std::string &text, unsigned n, unsigned max_id) {
  std::vector<std::uint8_t> ids;
  std::set<std::uint64_t> seen;
  for (const std::string &part : split(text, ',')) {
    std::uint64_t id = 0;
    if (!parse_number(part, id) || id < 1 || id > max_id)
      throw BadInput("ids = '" + text + "': '" + part + "' is not an id; ids must be distinct " +
                     "whole numbers in 1.." + std::to_string(max_id));
    if (!seen.insert(id).second)
      throw BadInput("ids = '" + text + "': id " + part + " appears twice; ids must be distinct");
    ids.push_back(static_cast<std::uint8_t>(id));
  }
  if (n != 0 && ids.size() != n)
    throw BadInput("ids = '" + text + "' lists " + std::to_string(ids.size()) +
                   " ids but n = " + std::to_string(n) + "; give exactly n ids");
  return ids;
}

// Fisher-Yates with std::mt19937, whose output sequence the standard fixes (unlike std::shuffle and
// the distributions), so a seed gives the same ring everywhere.
std::vector<std::uint8_t> random_permutation(unsigned n, std::uint64_t seed) {
  std::vector<std::uint8_t> ids(n);
  for (unsigned k = 0; k < n; ++k)
    ids[k] = static_cast<std::uint8_t>(k + 1);
  std::mt19937 generator(static_cast<std::mt19937::result_type>(seed));
  for (unsigned k = n; k > 1; --k)
    std::swap(ids[k - 1], ids[generator() % k]);
  return ids;
}

} // namespace

bool is_id_list(const std::string &text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= '0' && c <= '9') || c == ',' || c == ' ';
  });
}

std::vector<std::uint8_t> parse_ids(const std::string &text, unsigned n, unsigned max_id) {
  if (is_id_list(text))
    return parse_list(text, n, max_id);
  std::vector<std::uint8_t> ids(n);
  if (text == "decreasing") {
    for (unsigned k = 0; k < n; ++k)
      ids[k] = static_cast<std::uint8_t>(n - k);
    return ids;
  }
  if (text == "increasing") {
    for (unsigned k = 0; k < n; ++k)
      ids[k] = static_cast<std::uint8_t>(k + 1);
    return ids;
  }
  const std::string prefix = "random-seed";
  if (text.rfind(prefix, 0) == 0 && text.size() > prefix.size() + 1 &&
      (text[prefix.size()] == '=' || text[prefix.size()] == ':' || text[prefix.size()] == ' ')) {
    std::uint64_t seed = 0;
    if (parse_number(text.substr(prefix.size() + 1), seed))
      return random_permutation(n, seed);
  }
  throw BadInput("ids = '" + text + "' is not understood: use decreasing, increasing, " +
                 "random-seed=S (S a whole number) or a list of distinct ids such as 3,1,4,2");
}

std::vector<bool> parse_processes(const std::string &parameter, const std::string &text,
                                  unsigned n) {
  if (text == "any" || text == "all")
    return std::vector<bool>(n, true);
  std::vector<bool> may_initiate(n, false);
  for (const std::string &part : split(text, ',')) {
    std::uint64_t process = 0;
    if (!parse_number(part, process) || process < 1 || process > n)
      throw BadInput(parameter + " = '" + text + "': '" + part + "' is not a process number; use " +
                     "any, or process numbers in 1.." + std::to_string(n) + " such as 1,3");
    may_initiate[process - 1] = true;
  }
  return may_initiate;
}

std::vector<unsigned> parse_process_order(const std::string &parameter, const std::string &text,
                                          unsigned n) {
  std::vector<unsigned> order;
  for (const std::string &part : split(text, ',')) {
    std::uint64_t process = 0;
    if (!parse_number(part, process) || process < 1 || process > n)
      throw BadInput(parameter + " = '" + text + "': '" + part + "' is not a process number; use " +
                     "process numbers in 1.." + std::to_string(n) + " such as " +
                     std::to_string(n) + "," + std::to_string(n > 1 ? n - 1 : n));
    if (std::ranges::find(order, unsigned(process - 1)) != order.end())
      throw BadInput(parameter + " = '" + text + "' names process " + part + " twice");
    order.push_back(static_cast<unsigned>(process - 1));
  }
  return order;
}

} // namespace protocheck::election
