// converters/extract: facts from a located, mapped table. Regions are built by
// hand so these tests do not depend on the locator's heuristics.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <string>

#include "extract/fact_extractor.h"
#include "headers/header_flattener.h"
#include "mapping/column_binding.h"
#include "support/stage_helpers.h"

namespace bc {
namespace {

using test::make_sheet;
using test::Rows;

const Vocabulary& mini_vocabulary() {
  static const Vocabulary vocabulary = [] {
    test::ScratchDir dir;
    dir.write("vocabulary.yaml", test::kMiniVocabulary);
    std::vector<MappingProblem> problems;
    MappingSet set = load_mappings(dir.path().string(), problems);
    EXPECT_TRUE(problems.empty());
    return set.vocabulary;
  }();
  return vocabulary;
}

KeySpec key(const std::string& name, std::vector<std::string> patterns) {
  KeySpec k;
  k.name = name;
  for (const auto& p : patterns) k.headers.emplace_back(p);
  if (name == "function_code") k.scheme = CodeScheme::Function;
  if (name == "econ_code") k.scheme = CodeScheme::DeptEcon;
  if (name == "gov_econ_code") k.scheme = CodeScheme::GovEcon;
  return k;
}

MeasureSpec measure(const std::string& id, const std::string& pattern,
                    MeasureUnit unit = MeasureUnit::Money) {
// MeasureSpec grows fields; the ones not named keep their defaults.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
  MeasureSpec m{.id = id, .header = HeaderPattern(pattern)};
#pragma GCC diagnostic pop
  m.optional = false;
  m.unit = unit;
  return m;
}

// Everything extract_table needs, kept alive together (bindings point into it).
struct TableRun {
  Sheet sheet;
  TableRegion region;
  FamilySpec family;
  TableSpec table;
  std::vector<ColumnHeader> headers;
  TableBinding binding;
  DocumentContext context;
  DiagnosticSink sink;
  // What extract_table returns, with the facts it handed on.
  struct Collected : TableExtraction {
    std::vector<Fact> facts;
  } result;

  void go() {
    headers = flatten_headers(sheet, region);
    binding = bind_columns(table, headers);
    ASSERT_TRUE(binding.complete())
        << "test setup: binding incomplete: " << (binding.missing.empty() ? "" : binding.missing[0])
        << (binding.ambiguous.empty() ? "" : binding.ambiguous[0]);
    std::vector<Fact> facts;
    static_cast<TableExtraction&>(result) =
        extract_table(sheet, region, family, table, binding, mini_vocabulary(), context, sink,
                      [&](Fact&& f) { facts.push_back(std::move(f)); });
    EXPECT_EQ(result.fact_count, facts.size());
    result.facts = std::move(facts);
  }
  const Fact* fact(const std::string& cell) const {
    for (const Fact& f : result.facts) {
      if (f.source_cell == cell) return &f;
    }
    return nullptr;
  }
  bool has_diagnostic(const std::string& code, const std::string& cell) const {
    return std::any_of(sink.items().begin(), sink.items().end(),
                       [&](const Diagnostic& d) { return d.code == code && d.where.cell == cell; });
  }
  std::string diagnostics() const {
    std::string out;
    for (const auto& d : sink.items()) out += d.to_string() + "\n";
    return out;
  }
};

TableRegion region(std::uint32_t header_first, std::uint32_t header_last, std::uint32_t last_col,
                   std::vector<std::uint32_t> body, const std::string& unit = "万元") {
  TableRegion r;
  r.first_row = header_first;
  r.last_row = body.empty() ? header_last : body.back();
  r.first_col = 0;
  r.last_col = last_col;
  r.has_header = true;
  r.header_first = header_first;
  r.header_last = header_last;
  r.body_rows = std::move(body);
  if (!unit.empty()) r.unit = HeadingText{"单位：" + unit, unit, {0, 0}};
  r.titles.push_back(HeadingText{"一般公共预算支出表", "一般公共预算支出表", {0, 0}});
  return r;
}

FamilySpec family() {
  FamilySpec f;
  f.id = "test-fam";
  f.stage = "budget";
  f.default_unit = "万元";
  return f;
}

// YS05-shaped: split 类/款/项 codes, a label, three money columns.
TableRun ys05_run(const test::Rows& body_rows) {
  TableRun run;
  test::Rows rows = {
      {"科目编码", "", "", "科目名称", "合计", "基本支出", "项目支出"},
      {"类", "款", "项", "", "", "", ""},
  };
  std::vector<std::uint32_t> body;
  for (const auto& r : body_rows) {
    body.push_back(static_cast<std::uint32_t>(rows.size()));
    rows.push_back(r);
  }
  run.sheet = make_sheet(rows, {"A1:C1", "D1:D2", "E1:E2", "F1:F2", "G1:G2"});
  run.region = region(0, 1, 6, body);
  run.family = family();
  run.table.code = "YS05";
  run.table.kind = "gpb_expenditure_by_function";
  BlockSpec b;
  b.keys.push_back(key("function_code", {"科目编码/类", "科目编码/款", "科目编码/项"}));
  b.keys.push_back(key("label", {"科目名称"}));
  b.measures.push_back(measure("total", "合计"));
  b.measures.push_back(measure("basic", "基本支出"));
  b.measures.push_back(measure("project", "项目支出"));
  run.table.blocks.push_back(b);
  run.context.source_file = "in.xlsx";
  return run;
}

TEST(ExtractTable, CodesAreJoinedAndAmountsConvertedToYuanExactly) {
  TableRun run = ys05_run({
      {"n:210", "n:11", "n:1", "行政单位医疗", "n:838.98", "4,092.38", "0.01"},
  });
  run.go();
  ASSERT_EQ(run.result.facts.size(), 3u) << run.diagnostics();
  const Fact* e3 = run.fact("E3");
  ASSERT_NE(e3, nullptr);
  EXPECT_EQ(e3->function_code, "2101101");
  EXPECT_EQ(e3->row_label, "行政单位医疗");
  EXPECT_EQ(e3->value, "8389800");
  EXPECT_EQ(e3->raw_value, "838.98");
  EXPECT_EQ(e3->raw_unit, "万元");
  EXPECT_EQ(e3->unit, "CNY");
  EXPECT_EQ(e3->measure, "total");
  EXPECT_EQ(e3->column_label, "合计");
  EXPECT_EQ(e3->template_id, "test-fam");
  EXPECT_EQ(e3->table_code, "YS05");
  EXPECT_EQ(e3->table_kind, "gpb_expenditure_by_function");
  EXPECT_EQ(e3->source_file, "in.xlsx");
  EXPECT_EQ(e3->source_sheet, "Sheet1");
  EXPECT_EQ(e3->stage, "budget");
  EXPECT_EQ(e3->table_title, "一般公共预算支出表");
  EXPECT_FALSE(e3->is_total);
  EXPECT_FALSE(e3->repaired);
  EXPECT_EQ(run.fact("F3")->value, "40923800");
  EXPECT_EQ(run.fact("G3")->value, "100");
  EXPECT_EQ(run.result.raw_unit, "万元");
}

TEST(ExtractTable, OtherUnitsScaleByTheirPower) {
  for (const auto& [unit, expected] :
       std::vector<std::pair<std::string, std::string>>{{"元", "838.98"},
                                                        {"千元", "838980"},
                                                        {"百万元", "838980000"},
                                                        {"亿元", "83898000000"}}) {
    TableRun run = ys05_run({{"n:210", "", "", "卫生健康支出", "n:838.98", "", ""}});
    run.region.unit.value = unit;
    run.go();
    ASSERT_EQ(run.result.facts.size(), 1u) << unit;
    EXPECT_EQ(run.result.facts[0].value, expected) << unit;
    EXPECT_EQ(run.result.facts[0].raw_unit, unit);
  }
}

TEST(ExtractTable, OcrSpacingIsRepairedFlaggedAndReported) {
  TableRun run = ys05_run({{"n:210", "", "", "卫生健康支出", "7, 836. 48", "", ""}});
  run.go();
  const Fact* f = run.fact("E3");
  ASSERT_NE(f, nullptr) << run.diagnostics();
  EXPECT_EQ(f->value, "78364800");
  EXPECT_TRUE(f->repaired);
  EXPECT_EQ(f->raw_value, "7, 836. 48");
  EXPECT_TRUE(run.has_diagnostic("NORM-REPAIRED", "E3")) << run.diagnostics();
}

TEST(ExtractTable, BlanksAndPlaceholdersGiveNoFactButZeroDoes) {
  TableRun run = ys05_run({
      {"n:210", "", "", "卫生健康支出", "-", "—", "——"},
      {"n:211", "", "", "节能环保支出", "", "－", "  "},
      {"n:212", "", "", "城乡社区支出", "n:0", "0.00", "-"},
  });
  run.go();
  EXPECT_EQ(run.result.facts.size(), 2u) << run.diagnostics();
  ASSERT_NE(run.fact("E5"), nullptr);
  EXPECT_EQ(run.fact("E5")->value, "0");
  ASSERT_NE(run.fact("F5"), nullptr);
  EXPECT_EQ(run.fact("F5")->value, "0");
  EXPECT_TRUE(run.sink.items().empty()) << run.diagnostics();
}

TEST(ExtractTable, UnreadableTextCellIsAWarningNamingTheCell) {
  TableRun run = ys05_run({{"n:210", "", "", "卫生健康支出", "12元", "1,23,4", "n:5"}});
  run.go();
  EXPECT_EQ(run.result.facts.size(), 1u);
  EXPECT_EQ(run.fact("E3"), nullptr);
  EXPECT_TRUE(run.has_diagnostic("NORM-UNREADABLE", "E3")) << run.diagnostics();
  EXPECT_TRUE(run.has_diagnostic("NORM-UNREADABLE", "F3")) << run.diagnostics();
  for (const Diagnostic& d : run.sink.items()) {
    EXPECT_EQ(d.severity, Severity::Warning);
    EXPECT_EQ(d.where.file, "in.xlsx");
    EXPECT_EQ(d.where.sheet, "Sheet1");
  }
  auto it = std::find_if(run.sink.items().begin(), run.sink.items().end(),
                         [](const Diagnostic& d) { return d.where.cell == "E3"; });
  ASSERT_NE(it, run.sink.items().end());
  EXPECT_EQ(it->raw_text, "12元");
}

TEST(ExtractTable, ParentCodeRowsAreTotals) {
  TableRun run = ys05_run({
      {"n:210", "", "", "卫生健康支出", "n:3", "", ""},
      {"n:210", "n:11", "", "行政事业单位医疗", "n:3", "", ""},
      {"n:210", "n:11", "n:1", "行政单位医疗", "n:2", "", ""},
      {"n:210", "n:11", "n:2", "事业单位医疗", "n:1", "", ""},
      {"n:221", "", "", "住房保障支出", "n:4", "", ""},
  });
  run.go();
  ASSERT_EQ(run.result.facts.size(), 5u);
  EXPECT_EQ(run.fact("E3")->function_code, "210");
  EXPECT_TRUE(run.fact("E3")->is_total);
  EXPECT_EQ(run.fact("E4")->function_code, "21011");
  EXPECT_TRUE(run.fact("E4")->is_total);
  EXPECT_EQ(run.fact("E5")->function_code, "2101101");
  EXPECT_FALSE(run.fact("E5")->is_total);
  EXPECT_FALSE(run.fact("E6")->is_total);
  EXPECT_FALSE(run.fact("E7")->is_total) << "221 has no children in the table";
}

TEST(ExtractTable, UnlabelledAndLabelledTotalRows) {
  TableRun run = ys05_run({
      {"", "", "", "", "n:9", "", ""},      // grand total printed without a label
      {"合计", "", "", "", "n:9", "", ""},  // words in the code column become the label
      {"", "", "", "本年支出合计", "n:9", "", ""},
      {"n:229", "", "", "其他支出", "n:9", "", ""},
  });
  run.go();
  ASSERT_EQ(run.result.facts.size(), 4u) << run.diagnostics();
  EXPECT_TRUE(run.fact("E3")->is_total);
  EXPECT_EQ(run.fact("E3")->row_label, "");
  EXPECT_TRUE(run.fact("E4")->is_total);
  EXPECT_EQ(run.fact("E4")->row_label, "合计");
  EXPECT_EQ(run.fact("E4")->function_code, "");
  EXPECT_TRUE(run.fact("E5")->is_total);
  EXPECT_FALSE(run.fact("E6")->is_total);
}

TEST(ExtractTable, UnboundColumnWithValuesIsAWarningOrAnError) {
  TableRun run = ys05_run({{"n:210", "", "", "卫生健康支出", "n:3", "", "", "n:7"}});
  run.sheet = [&] {
    test::Rows rows = {
        {"科目编码", "", "", "科目名称", "合计", "基本支出", "项目支出", "备注"},
        {"类", "款", "项", "", "", "", "", ""},
        {"n:210", "", "", "卫生健康支出", "n:3", "", "", "n:7"},
    };
    return make_sheet(rows, {"A1:C1", "D1:D2", "E1:E2", "F1:F2", "G1:G2", "H1:H2"});
  }();
  run.region.last_col = 7;
  run.go();
  // The value under 备注 is kept, without a measure, with its header path.
  ASSERT_EQ(run.result.facts.size(), 2u);
  ASSERT_NE(run.fact("H3"), nullptr);
  EXPECT_EQ(run.fact("H3")->measure, "");
  EXPECT_EQ(run.fact("H3")->column_label, "备注");
  EXPECT_EQ(run.fact("H3")->value, "70000");
  EXPECT_EQ(run.fact("H3")->function_code, "210");
  ASSERT_TRUE(run.has_diagnostic("EXTRACT-UNBOUND-COLUMN", "H3")) << run.diagnostics();
  EXPECT_NE(run.sink.items()[0].message.find("'备注'"), std::string::npos) << run.diagnostics();
  EXPECT_EQ(run.result.unaccounted, 0u);

  TableRun strict = ys05_run({});
  strict.sheet =
      make_sheet({{"科目编码", "", "", "科目名称", "合计", "基本支出", "项目支出", "备注"},
                  {"类", "款", "项", "", "", "", "", ""},
                  {"n:210", "", "", "卫生健康支出", "n:3", "", "", "n:7"}},
                 {"A1:C1", "D1:D2", "E1:E2", "F1:F2", "G1:G2", "H1:H2"});
  strict.region = region(0, 1, 7, {2});
  strict.table.unbound_columns = "error";
  try {
    strict.go();
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostic().code, "EXTRACT-UNBOUND-COLUMN");
    EXPECT_EQ(e.diagnostic().where.cell, "H3");
  }

  // An unbound column holding only text is not reported.
  TableRun text = ys05_run({});
  text.sheet = make_sheet({{"科目编码", "", "", "科目名称", "合计", "基本支出", "项目支出", "备注"},
                           {"类", "款", "项", "", "", "", "", ""},
                           {"n:210", "", "", "卫生健康支出", "n:3", "", "", "据实列支"}},
                          {"A1:C1", "D1:D2", "E1:E2", "F1:F2", "G1:G2", "H1:H2"});
  text.region = region(0, 1, 7, {2});
  text.go();
  EXPECT_TRUE(text.sink.items().empty()) << text.diagnostics();
}

TEST(ExtractTable, UnitResolution) {
  // No unit line: the table's unit, then the family default.
  TableRun table_unit = ys05_run({{"n:210", "", "", "x", "n:1", "", ""}});
  table_unit.region.unit = {};
  table_unit.table.unit = "元";
  table_unit.go();
  EXPECT_EQ(table_unit.result.facts.at(0).value, "1");

  TableRun family_unit = ys05_run({{"n:210", "", "", "x", "n:1", "", ""}});
  family_unit.region.unit = {};
  family_unit.go();
  EXPECT_EQ(family_unit.result.facts.at(0).value, "10000");

  TableRun none = ys05_run({{"n:210", "", "", "x", "n:1", "", ""}});
  none.region.unit = {};
  none.family.default_unit.clear();
  try {
    none.go();
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostic().code, "EXTRACT-NO-UNIT");
    EXPECT_EQ(e.diagnostic().where.file, "in.xlsx");
  }

  TableRun bad = ys05_run({{"n:210", "", "", "x", "n:1", "", ""}});
  bad.region.unit = HeadingText{"单位：美元", "美元", {0, 6}};
  try {
    bad.go();
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostic().code, "EXTRACT-BAD-UNIT");
    EXPECT_EQ(e.diagnostic().where.cell, "G1");
  }
}

TEST(ExtractTable, DepartmentYearAndStage) {
  TableRun from_context = ys05_run({{"n:210", "", "", "x", "n:1", "", ""}});
  from_context.context.department = "上一表的部门";
  from_context.context.fiscal_year = "2023";
  from_context.go();
  EXPECT_EQ(from_context.result.facts.at(0).department, "上一表的部门");
  EXPECT_EQ(from_context.result.facts.at(0).fiscal_year, "2023");

  TableRun own = ys05_run({{"n:210", "", "", "x", "n:1", "", ""}});
  own.context.department = "上一表的部门";
  own.region.department = HeadingText{"部门：本表部门", "本表部门", {0, 0}};
  own.region.year = HeadingText{"2024年度", "2024", {0, 0}};
  own.region.titles = {HeadingText{"2024年部门决算表", "", {0, 0}}};
  own.go();
  EXPECT_EQ(own.result.facts.at(0).department, "本表部门");
  EXPECT_EQ(own.result.department, "本表部门");
  EXPECT_EQ(own.result.facts.at(0).fiscal_year, "2024");
  EXPECT_EQ(own.result.facts.at(0).stage, "final");  // 决算 in the title
}

TEST(ExtractTable, MergedValueCellGivesOneFact) {
  // A value merged over two rows belongs to its top-left cell only.
  TableRun run = ys05_run({
      {"n:210", "", "", "卫生健康支出", "n:5", "", ""},
      {"n:211", "", "", "节能环保支出", "", "", ""},
  });
  run.sheet.merged.push_back(*parse_range("E3:E4"));
  run.go();
  EXPECT_EQ(run.result.facts.size(), 1u);
  EXPECT_NE(run.fact("E3"), nullptr);
}

// A YS02/YS10-like table: unit rows (unit code, no function code) head the
// function-code rows below them.
TableRun unit_run() {
  TableRun run;
  run.sheet = make_sheet({
      {"单位代码", "科目编码", "单位（科目名称）", "合计"},
      {"", "", "合计", "n:10"},
      {"101", "", "卢氏县医疗保障局", "n:10"},
      {"101001", "", "卢氏县医疗保障局本级", "n:6"},
      {"", "n:2101101", "行政单位医疗", "n:6"},
      {"101002", "", "卢氏县医疗保险中心", "n:4"},
      {"", "n:2101102", "事业单位医疗", "n:4"},
  });
  run.region = region(0, 0, 3, {1, 2, 3, 4, 5, 6});
  run.family = family();
  run.table.code = "YS02";
  run.table.kind = "income_by_source";
  BlockSpec b;
  b.keys.push_back(key("unit_code", {"单位代码"}));
  b.keys.push_back(key("function_code", {"科目编码"}));
  b.keys.push_back(key("label", {"单位（科目名称）"}));
  b.measures.push_back(measure("total", "合计"));
  run.table.blocks.push_back(b);
  return run;
}

TEST(ExtractTable, UnitRowsSetTheUnitContext) {
  TableRun run = unit_run();
  run.go();
  ASSERT_EQ(run.result.facts.size(), 6u) << run.diagnostics();
  EXPECT_TRUE(run.fact("D2")->is_total);
  EXPECT_EQ(run.fact("D3")->unit_code, "101");
  EXPECT_EQ(run.fact("D3")->unit_name, "卢氏县医疗保障局");
  EXPECT_TRUE(run.fact("D3")->is_total) << "unit 101 heads child units 101001, 101002";
  EXPECT_EQ(run.fact("D4")->unit_code, "101001");
  EXPECT_TRUE(run.fact("D4")->is_total) << "unit 101001 heads detail rows";
  EXPECT_EQ(run.fact("D5")->unit_code, "101001");
  EXPECT_EQ(run.fact("D5")->unit_name, "卢氏县医疗保障局本级");
  EXPECT_EQ(run.fact("D5")->function_code, "2101101");
  EXPECT_FALSE(run.fact("D5")->is_total);
  EXPECT_EQ(run.fact("D7")->unit_code, "101002");
  EXPECT_EQ(run.fact("D7")->unit_name, "卢氏县医疗保险中心");
  EXPECT_FALSE(run.fact("D7")->is_total);
}

TEST(ExtractTable, UnitRowWithoutDetailIsNotATotal) {
  TableRun run = unit_run();
  run.sheet = make_sheet({
      {"单位代码", "科目编码", "单位（科目名称）", "合计"},
      {"101001", "", "甲单位", "n:6"},
      {"101002", "", "乙单位", "n:4"},
  });
  run.region = region(0, 0, 3, {1, 2});
  run.go();
  ASSERT_EQ(run.result.facts.size(), 2u);
  EXPECT_FALSE(run.fact("D2")->is_total);
  EXPECT_FALSE(run.fact("D3")->is_total);
  EXPECT_EQ(run.fact("D3")->unit_name, "乙单位");
}

// A two-sided summary (YS01-like): income | expenditure blocks.
TableRun two_sided_run(const test::Rows& body_rows, const std::vector<ItemSpec>& items = {}) {
  TableRun run;
  test::Rows rows = {
      {"收入", "", "支出", ""},
      {"项目", "预算数", "项目", "预算数"},
  };
  std::vector<std::uint32_t> body;
  for (const auto& r : body_rows) {
    body.push_back(static_cast<std::uint32_t>(rows.size()));
    rows.push_back(r);
  }
  run.sheet = make_sheet(rows, {"A1:B1", "C1:D1"});
  run.region = region(0, 1, 3, body);
  run.family = family();
  run.table.code = "YS01";
  run.table.kind = "summary_income_expenditure";
  run.table.items = items;
  for (const char* side : {"income", "expenditure"}) {
    BlockSpec b;
    b.side = side;
    std::string head = std::string(side) == "income" ? "收入" : "支出";
    b.anchor.emplace(head + "/项目");
    b.keys.push_back(key("label", {head + "/项目"}));
    b.measures.push_back(measure("amount", head + "/预算数"));
    if (b.side == "expenditure") b.label_codes = CodeScheme::Function;
    run.table.blocks.push_back(std::move(b));
  }
  return run;
}

TEST(ExtractTable, ItemsSectionsSidesAndLabelCodes) {
  TableRun run = two_sided_run({
      {"一、一般公共预算拨款收入", "n:100", "一、一般公共服务支出", "n:60"},
      {"二、上年结转", "n:20", "二、社会保障和就业支出", "n:50"},
      {"（一）一般公共预算拨款", "n:20", "三、国有资本经营预算支出", "n:10"},
      {"三、国有资本经营预算收入", "n:0", "", ""},
      {"收入总计", "n:120", "支出总计", "n:120"},
  });
  run.go();
  ASSERT_EQ(run.result.facts.size(), 9u) << run.diagnostics();
  EXPECT_EQ(run.fact("B3")->side, "income");
  EXPECT_EQ(run.fact("B3")->item, "income.gpb");
  EXPECT_EQ(run.fact("B4")->item, "income.carryover");
  EXPECT_EQ(run.fact("B5")->item, "income.carryover.gpb")
      << "a sub-line inside the 上年结转 section";
  EXPECT_EQ(run.fact("B6")->item, "income.soe_capital");
  EXPECT_EQ(run.fact("B7")->item, "income.grand_total");
  EXPECT_TRUE(run.fact("B7")->is_total);
  EXPECT_EQ(run.fact("D3")->side, "expenditure");
  EXPECT_EQ(run.fact("D3")->function_code, "201");
  EXPECT_EQ(run.fact("D3")->item, "");
  EXPECT_EQ(run.fact("D4")->function_code, "208");
  // 国有资本经营预算 is an income item on one side and a function class on the other.
  EXPECT_EQ(run.fact("D5")->item, "");
  EXPECT_EQ(run.fact("D5")->function_code, "223");
  EXPECT_EQ(run.fact("D7")->item, "expenditure.grand_total");
  EXPECT_EQ(run.fact("D7")->function_code, "");
  EXPECT_TRUE(run.fact("D7")->is_total);
}

TEST(ExtractTable, TableItemsAddToTheVocabularys) {
  ItemSpec own;
  own.id = "income.gpb";
  own.labels.emplace_back("公共财政拨款");
  TableRun run = two_sided_run({{"一、公共财政拨款", "n:1", "", ""}}, {own});
  run.go();
  ASSERT_EQ(run.result.facts.size(), 1u);
  EXPECT_EQ(run.result.facts[0].item, "income.gpb");
}

TEST(ExtractTable, ConstrainedItemOnlyInsideItsSection) {
  // Without a 上年结转 line above it, 一般公共预算拨款 is the plain income line.
  TableRun run = two_sided_run({{"（一）一般公共预算拨款", "n:1", "", ""}});
  run.go();
  ASSERT_EQ(run.result.facts.size(), 1u);
  EXPECT_EQ(run.result.facts[0].item, "income.gpb");
}

TEST(ExtractTable, CountPercentAndTextMeasures) {
  TableRun run;
  run.sheet = make_sheet({
      {"项目名称", "人数", "完成率", "说明"},
      {"甲", "n:12", "n:0.5", "据实列支"},
      {"乙", "3", "85%", "-"},
  });
  run.region = region(0, 0, 3, {1, 2});
  run.family = family();
  run.table.kind = "project_expenditure";
  BlockSpec b;
  b.keys.push_back(key("label", {"项目名称"}));
  b.measures.push_back(measure("total", "人数", MeasureUnit::Count));
  b.measures.push_back(measure("amount", "完成率", MeasureUnit::Percent));
  b.measures.push_back(measure("description", "说明", MeasureUnit::Text));
  run.table.blocks.push_back(b);
  run.go();
  EXPECT_EQ(run.fact("B2")->value, "12");  // counts are not scaled by the unit
  EXPECT_EQ(run.fact("B2")->unit, "count");
  EXPECT_EQ(run.fact("B2")->raw_unit, "");
  EXPECT_EQ(run.fact("B3")->value, "3");
  EXPECT_EQ(run.fact("C2")->value, "50");  // a numeric percent cell holds the fraction
  EXPECT_EQ(run.fact("C2")->unit, "percent");
  EXPECT_EQ(run.fact("C3")->value, "85");
  EXPECT_EQ(run.fact("D2")->value, "据实列支");
  EXPECT_EQ(run.fact("D2")->unit, "text");
  EXPECT_EQ(run.fact("D3"), nullptr) << "a placeholder in a text column is no fact";
}

TEST(ExtractTable, HugePercentCellIsRejectedNotUndefined) {
  // Scaling a numeric percent cell by 100 can overflow the 38-digit Decimal;
  // the extractor dereferences the empty optional (undefined behaviour: a
  // garbage value, or a Decimal whose printing runs for many seconds; the
  // alarm keeps this test fast).
  EXPECT_EXIT(
      {
        alarm(1);
        TableRun run;
        run.sheet = make_sheet({{"项目名称", "完成率"}, {"甲", "n:9" + std::string(37, '9')}});
        run.region = region(0, 0, 1, {1});
        run.family = family();
        run.table.kind = "k";
        BlockSpec b;
        b.keys.push_back(key("label", {"项目名称"}));
        b.measures.push_back(measure("amount", "完成率", MeasureUnit::Percent));
        run.table.blocks.push_back(b);
        run.go();
        bool ok = run.result.facts.empty() && !run.sink.items().empty();
        std::exit(ok ? 0 : 3);
      },
      ::testing::ExitedWithCode(0), "");
}

TEST(ExtractTable, MoneyOverflowIsAWarning) {
  TableRun run = ys05_run({{"n:210", "", "", "x", "n:9" + std::string(37, '9'), "", ""}});
  run.go();
  EXPECT_TRUE(run.result.facts.empty());
  EXPECT_TRUE(run.has_diagnostic("NORM-OVERFLOW", "E3")) << run.diagnostics();
}

// YS06-like: econ code, label, gov econ code with fill_down.
TEST(ExtractTable, FillDownRepeatsACodeWhenTheLabelRepeats) {
  TableRun run;
  run.sheet = make_sheet({
      {"科目编码", "科目名称", "政府科目编码", "合计"},
      {"n:30101", "基本工资", "n:50101", "n:5"},
      {"", "基本工资", "n:50102", "n:1"},
      {"", "津贴补贴", "n:50101", "n:2"},
  });
  run.region = region(0, 0, 3, {1, 2, 3});
  run.family = family();
  run.table.kind = "gpb_basic_by_econ";
  BlockSpec b;
  KeySpec econ = key("econ_code", {"科目编码"});
  econ.fill_down = true;
  b.keys.push_back(econ);
  b.keys.push_back(key("label", {"科目名称"}));
  b.keys.push_back(key("gov_econ_code", {"政府科目编码"}));
  b.measures.push_back(measure("total", "合计"));
  run.table.blocks.push_back(b);
  run.go();
  ASSERT_EQ(run.result.facts.size(), 3u);
  EXPECT_EQ(run.fact("D3")->econ_code, "30101");
  EXPECT_EQ(run.fact("D3")->gov_econ_code, "50102");
  EXPECT_EQ(run.fact("D4")->econ_code, "") << "the label changed: no fill";
}

TEST(ExtractTable, AutoSchemeCodesAndValueMatches) {
  TableRun run;
  run.sheet = make_sheet({
      {"编码", "名称", "项目", "合计"},
      {"n:2080505", "养老", "", "n:1"},
      {"n:30101", "工资", "", "n:1"},
      {"n:50101", "机关工资", "", "n:1"},
      {"n:101", "奇怪的编码", "", "n:1"},
      {"", "", "101001", "n:1"},
      {"", "", "信息化建设", "n:1"},
  });
  run.region = region(0, 0, 3, {1, 2, 3, 4, 5, 6});
  run.family = family();
  run.table.kind = "k";
  BlockSpec b;
  b.keys.push_back(key("code", {"编码"}));
  b.keys.push_back(key("label", {"名称"}));
  KeySpec unit_code = key("unit_code", {"项目"});
  unit_code.value_matches.emplace("\\d+");
  KeySpec project = key("project", {"项目"});
  project.value_matches.emplace("(?!\\d+$).*");
  b.keys.push_back(unit_code);
  b.keys.push_back(project);
  b.measures.push_back(measure("total", "合计"));
  run.table.blocks.push_back(b);
  run.go();
  ASSERT_EQ(run.result.facts.size(), 6u) << run.diagnostics();
  EXPECT_EQ(run.fact("D2")->function_code, "2080505");
  EXPECT_EQ(run.fact("D3")->econ_code, "30101");
  EXPECT_EQ(run.fact("D4")->gov_econ_code, "50101");
  EXPECT_EQ(
      run.fact("D5")->function_code + run.fact("D5")->econ_code + run.fact("D5")->gov_econ_code,
      "");
  EXPECT_TRUE(run.has_diagnostic("EXTRACT-CODE", "A5")) << run.diagnostics();
  EXPECT_EQ(run.fact("D6")->unit_code, "101001");
  EXPECT_EQ(run.fact("D6")->project, "");
  EXPECT_EQ(run.fact("D7")->project, "信息化建设");
  EXPECT_EQ(run.fact("D7")->unit_code, "101001") << "carried from the unit row above";
}

TEST(ExtractTable, BadCodeLengthIsAWarningButKept) {
  TableRun run = ys05_run({{"n:2080", "", "", "x", "n:1", "", ""}});
  run.go();
  ASSERT_EQ(run.result.facts.size(), 1u);
  EXPECT_EQ(run.result.facts[0].function_code, "2080");
  EXPECT_TRUE(run.has_diagnostic("EXTRACT-CODE", "A3")) << run.diagnostics();
}

// --- Text dumps: rows whose values do not line up with the header ---

TEST(ExtractTable, TextRowWithAnAmountBeyondTheHeaderIsLeftOutWhole) {
  for (SheetKind kind : {SheetKind::Text, SheetKind::Worksheet}) {
    TableRun run = ys05_run({
        {"n:210", "", "", "卫生健康支出", "n:5.00", "n:3.00", "n:2.00"},
        {"n:221", "", "", "住房保障支出", "n:1.00", "n:1.00", "", "n:9.00"},  // one value too many
    });
    run.sheet.kind = kind;
    run.go();
    if (kind == SheetKind::Text) {
      EXPECT_EQ(run.result.facts.size(), 3u) << run.diagnostics();
      EXPECT_EQ(run.fact("E4"), nullptr);
      EXPECT_EQ(run.result.rows_rejected, 1u);
      ASSERT_TRUE(run.has_diagnostic("EXTRACT-ROW-SHIFTED", "H4")) << run.diagnostics();
      EXPECT_FALSE(run.has_diagnostic("EXTRACT-UNBOUND-COLUMN", "H4")) << run.diagnostics();
      for (const Diagnostic& d : run.sink.items()) {
        if (d.code == "EXTRACT-ROW-SHIFTED") {
          EXPECT_EQ(d.raw_text, "9.00");
        }
      }
    } else {
      // A workbook's extra column is a column, not a shift: its values are
      // kept without a measure and reported, the row kept.
      EXPECT_EQ(run.result.facts.size(), 6u) << run.diagnostics();
      ASSERT_NE(run.fact("H4"), nullptr);
      EXPECT_EQ(run.fact("H4")->measure, "");
      EXPECT_EQ(run.result.rows_rejected, 0u);
      EXPECT_TRUE(run.has_diagnostic("EXTRACT-UNBOUND-COLUMN", "H4")) << run.diagnostics();
    }
  }
}

TEST(ExtractTable, TextRowWithADecimalAmountInAKeyColumnIsLeftOut) {
  TableRun run = ys05_run({
      {"12.50", "", "", "卫生健康支出", "n:5.00", "", ""},
      {"n:221", "", "", "住房保障支出", "n:1.00", "", ""},  // whole-number codes are codes
  });
  run.sheet.kind = SheetKind::Text;
  run.go();
  EXPECT_TRUE(run.has_diagnostic("EXTRACT-ROW-SHIFTED", "A3")) << run.diagnostics();
  EXPECT_EQ(run.fact("E3"), nullptr);
  ASSERT_NE(run.fact("E4"), nullptr);
  EXPECT_EQ(run.fact("E4")->function_code, "221");
}

TEST(ExtractTable, TextRowWithHeaderWordsAsKeysIsAnUnlabelledTotal) {
  // Hubei 表3 in seed 003: the second header line and the total row on one line.
  for (SheetKind kind : {SheetKind::Text, SheetKind::Worksheet}) {
    TableRun run = ys05_run({{"", "", "", "科目名称", "n:5.00", "n:3.00", "n:2.00"}});
    run.sheet.kind = kind;
    run.go();
    const Fact* f = run.fact("E3");
    ASSERT_NE(f, nullptr) << run.diagnostics();
    if (kind == SheetKind::Text) {
      EXPECT_TRUE(f->is_total);
      EXPECT_EQ(f->row_label, "");
      EXPECT_TRUE(run.has_diagnostic("EXTRACT-HEADER-IN-BODY", "D3")) << run.diagnostics();
    } else {
      EXPECT_EQ(f->row_label, "科目名称");
      EXPECT_FALSE(run.has_diagnostic("EXTRACT-HEADER-IN-BODY", "D3")) << run.diagnostics();
    }
  }
}

TEST(ExtractTable, TextTableWithoutAUnitLineSaysWhichUnitItAssumed) {
  for (SheetKind kind : {SheetKind::Text, SheetKind::Worksheet}) {
    TableRun run = ys05_run({{"n:210", "", "", "卫生健康支出", "n:5.00", "", ""}});
    run.region.unit = HeadingText{};
    run.sheet.kind = kind;
    run.go();
    ASSERT_EQ(run.result.facts.size(), 1u);
    EXPECT_EQ(run.result.facts[0].value, "50000");  // the family's 万元
    bool said = false;
    for (const Diagnostic& d : run.sink.items()) {
      said =
          said || (d.code == "EXTRACT-UNIT-ASSUMED" && d.message.find("万元") != std::string::npos);
    }
    EXPECT_EQ(said, kind == SheetKind::Text) << run.diagnostics();
  }
}

}  // namespace
}  // namespace bc
