// Validation rules (mappings/rules/<family>.yaml): arithmetic identities that
// the facts of one converted document must satisfy, declared as data. The
// language is documented in docs/validation.md; rule_loader.h reads and lints
// it against the family's mapping.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/decimal.h"
#include "extract/fact.h"
#include "mapping/label_pattern.h"

namespace bc {

// The fact columns a rule may test. Values are compared as printed in the
// canonical CSV (is_total as "1"/"0").
enum class FactField {
  Table,  // table_code
  Kind,   // table_kind
  Side,
  Item,
  Measure,
  Period,
  UnitCode,
  UnitName,
  FunctionCode,
  EconCode,
  GovEconCode,
  Project,
  Category,
  RowLabel,
  IsTotal,
};
const char* fact_field_name(
    FactField field);  // the canonical column name ("table_code", "is_total" ...)
std::optional<FactField> fact_field_from_name(std::string_view name);
std::string fact_field_value(const Fact& fact, FactField field);
bool is_code_field(FactField field);  // function/econ/gov_econ/unit code: prefixes nest

// A condition on one field: any value, empty, non-empty, one of a list, or a
// label pattern over the normalised text.
struct FieldMatch {
  enum class Kind { Empty, NonEmpty, OneOf, Pattern };
  Kind kind = Kind::NonEmpty;
  std::vector<std::string> values;      // OneOf
  std::optional<LabelPattern> pattern;  // Pattern
  bool matches(const std::string& value) const;
  std::string describe() const;
};

// All conditions must hold. An empty selector matches every fact.
struct Selector {
  std::vector<std::pair<FactField, FieldMatch>> conditions;
  bool matches(const Fact& fact) const;
  bool has(FactField field) const;
  const FieldMatch* find(FactField field) const;
  std::string describe() const;  // "item=income.gpb, is_total=0"
};

// One term of a row identity: a measure of the same row.
struct MeasureTerm {
  std::string measure;
  std::optional<std::string> period;  // explicit period; otherwise the row's period being checked
  bool negate = false;
};

// One term of a sum rule: cells anywhere in the document.
struct CellRef {
  Selector selector;
  std::optional<FactField> top;  // keep only the top level of this code among the selected cells
  bool negate = false;
};

enum class RuleType { Row, Column, Hierarchy, Outline, Sum, Limit };
// "row", "column", "hierarchy", "outline", "sum", "limit"
const char* rule_type_name(RuleType type);

struct Rule {
  std::string id;
  RuleType type = RuleType::Row;
  std::string description;
  std::string where_in_file;  // "rules[3]", for lint messages

  // Which tables the rule applies to (row, column, hierarchy, outline); the
  // accepted table_code spellings include the mapping's aliases.
  std::vector<std::string> tables;
  std::vector<std::string> table_codes;           // tables plus their aliases
  std::vector<LabelPattern> table_code_patterns;  // the mapping's `codes` patterns
  std::vector<std::string> kinds;
  Selector where;                     // only facts matching this take part
  std::vector<std::string> measures;  // column/hierarchy/outline: empty = every money measure
  std::vector<FactField> within;      // extra partition keys (unit_code ...)
  std::optional<Decimal> tolerance;   // per added term, in the table's raw unit

  // row: total = Σ parts, within one row.
  MeasureTerm row_total;
  std::vector<MeasureTerm> row_parts;

  // limit: within one row, the `limit_value` measure never exceeds the
  // `limit_bound` measure (a score and its 分值). Amounts, and the numbers
  // read from text facts (target_number), are compared.
  MeasureTerm limit_value;
  MeasureTerm limit_bound;

  // column: each total row = Σ the part rows of the same column.
  Selector total_rows;
  Selector part_rows;
  std::optional<FactField> top;  // column: keep only the top level of this code among the parts

  // hierarchy: a row = Σ the rows whose code extends its code by one level.
  FactField key = FactField::FunctionCode;

  // outline: rows in order; a row of level i = Σ the rows of the next level below it.
  std::vector<Selector> levels;

  // sum: each total cell = Σ the part cells (balance, cross-table identities).
  CellRef sum_total;
  std::vector<CellRef> sum_parts;
  // One check per total cell; each part must share the total's value of these
  // fields (a code field: start with it). A field the total leaves empty is
  // not compared. The first code field also picks the parts' top level.
  std::vector<FactField> match;

  bool applies_to_table(const Fact& fact) const;
};

struct FamilyRules {
  std::string family;
  std::string source_path;
  std::map<std::string, Decimal> tolerance;  // per added term, by raw unit ("万元" -> 0.01)
  std::vector<Rule> rules;
};

struct RuleSet {
  std::vector<FamilyRules> families;
  const FamilyRules* family(const std::string& id) const;
  std::size_t rule_count() const;
};

// One line: "row YS03,YS05: total = basic + project".
std::string describe_rule(const Rule& rule);

}  // namespace bc
