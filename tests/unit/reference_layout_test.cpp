// converters/pipeline/reference_layout: a text dump's damaged header read with
// the family's reference layout, end to end through convert_file, with every
// repair reported. The reference layout here is a CSV blank template (any
// readable workbook serves).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "pipeline/convert_file.h"
#include "support/stage_helpers.h"

namespace bc {
namespace {

using test::ScratchDir;

const char* kFamily = R"(family: ref-fam
stage: budget
default_unit: 万元
reference_layout: ../templates/ref-fam.csv
tables:
  - code: R5
    kind: gpb_expenditure_by_function
    titles: ['一般公共预算支出表']
    keys:
      function_code: '科目编码'
      label: '科目名称'
    measures:
      - {id: total, header: '合计'}
      - {id: basic, header: '基本支出/人员经费'}
      - {id: amount, header: '基本支出/公用经费'}
      - {id: project, header: '项目支出'}
  - code: R6
    kind: gpb_expenditure_by_function
    titles: ['采购表']
    keys:
      function_code: {parts: ['科目编码/类', '科目编码/款', '科目编码/项']}
      unit_code: '单位编码'
      label: '名称'
    measures:
      - {id: total, header: '合计'}
)";

// 基本支出 spans 人员经费 and 公用经费 (carried right: a CSV has no merges).
const char* kTemplate =
    "一般公共预算支出表,,,,,\n"
    "单位：万元,,,,,\n"
    "科目编码,科目名称,合计,基本支出,,项目支出\n"
    ",,,人员经费,公用经费,\n"
    "\n"
    "采购表,,,,,\n"
    "单位：万元,,,,,\n"
    "科目编码,,,单位编码,名称,合计\n"
    "类,款,项,,,\n";

struct Fixture {
  ScratchDir dir;
  MappingSet mappings;
  std::vector<MappingProblem> problems;
  Fixture() {
    dir.write("mappings/vocabulary.yaml", test::kMiniVocabulary);
    dir.write("mappings/ref.yaml", kFamily);
    dir.write("templates/ref-fam.csv", kTemplate);
    mappings = load_mappings(dir.file("mappings"), problems);
  }
  FileOutcome convert(const std::string& text) {
    return convert_file(dir.write("dump.txt", text), mappings, ConvertOptions{});
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

const Diagnostic* find(const FileOutcome& o, const std::string& code, const std::string& cell) {
  for (const Diagnostic& d : o.diagnostics.items()) {
    if (d.code == code && d.where.cell == cell) return &d;
  }
  return nullptr;
}

const Fact* fact(const FileOutcome& o, const std::string& cell) {
  for (const Fact& f : o.facts) {
    if (f.source_cell == cell) return &f;
  }
  return nullptr;
}

TEST(ReferenceLayout, OcrDamagedHeaderIsReadWithTheReferenceAndEveryUnreadCellIsNamed) {
  Fixture fx;
  ASSERT_TRUE(fx.problems.empty()) << fx.problems.front().message;
  // Seed 003 style: a group label shifted right, strokes, an OCR re-reading of
  // the merged cells as garbage in the last header row.
  FileOutcome o = fx.convert(
      "一般公共预算支出表\n"
      "单位：万元\n"
      "科目编码\t科目名称\t合计\t\t基本支出\t│ - 项目支出\n"
      "件日细19\t符日石柳\t\t人员经费\t公用经费\t项目又出\n"
      "210\t卫生健康支出\t10.00\t4.00\t1.00\t5.00\n");
  ASSERT_EQ(o.tables.size(), 1u) << describe(o);
  EXPECT_EQ(o.tables[0].status, TableStatus::Converted) << describe(o);
  ASSERT_NE(fact(o, "D5"), nullptr) << describe(o);
  EXPECT_EQ(fact(o, "D5")->measure, "basic");
  EXPECT_EQ(fact(o, "E5")->measure, "amount");
  EXPECT_EQ(fact(o, "F5")->measure, "project");
  EXPECT_EQ(fact(o, "F5")->value, "50000");
  const Diagnostic* repaired = find(o, "LOCATE-HEADER-REPAIRED", "A1:F5");
  ASSERT_NE(repaired, nullptr) << describe(o);
  EXPECT_EQ(repaired->severity, Severity::Warning);
  for (const char* cell : {"A4", "B4", "F4"}) {
    const Diagnostic* noise = find(o, "LOCATE-HEADER-NOISE", cell);
    ASSERT_NE(noise, nullptr) << cell << "\n" << describe(o);
    EXPECT_FALSE(noise->raw_text.empty());
  }
  EXPECT_EQ(find(o, "LOCATE-HEADER-NOISE", "F3"), nullptr) << "'│ - 项目支出' is 项目支出";
}

TEST(ReferenceLayout, LastHeaderLabelOneColumnRightOfItsValuesIsMovedAndReported) {
  Fixture fx;
  FileOutcome o = fx.convert(
      "一般公共预算支出表\n"
      "单位：万元\n"
      "科目编码\t科目名称\t合计\t基本支出\t\t\t项目支出\n"
      "\t\t\t人员经费\t公用经费\n"
      "210\t卫生健康支出\t10.00\t4.00\t1.00\t5.00\n");
  ASSERT_EQ(o.tables.size(), 1u) << describe(o);
  EXPECT_EQ(o.tables[0].status, TableStatus::Converted) << describe(o);
  ASSERT_NE(fact(o, "F5"), nullptr) << describe(o);
  EXPECT_EQ(fact(o, "F5")->measure, "project");
  const Diagnostic* moved = find(o, "LOCATE-HEADER-MOVED", "G3");
  ASSERT_NE(moved, nullptr) << describe(o);
  EXPECT_EQ(moved->raw_text, "项目支出");
  // Read over its values, the table's own header binds: no reference layout needed.
  EXPECT_EQ(find(o, "LOCATE-HEADER-REALIGNED", "A1:G5"), nullptr) << describe(o);
  EXPECT_EQ(find(o, "EXTRACT-UNBOUND-COLUMN", "F5"), nullptr) << describe(o);
}

TEST(ReferenceLayout, ADifferentLayoutIsNotForcedIntoTheReference) {
  Fixture fx;
  // 公用经费 before 人员经费: the same labels in another order is another
  // layout; taking the reference's paths would swap the two measures.
  FileOutcome o = fx.convert(
      "一般公共预算支出表\n"
      "单位：万元\n"
      "科目编码\t科目名称\t合计\t\t基本支出\t项目支出\n"
      "件日细19\t\t\t公用经费\t人员经费\t\n"
      "210\t卫生健康支出\t10.00\t4.00\t1.00\t5.00\n");
  ASSERT_EQ(o.tables.size(), 1u) << describe(o);
  // The table is read with its own header as printed: 人员经费 stands over E.
  EXPECT_EQ(o.tables[0].status, TableStatus::Converted) << describe(o);
  ASSERT_NE(fact(o, "E5"), nullptr) << describe(o);
  EXPECT_EQ(fact(o, "E5")->measure, "basic");
  ASSERT_NE(fact(o, "D5"), nullptr) << describe(o);
  EXPECT_EQ(fact(o, "D5")->measure, "amount") << "公用经费 as printed over D";
  EXPECT_EQ(find(o, "LOCATE-HEADER-REALIGNED", "A1:F5"), nullptr) << describe(o);
  const Diagnostic* refused = find(o, "LOCATE-HEADER-KEPT", "A1:F5");
  ASSERT_NE(refused, nullptr) << describe(o);
  EXPECT_NE(refused->message.find("reference layout refused"), std::string::npos)
      << refused->message;
}

TEST(ReferenceLayout, JoinedCellsAreSplitInOrderAndARowThatDoesNotSplitIsReported) {
  Fixture fx;
  // Shaanxi 表11 style: the extraction joined 类/款/项 (and sometimes the unit
  // code after them) into one cell, and the header words with them.
  FileOutcome o = fx.convert(
      "采购表\n"
      "单位：万元\n"
      "科目编码 类 款 项\t单位编码\t名称\t合计\n"
      "210 11 01 611001\t\t某局\t5.00\n"
      "210 11 02\t611002\t某中心\t3.00\n"
      "210 11\t611003\t某站\t1.00\n"
      "210 11 03 7\t611004\t某所\t2.00\n");
  ASSERT_EQ(o.tables.size(), 1u) << describe(o);
  EXPECT_EQ(o.tables[0].status, TableStatus::Converted) << describe(o);
  EXPECT_NE(find(o, "LOCATE-CELLS-JOINED", "A1:D7"), nullptr) << describe(o);
  // Facts name the text cells their values came from.
  const Fact* first = fact(o, "D4");
  ASSERT_NE(first, nullptr) << describe(o);
  EXPECT_EQ(first->function_code, "2101101");
  EXPECT_EQ(first->unit_code, "611001");  // the fourth code ran on into the empty 单位编码 cell
  EXPECT_EQ(first->value, "50000");
  ASSERT_NE(fact(o, "D5"), nullptr);
  EXPECT_EQ(fact(o, "D5")->function_code, "2101102");
  EXPECT_EQ(fact(o, "D5")->unit_code, "611002");
  const Diagnostic* split = find(o, "LOCATE-CELLS-SPLIT", "A4");
  ASSERT_NE(split, nullptr) << describe(o);
  EXPECT_EQ(split->raw_text, "210 11 01 611001");
  // Two codes for three columns: which one is missing cannot be told.
  EXPECT_EQ(fact(o, "D6"), nullptr);
  const Diagnostic* short_row = find(o, "LOCATE-CELLS-UNSPLIT", "A6");
  ASSERT_NE(short_row, nullptr) << describe(o);
  EXPECT_EQ(short_row->raw_text, "210 11");
  // A code left over where the next cell is filled.
  EXPECT_EQ(fact(o, "D7"), nullptr);
  EXPECT_NE(find(o, "LOCATE-CELLS-UNSPLIT", "B7"), nullptr) << describe(o);
  EXPECT_NE(o.tables[0].message.find("2 body rows"), std::string::npos) << o.tables[0].message;
}

}  // namespace
}  // namespace bc
