#include "read/delimited_parser.h"

#include <map>

#include "core/address.h"
#include "core/diagnostic.h"

namespace bc {

DelimitedParser::DelimitedParser(std::string_view text, char delimiter, bool quoting,
                                 std::size_t max_field_bytes, std::size_t max_fields)
    : text_(text),
      delimiter_(delimiter),
      quoting_(quoting),
      max_field_bytes_(max_field_bytes),
      max_fields_(max_fields) {}

void DelimitedParser::append(std::string_view piece) {
  const std::size_t have = buffer_.size() - field_start_;
  if (piece.size() > max_field_bytes_ - std::min(have, max_field_bytes_)) {
    if (oversized_field_ == kNoLimit) oversized_field_ = ends_.size();
    piece = piece.substr(0, max_field_bytes_ > have ? max_field_bytes_ - have : 0);
  }
  buffer_.append(piece);
}

void DelimitedParser::end_field() {
  if (ends_.size() >= max_fields_) {
    if (buffer_.size() > field_start_) dropped_nonempty_ = true;
    buffer_.resize(field_start_);
    return;
  }
  ends_.push_back(buffer_.size());
  field_start_ = buffer_.size();
}

void DelimitedParser::end_line() {
  if (text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') {
    pos_ += 2;
  } else {
    pos_ += 1;
  }
}

void DelimitedParser::finish_record() {
  std::string_view all(buffer_);
  std::size_t begin = 0;
  for (std::size_t end : ends_) {
    fields_.push_back(all.substr(begin, end - begin));
    begin = end;
  }
}

bool DelimitedParser::next() {
  if (pos_ >= text_.size()) return false;
  ++record_;
  record_offset_ = pos_;
  buffer_.clear();
  ends_.clear();
  fields_.clear();
  field_start_ = 0;
  oversized_field_ = kNoLimit;
  dropped_nonempty_ = false;
  if (text_[pos_] == '\r' || text_[pos_] == '\n') {
    end_line();  // a blank line: a record without fields
    return true;
  }

  enum class State { StartField, InField, InQuoted, QuoteInQuoted };
  State state = State::StartField;
  const std::size_t size = text_.size();
  while (pos_ < size) {
    const char c = text_[pos_];
    switch (state) {
      case State::StartField:
        if (quoting_ && c == '"') {
          state = State::InQuoted;
          quote_field_ = ends_.size();
          quote_offset_ = pos_;
          ++pos_;
        } else {
          state = State::InField;
        }
        break;
      case State::InField: {
        std::size_t run = pos_;
        while (run < size && text_[run] != delimiter_ && text_[run] != '\r' && text_[run] != '\n') {
          ++run;
        }
        append(text_.substr(pos_, run - pos_));
        pos_ = run;
        if (pos_ >= size) break;
        end_field();
        if (text_[pos_] == delimiter_) {
          ++pos_;
          state = State::StartField;
        } else {
          end_line();
          finish_record();
          return true;
        }
        break;
      }
      case State::InQuoted: {
        std::size_t quote = text_.find('"', pos_);
        if (quote == std::string_view::npos) quote = size;
        append(text_.substr(pos_, quote - pos_));
        pos_ = quote;
        if (pos_ < size) {
          ++pos_;
          state = State::QuoteInQuoted;
        }
        break;
      }
      case State::QuoteInQuoted:
        if (c == '"') {
          append("\"");
          ++pos_;
          state = State::InQuoted;
        } else if (c == delimiter_) {
          end_field();
          ++pos_;
          state = State::StartField;
        } else if (c == '\r' || c == '\n') {
          end_field();
          end_line();
          finish_record();
          return true;
        } else {
          state = State::InField;  // text after a closing quote joins the field
        }
        break;
    }
  }
  if (state == State::InQuoted && !unterminated_) {
    unterminated_ = true;
    unterminated_record_ = record_ - 1;
    unterminated_field_ = quote_field_;
    unterminated_offset_ = quote_offset_;
  }
  end_field();
  finish_record();
  return true;
}

char sniff_delimiter(std::string_view text, std::size_t sample_records) {
  // Ties go to the earlier candidate: a tab or semicolon that splits every
  // line as consistently as a comma is the better signal, since commas also
  // appear inside values (thousands separators).
  const char candidates[] = {'\t', ',', ';'};
  char best = ',';
  std::size_t best_hits = 0, best_total = 1;
  for (char candidate : candidates) {
    DelimitedParser parser(text, candidate, true, 1u << 16, kMaxCols + 1);
    std::map<std::size_t, std::size_t> by_count;
    std::size_t total = 0;
    for (std::size_t k = 0; k < sample_records && parser.next(); ++k) {
      const auto& fields = parser.fields();
      if (fields.empty() || (fields.size() == 1 && fields[0].empty())) continue;
      ++total;
      ++by_count[fields.size()];
    }
    std::size_t mode = 0, hits = 0;
    for (const auto& [count, records] : by_count) {
      if (records >= hits) {
        mode = count;
        hits = records;
      }
    }
    if (mode < 2 || total == 0) continue;
    // hits / total > best_hits / best_total, without division.
    if (static_cast<unsigned long long>(hits) * best_total >
        static_cast<unsigned long long>(best_hits) * total) {
      best = candidate;
      best_hits = hits;
      best_total = total;
    }
  }
  return best;
}

std::string delimiter_name(char delimiter) {
  switch (delimiter) {
    case ',':
      return "comma";
    case '\t':
      return "tab";
    case ';':
      return "semicolon";
    default:
      return std::string(1, delimiter);
  }
}

Sheet build_table_sheet(std::string_view text, const TableLayout& layout, const ReadLimits& limits,
                        const std::string& path) {
  SheetBuilder builder(layout.sheet_name, 0, layout.kind);
  DelimitedParser parser(text, layout.delimiter, layout.quoting, limits.max_string_bytes, kMaxCols);
  auto fail = [&](std::string message, std::string cell) {
    throw InputError("READ-LIMIT", std::move(message), Location{path, layout.sheet_name, cell});
  };
  while (parser.next()) {
    const std::uint64_t row = parser.record_index();
    const auto& fields = parser.fields();
    const bool in_grid = row < kMaxRows;
    if (parser.field_too_long()) {
      fail("a field is longer than the limit of " + std::to_string(limits.max_string_bytes) +
               " bytes for one cell",
           in_grid ? a1(static_cast<std::uint32_t>(row),
                        static_cast<std::uint32_t>(parser.oversized_field()))
                   : "");
    }
    if (parser.dropped_nonempty_field()) {
      fail("line " + std::to_string(row + 1) + " has values past column " +
               column_letters(kMaxCols - 1) + ", the last column of a spreadsheet",
           "");
    }
    for (std::size_t col = 0; col < fields.size(); ++col) {
      if (fields[col].empty()) continue;
      if (!in_grid) {
        fail("the file has values past row " + std::to_string(kMaxRows) +
                 ", the last row of a spreadsheet",
             "");
      }
      if (builder.cell_count() >= limits.max_cells_per_sheet) {
        fail("the sheet has more than " + std::to_string(limits.max_cells_per_sheet) + " cells",
             a1(static_cast<std::uint32_t>(row), static_cast<std::uint32_t>(col)));
      }
      builder.add_text(static_cast<std::uint32_t>(row), static_cast<std::uint32_t>(col),
                       fields[col]);
    }
  }
  return builder.finish();
}

namespace {

class TableWorkbook : public Workbook {
 public:
  TableWorkbook(std::string path, std::string text, TableLayout layout, WorkbookInfo info,
                ReadLimits limits)
      : path_(std::move(path)),
        text_(std::move(text)),
        layout_(std::move(layout)),
        info_(std::move(info)),
        limits_(limits) {}

  const WorkbookInfo& info() const override { return info_; }

  Sheet read_sheet(std::size_t index) override {
    if (index != 0) {
      throw InputError("READ-NO-SHEET",
                       "the file has one sheet; sheet " + std::to_string(index) + " was asked for",
                       Location{path_, "", ""});
    }
    return build_table_sheet(text_, layout_, limits_, path_);
  }

 private:
  std::string path_;
  std::string text_;
  TableLayout layout_;
  WorkbookInfo info_;
  ReadLimits limits_;
};

}  // namespace

std::unique_ptr<Workbook> make_table_workbook(std::string path, std::string text,
                                              TableLayout layout, WorkbookInfo info,
                                              ReadLimits limits) {
  return std::make_unique<TableWorkbook>(std::move(path), std::move(text), std::move(layout),
                                         std::move(info), limits);
}

std::string unterminated_quote_warning(std::string_view text, char delimiter) {
  DelimitedParser parser(text, delimiter, true, 0, kMaxCols);
  while (parser.next()) {
  }
  if (!parser.unterminated_quote()) return "";
  std::size_t line = 1;
  const std::size_t offset = parser.unterminated_offset();
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'))) {
      ++line;
    }
  }
  std::string cell;
  if (parser.unterminated_record() < kMaxRows && parser.unterminated_field() < kMaxCols) {
    cell = a1(static_cast<std::uint32_t>(parser.unterminated_record()),
              static_cast<std::uint32_t>(parser.unterminated_field()));
  }
  return "the quoted field opened on line " + std::to_string(line) +
         (cell.empty() ? "" : " (cell " + cell + ")") +
         " is never closed; the rest of the file was read as that field's text";
}

std::string file_base_name(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace bc
