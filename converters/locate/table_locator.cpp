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

bool ends_with(std::string_view text, std::string_view tail) {
  return text.size() >= tail.size() && text.substr(text.size() - tail.size()) == tail;
}

// The labels of the built-in 部门 lines (normalised, before the colon): the
// first eleven are parse_department's, the others the locator's too.
bool is_department_label(std::string_view normalised, bool extended) {
  static constexpr std::array<std::string_view, 19> kLabels = {
      "部门",           "单位",      "部门名称",       "单位名称",     "部门(单位)",
      "部门(单位)名称", "部门/单位", "预算单位",       "编制单位",     "填报单位",
      "主管部门",       "编制部门",  "填报部门",       "预算部门",     "单位(部门)",
      "部门单位",       "报送单位",  "单位(部门)名称", "部门/单位名称"};
  const auto end = extended ? kLabels.end() : kLabels.begin() + 11;
  return std::find(kLabels.begin(), end, normalised) != end;
}

bool matches_any(const std::vector<LabelPattern>& patterns, const std::string& normalised) {
  return std::any_of(patterns.begin(), patterns.end(),
                     [&](const LabelPattern& p) { return p.matches(normalised); });
}

// Splits "label：rest" at the first colon, full-width or not.
bool split_at_colon(const std::string& t, std::string& label, std::string& rest) {
  std::size_t colon = t.find("：");
  std::size_t colon_len = 3;
  const std::size_t ascii = t.find(':');
  if (ascii != std::string::npos && (colon == std::string::npos || ascii < colon)) {
    colon = ascii;
    colon_len = 1;
  }
  if (colon == std::string::npos) return false;
  label = t.substr(0, colon);
  rest = t.substr(colon + colon_len);
  return true;
}

// A leading list marker ("- ", "• ", "* ", "· ") that text extractions put
// before list items and notes; on normalised text.
std::string_view strip_list_marker(std::string_view n) {
  for (;;) {
    if (!n.empty() && (n.front() == '-' || n.front() == '*')) {
      n.remove_prefix(1);
    } else if (n.substr(0, 3) == "\u2022") {
      n.remove_prefix(3);
    } else if (n.substr(0, 2) == "\u00B7") {
      n.remove_prefix(2);
    } else {
      return n;
    }
  }
}

// "台、辆、套", "人", "台/套": the count units the extractor knows
// (normalise/units.h), so that every unit the locator reports is one it reads.
bool is_count_unit_list(std::string_view text) {
  return code_point_count(text) <= 20 && is_count_unit(text);
}

// Text that can be none of the built-in heading lines (code, title, 部门,
// unit, year): each needs a non-ASCII character (表, 部门, 单位, 年 ...),
// except a YS code. Numbers, ASCII codes and dates are thus skipped before any
// recogniser runs.
bool cannot_be_heading(const std::string& text) {
  return !has_non_ascii(text) && text.find_first_of("Yy") == std::string::npos;
}

// The heading recognisers with a family's extra heading-line patterns.
class Headings {
 public:
  explicit Headings(const HeadingLinePatterns& extra) : extra_(extra) {}

  // A family's code or year pattern may match ASCII text ("FY2024", "B-05"),
  // but never a number: numbers are skipped before any pattern runs.
  bool cannot_be(const std::string& text) const {
    if (!cannot_be_heading(text)) return false;
    if (extra_.code.empty() && extra_.year.empty()) return true;
    return std::none_of(text.begin(), text.end(),
                        [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); });
  }

  bool code(const std::string& text, std::string& out) const {
    if (parse_table_code(text, out)) return true;
    if (text.size() > 200) return false;
    // A code with a unit or a year after it in one cell: "公开 04 表 金额单位:万元".
    const bool may_have_tail =
        text.find("单位") != std::string::npos || text.find("年") != std::string::npos;
    const std::size_t tail = may_have_tail ? find_name_tail(text) : std::string::npos;
    if (tail != std::string::npos && tail > 0 && parse_table_code(trim(text.substr(0, tail)), out))
      return true;
    if (!extra_.code.empty()) {
      const std::string n = normalise_label(text);
      if (matches_any(extra_.code, n)) {
        out = n;
        return true;
      }
    }
    return false;
  }

  bool department(const std::string& text, std::string& name_out) const {
    // The label ends at the first colon: without one the text is no 部门 line.
    if (text.find(':') == std::string::npos && text.find("：") == std::string::npos) return false;
    const std::string t = trim(text);
    if (t.size() > kMaxHeadingBytes)
      return false;  // a heading line is short; long text is narrative
    std::string label;
    std::string rest;
    if (!split_at_colon(t, label, rest)) return false;
    const std::string n = normalise_label(label);
    if (!is_department_label(n, true) && !matches_any(extra_.department, n)) return false;
    // The name as printed; a unit declaration or a year after it in the same
    // cell ("部门：X    单位：万元", "部门：X 2024年度 单位：元") is not part of it.
    std::string name = trim(rest);
    for (std::size_t tail = find_name_tail(name); tail != std::string::npos;
         tail = find_name_tail(name)) {
      name.resize(tail);
      name = trim(name);
    }
    // "单位：万元" and "单位：台、辆、套" are unit lines, not departments.
    if (money_unit(name) || is_count_unit_list(name)) return false;
    // An empty name is a blank form's "部门：" line: still a heading line.
    name_out = name;
    return true;
  }

  // The unit a cell declares: money ("单位：万元"), counts ("单位：台、辆、套"),
  // or by a family's unit label. `money` tells which.
  std::optional<std::string> unit(const std::string& text, bool& money) const {
    if (auto u = find_unit_declaration(text)) {
      money = true;
      return u;
    }
    if (auto u = find_count_unit_declaration(text)) {
      money = false;
      return u;
    }
    if (!extra_.unit.empty() && text.size() <= kMaxHeadingBytes) {
      std::string label;
      std::string rest;
      if (split_at_colon(trim(text), label, rest) &&
          matches_any(extra_.unit, normalise_label(label))) {
        std::string value = trim(rest);
        if (!value.empty()) {
          money = money_unit(value).has_value();
          return value;
        }
      }
    }
    return std::nullopt;
  }

  // A year line; `short_line` asks for a line that is nothing but the year
  // (how a heading row is recognised), not a year anywhere in a heading cell.
  bool year(const std::string& text, std::string& out, bool short_line) const {
    if (parse_year(text, out) && (!short_line || normalise_label(text).size() <= 24)) return true;
    if (!extra_.year.empty() && text.size() <= kMaxHeadingBytes) {
      const std::string n = normalise_label(text);
      if (matches_any(extra_.year, n)) {
        // The year the line holds: 2024 in "预算年度:2024", else the line.
        out = n;
        for (std::size_t at = 0; at + 4 <= n.size(); ++at) {
          const std::string_view y = std::string_view(n).substr(at, 4);
          const bool edge = (at == 0 || !is_ascii_digit(n[at - 1])) &&
                            (at + 4 == n.size() || !is_ascii_digit(n[at + 4]));
          if (edge && (y.substr(0, 2) == "19" || y.substr(0, 2) == "20") &&
              std::all_of(y.begin(), y.end(), is_ascii_digit)) {
            out = std::string(y);
            break;
          }
        }
        return true;
      }
    }
    return false;
  }

  bool heading_cell(const std::string& text) const {
    if (cannot_be(text)) return false;
    std::string scratch;
    bool money = false;
    return code(text, scratch) || looks_like_title(text) || department(text, scratch) ||
           unit(text, money).has_value() || year(text, scratch, true);
  }

 private:
  const HeadingLinePatterns& extra_;
};

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

// Contents: a line of a table of contents (目录, a title with a page number).
enum class RowKind { Blank, Heading, Footnote, Contents, Other };

// What a structure row holds: column numbers only (1 2 3 ...), or a 栏次/行次
// label as well.
enum class Structure { None, Numbers, Labelled };

// When the first cell is a 部门 label with no name after its colon, how many
// cells after it hold the name: short text cells, no amounts, up to the next
// heading cell (a unit at the end of the line). 0 when the row is not one.
template <typename Cells>
std::size_t department_name_cells(const Cells& cells, const Headings& headings) {
  std::string name;
  if (cells.size() < 2 || !headings.department(cells.front().text, name) || !name.empty()) return 0;
  std::size_t n = 0;
  for (std::size_t i = 1; i < cells.size() && n < 3; ++i) {
    const std::string& text = cells[i].text;
    if (headings.heading_cell(text)) break;
    if (cells[i].number_typed || read_amount_text(text).status == AmountReading::Status::Ok)
      return 0;
    if (normalise_label(text).size() > 90) return 0;  // a name, not a paragraph
    ++n;
  }
  for (std::size_t i = 1 + n; i < cells.size(); ++i) {
    if (!headings.heading_cell(cells[i].text))
      return 0;  // anything else after the name: not a heading line
  }
  return n;
}

// The number of a column number cell ("3", "4=2+3"), 0 when it is none.
int column_number(std::string_view n) {
  std::size_t i = 0;
  int value = 0;
  while (i < n.size() && is_ascii_digit(n[i]) && i < 3) value = value * 10 + (n[i++] - '0');
  if (i == 0 || value == 0) return 0;
  if (i == n.size()) return value;
  if (n[i] != '=') return 0;
  for (++i; i < n.size(); ++i) {
    if (!is_ascii_digit(n[i]) && std::string_view("+-*/()").find(n[i]) == std::string_view::npos)
      return 0;
  }
  return value;
}

bool is_column_letter(std::string_view n) {
  static constexpr std::array<std::string_view, 8> kLetters = {"甲", "乙", "丙", "丁",
                                                               "戊", "己", "庚", "辛"};
  return std::find(kLetters.begin(), kLetters.end(), n) != kLetters.end();
}

// "栏次 | 1 | 2 | 3", "类 | 款 | 项 | 栏次 | 1 | 2", "行次", "1 | 2 | 3 | 4":
// a row that numbers the columns. Other texts may share a labelled row (the
// 类/款/项 labels of Jiangxi's code columns); an unlabelled row holds nothing
// but consecutive numbers from 1 (and 甲 乙 letters).
Structure structure_of(const std::vector<RowCell>& cells) {
  // Amounts in numeric cells rule a row out at once: most rows are body rows.
  for (const RowCell& c : cells) {
    if (c.number_typed && column_number(c.text) == 0) return Structure::None;
  }
  int labels = 0;
  int others = 0;
  int letters = 0;
  int count = 0;
  int first = 0;
  int previous = 0;
  bool ascending = true;
  bool consecutive = true;
  auto number = [&](int k) {
    if (count == 0) first = k;
    ascending = ascending && (count == 0 || k > previous);
    consecutive = consecutive && (count == 0 || k == previous + 1);
    previous = k;
    ++count;
  };
  for (const RowCell& c : cells) {
    if (!has_non_ascii(c.text) && c.text.size() <= 12) {
      if (const int k = column_number(c.text)) {
        number(k);
        continue;
      }
    }
    if (c.number_typed) continue;  // checked above
    const std::string n = normalise_label(c.text);
    if (n == "栏次" || n == "行次") {
      ++labels;
    } else if (const int k = column_number(n)) {
      number(k);
    } else if (is_column_letter(n)) {
      ++letters;
    } else if (read_amount_text(c.text).status == AmountReading::Status::Ok) {
      return Structure::None;
    } else {
      ++others;
    }
  }
  if (labels > 0) {
    return others == 0 || (count > 0 && ascending) ? Structure::Labelled : Structure::None;
  }
  if (others == 0 && count > 0 && count + letters >= 3 && consecutive && first == 1)
    return Structure::Numbers;
  return Structure::None;
}

struct RowInfo {
  std::uint32_t index = 0;
  std::vector<ColumnMark> columns;  // every non-blank visible cell, in column order
  // The cells with their texts, kept only for rows whose texts are read
  // later (headings, footnotes, header bands, structure rows): not for a body
  // row of amounts, so that a sheet of 200,000 rows is not copied whole.
  std::vector<RowCell> cells;
  RowKind kind = RowKind::Blank;
  bool has_value = false;        // a numeric cell or text that reads as an amount
  bool has_placeholder = false;  // "-", "—" ...: a value cell saying "nothing"
  bool ordinal_label = false;  // the first cell is a numbered line (一、… (一)… 1、…): a body row
  bool total_label = false;  // the first cell is 合计/总计/小计 (ordinal removed)
  bool has_title_or_code = false;
  bool contents_heading = false;          // "目录": the rows below are a table of contents
  Structure structure = Structure::None;  // "栏次 1 2 3 ...": belongs to the header band
};

bool is_total_label(const std::string& stripped) {
  return ends_with(stripped, "合计") || ends_with(stripped, "总计") ||
         ends_with(stripped, "小计") || stripped == "共计";
}

// "一、部门收支总表 | 3": a title and a page number, as a table of contents
// lists them; or a contents line in one cell.
// `list_items`: whether a list item naming a table ("- 三、支出决算表") counts.
bool is_contents_row(const std::vector<RowCell>& cells, bool list_items) {
  if (cells.empty() || cells.size() > 3) return false;
  if (cells.size() == 1) {
    if (is_contents_line(cells.front().text)) return true;
    // "- 三、支出决算表": a list item naming a table.
    if (!list_items) return false;
    const std::string n = normalise_label(cells.front().text);
    const std::string_view item = strip_list_marker(n);
    return item.size() < n.size() && looks_like_title(strip_ordinal(item));
  }
  const std::string& page = cells.back().text;
  if (page.size() > 3 || !std::all_of(page.begin(), page.end(), is_ascii_digit)) return false;
  for (std::size_t i = 1; i + 1 < cells.size(); ++i) {
    // a dot leader in a cell of its own
    const std::string n = normalise_label(cells[i].text);
    if (n.find_first_not_of(".") != std::string::npos && n.find("…") == std::string::npos)
      return false;
  }
  const std::string first = std::string(strip_list_marker(normalise_label(cells.front().text)));
  return looks_like_title(first) || looks_like_title(strip_ordinal(first)) ||
         starts_with_part_heading(first);
}

RowInfo classify_row(const Sheet& sheet, const SheetRow& row, const Headings& headings,
                     bool list_items_are_contents) {
  RowInfo info;
  info.index = row.index;
  for (const CellView& cell : sheet.row_cells(row)) {
    std::string text = trim(cell.value);
    if (text.empty()) continue;
    info.cells.push_back(RowCell{cell.col, text, cell.type == CellType::Number});
  }
  if (info.cells.empty()) return info;
  bool all_heading = info.cells.size() <= 4;
  // "部门/单位: | 武汉市东西湖区医疗伤 | R 障局 | … | 单位: 万元": a 部门 label
  // whose name the extraction split over the next cells is still a heading.
  std::size_t name_cells = department_name_cells(info.cells, headings);
  if (name_cells > 0) all_heading = info.cells.size() <= 4 + name_cells;
  for (std::size_t i = 0; i < info.cells.size(); ++i) {
    const RowCell& c = info.cells[i];
    if (i >= 1 && i <= name_cells) continue;
    if (headings.cannot_be(c.text)) {
      all_heading = false;
      continue;
    }
    std::string scratch;
    if (headings.code(c.text, scratch) || looks_like_title(c.text)) {
      info.has_title_or_code = true;
      continue;
    }
    // 部门, unit and year lines only matter while the row can still be a heading.
    bool money = false;
    if (all_heading && !headings.department(c.text, scratch) &&
        !headings.unit(c.text, money).has_value() && !headings.year(c.text, scratch, true))
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
  const std::string& first = info.cells.front().text;
  const std::string stripped = strip_ordinal(first);
  info.ordinal_label = stripped != normalise_label(first);
  info.total_label = is_total_label(stripped);
  info.structure = structure_of(info.cells);
  if ((is_note_line(first) || says_no_data(first)) && info.cells.size() <= 2) {
    info.kind = RowKind::Footnote;
  } else if (info.structure == Structure::None &&
             is_contents_row(info.cells, list_items_are_contents)) {
    info.kind = RowKind::Contents;
    const std::string n = normalise_label(first);
    info.contents_heading = info.cells.size() == 1 && ends_with(n, "目录");
  } else if (all_heading && !info.has_value) {
    info.kind = RowKind::Heading;
  } else {
    info.kind = RowKind::Other;
  }
  // A body row's texts are never read again: a repeated header band (compared
  // by text) has no amounts unless it is a structure row.
  if (info.kind == RowKind::Other && info.has_value && info.structure == Structure::None) {
    std::vector<RowCell>().swap(info.cells);
  }
  return info;
}

void absorb_heading(const RowInfo& row, TableRegion& region, const Headings& headings) {
  const std::size_t name_cells = department_name_cells(row.cells, headings);
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
    bool money = false;
    auto unit = headings.unit(c.text, money);
    // A money unit wins over a count unit printed in the same heading.
    if (unit && (money || region.unit.value.empty() || region.unit_not_money)) {
      region.unit = HeadingText{c.text, *unit, at};
      region.unit_not_money = !money;
    }
    if (headings.code(c.text, value)) {
      region.code = HeadingText{c.text, value, at};
      continue;
    }
    if (looks_like_title(c.text)) {
      region.titles.push_back(HeadingText{c.text, c.text, at});
      if (region.year.value.empty() && parse_year(c.text, value))
        region.year = HeadingText{c.text, value, at};
      continue;
    }
    if (headings.department(c.text, value)) region.department = HeadingText{c.text, value, at};
    if (headings.year(c.text, value, false)) region.year = HeadingText{c.text, value, at};
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

bool header_text_at(const Sheet& sheet, std::uint32_t row, std::uint32_t col) {
  return !trim(sheet.covering_cell(row, col).value).empty();
}

// The header band found so far, and the rows after it: decides whether a row
// of labels without values (rows[i]) continues the band or opens the body.
class BandEnd {
 public:
  BandEnd(const Sheet& sheet, const std::vector<RowInfo>& rows,
          const std::vector<std::size_t>& band, const TableRegion& region)
      : sheet_(sheet), rows_(rows), band_(band), region_(region) {}

  // The row opens the body when it holds labels only in the table's label
  // columns (left of the values), none of them a sub-label of the band (under
  // a group or in a column the band has not labelled yet), no merge of the
  // band reaches into it, and either its first cell is a total (合计, the
  // blank total row of an empty table) or the band already labels every
  // column (a blank first body row).
  bool opens_body(std::size_t i) const {
    const RowInfo& row = rows_[i];
    if (band_.empty() || row.cells.empty()) return false;
    const std::uint32_t top = rows_[band_.front()].index;
    for (const RangeAddress& m : sheet_.merged) {
      if (m.first_row >= top && m.first_row < row.index && m.last_row >= row.index &&
          m.last_col >= region_.first_col && m.first_col <= region_.last_col)
        return false;
    }
    std::uint32_t last_col = region_.last_col;
    std::optional<std::uint32_t> first_value_col;
    for (std::size_t j = i + 1, seen = 0; j < rows_.size() && seen < 40; ++j) {
      const RowInfo& r = rows_[j];
      if (r.kind == RowKind::Footnote || (r.kind == RowKind::Heading && r.has_title_or_code)) break;
      if (!r.has_value || r.structure != Structure::None) continue;
      ++seen;
      // Codes sit left of the names and values right of them: the first
      // amount right of a text cell is a value column.
      bool text_seen = false;
      for (const ColumnMark& m : r.columns) {
        last_col = std::max(last_col, m.col);
        if (!m.amount) {
          text_seen = true;
        } else if (text_seen && (!first_value_col || m.col < *first_value_col)) {
          first_value_col = m.col;
          break;
        }
      }
    }
    const std::uint32_t label_end =
        first_value_col ? (*first_value_col == 0 ? 0 : *first_value_col - 1) : name_column();
    if (first_value_col && *first_value_col <= region_.first_col) return false;
    for (const RowCell& c : row.cells) {
      if (c.col > label_end || sub_label(row, c.col)) return false;
    }
    if (row.total_label) return true;
    for (std::uint32_t col = region_.first_col; col <= last_col; ++col) {
      if (!labelled(col)) return false;
    }
    return true;
  }

 private:
  bool labelled(std::uint32_t col) const {
    return std::any_of(band_.begin(), band_.end(),
                       [&](std::size_t b) { return header_text_at(sheet_, rows_[b].index, col); });
  }

  bool sub_label(const RowInfo& row, std::uint32_t col) const {
    if (!labelled(col)) return true;  // the column's label starts in this row
    const std::uint32_t last = rows_[band_.back()].index;
    if (const RangeAddress* m = sheet_.merge_at(last, col); m && m->last_col > m->first_col)
      return true;  // under a merged group label
    // A group label printed once where merges were lost: text here, nothing
    // to its right on the band's last row, where this row has text.
    if (header_text_at(sheet_, last, col) && !header_text_at(sheet_, last, col + 1)) {
      for (const RowCell& c : row.cells) {
        if (c.col == col + 1) return true;
      }
    }
    return false;
  }

  // Without value rows below (an empty table), the label columns end at the
  // name column: the first whose header is 项目, 科目, 摘要 or ends in 名称.
  std::uint32_t name_column() const {
    for (std::uint32_t col = region_.first_col; col <= region_.last_col; ++col) {
      for (auto b = band_.rbegin(); b != band_.rend(); ++b) {
        const std::string n = normalise_label(sheet_.covering_cell(rows_[*b].index, col).value);
        if (n.empty()) continue;
        if (ends_with(n, "名称") || n == "项目" || n == "科目" || n == "摘要") return col;
        break;
      }
    }
    return region_.first_col;
  }

  const Sheet& sheet_;
  const std::vector<RowInfo>& rows_;
  const std::vector<std::size_t>& band_;
  const TableRegion& region_;
};

// A row after a footnote that continues it: "2. 当此表数据为空时…" (the next
// numbered note), or another sentence of the note.
bool continues_footnote(const RowInfo& row) {
  if (row.kind == RowKind::Footnote) return true;
  if (row.kind != RowKind::Other || row.has_value || row.has_title_or_code) return false;
  if (row.cells.empty() || row.cells.size() > 2) return false;
  const std::string n = normalise_label(row.cells.front().text);
  std::string_view v = strip_list_marker(n);
  if (v.substr(0, 2) == "^{") v.remove_prefix(2);  // a superscript note number, as extracted
  std::size_t d = 0;
  while (d < v.size() && is_ascii_digit(v[d])) ++d;
  if (d > 0 && d < v.size() &&
      (v[d] == '.' || v[d] == ')' || v[d] == '}' || v.substr(d, 3) == "、"))
    return true;
  if (!v.empty() && v.front() == '(' && d == 0) {
    std::size_t e = 1;
    while (e < v.size() && is_ascii_digit(v[e])) ++e;
    if (e > 1 && e < v.size() && v[e] == ')') return true;
  }
  return ends_with(v, "。") || ends_with(v, ";") || ends_with(v, "；");
}

void add_footnote(const RowInfo& row, TableRegion& region) {
  for (const RowCell& c : row.cells) {
    region.footnotes.push_back(HeadingText{c.text, "", {row.index, c.col}});
    region.declared_empty = region.declared_empty || says_no_data(c.text);
  }
}

// 行次/栏次/序号 columns whose body holds row numbers (whole numbers only).
void find_structure_columns(const Sheet& sheet, TableRegion& region) {
  if (!region.has_header) return;
  for (std::uint32_t col = region.first_col; col <= region.last_col; ++col) {
    std::string label;
    for (std::uint32_t r = region.header_last + 1; r-- > region.header_first;) {
      const std::string n = normalise_label(sheet.covering_cell(r, col).value);
      if (n.empty()) continue;
      const bool structure_row =
          std::find(region.structure_rows.begin(), region.structure_rows.end(), r) !=
          region.structure_rows.end();
      if (structure_row && (is_structure_label(n) || is_column_number_text(n))) continue;
      label = n;
      break;
    }
    if (label != "行次" && label != "栏次" && label != "序号") continue;
    bool numbers = true;
    for (std::uint32_t r : region.body_rows) {
      const std::string text = trim(sheet.cell(r, col).value);
      if (text.empty()) continue;
      numbers = text.size() <= 5 && std::all_of(text.begin(), text.end(), is_ascii_digit);
      if (!numbers) break;
    }
    if (numbers) region.structure_columns.push_back(col);
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
  std::string label;
  std::string rest;
  if (!split_at_colon(t, label, rest)) return false;
  if (!is_department_label(normalise_label(label), false)) return false;
  // The name as printed; a unit declaration or a year after it in the same
  // cell ("部门：X    单位：万元", "部门：X 2024年度") is not part of it.
  std::string name = trim(rest);
  const std::size_t tail = find_name_tail(name);
  if (tail != std::string::npos) name.resize(tail);
  std::string printed = trim(name);
  // An empty name is a blank form's "部门：" line: still a heading line.
  if (money_unit(printed)) return false;  // "单位：万元" is a unit line, not a department
  name_out = printed;
  return true;
}

bool parse_department_line(const std::string& text, std::string& name_out,
                           const HeadingLinePatterns& extra) {
  return Headings(extra).department(text, name_out);
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

bool is_note_line(const std::string& trimmed) {
  if (trimmed.size() > 64) return is_note_line(trimmed.substr(0, 48));
  // "- 注: 1. …": a text extraction's list marker before the note.
  return starts_like_footnote(strip_list_marker(normalise_label(trimmed)));
}

bool says_no_data(const std::string& text) {
  std::string n = normalise_label(text);
  return n.find("无数据") != std::string::npos || n.find("本表为空") != std::string::npos ||
         n.find("为空表") != std::string::npos;
}

std::optional<std::string> find_count_unit_declaration(std::string_view text) {
  if (text.size() > 200) return std::nullopt;  // a unit line is short
  constexpr std::string_view kDanwei = "单位";
  for (std::size_t at = text.find(kDanwei); at != std::string_view::npos;
       at = text.find(kDanwei, at + kDanwei.size())) {
    std::string rest = trim(text.substr(at + kDanwei.size()));
    if (rest.rfind("：", 0) == 0) {
      rest = trim(std::string_view(rest).substr(3));
    } else if (rest.rfind(":", 0) == 0) {
      rest = trim(std::string_view(rest).substr(1));
    } else {
      continue;
    }
    // "（单位：人）": the closing bracket of a bracketed declaration (not
    // the bracket of a unit, "台（套）").
    const bool opens = rest.find('(') != std::string::npos || rest.find("（") != std::string::npos;
    while (!opens && !rest.empty() &&
           (rest.back() == ')' || ends_with(rest, "）") || rest.back() == ']')) {
      rest.resize(rest.back() == ')' || rest.back() == ']' ? rest.size() - 1 : rest.size() - 3);
      rest = trim(rest);
    }
    if (is_count_unit_list(rest)) return rest;
  }
  return std::nullopt;
}

bool is_contents_line(const std::string& trimmed) {
  if (trimmed.size() > kMaxHeadingBytes) return false;
  const std::string n = normalise_label(trimmed);
  if (n == "目录" || n == "报表目录" || n == "目次" || n == "公开目录") return true;
  // A dot leader and a page number: "一、部门收支总表……3", "收支总表.....12".
  std::size_t end = n.size();
  while (end > 0 && is_ascii_digit(n[end - 1])) --end;
  if (end == n.size() || n.size() - end > 3) return false;
  std::size_t leader = end;
  int dots = 0;
  for (;;) {
    std::string_view before = std::string_view(n).substr(0, leader);
    if (ends_with(before, ".")) {
      leader -= 1;
      dots += 1;
    } else if (ends_with(before, "…") || ends_with(before, "⋯")) {
      leader -= 3;
      dots += 2;
    } else if (ends_with(before, "\u00B7")) {
      leader -= 2;
      dots += 1;
    } else {
      break;
    }
  }
  return dots >= 2 && leader > 0;
}

bool is_structure_label(std::string_view text) {
  const std::string n = normalise_label(text);
  return n == "栏次" || n == "行次";
}

bool is_column_number_text(std::string_view text) {
  const std::string n = normalise_label(text);
  return column_number(n) > 0 || is_column_letter(n);
}

bool is_narrative_sheet(const Sheet& sheet) {
  std::size_t number_rows = 0;  // rows with two or more amounts
  std::size_t grid_rows = 0;    // rows of three or more short cells: a header or a body
  std::size_t paragraphs = 0;   // rows holding a long text
  bool contents = false;
  bool any = false;
  for (const SheetRow& row : sheet.rows()) {
    std::vector<RowCell> cells;
    for (const CellView& cell : sheet.row_cells(row)) {
      if (sheet.column_hidden(cell.col)) continue;
      std::string text = trim(cell.value);
      if (!text.empty())
        cells.push_back(RowCell{cell.col, std::move(text), cell.type == CellType::Number});
    }
    if (cells.empty()) continue;
    any = true;
    if (is_contents_row(cells, true)) {
      contents =
          contents || (cells.size() == 1 && ends_with(normalise_label(cells[0].text), "目录"));
      continue;
    }
    std::size_t amounts = 0;
    std::size_t short_cells = 0;
    bool titled = false;
    for (const RowCell& c : cells) {
      if (c.number_typed || read_amount_text(c.text).status == AmountReading::Status::Ok) ++amounts;
      const std::size_t length = code_point_count(c.text);
      if (length <= 40) ++short_cells;
      if (length >= 60) ++paragraphs;
      titled = titled || looks_like_title(c.text);
    }
    if (titled) continue;  // a line naming a table ("部门收支总表 | 3") is no grid row
    if (amounts >= 2 && structure_of(cells) == Structure::None) ++number_rows;
    if (cells.size() >= 3 && short_cells == cells.size()) ++grid_rows;
    if (number_rows >= 2) return false;
  }
  if (!any) return false;  // an empty sheet is empty, not narrative
  return contents || grid_rows == 0 || paragraphs > grid_rows;
}

std::vector<TableRegion> locate_tables(const Sheet& sheet, const LocateOptions& options) {
  const Headings headings(options.heading_lines);
  std::vector<RowInfo> rows;
  rows.reserve(sheet.rows().size());
  for (const SheetRow& row : sheet.rows()) {
    // In text dumps list items stay ordinary rows for now: seed 000's
    // 附件 heading over its list of tables is pinned as an unrecognised table
    // (tests/unit/seed_text_test.cpp, MAP-NO-MATCH@A17:A30); the narrative
    // rule (require_heading) already keeps the list out of every other table.
    RowInfo info = classify_row(sheet, row, headings, !options.require_heading);
    if (info.kind != RowKind::Blank) rows.push_back(std::move(info));
  }

  std::vector<TableRegion> tables;
  std::size_t i = 0;
  std::optional<TableRegion> pending_heading;  // heading shared by a stacked, untitled table
  bool after_contents = false;                 // a 目录 line came before this heading block
  while (i < rows.size()) {
    if (rows[i].kind == RowKind::Contents) {
      // A table of contents names tables; it heads none.
      after_contents = after_contents || rows[i].contents_heading;
      ++i;
      continue;
    }
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
    const std::size_t block_start = i;
    std::size_t titles_in_block = 0;
    std::size_t last_title_row = i;
    while (i < rows.size() && rows[i].kind == RowKind::Heading) {
      if (rows[i].has_title_or_code) {
        const bool titled_row =
            std::any_of(rows[i].cells.begin(), rows[i].cells.end(),
                        [](const RowCell& c) { return looks_like_title(c.text); });
        if (titled_row) {
          ++titles_in_block;
          last_title_row = i;
        }
      }
      ++i;
    }
    // Many titles in a row, or titles under a 目录 line: a table of contents.
    // Only the last title (with a code line right above it) heads a table,
    // and only when a header band follows it.
    const bool contents_block = titles_in_block >= 3 || (after_contents && titles_in_block >= 1);
    after_contents = false;
    std::size_t first_heading = block_start;
    if (contents_block) {
      first_heading = last_title_row;
      if (first_heading > block_start && rows[first_heading - 1].has_title_or_code) --first_heading;
      const bool grid_follows =
          i < rows.size() && rows[i].kind == RowKind::Other && rows[i].columns.size() >= 2;
      if (!grid_follows) continue;  // the whole block is contents
      region.first_row = rows[first_heading].index;
      region.first_col = rows[first_heading].columns.front().col;
      region.last_col = region.first_col;
    }
    bool titled = false;
    for (std::size_t h = first_heading; h < i; ++h) {
      absorb_heading(rows[h], region, headings);
      titled = titled || rows[h].has_title_or_code;
      widen(region, rows[h]);
    }
    if (i >= rows.size() || rows[i].kind == RowKind::Footnote) {
      // A heading with nothing under it (or only a note): keep titled ones so
      // an empty table can be recognised and reported.
      while (i < rows.size() && (rows[i].kind == RowKind::Footnote ||
                                 (!region.footnotes.empty() && continues_footnote(rows[i])))) {
        add_footnote(rows[i], region);
        ++i;
      }
      region.last_row = i > 0 ? rows[i - 1].index : region.first_row;
      if (titled) tables.push_back(std::move(region));
      continue;
    }
    if (rows[i].kind == RowKind::Contents) {
      region.last_row = rows[i - 1].index;
      if (titled) tables.push_back(std::move(region));
      continue;
    }
    titled = titled || inherited;
    if (options.require_heading && !titled) {
      ++i;  // narrative text outside any table
      continue;
    }
    // 2. Header band: rows without values, up to the first row that has one.
    // A structure row (栏次 1 2 3 ...) belongs to it and closes it.
    region.has_header = true;
    region.header_first = rows[i].index;
    std::vector<std::size_t> header_infos;
    while (i < rows.size() && rows[i].kind == RowKind::Other) {
      const RowInfo& row = rows[i];
      if (row.structure != Structure::None) {
        header_infos.push_back(i);
        region.structure_rows.push_back(row.index);
        widen(region, row);
        region.header_last = row.index;
        ++i;
        break;
      }
      if (row.has_value || row.has_placeholder || row.ordinal_label) break;
      if (header_infos.size() >= options.max_header_rows) break;
      if (BandEnd(sheet, rows, header_infos, region).opens_body(i)) break;
      header_infos.push_back(i);
      widen(region, row);
      region.header_last = row.index;
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
          if (rows[i].structure != Structure::None) region.structure_rows.push_back(rows[i].index);
          ++i;
          ++k;
        }
        continue;
      }
      if (row.structure == Structure::Labelled) {
        // A 栏次 row alone where a page broke: it numbers columns, it holds no values.
        region.structure_rows.push_back(row.index);
        ++i;
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
        absorb_heading(row, region, headings);
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
    // 4. Footnotes, with the numbered or continued lines that follow them.
    while (i < rows.size() && (rows[i].kind == RowKind::Footnote ||
                               (!region.footnotes.empty() && continues_footnote(rows[i])))) {
      add_footnote(rows[i], region);
      ++i;
    }
    region.last_row = rows[i - 1].index;
    find_structure_columns(sheet, region);
    if (continues_untitled) {
      TableRegion next;
      next.titles = region.titles;
      next.code = region.code;
      next.department = region.department;
      next.year = region.year;
      next.unit = region.unit;
      next.unit_not_money = region.unit_not_money;
      pending_heading = std::move(next);
    }
    tables.push_back(std::move(region));
  }
  return tables;
}

}  // namespace bc
