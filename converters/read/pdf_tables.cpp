#include "read/pdf_tables.h"

#include <algorithm>

#include "read/pdf_layout.h"

namespace bc {

namespace {

bool body_line(const PdfLine& line) {
  return std::any_of(line.words.begin(), line.words.end(),
                     [](const PdfWord& w) { return pdf_numeric_word(w.text); });
}

// How many first lines of `page` repeat, in order, a run of lines of the
// table's first page, when a body line follows them; 0 when they do not.
std::size_t repeated_band(const std::vector<PdfLine>& first_page,
                          const std::vector<PdfLine>& page) {
  if (page.empty()) return 0;
  const std::string head = page.front().text();
  for (std::size_t start = 0; start < first_page.size(); ++start) {
    if (first_page[start].text() != head) continue;
    std::size_t n = 0;
    while (n < page.size() && start + n < first_page.size() && !body_line(page[n]) &&
           page[n].text() == first_page[start + n].text()) {
      ++n;
    }
    if (n > 0 && n < page.size() && body_line(page[n])) return n;
  }
  return 0;
}

std::string table_name(int first, int last) {
  std::string name = "p" + std::to_string(first);
  if (last != first) name += "-" + std::to_string(last);
  return name;
}

}  // namespace

std::vector<PdfTable> pdf_tables(const std::vector<std::vector<PdfLine>>& page_lines) {
  std::vector<PdfTable> tables;
  std::vector<PdfLine> first_page;  // of the current table
  for (std::size_t i = 0; i < page_lines.size(); ++i) {
    const std::vector<PdfLine>& lines = page_lines[i];
    const int page = static_cast<int>(i) + 1;
    if (lines.empty()) continue;
    if (!tables.empty() && tables.back().last_page == page - 1 &&
        body_line(tables.back().lines.back())) {
      const std::size_t band = repeated_band(first_page, lines);
      if (band > 0 || body_line(lines.front())) {
        PdfTable& table = tables.back();
        table.lines.insert(table.lines.end(), lines.begin() + static_cast<std::ptrdiff_t>(band),
                           lines.end());
        table.dropped_lines += band;
        table.last_page = page;
        table.name = table_name(table.first_page, page);
        continue;
      }
    }
    tables.push_back(PdfTable{table_name(page, page), page, page, lines, 0});
    first_page = lines;
  }
  return tables;
}

Sheet pdf_table_sheet(const PdfTable& table, int index) {
  SheetBuilder builder(table.name, index, SheetKind::Text);
  const PdfGrid grid = pdf_grid(table.lines);
  for (const PdfCell& cell : grid.cells) builder.add_text(cell.row, cell.col, cell.text);
  builder.meta().merged = grid.merged;
  return builder.finish();
}

}  // namespace bc
