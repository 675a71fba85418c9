#include "validate/validator.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include "core/address.h"
#include "normalise/units.h"

namespace bc {

namespace {

// One money fact with everything a check needs.
struct Cell {
  const Fact* fact = nullptr;
  std::size_t order = 0;  // position in the input, for reading order
  std::size_t table = 0;  // table instance
  std::uint32_t row = 0;
  std::uint32_t col = 0;
  Decimal yuan;
  int power = 0;  // the table's unit: yuan = raw * 10^power
};

struct Term {
  const Cell* cell;
  bool negate;
};

std::string field(const Cell& c, FactField f) { return fact_field_value(*c.fact, f); }

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

std::string format_amount(const Decimal& d) {
  return d.scale() <= 2 ? d.to_fixed(2) : d.to_string();
}

std::string quoted_sheet(const std::string& sheet) {
  std::string out = "'";
  for (char c : sheet) out += (c == '\'') ? std::string("''") : std::string(1, c);
  return out + "'";
}

std::string cell_name(const Cell& c, const Cell& anchor) {
  const std::string a = a1(c.row, c.col);
  return c.fact->source_sheet == anchor.fact->source_sheet
             ? a
             : quoted_sheet(c.fact->source_sheet) + "!" + a;
}

// Codes nest by prefix (208 > 20805 > 2080505). Longer texts are not codes
// of any classification; they are kept out so a hostile cell cannot make the
// prefix search quadratic.
constexpr std::size_t kMaxCodeLength = 40;

bool nestable(const std::string& code) { return !code.empty() && code.size() <= kMaxCodeLength; }

// The longest proper prefix of `code` in `codes`, or "" when there is none.
std::string parent_code(const std::string& code, const std::set<std::string>& codes) {
  for (std::size_t len = code.size(); len-- > 1;) {
    std::string prefix = code.substr(0, len);
    if (codes.count(prefix)) return prefix;
  }
  return {};
}

// Cells of the top level of a code field: those whose code has no proper
// prefix among the others of the same table. Cells without a code stay.
std::vector<const Cell*> top_level(const std::vector<const Cell*>& cells, FactField key) {
  std::map<std::size_t, std::set<std::string>> codes;  // by table
  for (const Cell* c : cells) {
    std::string code = field(*c, key);
    if (nestable(code)) codes[c->table].insert(std::move(code));
  }
  std::vector<const Cell*> out;
  for (const Cell* c : cells) {
    const std::string code = field(*c, key);
    if (!nestable(code) || parent_code(code, codes[c->table]).empty()) out.push_back(c);
  }
  return out;
}

class DocumentValidator {
 public:
  // `empty_tables`: tables found and recognised but printing no amount
  // (本表无数据); their cells are blank, not missing.
  // `numbers`: the numbers read from text facts (target_number: scores,
  // indicator values), which only limit rules compare.
  DocumentValidator(std::vector<Cell> cells, std::vector<Cell> numbers,
                    std::vector<Fact> empty_tables, const RuleSet& rules, ValidationReport& report)
      : cells_(std::move(cells)),
        numbers_(std::move(numbers)),
        empty_tables_(std::move(empty_tables)),
        rules_(rules),
        report_(report) {}

  void run() {
    for (const FamilyRules& family : rules_.families) {
      family_ = &family;
      std::vector<const Cell*> mine;
      for (const Cell& c : cells_) {
        if (c.fact->template_id == family.family) mine.push_back(&c);
      }
      if (mine.empty()) continue;
      for (const Rule& rule : family.rules) {
        rule_ = &rule;
        switch (rule.type) {
          case RuleType::Row:
            run_row(mine);
            break;
          case RuleType::Column:
          case RuleType::Hierarchy:
          case RuleType::Outline:
            run_grouped(mine);
            break;
          case RuleType::Sum:
            run_sum(mine);
            break;
          case RuleType::Limit:
            run_limit(family);
            break;
        }
      }
    }
  }

 private:
  // --- comparing ------------------------------------------------------------

  Decimal per_term(const Cell& c) const {
    Decimal in_unit;
    if (rule_->tolerance) {
      in_unit = *rule_->tolerance;
    } else if (auto it = family_->tolerance.find(c.fact->raw_unit);
               it != family_->tolerance.end()) {
      in_unit = it->second;
    } else {
      in_unit = c.power > 0 ? *Decimal::parse("0.01") : Decimal::from_int(0);
    }
    return in_unit.scaled_by_power_of_ten(c.power).value_or(Decimal::from_int(0));
  }

  std::string in_unit(const Decimal& yuan, const Cell& anchor) const {
    auto d = yuan.scaled_by_power_of_ten(-anchor.power);
    return d ? format_amount(*d) : yuan.to_string();
  }

  Finding base(const Cell& anchor) const {
    Finding f;
    f.source_file = anchor.fact->source_file;
    f.source_sheet = anchor.fact->source_sheet;
    f.table_code = anchor.fact->table_code;
    f.rule_id = rule_->id;
    f.unit = anchor.fact->raw_unit.empty() ? "元" : anchor.fact->raw_unit;
    return f;
  }

  void add(Finding f, const Cell& anchor) {
    order_.emplace_back(anchor.order, rule_index(), report_.findings.size());
    report_.findings.push_back(std::move(f));
  }

  std::size_t rule_index() const {
    std::size_t i = 0;
    for (const FamilyRules& fam : rules_.families) {
      for (const Rule& r : fam.rules) {
        if (&r == rule_) return i;
        ++i;
      }
    }
    return i;
  }

  std::string what() const {
    return rule_->description.empty() ? describe_rule(*rule_) : rule_->description;
  }

  void inapplicable(const Cell& anchor, const std::string& why) {
    ++report_.counts.inapplicable;
    Finding f = base(anchor);
    f.cells = a1(anchor.row, anchor.col);
    f.actual = in_unit(anchor.yuan, anchor);
    f.severity = Severity::Info;
    f.message = "not checked: " + why + " (" + what() + ")";
    add(std::move(f), anchor);
  }

  // A total and its parts: parts with no cell at all make the check
  // inapplicable unless the total is zero (nothing to add up).
  void check(const Cell& total, std::vector<Term> parts, const std::string& parts_name) {
    std::sort(parts.begin(), parts.end(),
              [](const Term& a, const Term& b) { return a.cell->order < b.cell->order; });
    parts.erase(std::unique(parts.begin(), parts.end(),
                            [](const Term& a, const Term& b) { return a.cell == b.cell; }),
                parts.end());
    if (parts.empty()) {
      if (!total.yuan.is_zero()) inapplicable(total, "no cell found for " + parts_name);
      return;
    }
    Decimal expected = Decimal::from_int(0);
    Decimal tolerance_step = per_term(total);
    for (const Term& t : parts) {
      auto sum = t.negate ? expected.subtract(t.cell->yuan) : expected.add(t.cell->yuan);
      if (!sum) {
        inapplicable(total, "the sum overflows");
        return;
      }
      expected = *sum;
      const Decimal step = per_term(*t.cell);
      if (step.compare(tolerance_step) > 0) tolerance_step = step;
    }
    Decimal tolerance = Decimal::from_int(0);
    for (std::size_t i = 0; i < parts.size(); ++i)
      tolerance = tolerance.add(tolerance_step).value_or(tolerance);
    auto difference = total.yuan.subtract(expected);
    if (!difference) {
      inapplicable(total, "the difference overflows");
      return;
    }
    ++report_.counts.checked;
    if (difference->is_zero()) {
      ++report_.counts.passed;
      return;
    }
    const bool within = difference->abs().compare(tolerance) <= 0;
    Finding f = base(total);
    f.severity = within ? Severity::Warning : Severity::Error;
    (within ? report_.counts.warnings : report_.counts.errors) += 1;
    f.cells = cell_name(total, total) + "=";
    for (std::size_t i = 0; i < parts.size(); ++i) {
      f.cells += (i == 0 ? (parts[i].negate ? "-" : "") : (parts[i].negate ? "-" : "+")) +
                 cell_name(*parts[i].cell, total);
    }
    f.expected = in_unit(expected, total);
    f.actual = in_unit(total.yuan, total);
    f.difference = in_unit(*difference, total);
    f.tolerance = in_unit(tolerance, total);
    const std::string label =
        total.fact->row_label.empty() ? std::string() : " '" + total.fact->row_label + "'";
    f.message = what() + ": " + total.fact->measure + label + " is " + f.actual + " but " +
                parts_name + " (" + std::to_string(parts.size()) + " cell" +
                (parts.size() == 1 ? "" : "s") + ") add up to " + f.expected +
                (within ? "; within the rounding tolerance " : "; beyond the tolerance ") +
                f.tolerance + " " + f.unit;
    add(std::move(f), total);
  }

  // --- limit ----------------------------------------------------------------

  // Within one row, the value measure never exceeds the limit measure (得分 ≤
  // 分值). A row with only one of the two is not checked.
  void run_limit(const FamilyRules& family) {
    const Rule& r = *rule_;
    std::map<std::pair<std::size_t, std::uint32_t>, std::pair<const Cell*, const Cell*>> rows;
    for (const std::vector<Cell>* cells : {&cells_, &numbers_}) {
      for (const Cell& c : *cells) {
        if (c.fact->template_id != family.family || !r.applies_to_table(*c.fact) ||
            !r.where.matches(*c.fact))
          continue;
        auto& slot = rows[{c.table, c.row}];
        if (c.fact->measure == r.limit_value.measure) slot.first = &c;
        if (c.fact->measure == r.limit_bound.measure) slot.second = &c;
      }
    }
    for (const auto& [key, pair] : rows) {
      const auto [value, bound] = pair;
      if (!value || !bound) continue;
      ++report_.counts.checked;
      if (value->yuan.compare(bound->yuan) <= 0) {
        ++report_.counts.passed;
        continue;
      }
      ++report_.counts.errors;
      Finding f = base(*value);
      f.severity = Severity::Error;
      f.cells = cell_name(*value, *value) + "<=" + cell_name(*bound, *value);
      f.expected = "<= " + in_unit(bound->yuan, *value);
      f.actual = in_unit(value->yuan, *value);
      f.difference = in_unit(*value->yuan.subtract(bound->yuan), *value);
      f.tolerance = "0";
      const std::string label =
          value->fact->row_label.empty() ? std::string() : " '" + value->fact->row_label + "'";
      f.message = what() + ": " + value->fact->measure + label + " is " + f.actual +
                  ", above its " + bound->fact->measure + " " + in_unit(bound->yuan, *value);
      add(std::move(f), *value);
    }
  }

  // --- row ------------------------------------------------------------------

  void run_row(const std::vector<const Cell*>& mine) {
    const Rule& r = *rule_;
    std::map<std::tuple<std::size_t, std::uint32_t, std::string>, std::vector<const Cell*>> rows;
    for (const Cell* c : mine) {
      if (r.applies_to_table(*c->fact) && r.where.matches(*c->fact))
        rows[{c->table, c->row, c->fact->side}].push_back(c);
    }
    bool explicit_period = r.row_total.period.has_value();
    for (const auto& t : r.row_parts) explicit_period = explicit_period || t.period.has_value();
    for (const auto& [key, cells] : rows) {
      std::set<std::string> periods;
      if (explicit_period) {
        periods.insert("");
      } else {
        for (const Cell* c : cells) periods.insert(c->fact->period);
      }
      for (const std::string& period : periods) {
        auto find = [&](const MeasureTerm& t, bool& ambiguous) -> const Cell* {
          const std::string p = t.period.value_or(period);
          const Cell* found = nullptr;
          for (const Cell* c : cells) {
            if (c->fact->measure == t.measure && c->fact->period == p) {
              if (found) ambiguous = true;
              found = c;
            }
          }
          return found;
        };
        bool ambiguous = false;
        const Cell* total = find(r.row_total, ambiguous);
        std::vector<Term> parts;
        for (const MeasureTerm& t : r.row_parts) {
          if (const Cell* c = find(t, ambiguous)) parts.push_back(Term{c, t.negate});
        }
        if (!total) {
          // A blank total over parts that add up to nothing says nothing wrong.
          Decimal sum = Decimal::from_int(0);
          for (const Term& t : parts) {
            sum = (t.negate ? sum.subtract(t.cell->yuan) : sum.add(t.cell->yuan)).value_or(sum);
          }
          if (!sum.is_zero())
            inapplicable(*parts.front().cell, "the row has no " + r.row_total.measure + " cell");
          continue;
        }
        if (ambiguous) {
          inapplicable(*total, "a measure appears twice in the row");
          continue;
        }
        std::string names;
        for (const MeasureTerm& t : r.row_parts)
          names += (names.empty() ? "" : (t.negate ? " - " : " + ")) + t.measure;
        check(*total, std::move(parts), names);
      }
    }
  }

  // --- column, hierarchy, outline ------------------------------------------

  void run_grouped(const std::vector<const Cell*>& mine) {
    const Rule& r = *rule_;
    std::map<std::vector<std::string>, std::vector<const Cell*>> partitions;
    for (const Cell* c : mine) {
      if (!r.applies_to_table(*c->fact) || !r.where.matches(*c->fact)) continue;
      std::vector<std::string> key = {std::to_string(c->table), c->fact->period, c->fact->side};
      for (FactField f : r.within) key.push_back(field(*c, f));
      partitions[key].push_back(c);
    }
    for (const auto& [key, cells] : partitions) {
      std::map<std::uint32_t, std::vector<const Cell*>> columns;
      for (const Cell* c : cells) {
        if (r.measures.empty() ||
            std::find(r.measures.begin(), r.measures.end(), c->fact->measure) != r.measures.end()) {
          columns[c->col].push_back(c);
        }
      }
      for (auto& [col, column] : columns) {
        std::sort(column.begin(), column.end(),
                  [](const Cell* a, const Cell* b) { return a->row < b->row; });
        if (r.type == RuleType::Column) check_column(column);
        if (r.type == RuleType::Hierarchy) check_hierarchy(cells, column);
        if (r.type == RuleType::Outline) check_outline(column);
      }
    }
  }

  void check_column(const std::vector<const Cell*>& column) {
    const Rule& r = *rule_;
    std::vector<const Cell*> totals, parts;
    for (const Cell* c : column) {
      if (r.total_rows.matches(*c->fact)) totals.push_back(c);
    }
    for (const Cell* c : column) {
      if (std::find(totals.begin(), totals.end(), c) == totals.end() &&
          r.part_rows.matches(*c->fact))
        parts.push_back(c);
    }
    if (r.top) parts = top_level(parts, *r.top);
    for (const Cell* t : totals) {
      std::vector<Term> terms;
      for (const Cell* p : parts) terms.push_back(Term{p, false});
      check(*t, std::move(terms), "the rows {" + r.part_rows.describe() + "}");
    }
  }

  void check_hierarchy(const std::vector<const Cell*>& partition,
                       const std::vector<const Cell*>& column) {
    const FactField key = rule_->key;
    // The structure comes from every row of the partition, the amounts from
    // this column: a child row blank in this column adds nothing.
    std::set<std::string> codes;
    for (const Cell* c : partition) {
      std::string code = field(*c, key);
      if (nestable(code)) codes.insert(std::move(code));
    }
    std::map<std::string, std::set<std::string>> children;
    for (const std::string& c : codes) {
      std::string parent = parent_code(c, codes);
      if (!parent.empty()) children[parent].insert(c);
    }
    std::map<std::string, std::vector<const Cell*>> by_code;
    for (const Cell* c : column) by_code[field(*c, key)].push_back(c);
    for (const Cell* parent : column) {
      const std::string code = field(*parent, key);
      auto kids = children.find(code);
      if (code.empty() || kids == children.end()) continue;
      std::vector<Term> terms;
      for (const std::string& child : kids->second) {
        if (auto it = by_code.find(child); it != by_code.end()) {
          for (const Cell* c : it->second) terms.push_back(Term{c, false});
        }
      }
      check(*parent, std::move(terms),
            "the rows under " + std::string(fact_field_name(key)) + " " + code);
    }
  }

  void check_outline(const std::vector<const Cell*>& column) {
    const auto& levels = rule_->levels;
    std::vector<std::size_t> level(column.size(), levels.size());
    for (std::size_t i = 0; i < column.size(); ++i) {
      for (std::size_t l = 0; l < levels.size(); ++l) {
        if (levels[l].matches(*column[i]->fact)) {
          level[i] = l;
          break;
        }
      }
    }
    for (std::size_t i = 0; i < column.size(); ++i) {
      if (level[i] == levels.size()) continue;
      std::size_t end = i + 1;
      std::size_t next = levels.size() + 1;
      while (end < column.size() && level[end] > level[i]) {
        next = std::min(next, level[end]);
        ++end;
      }
      if (end == i + 1) continue;
      std::vector<Term> terms;
      for (std::size_t j = i + 1; j < end; ++j) {
        if (level[j] == next) terms.push_back(Term{column[j], false});
      }
      check(*column[i], std::move(terms), "the rows below it");
    }
  }

  // --- sum ----------------------------------------------------------------

  static bool same_document_part(const Cell& total, const Cell& part) {
    const Fact& a = *total.fact;
    const Fact& b = *part.fact;
    if (!a.department.empty() && !b.department.empty() && a.department != b.department)
      return false;
    if (!a.fiscal_year.empty() && !b.fiscal_year.empty() && a.fiscal_year != b.fiscal_year)
      return false;
    return true;
  }

  // Whether the table a reference reads (its table_code / table_kind
  // conditions) has any money cell in the document.
  bool table_present(const CellRef& ref, const std::vector<const Cell*>& mine) const {
    Selector table;
    for (const auto& [f, m] : ref.selector.conditions) {
      if (f == FactField::Table || f == FactField::Kind) table.conditions.emplace_back(f, m);
    }
    if (std::any_of(mine.begin(), mine.end(),
                    [&](const Cell* c) { return table.matches(*c->fact); }))
      return true;
    return std::any_of(empty_tables_.begin(), empty_tables_.end(), [&](const Fact& t) {
      return t.template_id == family_->family && table.matches(t);
    });
  }

  void run_sum(const std::vector<const Cell*>& mine) {
    const Rule& r = *rule_;
    std::vector<const Cell*> totals;
    for (const Cell* c : mine) {
      if (r.sum_total.selector.matches(*c->fact)) totals.push_back(c);
    }
    if (totals.empty()) {
      for (const CellRef& ref : r.sum_parts) {
        for (const Cell* c : mine) {
          if (ref.selector.matches(*c->fact)) {
            inapplicable(*c, "no total cell {" + r.sum_total.selector.describe() + "}");
            return;
          }
        }
      }
      return;
    }
    // Each reference is resolved once; per total only the match keys filter.
    std::vector<std::vector<const Cell*>> candidates(r.sum_parts.size());
    std::vector<bool> present(r.sum_parts.size());
    std::vector<std::string> refs;
    for (std::size_t i = 0; i < r.sum_parts.size(); ++i) {
      const CellRef& ref = r.sum_parts[i];
      refs.push_back("{" + ref.selector.describe() + "}");
      present[i] = table_present(ref, mine);
      for (const Cell* c : mine) {
        if (ref.selector.matches(*c->fact)) candidates[i].push_back(c);
      }
    }
    for (const Cell* total : totals) {
      // The total's values of the match fields; empty ones are not compared.
      std::vector<std::pair<FactField, std::string>> keys;
      std::optional<FactField> top_key;
      std::string name = "the cells";
      for (FactField f : r.match) {
        std::string v = field(*total, f);
        if (v.empty()) continue;
        if (!top_key && is_code_field(f)) top_key = f;
        name += std::string(keys.empty() ? " of " : " and ") + fact_field_name(f) + " " + v;
        keys.emplace_back(f, std::move(v));
      }
      if (!r.match.empty() && keys.empty()) continue;
      std::vector<Term> terms;
      std::string absent;
      for (std::size_t i = 0; i < r.sum_parts.size(); ++i) {
        const CellRef& ref = r.sum_parts[i];
        if (!present[i]) absent = refs[i];
        std::vector<const Cell*> selected;
        for (const Cell* c : candidates[i]) {
          if (c == total || !same_document_part(*total, *c)) continue;
          bool same = std::all_of(keys.begin(), keys.end(), [&](const auto& k) {
            const std::string v = field(*c, k.first);
            return is_code_field(k.first) ? starts_with(v, k.second) : v == k.second;
          });
          if (same) selected.push_back(c);
        }
        std::optional<FactField> top = ref.top ? ref.top : top_key;
        if (top) selected = top_level(selected, *top);
        for (const Cell* c : selected) terms.push_back(Term{c, ref.negate});
      }
      if (!absent.empty()) {
        // A part's table was not converted: its blanks are unknown, not zero.
        inapplicable(*total, "the table of " + absent + " has no cells in this document");
        continue;
      }
      if (r.match.empty()) {
        name = "";
        for (const auto& s : refs) name += (name.empty() ? "" : " + ") + s;
      }
      check(*total, std::move(terms), name);
    }
  }

  std::vector<Cell> cells_;
  std::vector<Cell> numbers_;
  std::vector<Fact> empty_tables_;
  const RuleSet& rules_;
  ValidationReport& report_;
  const FamilyRules* family_ = nullptr;
  const Rule* rule_ = nullptr;

 public:
  std::vector<std::tuple<std::size_t, std::size_t, std::size_t>> order_;
};

struct Region {
  std::string sheet;
  RangeAddress range;
};

}  // namespace

void ValidationReport::append(ValidationReport&& other) {
  for (auto& f : other.findings) findings.push_back(std::move(f));
  counts.checked += other.counts.checked;
  counts.passed += other.counts.passed;
  counts.errors += other.counts.errors;
  counts.warnings += other.counts.warnings;
  counts.inapplicable += other.counts.inapplicable;
}

ValidationReport validate_facts(const std::vector<Fact>& facts,
                                const std::vector<TableOutcome>& tables, const RuleSet& rules) {
  std::vector<Region> regions;
  std::vector<Fact> empty_tables;  // only table_code, table_kind and template_id are set
  for (const TableOutcome& t : tables) {
    if (t.status == TableStatus::Empty) {
      Fact f;
      f.template_id = t.template_id;
      f.table_code = t.table_code;
      f.table_kind = t.table_kind;
      empty_tables.push_back(std::move(f));
    }
    if (t.status != TableStatus::Converted) continue;
    if (auto range = parse_range(t.range)) regions.push_back(Region{t.sheet, *range});
  }
  // Facts by source file, in order of first appearance.
  std::vector<std::string> files;
  std::map<std::string, std::vector<Cell>> by_file;
  std::map<std::string, std::vector<Cell>> numbers_by_file;
  std::map<std::string, std::size_t> table_ids;
  for (std::size_t i = 0; i < facts.size(); ++i) {
    const Fact& f = facts[i];
    const bool number = f.unit == "text" && !f.target_number.empty();
    if (f.unit != "CNY" && !number) continue;
    auto value = Decimal::parse(number ? f.target_number : f.value);
    auto address = parse_a1(f.source_cell);
    if (!value || !address) continue;
    Cell c;
    c.fact = &f;
    c.order = i;
    c.row = address->row;
    c.col = address->col;
    c.yuan = *value;
    if (auto unit = money_unit(f.raw_unit)) c.power = unit->power_of_ten;
    std::string table_key = f.source_file + '\x1f' + f.source_sheet + '\x1f';
    auto region = std::find_if(regions.begin(), regions.end(), [&](const Region& r) {
      return r.sheet == f.source_sheet && r.range.contains(c.row, c.col);
    });
    if (region != regions.end()) {
      table_key += "#" + std::to_string(region - regions.begin());
    } else {
      table_key += f.table_code + '\x1f' + f.table_title;
    }
    c.table = table_ids.emplace(table_key, table_ids.size()).first->second;
    if (!by_file.count(f.source_file) && !numbers_by_file.count(f.source_file))
      files.push_back(f.source_file);
    (number ? numbers_by_file : by_file)[f.source_file].push_back(c);
  }
  ValidationReport report;
  for (const std::string& file : files) {
    ValidationReport one;
    DocumentValidator validator(std::move(by_file[file]), std::move(numbers_by_file[file]),
                                empty_tables, rules, one);
    validator.run();
    auto order = validator.order_;
    std::stable_sort(order.begin(), order.end());
    std::vector<Finding> sorted;
    sorted.reserve(one.findings.size());
    for (const auto& o : order) sorted.push_back(std::move(one.findings[std::get<2>(o)]));
    one.findings = std::move(sorted);
    report.append(std::move(one));
  }
  return report;
}

ValidationReport validate_outcome(const FileOutcome& outcome, const RuleSet& rules) {
  if (outcome.spilled.empty()) return validate_facts(outcome.facts, outcome.tables, rules);
  // Rules relate cells anywhere in the file, so validation reads every fact
  // back into memory (docs/performance.md).
  std::vector<Fact> all;
  all.reserve(outcome.fact_count());
  outcome.for_each_fact([&](const Fact& f) { all.push_back(f); });
  return validate_facts(all, outcome.tables, rules);
}

}  // namespace bc
