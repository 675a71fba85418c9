// The reader interface: every input format (xlsx/xlsm, xls, csv, text dump, PDF)
// becomes a Workbook that lists its sheets and reads them one at a time, so a
// batch never holds more than one sheet's cells.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/sheet.h"

namespace bc {

enum class InputFormat { Xlsx, Xls, Csv, Text, Pdf, Unknown };
const char* input_format_name(InputFormat format);  // "xlsx", "xls", "csv", "text", "pdf", "unknown"

// Caps that protect a batch from hostile or broken files (zip bombs, huge
// strings, absurd sheets). Exceeding one is an InputError naming the cap.
struct ReadLimits {
  std::uint64_t max_part_bytes = 512ull << 20;     // one uncompressed zip entry / stream
  std::uint64_t max_total_bytes = 2048ull << 20;   // all uncompressed entries together
  std::uint32_t max_compression_ratio = 1000;      // uncompressed / compressed per entry
  std::uint64_t max_cells_per_sheet = 20'000'000;
  std::uint32_t max_string_bytes = 1u << 20;       // one cell's text
  std::uint32_t max_pages = 5000;                  // PDF: pages of one file
  std::uint32_t max_pdf_objects = 2'000'000;       // PDF: objects in the file ("N 0 obj")
  std::uint32_t max_pdf_table_words = 50'000;      // PDF: words of one page or one table
};

struct ReadOptions {
  std::string encoding;     // CSV/text: "" = detect; "utf-8", "gb18030", "gbk" ...
  char delimiter = 0;       // CSV: 0 = sniff among ',', '\t', ';'
  ReadLimits limits;
};

struct SheetInfo {
  std::string name;
  int index = 0;
  SheetKind kind = SheetKind::Worksheet;
  SheetState state = SheetState::Visible;
};

// Workbook-level facts, also used by `inspect --format jsonl`.
struct WorkbookInfo {
  InputFormat format = InputFormat::Unknown;
  std::string container;              // "zip", "ole", "text", "pdf", "other"
  std::vector<SheetInfo> sheets;
  bool date1904 = false;
  std::string encoding;               // CSV/text: what was used; xls: codepage name
  std::optional<int> codepage;        // xls
  std::string biff_version;           // xls: "BIFF8", "BIFF5" ...
  std::vector<std::string> warnings;  // non-fatal reader notes
};

class Workbook {
 public:
  virtual ~Workbook() = default;
  virtual const WorkbookInfo& info() const = 0;
  // Reads one sheet by its position in info().sheets. Throws InputError.
  virtual Sheet read_sheet(std::size_t index) = 0;
};

// Opens a file by its content (magic bytes), not its extension: a .xls that is
// really HTML or CSV is recognised as such. Throws InputError with a specific
// code (READ-EMPTY, READ-ENCRYPTED, READ-UNSUPPORTED, READ-CORRUPT ...).
std::unique_ptr<Workbook> open_workbook(const std::string& path, const ReadOptions& options);

}  // namespace bc
