#include "read/xlsx_formula.h"

#include "core/address.h"

namespace bc {
namespace {

bool is_letter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_name_char(char c) {
  return is_letter(c) || is_digit(c) || c == '_' || c == '.' || c == '$' || c == '\\' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// Shifts one token when it is an A1 cell reference; returns false otherwise.
bool shift_reference(std::string_view token, std::int64_t row_delta, std::int64_t col_delta,
                     std::string& out) {
  std::size_t i = 0;
  bool col_abs = false;
  bool row_abs = false;
  if (i < token.size() && token[i] == '$') {
    col_abs = true;
    ++i;
  }
  std::size_t letters_start = i;
  std::int64_t col = 0;
  while (i < token.size() && is_letter(token[i])) {
    if (i - letters_start >= 3) return false;  // more than three letters: not a column
    char c = static_cast<char>(token[i] & ~0x20);
    col = col * 26 + (c - 'A' + 1);
    ++i;
  }
  std::size_t letters = i - letters_start;
  if (letters == 0 || letters > 3) return false;
  if (i < token.size() && token[i] == '$') {
    row_abs = true;
    ++i;
  }
  std::size_t digits_start = i;
  std::int64_t row = 0;
  while (i < token.size() && is_digit(token[i])) {
    row = row * 10 + (token[i] - '0');
    if (row > kMaxRows) return false;
    ++i;
  }
  if (i != token.size() || i == digits_start || row == 0 || col > kMaxCols) return false;
  if (!col_abs) col += col_delta;
  if (!row_abs) row += row_delta;
  if (col < 1 || col > kMaxCols || row < 1 || row > kMaxRows) {
    out += "#REF!";
    return true;
  }
  if (col_abs) out += '$';
  out += column_letters(static_cast<std::uint32_t>(col - 1));
  if (row_abs) out += '$';
  out += std::to_string(row);
  return true;
}

}  // namespace

std::string shift_formula_references(std::string_view formula, std::int64_t row_delta,
                                     std::int64_t col_delta) {
  std::string out;
  out.reserve(formula.size() + 8);
  std::size_t i = 0;
  while (i < formula.size()) {
    char c = formula[i];
    if (c == '"' || c == '\'') {
      // A string literal or a quoted sheet name; a doubled quote escapes itself.
      std::size_t j = i + 1;
      while (j < formula.size()) {
        if (formula[j] == c) {
          if (j + 1 < formula.size() && formula[j + 1] == c) {
            j += 2;
            continue;
          }
          break;
        }
        ++j;
      }
      std::size_t end = j < formula.size() ? j + 1 : j;
      out.append(formula.substr(i, end - i));
      i = end;
      continue;
    }
    if (c == '[') {  // structured or external reference: copied as is
      std::size_t depth = 0;
      std::size_t j = i;
      for (; j < formula.size(); ++j) {
        if (formula[j] == '[') ++depth;
        if (formula[j] == ']' && --depth == 0) break;
      }
      std::size_t end = j < formula.size() ? j + 1 : j;
      out.append(formula.substr(i, end - i));
      i = end;
      continue;
    }
    if (is_name_char(c)) {
      std::size_t j = i;
      while (j < formula.size() && is_name_char(formula[j])) ++j;
      std::string_view token = formula.substr(i, j - i);
      char next = j < formula.size() ? formula[j] : '\0';
      bool function_or_sheet = next == '(' || next == '!';
      if (function_or_sheet || !shift_reference(token, row_delta, col_delta, out))
        out.append(token);
      i = j;
      continue;
    }
    out.push_back(c);
    ++i;
  }
  return out;
}

}  // namespace bc
