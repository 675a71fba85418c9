// CSV files: one sheet named after the file, every non-empty field a Text
// cell holding the field verbatim. Typing numbers is a later stage's job.
#include <memory>
#include <string>

#include "core/diagnostic.h"
#include "read/delimited_parser.h"
#include "read/readers.h"
#include "read/text_encoding.h"

namespace bc {

std::unique_ptr<Workbook> open_csv(const std::string& path, const ReadOptions& options) {
  const char forced = options.delimiter;
  if (forced == '"' || forced == '\r' || forced == '\n' ||
      static_cast<unsigned char>(forced) >= 0x80) {
    throw InputError("READ-OPTION",
                     "a quote, a line break or a non-ASCII byte cannot be the CSV delimiter",
                     Location{path, "", ""}, "", "use a comma, tab or semicolon");
  }
  DecodedText decoded =
      decode_to_utf8(read_file_bytes(path, options.limits.max_part_bytes), options.encoding, path);

  TableLayout layout;
  layout.sheet_name = file_base_name(path);
  layout.kind = SheetKind::Csv;
  layout.quoting = true;
  layout.delimiter = forced != 0 ? forced : sniff_delimiter(decoded.utf8);

  WorkbookInfo info;
  info.format = InputFormat::Csv;
  info.container = "text";
  info.encoding = decoded.encoding;
  info.sheets.push_back(SheetInfo{layout.sheet_name, 0, SheetKind::Csv, SheetState::Visible});
  info.warnings = std::move(decoded.warnings);
  std::string quote_warning = unterminated_quote_warning(decoded.utf8, layout.delimiter);
  if (!quote_warning.empty()) info.warnings.push_back(std::move(quote_warning));

  return make_table_workbook(path, std::move(decoded.utf8), std::move(layout), std::move(info),
                             options.limits);
}

}  // namespace bc
