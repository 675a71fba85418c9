// A family file that extends a national mapping states only its differences;
// a national fallback family converts only tables no family file claims.
#include <gtest/gtest.h>

#include "pipeline/convert_file.h"
#include "support/stage_helpers.h"

namespace bc {
namespace {

const char* kNational = R"(family: nat
stage: budget
default_unit: 万元
fallback: true
tables:
  - id: gpb
    kind: gpb_expenditure_by_function
    titles: ['一般公共预算支出(情况)?表']
    keys: {function_code: '科目编码', label: '科目名称'}
    measures:
      - {id: total, header: '合计'}
      - {id: basic, header: '基本支出'}
)";

const char* kLocal = R"(family: local
stage: budget
default_unit: 万元
extends: nat
tables:
  - extends: gpb
    code: L5
    titles: ['本地支出表']
    measures:
      - {id: project, header: '项目支出'}
)";

struct Fixture {
  test::ScratchDir dir;
  MappingSet mappings;
  std::vector<MappingProblem> problems;
  explicit Fixture(bool with_local = true) {
    dir.write("mappings/vocabulary.yaml", test::kMiniVocabulary);
    dir.write("mappings/nat.yaml", kNational);
    if (with_local) dir.write("mappings/local.yaml", kLocal);
    mappings = load_mappings(dir.file("mappings"), problems);
  }
};

TEST(Inheritance, AnExtendingTableStatesOnlyItsDifferences) {
  Fixture fx;
  ASSERT_TRUE(fx.problems.empty())
      << fx.problems.front().where << ": " << fx.problems.front().message;
  const FamilySpec* local = fx.mappings.family("local");
  ASSERT_NE(local, nullptr);
  EXPECT_FALSE(local->fallback);
  ASSERT_EQ(local->tables.size(), 1u);
  const TableSpec& t = local->tables[0];
  EXPECT_EQ(t.code, "L5");
  EXPECT_EQ(t.kind, "gpb_expenditure_by_function");  // inherited
  ASSERT_EQ(t.titles.size(), 1u);                    // own titles replace the base's
  EXPECT_EQ(t.titles[0].source(), "本地支出表");
  ASSERT_EQ(t.blocks.size(), 1u);
  EXPECT_EQ(t.blocks[0].keys.size(), 2u);  // inherited keys
  std::vector<std::string> ids;
  for (const MeasureSpec& m : t.blocks[0].measures) ids.push_back(m.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"total", "basic", "project"}));
}

TEST(Inheritance, AMissingBaseOrTableIsAProblem) {
  test::ScratchDir dir;
  dir.write("mappings/vocabulary.yaml", test::kMiniVocabulary);
  dir.write("mappings/local.yaml", kLocal);
  std::vector<MappingProblem> problems;
  MappingSet set = load_mappings(dir.file("mappings"), problems);
  bool named = false;
  for (const MappingProblem& p : problems)
    named = named || p.message.find("family 'nat'") != std::string::npos;
  EXPECT_TRUE(named) << (problems.empty() ? "" : problems[0].message);
  EXPECT_EQ(set.family("local"), nullptr);
}

TEST(Fallback, TheNationalMappingConvertsWhatNoFamilyClaims) {
  const std::string csv =
      "一般公共预算支出表,,,,\n单位：万元,,,,\n科目编码,科目名称,合计,基本支出,项目支出\n"
      "210,卫生健康支出,100.00,60.00,40.00\n";
  for (bool with_local : {true, false}) {
    Fixture fx(with_local);
    FileOutcome o = convert_file(fx.dir.write("t.csv", csv), fx.mappings, {});
    ASSERT_EQ(o.tables.size(), 1u);
    // The local family's title is 本地支出表: the national mapping reads this one.
    EXPECT_EQ(o.tables[0].template_id, "nat");
    EXPECT_EQ(o.fact_count(), 3u);
    bool said = false;
    for (const Diagnostic& d : o.diagnostics.items()) said = said || d.code == "MAP-FALLBACK";
    EXPECT_TRUE(said);
  }
  // A family's own table wins over the national one.
  Fixture fx;
  FileOutcome o = convert_file(
      fx.dir.write("l.csv",
                   "本地支出表,,,,\n单位：万元,,,,\n科目编码,科目名称,合计,基本支出,项目支出\n"
                   "210,卫生健康支出,100.00,60.00,40.00\n"),
      fx.mappings, {});
  ASSERT_EQ(o.tables.size(), 1u);
  EXPECT_EQ(o.tables[0].template_id, "local");
  for (const Fact& f : o.facts) EXPECT_FALSE(f.measure.empty()) << f.source_cell;
}

}  // namespace
}  // namespace bc
