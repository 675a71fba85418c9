// `budgetconv mappings draft` and the binding part of `mappings check`:
// a draft of each shipped family, written from its blank template alone (the
// family's own mapping left out of the proposals), recovers at least 90% of the
// facts the finished mapping gives on the family's fixture; and `mappings
// check` finds what a broken copy of the Jiangxi mapping gets wrong (an
// ambiguous block anchor, split code columns bound with one pattern).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <sstream>

#include "cli/commands.h"
#include "mapping/mapping_draft.h"
#include "pipeline/convert_file.h"
#include "read/workbook.h"
#include "support/conversion_helpers.h"
#include "support/stage_helpers.h"

namespace bc {
namespace {

namespace fs = std::filesystem;
const fs::path kSource = BC_SOURCE_DIR;

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Cli {
  int code = 0;
  std::string out;
};

Cli run(std::vector<std::string> args) {
  args.insert(args.begin(), "budgetconv");
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  std::ostringstream captured;
  std::streambuf* old = std::cout.rdbuf(captured.rdbuf());
  Cli r;
  r.code = run_cli(static_cast<int>(argv.size()), argv.data());
  std::cout.rdbuf(old);
  r.out = captured.str();
  return r;
}

class DraftFamily : public ::testing::TestWithParam<std::string> {};

TEST_P(DraftFamily, ADraftFromTheTemplateRecoversNinetyPercentOfTheFacts) {
  const std::string family = GetParam();
  const MappingSet& shipped = testing_support::project_mappings();
  auto workbook = open_workbook((kSource / "templates" / (family + ".xlsx")).string(), {});
  DraftOptions options;
  options.family = family;
  options.exclude_family = family;
  DraftStats stats;
  const std::string yaml = draft_mapping(*workbook, shipped, options, &stats);
  EXPECT_GT(stats.tables, 0u);

  test::ScratchDir dir;
  dir.write("mappings/vocabulary.yaml", read(kSource / "mappings/vocabulary.yaml"));
  dir.write("mappings/" + family + ".yaml", yaml);
  std::vector<MappingProblem> problems;
  const MappingSet drafted = load_mappings(dir.file("mappings"), problems);
  for (const auto& p : problems) ADD_FAILURE() << p.where << ": " << p.message << "\n" << yaml;
  ASSERT_EQ(drafted.families.size(), 1u) << yaml;

  const std::string fixture =
      (kSource / "tests/fixtures" / family / (family + "-2024.xlsx")).string();
  const FileOutcome finished = testing_support::convert_with_project_mappings(fixture);
  const FileOutcome draft = convert_file(fixture, drafted, {});
  ASSERT_NE(finished.status, FileStatus::Failed) << finished.error;
  std::map<std::pair<std::string, std::string>, const Fact*> by_cell;
  for (const Fact& f : draft.facts) by_cell[{f.source_sheet, f.source_cell}] = &f;
  std::size_t total = 0, recovered = 0;
  std::map<std::string, std::size_t> lost;  // table: facts not recovered
  for (const Fact& f : finished.facts) {
    // A draft skips the performance forms: their form: entries are written by hand.
    if (f.measure.empty() || testing_support::is_performance_form_kind(f.table_kind)) continue;
    ++total;
    auto it = by_cell.find({f.source_sheet, f.source_cell});
    if (it != by_cell.end() && it->second->measure == f.measure && it->second->value == f.value &&
        it->second->function_code == f.function_code && it->second->econ_code == f.econ_code &&
        it->second->gov_econ_code == f.gov_econ_code)
      ++recovered;
    else
      ++lost[f.table_code];
  }
  ASSERT_GT(total, 0u);
  std::ostringstream why;
  for (const auto& [t, n] : lost) why << t << ": " << n << "  ";
  std::cout << "[ draft " << family << " ] " << recovered << " of " << total << " facts recovered; "
            << stats.measures << " measures, " << stats.todo
            << " TODO; lost by table: " << why.str() << "\n";
  EXPECT_GE(recovered * 100, total * 90)
      << recovered << " of " << total << "; " << why.str() << "\n"
      << yaml;
}

INSTANTIATE_TEST_SUITE_P(Shipped, DraftFamily,
                         ::testing::Values("henan-ys", "shaanxi-biao", "hubei-biao",
                                           "jiangxi-gongkai"),
                         [](const ::testing::TestParamInfo<std::string>& p) {
                           std::string name = p.param;
                           for (char& c : name) c = c == '-' ? '_' : c;
                           return name;
                         });

TEST(MappingsCheck, TheShippedMappingsBindTheirTemplates) {
  const Cli r = run({"mappings", "check", "--mappings", (kSource / "mappings").string()});
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("jiangxi-gongkai: "), std::string::npos) << r.out;
  EXPECT_TRUE(std::regex_search(
      r.out, std::regex("jiangxi-gongkai: \\d+ of \\d+ tables of .*jiangxi-gongkai.xlsx bind")))
      << r.out;
}

TEST(MappingsCheck, ABrokenJiangxiCopyShowsItsAmbiguousAnchorAndCodeColumns) {
  test::ScratchDir dir;
  for (const char* f : {"vocabulary.yaml", "jiangxi-gongkai.yaml"})
    dir.write(std::string("mappings/") + f, read(kSource / "mappings" / f));
  dir.write("templates/jiangxi-gongkai.xlsx", read(kSource / "templates/jiangxi-gongkai.xlsx"));
  std::string yaml = read(kSource / "mappings/jiangxi-gongkai.yaml");
  // The two 公用经费 blocks without occurrence: their anchor matches two columns.
  for (const char* occ : {"        occurrence: 1\n", "        occurrence: 2\n"}) {
    const auto at = yaml.find(occ);
    ASSERT_NE(at, std::string::npos);
    yaml.erase(at, std::string(occ).size());
  }
  // Split code columns bound with one pattern: it matches 类, 款 and 项.
  const std::string parts =
      "parts: ['支出功能分类科目编码/类', '支出功能分类科目编码/款', '支出功能分类科目编码/项']";
  const auto at = yaml.find(parts);
  ASSERT_NE(at, std::string::npos);
  yaml.replace(at, parts.size(), "header: '支出功能分类科目编码/(类|款|项)'");
  dir.write("mappings/jiangxi-gongkai.yaml", yaml);
  const Cli r = run({"mappings", "check", "--mappings", dir.file("mappings")});
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_TRUE(std::regex_search(r.out, std::regex("公开06表.*ambiguous: block anchor"))) << r.out;
  EXPECT_TRUE(std::regex_search(r.out, std::regex("公开02表.*ambiguous: key function_code")))
      << r.out;
}

}  // namespace
}  // namespace bc

namespace bc {
namespace {

// `inspect` locates tables as convert does: with the heading_lines of the
// mapping files given, and it names the 栏次 rows that never give facts.
TEST(Inspect, UsesTheFamiliesHeadingLinesAndNamesStructureRows) {
  test::ScratchDir dir;
  dir.write("in/t.csv",
            "2024年一般公共预算支出表,,\n编制机关：某某局,,单位：元\n科目编码,科目名称,合计\n"
            "栏次,,1\n210,卫生健康支出,100.00\n");
  dir.write("mappings/vocabulary.yaml", read(kSource / "mappings/vocabulary.yaml"));
  dir.write("mappings/mouprov.yaml", R"(family: mouprov
stage: budget
heading_lines:
  department: ['编制机关']
tables:
  - kind: gpb_expenditure_by_function
    titles: ['一般公共预算支出表']
    keys: {function_code: '科目编码', label: '科目名称'}
    measures:
      - {id: total, header: '合计'}
)");
  const Cli with = run({"inspect", dir.file("in/t.csv"), "--mappings", dir.file("mappings")});
  EXPECT_EQ(with.code, 0) << with.out;
  EXPECT_NE(with.out.find("部门 某某局"), std::string::npos) << with.out;
  EXPECT_NE(with.out.find("structure rows (栏次/column numbers, no facts): 4"), std::string::npos)
      << with.out;
  const Cli without =
      run({"inspect", dir.file("in/t.csv"), "--mappings", (kSource / "mappings").string()});
  EXPECT_EQ(without.out.find("部门 某某局"), std::string::npos) << without.out;
}

}  // namespace
}  // namespace bc
