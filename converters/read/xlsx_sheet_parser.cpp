#include "read/xlsx_sheet_parser.h"

#include "core/address.h"
#include "core/diagnostic.h"
#include "read/number_format.h"
#include "read/xlsx_formula.h"
#include "read/xlsx_text.h"

namespace bc {
namespace {

bool xml_true(const char* value) {
  if (value == nullptr) return false;
  std::string_view v = trim_xml_space(value);
  return v == "1" || v == "true" || v == "True" || v == "TRUE";
}

// A positive integer such as "12" or "12.0" (some writers emit floats);
// nullopt otherwise or when over `max`.
std::optional<std::uint64_t> parse_count(std::string_view text, std::uint64_t max) {
  text = trim_xml_space(text);
  std::size_t dot = text.find('.');
  if (dot != std::string_view::npos) {
    if (text.substr(dot + 1).find_first_not_of('0') != std::string_view::npos) return std::nullopt;
    text = text.substr(0, dot);
  }
  if (text.empty() || text.size() > 12) return std::nullopt;
  std::uint64_t n = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (n > max) return std::nullopt;
  return n;
}

}  // namespace

XlsxSheetParser::XlsxSheetParser(const SheetParseContext& context, SheetBuilder& builder)
    : ctx_(context), builder_(builder) {}

std::string XlsxSheetParser::here() const { return in_cell_ ? a1(row_, col_) : std::string(); }

void XlsxSheetParser::fail(const std::string& code, const std::string& message,
                           const std::string& raw) {
  throw InputError(code, message, Location{ctx_.file, ctx_.sheet, here()}, raw);
}

void XlsxSheetParser::append_text(std::string& target, std::string_view text) {
  if (target.size() + text.size() > ctx_.limits.max_string_bytes) {
    fail("READ-LIMIT", "the cell's text is longer than the " +
                           std::to_string(ctx_.limits.max_string_bytes) + "-byte cap for one cell");
  }
  target.append(text);
}

void XlsxSheetParser::on_start(std::string_view ns, std::string_view local,
                               const XmlAttributes& a) {
  if (!is_spreadsheetml(ns)) return;
  if (in_cell_) {
    if (local == "v") {
      in_v_ = true;
      has_v_ = true;
    } else if (local == "f") {
      start_formula(a);
    } else if (local == "is") {
      in_is_ = true;
      has_is_ = true;
    } else if (local == "rPh") {
      ++phonetic_depth_;
    } else if (local == "t" && in_is_ && phonetic_depth_ == 0) {
      in_t_ = true;
    }
    return;
  }
  if (local == "sheetData") {
    in_sheet_data_ = true;
  } else if (local == "row" && in_sheet_data_) {
    start_row(a);
  } else if (local == "c" && in_sheet_data_) {
    start_cell(a);
  } else if (local == "mergeCell") {
    const char* ref = a.get("ref");
    if (ref != nullptr) {
      if (auto range = parse_range(trim_xml_space(ref))) builder_.meta().merged.push_back(*range);
    }
  } else if (local == "cols") {
    in_cols_ = true;
  } else if (local == "col" && in_cols_ && xml_true(a.get("hidden"))) {
    auto first = parse_count(a.get("min") ? a.get("min") : "", kMaxCols);
    auto last = parse_count(a.get("max") ? a.get("max") : "", kMaxCols);
    if (first && last && *first >= 1 && *first <= *last) {
      if (hidden_cols_.empty()) hidden_cols_.assign(kMaxCols, false);
      for (std::uint64_t c = *first; c <= *last; ++c) hidden_cols_[c - 1] = true;
    }
  }
}

void XlsxSheetParser::start_row(const XmlAttributes& a) {
  const char* r = a.get("r");
  if (r != nullptr) {
    auto n = parse_count(r, kMaxRows);
    if (!n || *n == 0) {
      throw InputError("READ-CORRUPT", "a row has an invalid row number",
                       Location{ctx_.file, ctx_.sheet, ""}, r);
    }
    row_counter_ = static_cast<std::uint32_t>(*n);
  } else {
    if (row_counter_ >= kMaxRows) {
      throw InputError("READ-CORRUPT", "rows run past the last row of the grid",
                       Location{ctx_.file, ctx_.sheet, ""});
    }
    ++row_counter_;
  }
  col_counter_ = 0;
  if (xml_true(a.get("hidden"))) builder_.set_row_hidden(row_counter_ - 1);
}

void XlsxSheetParser::start_cell(const XmlAttributes& a) {
  const char* r = a.get("r");
  if (r != nullptr && *r != '\0') {
    auto address = parse_a1(trim_xml_space(r));
    if (!address) {
      throw InputError("READ-CORRUPT", "a cell has an invalid reference",
                       Location{ctx_.file, ctx_.sheet, ""}, r);
    }
    row_ = address->row;
    col_ = address->col;
    col_counter_ = col_ + 1;
  } else {
    if (col_counter_ >= kMaxCols) {
      throw InputError("READ-CORRUPT", "cells run past the last column of the grid",
                       Location{ctx_.file, ctx_.sheet, ""});
    }
    ++col_counter_;
    row_ = row_counter_ == 0 ? 0 : row_counter_ - 1;
    col_ = col_counter_ - 1;
  }
  in_cell_ = true;
  const char* t = a.get("t");
  type_ = t ? t : "n";
  const char* s = a.get("s");
  style_ = 0;
  if (s != nullptr) {
    if (auto n = parse_count(s, 1u << 30)) style_ = static_cast<std::size_t>(*n);
  }
  has_v_ = has_f_ = has_is_ = false;
  in_v_ = in_f_ = in_is_ = in_t_ = false;
  phonetic_depth_ = 0;
  shared_formula_ = false;
  v_.clear();
  f_.clear();
  is_.clear();
}

void XlsxSheetParser::start_formula(const XmlAttributes& a) {
  in_f_ = true;
  has_f_ = true;
  const char* t = a.get("t");
  const char* si = a.get("si");
  if (t != nullptr && std::string_view(t) == "shared" && si != nullptr) {
    shared_formula_ = true;
    shared_index_ = si;
  }
}

void XlsxSheetParser::on_text(std::string_view text) {
  if (!in_cell_) return;
  if (in_v_) {
    append_text(v_, text);
  } else if (in_f_) {
    append_text(f_, text);
  } else if (in_t_) {
    append_text(is_, text);
  }
}

void XlsxSheetParser::on_end(std::string_view ns, std::string_view local) {
  if (!is_spreadsheetml(ns)) return;
  if (in_cell_) {
    if (local == "v") {
      in_v_ = false;
    } else if (local == "f") {
      in_f_ = false;
    } else if (local == "t") {
      in_t_ = false;
    } else if (local == "is") {
      in_is_ = false;
    } else if (local == "rPh") {
      if (phonetic_depth_ > 0) --phonetic_depth_;
    } else if (local == "c") {
      end_cell();
      in_cell_ = false;
    }
    return;
  }
  if (local == "sheetData") {
    in_sheet_data_ = false;
  } else if (local == "cols") {
    in_cols_ = false;
  }
}

void XlsxSheetParser::add_number(std::string_view stored, std::uint8_t flags) {
  static const XfFormat kGeneral;
  const XfFormat& format = (ctx_.formats != nullptr && style_ < ctx_.formats->size())
                               ? (*ctx_.formats)[style_]
                               : kGeneral;
  std::string_view text = trim_xml_space(stored);
  if (format.is_date) {
    if (auto iso = excel_serial_to_iso(text, ctx_.date1904, format.is_duration)) {
      std::uint8_t date_flags = flags | (format.is_duration ? kFlagDuration : kFlagNone);
      builder_.add(row_, col_, CellType::Date, *iso, text, date_flags);
      builder_.set_date_serial(row_, col_, std::string(text));
      return;
    }
  }
  auto value = published_from_stored(text, format.decimals);
  if (!value)
    fail("READ-CORRUPT", "a numeric cell holds text that is not a number", std::string(stored));
  if (format.is_percent) flags = static_cast<std::uint8_t>(flags | kFlagPercent);
  builder_.add(row_, col_, CellType::Number, *value, text, flags);
}

void XlsxSheetParser::end_cell() {
  if (builder_.cell_count() >= ctx_.limits.max_cells_per_sheet) {
    fail("READ-LIMIT",
         "the sheet has more than " + std::to_string(ctx_.limits.max_cells_per_sheet) + " cells");
  }
  std::uint8_t flags = kFlagNone;
  if (has_f_) {
    flags |= kFlagFormula;
    std::string formula;
    if (shared_formula_) {
      auto it = shared_.find(shared_index_);
      if (it != shared_.end() && f_.empty()) {
        const SharedFormula& master = it->second;
        formula = "=" + shift_formula_references(master.text,
                                                 static_cast<std::int64_t>(row_) - master.row,
                                                 static_cast<std::int64_t>(col_) - master.col);
      } else {
        formula = "=" + f_;
        if (!f_.empty() && it == shared_.end())
          shared_.emplace(shared_index_, SharedFormula{f_, row_, col_});
      }
    } else {
      formula = "=" + f_;
    }
    builder_.set_formula(row_, col_, std::move(formula));
  }
  const bool inline_string = type_ == "inlineStr";
  const bool has_value = inline_string ? has_is_ : (has_v_ && !v_.empty());
  if (!has_value) {
    // A formula whose result was never calculated (or is empty).
    if (has_f_) builder_.add(row_, col_, CellType::Text, "", "", flags | kFlagNoCachedValue);
    return;
  }
  if (inline_string) {
    std::string text = decode_xstring(is_);
    builder_.add(row_, col_, CellType::Text, text, text, flags);
  } else if (type_ == "n" || type_.empty()) {
    add_number(v_, flags);
  } else if (type_ == "s") {
    auto index = parse_count(v_, UINT32_MAX);
    if (!index || ctx_.strings == nullptr || *index >= ctx_.strings->size()) {
      fail("READ-CORRUPT", "the cell refers to shared string " + std::string(trim_xml_space(v_)) +
                               ", but the table has " +
                               std::to_string(ctx_.strings ? ctx_.strings->size() : 0) +
                               " entries");
    }
    std::string_view text = ctx_.strings->at(static_cast<std::size_t>(*index));
    builder_.add(row_, col_, CellType::Text, text, text, flags);
  } else if (type_ == "str") {
    std::string text = decode_xstring(v_);
    builder_.add(row_, col_, CellType::Text, text, text, flags);
  } else if (type_ == "b") {
    std::string_view v = trim_xml_space(v_);
    bool truth = false;
    if (v == "true" || v == "TRUE") {
      truth = true;
    } else if (v == "false" || v == "FALSE") {
      truth = false;
    } else if (auto n = parse_count(v, UINT32_MAX)) {
      truth = *n != 0;
    } else {
      fail("READ-CORRUPT", "a boolean cell holds neither 0 nor 1", v_);
    }
    builder_.add(row_, col_, CellType::Bool, truth ? "TRUE" : "FALSE", v, flags);
  } else if (type_ == "e") {
    builder_.add(row_, col_, CellType::Error, v_, v_, flags);
  } else if (type_ == "d") {
    if (auto iso = normalise_iso8601(v_)) {
      builder_.add(row_, col_, CellType::Date, *iso, v_, flags);
    } else {
      builder_.add(row_, col_, CellType::Text, v_, v_, flags);
    }
  } else {
    // An unknown type: keep the stored text rather than guess.
    builder_.add(row_, col_, CellType::Text, v_, v_, flags);
  }
}

void XlsxSheetParser::finish() {
  Sheet& sheet = builder_.meta();
  for (std::size_t c = 0; c < hidden_cols_.size(); ++c) {
    if (hidden_cols_[c]) sheet.hidden_columns.push_back(static_cast<std::uint32_t>(c));
  }
}

}  // namespace bc
