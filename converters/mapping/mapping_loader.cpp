// YAML loading for the vocabulary and family mapping files. Every key is
// checked against the keys the language knows, so a typo is an error, not a
// silently ignored setting.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <set>
#include <stdexcept>

#include "headers/label_text.h"
#include "mapping/mapping_inheritance.h"
#include "mapping/mapping_spec.h"
#include "normalise/units.h"

namespace bc {
namespace {

class Loader {
 public:
  Loader(std::string file, std::vector<MappingProblem>& problems)
      : file_(std::move(file)), problems_(problems) {}

  void problem(const std::string& where, const std::string& message) {
    problems_.push_back(MappingProblem{file_, where, message});
    ok_ = false;
  }
  bool ok() const { return ok_; }

  void check_keys(const YAML::Node& node, const std::string& where,
                  std::initializer_list<const char*> allowed) {
    if (!node.IsMap()) {
      problem(where, "expected a mapping (key: value)");
      return;
    }
    for (const auto& kv : node) {
      std::string key = kv.first.as<std::string>();
      if (std::none_of(allowed.begin(), allowed.end(), [&](const char* a) { return key == a; })) {
        std::string list;
        for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
        problem(where, "unknown key '" + key + "' (allowed: " + list + ")");
      }
    }
  }

  std::string str(const YAML::Node& node, const char* key, const std::string& where,
                  bool required = false) {
    YAML::Node v = node[key];
    if (!v) {
      if (required) problem(where, std::string("missing required key '") + key + "'");
      return "";
    }
    if (!v.IsScalar()) {
      problem(where + "." + key, "expected text");
      return "";
    }
    return v.as<std::string>();
  }

  bool flag(const YAML::Node& node, const char* key, const std::string& where) {
    YAML::Node v = node[key];
    if (!v) return false;
    try {
      return v.as<bool>();
    } catch (const YAML::Exception&) {
      problem(where + "." + key, "expected true or false");
      return false;
    }
  }

  std::vector<std::string> strings(const YAML::Node& node, const char* key,
                                   const std::string& where) {
    std::vector<std::string> out;
    YAML::Node v = node[key];
    if (!v) return out;
    if (v.IsScalar()) {
      out.push_back(v.as<std::string>());
    } else if (v.IsSequence()) {
      for (const auto& item : v) {
        if (item.IsScalar()) {
          out.push_back(item.as<std::string>());
        } else {
          problem(where + "." + key, "expected a list of texts");
        }
      }
    } else {
      problem(where + "." + key, "expected text or a list of texts");
    }
    return out;
  }

  std::vector<LabelPattern> label_patterns(const YAML::Node& node, const char* key,
                                           const std::string& where) {
    std::vector<LabelPattern> out;
    for (const std::string& s : strings(node, key, where)) {
      try {
        out.emplace_back(s);
      } catch (const std::invalid_argument& e) {
        problem(where + "." + key, e.what());
      }
    }
    return out;
  }

  std::optional<HeaderPattern> header_pattern(const std::string& source, const std::string& where) {
    try {
      return HeaderPattern(source);
    } catch (const std::invalid_argument& e) {
      problem(where, e.what());
      return std::nullopt;
    }
  }

 private:
  std::string file_;
  std::vector<MappingProblem>& problems_;
  bool ok_ = true;
};

// A reference layout is looked for relative to the mapping file, then by its
// file name in a templates/ folder inside or beside the mappings folder, so a
// mappings folder copied elsewhere (with or without its templates) still loads.
std::optional<std::string> find_reference_layout(const std::string& mapping_path,
                                                 const std::string& layout) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(mapping_path).parent_path();
  const fs::path name = fs::path(layout).filename();
  for (const fs::path& candidate :
       {dir / layout, dir / "templates" / name, dir / ".." / "templates" / name}) {
    std::error_code ec;
    if (fs::is_regular_file(candidate, ec)) return candidate.lexically_normal().string();
  }
  return std::nullopt;
}

YAML::Node load_yaml(const std::string& path, Loader& loader) {
  try {
    return YAML::LoadFile(path);
  } catch (const YAML::Exception& e) {
    loader.problem("", std::string("not valid YAML: ") + e.what());
    return YAML::Node();
  }
}

const std::set<std::string> kKeyNames = {
    "label",     "code",      "function_code", "econ_code", "gov_econ_code", "income_code",
    "unit_code", "unit_name", "project",       "category",  "group"};

// `occurrence: N` (1-based): the Nth of several columns a header matches.
unsigned load_occurrence(Loader& L, const YAML::Node& node, const std::string& where) {
  YAML::Node v = node["occurrence"];
  if (!v) return 0;
  try {
    const int n = v.as<int>();
    if (n >= 1 && n <= 64) return static_cast<unsigned>(n);
  } catch (const YAML::Exception&) {
  }
  L.problem(where + ".occurrence", "expected a whole number from 1 (the first matching column)");
  return 0;
}

void load_key(Loader& L, const std::string& name, const YAML::Node& node, const std::string& where,
              BlockSpec& block) {
  KeySpec key;
  key.name = name;
  if (!kKeyNames.count(name)) {
    L.problem(where, "unknown row key '" + name + "'");
    return;
  }
  // A bare text is shorthand for {header: text}. (Build a new node: assigning
  // to a yaml-cpp Node that aliases `node` would overwrite the document.)
  YAML::Node shorthand(YAML::NodeType::Map);
  if (node.IsScalar()) shorthand["header"] = node.as<std::string>();
  const YAML::Node spec = node.IsScalar() ? shorthand : node;
  L.check_keys(
      spec, where,
      {"header", "parts", "matches", "scheme", "optional", "fill_down", "levels", "occurrence"});
  std::vector<std::string> parts = L.strings(spec, "parts", where);
  std::string header = L.str(spec, "header", where);
  if (!header.empty() && !parts.empty())
    L.problem(where, "give either 'header' or 'parts', not both");
  if (header.empty() && parts.empty()) L.problem(where, "needs 'header' or 'parts'");
  if (!header.empty()) parts.push_back(header);
  for (const std::string& p : parts) {
    if (auto h = L.header_pattern(p, where)) key.headers.push_back(*h);
  }
  if (spec["matches"]) {
    try {
      key.value_matches.emplace(L.str(spec, "matches", where));
    } catch (const std::invalid_argument& e) {
      L.problem(where + ".matches", e.what());
    }
  }
  std::string scheme = L.str(spec, "scheme", where);
  if (!scheme.empty()) {
    auto s = parse_code_scheme(scheme);
    if (!s) {
      L.problem(where + ".scheme",
                "unknown scheme '" + scheme + "' (function, dept_econ, gov_econ, auto)");
    } else {
      key.scheme = *s;
    }
  }
  if (name == "function_code") key.scheme = CodeScheme::Function;
  if (name == "econ_code") key.scheme = CodeScheme::DeptEcon;
  if (name == "gov_econ_code") key.scheme = CodeScheme::GovEcon;
  if (name == "income_code") key.scheme = CodeScheme::Income;
  key.occurrence = load_occurrence(L, spec, where);
  key.optional = L.flag(spec, "optional", where);
  key.fill_down = L.flag(spec, "fill_down", where);
  key.levels = L.label_patterns(spec, "levels", where);
  if (name == "group" && key.levels.empty())
    L.problem(where, "a group key needs 'levels' (one pattern per level)");
  if (name != "group" && spec["levels"])
    L.problem(where + ".levels", "only a group key has levels");
  if (name == "group" && parts.size() > 1)
    L.problem(where, "a group key reads one column ('header')");
  block.keys.push_back(std::move(key));
}

void load_block(Loader& L, const YAML::Node& node, const std::string& where,
                const Vocabulary& vocabulary, BlockSpec& block) {
  std::string side = L.str(node, "side", where);
  if (!side.empty() && side != "income" && side != "expenditure") {
    L.problem(where + ".side", "side must be income or expenditure");
  }
  block.side = side;
  std::string anchor = L.str(node, "anchor", where);
  if (!anchor.empty()) block.anchor = L.header_pattern(anchor, where + ".anchor");
  block.anchor_occurrence = load_occurrence(L, node, where);
  if (block.anchor_occurrence && !block.anchor)
    L.problem(where + ".occurrence", "occurrence selects among the columns of an 'anchor'");
  block.period = L.str(node, "period", where);
  if (!valid_period(block.period))
    L.problem(where + ".period", "period must be prior_year or change");
  std::string label_codes = L.str(node, "label_codes", where);
  if (!label_codes.empty()) {
    block.label_codes = parse_code_scheme(label_codes);
    if (!block.label_codes)
      L.problem(where + ".label_codes", "unknown scheme '" + label_codes + "'");
  }
  if (YAML::Node keys = node["keys"]) {
    if (!keys.IsMap()) {
      L.problem(where + ".keys", "expected a mapping of key name to header");
    } else {
      for (const auto& kv : keys) {
        std::string name = kv.first.as<std::string>();
        load_key(L, name, kv.second, where + ".keys." + name, block);
      }
    }
  }
  YAML::Node measures = node["measures"];
  if (measures && !measures.IsSequence()) L.problem(where + ".measures", "expected a list");
  if (measures && measures.IsSequence()) {
    for (std::size_t i = 0; i < measures.size(); ++i) {
      std::string mw = where + ".measures[" + std::to_string(i) + "]";
      const YAML::Node& m = measures[i];
      L.check_keys(m, mw, {"id", "header", "optional", "unit", "period", "occurrence"});
      if (!m.IsMap()) continue;
      std::string id = L.str(m, "id", mw, true);
      std::string header = L.str(m, "header", mw, true);
      if (!id.empty() && !vocabulary.has_measure(id)) {
        L.problem(mw + ".id",
                  "measure id '" + id + "' is not in the vocabulary (mappings/vocabulary.yaml)");
      }
      auto h = header.empty() ? std::nullopt : L.header_pattern(header, mw + ".header");
      if (!h) continue;
      MeasureSpec spec{id,
                       *h,
                       L.flag(m, "optional", mw),
                       MeasureUnit::Money,
                       block.period,
                       load_occurrence(L, m, mw)};
      if (m["period"]) {
        spec.period = L.str(m, "period", mw);
        if (!valid_period(spec.period))
          L.problem(mw + ".period", "period must be prior_year or change");
      }
      std::string unit = L.str(m, "unit", mw);
      if (unit == "count") {
        spec.unit = MeasureUnit::Count;
      } else if (unit == "percent") {
        spec.unit = MeasureUnit::Percent;
      } else if (unit == "text") {
        spec.unit = MeasureUnit::Text;
      } else if (!unit.empty() && unit != "money") {
        L.problem(mw + ".unit", "unit must be money, count, percent or text");
      }
      block.measures.push_back(std::move(spec));
    }
  }
}

std::optional<MeasureUnit> form_unit(Loader& L, const YAML::Node& n, const std::string& where) {
  const std::string unit = L.str(n, "unit", where);
  if (unit.empty() || unit == "money") return MeasureUnit::Money;
  if (unit == "text") return MeasureUnit::Text;
  if (unit == "percent") return MeasureUnit::Percent;
  L.problem(where + ".unit", "unit must be money, percent or text in a form");
  return std::nullopt;
}

FormSpec load_form(Loader& L, const YAML::Node& node, const std::string& where,
                   const Vocabulary& vocabulary) {
  FormSpec form;
  L.check_keys(node, where, {"fields", "columns", "levels"});
  if (!node.IsMap()) return form;
  auto measure_known = [&](const std::string& id, const std::string& w) {
    if (!id.empty() && !vocabulary.has_measure(id))
      L.problem(w + ".id",
                "measure id '" + id + "' is not in the vocabulary (mappings/vocabulary.yaml)");
  };
  YAML::Node fields = node["fields"];
  if (fields && !fields.IsSequence()) L.problem(where + ".fields", "expected a list");
  if (fields && fields.IsSequence()) {
    for (std::size_t i = 0; i < fields.size(); ++i) {
      const std::string fw = where + ".fields[" + std::to_string(i) + "]";
      L.check_keys(fields[i], fw, {"id", "item", "labels", "unit"});
      if (!fields[i].IsMap()) continue;
      FormFieldSpec f;
      f.id = L.str(fields[i], "id", fw, true);
      measure_known(f.id, fw);
      f.item = L.str(fields[i], "item", fw);
      if (!f.item.empty() && !vocabulary.has_item(f.item))
        L.problem(fw + ".item", "item id '" + f.item + "' is not in the vocabulary");
      f.labels = L.label_patterns(fields[i], "labels", fw);
      if (f.labels.empty()) L.problem(fw, "a field needs 'labels'");
      if (auto u = form_unit(L, fields[i], fw)) f.unit = *u;
      form.fields.push_back(std::move(f));
    }
  }
  YAML::Node columns = node["columns"];
  if (columns && !columns.IsSequence()) L.problem(where + ".columns", "expected a list");
  if (columns && columns.IsSequence()) {
    for (std::size_t i = 0; i < columns.size(); ++i) {
      const std::string cw = where + ".columns[" + std::to_string(i) + "]";
      L.check_keys(columns[i], cw, {"id", "header", "unit", "key"});
      if (!columns[i].IsMap()) continue;
      const std::string key = L.str(columns[i], "key", cw);
      if (!key.empty() && key != "code" && key != "name")
        L.problem(cw + ".key", "key must be code or name");
      const std::string id = L.str(columns[i], "id", cw, key.empty());
      if (!key.empty() && !id.empty()) L.problem(cw, "a key column gives no facts: no 'id'");
      measure_known(id, cw);
      const std::string header = L.str(columns[i], "header", cw, true);
      if (header.empty()) continue;
      try {
        FormColumnSpec c{id, LabelPattern(header), MeasureUnit::Money, key};
        if (auto u = form_unit(L, columns[i], cw)) c.unit = *u;
        form.columns.push_back(std::move(c));
      } catch (const std::invalid_argument& e) {
        L.problem(cw + ".header", e.what());
      }
    }
  }
  form.levels = L.label_patterns(node, "levels", where);
  if (form.levels.size() > 3)
    L.problem(where + ".levels", "at most three levels (一级/二级/三级指标)");
  if (form.fields.empty() && form.columns.empty())
    L.problem(where, "a form needs 'fields' or 'columns'");
  return form;
}

std::vector<ItemSpec> load_items(Loader& L, const YAML::Node& node, const std::string& where,
                                 const Vocabulary* vocabulary) {
  std::vector<ItemSpec> items;
  if (!node) return items;
  if (!node.IsSequence()) {
    L.problem(where, "expected a list");
    return items;
  }
  for (std::size_t i = 0; i < node.size(); ++i) {
    std::string iw = where + "[" + std::to_string(i) + "]";
    const YAML::Node& n = node[i];
    L.check_keys(n, iw, {"id", "labels", "after", "zh", "description"});
    if (!n.IsMap()) continue;
    ItemSpec item;
    item.id = L.str(n, "id", iw, true);
    item.labels = L.label_patterns(n, "labels", iw);
    item.after = L.str(n, "after", iw);
    if (vocabulary && !item.after.empty() && !vocabulary->has_item(item.after)) {
      L.problem(iw + ".after", "item id '" + item.after + "' is not in the vocabulary");
    }
    if (vocabulary && !item.id.empty() && !vocabulary->has_item(item.id)) {
      L.problem(iw + ".id",
                "item id '" + item.id + "' is not in the vocabulary (mappings/vocabulary.yaml)");
    }
    items.push_back(std::move(item));
  }
  return items;
}

Vocabulary load_vocabulary_unchecked(const std::string& path,
                                     std::vector<MappingProblem>& problems) {
  Loader L(path, problems);
  Vocabulary v;
  YAML::Node root = load_yaml(path, L);
  if (!root) return v;
  L.check_keys(root, "", {"table_kinds", "measures", "items", "total_labels", "class_names"});
  auto entries = [&](const char* key, std::vector<VocabularyEntry>& out) {
    YAML::Node list = root[key];
    if (!list || !list.IsSequence()) {
      L.problem(key, "expected a list");
      return;
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
      std::string w = std::string(key) + "[" + std::to_string(i) + "]";
      const YAML::Node& n = list[i];
      L.check_keys(n, w, {"id", "zh", "description", "labels", "after"});
      VocabularyEntry e{L.str(n, "id", w, true), L.str(n, "zh", w), L.str(n, "description", w)};
      if (std::any_of(out.begin(), out.end(),
                      [&](const VocabularyEntry& o) { return o.id == e.id; })) {
        L.problem(w, "duplicate id '" + e.id + "'");
      }
      out.push_back(e);
    }
  };
  entries("table_kinds", v.table_kinds);
  entries("measures", v.measures);
  entries("items", v.items);
  for (const ItemSpec& item : load_items(L, root["items"], "items", nullptr)) {
    if (!item.labels.empty())
      v.default_items.push_back(DefaultItem{item.id, item.labels, item.after});
  }
  v.total_labels = L.label_patterns(root, "total_labels", "total_labels");
  YAML::Node classes = root["class_names"];
  if (classes && !classes.IsMap()) {
    L.problem("class_names",
              "expected a mapping of scheme (function, dept_econ, gov_econ) to codes");
  } else if (classes) {
    for (const auto& scheme_kv : classes) {
      std::string scheme_name = scheme_kv.first.as<std::string>();
      auto scheme = parse_code_scheme(scheme_name);
      if (!scheme) {
        L.problem("class_names." + scheme_name, "unknown scheme");
        continue;
      }
      if (!scheme_kv.second.IsMap()) {
        L.problem("class_names." + scheme_name, "expected a mapping of code to names");
        continue;
      }
      for (const auto& code_kv : scheme_kv.second) {
        ClassName c;
        c.scheme = *scheme;
        c.code = code_kv.first.as<std::string>();
        std::string w = "class_names." + scheme_name + "." + c.code;
        if (!code_digits(c.code) || !valid_code_length(*scheme, c.code))
          L.problem(w, "not a valid code");
        for (const auto& name : code_kv.second)
          c.names.push_back(strip_ordinal(name.as<std::string>()));
        if (c.names.empty()) L.problem(w, "needs at least one name");
        v.class_names.push_back(std::move(c));
      }
    }
  }
  return v;
}

std::optional<FamilySpec> load_family_unchecked(const std::string& path,
                                                const Vocabulary& vocabulary,
                                                std::vector<MappingProblem>& problems) {
  Loader L(path, problems);
  YAML::Node root = load_yaml(path, L);
  if (!root) return std::nullopt;
  L.check_keys(root, "",
               {"family", "name", "stage", "default_unit", "reference_layout", "heading_lines",
                "fallback", "extends", "tables"});
  FamilySpec family;
  family.source_path = path;
  family.extends = L.str(root, "extends", "");
  std::vector<InheritanceProblem> inherited;
  root = resolve_inheritance(root, path, inherited);
  for (const InheritanceProblem& p : inherited) L.problem(p.where, p.message);
  family.fallback = L.flag(root, "fallback", "");
  family.id = L.str(root, "family", "", true);
  family.name = L.str(root, "name", "");
  family.stage = L.str(root, "stage", "", true);
  if (family.stage != "budget" && family.stage != "final")
    L.problem("stage", "stage must be budget or final");
  family.default_unit = L.str(root, "default_unit", "");
  if (!family.default_unit.empty() && !money_unit(family.default_unit)) {
    L.problem("default_unit",
              "'" + family.default_unit + "' is not a money unit (元, 千元, 万元, 百万元, 亿元)");
  }
  if (std::string layout = L.str(root, "reference_layout", ""); !layout.empty()) {
    if (auto found = find_reference_layout(path, layout)) {
      family.reference_layout = *found;
    } else {
      family.missing_reference_layout = layout;
    }
  }
  if (YAML::Node lines = root["heading_lines"]) {
    // Extra heading-line forms for the locator (docs/mapping-language.md, "Heading lines").
    L.check_keys(lines, "heading_lines", {"department", "unit", "year", "code"});
    HeadingLinePatterns& h = family.heading_lines;
    h.department = L.label_patterns(lines, "department", "heading_lines");
    h.unit = L.label_patterns(lines, "unit", "heading_lines");
    h.year = L.label_patterns(lines, "year", "heading_lines");
    h.code = L.label_patterns(lines, "code", "heading_lines");
  }
  YAML::Node tables = root["tables"];
  if (!tables || !tables.IsSequence()) {
    L.problem("tables", "expected a list of tables");
    return std::nullopt;
  }
  for (std::size_t t = 0; t < tables.size(); ++t) {
    const YAML::Node& n = tables[t];
    std::string w = "tables[" + std::to_string(t) + "]";
    L.check_keys(
        n, w,
        {"id",         "code",       "codes",       "kind",        "titles", "require_headers",
         "blocks",     "keys",       "measures",    "items",       "skip",   "unbound_columns",
         "unit",       "side",       "label_codes", "anchor",      "period", "occurrence",
         "total_rows", "count_rows", "form",        "code_printed"});
    if (!n.IsMap()) continue;
    TableSpec table;
    table.id = L.str(n, "id", w);
    table.code = L.str(n, "code", w);
    table.code_printed = !n["code_printed"] || L.flag(n, "code_printed", w);
    if (!table.code.empty()) w += " (" + table.code + ")";
    table.code_aliases = L.strings(n, "codes", w);
    table.code_patterns = L.label_patterns(n, "codes", w);
    table.kind = L.str(n, "kind", w, true);
    if (!table.kind.empty() && !vocabulary.has_table_kind(table.kind)) {
      L.problem(w + ".kind", "table kind '" + table.kind + "' is not in the vocabulary");
    }
    table.titles = L.label_patterns(n, "titles", w);
    if (table.titles.empty() && table.code.empty())
      L.problem(w, "a table needs a code or titles to be recognised");
    for (const std::string& h : L.strings(n, "require_headers", w)) {
      if (auto p = L.header_pattern(h, w + ".require_headers")) table.require_headers.push_back(*p);
    }
    if (n["skip"]) {
      table.skip = true;
      table.skip_reason = L.str(n, "skip", w);
      if (table.skip_reason.empty()) L.problem(w + ".skip", "give the reason the table is skipped");
    }
    table.unit = L.str(n, "unit", w);
    if (!table.unit.empty() && !money_unit(table.unit)) {
      L.problem(w + ".unit",
                "'" + table.unit + "' is not a money unit (元, 千元, 万元, 百万元, 亿元)");
    }
    std::string unbound = L.str(n, "unbound_columns", w);
    if (!unbound.empty()) {
      if (unbound != "warn" && unbound != "error")
        L.problem(w + ".unbound_columns", "must be warn or error");
      table.unbound_columns = unbound;
    }
    table.items = load_items(L, n["items"], w + ".items", &vocabulary);
    table.total_rows = L.label_patterns(n, "total_rows", w);
    table.count_rows = L.label_patterns(n, "count_rows", w);
    if (YAML::Node form = n["form"]) {
      if (table.skip) L.problem(w, "a form is either read ('form') or skipped ('skip'), not both");
      if (n["blocks"] || n["keys"] || n["measures"])
        L.problem(w, "a form gives 'form' alone, not 'blocks', 'keys' or 'measures'");
      table.form = load_form(L, form, w + ".form", vocabulary);
    } else if (YAML::Node blocks = n["blocks"]) {
      if (n["keys"] || n["measures"])
        L.problem(w, "give either 'blocks' or 'keys'/'measures', not both");
      if (!blocks.IsSequence()) {
        L.problem(w + ".blocks", "expected a list");
      } else {
        for (std::size_t b = 0; b < blocks.size(); ++b) {
          std::string bw = w + ".blocks[" + std::to_string(b) + "]";
          L.check_keys(
              blocks[b], bw,
              {"side", "anchor", "occurrence", "keys", "measures", "label_codes", "period"});
          BlockSpec block;
          load_block(L, blocks[b], bw, vocabulary, block);
          if (blocks.size() > 1 && !block.anchor)
            L.problem(bw, "each of several blocks needs an 'anchor' header");
          table.blocks.push_back(std::move(block));
        }
      }
    } else if (!table.skip) {
      BlockSpec block;
      load_block(L, n, w, vocabulary, block);
      table.blocks.push_back(std::move(block));
    }
    if (!table.skip && !table.form) {
      std::size_t measures = 0;
      for (const auto& b : table.blocks) measures += b.measures.size();
      if (measures == 0) L.problem(w, "a table that is not skipped needs at least one measure");
    }
    family.tables.push_back(std::move(table));
  }
  if (!L.ok()) return std::nullopt;
  return family;
}

// A file of the wrong shape (a bare text, a list where a map belongs) makes
// yaml-cpp throw on access; that is a problem in the file, reported like any
// other, never an exception out of the loader.
Vocabulary load_vocabulary(const std::string& path, std::vector<MappingProblem>& problems) {
  try {
    return load_vocabulary_unchecked(path, problems);
  } catch (const YAML::Exception& e) {
    problems.push_back(MappingProblem{
        path, "", std::string("the file does not have the expected shape: ") + e.what()});
    return Vocabulary{};
  }
}

std::optional<FamilySpec> load_family_impl(const std::string& path, const Vocabulary& vocabulary,
                                           std::vector<MappingProblem>& problems) {
  try {
    return load_family_unchecked(path, vocabulary, problems);
  } catch (const YAML::Exception& e) {
    problems.push_back(MappingProblem{
        path, "", std::string("the file does not have the expected shape: ") + e.what()});
    return std::nullopt;
  }
}

}  // namespace

bool valid_period(const std::string& period) {
  return period.empty() || period == "prior_year" || period == "change";
}

const char* measure_unit_name(MeasureUnit unit) {
  switch (unit) {
    case MeasureUnit::Money:
      return "CNY";
    case MeasureUnit::Count:
      return "count";
    case MeasureUnit::Percent:
      return "percent";
    case MeasureUnit::Text:
      return "text";
  }
  return "CNY";
}

const FamilySpec* MappingSet::family(const std::string& id) const {
  for (const auto& f : families) {
    if (f.id == id) return &f;
  }
  return nullptr;
}

std::optional<FamilySpec> load_family(const std::string& path, const Vocabulary& vocabulary,
                                      std::vector<MappingProblem>& problems) {
  return load_family_impl(path, vocabulary, problems);
}

MappingSet load_mappings(const std::string& dir, std::vector<MappingProblem>& problems) {
  namespace fs = std::filesystem;
  MappingSet set;
  const std::string vocabulary_path = (fs::path(dir) / "vocabulary.yaml").string();
  if (!fs::exists(vocabulary_path)) {
    problems.push_back(MappingProblem{vocabulary_path, "", "the vocabulary file is missing"});
    return set;
  }
  set.vocabulary = load_vocabulary(vocabulary_path, problems);
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const fs::path& p = entry.path();
    if (p.extension() == ".yaml" && p.filename() != "vocabulary.yaml") files.push_back(p);
  }
  std::sort(files.begin(), files.end());
  for (const auto& p : files) {
    if (auto family = load_family_impl(p.string(), set.vocabulary, problems)) {
      if (set.family(family->id)) {
        problems.push_back(
            MappingProblem{p.string(), "family", "family id '" + family->id + "' is used twice"});
        continue;
      }
      set.families.push_back(std::move(*family));
    }
  }
  return set;
}

}  // namespace bc
