#include "drift/perturbations.h"

#include <algorithm>
#include <stdexcept>

#include "core/decimal.h"
#include "drift/text_edits.h"

namespace bc::drift {

namespace {

std::string where(const Grid& g, std::uint32_t row, std::uint32_t col) {
  return g.name + "!" + a1(row, col);
}

bool has_body(const GridTable& t) {
  return t.has_header && !t.body_rows.empty() && !t.value_cols.empty();
}

// Header-band text cells of a table.
std::vector<std::pair<std::uint32_t, std::uint32_t>> header_cells(const Grid& g,
                                                                  const GridTable& t) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
  if (!t.has_header) return out;
  for (std::uint32_t r = t.header_first; r <= t.header_last; ++r) {
    for (std::uint32_t c = t.first_col; c <= t.last_col; ++c) {
      const GridCell* cell = g.at(r, c);
      if (cell && cell->type == CellType::Text && !cell->value.empty()) out.emplace_back(r, c);
    }
  }
  return out;
}

void edit_text(Grid& g, std::uint32_t r, std::uint32_t c, const std::string& text, Context& ctx) {
  GridCell* cell = g.at(r, c);
  if (!cell || cell->value == text) return;
  ctx.notes.push_back(where(g, r, c) + " '" + cell->value + "' -> '" + text + "'");
  cell->value = text;
  cell->raw = text;
}

// Two value columns may trade places when every merged range over them in
// the table's rows covers both or neither (their own labels move with them).
bool swappable(const Grid& g, const GridTable& t, std::uint32_t a, std::uint32_t b) {
  for (const RangeAddress& m : g.merged) {
    if (m.last_row < t.header_first || m.first_row > t.last_row) continue;
    const bool ca = m.first_col <= a && a <= m.last_col, cb = m.first_col <= b && b <= m.last_col;
    if (ca != cb) return false;  // a parent label over both moves with neither
  }
  return true;
}

// Amounts of the reference, not counts, are what a unit line scales.
bool is_money(const GridCell& cell, Context& ctx) {
  if (!cell.origin) return true;
  auto unit = ctx.reference_unit(*cell.origin);
  return !unit || *unit == "CNY";
}

std::string yuan_of(const std::string& decimal, const std::string& unit) {
  const int power = unit.find("万") != std::string::npos ? 4 : 0;
  return Decimal::parse(decimal)->scaled_by_power_of_ten(power)->to_string();
}

std::string trimmed(const GridCell* cell);

// --- header labels ----------------------------------------------------------

void respace_headers(std::vector<Grid>& sheets, Context& ctx) {
  for (Grid& g : sheets) {
    for (const GridTable& t : g.tables) {
      for (auto [r, c] : header_cells(g, t)) {
        const std::string& text = g.at(r, c)->value;
        const std::size_t n = utf8_chars(text).size();
        if (n < 2 || n > 5 || text.find(' ') != std::string::npos || !ctx.chance(0.6)) continue;
        edit_text(g, r, c, respaced(text, 1 + static_cast<int>(ctx.pick(4))), ctx);
      }
    }
  }
}

void synonym_headers(std::vector<Grid>& sheets, Context& ctx) {
  static const std::vector<std::pair<std::string, std::string>> kSynonyms = {
      {"合计", "总计"},
      {"人员经费支出", "人员支出"},
      {"公用经费支出", "公用支出"},
      {"人员经费", "人员支出"},
      {"公用经费", "公用支出"}};
  for (Grid& g : sheets) {
    for (const GridTable& t : g.tables) {
      for (auto [r, c] : header_cells(g, t)) {
        std::string text = g.at(r, c)->value;
        for (const auto& [from, to] : kSynonyms) {
          if (ctx.chance(0.7)) text = replace_all(text, from, to);
        }
        // 一般公共预算 -> 一般公共预算拨款, where no 拨款 follows already.
        if (text.find("一般公共预算") != std::string::npos &&
            text.find("拨款") == std::string::npos && ctx.chance(0.7)) {
          text = replace_all(text, "一般公共预算", "一般公共预算拨款");
        }
        edit_text(g, r, c, text, ctx);
      }
    }
  }
}

void width_swap(std::vector<Grid>& sheets, Context& ctx) {
  const bool to_half = ctx.chance(0.6);
  for (Grid& g : sheets) {
    for (auto& [rc, cell] : g.cells) {
      if (cell.type != CellType::Text) continue;
      const std::string swapped = width_swapped(cell.value, to_half);
      if (swapped != cell.value) edit_text(g, rc.first, rc.second, swapped, ctx);
    }
  }
}

// --- columns ------------------------------------------------------------------

void drop_column(std::vector<Grid>& sheets, Context& ctx) {
  for (Grid& g : sheets) {
    for (std::size_t i = 0; i < g.tables.size(); ++i) {
      const GridTable& t = g.tables[i];
      if (!has_body(t) || t.value_cols.size() < 3) continue;
      std::vector<std::uint32_t> cols(std::next(t.value_cols.begin()), t.value_cols.end());
      const std::uint32_t col = cols[ctx.pick(cols.size())];
      ctx.notes.push_back(g.name + ": dropped column " + column_letters(col));
      g.delete_col(col);
    }
  }
}

void hide_column(std::vector<Grid>& sheets, Context& ctx) {
  for (Grid& g : sheets) {
    for (const GridTable& t : g.tables) {
      if (!has_body(t) || t.value_cols.size() < 2) continue;
      std::vector<std::uint32_t> cols(t.value_cols.begin(), t.value_cols.end());
      const std::uint32_t col = cols[ctx.pick(cols.size())];
      ctx.notes.push_back(g.name + ": hid column " + column_letters(col));
      g.hidden_cols.insert(col);
    }
  }
}

void reorder_columns(std::vector<Grid>& sheets, Context& ctx) {
  for (Grid& g : sheets) {
    for (const GridTable& t : g.tables) {
      if (!has_body(t)) continue;
      std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
      for (std::uint32_t c : t.value_cols) {
        if (t.value_cols.count(c + 1) && swappable(g, t, c, c + 1)) pairs.emplace_back(c, c + 1);
      }
      if (pairs.empty()) continue;
      auto [a, b] = pairs[ctx.pick(pairs.size())];
      ctx.notes.push_back(g.name + ": swapped columns " + column_letters(a) + " and " +
                          column_letters(b));
      g.swap_cols(a, b);
    }
  }
}

// A header label over rows [header_first, header_last] of one new column.
void put_column_header(Grid& g, const GridTable& t, std::uint32_t col, const std::string& label) {
  g.set_text(t.header_first, col, label);
  if (t.header_last > t.header_first)
    g.merged.push_back(RangeAddress{t.header_first, col, t.header_last, col});
}

void add_note_column(std::vector<Grid>& sheets, Context& ctx) {
  for (Grid& g : sheets) {
    for (std::size_t i = 0; i < g.tables.size(); ++i) {
      if (!has_body(g.tables[i])) continue;
      // A table that prints 备注 already keeps its one.
      bool has_note = false;
      for (auto [r, c] : header_cells(g, g.tables[i]))
        has_note = has_note || trimmed(g.at(r, c)) == "备注";
      if (has_note) continue;
      const std::uint32_t col = g.tables[i].last_col + 1;
      g.insert_cols(col, 1);
      const GridTable& t = g.tables[i];
      put_column_header(g, t, col, "备注");
      for (std::uint32_t r : t.body_rows) {
        if (ctx.chance(0.5)) g.set_text(r, col, ctx.chance(0.5) ? "无" : "据实列支");
      }
      ctx.notes.push_back(g.name + ": added 备注 column " + column_letters(col));
    }
  }
}

void add_numeric_column(std::vector<Grid>& sheets, Context& ctx) {
  for (Grid& g : sheets) {
    for (std::size_t i = 0; i < g.tables.size(); ++i) {
      if (!has_body(g.tables[i]) || g.tables[i].unit.empty()) continue;
      // After the last column, or between two value columns.
      std::uint32_t col = g.tables[i].last_col + 1;
      if (ctx.chance(0.5)) {
        std::vector<std::uint32_t> cols(g.tables[i].value_cols.begin(),
                                        g.tables[i].value_cols.end());
        const std::uint32_t c = cols[ctx.pick(cols.size())];
        if (g.column_free_of_wide_merges(c, g.tables[i].header_first, g.tables[i].last_row))
          col = c + 1;
      }
      g.insert_cols(col, 1);
      GridTable& t = g.tables[i];
      put_column_header(g, t, col, "调剂资金");
      for (std::uint32_t r : t.body_rows) {
        const std::string n =
            std::to_string(1 + ctx.pick(999)) + "." + std::to_string(10 + ctx.pick(90));
        GridCell& cell = g.cells[{r, col}];
        cell.type = CellType::Number;
        cell.value = cell.raw = n;
        cell.added_yuan = yuan_of(n, t.unit);
      }
      t.value_cols.insert(col);
      ctx.notes.push_back(g.name + ": added numeric column 调剂资金 at " + column_letters(col));
    }
  }
}

// --- function codes -------------------------------------------------------------

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string trimmed(const GridCell* cell) {
  if (!cell) return "";
  std::string s = cell->value;
  s.erase(std::remove(s.begin(), s.end(), ' '), s.end());
  return s;
}

// 类 | 款 | 项 -> one column of 2080505.
void join_codes(std::vector<Grid>& sheets, Context& ctx) {
  for (Grid& g : sheets) {
    for (std::size_t i = 0; i < g.tables.size(); ++i) {
      const GridTable& t = g.tables[i];
      if (!has_body(t)) continue;
      std::optional<CellAddress> lei;
      for (std::uint32_t r = t.header_first; r <= t.header_last && !lei; ++r) {
        for (std::uint32_t c = t.first_col; c + 2 <= t.last_col; ++c) {
          if (trimmed(g.at(r, c)) == "类" && trimmed(g.at(r, c + 1)) == "款" &&
              trimmed(g.at(r, c + 2)) == "项") {
            lei = CellAddress{r, c};
            break;
          }
        }
      }
      if (!lei || !g.column_free_of_wide_merges(lei->col, t.header_last + 1, t.last_row)) continue;
      const std::uint32_t c = lei->col;
      for (std::uint32_t r : t.body_rows) {
        std::string joined;
        for (std::uint32_t k = 0; k < 3; ++k) {
          if (const GridCell* part = g.at(r, c + k); part && part->type == CellType::Text)
            joined += part->value;
        }
        if (!joined.empty()) g.set_text(r, c, joined);
      }
      g.delete_col(c + 2);
      g.delete_col(c + 1);
      // The 类 label goes: the code column's header is the parent label above it.
      g.cells.erase({lei->row, c});
      bool extended = false;
      for (RangeAddress& m : g.merged) {
        if (m.first_col == c && m.last_col == c && m.last_row + 1 == lei->row) {
          m.last_row = lei->row;
          extended = true;
        }
      }
      if (!extended && lei->row == g.tables[i].header_first) g.set_text(lei->row, c, "科目编码");
      ctx.notes.push_back(g.name + ": joined 类|款|项 into column " + column_letters(c));
    }
  }
}

// One 2080505 column -> 类 | 款 | 项 under its label.
void split_codes(std::vector<Grid>& sheets, Context& ctx) {
  for (Grid& g : sheets) {
    for (std::size_t i = 0; i < g.tables.size(); ++i) {
      const GridTable& t0 = g.tables[i];
      if (!has_body(t0)) continue;
      std::optional<std::uint32_t> code_col;
      for (std::uint32_t c = t0.first_col; c <= t0.last_col && !code_col; ++c) {
        std::size_t codes = 0, seven = 0, filled = 0;
        for (std::uint32_t r : t0.body_rows) {
          const std::string s = trimmed(g.at(r, c));
          if (s.empty()) continue;
          ++filled;
          if (all_digits(s) && (s.size() == 3 || s.size() == 5 || s.size() == 7)) ++codes;
          if (all_digits(s) && s.size() == 7) ++seven;
        }
        if (filled > 0 && codes == filled && seven > 0) code_col = c;
      }
      if (!code_col || !g.column_free_of_wide_merges(*code_col, t0.header_first, t0.last_row))
        continue;
      const std::uint32_t c = *code_col;
      // The code column's label: the text that covers it in the band.
      std::string label;
      std::uint32_t label_row = t0.header_first;
      for (std::uint32_t r = t0.header_first; r <= t0.header_last && label.empty(); ++r) {
        if (const GridCell* cell = g.at(r, c); cell && !trimmed(cell).empty()) {
          label = cell->value;
          label_row = r;
        }
      }
      if (label.empty()) continue;
      const std::uint32_t new_row = t0.header_last + 1;
      g.insert_rows(new_row, 1);
      g.insert_cols(c + 1, 2);
      GridTable& t = g.tables[i];
      t.header_last = new_row;
      // Every other column's header reaches down over the new row.
      for (std::uint32_t col = t.first_col; col <= t.last_col; ++col) {
        if (col >= c && col <= c + 2) continue;
        bool covered = false;
        for (RangeAddress& m : g.merged) {
          if (m.contains(new_row - 1, col) && m.last_row == new_row - 1) {
            if (m.first_col == col || m.last_col == m.first_col) m.last_row = new_row;
            covered = true;
          }
        }
        if (!covered && g.at(new_row - 1, col))
          g.merged.push_back(RangeAddress{new_row - 1, col, new_row, col});
      }
      g.remove_merge_at(label_row, c);
      g.set_text(label_row, c, label);
      if (new_row - 1 > label_row || true)
        g.merged.push_back(RangeAddress{label_row, c, new_row - 1, c + 2});
      g.set_text(new_row, c, "类");
      g.set_text(new_row, c + 1, "款");
      g.set_text(new_row, c + 2, "项");
      for (std::uint32_t r : t.body_rows) {
        const std::string s = trimmed(g.at(r, c));
        if (!all_digits(s) || s.size() < 3) continue;
        g.set_text(r, c, s.substr(0, 3));
        if (s.size() >= 5) g.set_text(r, c + 1, s.substr(3, 2));
        if (s.size() >= 7) g.set_text(r, c + 2, s.substr(5, 2));
      }
      ctx.notes.push_back(g.name + ": split codes of column " + column_letters(c) +
                          " into 类|款|项");
    }
  }
}

// --- header levels and structure numbers -----------------------------------------------

// The value columns are contiguous and no header merge joins one to a label column.
bool values_apart(const Grid& g, const GridTable& t) {
  const std::uint32_t lo = *t.value_cols.begin(), hi = *t.value_cols.rbegin();
  if (hi - lo + 1 != t.value_cols.size()) return false;
  for (const RangeAddress& m : g.merged) {
    if (m.last_row < t.header_first || m.first_row > t.header_last) continue;
    const bool values = m.last_col >= lo && m.first_col <= hi;
    const bool labels = m.first_col < lo || m.last_col > hi;
    if (values && labels) return false;
  }
  return true;
}

// The top level of a two-level header goes: parent labels over several
// columns (基本支出 over 人员经费 | 公用经费) vanish, labels merged down over
// the band lose their top row.
void drop_header_level(std::vector<Grid>& sheets, Context& ctx) {
  for (Grid& g : sheets) {
    for (std::size_t i = 0; i < g.tables.size(); ++i) {
      const GridTable& t = g.tables[i];
      if (!has_body(t) || t.header_last == t.header_first) continue;
      const std::uint32_t top = t.header_first;
      bool parents = false;
      for (const RangeAddress& m : g.merged) {
        parents = parents || (m.first_row == top && m.last_row == top && m.last_col > m.first_col &&
                              m.first_col >= t.first_col && m.last_col <= t.last_col);
      }
      // Only where the labels left stay unambiguous: a parent over 小计, or over
      // a label printed elsewhere in the band too, is what tells them apart.
      std::map<std::string, int> label_count;
      for (auto [r, c] : header_cells(g, t)) ++label_count[trimmed(g.at(r, c))];
      bool unambiguous = parents;
      for (const RangeAddress& m : g.merged) {
        if (m.first_row != top || m.last_row != top || m.last_col == m.first_col) continue;
        for (std::uint32_t c = m.first_col; c <= m.last_col; ++c) {
          const std::string child = trimmed(g.at(top + 1, c));
          if (child == "小计" || child == "合计" || child == "总计" || label_count[child] > 1)
            unambiguous = false;
        }
      }
      if (!unambiguous) continue;
      for (std::uint32_t c = t.first_col; c <= t.last_col; ++c) {
        const RangeAddress* m = g.merge_at(top, c);
        if (m && m->first_row == top && m->last_row == top && m->last_col > m->first_col) {
          g.remove_merge_at(top, c);  // a parent: its label goes with its row
        } else if (auto it = g.cells.find({top, c}); it != g.cells.end() && !g.at(top + 1, c)) {
          // A label over the whole band (merged down or alone): it moves down one row.
          GridCell cell = it->second;
          g.cells.erase(it);
          g.cells[{top + 1, c}] = cell;
        }
      }
      g.delete_row(top);
      ctx.notes.push_back(g.name + ": dropped the top header level (row " +
                          std::to_string(top + 1) + ")");
    }
  }
}

// A 部门预算 level above the value columns' headers.
void extra_header_level(std::vector<Grid>& sheets, Context& ctx) {
  for (Grid& g : sheets) {
    for (std::size_t i = 0; i < g.tables.size(); ++i) {
      if (!has_body(g.tables[i]) || !values_apart(g, g.tables[i])) continue;
      const std::uint32_t top = g.tables[i].header_first;
      g.insert_rows(top, 1);
      GridTable& t = g.tables[i];
      t.header_first = top;
      const std::uint32_t lo = *t.value_cols.begin(), hi = *t.value_cols.rbegin();
      for (std::uint32_t col = t.first_col; col <= t.last_col; ++col) {
        if (col >= lo && col <= hi) continue;
        // Label columns: their header moves up and reaches over the new row.
        bool covered = false;
        for (RangeAddress& m : g.merged) {
          if (m.first_row == top + 1 && m.first_col <= col && col <= m.last_col) {
            if (m.first_col == col) {
              if (auto it = g.cells.find({top + 1, col}); it != g.cells.end()) {
                g.cells[{top, col}] = it->second;
                g.cells.erase(it);
              }
              m.first_row = top;
            }
            covered = true;
          }
        }
        if (!covered) {
          if (auto it = g.cells.find({top + 1, col}); it != g.cells.end()) {
            g.cells[{top, col}] = it->second;
            g.cells.erase(it);
            g.merged.push_back(RangeAddress{top, col, top + 1, col});
          }
        }
      }
      g.set_text(top, lo, "部门预算");
      if (hi > lo) g.merged.push_back(RangeAddress{top, lo, top, hi});
      ctx.notes.push_back(g.name + ": added a 部门预算 header level at row " +
                          std::to_string(top + 1));
    }
  }
}

GridCell structure_number(std::uint32_t n) {
  GridCell cell;
  cell.type = CellType::Number;
  cell.value = cell.raw = std::to_string(n);
  return cell;
}

// 栏次 | | 1 | 2 | 3 … under the header: numbers that are no facts.
void column_numbers_row(std::vector<Grid>& sheets, Context& ctx) {
  for (Grid& g : sheets) {
    for (std::size_t i = 0; i < g.tables.size(); ++i) {
      // Tables without a label column (三公) print no 栏次.
      if (!has_body(g.tables[i]) || g.tables[i].value_cols.count(g.tables[i].first_col)) continue;
      const std::uint32_t row = g.tables[i].header_last + 1;
      g.insert_rows(row, 1);
      GridTable& t = g.tables[i];
      t.header_last = row;
      g.set_text(row, t.first_col, "栏次");
      std::uint32_t n = 1;
      for (std::uint32_t c : t.value_cols) g.cells[{row, c}] = structure_number(n++);
      ctx.notes.push_back(g.name + ": added a 栏次 row " + std::to_string(row + 1));
    }
  }
}

// A 行次 column of 1, 2, 3 … before the first value column.
void row_numbers_column(std::vector<Grid>& sheets, Context& ctx) {
  for (Grid& g : sheets) {
    for (std::size_t i = 0; i < g.tables.size(); ++i) {
      if (!has_body(g.tables[i])) continue;
      // A form's values stand beside their labels; no form numbers its rows in a column.
      if (g.tables[i].form) continue;
      const std::uint32_t col = *g.tables[i].value_cols.begin();
      if (col == g.tables[i].first_col) continue;
      g.insert_cols(col, 1);
      const GridTable& t = g.tables[i];
      put_column_header(g, t, col, "行次");
      // A header band repeated after a page break repeats the label too.
      for (std::uint32_t r : t.repeated_header_rows) {
        const auto& rows = t.repeated_header_rows;
        if (std::find(rows.begin(), rows.end(), r - 1) == rows.end()) g.set_text(r, col, "行次");
      }
      std::uint32_t n = 1;
      for (std::uint32_t r : t.body_rows) g.cells[{r, col}] = structure_number(n++);
      ctx.notes.push_back(g.name + ": added a 行次 column " + column_letters(col));
    }
  }
}

void blank_rows(std::vector<Grid>& sheets, Context& ctx) {
  for (Grid& g : sheets) {
    for (std::size_t i = 0; i < g.tables.size(); ++i) {
      if (!has_body(g.tables[i])) continue;
      // In the body first (its rows move with a header insertion).
      const GridTable& t0 = g.tables[i];
      if (t0.body_rows.size() >= 3) {
        const std::uint32_t row = t0.body_rows[1 + ctx.pick(t0.body_rows.size() - 2)];
        g.insert_rows(row, 1 + static_cast<std::uint32_t>(ctx.pick(2)));
        ctx.notes.push_back(g.name + ": blank rows before body row " + std::to_string(row + 1));
      }
      const GridTable& t = g.tables[i];
      if (t.header_last > t.header_first) {
        const std::uint32_t row =
            t.header_first + 1 +
            static_cast<std::uint32_t>(ctx.pick(t.header_last - t.header_first));
        g.insert_rows(row, 1);
        ctx.notes.push_back(g.name + ": blank row inside the header band at " +
                            std::to_string(row + 1));
      }
    }
  }
}

// --- units ---------------------------------------------------------------------

void move_cell(Grid& g, CellAddress from, CellAddress to, Context& ctx) {
  auto it = g.cells.find({from.row, from.col});
  if (it == g.cells.end() || g.at(to.row, to.col) || g.merge_at(to.row, to.col)) return;
  g.remove_merge_at(from.row, from.col);
  g.cells[{to.row, to.col}] = it->second;
  g.cells.erase({from.row, from.col});
  ctx.notes.push_back(g.name + ": unit moved " + a1(from.row, from.col) + " -> " +
                      a1(to.row, to.col));
}

void unit_moved(std::vector<Grid>& sheets, Context& ctx) {
  for (Grid& g : sheets) {
    for (GridTable& t : g.tables) {
      if (!t.unit_at) continue;
      const CellAddress from = *t.unit_at;
      switch (ctx.pick(4)) {
        case 0:  // left end of its line
          move_cell(g, from, CellAddress{from.row, t.first_col}, ctx);
          break;
        case 1:  // one column right of the table
          move_cell(g, from, CellAddress{from.row, t.last_col + 1}, ctx);
          break;
        case 2:  // the end of the 部门：… line
          if (t.department_row && *t.department_row != from.row)
            move_cell(g, from, CellAddress{*t.department_row, t.last_col}, ctx);
          break;
        default:  // the title row's last column, the title's merge made one narrower
          if (!t.title_row || *t.title_row == from.row) break;
          for (RangeAddress& m : g.merged) {
            if (m.first_row == *t.title_row && m.last_col == t.last_col && m.first_col < m.last_col)
              --m.last_col;
          }
          move_cell(g, from, CellAddress{*t.title_row, t.last_col}, ctx);
          break;
      }
    }
  }
}

// 单位：万元 -> 单位：元 with every amount ×10000 (or the reverse): the yuan stay.
void rescale_rows(Grid& g, const GridTable& t, int power, Context& ctx) {
  for (std::uint32_t r = t.header_last + 1; r <= t.last_row; ++r) {
    for (std::uint32_t c = t.first_col; c <= t.last_col; ++c) {
      GridCell* cell = g.at(r, c);
      if (!cell || !cell->is_number() || !is_money(*cell, ctx)) continue;
      if (auto d = Decimal::parse(cell->value))
        cell->value = cell->raw = d->scaled_by_power_of_ten(power)->to_string();
    }
  }
}

void unit_rescaled(std::vector<Grid>& sheets, Context& ctx) {
  for (Grid& g : sheets) {
    // A table without a unit line of its own is in the unit of the one above
    // it; two tables may also report the same unit cell.
    std::optional<int> inherited;
    std::map<std::pair<std::uint32_t, std::uint32_t>, int> changed;
    for (GridTable& t : g.tables) {
      if (!t.unit_at) {
        if (inherited) rescale_rows(g, t, *inherited, ctx);
        continue;
      }
      if (auto it = changed.find({t.unit_at->row, t.unit_at->col}); it != changed.end()) {
        rescale_rows(g, t, it->second, ctx);
        continue;
      }
      inherited.reset();
      if (t.unit != "万元" && t.unit != "元") continue;
      GridCell* unit_cell = g.at(t.unit_at->row, t.unit_at->col);
      if (!unit_cell || unit_cell->value.find(t.unit) == std::string::npos) continue;
      const bool to_yuan = t.unit == "万元";
      const int power = to_yuan ? 4 : -4;
      edit_text(g, t.unit_at->row, t.unit_at->col,
                to_yuan ? replace_all(unit_cell->value, "万元", "元")
                        : replace_all(unit_cell->value, "元", "万元"),
                ctx);
      rescale_rows(g, t, power, ctx);
      t.unit = to_yuan ? "元" : "万元";
      inherited = power;
      changed[{t.unit_at->row, t.unit_at->col}] = power;
    }
  }
}

// --- numbers typed as text ---------------------------------------------------------

void numbers_as_text(std::vector<Grid>& sheets, Context& ctx) {
  static const NumberStyle kStyles[] = {NumberStyle::Grouped, NumberStyle::GroupedFixed2,
                                        NumberStyle::OcrSpaced, NumberStyle::FullWidth};
  for (Grid& g : sheets) {
    for (const GridTable& t : g.tables) {
      for (std::uint32_t r : t.body_rows) {
        for (std::uint32_t c = t.first_col; c <= t.last_col; ++c) {
          GridCell* cell = g.at(r, c);
          if (!cell || !cell->is_number() || !ctx.chance(0.4)) continue;
          const std::string text = number_as_text(cell->value, kStyles[ctx.pick(4)]);
          cell->type = CellType::Text;
          cell->value = cell->raw = text;
          cell->flags = kFlagNone;
        }
      }
    }
  }
  ctx.notes.push_back("numbers typed as text (grouped, OCR-spaced, full width)");
}

// --- sheets ---------------------------------------------------------------------

// Every table on one sheet, two blank rows apart, in sheet order.
void stack_sheets(std::vector<Grid>& sheets, Context& ctx) {
  Grid all;
  all.name = ctx.chance(0.5) ? "Sheet1" : "表一";
  std::uint32_t offset = 0;
  for (Grid& g : sheets) {
    for (auto& [rc, cell] : g.cells)
      all.cells.emplace(std::make_pair(rc.first + offset, rc.second), std::move(cell));
    for (RangeAddress m : g.merged) {
      m.first_row += offset;
      m.last_row += offset;
      all.merged.push_back(m);
    }
    // Hidden columns are per sheet and cannot be stacked; the fixtures hide none that hold values.
    for (GridTable t : g.tables) {
      t.first_row += offset;
      t.last_row += offset;
      t.header_first += offset;
      t.header_last += offset;
      for (std::uint32_t& r : t.body_rows) r += offset;
      for (std::uint32_t& r : t.repeated_header_rows) r += offset;
      if (t.unit_at) t.unit_at->row += offset;
      if (t.title_row) t.title_row = *t.title_row + offset;
      if (t.department_row) t.department_row = *t.department_row + offset;
      all.tables.push_back(t);
    }
    offset += g.max_row() + 2;
  }
  ctx.notes.push_back("all " + std::to_string(sheets.size()) + " sheets stacked on '" + all.name +
                      "'");
  sheets.assign(1, std::move(all));
}

void rename_sheets(std::vector<Grid>& sheets, Context& ctx) {
  static const char* kChinese[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
  const bool chinese = ctx.chance(0.5);
  for (std::size_t i = 0; i < sheets.size(); ++i) {
    sheets[i].name = chinese
                         ? (i < 10 ? std::string("表") + kChinese[i] : "表" + std::to_string(i + 1))
                         : "Sheet" + std::to_string(i + 1);
  }
  ctx.notes.push_back(std::string("sheets renamed ") + (chinese ? "表一…" : "Sheet1…"));
}

// Three other kinds in a row.
void combined(std::vector<Grid>& sheets, Context& ctx);

const std::vector<Kind> kKinds = {
    {"respace_headers", respace_headers},
    {"synonym_headers", synonym_headers},
    {"width_swap", width_swap},
    {"drop_column", drop_column},
    {"hide_column", hide_column},
    {"reorder_columns", reorder_columns},
    {"add_note_column", add_note_column},
    {"add_numeric_column", add_numeric_column},
    {"join_codes", join_codes},
    {"split_codes", split_codes},
    {"extra_header_level", extra_header_level},
    {"drop_header_level", drop_header_level},
    {"column_numbers_row", column_numbers_row},
    {"row_numbers_column", row_numbers_column},
    {"blank_rows", blank_rows},
    {"unit_moved", unit_moved},
    {"unit_rescaled", unit_rescaled},
    {"numbers_as_text", numbers_as_text},
    {"stack_sheets", stack_sheets},
    {"rename_sheets", rename_sheets},
    {"combined", combined},
};

void combined(std::vector<Grid>& sheets, Context& ctx) {
  // Only kinds that keep one table per region (not stacking) and edit different things.
  static const char* kPool[] = {"respace_headers",    "synonym_headers", "width_swap",
                                "reorder_columns",    "add_note_column", "join_codes",
                                "column_numbers_row", "blank_rows",      "unit_moved",
                                "unit_rescaled",      "numbers_as_text", "rename_sheets"};
  std::vector<std::string> chosen;
  while (chosen.size() < 3) {
    std::string k = kPool[ctx.pick(std::size(kPool))];
    if (std::find(chosen.begin(), chosen.end(), k) == chosen.end()) chosen.push_back(k);
  }
  for (const std::string& k : chosen) {
    ctx.notes.push_back("combined: " + k);
    perturbation_kind(k).apply(sheets, ctx);
  }
}

}  // namespace

const std::vector<Kind>& perturbation_kinds() { return kKinds; }

const Kind& perturbation_kind(const std::string& name) {
  for (const Kind& k : kKinds) {
    if (k.name == name) return k;
  }
  throw std::invalid_argument("no perturbation kind " + name);
}

}  // namespace bc::drift
