// One worksheet as read from any format: sparse rows of cells plus merged
// ranges. Storage is compact on purpose (a 200,000 x 15 sheet must stay well
// under 300 MB): cell texts live in one arena owned by the Sheet and cells
// refer to them by offset. Build a Sheet with SheetBuilder; read it with the
// const accessors. Never allocate from declared dimensions: a single cell at
// XFD1048576 is a valid sheet.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/address.h"
#include "core/cell.h"

namespace bc {

enum class SheetKind : std::uint8_t { Worksheet, Chartsheet, Macrosheet, Csv, Text };
enum class SheetState : std::uint8_t { Visible, Hidden, VeryHidden };
const char* sheet_kind_name(
    SheetKind kind);  // "worksheet", "chartsheet", "macrosheet", "csv", "text"
const char* sheet_state_name(SheetState state);  // "visible", "hidden", "veryHidden"

struct TextRef {
  std::uint32_t offset = 0;
  std::uint32_t size = 0;
};

// 24 bytes: the flags sit together so that no padding is added.
struct StoredCell {
  std::uint32_t col = 0;
  CellType type = CellType::Empty;
  std::uint8_t flags = kFlagNone;
  bool raw_same = true;  // raw equals value (raw is then unset)
  TextRef value;
  TextRef raw;
};

struct SheetRow {
  std::uint32_t index = 0;       // zero-based row number
  std::uint32_t first_cell = 0;  // index into Sheet cells
  std::uint32_t cell_count = 0;
  bool hidden = false;
};

// A read-only view of one cell; texts point into the Sheet's arena.
struct CellView {
  std::uint32_t row = 0;
  std::uint32_t col = 0;
  CellType type = CellType::Empty;
  std::uint8_t flags = kFlagNone;
  std::string_view value;
  std::string_view raw;
  bool empty() const { return type == CellType::Empty; }
};

class Sheet {
 public:
  std::string name;
  int index = 0;  // position in the workbook's sheet order
  SheetKind kind = SheetKind::Worksheet;
  SheetState state = SheetState::Visible;
  std::vector<RangeAddress> merged;
  bool merged_known = true;                   // false where the format/reader cannot tell
  std::vector<std::uint32_t> hidden_columns;  // zero-based, sorted

  const std::vector<SheetRow>& rows() const { return rows_; }
  std::size_t cell_count() const { return cells_.size(); }
  // Cells of one row, in column order.
  std::vector<CellView> row_cells(const SheetRow& row) const;
  CellView cell(std::uint32_t row, std::uint32_t col) const;  // Empty when absent
  // The value that covers (row, col): the cell itself, or the top-left cell of
  // the merged range that contains it. Used for header and key columns.
  CellView covering_cell(std::uint32_t row, std::uint32_t col) const;
  const RangeAddress* merge_at(std::uint32_t row, std::uint32_t col) const;
  std::uint32_t max_column() const { return max_col_; }  // +1 past the last used column; 0 if empty
  bool column_hidden(std::uint32_t col) const;

  // Extra per-cell details kept only where present (inspect --format jsonl).
  const std::string* formula(std::uint32_t row, std::uint32_t col) const;
  const std::string* date_serial(std::uint32_t row, std::uint32_t col) const;

 private:
  friend class SheetBuilder;
  CellView view(const SheetRow& row, const StoredCell& cell) const;
  const SheetRow* find_row(std::uint32_t row) const;
  std::string text_;
  std::vector<StoredCell> cells_;
  std::vector<SheetRow> rows_;
  std::uint32_t max_col_ = 0;
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::string> formulas_;
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::string> serials_;
};

// Collects cells in any order and produces a Sheet with rows and cells
// sorted. A later cell at the same address replaces an earlier one.
class SheetBuilder {
 public:
  explicit SheetBuilder(std::string name, int index = 0, SheetKind kind = SheetKind::Worksheet);
  // Fixed in place: the text index refers to this builder's arena.
  SheetBuilder(const SheetBuilder&) = delete;
  SheetBuilder& operator=(const SheetBuilder&) = delete;
  Sheet& meta() { return sheet_; }  // name, state, merged ... (not cells)
  void add(std::uint32_t row, std::uint32_t col, CellType type, std::string_view value,
           std::string_view raw, std::uint8_t flags = kFlagNone);
  void add_text(std::uint32_t row, std::uint32_t col, std::string_view text) {
    add(row, col, CellType::Text, text, text);
  }
  void set_formula(std::uint32_t row, std::uint32_t col, std::string formula);
  void set_date_serial(std::uint32_t row, std::uint32_t col, std::string serial);
  void set_row_hidden(std::uint32_t row);
  std::size_t cell_count() const { return sheet_.cells_.size(); }
  std::size_t text_bytes() const { return sheet_.text_.size(); }
  Sheet finish();

 private:
  TextRef store(std::string_view text);
  TextRef store_shared(std::string_view text);
  Sheet sheet_;
  // Texts of text cells already in the arena: labels, codes and names repeat
  // down a table (shared strings in .xlsx), so each is stored once.
  struct ArenaHash {
    using is_transparent = void;
    const std::string* text;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    std::size_t operator()(TextRef r) const { return (*this)(view(r)); }
    std::string_view view(TextRef r) const {
      return std::string_view(*text).substr(r.offset, r.size);
    }
  };
  struct ArenaEqual {
    using is_transparent = void;
    const std::string* text;
    std::string_view view(TextRef r) const {
      return std::string_view(*text).substr(r.offset, r.size);
    }
    std::string_view view(std::string_view s) const { return s; }
    template <class A, class B>
    bool operator()(const A& a, const B& b) const {
      return view(a) == view(b);
    }
  };
  std::unordered_set<TextRef, ArenaHash, ArenaEqual> shared_texts_{64, ArenaHash{&sheet_.text_},
                                                                   ArenaEqual{&sheet_.text_}};
  // Cells go straight into the sheet's cell vector; their rows sit beside
  // them until finish() groups them (4 bytes a cell, not a second copy).
  std::vector<std::uint32_t> cell_rows_;
  std::vector<std::uint32_t> hidden_rows_;
};

}  // namespace bc
