// Whole-workbook tests: every fixture converts, every published number of its
// spec comes out exactly once, exactly, in yuan, at its own cell; every
// writer's version of a workbook gives the same facts; and the canonical CSV
// matches the reviewed golden file in tests/golden/.
//
// To regenerate the golden files after a deliberate change, run the tests
// with BC_UPDATE_GOLDEN=1 and review the diff.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/decimal.h"
#include "mapping/mapping_spec.h"
#include "pipeline/convert_file.h"
#include "support/conversion_helpers.h"
#include "support/fixture_spec.h"
#include "write/canonical_csv.h"

namespace bc {
namespace {

namespace fs = std::filesystem;

const fs::path kSource = BC_SOURCE_DIR;

FileOutcome convert(const fs::path& path) {
  return testing_support::convert_with_project_mappings(path);
}

int unit_power(const std::string& unit) { return unit == "元" ? 0 : 4; }

struct Case {
  std::string spec;    // tests/fixtures/specs/<spec>.yaml
  std::string family;  // tests/fixtures/<family>/
};

const std::vector<Case> kCases = {
    {"henan-ys-2024", "henan-ys"},
    {"henan-ys-2024-stacked", "henan-ys"},
    {"henan-ys-2024-drift", "henan-ys"},
};

// Every version of a workbook that a different writer produced.
const std::vector<std::string> kVersions = {".xlsx", ".lo.xlsx", ".xls"};

class FixtureConversion : public ::testing::TestWithParam<Case> {};

TEST_P(FixtureConversion, EveryPublishedNumberComesOutExactlyInYuan) {
  const Case& c = GetParam();
  FixtureSpec spec =
      load_fixture_spec((kSource / "tests/fixtures/specs" / (c.spec + ".yaml")).string());
  for (const std::string& version : kVersions) {
    fs::path file = kSource / "tests/fixtures" / c.family / (c.spec + version);
    SCOPED_TRACE(file.string());
    FileOutcome outcome = convert(file);
    ASSERT_NE(outcome.status, FileStatus::Failed) << outcome.error;
    EXPECT_EQ(outcome.template_id, c.family);
    const testing_support::FactsByCell by_cell = testing_support::facts_by_cell(outcome);
    // Performance forms are checked by performance_forms_test.cpp.
    const testing_support::SkippedTables skipped(outcome);
    std::size_t expected = 0;
    for (const FixtureSheet& sheet : spec.sheets) {
      for (const FixtureCell& cell : sheet.cells) {
        if (!cell.is_number || !cell.fact) continue;
        if (skipped.contain(sheet.name, cell.row, cell.col)) continue;
        ++expected;
        auto it = by_cell.find({sheet.name, cell.address});
        if (it == by_cell.end()) {
          ADD_FAILURE() << "no fact for the published number " << cell.number_text << " at "
                        << sheet.name << "!" << cell.address;
          continue;
        }
        const Fact& f = *it->second;
        const std::string& unit = sheet.tables[cell.table].unit;
        std::string yuan =
            Decimal::parse(cell.number_text)->scaled_by_power_of_ten(unit_power(unit))->to_string();
        EXPECT_EQ(f.value, yuan) << sheet.name << "!" << cell.address << " published "
                                 << cell.number_text << " " << unit;
        EXPECT_EQ(f.unit, "CNY");
        EXPECT_EQ(f.raw_unit, unit);
        EXPECT_EQ(f.table_code, sheet.tables[cell.table].code) << sheet.name << "!" << cell.address;
        // A column no mapping binds keeps its numbers, never under a known measure.
        EXPECT_EQ(f.measure.empty(), cell.unbound) << sheet.name << "!" << cell.address;
      }
    }
    // No fact from anything that is not a published amount.
    std::size_t form_facts = 0;
    for (const Fact& f : outcome.facts) {
      if (skipped.contain(f)) {
        ++form_facts;
        continue;
      }
      const FixtureSheet* sheet = spec.sheet(f.source_sheet);
      ASSERT_NE(sheet, nullptr) << f.source_sheet;
      const FixtureCell* cell = sheet->find(f.source_cell);
      ASSERT_NE(cell, nullptr) << "a fact from an empty cell " << f.source_sheet << "!"
                               << f.source_cell;
      EXPECT_TRUE(cell->is_number && cell->fact)
          << "a fact from a cell that is not a published amount: " << f.source_sheet << "!"
          << f.source_cell;
    }
    EXPECT_EQ(outcome.facts.size(), expected + form_facts);
  }
}

// Identical canonical rows apart from source_file and raw_value: raw_value is
// the text each writer stored (libxlsxwriter writes "0.5600000000000001" where
// the .xls holds the double whose shortest text is "0.56"), so it may differ;
// everything derived from it may not.
TEST_P(FixtureConversion, EveryWriterGivesTheSameFacts) {
  const Case& c = GetParam();
  auto canonical = [&](const std::string& version) {
    FileOutcome outcome = convert(kSource / "tests/fixtures" / c.family / (c.spec + version));
    std::vector<std::string> lines;
    for (Fact& f : outcome.facts) {
      f.source_file.clear();
      f.raw_value.clear();
      std::ostringstream line;
      write_canonical_facts(line, {f});
      lines.push_back(line.str());
    }
    return lines;
  };
  const std::vector<std::string> reference = canonical(kVersions.front());
  ASSERT_FALSE(reference.empty());
  for (std::size_t i = 1; i < kVersions.size(); ++i) {
    std::vector<std::string> other = canonical(kVersions[i]);
    EXPECT_EQ(other.size(), reference.size()) << c.spec << kVersions[i];
    for (std::size_t k = 0; k < std::min(other.size(), reference.size()); ++k) {
      if (other[k] != reference[k]) {
        ADD_FAILURE() << c.spec << kVersions[i] << " fact " << k << " differs from "
                      << kVersions.front() << "\n  " << kVersions.front() << ": " << reference[k]
                      << "  " << kVersions[i] << ": " << other[k];
        break;
      }
    }
  }
}

TEST_P(FixtureConversion, MatchesTheGoldenCanonicalCsv) {
  const Case& c = GetParam();
  testing_support::expect_conversion_matches_golden(
      fs::path("tests/fixtures") / c.family / (c.spec + ".xlsx"), c.spec + ".csv");
}

INSTANTIATE_TEST_SUITE_P(Henan, FixtureConversion, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<Case>& param) {
                           std::string name = param.param.spec;
                           for (char& ch : name)
                             ch = (std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_');
                           return name;
                         });

// Seed 000's numbers, checked by hand against the seed text: 838.98 万元 → 8389800 元,
// with the right function codes and totals flags.
TEST(HenanFixture, Ys05RowsCarryJoinedCodesAndTotals) {
  FileOutcome outcome = convert(kSource / "tests/fixtures/henan-ys/henan-ys-2024.xlsx");
  ASSERT_NE(outcome.status, FileStatus::Failed) << outcome.error;
  std::map<std::string, const Fact*>
      ys05_total;  // function code ("" for the total row) -> total fact
  for (const Fact& f : outcome.facts) {
    if (f.table_code == "YS05" && f.measure == "total") ys05_total[f.function_code] = &f;
  }
  ASSERT_EQ(ys05_total.size(), 9u);  // the unlabelled total row and eight 项 rows
  EXPECT_EQ(ys05_total[""]->value, "8389800");
  EXPECT_TRUE(ys05_total[""]->is_total);
  EXPECT_EQ(ys05_total["2080505"]->value, "618100");
  EXPECT_EQ(ys05_total["2101550"]->value, "4428500");
  EXPECT_FALSE(ys05_total["2101550"]->is_total);
  EXPECT_EQ(ys05_total["2210201"]->raw_value, "46.35");
  EXPECT_EQ(ys05_total["2210201"]->department, "卢氏县医疗保障局");
  EXPECT_EQ(ys05_total["2210201"]->fiscal_year, "2024");
  EXPECT_EQ(ys05_total["2210201"]->stage, "budget");
}

TEST(HenanFixture, SummaryTablesGetItemsAndClassCodes) {
  FileOutcome outcome = convert(kSource / "tests/fixtures/henan-ys/henan-ys-2024.xlsx");
  ASSERT_NE(outcome.status, FileStatus::Failed) << outcome.error;
  std::map<std::string, std::string> ys01;  // item or function code -> value
  for (const Fact& f : outcome.facts) {
    if (f.table_code != "YS01") continue;
    ys01[f.side + ":" + (f.item.empty() ? f.function_code : f.item)] = f.value;
  }
  EXPECT_EQ(ys01["income:income.gpb"], "8389800");
  EXPECT_EQ(ys01["income:income.grand_total"], "8389800");
  EXPECT_EQ(ys01["expenditure:208"], "618100");
  EXPECT_EQ(ys01["expenditure:210"], "7308300");
  EXPECT_EQ(ys01["expenditure:221"], "463500");
  EXPECT_EQ(ys01["expenditure:expenditure.grand_total"], "8389800");
}

TEST(HenanFixture, EmptyTablesAndFormsGiveNoFactsAndNoError) {
  FileOutcome outcome = convert(kSource / "tests/fixtures/henan-ys/henan-ys-2024.xlsx");
  EXPECT_EQ(outcome.status, FileStatus::Ok) << outcome.error;
  std::map<std::string, TableStatus> status;
  for (const TableOutcome& t : outcome.tables) status[t.sheet] = t.status;
  EXPECT_EQ(status["YS09"], TableStatus::Empty);
  EXPECT_EQ(status["YS13"], TableStatus::Empty);
  // The performance forms are read as forms (performance_forms_test.cpp).
  EXPECT_EQ(status["部门整体绩效目标表"], TableStatus::Converted);
  EXPECT_EQ(status["项目绩效目标汇总表"], TableStatus::Converted);
}

TEST(HenanFixture, DriftExtraColumnIsReportedNotShifted) {
  FileOutcome outcome = convert(kSource / "tests/fixtures/henan-ys/henan-ys-2024-drift.xlsx");
  ASSERT_NE(outcome.status, FileStatus::Failed) << outcome.error;
  bool reported = false;
  for (const Diagnostic& d : outcome.diagnostics.items()) {
    reported = reported || (d.code == "EXTRACT-UNBOUND-COLUMN" && d.where.sheet == "YS05" &&
                            d.message.find("政府采购") != std::string::npos);
  }
  EXPECT_TRUE(reported) << "the unknown 政府采购 column must be reported";
}

TEST(HenanFixture, CsvExportsConvertLikeTheWorkbook) {
  for (const char* name : {"ys05-gbk.csv", "ys05-utf8-bom.csv"}) {
    FileOutcome outcome = convert(kSource / "tests/fixtures/henan-ys" / name);
    ASSERT_NE(outcome.status, FileStatus::Failed) << name << ": " << outcome.error;
    std::size_t total_rows = 0;
    for (const Fact& f : outcome.facts) {
      EXPECT_EQ(f.table_code, "YS05");
      total_rows += f.measure == "total" ? 1 : 0;
      if (f.function_code == "2101501" && f.measure == "total") {
        EXPECT_EQ(f.value, "740000");
      }
    }
    EXPECT_EQ(total_rows, 9u) << name;
  }
}

}  // namespace
}  // namespace bc
