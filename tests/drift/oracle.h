// The drift oracle. The unperturbed fixture's conversion (checked against the
// spec by fixture_conversion_test and families_test) gives the reference fact
// of every original cell; a variant's facts are traced back to those cells
// through the variant's cell origins and must
//   1. never be a wrong number: value and unit as the reference, measure (when
//      not empty) and codes as the reference, and no fact from a cell that had
//      none unless the perturbation added it as a value column (then with an
//      empty measure and the cell's own value);
//   2. recover at least 99% of the reference numbers that are still in the variant;
//   3. account for every reference number that does not come out with a
//      diagnostic naming its sheet and cell (or a range holding it).
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "drift/grid.h"
#include "drift/variant.h"
#include "pipeline/convert_file.h"

namespace bc::drift {

struct ReferenceFact {
  std::string value, unit, measure, function_code, econ_code, table_code;
  bool is_total = false;
};

// Reference facts by original cell; text facts (unit "text") are left out:
// they are not numbers, and label edits change them legitimately.
using Reference = std::map<Origin, ReferenceFact>;
Reference reference_of(const FileOutcome& outcome);

inline constexpr double kMinRecovery = 0.99;

struct CheckResult {
  std::size_t expected = 0;           // reference numbers still present in the variant
  std::size_t recovered = 0;          // of those, emitted with the exact value
  std::vector<std::string> failures;  // one line each: property, cell, what came out
  bool recovery_ok() const {
    return expected == 0 ||
           static_cast<double>(recovered) >= kMinRecovery * static_cast<double>(expected);
  }
};

CheckResult check_variant(const Variant& variant, const FileOutcome& outcome,
                          const Reference& reference);

}  // namespace bc::drift
