#include <gtest/gtest.h>
#include <iconv.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/address.h"
#include "core/diagnostic.h"
#include "read/delimited_parser.h"
#include "read/readers.h"
#include "read/text_encoding.h"

namespace bc {
namespace {

// Writes `bytes` to a file named `name` in a directory of this test binary.
std::string write_file(const std::string& name, const std::string& bytes) {
  std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) / "bc_csv_reader_test";
  std::filesystem::create_directories(dir);
  std::filesystem::path path = dir / name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return path.string();
}

// Converts UTF-8 to `encoding` with iconv, as a bureau's export would hold it.
std::string encode(const std::string& utf8, const char* encoding) {
  iconv_t cd = iconv_open(encoding, "UTF-8");
  EXPECT_NE(cd, reinterpret_cast<iconv_t>(-1)) << encoding;
  std::string out(utf8.size() * 4 + 16, '\0');
  char* in_ptr = const_cast<char*>(utf8.data());
  std::size_t in_left = utf8.size();
  char* out_ptr = out.data();
  std::size_t out_left = out.size();
  std::size_t rc = iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left);
  EXPECT_NE(rc, static_cast<std::size_t>(-1));
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

struct Read {
  WorkbookInfo info;
  Sheet sheet;
  std::string at(const char* address) const {
    auto a = parse_a1(address);
    return a ? std::string(sheet.cell(a->row, a->col).value) : "<bad address>";
  }
};

Read read_csv(const std::string& name, const std::string& bytes, ReadOptions options = {}) {
  auto workbook = open_csv(write_file(name, bytes), options);
  Read r{workbook->info(), workbook->read_sheet(0)};
  return r;
}

// Every cell as "A1=value" lines, for whole-sheet comparisons.
std::string dump(const Sheet& sheet) {
  std::string out;
  for (const auto& row : sheet.rows()) {
    for (const auto& cell : sheet.row_cells(row)) {
      out += a1(cell.row, cell.col) + "=" + std::string(cell.value) + "\n";
    }
  }
  return out;
}

const std::string kChinese = "单位：万元,\n项目,金额\n基本支出,838.98\n";

TEST(CsvReader, ReadsUtf8WithoutBomAsTextCells) {
  Read r = read_csv("plain.csv", "a,b\r\n1,2.50\r\n");
  EXPECT_EQ(r.info.format, InputFormat::Csv);
  EXPECT_EQ(r.info.encoding, "utf-8");
  ASSERT_EQ(r.info.sheets.size(), 1u);
  EXPECT_EQ(r.info.sheets[0].name, "plain.csv");
  EXPECT_EQ(r.sheet.name, "plain.csv");
  EXPECT_EQ(r.sheet.kind, SheetKind::Csv);
  EXPECT_EQ(dump(r.sheet), "A1=a\nB1=b\nA2=1\nB2=2.50\n");
  CellView number = r.sheet.cell(1, 1);
  EXPECT_EQ(number.type, CellType::Text);  // typing numbers is a later stage's job
  EXPECT_EQ(number.raw, "2.50");
  EXPECT_TRUE(r.info.warnings.empty());
}

TEST(CsvReader, StripsUtf8Bom) {
  Read r = read_csv("bom.csv", "\xEF\xBB\xBF" + kChinese);
  EXPECT_EQ(r.info.encoding, "utf-8");
  EXPECT_EQ(r.at("A1"), "单位：万元");
  EXPECT_EQ(r.at("B3"), "838.98");
  EXPECT_EQ(r.sheet.cell_count(), 5u);
}

TEST(CsvReader, BomOnlyOrLineBreaksOnlyGiveNoCells) {
  EXPECT_EQ(read_csv("bom_only.csv", "\xEF\xBB\xBF").sheet.cell_count(), 0u);
  EXPECT_EQ(read_csv("breaks_only.csv", "\r\n\n\r\r\n").sheet.cell_count(), 0u);
  EXPECT_EQ(read_csv("commas_only.csv", ",,,\n,\"\",\n").sheet.cell_count(), 0u);
}

TEST(CsvReader, DetectsGbk) {
  std::string gbk = encode(kChinese, "GBK");
  ASSERT_NE(gbk, kChinese);
  Read r = read_csv("gbk.csv", gbk);
  EXPECT_EQ(r.info.encoding, "gb18030");
  EXPECT_EQ(dump(r.sheet), "A1=单位：万元\nA2=项目\nB2=金额\nA3=基本支出\nB3=838.98\n");
}

TEST(CsvReader, DetectsUtf16WithBom) {
  std::string le = "\xFF\xFE" + encode(kChinese, "UTF-16LE");
  std::string be = "\xFE\xFF" + encode(kChinese, "UTF-16BE");
  Read r_le = read_csv("utf16le.csv", le);
  Read r_be = read_csv("utf16be.csv", be);
  EXPECT_EQ(r_le.info.encoding, "utf-16le");
  EXPECT_EQ(r_be.info.encoding, "utf-16be");
  const std::string expected = "A1=单位：万元\nA2=项目\nB2=金额\nA3=基本支出\nB3=838.98\n";
  EXPECT_EQ(dump(r_le.sheet), expected);
  EXPECT_EQ(dump(r_be.sheet), expected);
  // A truncated last code unit is replaced and reported, not fatal.
  Read odd = read_csv("utf16odd.csv", le + "a");
  EXPECT_EQ(odd.info.warnings.size(), 1u);
}

TEST(CsvReader, FallsBackToCp1252) {
  Read r = read_csv("mac.csv",
                    "caf\xE9,\x80 5\nM\xFCller,Stra\xDF"
                    "e\n");
  EXPECT_EQ(r.info.encoding, "cp1252");
  EXPECT_EQ(r.at("A1"), "café");
  EXPECT_EQ(r.at("B1"), "€ 5");
  // "Mü" and "ße" are valid GBK pairs; cp1252 must still win.
  EXPECT_EQ(r.at("A2"), "Müller");
  EXPECT_EQ(r.at("B2"), "Straße");
  // Bytes cp1252 leaves undefined become U+FFFD with a warning.
  Read undefined = read_csv("undefined.csv", "a\x81z\n");
  EXPECT_EQ(undefined.at("A1"), "a\xEF\xBF\xBDz");
  EXPECT_EQ(undefined.info.warnings.size(), 1u);
}

TEST(CsvReader, KeepsMostlyUtf8FilesAsUtf8) {
  Read r = read_csv("stray.csv",
                    "项目,金额\n基本支出,838.98\n人员经费,1\xA0"
                    "2\n");
  EXPECT_EQ(r.info.encoding, "utf-8");
  EXPECT_EQ(r.at("A2"), "基本支出");
  EXPECT_EQ(r.at("B3"),
            "1\xEF\xBF\xBD"
            "2");
  EXPECT_EQ(r.info.warnings.size(), 1u);
}

TEST(CsvReader, SniffsTabAndSemicolon) {
  Read tab = read_csv("tab.csv", "项目\t金额\n基本支出\t1,234.56\n项目支出\t2,000.00\n");
  EXPECT_EQ(tab.at("B2"), "1,234.56");
  EXPECT_EQ(tab.at("A3"), "项目支出");
  Read semi = read_csv("semi.csv", "a;b;c\n1,5;2,5;3\n\"x;y\";z;w\n");
  EXPECT_EQ(semi.at("A2"), "1,5");
  EXPECT_EQ(semi.at("C2"), "3");
  EXPECT_EQ(semi.at("A3"), "x;y");
  Read comma = read_csv("comma.csv", "title\n\"a;b\",c\n1,2\n");
  EXPECT_EQ(comma.at("A2"), "a;b");
  EXPECT_EQ(comma.at("B3"), "2");
  Read single = read_csv("single.csv", "a\nb\nc;d\n");
  EXPECT_EQ(single.at("A3"), "c;d");  // nothing splits most lines: comma
}

TEST(CsvReader, DelimiterOptionOverridesSniffing) {
  ReadOptions options;
  options.delimiter = ';';
  Read r = read_csv("forced.csv", "a,b\n1,2\n", options);
  EXPECT_EQ(dump(r.sheet), "A1=a,b\nA2=1,2\n");
  options.delimiter = '"';
  EXPECT_THROW(read_csv("forced_bad.csv", "a\n", options), InputError);
}

TEST(CsvReader, HandlesQuotesDoubledQuotesAndEmbeddedLineBreaks) {
  Read r = read_csv("quotes.csv",
                    "\"a,b\",\"he said \"\"hi\"\"\",\"line1\r\nline2\",\"\"\r\nx,\"y\ny\"\r\n");
  EXPECT_EQ(r.at("A1"), "a,b");
  EXPECT_EQ(r.at("B1"), "he said \"hi\"");
  EXPECT_EQ(r.at("C1"), "line1\r\nline2");
  EXPECT_TRUE(r.sheet.cell(0, 3).empty());  // "" is an empty field: no cell
  EXPECT_EQ(r.at("A2"), "x");
  EXPECT_EQ(r.at("B2"), "y\ny");
  EXPECT_EQ(r.sheet.cell_count(), 5u);
}

TEST(CsvReader, FollowsPythonCsvOnStrayQuotes) {
  // The reference readings come from Python's csv module; match its lenient rules.
  Read r = read_csv("stray_quotes.csv", "\"ab\"cd,a\"b,\" x \"\n");
  EXPECT_EQ(r.at("A1"), "abcd");
  EXPECT_EQ(r.at("B1"), "a\"b");
  EXPECT_EQ(r.at("C1"), " x ");
}

TEST(CsvReader, HandlesCrOnlyAndMixedLineEnds) {
  Read cr = read_csv("cr.csv", "a,b\r1,2\r");
  EXPECT_EQ(dump(cr.sheet), "A1=a\nB1=b\nA2=1\nB2=2\n");
  // LF CR is two line ends, so row 5 is blank.
  Read mixed = read_csv("mixed.csv", "a\rb\nc\r\nd\n\re");
  EXPECT_EQ(dump(mixed.sheet), "A1=a\nA2=b\nA3=c\nA4=d\nA6=e\n");
}

TEST(CsvReader, KeepsRaggedRowsAndColumnPositions) {
  Read r = read_csv("ragged.csv", "a\nb,c,d\n,,e\n\nf,g\n");
  EXPECT_EQ(dump(r.sheet), "A1=a\nA2=b\nB2=c\nC2=d\nC3=e\nA5=f\nB5=g\n");
}

TEST(CsvReader, UnterminatedQuoteWarnsAndKeepsTheText) {
  Read r = read_csv("open_quote.csv", "a,b\nc,\"open\nd,e\n");
  EXPECT_EQ(r.at("A2"), "c");
  EXPECT_EQ(r.at("B2"), "open\nd,e\n");
  ASSERT_EQ(r.info.warnings.size(), 1u);
  EXPECT_NE(r.info.warnings[0].find("line 2"), std::string::npos) << r.info.warnings[0];
  EXPECT_NE(r.info.warnings[0].find("B2"), std::string::npos) << r.info.warnings[0];
  EXPECT_TRUE(read_csv("closed.csv", "\"a\"\n").info.warnings.empty());
}

TEST(CsvReader, EncodingOptionOverridesDetection) {
  std::string gbk = encode(kChinese, "GBK");
  ReadOptions options;
  options.encoding = "GBK";
  Read r = read_csv("forced_gbk.csv", gbk, options);
  EXPECT_EQ(r.info.encoding, "gbk");
  EXPECT_EQ(r.at("A3"), "基本支出");

  // UTF-8 read as cp1252 is mojibake, but legal.
  options.encoding = "cp1252";
  Read mojibake = read_csv("forced_cp1252.csv", "é\n", options);
  EXPECT_EQ(mojibake.at("A1"), "Ã©");

  options.encoding = "utf-8";
  Read bom = read_csv("forced_utf8.csv", "\xEF\xBB\xBFx\n", options);
  EXPECT_EQ(bom.at("A1"), "x");
}

TEST(CsvReader, InvalidBytesUnderAnExplicitEncodingNameOffsetAndLine) {
  ReadOptions options;
  options.encoding = "utf-8";
  std::string bytes = "ok,1\n\xB5\xA5,2\n";  // GBK on line 2
  try {
    read_csv("bad_utf8.csv", bytes, options);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostic().code, "READ-ENCODING");
    EXPECT_NE(e.diagnostic().message.find("byte offset 5"), std::string::npos) << e.what();
    EXPECT_NE(e.diagnostic().message.find("line 2"), std::string::npos) << e.what();
    EXPECT_NE(e.diagnostic().where.file.find("bad_utf8.csv"), std::string::npos);
  }
  options.encoding = "gb18030";
  std::string truncated = encode("a\n项目\n", "GB18030");
  truncated.pop_back();
  truncated.pop_back();  // drop "\n" and the trail byte of 目
  try {
    read_csv("bad_gb.csv", truncated, options);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostic().code, "READ-ENCODING");
    EXPECT_NE(e.diagnostic().message.find("line 2"), std::string::npos) << e.what();
  }
  options.encoding = "no-such-encoding";
  try {
    read_csv("unknown_enc.csv", "a\n", options);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostic().code, "READ-ENCODING");
  }
}

TEST(CsvReader, EnforcesFieldSizeAndCellCaps) {
  ReadOptions options;
  options.limits.max_string_bytes = 5;
  EXPECT_EQ(read_csv("five.csv", "12345,\"ab\"\"c\"\n", options).at("A1"), "12345");
  try {
    read_csv("six.csv", "a\nb,123456\n", options);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostic().code, "READ-LIMIT");
    EXPECT_EQ(e.diagnostic().where.cell, "B2");
    EXPECT_EQ(e.diagnostic().where.sheet, "six.csv");
  }
  options = {};
  options.limits.max_cells_per_sheet = 3;
  EXPECT_EQ(read_csv("three.csv", "a,b\n,c\n", options).sheet.cell_count(), 3u);
  try {
    read_csv("four.csv", "a,b\nc,d\n", options);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostic().code, "READ-LIMIT");
  }
  options = {};
  options.limits.max_part_bytes = 4;
  EXPECT_THROW(read_csv("big.csv", "a,b,c\n", options), InputError);
}

TEST(CsvReader, ValuesPastTheGridAreAnError) {
  std::string wide(kMaxCols, ',');
  EXPECT_EQ(read_csv("wide_empty.csv", "a" + wide + "\n").sheet.cell_count(), 1u);
  EXPECT_THROW(read_csv("wide.csv", "a" + wide + "z\n"), InputError);
}

TEST(CsvReader, OnlySheetZeroExists) {
  auto workbook = open_csv(write_file("one.csv", "a\n"), ReadOptions{});
  EXPECT_THROW(workbook->read_sheet(1), InputError);
  EXPECT_EQ(workbook->read_sheet(0).cell_count(), 1u);  // readable more than once
  EXPECT_EQ(workbook->read_sheet(0).cell_count(), 1u);
}

TEST(CsvReader, EveryPrefixReadsWithoutCrashing) {
  const std::string utf8 = "\xEF\xBB\xBF\"a,\"\"b\"\"\r\nc\",项目,\"\"\r\n1,\"2\rx\n";
  const std::string gbk = encode("项目,\"金额\n合计\",838.98\r\n", "GBK");
  const std::string utf16 = "\xFF\xFE" + encode("项目,\"金\"\"额\"\r\n", "UTF-16LE");
  for (const std::string* input : {&utf8, &gbk, &utf16}) {
    for (std::size_t n = 1; n <= input->size(); ++n) {
      SCOPED_TRACE(n);
      std::string path = write_file("prefix.csv", input->substr(0, n));
      auto workbook = open_csv(path, ReadOptions{});
      Sheet sheet = workbook->read_sheet(0);
      EXPECT_LE(sheet.cell_count(), 6u);
    }
  }
}

TEST(DelimitedParser, ReportsRecordsLikePythonCsv) {
  DelimitedParser parser("a,\"b\nc\"\r\n\r\n,x,", ',', true);
  ASSERT_TRUE(parser.next());
  ASSERT_EQ(parser.fields().size(), 2u);
  EXPECT_EQ(parser.fields()[1], "b\nc");
  ASSERT_TRUE(parser.next());
  EXPECT_TRUE(parser.fields().empty());  // blank line
  ASSERT_TRUE(parser.next());
  EXPECT_EQ(parser.record_index(), 2u);
  EXPECT_EQ(parser.fields().size(), 3u);  // "", "x", ""
  EXPECT_FALSE(parser.next());
  EXPECT_FALSE(parser.unterminated_quote());
}

TEST(DelimitedParser, SniffsByConsistency) {
  EXPECT_EQ(sniff_delimiter("a,b,c\n1,2,3\n"), ',');
  EXPECT_EQ(sniff_delimiter("a\tb\n1,000\t2\n3\t4,5\n"), '\t');
  EXPECT_EQ(sniff_delimiter("a;b\n1;2\n"), ';');
  EXPECT_EQ(sniff_delimiter(""), ',');
  EXPECT_EQ(sniff_delimiter("x\n\"a\tb\",c\n"), ',');  // the tab is inside quotes
}

TEST(TextEncoding, FindsInvalidUtf8) {
  EXPECT_EQ(find_invalid_utf8("plain ascii text, long enough"), std::string_view::npos);
  EXPECT_EQ(find_invalid_utf8("项目"), std::string_view::npos);
  EXPECT_EQ(find_invalid_utf8("ab\xC0\xAF"), 2u);        // overlong
  EXPECT_EQ(find_invalid_utf8("ab\xED\xA0\x80"), 2u);    // surrogate
  EXPECT_EQ(find_invalid_utf8("abcdefghij\xE9"), 10u);   // truncated
  EXPECT_EQ(find_invalid_utf8("\xF4\x90\x80\x80"), 0u);  // past U+10FFFF
}

}  // namespace
}  // namespace bc
