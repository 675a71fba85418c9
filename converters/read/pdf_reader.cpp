// Text PDFs through poppler's C++ API (libpoppler-cpp-dev): the words of each
// page with their boxes, grouped into tables (a table that runs over pages is
// one sheet, its repeated header lines dropped), each rebuilt into a grid by
// pdf_layout. Sheets are named after their pages ("p3", "p3-4"); see
// docs/pdf.md for how a cell is found again in the PDF.
#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include <climits>
#include <cmath>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "read/pdf_layout.h"
#include "read/pdf_tables.h"
#include "read/readers.h"
#include "read/text_encoding.h"

namespace bc {

namespace {

// Poppler reports damage on stderr by default; a batch of thousands of files
// must not flood the terminal, and a damaged file is reported by us instead.
void quiet(const std::string&, void*) {}

void silence_poppler() {
  static std::once_flag once;
  std::call_once(once, [] { poppler::set_debug_error_function(quiet, nullptr); });
}

std::string utf8(const poppler::ustring& text) {
  const poppler::byte_array bytes = text.to_utf8();
  return std::string(bytes.begin(), bytes.end());
}

std::vector<PdfWord> page_words(const poppler::page& page, int number, const ReadLimits& limits,
                                const std::string& path, std::size_t& skipped) {
  std::vector<PdfWord> words;
  for (const poppler::text_box& box : page.text_list()) {
    std::string text = utf8(box.text());
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) continue;
    if (text.size() > limits.max_string_bytes) {
      throw InputError("READ-LIMIT",
                       "a word on page " + std::to_string(number) + " is longer than " +
                           std::to_string(limits.max_string_bytes) + " bytes",
                       Location{path, "p" + std::to_string(number), ""});
    }
    const poppler::rectf r = box.bbox();
    // A box that is not a box (NaN, infinite, inverted: a damaged or hostile
    // file) places no word; grids sort and compare coordinates.
    const double x0 = r.left(), y0 = r.top(), x1 = r.right(), y1 = r.bottom();
    if (!std::isfinite(x0) || !std::isfinite(y0) || !std::isfinite(x1) || !std::isfinite(y1) ||
        x1 < x0 || y1 < y0 || std::abs(x0) > 1e6 || std::abs(y0) > 1e6 || std::abs(x1) > 1e6 ||
        std::abs(y1) > 1e6) {
      ++skipped;
      continue;
    }
    words.push_back(PdfWord{std::move(text), number, x0, y0, x1, y1});
    if (words.size() > limits.max_pdf_table_words) {
      throw InputError("READ-LIMIT",
                       "page " + std::to_string(number) + " holds more than " +
                           std::to_string(limits.max_pdf_table_words) + " words",
                       Location{path, "p" + std::to_string(number), ""});
    }
  }
  return words;
}

class PdfWorkbook : public Workbook {
 public:
  PdfWorkbook(std::string path, std::vector<PdfTable> tables, WorkbookInfo info)
      : path_(std::move(path)), tables_(std::move(tables)), info_(std::move(info)) {}

  const WorkbookInfo& info() const override { return info_; }

  Sheet read_sheet(std::size_t index) override {
    const PdfTable& table = tables_.at(index);
    return pdf_table_sheet(table, static_cast<int>(index));
  }

  std::vector<PdfCell> cell_boxes(std::size_t index) const {
    return pdf_grid(tables_.at(index).lines).cells;
  }

 private:
  std::string path_;
  std::vector<PdfTable> tables_;
  WorkbookInfo info_;
};

}  // namespace

std::vector<PdfCell> pdf_cell_boxes(Workbook& workbook, std::size_t index) {
  const auto* pdf = dynamic_cast<const PdfWorkbook*>(&workbook);
  return pdf != nullptr ? pdf->cell_boxes(index) : std::vector<PdfCell>{};
}

std::unique_ptr<Workbook> open_pdf(const std::string& path, const ReadOptions& options) {
  silence_poppler();
  const Location where{path, "", ""};
  const std::string bytes = read_file_bytes(path, options.limits.max_part_bytes);
  if (bytes.size() > static_cast<std::size_t>(INT_MAX)) {
    throw InputError("READ-LIMIT", "the PDF is larger than 2 GB", where);
  }
  // Objects: poppler builds a table of every object before any page is read.
  // (Objects packed in object streams are bounded by the file's size.)
  std::uint64_t objects = 0;
  for (std::size_t at = bytes.find(" obj"); at != std::string::npos;
       at = bytes.find(" obj", at + 4)) {
    if (++objects > options.limits.max_pdf_objects) {
      throw InputError(
          "READ-LIMIT",
          "the PDF has more than " + std::to_string(options.limits.max_pdf_objects) + " objects",
          where);
    }
  }
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!doc) {
    throw InputError(
        "READ-CORRUPT", "the PDF is damaged: poppler cannot read its structure", where, "",
        "open it in a PDF viewer; if it opens there, print it to a new PDF and convert that");
  }
  if (doc->is_locked()) {
    throw InputError(
        "READ-ENCRYPTED", "the PDF is encrypted with a password", where, "",
        "ask the publisher for an unprotected copy, or remove the password (qpdf --decrypt)");
  }
  const int pages = doc->pages();
  if (pages <= 0) throw InputError("READ-CORRUPT", "the PDF has no pages", where);
  if (static_cast<std::uint64_t>(pages) > options.limits.max_pages) {
    throw InputError("READ-LIMIT",
                     "the PDF has " + std::to_string(pages) + " pages, more than the limit of " +
                         std::to_string(options.limits.max_pages),
                     where);
  }

  std::vector<std::vector<PdfLine>> page_lines;
  std::vector<int> blank_pages;
  std::uint64_t total_words = 0;
  std::size_t skipped_words = 0;
  for (int i = 0; i < pages; ++i) {
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    std::vector<PdfWord> words;
    if (page) words = page_words(*page, i + 1, options.limits, path, skipped_words);
    total_words += words.size();
    if (total_words > 4 * options.limits.max_cells_per_sheet) {
      throw InputError("READ-LIMIT",
                       "the PDF holds more than " +
                           std::to_string(4 * options.limits.max_cells_per_sheet) + " words",
                       where);
    }
    if (words.empty()) blank_pages.push_back(i + 1);
    page_lines.push_back(pdf_lines(std::move(words)));
  }
  if (total_words == 0) {
    throw InputError(
        "READ-NO-TEXT-LAYER",
        "the PDF has no text layer (" + std::to_string(pages) + (pages == 1 ? " page" : " pages") +
            " of images only, e.g. a scan); budgetconv does not do OCR",
        where, "", "run OCR on it first (e.g. ocrmypdf), or ask the publisher for the spreadsheet");
  }

  WorkbookInfo info;
  info.format = InputFormat::Pdf;
  info.container = "pdf";
  if (!blank_pages.empty()) {
    std::string list;
    for (int p : blank_pages) list += (list.empty() ? "" : ", ") + std::to_string(p);
    info.warnings.push_back("pages without a text layer (images only, not read): " + list);
  }
  if (skipped_words > 0) {
    info.warnings.push_back(std::to_string(skipped_words) +
                            " words without a readable position on the page were left out");
  }
  std::vector<PdfTable> tables = pdf_tables(page_lines);
  for (const PdfTable& table : tables) {
    std::size_t words = 0;
    for (const PdfLine& line : table.lines) words += line.words.size();
    if (words > options.limits.max_pdf_table_words) {
      throw InputError("READ-LIMIT",
                       "the table on pages " + std::to_string(table.first_page) + "-" +
                           std::to_string(table.last_page) + " holds more than " +
                           std::to_string(options.limits.max_pdf_table_words) + " words",
                       Location{path, table.name, ""});
    }
  }
  for (std::size_t i = 0; i < tables.size(); ++i) {
    info.sheets.push_back(
        SheetInfo{tables[i].name, static_cast<int>(i), SheetKind::Text, SheetState::Visible});
  }
  return std::make_unique<PdfWorkbook>(path, std::move(tables), std::move(info));
}

}  // namespace bc
