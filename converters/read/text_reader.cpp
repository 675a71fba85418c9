// Text dumps (.txt/.tsv, e.g. pdftotext output): one sheet named after the
// file, one row per line, cells split on TAB with no quoting. Blank lines stay
// as empty rows because they separate the tables of a dump, and leading empty
// fields keep their columns ("\t\t838.98" puts 838.98 in column C).
#include <memory>
#include <string>

#include "core/diagnostic.h"
#include "read/delimited_parser.h"
#include "read/readers.h"
#include "read/text_encoding.h"

namespace bc {

std::unique_ptr<Workbook> open_text(const std::string& path, const ReadOptions& options) {
  DecodedText decoded =
      decode_to_utf8(read_file_bytes(path, options.limits.max_part_bytes), options.encoding, path);

  TableLayout layout;
  layout.sheet_name = file_base_name(path);
  layout.kind = SheetKind::Text;
  layout.delimiter = '\t';
  layout.quoting = false;

  WorkbookInfo info;
  info.format = InputFormat::Text;
  info.container = "text";
  info.encoding = decoded.encoding;
  info.sheets.push_back(SheetInfo{layout.sheet_name, 0, SheetKind::Text, SheetState::Visible});
  info.warnings = std::move(decoded.warnings);

  return make_table_workbook(path, std::move(decoded.utf8), std::move(layout), std::move(info),
                             options.limits);
}

}  // namespace bc
