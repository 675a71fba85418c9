// converters/mapping: label/header patterns, the YAML loader, column binding
// and the mapping chooser.
#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <string>

#include "mapping/column_binding.h"
#include "mapping/mapping_chooser.h"
#include "mapping/mapping_spec.h"
#include "support/stage_helpers.h"

namespace bc {
namespace {

using test::ScratchDir;
using Path = std::vector<std::string>;

// ---------------------------------------------------------------- patterns

TEST(LabelPattern, IsAnchoredToTheWholeText) {
  LabelPattern p("合计");
  EXPECT_TRUE(p.matches("合计"));
  EXPECT_FALSE(p.matches("合计数"));
  EXPECT_FALSE(p.matches("总合计"));
  EXPECT_TRUE(LabelPattern(".*合计").matches("总合计"));
  EXPECT_EQ(p.source(), "合计");
}

TEST(LabelPattern, QuantifiersApplyToWholeCharacters) {
  // A byte-wise regex would make ? apply to the last UTF-8 byte of 费.
  LabelPattern p("经费?");
  EXPECT_TRUE(p.matches("经"));
  EXPECT_TRUE(p.matches("经费"));
  LabelPattern groups("一般公共预算(拨款)?(收入)?");
  EXPECT_TRUE(groups.matches("一般公共预算"));
  EXPECT_TRUE(groups.matches("一般公共预算拨款"));
  EXPECT_TRUE(groups.matches("一般公共预算拨款收入"));
  EXPECT_FALSE(groups.matches("一般公共预算收"));
  EXPECT_TRUE(LabelPattern("[一二三]").matches("二"));
  EXPECT_FALSE(LabelPattern("[一二三]").matches("四"));
}

TEST(LabelPattern, FullWidthBracketsAreLiteralAsciiBracketsAreSyntax) {
  LabelPattern literal("单位（科目名称）");
  EXPECT_TRUE(literal.matches("单位(科目名称)"));
  EXPECT_FALSE(literal.matches("单位科目名称"));
  LabelPattern mixed("因公出国（境）费(用)?");
  EXPECT_TRUE(mixed.matches("因公出国(境)费"));
  EXPECT_TRUE(mixed.matches("因公出国(境)费用"));
  EXPECT_FALSE(mixed.matches("因公出国境费"));
  // Full-width ？ and ＊ are literal too.
  EXPECT_TRUE(LabelPattern("是否？").matches("是否?"));
  EXPECT_FALSE(LabelPattern("是否？").matches("是"));
}

TEST(LabelPattern, IsNormalisedLikeTheText) {
  EXPECT_TRUE(LabelPattern("项 目").matches("项目"));
  EXPECT_TRUE(LabelPattern("其中：财政拨款").matches("其中:财政拨款"));
  EXPECT_TRUE(LabelPattern("“三公”经费合计").matches("\"三公\"经费合计"));
}

TEST(LabelPattern, BadRegexThrowsNamingThePattern) {
  try {
    LabelPattern p("(abc");
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("(abc"), std::string::npos) << e.what();
  }
  EXPECT_THROW(LabelPattern("[a"), std::invalid_argument);
  EXPECT_THROW(LabelPattern("*x"), std::invalid_argument);
}

TEST(LabelPattern, LongTextDoesNotOverflowTheStack) {
  // Labels and header texts come straight from cells (up to 1 MiB each);
  // total_labels such as '.*(合计|总计|小计)' are matched against every row label.
  // Text beyond the pattern length limit never matches (no label is that
  // long); what matters is that the process survives and answers.
  std::string label(50000, 'x');
  EXPECT_EXIT(
      {
        bool matched = LabelPattern(".*(合计|总计|小计)").matches(label + "合计");
        std::exit(matched ? 0 : 3);
      },
      ::testing::ExitedWithCode(3), "");
  std::string near_limit(2900, 'x');
  EXPECT_TRUE(LabelPattern(".*(合计|总计|小计)").matches(near_limit + "合计"));
}

TEST(HeaderPattern, LevelsMatchAnOrderedSubsequenceEndingAtTheLastLevel) {
  HeaderPattern p("基本支出/工资福利支出");
  EXPECT_TRUE(p.matches(Path{"基本支出", "人员经费", "工资福利支出"}));
  EXPECT_TRUE(p.matches(Path{"基本支出", "工资福利支出"}));
  EXPECT_FALSE(p.matches(Path{"项目支出", "工资福利支出"}));
  EXPECT_FALSE(p.matches(Path{"基本支出", "工资福利支出", "小计"}));  // last level must match
  EXPECT_FALSE(p.matches(Path{"工资福利支出"}));
  EXPECT_FALSE(p.matches(Path{}));
  HeaderPattern order("A/B/C");
  EXPECT_TRUE(order.matches(Path{"A", "x", "B", "y", "C"}));
  EXPECT_FALSE(order.matches(Path{"B", "A", "C"}));
  // A single level matches the last level whatever sits above it.
  EXPECT_TRUE(HeaderPattern("合计").matches(Path{"支出", "合计"}));
}

TEST(HeaderPattern, SlashInsideBracketsBelongsToTheRegexAndSpacesAreOptional) {
  HeaderPattern inside("(收入/支出)");
  EXPECT_TRUE(inside.matches(Path{"收入/支出"}));
  EXPECT_FALSE(inside.matches(Path{"收入", "支出"}));
  HeaderPattern spaced("基本支出 / 小计");
  EXPECT_TRUE(spaced.matches(Path{"基本支出", "小计"}));
  HeaderPattern alternation("收入/(金额|预算数)");
  EXPECT_TRUE(alternation.matches(Path{"收入", "预算数"}));
  EXPECT_FALSE(alternation.matches(Path{"支出", "预算数"}));
}

TEST(HeaderPattern, EmptyLevelOrBadRegexThrows) {
  EXPECT_THROW(HeaderPattern("基本支出//小计"), std::invalid_argument);
  EXPECT_THROW(HeaderPattern("/小计"), std::invalid_argument);
  EXPECT_THROW(HeaderPattern("基本支出/"), std::invalid_argument);
  EXPECT_THROW(HeaderPattern(""), std::invalid_argument);
  EXPECT_THROW(HeaderPattern("基本支出/(小计"), std::invalid_argument);
}

// ------------------------------------------------------------------ loader

const char* kGoodFamily = R"(family: test-fam
name: 测试
stage: budget
default_unit: 万元
tables:
  - code: T1
    kind: gpb_expenditure_by_function
    titles: ['一般公共预算支出(情况)?表']
    keys:
      function_code: {parts: ['科目编码/类', '科目编码/款', '科目编码/项']}
      label: '科目名称'
    measures:
      - {id: total, header: '合计'}
      - {id: basic, header: '基本支出', optional: true}
  - code: T2
    kind: summary_income_expenditure
    titles: ['部门收支总表']
    items:
      - {id: income.gpb, labels: ['公共预算']}
    blocks:
      - side: income
        anchor: '收入/项目'
        keys: {label: '收入/项目'}
        measures: [{id: amount, header: '收入/金额'}]
      - side: expenditure
        anchor: '支出/项目'
        label_codes: function
        keys: {label: '支出/项目'}
        measures: [{id: amount, header: '支出/金额'}]
  - kind: perf_project
    titles: ['.*项目绩效目标表']
    skip: forms are not converted
)";

std::string problems_text(const std::vector<MappingProblem>& problems) {
  std::string out;
  for (const auto& p : problems) out += p.file + " | " + p.where + " | " + p.message + "\n";
  return out;
}

bool has_problem(const std::vector<MappingProblem>& problems, const std::string& where_part,
                 const std::string& message_part) {
  return std::any_of(problems.begin(), problems.end(), [&](const MappingProblem& p) {
    return p.where.find(where_part) != std::string::npos &&
           p.message.find(message_part) != std::string::npos;
  });
}

// Loads kMiniVocabulary plus one family file whose text is `family`.
struct Loaded {
  MappingSet set;
  std::vector<MappingProblem> problems;
};

Loaded load_with(const ScratchDir& dir, const std::string& family) {
  dir.write("vocabulary.yaml", test::kMiniVocabulary);
  dir.write("fam.yaml", family);
  Loaded out;
  out.set = load_mappings(dir.path().string(), out.problems);
  return out;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << "test setup: '" << from << "' not in the text";
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

TEST(MappingLoader, LoadsAGoodFamily) {
  ScratchDir dir;
  Loaded l = load_with(dir, kGoodFamily);
  EXPECT_TRUE(l.problems.empty()) << problems_text(l.problems);
  const FamilySpec* f = l.set.family("test-fam");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->stage, "budget");
  EXPECT_EQ(f->default_unit, "万元");
  ASSERT_EQ(f->tables.size(), 3u);
  const TableSpec& t1 = f->tables[0];
  EXPECT_EQ(t1.code, "T1");
  ASSERT_EQ(t1.blocks.size(), 1u);
  ASSERT_EQ(t1.blocks[0].keys.size(), 2u);
  const KeySpec& code_key =
      t1.blocks[0].keys[0].name == "function_code" ? t1.blocks[0].keys[0] : t1.blocks[0].keys[1];
  EXPECT_EQ(code_key.headers.size(), 3u);
  EXPECT_EQ(code_key.scheme, CodeScheme::Function);
  ASSERT_EQ(t1.blocks[0].measures.size(), 2u);
  EXPECT_TRUE(t1.blocks[0].measures[1].optional);
  EXPECT_EQ(t1.unbound_columns, "warn");
  const TableSpec& t2 = f->tables[1];
  ASSERT_EQ(t2.blocks.size(), 2u);
  EXPECT_EQ(t2.blocks[1].side, "expenditure");
  EXPECT_EQ(t2.blocks[1].label_codes, CodeScheme::Function);
  ASSERT_EQ(t2.items.size(), 1u);
  EXPECT_TRUE(f->tables[2].skip);
  EXPECT_EQ(f->tables[2].skip_reason, "forms are not converted");
  // The vocabulary came along.
  EXPECT_TRUE(l.set.vocabulary.has_measure("total"));
  EXPECT_FALSE(l.set.vocabulary.has_measure("nope"));
  EXPECT_EQ(l.set.vocabulary.default_items.size(), 6u);
}

TEST(MappingLoader, UnknownKeysAreProblemsAndDropTheFamily) {
  ScratchDir dir;
  Loaded top = load_with(dir, replaced(kGoodFamily, "default_unit:", "defualt_unit:"));
  EXPECT_TRUE(has_problem(top.problems, "", "unknown key 'defualt_unit'"))
      << problems_text(top.problems);
  EXPECT_EQ(top.set.family("test-fam"), nullptr);

  Loaded measure =
      load_with(dir, replaced(kGoodFamily, "{id: total, header:", "{id: total, hedaer:"));
  EXPECT_TRUE(has_problem(measure.problems, "tables[0] (T1).measures[0]", "unknown key 'hedaer'"))
      << problems_text(measure.problems);

  Loaded key = load_with(dir, replaced(kGoodFamily, "label: '科目名称'", "lable: '科目名称'"));
  EXPECT_TRUE(has_problem(key.problems, "keys.lable", "unknown row key"))
      << problems_text(key.problems);

  Loaded table = load_with(dir, replaced(kGoodFamily, "    titles: ['部门收支总表']",
                                         "    titles: ['部门收支总表']\n    tittle: x"));
  EXPECT_TRUE(has_problem(table.problems, "tables[1]", "unknown key 'tittle'"))
      << problems_text(table.problems);
}

TEST(MappingLoader, BadRegexIsAProblemNamingWhere) {
  ScratchDir dir;
  Loaded title =
      load_with(dir, replaced(kGoodFamily, "'一般公共预算支出(情况)?表'", "'一般(公共'"));
  EXPECT_TRUE(has_problem(title.problems, "tables[0] (T1).titles", "bad pattern"))
      << problems_text(title.problems);
  EXPECT_EQ(title.set.family("test-fam"), nullptr);

  Loaded header = load_with(dir, replaced(kGoodFamily, "header: '合计'", "header: '合计['"));
  EXPECT_TRUE(has_problem(header.problems, "measures[0].header", "bad pattern"))
      << problems_text(header.problems);

  Loaded empty_level = load_with(dir, replaced(kGoodFamily, "header: '合计'", "header: '合计//x'"));
  EXPECT_TRUE(has_problem(empty_level.problems, "measures[0].header", "empty level"))
      << problems_text(empty_level.problems);
}

TEST(MappingLoader, IdsMissingFromTheVocabularyAreProblems) {
  ScratchDir dir;
  Loaded measure = load_with(dir, replaced(kGoodFamily, "{id: total,", "{id: totl,"));
  EXPECT_TRUE(
      has_problem(measure.problems, "measures[0].id", "measure id 'totl' is not in the vocabulary"))
      << problems_text(measure.problems);
  EXPECT_EQ(measure.set.family("test-fam"), nullptr);

  Loaded kind = load_with(dir, replaced(kGoodFamily, "kind: perf_project", "kind: perf_projects"));
  EXPECT_TRUE(
      has_problem(kind.problems, ".kind", "table kind 'perf_projects' is not in the vocabulary"))
      << problems_text(kind.problems);

  Loaded item =
      load_with(dir, replaced(kGoodFamily, "{id: income.gpb, labels", "{id: income.gbp, labels"));
  EXPECT_TRUE(
      has_problem(item.problems, "items[0].id", "item id 'income.gbp' is not in the vocabulary"))
      << problems_text(item.problems);
}

TEST(MappingLoader, StructuralProblems) {
  ScratchDir dir;
  Loaded anchors = load_with(dir, replaced(kGoodFamily, "        anchor: '支出/项目'\n", ""));
  EXPECT_TRUE(has_problem(anchors.problems, "blocks[1]", "needs an 'anchor'"))
      << problems_text(anchors.problems);

  Loaded no_measure =
      load_with(dir, replaced(replaced(kGoodFamily, "      - {id: total, header: '合计'}\n", ""),
                              "      - {id: basic, header: '基本支出', optional: true}\n", ""));
  EXPECT_TRUE(has_problem(no_measure.problems, "tables[0]", "at least one measure"))
      << problems_text(no_measure.problems);

  Loaded unbound = load_with(
      dir, replaced(kGoodFamily, "  - code: T2\n", "  - code: T2\n    unbound_columns: maybe\n"));
  EXPECT_TRUE(has_problem(unbound.problems, "unbound_columns", "warn or error"))
      << problems_text(unbound.problems);

  Loaded stage = load_with(dir, replaced(kGoodFamily, "stage: budget", "stage: draft"));
  EXPECT_TRUE(has_problem(stage.problems, "stage", "budget or final"))
      << problems_text(stage.problems);

  Loaded skip = load_with(dir, replaced(kGoodFamily, "skip: forms are not converted", "skip: ''"));
  EXPECT_TRUE(has_problem(skip.problems, "skip", "reason")) << problems_text(skip.problems);

  Loaded nocode = load_with(dir, replaced(kGoodFamily, "    titles: ['.*项目绩效目标表']\n", ""));
  EXPECT_TRUE(has_problem(nocode.problems, "tables[2]", "code or titles"))
      << problems_text(nocode.problems);

  Loaded both = load_with(dir, replaced(kGoodFamily, "        anchor: '支出/项目'\n",
                                        "        anchor: '支出/项目'\n        parts: x\n"));
  EXPECT_TRUE(has_problem(both.problems, "blocks[1]", "unknown key 'parts'"))
      << problems_text(both.problems);
}

TEST(MappingLoader, DefaultUnitMustBeAMoneyUnit) {
  // docs/mapping-language.md lists 元, 千元, 万元, 百万元, 亿元. A typo passes
  // `mappings check` today and fails every table at extraction instead.
  ScratchDir dir;
  Loaded l = load_with(dir, replaced(kGoodFamily, "default_unit: 万元", "default_unit: 万"));
  EXPECT_TRUE(has_problem(l.problems, "default_unit", "")) << problems_text(l.problems);
}

TEST(MappingLoader, TableUnitMustBeAMoneyUnit) {
  ScratchDir dir;
  Loaded l =
      load_with(dir, replaced(kGoodFamily, "  - code: T2\n", "  - code: T2\n    unit: 万圆\n"));
  EXPECT_TRUE(has_problem(l.problems, "unit", "")) << problems_text(l.problems);
}

TEST(MappingLoader, ItemAfterMustNameAKnownItem) {
  // `after` names the item that opens a section; a typo silently disables
  // the item (it can never match), so the loader should say so.
  ScratchDir dir;
  Loaded l =
      load_with(dir, replaced(kGoodFamily, "{id: income.gpb, labels: ['公共预算']}",
                              "{id: income.gpb, labels: ['公共预算'], after: income.carryovr}"));
  EXPECT_TRUE(has_problem(l.problems, "after", "income.carryovr")) << problems_text(l.problems);
}

TEST(MappingLoader, FileLevelProblems) {
  ScratchDir dir;
  Loaded bad_yaml = load_with(dir, "family: [unclosed\n");
  EXPECT_TRUE(has_problem(bad_yaml.problems, "", "not valid YAML"))
      << problems_text(bad_yaml.problems);
  EXPECT_TRUE(bad_yaml.set.families.empty());

  // Two files with the same family id: the second is refused.
  dir.write("vocabulary.yaml", test::kMiniVocabulary);
  dir.write("a.yaml", kGoodFamily);
  dir.write("fam.yaml", kGoodFamily);
  std::vector<MappingProblem> problems;
  MappingSet set = load_mappings(dir.path().string(), problems);
  EXPECT_EQ(set.families.size(), 1u);
  EXPECT_TRUE(has_problem(problems, "family", "used twice")) << problems_text(problems);

  ScratchDir empty;
  std::vector<MappingProblem> none;
  load_mappings(empty.path().string(), none);
  ASSERT_EQ(none.size(), 1u);
  EXPECT_NE(none[0].message.find("vocabulary file is missing"), std::string::npos);
}

TEST(MappingLoader, MalformedShapesAreProblemsNotExceptions) {
  ScratchDir dir;
  std::vector<MappingProblem> problems;
  dir.write("vocabulary.yaml", test::kMiniVocabulary);
  dir.write("fam.yaml", "just some text\n");
  EXPECT_NO_THROW(load_mappings(dir.path().string(), problems));
  EXPECT_FALSE(problems.empty());

  problems.clear();
  dir.write("fam.yaml", replaced(kGoodFamily, "label: '科目名称'", "label: ['科目名称', 'x']"));
  EXPECT_NO_THROW(load_mappings(dir.path().string(), problems));
  EXPECT_TRUE(has_problem(problems, "keys.label", "")) << problems_text(problems);
}

TEST(MappingLoader, MalformedVocabularyIsAProblemNotAnException) {
  // class_names written as a list instead of a code -> names map.
  ScratchDir dir;
  std::string vocabulary =
      replaced(test::kMiniVocabulary,
               "    '201': [一般公共服务支出]\n    '208': [社会保障和就业支出]\n    "
               "'223': [国有资本经营预算支出]\n",
               "    - '201'\n");
  dir.write("vocabulary.yaml", vocabulary);
  std::vector<MappingProblem> problems;
  try {
    load_mappings(dir.path().string(), problems);
  } catch (const std::exception& e) {
    FAIL() << "load_mappings threw: " << e.what();
  }
  EXPECT_TRUE(has_problem(problems, "class_names", "")) << problems_text(problems);
}

TEST(MappingLoader, RealMappingsLoadCleanly) {
  std::vector<MappingProblem> problems;
  MappingSet set = load_mappings(std::string(BC_SOURCE_DIR) + "/mappings", problems);
  EXPECT_TRUE(problems.empty()) << problems_text(problems);
  const FamilySpec* henan = set.family("henan-ys");
  ASSERT_NE(henan, nullptr);
  EXPECT_GE(henan->tables.size(), 10u);
  for (const TableSpec& t : henan->tables) {
    EXPECT_TRUE(t.code_printed) << t.code;
  }
  ASSERT_NE(set.family("shaanxi-biao"), nullptr);
  for (const TableSpec& t : set.family("shaanxi-biao")->tables) {
    // 表1–表12 print no code; the forms 表13–表15 do.
    const bool form = t.code == "表13" || t.code == "表14" || t.code == "表15";
    if (!t.code.empty()) {
      EXPECT_EQ(t.code_printed, form) << t.code;
    }
  }
  EXPECT_EQ(set.vocabulary.code_for_name(CodeScheme::Function, "八、社会保障和就业").value_or("-"),
            "208");
  EXPECT_EQ(set.vocabulary.code_for_name(CodeScheme::Function, "社会保障和就业支出").value_or("-"),
            "208");
  EXPECT_EQ(set.vocabulary.code_for_name(CodeScheme::DeptEcon, "(一)工资福利支出").value_or("-"),
            "301");
  EXPECT_FALSE(set.vocabulary.code_for_name(CodeScheme::Function, "工资福利支出").has_value());
  EXPECT_FALSE(set.vocabulary.code_for_name(CodeScheme::Function, "").has_value());
  EXPECT_TRUE(set.vocabulary.is_total_label("合计"));
  EXPECT_TRUE(set.vocabulary.is_total_label("一、本年收入小计"));
  EXPECT_TRUE(set.vocabulary.is_total_label("总计"));
  EXPECT_FALSE(set.vocabulary.is_total_label("一般公共服务支出"));
}

// ----------------------------------------------------------------- binding

ColumnHeader header(std::uint32_t col, Path path) {
  ColumnHeader h;
  h.col = col;
  h.path = path;
  h.normalised_path = path;
  return h;
}

MeasureSpec measure(const std::string& id, const std::string& pattern, bool optional = false) {
// MeasureSpec grows fields; the ones not named keep their defaults.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
  MeasureSpec m{.id = id, .header = HeaderPattern(pattern)};
#pragma GCC diagnostic pop
  m.optional = optional;
  m.unit = MeasureUnit::Money;
  return m;
}

KeySpec key(const std::string& name, std::vector<std::string> patterns, bool optional = false) {
  KeySpec k;
  k.name = name;
  for (const auto& p : patterns) k.headers.emplace_back(p);
  k.optional = optional;
  return k;
}

TableSpec one_block_table() {
  TableSpec t;
  t.code = "T1";
  t.kind = "gpb_expenditure_by_function";
  BlockSpec b;
  b.keys.push_back(key("function_code", {"科目编码/类", "科目编码/款", "科目编码/项"}));
  b.keys.push_back(key("label", {"科目名称"}));
  b.measures.push_back(measure("total", "合计"));
  b.measures.push_back(measure("basic", "基本支出"));
  b.measures.push_back(measure("project", "项目支出", true));
  t.blocks.push_back(std::move(b));
  return t;
}

std::vector<ColumnHeader> ys05_headers() {
  return {header(0, {"科目编码", "类"}), header(1, {"科目编码", "款"}),
          header(2, {"科目编码", "项"}), header(3, {"科目名称"}),
          header(4, {"合计"}),           header(5, {"基本支出"})};
}

TEST(ColumnBinding, BindsEveryKeyAndMeasureByHeader) {
  TableSpec t = one_block_table();
  auto headers = ys05_headers();
  TableBinding b = bind_columns(t, headers);
  EXPECT_TRUE(b.complete()) << (b.missing.empty() ? "" : b.missing[0]);
  ASSERT_EQ(b.blocks.size(), 1u);
  ASSERT_EQ(b.blocks[0].keys.size(), 2u);
  ASSERT_EQ(b.blocks[0].keys[0].columns.size(), 3u);
  EXPECT_EQ(b.blocks[0].keys[0].columns[1]->col, 1u);
  ASSERT_EQ(b.blocks[0].measures.size(), 2u);  // project is optional and absent
  EXPECT_EQ(b.blocks[0].measures[0].column->col, 4u);
  EXPECT_EQ(b.blocks[0].measures[1].column->col, 5u);
  EXPECT_EQ(b.bound_count, 6u);
  EXPECT_TRUE(b.unbound.empty());
}

TEST(ColumnBinding, MissingColumnsAreNamed) {
  TableSpec t = one_block_table();
  auto headers = ys05_headers();
  headers.pop_back();  // no 基本支出
  TableBinding b = bind_columns(t, headers);
  EXPECT_FALSE(b.complete());
  ASSERT_EQ(b.missing.size(), 1u);
  EXPECT_EQ(b.missing[0], "measure basic (header '基本支出')");

  TableSpec with_key = one_block_table();
  headers = ys05_headers();
  headers.erase(headers.begin() + 3);  // no 科目名称
  b = bind_columns(with_key, headers);
  ASSERT_EQ(b.missing.size(), 1u);
  EXPECT_EQ(b.missing[0], "key label (header '科目名称')");

  b = bind_columns(with_key, {});
  ASSERT_EQ(b.missing.size(), 1u);
  EXPECT_NE(b.missing[0].find("header band"), std::string::npos);
}

TEST(ColumnBinding, AmbiguousColumnsNameBothCandidates) {
  TableSpec t = one_block_table();
  auto headers = ys05_headers();
  headers.push_back(header(8, {"合计"}));
  TableBinding b = bind_columns(t, headers);
  EXPECT_FALSE(b.complete());
  ASSERT_EQ(b.ambiguous.size(), 1u);
  EXPECT_NE(b.ambiguous[0].find("measure total"), std::string::npos) << b.ambiguous[0];
  EXPECT_NE(b.ambiguous[0].find("E '合计'"), std::string::npos) << b.ambiguous[0];
  EXPECT_NE(b.ambiguous[0].find("I '合计'"), std::string::npos) << b.ambiguous[0];

  // Two measures whose patterns both pick the same single column.
  TableSpec twice = one_block_table();
  twice.blocks[0].measures.push_back(measure("amount", "合计|总计"));
  b = bind_columns(twice, ys05_headers());
  ASSERT_EQ(b.ambiguous.size(), 1u);
  EXPECT_NE(b.ambiguous[0].find("measures total and amount both match column E"), std::string::npos)
      << b.ambiguous[0];
}

TEST(ColumnBinding, UnusedHeaderColumnsAreReportedUnbound) {
  TableSpec t = one_block_table();
  auto headers = ys05_headers();
  headers.push_back(header(6, {"备注"}));
  TableBinding b = bind_columns(t, headers);
  EXPECT_TRUE(b.complete());
  ASSERT_EQ(b.unbound.size(), 1u);
  EXPECT_EQ(b.unbound[0]->col, 6u);
}

TEST(ColumnBinding, RequiredHeadersAreChecked) {
  TableSpec t = one_block_table();
  t.require_headers.emplace_back("单位代码");
  TableBinding b = bind_columns(t, ys05_headers());
  ASSERT_EQ(b.missing.size(), 1u);
  EXPECT_EQ(b.missing[0], "required header '单位代码'");
}

TableSpec two_sided_table() {
  TableSpec t;
  t.code = "T2";
  t.kind = "summary_income_expenditure";
  for (const char* side : {"income", "expenditure"}) {
    BlockSpec b;
    b.side = side;
    std::string head = std::string(side) == "income" ? "收入" : "支出";
    b.anchor.emplace(head + "/项目");
    b.keys.push_back(key("label", {"项目"}));
    b.measures.push_back(measure("amount", "金额|预算数"));
    t.blocks.push_back(std::move(b));
  }
  return t;
}

std::vector<ColumnHeader> two_sided_headers() {
  return {header(0, {"收入", "项目"}), header(1, {"收入", "预算数"}), header(2, {"支出", "项目"}),
          header(3, {"支出", "预算数"})};
}

TEST(ColumnBinding, BlocksSpanFromTheirAnchorToTheNextAnchor) {
  TableSpec t = two_sided_table();
  auto headers = two_sided_headers();
  TableBinding b = bind_columns(t, headers);
  EXPECT_TRUE(b.complete()) << (b.ambiguous.empty() ? "" : b.ambiguous[0]);
  ASSERT_EQ(b.blocks.size(), 2u);
  EXPECT_EQ(b.blocks[0].spec->side, "income");
  EXPECT_EQ(b.blocks[0].first_col, 0u);
  EXPECT_EQ(b.blocks[0].last_col, 1u);
  EXPECT_EQ(b.blocks[1].first_col, 2u);
  EXPECT_EQ(b.blocks[1].last_col, 3u);
  ASSERT_EQ(b.blocks[1].measures.size(), 1u);
  EXPECT_EQ(b.blocks[1].measures[0].column->col, 3u);
  EXPECT_EQ(b.blocks[0].keys[0].columns[0]->col, 0u);
  EXPECT_EQ(b.blocks[1].keys[0].columns[0]->col, 2u);
}

TEST(ColumnBinding, MissingOrAmbiguousAnchor) {
  TableSpec t = two_sided_table();
  auto headers = two_sided_headers();
  headers[2] = header(2, {"支出", "科目"});
  TableBinding b = bind_columns(t, headers);
  EXPECT_FALSE(b.complete());
  EXPECT_TRUE(std::any_of(b.missing.begin(), b.missing.end(),
                          [](const std::string& m) { return m == "block anchor '支出/项目'"; }));

  headers = two_sided_headers();
  headers.push_back(header(4, {"支出", "项目"}));
  b = bind_columns(t, headers);
  ASSERT_FALSE(b.ambiguous.empty());
  EXPECT_NE(b.ambiguous[0].find("block anchor '支出/项目'"), std::string::npos) << b.ambiguous[0];
}

// ----------------------------------------------------------------- chooser

// Two families built in memory; pointers in a Choice refer into this set.
MappingSet chooser_set() {
  MappingSet set;
  FamilySpec a;
  a.id = "fam-a";
  a.stage = "budget";
  TableSpec t1 = one_block_table();
  t1.code = "YS05";
  t1.titles.emplace_back("一般公共预算支出(情况)?表");
  a.tables.push_back(t1);
  TableSpec skip;
  skip.kind = "perf_project";
  skip.titles.emplace_back(".*项目绩效目标表");
  skip.skip = true;
  skip.skip_reason = "forms";
  a.tables.push_back(skip);
  set.families.push_back(a);

  FamilySpec b;
  b.id = "fam-b";
  b.stage = "budget";
  TableSpec t2 = one_block_table();
  t2.code = "表5";
  t2.titles.emplace_back("一般公共预算支出表");
  b.tables.push_back(t2);
  set.families.push_back(b);
  return set;
}

TableRegion region_with(const std::string& code, const std::string& title) {
  TableRegion r;
  if (!code.empty()) r.code = HeadingText{code, code, {}};
  if (!title.empty()) r.titles.push_back(HeadingText{title, title, {}});
  r.has_header = true;
  return r;
}

TEST(MappingChooser, PrintedCodeWinsAndRulesOutOtherCodes) {
  MappingSet set = chooser_set();
  auto headers = ys05_headers();
  Choice c = choose_mapping(set, region_with("YS05", "一般公共预算支出表"), headers, {});
  ASSERT_NE(c.chosen(), nullptr) << c.error;
  EXPECT_EQ(c.chosen()->family->id, "fam-a");
  EXPECT_TRUE(c.chosen()->code_matched);
  EXPECT_TRUE(c.chosen()->title_matched);
  EXPECT_EQ(c.chosen()->score, 100 + 60 + 2 * 6);
  for (const Candidate& cand : c.ranked) {
    EXPECT_NE(cand.table->code, "表5") << "a different printed code must rule the table out";
  }
}

// A table that prints no code (code_printed: false, Shaanxi) gives its code
// to table_code only: another province's printed 表5 neither
// recognises its entry nor rules it out.
TEST(MappingChooser, CodesOfAFamilyThatPrintsNoneNeverRecogniseATable) {
  MappingSet set = chooser_set();
  set.families[1].tables[0].code_printed = false;
  auto headers = ys05_headers();
  Choice c = choose_mapping(set, region_with("表5", "支出表"), headers, {});
  for (const Candidate& cand : c.ranked) {
    EXPECT_FALSE(cand.family->id == "fam-b" && cand.code_matched);
  }
  c = choose_mapping(set, region_with("YS9", "一般公共预算支出表"), headers, {});
  ASSERT_NE(c.chosen(), nullptr) << c.error;
  EXPECT_EQ(c.chosen()->family->id, "fam-b") << "a printed code must not rule it out";
  EXPECT_TRUE(c.chosen()->title_matched);
}

TEST(MappingChooser, TitleWithDepartmentYearPrefixOrBracketSuffixMatches) {
  MappingSet set = chooser_set();
  set.families.pop_back();  // only fam-a
  auto headers = ys05_headers();
  for (const char* title :
       {"卢氏县医疗保障局2024年一般公共预算支出情况表", "一般公共预算支出表（2024年度）",
        "2024年一般公共预算支出表(按功能分类)"}) {
    Choice c = choose_mapping(set, region_with("", title), headers, {});
    ASSERT_NE(c.chosen(), nullptr) << title << ": " << c.error;
    EXPECT_TRUE(c.chosen()->title_matched) << title;
    EXPECT_EQ(c.chosen()->table->code, "YS05");
  }
  TableRegion with_dept = region_with("", "某某局一般公共预算支出表");
  with_dept.department = HeadingText{"部门：某某局", "某某局", {}};
  Choice c = choose_mapping(set, with_dept, headers, {});
  ASSERT_NE(c.chosen(), nullptr) << c.error;
  EXPECT_TRUE(c.chosen()->title_matched);
}

TEST(MappingChooser, TieIsAnErrorNamingBothCandidates) {
  MappingSet set = chooser_set();
  auto headers = ys05_headers();
  Choice c = choose_mapping(set, region_with("", "一般公共预算支出表"), headers, {});
  EXPECT_EQ(c.chosen(), nullptr);
  EXPECT_EQ(c.error_code, "MAP-AMBIGUOUS");
  EXPECT_NE(c.error.find("fam-a YS05"), std::string::npos) << c.error;
  EXPECT_NE(c.error.find("fam-b 表5"), std::string::npos) << c.error;
  EXPECT_NE(c.error.find("--template"), std::string::npos) << c.error;
}

TEST(MappingChooser, TemplateAndTableOptionsSettleATie) {
  MappingSet set = chooser_set();
  auto headers = ys05_headers();
  ChooseOptions by_template;
  by_template.template_id = "fam-b";
  Choice c = choose_mapping(set, region_with("", "一般公共预算支出表"), headers, by_template);
  ASSERT_NE(c.chosen(), nullptr) << c.error;
  EXPECT_EQ(c.chosen()->family->id, "fam-b");
  for (const Candidate& cand : c.ranked) EXPECT_EQ(cand.family->id, "fam-b");

  ChooseOptions by_table;
  by_table.table_code = "YS05";
  c = choose_mapping(set, region_with("", "一般公共预算支出表"), headers, by_table);
  ASSERT_NE(c.chosen(), nullptr) << c.error;
  EXPECT_EQ(c.chosen()->table->code, "YS05");
  EXPECT_TRUE(c.chosen()->code_matched);

  // --table overrides a different printed code.
  c = choose_mapping(set, region_with("表9", ""), headers, by_table);
  ASSERT_NE(c.chosen(), nullptr) << c.error;
  EXPECT_EQ(c.chosen()->table->code, "YS05");
}

TEST(MappingChooser, HeadersAloneIdentifyAFullyBoundTable) {
  MappingSet set = chooser_set();
  set.families.pop_back();
  auto headers = ys05_headers();
  Choice c = choose_mapping(set, region_with("", ""), headers, {});
  ASSERT_NE(c.chosen(), nullptr) << c.error;
  EXPECT_FALSE(c.chosen()->code_matched);
  EXPECT_FALSE(c.chosen()->title_matched);
  EXPECT_EQ(c.chosen()->score, 12);

  // Two bound columns are not enough to identify a table.
  MappingSet small;
  FamilySpec f;
  f.id = "small";
  TableSpec t;
  t.kind = "k";
  t.titles.emplace_back("不会匹配的标题表");
  BlockSpec b;
  b.keys.push_back(key("label", {"科目名称"}));
  b.measures.push_back(measure("total", "合计"));
  t.blocks.push_back(b);
  f.tables.push_back(t);
  small.families.push_back(f);
  c = choose_mapping(small, region_with("", ""), headers, {});
  EXPECT_EQ(c.chosen(), nullptr);
  EXPECT_EQ(c.error_code, "MAP-NO-MATCH");
}

TEST(MappingChooser, ATableIdentifiedByItsCodeConvertsWithTheColumnsThatBind) {
  MappingSet set = chooser_set();
  set.families.pop_back();
  auto headers = ys05_headers();
  headers.pop_back();  // no 基本支出
  Choice c = choose_mapping(set, region_with("YS05", ""), headers, {});
  ASSERT_NE(c.chosen(), nullptr) << c.error;
  EXPECT_EQ(c.chosen()->table->code, "YS05");
  ASSERT_EQ(c.chosen()->binding.missing.size(), 1u);
  EXPECT_NE(c.chosen()->binding.missing[0].find("measure basic"), std::string::npos);
}

TEST(MappingChooser, NoMatchNamesOnlyCandidatesThatSomethingMatched) {
  MappingSet set = chooser_set();
  set.families.pop_back();
  auto headers = ys05_headers();
  headers.pop_back();  // no 基本支出: a table of headers alone must bind completely
  Choice c = choose_mapping(set, region_with("", "某某情况表"), headers, {});
  EXPECT_EQ(c.chosen(), nullptr);
  EXPECT_EQ(c.error_code, "MAP-NO-MATCH");
  EXPECT_NE(c.error.find("closest: fam-a YS05"), std::string::npos) << c.error;
  EXPECT_NE(c.error.find("title does not match"), std::string::npos) << c.error;
  EXPECT_NE(c.error.find("missing measure basic"), std::string::npos) << c.error;

  // Nothing in common with any mapping: say so, and how to start one.
  std::vector<ColumnHeader> unrelated = {header(0, {"月份"}), header(1, {"销量"})};
  c = choose_mapping(set, region_with("", ""), unrelated, {});
  EXPECT_EQ(c.chosen(), nullptr);
  EXPECT_EQ(c.error.find("closest"), std::string::npos) << c.error;
  EXPECT_NE(c.error.find("no mapping comes close"), std::string::npos) << c.error;
  EXPECT_NE(c.error.find("mappings draft"), std::string::npos) << c.error;
}

TEST(MappingChooser, SkippedFormsAreChosenByTitleWithoutBinding) {
  MappingSet set = chooser_set();
  Choice c = choose_mapping(set, region_with("", "2024年部门预算项目绩效目标表"), {}, {});
  ASSERT_NE(c.chosen(), nullptr) << c.error;
  EXPECT_TRUE(c.chosen()->table->skip);
  EXPECT_EQ(c.chosen()->table->kind, "perf_project");
}

TEST(MappingChooser, EmptyMappingSetIsNoMatch) {
  MappingSet set;
  Choice c = choose_mapping(set, region_with("YS05", "x表"), ys05_headers(), {});
  EXPECT_EQ(c.chosen(), nullptr);
  EXPECT_EQ(c.error_code, "MAP-NO-MATCH");
  EXPECT_TRUE(c.ranked.empty());
}

}  // namespace
}  // namespace bc
