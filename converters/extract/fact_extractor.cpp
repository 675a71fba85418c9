#include "extract/fact_extractor.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "core/address.h"
#include "headers/label_text.h"
#include "normalise/amounts.h"
#include "normalise/codes.h"
#include "normalise/units.h"

namespace bc {
namespace {

// The keys of one body row within one block.
struct RowKeys {
  std::string label;
  std::string function_code, econ_code, gov_econ_code, income_code;
  std::string unit_code, unit_name, project, category;
  std::string item;
  bool unit_row = false;
  int group_level = -1;    // a group heading row (`group` key): its level
  std::string group_text;  // its text, ordinal removed
};

bool has_code(const RowKeys& k) {
  return !k.function_code.empty() || !k.econ_code.empty() || !k.gov_econ_code.empty() ||
         !k.income_code.empty();
}

// Whether a row lies under a unit row's codes: every code the unit row has, the row has too.
bool within_codes(const RowKeys& row, const RowKeys& scope) {
  return (scope.function_code.empty() || row.function_code == scope.function_code) &&
         (scope.econ_code.empty() || row.econ_code == scope.econ_code) &&
         (scope.gov_econ_code.empty() || row.gov_econ_code == scope.gov_econ_code);
}

// A label opens a new section when it is top-level: "一、…" or no ordinal at all.
bool is_top_level_label(const std::string& label) {
  std::string n = normalise_label(label);
  if (n.rfind("其中", 0) == 0 || n.rfind("(", 0) == 0) return false;
  std::string stripped = strip_ordinal(label);
  if (stripped == n) return true;  // no ordinal
  // "一、" strips; "1、" and "(1)" are sub-levels in every family seen.
  return !(n[0] >= '0' && n[0] <= '9');
}

void assign_code(RowKeys& keys, CodeScheme scheme, const std::string& digits) {
  switch (scheme) {
    case CodeScheme::Function:
      keys.function_code = digits;
      break;
    case CodeScheme::DeptEcon:
      keys.econ_code = digits;
      break;
    case CodeScheme::GovEcon:
      keys.gov_econ_code = digits;
      break;
    case CodeScheme::Income:
      keys.income_code = digits;
      break;
    case CodeScheme::Unit:
      keys.unit_code = digits;
      break;
    case CodeScheme::Auto:
      break;
  }
}

// A column whose cells give facts: bound to a measure, or (spec == nullptr)
// bound to none, its values kept with an empty measure.
struct ValueColumn {
  std::uint32_t col = 0;
  const MeasureSpec* spec = nullptr;
  const ColumnHeader* header = nullptr;  // nullptr: no header text above the column
};

class TableReader {
 public:
  TableReader(const Sheet& sheet, const TableRegion& region, const FamilySpec& family,
              const TableSpec& table, const TableBinding& binding, const Vocabulary& vocabulary,
              const DocumentContext& context, DiagnosticSink& sink, const FactConsumer& consume)
      : sheet_(sheet),
        region_(region),
        family_(family),
        table_(table),
        binding_(binding),
        vocabulary_(vocabulary),
        context_(context),
        sink_(&sink),
        consume_(consume) {
    for (const BlockBinding& b : binding_.blocks) blocks_.push_back(&b);
    if (blocks_.empty()) {
      // No block anchored (a table recognised by its title whose headers all
      // drifted): one block over the whole table, so its values still come out.
      fallback_block_.spec = &fallback_spec_;
      fallback_block_.first_col = region_.first_col;
      fallback_block_.last_col = region_.last_col;
      blocks_.push_back(&fallback_block_);
    }
    scanned_ = sink.items().size();
  }

  TableExtraction run() {
    TableExtraction out;
    out.department =
        region_.department.value.empty() ? context_.department : region_.department.value;
    out.fiscal_year = region_.year.value.empty() ? context_.fiscal_year : region_.year.value;
    department_ = out.department;
    fiscal_year_ = out.fiscal_year;
    table_code_ = normalise_label(region_.code.value.empty() ? table_.code : region_.code.value);
    stage_ = table_stage(region_, family_);
    resolve_unit(out);
    if (sheet_.kind == SheetKind::Text) find_shifted_rows();
    report_unbound_keys();
    prepare_value_columns();
    if (needs_code_survey()) survey_codes(out);
    for (std::size_t b = 0; b < blocks_.size(); ++b) read_block(b, out);
    out.rows_rejected = shifted_rows_.size();
    out.numeric_cells = numeric_cells_;
    out.unaccounted = unaccounted_;
    return out;
  }

 private:
  Location at(std::uint32_t row, std::uint32_t col) const {
    return Location{context_.source_file, sheet_.name, a1(row, col)};
  }

  std::string table_name() const { return table_.code.empty() ? table_.kind : table_.code; }

  void resolve_unit(TableExtraction& out) {
    std::string declared = region_.unit.value;
    if (declared.empty()) declared = table_.unit;
    if (declared.empty()) declared = family_.default_unit;
    if (declared.empty()) {
      throw InputError("EXTRACT-NO-UNIT",
                       "table " + table_name() +
                           " declares no unit (单位：元/万元) and its mapping gives no default",
                       Location{context_.source_file, sheet_.name, region_.range_a1()}, "",
                       "add 'unit:' to the table in the mapping, or a 单位 line to the sheet");
    }
    auto unit = money_unit(declared);
    if (!unit && is_count_unit(declared)) {
      // 单位：台、辆、套 (国有资产占用情况表): every value is a count.
      counts_table_ = true;
      return;
    }
    if (!unit) {
      throw InputError(
          "EXTRACT-BAD-UNIT", "table " + table_name() + " declares a unit that is not a money unit",
          Location{context_.source_file, sheet_.name,
                   region_.unit.value.empty() ? "" : a1(region_.unit.at.row, region_.unit.at.col)},
          declared);
    }
    unit_ = *unit;
    out.raw_unit = unit_.text;
    if (region_.unit.value.empty() && sheet_.kind == SheetKind::Text) {
      // OCR garbles unit lines ("平位: 717") and some tables print none: a
      // wrong unit is a factor of 10000, so say where the unit came from.
      sink_->warn("EXTRACT-UNIT-ASSUMED",
                  "no unit line (单位：元/万元) was read for table " + table_name() +
                      "; its amounts are taken as " + unit_.text + ", the " +
                      (table_.unit.empty() ? "family's" : "table mapping's") + " default",
                  Location{context_.source_file, sheet_.name, region_.range_a1()});
    }
  }

  // Non-optional keys that bind no column: the key stays blank on every row.
  void report_unbound_keys() {
    for (const KeySpec* key : binding_.unbound_keys) {
      std::string header;
      for (const HeaderPattern& h : key->headers)
        header += (header.empty() ? "" : "', '") + h.source();
      sink_->warn("EXTRACT-UNBOUND-KEY",
                  "no column of " + table_name() + " matches the header '" + header + "' of key " +
                      key->name + "; the key is left blank on every row",
                  Location{context_.source_file, sheet_.name, region_.range_a1()});
    }
  }

  // The columns whose cells give facts, per block: the bound measures, then
  // every other column holding amounts. A column no measure binds keeps its
  // values with an empty measure and its header path, and one warning names
  // it; only row numbers (行次) and codes are no values, and a message says so.
  void prepare_value_columns() {
    std::set<std::uint32_t> taken;
    for (const BlockBinding* b : blocks_) {
      for (const BoundMeasure& m : b->measures) taken.insert(m.column->col);
      for (const BoundKey& k : b->keys) {
        for (const ColumnHeader* c : k.columns) {
          taken.insert(c->col);
          key_columns_.insert(c->col);
        }
      }
    }
    std::map<std::uint32_t, const ColumnHeader*> header_of;
    for (const ColumnHeader* h : binding_.unbound) header_of[h->col] = h;
    for (const ColumnHeader* h : binding_.structure) header_of[h->col] = h;
    // Rows with values, per untaken column: the first and the last.
    std::map<std::uint32_t, std::pair<std::uint32_t, std::uint32_t>> rows_of;
    for (std::uint32_t row : region_.body_rows) {
      const SheetRow* r = find_row(row);
      if (!r || shifted_rows_.count(row)) continue;
      for (const CellView& cell : sheet_.row_cells(*r)) {
        if (taken.count(cell.col)) continue;
        if (read_amount(cell).status != AmountReading::Status::Ok) continue;
        auto [it, fresh] = rows_of.try_emplace(cell.col, row, row);
        if (!fresh) it->second.second = row;
      }
    }
    value_columns_.resize(blocks_.size());
    for (std::size_t b = 0; b < blocks_.size(); ++b) {
      for (const BoundMeasure& m : blocks_[b]->measures)
        value_columns_[b].push_back(ValueColumn{m.column->col, m.spec, m.column});
    }
    for (const auto& [col, rows] : rows_of) {
      auto h = header_of.find(col);
      const ColumnHeader* header = h == header_of.end() ? nullptr : h->second;
      const std::string name = "column " + column_letters(col) +
                               (header ? " '" + header->label() + "'" : " (no header)");
      const Location range{context_.source_file, sheet_.name,
                           RangeAddress{rows.first, col, rows.second, col}.to_a1()};
      const bool structure = std::find(binding_.structure.begin(), binding_.structure.end(),
                                       header) != binding_.structure.end();
      if (structure || (header && names_code_column(*header))) {
        reasoned_columns_.insert(col);
        sink_->info(structure ? "EXTRACT-STRUCTURE-COLUMN" : "EXTRACT-CODE-COLUMN",
                    name +
                        (structure ? " numbers the rows (行次/栏次)"
                                   : " holds codes that no key of the mapping reads") +
                        "; its numbers are no amounts",
                    range);
        continue;
      }
      std::string message =
          name + " holds values but the mapping of " + table_name() + " binds no measure to it";
      if (table_.unbound_columns == "error") {
        throw InputError(
            "EXTRACT-UNBOUND-COLUMN", message, range, "",
            "add the column to the mapping, or mark the table 'unbound_columns: warn'");
      }
      sink_->warn("EXTRACT-UNBOUND-COLUMN",
                  message +
                      "; its values are kept with an empty measure and the header path in "
                      "column_label",
                  range);
      std::size_t b = col < blocks_.front()->first_col ? 0 : blocks_.size() - 1;
      for (std::size_t i = 0; i < blocks_.size(); ++i) {
        if (col >= blocks_[i]->first_col && col <= blocks_[i]->last_col) b = i;
      }
      value_columns_[b].push_back(ValueColumn{col, nullptr, header});
    }
  }

  // A header that names a code (项目编码, 单位代码, 科目编号): a key column the
  // mapping does not read, never amounts.
  static bool names_code_column(const ColumnHeader& h) {
    for (const std::string& level : h.normalised_path) {
      for (std::string_view word : {"编码", "代码", "编号", "代号"}) {
        if (level.find(word) != std::string::npos) return true;
      }
    }
    return false;
  }

  const SheetRow* find_row(std::uint32_t row) const {
    auto r =
        std::lower_bound(sheet_.rows().begin(), sheet_.rows().end(), row,
                         [](const SheetRow& a, std::uint32_t value) { return a.index < value; });
    return r == sheet_.rows().end() || r->index != row ? nullptr : &*r;
  }

  // A text dump keeps a row's cells in order but not always in their
  // columns: after a page break, or where the PDF had a cell the header does
  // not, every value moves. A row with an amount where none belongs (beyond
  // the header's last column, or a decimal amount in a key column) is such a
  // row: every cell of it is suspect, so it is reported and left out whole.
  void find_shifted_rows() {
    std::uint32_t header_last = 0;
    std::map<std::uint32_t, bool> key_columns;  // column -> is a label column
    for (const ColumnHeader* h : binding_.unbound) header_last = std::max(header_last, h->col);
    for (const BlockBinding& b : binding_.blocks) {
      for (const BoundMeasure& m : b.measures) header_last = std::max(header_last, m.column->col);
      for (const BoundKey& k : b.keys) {
        for (const ColumnHeader* c : k.columns) {
          header_last = std::max(header_last, c->col);
          key_columns[c->col] = key_columns[c->col] || k.spec->name == "label";
        }
      }
    }
    for (std::uint32_t row : region_.body_rows) {
      auto r =
          std::lower_bound(sheet_.rows().begin(), sheet_.rows().end(), row,
                           [](const SheetRow& a, std::uint32_t value) { return a.index < value; });
      if (r == sheet_.rows().end() || r->index != row) continue;
      for (const CellView& cell : sheet_.row_cells(*r)) {
        const std::string text = trim(cell.value);
        if (text.empty() || read_amount(cell).status != AmountReading::Status::Ok) continue;
        auto key = key_columns.find(cell.col);
        const bool beyond = cell.col > header_last;
        // Codes (208, 611001) are whole numbers; an amount in a key column has decimals.
        const bool in_key = key != key_columns.end() && text.find('.') != std::string::npos;
        if (!beyond && !in_key) continue;
        shifted_rows_.insert(row);
        if (in_key && key->second) continue;  // read_keys() says EXTRACT-NUMBER-AS-LABEL
        sink_->warn("EXTRACT-ROW-SHIFTED",
                    std::string("an amount stands ") +
                        (beyond ? "beyond the header's last column" : "in a key column") +
                        ": this row's values do not line up with the header (a text extraction "
                        "shifted them), so none of them is converted",
                    at(row, cell.col), text);
      }
    }
  }

  // A text dump may print a header line and a body row as one line (Hubei
  // 表3: "支出功能科目代码 | 支出功能科目名称 | 3311.22 | …", the 合计 label
  // lost). Key cells that hold the key's own header words are no keys: the
  // row is read as unlabelled, which is a total row, and the merge is reported.
  bool keys_are_header_words(const BlockBinding& block, std::uint32_t row) {
    std::uint32_t first_col = 0;
    std::string first_text;
    std::size_t header_words = 0;
    for (const BoundKey& key : block.keys) {
      if (key.columns.size() != 1 || key.spec->headers.size() != 1) continue;
      CellView cell = sheet_.covering_cell(row, key.columns.front()->col);
      const std::string text = normalise_label(cell.value);
      if (text.empty()) continue;
      if (!key.spec->headers.front().matches({text})) return false;  // a real key: the row is fine
      if (header_words++ == 0) {
        first_col = key.columns.front()->col;
        first_text = trim(cell.value);
      }
    }
    if (header_words == 0) return false;
    if (header_rows_reported_.insert(row).second) {
      sink_->warn(
          "EXTRACT-HEADER-IN-BODY",
          "header words stand where this row's keys belong (the text extraction merged a header "
          "line with a body row); the row is read without keys, as a total row",
          at(row, first_col), first_text);
    }
    return true;
  }

  std::string key_text(const ColumnHeader* column, std::uint32_t row) const {
    return trim(sheet_.covering_cell(row, column->col).value);
  }

  RowKeys read_keys(const BlockBinding& block, std::uint32_t row, const RowKeys& previous) {
    RowKeys keys;
    for (const BoundKey& key : block.keys) {
      if (key.spec->name == "label") {
        keys.label = key_text(key.columns.front(), row);
        // An amount with decimals where the row label belongs: the columns of
        // this row are shifted (a PDF extraction across a page break); say so
        // rather than drop the number silently.
        if (keys.label.find('.') != std::string::npos &&
            read_amount_text(keys.label).status == AmountReading::Status::Ok) {
          sink_->warn("EXTRACT-NUMBER-AS-LABEL",
                      "a number stands where the row label belongs (are this row's columns "
                      "shifted?); it is not "
                      "converted",
                      at(row, key.columns.front()->col), keys.label);
        }
      }
    }
    for (const BoundKey& key : block.keys) {
      const std::string& name = key.spec->name;
      if (name == "label") continue;
      std::vector<std::string> parts;
      for (const ColumnHeader* c : key.columns) parts.push_back(key_text(c, row));
      std::string text = parts.empty() ? "" : parts.front();
      if (key.spec->value_matches && !text.empty() &&
          !key.spec->value_matches->matches(normalise_label(text))) {
        continue;  // this column holds something else on this row
      }
      if (key.spec->fill_down && text.empty() && parts.size() == 1 && !keys.label.empty() &&
          normalise_label(keys.label) == normalise_label(previous.label)) {
        // A vertically merged cell flattened by a text export: repeat the key above.
        if (name == "function_code") text = previous.function_code;
        if (name == "econ_code") text = previous.econ_code;
        if (name == "gov_econ_code") text = previous.gov_econ_code;
        if (name == "income_code") text = previous.income_code;
        if (name == "code")
          text = !previous.econ_code.empty() ? previous.econ_code : previous.function_code;
        if (name == "unit_code") text = previous.unit_code;
        parts = {text};
      }
      if (name == "function_code" || name == "econ_code" || name == "gov_econ_code" ||
          name == "income_code" || name == "code") {
        std::optional<std::string> digits = key.columns.size() > 1
                                                ? join_function_code(parts)
                                                : (text.empty() ? std::nullopt : code_digits(text));
        bool any_text = std::any_of(parts.begin(), parts.end(),
                                    [](const std::string& p) { return !p.empty(); });
        if (!digits) {
          // Words in a code column ("合计") are the row's label when it has none.
          if (any_text && keys.label.empty()) keys.label = text;
          continue;
        }
        CodeScheme scheme = key.spec->scheme;
        if (scheme == CodeScheme::Auto) {
          auto guessed = scheme_of_code(*digits);
          if (!guessed) {
            sink_->warn("EXTRACT-CODE",
                        "a code that is neither functional (2…), departmental-economic (3…) nor "
                        "government-economic (5…); kept as the row label only",
                        at(row, key.columns.front()->col), text);
            if (keys.label.empty()) keys.label = text;
            continue;
          }
          scheme = *guessed;
        }
        if (!valid_code_length(scheme, *digits)) {
          sink_->warn("EXTRACT-CODE",
                      std::string("a ") + code_scheme_name(scheme) + " code of unexpected length " +
                          std::to_string(digits->size()),
                      at(row, key.columns.front()->col), *digits);
        }
        assign_code(keys, scheme, *digits);
      } else if (name == "unit_code") {
        auto digits = code_digits(text);
        if (digits) {
          keys.unit_code = *digits;
          keys.unit_row = true;
        } else if (!text.empty() && keys.label.empty()) {
          keys.label = text;
        }
      } else if (name == "unit_name") {
        keys.unit_name = text;
      } else if (name == "project") {
        keys.project = text;
      } else if (name == "category") {
        keys.category = text;
      } else if (name == "group" && !text.empty()) {
        const std::string n = normalise_label(text);
        for (std::size_t level = 0; level < key.spec->levels.size(); ++level) {
          if (key.spec->levels[level].matches(n)) {
            keys.group_level = static_cast<int>(level);
            keys.group_text = strip_ordinal(text);
            break;
          }
        }
      }
    }
    return keys;
  }

  // Labels repeat down a table and between the survey and the second pass:
  // what they match is worked out once per table.
  bool is_total_label(const std::string& label) {
    auto it = total_labels_.find(label);
    if (it == total_labels_.end())
      it = total_labels_.emplace(label, vocabulary_.is_total_label(label)).first;
    return it->second;
  }

  std::string match_item(const std::string& label) {
    if (label.empty()) return "";
    std::string key = side_;
    key += '\x1f';
    key += section_;
    key += '\x1f';
    key += label;
    auto it = items_.find(key);
    if (it == items_.end()) it = items_.emplace(std::move(key), find_item(label)).first;
    return it->second;
  }

  std::string find_item(const std::string& label) const {
    std::string stripped = strip_ordinal(label);
    auto try_items = [&](const auto& items, bool constrained) -> std::string {
      for (const auto& item : items) {
        if (constrained != !item.after.empty()) continue;
        // income.* items belong to income blocks, expenditure.* to expenditure
        // blocks: "国有资本经营预算" is an income line on one side and a function
        // class on the other.
        if (!side_.empty() &&
            (item.id.rfind("income.", 0) == 0 || item.id.rfind("expenditure.", 0) == 0) &&
            item.id.rfind(side_ + ".", 0) != 0) {
          continue;
        }
        if (constrained && item.after != section_) continue;
        for (const LabelPattern& p : item.labels) {
          if (p.matches(stripped)) return item.id;
        }
      }
      return "";
    };
    std::string id = try_items(table_.items, true);
    if (id.empty()) id = try_items(vocabulary_.default_items, true);
    if (id.empty()) id = try_items(table_.items, false);
    if (id.empty()) id = try_items(vocabulary_.default_items, false);
    return id;
  }

  void read_block(std::size_t block_index, TableExtraction& out) {
    const BlockBinding& block = *blocks_[block_index];
    const std::vector<ValueColumn>& values = value_columns_[block_index];
    // An unlabelled row is the grand total only where the row keys were all
    // read: with a key left unbound every row would look unlabelled.
    bool keys_complete = !block.keys.empty();
    for (const KeySpec& key : block.spec->keys) {
      if (std::find(binding_.unbound_keys.begin(), binding_.unbound_keys.end(), &key) !=
          binding_.unbound_keys.end())
        keys_complete = false;
    }
    const bool keyed = keys_complete;
    // The columns this block accounts for: its span, and for the outer blocks
    // the table's edges (cells beyond the header).
    const std::uint32_t span_first =
        block_index == 0 ? std::min(block.first_col, region_.first_col) : block.first_col;
    const std::uint32_t span_last = block_index + 1 == blocks_.size()
                                        ? std::max(block.last_col, region_.last_col)
                                        : block.last_col;
    RowKeys previous;
    std::string unit_code_context, unit_name_context;
    // A unit row that also carries a classification code (Shaanxi 表11:
    // "210 15 06 | 611002 | …") heads only the rows under that same code.
    // (A flag beside a value, not std::optional: GCC 12 warns falsely on an
    // optional of this struct.)
    RowKeys unit_scope;
    bool unit_scoped = false;
    std::vector<std::string> groups;  // open group headings, outermost first
    // The facts of the previous row when it was a group heading or a unit
    // row: whether it heads something is decided by the row after it.
    struct Pending {
      std::vector<Fact> facts;
      int group_level = -1;
      std::string unit_code;
    } pending;
    bool have_pending = false;
    section_.clear();
    side_ = block.spec->side;
    for (std::uint32_t row : region_.body_rows) {
      if (!surveying_ && structure_row(row, span_first, span_last)) continue;
      RowKeys keys = read_keys(block, row, previous);
      if (shifted_rows_.count(row)) {
        if (!surveying_) account_row(row, span_first, span_last, true);
        continue;
      }
      if (sheet_.kind == SheetKind::Text && keys_are_header_words(block, row)) keys = RowKeys{};
      if (keys.unit_row) {
        unit_code_context = keys.unit_code;
        unit_name_context = keys.unit_name.empty() ? keys.label : keys.unit_name;
        unit_scoped = has_code(keys);
        if (unit_scoped) unit_scope = keys;
        if (keys.unit_name.empty()) keys.unit_name = keys.label;
      } else {
        if (unit_scoped && !within_codes(keys, unit_scope)) {
          unit_code_context.clear();
          unit_name_context.clear();
          unit_scoped = false;
        }
        // A grand-total line (合计/总计, not a unit's 小计) closing the table
        // (Hubei 表10) belongs to no unit.
        const bool grand_total =
            is_total_label(keys.label) && keys.label.find("小计") == std::string::npos;
        if (keys.unit_code.empty() && !grand_total) keys.unit_code = unit_code_context;
        if (keys.unit_name.empty() && !grand_total) keys.unit_name = unit_name_context;
      }
      keys.item = match_item(keys.label);
      if (!keys.label.empty() && is_top_level_label(keys.label)) section_ = keys.item;
      // A summary line (一、财政拨款, 本年支出合计) is never a group heading.
      const bool is_group = keys.group_level >= 0 && keys.item.empty();
      if (block.spec->label_codes && !has_code(keys) && !keys.label.empty() && keys.item.empty()) {
        if (auto code = vocabulary_.code_for_name(*block.spec->label_codes, keys.label)) {
          assign_code(keys, *block.spec->label_codes, *code);
        }
      }
      const bool unlabelled =
          keys.label.empty() && !has_code(keys) && !keys.unit_row && keys.project.empty();
      const bool is_total = (keyed && unlabelled) || is_total_label(keys.label) ||
                            matches_any(table_.total_rows, keys.label);
      // Unit rows, group headings and total rows name no project.
      if (keys.unit_row || is_group || is_total) keys.project.clear();
      const bool detail = !is_group && !keys.unit_row && !is_total && keys.item.empty();
      if (have_pending) {
        // A heading heads the row after it when that row is deeper: a detail
        // row, a unit row, or a group heading of a deeper level.
        bool deeper = false;
        if (pending.group_level >= 0) {
          deeper = detail || keys.unit_row || (is_group && keys.group_level > pending.group_level);
        } else {
          // Unit rows without detail (Hubei 表5-2 03 → 026 → 026001): a unit
          // row followed by a unit row with a longer code is its parent.
          deeper = keys.unit_row && keys.unit_code.size() > pending.unit_code.size();
        }
        if (deeper) {
          for (Fact& f : pending.facts) f.is_total = true;
        }
        hand_on(pending.facts, out);
        have_pending = false;
      }
      if (is_group) {
        groups.resize(static_cast<std::size_t>(keys.group_level));
        groups.push_back(keys.group_text);
        if (keys.category.empty()) keys.category = keys.group_text;
      } else if (!keys.item.empty()) {
        groups.clear();  // a summary line (本年支出合计 …) closes every group
      } else if (detail && keys.category.empty()) {
        for (auto g = groups.rbegin(); g != groups.rend(); ++g) {
          if (!g->empty()) {
            keys.category = *g;
            break;
          }
        }
      }
      if (surveying_) {
        survey_row(block, values, row, keys);
      } else {
        const bool total = is_total || is_parent_row(keys);
        row_consumed_.clear();
        for (const ValueColumn& column : values) {
          if (emit(block, column, row, keys, total, &row_facts_)) row_consumed_.insert(column.col);
        }
        account_row(row, span_first, span_last, false);
        if (is_group || keys.unit_row) {
          pending.facts.swap(row_facts_);  // row_facts_ gets the emptied vector back
          pending.group_level = keys.group_level;
          pending.unit_code = keys.unit_code;
          have_pending = true;
        } else {
          hand_on(row_facts_, out);
        }
      }
      previous = keys;
    }
    if (have_pending) hand_on(pending.facts, out);
  }

  void hand_on(std::vector<Fact>& facts, TableExtraction& out) {
    for (Fact& f : facts) consume_(std::move(f));
    out.fact_count += facts.size();
    facts.clear();
  }

  // Whether a parent-code row is a total depends on rows anywhere in the
  // table (a 类 is a total when one of its 款 has values). Facts are handed on
  // as they are made, so a first pass, with its messages discarded, collects
  // the codes of the rows that give facts: exactly the codes the facts will
  // carry. Tables without code or unit columns need no such pass.
  bool needs_code_survey() const {
    for (const BlockBinding* block_ptr : blocks_) {
      const BlockBinding& block = *block_ptr;
      if (block.spec->label_codes) return true;
      for (const BoundKey& key : block.keys) {
        const std::string& name = key.spec->name;
        if (name == "function_code" || name == "econ_code" || name == "gov_econ_code" ||
            name == "income_code" || name == "code" || name == "unit_code")
          return true;
      }
    }
    return false;
  }

  void survey_codes(TableExtraction& out) {
    DiagnosticSink discarded;
    DiagnosticSink* const real = sink_;
    sink_ = &discarded;
    surveying_ = true;
    for (std::size_t b = 0; b < blocks_.size(); ++b) read_block(b, out);
    surveying_ = false;
    sink_ = real;
    header_rows_reported_.clear();  // the second pass reports them
  }

  void survey_row(const BlockBinding& block, const std::vector<ValueColumn>& values,
                  std::uint32_t row, const RowKeys& keys) {
    if (!has_code(keys) && keys.unit_code.empty()) return;
    for (const ValueColumn& column : values) {
      if (!emit(block, column, row, keys, false, nullptr)) continue;
      if (!keys.function_code.empty()) function_codes_.insert(keys.function_code);
      if (!keys.econ_code.empty()) econ_codes_.insert(keys.econ_code);
      if (!keys.gov_econ_code.empty()) gov_codes_.insert(keys.gov_econ_code);
      if (!keys.income_code.empty()) income_codes_.insert(keys.income_code);
      if (keys.unit_row) {
        unit_codes_.insert(keys.unit_code);
      } else if (!keys.unit_code.empty()) {
        units_with_detail_.insert(keys.unit_code);
      }
      return;  // one fact of the row is enough
    }
  }

  // Parent-code rows (a 类 or 款 with children in the table) and unit rows
  // that head other rows (child units, or detail rows under the unit) are totals.
  bool is_parent_row(const RowKeys& k) const {
    auto has_child = [](const std::set<std::string>& codes, const std::string& code) {
      auto it = codes.upper_bound(code);
      return it != codes.end() && it->size() > code.size() &&
             it->compare(0, code.size(), code) == 0;
    };
    if (k.unit_row &&
        (has_child(unit_codes_, k.unit_code) || units_with_detail_.count(k.unit_code)))
      return true;
    if (!k.function_code.empty() && k.econ_code.empty() &&
        has_child(function_codes_, k.function_code))
      return true;
    if (!k.econ_code.empty() && k.function_code.empty() && has_child(econ_codes_, k.econ_code))
      return true;
    if (!k.income_code.empty() && has_child(income_codes_, k.income_code)) return true;
    return !k.gov_econ_code.empty() && k.econ_code.empty() && k.function_code.empty() &&
           has_child(gov_codes_, k.gov_econ_code);
  }

  // Whether a row is counted, not money: its label names a count unit
  // (公务用车保有量（辆）), the mapping lists it in count_rows, or the table's
  // unit line is not money (单位：台、辆、套).
  bool counts_row(const std::string& label) {
    if (counts_table_) return true;
    if (label.empty()) return false;
    auto it = count_rows_.find(label);
    if (it == count_rows_.end())
      it = count_rows_
               .emplace(label, label_names_count(label) || matches_any(table_.count_rows, label))
               .first;
    return it->second;
  }

  static bool matches_any(const std::vector<LabelPattern>& patterns, const std::string& label) {
    if (patterns.empty() || label.empty()) return false;
    const std::string stripped = strip_ordinal(label);
    return std::any_of(patterns.begin(), patterns.end(),
                       [&](const LabelPattern& p) { return p.matches(stripped); });
  }

  // Makes the fact of one value cell into `row_facts`; without `row_facts`
  // (the code survey), only says whether there would be one.
  bool emit(const BlockBinding& block, const ValueColumn& column, std::uint32_t row,
            const RowKeys& keys, bool is_total, std::vector<Fact>* row_facts) {
    const std::uint32_t col = column.col;
    CellView cell = sheet_.cell(row, col);
    if (cell.empty())
      return false;  // blank, or covered by a merge whose value sits at its top-left
    MeasureUnit unit = column.spec ? column.spec->unit : MeasureUnit::Money;
    if (unit == MeasureUnit::Money && counts_row(keys.label)) unit = MeasureUnit::Count;
    Fact f;
    f.value.clear();
    switch (unit) {
      case MeasureUnit::Text: {
        std::string text = trim(cell.value);
        if (text.empty() || is_placeholder_text(text)) return false;
        set_text_value(f, std::move(text));
        break;
      }
      case MeasureUnit::Percent: {
        std::string text = trim(cell.value);
        bool percent_sign = !text.empty() && (text.back() == '%');
        if (percent_sign) text.pop_back();
        AmountReading r = cell.type == CellType::Number && !percent_sign ? read_amount(cell)
                                                                         : read_amount_text(text);
        if (!accept(r, row, col, cell, row_facts != nullptr)) return false;
        // A numeric cell under a percent format holds the fraction (0.5 = 50%).
        Decimal v = r.value;
        if (cell.type == CellType::Number) {
          auto percent = v.scaled_by_power_of_ten(2);
          if (!percent) {
            sink_->warn("NORM-OVERFLOW", "the percentage is too large to represent exactly",
                        at(row, col), std::string(cell.raw));
            return false;
          }
          v = *percent;
        }
        f.value = v.to_string();
        f.repaired = r.repaired;
        break;
      }
      case MeasureUnit::Count:
      case MeasureUnit::Money: {
        AmountReading r = read_amount(cell);
        if (!accept(r, row, col, cell, row_facts != nullptr)) return false;
        Decimal v = r.value;
        if (unit == MeasureUnit::Money) {
          auto yuan = v.scaled_by_power_of_ten(unit_.power_of_ten);
          if (!yuan) {
            sink_->warn("NORM-OVERFLOW", "the amount is too large to convert to yuan exactly",
                        at(row, col), std::string(cell.raw));
            return false;
          }
          v = *yuan;
        }
        f.value = v.to_string();
        f.repaired = r.repaired;
        break;
      }
    }
    if (!row_facts) return true;
    f.source_file = context_.source_file;
    f.source_sheet = sheet_.name;
    f.source_cell = a1(row, col);
    f.template_id = family_.id;
    f.table_code = table_code_;
    f.table_kind = table_.kind;
    f.department = department_;
    f.fiscal_year = fiscal_year_;
    f.stage = stage_;
    f.unit_code = keys.unit_code;
    f.unit_name = keys.unit_name;
    f.side = block.spec->side;
    f.row_label = keys.label;
    f.item = keys.item;
    f.function_code = keys.function_code;
    f.econ_code = keys.econ_code;
    f.gov_econ_code = keys.gov_econ_code;
    f.income_code = keys.income_code;
    f.project = keys.project;
    if (column.spec) f.measure = column.spec->id;
    f.column_label = column_label(column);
    if (unit != MeasureUnit::Text) f.unit = measure_unit_name(unit);
    f.raw_value = std::string(cell.raw);
    f.raw_unit = unit == MeasureUnit::Money ? unit_.text : "";
    f.is_total = is_total;
    f.category = keys.category;
    f.table_title = region_.title();
    if (column.spec) f.period = column.spec->period;
    row_facts->push_back(std::move(f));
    return true;
  }

  const std::string& column_label(const ValueColumn& column) {
    static const std::string kNone;
    if (!column.header) return kNone;
    auto it = column_labels_.find(column.header);
    if (it == column_labels_.end())
      it = column_labels_.emplace(column.header, column.header->label()).first;
    return it->second;
  }

  // A row of column numbers (1 2 3 …) or a 栏次/行次 row that reached the body:
  // structure, never facts. Reported once with the row's range.
  bool structure_row(std::uint32_t row, std::uint32_t first, std::uint32_t last) {
    const SheetRow* r = find_row(row);
    if (!r) return false;
    std::vector<std::uint32_t> numbers;
    bool caption = false;
    for (const CellView& cell : sheet_.row_cells(*r)) {
      if (cell.col < first || cell.col > last) continue;
      const std::string text = normalise_label(cell.value);
      if (text.empty()) continue;
      if (text == "栏次" || text == "行次") {
        caption = true;
        continue;
      }
      if (key_columns_.count(cell.col) && !caption && numbers.empty()) {
        // 类/款/项 labels or a row label before the numbers.
        if (text == "类" || text == "款" || text == "项") continue;
        return false;
      }
      if (text.size() > 3 || text.find_first_not_of("0123456789") != std::string::npos)
        return false;
      numbers.push_back(static_cast<std::uint32_t>(std::stoul(text)));
    }
    if (numbers.size() < (caption ? 1u : 3u)) return false;
    for (std::size_t i = 0; i < numbers.size(); ++i) {
      if (numbers[i] != numbers.front() + i || (!caption && numbers.front() != 1)) return false;
    }
    if (structure_rows_reported_.insert(row).second) {
      sink_->info(
          "EXTRACT-STRUCTURE-ROW",
          "a row of column numbers (栏次) stands in the body; its numbers are no amounts",
          Location{context_.source_file, sheet_.name, RangeAddress{row, first, row, last}.to_a1()});
    }
    return true;
  }

  // Cell accounting: every cell of the row that reads as a number became a
  // fact, was read as a key (a code), stands in a column of row numbers or
  // codes, or is named by a message; any other is counted as unaccounted and
  // reported, so that a lost number never goes unnoticed.
  void account_row(std::uint32_t row, std::uint32_t first, std::uint32_t last, bool rejected) {
    const SheetRow* r = find_row(row);
    if (!r) return;
    bool scanned = false;
    for (const CellView& cell : sheet_.row_cells(*r)) {
      if (cell.col < first || cell.col > last) continue;
      if (read_amount(cell).status != AmountReading::Status::Ok) continue;
      ++numeric_cells_;
      if (rejected || row_consumed_.count(cell.col) || key_columns_.count(cell.col) ||
          reasoned_columns_.count(cell.col))
        continue;
      if (!scanned) {
        scan_diagnostics();
        scanned = true;
      }
      if (named_cells_.count({row, cell.col})) continue;
      if (std::any_of(named_ranges_.begin(), named_ranges_.end(),
                      [&](const RangeAddress& a) { return a.contains(row, cell.col); }))
        continue;
      ++unaccounted_;
      sink_->warn("EXTRACT-UNACCOUNTED",
                  "a number in the body of " + table_name() +
                      " became no fact and no rule explains why; please report this file",
                  at(row, cell.col), std::string(cell.value));
      named_cells_.insert({row, cell.col});
      ++scanned_;  // the warning just added names this cell
    }
  }

  // The cells and ranges that messages of this table name, read from the
  // sink as far as it has grown.
  void scan_diagnostics() {
    const std::vector<Diagnostic>& items = sink_->items();
    for (; scanned_ < items.size(); ++scanned_) {
      const Diagnostic& d = items[scanned_];
      if (d.where.sheet != sheet_.name || d.where.cell.empty()) continue;
      if (d.where.cell.find(':') != std::string::npos) {
        if (auto range = parse_range(d.where.cell)) named_ranges_.push_back(*range);
      } else if (auto cell = parse_a1(d.where.cell)) {
        named_cells_.insert({cell->row, cell->col});
      }
    }
  }

  bool accept(const AmountReading& r, std::uint32_t row, std::uint32_t col, const CellView& cell,
              bool report) {
    if (!report) return r.status == AmountReading::Status::Ok;
    switch (r.status) {
      case AmountReading::Status::Ok:
        if (r.repaired) {
          sink_->info("NORM-REPAIRED",
                      "read '" + std::string(cell.value) + "' as " + r.value.to_string() +
                          " after removing spaces inside the number",
                      at(row, col));
        }
        return true;
      case AmountReading::Status::Blank:
      case AmountReading::Status::Placeholder:
        return false;
      case AmountReading::Status::Invalid:
        sink_->warn("NORM-UNREADABLE",
                    "cannot read an amount: " + r.problem + "; the cell is not converted",
                    at(row, col), std::string(cell.value));
        return false;
    }
    return false;
  }

  const Sheet& sheet_;
  const TableRegion& region_;
  const FamilySpec& family_;
  const TableSpec& table_;
  const TableBinding& binding_;
  const Vocabulary& vocabulary_;
  const DocumentContext& context_;
  DiagnosticSink* sink_;  // a discarding sink during the code survey
  const FactConsumer& consume_;
  MoneyUnit unit_{"元", 0};
  std::string section_;
  std::string side_;
  bool surveying_ = false;
  // The same for every fact of the table (run), or of a column.
  std::string department_, fiscal_year_, table_code_, stage_;
  std::map<const ColumnHeader*, std::string> column_labels_;
  std::unordered_map<std::string, bool> total_labels_;  // is_total_label
  std::unordered_map<std::string, std::string> items_;  // match_item, by side, section, label
  std::vector<Fact> row_facts_;                         // the current row's facts
  // Codes of the rows that give facts (survey_codes), for is_parent_row.
  std::set<std::string> function_codes_, econ_codes_, gov_codes_, income_codes_, unit_codes_,
      units_with_detail_;
  bool counts_table_ = false;  // the unit line names counts (单位：台、辆、套)
  std::unordered_map<std::string, bool> count_rows_;  // counts_row, by label
  // The value columns of each block (bound measures, then unbound columns with values).
  std::vector<std::vector<ValueColumn>> value_columns_;
  std::vector<const BlockBinding*> blocks_;  // the binding's, or one spanning the table
  BlockSpec fallback_spec_;
  BlockBinding fallback_block_;
  // Cell accounting (account_row).
  std::set<std::uint32_t> key_columns_;       // columns read as row keys
  std::set<std::uint32_t> reasoned_columns_;  // 行次 and code columns, reported as such
  std::set<std::uint32_t> row_consumed_;      // columns of the current row that gave a fact
  std::set<std::uint32_t> structure_rows_reported_;
  std::size_t numeric_cells_ = 0, unaccounted_ = 0;
  std::size_t scanned_ = 0;  // sink items read by scan_diagnostics
  std::set<std::pair<std::uint32_t, std::uint32_t>> named_cells_;
  std::vector<RangeAddress> named_ranges_;
  std::set<std::uint32_t> shifted_rows_;          // text dump rows left out (find_shifted_rows)
  std::set<std::uint32_t> header_rows_reported_;  // rows reported by keys_are_header_words
};

}  // namespace

std::string table_stage(const TableRegion& region, const FamilySpec& family) {
  const std::string title = normalise_label(region.title());
  if (title.find("决算") != std::string::npos) return "final";
  if (title.find("预算") != std::string::npos) return "budget";
  return family.stage;
}

TableExtraction extract_table(const Sheet& sheet, const TableRegion& region,
                              const FamilySpec& family, const TableSpec& table,
                              const TableBinding& binding, const Vocabulary& vocabulary,
                              const DocumentContext& context, DiagnosticSink& sink,
                              const FactConsumer& consume) {
  return TableReader(sheet, region, family, table, binding, vocabulary, context, sink, consume)
      .run();
}

}  // namespace bc
