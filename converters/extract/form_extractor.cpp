#include "extract/form_extractor.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <climits>
#include <cstdint>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "core/address.h"
#include "core/decimal.h"
#include "headers/label_text.h"
#include "normalise/amounts.h"
#include "normalise/units.h"

namespace bc {

namespace {

constexpr std::size_t kLevels = 3;

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

// Unit signs an indicator value may print after its number.
const std::vector<std::string>& target_units() {
  static const std::vector<std::string> units = {
      "%",     "‰",  "万元",     "亿元",   "千元", "元", "万人次", "人次", "万人", "人",
      "次/年", "次", "个工作日", "工作日", "个月", "个", "家",     "份",   "项",   "件",
      "户",    "天", "日",       "小时",   "年",   "月", "分",     "辆",   "台",   "套",
      "所",    "名", "批次",     "批",     "篇",   "场", "期",     "座",   "处",   "条"};
  return units;
}

}  // namespace

std::optional<TargetReading> read_target(const std::string& text) {
  std::string s;
  for (char c : trim(text))
    if (c != ' ' && c != '\t') s += c;
  // Full-width signs and digits as half-width (＝ → =, ９０ → 90).
  s = normalise_label(s);
  TargetReading out;
  static const std::array<std::pair<const char*, const char*>, 9> kSigns = {{{"≥", ">="},
                                                                             {"≧", ">="},
                                                                             {">=", ">="},
                                                                             {"≤", "<="},
                                                                             {"≦", "<="},
                                                                             {"<=", "<="},
                                                                             {">", ">"},
                                                                             {"<", "<"},
                                                                             {"=", "="}}};
  for (const auto& [sign, name] : kSigns) {
    if (starts_with(s, sign)) {
      out.comparator = name;
      s.erase(0, std::string(sign).size());
      break;
    }
  }
  std::size_t end = 0;
  bool digits = false;
  if (end < s.size() && s[end] == '-') ++end;
  while (end < s.size() && (std::isdigit(static_cast<unsigned char>(s[end])) || s[end] == '.' ||
                            (s[end] == ',' && digits))) {
    digits = digits || std::isdigit(static_cast<unsigned char>(s[end]));
    ++end;
  }
  if (!digits) return std::nullopt;
  std::string number = s.substr(0, end);
  number.erase(std::remove(number.begin(), number.end(), ','), number.end());
  auto value = Decimal::parse(number);
  if (!value) return std::nullopt;
  const std::string rest = s.substr(end);
  if (!rest.empty()) {
    const auto& units = target_units();
    if (std::find(units.begin(), units.end(), rest) == units.end()) return std::nullopt;
  }
  out.number = value->to_string();
  out.unit = rest;
  return out;
}

namespace {

struct Cell {
  std::uint32_t col = 0;
  CellView view;
  std::string text;  // trimmed
};

// A column of the current grid: a value column (spec) or an unknown header
// whose values are kept without a measure.
struct Active {
  std::uint32_t col = 0;
  const FormColumnSpec* spec = nullptr;
  std::string header;     // the header text as printed (column_label)
  std::size_t block = 0;  // the indicator block (level columns to its left)
};

struct LevelColumn {
  std::uint32_t col = 0;
  std::size_t level = 0;  // 0 = 一级指标
  std::size_t block = 0;
};

class FormReader {
 public:
  FormReader(const Sheet& sheet, const TableRegion& region, const FamilySpec& family,
             const TableSpec& table, const Vocabulary& vocabulary, const DocumentContext& context,
             DiagnosticSink& sink, const FactConsumer& consume)
      : sheet_(sheet),
        region_(region),
        family_(family),
        table_(table),
        form_(*table.form),
        vocabulary_(vocabulary),
        context_(context),
        sink_(sink),
        consume_(consume) {}

  TableExtraction run() {
    TableExtraction out;
    department_ = region_.department.value.empty() ? context_.department : region_.department.value;
    fiscal_year_ = region_.year.value.empty() ? context_.fiscal_year : region_.year.value;
    out.department = department_;
    out.fiscal_year = fiscal_year_;
    table_code_ = normalise_label(region_.code.value.empty() ? table_.code : region_.code.value);
    stage_ = table_stage(region_, family_);
    resolve_unit();
    out.raw_unit = unit_.text;
    collect_heading_rows();
    for (const SheetRow& row : sheet_.rows()) {
      if (row.index < region_.first_row || row.index > region_.last_row) continue;
      if (heading_rows_.count(row.index)) continue;
      read_row(row);
    }
    out.fact_count = facts_.size();
    hand_on();
    out.numeric_cells = numeric_cells_;
    out.unaccounted = unaccounted_;
    return out;
  }

 private:
  Location at(std::uint32_t row, std::uint32_t col) const {
    return Location{context_.source_file, sheet_.name, a1(row, col)};
  }

  // The form's own unit: its unit line, else a money unit in brackets in one
  // of its labels (资金金额（万元）, 项目资金（万元）), else the mapping's.
  void resolve_unit() {
    std::optional<MoneyUnit> unit;
    if (!region_.unit.value.empty() && !region_.unit_not_money)
      unit = money_unit(region_.unit.value);
    for (const SheetRow& row : sheet_.rows()) {
      if (unit) break;
      if (row.index < region_.first_row || row.index > region_.last_row) continue;
      for (const CellView& c : sheet_.row_cells(row)) {
        if (c.type != CellType::Text) continue;
        const std::string n = normalise_label(c.value);
        const std::size_t open = n.rfind('(');
        const std::size_t close = n.rfind(')');
        if (open == std::string::npos || close == std::string::npos || close < open) continue;
        if ((unit = money_unit(n.substr(open + 1, close - open - 1)))) break;
      }
    }
    if (!unit && !table_.unit.empty()) unit = money_unit(table_.unit);
    if (!unit && !family_.default_unit.empty()) unit = money_unit(family_.default_unit);
    if (!unit) {
      throw InputError(
          "EXTRACT-NO-UNIT",
          "form " + (table_.code.empty() ? table_.kind : table_.code) +
              " declares no unit (单位：万元, 资金（万元）) and its mapping gives none",
          Location{context_.source_file, sheet_.name, region_.range_a1()});
    }
    unit_ = *unit;
  }

  void collect_heading_rows() {
    for (const HeadingText& t : region_.titles) heading_rows_.insert(t.at.row);
    for (const HeadingText* h : {&region_.code, &region_.department, &region_.year, &region_.unit})
      if (!h->value.empty()) heading_rows_.insert(h->at.row);
    for (const HeadingText& f : region_.footnotes) heading_rows_.insert(f.at.row);
    // 栏次 rows and 行次 columns number the form; their numbers are no values.
    for (std::uint32_t r : region_.structure_rows) heading_rows_.insert(r);
  }

  std::vector<Cell> cells_of(const SheetRow& row) const {
    std::vector<Cell> out;
    for (const CellView& c : sheet_.row_cells(row)) {
      if (c.col < region_.first_col || c.col > region_.last_col || c.empty()) continue;
      if (std::find(region_.structure_columns.begin(), region_.structure_columns.end(), c.col) !=
          region_.structure_columns.end())
        continue;
      std::string text = trim(display_text(c));
      if (text.empty()) continue;
      out.push_back(Cell{c.col, c, std::move(text)});
    }
    return out;
  }

  // A number cell as it shows: a percent format shows the value times 100.
  static std::string display_text(const CellView& c) {
    if (c.type == CellType::Number && (c.flags & kFlagPercent)) {
      if (auto v = Decimal::parse(c.value)) {
        if (auto p = v->scaled_by_power_of_ten(2)) return p->to_string() + "%";
      }
    }
    return std::string(c.value);
  }

  static bool is_number(const Cell& c) {
    return read_amount(c.view).status == AmountReading::Status::Ok;
  }

  // The label of a cell as a field label: normalised, ordinal, a trailing
  // colon and a trailing money unit bracket removed (（1）政府预算资金,
  // 实施期资金总额:, 部门预算总额（万元）).
  static std::string label_key(const std::string& text) {
    std::string n = strip_ordinal(normalise_label(text));
    while (!n.empty() && n.back() == ':') n.pop_back();
    if (!n.empty() && n.back() == ')') {
      const std::size_t open = n.rfind('(');
      if (open != std::string::npos && money_unit(n.substr(open + 1, n.size() - open - 2)))
        n.erase(open);
    }
    while (!n.empty() && n.back() == ':') n.pop_back();
    return n;
  }

  const FormFieldSpec* field_of(const Cell& c) const {
    if (c.view.type != CellType::Text) return nullptr;
    const std::string key = label_key(c.text);
    if (key.empty()) return nullptr;
    for (const FormFieldSpec& f : form_.fields) {
      for (const LabelPattern& p : f.labels)
        if (p.matches(key)) return &f;
    }
    return nullptr;
  }

  std::optional<std::size_t> level_of(const Cell& c) const {
    if (c.view.type != CellType::Text) return std::nullopt;
    const std::string n = normalise_label(c.text);
    for (std::size_t k = 0; k < form_.levels.size(); ++k)
      if (form_.levels[k].matches(n)) return k;
    return std::nullopt;
  }

  const FormColumnSpec* column_of(const Cell& c) const {
    if (c.view.type != CellType::Text) return nullptr;
    const std::string n = label_key(c.text);
    for (const FormColumnSpec& s : form_.columns)
      if (s.header.matches(n)) return &s;
    return nullptr;
  }

  void read_row(const SheetRow& row) {
    const std::vector<Cell> cells = cells_of(row);
    if (cells.empty()) return;
    std::vector<bool> used(cells.size(), false);
    std::size_t numbers = 0;
    for (const Cell& c : cells) numbers += is_number(c) ? 1 : 0;
    numeric_cells_ += numbers;

    if (numbers == 0 && read_header(row.index, cells)) return;

    const std::size_t before = facts_.size();
    if (read_fields(row.index, cells, used)) {
      active_.clear();
      level_columns_.clear();
      previous_header_ = false;
    } else if (!active_.empty()) {
      read_grid_row(row.index, cells, used);
    }
    // A row of group labels between two header rows (成本指标 | 产出指标 over
    // 三级指标 | 指标值) gives nothing and keeps the header open.
    if (facts_.size() != before || numbers > 0) previous_header_ = false;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (used[i] || !is_number(cells[i])) continue;
      ++unaccounted_;
      sink_.warn("EXTRACT-UNACCOUNTED",
                 "a number of the form stands under no column and beside no label the mapping "
                 "knows; it is not converted",
                 at(row.index, cells[i].col), cells[i].text);
    }
  }

  // A row of at least two column or level headers and no number opens a
  // grid; consecutive header rows add to it.
  bool read_header(std::uint32_t row, const std::vector<Cell>& cells) {
    std::size_t matched = 0;
    for (const Cell& c : cells) matched += (level_of(c) || column_of(c)) ? 1 : 0;
    if (matched < 2) return false;
    if (!previous_header_) {
      active_.clear();
      level_columns_.clear();
    }
    previous_header_ = true;
    std::size_t block = 0;
    bool any_level = false;
    for (const Cell& c : cells) {
      if (auto k = level_of(c)) {
        // A level at or above one seen in this row opens the next block of
        // level columns (成本指标 | 指标值 | 产出指标 | 指标值 …).
        if (any_level && !level_columns_.empty() && level_columns_.back().level >= *k) ++block;
        any_level = true;
        level_columns_.erase(std::remove_if(level_columns_.begin(), level_columns_.end(),
                                            [&](const LevelColumn& l) { return l.col == c.col; }),
                             level_columns_.end());
        level_columns_.push_back(LevelColumn{c.col, *k, block});
        continue;
      }
      const FormColumnSpec* spec = column_of(c);
      if (!spec && (!any_level || c.col < level_columns_.front().col)) continue;
      active_.erase(std::remove_if(active_.begin(), active_.end(),
                                   [&](const Active& a) { return a.col == c.col; }),
                    active_.end());
      active_.push_back(Active{c.col, spec, c.text, block});
    }
    std::sort(active_.begin(), active_.end(),
              [](const Active& a, const Active& b) { return a.col < b.col; });
    blocks_ = block + 1;
    levels_.assign(blocks_, std::array<std::string, kLevels>{});
    header_level1_.assign(blocks_, std::string());
    for (const LevelColumn& l : level_columns_) {
      // A block without a 一级指标 column takes it from the group label over
      // its first level column (汇总表: 成本指标 over 三级指标 | 指标值).
      if (l.level == 0 || row == 0 || !header_level1_[l.block].empty()) continue;
      CellView above = sheet_.covering_cell(row - 1, l.col);
      if (above.type == CellType::Text && row - 1 >= region_.first_row)
        header_level1_[l.block] = trim(above.value);
    }
    return true;
  }

  bool read_fields(std::uint32_t row, const std::vector<Cell>& cells, std::vector<bool>& used) {
    bool any = false;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      const FormFieldSpec* field = field_of(cells[i]);
      if (!field) continue;
      any = true;
      used[i] = true;
      if (i + 1 >= cells.size() || field_of(cells[i + 1])) continue;  // no value: blank, not zero
      // A share (9.28%, a percent-formatted 0.0928) is never the amount of a money field.
      if (field->unit == MeasureUnit::Money && !cells[i + 1].text.empty() &&
          cells[i + 1].text.back() == '%')
        continue;
      used[i + 1] = true;
      Fact f = base_fact(row, cells[i + 1]);
      f.measure = field->id;
      f.item = field->item;
      f.row_label = cells[i].text;
      set_value(f, cells[i + 1], field->unit);
      emit(std::move(f));
      ++i;
    }
    return any;
  }

  void read_grid_row(std::uint32_t row, const std::vector<Cell>& cells, std::vector<bool>& used) {
    auto index_at = [&](std::uint32_t col) -> std::size_t {
      for (std::size_t i = 0; i < cells.size(); ++i)
        if (cells[i].col == col) return i;
      return cells.size();
    };
    std::uint32_t first_level_col = UINT32_MAX;
    for (const LevelColumn& l : level_columns_) first_level_col = std::min(first_level_col, l.col);
    std::uint32_t first_value_col = UINT32_MAX;
    bool keyed = false;
    for (const Active& a : active_) {
      if (a.spec && !a.spec->key.empty()) {
        keyed = true;
      } else {
        first_value_col = std::min(first_value_col, a.col);
      }
    }
    // Key columns (单位编码（项目编码） | 项目单位（项目名称）): a filled cell keys
    // this row and the rows below it, which its merged cell spans.
    for (const Active& a : active_) {
      if (!a.spec || a.spec->key.empty()) continue;
      const std::size_t i = index_at(a.col);
      if (i == cells.size()) continue;
      used[i] = true;
      if (a.spec->key == "code") {
        const std::string code = cells[i].text;
        coded_rows_.push_back({row, code});
        const bool unit_row =
            code.size() <= 6 && std::all_of(code.begin(), code.end(), [](char ch) {
              return std::isdigit(static_cast<unsigned char>(ch));
            });
        if (unit_row) {
          unit_code_ = code;
          unit_name_.clear();
          project_.clear();
        }
        key_is_unit_ = unit_row;
        name_ = "";
      }
    }
    for (const Active& a : active_) {
      if (!a.spec || a.spec->key != "name") continue;
      const std::size_t i = index_at(a.col);
      if (i == cells.size()) continue;
      used[i] = true;
      name_ = cells[i].text;
      if (key_is_unit_) {
        unit_name_ = name_;
      } else {
        project_ = name_;
      }
    }
    // Levels: a filled level cell sets its level and clears the deeper ones
    // of its block; an empty one (a merged cell, or a blank under it) carries
    // the level of the rows above.
    const Cell* lead = cells.empty() ? nullptr : &cells.front();
    // A row that starts left of the level columns (总分, 合计) is no
    // indicator: its values are the form's totals.
    const bool outside = !keyed && !level_columns_.empty() && lead && lead->col < first_level_col &&
                         lead->view.type == CellType::Text;
    if (!outside) {
      for (const LevelColumn& l : level_columns_) {
        const std::size_t i = index_at(l.col);
        if (i == cells.size()) continue;
        used[i] = true;
        levels_[l.block][l.level] = cells[i].text;
        for (std::size_t k = l.level + 1; k < kLevels; ++k) levels_[l.block][k].clear();
      }
    }
    // The row's label: the last text before its first value column (收入构成 |
    // 财政拨款 | 2933.2 → 财政拨款), else its first text (a task name that is
    // itself a value).
    std::string label;
    if (keyed) {
      label = name_;
    } else {
      for (const Cell& c : cells) {
        if (c.col >= first_value_col ||
            (!level_columns_.empty() && !outside && c.col >= first_level_col))
          break;
        if (!is_number(c)) label = c.text;
      }
      if (label.empty()) {
        for (const Cell& c : cells) {
          if (!is_number(c)) {
            label = c.text;
            break;
          }
        }
      }
    }
    const std::string label_n = strip_ordinal(normalise_label(label));
    const bool total =
        !label.empty() && (vocabulary_.is_total_label(label_n) ||
                           std::any_of(table_.total_rows.begin(), table_.total_rows.end(),
                                       [&](const LabelPattern& p) { return p.matches(label_n); }));
    std::string item;
    for (const ItemSpec& it : table_.items) {
      for (const LabelPattern& p : it.labels)
        if (item.empty() && !label_n.empty() && p.matches(label_n)) item = it.id;
    }
    for (const Active& a : active_) {
      if (a.spec && !a.spec->key.empty()) continue;
      const std::size_t index = index_at(a.col);
      if (index == cells.size()) continue;
      const Cell& c = cells[index];
      if (is_placeholder_text(c.text)) continue;
      used[index] = true;
      Fact f = base_fact(row, c);
      if (a.spec) f.measure = a.spec->id;
      f.column_label = a.header;
      f.is_total = total;
      if (!year_of(a.header).empty()) f.fiscal_year = year_of(a.header);
      if (keyed) {
        f.unit_code = unit_code_;
        f.unit_name = unit_name_;
        f.project = key_is_unit_ ? "" : project_;
      }
      const bool indicator = !outside && !level_columns_.empty() && a.col > first_level_col;
      if (indicator) {
        const auto& lv = levels_[a.block];
        f.indicator_level1 = lv[0].empty() ? header_level1_[a.block] : lv[0];
        f.indicator_level2 = lv[1];
        f.indicator_level3 = lv[2];
        for (std::size_t k = kLevels; k-- > 0;) {
          if (!lv[k].empty()) {
            f.row_label = lv[k];
            break;
          }
        }
      } else {
        f.row_label = label;
        f.item = item;
      }
      set_value(f, c, a.spec ? a.spec->unit : MeasureUnit::Text);
      emit(std::move(f));
    }
  }

  // A column headed by a year (2021年, 2022年度) holds that year's figures.
  static std::string year_of(const std::string& header) {
    const std::string n = normalise_label(header);
    if (n.size() < 7 || !std::all_of(n.begin(), n.begin() + 4, [](char ch) {
          return std::isdigit(static_cast<unsigned char>(ch));
        }))
      return "";
    const std::string rest = n.substr(4);
    return rest == "年" || rest == "年度" ? n.substr(0, 4) : "";
  }

  Fact base_fact(std::uint32_t row, const Cell& c) const {
    Fact f;
    f.source_file = context_.source_file;
    f.source_sheet = sheet_.name;
    f.source_cell = a1(row, c.col);
    f.template_id = family_.id;
    f.table_code = table_code_;
    f.table_kind = table_.kind;
    f.department = department_;
    f.fiscal_year = fiscal_year_;
    f.stage = stage_;
    f.raw_value = std::string(c.view.raw);
    f.table_title = region_.title();
    return f;
  }

  // Money exact in yuan from the form's unit; anything else, and money that
  // does not read as an amount (`78万元`), verbatim as text, with its number
  // read out when it is one.
  void set_value(Fact& f, const Cell& c, MeasureUnit unit) {
    if (unit == MeasureUnit::Money) {
      AmountReading r = read_amount(c.view);
      if (r.status == AmountReading::Status::Ok) {
        if (auto yuan = r.value.scaled_by_power_of_ten(unit_.power_of_ten)) {
          f.value = yuan->to_string();
          f.unit = measure_unit_name(MeasureUnit::Money);
          f.raw_unit = unit_.text;
          f.repaired = r.repaired;
          return;
        }
        sink_.warn("NORM-OVERFLOW", "the amount is too large to convert to yuan exactly",
                   Location{context_.source_file, sheet_.name, f.source_cell}, c.text);
      }
      // An amount printed with its unit (项目总预算 | 78万元): exact in yuan.
      if (auto t = read_target(c.text); t && t->comparator.empty()) {
        if (auto u = money_unit(t->unit)) {
          if (auto yuan = Decimal::parse(t->number)->scaled_by_power_of_ten(u->power_of_ten)) {
            f.value = yuan->to_string();
            f.unit = measure_unit_name(MeasureUnit::Money);
            f.raw_unit = u->text;
            return;
          }
        }
      }
    }
    if (unit == MeasureUnit::Percent) {
      // Percent points as shown: 90.72% (0.9072 under 0.00%), 100 (a plain number).
      std::string text = c.text;
      if (!text.empty() && text.back() == '%') text.pop_back();
      AmountReading r = read_amount_text(text);
      if (r.status == AmountReading::Status::Ok) {
        f.value = r.value.to_string();
        f.unit = measure_unit_name(MeasureUnit::Percent);
        return;
      }
    }
    set_text_value(f, c.text);
    if (auto t = read_target(c.text)) {
      f.comparator = t->comparator;
      f.target_number = t->number;
      f.target_unit = t->unit;
    }
  }

  // Facts wait until the form is read: a unit row is a total only when the
  // next coded row is deeper (a longer unit code, or a project).
  void emit(Fact&& f) { facts_.push_back(std::move(f)); }

  void hand_on() {
    std::map<std::uint32_t, bool> heads;
    for (std::size_t i = 0; i + 1 < coded_rows_.size(); ++i)
      heads[coded_rows_[i].first] = coded_rows_[i + 1].second.size() > coded_rows_[i].second.size();
    for (Fact& f : facts_) {
      auto at = parse_a1(f.source_cell);
      if (at && !f.unit_code.empty() && f.project.empty()) {
        auto it = heads.find(at->row);
        if (it != heads.end() && it->second) f.is_total = true;
      }
      consume_(std::move(f));
    }
  }

  const Sheet& sheet_;
  const TableRegion& region_;
  const FamilySpec& family_;
  const TableSpec& table_;
  const FormSpec& form_;
  const Vocabulary& vocabulary_;
  const DocumentContext& context_;
  DiagnosticSink& sink_;
  const FactConsumer& consume_;
  std::string department_, fiscal_year_, table_code_, stage_;
  MoneyUnit unit_{"元", 0};
  std::set<std::uint32_t> heading_rows_;
  std::vector<Active> active_;
  std::vector<LevelColumn> level_columns_;
  std::size_t blocks_ = 0;
  std::vector<std::array<std::string, kLevels>> levels_;
  std::vector<std::string> header_level1_;
  bool previous_header_ = false;
  std::vector<Fact> facts_;
  std::vector<std::pair<std::uint32_t, std::string>> coded_rows_;
  std::string unit_code_, unit_name_, project_, name_;
  bool key_is_unit_ = false;
  std::size_t numeric_cells_ = 0;
  std::size_t unaccounted_ = 0;
};

}  // namespace

TableExtraction extract_form(const Sheet& sheet, const TableRegion& region,
                             const FamilySpec& family, const TableSpec& table,
                             const Vocabulary& vocabulary, const DocumentContext& context,
                             DiagnosticSink& sink, const FactConsumer& consume) {
  return FormReader(sheet, region, family, table, vocabulary, context, sink, consume).run();
}

}  // namespace bc
