// A1 addresses: zero-based (row, col) <-> "B6". Used in every message and in
// source_cell, so it lives in core.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bc {

inline constexpr std::uint32_t kMaxRows = 1048576;  // Excel's grid
inline constexpr std::uint32_t kMaxCols = 16384;

std::string column_letters(std::uint32_t col);                   // 0 -> "A", 16383 -> "XFD"
std::string a1(std::uint32_t row, std::uint32_t col);            // (0,0) -> "A1"
std::string r1c1(std::uint32_t row, std::uint32_t col);          // (0,0) -> "R1C1"

struct CellAddress {
  std::uint32_t row = 0;
  std::uint32_t col = 0;
};
// Parses "B6", "$B$6", "b6"; nullopt when malformed or outside the grid.
std::optional<CellAddress> parse_a1(std::string_view text);

struct RangeAddress {
  std::uint32_t first_row = 0, first_col = 0, last_row = 0, last_col = 0;
  bool contains(std::uint32_t row, std::uint32_t col) const {
    return row >= first_row && row <= last_row && col >= first_col && col <= last_col;
  }
  std::string to_a1() const;  // "A3:G3", or "A3" for a single cell
};
// Parses "A3:G3" or "A3"; nullopt when malformed.
std::optional<RangeAddress> parse_range(std::string_view text);

}  // namespace bc
