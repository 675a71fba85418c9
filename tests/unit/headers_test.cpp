// converters/headers: label normalisation and header-band flattening.
#include <gtest/gtest.h>

#include "headers/header_flattener.h"
#include "headers/label_text.h"
#include "support/stage_helpers.h"

namespace bc {
namespace {

using test::make_sheet;

TEST(NormaliseLabel, RemovesEveryKindOfWhitespace) {
  EXPECT_EQ(normalise_label("项 目"), "项目");
  EXPECT_EQ(normalise_label("项\u3000目"), "项目");        // ideographic space
  EXPECT_EQ(normalise_label("\u00A0合\n计\r\t"), "合计");  // NBSP, line breaks
  EXPECT_EQ(normalise_label("\uFEFF科目\u200B名称"), "科目名称");
  EXPECT_EQ(normalise_label(""), "");
  EXPECT_EQ(normalise_label("   "), "");
}

TEST(NormaliseLabel, FoldsFullWidthAsciiQuotesAndDashes) {
  EXPECT_EQ(normalise_label("（一）"), "(一)");
  EXPECT_EQ(normalise_label("单位：万元"), "单位:万元");
  EXPECT_EQ(normalise_label("Ａ１"), "A1");
  EXPECT_EQ(normalise_label("“三公”经费"), "\"三公\"经费");
  EXPECT_EQ(normalise_label("「三公」"), "\"三公\"");
  EXPECT_EQ(normalise_label("【注】"), "[注]");
  EXPECT_EQ(normalise_label("a—b–c"), "a-b-c");
  // 、 is how ordinals end and must survive.
  EXPECT_EQ(normalise_label("一、收入"), "一、收入");
}

TEST(StripOrdinal, RemovesChineseAndArabicOrdinals) {
  EXPECT_EQ(strip_ordinal("一、一般公共服务支出"), "一般公共服务支出");
  EXPECT_EQ(strip_ordinal("(一)工资福利支出"), "工资福利支出");
  EXPECT_EQ(strip_ordinal("（十九）其他支出"), "其他支出");
  EXPECT_EQ(strip_ordinal("1、事业收入"), "事业收入");
  EXPECT_EQ(strip_ordinal("(1)基本工资"), "基本工资");
  EXPECT_EQ(strip_ordinal("廿一、其他"), "其他");
  EXPECT_EQ(strip_ordinal("12.其他"), "其他");
  EXPECT_EQ(strip_ordinal(" 二 、 上年结转 "), "上年结转");
}

TEST(StripOrdinal, LeavesNonOrdinalsAlone) {
  EXPECT_EQ(strip_ordinal("其中：财政拨款"), "其中:财政拨款");
  // 一 followed by a non-separator is part of the word.
  EXPECT_EQ(strip_ordinal("一般公共预算"), "一般公共预算");
  EXPECT_EQ(strip_ordinal("2024年预算"), "2024年预算");
  EXPECT_EQ(strip_ordinal("(一"), "(一");
  EXPECT_EQ(strip_ordinal("()合计"), "()合计");
  EXPECT_EQ(strip_ordinal("合计"), "合计");
}

TEST(Trim, TrimsAsciiAndIdeographicSpaceOnlyAtTheEnds) {
  EXPECT_EQ(trim("  项 目\u3000"), "项 目");
  EXPECT_EQ(trim("\u00A0x\u00A0"), "x");
  EXPECT_EQ(trim("\r\n合计\t"), "合计");
  EXPECT_EQ(trim("\u3000\u3000"), "");
  EXPECT_EQ(trim(""), "");
}

TableRegion header_region(std::uint32_t first, std::uint32_t last, std::uint32_t first_col,
                          std::uint32_t last_col) {
  TableRegion region;
  region.has_header = true;
  region.header_first = first;
  region.header_last = last;
  region.first_col = first_col;
  region.last_col = last_col;
  return region;
}

const ColumnHeader* column(const std::vector<ColumnHeader>& headers, std::uint32_t col) {
  for (const ColumnHeader& h : headers) {
    if (h.col == col) return &h;
  }
  return nullptr;
}

using Path = std::vector<std::string>;

TEST(FlattenHeaders, MergedCellsGiveTextToEveryColumnTheyCover) {
  // Henan YS05 header: 科目编码 over 类/款/项, vertical merges for single-level
  // columns, 基本支出 over two sub-columns.
  Sheet sheet = make_sheet(
      {
          {"科目编码", "", "", "科目名称", "合计", "基本支出", "", "项目支出"},
          {"类", "款", "项", "", "", "小计", "人员 经费", ""},
      },
      {"A1:C1", "D1:D2", "E1:E2", "F1:G1", "H1:H2"});
  auto headers = flatten_headers(sheet, header_region(0, 1, 0, 7));
  ASSERT_EQ(headers.size(), 8u);
  EXPECT_EQ(column(headers, 0)->path, (Path{"科目编码", "类"}));
  EXPECT_EQ(column(headers, 1)->path, (Path{"科目编码", "款"}));
  EXPECT_EQ(column(headers, 2)->path, (Path{"科目编码", "项"}));
  EXPECT_EQ(column(headers, 3)->path, (Path{"科目名称"}));  // vertical merge collapses
  EXPECT_EQ(column(headers, 5)->path, (Path{"基本支出", "小计"}));
  EXPECT_EQ(column(headers, 6)->path, (Path{"基本支出", "人员 经费"}));
  EXPECT_EQ(column(headers, 6)->normalised_path, (Path{"基本支出", "人员经费"}));
  EXPECT_EQ(column(headers, 6)->label(), "基本支出 / 人员 经费");
  EXPECT_EQ(column(headers, 7)->path, (Path{"项目支出"}));
}

TEST(FlattenHeaders, CarriesAGroupLabelRightWhereMergesWereLost) {
  // The same band as a CSV export prints it: no merges.
  Sheet sheet = make_sheet({
      {"科目名称", "合计", "基本支出", "", "", "项目支出"},
      {"", "", "小计", "人员经费", "公用经费", ""},
  });
  auto headers = flatten_headers(sheet, header_region(0, 1, 0, 5));
  ASSERT_EQ(headers.size(), 6u);
  EXPECT_EQ(column(headers, 2)->path, (Path{"基本支出", "小计"}));
  EXPECT_EQ(column(headers, 3)->path, (Path{"基本支出", "人员经费"}));
  EXPECT_EQ(column(headers, 4)->path, (Path{"基本支出", "公用经费"}));
  // 项目支出 has nothing beneath it: it is a column of its own, not carried.
  EXPECT_EQ(column(headers, 5)->path, (Path{"项目支出"}));
  EXPECT_EQ(column(headers, 1)->path, (Path{"合计"}));
}

TEST(FlattenHeaders, APlainColumnDoesNotSwallowItsRightNeighbour) {
  // 合计 has no sub-label, so the sub-label 其他 to its right is not under it.
  Sheet sheet = make_sheet({
      {"项目", "合计", ""},
      {"", "", "其他"},
  });
  auto headers = flatten_headers(sheet, header_region(0, 1, 0, 2));
  ASSERT_NE(column(headers, 2), nullptr);
  EXPECT_EQ(column(headers, 2)->path, (Path{"其他"}));
}

TEST(FlattenHeaders, OmitsBlankAndHiddenColumnsAndNeedsAHeader) {
  SheetBuilder builder("S");
  builder.add_text(0, 0, "项目");
  builder.add_text(0, 2, "金额");
  builder.add_text(0, 3, "隐藏");
  builder.meta().hidden_columns = {3};
  Sheet sheet = builder.finish();
  auto headers = flatten_headers(sheet, header_region(0, 0, 0, 3));
  ASSERT_EQ(headers.size(), 2u);
  EXPECT_EQ(headers[0].col, 0u);
  EXPECT_EQ(headers[1].col, 2u);

  TableRegion no_header = header_region(0, 0, 0, 3);
  no_header.has_header = false;
  EXPECT_TRUE(flatten_headers(sheet, no_header).empty());
}

TEST(FlattenHeaders, KeepsNonConsecutiveRepeatsAndTrimsText) {
  Sheet sheet = make_sheet({
      {" 支出 "},
      {"合计"},
      {"支出"},
  });
  auto headers = flatten_headers(sheet, header_region(0, 2, 0, 0));
  ASSERT_EQ(headers.size(), 1u);
  EXPECT_EQ(headers[0].path, (Path{"支出", "合计", "支出"}));
}

TEST(FlattenHeaders, OnlyReadsColumnsOfTheRegion) {
  Sheet sheet = make_sheet({{"左", "项目", "金额", "右"}});
  auto headers = flatten_headers(sheet, header_region(0, 0, 1, 2));
  ASSERT_EQ(headers.size(), 2u);
  EXPECT_EQ(headers[0].path, (Path{"项目"}));
  EXPECT_EQ(headers[1].path, (Path{"金额"}));
}

}  // namespace
}  // namespace bc
