#include "support/fixture_spec.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <initializer_list>
#include <set>
#include <string_view>

#include "core/decimal.h"
#include "core/diagnostic.h"

namespace bc {

bool FixtureSheet::hidden_column(std::uint32_t col) const {
  return std::any_of(columns.begin(), columns.end(), [col](const FixtureColumn& c) {
    return c.hidden && col >= c.first_col && col <= c.last_col;
  });
}

const FixtureCell* FixtureSheet::find(std::uint32_t row, std::uint32_t col) const {
  for (const FixtureCell& cell : cells) {
    if (cell.row == row && cell.col == col) return &cell;
  }
  return nullptr;
}

const FixtureCell* FixtureSheet::find(const std::string& address) const {
  auto parsed = parse_a1(address);
  return parsed ? find(parsed->row, parsed->col) : nullptr;
}

const FixtureSheet* FixtureSpec::sheet(const std::string& name) const {
  for (const FixtureSheet& s : sheets) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

namespace {

// Carries the file and the current sheet/cell so every error names them.
struct Context {
  std::string path;
  std::string sheet;

  [[noreturn]] void fail(const std::string& code, const std::string& message,
                         const YAML::Node& node = YAML::Node(),
                         const std::string& cell = {}) const {
    std::string where = message;
    if (node.IsDefined() && node.Mark().line >= 0) {
      where += " (spec line " + std::to_string(node.Mark().line + 1) + ")";
    }
    throw InputError(code, where, Location{path, sheet, cell});
  }

  void check_keys(const YAML::Node& map, std::initializer_list<std::string_view> allowed,
                  const char* what) const {
    for (const auto& entry : map) {
      const std::string key = entry.first.Scalar();
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        fail("FIXTURE-KEY", std::string("unknown key '") + key + "' in " + what, entry.first);
      }
    }
  }

  std::string scalar(const YAML::Node& node, const char* what) const {
    if (!node.IsScalar()) fail("FIXTURE-VALUE", std::string(what) + " must be a scalar", node);
    return node.Scalar();
  }

  bool boolean(const YAML::Node& node, const char* what) const {
    const std::string text = scalar(node, what);
    if (text == "true") return true;
    if (text == "false") return false;
    fail("FIXTURE-VALUE", std::string(what) + " must be true or false, not '" + text + "'", node);
  }

  std::uint32_t count(const YAML::Node& node, const char* what, std::uint32_t min,
                      std::uint32_t max) const {
    const std::string text = scalar(node, what);
    std::uint64_t value = 0;
    if (text.empty() || text.size() > 7) {
      fail("FIXTURE-VALUE", std::string(what) + " must be a whole number", node);
    }
    for (char c : text) {
      if (c < '0' || c > '9')
        fail("FIXTURE-VALUE", std::string(what) + " must be a whole number", node);
      value = value * 10 + static_cast<std::uint64_t>(c - '0');
    }
    if (value < min || value > max) {
      fail("FIXTURE-VALUE", std::string(what) + " out of range: " + text, node);
    }
    return static_cast<std::uint32_t>(value);
  }

  std::uint32_t column(const std::string& letters, const YAML::Node& node) const {
    auto parsed = parse_a1(letters + "1");
    if (!parsed || letters.empty() || letters.find_first_of("0123456789$") != std::string::npos) {
      fail("FIXTURE-ADDRESS", "bad column letters '" + letters + "'", node);
    }
    return parsed->col;
  }
};

bool plain_scalar(const YAML::Node& node) { return node.Tag() == "?"; }

std::string strip_grouping(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c != ',' && c != ' ') out.push_back(c);
  }
  return out;
}

struct Inherited {
  std::string number_format;
  std::string unit;
};

std::string normalise_format(const std::string& format) {
  return format == "General" ? std::string() : format;
}

// One cell of a row item. Returns false for an empty (~) entry.
bool parse_cell(const Context& ctx, const YAML::Node& node, FixtureCell& cell) {
  if (node.IsNull()) return false;
  if (node.IsScalar()) {
    if (node.Scalar().empty()) {
      ctx.fail("FIXTURE-VALUE", "empty text cell; write ~ for an empty cell", node, cell.address);
    }
    if (plain_scalar(node) && Decimal::parse(node.Scalar())) {
      ctx.fail("FIXTURE-VALUE",
               "unquoted number '" + node.Scalar() +
                   "': write numbers as {n: \"...\"} and quote numeric-looking text",
               node, cell.address);
    }
    cell.text = node.Scalar();
    return true;
  }
  if (!node.IsMap())
    ctx.fail("FIXTURE-VALUE", "a cell must be text, ~ or a map", node, cell.address);
  ctx.check_keys(node, {"t", "n", "text", "fact", "unbound", "structure", "format", "template"},
                 "cell");
  if (node["t"] && node["n"]) {
    ctx.fail("FIXTURE-VALUE", "a cell has either t (text) or n (number), not both", node,
             cell.address);
  }
  if (node["t"]) {
    cell.text = ctx.scalar(node["t"], "t");
    if (cell.text.empty()) ctx.fail("FIXTURE-VALUE", "empty text cell", node, cell.address);
    for (const char* key : {"text", "fact", "unbound", "structure", "format"}) {
      if (node[key]) {
        ctx.fail("FIXTURE-KEY", std::string("'") + key + "' applies to number cells only", node,
                 cell.address);
      }
    }
  } else if (node["n"]) {
    cell.is_number = true;
    cell.number_text = ctx.scalar(node["n"], "n");
    if (!Decimal::parse(cell.number_text) ||
        cell.number_text.find_first_of("eE") != std::string::npos) {
      ctx.fail("FIXTURE-NUMBER", "n must be plain decimal text, got '" + cell.number_text + "'",
               node, cell.address);
    }
    cell.fact = node["fact"] ? ctx.boolean(node["fact"], "fact") : true;
    cell.unbound = node["unbound"] ? ctx.boolean(node["unbound"], "unbound") : false;
    cell.structure = node["structure"] ? ctx.boolean(node["structure"], "structure") : false;
    if (cell.structure && node["fact"] && cell.fact)
      ctx.fail("FIXTURE-KEY", "a structure number (栏次/行次) is never a fact", node, cell.address);
    if (cell.structure) cell.fact = false;
    if (cell.unbound && !cell.fact)
      ctx.fail("FIXTURE-KEY", "an unbound number is a fact (of no known measure)", node,
               cell.address);
    if (node["format"]) cell.number_format = normalise_format(ctx.scalar(node["format"], "format"));
    if (node["text"]) {
      cell.stored_as_text = true;
      cell.text = ctx.scalar(node["text"], "text");
      auto shown = Decimal::parse(strip_grouping(cell.text));
      if (!shown || shown->compare(*Decimal::parse(cell.number_text)) != 0) {
        ctx.fail("FIXTURE-NUMBER",
                 "text '" + cell.text + "' does not show the number " + cell.number_text, node,
                 cell.address);
      }
    }
  } else {
    ctx.fail("FIXTURE-VALUE", "a cell map needs t or n", node, cell.address);
  }
  if (node["template"])
    cell.template_text = node["template"].IsNull() ? "" : ctx.scalar(node["template"], "template");
  return true;
}

std::optional<RangeAddress> shifted_range(const std::string& text, std::uint32_t first_row) {
  auto range = parse_range(text);
  if (!range) return std::nullopt;
  range->first_row += first_row;
  range->last_row += first_row;
  if (range->last_row >= kMaxRows) return std::nullopt;
  return range;
}

// `inherits` runs parallel to sheet.cells: true where the number format is the
// block's and a column format may still override it.
void parse_block(const Context& ctx, const YAML::Node& node, const Inherited& sheet_defaults,
                 std::uint32_t& next_row, FixtureSheet& sheet, std::vector<bool>& inherits) {
  ctx.check_keys(node,
                 {"table", "title", "unit", "synthetic", "number_format", "start_row", "gap",
                  "merged", "rows", "note"},
                 "block");
  FixtureTable table;
  table.code = node["table"] ? ctx.scalar(node["table"], "table") : std::string();
  table.title = node["title"] ? ctx.scalar(node["title"], "title") : std::string();
  table.unit = node["unit"] ? ctx.scalar(node["unit"], "unit") : sheet_defaults.unit;
  table.synthetic = node["synthetic"] ? ctx.boolean(node["synthetic"], "synthetic") : false;
  if (table.code.empty()) ctx.fail("FIXTURE-VALUE", "a block needs a table code", node);
  const std::string block_format =
      node["number_format"] ? normalise_format(ctx.scalar(node["number_format"], "number_format"))
                            : sheet_defaults.number_format;
  std::uint32_t start = next_row;
  if (node["start_row"]) {
    start = ctx.count(node["start_row"], "start_row", 1, kMaxRows) - 1;
    if (start < next_row) {
      ctx.fail("FIXTURE-OVERLAP", "block " + table.code + " starts inside the previous block",
               node);
    }
  }
  if (node["gap"]) start += ctx.count(node["gap"], "gap", 0, 1000);
  const YAML::Node rows = node["rows"];
  if (!rows || !rows.IsSequence() || rows.size() == 0) {
    ctx.fail("FIXTURE-VALUE", "block " + table.code + " needs a non-empty rows list", node);
  }
  const std::size_t table_index = sheet.tables.size();
  std::uint32_t row = start;
  for (const YAML::Node& item : rows) {
    if (row >= kMaxRows) ctx.fail("FIXTURE-ADDRESS", "rows run past the last sheet row", item);
    // yaml-cpp assignment writes through to the referenced node, so pick the
    // cells node once instead of reassigning.
    const YAML::Node cells = item.IsMap() ? item["cells"] : item;
    std::uint32_t col = 0;
    bool body = false;
    if (item.IsMap()) {
      ctx.check_keys(item, {"cells", "at", "body", "blank", "note"}, "row");
      if (item["blank"]) {
        if (item["cells"]) ctx.fail("FIXTURE-VALUE", "a row has either blank or cells", item);
        row += ctx.count(item["blank"], "blank", 1, 1000);
        continue;
      }
      if (item["at"]) col = ctx.column(ctx.scalar(item["at"], "at"), item["at"]);
      if (item["body"]) body = ctx.boolean(item["body"], "body");
    }
    if (!cells || !cells.IsSequence()) {
      ctx.fail("FIXTURE-VALUE", "a row is a list of cells, {cells: [...]} or {blank: N}", item);
    }
    if (body) sheet.body_rows.push_back(row);
    for (const YAML::Node& entry : cells) {
      if (col >= kMaxCols)
        ctx.fail("FIXTURE-ADDRESS", "row runs past the last sheet column", entry);
      FixtureCell cell;
      cell.row = row;
      cell.col = col;
      cell.address = a1(row, col);
      cell.body = body;
      cell.table = table_index;
      if (parse_cell(ctx, entry, cell)) {
        const bool inherited =
            cell.is_number && !cell.stored_as_text && !(entry.IsMap() && entry["format"]);
        if (inherited) cell.number_format = block_format;
        sheet.cells.push_back(std::move(cell));
        inherits.push_back(inherited);
      }
      ++col;
    }
    ++row;
  }
  if (row == start) ctx.fail("FIXTURE-VALUE", "block " + table.code + " has no rows", node);
  table.first_row = start;
  table.last_row = row - 1;
  if (node["merged"]) {
    if (!node["merged"].IsSequence())
      ctx.fail("FIXTURE-VALUE", "merged must be a list", node["merged"]);
    for (const YAML::Node& m : node["merged"]) {
      const std::string text = ctx.scalar(m, "merged range");
      auto range = shifted_range(text, start);
      if (!range || (range->first_row == range->last_row && range->first_col == range->last_col)) {
        ctx.fail("FIXTURE-ADDRESS", "bad merged range '" + text + "'", m);
      }
      if (range->last_row > table.last_row) {
        ctx.fail("FIXTURE-ADDRESS",
                 "merged range '" + text + "' runs past the end of block " + table.code, m);
      }
      sheet.merged.push_back(*range);
    }
  }
  sheet.tables.push_back(std::move(table));
  next_row = row;
}

void parse_columns(const Context& ctx, const YAML::Node& node, FixtureSheet& sheet) {
  if (!node.IsSequence()) ctx.fail("FIXTURE-VALUE", "columns must be a list", node);
  for (const YAML::Node& item : node) {
    if (!item.IsMap()) ctx.fail("FIXTURE-VALUE", "a column entry is a map", item);
    ctx.check_keys(item, {"cols", "width", "hidden", "number_format", "note"}, "column");
    FixtureColumn column;
    const std::string cols = item["cols"] ? ctx.scalar(item["cols"], "cols") : std::string();
    const auto colon = cols.find(':');
    column.first_col = ctx.column(cols.substr(0, colon), item);
    column.last_col =
        colon == std::string::npos ? column.first_col : ctx.column(cols.substr(colon + 1), item);
    if (column.last_col < column.first_col)
      ctx.fail("FIXTURE-ADDRESS", "reversed columns " + cols, item);
    if (item["width"]) {
      // Column widths are layout, not money: a double is what the writer takes.
      try {
        column.width = item["width"].as<double>();
      } catch (const YAML::Exception&) {
        ctx.fail("FIXTURE-VALUE", "width must be a number", item["width"]);
      }
      if (*column.width < 0 || *column.width > 255)
        ctx.fail("FIXTURE-VALUE", "width out of range", item);
    }
    if (item["hidden"]) column.hidden = ctx.boolean(item["hidden"], "hidden");
    if (item["number_format"]) {
      column.number_format = normalise_format(ctx.scalar(item["number_format"], "number_format"));
      if (column.number_format.empty()) column.number_format = "General";
    }
    sheet.columns.push_back(column);
  }
}

void check_merges(const Context& ctx, FixtureSheet& sheet) {
  for (std::size_t i = 0; i < sheet.merged.size(); ++i) {
    const RangeAddress& a = sheet.merged[i];
    for (std::size_t j = i + 1; j < sheet.merged.size(); ++j) {
      const RangeAddress& b = sheet.merged[j];
      if (a.first_row <= b.last_row && b.first_row <= a.last_row && a.first_col <= b.last_col &&
          b.first_col <= a.last_col) {
        ctx.fail("FIXTURE-OVERLAP", "merged ranges overlap: " + a.to_a1() + " and " + b.to_a1(), {},
                 a.to_a1());
      }
    }
    for (const FixtureCell& cell : sheet.cells) {
      if (a.contains(cell.row, cell.col) && !(cell.row == a.first_row && cell.col == a.first_col)) {
        ctx.fail("FIXTURE-OVERLAP",
                 "cell " + cell.address + " is hidden under merged range " + a.to_a1(), {},
                 cell.address);
      }
    }
  }
}

// A column format beats the block's; the last matching column entry wins.
void resolve_formats(FixtureSheet& sheet, const std::vector<bool>& inherits) {
  for (std::size_t i = 0; i < sheet.cells.size(); ++i) {
    if (!inherits[i]) continue;
    FixtureCell& cell = sheet.cells[i];
    for (const FixtureColumn& column : sheet.columns) {
      if (!column.number_format.empty() && cell.col >= column.first_col &&
          cell.col <= column.last_col) {
        cell.number_format = normalise_format(column.number_format);
      }
    }
  }
}

FixtureSheet parse_sheet(Context& ctx, const YAML::Node& node, const Inherited& defaults) {
  if (!node.IsMap()) ctx.fail("FIXTURE-VALUE", "a sheet is a map", node);
  ctx.check_keys(node, {"name", "number_format", "unit", "columns", "blocks", "note"}, "sheet");
  FixtureSheet sheet;
  sheet.name = node["name"] ? ctx.scalar(node["name"], "name") : std::string();
  if (sheet.name.empty() || sheet.name.size() > 93 ||
      sheet.name.find_first_of("[]:*?/\\") != std::string::npos) {
    ctx.fail("FIXTURE-VALUE", "bad sheet name '" + sheet.name + "'", node);
  }
  ctx.sheet = sheet.name;
  Inherited inherited = defaults;
  if (node["number_format"]) {
    inherited.number_format = normalise_format(ctx.scalar(node["number_format"], "number_format"));
  }
  if (node["unit"]) inherited.unit = ctx.scalar(node["unit"], "unit");
  if (node["columns"]) parse_columns(ctx, node["columns"], sheet);
  const YAML::Node blocks = node["blocks"];
  if (!blocks || !blocks.IsSequence() || blocks.size() == 0) {
    ctx.fail("FIXTURE-VALUE", "a sheet needs a non-empty blocks list", node);
  }
  std::uint32_t next_row = 0;
  std::vector<bool> inherits;
  for (const YAML::Node& block : blocks) {
    if (!block.IsMap()) ctx.fail("FIXTURE-VALUE", "a block is a map", block);
    parse_block(ctx, block, inherited, next_row, sheet, inherits);
  }
  check_merges(ctx, sheet);
  resolve_formats(sheet, inherits);
  std::sort(sheet.cells.begin(), sheet.cells.end(), [](const FixtureCell& a, const FixtureCell& b) {
    return a.row != b.row ? a.row < b.row : a.col < b.col;
  });
  for (std::size_t i = 1; i < sheet.cells.size(); ++i) {
    if (sheet.cells[i].row == sheet.cells[i - 1].row &&
        sheet.cells[i].col == sheet.cells[i - 1].col) {
      ctx.fail("FIXTURE-OVERLAP", "two cells at " + sheet.cells[i].address, {},
               sheet.cells[i].address);
    }
  }
  std::sort(sheet.body_rows.begin(), sheet.body_rows.end());
  ctx.sheet.clear();
  return sheet;
}

}  // namespace

FixtureSpec load_fixture_spec(const std::string& path) {
  Context ctx{path, {}};
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    throw InputError("FIXTURE-OPEN", "cannot open fixture spec", Location{path, {}, {}});
  } catch (const YAML::Exception& e) {
    throw InputError("FIXTURE-YAML", std::string("YAML error: ") + e.what(),
                     Location{path, {}, {}});
  }
  if (!root.IsMap()) ctx.fail("FIXTURE-VALUE", "the spec must be a map", root);
  ctx.check_keys(root, {"workbook", "description", "defaults", "sheets"}, "spec");
  FixtureSpec spec;
  spec.path = path;
  spec.workbook = root["workbook"] ? ctx.scalar(root["workbook"], "workbook") : std::string();
  Inherited defaults;
  defaults.unit = "万元";
  if (const YAML::Node d = root["defaults"]) {
    if (!d.IsMap()) ctx.fail("FIXTURE-VALUE", "defaults must be a map", d);
    ctx.check_keys(d, {"number_format", "unit"}, "defaults");
    if (d["number_format"])
      defaults.number_format = normalise_format(ctx.scalar(d["number_format"], "number_format"));
    if (d["unit"]) defaults.unit = ctx.scalar(d["unit"], "unit");
  }
  const YAML::Node sheets = root["sheets"];
  if (!sheets || !sheets.IsSequence() || sheets.size() == 0) {
    ctx.fail("FIXTURE-VALUE", "the spec needs a non-empty sheets list", root);
  }
  std::set<std::string> names;
  for (const YAML::Node& node : sheets) {
    FixtureSheet sheet = parse_sheet(ctx, node, defaults);
    if (!names.insert(sheet.name).second) {
      ctx.fail("FIXTURE-VALUE", "duplicate sheet name '" + sheet.name + "'", node);
    }
    spec.sheets.push_back(std::move(sheet));
  }
  return spec;
}

}  // namespace bc
