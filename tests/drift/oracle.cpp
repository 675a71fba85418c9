#include "drift/oracle.h"

#include <functional>
#include <set>

#include "core/address.h"
#include "core/decimal.h"

namespace bc::drift {

Reference reference_of(const FileOutcome& outcome) {
  Reference ref;
  outcome.for_each_fact([&](const Fact& f) {
    if (f.unit == "text") return;
    auto at = parse_a1(f.source_cell);
    if (!at) return;
    ref[Origin{f.source_sheet, at->row, at->col}] = ReferenceFact{
        f.value, f.unit, f.measure, f.function_code, f.econ_code, f.table_code, f.is_total};
  });
  return ref;
}

namespace {

// At most `n` bytes, cut at a character boundary (messages quote Chinese labels).
std::string clipped(const std::string& text, std::size_t n) {
  if (text.size() <= n) return text;
  while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  return text.substr(0, n) + "…";
}

bool same_number(const std::string& a, const std::string& b) {
  auto da = Decimal::parse(a), db = Decimal::parse(b);
  return da && db ? da->compare(*db) == 0 : a == b;
}

std::string describe(const Fact& f) {
  return "value=" + f.value + " unit=" + f.unit + " measure='" + f.measure +
         "' fn=" + f.function_code + " econ=" + f.econ_code + " table=" + f.table_code;
}

bool is_form_kind(const std::string& kind) {
  return kind.rfind("perf_", 0) == 0 || kind == "project_performance_self_evaluation";
}

bool accounted(const FileOutcome& outcome, const std::string& sheet, const std::string& cell,
               const std::function<std::string(const std::string&)>& sheet_of) {
  const auto at = parse_a1(cell);
  for (const Diagnostic& d : outcome.diagnostics.items()) {
    if (sheet_of(d.where.sheet) != sheet || d.where.cell.empty()) continue;
    auto range = parse_range(d.where.cell);
    if (range && at && range->contains(at->row, at->col)) return true;
  }
  return false;
}

}  // namespace

CheckResult check_variant(const Variant& variant, const FileOutcome& outcome,
                          const Reference& reference) {
  CheckResult result;
  const VariantCells cells = variant_cells(variant);
  // Reference cells still in the variant, by original cell -> variant (sheet, cell).
  std::map<Origin, std::pair<std::string, std::string>> present;
  for (const auto& [where, cell] : cells) {
    if (cell.origin && reference.count(*cell.origin)) present[*cell.origin] = where;
  }
  result.expected = present.size();
  std::set<Origin> recovered;
  std::set<std::pair<std::string, std::string>> seen;
  auto fail = [&](const std::string& line) { result.failures.push_back(line); };

  // The CSV reader names its one sheet after the file ("YS05.csv"): it is the variant's sheet.
  auto sheet_of = [&](const std::string& name) {
    return variant.writer == Writer::Csv && !name.empty() ? variant.sheets.at(0).name : name;
  };
  outcome.for_each_fact([&](const Fact& f) {
    const std::string sheet = sheet_of(f.source_sheet);
    const std::string at = sheet + "!" + f.source_cell;
    if (!seen.insert({sheet, f.source_cell}).second) fail("[wrong] two facts at " + at);
    auto it = cells.find({sheet, f.source_cell});
    if (it == cells.end()) {
      fail("[wrong] fact from an empty cell " + at + ": " + describe(f));
      return;
    }
    const VariantCell& cell = it->second;
    if (!cell.origin || !reference.count(*cell.origin)) {
      if (f.unit == "text" && !cell.number) return;  // a text measure from a text cell
      // A performance form's indicator values and scores are text facts, also from a
      // number cell (20, 100%): verbatim, checked by performance_forms_test.cpp.
      if (f.unit == "text" && is_form_kind(f.table_kind)) return;
      if (!cell.added_yuan.empty()) {
        if (!f.measure.empty())
          fail("[wrong] added column " + at + " bound to measure '" + f.measure + "'");
        if (!same_number(f.value, cell.added_yuan))
          fail("[wrong] added column " + at + " value " + f.value + ", cell says " +
               cell.added_yuan);
        return;
      }
      fail("[wrong] fact at " + at + " which has no reference fact" +
           (cell.origin ? " (original " + cell.origin->sheet + "!" + cell.origin->a1() + ")"
                        : " (added cell)") +
           ": " + describe(f));
      return;
    }
    const ReferenceFact& ref = reference.at(*cell.origin);
    const std::string from =
        at + " (original " + cell.origin->sheet + "!" + cell.origin->a1() + ")";
    bool ok = true;
    if (!same_number(f.value, ref.value) || f.unit != ref.unit) {
      fail("[wrong] " + from + " " + f.value + " " + f.unit + ", reference " + ref.value + " " +
           ref.unit);
      ok = false;
    }
    if (!f.measure.empty() && f.measure != ref.measure) {
      fail("[wrong] " + from + " measure '" + f.measure + "', reference '" + ref.measure + "'");
      ok = false;
    }
    if (f.function_code != ref.function_code || f.econ_code != ref.econ_code) {
      fail("[wrong] " + from + " codes fn=" + f.function_code + " econ=" + f.econ_code +
           ", reference fn=" + ref.function_code + " econ=" + ref.econ_code);
    }
    if (ok) recovered.insert(*cell.origin);
  });
  result.recovered = recovered.size();

  std::size_t unaccounted = 0;
  std::set<std::string> losing_sheets;
  for (const auto& [origin, where] : present) {
    if (!recovered.count(origin)) losing_sheets.insert(where.first);
  }
  std::string first_unaccounted;
  for (const auto& [origin, where] : present) {
    if (recovered.count(origin)) continue;
    if (accounted(outcome, where.first, where.second, sheet_of)) continue;
    if (++unaccounted <= 5) {
      fail("[unaccounted] " + where.first + "!" + where.second + " (original " + origin.sheet +
           "!" + origin.a1() + ", " + reference.at(origin).table_code + " " +
           reference.at(origin).value + ") did not come out and no diagnostic names it");
    }
  }
  if (unaccounted > 5)
    fail("[unaccounted] ... " + std::to_string(unaccounted - 5) +
         " more reference numbers not named by a diagnostic");
  if (!result.recovery_ok()) {
    std::string why =
        outcome.status == FileStatus::Failed ? "; file failed: " + clipped(outcome.error, 240) : "";
    std::size_t shown = 0;
    for (const TableOutcome& t : outcome.tables) {
      if (t.status == TableStatus::Converted || !losing_sheets.count(sheet_of(t.sheet)) ||
          shown >= 3)
        continue;
      ++shown;
      why += std::string("; ") + sheet_of(t.sheet) + "!" + t.range + " " +
             table_status_name(t.status) + ": " + clipped(t.message, 200);
    }
    fail("[recovery] " + std::to_string(result.recovered) + " of " +
         std::to_string(result.expected) + " reference numbers came out" + why);
  }
  return result;
}

}  // namespace bc::drift
