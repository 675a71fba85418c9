// Finds every table in a sheet: heading block (title, 部门/单位/年度 lines,
// table code, unit), header band, body, footnotes. Works without a mapping so
// `inspect` and `detect` can show what a sheet holds; the mapping chooser
// decides afterwards what each region is.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/sheet.h"
#include "locate/heading_lines.h"
#include "locate/table_region.h"

namespace bc {

struct LocateOptions {
  // Text dumps hold narrative paragraphs: only tables introduced by a title
  // or a table code count there.
  bool require_heading = false;
  unsigned max_header_rows = 6;
  // The union of the heading lines of every loaded family.
  HeadingLinePatterns heading_lines;
};

std::vector<TableRegion> locate_tables(const Sheet& sheet, const LocateOptions& options = {});

// Whether a sheet holds no grid of numbers: a cover (封面), a table of
// contents (目录), 部门主要职能, 名词解释, 编制说明 ... — text paragraphs and
// lists, no table of values. An empty table (a header band over blank rows)
// is a grid, not narrative.
bool is_narrative_sheet(const Sheet& sheet);

// Heading recognisers, exposed for tests and for the chooser.
bool looks_like_title(const std::string& trimmed);
bool parse_table_code(const std::string& text, std::string& code_out);  // "表 5-1" -> "表5-1"
// The 部门 line as its regex defined it (tests/unit/fast_match_test.cpp):
// 部门/单位/部门名称/… label, colon, name; a unit or year after the name cut off.
bool parse_department(const std::string& text, std::string& name_out);
// The 部门 line as the locator reads it: parse_department's labels and
// 编制部门, 填报部门, 预算部门, 单位（部门）, 报送单位 …, a family's extra labels,
// unit and year tails cut off in any order, and never a unit line
// ("单位：台、辆、套" declares a count unit, it names no department).
bool parse_department_line(const std::string& text, std::string& name_out,
                           const HeadingLinePatterns& extra = {});
bool parse_year(const std::string& text, std::string& year_out);
bool is_footnote_text(const std::string& trimmed);  // 注：/说明：/备注 … (as its regex defined it)
// A note line as the locator reads it: is_footnote_text, also after a list
// marker ("- 注: 1. …", as text extractions print notes).
bool is_note_line(const std::string& trimmed);
bool says_no_data(const std::string& text);  // 本表无数据 / 无数据 / 本表为空
// A unit line naming a unit that is not money: "单位：台、辆、套", "单位: 人",
// "计量单位：个". Returns the unit as printed ("台、辆、套"), or nullopt.
std::optional<std::string> find_count_unit_declaration(std::string_view text);
// A line of a table of contents: "目录", "一、部门收支总表……3", "收支总表 …… 12".
bool is_contents_line(const std::string& trimmed);

// Structure-row cells: "栏次"/"行次" (spaces ignored, "栏 次"), and column
// numbers ("1", "12", "4=2+3", "甲", "乙").
bool is_structure_label(std::string_view text);
bool is_column_number_text(std::string_view text);

}  // namespace bc
