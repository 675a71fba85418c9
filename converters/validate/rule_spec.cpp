#include "validate/rule_spec.h"

#include <algorithm>
#include <array>

#include "headers/label_text.h"

namespace bc {

namespace {

struct FieldName {
  FactField field;
  const char* name;
};

constexpr std::array<FieldName, 15> kFieldNames = {{
    {FactField::Table, "table_code"},
    {FactField::Kind, "table_kind"},
    {FactField::Side, "side"},
    {FactField::Item, "item"},
    {FactField::Measure, "measure"},
    {FactField::Period, "period"},
    {FactField::UnitCode, "unit_code"},
    {FactField::UnitName, "unit_name"},
    {FactField::FunctionCode, "function_code"},
    {FactField::EconCode, "econ_code"},
    {FactField::GovEconCode, "gov_econ_code"},
    {FactField::Project, "project"},
    {FactField::Category, "category"},
    {FactField::RowLabel, "row_label"},
    {FactField::IsTotal, "is_total"},
}};

}  // namespace

const char* fact_field_name(FactField field) {
  for (const auto& f : kFieldNames) {
    if (f.field == field) return f.name;
  }
  return "?";
}

std::optional<FactField> fact_field_from_name(std::string_view name) {
  if (name == "table") return FactField::Table;  // short forms used in selectors
  if (name == "kind") return FactField::Kind;
  for (const auto& f : kFieldNames) {
    if (name == f.name) return f.field;
  }
  return std::nullopt;
}

std::string fact_field_value(const Fact& fact, FactField field) {
  switch (field) {
    case FactField::Table:
      return fact.table_code;
    case FactField::Kind:
      return fact.table_kind;
    case FactField::Side:
      return fact.side;
    case FactField::Item:
      return fact.item;
    case FactField::Measure:
      return fact.measure;
    case FactField::Period:
      return fact.period;
    case FactField::UnitCode:
      return fact.unit_code;
    case FactField::UnitName:
      return fact.unit_name;
    case FactField::FunctionCode:
      return fact.function_code;
    case FactField::EconCode:
      return fact.econ_code;
    case FactField::GovEconCode:
      return fact.gov_econ_code;
    case FactField::Project:
      return fact.project;
    case FactField::Category:
      return fact.category;
    case FactField::RowLabel:
      return fact.row_label;
    case FactField::IsTotal:
      return fact.is_total ? "1" : "0";
  }
  return {};
}

bool is_code_field(FactField field) {
  return field == FactField::FunctionCode || field == FactField::EconCode ||
         field == FactField::GovEconCode || field == FactField::UnitCode;
}

bool FieldMatch::matches(const std::string& value) const {
  switch (kind) {
    case Kind::Empty:
      return value.empty();
    case Kind::NonEmpty:
      return !value.empty();
    case Kind::OneOf:
      return std::find(values.begin(), values.end(), value) != values.end();
    case Kind::Pattern:
      return pattern && pattern->matches(normalise_label(value));
  }
  return false;
}

std::string FieldMatch::describe() const {
  switch (kind) {
    case Kind::Empty:
      return "''";
    case Kind::NonEmpty:
      return "*";
    case Kind::OneOf: {
      std::string out;
      for (const auto& v : values) out += (out.empty() ? "" : "|") + v;
      return values.size() == 1 ? out : "[" + out + "]";
    }
    case Kind::Pattern:
      return "/" + (pattern ? pattern->source() : std::string()) + "/";
  }
  return {};
}

bool Selector::matches(const Fact& fact) const {
  for (const auto& [field, match] : conditions) {
    if (!match.matches(fact_field_value(fact, field))) return false;
  }
  return true;
}

bool Selector::has(FactField field) const { return find(field) != nullptr; }

const FieldMatch* Selector::find(FactField field) const {
  for (const auto& [f, match] : conditions) {
    if (f == field) return &match;
  }
  return nullptr;
}

std::string Selector::describe() const {
  std::string out;
  for (const auto& [field, match] : conditions) {
    out += (out.empty() ? "" : ", ") + std::string(fact_field_name(field)) + "=" + match.describe();
  }
  return out.empty() ? "any" : out;
}

const char* rule_type_name(RuleType type) {
  switch (type) {
    case RuleType::Row:
      return "row";
    case RuleType::Column:
      return "column";
    case RuleType::Hierarchy:
      return "hierarchy";
    case RuleType::Outline:
      return "outline";
    case RuleType::Sum:
      return "sum";
    case RuleType::Limit:
      return "limit";
  }
  return "?";
}

bool Rule::applies_to_table(const Fact& fact) const {
  if (!kinds.empty() && std::find(kinds.begin(), kinds.end(), fact.table_kind) == kinds.end())
    return false;
  if (tables.empty()) return true;
  if (std::find(table_codes.begin(), table_codes.end(), fact.table_code) != table_codes.end())
    return true;
  const std::string code = normalise_label(fact.table_code);
  return std::any_of(table_code_patterns.begin(), table_code_patterns.end(),
                     [&](const LabelPattern& p) { return p.matches(code); });
}

const FamilyRules* RuleSet::family(const std::string& id) const {
  for (const auto& f : families) {
    if (f.family == id) return &f;
  }
  return nullptr;
}

std::size_t RuleSet::rule_count() const {
  std::size_t n = 0;
  for (const auto& f : families) n += f.rules.size();
  return n;
}

namespace {

std::string join(const std::vector<std::string>& parts, const char* separator) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : separator) + p;
  return out;
}

std::string describe_term(const MeasureTerm& t) {
  return t.measure +
         (t.period ? "@" + (t.period->empty() ? std::string("current") : *t.period) : "");
}

std::string describe_ref(const CellRef& r) {
  return "{" + r.selector.describe() +
         (r.top ? ", top " + std::string(fact_field_name(*r.top)) : "") + "}";
}

std::string join_terms(const std::string& first, const std::vector<std::string>& terms,
                       const std::vector<bool>& negated) {
  std::string out = first + " = ";
  for (std::size_t i = 0; i < terms.size(); ++i) {
    if (i == 0) {
      out += negated[i] ? "-" + terms[i] : terms[i];
    } else {
      out += (negated[i] ? " - " : " + ") + terms[i];
    }
  }
  return out;
}

}  // namespace

std::string describe_rule(const Rule& rule) {
  std::string scope = join(rule.tables, ",");
  if (!rule.kinds.empty()) scope += (scope.empty() ? "" : " ") + ("kind " + join(rule.kinds, ","));
  std::string out =
      std::string(rule_type_name(rule.type)) + (scope.empty() ? "" : " " + scope) + ": ";
  const std::string measures = rule.measures.empty() ? "every amount" : join(rule.measures, ",");
  switch (rule.type) {
    case RuleType::Row: {
      std::vector<std::string> terms;
      std::vector<bool> negated;
      for (const auto& t : rule.row_parts) {
        terms.push_back(describe_term(t));
        negated.push_back(t.negate);
      }
      out += join_terms(describe_term(rule.row_total), terms, negated) + " in each row";
      break;
    }
    case RuleType::Column:
      out += "row {" + rule.total_rows.describe() + "} = sum of rows {" +
             rule.part_rows.describe() + "}" +
             (rule.top ? " (top level of " + std::string(fact_field_name(*rule.top)) + ")" : "") +
             ", for " + measures;
      break;
    case RuleType::Hierarchy:
      out += "a row = sum of the rows whose " + std::string(fact_field_name(rule.key)) +
             " extends its code by one level, for " + measures;
      break;
    case RuleType::Outline: {
      std::vector<std::string> levels;
      for (const auto& l : rule.levels) levels.push_back("{" + l.describe() + "}");
      out += "outline " + join(levels, " > ") +
             " > other rows: each heading = sum of its next level, for " + measures;
      break;
    }
    case RuleType::Limit:
      break;  // below
    case RuleType::Sum: {
      std::vector<std::string> terms;
      std::vector<bool> negated;
      for (const auto& r : rule.sum_parts) {
        terms.push_back(describe_ref(r));
        negated.push_back(r.negate);
      }
      out += join_terms(describe_ref(rule.sum_total), terms, negated);
      if (!rule.match.empty()) {
        std::vector<std::string> names;
        for (FactField f : rule.match) names.push_back(fact_field_name(f));
        out += " for each " + join(names, "+");
      }
      break;
    }
  }
  if (rule.type == RuleType::Limit)
    out +=
        describe_term(rule.limit_value) + " <= " + describe_term(rule.limit_bound) + " in each row";
  if (!rule.where.conditions.empty()) out += " where {" + rule.where.describe() + "}";
  if (!rule.within.empty()) {
    std::vector<std::string> names;
    for (FactField f : rule.within) names.push_back(fact_field_name(f));
    out += " within the same " + join(names, ",");
  }
  return out;
}

}  // namespace bc
