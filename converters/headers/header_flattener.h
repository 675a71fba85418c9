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
  std::string label() const;                 // levels joined by " / "
};

// One entry per column in [region.first_col, region.last_col] that has any
// header text; columns without header text are omitted.
std::vector<ColumnHeader> flatten_headers(const Sheet& sheet, const TableRegion& region);

}  // namespace bc
