#include "core/sheet.h"

#include <algorithm>
#include <stdexcept>

namespace bc {

const char* sheet_kind_name(SheetKind kind) {
  switch (kind) {
    case SheetKind::Worksheet:
      return "worksheet";
    case SheetKind::Chartsheet:
      return "chartsheet";
    case SheetKind::Macrosheet:
      return "macrosheet";
    case SheetKind::Csv:
      return "csv";
    case SheetKind::Text:
      return "text";
  }
  return "worksheet";
}

const char* sheet_state_name(SheetState state) {
  switch (state) {
    case SheetState::Visible:
      return "visible";
    case SheetState::Hidden:
      return "hidden";
    case SheetState::VeryHidden:
      return "veryHidden";
  }
  return "visible";
}

CellView Sheet::view(const SheetRow& row, const StoredCell& cell) const {
  CellView v;
  v.row = row.index;
  v.col = cell.col;
  v.type = cell.type;
  v.flags = cell.flags;
  v.value = std::string_view(text_).substr(cell.value.offset, cell.value.size);
  v.raw = cell.raw_same ? v.value : std::string_view(text_).substr(cell.raw.offset, cell.raw.size);
  return v;
}

std::vector<CellView> Sheet::row_cells(const SheetRow& row) const {
  std::vector<CellView> out;
  out.reserve(row.cell_count);
  for (std::uint32_t i = 0; i < row.cell_count; ++i)
    out.push_back(view(row, cells_[row.first_cell + i]));
  return out;
}

const SheetRow* Sheet::find_row(std::uint32_t row) const {
  auto it =
      std::lower_bound(rows_.begin(), rows_.end(), row,
                       [](const SheetRow& r, std::uint32_t value) { return r.index < value; });
  if (it == rows_.end() || it->index != row) return nullptr;
  return &*it;
}

CellView Sheet::cell(std::uint32_t row, std::uint32_t col) const {
  CellView empty;
  empty.row = row;
  empty.col = col;
  const SheetRow* r = find_row(row);
  if (!r) return empty;
  auto first = cells_.begin() + r->first_cell;
  auto last = first + r->cell_count;
  auto it = std::lower_bound(
      first, last, col, [](const StoredCell& c, std::uint32_t value) { return c.col < value; });
  if (it == last || it->col != col) return empty;
  return view(*r, *it);
}

const RangeAddress* Sheet::merge_at(std::uint32_t row, std::uint32_t col) const {
  for (const auto& range : merged) {
    if (range.contains(row, col)) return &range;
  }
  return nullptr;
}

CellView Sheet::covering_cell(std::uint32_t row, std::uint32_t col) const {
  CellView here = cell(row, col);
  if (!here.empty()) return here;
  if (const RangeAddress* range = merge_at(row, col)) {
    CellView top_left = cell(range->first_row, range->first_col);
    if (!top_left.empty()) return top_left;
  }
  return here;
}

bool Sheet::column_hidden(std::uint32_t col) const {
  return std::binary_search(hidden_columns.begin(), hidden_columns.end(), col);
}

const std::string* Sheet::formula(std::uint32_t row, std::uint32_t col) const {
  auto it = formulas_.find({row, col});
  return it == formulas_.end() ? nullptr : &it->second;
}

const std::string* Sheet::date_serial(std::uint32_t row, std::uint32_t col) const {
  auto it = serials_.find({row, col});
  return it == serials_.end() ? nullptr : &it->second;
}

SheetBuilder::SheetBuilder(std::string name, int index, SheetKind kind) {
  sheet_.name = std::move(name);
  sheet_.index = index;
  sheet_.kind = kind;
}

TextRef SheetBuilder::store(std::string_view text) {
  if (sheet_.text_.size() + text.size() > 0xFFFFFFFFu) {
    throw std::length_error("sheet text exceeds 4 GiB");
  }
  TextRef ref{static_cast<std::uint32_t>(sheet_.text_.size()),
              static_cast<std::uint32_t>(text.size())};
  sheet_.text_.append(text);
  return ref;
}

TextRef SheetBuilder::store_shared(std::string_view text) {
  // Short texts only: a long one rarely repeats, and hashing it costs more.
  constexpr std::size_t kLongest = 256;
  constexpr std::size_t kMostEntries = 1 << 20;
  if (text.size() > kLongest) return store(text);
  if (auto found = shared_texts_.find(text); found != shared_texts_.end()) return *found;
  TextRef ref = store(text);
  if (shared_texts_.size() < kMostEntries) shared_texts_.insert(ref);
  return ref;
}

void SheetBuilder::add(std::uint32_t row, std::uint32_t col, CellType type, std::string_view value,
                       std::string_view raw, std::uint8_t flags) {
  StoredCell cell;
  cell.col = col;
  cell.type = type;
  cell.flags = flags;
  cell.value = type == CellType::Text ? store_shared(value) : store(value);
  if (raw != value) {
    cell.raw = store(raw);
    cell.raw_same = false;
  }
  sheet_.cells_.push_back(cell);
  cell_rows_.push_back(row);
}

void SheetBuilder::set_formula(std::uint32_t row, std::uint32_t col, std::string formula) {
  sheet_.formulas_[{row, col}] = std::move(formula);
}

void SheetBuilder::set_date_serial(std::uint32_t row, std::uint32_t col, std::string serial) {
  sheet_.serials_[{row, col}] = std::move(serial);
}

void SheetBuilder::set_row_hidden(std::uint32_t row) { hidden_rows_.push_back(row); }

Sheet SheetBuilder::finish() {
  Sheet& s = sheet_;
  std::vector<StoredCell>& cells = s.cells_;
  const std::size_t n = cells.size();
  auto before = [&](std::size_t a, std::size_t b) {
    return cell_rows_[a] != cell_rows_[b] ? cell_rows_[a] < cell_rows_[b]
                                          : cells[a].col < cells[b].col;
  };
  bool sorted = true;
  for (std::size_t i = 1; i < n && sorted; ++i) sorted = !before(i, i - 1);
  if (!sorted) {
    // Readers mostly deliver row-major order; otherwise sort a permutation
    // (stable, so among cells at one address the last added stays last).
    std::vector<std::uint32_t> order(n);
    for (std::size_t i = 0; i < n; ++i) order[i] = static_cast<std::uint32_t>(i);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return before(a, b); });
    std::vector<StoredCell> sorted_cells;
    std::vector<std::uint32_t> sorted_rows;
    sorted_cells.reserve(n);
    sorted_rows.reserve(n);
    for (std::uint32_t i : order) {
      sorted_cells.push_back(cells[i]);
      sorted_rows.push_back(cell_rows_[i]);
    }
    cells.swap(sorted_cells);
    cell_rows_.swap(sorted_rows);
  }
  std::sort(hidden_rows_.begin(), hidden_rows_.end());
  // One pass: drop superseded duplicates (the last at an address wins) and
  // group cells into rows, compacting in place.
  std::size_t kept = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint32_t row = cell_rows_[i];
    if (i + 1 < n && cell_rows_[i + 1] == row && cells[i + 1].col == cells[i].col) continue;
    if (s.rows_.empty() || s.rows_.back().index != row) {
      SheetRow r;
      r.index = row;
      r.first_cell = static_cast<std::uint32_t>(kept);
      r.hidden = std::binary_search(hidden_rows_.begin(), hidden_rows_.end(), row);
      s.rows_.push_back(r);
    }
    s.max_col_ = std::max(s.max_col_, cells[i].col + 1);
    cells[kept++] = cells[i];
    ++s.rows_.back().cell_count;
  }
  // No shrink_to_fit: copying would hold the cells twice at the peak, and
  // capacity never written is not resident.
  cells.resize(kept);
  std::vector<std::uint32_t>().swap(cell_rows_);
  shared_texts_.clear();
  std::sort(s.hidden_columns.begin(), s.hidden_columns.end());
  return std::move(sheet_);
}

}  // namespace bc
