// Performance forms (绩效目标表, 绩效自评表) of every family's fixture, in all three
// writers: every number of a form comes out once at its own cell, amounts exact in
// yuan from the form's unit, indicator values and scores verbatim as text facts
// with their number read out; every indicator carries its 一级/二级/三级指标 path,
// carried down merged cells; stacked forms on one sheet are read one by one; and
// the form facts match the reviewed golden file tests/golden/performance-forms.csv.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <sstream>

#include "core/decimal.h"
#include "extract/form_extractor.h"
#include "support/conversion_helpers.h"
#include "support/fixture_spec.h"
#include "write/canonical_csv.h"

namespace bc {
namespace {

namespace fs = std::filesystem;
using testing_support::is_performance_form_kind;

struct FormFamily {
  std::string id;
  std::vector<std::string> sheets;  // the sheets that hold the family's forms
};

const std::vector<FormFamily> kFamilies = {
    {"henan-ys", {"部门整体绩效目标表", "项目绩效目标汇总表"}},
    {"shaanxi-biao", {"表13", "表14", "表15"}},
    {"hubei-biao", {"表11", "表12-1"}},
    {"jiangxi-gongkai", {"项目支出绩效自评表"}},
};

const std::vector<std::string> kVersions = {".xlsx", ".lo.xlsx", ".xls"};

fs::path fixture(const std::string& family, const std::string& version) {
  return testing_support::source_dir() / "tests/fixtures" / family / (family + "-2024" + version);
}

const FixtureSpec& spec_of(const std::string& family) {
  static std::map<std::string, FixtureSpec> specs;
  auto it = specs.find(family);
  if (it == specs.end()) {
    it = specs
             .emplace(family, load_fixture_spec((testing_support::source_dir() /
                                                 "tests/fixtures/specs" / (family + "-2024.yaml"))
                                                    .string()))
             .first;
  }
  return it->second;
}

const FileOutcome& converted(const std::string& family, const std::string& version) {
  static std::map<std::string, FileOutcome> cache;
  const std::string key = family + version;
  auto it = cache.find(key);
  if (it == cache.end())
    it =
        cache.emplace(key, testing_support::convert_with_project_mappings(fixture(family, version)))
            .first;
  return it->second;
}

bool is_form_sheet(const FormFamily& family, const std::string& sheet) {
  return std::find(family.sheets.begin(), family.sheets.end(), sheet) != family.sheets.end();
}

std::vector<Fact> form_facts(const FileOutcome& o) {
  std::vector<Fact> out;
  for (const Fact& f : o.facts)
    if (is_performance_form_kind(f.table_kind)) out.push_back(f);
  return out;
}

const Fact* fact_at(const FileOutcome& o, const std::string& sheet, const std::string& cell) {
  for (const Fact& f : o.facts)
    if (f.source_sheet == sheet && f.source_cell == cell) return &f;
  return nullptr;
}

// A number cell as a spreadsheet shows it: a percent format times 100.
std::string shown(const FixtureCell& cell) {
  if (cell.number_format.find('%') != std::string::npos)
    return Decimal::parse(cell.number_text)->scaled_by_power_of_ten(2)->to_string() + "%";
  return Decimal::parse(cell.number_text)->to_string();
}

class PerformanceForms : public ::testing::TestWithParam<FormFamily> {};

TEST_P(PerformanceForms, EveryFormIsReadAndEveryNumberComesOutOnce) {
  const FormFamily& family = GetParam();
  const FixtureSpec& spec = spec_of(family.id);
  for (const std::string& version : kVersions) {
    SCOPED_TRACE(family.id + version);
    const FileOutcome& o = converted(family.id, version);
    ASSERT_NE(o.status, FileStatus::Failed) << o.error;
    std::set<std::string> sheets_read;
    for (const TableOutcome& t : o.tables) {
      if (!is_form_sheet(family, t.sheet)) continue;
      EXPECT_TRUE(is_performance_form_kind(t.table_kind)) << t.sheet << " " << t.range;
      EXPECT_TRUE(t.status == TableStatus::Converted || t.status == TableStatus::Empty)
          << t.sheet << " " << t.range << ": " << t.message;
      EXPECT_NE(t.status, TableStatus::Skipped) << t.sheet;
      if (t.status == TableStatus::Converted) sheets_read.insert(t.sheet);
    }
    for (const std::string& sheet : family.sheets) {
      if (sheet == "表15") continue;  // an empty template: 不涉及
      EXPECT_TRUE(sheets_read.count(sheet)) << "no facts from the form on " << sheet;
    }
    const testing_support::FactsByCell by_cell = testing_support::facts_by_cell(o);
    std::size_t numbers = 0;
    for (const FixtureSheet& sheet : spec.sheets) {
      if (!is_form_sheet(family, sheet.name)) continue;
      for (const FixtureCell& cell : sheet.cells) {
        if (!cell.is_number) continue;
        ++numbers;
        auto it = by_cell.find({sheet.name, cell.address});
        if (it == by_cell.end()) {
          ADD_FAILURE() << "no fact for the number " << cell.number_text << " at " << sheet.name
                        << "!" << cell.address;
          continue;
        }
        const Fact& f = *it->second;
        if (f.unit == "CNY") {
          const int power = sheet.tables[cell.table].unit == "元" ? 0 : 4;
          EXPECT_EQ(f.value,
                    Decimal::parse(cell.number_text)->scaled_by_power_of_ten(power)->to_string())
              << sheet.name << "!" << cell.address;
          EXPECT_EQ(f.raw_unit, sheet.tables[cell.table].unit);
        } else if (f.unit == "percent") {
          EXPECT_EQ(f.value, Decimal::parse(shown(cell).substr(0, shown(cell).size() -
                                                                      (shown(cell).back() == '%')))
                                 ->to_string())
              << sheet.name << "!" << cell.address;
        } else {
          // A score, an achieved value, a percent-typed target: verbatim as shown.
          EXPECT_EQ(f.unit, "text") << sheet.name << "!" << cell.address;
          EXPECT_EQ(f.value, shown(cell)) << sheet.name << "!" << cell.address;
          EXPECT_EQ(f.target_number, Decimal::parse(cell.number_text)
                                         ->scaled_by_power_of_ten(shown(cell).back() == '%' ? 2 : 0)
                                         ->to_string())
              << sheet.name << "!" << cell.address;
        }
      }
    }
    EXPECT_GT(numbers, 0u);
    EXPECT_EQ(o.unaccounted, 0u);
    // Every form fact comes from a filled cell of the spec: a number as above,
    // or a text verbatim.
    for (const Fact& f : form_facts(o)) {
      const FixtureSheet* sheet = spec.sheet(f.source_sheet);
      ASSERT_NE(sheet, nullptr) << f.source_sheet;
      const FixtureCell* cell = sheet->find(f.source_cell);
      ASSERT_NE(cell, nullptr) << "a fact from an empty cell " << f.source_sheet << "!"
                               << f.source_cell;
      if (!cell->is_number && f.unit == "text") {
        EXPECT_EQ(f.value, cell->text);
      }
      if (!cell->is_number && f.unit == "CNY") {
        // An amount printed with its unit (78万元).
        auto t = read_target(cell->text);
        ASSERT_TRUE(t) << f.source_sheet << "!" << f.source_cell;
        EXPECT_EQ(f.value, Decimal::parse(t->number)->scaled_by_power_of_ten(4)->to_string());
      }
    }
  }
}

// Each indicator keeps its full path: level 3 printed on its own row, levels 1
// and 2 printed on its row or above it in the same column (a merged cell, or
// the group label over a block of the 汇总表).
TEST_P(PerformanceForms, EveryIndicatorKeepsItsHierarchy) {
  const FormFamily& family = GetParam();
  const FixtureSpec& spec = spec_of(family.id);
  const FileOutcome& o = converted(family.id, ".xlsx");
  std::size_t indicators = 0;
  for (const Fact& f : form_facts(o)) {
    if (f.indicator_level3.empty() && f.indicator_level2.empty()) continue;
    ++indicators;
    const FixtureSheet* sheet = spec.sheet(f.source_sheet);
    ASSERT_NE(sheet, nullptr);
    const std::uint32_t row = parse_a1(f.source_cell)->row;
    auto printed = [&](const std::string& text, bool same_row) {
      for (const FixtureCell& c : sheet->cells) {
        if (c.text != text || c.row > row) continue;
        if (!same_row || c.row == row) return true;
      }
      return false;
    };
    EXPECT_FALSE(f.indicator_level1.empty()) << f.source_sheet << "!" << f.source_cell;
    EXPECT_TRUE(printed(f.indicator_level1, false)) << f.source_sheet << "!" << f.source_cell;
    if (!f.indicator_level2.empty()) {
      EXPECT_TRUE(printed(f.indicator_level2, false)) << f.source_sheet << "!" << f.source_cell;
    }
    if (!f.indicator_level3.empty()) {
      EXPECT_TRUE(printed(f.indicator_level3, true)) << f.source_sheet << "!" << f.source_cell;
      EXPECT_EQ(f.row_label, f.indicator_level3);
    }
  }
  // The Hubei fixture holds only the fund lines of its forms (abridged).
  if (family.id != "hubei-biao") {
    EXPECT_GT(indicators, 0u);
  }
}

// The three writers give the same form facts (raw_value aside: the stored text).
TEST_P(PerformanceForms, EveryWriterGivesTheSameFormFacts) {
  const FormFamily& family = GetParam();
  auto rows = [&](const std::string& version) {
    std::vector<std::string> out;
    for (Fact f : form_facts(converted(family.id, version))) {
      f.source_file.clear();
      f.raw_value.clear();
      std::ostringstream line;
      write_canonical_facts(line, {f});
      out.push_back(line.str());
    }
    return out;
  };
  const std::vector<std::string> reference = rows(".xlsx");
  ASSERT_FALSE(reference.empty());
  for (std::size_t i = 1; i < kVersions.size(); ++i) EXPECT_EQ(rows(kVersions[i]), reference);
}

INSTANTIATE_TEST_SUITE_P(Families, PerformanceForms, ::testing::ValuesIn(kFamilies),
                         [](const ::testing::TestParamInfo<FormFamily>& p) {
                           std::string name = p.param.id;
                           for (char& ch : name)
                             if (ch == '-') ch = '_';
                           return name;
                         });

TEST(PerformanceForms, MergedLevelsAreCarriedDown) {
  const FileOutcome& o = converted("henan-ys", ".xlsx");
  // 投入管理指标 (A13:A32) and 工作目标管理 (B13:B15) are merged over the rows below.
  const Fact* f = fact_at(o, "部门整体绩效目标表", "D15");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->value, "合理");
  EXPECT_EQ(f->unit, "text");
  EXPECT_EQ(f->indicator_level1, "投入管理指标");
  EXPECT_EQ(f->indicator_level2, "工作目标管理");
  EXPECT_EQ(f->indicator_level3, "绩效指标合理性");
  f = fact_at(o, "部门整体绩效目标表", "D32");  // 100% typed as the number 1, format 0%
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->value, "100%");
  EXPECT_EQ(f->indicator_level2, "绩效管理");
  EXPECT_EQ(f->target_number, "100");
  EXPECT_EQ(f->target_unit, "%");
  EXPECT_EQ(f->comparator, "");
  // The 汇总表: a project's code, name and amounts are merged over its indicator
  // rows; the 一级指标 of each (三级指标 | 指标值) block is the group label over it.
  f = fact_at(o, "项目绩效目标汇总表", "J9");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->value, "得到保障");
  EXPECT_EQ(f->project, "2024 年专项业务费");
  EXPECT_EQ(f->unit_code, "517001");
  EXPECT_EQ(f->indicator_level1, "产出指标");
  EXPECT_EQ(f->indicator_level3, "保障机关工作正常开展");
  f = fact_at(o, "项目绩效目标汇总表", "C8");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->value, "95000");
  EXPECT_EQ(f->measure, "total");
  EXPECT_EQ(f->project, "2024 年专项业务费");
  EXPECT_TRUE(f->indicator_level1.empty());
  f = fact_at(o, "项目绩效目标汇总表", "C7");  // 517001 heads its projects
  ASSERT_NE(f, nullptr);
  EXPECT_TRUE(f->is_total);
  EXPECT_EQ(f->unit_name, "卢氏县医疗保障局");
}

TEST(PerformanceForms, FundsAreExactInTheFormsOwnUnit) {
  const FileOutcome& henan = converted("henan-ys", ".xlsx");
  const Fact* f = fact_at(henan, "部门整体绩效目标表", "D6");  // 部门预算总额（万元）
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->value, "8389800");
  EXPECT_EQ(f->item, "perf.funds.total");
  const FileOutcome& shaanxi = converted("shaanxi-biao", ".xlsx");
  f = fact_at(shaanxi, "表13", "E7");  // 其中: 财政拨款 88 (万元, in a 元 family)
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->value, "880000");
  EXPECT_EQ(f->item, "perf.funds.fiscal");
  f = fact_at(shaanxi, "表13", "E8");  // 其他资金 0: an explicit zero is a fact
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->value, "0");
  f = fact_at(shaanxi, "表14", "D11");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->value, "11264300");
  EXPECT_TRUE(f->is_total);
  const FileOutcome& hubei = converted("hubei-biao", ".xlsx");
  f = fact_at(hubei, "表12-1", "B7");  // 项目总预算 | 78万元
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->value, "780000");
  EXPECT_EQ(f->unit, "CNY");
  f = fact_at(hubei, "表11", "F8");  // the 2021年 column
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->fiscal_year, "2021");
  f = fact_at(hubei, "表11", "E8");  // 占比 0.9072 formatted 0.00%: as shown
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->value, "90.72%");
  EXPECT_EQ(f->unit, "text");
  EXPECT_EQ(f->target_number, "90.72");
}

// Three self-evaluation forms stacked on one sheet, each located as two tables
// (funds, then indicators): each project's facts stay with it; no score is
// above its 分值.
TEST(PerformanceForms, StackedSelfEvaluationForms) {
  const FileOutcome& o = converted("jiangxi-gongkai", ".xlsx");
  std::vector<std::string> projects;
  std::size_t tables = 0;
  for (const TableOutcome& t : o.tables)
    if (t.sheet == "项目支出绩效自评表" && t.status == TableStatus::Converted) ++tables;
  EXPECT_GE(tables, 3u);
  std::map<std::uint32_t, std::pair<std::string, std::string>> weight_score;  // row -> (分值, 得分)
  for (const Fact& f : form_facts(o)) {
    if (f.measure == "perf.project_name") projects.push_back(f.value);
    const std::uint32_t row = parse_a1(f.source_cell)->row;
    if (f.measure == "perf.weight") weight_score[row].first = f.target_number;
    if (f.measure == "perf.score") weight_score[row].second = f.target_number;
  }
  EXPECT_EQ(projects,
            (std::vector<std::string>{"2024基金征缴奖励、村级医保事业经办服务",
                                      "2024信息网络运行维护", "2024医药价格监测及基金监管"}));
  std::size_t pairs = 0;
  for (const auto& [row, ws] : weight_score) {
    if (ws.first.empty() || ws.second.empty()) continue;
    ++pairs;
    EXPECT_LE(Decimal::parse(ws.second)->compare(*Decimal::parse(ws.first)), 0) << "row " << row;
  }
  EXPECT_GE(pairs, 20u);
  const Fact* f = fact_at(o, "项目支出绩效自评表", "H21");  // 总分 60
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->row_label, "总分");
  EXPECT_TRUE(f->is_total);
  EXPECT_TRUE(f->indicator_level1.empty());
}

TEST(PerformanceForms, ReadTarget) {
  auto t = read_target("≥ 1000 人次");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->comparator, ">=");
  EXPECT_EQ(t->number, "1000");
  EXPECT_EQ(t->unit, "人次");
  t = read_target("≤1.5万元");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->comparator, "<=");
  EXPECT_EQ(t->number, "1.5");
  EXPECT_EQ(t->unit, "万元");
  t = read_target("95%");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->comparator, "");
  EXPECT_EQ(t->number, "95");
  t = read_target("＝76万元");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->comparator, "=");
  EXPECT_FALSE(read_target("按时完成"));
  EXPECT_FALSE(read_target("12月底前"));
  EXPECT_FALSE(read_target("2025 年大额缴费"));
  EXPECT_FALSE(read_target("≥"));
}

TEST(PerformanceForms, MatchTheGoldenCanonicalCsv) {
  std::ostringstream out;
  write_canonical_header(out);
  for (const FormFamily& family : kFamilies) {
    FileOutcome o = testing_support::convert_with_project_mappings(fixture(family.id, ".xlsx"));
    std::vector<Fact> facts = form_facts(o);
    const std::string input = "tests/fixtures/" + family.id + "/" + family.id + "-2024.xlsx";
    for (Fact& f : facts) f.source_file = input;
    write_canonical_facts(out, facts);
  }
  testing_support::expect_matches_golden(
      out.str(), testing_support::source_dir() / "tests/golden/performance-forms.csv");
}

}  // namespace
}  // namespace bc
