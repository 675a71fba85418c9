// PDF input. This build reads no PDF: every PDF open_workbook() sniffs comes
// here and fails with a message saying what to do. A PDF reader replaces
// this function (and only this function).
#include "core/diagnostic.h"
#include "read/readers.h"

namespace bc {

std::unique_ptr<Workbook> open_pdf(const std::string& path, const ReadOptions& /*options*/) {
  throw InputError("READ-UNSUPPORTED", "PDF is not supported in this build", Location{path, "", ""},
                   "",
                   "convert the PDF to text with `pdftotext -layout` and convert the .txt "
                   "(docs/text-dumps.md), or get the .xlsx/.xls the bureau published");
}

}  // namespace bc
