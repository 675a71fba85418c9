// Finds every table in a sheet: heading block (title, 部门/单位/年度 lines,
// table code, unit), header band, body, footnotes. Works without a mapping so
// `inspect` and `detect` can show what a sheet holds; the mapping chooser
// decides afterwards what each region is.
#pragma once

#include <vector>

#include "core/sheet.h"
#include "locate/table_region.h"

namespace bc {

struct LocateOptions {
  // Text dumps hold narrative paragraphs: only tables introduced by a title
  // or a table code count there.
  bool require_heading = false;
  unsigned max_header_rows = 6;
};

std::vector<TableRegion> locate_tables(const Sheet& sheet, const LocateOptions& options = {});

// Heading recognisers, exposed for tests and for the chooser.
bool looks_like_title(const std::string& trimmed);
bool parse_table_code(const std::string& text, std::string& code_out);  // "表 5-1" -> "表5-1"
bool parse_department(const std::string& text, std::string& name_out);
bool parse_year(const std::string& text, std::string& year_out);
bool is_footnote_text(const std::string& trimmed);
bool says_no_data(const std::string& text);  // 本表无数据 / 无数据 / 本表为空

}  // namespace bc
