// One canonical fact: one non-blank value cell of a recognised table body,
// with every key the table gives it and where it came from. The field order
// is the canonical CSV column order (docs/schema.md).
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace bc {

struct Fact {
  std::string source_file;
  std::string source_sheet;
  std::string source_cell;
  std::string template_id;
  std::string table_code;
  std::string table_kind;
  std::string department;
  std::string fiscal_year;
  std::string stage;
  std::string unit_code;
  std::string unit_name;
  std::string side;
  std::string row_label;
  std::string item;
  std::string function_code;
  std::string econ_code;
  std::string gov_econ_code;
  std::string project;
  std::string measure;
  std::string column_label;
  std::string value;
  std::string unit;
  std::string raw_value;
  std::string raw_unit;
  bool is_total = false;
  // Appended columns (the contract allows appending, never reordering).
  std::string category;     // project category / type (其他运转类, 特定目标类 ...)
  std::string table_title;  // the title as printed
  bool repaired = false;    // raw_value was read after removing OCR spacing ("7, 836. 48")
  std::string
      period;  // "" = the table's fiscal year; "prior_year" / "change" (上年 / 增减变化 blocks)
  std::string income_code;  // 收入分类 code of the row (决算 收入 tables), digits
  // Performance forms (绩效目标表, 绩效自评表): the indicator's 一级/二级/三级指标
  // path, and an indicator value read as comparator, number and unit sign
  // (`≥ 1000 人次` → ">=", "1000", "人次"); blank elsewhere.
  std::string indicator_level1;
  std::string indicator_level2;
  std::string indicator_level3;
  std::string comparator;  // ">=", "<=", ">", "<", "=" or blank
  std::string target_number;
  std::string target_unit;
};

// `value_text` is no member: a text fact (unit = "text") keeps its text in
// Fact::value, and the canonical view splits it (value blank, value_text the
// text), so that the CSV's `value` column is numeric whoever made the fact.
inline constexpr std::size_t kCanonicalColumnCount = 37;

// Is `fact` a text fact, written to value_text rather than value?
inline bool is_text_fact(const Fact& fact) { return fact.unit == "text"; }

// The one way a text fact is made (unit=text, the text verbatim): every
// extractor that writes a text fact goes through here.
void set_text_value(Fact& fact, std::string text);

// Column names in canonical order, and the values of one fact in that order:
// as views into the fact (no copies, for writing millions of records) or as strings.
const std::vector<std::string>& canonical_columns();
std::array<std::string_view, kCanonicalColumnCount> canonical_fields(const Fact& fact);
std::vector<std::string> canonical_values(const Fact& fact);

}  // namespace bc
