#include <algorithm>
#include <cctype>
#include <cstring>
#include <fstream>
#include <string>

#include "core/diagnostic.h"
#include "read/readers.h"
#include "read/workbook.h"

namespace bc {

const char* input_format_name(InputFormat format) {
  switch (format) {
    case InputFormat::Xlsx:
      return "xlsx";
    case InputFormat::Xls:
      return "xls";
    case InputFormat::Csv:
      return "csv";
    case InputFormat::Text:
      return "text";
    case InputFormat::Pdf:
      return "pdf";
    case InputFormat::Unknown:
      break;
  }
  return "unknown";
}

namespace {

std::string lower_extension(const std::string& path) {
  std::size_t slash = path.find_last_of('/');
  std::size_t dot = path.find_last_of('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  std::string ext = path.substr(dot + 1);
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return ext;
}

bool starts_with(const std::string& bytes, const char* magic, std::size_t n) {
  return bytes.size() >= n && std::memcmp(bytes.data(), magic, n) == 0;
}

std::string lower_ascii_prefix(const std::string& bytes, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < bytes.size() && out.size() < n; ++i) {
    unsigned char c = static_cast<unsigned char>(bytes[i]);
    if (out.empty() && (std::isspace(c) || c == 0xEF || c == 0xBB || c == 0xBF))
      continue;  // BOM, blanks
    out.push_back(static_cast<char>(std::tolower(c)));
  }
  return out;
}

}  // namespace

std::unique_ptr<Workbook> open_workbook(const std::string& path, const ReadOptions& options) {
  Location where{path, "", ""};
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw InputError("READ-OPEN", "cannot open the file: " + std::string(std::strerror(errno)),
                     where);
  std::string head(512, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  if (head.empty()) throw InputError("READ-EMPTY", "the file is empty (0 bytes)", where);

  const std::string ext = lower_extension(path);
  // PDF by its magic, whatever the name. "%PDF-" may follow a little junk (some
  // writers prefix a BOM or blank lines); readers accept it within the first
  // 1 KB, so do we within what we read.
  if (head.find("%PDF-") != std::string::npos) return open_pdf(path, options);
  if (ext == "pdf") {
    throw InputError("READ-UNSUPPORTED",
                     "the file is named .pdf but is no PDF (it does not start with %PDF-)", where,
                     "", "download it again; if it is a spreadsheet, give it its own extension");
  }
  // Word and WPS documents and OpenDocument files are no spreadsheets we read:
  // by extension, whatever the container (a .doc and a WPS .et are OLE files
  // like .xls, a .docx and an .ods are zip files like .xlsx).
  const std::string save_as =
      "open it in Excel, WPS or LibreOffice and save it as .xlsx, then convert that";
  if (ext == "doc" || ext == "docx" || ext == "docm" || ext == "rtf" || ext == "wps" ||
      ext == "odt") {
    throw InputError(
        "READ-UNSUPPORTED",
        "word-processor documents (." + ext + ": Word, WPS 文字) are not supported yet", where, "",
        "copy its tables into a spreadsheet (Excel, WPS 表格 or LibreOffice Calc), save that as "
        ".xlsx "
        "and convert it");
  }
  if (ext == "et" || ext == "ett") {
    throw InputError("READ-UNSUPPORTED", "WPS spreadsheets (.et) are not supported yet", where, "",
                     save_as);
  }
  if (ext == "ods" || ext == "ots" || ext == "fods") {
    throw InputError("READ-UNSUPPORTED", "OpenDocument spreadsheets (.ods) are not supported yet",
                     where, "", save_as);
  }
  if (starts_with(head, "PK\x03\x04", 4) || starts_with(head, "PK\x05\x06", 4)) {
    if (ext == "xlsb") {
      throw InputError("READ-UNSUPPORTED", "binary Excel workbooks (.xlsb) are not supported",
                       where, "", "save the file as .xlsx in Excel and convert that");
    }
    return open_xlsx(path, options);  // the xlsx reader recognises ods/xlsb content too
  }
  if (starts_with(head, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)) {
    return open_xls(path,
                    options);  // OLE compound file; may hold encrypted OOXML, said by the reader
  }
  // Bare BIFF stream without an OLE container (BOF record 0x0809/0x0409/0x0209/0x0009).
  if (head.size() >= 4 && (static_cast<unsigned char>(head[0]) == 0x09) &&
      (static_cast<unsigned char>(head[1]) == 0x08 || static_cast<unsigned char>(head[1]) == 0x04 ||
       static_cast<unsigned char>(head[1]) == 0x02 ||
       static_cast<unsigned char>(head[1]) == 0x00)) {
    return open_xls(path, options);
  }
  const std::string text = lower_ascii_prefix(head, 64);
  if (text.rfind("<html", 0) == 0 || text.rfind("<!doctype html", 0) == 0 ||
      text.rfind("<table", 0) == 0 ||
      (text.rfind("<?xml", 0) == 0 &&
       head.find("urn:schemas-microsoft-com:office:spreadsheet") != std::string::npos) ||
      text.rfind("<?xml", 0) == 0) {
    throw InputError(
        "READ-UNSUPPORTED",
        "the file is HTML or XML (a web page or SpreadsheetML saved with a spreadsheet extension), "
        "not a workbook",
        where, "", "open it in a spreadsheet program and save it as .xlsx");
  }
  if (std::memchr(head.data(), '\0', head.size()) != nullptr && !starts_with(head, "\xFF\xFE", 2) &&
      !starts_with(head, "\xFE\xFF", 2)) {
    throw InputError("READ-UNSUPPORTED",
                     "the file is binary data of an unknown kind, not a spreadsheet", where);
  }
  if (ext == "txt" || ext == "tsv" || ext == "text") return open_text(path, options);
  return open_csv(path, options);
}

}  // namespace bc
