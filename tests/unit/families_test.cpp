// The Shaanxi 表1–15 and Hubei 表1–12 families: their fixtures convert with
// every published number exact, `detect` names each sheet's family and table,
// equivalent tables of Henan, Shaanxi and Hubei get the same canonical ids,
// and layout drift (a missing column, an unknown extra block) is reported
// rather than shifted.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/decimal.h"
#include "headers/label_text.h"
#include "mapping/mapping_spec.h"
#include "pipeline/convert_file.h"
#include "support/conversion_helpers.h"
#include "support/fixture_spec.h"

namespace bc {
namespace {

namespace fs = std::filesystem;

const fs::path kSource = BC_SOURCE_DIR;

FileOutcome convert(const fs::path& path, bool extract = true) {
  return testing_support::convert_with_project_mappings(path, extract);
}

// Conversions are slow-ish (three writers, two families): convert each file once.
const FileOutcome& converted(const std::string& family, const std::string& version = ".xlsx") {
  static std::map<std::string, FileOutcome> cache;
  const std::string key = family + version;
  auto it = cache.find(key);
  if (it == cache.end()) {
    it = cache
             .emplace(key,
                      convert(kSource / "tests/fixtures" / family / (family + "-2024" + version)))
             .first;
  }
  return it->second;
}

struct Family {
  std::string id;  // tests/fixtures/<id>/<id>-2024*.xlsx, specs/<id>-2024.yaml
  int power;       // 元 per published unit: 0 for 元, 4 for 万元
};

const std::vector<std::string> kVersions = {".xlsx", ".lo.xlsx", ".xls"};

class FamilyFixture : public ::testing::TestWithParam<Family> {};

// Every number cell of the spec comes out once, exactly, at its own cell, with
// the table code of its block; every fact comes from a published number (or,
// for text measures, from a text cell holding that text).
TEST_P(FamilyFixture, EveryPublishedNumberComesOutExactly) {
  const Family& family = GetParam();
  FixtureSpec spec =
      load_fixture_spec((kSource / "tests/fixtures/specs" / (family.id + "-2024.yaml")).string());
  for (const std::string& version : kVersions) {
    SCOPED_TRACE(family.id + version);
    const FileOutcome& outcome = converted(family.id, version);
    ASSERT_NE(outcome.status, FileStatus::Failed) << outcome.error;
    EXPECT_EQ(outcome.template_id, family.id);
    for (const Fact& f : outcome.facts) EXPECT_EQ(f.template_id, family.id);
    const testing_support::FactsByCell by_cell = testing_support::facts_by_cell(outcome);
    const testing_support::SkippedTables skipped(outcome);
    std::size_t expected = 0;
    for (const FixtureSheet& sheet : spec.sheets) {
      for (const FixtureCell& cell : sheet.cells) {
        if (!cell.is_number || !cell.fact || skipped.contain(sheet.name, cell.row, cell.col))
          continue;
        ++expected;
        auto it = by_cell.find({sheet.name, cell.address});
        if (it == by_cell.end()) {
          ADD_FAILURE() << "no fact for " << cell.number_text << " at " << sheet.name << "!"
                        << cell.address;
          continue;
        }
        const Fact& f = *it->second;
        // Tables without a printed code (the spec names them by title) have no table_code.
        const std::string& spec_code = sheet.tables[cell.table].code;
        EXPECT_EQ(f.table_code, spec_code == sheet.tables[cell.table].title ? "" : spec_code)
            << sheet.name << "!" << cell.address;
        // Shaanxi 表11 数量 and the 人数/天数 of 会议费培训费明细表 are counts;
        // everything else is money.
        const bool count =
            family.id == "shaanxi-biao" &&
            ((sheet.name == "表11" && cell.col == 8) ||
             (sheet.name == "会议费培训费明细表" && (cell.col == 5 || cell.col == 6)));
        const std::string want = count ? Decimal::parse(cell.number_text)->to_string()
                                       : Decimal::parse(cell.number_text)
                                             ->scaled_by_power_of_ten(family.power)
                                             ->to_string();
        EXPECT_EQ(f.value, want) << sheet.name << "!" << cell.address << " published "
                                 << cell.number_text;
        EXPECT_EQ(f.unit, count ? "count" : "CNY") << sheet.name << "!" << cell.address;
      }
    }
    std::size_t text_facts = 0;
    for (const Fact& f : outcome.facts) {
      if (skipped.contain(f)) {
        ++text_facts;  // a performance form: performance_forms_test.cpp
        continue;
      }
      const FixtureSheet* sheet = spec.sheet(f.source_sheet);
      ASSERT_NE(sheet, nullptr) << f.source_sheet;
      const FixtureCell* cell = sheet->find(f.source_cell);
      ASSERT_NE(cell, nullptr) << "a fact from an empty cell " << f.source_sheet << "!"
                               << f.source_cell;
      if (f.unit == "text") {
        ++text_facts;
        EXPECT_FALSE(cell->is_number) << f.source_sheet << "!" << f.source_cell;
        EXPECT_EQ(f.value, cell->text) << f.source_sheet << "!" << f.source_cell;
      } else {
        EXPECT_TRUE(cell->is_number && cell->fact)
            << "not a published amount: " << f.source_sheet << "!" << f.source_cell;
      }
    }
    EXPECT_EQ(outcome.facts.size(), expected + text_facts);
  }
}

INSTANTIATE_TEST_SUITE_P(Families, FamilyFixture,
                         ::testing::Values(Family{"shaanxi-biao", 0}, Family{"hubei-biao", 4}),
                         [](const ::testing::TestParamInfo<Family>& p) {
                           return p.param.id == "shaanxi-biao" ? std::string("Shaanxi")
                                                               : std::string("Hubei");
                         });

// `detect` (extract=false) names the family and table of every sheet.
TEST(Families, DetectNamesFamilyAndTableOfEverySheet) {
  struct Expect {
    std::string family, spec;
    std::map<std::string, std::string> table_of;  // spec table id -> mapping table code
  };
  for (const Expect& e :
       {Expect{
            "shaanxi-biao", "shaanxi-biao-2024", {{"catalogue", ""}, {"会议费培训费明细表", ""}}},
        Expect{"hubei-biao", "hubei-biao-2024", {{"表12-1", "表12"}}}}) {
    SCOPED_TRACE(e.family);
    FixtureSpec spec =
        load_fixture_spec((kSource / "tests/fixtures/specs" / (e.spec + ".yaml")).string());
    FileOutcome outcome =
        convert(kSource / "tests/fixtures" / e.family / (e.spec + ".xlsx"), false);
    ASSERT_NE(outcome.status, FileStatus::Failed) << outcome.error;
    EXPECT_TRUE(outcome.facts.empty());
    EXPECT_EQ(outcome.template_id, e.family);
    for (const FixtureSheet& sheet : spec.sheets) {
      std::string want = sheet.tables.front().code;
      if (auto it = e.table_of.find(want); it != e.table_of.end()) want = it->second;
      bool seen = false;
      for (const TableOutcome& t : outcome.tables) {
        if (t.sheet != sheet.name) continue;
        seen = true;
        EXPECT_EQ(t.template_id, e.family) << sheet.name << ": " << t.message;
        EXPECT_EQ(t.table_code, want) << sheet.name;
        EXPECT_NE(t.status, TableStatus::Failed) << sheet.name << ": " << t.message;
      }
      EXPECT_TRUE(seen) << "no table found on sheet " << sheet.name;
    }
  }
}

TEST(Families, EmptyTablesAndFormsGiveNoFactsAndNoError) {
  const FileOutcome& sx = converted("shaanxi-biao");
  const FileOutcome& hb = converted("hubei-biao");
  ASSERT_NE(sx.status, FileStatus::Failed) << sx.error;
  EXPECT_EQ(hb.status, FileStatus::Ok) << hb.error;
  std::map<std::string, std::set<TableStatus>> status;
  for (const TableOutcome& t : sx.tables) status["sx:" + t.sheet].insert(t.status);
  for (const TableOutcome& t : hb.tables) status["hb:" + t.sheet].insert(t.status);
  // The cover is skipped; the performance forms are read (performance_forms_test.cpp),
  // 表15 an empty template (不涉及).
  EXPECT_EQ(status["sx:封面目录"], std::set<TableStatus>{TableStatus::Skipped});
  for (const char* form : {"sx:表13", "sx:表14", "hb:表11", "hb:表12-1"}) {
    EXPECT_EQ(status[form], std::set<TableStatus>{TableStatus::Converted}) << form;
  }
  EXPECT_EQ(status["sx:表15"], std::set<TableStatus>{TableStatus::Empty});
  EXPECT_EQ(status["hb:表8"], std::set<TableStatus>{TableStatus::Empty});
  EXPECT_EQ(status["sx:表9"], std::set<TableStatus>{TableStatus::Empty});
  for (const Fact& f : sx.facts) EXPECT_NE(f.source_sheet, "表9");
  for (const Fact& f : hb.facts) EXPECT_NE(f.source_sheet, "表8");
}

// One fact by its keys; fails the test when there is not exactly one.
const Fact* find_fact(const FileOutcome& outcome, const std::string& table,
                      const std::string& cell) {
  const Fact* found = nullptr;
  for (const Fact& f : outcome.facts) {
    if (f.table_code == table && f.source_cell == cell) {
      EXPECT_EQ(found, nullptr) << "two facts at " << table << " " << cell;
      found = &f;
    }
  }
  EXPECT_NE(found, nullptr) << "no fact at " << table << " " << cell;
  return found;
}

TEST(ShaanxiFixture, AmountsInYuanCodesHierarchyAndTotals) {
  const FileOutcome& o = converted("shaanxi-biao");
  ASSERT_NE(o.status, FileStatus::Failed) << o.error;
  for (const Fact& f : o.facts) {
    EXPECT_EQ(f.department, "渭南市医疗保障局");
    EXPECT_EQ(f.fiscal_year, "2024");  // from the cover: the tables print no year
    EXPECT_EQ(f.stage, "budget");
  }
  // 表2: 12,462,702.17 元 stays 12462702.17; 611 heads 611001…611003.
  const Fact* t2 = find_fact(o, "表2", "C7");
  ASSERT_TRUE(t2);
  EXPECT_EQ(t2->value, "12462702.17");
  EXPECT_EQ(t2->raw_unit, "元");
  EXPECT_TRUE(t2->is_total);
  const Fact* dept = find_fact(o, "表2", "C8");
  const Fact* unit = find_fact(o, "表2", "C9");
  ASSERT_TRUE(dept && unit);
  EXPECT_EQ(dept->unit_code, "611");
  EXPECT_TRUE(dept->is_total);
  EXPECT_EQ(unit->unit_code, "611001");
  EXPECT_EQ(unit->unit_name, "渭南市医疗保障局");
  EXPECT_FALSE(unit->is_total);
  EXPECT_EQ(find_fact(o, "表2", "D9")->measure, "gpb");
  EXPECT_EQ(find_fact(o, "表2", "L9")->measure, "carryover");
  // 表5: 类/款 rows are totals, 项 rows are not.
  std::map<std::string, const Fact*> t5;
  for (const Fact& f : o.facts) {
    if (f.table_code == "表5" && f.measure == "total") t5[f.function_code] = &f;
  }
  ASSERT_EQ(t5.size(), 19u);
  EXPECT_EQ(t5["210"]->value, "9639199");
  EXPECT_TRUE(t5["210"]->is_total);
  EXPECT_TRUE(t5["21015"]->is_total);
  EXPECT_FALSE(t5["2101506"]->is_total);
  EXPECT_EQ(t5["2101506"]->value, "4885317");
  EXPECT_EQ(t5["2101506"]->table_kind, "gpb_expenditure_by_function");
  // 表6: paired economic codes; the header band repeated mid-table gives no facts.
  const Fact* e6 = find_fact(o, "表6", "E8");
  ASSERT_TRUE(e6);
  EXPECT_EQ(e6->econ_code, "30101");
  EXPECT_EQ(e6->gov_econ_code, "50501");
  EXPECT_EQ(e6->value, "327156");
  EXPECT_TRUE(find_fact(o, "表6", "E6")->is_total);           // 301
  EXPECT_EQ(find_fact(o, "表6", "E37")->econ_code, "30228");  // after the repeated header (row 36)
  // 表4: four blocks, each row coded by its block's scheme.
  const Fact* f4 = find_fact(o, "表4", "D16");
  EXPECT_EQ(f4->function_code, "210");
  EXPECT_EQ(f4->value, "10837617.17");
  const Fact* basic301 = find_fact(o, "表4", "F8");
  EXPECT_EQ(basic301->econ_code, "301");
  EXPECT_EQ(basic301->category, "人员经费和公用经费支出");
  const Fact* project303 = find_fact(o, "表4", "F15");
  EXPECT_EQ(project303->econ_code, "303");
  EXPECT_EQ(project303->category, "专项业务经费支出");
  EXPECT_TRUE(find_fact(o, "表4", "F12")->is_total);  // 2、专项业务经费支出 heads (1)…(10)
  EXPECT_EQ(find_fact(o, "表4", "H15")->gov_econ_code, "509");
  EXPECT_EQ(find_fact(o, "表4", "B8")->item, "income.gpb.special_projects");
  // 表10: unit → group → project, free text as a text measure.
  const Fact* p10 = find_fact(o, "表10", "C14");
  EXPECT_EQ(p10->project, "医保服务能力大提升");
  EXPECT_EQ(p10->unit_code, "611002");
  EXPECT_EQ(p10->category, "部门预算专用项目");
  EXPECT_FALSE(p10->is_total);
  EXPECT_EQ(find_fact(o, "表10", "D14")->value, "医保服务能力大提升项目");
  EXPECT_EQ(find_fact(o, "表10", "D14")->unit, "text");
  const Fact* g10 = find_fact(o, "表10", "C12");  // 专用项目
  EXPECT_TRUE(g10->is_total);
  EXPECT_TRUE(g10->project.empty());
  // 表11: split codes, funding-type group, unit rows heading items of the same code.
  const Fact* i11 = find_fact(o, "表11", "O9");
  EXPECT_EQ(i11->function_code, "2101506");
  EXPECT_EQ(i11->econ_code, "30227");
  EXPECT_EQ(i11->gov_econ_code, "50205");
  EXPECT_EQ(i11->unit_code, "611002");
  EXPECT_EQ(i11->category, "全额");
  EXPECT_EQ(i11->value, "30000");
  EXPECT_TRUE(find_fact(o, "表11", "O7")->is_total);  // 全额
  EXPECT_TRUE(find_fact(o, "表11", "O8")->is_total);  // unit 611002
  EXPECT_TRUE(
      find_fact(o, "表11", "O11")->unit_code.empty());  // next 全额: the unit's code scope ended
  EXPECT_EQ(find_fact(o, "表11", "I6")->value, "5");
  // 表12: the same measure in three periods.
  std::map<std::string, std::string> meetings;  // period -> value, unit 611001
  for (const Fact& f : o.facts) {
    if (f.table_code == "表12" && f.unit_code == "611001" && f.measure == "meetings")
      meetings[f.period] = f.value;
  }
  EXPECT_EQ(meetings, (std::map<std::string, std::string>{
                          {"prior_year", "20000"}, {"", "38000"}, {"change", "18000"}}));
}

TEST(HubeiFixture, AmountsTimesTenThousandCodesAndTotals) {
  const FileOutcome& o = converted("hubei-biao");
  ASSERT_EQ(o.status, FileStatus::Ok) << o.error;
  for (const Fact& f : o.facts) EXPECT_EQ(f.department, "武汉市东西湖区医疗保障局");
  const Fact* gpb = find_fact(o, "表1", "B7");
  EXPECT_EQ(gpb->item, "income.gpb");
  EXPECT_EQ(gpb->value, "23612200");
  EXPECT_EQ(gpb->raw_unit, "万元");
  EXPECT_EQ(find_fact(o, "表1", "D13")->function_code, "210");
  EXPECT_EQ(find_fact(o, "表1", "D13")->value, "24796000");
  EXPECT_EQ(find_fact(o, "表2", "E6")->measure, "gpb");
  EXPECT_EQ(find_fact(o, "表2", "E6")->unit_code, "026001");
  EXPECT_EQ(find_fact(o, "表2", "D6")->measure, "current_year");
  EXPECT_EQ(find_fact(o, "表2", "M6")->value, "3000000");
  // 表5-1: joined codes with 类/款 subtotals.
  std::map<std::string, const Fact*> t51;
  for (const Fact& f : o.facts) {
    if (f.table_code == "表5-1" && f.measure == "total") t51[f.function_code] = &f;
  }
  EXPECT_EQ(t51.size(), 25u);
  EXPECT_EQ(t51[""]->value, "23612200");
  EXPECT_TRUE(t51[""]->is_total);
  EXPECT_TRUE(t51["210"]->is_total);
  EXPECT_TRUE(t51["21011"]->is_total);
  EXPECT_FALSE(t51["2101101"]->is_total);
  EXPECT_EQ(t51["2101101"]->value, "8220900");
  // 表5-2: 03 → 026 → 026001.
  EXPECT_TRUE(find_fact(o, "表5-2", "C8")->is_total);
  EXPECT_TRUE(find_fact(o, "表5-2", "C9")->is_total);
  EXPECT_FALSE(find_fact(o, "表5-2", "C10")->is_total);
  EXPECT_EQ(find_fact(o, "表5-2", "C10")->unit_code, "026001");
  // 表9: economic codes under 科目编码.
  EXPECT_EQ(find_fact(o, "表9", "C8")->econ_code, "303");
  EXPECT_TRUE(find_fact(o, "表9", "C8")->function_code.empty());
  EXPECT_TRUE(find_fact(o, "表9", "C8")->is_total);
  EXPECT_EQ(find_fact(o, "表9", "C9")->econ_code, "30399");
  EXPECT_EQ(find_fact(o, "表9", "C9")->value, "6500000");
  // 表10: projects under the unit; the closing 合计 belongs to no unit.
  const Fact* p = find_fact(o, "表10", "L20");
  EXPECT_EQ(p->project, "往来资金");
  EXPECT_EQ(p->measure, "unit_funds");
  EXPECT_EQ(p->value, "3000000");
  EXPECT_EQ(p->unit_code, "026001");
  EXPECT_EQ(p->category, "本级支出项目");
  EXPECT_TRUE(find_fact(o, "表10", "D10")->is_total);  // the 31 row heads the projects
  const Fact* bottom = find_fact(o, "表10", "L22");
  EXPECT_TRUE(bottom->unit_code.empty());
  EXPECT_TRUE(bottom->is_total);
  EXPECT_EQ(bottom->value, "0");
}

// The measure ids of one table, or only their first component (basic.public → basic).
std::set<std::string> measures_of(const FileOutcome& o, const std::string& table,
                                  bool top_only = false) {
  std::set<std::string> out;
  for (const Fact& f : o.facts) {
    if (f.table_code != table) continue;
    out.insert(top_only ? f.measure.substr(0, f.measure.find('.')) : f.measure);
  }
  return out;
}

std::string kind_of(const FileOutcome& o, const std::string& table) {
  for (const Fact& f : o.facts) {
    if (f.table_code == table) return f.table_kind;
  }
  return "";
}

TEST(Families, EquivalentTablesShareKindsMeasuresAndItems) {
  FileOutcome henan = convert(kSource / "tests/fixtures/henan-ys/henan-ys-2024.xlsx");
  const FileOutcome& sx = converted("shaanxi-biao");
  const FileOutcome& hb = converted("hubei-biao");
  ASSERT_NE(henan.status, FileStatus::Failed) << henan.error;
  // General public budget expenditure by function: YS05 / 表5 / 表5-1.
  EXPECT_EQ(kind_of(henan, "YS05"), "gpb_expenditure_by_function");
  EXPECT_EQ(kind_of(sx, "表5"), "gpb_expenditure_by_function");
  EXPECT_EQ(kind_of(hb, "表5-1"), "gpb_expenditure_by_function");
  const std::set<std::string> top = {"total", "basic", "project"};
  EXPECT_EQ(measures_of(henan, "YS05", true), top);
  EXPECT_EQ(measures_of(sx, "表5", true), top);
  EXPECT_EQ(measures_of(hb, "表5-1", true), top);
  // 人员经费 / 公用经费 are one id wherever they appear; Henan's finer columns roll up to them.
  EXPECT_EQ(measures_of(hb, "表5-1"), (std::set<std::string>{"total", "basic", "basic.personnel",
                                                             "basic.public", "project"}));
  EXPECT_EQ(measures_of(sx, "表5"),
            (std::set<std::string>{"total", "basic.personnel", "basic.public", "project"}));
  // Each of Henan's finer ids (basic.personnel.wages, project.running …) rolls up,
  // at a dot, to an id Hubei uses, and together they cover all of Hubei's.
  const std::set<std::string> hubei = measures_of(hb, "表5-1");
  std::set<std::string> rolled;
  for (std::string id : measures_of(henan, "YS05")) {
    while (!hubei.count(id) && id.find('.') != std::string::npos) id.resize(id.rfind('.'));
    EXPECT_TRUE(hubei.count(id)) << id;
    rolled.insert(id);
  }
  EXPECT_EQ(rolled, hubei);
  // Basic expenditure by economic class: YS06 / 表8 / 表6: identical measure sets.
  const std::set<std::string> basic_econ = {"total", "basic.personnel", "basic.public"};
  for (const auto& [o, table] :
       {std::pair<const FileOutcome*, std::string>{&henan, "YS06"}, {&sx, "表8"}, {&hb, "表6"}}) {
    EXPECT_EQ(kind_of(*o, table), "gpb_basic_by_econ") << table;
    EXPECT_EQ(measures_of(*o, table), basic_econ) << table;
  }
  // The summary tables: YS01 / 表1 / 表1, and the fiscal appropriation summaries YS04 / 表4 / 表4.
  for (const auto& [o, table] :
       {std::pair<const FileOutcome*, std::string>{&henan, "YS01"}, {&sx, "表1"}, {&hb, "表1"}}) {
    SCOPED_TRACE(table);
    EXPECT_EQ(kind_of(*o, table), "summary_income_expenditure");
    EXPECT_EQ(measures_of(*o, table), std::set<std::string>{"amount"});
    std::set<std::string> keys;
    for (const Fact& f : o->facts) {
      if (f.table_code == table)
        keys.insert(f.side + ":" + (f.item.empty() ? f.function_code : f.item));
    }
    for (const char* k :
         {"income:income.gpb", "income:income.grand_total", "expenditure:208", "expenditure:210",
          "expenditure:221", "expenditure:expenditure.current_total",
          "expenditure:expenditure.grand_total"}) {
      EXPECT_TRUE(keys.count(k)) << k;
    }
  }
  EXPECT_EQ(kind_of(henan, "YS04"), "fiscal_appropriation_summary");
  EXPECT_EQ(kind_of(sx, "表4"), "fiscal_appropriation_summary");
  EXPECT_EQ(kind_of(hb, "表4"), "fiscal_appropriation_summary");
  // 三公: YS08 / 表12 / 表7.
  for (const auto& [o, table] :
       {std::pair<const FileOutcome*, std::string>{&henan, "YS08"}, {&sx, "表12"}, {&hb, "表7"}}) {
    EXPECT_EQ(kind_of(*o, table), "three_public") << table;
    EXPECT_TRUE(measures_of(*o, table).count("three_public.total")) << table;
    EXPECT_TRUE(measures_of(*o, table).count("three_public.reception")) << table;
  }
  // Project tables: YS10 / 表10 / 表10.
  EXPECT_EQ(kind_of(henan, "YS10"), "project_expenditure");
  EXPECT_EQ(kind_of(sx, "表10"), "project_expenditure");
  EXPECT_EQ(kind_of(hb, "表10"), "project_expenditure");
}

// The three provinces' names for general-public-budget income are one item.
TEST(Families, GeneralPublicBudgetIncomeLabelsAreOneItem) {
  const Vocabulary& v = testing_support::project_mappings().vocabulary;
  for (const char* label :
       {"一般公共预算拨款收入", "一般公共预算财政拨款收入", "一、一般公共预算",
        "1、一般公共预算拨款", "（一）一般公共预算拨款", "一、一般公共预算拨款收入"}) {
    std::string matched;
    for (const DefaultItem& item : v.default_items) {
      if (!item.after.empty()) continue;
      for (const LabelPattern& p : item.labels) {
        if (matched.empty() && p.matches(strip_ordinal(label))) matched = item.id;
      }
    }
    EXPECT_EQ(matched, "income.gpb") << label;
  }
}

// Layout drift, written as CSV exports (merges lost, as a real CSV would be).
class Drift : public ::testing::Test {
 protected:
  fs::path write(const std::string& name, const std::string& text) {
    fs::path dir = fs::path(::testing::TempDir()) / "bc-families-test";
    fs::create_directories(dir);
    fs::path path = dir / name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
};

// A column the mapping expects is absent: the table still converts every
// column that binds, and a message names the one that does not.
bool names_missing(const FileOutcome& o, const std::string& table, const std::string& what) {
  for (const Diagnostic& d : o.diagnostics.items()) {
    if (d.code == "MAP-MISSING-COLUMN" && d.message.find(table) != std::string::npos &&
        d.message.find(what) != std::string::npos)
      return true;
  }
  return false;
}

std::map<std::string, std::string> by_cell(const FileOutcome& o, const std::string& what) {
  std::map<std::string, std::string> out;
  for (const Fact& f : o.facts) out[f.source_cell] = what == "measure" ? f.measure : f.value;
  return out;
}

TEST_F(Drift, ShaanxiTableWithoutAColumnConvertsTheOthersAndNamesIt) {
  fs::path path = write("sx-t5-missing.csv",
                        "部门综合预算一般公共预算支出明细表（按支出功能分类科目）\n"
                        "部门名称：渭南市医疗保障局\n"
                        ",,,,单位：元\n"
                        "功能科目编码,功能科目名称,合计,人员经费支出,专项业务经费支出,备注\n"
                        ",合计,\"11,264,284.00\",\"8,942,413.00\",\"1,330,000.00\",\n"
                        "208,社会保障和就业支出,\"1,035,502.00\",\"1,032,502.00\",,\n");
  FileOutcome o = convert(path);
  ASSERT_NE(o.status, FileStatus::Failed) << o.error;
  EXPECT_TRUE(names_missing(o, "shaanxi-biao 表5", "公用经费"));
  EXPECT_EQ(o.facts.size(), 5u);
  EXPECT_EQ(by_cell(o, "value")["C5"], "11264284");
  EXPECT_EQ(by_cell(o, "measure")["D5"], "basic.personnel");
  EXPECT_EQ(by_cell(o, "value")["D6"], "1032502");
  EXPECT_EQ(o.unaccounted, 0u);
}

TEST_F(Drift, HubeiTableWithoutAColumnConvertsTheOthersAndNamesIt) {
  fs::path path = write(
      "hb-t51-missing.csv",
      "表5-1\n一般公共预算支出表(分功能科目)\n部门/单位：武汉市东西湖区医疗保障局\n,,,,单位：万元\n"
      "科目编码,科目名称,合计,基本支出,,项目支出\n"
      ",,,小计,公用经费,\n"
      ",合计,2361.22,776.16,102.13,1585.06\n"
      "208,社会保障和就业支出,107.62,107.62,0.00,0.00\n");
  FileOutcome o = convert(path);
  ASSERT_NE(o.status, FileStatus::Failed) << o.error;
  EXPECT_TRUE(names_missing(o, "hubei-biao 表5-1", "基本支出/人员经费"));
  EXPECT_EQ(by_cell(o, "measure")["E8"], "basic.public");
  EXPECT_EQ(by_cell(o, "value")["E8"], "0");
  EXPECT_EQ(by_cell(o, "measure")["C7"], "total");
  EXPECT_EQ(by_cell(o, "value")["C7"], "23612200");
  EXPECT_EQ(o.facts.size(), 8u);
  EXPECT_EQ(o.unaccounted, 0u);
}

TEST_F(Drift, ShaanxiUnknownExtraBlockDoesNotShiftValues) {
  // 表12 with an extra 预算执行数 block (合计, 会议费) between 上年 and 当年.
  const std::string three = "一般公共预算拨款安排的“三公”经费预算";
  fs::path path = write("sx-t12-extra.csv",
                        "部门综合预算一般公共预算拨款“三公”经费及会议费、培训费支出预算表\n部门名称"
                        "：渭南市医疗保障局\n"
                        ",,,,,,,,,,,,,,,,,,,,,,,,单位：元\n"
                        "单位编码,单位名称,上年,,,,,,,预算执行数,,当年,,,,,,,增减变化情况,,,,,,\n"
                        ",,合计," +
                            three + ",,,,会议费,培训费,合计,会议费,合计," + three +
                            ",,,,会议费,培训费,合计," + three +
                            ",,,,会议费,培训费\n"
                            ",,,小计,因公出国（境）费用,公务接待费,公务用车购置及运行维护费,,,,,,"
                            "小计,因公出国（境）费用,公务接待费,"
                            "公务用车购置及运行维护费,,,,小计,因公出国（境）费用,公务接待费,"
                            "公务用车购置及运行维护费,,\n"
                            "611001,渭南市医疗保障局,58900,38900,,19000,19900,20000,,99999,12345,"
                            "76900,38900,,19000,19900,38000,,"
                            "18000,,,,,18000,\n");
  FileOutcome o = convert(path);
  ASSERT_NE(o.status, FileStatus::Failed) << o.error;
  std::map<std::string, std::string> got;  // measure@period -> value
  for (const Fact& f : o.facts) {
    EXPECT_EQ(f.table_code, "表12");
    EXPECT_EQ(f.unit_code, "611001");
    if (f.value == "99999" || f.value == "12345") {
      // The unknown block's values are kept, with no measure, and never in another's.
      EXPECT_EQ(f.measure, "") << f.source_cell;
      EXPECT_NE(f.column_label.find("预算执行数"), std::string::npos) << f.column_label;
      continue;
    }
    got[f.measure + "@" + f.period] = f.value;
  }
  EXPECT_EQ(got, (std::map<std::string, std::string>{{"total@prior_year", "58900"},
                                                     {"three_public.total@prior_year", "38900"},
                                                     {"three_public.reception@prior_year", "19000"},
                                                     {"three_public.vehicles@prior_year", "19900"},
                                                     {"meetings@prior_year", "20000"},
                                                     {"total@", "76900"},
                                                     {"three_public.total@", "38900"},
                                                     {"three_public.reception@", "19000"},
                                                     {"three_public.vehicles@", "19900"},
                                                     {"meetings@", "38000"},
                                                     {"total@change", "18000"},
                                                     {"meetings@change", "18000"}}));
  bool reported = false;
  for (const Diagnostic& d : o.diagnostics.items()) {
    reported = reported || (d.code == "EXTRACT-UNBOUND-COLUMN" &&
                            d.message.find("预算执行数") != std::string::npos);
  }
  EXPECT_TRUE(reported) << "the unknown 预算执行数 block must be reported";
}

TEST_F(Drift, HubeiUnknownExtraBlockDoesNotShiftValues) {
  // 表10 with an extra 其他资金 block (事业收入, 其他收入) between 本年拨款 and 财政拨款结转结余.
  fs::path path = write(
      "hb-t10-extra.csv",
      "表10\n项目支出表\n部门/单位：武汉市东西湖区医疗保障局\n,,,,,,,,,,,,,单位：万元\n"
      "项目编码,项目名称,项目单位,合计,本年拨款,,,其他资金,,财政拨款结转结余,,,财政专户管理资金,"
      "单位资金\n"
      ",,,,一般公共预算,政府性基金预算,国有资本经营预算,事业收入,其他收入,一般公共预算,"
      "政府性基金预算,"
      "国有资本经营预算,,\n"
      "026001,武汉市东西湖区医疗保障局本级,,300.00,0.00,0.00,0.00,11.11,22.22,0.00,0.00,0.00,0.00,"
      "300.00\n"
      "本级支出项目,往来资金,,300.00,0.00,0.00,0.00,11.11,22.22,0.00,0.00,0.00,0.00,300.00\n");
  FileOutcome o = convert(path);
  ASSERT_NE(o.status, FileStatus::Failed) << o.error;
  std::map<std::string, std::string> project;
  for (const Fact& f : o.facts) {
    if (f.raw_value == "11.11" || f.raw_value == "22.22") {
      EXPECT_EQ(f.measure, "") << f.source_cell;  // kept, never in a known measure
      EXPECT_NE(f.column_label.find("其他资金"), std::string::npos) << f.column_label;
      continue;
    }
    if (f.project == "往来资金") project[f.measure] = f.value;
  }
  EXPECT_EQ(project["total"], "3000000");
  EXPECT_EQ(project["unit_funds"], "3000000");
  EXPECT_EQ(project["fiscal_special_account"], "0");
  EXPECT_EQ(project["carryover.gpb"], "0");
  EXPECT_EQ(project.size(), 9u);
}

}  // namespace
}  // namespace bc
