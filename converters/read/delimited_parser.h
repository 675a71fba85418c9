// Splitting UTF-8 text into records and fields, shared by the CSV reader
// (RFC 4180 quoting) and the text-dump reader (TAB, no quoting). The quoting
// rules follow Python's csv module in its default, lenient dialect, which made
// the corpus reference readings: CRLF, LF and lone CR each end a record, a
// quote opens a quoted field only at the field's start, `""` inside one is a
// quote, text after a closing quote is appended, and the end of input closes
// an open quoted field.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/sheet.h"
#include "read/workbook.h"

namespace bc {

class DelimitedParser {
 public:
  static constexpr std::size_t kNoLimit = std::numeric_limits<std::size_t>::max();

  // Fields past max_field_bytes are truncated and fields past max_fields
  // dropped, so a hostile line cannot make the parser buffer without bound;
  // both are reported below.
  DelimitedParser(std::string_view text, char delimiter, bool quoting,
                  std::size_t max_field_bytes = kNoLimit, std::size_t max_fields = kNoLimit);

  // Parses the next record; false at the end of input. A blank line is a
  // record with no fields. The text after the last line end is no record.
  bool next();
  // Fields of the current record; valid until the next call to next().
  const std::vector<std::string_view>& fields() const { return fields_; }
  std::uint64_t record_index() const { return record_ - 1; }    // zero-based
  std::size_t record_offset() const { return record_offset_; }  // byte offset of its start

  // A field of the current record was longer than max_field_bytes (it is
  // truncated in fields()); oversized_field() is its index.
  bool field_too_long() const { return oversized_field_ != kNoLimit; }
  std::size_t oversized_field() const { return oversized_field_; }
  // The current record had more than max_fields fields and a dropped one was
  // not empty.
  bool dropped_nonempty_field() const { return dropped_nonempty_; }

  // The input ended inside a quoted field: where that field began.
  bool unterminated_quote() const { return unterminated_; }
  std::uint64_t unterminated_record() const { return unterminated_record_; }
  std::size_t unterminated_field() const { return unterminated_field_; }
  std::size_t unterminated_offset() const { return unterminated_offset_; }  // of the quote

 private:
  void append(std::string_view piece);
  void end_field();
  void end_line();
  void finish_record();

  std::string_view text_;
  std::size_t pos_ = 0;
  char delimiter_;
  bool quoting_;
  std::size_t max_field_bytes_;
  std::size_t max_fields_;

  std::uint64_t record_ = 0;
  std::size_t record_offset_ = 0;
  std::string buffer_;             // the current record's fields, back to back
  std::size_t field_start_ = 0;    // where the open field begins in buffer_
  std::vector<std::size_t> ends_;  // end of each closed field in buffer_
  std::vector<std::string_view> fields_;
  std::size_t oversized_field_ = kNoLimit;
  bool dropped_nonempty_ = false;
  std::size_t quote_field_ = 0;  // field index of the quote opened last
  std::size_t quote_offset_ = 0;

  bool unterminated_ = false;
  std::uint64_t unterminated_record_ = 0;
  std::size_t unterminated_field_ = 0;
  std::size_t unterminated_offset_ = 0;
};

// Picks the CSV delimiter among ',', '\t' and ';': the one whose field
// counts over the first `sample_records` records are most consistent (with at
// least two fields); ',' when none splits anything.
char sniff_delimiter(std::string_view text, std::size_t sample_records = 50);

// "comma", "tab", "semicolon", or the character itself.
std::string delimiter_name(char delimiter);

struct TableLayout {
  std::string sheet_name;
  SheetKind kind = SheetKind::Csv;
  char delimiter = ',';
  bool quoting = true;
};

// Builds the one sheet of a CSV or text dump: record i is row i, field j is
// column j, every non-empty field a Text cell. Enforces ReadLimits
// (max_string_bytes, max_cells_per_sheet) and the spreadsheet grid; throws
// InputError READ-LIMIT naming `path`, the sheet and the cell.
Sheet build_table_sheet(std::string_view text, const TableLayout& layout, const ReadLimits& limits,
                        const std::string& path);

// The Workbook of a CSV file or text dump: one sheet, parsed from `text`
// (the whole file as UTF-8) each time it is read.
std::unique_ptr<Workbook> make_table_workbook(std::string path, std::string text,
                                              TableLayout layout, WorkbookInfo info,
                                              ReadLimits limits);

// A warning for an unterminated quoted field, or "" when every quote closes.
std::string unterminated_quote_warning(std::string_view text, char delimiter);

// The last component of a path: the sheet name of a CSV or text dump.
std::string file_base_name(const std::string& path);

}  // namespace bc
