// Shared formulas: xlsx stores the text once, on the master cell; the other
// cells of the group get it with their relative references moved.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace bc {

// Moves the relative (non-$) parts of every A1 reference in `formula` by
// (row_delta, col_delta). Text in "strings" and 'sheet names' is left alone;
// a reference moved off the grid becomes #REF!.
std::string shift_formula_references(std::string_view formula, std::int64_t row_delta,
                                     std::int64_t col_delta);

}  // namespace bc
