// The drift generator's perturbations: named, seeded, deterministic edits of
// a fixture workbook's sheets that real harvests show (other writers, other
// departments, other years). Each works from what the locator reported for
// the original sheet (header band, body rows, value columns, unit cell), never
// from cell addresses of one fixture, so it applies to every family.
#pragma once

#include <functional>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "drift/grid.h"

namespace bc::drift {

struct Context {
  std::mt19937 rng;
  // The unit of the reference fact at an original cell ("CNY", "count", ...),
  // or nullopt when the cell gave none: unit scaling leaves counts alone.
  std::function<std::optional<std::string>(const Origin&)> reference_unit;
  std::vector<std::string> notes;  // one line per edit, for failure messages

  // From the engine's raw output only: the standard distributions differ
  // between library versions, and a variant must be the same everywhere.
  std::size_t pick(std::size_t n) { return static_cast<std::size_t>(rng() % n); }
  bool chance(double p) { return static_cast<double>(rng()) < p * 4294967296.0; }
};

using Perturbation = std::function<void(std::vector<Grid>&, Context&)>;

struct Kind {
  std::string name;
  Perturbation apply;
};

// Every kind, in a fixed order (the report's row order).
const std::vector<Kind>& perturbation_kinds();
const Kind& perturbation_kind(const std::string& name);

}  // namespace bc::drift
