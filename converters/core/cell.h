// The cell model shared by every reader and every later stage.
//
// A cell keeps two texts: `value`, what the cell means (for numbers: the
// published decimal, see published_number() in decimal.h), and `raw`, exactly
// what the file stored (xlsx <v>, CSV field, BIFF double as shortest text).
// Numbers never pass through a binary float after they leave the file.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace bc {

enum class CellType : std::uint8_t {
  Empty,   // no value (never stored in a Sheet; returned by lookups)
  Text,    // string, shared/inline/rich text, CSV field
  Number,  // numeric; value is decimal text such as "838.98" or "-1e-05" normalised
  Bool,    // value "TRUE" or "FALSE"
  Error,   // value is the error text "#N/A", "#DIV/0!" ...
  Date,    // numeric cell with a date/time number format; value is ISO 8601
};

// Flags on a cell; the reference-reading format needs some of them.
enum CellFlag : std::uint8_t {
  kFlagNone = 0,
  kFlagFormula = 1,         // the cell holds a formula (value is its cached result)
  kFlagNoCachedValue = 2,   // a formula with no cached value (type is Empty-like Text "")
  kFlagDuration = 4,        // date type under an elapsed-time format ([h]:mm ...)
  kFlagBinaryDouble = 8,    // raw came from a binary double (.xls), not from decimal text
  kFlagPercent = 16,        // a number under a percent format (0%, 0.00%): shown times 100
};

const char* cell_type_name(CellType type);  // "n", "s", "b", "e", "d", "" (Empty)

}  // namespace bc
