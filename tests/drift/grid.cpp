#include "drift/grid.h"

#include <algorithm>

#include "locate/table_locator.h"

namespace bc::drift {

namespace {

// The columns of a table that hold numbers in its body: the value columns.
std::set<std::uint32_t> numeric_columns(const Grid& grid, const GridTable& t) {
  std::set<std::uint32_t> cols;
  for (std::uint32_t r : t.body_rows) {
    for (std::uint32_t c = t.first_col; c <= t.last_col; ++c) {
      const GridCell* cell = grid.at(r, c);
      if (cell && cell->is_number()) cols.insert(c);
    }
  }
  return cols;
}

std::uint32_t shifted(std::uint32_t v, std::uint32_t at, std::uint32_t n) {
  return v >= at ? v + n : v;
}

}  // namespace

Grid Grid::from_sheet(const Sheet& sheet) {
  Grid g;
  g.name = sheet.name;
  for (const SheetRow& row : sheet.rows()) {
    if (row.hidden) g.hidden_rows.insert(row.index);
    for (const CellView& c : sheet.row_cells(row)) {
      GridCell cell;
      cell.type = c.type;
      cell.value = std::string(c.value);
      cell.raw = std::string(c.raw);
      cell.flags = c.flags;
      cell.origin = Origin{sheet.name, c.row, c.col};
      g.cells.emplace(std::make_pair(c.row, c.col), std::move(cell));
    }
  }
  g.merged = sheet.merged;
  g.hidden_cols.insert(sheet.hidden_columns.begin(), sheet.hidden_columns.end());
  for (const TableRegion& region : locate_tables(sheet)) {
    GridTable t;
    t.first_row = region.first_row;
    t.last_row = region.last_row;
    t.first_col = region.first_col;
    t.last_col = region.last_col;
    t.header_first = region.header_first;
    t.header_last = region.header_last;
    t.has_header = region.has_header;
    t.body_rows = region.body_rows;
    t.repeated_header_rows = region.repeated_header_rows;
    if (!region.unit.value.empty()) {
      t.unit_at = region.unit.at;
      t.unit = region.unit.value;
    }
    if (!region.titles.empty()) t.title_row = region.titles.back().at.row;
    if (!region.department.value.empty()) t.department_row = region.department.at.row;
    t.value_cols = numeric_columns(g, t);
    t.form = region.title().find("绩效") != std::string::npos;
    g.tables.push_back(std::move(t));
  }
  return g;
}

Sheet Grid::to_sheet(int index) const {
  SheetBuilder builder(name, index);
  for (const auto& [rc, cell] : cells) {
    builder.add(rc.first, rc.second, cell.type, cell.value, cell.raw, cell.flags);
  }
  for (std::uint32_t r : hidden_rows) builder.set_row_hidden(r);
  builder.meta().merged = merged;
  builder.meta().hidden_columns.assign(hidden_cols.begin(), hidden_cols.end());
  return builder.finish();
}

GridCell* Grid::at(std::uint32_t row, std::uint32_t col) {
  auto it = cells.find({row, col});
  return it == cells.end() ? nullptr : &it->second;
}

const GridCell* Grid::at(std::uint32_t row, std::uint32_t col) const {
  auto it = cells.find({row, col});
  return it == cells.end() ? nullptr : &it->second;
}

void Grid::set_text(std::uint32_t row, std::uint32_t col, const std::string& text) {
  GridCell& cell = cells[{row, col}];
  cell.type = CellType::Text;
  cell.value = text;
  cell.raw = text;
  cell.flags = kFlagNone;
}

std::uint32_t Grid::max_row() const { return cells.empty() ? 0 : cells.rbegin()->first.first + 1; }

std::uint32_t Grid::max_col() const {
  std::uint32_t m = 0;
  for (const auto& [rc, cell] : cells) m = std::max(m, rc.second + 1);
  return m;
}

void Grid::insert_rows(std::uint32_t at, std::uint32_t n) {
  std::map<std::pair<std::uint32_t, std::uint32_t>, GridCell> moved;
  for (auto& [rc, cell] : cells)
    moved.emplace(std::make_pair(shifted(rc.first, at, n), rc.second), std::move(cell));
  cells = std::move(moved);
  for (RangeAddress& m : merged) {
    if (m.first_row >= at) m.first_row += n;
    if (m.last_row >= at) m.last_row += n;
  }
  std::set<std::uint32_t> rows;
  for (std::uint32_t r : hidden_rows) rows.insert(shifted(r, at, n));
  hidden_rows = std::move(rows);
  for (GridTable& t : tables) {
    // A table whose first row is `at` moves down whole.
    t.first_row = shifted(t.first_row, at, n);
    t.last_row = shifted(t.last_row, at, n);
    t.header_first = shifted(t.header_first, at, n);
    t.header_last = shifted(t.header_last, at, n);
    for (std::uint32_t& r : t.body_rows) r = shifted(r, at, n);
    for (std::uint32_t& r : t.repeated_header_rows) r = shifted(r, at, n);
    if (t.unit_at) t.unit_at->row = shifted(t.unit_at->row, at, n);
    if (t.title_row) t.title_row = shifted(*t.title_row, at, n);
    if (t.department_row) t.department_row = shifted(*t.department_row, at, n);
  }
}

void Grid::insert_cols(std::uint32_t at, std::uint32_t n) {
  std::map<std::pair<std::uint32_t, std::uint32_t>, GridCell> moved;
  for (auto& [rc, cell] : cells)
    moved.emplace(std::make_pair(rc.first, shifted(rc.second, at, n)), std::move(cell));
  cells = std::move(moved);
  for (RangeAddress& m : merged) {
    if (m.first_col >= at) m.first_col += n;
    if (m.last_col >= at) m.last_col += n;
  }
  std::set<std::uint32_t> cols;
  for (std::uint32_t c : hidden_cols) cols.insert(shifted(c, at, n));
  hidden_cols = std::move(cols);
  for (GridTable& t : tables) {
    t.first_col = shifted(t.first_col, at, n);
    // A column inserted right after the table's last column belongs to it.
    t.last_col = t.last_col + 1 >= at ? t.last_col + n : t.last_col;
    if (t.unit_at) t.unit_at->col = shifted(t.unit_at->col, at, n);
    std::set<std::uint32_t> vc;
    for (std::uint32_t c : t.value_cols) vc.insert(shifted(c, at, n));
    t.value_cols = std::move(vc);
  }
}

void Grid::delete_row(std::uint32_t row) {
  std::map<std::pair<std::uint32_t, std::uint32_t>, GridCell> moved;
  for (auto& [rc, cell] : cells) {
    if (rc.first == row) continue;
    moved.emplace(std::make_pair(rc.first > row ? rc.first - 1 : rc.first, rc.second),
                  std::move(cell));
  }
  cells = std::move(moved);
  std::vector<RangeAddress> kept;
  for (RangeAddress m : merged) {
    if (m.first_row == row && m.last_row == row) continue;
    if (m.first_row > row) --m.first_row;
    if (m.last_row >= row) --m.last_row;
    if (m.first_row == m.last_row && m.first_col == m.last_col) continue;
    kept.push_back(m);
  }
  merged = std::move(kept);
  std::set<std::uint32_t> rows;
  for (std::uint32_t r : hidden_rows) {
    if (r != row) rows.insert(r > row ? r - 1 : r);
  }
  hidden_rows = std::move(rows);
  auto up = [row](std::uint32_t r) { return r > row ? r - 1 : r; };
  for (GridTable& t : tables) {
    t.first_row = up(t.first_row);
    t.last_row = up(t.last_row);
    t.header_first = up(t.header_first);
    t.header_last = up(t.header_last);
    std::vector<std::uint32_t> body;
    for (std::uint32_t r : t.body_rows) {
      if (r != row) body.push_back(up(r));
    }
    t.body_rows = std::move(body);
    std::vector<std::uint32_t> repeated;
    for (std::uint32_t r : t.repeated_header_rows) {
      if (r != row) repeated.push_back(up(r));
    }
    t.repeated_header_rows = std::move(repeated);
    if (t.unit_at) t.unit_at->row = up(t.unit_at->row);
    if (t.title_row) t.title_row = up(*t.title_row);
    if (t.department_row) t.department_row = up(*t.department_row);
  }
}

void Grid::delete_col(std::uint32_t col) {
  std::map<std::pair<std::uint32_t, std::uint32_t>, GridCell> moved;
  for (auto& [rc, cell] : cells) {
    if (rc.second == col) continue;
    moved.emplace(std::make_pair(rc.first, rc.second > col ? rc.second - 1 : rc.second),
                  std::move(cell));
  }
  cells = std::move(moved);
  std::vector<RangeAddress> kept;
  for (RangeAddress m : merged) {
    if (m.first_col == col && m.last_col == col) continue;
    if (m.first_col > col) --m.first_col;
    if (m.last_col >= col) --m.last_col;
    if (m.first_row == m.last_row && m.first_col == m.last_col) continue;
    kept.push_back(m);
  }
  merged = std::move(kept);
  std::set<std::uint32_t> cols;
  for (std::uint32_t c : hidden_cols) {
    if (c != col) cols.insert(c > col ? c - 1 : c);
  }
  hidden_cols = std::move(cols);
  for (GridTable& t : tables) {
    if (t.first_col > col) --t.first_col;
    if (t.last_col >= col && t.last_col > t.first_col) --t.last_col;
    if (t.unit_at && t.unit_at->col > col) --t.unit_at->col;
    std::set<std::uint32_t> vc;
    for (std::uint32_t c : t.value_cols) {
      if (c != col) vc.insert(c > col ? c - 1 : c);
    }
    t.value_cols = std::move(vc);
  }
}

void Grid::swap_cols(std::uint32_t a, std::uint32_t b) {
  // A label merged over both columns (a parent header) stays where it is.
  auto shared = [&](std::uint32_t row) {
    return std::any_of(merged.begin(), merged.end(), [&](const RangeAddress& m) {
      return m.contains(row, a) && m.contains(row, b);
    });
  };
  std::map<std::pair<std::uint32_t, std::uint32_t>, GridCell> moved;
  for (auto& [rc, cell] : cells) {
    std::uint32_t c = rc.second;
    if ((c == a || c == b) && !shared(rc.first)) c = c == a ? b : a;
    moved.emplace(std::make_pair(rc.first, c), std::move(cell));
  }
  cells = std::move(moved);
  for (RangeAddress& m : merged) {
    if (m.first_col == a && m.last_col == a)
      m.first_col = m.last_col = b;
    else if (m.first_col == b && m.last_col == b)
      m.first_col = m.last_col = a;
  }
}

bool Grid::column_free_of_wide_merges(std::uint32_t col, std::uint32_t r0, std::uint32_t r1) const {
  return std::none_of(merged.begin(), merged.end(), [&](const RangeAddress& m) {
    return m.first_col <= col && col <= m.last_col && m.first_col != m.last_col &&
           m.first_row <= r1 && r0 <= m.last_row;
  });
}

const RangeAddress* Grid::merge_at(std::uint32_t row, std::uint32_t col) const {
  for (const RangeAddress& m : merged) {
    if (m.contains(row, col)) return &m;
  }
  return nullptr;
}

void Grid::remove_merge_at(std::uint32_t row, std::uint32_t col) {
  merged.erase(std::remove_if(merged.begin(), merged.end(),
                              [&](const RangeAddress& m) { return m.contains(row, col); }),
               merged.end());
}

}  // namespace bc::drift
