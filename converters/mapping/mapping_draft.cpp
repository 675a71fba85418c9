#include "mapping/mapping_draft.h"

#include <algorithm>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "headers/header_flattener.h"
#include "headers/label_text.h"
#include "locate/table_locator.h"
#include "mapping/title_text.h"
#include "normalise/units.h"

namespace bc {

namespace {

// YAML single-quoted scalar.
std::string quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

std::string without_spaces(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c != ' ' && c != '\t') out += c;
  }
  return out;
}

bool full_match(const std::string& text, const char* regex) {
  return std::regex_match(text, std::regex(regex));
}

bool contains(const std::string& text, const char* part) {
  return text.find(part) != std::string::npos;
}

// The header path of a column as a header pattern matching exactly that path.
std::string path_pattern(const ColumnHeader& h) {
  std::string out;
  for (const std::string& level : h.normalised_path) {
    if (!out.empty()) out += '/';
    out += literal_label_pattern(level);
  }
  return out;
}

// A key or measure of a shipped mapping whose header pattern matches a column.
struct Proposal {
  bool is_key = false;
  std::string name;  // key name or measure id
  const KeySpec* key = nullptr;
  const MeasureSpec* measure = nullptr;
  int tier = 0;            // 1 strict … 3 loose
  std::size_t levels = 0;  // levels of the pattern: more is more specific
  std::size_t uses = 0;    // how many shipped tables use this name with a matching pattern
};

struct Known {
  struct Entry {
    bool is_key;
    const KeySpec* key;
    const MeasureSpec* measure;
    const HeaderPattern* pattern;
    std::size_t levels;
  };
  std::vector<Entry> entries;
  std::vector<const TableSpec*> tables;
};

std::size_t pattern_levels(const std::string& source) {
  std::size_t n = 1, depth = 0;
  for (char c : source) {
    if (c == '(' || c == '[') ++depth;
    if ((c == ')' || c == ']') && depth) --depth;
    if (c == '/' && depth == 0) ++n;
  }
  return n;
}

Known collect_known(const MappingSet& set, const std::string& exclude) {
  Known k;
  for (const FamilySpec& f : set.families) {
    if (f.id == exclude) continue;
    for (const TableSpec& t : f.tables) {
      k.tables.push_back(&t);
      for (const BlockSpec& b : t.blocks) {
        for (const KeySpec& key : b.keys) {
          // Parts are recognised by their levels; group keys need their levels too.
          if (key.headers.size() != 1 || key.name == "group") continue;
          k.entries.push_back(
              {true, &key, nullptr, &key.headers[0], pattern_levels(key.headers[0].source())});
        }
        for (const MeasureSpec& m : b.measures)
          k.entries.push_back({false, nullptr, &m, &m.header, pattern_levels(m.header.source())});
      }
    }
  }
  return k;
}

std::optional<Proposal> best_proposal(const Known& known, const ColumnHeader& h) {
  const std::vector<std::string> lenient = HeaderPattern::lenient_path(h.normalised_path);
  std::map<std::pair<bool, std::string>, Proposal> by_name;
  for (const Known::Entry& e : known.entries) {
    const int tier = e.pattern->match_tier(h.normalised_path, lenient);
    if (tier == 0 || tier > 2) continue;
    const std::string name = e.is_key ? e.key->name : e.measure->id;
    Proposal& p = by_name[{e.is_key, name}];
    if (p.uses == 0 || tier < p.tier || (tier == p.tier && e.levels > p.levels)) {
      p.is_key = e.is_key;
      p.name = name;
      p.key = e.key;
      p.measure = e.measure;
      p.tier = tier;
      p.levels = e.levels;
    }
    ++p.uses;
  }
  std::optional<Proposal> best;
  for (auto& [_, p] : by_name) {
    if (!best || p.tier < best->tier || (p.tier == best->tier && p.levels > best->levels) ||
        (p.tier == best->tier && p.levels == best->levels && p.uses > best->uses))
      best = p;
  }
  return best;
}

// Keys recognised from the header text alone.
std::string key_from_header(const ColumnHeader& h) {
  const std::string& last = h.normalised_path.back();
  std::string all;
  for (const auto& l : h.normalised_path) all += l + "/";
  const bool code_part = full_match(last, "类|款|项");
  if (code_part || full_match(last, ".*(编码|代码|编号)")) {
    if (contains(all, "单位代码") || contains(all, "单位编码")) return "unit_code";
    if (contains(all, "项目编码") || contains(all, "项目代码")) return "skip";
    const bool econ = contains(all, "经济分类") || contains(all, "经济科目");
    if (econ && contains(all, "政府")) return "gov_econ_code";
    if (econ) return "econ_code";
    if (contains(all, "功能") || code_part) return "function_code";
    return "code";
  }
  if (full_match(last, ".*名称|项目(\\(.*\\))?|单位\\(科目名称\\)|.*科目(\\(.*\\))?"))
    return "label";
  if (full_match(last, "(项目)?(类型|类别)")) return "category";
  return "";
}

// The vocabulary measure whose Chinese label (or its last part) is this text,
// exactly, or after dropping a 财政拨款/拨款/收入 suffix, or as the end of a longer
// label (经营收入 → 事业单位经营收入).
std::string vocabulary_measure_for(const Vocabulary& v, const std::string& text) {
  const std::string label = normalise_label(strip_ordinal(text));
  if (label.empty()) return "";
  if (full_match(label, "(本年)?(收入|支出)?(合计|总计)"))
    return v.has_measure("total") ? "total" : "";
  std::string base = label;
  for (const char* p : {"其中:", "对"}) {
    const std::string prefix = p;
    if (base.rfind(prefix, 0) == 0 && base.size() > prefix.size() + 6)
      base = base.substr(prefix.size());
  }
  std::vector<std::string> forms = {base};
  for (const char* suffix :
       {"财政拨款收入", "财政拨款", "拨款收入", "拨款小计", "拨款", "小计", "支出"}) {
    const std::string suf = suffix;
    if (base.size() > suf.size() && base.compare(base.size() - suf.size(), suf.size(), suf) == 0) {
      forms.push_back(base.substr(0, base.size() - suf.size()));
      forms.push_back(base.substr(0, base.size() - suf.size()) + "预算");
    }
  }
  auto zh_forms = [](const VocabularyEntry& e) {
    std::vector<std::string> out;
    const std::string& zh = e.name_zh;
    const auto slash = zh.rfind('/');
    for (const std::string& alt : {zh, slash == std::string::npos ? zh : zh.substr(slash + 1)}) {
      std::string n = normalise_label(alt);
      if (n.rfind("其中:", 0) == 0) n = n.substr(std::string("其中:").size());
      if (!n.empty()) out.push_back(n);
    }
    return out;
  };
  for (const std::string& form : forms) {
    for (const VocabularyEntry& e : v.measures) {
      for (const std::string& n : zh_forms(e)) {
        if (n == form) return e.id;
      }
    }
  }
  if (label.size() >= 12) {  // four characters or more: 经营收入, 经营支出
    for (const VocabularyEntry& e : v.measures) {
      for (const std::string& n : zh_forms(e)) {
        if (n.size() > label.size() && n.compare(n.size() - label.size(), label.size(), label) == 0)
          return e.id;
      }
    }
  }
  return "";
}

// A generic last level (金额, 小计 …) takes its meaning from the level above it:
// 人员经费 / 金额 is basic.personnel, 本年支出 / 小计 is current_year_expenditure.
std::string vocabulary_measure_from_group(const Vocabulary& v, const ColumnHeader& h) {
  const auto& path = h.normalised_path;
  if (path.size() < 2 || !full_match(path.back(), "金额|小计|合计|预算数|决算数|数额|预算金额"))
    return "";
  return vocabulary_measure_for(v, path[path.size() - 2]);
}

std::string vocabulary_measure(const Vocabulary& v, const ColumnHeader& h) {
  return vocabulary_measure_for(v, h.normalised_path.back());
}

struct DraftKey {
  std::string name;
  std::vector<std::string> parts;  // header patterns
  const KeySpec* shipped = nullptr;
};

struct DraftMeasure {
  std::string id;  // empty: TODO
  std::string header;
  std::string unit;  // "", count, percent, text
  unsigned occurrence = 0;
  std::string label;  // the path as printed, for the TODO comment
};

struct DraftBlock {
  std::string side;
  std::string anchor;
  unsigned anchor_occurrence = 0;
  bool label_codes = false;
  std::vector<DraftKey> keys;
  std::vector<DraftMeasure> measures;
};

struct DraftTable {
  std::string code, title, kind, skip, signature, kind_note;
  std::vector<DraftBlock> blocks;
};

const TableSpec* shipped_table_for_title(const Known& known, const std::string& title) {
  const std::string t = normalise_label(title);
  const std::string variants[] = {t, strip_title_year_prefix(t), strip_title_bracket_suffix(t),
                                  strip_title_bracket_suffix(strip_title_year_prefix(t))};
  for (const TableSpec* spec : known.tables) {
    for (const LabelPattern& p : spec->titles) {
      for (const std::string& v : variants) {
        if (!v.empty() && p.matches(v)) return spec;
      }
    }
  }
  return nullptr;
}

std::string kind_from_title(const Vocabulary& v, const std::string& title, bool final_stage) {
  struct Rule {
    const char* word;
    const char* budget;
    const char* final;
  };
  static const Rule rules[] = {
      {"绩效自评", "project_performance_self_evaluation", "project_performance_self_evaluation"},
      {"整体.*绩效", "perf_dept_overall", "perf_dept_overall"},
      {"绩效", "perf_project", "perf_project"},
      {"三公", "three_public", "final_three_public"},
      {"国有资产", "state_assets", "state_assets"},
      {"基本支出", "gpb_basic_by_econ", "gpb_basic_by_econ"},
      {"政府性基金", "gov_fund_expenditure", "final_gov_fund"},
      {"国有资本", "soe_capital_expenditure", "soe_capital_expenditure"},
      {"财政拨款收(入)?支", "fiscal_appropriation_summary", "final_fiscal_appropriation_summary"},
      {"收(入)?支", "summary_income_expenditure", "final_summary_income_expenditure"},
      {"一般公共预算", "gpb_expenditure_by_function", "gpb_expenditure_by_function"},
      {"收入", "income_by_source", "final_income"},
      {"项目支出", "project_expenditure", "project_expenditure"},
      {"支出", "expenditure_by_kind", "final_expenditure"},
  };
  const std::string t = normalise_label(title);
  for (const Rule& r : rules) {
    if (!std::regex_search(t, std::regex(r.word))) continue;
    const std::string id = final_stage ? r.final : r.budget;
    if (v.has_table_kind(id)) return id;
  }
  return "";
}

// A draft recognises a performance form and skips it: its `form:` entry (the
// labels of its fields, its columns and levels) is written by an author.
const char* const kFormNotDrafted =
    "a performance form: write its form: entry by hand (docs/mapping-language.md, "
    "Performance forms)";

DraftTable draft_table(const Sheet& sheet, const TableRegion& region, const Known& known,
                       const Vocabulary& vocabulary, bool final_stage) {
  DraftTable out;
  out.code = without_spaces(region.code.value);
  out.title = region.title();
  const TableSpec* shipped = shipped_table_for_title(known, out.title);
  if (shipped) {
    out.kind = shipped->kind;
    if (shipped->skip) out.skip = shipped->skip_reason;
    if (shipped->form) out.skip = kFormNotDrafted;
  } else {
    out.kind = kind_from_title(vocabulary, out.title, final_stage);
    if (out.kind.empty()) {
      out.kind = "summary_income_expenditure";
      out.kind_note = "TODO: no table kind guessed from the title; choose one";
    }
    if (contains(out.kind, "perf") || out.kind == "project_performance_self_evaluation")
      out.skip = kFormNotDrafted;
  }
  std::vector<ColumnHeader> headers = flatten_headers(sheet, region);
  // A blank template's grids stacked under one title (Henan YS07) run their header
  // bands together: a path that ends in a level it already had is cut there.
  for (ColumnHeader& h : headers) {
    auto& p = h.normalised_path;
    if (p.size() < 3) continue;
    for (std::size_t i = 0; i + 2 < p.size(); ++i) {
      if (p[i] == p.back()) {
        p.resize(i + 1);
        if (h.path.size() > i + 1) h.path.resize(i + 1);
        break;
      }
    }
  }
  for (const ColumnHeader& h : headers) out.signature += h.label() + "|";
  if (!out.skip.empty()) return out;

  // Classify the columns; a key column after a value column opens a new block.
  struct Col {
    const ColumnHeader* h;
    std::string key;  // key name, or empty for a value column
    std::optional<Proposal> proposal;
  };
  std::vector<Col> cols;
  for (const ColumnHeader& h : headers) {
    if (h.structure || h.normalised_path.empty()) continue;
    Col c{&h, "", best_proposal(known, h)};
    const std::string by_header = key_from_header(h);
    if (by_header == "skip") continue;  // project codes: text, neither key nor amount
    // The header says which scheme a code column holds: that beats a proposal.
    if (by_header == "econ_code" || by_header == "gov_econ_code" || by_header == "unit_code") {
      c.key = by_header;
      cols.push_back(c);
      continue;
    }
    if (c.proposal && c.proposal->is_key)
      c.key = c.proposal->name;
    else if (!by_header.empty() && !(c.proposal && c.proposal->tier == 1))
      c.key = by_header;
    cols.push_back(c);
  }
  std::vector<std::vector<const Col*>> segments;
  bool last_was_value = true;
  for (const Col& c : cols) {
    const bool is_key = !c.key.empty();
    if (segments.empty() || (is_key && last_was_value)) segments.emplace_back();
    segments.back().push_back(&c);
    last_was_value = !is_key;
  }
  for (const auto& seg : segments) {
    DraftBlock block;
    if (segments.size() > 1) {
      const ColumnHeader& first = *seg.front()->h;
      block.anchor = path_pattern(first);
      const HeaderPattern anchor(block.anchor);
      unsigned seen = 0, index = 0;
      for (const ColumnHeader& h : headers) {
        if (!anchor.matches(h.normalised_path)) continue;
        ++seen;
        if (h.col == first.col) index = seen;
      }
      if (seen > 1) block.anchor_occurrence = index;
      const std::string& top = first.normalised_path.front();
      if (full_match(top, "收入.*")) block.side = "income";
      if (full_match(top, "支出.*")) block.side = "expenditure";
    }
    std::set<std::string> key_names;
    for (std::size_t i = 0; i < seg.size(); ++i) {
      const Col& c = *seg[i];
      if (c.key.empty()) continue;
      const std::string& last = c.h->normalised_path.back();
      if (c.key.find("code") != std::string::npos && full_match(last, "类|款|项")) {
        // Split code columns: one key with parts, 类 first.
        if (last != "类") continue;
        DraftKey k{c.key, {path_pattern(*c.h)}, nullptr};
        for (std::size_t j = i + 1; j < seg.size() && seg[j]->key == c.key &&
                                    full_match(seg[j]->h->normalised_path.back(), "款|项");
             ++j)
          k.parts.push_back(path_pattern(*seg[j]->h));
        if (!key_names.insert(k.name).second) continue;
        block.keys.push_back(k);
        continue;
      }
      if (!key_names.insert(c.key).second) continue;
      DraftKey k{c.key, {path_pattern(*c.h)}, c.proposal ? c.proposal->key : nullptr};
      block.keys.push_back(k);
    }
    if (block.side == "expenditure" &&
        std::none_of(block.keys.begin(), block.keys.end(),
                     [](const DraftKey& k) { return k.name.find("code") != std::string::npos; }))
      block.label_codes = true;
    std::map<std::string, unsigned> header_uses;
    for (const Col* c : seg) {
      if (!c->key.empty()) continue;
      DraftMeasure m;
      m.header = path_pattern(*c->h);
      m.label = c->h->label();
      const std::string from_group = vocabulary_measure_from_group(vocabulary, *c->h);
      if (!from_group.empty() && !(c->proposal && !c->proposal->is_key && c->proposal->tier == 1 &&
                                   c->proposal->levels > 1)) {
        m.id = from_group;
      } else if (c->proposal && !c->proposal->is_key) {
        m.id = c->proposal->name;
        switch (c->proposal->measure->unit) {
          case MeasureUnit::Count:
            m.unit = "count";
            break;
          case MeasureUnit::Percent:
            m.unit = "percent";
            break;
          case MeasureUnit::Text:
            m.unit = "text";
            break;
          case MeasureUnit::Money:
            break;
        }
      } else {
        m.id = vocabulary_measure(vocabulary, *c->h);
      }
      block.measures.push_back(m);
    }
    // Identical paths within a block: number them.
    for (DraftMeasure& m : block.measures) ++header_uses[m.header];
    std::map<std::string, unsigned> nth;
    for (DraftMeasure& m : block.measures) {
      if (header_uses[m.header] > 1) m.occurrence = ++nth[m.header];
    }
    out.blocks.push_back(block);
  }
  return out;
}

void write_keys(std::ostream& os, const std::vector<DraftKey>& keys, const std::string& indent) {
  os << indent << "keys:\n";
  for (const DraftKey& k : keys) {
    os << indent << "  " << k.name << ": ";
    if (k.parts.size() > 1) {
      os << "{parts: [";
      for (std::size_t i = 0; i < k.parts.size(); ++i) os << (i ? ", " : "") << quoted(k.parts[i]);
      os << "]}\n";
    } else if (k.shipped && (k.shipped->value_matches || k.shipped->fill_down ||
                             k.shipped->scheme != CodeScheme::Auto || k.name == "code")) {
      os << "{header: " << quoted(k.parts[0]);
      if (k.shipped->fill_down) os << ", fill_down: true";
      if (k.shipped->value_matches)
        os << ", matches: " << quoted(k.shipped->value_matches->source());
      if (k.name == "code") os << ", scheme: auto";
      os << "}\n";
    } else if (k.name == "code") {
      os << "{header: " << quoted(k.parts[0]) << ", scheme: auto}\n";
    } else {
      os << quoted(k.parts[0]) << "\n";
    }
  }
}

void write_measures(std::ostream& os, const std::vector<DraftMeasure>& measures,
                    const std::string& indent, DraftStats& stats) {
  const bool none = std::all_of(measures.begin(), measures.end(),
                                [](const DraftMeasure& m) { return m.id.empty(); });
  os << indent << "measures:" << (none ? " []" : "") << "\n";
  for (const DraftMeasure& m : measures) {
    std::ostringstream line;
    line << "- {id: " << (m.id.empty() ? "TODO" : m.id) << ", header: " << quoted(m.header);
    if (m.occurrence) line << ", occurrence: " << m.occurrence;
    if (!m.unit.empty()) line << ", unit: " << m.unit;
    line << "}";
    if (m.id.empty()) {
      ++stats.todo;
      os << indent << "  # " << line.str() << "  # TODO: no vocabulary id for '" << m.label
         << "' (its values are kept with an empty measure)\n";
    } else {
      ++stats.measures;
      os << indent << "  " << line.str() << "\n";
    }
  }
}

}  // namespace

std::string literal_label_pattern(const std::string& label) {
  std::string out;
  for (char c : normalise_label(label)) {
    if (std::string("\\^$.|?*+()[]{}").find(c) != std::string::npos) out += '\\';
    out += c == '/' ? '.' : c;
  }
  return out;
}

std::string draft_mapping(Workbook& workbook, const MappingSet& known_set,
                          const DraftOptions& options, DraftStats* stats_out) {
  DraftStats stats;
  const Known known = collect_known(known_set, options.exclude_family);
  // First pass: titles and units decide stage and default unit.
  std::vector<Sheet> sheets;
  const WorkbookInfo& info = workbook.info();
  for (std::size_t i = 0; i < info.sheets.size(); ++i) sheets.push_back(workbook.read_sheet(i));
  LocateOptions locate;
  locate.require_heading = info.format == InputFormat::Text;
  for (const FamilySpec& f : known_set.families) locate.heading_lines.append(f.heading_lines);
  std::vector<std::vector<TableRegion>> regions;
  bool final_stage = false;
  std::map<std::string, int> units;
  for (const Sheet& s : sheets) {
    regions.push_back(locate_tables(s, locate));
    for (const TableRegion& t : regions.back()) {
      if (contains(t.title(), "决算")) final_stage = true;
      if (!t.unit.value.empty() && !t.unit_not_money && money_unit(t.unit.value))
        ++units[t.unit.value];
    }
  }
  std::string stage = options.stage.empty() ? (final_stage ? "final" : "budget") : options.stage;
  std::string unit = options.default_unit;
  if (unit.empty()) {
    int best = 0;
    for (const auto& [u, n] : units) {
      if (n > best) best = n, unit = u;
    }
    if (unit.empty()) unit = "万元";
  }

  std::vector<DraftTable> tables;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < sheets.size(); ++i) {
    for (const TableRegion& t : regions[i]) {
      if (!t.has_header && t.title().empty()) continue;
      DraftTable d = draft_table(sheets[i], t, known, known_set.vocabulary, stage == "final");
      if (!seen.insert(d.code + "#" + d.title + "#" + d.signature).second) continue;
      tables.push_back(std::move(d));
    }
  }

  std::ostringstream os;
  os << "# Drafted by `budgetconv mappings draft` from a sample workbook. Check every entry:\n"
        "# the kinds, the keys, the measure ids (lines marked TODO have none yet), and add\n"
        "# the summary-line items, total_rows and count_rows the tables need\n"
        "# (docs/mapping-language.md). Then `budgetconv mappings check`.\n";
  os << "family: " << options.family << "\n";
  os << "name: " << quoted(options.name.empty() ? options.family : options.name) << "\n";
  os << "stage: " << stage << "\n";
  os << "default_unit: " << unit << "\n";
  if (!options.reference_layout.empty())
    os << "reference_layout: " << quoted(options.reference_layout) << "\n";
  os << "\ntables:\n";
  for (const DraftTable& t : tables) {
    ++stats.tables;
    os << "  - ";
    if (!t.code.empty()) os << "code: " << quoted(t.code) << "\n    ";
    os << "kind: " << t.kind << (t.kind_note.empty() ? "" : "  # " + t.kind_note) << "\n";
    os << "    titles: [" << quoted(literal_label_pattern(t.title)) << "]\n";
    if (!t.skip.empty()) {
      ++stats.skipped_tables;
      os << "    skip: " << quoted(t.skip) << "\n\n";
      continue;
    }
    bool any_measure = false;
    for (const DraftBlock& b : t.blocks) {
      for (const DraftMeasure& m : b.measures) any_measure = any_measure || !m.id.empty();
    }
    if (!any_measure) {
      // Nothing to bind yet: the entry recognises the table and skips it, so the
      // draft still loads; the columns are listed for the author.
      ++stats.skipped_tables;
      os << "    skip: 'TODO: no column of this table has a vocabulary id yet'\n";
      for (const DraftBlock& b : t.blocks) {
        for (const DraftMeasure& m : b.measures) {
          ++stats.todo;
          os << "    # TODO: column '" << m.label << "'\n";
        }
      }
      os << "\n";
      continue;
    }
    if (t.blocks.size() == 1 && t.blocks[0].anchor.empty()) {
      if (!t.blocks[0].keys.empty()) write_keys(os, t.blocks[0].keys, "    ");
      write_measures(os, t.blocks[0].measures, "    ", stats);
    } else {
      os << "    blocks:\n";
      for (const DraftBlock& b : t.blocks) {
        os << "      - ";
        if (!b.side.empty()) os << "side: " << b.side << "\n        ";
        os << "anchor: " << quoted(b.anchor) << "\n";
        if (b.anchor_occurrence) os << "        occurrence: " << b.anchor_occurrence << "\n";
        if (b.label_codes) os << "        label_codes: function\n";
        if (!b.keys.empty()) write_keys(os, b.keys, "        ");
        write_measures(os, b.measures, "        ", stats);
      }
    }
    os << "\n";
  }
  if (stats_out) *stats_out = stats;
  return os.str();
}

}  // namespace bc
