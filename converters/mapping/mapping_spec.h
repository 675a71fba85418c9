// Mapping files (mappings/*.yaml): one per template family, declaring how each
// of its tables is recognised and how its columns and rows become facts. The
// language is documented in docs/mapping-language.md; the loader rejects
// unknown keys, bad patterns and ids missing from the vocabulary.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "locate/heading_lines.h"
#include "mapping/label_pattern.h"
#include "mapping/vocabulary.h"
#include "normalise/codes.h"

namespace bc {

// A row key read from one column (or several, for split 类/款/项 codes).
struct KeySpec {
  std::string name;  // label, code, function_code, econ_code, gov_econ_code,
                     // income_code, unit_code, unit_name, project, category, group
  std::vector<HeaderPattern> headers;         // one, or several parts joined (类/款/项)
  std::optional<LabelPattern> value_matches;  // the key only takes values matching this
  CodeScheme scheme = CodeScheme::Auto;       // for `code`
  bool optional = false;
  bool fill_down = false;  // an empty cell repeats the key above when the row label repeats too
  // 0: the header must match exactly one column of the block; N: the Nth
  // matching column, left to right (identical blocks side by side).
  unsigned occurrence = 0;
  // `group` keys only: one pattern per hierarchy level, outermost first. A row
  // whose cell matches level i is a group heading (Shaanxi 表10 专用项目 →
  // 部门预算专用项目 → projects): its text becomes the category of the rows
  // below it, and it is a total when something deeper follows it.
  std::vector<LabelPattern> levels;
};

enum class MeasureUnit { Money, Count, Percent, Text };
const char* measure_unit_name(MeasureUnit unit);  // "CNY", "count", "percent", "text"

// Which year's figure a measure holds. Blank means the table's own fiscal
// year; 上年/增减 blocks (Shaanxi 表12) say prior_year / change.
bool valid_period(const std::string& period);  // "", "prior_year", "change"

struct MeasureSpec {
  std::string id;  // vocabulary measure id
  HeaderPattern header;
  bool optional = false;
  MeasureUnit unit = MeasureUnit::Money;
  std::string period;  // "" (the table's year), "prior_year", "change"; defaults to the block's
  unsigned occurrence = 0;  // as KeySpec::occurrence
};

struct ItemSpec {
  std::string id;                    // vocabulary item id
  std::vector<LabelPattern> labels;  // matched against the label with its ordinal stripped
  std::string after;                 // only within the section opened by this item
};

// A block of columns: a table has one, a two-sided table (收入 | 支出) or
// Shaanxi 表4 several side by side. A block spans from its anchor column to
// the next block's anchor.
struct BlockSpec {
  std::string side;                     // "", "income", "expenditure"
  std::optional<HeaderPattern> anchor;  // required when a table has several blocks
  unsigned anchor_occurrence = 0;       // the Nth column matching the anchor (identical blocks)
  std::vector<KeySpec> keys;
  std::vector<MeasureSpec> measures;
  std::optional<CodeScheme> label_codes;  // look up 类 codes from row labels
  std::string period;                     // default period of the block's measures
};

// Performance forms (绩效目标表, 绩效自评表): no grid of one header band, but
// labelled lines (项目名称 | …, 其中：财政拨款 | 88), small grids of fund
// columns and the indicator grid of 一级/二级/三级指标 rows. `form:` in a table
// entry (docs/mapping-language.md, Performance forms).
struct FormFieldSpec {
  std::string id;    // vocabulary measure id
  std::string item;  // vocabulary item id, optional
  std::vector<LabelPattern> labels;
  MeasureUnit unit = MeasureUnit::Money;
};

struct FormColumnSpec {
  std::string id;  // vocabulary measure id; empty for a key column
  LabelPattern header;
  MeasureUnit unit = MeasureUnit::Money;
  // A key column gives no facts: its cell, carried down the rows a merged cell
  // spans, keys the row. "code": a unit code (up to 6 digits: unit_code) or a
  // project code; "name": the unit's name (unit_name) or the project (project).
  std::string key;
};

struct FormSpec {
  std::vector<FormFieldSpec> fields;
  std::vector<FormColumnSpec> columns;
  std::vector<LabelPattern> levels;  // 一级指标, 二级指标, 三级指标 header patterns
};

struct TableSpec {
  std::string id;    // names the entry for `extends` in other files; optional
  std::string code;  // as printed, e.g. "YS05", "表5-1"; may be empty
  // false when the table prints no code (Shaanxi 表1–表12): `code` is only
  // given to table_code, and a code printed on some other province's table
  // (Hubei 表3) must not recognise it as this one.
  bool code_printed = true;
  std::vector<std::string> code_aliases;
  std::vector<LabelPattern> code_patterns;  // `codes` entries as patterns ("表12-\d+")
  std::string kind;                         // vocabulary table_kind
  std::vector<LabelPattern> titles;
  std::vector<HeaderPattern> require_headers;  // signature beyond the bound columns
  std::vector<BlockSpec> blocks;
  std::vector<ItemSpec> items;  // summary-line items (added to the vocabulary's)
  bool skip = false;            // recognised, then skipped with skip_reason
  std::string skip_reason;
  std::string unbound_columns = "warn";  // "warn" or "error": values under no bound column
  std::string unit;                      // overrides the family default when no unit line
  // Rows whose label (ordinal removed) matches are totals (一、车辆数合计), or
  // hold counts, unscaled, whatever the table's money unit.
  std::vector<LabelPattern> total_rows;
  std::vector<LabelPattern> count_rows;
  std::optional<FormSpec> form;  // a performance form, read by form_extractor.h
};

struct FamilySpec {
  std::string id;  // template id, e.g. "henan-ys"
  std::string name;
  std::string stage;         // "budget" | "final"
  std::string default_unit;  // when a table prints no unit line
  // A blank workbook with the family's exact layout (templates/<family>.xlsx):
  // its header bands repair the headers of PDF text dumps (see reference_layout.h).
  std::string reference_layout;
  // The reference_layout as written when no such file was found (the family
  // still loads; only text-dump header repair needs it).
  std::string missing_reference_layout;
  // Heading-line forms of this family's files (the `heading_lines` key).
  HeadingLinePatterns heading_lines;
  std::string source_path;
  // A national standard family: used only for tables no other family claims.
  bool fallback = false;
  std::string extends;  // the base family's id, resolved when loading
  std::vector<TableSpec> tables;
};

// All families plus the shared vocabulary.
struct MappingSet {
  Vocabulary vocabulary;
  std::vector<FamilySpec> families;
  const FamilySpec* family(const std::string& id) const;
};

struct MappingProblem {
  std::string file;
  std::string where;  // "tables[3].blocks[0].measures[2]"
  std::string message;
};

// Loads every *.yaml in `dir` (vocabulary.yaml first). Problems are collected,
// not thrown, so `mappings check` can list them all; a family with problems is
// left out of the set.
MappingSet load_mappings(const std::string& dir, std::vector<MappingProblem>& problems);

// Loads one family file against a vocabulary (tests, `--mapping FILE`).
std::optional<FamilySpec> load_family(const std::string& path, const Vocabulary& vocabulary,
                                      std::vector<MappingProblem>& problems);

}  // namespace bc
