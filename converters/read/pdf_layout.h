// Table grids from word positions (docs/pdf.md). A text PDF carries no cells,
// only words with boxes; this rebuilds the rows and columns of the printed
// table so the rest of the pipeline sees an ordinary sheet. Pure geometry, no
// PDF library: the reader (pdf_reader.cpp) hands in the words of the pages of
// one table. Coordinates are doubles (points, y growing down the page); a
// word's text is never parsed here, so amounts stay the decimal text printed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/address.h"

namespace bc {

struct PdfWord {
  std::string text;  // UTF-8, as printed
  int page = 0;      // one-based
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

// A box on one page: where a grid cell was printed.
struct PdfBox {
  int page = 0;
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

struct PdfCell {
  std::uint32_t row = 0;  // zero-based grid address
  std::uint32_t col = 0;
  std::string text;  // the words of the cell, in reading order
  PdfBox box;        // union of its words (first page's when a label is stacked)
};

struct PdfGrid {
  std::vector<PdfCell> cells;        // row-major
  std::vector<RangeAddress> merged;  // labels centred over several columns
  std::vector<int> row_pages;        // page of each grid row
};

// One printed line: words whose vertical centres are close, left to right.
struct PdfLine {
  std::vector<PdfWord> words;
  int page = 0;
  double y0 = 0, y1 = 0;
  std::string text() const;  // the words joined by single spaces
};

// Words of one page (any order) → lines, top to bottom.
std::vector<PdfLine> pdf_lines(std::vector<PdfWord> words);

// True when a word is printed as a number (an amount or a code):
// digits with optional sign, thousands separators, decimals, parentheses.
bool pdf_numeric_word(const std::string& text);

// The grid of one table printed over `lines` (one page, or several pages
// whose repeated header lines were already removed).
PdfGrid pdf_grid(const std::vector<PdfLine>& lines);

}  // namespace bc
