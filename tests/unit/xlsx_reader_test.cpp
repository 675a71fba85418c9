// The .xlsx reader on packages built here: by hand with libzip for the odd
// shapes (rows without r, namespace prefixes, DOCTYPE, broken zips) and with
// libxlsxwriter for what a real writer stores.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "core/decimal.h"
#include "core/diagnostic.h"
#include "read/readers.h"
#include "read/xlsx_formula.h"
#include "read/xlsx_text.h"
#include "write/reading_jsonl.h"

namespace bc {
namespace {

namespace fs = std::filesystem;

const char* kMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const char* kRel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

using Parts = std::vector<std::pair<std::string, std::string>>;

// A scratch directory for this process, removed when the tests end.
struct ScratchDir {
  fs::path path = fs::temp_directory_path() / ("bc_xlsx_test_" + std::to_string(::getpid()));
  ScratchDir() { fs::create_directories(path); }
  ~ScratchDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

fs::path temp_dir() {
  static ScratchDir dir;
  return dir.path;
}

// Writes a zip with the given entries; `stored` entries are not compressed.
std::string write_zip(const std::string& name, const Parts& parts,
                      const std::vector<std::string>& stored = {}) {
  std::string path = (temp_dir() / name).string();
  int error = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  if (z == nullptr) throw std::runtime_error("zip_open failed");
  for (const auto& [entry, content] : parts) {
    zip_source_t* src = zip_source_buffer(z, content.data(), content.size(), 0);
    zip_int64_t index = zip_file_add(z, entry.c_str(), src, ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8);
    if (index < 0) throw std::runtime_error("zip_file_add failed");
    for (const auto& s : stored) {
      if (s == entry)
        zip_set_file_compression(z, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0);
    }
  }
  if (zip_close(z) != 0) throw std::runtime_error("zip_close failed");
  return path;
}

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string write_bytes(const std::string& name, const std::string& bytes) {
  std::string path = (temp_dir() / name).string();
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

std::string worksheet(const std::string& body) {
  return std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"") + kMain +
         "\" xmlns:r=\"" + kRel + "\">" + body + "</worksheet>";
}

std::string sst(const std::string& items) {
  return std::string("<?xml version=\"1.0\"?><sst xmlns=\"") + kMain + "\">" + items + "</sst>";
}

// A package with one sheet per `sheets` entry (name, xml), optional shared
// strings and styles. `workbook_extra` goes into <workbook>.
Parts package(const std::vector<std::pair<std::string, std::string>>& sheets,
              const std::string& shared = "", const std::string& styles = "",
              const std::string& workbook_extra = "", const std::vector<std::string>& states = {}) {
  Parts parts;
  parts.emplace_back("[Content_Types].xml",
                     "<?xml version=\"1.0\"?><Types "
                     "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
  parts.emplace_back(
      "_rels/.rels",
      "<?xml version=\"1.0\"?><Relationships "
      "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship "
      "Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
      "officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
  std::string wb = std::string("<?xml version=\"1.0\"?><workbook xmlns=\"") + kMain +
                   "\" xmlns:r=\"" + kRel + "\">" + workbook_extra + "<sheets>";
  std::string rels =
      "<?xml version=\"1.0\"?><Relationships "
      "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">";
  for (std::size_t i = 0; i < sheets.size(); ++i) {
    std::string n = std::to_string(i + 1);
    std::string state =
        i < states.size() && !states[i].empty() ? " state=\"" + states[i] + "\"" : "";
    wb += "<sheet name=\"" + sheets[i].first + "\" sheetId=\"" + n + "\"" + state + " r:id=\"rId" +
          n + "\"/>";
    rels +=
        "<Relationship Id=\"rId" + n +
        "\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
        "Target=\"worksheets/sheet" +
        n + ".xml\"/>";
    parts.emplace_back("xl/worksheets/sheet" + n + ".xml", sheets[i].second);
  }
  wb += "</sheets></workbook>";
  if (!shared.empty()) {
    rels +=
        "<Relationship Id=\"rIdS\" "
        "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
        "sharedStrings\" "
        "Target=\"sharedStrings.xml\"/>";
    parts.emplace_back("xl/sharedStrings.xml", shared);
  }
  if (!styles.empty()) {
    rels +=
        "<Relationship Id=\"rIdT\" "
        "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" "
        "Target=\"styles.xml\"/>";
    parts.emplace_back("xl/styles.xml", styles);
  }
  rels += "</Relationships>";
  parts.emplace_back("xl/workbook.xml", wb);
  parts.emplace_back("xl/_rels/workbook.xml.rels", rels);
  return parts;
}

// styles.xml with the given custom formats and one cellXfs entry per id.
std::string styles(const std::vector<std::pair<int, std::string>>& custom,
                   const std::vector<int>& xf_ids) {
  std::string s =
      std::string("<?xml version=\"1.0\"?><styleSheet xmlns=\"") + kMain + "\"><numFmts>";
  for (const auto& [id, code] : custom) {
    s += "<numFmt numFmtId=\"" + std::to_string(id) + "\" formatCode=\"" + code + "\"/>";
  }
  s += "</numFmts><cellStyleXfs><xf numFmtId=\"14\"/></cellStyleXfs><cellXfs>";
  for (int id : xf_ids) s += "<xf numFmtId=\"" + std::to_string(id) + "\"/>";
  return s + "</cellXfs></styleSheet>";
}

Sheet read_first(const std::string& path, const ReadOptions& options = {}) {
  auto wb = open_xlsx(path, options);
  return wb->read_sheet(0);
}

std::string error_code(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.diagnostic().code;
  }
  return "no error";
}

std::string error_text(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.diagnostic().to_string();
  }
  return "no error";
}

TEST(XlsxReader, SharedInlineAndRichStrings) {
  std::string shared =
      sst("<si><t>plain</t></si>"
          "<si><r><rPr><b/></rPr><t>rich </t></r><r><t xml:space=\"preserve\">text </t></r></si>"
          "<si><t>漢字</t><rPh sb=\"0\" eb=\"2\"><t>かんじ</t></rPh><phoneticPr fontId=\"1\"/></si>"
          "<si/>"
          "<si><t>A_x000D_B_x005F_x000D_</t></si>");
  std::string sheet = worksheet(
      "<sheetData><row r=\"1\">"
      "<c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c><c r=\"C1\" "
      "t=\"s\"><v>2</v></c>"
      "<c r=\"D1\" t=\"s\"><v>3</v></c><c r=\"E1\" t=\"s\"><v>4</v></c>"
      "<c r=\"F1\" t=\"inlineStr\"><is><r><t>in</t></r><r><t>line</t></r></is></c>"
      "<c r=\"G1\" t=\"str\"><f>\"x\"&amp;\"y\"</f><v>xy</v></c>"
      "<c r=\"H1\" t=\"inlineStr\"><is><t>  spaced  </t></is></c>"
      "</row></sheetData>");
  Sheet s = read_first(write_zip("strings.xlsx", package({{"S", sheet}}, shared)));
  EXPECT_EQ(s.cell(0, 0).value, "plain");
  EXPECT_EQ(s.cell(0, 1).value, "rich text ");
  EXPECT_EQ(s.cell(0, 2).value, "漢字");  // phonetic run excluded
  EXPECT_EQ(s.cell(0, 3).type, CellType::Text);
  EXPECT_EQ(s.cell(0, 3).value, "");  // an empty <si> still takes an index
  EXPECT_EQ(s.cell(0, 4).value, "A\rB_x000D_");
  EXPECT_EQ(s.cell(0, 5).value, "inline");
  EXPECT_EQ(s.cell(0, 6).value, "xy");
  ASSERT_NE(s.formula(0, 6), nullptr);
  EXPECT_EQ(*s.formula(0, 6), "=\"x\"&\"y\"");
  EXPECT_EQ(s.cell(0, 7).value, "  spaced  ");
}

TEST(XlsxReader, BooleansErrorsAndFormulas) {
  std::string sheet = worksheet(
      "<sheetData><row r=\"1\">"
      "<c r=\"A1\" t=\"b\"><v>1</v></c><c r=\"B1\" t=\"b\"><v>0</v></c>"
      "<c r=\"C1\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c>"
      "<c r=\"D1\"><f>SUM(A2:A3)</f><v>7</v></c>"
      "<c r=\"E1\"><f>SUM(A2:A3)</f></c>"
      "<c r=\"F1\" t=\"str\"><f>A1&amp;\"\"</f><v></v></c>"
      "</row><row r=\"2\">"
      "<c r=\"A2\"><f t=\"shared\" ref=\"A2:C2\" si=\"0\">A1+$B$1+B$1</f><v>1</v></c>"
      "<c r=\"B2\"><f t=\"shared\" si=\"0\"/><v>2</v></c>"
      "<c r=\"C2\"><f t=\"shared\" si=\"0\"/><v>3</v></c>"
      "</row></sheetData>");
  Sheet s = read_first(write_zip("formulas.xlsx", package({{"S", sheet}})));
  EXPECT_EQ(s.cell(0, 0).type, CellType::Bool);
  EXPECT_EQ(s.cell(0, 0).value, "TRUE");
  EXPECT_EQ(s.cell(0, 1).value, "FALSE");
  EXPECT_EQ(s.cell(0, 2).type, CellType::Error);
  EXPECT_EQ(s.cell(0, 2).value, "#DIV/0!");
  EXPECT_EQ(s.cell(0, 3).type, CellType::Number);
  EXPECT_EQ(s.cell(0, 3).value, "7");
  EXPECT_TRUE(s.cell(0, 3).flags & kFlagFormula);
  EXPECT_EQ(*s.formula(0, 3), "=SUM(A2:A3)");
  // No cached value: kept as a formula cell flagged as such.
  EXPECT_TRUE(s.cell(0, 4).flags & kFlagNoCachedValue);
  EXPECT_EQ(s.cell(0, 4).value, "");
  EXPECT_TRUE(s.cell(0, 5).flags & kFlagNoCachedValue);
  EXPECT_EQ(*s.formula(1, 0), "=A1+$B$1+B$1");
  EXPECT_EQ(*s.formula(1, 1), "=B1+$B$1+C$1");
  EXPECT_EQ(*s.formula(1, 2), "=C1+$B$1+D$1");
  EXPECT_EQ(s.cell(1, 2).value, "3");
}

TEST(XlsxReader, MergedRangesHiddenRowsAndColumns) {
  std::string sheet = worksheet(
      "<cols><col min=\"2\" max=\"3\" width=\"9\" hidden=\"1\"/><col min=\"5\" max=\"5\" "
      "hidden=\"0\"/></cols>"
      "<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>title</t></is></c></row>"
      "<row r=\"2\" hidden=\"1\"><c r=\"A2\"><v>1</v></c></row></sheetData>"
      "<mergeCells count=\"2\"><mergeCell ref=\"A1:D1\"/><mergeCell ref=\"B3:B5\"/></mergeCells>");
  Sheet s = read_first(write_zip("merged.xlsx", package({{"S", sheet}})));
  ASSERT_EQ(s.merged.size(), 2u);
  EXPECT_EQ(s.merged[0].to_a1(), "A1:D1");
  EXPECT_EQ(s.merged[1].to_a1(), "B3:B5");
  EXPECT_EQ(s.covering_cell(0, 3).value, "title");
  EXPECT_EQ(s.hidden_columns, (std::vector<std::uint32_t>{1, 2}));
  ASSERT_EQ(s.rows().size(), 2u);
  EXPECT_FALSE(s.rows()[0].hidden);
  EXPECT_TRUE(s.rows()[1].hidden);
}

TEST(XlsxReader, RowsAndCellsWithoutReferencesFollowThePreviousOne) {
  std::string sheet = worksheet(
      "<sheetData>"
      "<row><c><v>1</v></c><c><v>2</v></c></row>"                          // row 1: A1 B1
      "<row r=\"4\"><c r=\"C4\"><v>3</v></c><c><v>4</v></c></row>"         // C4 D4
      "<row><c><v>5</v></c><c r=\"F5\"><v>6</v></c><c><v>7</v></c></row>"  // A5 F5 G5
      "</sheetData>");
  Sheet s = read_first(write_zip("no_r.xlsx", package({{"S", sheet}})));
  EXPECT_EQ(s.cell(0, 0).value, "1");
  EXPECT_EQ(s.cell(0, 1).value, "2");
  EXPECT_EQ(s.cell(3, 2).value, "3");
  EXPECT_EQ(s.cell(3, 3).value, "4");
  EXPECT_EQ(s.cell(4, 0).value, "5");
  EXPECT_EQ(s.cell(4, 5).value, "6");
  EXPECT_EQ(s.cell(4, 6).value, "7");
  EXPECT_EQ(s.cell_count(), 7u);
}

TEST(XlsxReader, NumbersDatesAndDurations) {
  // xf 0 General, 1 #,##0.00, 2 date (14), 3 [h]:mm, 4 0.00%, 5 custom yyyy-mm-dd, 6 0
  std::string st = styles({{164, "yyyy\\-mm\\-dd"}}, {0, 4, 14, 46, 10, 164, 1});
  std::string sheet = worksheet(
      "<sheetData><row r=\"1\">"
      "<c r=\"A1\" s=\"1\"><v>902.3099999999999</v></c>"
      "<c r=\"B1\"><v>0.30000000000000004</v></c>"
      "<c r=\"C1\" s=\"2\"><v>43101.5</v></c>"
      "<c r=\"D1\" s=\"3\"><v>1.5</v></c>"
      "<c r=\"E1\" s=\"4\"><v>0.12345</v></c>"
      "<c r=\"F1\" s=\"5\"><v>60</v></c>"
      "<c r=\"G1\" t=\"d\"><v>2021-01-01T10:10:10Z</v></c>"
      "<c r=\"H1\" s=\"6\"><v>1e+16</v></c>"
      "<c r=\"I1\" s=\"99\"><v>-0.5</v></c>"
      "<c r=\"J1\" s=\"\"><v>12</v></c>"
      "<c r=\"K1\" s=\"2\"><v>1e20</v></c>"
      "</row></sheetData>");
  Sheet s = read_first(write_zip("numbers.xlsx", package({{"S", sheet}}, "", st)));
  EXPECT_EQ(s.cell(0, 0).type, CellType::Number);
  EXPECT_EQ(s.cell(0, 0).value, "902.31");
  EXPECT_EQ(s.cell(0, 0).raw, "902.3099999999999");
  EXPECT_EQ(s.cell(0, 1).value, "0.3");
  EXPECT_EQ(s.cell(0, 2).type, CellType::Date);
  EXPECT_EQ(s.cell(0, 2).value, "2018-01-01T12:00:00");
  ASSERT_NE(s.date_serial(0, 2), nullptr);
  EXPECT_EQ(*s.date_serial(0, 2), "43101.5");
  EXPECT_EQ(s.cell(0, 3).type, CellType::Date);
  EXPECT_EQ(s.cell(0, 3).value, "36:00:00");
  EXPECT_TRUE(s.cell(0, 3).flags & kFlagDuration);
  EXPECT_EQ(s.cell(0, 4).value, "0.1235");  // 0.00% fixes four decimals of the stored value
  EXPECT_EQ(s.cell(0, 5).value, "1900-02-29T00:00:00");
  EXPECT_EQ(s.cell(0, 6).type, CellType::Date);
  EXPECT_EQ(s.cell(0, 6).value, "2021-01-01T10:10:10");
  EXPECT_EQ(s.date_serial(0, 6), nullptr);
  EXPECT_EQ(s.cell(0, 7).value, "10000000000000000");
  EXPECT_EQ(s.cell(0, 8).value, "-0.5");            // unknown style: General
  EXPECT_EQ(s.cell(0, 9).value, "12");              // empty s="": General
  EXPECT_EQ(s.cell(0, 10).type, CellType::Number);  // beyond 9999-12-31: kept as the number
}

TEST(XlsxReader, BinaryNoiseFromARealWriterIsRounded) {
  std::string path = (temp_dir() / "xlsxwriter.xlsx").string();
  lxw_workbook* wb = workbook_new(path.c_str());
  lxw_worksheet* ws = workbook_add_worksheet(wb, "预算");
  lxw_format* money = workbook_add_format(wb);
  format_set_num_format(money, "#,##0.00");
  worksheet_write_string(ws, 0, 0, "项目", nullptr);
  worksheet_write_number(ws, 0, 1, 902.31, money);
  worksheet_write_number(ws, 1, 1, 12462702.17, money);
  worksheet_merge_range(ws, 2, 0, 2, 3, "合并", nullptr);
  ASSERT_EQ(workbook_close(wb), LXW_NO_ERROR);
  auto book = open_xlsx(path, {});
  ASSERT_EQ(book->info().sheets.size(), 1u);
  EXPECT_EQ(book->info().sheets[0].name, "预算");
  Sheet s = book->read_sheet(0);
  EXPECT_EQ(s.cell(0, 0).value, "项目");
  EXPECT_EQ(s.cell(0, 1).value, "902.31");
  EXPECT_EQ(s.cell(1, 1).value, "12462702.17");
  ASSERT_EQ(s.merged.size(), 1u);
  EXPECT_EQ(s.merged[0].to_a1(), "A3:D3");
}

TEST(XlsxReader, WorkbookFactsAndSheetStates) {
  std::string sheet =
      worksheet("<sheetData><row r=\"1\"><c r=\"A1\" s=\"1\"><v>1</v></c></row></sheetData>");
  auto path =
      write_zip("states.xlsx",
                package({{"One", sheet}, {"Two", sheet}, {"Three", sheet}}, "", styles({}, {0, 14}),
                        "<workbookPr date1904=\"true\"/>", {"", "hidden", "veryHidden"}));
  auto wb = open_xlsx(path, {});
  const WorkbookInfo& info = wb->info();
  EXPECT_TRUE(info.date1904);
  EXPECT_EQ(info.format, InputFormat::Xlsx);
  EXPECT_EQ(info.container, "zip");
  ASSERT_EQ(info.sheets.size(), 3u);
  EXPECT_EQ(info.sheets[1].name, "Two");
  EXPECT_EQ(info.sheets[0].state, SheetState::Visible);
  EXPECT_EQ(info.sheets[1].state, SheetState::Hidden);
  EXPECT_EQ(info.sheets[2].state, SheetState::VeryHidden);
  Sheet s = wb->read_sheet(2);
  EXPECT_EQ(s.name, "Three");
  EXPECT_EQ(s.cell(0, 0).value, "1904-01-02T00:00:00");
  EXPECT_EQ(error_code([&] { wb->read_sheet(3); }), "READ-NO-SHEET");
}

TEST(XlsxReader, NamespacePrefixesStrictNamespacesAndOddPartNames) {
  const std::string strict = "http://purl.oclc.org/ooxml/spreadsheetml/main";
  Parts parts;
  parts.emplace_back(
      "_rels\\.rels",  // backslashed names, as one writer stores them
      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
      "<Relationship Id=\"a\" Type=\"http://purl.oclc.org/ooxml/officeDocument/relationships/"
      "officeDocument\" Target=\"/XL/Workbook.xml\"/></Relationships>");
  parts.emplace_back("xl\\workbook.xml",
                     "<x:workbook xmlns:x=\"" + strict +
                         "\" xmlns:r=\"http://purl.oclc.org/ooxml/officeDocument/"
                         "relationships\"><x:sheets><x:sheet name=\"P\" sheetId=\"1\" "
                         "r:id=\"R1\"/></x:sheets></x:workbook>");
  parts.emplace_back(
      "xl\\_rels\\workbook.xml.rels",
      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
      "<Relationship Id=\"R1\" Type=\"http://purl.oclc.org/ooxml/officeDocument/relationships/"
      "worksheet\" Target=\"sheets/../worksheets/Sheet.xml\"/>"
      "<Relationship Id=\"R2\" Type=\"http://purl.oclc.org/ooxml/officeDocument/relationships/"
      "sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>");
  parts.emplace_back("xl/SharedStrings.xml",
                     "<x:sst xmlns:x=\"" + strict + "\"><x:si><x:t>prefixed</x:t></x:si></x:sst>");
  parts.emplace_back(
      "xl/worksheets/sheet.xml",
      "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\"?><x:worksheet xmlns:x=\"" + strict +
          "\"><x:sheetData><x:row r=\"2\"><x:c r=\"B2\" t=\"s\"><x:v>0</x:v></x:c>"
          "<x:c r=\"C2\"><x:v>5</x:v></x:c></x:row></x:sheetData>"
          "<x:extLst><x14:ext xmlns:x14=\"urn:other\"><x14:c r=\"A1\"><x14:v>9</x14:v></x14:c>"
          "</x14:ext></x:extLst></x:worksheet>");
  Sheet s = read_first(write_zip("strict.xlsx", parts));
  EXPECT_EQ(s.name, "P");
  EXPECT_EQ(s.cell(1, 1).value, "prefixed");
  EXPECT_EQ(s.cell(1, 2).value, "5");
  EXPECT_EQ(s.cell_count(), 2u);  // elements of other namespaces are not cells
}

TEST(XlsxReader, CellAtTheLastPositionOfTheGrid) {
  std::string sheet = worksheet(
      "<dimension ref=\"A1:XFD1048576\"/><sheetData><row r=\"1048576\"><c "
      "r=\"XFD1048576\"><v>1</v></c></row>"
      "</sheetData>");
  Sheet s = read_first(write_zip("xfd.xlsx", package({{"S", sheet}})));
  EXPECT_EQ(s.cell_count(), 1u);
  EXPECT_EQ(s.cell(1048575, 16383).value, "1");
}

TEST(XlsxReader, MissingAndBrokenParts) {
  std::string sheet = worksheet("<sheetData/>");
  // No workbook relationships.
  Parts parts = package({{"S", sheet}});
  parts.erase(parts.end() - 1);
  EXPECT_EQ(error_code([&] { open_xlsx(write_zip("norels.xlsx", parts), {}); }), "READ-CORRUPT");
  // A sheet part that is not in the package fails when the sheet is read.
  parts = package({{"S", sheet}});
  parts.erase(parts.begin() + 2);
  auto wb = open_xlsx(write_zip("nosheet.xlsx", parts), {});
  std::string text = error_text([&] { wb->read_sheet(0); });
  EXPECT_NE(text.find("READ-CORRUPT"), std::string::npos) << text;
  EXPECT_NE(text.find("xl/worksheets/sheet1.xml"), std::string::npos) << text;
  // A shared string index past the table names the cell.
  std::string bad =
      worksheet("<sheetData><row r=\"3\"><c r=\"B3\" t=\"s\"><v>5</v></c></row></sheetData>");
  text = error_text([&] {
    read_first(write_zip("badindex.xlsx", package({{"S", bad}}, sst("<si/>"))));
  });
  EXPECT_NE(text.find("B3"), std::string::npos) << text;
  EXPECT_NE(text.find("READ-CORRUPT"), std::string::npos) << text;
  // Malformed XML names the part.
  text = error_text([&] {
    read_first(
        write_zip("badxml.xlsx", package({{"S", worksheet("<sheetData><row></sheetData>")}})));
  });
  EXPECT_NE(text.find("sheet1.xml"), std::string::npos) << text;
  EXPECT_NE(text.find("sheet 'S'"), std::string::npos) << text;
  // A number that is not one.
  std::string nan =
      worksheet("<sheetData><row r=\"1\"><c r=\"A1\"><v>12abc</v></c></row></sheetData>");
  EXPECT_EQ(error_code([&] {
              read_first(write_zip("nan.xlsx", package({{"S", nan}})));
            }),
            "READ-CORRUPT");
}

TEST(XlsxReader, OtherPackagesAreRejectedClearly) {
  Parts xlsb = {{"[Content_Types].xml", "<Types/>"}, {"xl/workbook.bin", "binary"}};
  EXPECT_EQ(error_code([&] { open_xlsx(write_zip("book.xlsb", xlsb), {}); }), "READ-UNSUPPORTED");
  Parts ods = {{"mimetype", "application/vnd.oasis.opendocument.spreadsheet"},
               {"content.xml", "<x/>"}};
  EXPECT_EQ(error_code([&] { open_xlsx(write_zip("book.ods", ods), {}); }), "READ-UNSUPPORTED");
  Parts encrypted = {{"EncryptionInfo", "x"}, {"EncryptedPackage", "y"}};
  EXPECT_EQ(error_code([&] { open_xlsx(write_zip("enc.xlsx", encrypted), {}); }), "READ-ENCRYPTED");
  Parts docx = {{"word/document.xml", "<w/>"}};
  EXPECT_EQ(error_code([&] { open_xlsx(write_zip("doc.xlsx", docx), {}); }), "READ-UNSUPPORTED");
  EXPECT_EQ(error_code([&] {
              open_xlsx(write_bytes("ole.xlsx", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 rest"), {});
            }),
            "READ-UNSUPPORTED");
  EXPECT_EQ(error_code([&] { open_xlsx(write_bytes("text.xlsx", "just text"), {}); }),
            "READ-CORRUPT");
}

TEST(XlsxReader, DoctypeAndEntitiesAreRefused) {
  std::string laughs =
      "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 "
      "\"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]><worksheet xmlns=\"" +
      std::string(kMain) +
      "\"><sheetData><row r=\"1\"><c r=\"A1\" "
      "t=\"str\"><v>&lol2;</v></c></row></sheetData></worksheet>";
  std::string text = error_text([&] {
    read_first(write_zip("laughs.xlsx", package({{"S", laughs}})));
  });
  EXPECT_NE(text.find("READ-CORRUPT"), std::string::npos) << text;
  EXPECT_NE(text.find("DOCTYPE"), std::string::npos) << text;
  std::string external =
      "<?xml version=\"1.0\"?><!DOCTYPE x SYSTEM \"file:///etc/passwd\"><worksheet xmlns=\"" +
      std::string(kMain) + "\"/>";
  EXPECT_EQ(error_code([&] {
              read_first(write_zip("external.xlsx", package({{"S", external}})));
            }),
            "READ-CORRUPT");
  std::string undefined =
      worksheet("<sheetData><row r=\"1\"><c r=\"A1\" t=\"str\"><v>&xxe;</v></c></row></sheetData>");
  EXPECT_EQ(error_code([&] {
              read_first(write_zip("undefined.xlsx", package({{"S", undefined}})));
            }),
            "READ-CORRUPT");
}

// A sheet whose XML is mostly blanks: small compressed, large inflated.
std::string padded_sheet(std::size_t blanks) {
  return worksheet("<sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row>" +
                   std::string(blanks, ' ') + "</sheetData>");
}

TEST(XlsxReader, ZipBombCaps) {
  auto path = write_zip("bomb.xlsx", package({{"S", padded_sheet(4u << 20)}}));
  ReadOptions part_cap;
  part_cap.limits.max_part_bytes = 1u << 20;
  std::string text = error_text([&] { read_first(path, part_cap); });
  EXPECT_NE(text.find("READ-LIMIT"), std::string::npos) << text;
  EXPECT_NE(text.find("sheet1.xml"), std::string::npos) << text;
  ReadOptions ratio_cap;
  ratio_cap.limits.max_compression_ratio = 50;
  EXPECT_EQ(error_code([&] { read_first(path, ratio_cap); }), "READ-LIMIT");
  ReadOptions total_cap;
  total_cap.limits.max_total_bytes = 2u << 20;
  EXPECT_EQ(error_code([&] { read_first(path, total_cap); }), "READ-LIMIT");
  EXPECT_EQ(read_first(path).cell(0, 0).value, "1");  // the default caps allow it
}

// Rewrites every 32-bit little-endian field holding `from` (at the central
// directory and local headers' size offsets) to `to`: a zip that lies about
// an entry's uncompressed size.
std::string with_lying_size(std::string bytes, std::uint32_t from, std::uint32_t to) {
  for (std::size_t i = 0; i + 4 <= bytes.size(); ++i) {
    std::uint32_t v = static_cast<unsigned char>(bytes[i]) |
                      (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                      (static_cast<unsigned char>(bytes[i + 2]) << 16) |
                      (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 3])) << 24);
    if (v == from) {
      for (int k = 0; k < 4; ++k)
        bytes[i + static_cast<std::size_t>(k)] = static_cast<char>((to >> (8 * k)) & 0xFF);
    }
  }
  return bytes;
}

TEST(XlsxReader, InflatedBytesAreCountedNotTrusted) {
  std::string sheet = padded_sheet(3u << 20);
  auto honest = read_bytes(write_zip("liar_src.xlsx", package({{"S", sheet}})));
  std::string liar = with_lying_size(honest, static_cast<std::uint32_t>(sheet.size()), 1000);
  ASSERT_NE(liar, honest);
  ReadOptions options;
  options.limits.max_part_bytes = 1u << 20;
  std::string code = error_code([&] { read_first(write_bytes("liar.xlsx", liar), options); });
  EXPECT_TRUE(code == "READ-LIMIT" || code == "READ-CORRUPT") << code;
}

TEST(XlsxReader, BadCrcIsReported) {
  std::string sheet =
      worksheet("<sheetData><row r=\"1\"><c r=\"A1\"><v>123456</v></c></row></sheetData>");
  auto bytes =
      read_bytes(write_zip("crc_src.xlsx", package({{"S", sheet}}), {"xl/worksheets/sheet1.xml"}));
  std::size_t at = bytes.find("123456");
  ASSERT_NE(at, std::string::npos);
  bytes[at] = '9';  // still well-formed XML, but not what was stored
  std::string text = error_text([&] { read_first(write_bytes("crc.xlsx", bytes)); });
  EXPECT_NE(text.find("READ-CORRUPT"), std::string::npos) << text;
  EXPECT_NE(text.find("CRC"), std::string::npos) << text;
}

TEST(XlsxReader, EveryTruncationFailsCleanly) {
  std::string shared = sst("<si><t>a</t></si><si><r><t>b</t></r></si>");
  std::string sheet = worksheet(
      "<sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\"><v>1.5</v></c></row>"
      "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>1</v></c></row></sheetData>"
      "<mergeCells><mergeCell ref=\"A1:B1\"/></mergeCells>");
  auto bytes =
      read_bytes(write_zip("whole.xlsx", package({{"S", sheet}}, shared, styles({}, {0}))));
  ASSERT_GT(bytes.size(), 500u);
  {
    auto wb = open_xlsx(write_bytes("copy.xlsx", bytes), {});
    EXPECT_EQ(wb->read_sheet(0).cell_count(), 3u);
  }
  std::string path = (temp_dir() / "prefix.xlsx").string();
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    std::ofstream(path, std::ios::binary | std::ios::trunc)
        .write(bytes.data(), static_cast<std::streamsize>(n));
    try {
      auto wb = open_xlsx(path, {});
      for (std::size_t i = 0; i < wb->info().sheets.size(); ++i) wb->read_sheet(i);
      ADD_FAILURE() << "a prefix of " << n << " bytes was read without error";
    } catch (const InputError& e) {
      EXPECT_FALSE(e.diagnostic().code.empty());
      EXPECT_EQ(e.diagnostic().where.file, path);
    }
  }
}

TEST(XlsxReader, LargeSheetStaysCompact) {
  // 200,000 rows x 15 columns, streamed into the package so the test itself
  // holds little; the reader must stay well under 300 MB.
  std::string xml_path = (temp_dir() / "large_sheet.xml").string();
  {
    std::ofstream xml(xml_path, std::ios::binary);
    xml << "<?xml version=\"1.0\"?><worksheet xmlns=\"" << kMain << "\"><sheetData>";
    char buf[64];
    for (int r = 1; r <= 200000; ++r) {
      xml << "<row r=\"" << r << "\">";
      for (int c = 0; c < 15; ++c) {
        if (c < 3) {
          std::snprintf(buf, sizeof buf, "<c t=\"s\"><v>%d</v></c>", (r * 7 + c) % 100);
        } else {
          std::snprintf(buf, sizeof buf, "<c><v>%d.%02d</v></c>", r * 13 + c, (r + c) % 100);
        }
        xml << buf;
      }
      xml << "</row>";
    }
    xml << "</sheetData></worksheet>";
  }
  std::string items;
  for (int i = 0; i < 100; ++i) items += "<si><t>支出项目" + std::to_string(i) + "</t></si>";
  Parts parts = package({{"Big", "placeholder"}}, sst(items));
  std::string path = (temp_dir() / "large.xlsx").string();
  {
    int error = 0;
    zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    ASSERT_NE(z, nullptr);
    for (const auto& [entry, content] : parts) {
      zip_source_t* src = entry == "xl/worksheets/sheet1.xml"
                              ? zip_source_file(z, xml_path.c_str(), 0, -1)
                              : zip_source_buffer(z, content.data(), content.size(), 0);
      ASSERT_GE(zip_file_add(z, entry.c_str(), src, ZIP_FL_OVERWRITE), 0);
    }
    ASSERT_EQ(zip_close(z), 0);
  }
  fs::remove(xml_path);
  auto wb = open_xlsx(path, {});
  Sheet s = wb->read_sheet(0);
  EXPECT_EQ(s.cell_count(), 3'000'000u);
  EXPECT_EQ(s.cell(199999, 14).value, "2600014.14");
  EXPECT_EQ(s.cell(0, 1).value, "支出项目8");
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  const long peak_mb = usage.ru_maxrss / 1024;
  RecordProperty("peak_rss_mb", static_cast<int>(peak_mb));
  std::printf("[ info     ] peak resident set %ld MB\n", peak_mb);
#if defined(__SANITIZE_ADDRESS__)
  // AddressSanitizer's shadow memory and redzones roughly double the resident
  // set; the bound is checked in the normal build (and by scripts/bench.sh).
  (void)peak_mb;
#else
  EXPECT_LT(peak_mb, 300) << "peak resident set " << peak_mb << " MB";
#endif
}

TEST(XlsxText, PublishedFromStoredAgreesWithPublishedNumber) {
  // The fast path for plain text must give exactly what published_number() gives.
  std::vector<std::string> samples = {"0",
                                      "-0",
                                      "0.0",
                                      "-0.50",
                                      "007",
                                      ".5",
                                      "-.5",
                                      "5.",
                                      "12.50",
                                      "838.98",
                                      "902.3099999999999",
                                      "123456789012345",
                                      "1234567890123456",
                                      "0.000123",
                                      "99999999999999.99",
                                      "1e+16",
                                      "+3",
                                      "1.5E-3",
                                      "0.1000000000000000055511151231257827",
                                      "-12462702.17",
                                      "100",
                                      "100.000"};
  unsigned seed = 12345;
  for (int i = 0; i < 3000; ++i) {
    std::string t;
    seed = seed * 1103515245 + 12345;
    if (seed % 3 == 0) t += '-';
    int digits = 1 + static_cast<int>((seed >> 8) % 19);
    int point = static_cast<int>((seed >> 16) % static_cast<unsigned>(digits + 2));
    for (int d = 0; d < digits; ++d) {
      seed = seed * 1103515245 + 12345;
      if (d == point) t += '.';
      t += static_cast<char>('0' + (seed >> 16) % 10);
    }
    samples.push_back(t);
  }
  for (const auto& text : samples) {
    for (int decimals : {-1, 0, 2, 4}) {
      EXPECT_EQ(published_from_stored(text, decimals), published_number(text, decimals))
          << text << " " << decimals;
    }
  }
  EXPECT_EQ(published_from_stored(" 12.5 ", 2), "12.5");
  EXPECT_EQ(published_from_stored("1.00000000000000000000000000000000000000001", -1), "1");
  EXPECT_FALSE(published_from_stored("12abc", -1));
  EXPECT_FALSE(published_from_stored("", -1));
}

TEST(XlsxText, XstringEscapesAndIsoDates) {
  EXPECT_EQ(decode_xstring("A_x000D_B"), "A\rB");
  EXPECT_EQ(decode_xstring("_x005F_x000D_"), "_x000D_");
  EXPECT_EQ(decode_xstring("_xD83C__xDF63_"), "\U0001F363");
  EXPECT_EQ(decode_xstring("_xD83C_"), "\uFFFD");
  EXPECT_EQ(decode_xstring("_x00G0_ _X0041_"), "_x00G0_ _X0041_");
  EXPECT_EQ(normalise_iso8601("2021-01-01"), "2021-01-01");
  EXPECT_EQ(normalise_iso8601("10:10:10"), "10:10:10");
  EXPECT_EQ(normalise_iso8601("2014-02-14T08:27:48.765Z"), "2014-02-14T08:27:48.765000");
  EXPECT_EQ(normalise_iso8601("2014-02-14T08:27+08:00"), "2014-02-14T08:27:00");
  EXPECT_FALSE(normalise_iso8601("2014-13-01"));
  EXPECT_FALSE(normalise_iso8601("yesterday"));
}

TEST(XlsxFormula, SharedFormulaReferencesMove) {
  EXPECT_EQ(shift_formula_references("SUM(A1:B2)*$C$3+C$4+$D5", 1, 2), "SUM(C2:D3)*$C$3+E$4+$D6");
  EXPECT_EQ(shift_formula_references("\"A1\"&'Sheet A1'!B2&Sheet1!C3", 1, 0),
            "\"A1\"&'Sheet A1'!B3&Sheet1!C4");
  EXPECT_EQ(shift_formula_references("LOG10(A1)+ATAN2(B1,C1)", 0, 1), "LOG10(B1)+ATAN2(C1,D1)");
  EXPECT_EQ(shift_formula_references("A1-1", -1, 0), "#REF!-1");
  EXPECT_EQ(
      shift_formula_references("Table1[[#This Row],[A1]]+VERYLONGNAME123456789012345678901", 1, 1),
      "Table1[[#This Row],[A1]]+VERYLONGNAME123456789012345678901");
  EXPECT_EQ(shift_formula_references("XFD1+A1048576", 0, 0), "XFD1+A1048576");
  EXPECT_EQ(shift_formula_references("XFD1", 0, 1), "#REF!");
}

TEST(ReadingJsonl, PythonFloatRepr) {
  EXPECT_EQ(python_float_repr(3.0), "3.0");
  EXPECT_EQ(python_float_repr(0.1), "0.1");
  EXPECT_EQ(python_float_repr(1e16), "1e+16");
  EXPECT_EQ(python_float_repr(1e-05), "1e-05");
  EXPECT_EQ(python_float_repr(0.0001), "0.0001");
  EXPECT_EQ(python_float_repr(123456789012345678.0), "1.2345678901234568e+17");
  EXPECT_EQ(python_float_repr(902.3099999999999), "902.31");  // the same double
  EXPECT_EQ(python_float_repr(0.30000000000000004), "0.30000000000000004");
  EXPECT_EQ(python_float_repr(-2.5), "-2.5");
  EXPECT_EQ(python_float_repr(1e15), "1000000000000000.0");
  EXPECT_EQ(python_float_repr(-0.0), "-0.0");
  EXPECT_EQ(python_float_repr(1.5e300), "1.5e+300");
  EXPECT_EQ(python_float_repr(2.5e-7), "2.5e-07");
}

TEST(ReadingJsonl, JsonQuoting) {
  EXPECT_EQ(json_quote("a\"b\\c\n\r\t\x01"), "\"a\\\"b\\\\c\\n\\r\\t\\u0001\"");
  EXPECT_EQ(json_quote("汉字"), "\"汉字\"");
  EXPECT_EQ(json_quote("bad\xFF"), "\"bad\xEF\xBF\xBD\"");
}

TEST(ReadingJsonl, WritesTheReferenceFormat) {
  std::string st = styles({}, {0, 14, 46});
  std::string sheet = worksheet(
      "<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>名称</t></is></c><c "
      "r=\"B1\"><v>3</v></c>"
      "<c r=\"C1\" s=\"1\"><v>41331</v></c><c r=\"D1\" s=\"2\"><v>1.5</v></c></row>"
      "<row r=\"2\"><c r=\"A2\" t=\"b\"><v>1</v></c><c r=\"B2\"><f>B1*2</f><v>6</v></c><c "
      "r=\"C2\"><f>X</f></c>"
      "<c r=\"D2\" t=\"e\"><v>#N/A</v></c></row></sheetData><mergeCells><mergeCell "
      "ref=\"A3:C3\"/></mergeCells>");
  std::string path = write_zip("jsonl.xlsx", package({{"S1", sheet}}, "", st));
  auto wb = open_xlsx(path, {});
  std::ostringstream out;
  write_reading_jsonl(out, "dir/jsonl.xlsx", *wb);
  std::vector<std::string> lines;
  std::istringstream in(out.str());
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  ASSERT_EQ(lines.size(), 10u) << out.str();
  EXPECT_EQ(
      lines[0].rfind(
          "{\"record\": \"file\", \"path\": \"dir/jsonl.xlsx\", \"ext\": \"xlsx\", \"container\": "
          "\"zip\", \"ok\": true",
          0),
      0u)
      << lines[0];
  EXPECT_NE(lines[0].find("\"workbook\": {\"sheets\": [\"S1\"], \"date1904\": false}}"),
            std::string::npos);
  EXPECT_EQ(lines[1],
            "{\"record\": \"sheet\", \"sheet\": \"S1\", \"index\": 0, \"kind\": \"worksheet\", "
            "\"state\": "
            "\"visible\", \"merged\": [\"A3:C3\"], \"n_cells\": 8}");
  EXPECT_EQ(lines[2],
            "{\"sheet\": \"S1\", \"cell\": \"A1\", \"type\": \"s\", \"value\": \"名称\"}");
  EXPECT_EQ(lines[3], "{\"sheet\": \"S1\", \"cell\": \"B1\", \"type\": \"n\", \"value\": 3.0}");
  EXPECT_EQ(lines[4],
            "{\"sheet\": \"S1\", \"cell\": \"C1\", \"type\": \"d\", \"value\": "
            "\"2013-02-26T00:00:00\", \"serial\": "
            "41331.0}");
  EXPECT_EQ(lines[5],
            "{\"sheet\": \"S1\", \"cell\": \"D1\", \"type\": \"d\", \"value\": \"36:00:00\", "
            "\"serial\": 1.5, "
            "\"note\": \"duration format ([h] etc.)\"}");
  EXPECT_EQ(lines[6], "{\"sheet\": \"S1\", \"cell\": \"A2\", \"type\": \"b\", \"value\": true}");
  EXPECT_EQ(lines[7],
            "{\"sheet\": \"S1\", \"cell\": \"B2\", \"type\": \"n\", \"value\": 6.0, \"formula\": "
            "\"=B1*2\"}");
  EXPECT_EQ(lines[8],
            "{\"sheet\": \"S1\", \"cell\": \"C2\", \"type\": \"null\", \"value\": null, "
            "\"formula\": \"=X\", "
            "\"note\": \"formula without cached value\"}");
  EXPECT_EQ(lines[9],
            "{\"sheet\": \"S1\", \"cell\": \"D2\", \"type\": \"e\", \"value\": \"#N/A\"}");
}

TEST(ReadingJsonl, Sha256OfAFile) {
  EXPECT_EQ(file_sha256(write_bytes("abc.txt", "abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  std::uint64_t size = 0;
  EXPECT_EQ(file_sha256(write_bytes("empty.txt", ""), &size),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(size, 0u);
}

}  // namespace
}  // namespace bc
