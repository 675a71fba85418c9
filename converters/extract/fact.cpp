#include "extract/fact.h"

#include <utility>

namespace bc {

const std::vector<std::string>& canonical_columns() {
  static const std::vector<std::string> columns = {"source_file",
                                                   "source_sheet",
                                                   "source_cell",
                                                   "template",
                                                   "table_code",
                                                   "table_kind",
                                                   "department",
                                                   "fiscal_year",
                                                   "stage",
                                                   "unit_code",
                                                   "unit_name",
                                                   "side",
                                                   "row_label",
                                                   "item",
                                                   "function_code",
                                                   "econ_code",
                                                   "gov_econ_code",
                                                   "project",
                                                   "measure",
                                                   "column_label",
                                                   "value",
                                                   "unit",
                                                   "raw_value",
                                                   "raw_unit",
                                                   "is_total",
                                                   "category",
                                                   "table_title",
                                                   "repaired",
                                                   "period",
                                                   "income_code",
                                                   "value_text",
                                                   "indicator_level1",
                                                   "indicator_level2",
                                                   "indicator_level3",
                                                   "comparator",
                                                   "target_number",
                                                   "target_unit"};
  return columns;
}

std::array<std::string_view, kCanonicalColumnCount> canonical_fields(const Fact& f) {
  const bool text = is_text_fact(f);
  return {f.source_file,
          f.source_sheet,
          f.source_cell,
          f.template_id,
          f.table_code,
          f.table_kind,
          f.department,
          f.fiscal_year,
          f.stage,
          f.unit_code,
          f.unit_name,
          f.side,
          f.row_label,
          f.item,
          f.function_code,
          f.econ_code,
          f.gov_econ_code,
          f.project,
          f.measure,
          f.column_label,
          text ? std::string_view() : std::string_view(f.value),
          f.unit,
          f.raw_value,
          f.raw_unit,
          f.is_total ? "1" : "0",
          f.category,
          f.table_title,
          f.repaired ? "1" : "0",
          f.period,
          f.income_code,
          text ? std::string_view(f.value) : std::string_view(),
          f.indicator_level1,
          f.indicator_level2,
          f.indicator_level3,
          f.comparator,
          f.target_number,
          f.target_unit};
}

void set_text_value(Fact& fact, std::string text) {
  fact.value = std::move(text);
  fact.unit = "text";
}

std::vector<std::string> canonical_values(const Fact& f) {
  const auto fields = canonical_fields(f);
  return {fields.begin(), fields.end()};
}

}  // namespace bc
