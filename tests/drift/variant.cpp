#include "drift/variant.h"

#include <xlsxwriter.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace bc::drift {

const char* writer_name(Writer writer) {
  switch (writer) {
    case Writer::Memory:
      return "memory";
    case Writer::Csv:
      return "csv";
    case Writer::Xlsx:
      return "xlsx";
  }
  return "?";
}

std::string Variant::id() const {
  return family + "-2024" + version + " " + kind + "#" + std::to_string(seed) + " (" +
         writer_name(writer) + ")";
}

VariantCells variant_cells(const Variant& variant) {
  VariantCells out;
  for (const Grid& g : variant.sheets) {
    for (const auto& [rc, cell] : g.cells) {
      out[{g.name, a1(rc.first, rc.second)}] =
          VariantCell{cell.origin, cell.added_yuan, cell.is_number()};
    }
  }
  return out;
}

MemoryWorkbook::MemoryWorkbook(std::vector<Sheet> sheets) : sheets_(std::move(sheets)) {
  info_.format = InputFormat::Xlsx;
  info_.container = "memory";
  for (const Sheet& s : sheets_)
    info_.sheets.push_back(SheetInfo{s.name, s.index, s.kind, s.state});
}

namespace {

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos &&
      (text.empty() || (text.front() != ' ' && text.back() != ' ')))
    return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  return out + "\"";
}

}  // namespace

void write_csv(const Grid& sheet, const std::string& path) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  const std::uint32_t rows = sheet.max_row(), cols = sheet.max_col();
  // Row n of the CSV is sheet row n, so addresses stay; merges are lost, as in a real export.
  for (std::uint32_t r = 0; r < rows; ++r) {
    std::string line;
    for (std::uint32_t c = 0; c < cols; ++c) {
      if (c > 0) line.push_back(',');
      if (const GridCell* cell = sheet.at(r, c)) line += csv_field(cell->value);
    }
    out << line << "\r\n";
  }
  if (!out) throw std::runtime_error("cannot write " + path);
}

void write_xlsx(const std::vector<Grid>& sheets, const std::string& path) {
  lxw_workbook* wb = workbook_new(path.c_str());
  if (!wb) throw std::runtime_error("cannot create " + path);
  for (const Grid& g : sheets) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, g.name.c_str());
    if (!ws) throw std::runtime_error("cannot add sheet " + g.name);
    lxw_row_col_options hidden = {};
    hidden.hidden = 1;
    for (std::uint32_t c : g.hidden_cols) {
      worksheet_set_column_opt(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                               LXW_DEF_COL_WIDTH, nullptr, &hidden);
    }
    for (std::uint32_t r : g.hidden_rows)
      worksheet_set_row_opt(ws, r, LXW_DEF_ROW_HEIGHT, nullptr, &hidden);
    // Merges first (they write blanks over their range), then every cell.
    for (const RangeAddress& m : g.merged) {
      worksheet_merge_range(ws, m.first_row, static_cast<lxw_col_t>(m.first_col), m.last_row,
                            static_cast<lxw_col_t>(m.last_col), "", nullptr);
    }
    for (const auto& [rc, cell] : g.cells) {
      const auto col = static_cast<lxw_col_t>(rc.second);
      if (cell.is_number()) {
        // A real writer stores the double; the reader's 15-digit rounding gives the decimal back.
        worksheet_write_number(ws, rc.first, col, std::strtod(cell.value.c_str(), nullptr),
                               nullptr);
      } else {
        worksheet_write_string(ws, rc.first, col, cell.value.c_str(), nullptr);
      }
    }
  }
  if (workbook_close(wb) != LXW_NO_ERROR) throw std::runtime_error("cannot write " + path);
}

FileOutcome convert_variant(const Variant& variant, const MappingSet& mappings,
                            const std::string& scratch_dir) {
  ConvertOptions options;
  std::string stem =
      variant.family + variant.version + "-" + variant.kind + "-" + std::to_string(variant.seed);
  for (char& c : stem) {
    if (c == '.' || c == '/') c = '_';
  }
  switch (variant.writer) {
    case Writer::Memory: {
      std::vector<Sheet> sheets;
      for (std::size_t i = 0; i < variant.sheets.size(); ++i)
        sheets.push_back(variant.sheets[i].to_sheet(static_cast<int>(i)));
      return convert_workbook(stem, std::make_unique<MemoryWorkbook>(std::move(sheets)), mappings,
                              options);
    }
    case Writer::Csv: {
      // The CSV reader names its one sheet after the file: the variant's sheet name.
      const std::string dir = scratch_dir + "/" + stem;
      std::filesystem::create_directories(dir);
      const std::string path = dir + "/" + variant.sheets.at(0).name + ".csv";
      write_csv(variant.sheets.at(0), path);
      return convert_file(path, mappings, options);
    }
    case Writer::Xlsx: {
      const std::string path = scratch_dir + "/" + stem + ".xlsx";
      write_xlsx(variant.sheets, path);
      return convert_file(path, mappings, options);
    }
  }
  throw std::logic_error("writer");
}

}  // namespace bc::drift
