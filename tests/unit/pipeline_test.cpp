// converters/pipeline: one CSV input through every stage with a small mapping.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "pipeline/convert_file.h"
#include "support/stage_helpers.h"

namespace bc {
namespace {

using test::ScratchDir;

const char* kFamily = R"(family: pipe-fam
stage: budget
default_unit: 万元
tables:
  - code: P5
    kind: gpb_expenditure_by_function
    titles: ['一般公共预算支出表']
    keys:
      function_code: '科目编码'
      label: '科目名称'
    measures:
      - {id: total, header: '合计'}
      - {id: basic, header: '基本支出'}
      - {id: project, header: '项目支出'}
  - code: P9
    kind: gpb_expenditure_by_function
    titles: ['严格支出表']
    unbound_columns: error
    keys:
      label: '科目名称'
    measures:
      - {id: total, header: '合计'}
  - code: P7
    kind: gpb_expenditure_by_function
    titles: ['按项目支出表']
    keys:
      label: '项目'
    measures:
      - {id: total, header: '合计'}
      - {id: basic, header: '基本支出'}
  - kind: perf_project
    titles: ['.*项目绩效目标表']
    skip: forms are not converted
)";

// The worked example of docs/mapping-language.md.
const char* kGoodTable =
    "一般公共预算支出表,,,,\n"
    "部门：某某局,,,,单位：万元\n"
    "科目编码,科目名称,合计,基本支出,项目支出\n"
    "210,卫生健康支出,100.00,60.00,40.00\n"
    "21011,行政事业单位医疗,100.00,60.00,40.00\n";

struct Fixture {
  ScratchDir dir;
  MappingSet mappings;
  std::vector<MappingProblem> problems;
  Fixture() {
    dir.write("mappings/vocabulary.yaml", test::kMiniVocabulary);
    dir.write("mappings/pipe.yaml", kFamily);
    mappings = load_mappings(dir.file("mappings"), problems);
  }
  FileOutcome convert(const std::string& name, const std::string& csv,
                      const ConvertOptions& options = {}) {
    return convert_file(dir.write(name, csv), mappings, options);
  }
};

std::string describe(const FileOutcome& o) {
  std::string out =
      std::string("status ") + file_status_name(o.status) + "; error: " + o.error + "\n";
  for (const auto& t : o.tables) {
    out += "table " + t.range + " '" + t.title + "' " + table_status_name(t.status) + ": " +
           t.message + "\n";
  }
  for (const auto& d : o.diagnostics.items()) out += d.to_string() + "\n";
  return out;
}

bool has_code(const FileOutcome& o, const std::string& code) {
  return std::any_of(o.diagnostics.items().begin(), o.diagnostics.items().end(),
                     [&](const Diagnostic& d) { return d.code == code; });
}

TEST(ConvertFile, WorkedExampleConverts) {
  Fixture fx;
  ASSERT_TRUE(fx.problems.empty());
  FileOutcome o = fx.convert("good.csv", kGoodTable);
  EXPECT_EQ(o.status, FileStatus::Ok) << describe(o);
  EXPECT_EQ(o.format, "csv");
  EXPECT_EQ(o.template_id, "pipe-fam");
  ASSERT_EQ(o.tables.size(), 1u) << describe(o);
  EXPECT_EQ(o.tables[0].status, TableStatus::Converted);
  EXPECT_EQ(o.tables[0].table_code, "P5");
  EXPECT_EQ(o.tables[0].facts, 6u);
  ASSERT_EQ(o.facts.size(), 6u);
  std::vector<std::string> values;
  for (const Fact& f : o.facts) values.push_back(f.function_code + "/" + f.measure + "=" + f.value);
  std::sort(values.begin(), values.end());
  EXPECT_EQ(values, (std::vector<std::string>{"210/basic=600000", "210/project=400000",
                                              "210/total=1000000", "21011/basic=600000",
                                              "21011/project=400000", "21011/total=1000000"}));
  for (const Fact& f : o.facts) {
    EXPECT_EQ(f.department, "某某局");
    EXPECT_EQ(f.is_total, f.function_code == "210") << f.source_cell;
    EXPECT_EQ(f.table_code, "P5");
  }
}

TEST(ConvertFile, AFailedTableFailsAloneAndTheOtherTablesConvert) {
  Fixture fx;
  // The first table converts; the second binds no measure to a column with
  // values under unbound_columns: error.
  std::string csv = std::string(kGoodTable) +
                    ",,,,\n"
                    "严格支出表,,,,\n"
                    "科目名称,合计,备注,,\n"
                    "卫生健康支出,5,7,,\n";
  for (std::size_t in_memory : {std::size_t{10000}, std::size_t{1}}) {
    ConvertOptions options;
    options.facts_in_memory = in_memory;  // 1: the first table's facts are spilled to disk
    FileOutcome o = fx.convert("failed.csv", csv, options);
    EXPECT_EQ(o.status, FileStatus::Warnings) << describe(o);
    EXPECT_EQ(o.fact_count(), 6u) << describe(o);
    ASSERT_EQ(o.tables.size(), 2u) << describe(o);
    EXPECT_EQ(o.tables[0].status, TableStatus::Converted);
    EXPECT_EQ(o.tables[1].status, TableStatus::Failed);
    // The failure names the table, and accounts for its numbers.
    const Diagnostic* failure = nullptr;
    for (const Diagnostic& d : o.diagnostics.items()) {
      if (d.code == "EXTRACT-UNBOUND-COLUMN") failure = &d;
    }
    ASSERT_NE(failure, nullptr) << describe(o);
    EXPECT_EQ(failure->where.cell, o.tables[1].range);
    EXPECT_EQ(o.unaccounted, 0u);
  }
}

TEST(ConvertFile, AmbiguousTableFailsTheFile) {
  Fixture fx;
  // A second family with the same title and columns makes a tie.
  std::string twin = kFamily;
  twin.replace(twin.find("pipe-fam"), 8, "twin-fam");
  fx.dir.write("mappings/twin.yaml", twin);
  fx.problems.clear();
  fx.mappings = load_mappings(fx.dir.file("mappings"), fx.problems);
  ASSERT_TRUE(fx.problems.empty());
  std::string no_code = kGoodTable;
  FileOutcome o = fx.convert("tie.csv", no_code);
  EXPECT_EQ(o.status, FileStatus::Failed) << describe(o);
  EXPECT_TRUE(o.facts.empty());
  EXPECT_TRUE(has_code(o, "MAP-AMBIGUOUS")) << describe(o);

  ConvertOptions settle;
  settle.choose.template_id = "twin-fam";
  o = fx.convert("tie.csv", no_code, settle);
  EXPECT_EQ(o.status, FileStatus::Ok) << describe(o);
  EXPECT_EQ(o.template_id, "twin-fam");
  EXPECT_EQ(o.facts.size(), 6u);
}

TEST(ConvertFile, UnrecognisedTablesAreReported) {
  Fixture fx;
  std::string other =
      "人员编制情况表,,\n"
      "类别,编制数,实有人数\n"
      "行政,12,11\n";
  FileOutcome only = fx.convert("other.csv", other);
  EXPECT_EQ(only.status, FileStatus::Failed) << describe(only);
  EXPECT_NE(only.error.find("MAP-NO-MATCH"), std::string::npos) << only.error;
  ASSERT_EQ(only.tables.size(), 1u);
  EXPECT_EQ(only.tables[0].status, TableStatus::Unrecognised);
  EXPECT_FALSE(only.tables[0].message.empty());

  // Next to a recognised table it is a warning; the recognised one converts.
  FileOutcome mixed = fx.convert("mixed.csv", std::string(kGoodTable) + ",,,,\n" + other);
  EXPECT_EQ(mixed.status, FileStatus::Warnings) << describe(mixed);
  EXPECT_EQ(mixed.facts.size(), 6u);
  EXPECT_TRUE(has_code(mixed, "MAP-NO-MATCH")) << describe(mixed);
  ASSERT_EQ(mixed.tables.size(), 2u);
  EXPECT_EQ(mixed.tables[1].status, TableStatus::Unrecognised);
}

TEST(ConvertFile, SkippedFormsAndDeclaredEmptyTables) {
  Fixture fx;
  std::string csv = std::string(kGoodTable) +
                    ",,,,\n"
                    "2024年项目绩效目标表,,,,\n"
                    "项目名称,绩效目标,,,\n"
                    "信息化建设,按期完成,,,\n"
                    ",,,,\n"
                    "一般公共预算支出表,,,,\n"
                    "科目编码,科目名称,合计,基本支出,项目支出\n"
                    "注：本表无数据,,,,\n";
  FileOutcome o = fx.convert("forms.csv", csv);
  EXPECT_EQ(o.status, FileStatus::Ok) << describe(o);
  ASSERT_EQ(o.tables.size(), 3u) << describe(o);
  EXPECT_EQ(o.tables[1].status, TableStatus::Skipped);
  EXPECT_EQ(o.tables[1].message, "forms are not converted");
  EXPECT_EQ(o.tables[2].status, TableStatus::Empty);
  EXPECT_NE(o.tables[2].message.find("本表无数据"), std::string::npos) << o.tables[2].message;
  EXPECT_EQ(o.facts.size(), 6u);
  EXPECT_TRUE(has_code(o, "MAP-SKIPPED"));
}

TEST(ConvertFile, DepartmentAndYearCarryToLaterTables) {
  Fixture fx;
  std::string csv =
      "2024年一般公共预算支出表,,,,\n"
      "部门：某某局,,,,单位：元\n"
      "科目编码,科目名称,合计,基本支出,项目支出\n"
      "210,卫生健康支出,1,1,\n"
      ",,,,\n"
      "一般公共预算支出表,,,,\n"
      "科目编码,科目名称,合计,基本支出,项目支出\n"
      "208,社会保障和就业支出,2,,2\n";
  FileOutcome o = fx.convert("carry.csv", csv);
  EXPECT_EQ(o.status, FileStatus::Ok) << describe(o);
  ASSERT_EQ(o.facts.size(), 4u) << describe(o);
  for (const Fact& f : o.facts) {
    EXPECT_EQ(f.department, "某某局") << f.source_cell;
    EXPECT_EQ(f.fiscal_year, "2024") << f.source_cell;
  }
  // The second table prints no unit: the family default (万元) applies.
  auto second = std::find_if(o.facts.begin(), o.facts.end(),
                             [](const Fact& f) { return f.function_code == "208"; });
  ASSERT_NE(second, o.facts.end());
  EXPECT_EQ(second->value, "20000");
}

TEST(ConvertFile, PlaceholderRowDoesNotLoseTheRowsBelowIt) {
  // End-to-end view of LocateTables.PlaceholderRowInsideTheBodyIsABodyRow.
  Fixture fx;
  std::string csv =
      "按项目支出表,,\n"
      "项目,合计,基本支出\n"
      "一般公共服务支出,1,1\n"
      "教育支出,—,—\n"
      "科学技术支出,2,2\n";
  FileOutcome o = fx.convert("dash.csv", csv);
  EXPECT_EQ(o.status, FileStatus::Ok) << describe(o);
  EXPECT_EQ(o.tables.size(), 1u) << describe(o);
  EXPECT_TRUE(std::any_of(o.facts.begin(), o.facts.end(), [](const Fact& f) {
    return f.row_label == "科学技术支出";
  })) << describe(o);
}

TEST(ConvertFile, NoDataRowMakesAnEmptyTableNotAFailure) {
  // End-to-end view of LocateTables.NoDataLineInsideTheTableMarksItEmpty.
  Fixture fx;
  std::string csv = std::string(kGoodTable) +
                    ",,,,\n"
                    "一般公共预算支出表,,,,\n"
                    "科目编码,科目名称,合计,基本支出,项目支出\n"
                    "本表无数据,,,,\n";
  FileOutcome o = fx.convert("nodata.csv", csv);
  EXPECT_EQ(o.status, FileStatus::Ok) << describe(o);
  ASSERT_EQ(o.tables.size(), 2u) << describe(o);
  EXPECT_EQ(o.tables[1].status, TableStatus::Empty) << describe(o);
}

TEST(ConvertFile, DetectModeChoosesWithoutExtracting) {
  Fixture fx;
  ConvertOptions detect;
  detect.extract = false;
  FileOutcome o = fx.convert("detect.csv", kGoodTable, detect);
  EXPECT_EQ(o.status, FileStatus::Ok) << describe(o);
  EXPECT_TRUE(o.facts.empty());
  ASSERT_EQ(o.tables.size(), 1u);
  EXPECT_EQ(o.tables[0].status, TableStatus::Converted);
  EXPECT_FALSE(o.tables[0].candidates.empty());
}

TEST(ConvertFile, UnreadableInputIsAFailedOutcomeNotAnException) {
  Fixture fx;
  FileOutcome missing;
  EXPECT_NO_THROW(missing = convert_file(fx.dir.file("nope.csv"), fx.mappings, {}));
  EXPECT_EQ(missing.status, FileStatus::Failed);
  EXPECT_FALSE(missing.error.empty());
  EXPECT_TRUE(missing.facts.empty());

  FileOutcome empty = fx.convert("empty.csv", "");
  EXPECT_EQ(empty.status, FileStatus::Failed) << describe(empty);
  EXPECT_FALSE(empty.error.empty());
}

}  // namespace
}  // namespace bc
