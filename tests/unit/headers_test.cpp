// converters/headers: label normalisation and header-band flattening.
#include <gtest/gtest.h>

#include "headers/header_flattener.h"
#include "headers/header_match.h"
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

TEST(FlattenHeaders, OmitsBlankColumnsKeepsHiddenOnesAndNeedsAHeader) {
  SheetBuilder builder("S");
  builder.add_text(0, 0, "项目");
  builder.add_text(0, 2, "金额");
  builder.add_text(0, 3, "隐藏");
  builder.meta().hidden_columns = {3};
  Sheet sheet = builder.finish();
  auto headers = flatten_headers(sheet, header_region(0, 0, 0, 3));
  // A hidden column is published data all the same: it keeps its header.
  ASSERT_EQ(headers.size(), 3u);
  EXPECT_EQ(headers[0].col, 0u);
  EXPECT_EQ(headers[1].col, 2u);
  EXPECT_EQ(headers[2].col, 3u);

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

TEST(FlattenHeaders, StructureRowNumbersAreNoLevelsButItsLabelsAre) {
  // Jiangxi 决算: 类 | 款 | 项 | 栏次 | 1 | 2 in one row under 支出功能分类科目编码.
  for (bool merged : {true, false}) {
    SCOPED_TRACE(merged ? "merged" : "merges lost");
    const test::Rows rows = {
        {"支出功能分类科目编码", "", "", "科目名称", "本年收入合计", "财政拨款收入"},
        {"类", "款", "项", "栏 次", "n:1", "2"},
    };
    Sheet sheet = merged ? make_sheet(rows, {"A1:C1", "D1:D1"}) : make_sheet(rows);
    TableRegion region = header_region(0, 1, 0, 5);
    region.structure_rows = {1};
    auto headers = flatten_headers(sheet, region);
    ASSERT_EQ(headers.size(), 6u);
    EXPECT_EQ(column(headers, 0)->path, (Path{"支出功能分类科目编码", "类"}));
    EXPECT_EQ(column(headers, 1)->path, (Path{"支出功能分类科目编码", "款"}));
    EXPECT_EQ(column(headers, 2)->path, (Path{"支出功能分类科目编码", "项"}));
    EXPECT_EQ(column(headers, 3)->path, (Path{"科目名称"}));
    EXPECT_EQ(column(headers, 4)->path, (Path{"本年收入合计"}));
    EXPECT_EQ(column(headers, 5)->path, (Path{"财政拨款收入"}));
    // The same band without its structure row marked: the numbers become levels.
    TableRegion unmarked = header_region(0, 1, 0, 5);
    EXPECT_EQ(column(flatten_headers(sheet, unmarked), 4)->path, (Path{"本年收入合计", "1"}));
  }
}

TEST(FlattenHeaders, StructureRowUnderVerticalMergesKeepsTheMergedLabels) {
  // 科目名称 merged down over the 栏次 row keeps its one level; the 栏次 cell
  // of the row itself is dropped.
  Sheet sheet = make_sheet(
      {
          {"项目", "科目名称", "合计"},
          {"栏次", "", "n:1"},
      },
      {"B1:B2"});
  TableRegion region = header_region(0, 1, 0, 2);
  region.structure_rows = {1};
  auto headers = flatten_headers(sheet, region);
  ASSERT_EQ(headers.size(), 3u);
  EXPECT_EQ(column(headers, 0)->path, (Path{"项目"}));
  EXPECT_EQ(column(headers, 1)->path, (Path{"科目名称"}));
  EXPECT_EQ(column(headers, 2)->path, (Path{"合计"}));
}

TEST(FlattenHeaders, StructureColumnsAreMarked) {
  Sheet sheet = make_sheet({{"项目", "行次", "金额", "序号"}});
  TableRegion region = header_region(0, 0, 0, 3);
  region.structure_columns = {1, 3};
  auto headers = flatten_headers(sheet, region);
  ASSERT_EQ(headers.size(), 4u);
  EXPECT_FALSE(column(headers, 0)->structure);
  EXPECT_TRUE(column(headers, 1)->structure);
  EXPECT_FALSE(column(headers, 2)->structure);
  EXPECT_TRUE(column(headers, 3)->structure);
  EXPECT_EQ(column(headers, 1)->path, (Path{"行次"}));  // still a column with its label
}

// --- OCR-tolerant header matching (headers/header_match.h) ---

TEST(OcrLabelKey, DropsTheStrokesOcrAddsButKeepsBracketsAndQuotes) {
  EXPECT_EQ(ocr_label_key("│ - 项目支出"), "项目支出");
  EXPECT_EQ(ocr_label_key("科目名称 -"), "科目名称");
  EXPECT_EQ(ocr_label_key("部门(单位) 代码"), "部门(单位)代码");
  EXPECT_EQ(ocr_label_key("“三公”经费合计"), "\"三公\"经费合计");
  EXPECT_EQ(ocr_label_key("单位：万元"), "单位:万元");
}

TEST(LabelEditDistance, CountsCodePointsNotBytes) {
  EXPECT_EQ(label_edit_distance("收入", "收"), 1u);
  EXPECT_EQ(label_edit_distance("邓门预算", "部门预算"), 1u);
  EXPECT_EQ(label_edit_distance("项目支出", "项目又山"), 2u);
  EXPECT_EQ(label_edit_distance("", "合计"), 2u);
  EXPECT_EQ(label_edit_distance("合计", "合计"), 0u);
}

TEST(NearLabel, AllowsAQuarterOfTheLabelOrAJoinedNeighbour) {
  EXPECT_TRUE(near_label("收入", "收"));            // one character lost
  EXPECT_TRUE(near_label("单位编码", "中位编码"));  // one misread
  EXPECT_TRUE(near_label("部门预算支出经济分类科目", "邓门预算支出经济分类科目"));
  EXPECT_TRUE(near_label("科目名称", "编码科目名称"));  // a neighbour's text joined
  EXPECT_FALSE(near_label("项目支出", "项目又山"));     // two of four misread
  EXPECT_FALSE(near_label("单位名称", "平位石桥"));
  EXPECT_FALSE(near_label("类", "款"));                      // one-character labels never
  EXPECT_FALSE(near_label("科目名称", "单位编码单位名称"));  // too much joined
  EXPECT_FALSE(near_label("合计", ""));
  // A paragraph is never compared character by character with a label.
  std::string paragraph;
  for (int i = 0; i < 2000; ++i) paragraph += "医疗保障";
  EXPECT_FALSE(near_label("医疗保障", paragraph));
  EXPECT_FALSE(near_label(paragraph, paragraph + "局"));
}

std::vector<ReferenceLabelSpan> hubei_5_1_reference() {
  // 科目编码 | 科目名称 | 合计 | 基本支出 (小计 人员经费 公用经费) | 项目支出
  return {{"科目编码", 0, 0}, {"科目名称", 1, 1}, {"合计", 2, 2},     {"基本支出", 3, 5},
          {"项目支出", 6, 6}, {"小计", 3, 3},     {"人员经费", 4, 4}, {"公用经费", 5, 5}};
}

TEST(MatchOcrHeader, AcceptsTheHubeiOcrHeaderAndReportsEveryUnreadCell) {
  // Seed 003 L190-192: a garbled unit line, the labels, and an OCR re-reading
  // of the merged cells as garbage.
  std::vector<HeaderCellText> text = {
      {"平位: 717", 189, 6}, {"科目编码", 190, 0},     {"科目名称", 190, 1}, {"合计", 190, 2},
      {"基本支出", 190, 4},  {"│ - 项目支出", 190, 6}, {"件日细19", 191, 0}, {"符日石柳", 191, 1},
      {"الا ال", 191, 2},    {"小计", 191, 3},         {"人员经费", 191, 4}, {"公用经费", 191, 5},
      {"项目又出", 191, 6}};
  HeaderLabelMatch m = match_ocr_header(text, 191, 7, hubei_5_1_reference(), 7);
  ASSERT_TRUE(m.accepted) << m.reason;
  EXPECT_EQ(m.exact, 8u);
  EXPECT_TRUE(m.near.empty());
  EXPECT_TRUE(m.missing.empty());
  std::vector<std::string> noise;
  for (const HeaderCellText& c : m.noise) noise.push_back(c.text);
  EXPECT_EQ(noise,
            (std::vector<std::string>{"平位: 717", "件日细19", "符日石柳", "الا ال", "项目又出"}));
}

TEST(MatchOcrHeader, ReportsNearMatchesAndMissingLabels) {
  // Seed 003 L225-226 (表5-2): 基本支出 is not printed at all, 单位名称 unreadable.
  std::vector<ReferenceLabelSpan> reference = {
      {"单位编码", 0, 0}, {"单位名称", 1, 1}, {"合计", 2, 2},     {"基本支出", 3, 5},
      {"项目支出", 6, 6}, {"小计", 3, 3},     {"人员经费", 4, 4}, {"公用经费", 5, 5}};
  std::vector<HeaderCellText> text = {{"单位纪显", 224, 0}, {"单位编码 单位名称", 224, 1},
                                      {"项目支出", 224, 5}, {"中位编码", 225, 0},
                                      {"平位石桥", 225, 1}, {"合计", 225, 2},
                                      {"小计", 225, 3},     {"人员经费", 225, 4},
                                      {"公用经费", 225, 5}, {"项目又山", 225, 6}};
  HeaderLabelMatch m = match_ocr_header(text, 225, 7, reference, 7);
  ASSERT_TRUE(m.accepted) << m.reason;
  EXPECT_EQ(m.exact, 5u);
  ASSERT_EQ(m.near.size(), 1u);
  EXPECT_EQ(m.near[0].reference, "单位编码");
  EXPECT_EQ(m.near[0].cell.text, "中位编码");
  EXPECT_EQ(m.missing, (std::vector<std::string>{"单位名称", "基本支出"}));
  EXPECT_EQ(m.noise.size(), 4u);
}

TEST(MatchOcrHeader, RefusesAnotherWidth) {
  std::vector<HeaderCellText> text = {{"科目编码", 0, 0}, {"科目名称", 0, 1}, {"合计", 0, 2},
                                      {"小计", 1, 3},     {"人员经费", 1, 4}, {"公用经费", 1, 5},
                                      {"基本支出", 0, 3}, {"项目支出", 0, 6}, {"备注", 0, 7}};
  HeaderLabelMatch m = match_ocr_header(text, 1, 8, hubei_5_1_reference(), 7);
  EXPECT_FALSE(m.accepted);
  EXPECT_NE(m.reason.find("8 columns"), std::string::npos) << m.reason;
}

TEST(MatchOcrHeader, RefusesALeafLabelOverAnotherColumn) {
  // Same labels, but 人员经费 and 公用经费 swapped in the last row: a different
  // layout, not OCR damage; the reference's column order must not be forced on it.
  std::vector<HeaderCellText> text = {{"科目编码", 0, 0}, {"科目名称", 0, 1}, {"合计", 0, 2},
                                      {"基本支出", 0, 3}, {"项目支出", 0, 6}, {"小计", 1, 3},
                                      {"公用经费", 1, 4}, {"人员经费", 1, 5}, {"x", 1, 0}};
  HeaderLabelMatch m = match_ocr_header(text, 1, 7, hubei_5_1_reference(), 7);
  EXPECT_FALSE(m.accepted);
  EXPECT_NE(m.reason.find("公用经费"), std::string::npos) << m.reason;
}

TEST(MatchOcrHeader, RefusesWhenTooFewLabelsAreReadable) {
  std::vector<HeaderCellText> text = {{"件日细19", 1, 0}, {"符日石柳", 1, 1}, {"合计", 1, 2},
                                      {"小计", 1, 3},     {"甲", 1, 4},       {"乙", 1, 5},
                                      {"丙", 1, 6}};
  HeaderLabelMatch m = match_ocr_header(text, 1, 7, hubei_5_1_reference(), 7);
  EXPECT_FALSE(m.accepted);
  EXPECT_NE(m.reason.find("2 exact"), std::string::npos) << m.reason;
}

TEST(AlignJoinedColumns, GivesEachJoinedTextColumnItsRunOfReferenceColumns) {
  // Seed 004 表11 L636-638 against templates/shaanxi-biao.xlsx.
  std::vector<ReferenceLabelSpan> reference = {{"科目编码", 0, 2, 4},
                                               {"单位编码", 3, 3, 4},
                                               {"采购项目", 4, 4, 4},
                                               {"采购目录", 5, 5, 4},
                                               {"购买服务内容", 6, 6, 4},
                                               {"规格型号", 7, 7, 4},
                                               {"数量", 8, 8, 4},
                                               {"部门预算支出经济科目编码", 9, 10, 4},
                                               {"政府预算支出经济科目编码", 11, 12, 4},
                                               {"实施采购时间", 13, 13, 4},
                                               {"预算金额", 14, 14, 4},
                                               {"说明", 15, 15, 4},
                                               {"类", 0, 0, 5},
                                               {"款", 1, 1, 5},
                                               {"项", 2, 2, 5},
                                               {"类", 9, 9, 5},
                                               {"款", 10, 10, 5},
                                               {"类", 11, 11, 5},
                                               {"款", 12, 12, 5}};
  std::vector<HeaderCellText> text = {{"科目编码 类 款 项", 0, 0},
                                      {"单位编码", 0, 1},
                                      {"采购项目", 0, 2},
                                      {"采购目录", 0, 3},
                                      {"购买服务内容", 0, 4},
                                      {"规格型号", 0, 5},
                                      {"数量", 0, 6},
                                      {"部门预算 政府预算", 0, 7},
                                      {"实施采购时间", 0, 9},
                                      {"预算金额", 0, 10},
                                      {"说明", 0, 11},
                                      {"支出经济 科目编码", 1, 7},
                                      {"支出经济 科目编码", 1, 8},
                                      {"类 款", 2, 7},
                                      {"类 款", 2, 8}};
  std::string reason;
  auto runs = align_joined_columns(text, 12, reference, 16, reason);
  ASSERT_TRUE(runs.has_value()) << reason;
  ASSERT_EQ(runs->size(), 12u);
  auto run = [&](std::size_t c) { return std::make_pair((*runs)[c].first, (*runs)[c].last); };
  EXPECT_EQ(run(0), std::make_pair(0u, 2u));     // 科目编码 类 款 项
  EXPECT_EQ(run(1), std::make_pair(3u, 3u));     // 单位编码
  EXPECT_EQ(run(6), std::make_pair(8u, 8u));     // 数量
  EXPECT_EQ(run(7), std::make_pair(9u, 10u));    // 部门预算 … 类 款
  EXPECT_EQ(run(8), std::make_pair(11u, 12u));   // 政府预算 … 类 款
  EXPECT_EQ(run(11), std::make_pair(15u, 15u));  // 说明
}

TEST(AlignJoinedColumns, RefusesWhatIsNotAJoinOfTheReference) {
  std::vector<ReferenceLabelSpan> reference = {{"科目编码", 0, 2, 0}, {"类", 0, 0, 1},
                                               {"款", 1, 1, 1},       {"项", 2, 2, 1},
                                               {"名称", 3, 3, 0},     {"合计", 4, 4, 0}};
  std::string reason;
  // As wide as the reference: not joined (the other tiers' business).
  std::vector<HeaderCellText> same = {{"科目编码", 0, 0}, {"类", 1, 0},   {"款", 1, 1},
                                      {"项", 1, 2},       {"名称", 0, 3}, {"合计", 0, 4}};
  EXPECT_FALSE(align_joined_columns(same, 5, reference, 5, reason).has_value());
  // A leaf named nowhere (项 missing): the columns cannot be told apart.
  std::vector<HeaderCellText> missing = {{"科目编码 类 款", 0, 0}, {"名称", 0, 1}, {"合计", 0, 2}};
  EXPECT_FALSE(align_joined_columns(missing, 3, reference, 5, reason).has_value());
  EXPECT_NE(reason.find("column"), std::string::npos) << reason;
  // A text column without header words.
  std::vector<HeaderCellText> blank = {{"科目编码 类 款 项", 0, 0}, {"合计", 0, 2}};
  EXPECT_FALSE(align_joined_columns(blank, 3, reference, 5, reason).has_value());
  // The joined header itself is accepted.
  std::vector<HeaderCellText> joined = {
      {"科目编码 类 款 项", 0, 0}, {"名称", 0, 1}, {"合计", 0, 2}};
  auto runs = align_joined_columns(joined, 3, reference, 5, reason);
  ASSERT_TRUE(runs.has_value()) << reason;
  EXPECT_EQ((*runs)[0].last, 2u);
  EXPECT_EQ((*runs)[2].first, 4u);
}

}  // namespace
}  // namespace bc
