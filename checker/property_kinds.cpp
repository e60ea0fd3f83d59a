#include <protocheck/property.hpp>

#include <array>

namespace protocheck {
namespace {

constexpr std::array<PropertyKindMeaning, 7> meanings{{
    {"always", "P is evaluated in every reachable state",
     "P holds in every reachable state", "some reachable state violates P", "VIOLATED",
     "counterexample to"},
    {"at-end", "P is evaluated in every reachable state without successors",
     "every terminal state satisfies P", "some run ends in a state violating P (a deadlock when "
     "processes still wait)", "VIOLATED", "counterexample to"},
    {"reachable", "P is evaluated in every reachable state until one satisfies it",
     "some reachable state satisfies P (the trace is a witness)",
     "no reachable state satisfies P", "UNREACHABLE", "witness for"},
    {"bound", "the measure is evaluated in every reachable state; its maximum is reported",
     "the maximum is exact (the whole state space was explored)", "never violated", "VIOLATED",
     "an execution reaching the maximum of"},
    {"eventually",
     "judged on the explored state graph (strongly connected components) under the model's "
     "weak fairness",
     "every fair execution reaches a P state",
     "a fair execution never reaches P (a lasso, or a path to a deadlock)", "VIOLATED",
     "counterexample to"},
    {"always-eventually",
     "judged on the explored state graph (strongly connected components) under the model's "
     "weak fairness",
     "every fair execution visits P states infinitely often (or ends in one)",
     "a fair execution stops visiting P (a lasso avoiding P, or a deadlock outside P)",
     "VIOLATED", "counterexample to"},
    {"leads-to",
     "judged on the explored state graph (strongly connected components) under the model's "
     "weak fairness",
     "every fair execution that reaches a trigger state reaches a P state then or later",
     "a fair execution reaches a trigger state and then never P", "VIOLATED",
     "counterexample to"},
}};

} // namespace

const PropertyKindMeaning &meaning(PropertyKind kind) {
  return meanings.at(static_cast<std::size_t>(kind));
}

std::string_view to_string(PropertyKind kind) { return meaning(kind).name; }

} // namespace protocheck
