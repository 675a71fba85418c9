// The .xlsx/.xlsm/.xltx/.xltm reader: a zip package of SpreadsheetML parts.
// The workbook, relationships, styles and shared strings are read when the
// file is opened; each sheet is streamed when asked for.
#include <cstring>
#include <fstream>
#include <memory>

#include "core/diagnostic.h"
#include "read/readers.h"
#include "read/xlsx_package.h"
#include "read/xlsx_sheet_parser.h"
#include "read/xlsx_text.h"
#include "read/xml_stream.h"
#include "read/zip_archive.h"

namespace bc {
namespace {

SheetKind kind_from_relationship(const std::string& type) {
  if (type == "chartsheet") return SheetKind::Chartsheet;
  if (type == "xlMacrosheet" || type == "xlIntlMacrosheet") return SheetKind::Macrosheet;
  return SheetKind::Worksheet;  // worksheet, dialogsheet
}

const Relationship* find_relationship(const std::vector<Relationship>& rels,
                                      std::string_view type) {
  for (const auto& rel : rels) {
    if (rel.type == type && !rel.external) return &rel;
  }
  return nullptr;
}

class XlsxWorkbook : public Workbook {
 public:
  XlsxWorkbook(const std::string& path, const ReadOptions& options)
      : path_(path), options_(options) {
    zip_ = std::make_unique<ZipArchive>(path, options.limits);
    info_.format = InputFormat::Xlsx;
    info_.container = "zip";
    reject_other_packages();
    open_workbook_part();
  }

  const WorkbookInfo& info() const override { return info_; }

  Sheet read_sheet(std::size_t index) override {
    if (index >= info_.sheets.size()) {
      throw InputError("READ-NO-SHEET",
                       "the workbook has no sheet number " + std::to_string(index + 1),
                       Location{path_, "", ""});
    }
    const SheetInfo& sheet = info_.sheets[index];
    SheetBuilder builder(sheet.name, sheet.index, sheet.kind);
    builder.meta().state = sheet.state;
    if (sheet.kind == SheetKind::Chartsheet) return builder.finish();
    const std::string& part = sheet_parts_[index];
    if (part.empty()) {
      throw InputError("READ-CORRUPT",
                       "the workbook names the sheet, but its relationship '" +
                           sheet_rel_ids_[index] + "' is missing from the workbook relationships",
                       Location{path_, sheet.name, ""});
    }
    auto part_index = zip_->find(part);
    if (!part_index) {
      throw InputError("READ-CORRUPT",
                       "the sheet's part '" + part + "' is missing from the package",
                       Location{path_, sheet.name, ""});
    }
    SheetParseContext context;
    context.file = path_;
    context.sheet = sheet.name;
    context.formats = &formats_;
    context.strings = &strings_;
    context.date1904 = info_.date1904;
    context.limits = options_.limits;
    XlsxSheetParser parser(context, builder);
    XmlStream xml(parser, path_, zip_->part_name(*part_index), sheet.name);
    zip_->stream(*part_index, [&xml](const char* data, std::size_t n) { xml.feed(data, n); });
    xml.finish();
    parser.finish();
    return builder.finish();
  }

 private:
  [[noreturn]] void fail(const std::string& code, const std::string& message,
                         const std::string& hint = {}) const {
    throw InputError(code, message, Location{path_, "", ""}, "", hint);
  }

  void reject_other_packages() {
    if (zip_->find("EncryptedPackage") || zip_->find("EncryptionInfo")) {
      fail("READ-ENCRYPTED", "the workbook is password-protected (encrypted OOXML package)",
           "remove the password in Excel (File > Info > Protect Workbook) and save again");
    }
    if (auto mimetype = zip_->find("mimetype")) {
      std::string type = zip_->read(*mimetype);
      if (type.rfind("application/vnd.oasis.opendocument", 0) == 0) {
        fail("READ-UNSUPPORTED",
             "OpenDocument files (" + std::string(trim_xml_space(type)) + ") are not supported",
             "save the file as .xlsx in LibreOffice and convert that");
      }
    }
    if (zip_->find("xl/workbook.bin")) {
      fail("READ-UNSUPPORTED", "binary Excel workbooks (.xlsb) are not supported",
           "save the file as .xlsx in Excel and convert that");
    }
  }

  std::string find_workbook_part() {
    for (const auto& rel : read_relationships(*zip_, path_, "")) {
      if (rel.type == "officeDocument" && !rel.external && zip_->find(rel.target))
        return rel.target;
    }
    if (zip_->find("xl/workbook.xml")) return "xl/workbook.xml";
    if (zip_->find("word/document.xml"))
      fail("READ-UNSUPPORTED", "the file is a Word document, not a workbook");
    if (zip_->find("ppt/presentation.xml")) {
      fail("READ-UNSUPPORTED", "the file is a PowerPoint presentation, not a workbook");
    }
    fail("READ-UNSUPPORTED",
         "the zip archive holds no workbook part (xl/workbook.xml): not an .xlsx package");
  }

  void open_workbook_part() {
    const std::string workbook = find_workbook_part();
    const std::string key = normalise_part_key(workbook);
    if (key.size() >= 4 && key.compare(key.size() - 4, 4, ".bin") == 0) {
      fail("READ-UNSUPPORTED", "binary Excel workbooks (.xlsb) are not supported",
           "save the file as .xlsx in Excel and convert that");
    }
    WorkbookPart parsed = read_workbook_part(*zip_, path_, *zip_->find(workbook));
    info_.date1904 = parsed.date1904;
    const std::vector<Relationship> rels = read_relationships(*zip_, path_, workbook);
    if (rels.empty() && !parsed.sheets.empty() && !zip_->find(rels_part_name(workbook))) {
      fail("READ-CORRUPT", "the workbook's relationships part '" + rels_part_name(workbook) +
                               "' is missing, so its sheets cannot be found");
    }
    for (const auto& entry : parsed.sheets) {
      if (entry.rel_id.empty()) {
        // Excel keeps old VBA module sheets as <sheet r:id=""> with no part.
        info_.warnings.push_back("sheet '" + entry.name +
                                 "' has no part (a VBA module sheet); skipped");
        continue;
      }
      SheetInfo sheet;
      sheet.name = entry.name;
      sheet.index = static_cast<int>(info_.sheets.size());
      sheet.state = entry.state;
      std::string part;
      for (const auto& rel : rels) {
        if (rel.id == entry.rel_id && !rel.external) {
          sheet.kind = kind_from_relationship(rel.type);
          part = rel.target;
          break;
        }
      }
      info_.sheets.push_back(sheet);
      sheet_parts_.push_back(part);
      sheet_rel_ids_.push_back(entry.rel_id);
    }
    // Some writers omit a relationship but still write the part beside the workbook.
    const std::size_t slash = workbook.find_last_of('/');
    const std::string workbook_dir = workbook.substr(0, slash == std::string::npos ? 0 : slash + 1);
    const Relationship* styles = find_relationship(rels, "styles");
    std::optional<std::uint64_t> styles_index = styles ? zip_->find(styles->target) : std::nullopt;
    if (!styles_index) styles_index = zip_->find(workbook_dir + "styles.xml");
    if (styles_index) formats_ = read_styles_part(*zip_, path_, *styles_index);
    const Relationship* strings = find_relationship(rels, "sharedStrings");
    std::optional<std::uint64_t> strings_index;
    if (strings != nullptr) strings_index = zip_->find(strings->target);
    if (!strings_index) strings_index = zip_->find(workbook_dir + "sharedStrings.xml");
    if (strings_index)
      strings_ = read_shared_strings(*zip_, path_, *strings_index, options_.limits);
  }

  std::string path_;
  ReadOptions options_;
  std::unique_ptr<ZipArchive> zip_;
  WorkbookInfo info_;
  std::vector<std::string> sheet_parts_;
  std::vector<std::string> sheet_rel_ids_;
  std::vector<XfFormat> formats_;
  SharedStrings strings_;
};

}  // namespace

std::unique_ptr<Workbook> open_xlsx(const std::string& path, const ReadOptions& options) {
  {
    std::ifstream in(path, std::ios::binary);
    char magic[8] = {};
    in.read(magic, sizeof magic);
    if (in.gcount() == 8 && std::memcmp(magic, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0) {
      throw InputError("READ-UNSUPPORTED",
                       "the file is an OLE compound file (a legacy .xls, or an encrypted "
                       "workbook), not an .xlsx "
                       "zip package",
                       Location{path, "", ""});
    }
  }
  return std::make_unique<XlsxWorkbook>(path, options);
}

}  // namespace bc
