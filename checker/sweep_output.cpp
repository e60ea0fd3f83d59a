// A sweep as a table for people and as JSON for programs.
#include "checker/report/text.hpp"
#include "checker/sweep.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace protocheck {
namespace {

std::vector<std::pair<std::string, std::string>> params_of(const SweepResult &result,
                                                           const SweepCell &cell) {
  if (cell.report)
    return cell.report->params;
  std::vector<std::pair<std::string, std::string>> params;
  for (std::size_t i = 0; i < result.axes.size(); ++i)
    params.emplace_back(result.axes[i].name, std::to_string(cell.coordinates[i]));
  for (const auto &[name, value] : result.fixed)
    params.emplace_back(name, value);
  return params;
}

std::string seconds_text(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", seconds);
  return text;
}

std::string pad(std::string text, std::size_t width, bool right) {
  if (text.size() >= width)
    return text;
  const std::string fill(width - text.size(), ' ');
  return right ? fill + text : text + fill;
}

std::string grid_text(const SweepResult &result) {
  std::string text;
  for (const SweepAxis &axis : result.axes)
    text += (text.empty() ? "" : ", ") + axis.name + " = " + std::to_string(axis.low) +
            (axis.high != axis.low ? ".." + std::to_string(axis.high) : "");
  return text;
}

} // namespace

std::string render_sweep_table(const SweepResult &result) {
  std::vector<std::string> header;
  for (const SweepAxis &axis : result.axes)
    header.push_back(axis.name);
  for (const std::string &property : result.properties)
    header.push_back(property);
  header.push_back("states");
  header.push_back("seconds");
  std::vector<std::vector<std::string>> rows;
  const SweepCell *first_rejected = nullptr;
  bool any_limit = false;
  for (const SweepCell &cell : result.cells) {
    std::vector<std::string> row;
    for (const std::int64_t value : cell.coordinates)
      row.push_back(std::to_string(value));
    for (const std::string &property : result.properties)
      row.push_back(cell_verdict(cell, property));
    row.push_back(cell.report ? std::to_string(cell.report->stats.states) : "-");
    row.push_back(cell.report ? seconds_text(cell.report->stats.seconds) : "-");
    rows.push_back(std::move(row));
    if (cell.status == CellStatus::NotApplicable && first_rejected == nullptr)
      first_rejected = &cell;
    any_limit = any_limit || cell.status == CellStatus::Limit;
  }
  std::vector<std::size_t> width(header.size());
  for (std::size_t c = 0; c < header.size(); ++c) {
    width[c] = header[c].size();
    for (const auto &row : rows)
      width[c] = std::max(width[c], row[c].size());
  }
  // Numbers (the axes, states and seconds) are right-aligned, verdicts left-aligned.
  const auto numeric = [&](std::size_t c) {
    return c < result.axes.size() || c + 2 >= header.size();
  };
  std::ostringstream out;
  out << "sweep " << result.model << " over " << grid_text(result);
  const std::string fixed = parameters_text(result.fixed);
  if (!fixed.empty())
    out << " with " << fixed;
  out << "\n\n";
  const auto print_row = [&](const std::vector<std::string> &row) {
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c)
      line += "  " + pad(row[c], width[c], numeric(c));
    while (!line.empty() && line.back() == ' ')
      line.pop_back();
    out << line << "\n";
  };
  print_row(header);
  for (const auto &row : rows)
    print_row(row);
  out << "\n";
  if (first_rejected != nullptr) {
    std::string where;
    for (std::size_t i = 0; i < result.axes.size(); ++i)
      where += (i == 0 ? "" : ", ") + result.axes[i].name + " = " +
               std::to_string(first_rejected->coordinates[i]);
    out << "n/a: the model rejects these parameters (e.g. " << where << ": "
        << first_rejected->reason << ")\n";
  }
  if (any_limit)
    out << "limit: the per-cell limit stopped the run before this verdict was decided\n";
  if (result.interrupted)
    out << "interrupted: the cells after the last row were not checked\n";
  double collision = -1;
  for (const SweepCell &cell : result.cells)
    if (cell.report && cell.report->fingerprints)
      collision = std::max(collision, cell.report->collision_probability);
  if (collision >= 0) {
    char probability[32];
    std::snprintf(probability, sizeof probability, "%.2g", collision);
    out << "fingerprint mode: not exhaustive-exact; the probability that a collision hid a state "
           "is at most states^2 / 2^65 in each cell, "
        << probability << " in the largest\n";
  }
  out << "boundary: " << boundary_sentence(result) << "\n";
  return out.str();
}

Json sweep_to_json(const SweepResult &result) {
  Json json;
  json["model"] = result.model;
  Json axes = Json::array();
  for (const SweepAxis &axis : result.axes)
    axes.push_back({{"name", axis.name}, {"from", axis.low}, {"to", axis.high}});
  json["axes"] = axes;
  Json cells = Json::array();
  for (const SweepCell &cell : result.cells) {
    if (cell.report) {
      cells.push_back(to_json(*cell.report));
      continue;
    }
    Json rejected;
    rejected["model"] = result.model;
    rejected["params"] = params_to_json(params_of(result, cell));
    rejected["result"] = "n/a";
    rejected["reason"] = cell.reason;
    cells.push_back(rejected);
  }
  json["cells"] = cells;
  json["boundary"] = boundary_sentence(result);
  if (result.interrupted)
    json["interrupted"] = true;
  return json;
}

} // namespace protocheck
