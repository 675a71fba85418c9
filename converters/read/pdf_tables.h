// Pages into tables, tables into sheets (docs/pdf.md). A page starts a new
// table unless it continues the one before: its first lines repeat lines of
// that table's first page (the header band printed again, dropped here, as
// the locator drops a repeated band) and a body line follows them, or its
// first line is already a body line (a number in it).
#pragma once

#include <string>
#include <vector>

#include "core/sheet.h"
#include "read/pdf_layout.h"

namespace bc {

struct PdfTable {
  std::string name;  // "p3", or "p3-4" for a table over pages 3 and 4
  int first_page = 0, last_page = 0;
  std::vector<PdfLine> lines;  // repeated header lines removed
  std::size_t dropped_lines = 0;
};

// page_lines[i]: the lines of page i + 1, top to bottom.
std::vector<PdfTable> pdf_tables(const std::vector<std::vector<PdfLine>>& page_lines);

// The table's grid as a sheet of text cells (SheetKind::Text: the grid is
// rebuilt from printed text, so the text-dump rules that refuse to guess a
// shifted row apply).
Sheet pdf_table_sheet(const PdfTable& table, int index);

}  // namespace bc
