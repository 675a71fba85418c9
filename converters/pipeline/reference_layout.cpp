#include "pipeline/reference_layout.h"

#include <algorithm>

#include "core/diagnostic.h"
#include "headers/label_text.h"
#include "locate/table_locator.h"
#include "read/workbook.h"

namespace bc {

std::vector<std::string> header_labels(const Sheet& sheet, const TableRegion& region) {
  std::vector<std::string> labels;
  if (!region.has_header) return labels;
  for (const SheetRow& row : sheet.rows()) {
    if (row.index < region.header_first || row.index > region.header_last) continue;
    for (const CellView& cell : sheet.row_cells(row)) {
      if (cell.col < region.first_col || cell.col > region.last_col) continue;
      std::string text = normalise_label(cell.value);
      if (!text.empty()) labels.push_back(text);
    }
  }
  std::sort(labels.begin(), labels.end());
  return labels;
}

ReferenceLayouts& ReferenceLayouts::shared() {
  static ReferenceLayouts instance;
  return instance;
}

const std::vector<ReferenceTable>& ReferenceLayouts::tables(const FamilySpec& family) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto found = by_path_.find(family.reference_layout);
  if (found != by_path_.end()) return found->second;
  std::vector<ReferenceTable>& out = by_path_[family.reference_layout];
  if (family.reference_layout.empty()) return out;
  try {
    auto workbook = open_workbook(family.reference_layout, ReadOptions{});
    for (std::size_t i = 0; i < workbook->info().sheets.size(); ++i) {
      Sheet sheet = workbook->read_sheet(i);
      for (const TableRegion& region : locate_tables(sheet)) {
        if (!region.has_header) continue;
        ReferenceTable table;
        table.code = normalise_label(region.code.value);
        table.title = normalise_label(region.title());
        table.width = region.last_col - region.first_col + 1;
        table.labels = header_labels(sheet, region);
        for (ColumnHeader h : flatten_headers(sheet, region)) {
          h.col -= region.first_col;
          table.headers.push_back(std::move(h));
        }
        out.push_back(std::move(table));
      }
    }
  } catch (const InputError&) {
    out.clear();  // a broken reference layout only disables the repair; `mappings check` reports missing files
  }
  return out;
}

std::optional<std::vector<ColumnHeader>> ReferenceLayouts::realign(const MappingSet& mappings, const Sheet& sheet,
                                                                   const TableRegion& region,
                                                                   std::string& matched_family) {
  const std::vector<std::string> labels = header_labels(sheet, region);
  if (labels.empty()) return std::nullopt;
  const std::string code = normalise_label(region.code.value);
  const std::string title = normalise_label(region.title());
  const std::uint32_t width = region.last_col - region.first_col + 1;
  for (const FamilySpec& family : mappings.families) {
    for (const ReferenceTable& reference : tables(family)) {
      bool same_table = (!code.empty() && code == reference.code) || (!title.empty() && title == reference.title);
      if (!same_table || reference.labels != labels || width > reference.width) continue;
      std::vector<ColumnHeader> headers = reference.headers;
      for (ColumnHeader& h : headers) h.col += region.first_col;
      matched_family = family.id;
      return headers;
    }
  }
  return std::nullopt;
}

}  // namespace bc
