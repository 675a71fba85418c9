#include "write/canonical_schema.h"

#include <map>

#include "extract/fact.h"
#include "write/reading_jsonl.h"

namespace bc {

namespace {

struct FieldInfo {
  const char* type;
  const char* description;
  bool required;
  std::vector<std::string> enum_values;
  const char* pattern;
};

// Keep in step with docs/schema.md (a unit test compares the two).
const std::map<std::string, FieldInfo>& field_info() {
  static const std::map<std::string, FieldInfo> info = {
      {"source_file",
       {"string",
        "The input's path relative to its input root: below the directory given (harvest/ -> "
        "a/x.xlsx); for a file given itself, the path as given when relative, else its name.",
        true,
        {},
        ""}},
      {"source_sheet",
       {"string", "Sheet name; for CSV and text dumps the file name.", true, {}, ""}},
      {"source_cell",
       {"string",
        "A1 address of the value cell (CSV/text: the same convention over the parsed grid, row 1 = "
        "first line).",
        true,
        {},
        "[A-Z]{1,3}[1-9][0-9]*"}},
      {"template",
       {"string",
        "Family id of the mapping that read the table (henan-ys, shaanxi-biao ...).",
        true,
        {},
        ""}},
      {"table_code",
       {"string",
        "The table code as printed, whitespace removed (YS05, 表5-1); the mapping's code when none "
        "is printed.",
        false,
        {},
        ""}},
      {"table_kind", {"string", "Canonical table kind (vocabulary: table_kinds).", true, {}, ""}},
      {"department",
       {"string",
        "From the table's 部门/单位 line, else carried from an earlier table of the same file.",
        false,
        {},
        ""}},
      {"fiscal_year",
       {"integer",
        "Four-digit fiscal year, from 2024年度 or the title, else carried.",
        false,
        {},
        ""}},
      {"stage", {"string", "budget (预算) or final (决算).", false, {"budget", "final"}, ""}},
      {"unit_code",
       {"string",
        "The unit (单位) code of a unit row, carried to the rows below it. Text: keep leading "
        "zeros.",
        false,
        {},
        ""}},
      {"unit_name", {"string", "The unit's name.", false, {}, ""}},
      {"side",
       {"string",
        "income or expenditure in two-sided tables, else blank.",
        false,
        {"income", "expenditure"},
        ""}},
      {"row_label",
       {"string", "The row's label as printed (科目名称, 项目, project name ...).", false, {}, ""}},
      {"item",
       {"string",
        "Canonical id of a summary line (vocabulary: items), else blank.",
        false,
        {},
        ""}},
      {"function_code",
       {"string",
        "支出功能分类 code, digits only, 3/5/7 digits (208, 20805, 2080505). Text, not a number.",
        false,
        {},
        "[0-9]+"}},
      {"econ_code",
       {"string",
        "部门预算支出经济分类 code (301, 30101). Text, not a number.",
        false,
        {},
        "[0-9]+"}},
      {"gov_econ_code",
       {"string",
        "政府预算支出经济分类 code (501, 50101). Text, not a number.",
        false,
        {},
        "[0-9]+"}},
      {"project", {"string", "Project name.", false, {}, ""}},
      {"measure",
       {"string",
        "Canonical column id (vocabulary: measures); blank for a column the table's mapping does "
        "not bind (its header path is in column_label).",
        false,
        {},
        ""}},
      {"column_label",
       {"string", "The flattened header path as printed, levels joined by ' / '.", false, {}, ""}},
      {"value",
       {"number",
        "Exact decimal in the unit named by the row's `unit` column: yuan (元) for CNY, converted "
        "from the table's declared unit (raw_unit); never rounded. Numbers only: blank for a text "
        "fact (unit = text), whose text is in value_text.",
        false,
        {},
        ""}},
      {"unit",
       {"string",
        "Unit of `value`: CNY (yuan, 元), count, percent or text.",
        true,
        {"CNY", "count", "percent", "text"},
        ""}},
      {"raw_value",
       {"string",
        "The cell as stored in the file (xlsx <v> text, shared string, CSV field).",
        false,
        {},
        ""}},
      {"raw_unit",
       {"string",
        "The table's declared unit for money (万元, 元 ...), blank otherwise.",
        false,
        {},
        ""}},
      {"is_total",
       {"integer",
        "1 for 合计/小计/总计 rows, the unlabelled grand-total row, parent-code rows and unit rows "
        "heading other rows; else 0. Do not sum over rows with 1.",
        true,
        {"0", "1"},
        ""}},
      {"category",
       {"string",
        "Project category (其他运转类, 特定目标类 ...) where the table has one.",
        false,
        {},
        ""}},
      {"table_title", {"string", "The table's title as printed.", false, {}, ""}},
      {"repaired",
       {"integer",
        "1 when the value was read after removing OCR spacing inside a number (7, 836. 48), else "
        "0.",
        true,
        {"0", "1"},
        ""}},
      {"period",
       {"string",
        "Which year's figure: blank = the table's fiscal year; prior_year (上年) or change "
        "(增减变化).",
        false,
        {"prior_year", "change"},
        ""}},
      {"income_code",
       {"string",
        "收入分类 code of the row (决算 income tables), digits only; blank elsewhere.",
        false,
        {},
        "[0-9]+"}},
      {"value_text",
       {"string",
        "The text of a text fact (unit = text: descriptions, targets), verbatim; blank for "
        "numbers.",
        false,
        {},
        ""}},
      {"indicator_level1",
       {"string",
        "Performance forms: the indicator's 一级指标 (产出指标, 效益指标 ...), carried down merged "
        "cells; blank elsewhere.",
        false,
        {},
        ""}},
      {"indicator_level2",
       {"string",
        "Performance forms: the indicator's 二级指标 (数量指标, 质量指标 ...).",
        false,
        {},
        ""}},
      {"indicator_level3",
       {"string",
        "Performance forms: the indicator's 三级指标 (指标内容), the indicator itself.",
        false,
        {},
        ""}},
      {"comparator",
       {"string",
        "Performance forms: the comparison of an indicator value read as a number: >= (≥), <= "
        "(≤), >, <, = (printed =, or no sign); blank when the value is no number.",
        false,
        {">=", "<=", ">", "<", "="},
        ""}},
      {"target_number",
       {"number",
        "Performance forms: the number of an indicator value (95 of ≥95%, 1000 of ≥ 1000 人次), "
        "exact, as printed; blank when the value is no number.",
        false,
        {},
        ""}},
      {"target_unit",
       {"string",
        "Performance forms: the unit sign after target_number (%, 人次, 万元 ...), as printed; "
        "blank when none.",
        false,
        {},
        ""}},
  };
  return info;
}

std::vector<std::string> ids(const std::vector<VocabularyEntry>& entries) {
  std::vector<std::string> out;
  out.reserve(entries.size());
  for (const auto& e : entries) out.push_back(e.id);
  return out;
}

std::string spaces(int n) { return std::string(static_cast<std::size_t>(n > 0 ? n : 0), ' '); }

void write_string_array(std::ostream& out, const std::vector<std::string>& values,
                        bool as_numbers) {
  out << "[";
  for (std::size_t i = 0; i < values.size(); ++i) {
    out << (i ? ", " : "") << (as_numbers ? values[i] : json_quote(values[i]));
  }
  out << "]";
}

void write_field_json(std::ostream& out, const CanonicalField& f, int indent) {
  const std::string pad = spaces(indent);
  out << pad << "{\n";
  out << pad << "  \"name\": " << json_quote(f.name) << ",\n";
  out << pad << "  \"type\": " << json_quote(f.type) << ",\n";
  if (f.type == "number")
    out << pad << "  \"bareNumber\": true,\n" << pad << "  \"decimalChar\": \".\",\n";
  if (f.name == "value") out << pad << "  \"unitField\": \"unit\",\n";
  out << pad << "  \"description\": " << json_quote(f.description);
  bool has_constraints = f.required || !f.enum_values.empty() || !f.pattern.empty();
  if (has_constraints) {
    out << ",\n" << pad << "  \"constraints\": {";
    const char* sep = "";
    if (f.required) {
      out << "\"required\": true";
      sep = ", ";
    }
    if (!f.enum_values.empty()) {
      out << sep << "\"enum\": ";
      write_string_array(out, f.enum_values, f.type == "integer");
      sep = ", ";
    }
    if (!f.pattern.empty()) out << sep << "\"pattern\": " << json_quote(f.pattern);
    out << "}";
  }
  out << "\n" << pad << "}";
}

void write_vocabulary_json(std::ostream& out, const char* key,
                           const std::vector<VocabularyEntry>& entries, bool last) {
  out << "    " << json_quote(key) << ": [";
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto& e = entries[i];
    out << (i ? ",\n" : "\n") << "      {\"id\": " << json_quote(e.id)
        << ", \"zh\": " << json_quote(e.name_zh)
        << ", \"description\": " << json_quote(e.description) << "}";
  }
  out << (entries.empty() ? "]" : "\n    ]") << (last ? "\n" : ",\n");
}

void write_vocabulary_text(std::ostream& out, const char* title, const char* column,
                           const std::vector<VocabularyEntry>& entries) {
  out << "\n" << title << " (" << column << ", " << entries.size() << ")\n";
  std::size_t width = 0;
  for (const auto& e : entries) width = std::max(width, e.id.size());
  for (const auto& e : entries) {
    out << "  " << e.id << spaces(static_cast<int>(width - e.id.size())) << "  " << e.name_zh;
    if (!e.description.empty()) out << " — " << e.description;
    out << "\n";
  }
}

}  // namespace

std::vector<CanonicalField> canonical_fields(const Vocabulary* vocabulary) {
  std::vector<CanonicalField> fields;
  for (const std::string& name : canonical_columns()) {
    CanonicalField f;
    f.name = name;
    f.type = "string";
    auto it = field_info().find(name);
    if (it != field_info().end()) {
      f.type = it->second.type;
      f.description = it->second.description;
      f.required = it->second.required;
      f.enum_values = it->second.enum_values;
      f.pattern = it->second.pattern;
    }
    if (vocabulary) {
      if (name == "table_kind") f.enum_values = ids(vocabulary->table_kinds);
      if (name == "measure") f.enum_values = ids(vocabulary->measures);
      if (name == "item") f.enum_values = ids(vocabulary->items);
    }
    fields.push_back(std::move(f));
  }
  for (const std::string& key : canonical_primary_key()) {
    for (auto& f : fields) f.required = f.required || f.name == key;
  }
  return fields;
}

const std::vector<std::string>& canonical_primary_key() {
  static const std::vector<std::string> key = {"source_file", "source_sheet", "source_cell"};
  return key;
}

const std::vector<ValueUnit>& value_units() {
  static const std::vector<ValueUnit> units = {
      {"CNY", "money in yuan (元): 838.98 in a 万元 table is 8389800"},
      {"count", "a number of people, vehicles ... as published"},
      {"percent", "a percentage as published (12.5 means 12.5%)"},
      {"text", "text, verbatim (descriptions, targets)"},
  };
  return units;
}

void write_table_schema_json(std::ostream& out, const std::vector<CanonicalField>& fields,
                             int indent) {
  const std::string pad = spaces(indent);
  out << "{\n" << pad << "  \"fields\": [\n";
  for (std::size_t i = 0; i < fields.size(); ++i) {
    write_field_json(out, fields[i], indent + 4);
    out << (i + 1 < fields.size() ? ",\n" : "\n");
  }
  out << pad << "  ],\n";
  out << pad << "  \"primaryKey\": ";
  write_string_array(out, canonical_primary_key(), false);
  out << ",\n" << pad << "  \"missingValues\": [\"\"]\n" << pad << "}";
}

void write_schema_text(std::ostream& out, const Vocabulary& vocabulary) {
  std::vector<CanonicalField> fields = canonical_fields(&vocabulary);
  out << "The canonical CSV: one row per published number; UTF-8 (optionally with a BOM, or "
         "GB18030),\n"
         "RFC 4180, header row first, records end in CRLF. Blank means missing. Columns may be\n"
         "appended in later versions, never renamed or reordered. Primary key: source_file,\n"
         "source_sheet, source_cell.\n\n";
  std::size_t width = 0;
  for (const auto& f : fields) width = std::max(width, f.name.size());
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const CanonicalField& f = fields[i];
    out << (i + 1 < 10 ? " " : "") << i + 1 << " " << f.name
        << spaces(static_cast<int>(width - f.name.size())) << "  " << f.type
        << spaces(7 - static_cast<int>(f.type.size())) << "  " << f.description;
    if (f.required) out << " Never blank.";
    if (!f.enum_values.empty() && f.name != "table_kind" && f.name != "measure" &&
        f.name != "item") {
      out << " One of:";
      for (const auto& v : f.enum_values) out << " " << v;
      out << ".";
    }
    out << "\n";
  }
  out << "\nUnits of value (column unit):\n";
  for (const ValueUnit& u : value_units())
    out << "  " << u.id << spaces(8 - static_cast<int>(u.id.size())) << u.meaning << "\n";
  write_vocabulary_text(out, "Table kinds", "table_kind", vocabulary.table_kinds);
  write_vocabulary_text(out, "Measures", "measure", vocabulary.measures);
  write_vocabulary_text(out, "Summary-line items", "item", vocabulary.items);
}

void write_schema_json(std::ostream& out, const Vocabulary& vocabulary) {
  std::vector<CanonicalField> fields = canonical_fields(&vocabulary);
  out << "{\n  \"columns\": [\n";
  for (std::size_t i = 0; i < fields.size(); ++i) {
    write_field_json(out, fields[i], 4);
    out << (i + 1 < fields.size() ? ",\n" : "\n");
  }
  out << "  ],\n  \"primaryKey\": ";
  write_string_array(out, canonical_primary_key(), false);
  out << ",\n  \"units\": [";
  for (std::size_t i = 0; i < value_units().size(); ++i) {
    const ValueUnit& u = value_units()[i];
    out << (i ? ",\n" : "\n") << "    {\"id\": " << json_quote(u.id)
        << ", \"meaning\": " << json_quote(u.meaning) << "}";
  }
  out << "\n  ],\n  \"vocabulary\": {\n";
  write_vocabulary_json(out, "table_kinds", vocabulary.table_kinds, false);
  write_vocabulary_json(out, "measures", vocabulary.measures, false);
  write_vocabulary_json(out, "items", vocabulary.items, true);
  out << "  }\n}\n";
}

}  // namespace bc
