// Validation (docs/validation.md): the rules files lint clean against the
// mappings and a bad rule is a lint problem; the tolerance follows the unit;
// missing cells make a check inapplicable, never a finding; the fixtures of
// all three families report exactly the seeds' inconsistencies listed in
// docs/validation.md; and mutated fixtures (a number changed, a row dropped)
// are caught by the right rule naming the right cell.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "core/decimal.h"
#include "normalise/units.h"
#include "pipeline/convert_file.h"
#include "support/stage_helpers.h"
#include "validate/findings_report.h"
#include "validate/rule_loader.h"
#include "validate/validator.h"

namespace bc {
namespace {

namespace fs = std::filesystem;

const fs::path kSource = BC_SOURCE_DIR;
const fs::path kShared = BC_SHARED_DIR;
const fs::path kBinary = BC_BINARY_DIR;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

const MappingSet& mappings() {
  static const MappingSet set = [] {
    std::vector<MappingProblem> problems;
    MappingSet s = load_mappings((kSource / "mappings").string(), problems);
    for (const auto& p : problems) ADD_FAILURE() << p.file << " " << p.where << ": " << p.message;
    return s;
  }();
  return set;
}

const RuleSet& rules() {
  static const RuleSet set = [] {
    std::vector<MappingProblem> problems;
    RuleSet s = load_rules((kSource / "mappings").string(), mappings(), problems);
    for (const auto& p : problems) ADD_FAILURE() << p.file << " " << p.where << ": " << p.message;
    return s;
  }();
  return set;
}

FileOutcome convert(const fs::path& path) {
  return convert_file(path.string(), mappings(), ConvertOptions{});
}

// Each fixture is converted once.
const FileOutcome& converted(const std::string& relative) {
  static std::map<std::string, FileOutcome> cache;
  auto it = cache.find(relative);
  if (it == cache.end())
    it = cache.emplace(relative, convert(kSource / "tests/fixtures" / relative)).first;
  return it->second;
}

std::vector<Finding> findings(const ValidationReport& report, bool with_info = false) {
  std::vector<Finding> out;
  for (const Finding& f : report.findings) {
    if (with_info || f.severity != Severity::Info) out.push_back(f);
  }
  return out;
}

// The finding of `rule` whose cells start with `total_cell` followed by '=' (or are exactly it).
const Finding* find(const ValidationReport& report, const std::string& rule,
                    const std::string& total_cell) {
  for (const Finding& f : report.findings) {
    if (f.rule_id != rule) continue;
    if (f.cells == total_cell || f.cells.rfind(total_cell + "=", 0) == 0) return &f;
  }
  return nullptr;
}

std::string describe(const ValidationReport& report) {
  std::string out;
  for (const Finding& f : report.findings) out += "  " + finding_line(f) + "\n";
  return out;
}

// --- mutations of converted facts ---------------------------------------------

Fact* fact_at(std::vector<Fact>& facts, const std::string& table, const std::string& cell) {
  for (Fact& f : facts) {
    if (f.table_code == table && f.source_cell == cell) return &f;
  }
  return nullptr;
}

// Sets a cell to `printed`, a number in the table's unit ("64.60" 万元).
void set_printed(std::vector<Fact>& facts, const std::string& table, const std::string& cell,
                 const std::string& printed) {
  Fact* f = fact_at(facts, table, cell);
  ASSERT_NE(f, nullptr) << table << " " << cell;
  auto unit = money_unit(f->raw_unit);
  auto value = Decimal::parse(printed);
  ASSERT_TRUE(value.has_value());
  auto yuan = value->scaled_by_power_of_ten(unit ? unit->power_of_ten : 0);
  ASSERT_TRUE(yuan.has_value());
  f->value = yuan->to_string();
  f->raw_value = printed;
}

// Removes every fact of one sheet row of a table (the row is dropped).
void drop_row(std::vector<Fact>& facts, const std::string& table, const std::string& row) {
  const auto before = facts.size();
  facts.erase(std::remove_if(facts.begin(), facts.end(),
                             [&](const Fact& f) {
                               if (f.table_code != table) return false;
                               auto a = f.source_cell.find_first_of("0123456789");
                               return a != std::string::npos && f.source_cell.substr(a) == row;
                             }),
              facts.end());
  ASSERT_LT(facts.size(), before) << "no fact in row " << row << " of " << table;
}

ValidationReport validate_mutated(const FileOutcome& outcome, const std::vector<Fact>& facts) {
  return validate_facts(facts, outcome.tables, rules());
}

// --- the rules files ----------------------------------------------------------

TEST(ValidateRules, EveryFamilyDeclaresEachRuleFamilyAsData) {
  ASSERT_FALSE(rules().families.empty());
  for (const FamilySpec& family : mappings().families) {
    const FamilyRules* r = rules().family(family.id);
    ASSERT_NE(r, nullptr) << "no mappings/rules/" << family.id << ".yaml";
    std::map<RuleType, int> by_type;
    bool balance = false, cross = false;
    for (const Rule& rule : r->rules) {
      ++by_type[rule.type];
      if (rule.type == RuleType::Sum) {
        const FieldMatch* total_table = rule.sum_total.selector.find(FactField::Table);
        const FieldMatch* total_item = rule.sum_total.selector.find(FactField::Item);
        for (const CellRef& part : rule.sum_parts) {
          const FieldMatch* part_table = part.selector.find(FactField::Table);
          if (total_table && part_table && total_table->values != part_table->values) cross = true;
          // Families without codes of their own (the national fallback) select by kind.
          const FieldMatch* total_kind = rule.sum_total.selector.find(FactField::Kind);
          const FieldMatch* part_kind = part.selector.find(FactField::Kind);
          if (total_kind && part_kind && total_kind->values != part_kind->values) cross = true;
          const FieldMatch* part_item = part.selector.find(FactField::Item);
          if (total_item && part_item && total_item->values.size() == 1 &&
              part_item->values.size() == 1 &&
              total_item->values[0].find("grand_total") != std::string::npos &&
              part_item->values[0].find("grand_total") != std::string::npos) {
            balance = true;
          }
        }
      }
    }
    EXPECT_GT(by_type[RuleType::Row], 0) << family.id << ": row identities";
    EXPECT_GT(by_type[RuleType::Column], 0) << family.id << ": column totals";
    EXPECT_GT(by_type[RuleType::Hierarchy] + by_type[RuleType::Outline], 0)
        << family.id << ": hierarchies";
    EXPECT_TRUE(balance) << family.id << ": a 收入总计 = 支出总计 balance";
    EXPECT_TRUE(cross) << family.id << ": cross-table identities";
  }
}

class RulesLint : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(dir_.path() / "mappings" / "rules");
    fs::copy_file(kSource / "mappings/vocabulary.yaml", dir_.path() / "mappings/vocabulary.yaml");
    fs::copy_file(kSource / "mappings/henan-ys.yaml", dir_.path() / "mappings/henan-ys.yaml");
    // henan-ys extends the national tables: its base file goes beside it.
    fs::copy_file(kSource / "mappings/national-budget.yaml",
                  dir_.path() / "mappings/national-budget.yaml");
    // A mapping may name a reference layout in templates/ next to mappings/.
    if (fs::exists(kSource / "templates/henan-ys.xlsx")) {
      fs::create_directories(dir_.path() / "templates");
      fs::copy_file(kSource / "templates/henan-ys.xlsx", dir_.path() / "templates/henan-ys.xlsx");
    }
  }
  std::string mappings_dir() const { return (dir_.path() / "mappings").string(); }
  void write_rules(const std::string& name, const std::string& text) {
    dir_.write("mappings/rules/" + name, text);
  }
  test::ScratchDir dir_;
};

TEST_F(RulesLint, UnknownNamesAreProblemsNotCrashes) {
  write_rules("henan-ys.yaml", R"(family: henan-ys
rules:
  - {id: good, type: row, tables: [YS03], total: total, parts: [basic, project]}
  - {id: bad.measure, type: row, tables: [YS03], total: total, parts: [basic, no.such.measure]}
  - {id: bad.table_measure, type: row, tables: [YS06], total: total, parts: [basic.personnel, project]}
  - {id: bad.table, type: column, tables: [YS99], total: {is_total: true}}
  - {id: bad.item, type: column, tables: [YS01], total: {item: income.bogus}}
  - {id: bad.key, type: row, tables: [YS03], totl: total, total: total, parts: [basic]}
  - {id: bad.field, type: column, tables: [YS03], total: {colour: red}}
  - {id: bad.hierarchy, type: hierarchy, tables: [YS03], key: row_label}
  - {id: bad.ref, type: sum, total: {table: YS01, item: income.grand_total}, parts: [{table: YS01, measure: amount}]}
  - {id: bad.pattern, type: outline, tables: [YS10], levels: [{row_label: {pattern: '(('}}]}
  - {id: bad.type, type: average, tables: [YS03]}
)");
  std::vector<MappingProblem> problems;
  MappingSet set = load_mappings(mappings_dir(), problems);
  ASSERT_TRUE(problems.empty());
  RuleSet loaded = load_rules(mappings_dir(), set, problems);
  std::string all;
  for (const auto& p : problems) all += p.where + ": " + p.message + "\n";
  auto has = [&](const std::string& where, const std::string& text) {
    return std::any_of(problems.begin(), problems.end(), [&](const MappingProblem& p) {
      return p.where.rfind(where, 0) == 0 && p.message.find(text) != std::string::npos;
    });
  };
  EXPECT_TRUE(has("rules[1].parts[1]", "no.such.measure")) << all;
  EXPECT_TRUE(has("rules[2].parts[1]", "table 'YS06' of henan-ys has no money measure 'project'"))
      << all;
  EXPECT_TRUE(has("rules[3].tables", "table 'YS99'")) << all;
  EXPECT_TRUE(has("rules[4].total.item", "income.bogus")) << all;
  EXPECT_TRUE(has("rules[5]", "unknown key 'totl'")) << all;
  EXPECT_TRUE(has("rules[6].total.colour", "unknown fact field 'colour'")) << all;
  EXPECT_TRUE(has("rules[7].key", "not a code field")) << all;
  EXPECT_TRUE(has("rules[8].total", "needs 'measure'")) << all;
  EXPECT_TRUE(has("rules[9].levels[0].row_label", "")) << all;
  EXPECT_TRUE(has("rules[10].type", "expected type row")) << all;
  for (const auto& p : problems) EXPECT_NE(p.file.find("henan-ys.yaml"), std::string::npos);
  // The good rule is kept; every rule with a problem is left out.
  const FamilyRules* henan = loaded.family("henan-ys");
  ASSERT_NE(henan, nullptr);
  ASSERT_EQ(henan->rules.size(), 1u);
  EXPECT_EQ(henan->rules[0].id, "good");
}

TEST_F(RulesLint, RulesOfAnUnknownFamilyOrBadYamlAreProblems) {
  write_rules("nowhere.yaml", "family: nowhere\nrules: []\n");
  write_rules("broken.yaml", "family: henan-ys\nrules: [ {id: x\n");
  std::vector<MappingProblem> problems;
  MappingSet set = load_mappings(mappings_dir(), problems);
  RuleSet loaded = load_rules(mappings_dir(), set, problems);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_NE(problems[0].message.find("not valid YAML"), std::string::npos) << problems[0].message;
  EXPECT_NE(problems[1].message.find("family 'nowhere'"), std::string::npos) << problems[1].message;
  EXPECT_TRUE(loaded.families.empty());
}

TEST_F(RulesLint, MappingsCheckListsRulesAndFailsOnProblems) {
  write_rules(
      "henan-ys.yaml",
      "family: henan-ys\nrules:\n  - {id: ok.rule, type: row, tables: [YS03], total: total, "
      "parts: [basic, project]}\n");
  std::vector<std::string> args = {"budgetconv", "mappings", "check", "--mappings", mappings_dir()};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  testing::internal::CaptureStdout();
  int status = run_cli(static_cast<int>(argv.size()), argv.data());
  std::string out = testing::internal::GetCapturedStdout();
  EXPECT_EQ(status, 0) << out;
  EXPECT_NE(out.find("henan-ys: 1 validation rules"), std::string::npos) << out;
  EXPECT_NE(out.find("ok.rule: row YS03: total = basic + project"), std::string::npos) << out;

  write_rules("henan-ys.yaml",
              "family: henan-ys\nrules:\n  - {id: bad, type: row, tables: [YS03], total: total, "
              "parts: [basic, no.such]}\n");
  testing::internal::CaptureStdout();
  status = run_cli(static_cast<int>(argv.size()), argv.data());
  out = testing::internal::GetCapturedStdout();
  EXPECT_EQ(status, 2) << out;
  EXPECT_NE(out.find("rules[0].parts[1]: measure 'no.such' is not in the vocabulary"),
            std::string::npos)
      << out;
}

// --- tolerance and missing cells, on hand-made facts -----------------------------

Fact money(const std::string& cell, const std::string& measure, const std::string& printed,
           const std::string& unit, bool is_total = false) {
  Fact f;
  f.source_file = "t.xlsx";
  f.source_sheet = "S";
  f.source_cell = cell;
  f.template_id = "test";
  f.table_code = "T1";
  f.measure = measure;
  f.unit = "CNY";
  f.raw_unit = unit;
  f.raw_value = printed;
  f.is_total = is_total;
  auto u = money_unit(unit);
  f.value = Decimal::parse(printed)->scaled_by_power_of_ten(u ? u->power_of_ten : 0)->to_string();
  return f;
}

RuleSet row_rule(std::map<std::string, Decimal> tolerance = {}) {
  Rule rule;
  rule.id = "t.row";
  rule.type = RuleType::Row;
  rule.tables = {"T1"};
  rule.table_codes = {"T1"};
  rule.row_total.measure = "total";
  rule.row_parts = {MeasureTerm{"basic", std::nullopt, false},
                    MeasureTerm{"project", std::nullopt, false}};
  FamilyRules family;
  family.family = "test";
  family.tolerance = std::move(tolerance);
  family.rules.push_back(rule);
  RuleSet set;
  set.families.push_back(family);
  return set;
}

ValidationReport check_row(const std::vector<Fact>& facts, const RuleSet& set) {
  return validate_facts(facts, {}, set);
}

TEST(ValidateTolerance, WanYuanAllowsOneHundredthPerTermAsAWarning) {
  const RuleSet set = row_rule();
  auto row = [](const std::string& total) {
    return std::vector<Fact>{money("C2", "total", total, "万元"),
                             money("D2", "basic", "5.00", "万元"),
                             money("E2", "project", "5.00", "万元")};
  };
  ValidationReport exact = check_row(row("10.00"), set);
  EXPECT_EQ(exact.counts.checked, 1u);
  EXPECT_EQ(exact.counts.passed, 1u);
  EXPECT_TRUE(exact.findings.empty());

  ValidationReport rounding = check_row(row("10.02"), set);
  ASSERT_EQ(rounding.findings.size(), 1u) << describe(rounding);
  const Finding& w = rounding.findings[0];
  EXPECT_EQ(w.severity, Severity::Warning);
  EXPECT_EQ(w.cells, "C2=D2+E2");
  EXPECT_EQ(w.expected, "10.00");
  EXPECT_EQ(w.actual, "10.02");
  EXPECT_EQ(w.difference, "0.02");
  EXPECT_EQ(w.tolerance, "0.02");
  EXPECT_EQ(w.unit, "万元");

  ValidationReport beyond = check_row(row("10.03"), set);
  ASSERT_EQ(beyond.findings.size(), 1u);
  EXPECT_EQ(beyond.findings[0].severity, Severity::Error);
  EXPECT_EQ(beyond.findings[0].difference, "0.03");
  EXPECT_EQ(beyond.counts.errors, 1u);
}

TEST(ValidateTolerance, YuanIsExactUnlessConfigured) {
  const std::vector<Fact> facts = {money("C2", "total", "12462702.18", "元"),
                                   money("D2", "basic", "9934284.00", "元"),
                                   money("E2", "project", "2528418.17", "元")};
  ValidationReport exact = check_row(facts, row_rule());
  ASSERT_EQ(exact.findings.size(), 1u);
  EXPECT_EQ(exact.findings[0].severity, Severity::Error);
  EXPECT_EQ(exact.findings[0].expected, "12462702.17");
  EXPECT_EQ(exact.findings[0].difference, "0.01");
  EXPECT_EQ(exact.findings[0].tolerance, "0.00");

  ValidationReport configured = check_row(facts, row_rule({{"元", *Decimal::parse("0.01")}}));
  ASSERT_EQ(configured.findings.size(), 1u);
  EXPECT_EQ(configured.findings[0].severity, Severity::Warning);
  EXPECT_EQ(configured.findings[0].tolerance, "0.02");
}

TEST(ValidateTolerance, MissingCellsAreNotCheckedNeverFindings) {
  const RuleSet set = row_rule();
  // Total printed, every part blank: not checked.
  ValidationReport no_parts = check_row({money("C2", "total", "10.00", "万元")}, set);
  ASSERT_EQ(no_parts.findings.size(), 1u);
  EXPECT_EQ(no_parts.findings[0].severity, Severity::Info);
  EXPECT_EQ(no_parts.findings[0].cells, "C2");
  EXPECT_EQ(no_parts.counts.inapplicable, 1u);
  EXPECT_EQ(no_parts.counts.checked, 0u);
  // Total blank over a non-zero part: not checked.
  ValidationReport no_total = check_row({money("D2", "basic", "5.00", "万元")}, set);
  ASSERT_EQ(no_total.findings.size(), 1u);
  EXPECT_EQ(no_total.findings[0].severity, Severity::Info);
  // Nothing to add up: blank total over zero parts, or a zero total over blank parts.
  EXPECT_TRUE(check_row({money("D2", "basic", "0.00", "万元")}, set).findings.empty());
  EXPECT_TRUE(check_row({money("C2", "total", "0.00", "万元")}, set).findings.empty());
  // One blank part among printed ones adds nothing.
  ValidationReport one_blank =
      check_row({money("C2", "total", "5.00", "万元"), money("D2", "basic", "5.00", "万元")}, set);
  EXPECT_TRUE(one_blank.findings.empty());
  EXPECT_EQ(one_blank.counts.passed, 1u);
}

TEST(ValidateTolerance, FactsOfOtherFamiliesTablesAndUnitsAreIgnored) {
  std::vector<Fact> facts = {money("C2", "total", "10.00", "万元"),
                             money("D2", "basic", "1.00", "万元"),
                             money("E2", "project", "1.00", "万元")};
  for (Fact& f : facts) f.template_id = "other";
  EXPECT_TRUE(check_row(facts, row_rule()).findings.empty());
  for (Fact& f : facts) f.template_id = "test";
  for (Fact& f : facts) f.table_code = "T2";
  EXPECT_TRUE(check_row(facts, row_rule()).findings.empty());
  for (Fact& f : facts) f.table_code = "T1";
  facts[0].unit = "text";
  EXPECT_TRUE(check_row(facts, row_rule()).findings.size() <= 1u);  // at most "no total" (info)
  for (const Finding& f : check_row(facts, row_rule()).findings)
    EXPECT_EQ(f.severity, Severity::Info);
}

TEST(ValidateTolerance, LargeTablesStayFast) {
  // 3 classes x 30 款 x 300 项 = 27,000 rows, each with a total; hierarchy and
  // column rules over them must not be quadratic.
  std::vector<Fact> facts;
  auto add = [&](std::uint32_t row, const std::string& code, const std::string& printed,
                 bool is_total) {
    Fact f = money("C" + std::to_string(row + 1), "total", printed, "元", is_total);
    f.function_code = code;
    facts.push_back(f);
  };
  std::uint32_t row = 1;
  add(row++, "", "27000", true);
  for (int c = 0; c < 3; ++c) {
    const std::string cls = std::to_string(201 + c);
    add(row++, cls, "9000", true);
    for (int k = 0; k < 30; ++k) {
      const std::string kuan = cls + (k < 10 ? "0" : "") + std::to_string(k);
      add(row++, kuan, "300", true);
      for (int x = 0; x < 300; ++x)
        add(row++, kuan + (x < 10 ? "00" : x < 100 ? "0" : "") + std::to_string(x), "1", false);
    }
  }
  RuleSet set = row_rule();
  Rule hierarchy;
  hierarchy.id = "t.hierarchy";
  hierarchy.type = RuleType::Hierarchy;
  hierarchy.tables = hierarchy.table_codes = {"T1"};
  hierarchy.key = FactField::FunctionCode;
  Rule column;
  column.id = "t.column";
  column.type = RuleType::Column;
  column.tables = column.table_codes = {"T1"};
  column.total_rows.conditions.emplace_back(FactField::FunctionCode,
                                            FieldMatch{FieldMatch::Kind::Empty, {}, {}});
  column.part_rows.conditions.emplace_back(FactField::IsTotal,
                                           FieldMatch{FieldMatch::Kind::OneOf, {"0"}, {}});
  column.top = FactField::FunctionCode;
  set.families[0].rules = {hierarchy, column};
  const auto start = std::chrono::steady_clock::now();
  ValidationReport report = validate_facts(facts, {}, set);
  const auto seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_TRUE(report.findings.empty()) << describe(report);
  EXPECT_EQ(report.counts.checked, 3u + 90u + 1u);
  EXPECT_LT(seconds, 20.0);
}

// --- the fixtures report exactly the seeds' inconsistencies -----------------------

struct DocRow {
  std::string table, rule, cells, expected, actual, difference, severity;
  bool operator==(const DocRow&) const = default;
};

std::string trim_cell(const std::string& s) {
  auto b = s.find_first_not_of(' ');
  auto e = s.find_last_not_of(' ');
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

// The table of docs/validation.md under <!-- findings: FIXTURE -->.
std::vector<DocRow> documented(const std::string& fixture) {
  const std::string doc = read_file(kSource / "docs/validation.md");
  const std::string marker = "<!-- findings: " + fixture + " -->";
  auto start = doc.find(marker);
  EXPECT_NE(start, std::string::npos) << "docs/validation.md has no " << marker;
  std::vector<DocRow> rows;
  if (start == std::string::npos) return rows;
  auto end = doc.find("<!-- end findings -->", start);
  std::istringstream lines(doc.substr(start + marker.size(), end - start - marker.size()));
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("| ", 0) != 0 || line.rfind("| table", 0) == 0) continue;
    std::vector<std::string> cells;
    std::stringstream fields(line.substr(1));
    std::string cell;
    while (std::getline(fields, cell, '|')) cells.push_back(trim_cell(cell));
    if (cells.size() < 7) continue;
    rows.push_back(DocRow{cells[0], cells[1], cells[2], cells[3], cells[4], cells[5], cells[6]});
  }
  return rows;
}

std::vector<DocRow> reported(const ValidationReport& report) {
  std::vector<DocRow> rows;
  for (const Finding& f : findings(report)) {
    rows.push_back(DocRow{f.table_code, f.rule_id, f.cells, f.expected, f.actual, f.difference,
                          severity_name(f.severity)});
  }
  return rows;
}

class FixtureFindings : public ::testing::TestWithParam<std::string> {};

TEST_P(FixtureFindings, AreExactlyTheDocumentedInconsistencies) {
  const std::string family = GetParam();
  const std::vector<DocRow> expected = documented(family + "/" + family + "-2024.xlsx");
  for (const std::string version : {".xlsx", ".lo.xlsx", ".xls"}) {
    const FileOutcome& outcome = converted(family + "/" + family + "-2024" + version);
    ASSERT_NE(outcome.status, FileStatus::Failed) << outcome.error;
    ValidationReport report = validate_outcome(outcome, rules());
    EXPECT_GT(report.counts.checked, 50u) << version;
    const std::vector<DocRow> got = reported(report);
    EXPECT_EQ(got.size(), expected.size()) << version << "\n" << describe(report);
    for (std::size_t i = 0; i < std::min(got.size(), expected.size()); ++i) {
      EXPECT_TRUE(got[i] == expected[i])
          << version << " finding " << i << ": tool reports\n  " << got[i].table << " | "
          << got[i].rule << " | " << got[i].cells << " | " << got[i].expected << " | "
          << got[i].actual << " | " << got[i].severity << "\nbut docs/validation.md says\n  "
          << expected[i].table << " | " << expected[i].rule << " | " << expected[i].cells;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AllFamilies, FixtureFindings,
                         ::testing::Values("henan-ys", "hubei-biao", "shaanxi-biao",
                                           "jiangxi-gongkai"));

TEST(ValidateSeeds, HenanInconsistenciesArePinned) {
  ValidationReport report = validate_outcome(converted("henan-ys/henan-ys-2024.xlsx"), rules());
  EXPECT_EQ(report.counts.errors, 2u);
  EXPECT_EQ(report.counts.warnings, 8u);
  EXPECT_EQ(report.counts.inapplicable, 0u) << describe(report);
  // YS06: the detail rows add up to 628.46 under the printed 628.48 (rounding, 36 rows).
  const Finding* ys06 = find(report, "ys06.column.grand_total", "E8");
  ASSERT_NE(ys06, nullptr) << describe(report);
  EXPECT_EQ(ys06->expected, "628.46");
  EXPECT_EQ(ys06->actual, "628.48");
  EXPECT_EQ(ys06->tolerance, "0.36");
  EXPECT_EQ(ys06->severity, Severity::Warning);
  // YS06 人员经费 vs YS05 工资福利支出: 10.56 of 302 codes classed as personnel.
  const Finding* personnel = find(report, "cross.ys05-ys06.personnel", "F8");
  ASSERT_NE(personnel, nullptr);
  EXPECT_EQ(personnel->cells, "F8='YS05'!H9");
  EXPECT_EQ(personnel->difference, "10.56");
  EXPECT_EQ(personnel->severity, Severity::Error);
}

TEST(ValidateSeeds, HubeiInconsistenciesArePinned) {
  ValidationReport report = validate_outcome(converted("hubei-biao/hubei-biao-2024.xlsx"), rules());
  // 表10's closing 合计 row prints 单位资金 0.00 against 300.00 in the projects.
  const Finding* unit_funds = find(report, "project.column.grand_total", "L22");
  ASSERT_NE(unit_funds, nullptr) << describe(report);
  EXPECT_EQ(unit_funds->expected, "300.00");
  EXPECT_EQ(unit_funds->actual, "0.00");
  EXPECT_EQ(unit_funds->severity, Severity::Error);
  // The opening 合计 row of 表10 is consistent.
  EXPECT_EQ(find(report, "project.column.grand_total", "L7"), nullptr);
  // 表1 vs 表4 卫生健康 differ by exactly 表1's 其他收入: checked, and consistent.
  EXPECT_EQ(find(report, "cross.t1-t4.fiscal", "D31"), nullptr) << describe(report);
  EXPECT_EQ(find(report, "cross.t4-t5.class", "D14"), nullptr);
}

TEST(ValidateSeeds, ShaanxiSeedIsExact) {
  ValidationReport report =
      validate_outcome(converted("shaanxi-biao/shaanxi-biao-2024.xlsx"), rules());
  EXPECT_TRUE(report.findings.empty()) << describe(report);
  EXPECT_GT(report.counts.passed, 300u);
}

TEST(ValidateSeeds, HenanSeedTextReportsYs06AndShaanxiSeedTextIsConsistent) {
  const fs::path henan = kShared / "seeds/000_ac4a3a9ba1aff537.txt";
  const fs::path shaanxi = kShared / "seeds/004_be18d6bea231d86c.txt";
  if (!fs::exists(henan) || !fs::exists(shaanxi)) GTEST_SKIP() << "shared seeds not found";
  ValidationReport h = validate_outcome(convert(henan), rules());
  const Finding* ys06 = find(h, "ys06.column.grand_total", "E324");
  ASSERT_NE(ys06, nullptr) << describe(h);
  EXPECT_EQ(ys06->expected, "628.46");
  EXPECT_EQ(ys06->actual, "628.48");
  const Finding* personnel = find(h, "cross.ys05-ys06.personnel", "F324");
  ASSERT_NE(personnel, nullptr) << describe(h);
  EXPECT_EQ(personnel->cells, "F324=H303");
  ValidationReport s = validate_outcome(convert(shaanxi), rules());
  EXPECT_EQ(s.counts.errors + s.counts.warnings, 0u) << describe(s);
  EXPECT_GT(s.counts.passed, 100u);
}

// --- mutated fixtures ----------------------------------------------------------------

TEST(ValidateMutations, HenanChangedNumberIsCaughtInItsRowAndColumn) {
  const FileOutcome& outcome = converted("henan-ys/henan-ys-2024.xlsx");
  std::vector<Fact> facts = outcome.facts;
  set_printed(facts, "YS05", "G12", "64.60");  // 行政运行 基本支出 64.50 -> 64.60
  ValidationReport report = validate_mutated(outcome, facts);
  const Finding* row = find(report, "expenditure.row.total", "F12");
  ASSERT_NE(row, nullptr) << describe(report);
  EXPECT_EQ(row->cells, "F12=G12+L12");
  EXPECT_EQ(row->expected, "74.10");
  EXPECT_EQ(row->actual, "74.00");
  EXPECT_EQ(row->severity, Severity::Error);
  const Finding* basic = find(report, "expenditure.row.basic", "G12");
  ASSERT_NE(basic, nullptr);
  EXPECT_EQ(basic->cells, "G12=H12+J12");
  EXPECT_EQ(basic->severity, Severity::Error);
  const Finding* column = find(report, "function.column.grand_total", "G9");
  ASSERT_NE(column, nullptr);
  EXPECT_EQ(column->expected, "628.58");
  EXPECT_EQ(column->severity, Severity::Error);
  EXPECT_EQ(report.counts.errors, 2u + 3u) << describe(report);  // the seed's two, plus these three
}

TEST(ValidateMutations, HenanDroppedRowIsCaughtByTheColumnTotal) {
  const FileOutcome& outcome = converted("henan-ys/henan-ys-2024.xlsx");
  std::vector<Fact> facts = outcome.facts;
  drop_row(facts, "YS06", "32");  // 30101 基本工资 207.11
  ValidationReport report = validate_mutated(outcome, facts);
  const Finding* total = find(report, "ys06.column.grand_total", "E8");
  ASSERT_NE(total, nullptr) << describe(report);
  EXPECT_EQ(total->expected, "421.35");
  EXPECT_EQ(total->severity, Severity::Error);
  EXPECT_EQ(total->cells.find("E32"), std::string::npos);
  EXPECT_NE(total->cells.find("E33"), std::string::npos);
}

TEST(ValidateMutations, HenanBalanceAndCrossTableTotals) {
  const FileOutcome& outcome = converted("henan-ys/henan-ys-2024.xlsx");
  std::vector<Fact> facts = outcome.facts;
  set_printed(facts, "YS01", "B40", "839.98");  // 收入总计
  set_printed(facts, "YS10", "D16", "141.00");  // 2024年离休及伤残军人医疗费 140.00
  ValidationReport report = validate_mutated(outcome, facts);
  const Finding* balance = find(report, "ys01.balance", "B40");
  ASSERT_NE(balance, nullptr) << describe(report);
  EXPECT_EQ(balance->cells, "B40=D40");
  EXPECT_EQ(balance->severity, Severity::Error);
  ASSERT_NE(find(report, "ys01.income.grand_total", "B40"), nullptr);
  const Finding* project = find(report, "ys10.row.sources", "D16");
  ASSERT_NE(project, nullptr);
  EXPECT_EQ(project->cells, "D16=E16");
  const Finding* specific = find(report, "cross.ys03-ys10.specific", "N9");
  ASSERT_NE(specific, nullptr) << describe(report);
  EXPECT_EQ(specific->expected, "185.00");
  EXPECT_NE(specific->cells.find("'YS10'!D16"), std::string::npos);
}

TEST(ValidateMutations, HubeiChangedAndDroppedRows) {
  const FileOutcome& outcome = converted("hubei-biao/hubei-biao-2024.xlsx");
  std::vector<Fact> facts = outcome.facts;
  set_printed(facts, "表6", "C9", "102.46");  // 30101 基本工资 101.46
  drop_row(facts, "表10", "11");              // the project 城乡医疗救助 200.00
  ValidationReport report = validate_mutated(outcome, facts);
  const Finding* row = find(report, "basic.row.total", "C9");
  ASSERT_NE(row, nullptr) << describe(report);
  EXPECT_EQ(row->cells, "C9=D9+E9");
  const Finding* parent = find(report, "econ.hierarchy", "C8");
  ASSERT_NE(parent, nullptr);
  EXPECT_EQ(parent->expected, "665.43");
  EXPECT_EQ(parent->severity, Severity::Error);
  const Finding* group = find(report, "project.outline", "D10");  // the project group 31
  ASSERT_NE(group, nullptr);
  EXPECT_EQ(group->expected, "2335.06");
  EXPECT_EQ(group->cells.find("D11"), std::string::npos);
  ASSERT_NE(find(report, "project.column.grand_total", "D7"), nullptr);
}

TEST(ValidateMutations, ShaanxiIsExactToTheFen) {
  const FileOutcome& outcome = converted("shaanxi-biao/shaanxi-biao-2024.xlsx");
  std::vector<Fact> facts = outcome.facts;
  set_printed(facts, "表4", "F9",
              "991871.01");  // (2)商品和服务支出 under 1、人员经费和公用经费支出
  ValidationReport report = validate_mutated(outcome, facts);
  const Finding* line = find(report, "two_sided.expenditure.outline", "F7");
  ASSERT_NE(line, nullptr) << describe(report);
  EXPECT_EQ(line->cells, "F7=F8+F9+F10");
  EXPECT_EQ(line->difference, "-0.01");
  EXPECT_EQ(line->severity, Severity::Error);
  EXPECT_EQ(report.counts.errors, 1u) << describe(report);
}

TEST(ValidateMutations, ShaanxiProjectGroupsAndCrossTables) {
  const FileOutcome& outcome = converted("shaanxi-biao/shaanxi-biao-2024.xlsx");
  std::vector<Fact> facts = outcome.facts;
  Fact* project = nullptr;
  for (Fact& f : facts) {
    if (f.table_code == "表10" && f.project == "医保服务能力大提升" && f.measure == "total")
      project = &f;
  }
  ASSERT_NE(project, nullptr);
  const std::string cell = project->source_cell;
  set_printed(facts, "表10", cell, "210000.00");
  Fact* meetings = nullptr;
  for (Fact& f : facts) {
    if (f.table_code == "表8" && f.econ_code == "30215" && f.measure == "total") meetings = &f;
  }
  ASSERT_NE(meetings, nullptr);
  set_printed(facts, "表8", meetings->source_cell, "38000.50");
  ValidationReport report = validate_mutated(outcome, facts);
  // The group 部门预算专用项目 right above the project.
  const std::string group = "C" + std::to_string(std::stoi(cell.substr(1)) - 1);
  const Finding* f = find(report, "project.outline", group);
  ASSERT_NE(f, nullptr) << describe(report);
  EXPECT_EQ(f->cells, group + "=" + cell);
  EXPECT_NE(find(report, "project.column.grand_total", "C5"), nullptr) << describe(report);
  const Finding* cross = find(report, "cross.t6-t8.econ", meetings->source_cell);
  ASSERT_NE(cross, nullptr) << describe(report);
  EXPECT_NE(cross->cells.find("'表6'!"), std::string::npos);
}

// File-level mutations: a spec copy written by make_fixtures, and a seed text
// with one line removed, go through the whole pipeline.
TEST(ValidateMutations, SpecCopyWithOneNumberChanged) {
  const fs::path make_fixtures = kBinary / "tests/make_fixtures";
  if (!fs::exists(make_fixtures)) GTEST_SKIP() << "make_fixtures was not built";
  std::string spec = read_file(kSource / "tests/fixtures/specs/henan-ys-2024.yaml");
  const auto section = spec.find("  - name: \"YS05\"");
  ASSERT_NE(section, std::string::npos);
  const std::string row = "\"行政运行\", {n: \"74.00\"}, {n: \"64.50\"}";
  const auto at = spec.find(row, section);
  ASSERT_NE(at, std::string::npos);
  spec.replace(at, row.size(), "\"行政运行\", {n: \"74.00\"}, {n: \"64.60\"}");
  test::ScratchDir dir;
  const std::string spec_path = dir.write("mutated.yaml", spec);
  const std::string xlsx = dir.file("mutated.xlsx");
  const std::string command =
      "\"" + make_fixtures.string() + "\" \"" + spec_path + "\" \"" + xlsx + "\" > /dev/null 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  ValidationReport report = validate_outcome(convert(xlsx), rules());
  const Finding* f = find(report, "expenditure.row.total", "F12");
  ASSERT_NE(f, nullptr) << describe(report);
  EXPECT_EQ(f->source_sheet, "YS05");
  EXPECT_EQ(f->cells, "F12=G12+L12");
  EXPECT_EQ(f->difference, "-0.10");
  EXPECT_EQ(f->severity, Severity::Error);
}

TEST(ValidateMutations, SeedTextWithOneRowDropped) {
  const fs::path seed = kShared / "seeds/000_ac4a3a9ba1aff537.txt";
  if (!fs::exists(seed)) GTEST_SKIP() << "shared seeds not found";
  std::string text = read_file(seed);
  const std::string line = "30206\t电费\t50201\t办公经费\t0.30\t\t0.30\n";
  const auto at = text.find(line);
  ASSERT_NE(at, std::string::npos);
  text.erase(at, line.size());
  test::ScratchDir dir;
  ValidationReport report = validate_outcome(convert(dir.write("000.txt", text)), rules());
  // 公用经费: 16.70 printed, 16.40 left: beyond 14 x 0.01.
  const Finding* public_costs = find(report, "ys06.column.grand_total", "G324");
  ASSERT_NE(public_costs, nullptr) << describe(report);
  EXPECT_EQ(public_costs->expected, "16.40");
  EXPECT_EQ(public_costs->severity, Severity::Error);
  // 合计: 628.48 printed, 628.16 left: 0.32 is still within 35 x 0.01 (a warning).
  const Finding* total = find(report, "ys06.column.grand_total", "E324");
  ASSERT_NE(total, nullptr);
  EXPECT_EQ(total->expected, "628.16");
  EXPECT_EQ(total->severity, Severity::Warning);
}

// --- command line ----------------------------------------------------------------

int run(std::vector<std::string> args, std::string* err = nullptr) {
  args.insert(args.begin(), "budgetconv");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  testing::internal::CaptureStderr();
  testing::internal::CaptureStdout();
  const int status = run_cli(static_cast<int>(argv.size()), argv.data());
  testing::internal::GetCapturedStdout();
  const std::string e = testing::internal::GetCapturedStderr();
  if (err) *err = e;
  return status;
}

TEST(ValidateCli, FindingsCsvSummaryAndStrict) {
  test::ScratchDir dir;
  const std::string mappings_dir = (kSource / "mappings").string();
  const std::string henan = (kSource / "tests/fixtures/henan-ys/henan-ys-2024.xlsx").string();
  const std::string shaanxi =
      (kSource / "tests/fixtures/shaanxi-biao/shaanxi-biao-2024.xlsx").string();
  const std::string csv = dir.file("findings.csv");
  std::string err;
  EXPECT_EQ(run({"validate", henan, "--findings", csv, "--mappings", mappings_dir}, &err), 0)
      << err;
  EXPECT_NE(err.find("2 errors, 8 warnings"), std::string::npos) << err;
  EXPECT_NE(err.find("warning YS06 E8="), std::string::npos) << err;
  const std::string text = read_file(csv);
  EXPECT_EQ(
      text.rfind(
          "source_file,source_sheet,table_code,rule_id,cells,expected,actual,difference,severity,",
          0),
      0u)
      << text;
  EXPECT_NE(
      text.find(
          ",YS06,YS06,cross.ys05-ys06.personnel,F8='YS05'!H9,601.22,611.78,10.56,error,万元,"),
      std::string::npos)
      << text;
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 11);  // header + 10 findings
  EXPECT_EQ(run({"validate", henan, "--strict", "--quiet", "--mappings", mappings_dir}, &err), 1)
      << err;
  EXPECT_EQ(run({"validate", shaanxi, "--strict", "--mappings", mappings_dir}, &err), 0) << err;
  EXPECT_EQ(run({"validate", dir.file("missing.xlsx"), "--mappings", mappings_dir}, &err), 1)
      << err;
  EXPECT_EQ(run({"validate", "--mappings", mappings_dir}, &err), 2) << err;
}

TEST(ValidateCli, ConvertValidate) {
  test::ScratchDir dir;
  const std::string mappings_dir = (kSource / "mappings").string();
  const std::string hubei = (kSource / "tests/fixtures/hubei-biao/hubei-biao-2024.xlsx").string();
  std::string err;
  EXPECT_EQ(run({"convert", hubei, "-o", dir.file("a.csv"), "--validate", "--findings",
                 dir.file("f.csv"), "--mappings", mappings_dir},
                &err),
            0)
      << err;
  EXPECT_NE(read_file(dir.file("f.csv")).find("project.column.grand_total,L22="),
            std::string::npos);
  EXPECT_NE(err.find("validated"), std::string::npos) << err;
  EXPECT_GT(read_file(dir.file("a.csv")).size(), 1000u);
  EXPECT_EQ(run({"convert", hubei, "-o", dir.file("b.csv"), "--validate", "--strict", "--mappings",
                 mappings_dir},
                &err),
            1)
      << err;
  EXPECT_NE(err.find("do not add up"), std::string::npos) << err;
  EXPECT_EQ(run({"convert", hubei, "-o", dir.file("c.csv"), "--findings", dir.file("g.csv"),
                 "--mappings", mappings_dir},
                &err),
            2)
      << err;
}

}  // namespace
}  // namespace bc

namespace bc {
namespace {

// Performance forms: a score above its 分值 is caught by the limit rule; a fund
// line changed breaks 资金总额 = 财政拨款 + 其他资金.
TEST(ValidateMutations, PerformanceFormScoresAndFunds) {
  const FileOutcome& jiangxi = converted("jiangxi-gongkai/jiangxi-gongkai-2024.xlsx");
  EXPECT_EQ(find(validate_outcome(jiangxi, rules()), "perf.self_evaluation.score", "H14"), nullptr);
  std::vector<Fact> facts = jiangxi.facts;
  Fact* score = nullptr;
  for (Fact& f : facts)
    if (f.source_sheet == "项目支出绩效自评表" && f.source_cell == "H14") score = &f;
  ASSERT_NE(score, nullptr);
  ASSERT_EQ(score->measure, "perf.score");
  score->value = "25";  // 分值 20
  score->target_number = "25";
  ValidationReport report = validate_mutated(jiangxi, facts);
  const Finding* above = find(report, "perf.self_evaluation.score", "H14<=G14");
  ASSERT_NE(above, nullptr) << describe(report);
  EXPECT_EQ(above->actual, "25.00");
  EXPECT_EQ(above->expected, "<= 20.00");
  EXPECT_EQ(above->severity, Severity::Error);

  const FileOutcome& shaanxi = converted("shaanxi-biao/shaanxi-biao-2024.xlsx");
  EXPECT_EQ(find(validate_outcome(shaanxi, rules()), "perf.funds.sources", "E6"), nullptr);
  facts = shaanxi.facts;
  set_printed(facts, "表13", "E7", "87");  // 其中: 财政拨款 88 -> 87
  report = validate_mutated(shaanxi, facts);
  const Finding* funds = find(report, "perf.funds.sources", "E6");
  ASSERT_NE(funds, nullptr) << describe(report);
  EXPECT_EQ(funds->cells, "E6=E7+E8");
  EXPECT_EQ(funds->expected, "87.00");
  EXPECT_EQ(funds->severity, Severity::Error);
}

}  // namespace
}  // namespace bc
