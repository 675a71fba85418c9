// converters/locate: heading recognisers and the table locator.
#include <gtest/gtest.h>

#include <string>

#include "locate/table_locator.h"
#include "support/stage_helpers.h"

namespace bc {
namespace {

using test::make_sheet;
using Rows = std::vector<std::uint32_t>;

TEST(HeadingRecognisers, Titles) {
  EXPECT_TRUE(looks_like_title("一般公共预算支出情况表"));
  EXPECT_TRUE(looks_like_title("卢氏县医疗保障局2024年部门收支总表"));
  EXPECT_TRUE(looks_like_title("部门收支总表（2024年度）"));
  EXPECT_TRUE(looks_like_title("一般公共预算基本支出表【按经济分类】"));
  EXPECT_FALSE(looks_like_title("表5"));             // a code, not a title
  EXPECT_FALSE(looks_like_title("河南省公开01表"));  // a code, not a title
  EXPECT_FALSE(looks_like_title("注：本表为空表"));  // a footnote
  EXPECT_FALSE(looks_like_title("单位：万元"));
  EXPECT_FALSE(looks_like_title("合计"));
  EXPECT_FALSE(looks_like_title("表格说明如下"));  // 表 not at the end
  EXPECT_FALSE(looks_like_title(""));
}

TEST(HeadingRecognisers, TableCodes) {
  std::string code;
  ASSERT_TRUE(parse_table_code("YS05", code));
  EXPECT_EQ(code, "YS05");
  ASSERT_TRUE(parse_table_code("ys05", code));
  EXPECT_EQ(code, "YS05");
  ASSERT_TRUE(parse_table_code("表 5-1", code));
  EXPECT_EQ(code, "表5-1");
  ASSERT_TRUE(parse_table_code("公开01表", code));
  EXPECT_EQ(code, "公开01表");
  ASSERT_TRUE(parse_table_code("附表３", code));
  EXPECT_EQ(code, "附表3");
  code = "unchanged";
  EXPECT_FALSE(parse_table_code("YS05 一般公共预算支出表", code));
  EXPECT_FALSE(parse_table_code("合计", code));
  EXPECT_EQ(code, "unchanged");
}

TEST(HeadingRecognisers, Departments) {
  std::string name;
  ASSERT_TRUE(parse_department("部门：卢氏县医疗保障局", name));
  EXPECT_EQ(name, "卢氏县医疗保障局");
  ASSERT_TRUE(parse_department("部门名称:某某局", name));
  EXPECT_EQ(name, "某某局");
  ASSERT_TRUE(parse_department("部门（单位）：某某局", name));
  EXPECT_EQ(name, "某某局");
  // A unit declaration or a year in the same cell is not part of the name.
  ASSERT_TRUE(parse_department("部门：某某局   单位：万元", name));
  EXPECT_EQ(name, "某某局");
  ASSERT_TRUE(parse_department("编制单位：某某局2024年度", name));
  EXPECT_EQ(name, "某某局");
  EXPECT_FALSE(parse_department("单位：万元", name));
  EXPECT_FALSE(parse_department("部门收支总表", name));
  // A blank form's "部门：" line is still a department line, with no name.
  ASSERT_TRUE(parse_department("部门：", name));
  EXPECT_EQ(name, "");
}

TEST(HeadingRecognisers, DepartmentNameIsKeptAsPrinted) {
  // The canonical CSV carries text as printed (label_text.h); only the label
  // part is matched normalised. parse_department's own comment says so.
  std::string name;
  ASSERT_TRUE(parse_department("部门：卢氏县 医疗保障局（本级）", name));
  EXPECT_EQ(name, "卢氏县 医疗保障局（本级）");
}

TEST(HeadingRecognisers, YearsFootnotesAndNoData) {
  std::string year;
  ASSERT_TRUE(parse_year("2024年度", year));
  EXPECT_EQ(year, "2024");
  ASSERT_TRUE(parse_year("卢氏县2023年部门预算", year));
  EXPECT_EQ(year, "2023");
  EXPECT_FALSE(parse_year("2024", year));
  EXPECT_FALSE(parse_year("年度", year));

  EXPECT_TRUE(is_footnote_text("注：本表为空表"));
  EXPECT_TRUE(is_footnote_text("说明:数据来源"));
  EXPECT_TRUE(is_footnote_text("备注"));
  EXPECT_TRUE(is_footnote_text("注1.不含结转"));
  EXPECT_FALSE(is_footnote_text("注册资本"));
  EXPECT_FALSE(is_footnote_text("合计"));

  EXPECT_TRUE(says_no_data("本表无数据"));
  EXPECT_TRUE(says_no_data("注：本表无 数据。"));
  EXPECT_TRUE(says_no_data("说明：本表为空表"));
  EXPECT_FALSE(says_no_data("注：数据来源于决算"));
}

// A Henan YS05-like sheet: code, title, 部门 + unit line, two header rows,
// three body rows, a footnote.
Sheet ys05_sheet() {
  return make_sheet(
      {
          {"", "", "", "", "", "", "YS05"},
          {"一般公共预算支出情况表"},
          {"部门：卢氏县医疗保障局", "", "", "", "", "", "单位：万元"},
          {"科目编码", "", "", "科目名称", "合计", "基本支出", "项目支出"},
          {"类", "款", "项", "", "", "", ""},
          {"", "", "", "合计", "n:100.5", "n:60", "n:40.5"},
          {"n:210", "", "", "卫生健康支出", "n:100.5", "n:60", "n:40.5"},
          {"n:210", "n:11", "n:1", "行政单位医疗", "100.50", "60.00", "40.50"},
          {},
          {"注：本表按功能分类列示。"},
      },
      {"A2:G2", "A4:C4", "D4:D5", "E4:E5", "F4:F5", "G4:G5"});
}

TEST(LocateTables, FindsHeadingHeaderBodyAndFootnotes) {
  Sheet sheet = ys05_sheet();
  auto tables = locate_tables(sheet);
  ASSERT_EQ(tables.size(), 1u);
  const TableRegion& t = tables[0];
  EXPECT_EQ(t.code.value, "YS05");
  EXPECT_EQ(t.title(), "一般公共预算支出情况表");
  EXPECT_EQ(t.department.value, "卢氏县医疗保障局");
  EXPECT_EQ(t.unit.value, "万元");
  EXPECT_EQ(a1(t.unit.at.row, t.unit.at.col), "G3");
  EXPECT_TRUE(t.has_header);
  EXPECT_EQ(t.header_first, 3u);
  EXPECT_EQ(t.header_last, 4u);
  EXPECT_EQ(t.body_rows, (Rows{5, 6, 7}));
  ASSERT_EQ(t.footnotes.size(), 1u);
  EXPECT_EQ(t.footnotes[0].text, "注：本表按功能分类列示。");
  EXPECT_EQ(t.first_row, 0u);
  EXPECT_EQ(t.last_row, 9u);
  EXPECT_EQ(t.first_col, 0u);
  EXPECT_EQ(t.last_col, 6u);
  EXPECT_EQ(t.range_a1(), "A1:G10");
  EXPECT_FALSE(t.declared_empty);
}

TEST(LocateTables, YearFromATitleOrAYearLine) {
  Sheet titled = make_sheet({
      {"卢氏县医疗保障局2024年部门收支总表"},
      {"项目", "金额"},
      {"收入", "n:1"},
  });
  auto a = locate_tables(titled);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].year.value, "2024");

  Sheet year_line = make_sheet({
      {"部门收支总表"},
      {"2023年度", "", "单位：元"},
      {"项目", "金额"},
      {"收入", "n:1"},
  });
  auto b = locate_tables(year_line);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0].year.value, "2023");
  EXPECT_EQ(b[0].unit.value, "元");
  EXPECT_EQ(b[0].header_first, 2u);
}

TEST(LocateTables, StackedTablesAreSeparated) {
  Sheet sheet = make_sheet({
      {"部门收支总表"},
      {"单位：万元"},
      {"项目", "金额"},
      {"收入", "n:10"},
      {"支出", "n:10"},
      {},
      {"一般公共预算支出表"},
      {"单位：元"},
      {"科目", "合计"},
      {"201", "n:5"},
  });
  auto tables = locate_tables(sheet);
  ASSERT_EQ(tables.size(), 2u);
  EXPECT_EQ(tables[0].title(), "部门收支总表");
  EXPECT_EQ(tables[0].body_rows, (Rows{3, 4}));
  EXPECT_EQ(tables[0].unit.value, "万元");
  EXPECT_EQ(tables[0].last_row, 4u);
  EXPECT_EQ(tables[1].title(), "一般公共预算支出表");
  EXPECT_EQ(tables[1].header_first, 8u);
  EXPECT_EQ(tables[1].body_rows, (Rows{9}));
  EXPECT_EQ(tables[1].unit.value, "元");
  EXPECT_EQ(tables[1].first_row, 6u);
}

TEST(LocateTables, RepeatedHeaderBandIsSkipped) {
  Sheet sheet = make_sheet({
      {"一般公共预算支出表"},
      {"科目名称", "合计", "基本支出"},
      {"", "", "小计"},
      {"一般公共服务支出", "n:1", "n:1"},
      {"科目名称", "合计", "基本支出"},  // page break
      {"", "", "小计"},
      {"教育支出", "n:2", "n:2"},
  });
  auto tables = locate_tables(sheet);
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0].header_first, 1u);
  EXPECT_EQ(tables[0].header_last, 2u);
  EXPECT_EQ(tables[0].body_rows, (Rows{3, 6}));
  EXPECT_EQ(tables[0].repeated_header_rows, (Rows{4, 5}));
}

TEST(LocateTables, StackedUntitledTableSharesTheHeading) {
  Sheet sheet = make_sheet({
      {"部门收支总表"},
      {"单位：万元"},
      {"项目", "金额", "预算数"},
      {"收入", "n:10", "n:10"},
      {"科目", "合计", "基本支出"},  // a second header band under the first body
      {"201", "n:5", "n:5"},
  });
  auto tables = locate_tables(sheet);
  ASSERT_EQ(tables.size(), 2u);
  EXPECT_EQ(tables[0].body_rows, (Rows{3}));
  EXPECT_EQ(tables[1].header_first, 4u);
  EXPECT_EQ(tables[1].body_rows, (Rows{5}));
  EXPECT_EQ(tables[1].title(), "部门收支总表");
  EXPECT_EQ(tables[1].unit.value, "万元");
}

TEST(LocateTables, PlaceholderRowInsideTheBodyIsABodyRow) {
  // "—" in every value column means zero/nothing; such a row is common in
  // the middle of a body and must not start a new (untitled) table.
  Sheet sheet = make_sheet({
      {"一般公共预算支出表"},
      {"科目名称", "合计", "基本支出"},
      {"一般公共服务支出", "n:1", "n:1"},
      {"教育支出", "—", "—"},
      {"科学技术支出", "n:2", "n:2"},
  });
  auto tables = locate_tables(sheet);
  ASSERT_EQ(tables.size(), 1u) << "the placeholder row split the table";
  EXPECT_EQ(tables[0].body_rows, (Rows{2, 3, 4}));
}

TEST(LocateTables, CaptionRowBelongsToTheHeaderBand) {
  Sheet sheet = make_sheet({
      {"部门收支总表"},
      {"项目", "金额"},
      {"栏次", "1"},
      {"收入", "n:3"},
  });
  auto tables = locate_tables(sheet);
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0].header_last, 2u);
  EXPECT_EQ(tables[0].body_rows, (Rows{3}));
}

TEST(LocateTables, MovedUnitLineInsideTheBodyIsAbsorbed) {
  Sheet sheet = make_sheet({
      {"部门收支总表"},
      {"项目", "金额"},
      {"收入", "n:3"},
      {"单位：万元"},
      {"支出", "n:3"},
  });
  auto tables = locate_tables(sheet);
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0].unit.value, "万元");
  EXPECT_EQ(tables[0].body_rows, (Rows{2, 4}));
}

TEST(LocateTables, NoDataFootnoteMarksTheTableEmpty) {
  Sheet sheet = make_sheet({
      {"政府性基金预算支出表"},
      {"单位：万元"},
      {"科目名称", "合计"},
      {"注：本表无数据。"},
  });
  auto tables = locate_tables(sheet);
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_TRUE(tables[0].declared_empty);
  EXPECT_TRUE(tables[0].body_rows.empty());
  EXPECT_EQ(tables[0].header_first, 2u);
  EXPECT_EQ(tables[0].header_last, 2u);
}

TEST(LocateTables, TitleWithOnlyANoDataNoteIsKept) {
  Sheet sheet = make_sheet({
      {"国有资本经营预算支出表"},
      {"注：本表无数据"},
  });
  auto tables = locate_tables(sheet);
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_TRUE(tables[0].declared_empty);
  EXPECT_FALSE(tables[0].has_header);
}

TEST(LocateTables, NoDataLineInsideTheTableMarksItEmpty) {
  // Bureaus often print 本表无数据 as a row of the table itself, not as a 注.
  // docs/mapping-language.md: "A note saying 本表无数据 marks the table empty."
  Sheet sheet = make_sheet({
      {"政府性基金预算支出表"},
      {"单位：万元"},
      {"科目名称", "合计"},
      {"本表无数据"},
  });
  auto tables = locate_tables(sheet);
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_TRUE(tables[0].declared_empty);
  // The note must not become part of the header band (it would become the
  // last header level of column A and break binding).
  EXPECT_EQ(tables[0].header_last, 2u);
}

TEST(LocateTables, RequireHeadingSkipsNarrativeText) {
  Sheet sheet = make_sheet({
      {"一、部门主要职责"},
      {"负责全县医疗保障工作。"},
      {},
      {"部门收支总表"},
      {"项目", "金额"},
      {"收入", "n:1"},
  });
  LocateOptions options;
  options.require_heading = true;
  auto tables = locate_tables(sheet, options);
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0].title(), "部门收支总表");
  EXPECT_EQ(tables[0].body_rows, (Rows{5}));
  // Without the option the narrative lines form a table of their own.
  EXPECT_GT(locate_tables(sheet).size(), 1u);
}

TEST(LocateTables, HeaderBandIsCappedByMaxHeaderRows) {
  Sheet sheet = make_sheet({
      {"部门收支总表"},
      {"a"},
      {"b"},
      {"c"},
      {"d", "n:1"},
  });
  LocateOptions options;
  options.max_header_rows = 2;
  auto tables = locate_tables(sheet, options);
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0].header_first, 1u);
  EXPECT_EQ(tables[0].header_last, 2u);
  EXPECT_EQ(tables[0].body_rows, (Rows{3, 4}));
}

TEST(LocateTables, HiddenColumnsAreIgnoredAndEmptySheetHasNoTables) {
  EXPECT_TRUE(locate_tables(make_sheet({})).empty());
  SheetBuilder builder("S");
  builder.add_text(0, 0, "部门收支总表");
  builder.add_text(1, 0, "项目");
  builder.add_text(1, 1, "金额");
  builder.add(2, 0, CellType::Text, "收入", "收入");
  builder.add(2, 1, CellType::Number, "1", "1");
  builder.add_text(2, 5, "隐藏的注释列");
  builder.meta().hidden_columns = {5};
  auto tables = locate_tables(builder.finish());
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0].last_col, 1u);
}

TEST(LocateTables, DepartmentLineBeginningWithYuanIsNotAUnit) {
  // 元氏县 (Hebei), 元宝山区 (Inner Mongolia): a 单位 line naming such a
  // bureau declares no unit, so the family default must apply.
  Sheet sheet = make_sheet({
      {"一般公共预算支出表"},
      {"单位：元氏县卫生健康局"},
      {"科目名称", "合计"},
      {"卫生健康支出", "n:1"},
  });
  auto tables = locate_tables(sheet);
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0].department.value, "元氏县卫生健康局");
  EXPECT_EQ(tables[0].unit.value, "") << "read the department line as a unit declaration";
}

TEST(LocateTables, VeryLongCellTextDoesNotCrash) {
  // Readers allow one cell's text up to 1 MiB (ReadLimits::max_string_bytes).
  // std::regex recursion over such text must not overflow the stack.
  std::string long_text = "部门：";
  for (int i = 0; i < 50000; ++i) long_text += "x";
  EXPECT_EXIT(
      {
        Sheet sheet =
            make_sheet({{"部门收支总表"}, {long_text}, {"项目", "金额"}, {"收入", "n:1"}});
        auto tables = locate_tables(sheet);
        std::exit(tables.size() == 1 ? 0 : 3);
      },
      ::testing::ExitedWithCode(0), "");
}

TEST(HeadingRecognisers, ListItemsAndDocumentPartsAreNoTitles) {
  // Tables of contents name tables; they head none.
  EXPECT_FALSE(looks_like_title("- 表 1. 部门收支总表"));
  EXPECT_FALSE(looks_like_title("- 十二、项目支出绩效目标表"));
  EXPECT_FALSE(looks_like_title("• 部门收支总表"));
  EXPECT_FALSE(looks_like_title("第五部分：部门预算公开报表"));
  EXPECT_FALSE(looks_like_title("第2部分 部门预算表"));
  EXPECT_TRUE(looks_like_title("部门综合预算收入总表"));
  EXPECT_TRUE(looks_like_title("一、部门收支总表"));
}

TEST(LocateTables, DepartmentNameSplitOverCellsIsStillAHeadingLine) {
  // Seed 003 L136: OCR split the name over two cells; the unit sits at the end.
  Sheet sheet = make_sheet({
      {"表2"},
      {"收入总表"},
      {"部门/单位:", "武汉市东西湖区医疗伤", "R 障局", "", "", "单位: 万元"},
      {"单位代码", "单位名称", "合计", "本年收入", "", "上年结转"},
      {"026001", "武汉市东西湖区医疗保障局", "3311.22", "3311.22", "", ""},
  });
  auto tables = locate_tables(sheet, LocateOptions{true, 6, {}});
  ASSERT_EQ(tables.size(), 1u);
  const TableRegion& t = tables[0];
  EXPECT_EQ(t.department.value, "武汉市东西湖区医疗伤R 障局");
  EXPECT_EQ(t.unit.value, "万元");
  EXPECT_EQ(t.header_first, 3u);
  EXPECT_EQ(t.header_last, 3u);
  EXPECT_EQ(t.body_rows, (Rows{4}));
}

TEST(LocateTables, DepartmentLabelBeforeAmountsIsNoHeadingLine) {
  // "单位：| 611001 | 12.50" is a body row of a unit column, not a 部门 line.
  Sheet sheet = make_sheet({
      {"部门收入总表"},
      {"单位编码", "单位名称", "合计"},
      {"单位:", "某局", "12.50"},
  });
  auto tables = locate_tables(sheet);
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0].department.value, "");
  EXPECT_EQ(tables[0].body_rows, (Rows{2}));
}

}  // namespace
}  // namespace bc
