// Resilience sweeps: one check per cell of a grid of parameter values (e.g. n = 3..7 by f = 0..2),
// the verdict of every property in every cell, and the boundary between the cells where a property
// holds and where it fails (e.g. "IC1 and IC2 hold exactly when n >= 3f+1 on this grid").
#pragma once

#include <protocheck/options.hpp>
#include <protocheck/registry.hpp>
#include <protocheck/report.hpp>
#include "checker/report/json.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace protocheck {

// An integer parameter that takes every value in [low, high].
struct SweepAxis {
  std::string name;
  std::int64_t low = 0;
  std::int64_t high = 0;
};

enum class CellStatus : std::uint8_t {
  Checked,       // every property decided
  Limit,         // the per-cell limit stopped the run: undecided properties are "limit"
  NotApplicable, // the model rejects these parameters (e.g. f >= n)
};

struct SweepCell {
  std::vector<std::int64_t> coordinates; // one per axis
  CellStatus status = CellStatus::Checked;
  std::string reason;                // NotApplicable: the model's words
  std::optional<CheckReport> report; // Checked and Limit
};

struct SweepRequest {
  std::vector<SweepAxis> axes;              // in the model's declaration order
  std::map<std::string, std::string> fixed; // the other parameters given, as text
  CheckOptions options;                     // per cell; all = true, so every property is decided
  // Called before each cell is checked, e.g. to label a progress line.
  std::function<void(const std::vector<std::int64_t> &coordinates)> on_cell;
};

struct SweepResult {
  std::string model;
  std::vector<SweepAxis> axes;
  std::map<std::string, std::string> fixed;
  std::vector<std::string> properties; // names, in the model's order
  std::vector<SweepCell> cells;        // first axis outermost
  bool interrupted = false;            // stopped (Ctrl-C) before the last cell
};

// Splits the parameters given on the command line into axes (integer parameters given as a
// range "low..high") and fixed values; checks range endpoints against the parameter's bounds.
// Throws BadInput.
SweepRequest plan_sweep(const ModelEntry &entry, const std::map<std::string, std::string> &given);

SweepResult run_sweep(const ModelEntry &entry, const SweepRequest &request);

// The verdict of a property in a cell as the table shows it: "holds", "VIOLATED", "limit", "n/a",
// or for a bound its maximum.
std::string cell_verdict(const SweepCell &cell, const std::string &property);

// ---- Boundaries ----

// A rule "x >= a*y + b" over the first two axes (a = 0 for one axis: "x >= b"), or "x <= b" for
// one axis, that separates the decided cells where a property holds from those where it fails.
struct BoundaryRule {
  bool at_least = true; // x >= ..., else x <= ...
  std::int64_t a = 0;
  std::int64_t b = 0;
};

// For each property: the rule its verdicts follow on the grid, in one sentence for all of them,
// e.g. "IC1 and IC2 hold exactly when n >= 3f+1 on this grid; termination holds on every decided
// cell".
std::string boundary_sentence(const SweepResult &result);

// The cells where `property` was decided, as (coordinates, holds).
struct Observation {
  std::vector<std::int64_t> coordinates;
  bool holds = false;
};
// The simplest rule matching every observation: for two axes, a in 0..4 then b in -2..4; for one
// axis, any threshold. Nothing when no rule of that form fits.
std::optional<BoundaryRule> find_boundary(const std::vector<Observation> &observations,
                                          std::size_t axes);
std::string rule_text(const BoundaryRule &rule, const std::vector<SweepAxis> &axes);
// Every rule of find_boundary's form that matches every observation, simplest first: more than
// one when the grid cannot tell them apart (two values of f fix no slope; a gap in n, no
// threshold).
std::vector<BoundaryRule> fitting_boundaries(const std::vector<Observation> &observations,
                                             std::size_t axes);

// ---- Output ----

std::string render_sweep_table(const SweepResult &result);
// {model, axes, cells: [the check --json object of each cell], boundary: sentence}
Json sweep_to_json(const SweepResult &result);

} // namespace protocheck
