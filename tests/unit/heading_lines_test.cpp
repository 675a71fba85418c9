// Issue "Heading lines, narrative sheets and match messages": a Shanghai-style
// workbook (cover, 目录 repeating the titles, 编制部门 left and 单位 right on
// the row above the header) converts with department and unit filled, clean
// column labels, status ok, and info messages for the narrative sheets.
#include <gtest/gtest.h>

#include <string>

#include "pipeline/convert_file.h"
#include "support/stage_helpers.h"

namespace bc {
namespace {

const char* kShanghai = R"(family: shanghai-test
stage: budget
tables:
  - kind: gpb_expenditure_by_function
    titles: ['.*一般公共预算支出预算表']
    keys: {function_code: '功能分类科目编码', label: '功能分类科目名称'}
    measures:
      - {id: total, header: '合计'}
      - {id: basic, header: '基本支出'}
      - {id: project, header: '项目支出'}
)";

struct Fixture {
  test::ScratchDir dir;
  MappingSet mappings;
  std::vector<MappingProblem> problems;
  Fixture() {
    dir.write("mappings/vocabulary.yaml", test::kMiniVocabulary);
    dir.write("mappings/shanghai.yaml", kShanghai);
    mappings = load_mappings(dir.file("mappings"), problems);
  }
};

std::vector<Sheet> shanghai_workbook() {
  std::vector<Sheet> sheets;
  sheets.push_back(test::make_sheet(
      {{"上海市普陀区医疗保障局"}, {"2024年部门预算"}, {""}, {"二〇二四年二月"}}, {}, "封面"));
  sheets.push_back(test::make_sheet({{"目录"},
                                     {"1. 财务收支预算总表", "3"},
                                     {"2. 部门收入预算表", "4"},
                                     {"3. 一般公共预算支出预算表", "6"},
                                     {"4. 政府性基金支出预算表", "7"}},
                                    {}, "目录"));
  sheets.push_back(
      test::make_sheet({{"2024年一般公共预算支出预算表", "", "", "", ""},
                        {"编制部门：上海市普陀区医疗保障局", "", "", "", "单位：元"},
                        {"功能分类科目编码", "功能分类科目名称", "合计", "基本支出", "项目支出"},
                        {"210", "卫生健康支出", "n:1000.00", "n:600.00", "n:400.00"},
                        {"21011", "行政事业单位医疗", "n:1000.00", "n:600.00", "n:400.00"}},
                       {"A1:E1"}, "一般公共预算"));
  sheets.push_back(test::make_sheet({{"编制说明"},
                                     {"一、本部门2024年预算按照《预算法》及有关规定编制，收支均以元"
                                      "为单位，资金来源包括一般公共预算拨款和"
                                      "政府性基金预算拨款。"},
                                     {"二、名词解释：基本支出是指为保障机构正常运转、完成日常工作任"
                                      "务而发生的人员支出和公用支出。"}},
                                    {}, "编制说明"));
  return sheets;
}

TEST(HeadingLines, ShanghaiWorkbookConvertsCleanlyWithNarrativeSheetsAtInfo) {
  Fixture fx;
  ASSERT_TRUE(fx.problems.empty());
  FileOutcome o = convert_workbook(
      "pt.xlsx", std::make_unique<test::MemoryWorkbook>(shanghai_workbook()), fx.mappings, {});
  std::string all;
  for (const Diagnostic& d : o.diagnostics.items()) all += d.to_string() + "\n";
  EXPECT_EQ(o.status, FileStatus::Ok) << all;
  EXPECT_EQ(o.narrative_sheets, 3u) << all;
  ASSERT_EQ(o.facts.size(), 6u) << all;
  for (const Fact& f : o.facts) {
    EXPECT_EQ(f.department, "上海市普陀区医疗保障局");
    EXPECT_EQ(f.raw_unit, "元");
    EXPECT_EQ(f.fiscal_year, "2024");
    EXPECT_TRUE(f.column_label == "合计" || f.column_label == "基本支出" ||
                f.column_label == "项目支出")
        << "clean column label, no heading level: " << f.column_label;
  }
  int narrative_infos = 0;
  for (const Diagnostic& d : o.diagnostics.items()) {
    EXPECT_NE(d.severity, Severity::Warning) << d.to_string();
    narrative_infos += d.code == "LOCATE-NARRATIVE" ? 1 : 0;
  }
  EXPECT_EQ(narrative_infos, 3) << all;
}

TEST(HeadingLines, ClosestNamesOnlyCandidatesWithWhatMatched) {
  Fixture fx;
  std::vector<Sheet> sheets;
  sheets.push_back(test::make_sheet(
      {{"人员编制情况表", "", ""}, {"类别", "编制数", "实有人数"}, {"行政", "n:12", "n:11"}}, {},
      "编制"));
  FileOutcome o = convert_workbook(
      "x.xlsx", std::make_unique<test::MemoryWorkbook>(std::move(sheets)), fx.mappings, {});
  ASSERT_EQ(o.tables.size(), 1u);
  EXPECT_EQ(o.tables[0].message,
            "no table mapping matches this table; no mapping comes close (no code, title or "
            "header of any mapping matches); to start one, see the table with 'budgetconv "
            "inspect FILE' and draft a mapping with 'budgetconv mappings draft FILE --template "
            "ID'");
}

}  // namespace
}  // namespace bc
