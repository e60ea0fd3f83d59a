// The boundary a sweep observed: for each property, the simplest rule "x >= a*y + b" (or, over
// one axis, "x >= k" / "x <= k") that separates the decided cells where it holds from those where
// it fails. Cells the model rejects or that a limit left undecided say nothing either way.
#include "checker/sweep.hpp"

#include <algorithm>

namespace protocheck {
namespace {

bool satisfies(const BoundaryRule &rule, const std::vector<std::int64_t> &at) {
  const std::int64_t threshold = rule.a * (at.size() > 1 ? at[1] : 0) + rule.b;
  return rule.at_least ? at[0] >= threshold : at[0] <= threshold;
}

bool fits(const BoundaryRule &rule, const std::vector<Observation> &observations) {
  return std::all_of(observations.begin(), observations.end(), [&](const Observation &o) {
    return satisfies(rule, o.coordinates) == o.holds;
  });
}

std::vector<Observation> observe(const SweepResult &result, const std::string &property) {
  std::vector<Observation> observations;
  for (const SweepCell &cell : result.cells) {
    if (!cell.report)
      continue;
    for (const PropertyResult &verdict : cell.report->properties)
      if (verdict.name == property && verdict.verdict != Verdict::Unknown)
        observations.push_back({cell.coordinates, verdict.verdict == Verdict::Holds});
  }
  return observations;
}

// What backs a rule: how many decided cells, and the other rules of its form that fit them as
// well (then the grid does not pin the boundary, and a wider one would).
std::string backing(const std::vector<Observation> &observations,
                    const std::vector<BoundaryRule> &rules, const std::vector<SweepAxis> &axes,
                    bool plural) {
  const auto holding = std::count_if(observations.begin(), observations.end(),
                                     [](const Observation &o) { return o.holds; });
  std::string text = " (" + std::to_string(observations.size()) + " decided cells, " +
                     std::to_string(holding) + (plural ? " where they hold" : " where it holds");
  if (rules.size() == 2)
    text += "; " + rule_text(rules[1], axes) + " fits them too, and a wider grid would tell which";
  else if (rules.size() > 2)
    text += "; " + std::to_string(rules.size() - 1) + " other rules of this form fit them too (" +
            rule_text(rules[1], axes) + ", ...), and a wider grid would tell which";
  return text + ")";
}

// What a group of properties does on the grid, with the verb for one or several of them.
std::string behaviour(const std::vector<Observation> &observations, const SweepResult &result,
                      bool plural) {
  const auto holds = [](const Observation &o) { return o.holds; };
  if (observations.empty())
    return plural ? "are decided in no cell" : "is decided in no cell";
  if (std::all_of(observations.begin(), observations.end(), holds))
    return std::string(plural ? "hold" : "holds") + " on every decided cell of this grid";
  if (std::none_of(observations.begin(), observations.end(), holds))
    return std::string(plural ? "are" : "is") + " violated on every decided cell of this grid";
  if (result.axes.size() > 2)
    return std::string(plural ? "vary" : "varies") +
           " (boundaries are searched for sweeps over one or two parameters only)";
  if (const auto rules = fitting_boundaries(observations, result.axes.size()); !rules.empty())
    return std::string(plural ? "hold" : "holds") + " exactly when " +
           rule_text(rules.front(), result.axes) + " on this grid" +
           backing(observations, rules, result.axes, plural);
  const std::string &x = result.axes[0].name;
  const std::string form = result.axes.size() == 2 ? x + " >= a*" + result.axes[1].name + " + b"
                                                   : x + " >= k or " + x + " <= k";
  return std::string(plural ? "follow" : "follows") + " no simple boundary of the form " + form;
}

// Cells where every one of `properties` holds (true) or one of them is violated (false); cells
// with an undecided property and no violation say nothing.
std::vector<Observation> conjunction(const SweepResult &result,
                                     const std::vector<std::string> &properties) {
  std::vector<Observation> observations;
  for (const SweepCell &cell : result.cells) {
    if (!cell.report)
      continue;
    bool violated = false, undecided = false;
    for (const PropertyResult &verdict : cell.report->properties) {
      if (std::find(properties.begin(), properties.end(), verdict.name) == properties.end())
        continue;
      violated = violated || verdict.verdict == Verdict::Violated;
      undecided = undecided || verdict.verdict == Verdict::Unknown;
    }
    if (violated || !undecided)
      observations.push_back({cell.coordinates, !violated});
  }
  return observations;
}

std::string join_names(const std::vector<std::string> &names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i)
    out += (i == 0 ? "" : i + 1 == names.size() ? " and " : ", ") + names[i];
  return out;
}

} // namespace

std::optional<BoundaryRule> find_boundary(const std::vector<Observation> &observations,
                                          std::size_t axes) {
  const std::vector<BoundaryRule> rules = fitting_boundaries(observations, axes);
  if (rules.empty())
    return std::nullopt;
  return rules.front();
}

std::vector<BoundaryRule> fitting_boundaries(const std::vector<Observation> &observations,
                                             std::size_t axes) {
  std::vector<BoundaryRule> rules;
  if (observations.empty() || axes == 0 || axes > 2)
    return rules;
  if (axes == 1) {
    std::optional<std::int64_t> lowest_holding, highest_holding;
    for (const Observation &o : observations) {
      if (!o.holds)
        continue;
      lowest_holding = std::min(lowest_holding.value_or(o.coordinates[0]), o.coordinates[0]);
      highest_holding = std::max(highest_holding.value_or(o.coordinates[0]), o.coordinates[0]);
    }
    if (!lowest_holding)
      return rules;
    // x >= k fits for the lowest holding x, and for each k below it down to just above the
    // highest failing x (or to the lowest x seen); x <= k alike, upwards.
    std::int64_t lowest = observations.front().coordinates[0];
    std::int64_t highest = lowest;
    for (const Observation &o : observations) {
      lowest = std::min(lowest, o.coordinates[0]);
      highest = std::max(highest, o.coordinates[0]);
    }
    for (std::int64_t k = *lowest_holding; k >= lowest && fits({true, 0, k}, observations); --k)
      rules.push_back({true, 0, k});
    if (!rules.empty())
      return rules;
    for (std::int64_t k = *highest_holding; k <= highest && fits({false, 0, k}, observations); ++k)
      rules.push_back({false, 0, k});
    return rules;
  }
  for (std::int64_t a = 0; a <= 4; ++a)
    for (std::int64_t b = -2; b <= 4; ++b)
      if (const BoundaryRule rule{true, a, b}; fits(rule, observations))
        rules.push_back(rule);
  return rules;
}

std::string rule_text(const BoundaryRule &rule, const std::vector<SweepAxis> &axes) {
  std::string text = axes[0].name + (rule.at_least ? " >= " : " <= ");
  if (rule.a == 0 || axes.size() < 2)
    return text + std::to_string(rule.b);
  const std::string &y = axes[1].name;
  if (rule.a != 1)
    text += std::to_string(rule.a) + (y.size() > 1 ? "*" : "");
  text += y;
  if (rule.b > 0)
    text += "+" + std::to_string(rule.b);
  else if (rule.b < 0)
    text += "-" + std::to_string(-rule.b);
  return text;
}

std::string boundary_sentence(const SweepResult &result) {
  // Properties that behave alike share one clause, in the model's order.
  std::vector<std::pair<std::vector<std::string>, std::vector<Observation>>> groups;
  for (const std::string &property : result.properties) {
    bool bound = false;
    for (const SweepCell &cell : result.cells)
      if (cell.report)
        for (const PropertyResult &verdict : cell.report->properties)
          bound = bound || (verdict.name == property && verdict.kind == PropertyKind::Bound);
    if (bound)
      continue; // a maximum, not a verdict
    std::vector<Observation> observations = observe(result, property);
    bool joined = false;
    for (auto &[names, seen] : groups) {
      const bool same = seen.size() == observations.size() &&
                        std::equal(seen.begin(), seen.end(), observations.begin(),
                                   [](const Observation &x, const Observation &y) {
                                     return x.coordinates == y.coordinates && x.holds == y.holds;
                                   });
      if (same) {
        names.push_back(property);
        joined = true;
        break;
      }
    }
    if (!joined)
      groups.push_back({{property}, std::move(observations)});
  }
  if (groups.empty())
    return "no property with a verdict to compare";
  std::string sentence;
  for (const auto &[names, observations] : groups)
    sentence += (sentence.empty() ? "" : "; ") + join_names(names) + " " +
                behaviour(observations, result, names.size() > 1);
  // Properties that fail on different cells may still fail together along a simple rule (OM: IC1
  // and IC2 both hold exactly when n >= 3f+1, though IC1 alone holds for n = 3, f = 1).
  std::vector<std::string> failing;
  std::vector<const std::vector<Observation> *> failing_observations;
  for (const auto &[names, observations] : groups)
    if (std::any_of(observations.begin(), observations.end(),
                    [](const Observation &o) { return !o.holds; })) {
      failing.insert(failing.end(), names.begin(), names.end());
      failing_observations.push_back(&observations);
    }
  if (failing_observations.size() > 1) {
    const auto together = conjunction(result, failing);
    const bool mixed =
        std::any_of(together.begin(), together.end(), [](const Observation &o) { return o.holds; });
    if (const auto rules = fitting_boundaries(together, result.axes.size());
        !rules.empty() && mixed)
      sentence = join_names(failing) + " hold together exactly when " +
                 rule_text(rules.front(), result.axes) + " on this grid" +
                 backing(together, rules, result.axes, true) + "; " + sentence;
  }
  std::size_t limited = 0;
  for (const SweepCell &cell : result.cells)
    limited += cell.status == CellStatus::Limit;
  if (limited > 0)
    sentence += "; " + std::to_string(limited) + (limited == 1 ? " cell was" : " cells were") +
                " stopped by the per-cell limit, and only their decided verdicts count";
  return sentence;
}

} // namespace protocheck
