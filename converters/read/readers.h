// Format-specific openers behind open_workbook(). Each takes the file's bytes
// already sniffed as its format; each throws InputError on bad input.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "read/pdf_layout.h"
#include "read/workbook.h"

namespace bc {

std::unique_ptr<Workbook> open_xlsx(const std::string& path, const ReadOptions& options);
std::unique_ptr<Workbook> open_xls(const std::string& path, const ReadOptions& options);
std::unique_ptr<Workbook> open_csv(const std::string& path, const ReadOptions& options);
// A text dump (.txt/.tsv, e.g. pdftotext output): one sheet, one row per
// line, cells split on TAB, no quoting.
std::unique_ptr<Workbook> open_text(const std::string& path, const ReadOptions& options);
// A text PDF (poppler): one sheet per printed table, its grid rebuilt from
// word positions (read/pdf_layout.h, docs/pdf.md).
std::unique_ptr<Workbook> open_pdf(const std::string& path, const ReadOptions& options);
// Where each cell of sheet `index` of a workbook from open_pdf was printed
// (page and box in points, y from the top of the page), row-major; empty for
// any other workbook. `budgetconv inspect FILE.pdf` lists them.
std::vector<PdfCell> pdf_cell_boxes(Workbook& workbook, std::size_t index);

}  // namespace bc
