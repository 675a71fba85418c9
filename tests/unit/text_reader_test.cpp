#include <gtest/gtest.h>
#include <iconv.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "core/address.h"
#include "core/diagnostic.h"
#include "read/readers.h"

namespace bc {
namespace {

std::string write_file(const std::string& name, const std::string& bytes) {
  std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) / "bc_text_reader_test";
  std::filesystem::create_directories(dir);
  std::filesystem::path path = dir / name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return path.string();
}

std::string to_gbk(const std::string& utf8) {
  iconv_t cd = iconv_open("GBK", "UTF-8");
  EXPECT_NE(cd, reinterpret_cast<iconv_t>(-1));
  std::string out(utf8.size() * 2 + 16, '\0');
  char* in_ptr = const_cast<char*>(utf8.data());
  std::size_t in_left = utf8.size();
  char* out_ptr = out.data();
  std::size_t out_left = out.size();
  EXPECT_NE(iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left), static_cast<std::size_t>(-1));
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

std::string dump(const Sheet& sheet) {
  std::string out;
  for (const auto& row : sheet.rows()) {
    for (const auto& cell : sheet.row_cells(row)) {
      out += a1(cell.row, cell.col) + "=" + std::string(cell.value) + "\n";
    }
  }
  return out;
}

// Lines from /work/shared/seeds/000_ac4a3a9ba1aff537.txt (YS01 收支总表): a
// header spanning two columns followed by an empty tab field, a blank line
// between the two halves of the table, and rows whose first fields are empty.
const std::string kSeed =
    "收入\t\t支出\t\n"
    "项目\t金额\t项目\t金额\n"
    "一、一般公共预算\t838.98\t一、一般公共服务\t\n"
    "八、附属单位上缴收入\t\t九、社会保险基金支出\t\n"
    "九、其他收入\t\t十、卫生健康\t730.83\n"
    "\n"
    "\t二十一、住房保障支出\t46.35\n"
    "\t\t二十九、其他支出\t\n"
    "\t\t838.98\n";

TEST(TextReader, KeepsTheSeedLayout) {
  auto workbook = open_text(write_file("000_seed.txt", kSeed), ReadOptions{});
  const WorkbookInfo& info = workbook->info();
  EXPECT_EQ(info.format, InputFormat::Text);
  EXPECT_EQ(info.encoding, "utf-8");
  ASSERT_EQ(info.sheets.size(), 1u);
  EXPECT_EQ(info.sheets[0].name, "000_seed.txt");
  EXPECT_EQ(info.sheets[0].kind, SheetKind::Text);
  Sheet sheet = workbook->read_sheet(0);
  EXPECT_EQ(sheet.kind, SheetKind::Text);
  EXPECT_EQ(sheet.name, "000_seed.txt");
  EXPECT_EQ(dump(sheet),
            "A1=收入\nC1=支出\n"
            "A2=项目\nB2=金额\nC2=项目\nD2=金额\n"
            "A3=一、一般公共预算\nB3=838.98\nC3=一、一般公共服务\n"
            "A4=八、附属单位上缴收入\nC4=九、社会保险基金支出\n"
            "A5=九、其他收入\nC5=十、卫生健康\nD5=730.83\n"
            "B7=二十一、住房保障支出\nC7=46.35\n"
            "C8=二十九、其他支出\n"
            "C9=838.98\n");
  // The blank line is a row without cells that still takes its place.
  EXPECT_TRUE(sheet.cell(5, 0).empty());
  EXPECT_EQ(sheet.cell(8, 2).type, CellType::Text);
}

TEST(TextReader, KeepsValuesVerbatimWithoutQuoteHandling) {
  auto workbook = open_text(
      write_file("verbatim.tsv", "  基本 支出 \t\"a,b\"\t\"open\r\n2, 361. 22\t107. 62\r\n"),
      ReadOptions{});
  Sheet sheet = workbook->read_sheet(0);
  EXPECT_EQ(dump(sheet),
            "A1=  基本 支出 \nB1=\"a,b\"\nC1=\"open\n"
            "A2=2, 361. 22\nB2=107. 62\n");
  EXPECT_TRUE(workbook->info().warnings.empty());
}

TEST(TextReader, DetectsGbk) {
  auto workbook = open_text(write_file("gbk.txt", to_gbk(kSeed)), ReadOptions{});
  EXPECT_EQ(workbook->info().encoding, "gb18030");
  auto utf8 = open_text(write_file("utf8.txt", kSeed), ReadOptions{});
  EXPECT_EQ(dump(workbook->read_sheet(0)), dump(utf8->read_sheet(0)));
}

TEST(TextReader, EnforcesTheFieldSizeCap) {
  ReadOptions options;
  options.limits.max_string_bytes = 4;
  auto workbook = open_text(write_file("cap.txt", "abcd\tx\n\t\tabcde\n"), options);
  try {
    workbook->read_sheet(0);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostic().code, "READ-LIMIT");
    EXPECT_EQ(e.diagnostic().where.cell, "C2");
  }
}

TEST(TextReader, EveryPrefixReadsWithoutCrashing) {
  const std::string input = "\xEF\xBB\xBF" + kSeed.substr(0, 120) + "\r\n\t\t838.98\r";
  for (std::size_t n = 1; n <= input.size(); ++n) {
    SCOPED_TRACE(n);
    auto workbook = open_text(write_file("prefix.txt", input.substr(0, n)), ReadOptions{});
    Sheet sheet = workbook->read_sheet(0);
    EXPECT_LE(sheet.cell_count(), 20u);
  }
}

}  // namespace
}  // namespace bc
