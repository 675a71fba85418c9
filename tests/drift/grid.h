// A mutable copy of one sheet for the drift generator. Every cell remembers
// the fixture cell it came from (its origin), so that after rows and columns
// are inserted, dropped or moved, a fact at a variant cell can be traced back
// to the reference fact of the unperturbed workbook. Cells the perturbation
// adds have no origin; the ones it adds as values carry the yuan value they
// must give.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "core/address.h"
#include "core/cell.h"
#include "core/sheet.h"

namespace bc::drift {

struct Origin {
  std::string sheet;
  std::uint32_t row = 0;
  std::uint32_t col = 0;
  std::string a1() const { return bc::a1(row, col); }
  bool operator<(const Origin& o) const {
    return std::tie(sheet, row, col) < std::tie(o.sheet, o.row, o.col);
  }
};

struct GridCell {
  CellType type = CellType::Text;
  std::string value;
  std::string raw;
  std::uint8_t flags = kFlagNone;
  std::optional<Origin> origin;
  std::string added_yuan;  // set on numbers a perturbation adds as a value column
  bool is_number() const { return type == CellType::Number; }
};

// What the locator reported for one table of the original sheet, kept up to
// date as rows and columns move. Rows and columns are zero-based.
struct GridTable {
  std::uint32_t first_row = 0, last_row = 0, first_col = 0, last_col = 0;
  std::uint32_t header_first = 0, header_last = 0;
  bool has_header = false;
  std::vector<std::uint32_t> body_rows;
  std::vector<std::uint32_t> repeated_header_rows;  // first rows of header bands repeated mid-table
  std::optional<CellAddress> unit_at;               // the 单位：万元 cell
  std::string unit;                                 // "万元", "元" or ""
  std::optional<std::uint32_t> title_row;
  std::optional<std::uint32_t> department_row;  // the 部门：… line
  std::set<std::uint32_t> value_cols;           // columns holding numbers in body rows
  bool form = false;  // a performance form (绩效目标表, 绩效自评表): labels beside values, no grid
};

class Grid {
 public:
  std::string name;
  std::map<std::pair<std::uint32_t, std::uint32_t>, GridCell> cells;  // (row, col)
  std::vector<RangeAddress> merged;
  std::set<std::uint32_t> hidden_cols;
  std::set<std::uint32_t> hidden_rows;
  std::vector<GridTable> tables;

  // The sheet's cells with origins in `sheet`, and its tables as the locator sees them.
  static Grid from_sheet(const Sheet& sheet);
  Sheet to_sheet(int index) const;

  GridCell* at(std::uint32_t row, std::uint32_t col);
  const GridCell* at(std::uint32_t row, std::uint32_t col) const;
  void set_text(std::uint32_t row, std::uint32_t col, const std::string& text);
  std::uint32_t max_row() const;  // +1 past the last used row
  std::uint32_t max_col() const;

  // Rows/columns at or after `at` move down/right by n; merges that straddle
  // `at` grow; table descriptors follow.
  void insert_rows(std::uint32_t at, std::uint32_t n);
  void insert_cols(std::uint32_t at, std::uint32_t n);
  // Drops a row: its cells go, merges over it shrink, later rows move up.
  void delete_row(std::uint32_t row);
  // Drops a column: its cells go, merges over it shrink, later columns move left.
  void delete_col(std::uint32_t col);
  // Exchanges two columns' cells (callers check no merge spans either column).
  void swap_cols(std::uint32_t a, std::uint32_t b);
  // True when no merged range wider than one column covers `col` in rows [r0, r1].
  bool column_free_of_wide_merges(std::uint32_t col, std::uint32_t r0, std::uint32_t r1) const;
  const RangeAddress* merge_at(std::uint32_t row, std::uint32_t col) const;
  void remove_merge_at(std::uint32_t row, std::uint32_t col);
};

}  // namespace bc::drift
