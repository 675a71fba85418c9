// Reading an amount from a value cell: numeric cells as stored, text cells
// typed by people ("4,092.38") or damaged by OCR ("7, 836. 48"). A repaired
// reading is flagged; anything not read with confidence is Invalid, never a
// guess and never zero.
#pragma once

#include <string>

#include "core/decimal.h"
#include "core/sheet.h"

namespace bc {

struct AmountReading {
  enum class Status { Ok, Blank, Placeholder, Invalid };
  Status status = Status::Blank;
  Decimal value;
  bool repaired = false;  // spaces inside the number were removed (OCR damage)
  std::string problem;    // why it is Invalid, for the diagnostic
};

// Placeholders that mean "nothing here": "-", "—", "——", "－", "/", "…".
bool is_placeholder_text(const std::string& trimmed);

AmountReading read_amount(const CellView& cell);
AmountReading read_amount_text(const std::string& text);

}  // namespace bc
