// YAML loading and lint of validation rules. Every key is checked against the
// keys the language knows, and every table, measure, item and field a rule
// names is checked against the family's mapping and the vocabulary.
#include "validate/rule_loader.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <stdexcept>

namespace bc {
namespace {

// The tables a rule (or one cell reference) may read, resolved in the mapping.
struct Scope {
  std::vector<std::string> names;                    // as the rule wrote them, for messages
  std::vector<std::vector<const TableSpec*>> specs;  // one group per name (YS07 has two entries)
};

std::set<std::string> measures_of(const std::vector<const TableSpec*>& specs) {
  std::set<std::string> out;
  for (const TableSpec* t : specs) {
    for (const BlockSpec& b : t->blocks) {
      for (const MeasureSpec& m : b.measures) {
        if (m.unit == MeasureUnit::Money) out.insert(m.id);
      }
    }
    // A performance form's measures: its amounts, and its text values whose
    // numbers (target_number) limit rules compare (得分 ≤ 分值).
    if (t->form) {
      for (const FormFieldSpec& f : t->form->fields) out.insert(f.id);
      for (const FormColumnSpec& c : t->form->columns)
        if (!c.id.empty()) out.insert(c.id);
    }
  }
  return out;
}

class RuleLoader {
 public:
  RuleLoader(std::string file, const MappingSet& mappings, std::vector<MappingProblem>& problems)
      : file_(std::move(file)), mappings_(mappings), problems_(problems) {}

  std::optional<FamilyRules> load() {
    YAML::Node root;
    try {
      root = YAML::LoadFile(file_);
    } catch (const YAML::Exception& e) {
      problem("", std::string("not valid YAML: ") + e.what());
      return std::nullopt;
    }
    if (!root.IsMap()) {
      problem("", "expected a mapping with keys family, tolerance, rules");
      return std::nullopt;
    }
    check_keys(root, "", {"family", "tolerance", "rules"});
    FamilyRules out;
    out.source_path = file_;
    out.family = scalar(root["family"], "family");
    if (out.family.empty()) {
      problem("family", "missing required key 'family'");
      return std::nullopt;
    }
    family_ = mappings_.family(out.family);
    if (!family_) {
      problem("family", "family '" + out.family +
                            "' has no mapping in mappings/ (or its mapping has problems)");
      return std::nullopt;
    }
    if (YAML::Node tol = root["tolerance"]) {
      if (!tol.IsMap()) {
        problem("tolerance",
                "expected a map of unit to tolerance per added term, e.g. {万元: '0.01'}");
      } else {
        for (const auto& kv : tol) {
          const std::string unit = kv.first.as<std::string>();
          if (auto d = decimal(kv.second, "tolerance." + unit)) out.tolerance[unit] = *d;
        }
      }
    }
    YAML::Node rules = root["rules"];
    if (!rules || !rules.IsSequence()) {
      problem("rules", "expected a list of rules");
      return out;
    }
    std::set<std::string> ids;
    for (std::size_t i = 0; i < rules.size(); ++i) {
      const std::string where = "rules[" + std::to_string(i) + "]";
      rule_ok_ = true;
      Rule rule = load_rule(rules[i], where);
      if (!rule.id.empty() && !ids.insert(rule.id).second)
        problem(where + ".id", "rule id '" + rule.id + "' is used twice");
      if (rule_ok_) out.rules.push_back(std::move(rule));
    }
    return out;
  }

 private:
  void problem(const std::string& where, const std::string& message) {
    problems_.push_back(MappingProblem{file_, where, message});
    rule_ok_ = false;
  }

  void check_keys(const YAML::Node& node, const std::string& where,
                  std::initializer_list<const char*> allowed) {
    for (const auto& kv : node) {
      const std::string key = kv.first.as<std::string>();
      if (std::none_of(allowed.begin(), allowed.end(), [&](const char* a) { return key == a; })) {
        std::string list;
        for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
        problem(where, "unknown key '" + key + "' (allowed: " + list + ")");
      }
    }
  }

  std::string scalar(const YAML::Node& node, const std::string& where) {
    if (!node) return "";
    if (!node.IsScalar()) {
      problem(where, "expected text");
      return "";
    }
    return node.as<std::string>();
  }

  std::vector<std::string> scalars(const YAML::Node& node, const std::string& where) {
    std::vector<std::string> out;
    if (!node) return out;
    if (node.IsScalar()) {
      out.push_back(node.as<std::string>());
    } else if (node.IsSequence()) {
      for (const auto& item : node) {
        if (item.IsScalar()) {
          out.push_back(item.as<std::string>());
        } else {
          problem(where, "expected a list of texts");
        }
      }
    } else {
      problem(where, "expected text or a list of texts");
    }
    return out;
  }

  std::optional<Decimal> decimal(const YAML::Node& node, const std::string& where) {
    const std::string text = scalar(node, where);
    auto d = Decimal::parse(text);
    if (!d || d->is_negative()) {
      problem(where, "expected a non-negative decimal such as '0.01' (found '" + text + "')");
      return std::nullopt;
    }
    return d;
  }

  std::optional<FactField> field(const std::string& name, const std::string& where,
                                 bool code_only) {
    auto f = fact_field_from_name(name);
    if (!f) {
      problem(where, "unknown fact field '" + name + "'");
      return std::nullopt;
    }
    if (code_only && !is_code_field(*f)) {
      problem(where,
              "'" + name +
                  "' is not a code field (function_code, econ_code, gov_econ_code, unit_code)");
      return std::nullopt;
    }
    return f;
  }

  // --- scopes -------------------------------------------------------------

  std::vector<const TableSpec*> tables_with_code(const std::string& code) const {
    std::vector<const TableSpec*> out;
    for (const TableSpec& t : family_->tables) {
      if (t.code == code ||
          std::find(t.code_aliases.begin(), t.code_aliases.end(), code) != t.code_aliases.end()) {
        out.push_back(&t);
      }
    }
    return out;
  }

  Scope resolve_scope(const std::vector<std::string>& codes, const std::vector<std::string>& kinds,
                      const std::string& where) {
    Scope scope;
    for (const std::string& code : codes) {
      auto specs = tables_with_code(code);
      if (specs.empty()) {
        problem(where, "table '" + code + "' is not in the " + family_->id + " mapping");
        continue;
      }
      scope.names.push_back(code);
      scope.specs.push_back(std::move(specs));
    }
    for (const std::string& kind : kinds) {
      if (!mappings_.vocabulary.has_table_kind(kind)) {
        problem(where, "table kind '" + kind + "' is not in the vocabulary");
        continue;
      }
      std::vector<const TableSpec*> specs;
      for (const TableSpec& t : family_->tables) {
        if (t.kind == kind) specs.push_back(&t);
      }
      if (specs.empty()) {
        problem(where, "the " + family_->id + " mapping has no table of kind '" + kind + "'");
        continue;
      }
      if (codes.empty()) {
        scope.names.push_back(kind);
        scope.specs.push_back(std::move(specs));
      }
    }
    return scope;
  }

  void check_measure(const std::string& measure, const Scope& scope, const std::string& where) {
    if (!mappings_.vocabulary.has_measure(measure)) {
      problem(where, "measure '" + measure + "' is not in the vocabulary");
      return;
    }
    for (std::size_t i = 0; i < scope.names.size(); ++i) {
      const auto known = measures_of(scope.specs[i]);
      if (!known.count(measure)) {
        problem(where, "table '" + scope.names[i] + "' of " + family_->id +
                           " has no money measure '" + measure + "'");
      }
    }
  }

  void add_table_codes(Rule& rule) {
    for (const std::string& code : rule.tables) {
      rule.table_codes.push_back(code);
      for (const TableSpec* t : tables_with_code(code)) {
        for (const auto& alias : t->code_aliases) rule.table_codes.push_back(alias);
        for (const auto& p : t->code_patterns) rule.table_code_patterns.push_back(p);
      }
    }
  }

  // --- selectors ----------------------------------------------------------

  FieldMatch field_match(const YAML::Node& node, FactField f, const std::string& where) {
    FieldMatch m;
    if (node.IsMap()) {
      check_keys(node, where, {"pattern"});
      const std::string source = scalar(node["pattern"], where + ".pattern");
      try {
        m.kind = FieldMatch::Kind::Pattern;
        m.pattern.emplace(source);
      } catch (const std::invalid_argument& e) {
        problem(where, e.what());
      }
      return m;
    }
    if (f == FactField::IsTotal) {
      try {
        m.kind = FieldMatch::Kind::OneOf;
        m.values = {node.as<bool>() ? "1" : "0"};
      } catch (const YAML::Exception&) {
        problem(where, "expected true or false");
      }
      return m;
    }
    if (node.IsScalar()) {
      const std::string v = node.as<std::string>();
      if (v.empty()) {
        m.kind = FieldMatch::Kind::Empty;
      } else if (v == "*") {
        m.kind = FieldMatch::Kind::NonEmpty;
      } else {
        m.kind = FieldMatch::Kind::OneOf;
        m.values = {v};
      }
      return m;
    }
    m.kind = FieldMatch::Kind::OneOf;
    m.values = scalars(node, where);
    if (m.values.empty())
      problem(where, "expected '', '*', a value, a list of values or {pattern: ...}");
    return m;
  }

  // `extra` keys belong to the caller (top, negate in a cell reference).
  Selector selector(const YAML::Node& node, const std::string& where, const Scope& scope,
                    std::initializer_list<const char*> extra = {}) {
    Selector s;
    if (!node.IsMap()) {
      problem(where, "expected a map of fact fields to values");
      return s;
    }
    for (const auto& kv : node) {
      const std::string key = kv.first.as<std::string>();
      if (std::any_of(extra.begin(), extra.end(), [&](const char* e) { return key == e; }))
        continue;
      const std::string fw = where + "." + key;
      auto f = field(key, fw, false);
      if (!f) continue;
      FieldMatch m = field_match(kv.second, *f, fw);
      if (m.kind == FieldMatch::Kind::OneOf) {
        for (const std::string& v : m.values) {
          if (v.empty()) continue;  // '' in a list: the field is empty
          if (*f == FactField::Measure) check_measure(v, scope, fw);
          if (*f == FactField::Item && !mappings_.vocabulary.has_item(v)) {
            problem(fw, "item '" + v + "' is not in the vocabulary");
          }
          if (*f == FactField::Table && tables_with_code(v).empty()) {
            problem(fw, "table '" + v + "' is not in the " + family_->id + " mapping");
          }
          if (*f == FactField::Kind && !mappings_.vocabulary.has_table_kind(v)) {
            problem(fw, "table kind '" + v + "' is not in the vocabulary");
          }
          if (*f == FactField::Period && !valid_period(v)) {
            problem(fw, "period '" + v + "' is not one of '', prior_year, change");
          }
        }
      }
      s.conditions.emplace_back(*f, std::move(m));
    }
    return s;
  }

  CellRef cell_ref(const YAML::Node& node, const std::string& where) {
    CellRef ref;
    if (!node.IsMap()) {
      problem(where, "expected a cell reference {table: ..., measure: ..., ...}");
      return ref;
    }
    Scope scope;
    if (node["table"] || node["table_code"]) {
      const YAML::Node t = node["table"] ? node["table"] : node["table_code"];
      scope = resolve_scope(scalars(t, where + ".table"), {}, where + ".table");
    } else if (node["kind"] || node["table_kind"]) {
      const YAML::Node k = node["kind"] ? node["kind"] : node["table_kind"];
      scope = resolve_scope({}, scalars(k, where + ".kind"), where + ".kind");
    } else {
      problem(where, "a cell reference needs 'table' (or 'kind')");
    }
    ref.selector = selector(node, where, scope, {"top", "negate"});
    const FieldMatch* measure = ref.selector.find(FactField::Measure);
    if (!measure || measure->kind != FieldMatch::Kind::OneOf) {
      problem(where, "a cell reference needs 'measure' (one or more measure ids)");
    }
    if (!ref.selector.has(FactField::Period)) {
      FieldMatch current;
      current.kind = FieldMatch::Kind::Empty;
      ref.selector.conditions.emplace_back(FactField::Period, current);
    }
    if (node["top"]) ref.top = field(scalar(node["top"], where + ".top"), where + ".top", true);
    if (node["negate"]) {
      try {
        ref.negate = node["negate"].as<bool>();
      } catch (const YAML::Exception&) {
        problem(where + ".negate", "expected true or false");
      }
    }
    return ref;
  }

  MeasureTerm measure_term(const YAML::Node& node, const std::string& where, const Scope& scope) {
    MeasureTerm t;
    if (node.IsMap()) {
      check_keys(node, where, {"measure", "period", "negate"});
      t.measure = scalar(node["measure"], where + ".measure");
      if (node["period"]) {
        t.period = scalar(node["period"], where + ".period");
        if (!valid_period(*t.period))
          problem(where + ".period",
                  "period '" + *t.period + "' is not one of '', prior_year, change");
      }
      if (node["negate"]) {
        try {
          t.negate = node["negate"].as<bool>();
        } catch (const YAML::Exception&) {
          problem(where + ".negate", "expected true or false");
        }
      }
    } else {
      t.measure = scalar(node, where);
      if (!t.measure.empty() && t.measure[0] == '-') {
        t.negate = true;
        t.measure = t.measure.substr(1);
      }
    }
    if (t.measure.empty()) {
      problem(where, "expected a measure id");
    } else {
      check_measure(t.measure, scope, where);
    }
    return t;
  }

  std::vector<FactField> fields(const YAML::Node& node, const std::string& where) {
    std::vector<FactField> out;
    for (const std::string& name : scalars(node, where)) {
      if (auto f = field(name, where, false)) out.push_back(*f);
    }
    return out;
  }

  // --- rules --------------------------------------------------------------

  Rule load_rule(const YAML::Node& node, const std::string& where) {
    Rule rule;
    rule.where_in_file = where;
    if (!node.IsMap()) {
      problem(where, "expected a rule (a map with id, type ...)");
      return rule;
    }
    rule.id = scalar(node["id"], where + ".id");
    if (rule.id.empty()) problem(where, "missing required key 'id'");
    rule.description = scalar(node["description"], where + ".description");
    const std::string type = scalar(node["type"], where + ".type");
    static const std::vector<std::pair<const char*, RuleType>> kTypes = {
        {"row", RuleType::Row},
        {"column", RuleType::Column},
        {"hierarchy", RuleType::Hierarchy},
        {"outline", RuleType::Outline},
        {"sum", RuleType::Sum},
        {"limit", RuleType::Limit},
    };
    auto it =
        std::find_if(kTypes.begin(), kTypes.end(), [&](const auto& p) { return type == p.first; });
    if (it == kTypes.end()) {
      problem(where + ".type",
              "expected type row, column, hierarchy, outline, sum or limit (found '" + type + "')");
      return rule;
    }
    rule.type = it->second;
    if (node["tolerance"]) rule.tolerance = decimal(node["tolerance"], where + ".tolerance");

    if (rule.type == RuleType::Sum) {
      check_keys(node, where,
                 {"id", "type", "description", "tolerance", "total", "parts", "match"});
      rule.sum_total = cell_ref(node["total"], where + ".total");
      YAML::Node parts = node["parts"];
      if (!parts || !parts.IsSequence() || parts.size() == 0) {
        problem(where + ".parts", "expected a list of cell references");
      } else {
        for (std::size_t i = 0; i < parts.size(); ++i) {
          rule.sum_parts.push_back(cell_ref(parts[i], where + ".parts[" + std::to_string(i) + "]"));
        }
      }
      if (node["match"]) rule.match = fields(node["match"], where + ".match");
      return rule;
    }

    switch (rule.type) {
      case RuleType::Row:
        check_keys(node, where,
                   {"id", "type", "description", "tolerance", "tables", "kinds", "where", "total",
                    "parts"});
        break;
      case RuleType::Column:
        check_keys(node, where,
                   {"id", "type", "description", "tolerance", "tables", "kinds", "where", "total",
                    "parts", "top", "within", "measures"});
        break;
      case RuleType::Hierarchy:
        check_keys(node, where,
                   {"id", "type", "description", "tolerance", "tables", "kinds", "where", "key",
                    "within", "measures"});
        break;
      case RuleType::Outline:
        check_keys(node, where,
                   {"id", "type", "description", "tolerance", "tables", "kinds", "where", "levels",
                    "within", "measures"});
        break;
      case RuleType::Limit:
        check_keys(node, where,
                   {"id", "type", "description", "tables", "kinds", "where", "value", "limit"});
        break;
      case RuleType::Sum:
        break;
    }
    rule.tables = scalars(node["tables"], where + ".tables");
    rule.kinds = scalars(node["kinds"], where + ".kinds");
    if (rule.tables.empty() && rule.kinds.empty())
      problem(where, "a " + type + " rule needs 'tables' or 'kinds'");
    const Scope scope = resolve_scope(rule.tables, rule.kinds, where + ".tables");
    add_table_codes(rule);
    if (node["where"]) rule.where = selector(node["where"], where + ".where", scope);
    for (const std::string& m : scalars(node["measures"], where + ".measures")) {
      check_measure(m, scope, where + ".measures");
      rule.measures.push_back(m);
    }
    if (node["within"]) rule.within = fields(node["within"], where + ".within");

    switch (rule.type) {
      case RuleType::Row: {
        if (!node["total"]) problem(where, "missing required key 'total'");
        if (node["total"]) rule.row_total = measure_term(node["total"], where + ".total", scope);
        YAML::Node parts = node["parts"];
        if (!parts || !parts.IsSequence() || parts.size() == 0) {
          problem(where + ".parts", "expected a list of measures");
        } else {
          for (std::size_t i = 0; i < parts.size(); ++i) {
            rule.row_parts.push_back(
                measure_term(parts[i], where + ".parts[" + std::to_string(i) + "]", scope));
          }
        }
        break;
      }
      case RuleType::Column:
        if (!node["total"]) problem(where, "missing required key 'total' (a row selector)");
        if (node["total"]) rule.total_rows = selector(node["total"], where + ".total", scope);
        if (node["parts"]) {
          rule.part_rows = selector(node["parts"], where + ".parts", scope);
        } else {
          FieldMatch body;
          body.kind = FieldMatch::Kind::OneOf;
          body.values = {"0"};
          rule.part_rows.conditions.emplace_back(FactField::IsTotal, body);
        }
        if (node["top"])
          rule.top = field(scalar(node["top"], where + ".top"), where + ".top", true);
        break;
      case RuleType::Hierarchy:
        if (auto k = field(scalar(node["key"], where + ".key"), where + ".key", true))
          rule.key = *k;
        break;
      case RuleType::Outline: {
        YAML::Node levels = node["levels"];
        if (!levels || !levels.IsSequence() || levels.size() == 0) {
          problem(where + ".levels", "expected a list of row selectors, outermost first");
        } else {
          for (std::size_t i = 0; i < levels.size(); ++i) {
            rule.levels.push_back(
                selector(levels[i], where + ".levels[" + std::to_string(i) + "]", scope));
          }
        }
        break;
      }
      case RuleType::Limit:
        if (!node["value"] || !node["limit"])
          problem(where, "a limit rule needs 'value' and 'limit' (measures)");
        if (node["value"]) rule.limit_value = measure_term(node["value"], where + ".value", scope);
        if (node["limit"]) rule.limit_bound = measure_term(node["limit"], where + ".limit", scope);
        break;
      case RuleType::Sum:
        break;
    }
    return rule;
  }

  std::string file_;
  const MappingSet& mappings_;
  std::vector<MappingProblem>& problems_;
  const FamilySpec* family_ = nullptr;
  bool rule_ok_ = true;
};

}  // namespace

FamilyRules load_rule_file(const std::string& path, const MappingSet& mappings,
                           std::vector<MappingProblem>& problems) {
  RuleLoader loader(path, mappings, problems);
  auto rules = loader.load();
  if (!rules) return FamilyRules{};
  return std::move(*rules);
}

RuleSet load_rules(const std::string& mappings_dir, const MappingSet& mappings,
                   std::vector<MappingProblem>& problems) {
  namespace fs = std::filesystem;
  RuleSet set;
  const fs::path dir = fs::path(mappings_dir) / "rules";
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return set;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& p : files) {
    RuleLoader loader(p.string(), mappings, problems);
    auto rules = loader.load();
    if (!rules) continue;
    if (set.family(rules->family)) {
      problems.push_back(MappingProblem{
          p.string(), "family", "rules for family '" + rules->family + "' are given twice"});
      continue;
    }
    set.families.push_back(std::move(*rules));
  }
  return set;
}

}  // namespace bc
