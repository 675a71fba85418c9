// A Shanghai-style district budget workbook (tests/fixtures/specs/shanghai-style-2024.yaml):
// no family file knows it, so the national fallback converts it. In all three
// writers' versions: status ok; every published number exact in yuan at its own
// cell, with a measure; department and unit from the `编制部门：… | 单位：元` line, which
// never becomes a header level; the cover, the 目录 (which repeats the titles, with
// page numbers) and the 职能 sheet are narrative sheets reported at info level;
// function and economic codes on the coded rows; and the canonical CSV matches its
// golden file.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "core/decimal.h"
#include "pipeline/convert_file.h"
#include "support/conversion_helpers.h"
#include "support/fixture_spec.h"

namespace bc {
namespace {

namespace fs = std::filesystem;

const fs::path kSource = BC_SOURCE_DIR;
const std::vector<std::string> kVersions = {".xlsx", ".lo.xlsx", ".xls"};

const FileOutcome& converted(const std::string& version) {
  return testing_support::converted_fixture("shanghai-style", "shanghai-style-2024", version);
}

const FixtureSpec& spec() { return testing_support::fixture_spec_named("shanghai-style-2024"); }

std::string diagnostics_of(const FileOutcome& o) {
  std::string all;
  for (const Diagnostic& d : o.diagnostics.items()) all += d.to_string() + "\n";
  return all;
}

TEST(ShanghaiStyle, EveryPublishedNumberComesOutExactlyInEveryWriter) {
  for (const std::string& version : kVersions) {
    SCOPED_TRACE(version);
    const FileOutcome& o = converted(version);
    ASSERT_EQ(o.status, FileStatus::Ok) << o.error << "\n" << diagnostics_of(o);
    EXPECT_EQ(o.template_id, "national-budget");
    const testing_support::FactsByCell by_cell = testing_support::facts_by_cell(o);
    std::size_t expected = 0;
    for (const FixtureSheet& sheet : spec().sheets) {
      for (const FixtureCell& cell : sheet.cells) {
        if (!cell.is_number || !cell.fact) continue;
        ++expected;
        auto it = by_cell.find({sheet.name, cell.address});
        if (it == by_cell.end()) {
          ADD_FAILURE() << "no fact for " << cell.number_text << " at " << sheet.name << "!"
                        << cell.address;
          continue;
        }
        const Fact& f = *it->second;
        EXPECT_EQ(f.value, Decimal::parse(cell.number_text)->to_string())
            << sheet.name << "!" << cell.address;
        EXPECT_EQ(f.unit, "CNY");
        EXPECT_EQ(f.raw_unit, "元");
        EXPECT_FALSE(f.measure.empty()) << sheet.name << "!" << cell.address << " has no measure";
        EXPECT_EQ(f.template_id, "national-budget");
        EXPECT_EQ(f.department, "上海市普陀区医疗保障局") << sheet.name << "!" << cell.address;
        EXPECT_EQ(f.fiscal_year, "2024");
        EXPECT_EQ(f.column_label.find("编制部门"), std::string::npos) << f.column_label;
        EXPECT_EQ(f.column_label.find("单位"), std::string::npos) << f.column_label;
        // Column A of a coded row holds its function or economic code.
        const FixtureCell* code = sheet.find(cell.row, 0);
        if (code && !code->is_number && !code->text.empty() &&
            code->text.find_first_not_of("0123456789") == std::string::npos) {
          const std::string& got = code->text[0] == '3' ? f.econ_code : f.function_code;
          EXPECT_EQ(got, code->text) << sheet.name << "!" << cell.address;
        }
      }
    }
    EXPECT_EQ(o.facts.size(), expected) << "no fact from a page number or an empty cell";
    EXPECT_EQ(o.unaccounted, 0u);
  }
}

TEST(ShanghaiStyle, NarrativeSheetsAreInfoAndNothingWarns) {
  for (const std::string& version : kVersions) {
    SCOPED_TRACE(version);
    const FileOutcome& o = converted(version);
    EXPECT_EQ(o.narrative_sheets, 3u) << diagnostics_of(o);
    std::map<std::string, int> narrative;  // sheet -> LOCATE-NARRATIVE infos
    for (const Diagnostic& d : o.diagnostics.items()) {
      EXPECT_NE(d.severity, Severity::Warning) << d.to_string();
      EXPECT_NE(d.severity, Severity::Error) << d.to_string();
      if (d.code == "LOCATE-NARRATIVE") ++narrative[d.where.sheet];
    }
    EXPECT_EQ(narrative,
              (std::map<std::string, int>{{"封面", 1}, {"目录", 1}, {"部门主要职能", 1}}))
        << diagnostics_of(o);
    std::size_t converted_tables = 0;
    for (const TableOutcome& t : o.tables) converted_tables += t.status == TableStatus::Converted;
    EXPECT_EQ(converted_tables, 6u) << "the 目录's repeated titles make no table";
  }
}

TEST(ShanghaiStyle, MatchesTheGoldenCanonicalCsv) {
  testing_support::expect_conversion_matches_golden(
      "tests/fixtures/shanghai-style/shanghai-style-2024.xlsx", "shanghai-style-2024.csv");
}

}  // namespace
}  // namespace bc
