// The "reference reading" JSON Lines format of shared/corpus (see its
// README): one file record, then per sheet a sheet record followed by that
// sheet's non-empty cells in row-major order. `budgetconv inspect FILE
// --format jsonl` prints it, so our reading can be diffed against openpyxl's.
#pragma once

#include "core/sha256.h"  // file_sha256, used for the "sha256" of a reading

#include <ostream>
#include <string>
#include <string_view>

#include "core/diagnostic.h"
#include "read/workbook.h"

namespace bc {

// Writes the whole workbook, reading its sheets one at a time.
// `display_path` is printed as "path"; when `file_path` is given, "bytes" and
// "sha256" are computed from that file. Throws InputError from read_sheet().
void write_reading_jsonl(std::ostream& out, const std::string& display_path, Workbook& workbook,
                         const std::string& file_path = "");

// The file record of a file we could not read: "ok": false with the error.
void write_reading_jsonl_error(std::ostream& out, const std::string& display_path,
                               const InputError& error, const std::string& file_path = "");

// Python's repr() of a double: shortest round-trip digits, "3.0", "0.0001",
// "1e-05", "1e+16", "1.2345678901234568e+17". NaN and infinities give "nan",
// "inf", "-inf". This is the one place a cell value becomes a double: the
// reference format prints numbers that way.
std::string python_float_repr(double value);

// JSON string literal (with quotes) as Python's json.dumps(ensure_ascii=False)
// writes it. Invalid UTF-8 bytes become U+FFFD.
std::string json_quote(std::string_view text);


}  // namespace bc
