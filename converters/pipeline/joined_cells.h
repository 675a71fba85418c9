// Text dumps whose extraction joined adjacent cells: "210 15 06 1" holds the
// 类/款/项 and 单位编码 cells of one row, "科目编码 类 款 项" the header over
// them (Shaanxi 表11 in seed 004). When the same table of the family's
// reference layout has more columns, and the words of each text column's
// header name the labels of a run of reference columns (align_joined_columns),
// the table's body is rewritten in the reference's columns: a cell over a run
// of n columns holds n space-separated codes; codes left over continue into
// the following empty cells (the joins differ from row to row, but the order
// of the codes does not). A row that does not split exactly is left out and
// reported, never guessed.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/sheet.h"
#include "headers/header_flattener.h"
#include "headers/header_match.h"
#include "locate/table_region.h"
#include "mapping/mapping_spec.h"
#include "pipeline/reference_layout.h"

namespace bc {

struct JoinedTable {
  std::string family;
  const ReferenceTable* reference = nullptr;
  std::uint32_t text_width = 0;
  std::vector<ColumnRun> runs;        // per text column: the reference columns it holds
  Sheet sheet;                        // the body rows rewritten in the reference's columns
  TableRegion region;                 // the table on `sheet` (same rows, the reference's width)
  std::vector<ColumnHeader> headers;  // the reference's header paths at the region's columns
  // (row, column on `sheet`) -> the column of the text cell the value came from.
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::uint32_t> origin;
  struct Split {
    std::uint32_t row = 0, col = 0;  // the text cell
    std::string raw;
    std::vector<std::string> parts;  // as placed, left to right
    std::uint32_t first = 0;         // column on `sheet` of the first part
  };
  std::vector<Split> splits;
  struct Unreadable {
    std::uint32_t row = 0, col = 0;  // the text cell where splitting failed
    std::string raw;
    std::string why;
  };
  std::vector<Unreadable> unreadable;  // rows left out
};

// nullopt (with why in `refused`, if given and still empty) when no family's
// reference layout has the table with more columns that the header aligns to.
std::optional<JoinedTable> split_joined_cells(const MappingSet& mappings, const Sheet& sheet,
                                              const TableRegion& region,
                                              std::string* refused = nullptr);

}  // namespace bc
