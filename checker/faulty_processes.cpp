#include "checker/faulty_processes.hpp"

#include <array>
#include <cctype>
#include <string_view>

namespace protocheck {
namespace {

// Variables whose value lists faulty processes, by the name of the variable (or its last part
// after a dot, e.g. "net.crashed").
bool lists_faulty(std::string_view name) {
  const auto dot = name.rfind('.');
  if (dot != std::string_view::npos)
    name.remove_prefix(dot + 1);
  constexpr std::array<std::string_view, 4> names{"traitors", "faulty", "crashed", "byzantine"};
  for (const std::string_view known : names)
    if (name == known)
      return true;
  return false;
}

// The process names in `value` as whole words ("{C, L2}" names C and L2, not L20).
void add_named(std::string_view value, const std::vector<std::string> &processes,
               std::set<std::size_t> &faulty) {
  const auto is_word = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
  };
  for (std::size_t i = 0; i < value.size();) {
    if (!is_word(value[i])) {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < value.size() && is_word(value[end]))
      ++end;
    const std::string_view word = value.substr(i, end - i);
    for (std::size_t p = 0; p < processes.size(); ++p)
      if (processes[p] == word)
        faulty.insert(p);
    i = end;
  }
}

} // namespace

std::set<std::size_t> faulty_from_trace(const Trace &trace,
                                        const std::vector<std::string> &processes) {
  // The last value of each listing variable is what holds at the end of the trace.
  std::vector<std::pair<std::string, std::string>> last;
  const auto remember = [&](const std::vector<Variable> &variables) {
    for (const Variable &variable : variables) {
      if (!lists_faulty(variable.name))
        continue;
      bool found = false;
      for (auto &[name, value] : last)
        if (name == variable.name) {
          value = variable.value;
          found = true;
        }
      if (!found)
        last.emplace_back(variable.name, variable.value);
    }
  };
  std::set<std::size_t> faulty;
  remember(trace.initial);
  for (const TraceStep &step : trace.steps) {
    remember(step.changes);
    if (step.event.kind == EventKind::Crash && step.event.actor < processes.size())
      faulty.insert(step.event.actor);
  }
  for (const auto &[name, value] : last)
    add_named(value, processes, faulty);
  return faulty;
}

} // namespace protocheck
