#include "locate/table_locator.h"

#include <algorithm>
#include <array>
#include <optional>
#include <set>

#include "headers/label_text.h"
#include "headers/utf8_scan.h"
#include "locate/heading_match.h"
#include "normalise/amounts.h"
#include "normalise/units.h"

namespace bc {
namespace {

// Heading lines (titles, 部门, 单位, codes) are short; longer text is never one,
// so the recognisers skip it.
constexpr std::size_t kMaxHeadingBytes = 600;

std::size_t code_point_count(std::string_view valid_utf8) {
  std::size_t n = 0;
  for (char c : valid_utf8) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

// regex_match
// ^(部门|单位|部门名称|单位名称|部门\(单位\)|部门\(单位\)名称|部门/单位|预算单位|编制单位|填报单位|主管部门)$
bool is_department_label(std::string_view normalised) {
  static constexpr std::array<std::string_view, 11> kLabels = {
      "部门",      "单位",     "部门名称", "单位名称", "部门(单位)", "部门(单位)名称",
      "部门/单位", "预算单位", "编制单位", "填报单位", "主管部门"};
  return std::find(kLabels.begin(), kLabels.end(), normalised) != kLabels.end();
}

// Text that can be none of the heading lines (code, title, 部门, unit, year):
// each needs a non-ASCII character (表, 部门, 单位, 年 ...), except a YS code.
// Numbers, ASCII codes and dates are thus skipped before any recogniser runs.
bool cannot_be_heading(const std::string& text) {
  return !has_non_ascii(text) && text.find_first_of("Yy") == std::string::npos;
}

struct RowCell {
  std::uint32_t col;
  std::string text;  // trimmed value
  bool number_typed;
};

// Where a row has cells, and which of them hold amounts (a number, or text
// that reads as one): all the locator needs of a body row.
struct ColumnMark {
  std::uint32_t col;
  bool amount;
};

enum class RowKind { Blank, Heading, Footnote, Other };

bool is_heading_cell(const std::string& text) {
  if (cannot_be_heading(text)) return false;
  std::string scratch;
  return parse_table_code(text, scratch) || looks_like_title(text) ||
         parse_department(text, scratch) || find_unit_declaration(text).has_value() ||
         (parse_year(text, scratch) && normalise_label(text).size() <= 24);
}

// When the first cell is a 部门 label with no name after its colon, how many
// cells after it hold the name: short text cells, no amounts, up to the next
// heading cell (a unit at the end of the line). 0 when the row is not one.
template <typename Cells>
std::size_t department_name_cells(const Cells& cells) {
  std::string name;
  if (cells.size() < 2 || !parse_department(cells.front().text, name) || !name.empty()) return 0;
  std::size_t n = 0;
  for (std::size_t i = 1; i < cells.size() && n < 3; ++i) {
    const std::string& text = cells[i].text;
    if (is_heading_cell(text)) break;
    if (cells[i].number_typed || read_amount_text(text).status == AmountReading::Status::Ok)
      return 0;
    if (normalise_label(text).size() > 90) return 0;  // a name, not a paragraph
    ++n;
  }
  for (std::size_t i = 1 + n; i < cells.size(); ++i) {
    if (!is_heading_cell(cells[i].text))
      return 0;  // anything else after the name: not a heading line
  }
  return n;
}

struct RowInfo {
  std::uint32_t index = 0;
  std::vector<ColumnMark> columns;  // every non-blank visible cell, in column order
  // The cells with their texts, kept only for rows whose texts are read
  // later (headings, footnotes, header bands, caption rows): not for a body
  // row of amounts, so that a sheet of 200,000 rows is not copied whole.
  std::vector<RowCell> cells;
  RowKind kind = RowKind::Blank;
  bool has_value = false;        // a numeric cell or text that reads as an amount
  bool has_placeholder = false;  // "-", "—" ...: a value cell saying "nothing"
  bool ordinal_label = false;  // the first cell is a numbered line (一、… (一)… 1、…): a body row
  bool has_title_or_code = false;
  bool caption = false;  // "栏次 1 2 3 ..." / "行次": belongs to the header band
};

RowInfo classify_row(const Sheet& sheet, const SheetRow& row) {
  RowInfo info;
  info.index = row.index;
  for (const CellView& cell : sheet.row_cells(row)) {
    if (sheet.column_hidden(cell.col)) continue;
    std::string text = trim(cell.value);
    if (text.empty()) continue;
    info.cells.push_back(RowCell{cell.col, text, cell.type == CellType::Number});
  }
  if (info.cells.empty()) return info;
  bool all_heading = info.cells.size() <= 4;
  // "部门/单位: | 武汉市东西湖区医疗伤 | R 障局 | … | 单位: 万元": a 部门 label
  // whose name the extraction split over the next cells is still a heading.
  std::size_t name_cells = department_name_cells(info.cells);
  if (name_cells > 0) all_heading = info.cells.size() <= 4 + name_cells;
  for (std::size_t i = 0; i < info.cells.size(); ++i) {
    const RowCell& c = info.cells[i];
    if (i >= 1 && i <= name_cells) continue;
    if (cannot_be_heading(c.text)) {
      all_heading = false;
      continue;
    }
    std::string scratch;
    if (parse_table_code(c.text, scratch) || looks_like_title(c.text)) {
      info.has_title_or_code = true;
      continue;
    }
    // 部门, unit and year lines only matter while the row can still be a heading.
    if (all_heading && !parse_department(c.text, scratch) &&
        !find_unit_declaration(c.text).has_value() &&
        !(parse_year(c.text, scratch) && normalise_label(c.text).size() <= 24))
      all_heading = false;
  }
  info.columns.reserve(info.cells.size());
  for (const RowCell& c : info.cells) {
    const bool amount =
        c.number_typed || read_amount_text(c.text).status == AmountReading::Status::Ok;
    info.columns.push_back(ColumnMark{c.col, amount});
    info.has_value = info.has_value || amount;
    info.has_placeholder = info.has_placeholder || is_placeholder_text(c.text);
  }
  const std::string first = normalise_label(info.cells.front().text);
  info.caption = first == "栏次" || first == "行次";
  info.ordinal_label =
      strip_ordinal(info.cells.front().text) != normalise_label(info.cells.front().text);
  if ((is_footnote_text(info.cells.front().text) || says_no_data(info.cells.front().text)) &&
      info.cells.size() <= 2) {
    info.kind = RowKind::Footnote;
  } else if (all_heading && !info.has_value) {
    info.kind = RowKind::Heading;
  } else {
    info.kind = RowKind::Other;
  }
  // A body row's texts are never read again: a repeated header band (compared
  // by text) has no amounts unless it is a caption row.
  if (info.kind == RowKind::Other && info.has_value && !info.caption) {
    std::vector<RowCell>().swap(info.cells);
  }
  return info;
}

void absorb_heading(const RowInfo& row, TableRegion& region) {
  const std::size_t name_cells = department_name_cells(row.cells);
  for (std::size_t i = 0; i < row.cells.size(); ++i) {
    const RowCell& c = row.cells[i];
    if (i >= 1 && i <= name_cells) continue;
    CellAddress at{row.index, c.col};
    std::string value;
    if (i == 0 && name_cells > 0) {
      std::string name;
      for (std::size_t k = 1; k <= name_cells; ++k) name += row.cells[k].text;
      region.department = HeadingText{c.text, name, at};
      continue;
    }
    if (parse_table_code(c.text, value)) {
      region.code = HeadingText{c.text, value, at};
      continue;
    }
    if (looks_like_title(c.text)) {
      region.titles.push_back(HeadingText{c.text, c.text, at});
      if (region.year.value.empty() && parse_year(c.text, value))
        region.year = HeadingText{c.text, value, at};
      continue;
    }
    if (auto unit = find_unit_declaration(c.text)) region.unit = HeadingText{c.text, *unit, at};
    if (parse_department(c.text, value)) region.department = HeadingText{c.text, value, at};
    if (parse_year(c.text, value)) region.year = HeadingText{c.text, value, at};
  }
}

bool same_cells(const RowInfo& a, const RowInfo& b) {
  if (a.cells.size() != b.cells.size() || a.cells.empty()) return false;
  for (std::size_t i = 0; i < a.cells.size(); ++i) {
    if (a.cells[i].col != b.cells[i].col) return false;
    if (normalise_label(a.cells[i].text) != normalise_label(b.cells[i].text)) return false;
  }
  return true;
}

// A row inside a body that has no amounts but labels in at least two columns
// where the body so far held amounts: the header band of another table
// stacked directly below (a label column's text never sits there).
bool starts_new_header_band(const RowInfo& row, const std::set<std::uint32_t>& value_columns) {
  if (row.kind != RowKind::Other || row.has_value || value_columns.empty()) return false;
  int over_values = 0;
  for (const RowCell& c : row.cells) {
    if (is_placeholder_text(c.text)) continue;  // "—" in a value column is a value saying "nothing"
    over_values += value_columns.count(c.col) ? 1 : 0;
  }
  return over_values >= 2;
}

void widen(TableRegion& region, const RowInfo& row) {
  for (const ColumnMark& c : row.columns) {
    region.first_col = std::min(region.first_col, c.col);
    region.last_col = std::max(region.last_col, c.col);
  }
}

}  // namespace

bool looks_like_title(const std::string& trimmed) {
  if (trimmed.find("表") == std::string::npos) return false;  // cheap: most cells are not titles
  std::string n = normalise_label(trimmed);
  if (n.empty() || is_footnote_text(trimmed)) return false;
  const std::size_t length = code_point_count(n);
  if (length < 3 || length > 60) return false;
  if (n.find("表") == std::string::npos) return false;
  // A list item ("- 表 1. 部门收支总表" in a table of contents) or a part of
  // the document ("第五部分：部门预算公开报表") names tables; it heads none.
  const char32_t first = decode_utf8_at(n, 0).code_point;
  if (first == U'-' || first == U'*' || first == 0x2022 || first == 0x00B7) return false;
  if (starts_with_part_heading(n)) return false;
  std::string scratch;
  if (parse_department(trimmed, scratch) || find_unit_declaration(trimmed)) return false;
  if (read_amount_text(trimmed).status == AmountReading::Status::Ok) return false;
  // Titles end in 表, optionally followed by a bracketed qualifier: 表(2024年度), 表（按功能分类）.
  if (is_bare_table_code(n)) return false;
  return ends_like_title(n);
}

bool parse_table_code(const std::string& text, std::string& code_out) {
  if (text.size() > 64) return false;
  // Every code holds a non-ASCII character or a Y: ASCII text without one (a number) is none.
  if (!has_non_ascii(text) && text.find_first_of("Yy") == std::string::npos) return false;
  std::string code = normalise_label(text);
  if (!is_table_code(code)) return false;
  if (code.size() >= 2 && (code[0] == 'y' || code[0] == 'Y')) {
    code[0] = 'Y';
    code[1] = 'S';
  }
  code_out = code;
  return true;
}

bool parse_department(const std::string& text, std::string& name_out) {
  // The label ends at the first colon: without one the text is no 部门 line.
  if (text.find(':') == std::string::npos && text.find("：") == std::string::npos) return false;
  const std::string t = trim(text);
  if (t.size() > kMaxHeadingBytes) return false;  // a heading line is short; long text is narrative
  // The label ends at the first colon, full-width or not.
  std::size_t colon = t.find("：");
  std::size_t colon_len = 3;
  std::size_t ascii = t.find(':');
  if (ascii != std::string::npos && (colon == std::string::npos || ascii < colon)) {
    colon = ascii;
    colon_len = 1;
  }
  if (colon == std::string::npos) return false;
  if (!is_department_label(normalise_label(t.substr(0, colon)))) return false;
  // The name as printed; a unit declaration or a year after it in the same
  // cell ("部门：X    单位：万元", "部门：X 2024年度") is not part of it.
  std::string name = trim(t.substr(colon + colon_len));
  const std::size_t tail = find_name_tail(name);
  if (tail != std::string::npos) name.resize(tail);
  std::string printed = trim(name);
  // An empty name is a blank form's "部门：" line: still a heading line.
  if (money_unit(printed)) return false;  // "单位：万元" is a unit line, not a department
  name_out = printed;
  return true;
}

bool parse_year(const std::string& text, std::string& year_out) {
  if (text.size() > kMaxHeadingBytes) return false;
  if (text.find("年") == std::string::npos) return false;  // normalising never makes a 年
  const std::string n = normalise_label(text);
  const std::size_t at = find_year(n);
  if (at == std::string::npos) return false;
  year_out = n.substr(at, 4);
  return true;
}

bool is_footnote_text(const std::string& trimmed) {
  if (trimmed.size() > 64) return is_footnote_text(trimmed.substr(0, 48));
  return starts_like_footnote(normalise_label(trimmed));
}

bool says_no_data(const std::string& text) {
  std::string n = normalise_label(text);
  return n.find("无数据") != std::string::npos || n.find("本表为空") != std::string::npos ||
         n.find("为空表") != std::string::npos;
}

std::vector<TableRegion> locate_tables(const Sheet& sheet, const LocateOptions& options) {
  std::vector<RowInfo> rows;
  rows.reserve(sheet.rows().size());
  for (const SheetRow& row : sheet.rows()) {
    RowInfo info = classify_row(sheet, row);
    if (info.kind != RowKind::Blank) rows.push_back(std::move(info));
  }

  std::vector<TableRegion> tables;
  std::size_t i = 0;
  std::optional<TableRegion> pending_heading;  // heading shared by a stacked, untitled table
  while (i < rows.size()) {
    TableRegion region;
    bool inherited = pending_heading.has_value();
    if (inherited) {
      region = std::move(*pending_heading);
      pending_heading.reset();
    }
    region.first_row = rows[i].index;
    region.first_col = rows[i].columns.front().col;
    region.last_col = region.first_col;
    // 1. Heading block.
    bool titled = false;
    while (i < rows.size() && rows[i].kind == RowKind::Heading) {
      absorb_heading(rows[i], region);
      titled = titled || rows[i].has_title_or_code;
      widen(region, rows[i]);
      ++i;
    }
    if (i >= rows.size() || rows[i].kind == RowKind::Footnote) {
      // A heading with nothing under it (or only a note): keep titled ones so
      // an empty table can be recognised and reported.
      while (i < rows.size() && rows[i].kind == RowKind::Footnote) {
        region.footnotes.push_back(HeadingText{
            rows[i].cells.front().text, "", {rows[i].index, rows[i].cells.front().col}});
        region.declared_empty = region.declared_empty || says_no_data(rows[i].cells.front().text);
        ++i;
      }
      region.last_row = i > 0 ? rows[i - 1].index : region.first_row;
      if (titled) tables.push_back(std::move(region));
      continue;
    }
    titled = titled || inherited;
    if (options.require_heading && !titled) {
      ++i;  // narrative text outside any table
      continue;
    }
    // 2. Header band: rows without values, up to the first row that has one.
    region.has_header = true;
    region.header_first = rows[i].index;
    std::vector<std::size_t> header_infos;
    while (i < rows.size() && rows[i].kind == RowKind::Other &&
           ((!rows[i].has_value && !rows[i].has_placeholder && !rows[i].ordinal_label) ||
            rows[i].caption) &&
           header_infos.size() < options.max_header_rows) {
      header_infos.push_back(i);
      widen(region, rows[i]);
      region.header_last = rows[i].index;
      ++i;
    }
    if (header_infos.empty()) {
      region.has_header =
          false;  // body straight after the heading: the mapping will say what is missing
      region.header_first = region.header_last = rows[i].index;
    }
    // 3. Body, until a new titled heading, a footnote, a new header band or the end.
    std::set<std::uint32_t> value_columns;  // columns that held amounts in this body
    bool continues_untitled = false;
    while (i < rows.size()) {
      const RowInfo& row = rows[i];
      if (row.kind == RowKind::Footnote) break;
      if (row.kind == RowKind::Heading && row.has_title_or_code) break;
      if (!header_infos.empty() && same_cells(row, rows[header_infos.front()])) {
        // The header band repeated where a page broke: skip it whole.
        std::size_t k = 0;
        while (i < rows.size() && k < header_infos.size() &&
               same_cells(rows[i], rows[header_infos[k]])) {
          region.repeated_header_rows.push_back(rows[i].index);
          ++i;
          ++k;
        }
        continue;
      }
      if (starts_new_header_band(row, value_columns)) {
        // Another table stacked under this one without its own title: it
        // shares this table's heading (title, code, 部门, unit).
        continues_untitled = true;
        break;
      }
      if (row.kind == RowKind::Heading && !row.has_value) {
        // A stray 单位/部门 line between body rows (a moved unit line): absorb it.
        absorb_heading(row, region);
        ++i;
        continue;
      }
      region.body_rows.push_back(row.index);
      for (const ColumnMark& c : row.columns) {
        if (c.amount) value_columns.insert(c.col);
      }
      widen(region, row);
      ++i;
    }
    // 4. Footnotes.
    while (i < rows.size() && rows[i].kind == RowKind::Footnote) {
      for (const RowCell& c : rows[i].cells) {
        region.footnotes.push_back(HeadingText{c.text, "", {rows[i].index, c.col}});
        region.declared_empty = region.declared_empty || says_no_data(c.text);
      }
      ++i;
    }
    region.last_row = rows[i - 1].index;
    if (continues_untitled) {
      TableRegion next;
      next.titles = region.titles;
      next.code = region.code;
      next.department = region.department;
      next.year = region.year;
      next.unit = region.unit;
      pending_heading = std::move(next);
    }
    tables.push_back(std::move(region));
  }
  return tables;
}

}  // namespace bc
