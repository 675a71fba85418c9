// The Jiangxi 公开01表–公开10表 family (部门决算, seed 001): every published number
// of every table comes out exactly, in yuan (counts as counts), in the fixtures of
// all three writers; function codes on the 公开02/03/05 rows, split or joined;
// totals flagged; the empty 公开07/08 recognised as empty; the performance
// self-evaluation forms read as forms (performance_forms_test.cpp); and the canonical CSV matches
// the golden file.
#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>
#include <sstream>
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
  return testing_support::converted_fixture("jiangxi-gongkai", "jiangxi-gongkai-2024", version);
}

const FixtureSpec& spec() { return testing_support::fixture_spec_named("jiangxi-gongkai-2024"); }

std::string describe(const FileOutcome& o) {
  std::string out = std::string("status ") + file_status_name(o.status) + "; " + o.error + "\n";
  for (const auto& t : o.tables)
    out += t.sheet + " " + t.range + " " + t.table_code + " " + table_status_name(t.status) + ": " +
           t.message + "\n";
  return out;
}

// The label of a spec row (column A), for telling count rows.
std::string row_label(const FixtureSheet& sheet, std::uint32_t row) {
  for (const FixtureCell& c : sheet.cells) {
    if (c.row == row && c.col == 0) return c.text;
  }
  return "";
}

bool is_count_cell(const FixtureSheet& sheet, const FixtureCell& cell) {
  if (sheet.name == "公开10") return true;  // 单位：台、辆、套
  if (sheet.name != "公开09") return false;
  static const std::regex count_label(".*(（辆）|（个）|（人）|团组数|人次数|接待批次|接待人次).*");
  return std::regex_match(row_label(sheet, cell.row), count_label);
}

TEST(Jiangxi, EveryPublishedNumberComesOutExactlyInEveryWriter) {
  for (const std::string& version : kVersions) {
    SCOPED_TRACE(version);
    const FileOutcome& o = converted(version);
    ASSERT_NE(o.status, FileStatus::Failed) << describe(o);
    EXPECT_EQ(o.template_id, "jiangxi-gongkai");
    const testing_support::FactsByCell by_cell = testing_support::facts_by_cell(o);
    const testing_support::SkippedTables skipped(o);
    std::map<std::string, std::pair<int, int>> per_sheet;  // sheet -> (published, exact)
    std::size_t expected = 0;
    for (const FixtureSheet& sheet : spec().sheets) {
      for (const FixtureCell& cell : sheet.cells) {
        // The 自评表 forms: performance_forms_test.cpp.
        if (!cell.is_number || !cell.fact || skipped.contain(sheet.name, cell.row, cell.col))
          continue;
        ++expected;
        ++per_sheet[sheet.name].first;
        auto it = by_cell.find({sheet.name, cell.address});
        if (it == by_cell.end()) {
          ADD_FAILURE() << "no fact for " << cell.number_text << " at " << sheet.name << "!"
                        << cell.address;
          continue;
        }
        const Fact& f = *it->second;
        const bool count = is_count_cell(sheet, cell);
        const std::string want =
            count ? Decimal::parse(cell.number_text)->to_string()
                  : Decimal::parse(cell.number_text)->scaled_by_power_of_ten(4)->to_string();
        EXPECT_EQ(f.table_code, sheet.tables[cell.table].code) << sheet.name << "!" << cell.address;
        EXPECT_EQ(f.value, want) << sheet.name << "!" << cell.address << " published "
                                 << cell.number_text;
        EXPECT_EQ(f.unit, count ? "count" : "CNY") << sheet.name << "!" << cell.address;
        EXPECT_FALSE(f.measure.empty()) << sheet.name << "!" << cell.address << " has no measure";
        EXPECT_EQ(f.stage, "final");
        EXPECT_EQ(f.department, "湖口县医疗保障局");
        EXPECT_EQ(f.fiscal_year, "2024");
        if (f.value == want && f.unit == (count ? "count" : "CNY")) ++per_sheet[sheet.name].second;
      }
    }
    // Every fact is a published number: no 栏次/行次 number.
    std::size_t form_facts = 0;
    for (const Fact& f : o.facts) {
      if (skipped.contain(f)) {
        ++form_facts;
        continue;
      }
      const FixtureSheet* sheet = spec().sheet(f.source_sheet);
      ASSERT_NE(sheet, nullptr) << f.source_sheet;
      const FixtureCell* cell = sheet->find(f.source_cell);
      ASSERT_NE(cell, nullptr) << "a fact from an empty cell " << f.source_sheet << "!"
                               << f.source_cell;
      EXPECT_TRUE(cell->is_number && cell->fact) << "not a published amount: " << f.source_sheet
                                                 << "!" << f.source_cell << " = " << f.value;
    }
    EXPECT_EQ(o.facts.size(), expected + form_facts);
    EXPECT_EQ(o.unaccounted, 0u) << describe(o);
    std::ostringstream summary;
    for (const auto& [sheet, n] : per_sheet)
      summary << sheet << " " << n.second << "/" << n.first << "  ";
    std::cout << "[ jiangxi " << version << " ] exact per sheet: " << summary.str() << "\n";
  }
}

TEST(Jiangxi, FunctionCodesSplitOrJoinedOnEveryCodedRow) {
  const std::map<std::string, std::string> code_of = {
      {"其他计划生育事务支出", "2100799"},
      {"行政单位医疗", "2101101"},
      {"财政对职工基本医疗保险基金的补助", "2101201"},
      {"财政对城乡居民基本医疗保险基金的补助", "2101202"},
      {"城乡医疗救助", "2101301"},
      {"行政运行", "2101501"},
      {"一般行政管理事务", "2101502"},
      {"信息化建设", "2101504"},
      {"医疗保障经办事务", "2101506"}};
  for (const std::string& version : kVersions) {
    SCOPED_TRACE(version);
    const FileOutcome& o = converted(version);
    std::map<std::string, std::set<std::string>> rows;  // table -> codes seen
    for (const Fact& f : o.facts) {
      if (f.table_code != "公开02表" && f.table_code != "公开03表" && f.table_code != "公开05表")
        continue;
      if (f.row_label == "合计") {
        EXPECT_TRUE(f.is_total) << f.source_sheet << "!" << f.source_cell;
        EXPECT_EQ(f.function_code, "") << f.source_sheet << "!" << f.source_cell;
        continue;
      }
      auto it = code_of.find(f.row_label);
      ASSERT_NE(it, code_of.end())
          << f.row_label << " at " << f.source_sheet << "!" << f.source_cell;
      EXPECT_EQ(f.function_code, it->second) << f.source_sheet << "!" << f.source_cell;
      EXPECT_FALSE(f.is_total) << f.source_sheet << "!" << f.source_cell;
      rows[f.table_code].insert(f.function_code);
    }
    for (const char* t : {"公开02表", "公开03表", "公开05表"}) EXPECT_EQ(rows[t].size(), 9u) << t;
  }
}

const Fact* at(const FileOutcome& o, const std::string& sheet, const std::string& cell) {
  for (const Fact& f : o.facts) {
    if (f.source_sheet == sheet && f.source_cell == cell) return &f;
  }
  ADD_FAILURE() << "no fact at " << sheet << "!" << cell;
  return nullptr;
}

TEST(Jiangxi, MeasuresItemsTotalsAndCounts) {
  const FileOutcome& o = converted(".xlsx");
  ASSERT_NE(o.status, FileStatus::Failed) << describe(o);
  // 公开01: two sides, items, the health class coded from its label.
  const Fact* gpb = at(o, "公开01", "C9");
  ASSERT_TRUE(gpb);
  EXPECT_EQ(gpb->item, "income.gpb");
  EXPECT_EQ(gpb->side, "income");
  EXPECT_EQ(gpb->value, "78364800");
  EXPECT_EQ(gpb->raw_unit, "万元");
  EXPECT_EQ(at(o, "公开01", "C14")->item, "income.business_operation");
  const Fact* health = at(o, "公开01", "F17");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->function_code, "210");
  EXPECT_EQ(health->side, "expenditure");
  EXPECT_EQ(at(o, "公开01", "C35")->item, "income.current_total");
  EXPECT_TRUE(at(o, "公开01", "C35")->is_total);
  EXPECT_EQ(at(o, "公开01", "C39")->item, "income.grand_total");
  EXPECT_EQ(at(o, "公开01", "F39")->item, "expenditure.grand_total");
  // 公开02/03: the 决算 measures.
  EXPECT_EQ(at(o, "公开02", "F9")->measure, "fiscal_appropriation");
  EXPECT_EQ(at(o, "公开02", "I10")->measure, "business_operation_income");
  EXPECT_EQ(at(o, "公开03", "F15")->measure, "basic");
  EXPECT_EQ(at(o, "公开03", "F15")->value, "3571900");
  // 公开04: funds of the expenditure side.
  EXPECT_EQ(at(o, "公开04", "G16")->measure, "gpb");
  EXPECT_EQ(at(o, "公开04", "G16")->function_code, "210");
  // 公开06: three blocks, told apart by occurrence.
  const Fact* wages = at(o, "公开06", "C8");
  ASSERT_TRUE(wages);
  EXPECT_EQ(wages->econ_code, "301");
  EXPECT_EQ(wages->measure, "basic.personnel");
  EXPECT_TRUE(wages->is_total);  // 301 heads 30101 …
  EXPECT_EQ(at(o, "公开06", "F8")->econ_code, "302");
  EXPECT_EQ(at(o, "公开06", "F8")->measure, "basic.public");
  EXPECT_EQ(at(o, "公开06", "I13")->econ_code, "310");
  EXPECT_EQ(at(o, "公开06", "I13")->measure, "basic.public");
  EXPECT_EQ(at(o, "公开06", "F29")->econ_code, "30227");
  EXPECT_EQ(at(o, "公开06", "F29")->value, "200000");
  EXPECT_TRUE(at(o, "公开06", "C36")->is_total);  // 人员经费合计
  EXPECT_TRUE(at(o, "公开06", "I36")->is_total);  // 公用经费合计
  EXPECT_EQ(at(o, "公开06", "I36")->econ_code, "");
  // 公开09: items, totals, counts.
  const Fact* tp = at(o, "公开09", "E8");
  ASSERT_TRUE(tp);
  EXPECT_EQ(tp->item, "three_public.total");
  EXPECT_EQ(tp->measure, "final_amount");
  EXPECT_TRUE(tp->is_total);
  EXPECT_EQ(at(o, "公开09", "C8")->measure, "initial_budget");
  EXPECT_EQ(at(o, "公开09", "D8")->measure, "full_year_budget");
  EXPECT_TRUE(at(o, "公开09", "E10")->is_total);  // 公务用车购置及运行维护费
  EXPECT_FALSE(at(o, "公开09", "E11")->is_total);
  EXPECT_EQ(at(o, "公开09", "E14")->item, "three_public.reception.domestic");
  const Fact* held = at(o, "公开09", "E21");
  ASSERT_TRUE(held);
  EXPECT_EQ(held->item, "three_public.vehicles.held");
  EXPECT_EQ(held->unit, "count");
  EXPECT_EQ(held->raw_unit, "");
  EXPECT_EQ(at(o, "公开09", "E22")->item, "three_public.reception.domestic.batches");
  EXPECT_EQ(at(o, "公开09", "E24")->item, "three_public.reception.domestic.persons");
  EXPECT_EQ(at(o, "公开09", "E24")->unit, "count");
  // 公开10: counts in 台、辆、套.
  const Fact* cars = at(o, "公开10", "C7");
  ASSERT_TRUE(cars);
  EXPECT_EQ(cars->item, "state_assets.vehicles");
  EXPECT_EQ(cars->value, "1");
  EXPECT_EQ(cars->unit, "count");
  EXPECT_TRUE(cars->is_total);
  EXPECT_EQ(at(o, "公开10", "C15")->item, "state_assets.vehicles.other");
  EXPECT_FALSE(at(o, "公开10", "C15")->is_total);
  EXPECT_EQ(at(o, "公开10", "C16")->item, "state_assets.equipment_1m");
}

TEST(Jiangxi, EmptyTablesAreEmptyAndFormsAreConverted) {
  for (const std::string& version : kVersions) {
    SCOPED_TRACE(version);
    const FileOutcome& o = converted(version);
    std::map<std::string, std::vector<TableStatus>> status;
    std::map<std::string, std::string> code;
    for (const TableOutcome& t : o.tables) {
      status[t.sheet].push_back(t.status);
      code[t.sheet] = t.table_code;
    }
    EXPECT_EQ(status["公开07"], std::vector<TableStatus>{TableStatus::Empty}) << describe(o);
    EXPECT_EQ(status["公开08"], std::vector<TableStatus>{TableStatus::Empty}) << describe(o);
    EXPECT_EQ(code["公开07"], "公开07表");
    EXPECT_EQ(code["公开08"], "公开08表");
    // Each of the three forms is located as two tables (funds, then indicators): all read.
    const std::vector<TableStatus>& forms = status["项目支出绩效自评表"];
    EXPECT_GE(forms.size(), 3u) << describe(o);
    EXPECT_EQ(forms, std::vector<TableStatus>(forms.size(), TableStatus::Converted)) << describe(o);
    for (const char* sheet :
         {"公开01", "公开02", "公开03", "公开04", "公开05", "公开06", "公开09", "公开10"})
      EXPECT_EQ(status[sheet], std::vector<TableStatus>{TableStatus::Converted}) << sheet << "\n"
                                                                                 << describe(o);
  }
}

TEST(Jiangxi, MatchesTheGoldenCanonicalCsv) {
  testing_support::expect_conversion_matches_golden(
      "tests/fixtures/jiangxi-gongkai/jiangxi-gongkai-2024.xlsx", "jiangxi-gongkai-2024.csv");
}

}  // namespace
}  // namespace bc
