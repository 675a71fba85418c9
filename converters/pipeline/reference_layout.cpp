#include "pipeline/reference_layout.h"

#include <algorithm>

#include "core/diagnostic.h"
#include "headers/label_text.h"
#include "locate/table_locator.h"
#include "read/workbook.h"

namespace bc {
namespace {

std::uint32_t width_of(const std::vector<HeaderCellText>& cells) {
  std::uint32_t width = 0;
  for (const HeaderCellText& c : cells) width = std::max(width, c.col + 1);
  return width;
}

}  // namespace

std::vector<std::string> header_labels(const Sheet& sheet, const TableRegion& region) {
  std::vector<std::string> labels;
  for (const HeaderCellText& cell : header_cells(sheet, region))
    labels.push_back(normalise_label(cell.text));
  std::sort(labels.begin(), labels.end());
  return labels;
}

std::vector<HeaderCellText> header_cells(const Sheet& sheet, const TableRegion& region) {
  std::vector<HeaderCellText> cells;
  if (!region.has_header) return cells;
  for (const SheetRow& row : sheet.rows()) {
    if (row.index < region.header_first || row.index > region.header_last) continue;
    for (const CellView& cell : sheet.row_cells(row)) {
      if (cell.col < region.first_col || cell.col > region.last_col) continue;
      if (normalise_label(cell.value).empty()) continue;
      cells.push_back(HeaderCellText{trim(cell.value), row.index, cell.col - region.first_col});
    }
  }
  return cells;
}

std::vector<HeaderCellText> trailing_header_gap(const Sheet& sheet, const TableRegion& region) {
  const std::vector<HeaderCellText> cells = header_cells(sheet, region);
  const std::uint32_t width = width_of(cells);
  if (width < 2) return {};
  const std::uint32_t last = width - 1;
  for (const HeaderCellText& c : cells) {
    if (c.col == last - 1) return {};  // the column before has a header: no gap
  }
  bool values_before = false;
  for (std::uint32_t row : region.body_rows) {
    for (std::uint32_t col : {last - 1, last}) {
      CellView cell = sheet.cell(row, col + region.first_col);
      if (normalise_label(cell.value).empty()) continue;
      if (col == last) return {};  // the last column has values: no gap
      values_before = true;
    }
  }
  if (!values_before) return {};
  std::vector<HeaderCellText> moved;
  for (const HeaderCellText& c : cells) {
    if (c.col == last) moved.push_back(c);
  }
  return moved;
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
        for (const HeaderCellText& cell : header_cells(sheet, region)) {
          const std::uint32_t col = cell.col + region.first_col;
          const RangeAddress* merge = sheet.merge_at(cell.row, col);
          std::uint32_t last = merge ? std::max(merge->last_col, col) : col;
          last = std::min(last, region.last_col) - region.first_col;
          table.spans.push_back(ReferenceLabelSpan{cell.text, cell.col, last, cell.row});
          table.header_width = std::max(table.header_width, last + 1);
        }
        for (ColumnHeader h : flatten_headers(sheet, region)) {
          h.col -= region.first_col;
          table.headers.push_back(std::move(h));
        }
        out.push_back(std::move(table));
      }
    }
  } catch (const InputError&) {
    out.clear();  // a broken reference layout only disables the repair; `mappings check` reports
                  // missing files
  }
  return out;
}

std::optional<Realignment> ReferenceLayouts::realign(const MappingSet& mappings, const Sheet& sheet,
                                                     const TableRegion& region,
                                                     std::string* refused) {
  std::vector<HeaderCellText> cells = header_cells(sheet, region);
  if (cells.empty()) return std::nullopt;
  if (!trailing_header_gap(sheet, region).empty()) {
    const std::uint32_t last = width_of(cells) - 1;
    for (HeaderCellText& c : cells) c.col -= c.col == last ? 1 : 0;
  }
  std::vector<std::string> labels;
  for (const HeaderCellText& c : cells) labels.push_back(normalise_label(c.text));
  std::sort(labels.begin(), labels.end());
  const std::string code = normalise_label(region.code.value);
  const std::string title = normalise_label(region.title());
  // The header band's own width: body rows that run further are the
  // extractor's to report (a row shifted by the extraction), not a reason to
  // refuse the layout.
  const std::uint32_t width = width_of(cells);
  auto make = [&](const FamilySpec& family, const ReferenceTable& reference) {
    Realignment out;
    out.headers = reference.headers;
    for (ColumnHeader& h : out.headers) h.col += region.first_col;
    out.family = family.id;
    out.reference = &reference;
    return out;
  };
  auto same_table = [&](const ReferenceTable& reference) {
    return (!code.empty() && code == reference.code) ||
           (!title.empty() && title == reference.title);
  };
  for (const FamilySpec& family : mappings.families) {
    for (const ReferenceTable& reference : tables(family)) {
      if (!same_table(reference) || reference.labels != labels || width > reference.width) continue;
      return make(family, reference);
    }
  }
  // OCR tolerance: the header band's last row is where labels stay over their columns.
  std::uint32_t leaf_row = 0;
  for (const HeaderCellText& c : cells) leaf_row = std::max(leaf_row, c.row);
  for (const FamilySpec& family : mappings.families) {
    for (const ReferenceTable& reference : tables(family)) {
      if (!same_table(reference)) continue;
      HeaderLabelMatch match =
          match_ocr_header(cells, leaf_row, width, reference.spans, reference.header_width);
      if (!match.accepted) {
        if (refused && refused->empty())
          *refused = family.id + " reference layout refused: " + match.reason;
        continue;
      }
      Realignment out = make(family, reference);
      out.exact = false;
      out.match = std::move(match);
      return out;
    }
  }
  return std::nullopt;
}

}  // namespace bc
