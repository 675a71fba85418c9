#include "support/fixture_spec.h"

#include <gtest/gtest.h>
#include <zip.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/decimal.h"
#include "core/diagnostic.h"

namespace bc {
namespace {

namespace fs = std::filesystem;

const fs::path kFixtures = fs::path(BC_SOURCE_DIR) / "tests" / "fixtures";
const fs::path kSpecs = kFixtures / "specs";
const fs::path kOut = kFixtures / "henan-ys";

FixtureSpec load(const std::string& name) { return load_fixture_spec((kSpecs / name).string()); }

const FixtureSheet& sheet_of(const FixtureSpec& spec, const std::string& name) {
  const FixtureSheet* sheet = spec.sheet(name);
  if (sheet == nullptr) throw std::runtime_error("no sheet " + name);
  return *sheet;
}

Decimal dec(const std::string& text) { return *Decimal::parse(text); }

// Sum of the number cells in column `col`, rows first..last (zero-based), of table `table`.
Decimal column_sum(const FixtureSheet& sheet, std::uint32_t col, std::uint32_t first,
                   std::uint32_t last) {
  Decimal sum;
  for (const FixtureCell& cell : sheet.cells) {
    if (cell.is_number && cell.col == col && cell.row >= first && cell.row <= last) {
      sum = *sum.add(dec(cell.number_text));
    }
  }
  return sum;
}

std::optional<Decimal> number_at(const FixtureSheet& sheet, const std::string& address) {
  const FixtureCell* cell = sheet.find(address);
  if (cell == nullptr || !cell->is_number) return std::nullopt;
  return dec(cell->number_text);
}

std::uint32_t row_of(const FixtureSheet& sheet, std::uint32_t col, const std::string& text,
                     std::uint32_t from = 0) {
  for (const FixtureCell& cell : sheet.cells) {
    if (cell.row >= from && cell.col == col && cell.text == text) return cell.row;
  }
  throw std::runtime_error("no cell '" + text + "' in " + sheet.name);
}

TEST(FixtureSpec, LoadsTheHenanSpec) {
  const FixtureSpec spec = load("henan-ys-2024.yaml");
  std::vector<std::string> names;
  for (const FixtureSheet& sheet : spec.sheets) names.push_back(sheet.name);
  const std::vector<std::string> expected = {"YS01",
                                             "YS02",
                                             "YS03",
                                             "YS04",
                                             "YS05",
                                             "YS06",
                                             "YS07",
                                             "YS08",
                                             "YS09",
                                             "YS10",
                                             "YS13",
                                             "YS14",
                                             "部门整体绩效目标表",
                                             "项目绩效目标汇总表"};
  EXPECT_EQ(names, expected);

  const FixtureSheet& ys01 = sheet_of(spec, "YS01");
  const FixtureCell* b8 = ys01.find("B8");
  ASSERT_NE(b8, nullptr);
  EXPECT_TRUE(b8->is_number);
  EXPECT_TRUE(b8->fact);
  EXPECT_EQ(b8->number_text, "838.98");
  EXPECT_EQ(b8->number_format, "#,##0.00");
  EXPECT_EQ(ys01.tables.at(0).unit, "万元");
  EXPECT_EQ(ys01.find("C27")->text, "二十一、住房保障支出");
  EXPECT_EQ(ys01.find("D27")->number_text, "46.35");

  // Codes are text, zero padding kept.
  const FixtureSheet& ys03 = sheet_of(spec, "YS03");
  const FixtureCell* kuan = ys03.find("B11");
  ASSERT_NE(kuan, nullptr);
  EXPECT_FALSE(kuan->is_number);
  EXPECT_EQ(kuan->text, "05");
  EXPECT_EQ(ys03.find("D10")->text, "517");
  EXPECT_TRUE(ys03.find("A11")->body);
  EXPECT_EQ(ys03.find("A2")->template_text, std::optional<std::string>("部门："));

  bool has_header_merge = false;
  for (const RangeAddress& range : ys03.merged) has_header_merge |= range.to_a1() == "G6:K6";
  EXPECT_TRUE(has_header_merge);

  // YS14 is written in General format.
  EXPECT_EQ(sheet_of(spec, "YS14").find("C8")->number_format, "");

  // Synthetic tables are marked.
  for (const FixtureSheet& sheet : spec.sheets) {
    const bool synthetic = sheet.name == "YS02" || sheet.name == "YS07";
    EXPECT_EQ(sheet.tables.at(0).synthetic, synthetic) << sheet.name;
  }
}

// Performance forms are not converted (docs/schema.md), so none of their
// numbers is a fact; every number of the YS tables is.
TEST(FixtureSpec, MarksNonFactNumbers) {
  const FixtureSpec spec = load("henan-ys-2024.yaml");
  const FixtureSheet& perf = sheet_of(spec, "部门整体绩效目标表");
  int percent = 0;
  for (const FixtureCell& cell : perf.cells) {
    if (cell.is_number && cell.number_format == "0%") {
      ++percent;
      EXPECT_EQ(cell.number_text, "1") << cell.address;
    }
  }
  EXPECT_EQ(percent, 5);
  EXPECT_EQ(perf.find("D6")->number_text, "838.98");
  // The performance forms' numbers are facts too (read by the form reader); no
  // number of this spec says fact: false.
  std::size_t perf_numbers = 0;
  for (const FixtureSheet& sheet : spec.sheets) {
    const bool form = sheet.tables.at(0).code.rfind("perf-", 0) == 0;
    for (const FixtureCell& cell : sheet.cells) {
      if (!cell.is_number) continue;
      EXPECT_TRUE(cell.fact) << sheet.name << "!" << cell.address;
      perf_numbers += form;
    }
  }
  EXPECT_EQ(perf_numbers, 9u + 30u);
}

TEST(FixtureSpec, Ys06BlankCodesAreMergedWithTheCellAbove) {
  const FixtureSpec spec = load("henan-ys-2024.yaml");
  const FixtureSheet& ys06 = sheet_of(spec, "YS06");
  int blanks = 0;
  for (const FixtureCell& cell : ys06.cells) {
    if (cell.col != 1 || !cell.body || ys06.find(cell.row, 0) != nullptr) continue;
    ++blanks;
    bool merged = false;
    for (const RangeAddress& range : ys06.merged) {
      merged |= range.first_col == 0 && range.last_col == 0 && range.first_row == cell.row - 1 &&
                range.last_row == cell.row;
    }
    EXPECT_TRUE(merged) << "row " << cell.row + 1;
  }
  EXPECT_EQ(blanks, 3);
}

// The published totals hold in the spec; a typo in a number breaks them.
TEST(FixtureSpec, TotalsAddUp) {
  const FixtureSpec spec = load("henan-ys-2024.yaml");
  for (const std::string name : {"YS03", "YS05"}) {
    const FixtureSheet& sheet = sheet_of(spec, name);
    const std::uint32_t total_row = 8;                      // row 9
    const std::uint32_t first = name == "YS03" ? 10u : 9u;  // YS03 has the 517 unit row
    for (std::uint32_t col = 5; col <= 13; ++col) {
      const FixtureCell* total = sheet.find(total_row, col);
      const Decimal sum = column_sum(sheet, col, first, sheet.tables[0].last_row);
      if (total == nullptr) {
        EXPECT_TRUE(sum.is_zero()) << name << " col " << col;
      } else {
        EXPECT_EQ(sum.compare(dec(total->number_text)), 0) << name << " col " << col;
      }
    }
  }
  const FixtureSheet& ys10 = sheet_of(spec, "YS10");
  EXPECT_EQ(column_sum(ys10, 3, 9, ys10.tables[0].last_row).to_string(), "210.5");
  const FixtureSheet& ys14 = sheet_of(spec, "YS14");
  EXPECT_EQ(column_sum(ys14, 2, 8, ys14.tables[0].last_row).to_string(), "27.26");
  const FixtureSheet& ys02 = sheet_of(spec, "YS02");
  EXPECT_EQ(column_sum(ys02, 5, 9, ys02.tables[0].last_row).to_string(), "838.98");
  // YS06's rows sum to 0.02 less than its printed total (seed L324 vs L325-362).
  const FixtureSheet& ys06 = sheet_of(spec, "YS06");
  EXPECT_EQ(column_sum(ys06, 4, 8, ys06.tables[0].last_row).to_string(), "628.46");
  EXPECT_EQ(number_at(ys06, "E8")->subtract(dec("628.46"))->to_string(), "0.02");
}

TEST(FixtureSpec, SyntheticYs07IsConsistent) {
  const FixtureSpec spec = load("henan-ys-2024.yaml");
  const FixtureSheet& ys07 = sheet_of(spec, "YS07");
  int grids = 0;
  for (const FixtureCell& total : ys07.cells) {
    // Each grid's total row: a number in D with no code or name.
    if (total.col != 3 || !total.is_number || ys07.find(total.row, 2) != nullptr) continue;
    ++grids;
    Decimal classes;
    std::map<std::string, Decimal> items;
    std::map<std::string, Decimal> class_rows;
    for (std::uint32_t row = total.row + 1;; ++row) {
      const FixtureCell* code = ys07.find(row, 0);
      if (code == nullptr) break;
      const Decimal amount = *number_at(ys07, "D" + std::to_string(row + 1));
      EXPECT_EQ(amount.compare(*number_at(ys07, "E" + std::to_string(row + 1))), 0);
      if (ys07.find(row, 1) == nullptr) {
        classes = *classes.add(amount);
        class_rows[code->text] = amount;
      } else {
        items[code->text] = *items[code->text].add(amount);
      }
    }
    EXPECT_EQ(classes.compare(dec(total.number_text)), 0) << "grid at row " << total.row + 1;
    for (const auto& [code, amount] : class_rows) {
      EXPECT_EQ(amount.compare(items[code]), 0) << code;
    }
  }
  EXPECT_EQ(grids, 2);
}

// Numbers of the same table code, in reading order.
std::map<std::string, std::vector<std::string>> numbers_by_table(const FixtureSpec& spec) {
  std::map<std::string, std::vector<std::string>> out;
  for (const FixtureSheet& sheet : spec.sheets) {
    for (const FixtureCell& cell : sheet.cells) {
      if (cell.is_number && cell.fact)
        out[sheet.tables[cell.table].code].push_back(cell.number_text);
    }
  }
  return out;
}

TEST(FixtureSpec, StackedHoldsTheSameNumbers) {
  const FixtureSpec base = load("henan-ys-2024.yaml");
  const FixtureSpec stacked = load("henan-ys-2024-stacked.yaml");
  ASSERT_EQ(stacked.sheets.size(), 1u);
  const FixtureSheet& sheet = stacked.sheets[0];
  std::vector<std::string> codes;
  for (const FixtureTable& table : sheet.tables) codes.push_back(table.code);
  EXPECT_EQ(codes, (std::vector<std::string>{"YS01", "YS03", "YS04", "YS05", "YS06", "YS08", "YS09",
                                             "YS10", "YS13", "YS14"}));
  for (std::size_t i = 1; i < sheet.tables.size(); ++i) {
    const std::uint32_t gap = sheet.tables[i].first_row - sheet.tables[i - 1].last_row - 1;
    EXPECT_TRUE(gap == 1 || gap == 2) << sheet.tables[i].code;
  }
  const auto base_numbers = numbers_by_table(base);
  for (const auto& [code, numbers] : numbers_by_table(stacked)) {
    EXPECT_EQ(numbers, base_numbers.at(code)) << code;
  }

  // Hidden empty column M.
  EXPECT_TRUE(sheet.hidden_column(12));
  EXPECT_FALSE(sheet.hidden_column(11));
  for (const FixtureCell& cell : sheet.cells) EXPECT_NE(cell.col, 12u) << cell.address;

  // Two amounts typed as text.
  int as_text = 0;
  for (const FixtureCell& cell : sheet.cells) {
    if (cell.stored_as_text) {
      ++as_text;
      EXPECT_EQ(cell.text, "838.98");
      EXPECT_TRUE(cell.fact);
    }
  }
  EXPECT_EQ(as_text, 2);

  // YS06 repeats its header band once.
  int headers = 0;
  for (const FixtureCell& cell : sheet.cells) headers += cell.text == "部门预算支出经济分类科目";
  EXPECT_EQ(headers, 2);
}

TEST(FixtureSpec, DriftSpec) {
  const FixtureSpec base = load("henan-ys-2024.yaml");
  const FixtureSpec drift = load("henan-ys-2024-drift.yaml");
  const FixtureSheet& ys03 = sheet_of(drift, "YS03");
  const std::uint32_t header = row_of(ys03, 0, "科目编码");
  EXPECT_EQ(ys03.find(header, 5)->text, "总计");
  EXPECT_EQ(ys03.find(header, 6)->text, "备注");
  // The unit sits at the right end of the 部门 line.
  const std::uint32_t dept = row_of(ys03, 0, "部门：卢氏县医疗保障局");
  EXPECT_EQ(ys03.find(dept, 14)->text, "单位：万元");

  const FixtureSheet& ys05 = sheet_of(drift, "YS05");
  const std::uint32_t header5 = row_of(ys05, 0, "科目编码");
  EXPECT_EQ(ys05.find(header5, 11)->text, "政府采购");
  EXPECT_EQ(ys05.find(header5 + 1, 7)->text, "人员支出");
  int unbound = 0;
  for (const FixtureCell& cell : ys05.cells) {
    if (cell.is_number && cell.unbound) {
      ++unbound;
      EXPECT_TRUE(cell.fact) << cell.address;
      EXPECT_EQ(cell.col, 11u) << cell.address;
    }
  }
  EXPECT_EQ(unbound, 3);

  // YS06 in 元: every value is the 万元 value x10000.
  const FixtureSheet& yuan = sheet_of(drift, "YS06");
  EXPECT_EQ(yuan.tables.at(0).unit, "元");
  const auto wan = numbers_by_table(base).at("YS06");
  const auto scaled = numbers_by_table(drift).at("YS06");
  ASSERT_EQ(wan.size(), scaled.size());
  for (std::size_t i = 0; i < wan.size(); ++i) {
    EXPECT_EQ(dec(wan[i]).scaled_by_power_of_ten(4)->compare(dec(scaled[i])), 0) << scaled[i];
  }
}

// --- loader errors -------------------------------------------------------

class BadSpec : public ::testing::Test {
 protected:
  std::string write(const std::string& body) {
    path_ =
        fs::temp_directory_path() /
        ("fixture_spec_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".yaml");
    std::ofstream(path_) << body;
    return path_.string();
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove(path_, ignored);
  }
  std::string code_of(const std::string& body) {
    try {
      load_fixture_spec(write(body));
    } catch (const InputError& error) {
      EXPECT_EQ(error.diagnostic().where.file, path_.string());
      return error.diagnostic().code;
    }
    return "no error";
  }
  fs::path path_;
};

std::string one_block(const std::string& rows, const std::string& extra = "") {
  return "sheets:\n  - name: S\n    blocks:\n      - table: T\n" + extra + "        rows:\n" + rows;
}

TEST_F(BadSpec, Accepted) {
  EXPECT_EQ(code_of(one_block("          - [\"a\", {n: \"1.50\"}]\n")), "no error");
}

TEST_F(BadSpec, Rejected) {
  EXPECT_EQ(code_of(one_block("          - [\"a\", 1.50]\n")), "FIXTURE-VALUE");
  EXPECT_EQ(code_of(one_block("          - [{n: \"1,50\"}]\n")), "FIXTURE-NUMBER");
  EXPECT_EQ(code_of(one_block("          - [{n: \"1e3\"}]\n")), "FIXTURE-NUMBER");
  EXPECT_EQ(code_of(one_block("          - [{n: \"4092.38\", text: \"4,092.39\"}]\n")),
            "FIXTURE-NUMBER");
  EXPECT_EQ(code_of(one_block("          - [{n: \"1\", colour: red}]\n")), "FIXTURE-KEY");
  EXPECT_EQ(code_of(one_block("          - [\"a\", \"b\"]\n", "        merged: [A1:B1]\n")),
            "FIXTURE-OVERLAP");
  EXPECT_EQ(code_of(one_block("          - [\"a\"]\n", "        merged: [A1:B3]\n")),
            "FIXTURE-ADDRESS");
  EXPECT_EQ(code_of(one_block("          - [\"a\"]\n          - [\"b\"]\n",
                              "        merged: [A1:B1, B1:C2]\n")),
            "FIXTURE-OVERLAP");
  EXPECT_EQ(code_of(one_block("          - {at: 3, cells: [\"a\"]}\n")), "FIXTURE-ADDRESS");
  EXPECT_EQ(code_of("sheets:\n  - name: S\n    blocks: [{table: T, rows: [[\"a\"]]}, "
                    "{table: U, start_row: 1, rows: [[\"b\"]]}]\n"),
            "FIXTURE-OVERLAP");
  EXPECT_EQ(code_of("sheets: [\n"), "FIXTURE-YAML");
}

TEST(FixtureSpecFile, MissingFileIsAnInputError) {
  try {
    load_fixture_spec((kSpecs / "no-such-spec.yaml").string());
    FAIL() << "no error";
  } catch (const InputError& error) {
    EXPECT_EQ(error.diagnostic().code, "FIXTURE-OPEN");
  }
}

// --- generated files -----------------------------------------------------

std::optional<std::string> zip_entry(const fs::path& path, const std::string& name) {
  int error = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_RDONLY, &error);
  if (archive == nullptr) return std::nullopt;
  std::optional<std::string> out;
  zip_stat_t stat;
  if (zip_stat(archive, name.c_str(), 0, &stat) == 0 && (stat.valid & ZIP_STAT_SIZE) &&
      stat.size < (64u << 20)) {
    if (zip_file_t* file = zip_fopen(archive, name.c_str(), 0)) {
      std::string data(static_cast<std::size_t>(stat.size), '\0');
      if (zip_fread(file, data.data(), stat.size) == static_cast<zip_int64_t>(stat.size)) {
        out = std::move(data);
      }
      zip_fclose(file);
    }
  }
  zip_close(archive);
  return out;
}

std::size_t count_of(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1))
    ++n;
  return n;
}

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(FixtureFiles, WorkbooksExistAndOpenAsZip) {
  for (const std::string name : {"henan-ys-2024", "henan-ys-2024-stacked", "henan-ys-2024-drift"}) {
    const FixtureSpec spec = load(name + ".yaml");
    for (const std::string suffix : {".xlsx", ".lo.xlsx"}) {
      const fs::path path = kOut / (name + suffix);
      ASSERT_TRUE(fs::exists(path)) << path << " (run scripts/make-fixtures.sh)";
      const auto workbook = zip_entry(path, "xl/workbook.xml");
      ASSERT_TRUE(workbook) << path << " is not an xlsx zip";
      EXPECT_EQ(count_of(*workbook, "<sheet "), spec.sheets.size()) << path;
    }
    const std::string xls = read_bytes(kOut / (name + ".xls"));
    ASSERT_GE(xls.size(), 512u) << name << ".xls";
    EXPECT_EQ(xls.substr(0, 4), "\xD0\xCF\x11\xE0") << name << ".xls is not an OLE2 file";
  }
  const auto blank =
      zip_entry(fs::path(BC_SOURCE_DIR) / "templates" / "henan-ys.xlsx", "xl/workbook.xml");
  ASSERT_TRUE(blank) << "templates/henan-ys.xlsx";
  EXPECT_EQ(count_of(*blank, "<sheet "), 14u);
}

// The committed make_fixtures output matches the specs: each number cell of
// the spec is in the sheet XML at its address with the published value.
TEST(FixtureFiles, XlsxMatchesItsSpec) {
  for (const std::string name : {"henan-ys-2024", "henan-ys-2024-stacked", "henan-ys-2024-drift"}) {
    const FixtureSpec spec = load(name + ".yaml");
    const fs::path path = kOut / (name + ".xlsx");
    for (std::size_t i = 0; i < spec.sheets.size(); ++i) {
      const FixtureSheet& sheet = spec.sheets[i];
      const auto xml = zip_entry(path, "xl/worksheets/sheet" + std::to_string(i + 1) + ".xml");
      ASSERT_TRUE(xml) << path << " sheet " << i + 1;
      std::size_t numbers = 0;
      for (const FixtureCell& cell : sheet.cells) {
        if (!cell.is_number || cell.stored_as_text) continue;
        ++numbers;
        const auto at = xml->find("<c r=\"" + cell.address + "\"");
        ASSERT_NE(at, std::string::npos) << name << " " << sheet.name << "!" << cell.address;
        const auto end = xml->find("</c>", at);
        const auto v = xml->find("<v>", at);
        ASSERT_TRUE(v < end) << sheet.name << "!" << cell.address << " has no value";
        const auto v_end = xml->find("</v>", v);
        const std::string stored = xml->substr(v + 3, v_end - v - 3);
        EXPECT_EQ(xml->substr(at, v - at).find("t=\"s\""), std::string::npos)
            << sheet.name << "!" << cell.address << " is a string";
        const auto published = published_number(stored);
        ASSERT_TRUE(published) << stored;
        EXPECT_EQ(dec(*published).compare(dec(cell.number_text)), 0)
            << name << " " << sheet.name << "!" << cell.address;
      }
      EXPECT_GE(count_of(*xml, "<v>"), numbers);
      EXPECT_EQ(count_of(*xml, "<mergeCell "), sheet.merged.size()) << sheet.name;
    }
  }
}

TEST(FixtureFiles, CsvEncodings) {
  const std::string gbk = read_bytes(kOut / "ys05-gbk.csv");
  const std::string utf8 = read_bytes(kOut / "ys05-utf8-bom.csv");
  ASSERT_FALSE(gbk.empty());
  ASSERT_GT(utf8.size(), 3u);
  EXPECT_EQ(utf8.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_NE(gbk.substr(0, 3), "\xEF\xBB\xBF");
  // 一般公共预算支出情况表 in GBK starts D2 BB B0 E3 (一般).
  EXPECT_EQ(gbk.substr(0, 4), "\xD2\xBB\xB0\xE3");
  EXPECT_NE(gbk.find("\r\n"), std::string::npos);
  EXPECT_NE(utf8.find("838.98,628.48,601.22,,27.26,,210.50,26.50,184.00"), std::string::npos);
  EXPECT_NE(gbk.find("838.98,628.48,601.22,,27.26,,210.50,26.50,184.00"), std::string::npos);
}

}  // namespace
}  // namespace bc
