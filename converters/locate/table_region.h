// What the locator finds in a sheet: one TableRegion per table, with its
// heading lines (title, 部门, 年度, table code, unit), header band, body rows
// and footnotes. Rows are zero-based sheet rows.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/address.h"

namespace bc {

struct HeadingText {
  std::string text;   // as printed (trimmed)
  std::string value;  // the extracted part: department name, "2024", "YS05", "万元"
  CellAddress at;
};

struct TableRegion {
  std::uint32_t first_row = 0;  // first heading row (or header row when no heading)
  std::uint32_t last_row = 0;   // last body or footnote row
  std::uint32_t first_col = 0;
  std::uint32_t last_col = 0;
  std::vector<HeadingText> titles;  // nearest to the header last
  HeadingText code;                 // empty value when none printed
  HeadingText department;
  HeadingText year;
  HeadingText unit;  // value: the unit as printed ("万元", or "台、辆、套" for counts)
  // The unit line names no money unit (单位：台、辆、套, 单位：人, 单位：个): the
  // table's values are counts, so unit.value must not be read as a money unit.
  bool unit_not_money = false;
  std::uint32_t header_first = 0;  // header band [header_first, header_last]
  std::uint32_t header_last = 0;
  bool has_header = false;
  std::vector<std::uint32_t> body_rows;             // non-blank body rows, repeated headers removed
  std::vector<std::uint32_t> repeated_header_rows;  // header band repeated where a page broke
  // Structure rows: 栏次/行次 rows and rows of column numbers (1 2 3 ...). They
  // belong to the header band (or repeat it in the body); their numbers
  // number columns and are never facts. Sheet rows, top to bottom.
  std::vector<std::uint32_t> structure_rows;
  // Structure columns: a 行次/栏次/序号 column whose body holds row numbers,
  // not values. Sheet columns, left to right.
  std::vector<std::uint32_t> structure_columns;
  std::vector<HeadingText> footnotes;
  bool declared_empty = false;  // a 本表无数据 / 无数据 note

  const std::string& title() const {
    static const std::string kNone;
    return titles.empty() ? kNone : titles.back().text;
  }
  std::string range_a1() const {
    return RangeAddress{first_row, first_col, last_row, last_col}.to_a1();
  }
};

}  // namespace bc
