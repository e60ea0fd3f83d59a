// Small text helpers shared by the engine's report building and the renderers.
#pragma once

#include <protocheck/model.hpp>
#include <protocheck/report.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace protocheck {

// The variables of `after` whose value differs from `before` (new ones included, in the order of
// `after`); a variable that disappeared is listed with the value "-".
std::vector<Variable> changed_variables(const StateView &before, const StateView &after);

// "0.42 s", "12 ms", "3 min 5 s"
std::string format_seconds(double seconds);
// "12.3 MiB"
std::string format_bytes(std::uint64_t bytes);

// 12345678 -> "12,345,678"
inline std::string grouped_digits(std::uint64_t number) {
  std::string digits = std::to_string(number);
  for (std::size_t i = digits.size(); i > 3; i -= 3)
    digits.insert(i - 3, ",");
  return digits;
}

// The property of that name; throws std::out_of_range naming it.
const PropertyResult &property(const CheckReport &report, std::string_view name);

} // namespace protocheck
