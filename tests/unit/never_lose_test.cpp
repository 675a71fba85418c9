// "Never lose a number": header patterns over path levels, occurrence
// selectors, one family per file, count rows, total_rows and cell accounting,
// each through the real pipeline on small CSV inputs.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>

#include "headers/label_text.h"
#include "mapping/label_pattern.h"
#include "normalise/units.h"
#include "pipeline/convert_file.h"
#include "support/stage_helpers.h"

namespace bc {
namespace {

using test::ScratchDir;

std::vector<std::string> path_of(std::initializer_list<const char*> levels) {
  std::vector<std::string> out;
  for (const char* l : levels) out.push_back(normalise_label(l));
  return out;
}

int tier(const std::string& pattern, std::initializer_list<const char*> levels) {
  const auto path = path_of(levels);
  return HeaderPattern(pattern).match_tier(path, HeaderPattern::lenient_path(path));
}

TEST(HeaderTiers, AnExtraOrMissingLevelStillMatchesLessStrictly) {
  EXPECT_EQ(tier("(一般)?公共预算拨款(小计)?", {"一般公共预算拨款"}), 1);
  // An extra 小计 level below, an extra 部门预算 level above.
  EXPECT_EQ(tier("(一般)?公共预算拨款(小计)?", {"部门预算", "一般公共预算拨款", "小计"}), 2);
  // The pattern's 小计 level absent from the path.
  EXPECT_EQ(tier("一般公共预算拨款/小计", {"一般公共预算拨款"}), 2);
  // 其中 prefixes on either side, full-width colon or none.
  EXPECT_EQ(tier("财政拨款", {"一般公共预算", "其中：财政拨款"}), 2);
  EXPECT_EQ(tier("一般公共预算/其中:财政拨款", {"一般公共预算", "财政拨款"}), 2);
  // A middle level missing from the path: loose, but one earlier level must agree.
  EXPECT_EQ(tier("基本支出/人员经费/工资福利支出", {"基本支出", "工资福利支出"}), 3);
  EXPECT_EQ(tier("支出/一般公共预算/小计", {"基本支出", "小计"}), 0);
  EXPECT_EQ(tier("项目支出/小计", {"基本支出", "小计"}), 0);
  // Spaces and full-width forms never matter.
  EXPECT_EQ(tier("项目", {"项    目"}), 1);
  EXPECT_EQ(tier("单位（科目名称）", {"单位(科目名称)"}), 1);
}

TEST(CountUnits, LabelsAndUnitLinesThatNameCounts) {
  EXPECT_TRUE(is_count_unit("台、辆、套"));
  EXPECT_TRUE(is_count_unit("人"));
  EXPECT_FALSE(is_count_unit("万元"));
  EXPECT_FALSE(is_count_unit("元"));
  EXPECT_TRUE(label_names_count("4. 公务用车保有量(辆)"));
  EXPECT_TRUE(label_names_count("5. 国内公务接待批次（个）"));
  EXPECT_TRUE(label_names_count("2. 因公出国(境)人次数"));
  EXPECT_TRUE(label_names_count("一、车辆数合计（台、辆）"));
  EXPECT_TRUE(label_names_count("二、单价100万元(含)以上设备(不含车辆)(台、套)"));
  EXPECT_FALSE(label_names_count("(1) 公务用车购置费"));
  EXPECT_FALSE(label_names_count("(一)因公出国(境)费"));
  EXPECT_FALSE(label_names_count("公务接待费"));
}

const char* kFamilyA = R"(family: fam-a
stage: final
default_unit: 万元
tables:
  - code: 表1
    kind: gpb_expenditure_by_function
    titles: ['甲乙丙表']
    keys: {label: '项目'}
    measures:
      - {id: total, header: '合计'}
  - code: 表12
    kind: gpb_expenditure_by_function
    titles: ['三公表']
    total_rows: ['"三公"经费支出']
    keys: {label: '项目'}
    measures:
      - {id: amount, header: '决算数'}
  - code: 表6
    kind: gpb_expenditure_by_function
    titles: ['基本支出表']
    blocks:
      - anchor: '人员经费/科目编码'
        keys: {econ_code: '人员经费/科目编码', label: '人员经费/科目名称'}
        measures: [{id: amount, header: '人员经费/金额'}]
      - anchor: '公用经费/科目编码'
        occurrence: 1
        keys: {econ_code: '公用经费/科目编码', label: '公用经费/科目名称'}
        measures: [{id: amount, header: '公用经费/金额'}]
      - anchor: '公用经费/科目编码'
        occurrence: 2
        keys: {econ_code: '公用经费/科目编码', label: '公用经费/科目名称'}
        measures: [{id: amount, header: '公用经费/金额'}]
)";

// Another province whose 表12 is something else and scores higher on its own.
const char* kFamilyB = R"(family: fam-b
stage: budget
default_unit: 万元
tables:
  - code: 表12
    kind: gpb_expenditure_by_function
    titles: ['三公表']
    keys: {label: '项目'}
    measures:
      - {id: amount, header: '决算数'}
      - {id: total, header: '合计', optional: true}
      - {id: basic, header: '年初预算数'}
  - code: 表12
    kind: perf_project
    titles: ['.*绩效目标表']
    skip: forms are not converted
)";

struct Fixture {
  ScratchDir dir;
  MappingSet mappings;
  std::vector<MappingProblem> problems;
  Fixture() {
    dir.write("mappings/vocabulary.yaml", test::kMiniVocabulary);
    dir.write("mappings/a.yaml", kFamilyA);
    dir.write("mappings/b.yaml", kFamilyB);
    mappings = load_mappings(dir.file("mappings"), problems);
  }
  FileOutcome convert(const std::string& name, const std::string& csv) {
    return convert_file(dir.write(name, csv), mappings, {});
  }
};

std::string describe(const FileOutcome& o) {
  std::string out = std::string("status ") + file_status_name(o.status) + "; " + o.error + "\n";
  for (const auto& t : o.tables)
    out += t.range + " " + t.template_id + " " + t.table_code + " " + table_status_name(t.status) +
           ": " + t.message + "\n";
  for (const auto& d : o.diagnostics.items()) out += d.to_string() + "\n";
  return out;
}

const Fact* at(const FileOutcome& o, const std::string& cell) {
  for (const Fact& f : o.facts) {
    if (f.source_cell == cell) return &f;
  }
  return nullptr;
}

TEST(NeverLose, TheFilesFamilyWinsATableAnotherFamilyScoresHigher) {
  Fixture fx;
  ASSERT_TRUE(fx.problems.empty()) << fx.problems.front().message;
  FileOutcome o = fx.convert("file.csv",
                             "甲乙丙表,,\n表1,,\n单位：万元,,\n项目,合计,\n一、支出,1.00,\n,,\n"
                             "三公表,,\n表12,,\n单位：万元,,\n项目,年初预算数,决算数\n"
                             "一、\"三公\"经费支出,9.00,3.64\n1. 因公出国(境)费,0.00,0.00\n"
                             "4. 公务用车保有量(辆),,1.00\n");
  ASSERT_EQ(o.tables.size(), 2u) << describe(o);
  EXPECT_EQ(o.tables[1].template_id, "fam-a") << describe(o);
  EXPECT_EQ(o.tables[1].table_code, "表12") << describe(o);
  EXPECT_EQ(o.template_id, "fam-a");
  // fam-a binds no 年初预算数: kept, without a measure.
  ASSERT_NE(at(o, "B11"), nullptr) << describe(o);
  EXPECT_EQ(at(o, "B11")->measure, "");
  EXPECT_EQ(at(o, "B11")->column_label, "年初预算数");
  EXPECT_EQ(at(o, "B11")->value, "90000");
  // total_rows marks the 三公 line; the count row is a count, unscaled.
  ASSERT_NE(at(o, "C11"), nullptr);
  EXPECT_TRUE(at(o, "C11")->is_total);
  EXPECT_FALSE(at(o, "C12")->is_total);
  ASSERT_NE(at(o, "C13"), nullptr);
  EXPECT_EQ(at(o, "C13")->unit, "count");
  EXPECT_EQ(at(o, "C13")->value, "1");
  EXPECT_EQ(at(o, "C13")->raw_unit, "");
  EXPECT_EQ(o.unaccounted, 0u);
}

TEST(NeverLose, ASkippedFormNeverTakesAMoneyTableOnItsCodeAlone) {
  Fixture fx;
  MappingSet only_b;
  only_b.vocabulary = fx.mappings.vocabulary;
  only_b.families.push_back(*fx.mappings.family("fam-b"));
  only_b.families.back().tables.erase(only_b.families.back().tables.begin());
  FileOutcome o = convert_file(fx.dir.write("t12.csv",
                                            "部门支出表,\n表12,\n单位：万元,\n项目,决算数\n"
                                            "一、支出,3.64\n"),
                               only_b, {});
  ASSERT_EQ(o.tables.size(), 1u) << describe(o);
  EXPECT_NE(o.tables[0].status, TableStatus::Skipped) << describe(o);
}

TEST(NeverLose, IdenticalBlocksSideBySideBindByOccurrence) {
  Fixture fx;
  FileOutcome o =
      fx.convert("t6.csv",
                 "基本支出表,,,,,,,,\n表6,,,,,,,,\n单位：万元,,,,,,,,\n"
                 "人员经费,,,公用经费,,,公用经费,,\n"
                 "科目编码,科目名称,金额,科目编码,科目名称,金额,科目编码,科目名称,金额\n"
                 "301,工资福利支出,304.52,302,商品和服务,42.75,307,债务利息及费用支出,0.00\n"
                 "30101,基本工资,64.96,30201,办公费,4.29,310,资本性支出,1.00\n");
  ASSERT_EQ(o.tables.size(), 1u) << describe(o);
  ASSERT_EQ(o.tables[0].status, TableStatus::Converted) << describe(o);
  std::map<std::string, std::string> econ;  // cell -> econ code
  for (const Fact& f : o.facts) econ[f.source_cell] = f.econ_code + "=" + f.value;
  EXPECT_EQ(econ, (std::map<std::string, std::string>{{"C6", "301=3045200"},
                                                      {"C7", "30101=649600"},
                                                      {"F6", "302=427500"},
                                                      {"F7", "30201=42900"},
                                                      {"I6", "307=0"},
                                                      {"I7", "310=10000"}}))
      << describe(o);
  EXPECT_EQ(o.unaccounted, 0u);
}

TEST(NeverLose, AUnitLineThatNamesCountsMakesEveryValueACount) {
  Fixture fx;
  FileOutcome o = fx.convert("t10.csv",
                             "甲乙丙表,,\n表1,,\n单位：台、辆、套,,\n项目,栏次,合计\n"
                             "一、车辆数合计（台、辆）,1,1\n1. 其他用车,2,1\n");
  ASSERT_EQ(o.tables.size(), 1u) << describe(o);
  EXPECT_EQ(o.tables[0].status, TableStatus::Converted) << describe(o);
  EXPECT_EQ(o.facts.size(), 2u) << describe(o);  // 栏次 numbers the rows: no facts
  for (const Fact& f : o.facts) {
    EXPECT_EQ(f.unit, "count") << f.source_cell;
    EXPECT_EQ(f.value, "1") << f.source_cell;
    EXPECT_EQ(f.department, "") << "单位：台、辆、套 is a unit line, not a department";
  }
  EXPECT_EQ(o.numeric_cells, 4u);
  EXPECT_EQ(o.unaccounted, 0u);
}

TEST(NeverLose, AnUnreadableSheetFailsAloneNamingIt) {
  // The batch test damages a real workbook's sheet; here, the message.
  Fixture fx;
  std::vector<Sheet> sheets;
  sheets.push_back(test::make_sheet(
      {{"甲乙丙表", ""}, {"表1", ""}, {"项目", "合计"}, {"一、支出", "n:1.00"}}, {}, "好表"));
  sheets.push_back(test::make_sheet({{"x"}}, {}, "坏表"));
  FileOutcome o = convert_workbook(
      "two.xlsx",
      std::make_unique<test::MemoryWorkbook>(std::move(sheets), std::vector<std::size_t>{1}),
      fx.mappings, {});
  EXPECT_EQ(o.status, FileStatus::Warnings) << describe(o);
  EXPECT_EQ(o.fact_count(), 1u);
  bool named = false;
  for (const Diagnostic& d : o.diagnostics.items())
    named = named || (d.code == "READ-CORRUPT" && d.where.sheet == "坏表" &&
                      d.message.find("坏表") != std::string::npos);
  EXPECT_TRUE(named) << describe(o);
}

}  // namespace
}  // namespace bc
