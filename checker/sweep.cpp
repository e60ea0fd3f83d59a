#include "checker/sweep.hpp"

#include <protocheck/params.hpp>

namespace protocheck {
namespace {

constexpr std::uint64_t MaxCells = 10000;

const ParamSpec *find_spec(const ModelEntry &entry, const std::string &name) {
  for (const ParamSpec &spec : entry.parameters)
    if (spec.name == name)
      return &spec;
  return nullptr;
}

std::map<std::string, std::string> cell_params(const SweepRequest &request,
                                               const std::vector<std::int64_t> &coordinates) {
  std::map<std::string, std::string> given = request.fixed;
  for (std::size_t i = 0; i < request.axes.size(); ++i)
    given[request.axes[i].name] = std::to_string(coordinates[i]);
  return given;
}

} // namespace

SweepRequest plan_sweep(const ModelEntry &entry, const std::map<std::string, std::string> &given) {
  SweepRequest request;
  std::map<std::string, std::string> first_cell; // to check names and single values up front
  for (const auto &[name, text] : given) {
    const ParamSpec *spec = find_spec(entry, name);
    if (spec == nullptr || spec->type != ParamType::Integer ||
        text.find("..") == std::string::npos) {
      request.fixed[name] = text;
      first_cell[name] = text;
      continue;
    }
    const auto [low, high] = parse_range(name, text);
    if (low < spec->min || high > spec->max)
      throw BadInput(name + " = " + text + " is out of range: " + name + " must be in " +
                     std::to_string(spec->min) + ".." + std::to_string(spec->max));
    first_cell[name] = std::to_string(low);
  }
  ParamValues::parse(entry.parameters, first_cell); // unknown names, bad single values
  // Axes in the model's declaration order, so that "n >= a*f + b" reads the way the model does.
  std::uint64_t cells = 1;
  for (const ParamSpec &spec : entry.parameters) {
    const auto found = given.find(spec.name);
    if (found == given.end() || request.fixed.count(spec.name) != 0)
      continue;
    const auto [low, high] = parse_range(spec.name, found->second);
    request.axes.push_back({spec.name, low, high});
    cells *= static_cast<std::uint64_t>(high - low + 1);
    if (cells > MaxCells)
      throw BadInput("the grid has more than " + std::to_string(MaxCells) +
                     " cells; give smaller ranges");
  }
  if (request.axes.empty())
    throw BadInput("sweep needs at least one integer parameter given as a range, e.g. --n 3..7");
  return request;
}

SweepResult run_sweep(const ModelEntry &entry, const SweepRequest &request) {
  SweepResult result;
  result.model = entry.name;
  result.axes = request.axes;
  result.fixed = request.fixed;
  CheckOptions options = request.options;
  options.all = true; // a sweep wants every property's verdict in every cell
  std::vector<std::int64_t> coordinates;
  for (const SweepAxis &axis : request.axes)
    coordinates.push_back(axis.low);
  while (true) {
    SweepCell cell;
    cell.coordinates = coordinates;
    if (request.on_cell)
      request.on_cell(coordinates);
    try {
      const ParamValues values =
          ParamValues::parse(entry.parameters, cell_params(request, coordinates));
      cell.report = entry.check(values, options);
      cell.status = CellStatus::Checked;
      for (const PropertyResult &property : cell.report->properties)
        if (property.verdict == Verdict::Unknown)
          cell.status = CellStatus::Limit;
      if (result.properties.empty())
        for (const PropertyResult &property : cell.report->properties)
          result.properties.push_back(property.name);
    } catch (const BadInput &error) {
      cell.status = CellStatus::NotApplicable;
      cell.reason = error.what();
    }
    result.cells.push_back(std::move(cell));
    if (options.interrupt != nullptr && options.interrupt->load()) {
      result.interrupted = true;
      break;
    }
    // The next cell: the last axis moves fastest.
    std::size_t axis = request.axes.size();
    while (axis > 0 && coordinates[axis - 1] == request.axes[axis - 1].high) {
      coordinates[axis - 1] = request.axes[axis - 1].low;
      --axis;
    }
    if (axis == 0)
      break;
    ++coordinates[axis - 1];
  }
  return result;
}

std::string cell_verdict(const SweepCell &cell, const std::string &property) {
  if (cell.status == CellStatus::NotApplicable || !cell.report)
    return "n/a";
  for (const PropertyResult &result : cell.report->properties) {
    if (result.name != property)
      continue;
    switch (result.verdict) {
    case Verdict::Holds:
      if (result.kind == PropertyKind::Bound)
        return result.value ? "max " + std::to_string(*result.value) : "none";
      return "holds";
    case Verdict::Violated:
      return "VIOLATED";
    case Verdict::Unknown:
      return "limit";
    }
  }
  return "-";
}

} // namespace protocheck
