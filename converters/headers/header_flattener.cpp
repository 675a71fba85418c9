#include "headers/header_flattener.h"

#include <algorithm>

#include "headers/label_text.h"
#include "locate/table_locator.h"

namespace bc {

std::string ColumnHeader::label() const {
  std::string out;
  for (const std::string& level : path) {
    if (!out.empty()) out += " / ";
    out += level;
  }
  return out;
}

std::vector<ColumnHeader> flatten_headers(const Sheet& sheet, const TableRegion& region) {
  std::vector<ColumnHeader> out;
  if (!region.has_header) return out;
  const std::uint32_t rows = region.header_last - region.header_first + 1;
  const std::uint32_t cols = region.last_col - region.first_col + 1;
  // grid[r][c]: the header text covering that position (merges resolved).
  std::vector<std::vector<std::string>> grid(rows, std::vector<std::string>(cols));
  std::vector<std::vector<bool>> merged(rows, std::vector<bool>(cols, false));
  for (std::uint32_t r = 0; r < rows; ++r) {
    const std::uint32_t row = region.header_first + r;
    const bool structure_row = std::find(region.structure_rows.begin(), region.structure_rows.end(),
                                         row) != region.structure_rows.end();
    for (std::uint32_t c = 0; c < cols; ++c) {
      // A hidden column is still published data: it keeps its header.
      std::uint32_t col = region.first_col + c;
      CellView cell = sheet.covering_cell(row, col);
      grid[r][c] = trim(cell.value);
      merged[r][c] = sheet.merge_at(row, col) != nullptr;
      // 栏次 and the column numbers number the columns; they name none.
      if (structure_row && cell.row == row &&
          (is_structure_label(grid[r][c]) || is_column_number_text(grid[r][c])))
        grid[r][c].clear();
    }
  }
  // Carry a group label right where merges were lost: an empty, unmerged cell
  // takes the label on its left when some lower header row has text in its
  // column (so it is a sub-column of that group, not an unlabelled gap).
  for (std::uint32_t r = 0; r + 1 < rows; ++r) {
    for (std::uint32_t c = 1; c < cols; ++c) {
      if (!grid[r][c].empty() || merged[r][c] || grid[r][c - 1].empty()) continue;
      bool labelled_below = false;
      for (std::uint32_t k = r + 1; k < rows; ++k)
        labelled_below = labelled_below || !grid[k][c].empty();
      // The left neighbour must itself head a group (have text below it too),
      // otherwise a plain single column would swallow its right neighbour.
      bool left_is_group = false;
      for (std::uint32_t k = r + 1; k < rows; ++k)
        left_is_group = left_is_group || !grid[k][c - 1].empty();
      if (labelled_below && left_is_group) grid[r][c] = grid[r][c - 1];
    }
  }
  for (std::uint32_t c = 0; c < cols; ++c) {
    ColumnHeader header;
    header.col = region.first_col + c;
    header.structure = std::find(region.structure_columns.begin(), region.structure_columns.end(),
                                 header.col) != region.structure_columns.end();
    for (std::uint32_t r = 0; r < rows; ++r) {
      const std::string& text = grid[r][c];
      if (text.empty()) continue;
      if (!header.path.empty() && normalise_label(header.path.back()) == normalise_label(text))
        continue;
      header.path.push_back(text);
      header.normalised_path.push_back(normalise_label(text));
    }
    if (!header.path.empty()) out.push_back(std::move(header));
  }
  return out;
}

}  // namespace bc
