// The .xls reader against workbooks built byte by byte here: a BIFF8 stream
// (with a small record builder) inside a Compound File (with a small CFB
// builder), so every feature and every corruption is exact and known.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/address.h"
#include "core/diagnostic.h"
#include "read/biff_records.h"
#include "read/readers.h"
#include "read/workbook.h"

namespace bc {
namespace {

// ---------------------------------------------------------------- bytes

std::string le16(std::uint32_t v) {
  return {static_cast<char>(v & 0xFF), static_cast<char>((v >> 8) & 0xFF)};
}
std::string le32(std::uint32_t v) { return le16(v & 0xFFFF) + le16(v >> 16); }
std::string f64(double v) {
  auto bits = std::bit_cast<std::uint64_t>(v);
  return le32(static_cast<std::uint32_t>(bits)) + le32(static_cast<std::uint32_t>(bits >> 32));
}
std::string utf16(const std::u16string& s) {
  std::string out;
  for (char16_t c : s) out += le16(c);
  return out;
}
std::string hex(const char* h) {
  std::string out;
  for (std::size_t i = 0; h[i] != 0 && h[i + 1] != 0; i += 2) {
    out.push_back(static_cast<char>(std::stoi(std::string(h + i, 2), nullptr, 16)));
  }
  return out;
}

std::string record(std::uint16_t type, const std::string& data) {
  return le16(type) + le16(static_cast<std::uint32_t>(data.size())) + data;
}

// ---------------------------------------------------------------- BIFF8

std::string bof8(std::uint16_t substream) {
  return record(0x0809, le16(0x0600) + le16(substream) + le16(0x0DBB) + le16(0x07CC) +
                            le32(0x000100C1) + le32(0x00000006));
}
std::string cell(std::uint32_t row, std::uint32_t col, std::uint32_t xf = 0) {
  return le16(row) + le16(col) + le16(xf);
}
std::string xl_string(const std::string& latin1) {  // XLUnicodeString, compressed
  return le16(static_cast<std::uint32_t>(latin1.size())) + std::string(1, '\0') + latin1;
}
std::string xl_wstring(const std::u16string& s) {  // XLUnicodeString, UTF-16
  return le16(static_cast<std::uint32_t>(s.size())) + std::string(1, '\x01') + utf16(s);
}
std::string xf_record(std::uint32_t format_id) {
  return record(0x00E0, le16(0) + le16(format_id) + std::string(16, '\0'));
}
std::string format_record(std::uint32_t id, const std::string& code) {
  return record(0x041E, le16(id) + xl_string(code));
}
std::string boundsheet(std::uint32_t offset, std::uint8_t state, std::uint8_t type,
                       const std::string& name) {
  return record(0x0085, le32(offset) + std::string(1, static_cast<char>(state)) +
                            std::string(1, static_cast<char>(type)) +
                            std::string(1, static_cast<char>(name.size())) + std::string(1, '\0') +
                            name);
}
std::string rk_int(std::int32_t v, bool times100) {
  return le32((static_cast<std::uint32_t>(v) << 2) | 0x02u | (times100 ? 1u : 0u));
}
std::string rk_float(double v, bool times100) {
  auto bits = std::bit_cast<std::uint64_t>(v);
  return le32((static_cast<std::uint32_t>(bits >> 32) & 0xFFFFFFFCu) | (times100 ? 1u : 0u));
}
std::string formula(std::uint32_t row, std::uint32_t col, const std::string& result,
                    std::uint32_t xf = 0) {
  return record(0x0006, cell(row, col, xf) + result + le16(0) + le32(0) + le16(0));
}
std::string tagged(std::uint8_t kind, std::uint8_t value) {
  return std::string(1, static_cast<char>(kind)) + std::string(1, '\0') +
         std::string(1, static_cast<char>(value)) + std::string(3, '\0') + "\xFF\xFF";
}

// The shared strings, split over two CONTINUE records: string 1 changes from
// compressed to UTF-16 mid-string, string 2's rich-text runs straddle a
// record boundary, string 3 carries phonetic data, string 6 changes from
// UTF-16 to compressed.
std::string sst_records() {
  std::string sst = le32(9) + le32(7);
  sst += xl_string("Budget");
  sst += le16(7) + std::string(1, '\0') + "ABC";  // "ABCDE漢字", first 3 characters
  std::string c1 = "\x01" + utf16(u"DE\u6F22\u5B57");
  c1 += le16(4) + std::string(1, '\x08') + le16(2) + "Rich" + le16(0) + le16(1);  // run 1 of 2
  std::string c2 = le16(2) + le16(0);                                             // run 2
  c2 += le16(2) + std::string(1, '\x05') + le32(10) + utf16(u"\u6F22\u5B57") + std::string(10, 'p');
  c2 += le16(0) + std::string(1, '\0');                           // ""
  c2 += le16(2) + std::string(1, '\x01') + utf16(u"\U0001F363");  // a character outside the BMP
  c2 += le16(4) + std::string(1, '\x01') + utf16(u"\u4E2D\u6587");
  std::string c3 = std::string(1, '\0') + "ok";  // "中文ok"
  return record(0x00FC, sst) + record(0x003C, c1) + record(0x003C, c2) + record(0x003C, c3);
}

struct BookOptions {
  bool filepass = false;
  int filler_rows = 0;  // NUMBER cells appended to sheet 1, to grow the stream
};

std::string data_sheet(int filler_rows) {
  std::string s = bof8(0x0010);
  s += record(0x007D,
              le16(3) + le16(3) + le16(2000) + le16(0) + le16(0x0001) + le16(0));  // D hidden
  s += record(0x0208,
              le16(4) + le16(0) + le16(8) + le16(0xFF) + le16(0) + le16(0) + le32(0x0F000120));
  for (std::uint32_t i = 0; i < 6; ++i) s += record(0x00FD, cell(0, i) + le32(i + 1));
  s += record(0x027E, cell(1, 0) + rk_int(1234, false));
  s += record(0x027E, cell(1, 1) + rk_int(12345, true));
  s += record(0x027E, cell(1, 2) + rk_float(0.5, false));
  s += record(0x027E, cell(1, 3) + rk_float(1.5, true));
  s += record(0x027E, cell(1, 4) + rk_int(-7, false));
  s += record(0x00BD, le16(2) + le16(0) + le16(0) + rk_int(1, false) + le16(0) + rk_int(-2, false) +
                          le16(0) + rk_float(2.5, false) + le16(2));
  s += record(0x0203, cell(3, 0, 5) + f64(902.3099999999998));
  s += record(0x0203, cell(3, 1, 2) + f64(43831));
  s += record(0x0203, cell(3, 2, 3) + f64(0.1234));
  s += record(0x0203, cell(3, 3, 4) + f64(1.5));
  s += record(0x0203, cell(3, 4, 1) + f64(0.1 + 0.2));
  s += formula(4, 0, tagged(0, 0)) + record(0x0207, xl_wstring(u"Total \u5408\u8BA1"));
  s += formula(4, 1, tagged(1, 1));
  s += formula(4, 2, tagged(2, 0x07));
  s += formula(4, 3, tagged(3, 0));
  s += formula(4, 4, f64(42.5));
  s += formula(4, 5, tagged(0, 0)) + record(0x04BC, std::string(10, '\0')) +
       record(0x0207, xl_string("shared"));
  s += record(0x0205, cell(5, 0) + "\x01" + std::string(1, '\0'));
  s += record(0x0205, cell(5, 1) + "\x2A\x01");
  s += record(0x0204, cell(6, 0) + xl_string("label text"));
  s += record(0x0201, cell(7, 0));  // BLANK: no value, no cell
  // An embedded chart's substream: its records are not the sheet's cells.
  s += bof8(0x0020) + record(0x0203, cell(8, 0) + f64(99)) + record(0x000A, "");
  s += record(0x00E5, le16(2) + le16(9) + le16(9) + le16(0) + le16(2) + le16(11) + le16(13) +
                          le16(1) + le16(1));
  for (int i = 0; i < filler_rows; ++i) {
    s += record(0x0203, cell(static_cast<std::uint32_t>(100 + i), 0) + f64(i * 0.25));
  }
  s += record(0x000A, "");
  return s;
}

std::string globals(const BookOptions& options, const std::vector<std::uint32_t>& offsets) {
  std::string g = bof8(0x0005);
  if (options.filepass) g += record(0x002F, le16(1) + le16(1) + le16(1) + std::string(48, '\0'));
  g += record(0x0042, le16(1200));
  g += record(0x0022, le16(0));
  g += format_record(164, "0.00");
  g += format_record(165, "yyyy-mm-dd");
  g += format_record(166, "[h]:mm");
  for (std::uint32_t id : {0u, 164u, 165u, 10u, 166u, 4u}) g += xf_record(id);
  g += boundsheet(offsets[0], 0, 0, "Data");
  g += boundsheet(offsets[1], 1, 0, "Hidden");
  g += boundsheet(offsets[2], 2, 0, "Secret");
  g += boundsheet(offsets[3], 0, 2, "Chart1");
  g += sst_records();
  g += record(0x000A, "");
  return g;
}

std::string workbook_stream(const BookOptions& options = {}) {
  std::vector<std::string> sheets{
      data_sheet(options.filler_rows),
      bof8(0x0010) + record(0x00FD, cell(0, 0) + le32(0)) + record(0x000A, ""),
      bof8(0x0010) + record(0x0203, cell(0, 0) + f64(1)) + record(0x000A, ""),
      bof8(0x0020) + record(0x000A, "")};
  std::size_t at = globals(options, {0, 0, 0, 0}).size();
  std::vector<std::uint32_t> offsets;
  for (const std::string& sheet : sheets) {
    offsets.push_back(static_cast<std::uint32_t>(at));
    at += sheet.size();
  }
  std::string out = globals(options, offsets);
  for (const std::string& sheet : sheets) out += sheet;
  return out;
}

// ---------------------------------------------------------------- CFB

struct Cfb {
  std::string bytes;
  std::uint32_t dir_sector = 0;
  std::uint32_t mini_fat_sector = 0xFFFFFFFE;
  std::map<std::string, std::uint32_t> starts;  // stream -> first (mini) sector
};

constexpr std::uint32_t kEnd = 0xFFFFFFFE;
constexpr std::uint32_t kFree = 0xFFFFFFFF;

// Version 3 compound file, 512-byte sectors, streams under 4096 bytes in the
// mini stream. Layout: FAT, directory, MiniFAT, mini stream, big streams.
Cfb build_cfb(const std::vector<std::pair<std::string, std::string>>& streams) {
  auto sectors_for = [](std::size_t bytes) {
    return static_cast<std::uint32_t>((bytes + 511) / 512);
  };
  Cfb out;
  std::string mini;
  std::vector<std::uint32_t> mini_fat;
  std::vector<std::uint32_t> starts(streams.size(), kEnd);
  for (std::size_t i = 0; i < streams.size(); ++i) {
    const std::string& data = streams[i].second;
    if (data.size() >= 4096 || data.empty()) continue;
    auto first = static_cast<std::uint32_t>(mini.size() / 64);
    std::uint32_t n = static_cast<std::uint32_t>((data.size() + 63) / 64);
    for (std::uint32_t k = 0; k < n; ++k) mini_fat.push_back(k + 1 < n ? first + k + 1 : kEnd);
    mini += data;
    mini.resize((mini.size() + 63) / 64 * 64, '\0');
    starts[i] = first;
  }
  std::uint32_t dir_n = sectors_for((streams.size() + 1) * 128);
  std::uint32_t mini_fat_n = sectors_for(mini_fat.size() * 4);
  std::uint32_t mini_n = sectors_for(mini.size());
  std::uint32_t big_n = 0;
  for (const auto& s : streams) {
    if (s.second.size() >= 4096) big_n += sectors_for(s.second.size());
  }
  std::uint32_t rest = dir_n + mini_fat_n + mini_n + big_n;
  std::uint32_t fat_n = 1;
  while (fat_n * 128 < fat_n + rest) ++fat_n;

  std::vector<std::uint32_t> fat(fat_n * 128, kFree);
  std::uint32_t next = 0;
  for (std::uint32_t k = 0; k < fat_n; ++k) fat[next++] = 0xFFFFFFFD;
  auto chain = [&](std::uint32_t n) {
    std::uint32_t first = n == 0 ? kEnd : next;
    for (std::uint32_t k = 0; k < n; ++k, ++next) fat[next] = k + 1 < n ? next + 1 : kEnd;
    return first;
  };
  out.dir_sector = chain(dir_n);
  out.mini_fat_sector = chain(mini_fat_n);
  std::uint32_t mini_start = chain(mini_n);
  for (std::size_t i = 0; i < streams.size(); ++i) {
    if (streams[i].second.size() >= 4096) starts[i] = chain(sectors_for(streams[i].second.size()));
    out.starts[streams[i].first] = starts[i];
  }

  std::string header = hex("D0CF11E0A1B11AE1") + std::string(16, '\0') + le16(0x3E) + le16(3) +
                       le16(0xFFFE) + le16(9) + le16(6) + std::string(6, '\0') + le32(0) +
                       le32(fat_n) + le32(out.dir_sector) + le32(0) + le32(4096) +
                       le32(out.mini_fat_sector) + le32(mini_fat_n) + le32(kEnd) + le32(0);
  for (std::uint32_t k = 0; k < 109; ++k) header += le32(k < fat_n ? k : kFree);

  auto entry = [](const std::u16string& name, std::uint8_t type, std::uint32_t right,
                  std::uint32_t child, std::uint32_t start, std::uint32_t size) {
    std::string e = utf16(name);
    e.resize(64, '\0');
    e += le16(static_cast<std::uint32_t>((name.size() + 1) * 2));
    e += std::string(1, static_cast<char>(type)) + std::string(1, '\x01');
    e += le32(kFree) + le32(right) + le32(child) + std::string(16 + 4 + 16, '\0');
    e += le32(start) + le32(size) + le32(0);
    return e;
  };
  std::string dir =
      entry(u"Root Entry", 5, kFree, streams.empty() ? kFree : 1, mini.empty() ? kEnd : mini_start,
            static_cast<std::uint32_t>(mini.size()));
  for (std::size_t i = 0; i < streams.size(); ++i) {
    std::u16string name(streams[i].first.begin(), streams[i].first.end());
    auto right = i + 1 < streams.size() ? static_cast<std::uint32_t>(i + 2) : kFree;
    dir += entry(name, 2, right, kFree, starts[i],
                 static_cast<std::uint32_t>(streams[i].second.size()));
  }
  while (dir.size() % 512 != 0) dir += entry(u"", 0, kFree, kFree, 0, 0);

  std::string body;
  for (std::uint32_t v : fat) body += le32(v);
  body += dir;
  std::string mf;
  for (std::uint32_t v : mini_fat) mf += le32(v);
  mf.resize(mini_fat_n * 512, '\xFF');
  body += mf;
  std::string m = mini;
  m.resize(mini_n * 512, '\0');
  body += m;
  for (const auto& s : streams) {
    if (s.second.size() < 4096) continue;
    std::string d = s.second;
    d.resize(sectors_for(d.size()) * 512, '\0');
    body += d;
  }
  out.bytes = header + body;
  return out;
}

void put_u32(std::string& bytes, std::size_t at, std::uint32_t v) { bytes.replace(at, 4, le32(v)); }
std::size_t fat_slot(std::uint32_t sector) { return 512 + 4 * static_cast<std::size_t>(sector); }

// ---------------------------------------------------------------- reading

std::string write_file(const std::string& name, const std::string& bytes) {
  std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) / "bc_xls_reader_test";
  std::filesystem::create_directories(dir);
  std::filesystem::path path = dir / name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return path.string();
}

// Every sheet and cell as text, to compare whole readings.
std::string fingerprint(Workbook& wb) {
  std::string out;
  for (std::size_t i = 0; i < wb.info().sheets.size(); ++i) {
    Sheet sheet = wb.read_sheet(i);
    out += "# " + sheet.name + " " + sheet_state_name(sheet.state) + " " +
           sheet_kind_name(sheet.kind) + "\n";
    for (const RangeAddress& r : sheet.merged) out += "merge " + r.to_a1() + "\n";
    for (std::uint32_t c : sheet.hidden_columns) out += "hidden col " + std::to_string(c) + "\n";
    for (const SheetRow& row : sheet.rows()) {
      if (row.hidden) out += "hidden row " + std::to_string(row.index) + "\n";
      for (const CellView& c : sheet.row_cells(row)) {
        out += a1(c.row, c.col) + "|" + cell_type_name(c.type) + "|" + std::string(c.value) + "|" +
               std::string(c.raw) + "|" + std::to_string(c.flags) + "\n";
      }
    }
  }
  return out;
}

std::string error_code_of(const std::string& path) {
  try {
    auto wb = open_workbook(path, ReadOptions{});
    fingerprint(*wb);
  } catch (const InputError& e) {
    return e.diagnostic().code + ": " + e.diagnostic().message;
  }
  return "";
}

std::string xls_file(const std::string& name, const BookOptions& options = {}) {
  return write_file(name, build_cfb({{"Workbook", workbook_stream(options)}}).bytes);
}

// ---------------------------------------------------------------- tests

TEST(XlsReader, ReadsSheetsStatesAndKinds) {
  auto wb = open_workbook(xls_file("book.xls"), ReadOptions{});
  const WorkbookInfo& info = wb->info();
  EXPECT_EQ(info.format, InputFormat::Xls);
  EXPECT_EQ(info.container, "ole");
  EXPECT_EQ(info.biff_version, "BIFF8");
  EXPECT_EQ(info.codepage, 1200);
  EXPECT_FALSE(info.date1904);
  ASSERT_EQ(info.sheets.size(), 4u);
  EXPECT_EQ(info.sheets[0].name, "Data");
  EXPECT_EQ(info.sheets[1].state, SheetState::Hidden);
  EXPECT_EQ(info.sheets[2].state, SheetState::VeryHidden);
  EXPECT_EQ(info.sheets[3].kind, SheetKind::Chartsheet);
  EXPECT_EQ(wb->read_sheet(1).cell(0, 0).value, "Budget");
  EXPECT_EQ(wb->read_sheet(2).cell(0, 0).value, "1");
  EXPECT_EQ(wb->read_sheet(3).cell_count(), 0u);
}

TEST(XlsReader, ReadsSharedStringsAcrossContinueRecords) {
  auto wb = open_workbook(xls_file("sst.xls"), ReadOptions{});
  Sheet s = wb->read_sheet(0);
  EXPECT_EQ(s.cell(0, 0).value, "ABCDE\u6F22\u5B57");  // flag changes mid-string
  EXPECT_EQ(s.cell(0, 1).value, "Rich");               // runs straddle records
  EXPECT_EQ(s.cell(0, 2).value, "\u6F22\u5B57");       // phonetic data skipped
  EXPECT_EQ(s.cell(0, 3).type, CellType::Text);        // an empty string stays a cell
  EXPECT_EQ(s.cell(0, 3).value, "");
  EXPECT_EQ(s.cell(0, 4).value, "\U0001F363");
  EXPECT_EQ(s.cell(0, 5).value, "\u4E2D\u6587ok");
}

TEST(XlsReader, DecodesRkAndMulRkExactly) {
  auto wb = open_workbook(xls_file("rk.xls"), ReadOptions{});
  Sheet s = wb->read_sheet(0);
  EXPECT_EQ(s.cell(1, 0).value, "1234");
  EXPECT_EQ(s.cell(1, 0).flags & kFlagBinaryDouble, 0);
  EXPECT_EQ(s.cell(1, 1).value, "123.45");
  EXPECT_EQ(s.cell(1, 2).value, "0.5");
  EXPECT_EQ(s.cell(1, 2).flags & kFlagBinaryDouble, kFlagBinaryDouble);
  EXPECT_EQ(s.cell(1, 3).value, "0.015");
  EXPECT_EQ(s.cell(1, 3).raw, "0.015");
  EXPECT_EQ(s.cell(1, 4).value, "-7");
  EXPECT_EQ(s.cell(2, 0).value, "1");
  EXPECT_EQ(s.cell(2, 1).value, "-2");
  EXPECT_EQ(s.cell(2, 2).value, "2.5");
  EXPECT_EQ(s.cell(2, 3).type, CellType::Empty);
}

TEST(XlsReader, PublishesDoublesThroughTheNumberFormat) {
  auto wb = open_workbook(xls_file("numbers.xls"), ReadOptions{});
  Sheet s = wb->read_sheet(0);
  CellView money = s.cell(3, 0);  // #,##0.00
  EXPECT_EQ(money.type, CellType::Number);
  EXPECT_EQ(money.value, "902.31");
  EXPECT_EQ(money.raw, "902.3099999999998");  // one ulp below 902.31
  EXPECT_EQ(money.flags, kFlagBinaryDouble);
  CellView date = s.cell(3, 1);  // yyyy-mm-dd
  EXPECT_EQ(date.type, CellType::Date);
  EXPECT_EQ(date.value, "2020-01-01T00:00:00");
  ASSERT_NE(s.date_serial(3, 1), nullptr);
  EXPECT_EQ(*s.date_serial(3, 1), "43831");
  EXPECT_EQ(s.cell(3, 2).value, "0.1234");  // 0.00% shows 12.34%
  CellView duration = s.cell(3, 3);         // [h]:mm
  EXPECT_EQ(duration.type, CellType::Date);
  EXPECT_EQ(duration.flags & kFlagDuration, kFlagDuration);
  EXPECT_EQ(s.cell(3, 4).value, "0.3");  // 0.30000000000000004 under 0.00
  EXPECT_EQ(s.cell(3, 4).raw, "0.30000000000000004");
}

TEST(XlsReader, ReadsFormulaResultsBoolsAndErrors) {
  auto wb = open_workbook(xls_file("formulas.xls"), ReadOptions{});
  Sheet s = wb->read_sheet(0);
  EXPECT_EQ(s.cell(4, 0).type, CellType::Text);
  EXPECT_EQ(s.cell(4, 0).value, "Total \u5408\u8BA1");
  EXPECT_EQ(s.cell(4, 0).flags, kFlagFormula);
  EXPECT_EQ(s.cell(4, 1).type, CellType::Bool);
  EXPECT_EQ(s.cell(4, 1).value, "TRUE");
  EXPECT_EQ(s.cell(4, 2).type, CellType::Error);
  EXPECT_EQ(s.cell(4, 2).value, "#DIV/0!");
  EXPECT_EQ(s.cell(4, 3).type, CellType::Text);
  EXPECT_EQ(s.cell(4, 3).value, "");
  EXPECT_EQ(s.cell(4, 4).value, "42.5");
  EXPECT_EQ(s.cell(4, 4).flags, kFlagFormula | kFlagBinaryDouble);
  EXPECT_EQ(s.cell(4, 5).value, "shared");  // STRING after a SHRFMLA record
  EXPECT_EQ(s.cell(5, 0).type, CellType::Bool);
  EXPECT_EQ(s.cell(5, 0).value, "TRUE");
  EXPECT_EQ(s.cell(5, 1).type, CellType::Error);
  EXPECT_EQ(s.cell(5, 1).value, "#N/A");
  EXPECT_EQ(s.cell(6, 0).value, "label text");
  EXPECT_EQ(s.cell(7, 0).type, CellType::Empty);  // BLANK
  EXPECT_EQ(s.cell(8, 0).type, CellType::Empty);  // inside the embedded chart
}

TEST(XlsReader, ReadsMergedRangesAndHiddenRowsAndColumns) {
  auto wb = open_workbook(xls_file("merged.xls"), ReadOptions{});
  Sheet s = wb->read_sheet(0);
  ASSERT_EQ(s.merged.size(), 2u);
  EXPECT_EQ(s.merged[0].to_a1(), "A10:C10");
  EXPECT_EQ(s.merged[1].to_a1(), "B12:B14");
  EXPECT_TRUE(s.column_hidden(3));
  EXPECT_FALSE(s.column_hidden(2));
  bool row_hidden = false;
  for (const SheetRow& row : s.rows()) {
    if (row.index == 4) row_hidden = row.hidden;
  }
  EXPECT_TRUE(row_hidden);
}

TEST(XlsReader, ReadsBigStreamsAndBareBiffStreamsAlike) {
  BookOptions big;
  big.filler_rows = 400;
  std::string stream = workbook_stream(big);
  ASSERT_GE(stream.size(), 4096u);  // outside the mini stream
  auto in_ole = open_workbook(write_file("big.xls", build_cfb({{"Workbook", stream}}).bytes), {});
  auto bare = open_workbook(write_file("bare.xls", stream), {});
  EXPECT_EQ(bare->info().container, "other");
  std::string a = fingerprint(*in_ole);
  EXPECT_EQ(a, fingerprint(*bare));
  EXPECT_NE(a.find("A500|n|99.75|99.75|8"), std::string::npos);
}

TEST(XlsReader, FindsTheWorkbookStreamAmongOthersIgnoringCase) {
  Cfb cfb = build_cfb(
      {{"\x05SummaryInformation", std::string(200, 'x')}, {"WORKBOOK", workbook_stream()}});
  auto wb = open_workbook(write_file("caps.xls", cfb.bytes), {});
  EXPECT_EQ(wb->read_sheet(0).cell(0, 0).value, "ABCDE\u6F22\u5B57");
}

TEST(XlsReader, RejectsEncryptedWorkbooks) {
  BookOptions options;
  options.filepass = true;
  std::string rc4 = error_code_of(xls_file("filepass.xls", options));
  EXPECT_EQ(rc4.substr(0, 15), "READ-ENCRYPTED:") << rc4;
  EXPECT_NE(rc4.find("password"), std::string::npos) << rc4;

  Cfb ooxml = build_cfb(
      {{"EncryptionInfo", std::string(300, 'i')}, {"EncryptedPackage", std::string(5000, 'e')}});
  std::string agile = error_code_of(write_file("encrypted.xlsx", ooxml.bytes));
  EXPECT_EQ(agile.substr(0, 15), "READ-ENCRYPTED:") << agile;
}

TEST(XlsReader, RejectsOleFilesThatHoldNoWorkbook) {
  Cfb doc = build_cfb({{"WordDocument", std::string(600, 'w')}});
  std::string error = error_code_of(write_file("word.xls", doc.bytes));
  EXPECT_EQ(error.substr(0, 17), "READ-UNSUPPORTED:") << error;
  EXPECT_NE(error.find("Word"), std::string::npos) << error;
}

TEST(XlsReader, DetectsLoopsAndOutOfRangeSectorsInChains) {
  Cfb cfb = build_cfb({{"Workbook", workbook_stream()}});
  std::string dir_loop = cfb.bytes;
  put_u32(dir_loop, fat_slot(cfb.dir_sector), cfb.dir_sector);
  std::string error = error_code_of(write_file("dirloop.xls", dir_loop));
  EXPECT_EQ(error.substr(0, 13), "READ-CORRUPT:") << error;
  EXPECT_NE(error.find("directory loops"), std::string::npos) << error;

  std::string mini_loop = cfb.bytes;
  std::uint32_t first = cfb.starts["Workbook"];
  put_u32(mini_loop, 512 * (1 + cfb.mini_fat_sector) + 4 * (first + 1), first);
  error = error_code_of(write_file("miniloop.xls", mini_loop));
  EXPECT_NE(error.find("loops back to mini sector"), std::string::npos) << error;

  BookOptions big;
  big.filler_rows = 400;
  Cfb large = build_cfb({{"Workbook", workbook_stream(big)}});
  std::uint32_t start = large.starts["Workbook"];
  std::string big_loop = large.bytes;
  put_u32(big_loop, fat_slot(start + 3), start + 1);
  error = error_code_of(write_file("bigloop.xls", big_loop));
  EXPECT_NE(error.find("stream 'Workbook' loops back to sector"), std::string::npos) << error;

  std::string outside = large.bytes;
  put_u32(outside, fat_slot(start + 2), 70000);
  error = error_code_of(write_file("outside.xls", outside));
  EXPECT_EQ(error.substr(0, 13), "READ-CORRUPT:") << error;
  EXPECT_NE(error.find("outside the file"), std::string::npos) << error;

  std::string free_marker = large.bytes;
  put_u32(free_marker, fat_slot(start), kFree);
  error = error_code_of(write_file("free.xls", free_marker));
  EXPECT_NE(error.find("free-sector marker"), std::string::npos) << error;

  std::string huge = large.bytes;
  put_u32(huge, 44, 0x00FFFFFF);  // FAT sector count
  error = error_code_of(write_file("fatcount.xls", huge));
  EXPECT_EQ(error.substr(0, 13), "READ-CORRUPT:") << error;
}

// Every prefix of a valid file either fails with an InputError or reads
// exactly as the whole file does: never a crash, a hang or a wrong value.
TEST(XlsReader, EveryTruncationFailsCleanly) {
  for (int filler : {0, 400}) {
    BookOptions options;
    options.filler_rows = filler;
    std::string whole = build_cfb({{"Workbook", workbook_stream(options)}}).bytes;
    std::string expected;
    {
      auto wb = open_workbook(write_file("whole.xls", whole), {});
      expected = fingerprint(*wb);
    }
    int failed = 0;
    std::size_t step = filler == 0 ? 1 : 61;
    for (std::size_t n = 0; n < whole.size(); n += step) {
      std::string path = write_file("prefix.xls", whole.substr(0, n));
      try {
        // open_xls itself: open_workbook would sniff a few bytes as CSV.
        auto wb = open_xls(path, ReadOptions{});
        EXPECT_EQ(fingerprint(*wb), expected) << "prefix of " << n << " bytes";
      } catch (const InputError& e) {
        ++failed;
        EXPECT_FALSE(e.diagnostic().code.empty());
      }
    }
    EXPECT_GT(failed, 0);
  }
}

TEST(XlsReader, TruncatedBiffRecordsAreCorrupt) {
  std::string stream = workbook_stream();
  std::size_t cut = stream.size() - 30;  // inside the last sheet
  std::string error =
      error_code_of(write_file("cut.xls", build_cfb({{"Workbook", stream.substr(0, cut)}}).bytes));
  EXPECT_EQ(error.substr(0, 13), "READ-CORRUPT:") << error;
}

TEST(XlsReader, CapsStringsByTheLimit) {
  ReadOptions options;
  options.limits.max_string_bytes = 4;
  try {
    auto wb = open_xls(xls_file("limit.xls"), options);
    FAIL() << "a 9-byte string passed a 4-byte limit";
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostic().code, "READ-LIMIT");
  }
}

// BIFF5 (Excel 95) keeps text as bytes in the workbook's codepage.
TEST(XlsReader, DecodesBiff5TextByCodepage) {
  auto bof5 = [](std::uint16_t substream) {
    return record(0x0809, le16(0x0500) + le16(substream) + le16(0x1000) + le16(1996));
  };
  std::string name = hex("d4a4cbe3b1ed");              // 预算表 in GBK
  std::string text = hex("d2bbb0e3b9abb9b2d4a4cbe3");  // 一般公共预算
  std::string sheet =
      bof5(0x0010) +
      record(0x0204, cell(0, 0) + le16(static_cast<std::uint32_t>(text.size())) + text) +
      record(0x0203, cell(1, 0, 1) + f64(1234.5)) + record(0x000A, "");
  auto globals5 = [&](std::uint32_t offset) {
    return bof5(0x0005) + record(0x0042, le16(936)) +
           record(0x041E, le16(164) + std::string(1, '\x04') + "0.00") +
           record(0x00E0, le16(0) + le16(0) + std::string(12, '\0')) +
           record(0x00E0, le16(0) + le16(164) + std::string(12, '\0')) +
           record(0x0085, le32(offset) + std::string(2, '\0') +
                              std::string(1, static_cast<char>(name.size())) + name) +
           record(0x000A, "");
  };
  std::string stream = globals5(static_cast<std::uint32_t>(globals5(0).size())) + sheet;
  auto wb = open_workbook(write_file("biff5.xls", build_cfb({{"Book", stream}}).bytes), {});
  EXPECT_EQ(wb->info().biff_version, "BIFF7");
  EXPECT_EQ(wb->info().codepage, 936);
  ASSERT_EQ(wb->info().sheets.size(), 1u);
  EXPECT_EQ(wb->info().sheets[0].name, "\u9884\u7B97\u8868");
  Sheet s = wb->read_sheet(0);
  EXPECT_EQ(s.cell(0, 0).value, "\u4E00\u822C\u516C\u5171\u9884\u7B97");
  EXPECT_EQ(s.cell(1, 0).value, "1234.5");
}

TEST(BiffRecords, CursorReadsAcrossFragments) {
  std::string a("\x34\x12\x00", 3);
  std::string b = std::string("\x01") + utf16(u"\u00E9x");
  RecordCursor c(std::vector<std::string_view>{a, b});
  EXPECT_EQ(c.u16(), 0x1234);
  EXPECT_EQ(c.unicode_chars(0, false, 100), "");
  c.skip(1);
  EXPECT_EQ(c.unicode_chars(2, false, 100), "\u00E9x");  // flag byte 0x01 read at the boundary
  EXPECT_TRUE(c.at_end());
  EXPECT_THROW(c.u8(), BiffError);
}

TEST(BiffRecords, RkDecodingIsExact) {
  EXPECT_EQ(decode_rk((1234u << 2) | 2u).text, "1234");
  EXPECT_EQ(decode_rk((static_cast<std::uint32_t>(-5) << 2) | 3u).text, "-0.05");
  EXPECT_EQ(decode_rk(0x3FF00000u).text, "1");
  EXPECT_EQ(decode_rk(0x3FF00001u).text, "0.01");
  EXPECT_TRUE(decode_rk(0x3FF00000u).binary);
}

// ---------------------------------------------------------------- real files

std::string shared(const std::string& relative) {
  return std::string(BC_SHARED_DIR) + "/" + relative;
}

std::vector<std::string> sorted_ranges(const Sheet& sheet) {
  std::vector<std::string> out;
  for (const RangeAddress& r : sheet.merged) out.push_back(r.to_a1());
  std::sort(out.begin(), out.end());
  return out;
}

// LibreOffice's BIFF8 export of a workbook written by libxlsxwriter reads as
// the .xlsx original does.
TEST(XlsReader, LibreOfficeExportMatchesTheXlsxOriginal) {
  std::string base = std::string(BC_SOURCE_DIR) + "/tests/fixtures/henan-ys/henan-ys-2024";
  if (!std::filesystem::exists(base + ".xls") || !std::filesystem::exists(base + ".xlsx")) {
    GTEST_SKIP() << "fixtures not present";
  }
  auto xls = open_workbook(base + ".xls", {});
  auto xlsx = open_workbook(base + ".xlsx", {});
  ASSERT_EQ(xls->info().sheets.size(), xlsx->info().sheets.size());
  for (std::size_t i = 0; i < xls->info().sheets.size(); ++i) {
    Sheet a = xls->read_sheet(i);
    Sheet b = xlsx->read_sheet(i);
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(sorted_ranges(a), sorted_ranges(b)) << a.name;  // the writers order them differently
    EXPECT_EQ(a.hidden_columns, b.hidden_columns) << a.name;
    std::size_t compared = 0;
    for (const SheetRow& row : b.rows()) {
      for (const CellView& want : b.row_cells(row)) {
        CellView got = a.cell(want.row, want.col);
        EXPECT_EQ(cell_type_name(got.type), std::string(cell_type_name(want.type)))
            << a.name << "!" << a1(want.row, want.col);
        EXPECT_EQ(got.value, want.value) << a.name << "!" << a1(want.row, want.col);
        ++compared;
      }
    }
    EXPECT_EQ(a.cell_count(), b.cell_count()) << a.name;
    EXPECT_GT(compared, 0u) << a.name;
  }
}

TEST(XlsReader, CorpusStressFilesFailOrReadQuickly) {
  std::string dir = shared("corpus/peers/tafia__calamine/tests/");
  if (!std::filesystem::exists(dir + "OOM_alloc.xls")) GTEST_SKIP() << "corpus not present";
  for (const char* name : {"OOM_alloc.xls", "OOM_alloc2.xls", "OOM_alloc3.xls"}) {
    auto started = std::chrono::steady_clock::now();
    std::string error = error_code_of(dir + name);
    auto seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    EXPECT_LT(seconds, 5.0) << name;
    if (std::string(name) == "OOM_alloc3.xls") {
      EXPECT_EQ(error.substr(0, 13), "READ-CORRUPT:") << error;
    }
  }
  for (const char* name : {"password_2002_40_972000.xls", "password_2002_128_strong.xls"}) {
    std::string error = error_code_of(shared("corpus/peers/SheetJS__test_files/") + name);
    EXPECT_EQ(error.substr(0, 15), "READ-ENCRYPTED:") << name << ": " << error;
  }
}

}  // namespace
}  // namespace bc
