#include "normalise/amounts.h"

#include "core/utf8.h"
#include "headers/label_text.h"

namespace bc {

bool is_placeholder_text(const std::string& trimmed) {
  static const char* const kPlaceholders[] = {"-", "--", "—", "——", "－", "－－", "/", "／", "…", "……", "—-", "-—", "*"};
  for (const char* p : kPlaceholders) {
    if (trimmed == p) return true;
  }
  return false;
}

namespace {
bool dot_and_comma_misplaced(const std::string& folded) {
  std::size_t dot = folded.find('.');
  return dot != std::string::npos && folded.find(',', dot) != std::string::npos;
}
}  // namespace

AmountReading read_amount_text(const std::string& text) {
  AmountReading r;
  std::string trimmed = trim(text);
  if (trimmed.empty()) return r;
  if (is_placeholder_text(trimmed)) {
    r.status = AmountReading::Status::Placeholder;
    return r;
  }
  // Fold full-width digits and punctuation; count interior spaces (OCR damage).
  std::string folded;
  bool spaces = false;
  for (char32_t c : utf8_to_u32(trimmed)) {
    if (c >= 0xFF01 && c <= 0xFF5E) c = c - 0xFF01 + 0x21;
    if (c == U' ' || c == 0x3000 || c == 0x00A0) {
      spaces = true;
      continue;
    }
    if (c > 0x7F) {
      r.status = AmountReading::Status::Invalid;
      r.problem = "not a number (contains '" + u32_to_utf8(std::u32string(1, c)) + "')";
      return r;
    }
    folded.push_back(static_cast<char>(c));
  }
  bool negative = false;
  if (folded.size() >= 2 && folded.front() == '(' && folded.back() == ')') {
    negative = true;  // accounting notation: (1,234.00) is -1234
    folded = folded.substr(1, folded.size() - 2);
    if (!folded.empty() && (folded[0] == '-' || folded[0] == '+')) {
      r.status = AmountReading::Status::Invalid;
      r.problem = "a sign inside accounting brackets";
      return r;
    }
  }
  if (dot_and_comma_misplaced(folded)) {
    r.status = AmountReading::Status::Invalid;
    r.problem = "a thousands separator after the decimal point";
    return r;
  }
  // Validate digit grouping: either no commas, or groups of exactly three.
  std::string plain;
  std::size_t start = (!folded.empty() && (folded[0] == '-' || folded[0] == '+')) ? 1 : 0;
  std::size_t dot = folded.find('.');
  std::string integer = folded.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
  if (integer.find(',') != std::string::npos) {
    // Groups: the first of 1-3 digits, every later one exactly 3.
    bool ok = true;
    std::size_t group_start = 0;
    bool first = true;
    for (std::size_t i = 0; i <= integer.size() && ok; ++i) {
      if (i == integer.size() || integer[i] == ',') {
        std::size_t len = i - group_start;
        ok = first ? (len >= 1 && len <= 3) : len == 3;
        first = false;
        group_start = i + 1;
      } else {
        ok = integer[i] >= '0' && integer[i] <= '9';
      }
    }
    if (!ok) {
      r.status = AmountReading::Status::Invalid;
      r.problem = "digit grouping is not in threes";
      return r;
    }
  }
  for (char c : folded) {
    if (c != ',') plain.push_back(c);
  }
  auto value = Decimal::parse(plain);
  if (!value || plain.find_first_of("eE") != std::string::npos) {
    r.status = AmountReading::Status::Invalid;
    r.problem = "not a number";
    return r;
  }
  r.status = AmountReading::Status::Ok;
  r.value = negative ? value->negated() : *value;
  r.repaired = spaces;
  return r;
}

AmountReading read_amount(const CellView& cell) {
  AmountReading r;
  switch (cell.type) {
    case CellType::Empty:
      return r;
    case CellType::Number: {
      auto value = Decimal::parse(cell.value);
      if (!value) {
        r.status = AmountReading::Status::Invalid;
        r.problem = "numeric cell with unreadable text";
        return r;
      }
      r.status = AmountReading::Status::Ok;
      r.value = *value;
      return r;
    }
    case CellType::Text:
      return read_amount_text(std::string(cell.value));
    case CellType::Bool:
      r.status = AmountReading::Status::Invalid;
      r.problem = "a TRUE/FALSE value where an amount belongs";
      return r;
    case CellType::Error:
      r.status = AmountReading::Status::Invalid;
      r.problem = "a spreadsheet error value " + std::string(cell.value);
      return r;
    case CellType::Date:
      r.status = AmountReading::Status::Invalid;
      r.problem = "a date where an amount belongs";
      return r;
  }
  return r;
}

}  // namespace bc
