// `budgetconv inspect`: what a mapping author needs to see.
#include <boost/program_options.hpp>
#include <cstdio>
#include <iostream>

#include "cli/cli_support.h"
#include "headers/header_flattener.h"
#include "locate/table_locator.h"
#include "mapping/mapping_spec.h"
#include "read/readers.h"
#include "read/workbook.h"
#include "write/reading_jsonl.h"

namespace bc {

namespace po = boost::program_options;

namespace {

void print_grid(const Sheet& sheet, const std::vector<TableRegion>& tables) {
  std::cout << "sheet '" << sheet.name << "' (" << sheet_kind_name(sheet.kind) << ", "
            << sheet_state_name(sheet.state) << ", " << sheet.cell_count() << " cells)\n";
  if (!sheet.merged.empty()) {
    std::cout << "  merged:";
    for (const auto& m : sheet.merged) std::cout << " " << m.to_a1();
    std::cout << "\n";
  }
  for (const TableRegion& t : tables) {
    std::cout << "  table " << t.range_a1() << ": title '" << t.title() << "'";
    if (!t.code.value.empty()) std::cout << ", code " << t.code.value;
    if (!t.department.value.empty()) std::cout << ", 部门 " << t.department.value;
    if (!t.year.value.empty()) std::cout << ", year " << t.year.value;
    if (!t.unit.value.empty()) std::cout << ", unit " << t.unit.value;
    std::cout << "\n";
    if (t.has_header) {
      std::cout << "    header rows " << t.header_first + 1 << "-" << t.header_last + 1 << ":\n";
      for (const ColumnHeader& h : flatten_headers(sheet, t)) {
        std::cout << "      " << column_letters(h.col) << ": " << h.label() << "\n";
      }
    }
    std::cout << "    body rows: " << t.body_rows.size();
    if (!t.body_rows.empty())
      std::cout << " (" << t.body_rows.front() + 1 << "-" << t.body_rows.back() + 1 << ")";
    if (!t.repeated_header_rows.empty())
      std::cout << ", repeated header rows: " << t.repeated_header_rows.size();
    if (t.declared_empty) std::cout << ", says it has no data";
    std::cout << "\n";
    // 栏次/行次 numbers: never facts, so an author sees why they give none.
    if (!t.structure_rows.empty()) {
      std::cout << "    structure rows (栏次/column numbers, no facts):";
      for (std::uint32_t r : t.structure_rows) std::cout << " " << r + 1;
      std::cout << "\n";
    }
    if (!t.structure_columns.empty()) {
      std::cout << "    structure columns (行次/序号, no facts):";
      for (std::uint32_t c : t.structure_columns) std::cout << " " << column_letters(c);
      std::cout << "\n";
    }
    for (const auto& f : t.footnotes)
      std::cout << "    note " << a1(f.at.row, f.at.col) << ": " << f.text << "\n";
  }
  for (const SheetRow& row : sheet.rows()) {
    std::cout << "  " << row.index + 1 << (row.hidden ? " (hidden)" : "") << ":";
    for (const CellView& c : sheet.row_cells(row)) {
      std::cout << " " << a1(c.row, c.col) << "[" << cell_type_name(c.type) << "]=" << c.value;
      if (c.raw != c.value) std::cout << " (raw " << c.raw << ")";
    }
    std::cout << "\n";
  }
}

// A PDF's cells are rebuilt from word positions: say where each was printed,
// so a value can be found on the page (docs/pdf.md).
void print_pdf_boxes(const std::vector<PdfCell>& cells) {
  std::cout << "  printed at (page: x0-x1, y0-y1 in points from the page's top left):\n";
  char line[160];
  for (const PdfCell& cell : cells) {
    std::snprintf(line, sizeof line, "  %s: p%d %.1f-%.1f, %.1f-%.1f\n",
                  a1(cell.row, cell.col).c_str(), cell.box.page, cell.box.x0, cell.box.x1,
                  cell.box.y0, cell.box.y1);
    std::cout << line;
  }
}

}  // namespace

// The heading-line patterns of every family (their `heading_lines`), so that
// inspect locates tables as convert does. A mapping folder with problems
// still lets the author look at the file: its problems are named on stderr.
HeadingLinePatterns family_heading_lines(const std::string& mappings_option, const char* argv0) {
  HeadingLinePatterns patterns;
  std::vector<MappingProblem> problems;
  const std::string dir = find_mappings_dir(mappings_option, argv0);
  const MappingSet set = load_mappings(dir, problems);
  if (!problems.empty())
    std::cerr << "budgetconv: note: the mappings in " << dir << " have " << problems.size()
              << " problem(s) (run 'budgetconv mappings check'); the heading lines of the "
                 "families that load are used\n";
  for (const FamilySpec& family : set.families) patterns.append(family.heading_lines);
  return patterns;
}

int run_inspect(const std::vector<std::string>& args, const char* argv0) {
  std::string file, sheet_name, format = "grid", encoding, mappings_dir;
  po::options_description desc(
      "budgetconv inspect FILE [--sheet S] [--format grid|jsonl]\n\n"
      "grid (default): each sheet's merged ranges, the tables found in it (title, code, 部门, "
      "year,\n"
      "unit, flattened header paths by column, body rows, 栏次/行次 structure rows and columns,\n"
      "notes) and every cell with its A1 address. Tables are found as convert finds them,\n"
      "with the heading_lines patterns of the mapping files (--mappings).\n"
      "jsonl: the workbook as JSON lines in the reference-reading format of the shared corpus\n"
      "(file, sheet and cell records), so any reading can be compared mechanically.\n\n"
      "Examples:\n"
      "  budgetconv inspect bureau.xlsx --sheet YS05 | less\n"
      "  budgetconv inspect bureau.xls --format jsonl > bureau.jsonl\n"
      "  budgetconv inspect 预算.csv --encoding gbk\n\n"
      "Options");
  desc.add_options()("help,h", "show this help")("sheet", po::value(&sheet_name),
                                                 "only this sheet")(
      "format", po::value(&format), "grid or jsonl")("encoding", po::value(&encoding),
                                                     "CSV/text encoding (default: detect)")(
      "mappings", po::value(&mappings_dir),
      "directory of mapping files whose heading_lines apply (default: the installed "
      "mappings/)");
  if (!parse_command_line(args, desc, nullptr, &file)) return 0;
  if (file.empty()) throw UsageError("inspect needs a FILE");
  if (format != "grid" && format != "jsonl") throw UsageError("--format must be grid or jsonl");
  ReadOptions read;
  read.encoding = encoding;
  try {
    auto workbook = open_workbook(file, read);
    if (format == "jsonl") {
      write_reading_jsonl(std::cout, file, *workbook);
      return 0;
    }
    const WorkbookInfo& info = workbook->info();
    std::cout << file << ": " << input_format_name(info.format) << ", " << info.sheets.size()
              << " sheet(s)" << (info.encoding.empty() ? "" : ", encoding " + info.encoding)
              << "\n";
    const HeadingLinePatterns heading_lines = family_heading_lines(mappings_dir, argv0);
    bool found = sheet_name.empty();
    for (std::size_t i = 0; i < info.sheets.size(); ++i) {
      if (!sheet_name.empty() && info.sheets[i].name != sheet_name) continue;
      found = true;
      Sheet sheet = workbook->read_sheet(i);
      LocateOptions locate;
      locate.require_heading = info.format == InputFormat::Text;
      locate.heading_lines = heading_lines;
      print_grid(sheet, locate_tables(sheet, locate));
      if (info.format == InputFormat::Pdf) print_pdf_boxes(pdf_cell_boxes(*workbook, i));
    }
    if (!found) throw UsageError("no sheet named '" + sheet_name + "' in " + file);
  } catch (const InputError& e) {
    std::cerr << "budgetconv: " << e.diagnostic().to_string() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace bc
