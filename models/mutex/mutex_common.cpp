#include <protocheck/models/mutex/mutex_common.hpp>

namespace protocheck::mutex {

std::string_view phase_name(std::uint8_t phase) {
  switch (phase) {
  case Released:
    return "released";
  case Wanted:
    return "wanted";
  case Held:
    return "held";
  default:
    return "?";
  }
}

std::string process_name(std::size_t p) { return "p" + std::to_string(p + 1); }

std::vector<std::string> numbered_process_names(std::size_t n) {
  std::vector<std::string> names;
  for (std::size_t p = 0; p < n; ++p)
    names.push_back(process_name(p));
  return names;
}

} // namespace protocheck::mutex

namespace protocheck::mutex {

std::string find_wait_cycle(const std::vector<std::vector<std::size_t>> &waits_on) {
  // Depth-first search with colours; the first back edge closes a cycle.
  const std::size_t n = waits_on.size();
  std::vector<int> colour(n, 0); // 0 unseen, 1 on the current path, 2 done
  std::vector<std::size_t> path;
  std::string found;
  const auto visit = [&](auto &&self, std::size_t p) -> bool {
    colour[p] = 1;
    path.push_back(p);
    for (const std::size_t q : waits_on[p]) {
      if (q >= n)
        continue;
      if (colour[q] == 1) {
        std::size_t start = 0;
        while (path[start] != q)
          ++start;
        for (std::size_t k = start; k < path.size(); ++k)
          found += process_name(path[k]) + " -> ";
        found += process_name(q);
        return true;
      }
      if (colour[q] == 0 && self(self, q))
        return true;
    }
    colour[p] = 2;
    path.pop_back();
    return false;
  };
  for (std::size_t p = 0; p < n; ++p)
    if (colour[p] == 0 && visit(visit, p))
      return found;
  return {};
}

} // namespace protocheck::mutex
