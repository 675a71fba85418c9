#include "core/address.h"

#include <algorithm>

namespace bc {

std::string column_letters(std::uint32_t col) {
  std::string letters;
  std::uint32_t n = col + 1;
  while (n > 0) {
    std::uint32_t rem = (n - 1) % 26;
    letters.insert(letters.begin(), static_cast<char>('A' + rem));
    n = (n - 1) / 26;
  }
  return letters;
}

std::string a1(std::uint32_t row, std::uint32_t col) {
  return column_letters(col) + std::to_string(row + 1);
}

std::string r1c1(std::uint32_t row, std::uint32_t col) {
  return "R" + std::to_string(row + 1) + "C" + std::to_string(col + 1);
}

std::optional<CellAddress> parse_a1(std::string_view text) {
  std::size_t i = 0;
  if (i < text.size() && text[i] == '$') ++i;
  std::uint64_t col = 0;
  std::size_t letters = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c < 'A' || c > 'Z') break;
    col = col * 26 + static_cast<std::uint64_t>(c - 'A' + 1);
    if (++letters > 3) return std::nullopt;
    ++i;
  }
  if (letters == 0) return std::nullopt;
  if (i < text.size() && text[i] == '$') ++i;
  std::uint64_t row = 0;
  std::size_t digits = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    row = row * 10 + static_cast<std::uint64_t>(text[i] - '0');
    if (++digits > 7) return std::nullopt;
    ++i;
  }
  if (digits == 0 || i != text.size() || row == 0 || row > kMaxRows || col > kMaxCols) {
    return std::nullopt;
  }
  return CellAddress{static_cast<std::uint32_t>(row - 1), static_cast<std::uint32_t>(col - 1)};
}

std::string RangeAddress::to_a1() const {
  std::string first = a1(first_row, first_col);
  if (first_row == last_row && first_col == last_col) return first;
  return first + ":" + a1(last_row, last_col);
}

std::optional<RangeAddress> parse_range(std::string_view text) {
  std::size_t colon = text.find(':');
  auto first = parse_a1(text.substr(0, colon));
  if (!first) return std::nullopt;
  auto last = first;
  if (colon != std::string_view::npos) last = parse_a1(text.substr(colon + 1));
  if (!last) return std::nullopt;
  RangeAddress range{std::min(first->row, last->row), std::min(first->col, last->col),
                     std::max(first->row, last->row), std::max(first->col, last->col)};
  return range;
}

}  // namespace bc
