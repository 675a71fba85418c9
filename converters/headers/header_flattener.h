// Turns a table's header band into one path per column:
// "基本支出 / 人员经费 / 工资福利支出". Merged header cells give their text to
// every column they cover; where merges were lost (CSV, text dumps) a group
// label printed once over blank cells is carried right over the columns that
// have labels beneath it. Consecutive repeats (vertical merges) collapse.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/sheet.h"
#include "locate/table_region.h"

namespace bc {

struct ColumnHeader {
  std::uint32_t col = 0;
  std::vector<std::string> path;             // as printed, trimmed
  std::vector<std::string> normalised_path;  // normalise_label() of each level
  // A 行次/栏次/序号 column (region.structure_columns): its body numbers the
  // rows, so binding ignores it and its numbers are no facts.
  bool structure = false;
  std::string label() const;  // levels joined by " / "
};

// One entry per column in [region.first_col, region.last_col] that has any
// header text; columns without header text are omitted. In a structure row
// (region.structure_rows) the column numbers and the 栏次/行次 label are no
// header level; other texts there (类 | 款 | 项 | 栏次 | 1 | 2) are.
std::vector<ColumnHeader> flatten_headers(const Sheet& sheet, const TableRegion& region);

}  // namespace bc
