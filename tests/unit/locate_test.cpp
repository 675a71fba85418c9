// converters/locate: heading recognisers and the table locator.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>

#include "headers/header_flattener.h"
#include "locate/table_locator.h"
#include "mapping/mapping_spec.h"
#include "read/workbook.h"
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

TEST(LocateTables, HiddenColumnsAreReadLikeOthersAndEmptySheetHasNoTables) {
  EXPECT_TRUE(locate_tables(make_sheet({})).empty());
  SheetBuilder builder("S");
  builder.add_text(0, 0, "部门收支总表");
  builder.add_text(1, 0, "项目");
  builder.add_text(1, 1, "金额");
  builder.add(2, 0, CellType::Text, "收入", "收入");
  builder.add(2, 1, CellType::Number, "1", "1");
  builder.add(2, 5, CellType::Number, "7", "7");
  builder.meta().hidden_columns = {5};
  // A bureau hides a column it still publishes: its number belongs to the table.
  auto tables = locate_tables(builder.finish());
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0].last_col, 5u);
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

// ---------------------------------------------------------------------------
// Structure rows and columns (栏次, 行次, column numbers): never data.

using Path = std::vector<std::string>;

const ColumnHeader* header_at(const std::vector<ColumnHeader>& headers, std::uint32_t col) {
  for (const ColumnHeader& h : headers) {
    if (h.col == col) return &h;
  }
  return nullptr;
}

TEST(LocateStructure, StructureCellRecognisers) {
  EXPECT_TRUE(is_structure_label("栏次"));
  EXPECT_TRUE(is_structure_label("栏 次"));
  EXPECT_TRUE(is_structure_label("行次"));
  EXPECT_FALSE(is_structure_label("序号"));
  EXPECT_TRUE(is_column_number_text("1"));
  EXPECT_TRUE(is_column_number_text("12"));
  EXPECT_TRUE(is_column_number_text("4=2+3"));
  EXPECT_TRUE(is_column_number_text("甲"));
  EXPECT_FALSE(is_column_number_text("0"));
  EXPECT_FALSE(is_column_number_text("1.5"));
  EXPECT_FALSE(is_column_number_text("2024"));
  EXPECT_FALSE(is_column_number_text("类"));
}

// Jiangxi 公开02 (seed 001): 类 | 款 | 项 share the 栏次 row with the column
// numbers, under one 支出功能分类科目编码 header.
test::Rows jiangxi_income_rows() {
  return {
      {"收入决算表"},
      {"公开 02 表"},
      {"部门:湖口县医疗保障局"},
      {"2024 年度", "", "", "", "", "金额单位:万元"},
      {"支出功能分类科目编码", "", "", "科目名称", "本年收入合计", "财政拨款收入"},
      {"类", "款", "项", "栏次", "n:1", "n:2"},
      {"", "", "", "合计", "7836.48", "7836.48"},
      {"n:210", "n:11", "n:1", "行政单位医疗", "44.06", "44.06"},
  };
}

TEST(LocateStructure, LanciRowWithCodeLabelsClosesTheHeaderBand) {
  for (bool merged : {true, false}) {
    SCOPED_TRACE(merged ? "merged" : "merges lost (CSV)");
    Sheet sheet = merged ? make_sheet(jiangxi_income_rows(), {"A5:C5", "D5:D5"})
                         : make_sheet(jiangxi_income_rows());
    auto tables = locate_tables(sheet);
    ASSERT_EQ(tables.size(), 1u);
    const TableRegion& t = tables[0];
    EXPECT_EQ(t.code.value, "公开02表");
    EXPECT_EQ(t.unit.value, "万元");
    EXPECT_EQ(t.header_first, 4u);
    EXPECT_EQ(t.header_last, 5u);
    EXPECT_EQ(t.structure_rows, (Rows{5}));
    EXPECT_EQ(t.body_rows, (Rows{6, 7}));
    auto headers = flatten_headers(sheet, t);
    ASSERT_EQ(headers.size(), 6u);
    // Three distinct paths for the split code, no "栏次" and no column numbers.
    EXPECT_EQ(header_at(headers, 0)->path, (Path{"支出功能分类科目编码", "类"}));
    EXPECT_EQ(header_at(headers, 1)->path, (Path{"支出功能分类科目编码", "款"}));
    EXPECT_EQ(header_at(headers, 2)->path, (Path{"支出功能分类科目编码", "项"}));
    EXPECT_EQ(header_at(headers, 3)->path, (Path{"科目名称"}));
    EXPECT_EQ(header_at(headers, 4)->path, (Path{"本年收入合计"}));
    EXPECT_EQ(header_at(headers, 5)->path, (Path{"财政拨款收入"}));
  }
}

TEST(LocateStructure, SpacedLanciRowAndRowColumnsOfATwoSidedTable) {
  // Jiangxi 公开01: 行次 columns on both sides, "栏 次" rows of column numbers.
  Sheet sheet = make_sheet({
      {"收入支出决算总表"},
      {"项目", "行次", "金额", "项目（按功能分类）", "行次", "金额"},
      {"栏 次", "", "n:1", "栏 次", "", "n:2"},
      {"一、一般公共预算财政拨款收入", "n:1", "7,836.48", "一、一般公共服务支出", "n:32", ""},
      {"", "n:2", "", "九、卫生健康支出", "n:40", "7,836.48"},
      {"总计", "n:3", "7,836.48", "总计", "n:62", "7,836.48"},
  });
  auto tables = locate_tables(sheet);
  ASSERT_EQ(tables.size(), 1u);
  const TableRegion& t = tables[0];
  EXPECT_EQ(t.header_last, 2u);
  EXPECT_EQ(t.structure_rows, (Rows{2}));
  EXPECT_EQ(t.body_rows, (Rows{3, 4, 5}));
  EXPECT_EQ(t.structure_columns, (Rows{1, 4}));
  auto headers = flatten_headers(sheet, t);
  EXPECT_EQ(header_at(headers, 0)->path, (Path{"项目"}));
  EXPECT_EQ(header_at(headers, 2)->path, (Path{"金额"}));
  EXPECT_TRUE(header_at(headers, 1)->structure);
  EXPECT_TRUE(header_at(headers, 4)->structure);
  EXPECT_FALSE(header_at(headers, 0)->structure);
  EXPECT_FALSE(header_at(headers, 2)->structure);
}

TEST(LocateStructure, UnlabelledRowOfColumnNumbersBelongsToTheHeaderBand) {
  Sheet sheet = make_sheet({
      {"财政拨款“三公”经费支出表"},
      {"项目", "年初预算数", "全年预算数", "决算数"},
      {"", "n:1", "n:2", "n:3"},
      {"合计", "9.00", "3.92", "3.64"},
      {"1.因公出国（境）费", "0.00", "0.00", "0.00"},
  });
  auto tables = locate_tables(sheet);
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0].header_last, 2u);
  EXPECT_EQ(tables[0].structure_rows, (Rows{2}));
  EXPECT_EQ(tables[0].body_rows, (Rows{3, 4}));
  auto headers = flatten_headers(sheet, tables[0]);
  EXPECT_EQ(header_at(headers, 1)->path, (Path{"年初预算数"}));
}

TEST(LocateStructure, NumbersInABodyRowAreNoStructureRow) {
  // A count table: "1 | 2 | 3" after a label is a body row, not column numbers.
  Sheet sheet = make_sheet({
      {"国有资产占用情况表"},
      {"项目", "行次", "决算数"},
      {"车辆数合计", "n:1", "n:2"},
      {"其他用车", "n:2", "n:3"},
  });
  auto tables = locate_tables(sheet);
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_TRUE(tables[0].structure_rows.empty());
  EXPECT_EQ(tables[0].body_rows, (Rows{2, 3}));
  EXPECT_EQ(tables[0].structure_columns, (Rows{1}));
}

TEST(LocateStructure, SequenceColumnHoldingAmountsIsNoStructureColumn) {
  // The header says 序号 but the column holds amounts: the header is shifted,
  // the column is not a row number.
  Sheet sheet = make_sheet({
      {"项目支出表"},
      {"序号", "项目名称", "金额"},
      {"n:1", "会议费", "12.50"},
      {"n:2", "培训费", "3.00"},
  });
  auto tables = locate_tables(sheet);
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0].structure_columns, (Rows{0}));
  Sheet shifted = make_sheet({
      {"项目支出表"},
      {"项目名称", "序号"},
      {"会议费", "12.50"},
  });
  auto t2 = locate_tables(shifted);
  ASSERT_EQ(t2.size(), 1u);
  EXPECT_TRUE(t2[0].structure_columns.empty());
}

TEST(LocateStructure, RepeatedHeaderBandWithALanciRowIsSkipped) {
  Sheet sheet = make_sheet({
      {"一般公共预算财政拨款支出决算表"},
      {"科目名称", "本年支出合计", "基本支出"},
      {"栏次", "n:1", "n:2"},
      {"卫生健康支出", "n:10", "n:10"},
      {"科目名称", "本年支出合计", "基本支出"},  // page break
      {"栏次", "n:1", "n:2"},
      {"行政运行", "n:3", "n:3"},
      {"栏次", "n:1", "n:2"},  // the 栏次 row alone at a second break
      {"一般行政管理事务", "n:4", "n:4"},
  });
  auto tables = locate_tables(sheet);
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0].header_last, 2u);
  EXPECT_EQ(tables[0].body_rows, (Rows{3, 6, 8}));
  EXPECT_EQ(tables[0].repeated_header_rows, (Rows{4, 5}));
  EXPECT_EQ(tables[0].structure_rows, (Rows{2, 5, 7}));
}

// ---------------------------------------------------------------------------
// Blank rows: a blank first body row or a blank 合计 row stays body.

TEST(LocateBlankRows, BlankTotalRowOfAnEmptyTableIsBody) {
  // Seed 001 公开07/公开08 as a workbook prints them: an empty table, a 合计
  // row with nothing in the value columns, numbered notes.
  Sheet sheet = make_sheet({
      {"国有资本经营预算财政拨款支出决算表"},
      {"公开08表"},
      {"部门：湖口县医疗保障局", "", "", "", "", "", "金额单位：万元"},
      {"支出功能分类科目编码", "", "", "科目名称", "合计", "基本支出", "项目支出"},
      {"类", "款", "项", "", "", "", ""},
      {"", "", "", "合计", "", "", ""},
      {"注：1. 本表反映部门（单位）本年度国有资本经营预算财政拨款支出情况。"},
      {"2. 当此表数据为空时，即本部门（单位）无国有资本经营预算财政拨款支出。"},
  });
  for (bool merged : {false, true}) {
    SCOPED_TRACE(merged ? "merged" : "merges lost");
    Sheet s =
        merged
            ? make_sheet(
                  {
                      {"国有资本经营预算财政拨款支出决算表"},
                      {"公开08表"},
                      {"部门：湖口县医疗保障局", "", "", "", "", "", "金额单位：万元"},
                      {"支出功能分类科目编码", "", "", "科目名称", "合计", "基本支出", "项目支出"},
                      {"类", "款", "项", "", "", "", ""},
                      {"", "", "", "合计", "", "", ""},
                      {"注：1. 本表反映部门（单位）本年度国有资本经营预算财政拨款支出情况。"},
                      {"2. 当此表数据为空时，即本部门（单位）无国有资本经营预算财政拨款支出。"},
                  },
                  {"A4:C4", "D4:D5", "E4:E5", "F4:F5", "G4:G5"})
            : make_sheet({});
    const Sheet& use = merged ? s : sheet;
    auto tables = locate_tables(use);
    ASSERT_EQ(tables.size(), 1u) << "the second note line became a table";
    const TableRegion& t = tables[0];
    EXPECT_EQ(t.header_first, 3u);
    EXPECT_EQ(t.header_last, 4u);
    EXPECT_EQ(t.body_rows, (Rows{5}));
    ASSERT_EQ(t.footnotes.size(), 2u);
    EXPECT_EQ(t.footnotes[1].text.substr(0, 2), "2.");
    auto headers = flatten_headers(use, t);
    EXPECT_EQ(header_at(headers, 3)->path, (Path{"科目名称"}));
    EXPECT_EQ(header_at(headers, 1)->path, (Path{"支出功能分类科目编码", "款"}));
  }
}

TEST(LocateBlankRows, BlankTotalRowAfterALanciRowIsBody) {
  // Seed 001 公开07 as the text dump prints it.
  Sheet sheet = make_sheet({
      {"政府性基金预算财政拨款收入支出决算表"},
      {"公开07表"},
      {"项目", "", "", "", "年初结转和结余", "本年收入", "本年支出"},
      {"支出功能分类科目编码", "", "", "科目名称", "", "", "小计"},
      {"类", "款", "项", "栏次", "n:1", "n:2", "n:3"},
      {"", "", "", "合计", "", "", ""},
      {"注：本表无数据。"},
  });
  auto tables = locate_tables(sheet);
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0].header_last, 4u);
  EXPECT_EQ(tables[0].structure_rows, (Rows{4}));
  EXPECT_EQ(tables[0].body_rows, (Rows{5}));
  EXPECT_TRUE(tables[0].declared_empty);
}

TEST(LocateBlankRows, BlankTotalRowInTheFirstColumnIsBody) {
  Sheet sheet = make_sheet({
      {"政府性基金预算支出表"},
      {"单位：万元"},
      {"项目", "本年收入", "本年支出"},
      {"合计", "", ""},
  });
  auto tables = locate_tables(sheet);
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0].header_last, 2u);
  EXPECT_EQ(tables[0].body_rows, (Rows{3}));
}

TEST(LocateBlankRows, BlankFirstBodyRowIsBody) {
  Sheet sheet = make_sheet({
      {"一般公共预算支出表"},
      {"科目名称", "合计", "基本支出"},
      {"一般公共服务支出", "", ""},
      {"行政运行", "1.00", "1.00"},
  });
  auto tables = locate_tables(sheet);
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0].header_last, 1u);
  EXPECT_EQ(tables[0].body_rows, (Rows{2, 3}));
}

TEST(LocateBlankRows, SubHeaderRowsStayInTheHeaderBand) {
  // 小计 under a group label, 类/款/项 under 科目编码 (merges lost), and a
  // 小计 in the first column with labels over the value columns (seed 004
  // 表2): all header rows, though they hold no values.
  Sheet sheet = make_sheet({
      {"一般公共预算支出表"},
      {"科目编码", "", "", "科目名称", "合计", "基本支出", "", "项目支出"},
      {"类", "款", "项", "", "", "小计", "人员经费", ""},
      {"n:201", "", "", "一般公共服务支出", "3.00", "2.00", "2.00", "1.00"},
  });
  auto tables = locate_tables(sheet);
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0].header_last, 2u);
  EXPECT_EQ(tables[0].body_rows, (Rows{3}));

  Sheet shaanxi = make_sheet({
      {"部门综合预算收入总表"},
      {"单位编码", "单位名称", "合计", "部门预算"},
      {"小计", "", "", "其中：专项资金列入部门预算项目"},
      {"", "合计", "12.00", "11.00"},
  });
  auto t2 = locate_tables(shaanxi);
  ASSERT_EQ(t2.size(), 1u);
  EXPECT_EQ(t2[0].header_last, 2u);
  EXPECT_EQ(t2[0].body_rows, (Rows{3}));
}

TEST(LocateBlankRows, OrdinalFirstCellIsBody) {
  Sheet sheet = make_sheet({
      {"部门收支总表"},
      {"项目", "预算数"},
      {"一、一般公共预算拨款收入", ""},
      {"(一)财政拨款", "n:1"},
  });
  auto tables = locate_tables(sheet);
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0].header_last, 1u);
  EXPECT_EQ(tables[0].body_rows, (Rows{2, 3}));
}

// ---------------------------------------------------------------------------
// Footnotes.

TEST(LocateFootnotes, NumberedAndMultiLineNotesBelongToTheTable) {
  const std::vector<std::vector<std::string>> notes = {
      {"注：1. 本表反映部门本年度的总收支。", "2. 本套报表金额单位转换时可能存在尾数误差。"},
      {"注: 1. 本表反映部门本年度的总收支。", "2、当此表数据为空时，即本部门无相关支出"},
      {"- 注: 1. 本表反映部门本年度的总收支。", " - 2. 当此表数据为空时,即本部门无相关支出"},
      {"说明：本表反映部门本年度的总收支。", "数据来源于部门决算报表。"},
      {"备注：", "(1) 本表金额单位为万元"},
      {"注:1.本表反映部门本年度的总收支。", "^{2.} 本套报表金额单位转换时可能存在尾数误差。"},
  };
  for (const auto& pair : notes) {
    SCOPED_TRACE(pair[0] + " / " + pair[1]);
    Sheet sheet = make_sheet({
        {"部门收支总表"},
        {"项目", "金额"},
        {"收入", "n:3"},
        {pair[0]},
        {pair[1]},
    });
    auto tables = locate_tables(sheet);
    ASSERT_EQ(tables.size(), 1u) << "the second note line became a table";
    ASSERT_EQ(tables[0].footnotes.size(), 2u);
    EXPECT_EQ(tables[0].footnotes[1].at.row, 4u);
    EXPECT_EQ(tables[0].body_rows, (Rows{2}));
    EXPECT_EQ(tables[0].last_row, 4u);
  }
  EXPECT_TRUE(is_note_line("- 注: 1. 本表反映"));
  EXPECT_TRUE(is_note_line("注:本表"));
  EXPECT_FALSE(is_note_line("注册资本"));
}

TEST(LocateFootnotes, ATableAfterTheNotesIsStillATable) {
  Sheet sheet = make_sheet({
      {"部门收支总表"},
      {"项目", "金额"},
      {"收入", "n:3"},
      {"注：1. 本表反映部门本年度的总收支。"},
      {"项目", "金额"},  // untitled table right after the note
      {"支出", "n:3"},
  });
  auto tables = locate_tables(sheet);
  ASSERT_EQ(tables.size(), 2u);
  EXPECT_EQ(tables[0].footnotes.size(), 1u);
  EXPECT_EQ(tables[1].header_first, 4u);
}

// ---------------------------------------------------------------------------
// Units that are not money.

TEST(LocateUnits, CountUnitDeclarations) {
  EXPECT_EQ(find_count_unit_declaration("单位：台、辆、套").value_or("-"), "台、辆、套");
  EXPECT_EQ(find_count_unit_declaration("单位: 台、辆、套").value_or("-"), "台、辆、套");
  EXPECT_EQ(find_count_unit_declaration("单位：人").value_or("-"), "人");
  EXPECT_EQ(find_count_unit_declaration("单位:个").value_or("-"), "个");
  EXPECT_EQ(find_count_unit_declaration("（单位：人）").value_or("-"), "人");
  EXPECT_EQ(find_count_unit_declaration("计量单位：台/套").value_or("-"), "台/套");
  // Only units the extractor reads as counts (normalise/units.h is_count_unit).
  EXPECT_FALSE(find_count_unit_declaration("单位：亩"));
  EXPECT_FALSE(find_count_unit_declaration("单位：万元"));
  EXPECT_FALSE(find_count_unit_declaration("单位：元氏县卫生健康局"));
  EXPECT_FALSE(find_count_unit_declaration("单位名称"));
  std::string name;
  EXPECT_FALSE(parse_department_line("单位：台、辆、套", name));
  EXPECT_FALSE(parse_department_line("单位：人", name));
  EXPECT_TRUE(parse_department_line("单位：元氏县卫生健康局", name));
}

TEST(LocateUnits, CountUnitLineIsAUnitNeverTheDepartment) {
  for (const char* line : {"单位：台、辆、套", "单位: 台、辆、套", "单位：人", "单位：个"}) {
    SCOPED_TRACE(line);
    Sheet sheet = make_sheet({
        {"国有资产占用情况表"},
        {"公开10表"},
        {"部门：湖口县医疗保障局"},
        {"2024 年度"},
        {line},
        {"项目", "行次", "决算数"},
        {"一、车辆数合计", "n:1", "n:1"},
    });
    auto tables = locate_tables(sheet);
    ASSERT_EQ(tables.size(), 1u);
    const TableRegion& t = tables[0];
    EXPECT_EQ(t.department.value, "湖口县医疗保障局");
    EXPECT_EQ(t.unit.text, line);
    EXPECT_NE(t.unit.value, "");
    EXPECT_TRUE(t.unit_not_money);
    EXPECT_EQ(t.header_first, 5u);
  }
  Sheet money =
      make_sheet({{"部门收支总表"}, {"金额单位：万元"}, {"项目", "金额"}, {"收入", "n:1"}});
  auto m = locate_tables(money);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].unit.value, "万元");
  EXPECT_FALSE(m[0].unit_not_money);
}

// ---------------------------------------------------------------------------
// Heading lines.

TEST(LocateHeadingLines, DepartmentLineForms) {
  const std::vector<std::pair<std::string, std::string>> lines = {
      {"部门：某某局", "某某局"},
      {"部门名称：某某局", "某某局"},
      {"部门/单位：某某局", "某某局"},
      {"编制部门：上海市普陀区医疗保障局", "上海市普陀区医疗保障局"},
      {"编制单位：某某局", "某某局"},
      {"填报单位:某某局", "某某局"},
      {"单位名称：某某局", "某某局"},
      {"预算单位：某某局", "某某局"},
      {"部门（单位）：某某局", "某某局"},
      {"主管部门：某某局", "某某局"},
      {"编制部门：某某局    单位：元", "某某局"},
      {"部门：某某局 金额单位：万元", "某某局"},
      {"编制单位：某某局 2024年度", "某某局"},
      {"编制部门：某某局  2024年度  单位：万元", "某某局"},
  };
  for (const auto& [line, want] : lines) {
    std::string name;
    ASSERT_TRUE(parse_department_line(line, name)) << line;
    EXPECT_EQ(name, want) << line;
  }
  std::string name;
  EXPECT_FALSE(parse_department_line("单位：万元", name));
  EXPECT_FALSE(parse_department_line("部门收支总表", name));
  EXPECT_FALSE(parse_department_line("编制说明：本表", name));
}

TEST(LocateHeadingLines, DepartmentLeftUnitRightAboveTheHeader) {
  // Shanghai 普陀: 编制部门 left and 单位：元 right, in one row or in two rows.
  const std::vector<test::Rows> layouts = {
      {
          {"一般公共预算支出功能分类预算表"},
          {"编制部门：上海市普陀区医疗保障局", "", "", "单位：元"},
          {"功能分类科目编码", "功能分类科目名称", "合计", "基本支出"},
          {"n:210", "卫生健康支出", "100.00", "60.00"},
      },
      {
          {"一般公共预算支出功能分类预算表"},
          {"", "", "", "单位：元"},
          {"编制部门：上海市普陀区医疗保障局"},
          {"功能分类科目编码", "功能分类科目名称", "合计", "基本支出"},
          {"n:210", "卫生健康支出", "100.00", "60.00"},
      },
      {
          {"一般公共预算支出功能分类预算表"},
          {"编制部门：上海市普陀区医疗保障局  2024年度  单位：元"},
          {"功能分类科目编码", "功能分类科目名称", "合计", "基本支出"},
          {"n:210", "卫生健康支出", "100.00", "60.00"},
      },
  };
  for (const test::Rows& rows : layouts) {
    Sheet sheet = make_sheet(rows);
    auto tables = locate_tables(sheet);
    ASSERT_EQ(tables.size(), 1u);
    const TableRegion& t = tables[0];
    EXPECT_EQ(t.department.value, "上海市普陀区医疗保障局");
    EXPECT_EQ(t.unit.value, "元");
    EXPECT_EQ(t.header_first, rows.size() - 2);
    EXPECT_EQ(t.header_last, rows.size() - 2);
    auto headers = flatten_headers(sheet, t);
    EXPECT_EQ(header_at(headers, 0)->path, (Path{"功能分类科目编码"}));
    EXPECT_EQ(header_at(headers, 3)->path, (Path{"基本支出"}));
  }
}

TEST(LocateHeadingLines, CodeAndUnitInOneCell) {
  // Seed 001 公开04: "公开 04 表 金额单位:万元".
  Sheet sheet = make_sheet({
      {"财政拨款收入支出决算总表"},
      {"部门: 湖口县医疗保障局"},
      {"2024 年度"},
      {"公开 04 表 金额单位:万元"},
      {"项目", "金额"},
      {"一般公共预算财政拨款", "7,836.48"},
  });
  auto tables = locate_tables(sheet);
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0].code.value, "公开04表");
  EXPECT_EQ(tables[0].unit.value, "万元");
  EXPECT_EQ(tables[0].year.value, "2024");
  EXPECT_EQ(tables[0].header_first, 4u);
}

HeadingLinePatterns family_heading_lines() {
  HeadingLinePatterns h;
  h.department.emplace_back("编制机关");
  h.unit.emplace_back("计量");
  h.year.emplace_back(R"(预算年度:\d{4})");
  h.code.emplace_back(R"(附件\d+)");
  return h;
}

TEST(LocateHeadingLines, FamilyPatternsAddHeadingLines) {
  Sheet sheet = make_sheet({
      {"附件3"},
      {"部门收支总表"},
      {"编制机关：某某局", "", "计量：人"},
      {"预算年度：2024"},
      {"项目", "人数"},
      {"在职人员", "n:18"},
  });
  LocateOptions options;
  options.heading_lines = family_heading_lines();
  auto tables = locate_tables(sheet, options);
  ASSERT_EQ(tables.size(), 1u);
  const TableRegion& t = tables[0];
  EXPECT_EQ(t.code.value, "附件3");
  EXPECT_EQ(t.department.value, "某某局");
  EXPECT_EQ(t.unit.value, "人");
  EXPECT_TRUE(t.unit_not_money);
  EXPECT_EQ(t.year.value, "2024");
  EXPECT_EQ(t.header_first, 4u);
  // Without the family's patterns those lines are not heading lines.
  auto plain = locate_tables(sheet);
  ASSERT_FALSE(plain.empty());
  EXPECT_EQ(plain.back().department.value, "");
}

TEST(LocateHeadingLines, LoadedFromAFamilyFileAndUnitedOverFamilies) {
  test::ScratchDir dir;
  std::vector<MappingProblem> problems;
  dir.write("vocabulary.yaml", test::kMiniVocabulary);
  dir.write("fam.yaml", R"(family: fam
stage: budget
default_unit: 万元
heading_lines:
  department: ['编制机关']
  unit: ['计量']
  year: ['预算年度:\d{4}']
  code: ['附件\d+']
tables:
  - code: 附件3
    kind: summary_income_expenditure
    titles: ['部门收支总表']
    keys: {label: 项目}
    measures: [{id: total, header: 人数, unit: count}]
)");
  MappingSet set = load_mappings(dir.path().string(), problems);
  EXPECT_TRUE(problems.empty()) << (problems.empty() ? "" : problems[0].message);
  const FamilySpec* family = set.family("fam");
  ASSERT_NE(family, nullptr);
  EXPECT_EQ(family->heading_lines.department.size(), 1u);
  EXPECT_EQ(family->heading_lines.code.front().source(), R"(附件\d+)");
  HeadingLinePatterns united;
  united.append(family->heading_lines);
  united.append(family_heading_lines());
  EXPECT_EQ(united.year.size(), 2u);

  test::ScratchDir bad_dir;
  bad_dir.write("vocabulary.yaml", test::kMiniVocabulary);
  bad_dir.write("bad.yaml", R"(family: bad
stage: budget
heading_lines:
  departments: ['编制机关']
  year: ['预算年度(']
tables:
  - code: 附件3
    kind: summary_income_expenditure
    keys: {label: 项目}
    measures: [{id: total, header: 人数}]
)");
  problems.clear();
  MappingSet bad = load_mappings(bad_dir.path().string(), problems);
  EXPECT_EQ(bad.family("bad"), nullptr);
  ASSERT_GE(problems.size(), 2u);
  EXPECT_EQ(problems[0].where, "heading_lines");
  EXPECT_EQ(problems[1].where, "heading_lines.year");
}

// ---------------------------------------------------------------------------
// Tables of contents and narrative sheets.

TEST(LocateContents, ContentsLines) {
  EXPECT_TRUE(is_contents_line("目录"));
  EXPECT_TRUE(is_contents_line("目 录"));
  EXPECT_TRUE(is_contents_line("一、收入支出决算总表……3"));
  EXPECT_TRUE(is_contents_line("部门收支总表..........12"));
  EXPECT_TRUE(is_contents_line("部门收支总表 ······ 5"));
  EXPECT_FALSE(is_contents_line("部门收支总表"));
  EXPECT_FALSE(is_contents_line("1.5"));
  EXPECT_FALSE(is_contents_line("合计"));
}

TEST(LocateContents, TitlesInATableOfContentsMakeNoTable) {
  Sheet sheet = make_sheet({
      {"目 录"},
      {"一、收入支出决算总表……3"},
      {"二、收入决算表……4"},
      {"- 三、支出决算表"},
      {},
      {"收入支出决算总表"},
      {"单位：万元"},
      {"项目", "金额"},
      {"收入", "n:1"},
  });
  auto tables = locate_tables(sheet);
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0].titles.size(), 1u);
  EXPECT_EQ(tables[0].title(), "收入支出决算总表");
  EXPECT_EQ(tables[0].header_first, 7u);
}

TEST(LocateContents, ARunOfTitlesWithoutHeaderIsContents) {
  // A 目录 block that lists the titles without page numbers, then narrative.
  Sheet sheet = make_sheet({
      {"目录"},
      {"收入支出决算总表"},
      {"收入决算表"},
      {"支出决算表"},
      {"第三部分 2024年度部门决算情况说明"},
      {"本部门2024年度收入总计7836.48万元。"},
      {"收入决算表"},
      {"项目", "金额"},
      {"收入", "n:1"},
  });
  LocateOptions text;
  text.require_heading = true;
  auto tables = locate_tables(sheet, text);
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0].title(), "收入决算表");
  EXPECT_EQ(tables[0].header_first, 7u);
  // A table of contents laid out as title | page number.
  Sheet grid = make_sheet({
      {"目录"},
      {"一、部门收支总表", "n:1"},
      {"二、部门收入总表", "n:2"},
      {"三、部门支出总表", "n:3"},
  });
  EXPECT_TRUE(locate_tables(grid, text).empty());
  EXPECT_TRUE(locate_tables(grid).empty());
}

TEST(LocateNarrative, NarrativeSheetsHoldNoGridOfNumbers) {
  Sheet cover = make_sheet(
      {
          {"2024年湖口县医疗保障局部门决算"},
          {"编制单位：湖口县医疗保障局"},
          {"2025年3月"},
      },
      {}, "封面");
  EXPECT_TRUE(is_narrative_sheet(cover));
  Sheet contents = make_sheet(
      {
          {"目录"},
          {"序号", "报表名称", "页码"},
          {"n:1", "收入支出决算总表", "n:3"},
          {"n:2", "收入决算表", "n:4"},
          {"n:3", "支出决算表", "n:5"},
      },
      {}, "目录");
  EXPECT_TRUE(is_narrative_sheet(contents));
  Sheet duties = make_sheet({
      {"部门主要职能"},
      {"一、贯彻执行国家、省、市医疗保障制度的法律法规、政策、规划和标准，组织起草我县医疗保险、生"
       "育保险、医疗救助等医疗保障制度的政府规范性文件。"},
      {"二、贯彻执行医疗保障基金监督管理办法，建立健全医疗保障基金安全防控机制，推进医疗保障基金支"
       "付方式改革，本年支出7836.48万元。"},
  });
  EXPECT_TRUE(is_narrative_sheet(duties));
  Sheet terms = make_sheet({
      {"名词解释"},
      {"1.一般公共预算拨款收入：指本级财政当年拨付的资金。"},
      {"2.上年结转：指以前年度尚未完成、结转到本年仍按原规定用途继续使用的资金。"},
  });
  EXPECT_TRUE(is_narrative_sheet(terms));

  EXPECT_FALSE(is_narrative_sheet(ys05_sheet()));
  Sheet empty_form = make_sheet({
      {"国有资本经营预算财政拨款支出决算表"},
      {"支出功能分类科目编码", "", "", "科目名称", "合计", "基本支出", "项目支出"},
      {"类", "款", "项", "栏次", "n:1", "n:2", "n:3"},
      {"", "", "", "合计", "", "", ""},
  });
  EXPECT_FALSE(is_narrative_sheet(empty_form)) << "an empty table is a grid";
  EXPECT_FALSE(is_narrative_sheet(make_sheet({})));
}

// ---------------------------------------------------------------------------
// Seed 001 (Jiangxi 决算, text dump): the layouts these rules were made for.

TEST(LocateSeed001, JiangxiStructureRowsBlankTotalsNotesAndCountUnits) {
  const std::filesystem::path path =
      std::filesystem::path(BC_SHARED_DIR) / "seeds" / "001_fd5493b86bb3884b.txt";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "../shared/seeds is not present";
  auto workbook = open_workbook(path.string(), ReadOptions{});
  Sheet sheet = workbook->read_sheet(0);
  LocateOptions text;
  text.require_heading = true;
  std::map<std::string, TableRegion> by_code;
  for (TableRegion& t : locate_tables(sheet, text)) {
    if (!t.code.value.empty()) by_code.emplace(t.code.value, std::move(t));
  }
  for (const char* code : {"公开01表", "公开02表", "公开03表", "公开04表", "公开05表", "公开06表",
                           "公开07表", "公开08表", "公开09表", "公开10表"}) {
    ASSERT_TRUE(by_code.count(code)) << code << " not found";
  }
  // 公开01: 行次 columns on both sides, the 栏 次 row in the header band.
  const TableRegion& t01 = by_code.at("公开01表");
  EXPECT_EQ(t01.structure_columns, (Rows{1, 4}));
  ASSERT_EQ(t01.structure_rows.size(), 1u);
  EXPECT_EQ(t01.structure_rows[0], t01.header_last);
  EXPECT_EQ(t01.footnotes.size(), 2u);  // 注: 1. … and 2. … on their own line
  // 公开02: 类 | 款 | 项 | 栏次 | 1 … gives three distinct code paths.
  const TableRegion& t02 = by_code.at("公开02表");
  auto headers = flatten_headers(sheet, t02);
  ASSERT_NE(header_at(headers, 0), nullptr);
  EXPECT_EQ(header_at(headers, 0)->normalised_path.back(), "类");
  EXPECT_EQ(header_at(headers, 1)->normalised_path.back(), "款");
  EXPECT_EQ(header_at(headers, 2)->normalised_path.back(), "项");
  EXPECT_EQ(header_at(headers, 1)->normalised_path.front(), "支出功能分类科目编码");
  for (const ColumnHeader& h : headers) {
    for (const std::string& level : h.normalised_path) {
      EXPECT_FALSE(is_column_number_text(level) || is_structure_label(level)) << h.label();
    }
  }
  // 公开04: code and unit in one cell.
  EXPECT_EQ(by_code.at("公开04表").unit.value, "万元");
  // 公开07/公开08: empty tables, the blank 合计 row is body, both notes kept.
  for (const char* code : {"公开07表", "公开08表"}) {
    const TableRegion& t = by_code.at(code);
    SCOPED_TRACE(code);
    EXPECT_EQ(t.structure_rows.size(), 1u);
    EXPECT_EQ(t.body_rows.size(), 1u);
    EXPECT_EQ(t.footnotes.size(), 2u);
  }
  // 公开10: 单位: 台、辆、套 is the unit, not the department.
  const TableRegion& t10 = by_code.at("公开10表");
  EXPECT_EQ(t10.department.value, "湖口县医疗保障局");
  EXPECT_EQ(t10.unit.value, "台、辆、套");
  EXPECT_TRUE(t10.unit_not_money);
  EXPECT_EQ(t10.footnotes.size(), 2u);
  EXPECT_EQ(t10.structure_columns, (Rows{1}));
}

}  // namespace
}  // namespace bc
