#include <protocheck/explore.hpp>
#include <protocheck/params.hpp>

#include <charconv>

namespace protocheck {

std::vector<std::size_t> parse_explore_path(std::string_view text) {
  std::vector<std::size_t> path;
  if (text.empty())
    return path;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = std::min(text.find('.', start), text.size());
    const std::string_view part = text.substr(start, dot - start);
    std::size_t ordinal = 0;
    const auto [last, error] = std::from_chars(part.data(), part.data() + part.size(), ordinal);
    // Digits only: from_chars alone would take "+1" nowhere but accept leading zeros, which
    // would give one path several spellings; a link should have one.
    const bool canonical = !part.empty() && (part.size() == 1 || part.front() != '0');
    if (error != std::errc() || last != part.data() + part.size() || !canonical)
      throw BadInput("a path is ordinals separated by dots, like 0.2.1 (got " + in_quotes(text) +
                     ")");
    path.push_back(ordinal);
    if (path.size() > MaxExplorePathSteps + 1)
      throw BadInput("a path has at most " + std::to_string(MaxExplorePathSteps) + " steps");
    if (dot == text.size())
      return path;
    start = dot + 1;
  }
}

std::string_view to_string(ExploreStatus status) {
  switch (status) {
  case ExploreStatus::Holds:
    return "holds";
  case ExploreStatus::Violated:
    return "violated";
  case ExploreStatus::NotJudged:
    return "not-judged";
  case ExploreStatus::Witness:
    return "witness";
  case ExploreStatus::NotHere:
    return "not-here";
  case ExploreStatus::Value:
    return "value";
  case ExploreStatus::GoalHere:
    return "goal-here";
  case ExploreStatus::GoalNotHere:
    return "goal-not-here";
  }
  return "unknown";
}

std::string explore_path_text(std::span<const std::size_t> path) {
  std::string text;
  for (const std::size_t ordinal : path)
    text += (text.empty() ? "" : ".") + std::to_string(ordinal);
  return text;
}

} // namespace protocheck
