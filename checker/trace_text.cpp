#include <protocheck/engine/trace_text.hpp>

#include <cstdio>
#include <stdexcept>
#include <unordered_map>

namespace protocheck {

std::vector<Variable> changed_variables(const StateView &before, const StateView &after) {
  std::unordered_map<std::string_view, std::string_view> old_values;
  for (const Variable &variable : before)
    old_values.emplace(variable.name, variable.value);
  std::vector<Variable> changes;
  for (const Variable &variable : after) {
    const auto old = old_values.find(variable.name);
    if (old == old_values.end() || old->second != variable.value)
      changes.push_back(variable);
    if (old != old_values.end())
      old_values.erase(old);
  }
  for (const Variable &variable : before)
    if (old_values.count(variable.name) != 0)
      changes.push_back({variable.name, "-"});
  return changes;
}

std::string format_seconds(double seconds) {
  char text[64];
  if (seconds < 1)
    std::snprintf(text, sizeof text, "%.0f ms", seconds * 1000);
  else if (seconds < 60)
    std::snprintf(text, sizeof text, "%.2f s", seconds);
  else
    std::snprintf(text, sizeof text, "%d min %02d s", static_cast<int>(seconds) / 60,
                  static_cast<int>(seconds) % 60);
  return text;
}

std::string format_bytes(std::uint64_t bytes) {
  char text[64];
  const double value = static_cast<double>(bytes);
  if (bytes < (1u << 20))
    std::snprintf(text, sizeof text, "%.1f KiB", value / 1024);
  else if (bytes < (std::uint64_t{1} << 30))
    std::snprintf(text, sizeof text, "%.1f MiB", value / (1 << 20));
  else
    std::snprintf(text, sizeof text, "%.2f GiB", value / (1 << 30));
  return text;
}

const PropertyResult &property(const CheckReport &report, std::string_view name) {
  for (const PropertyResult &result : report.properties)
    if (result.name == name)
      return result;
  throw std::out_of_range("no property named " + std::string(name) + " in model " + report.model);
}

} // namespace protocheck
