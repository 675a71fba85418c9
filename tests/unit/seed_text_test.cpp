// The seed documents themselves (PDF text extractions in ../shared/seeds) go
// through the same pipeline as workbooks: every numeric table is found, the
// facts equal those read from the xlsx fixture of the same document except
// where the seed text itself is damaged (pinned here, fact by fact, with the
// warning the tool gives; listed in docs/text-dumps.md), and the whole result
// is pinned by a golden CSV (BC_UPDATE_GOLDEN=1 rewrites it).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include "core/address.h"
#include "headers/label_text.h"
#include "mapping/mapping_spec.h"
#include "normalise/amounts.h"
#include "pipeline/convert_file.h"
#include "read/workbook.h"
#include "support/conversion_helpers.h"
#include "write/canonical_csv.h"

namespace bc {
namespace {

namespace fs = std::filesystem;

const fs::path kSource = BC_SOURCE_DIR;
const fs::path kShared = BC_SHARED_DIR;

FileOutcome convert(const fs::path& path) {
  return testing_support::convert_with_project_mappings(path);
}

// What identifies a fact independently of where it sits on the page.
using FactKey = std::tuple<std::string, std::string, std::string, std::string, std::string,
                           std::string, std::string, std::string, std::string, bool, std::string>;

struct Seed {
  std::string file;  // in ../shared/seeds
  std::string family;
  std::string fixture;  // tests/fixtures/<family>/<fixture>.xlsx from the same document
  // Numeric tables (by table code) converted with facts, and those found and
  // recognised whose body is blank or says it has no data.
  std::set<std::string> converted, empty;
  // Tables of the fixture that the seed does not print (synthetic fixture tables), and
  // tables the seed prints that the fixture leaves out (pinned by the golden CSV only).
  std::set<std::string> not_in_seed;
  std::set<std::string> not_in_fixture;
  // Numeric tables the seed prints but damaged beyond reading (docs/text-dumps.md):
  // every fact of them in the fixture is missing from the text, and the tool says why
  // (the `warnings` below). Unrecognised ones are named by their title.
  std::set<std::string> lost_tables;
  std::set<std::string> lost_unrecognised_titles;
  // Single facts the damage loses (table, side, function code, measure, value).
  std::vector<FactKey> lost_facts;
  // Every warning of the conversion, as CODE@cell.
  std::multiset<std::string> warnings;
};

std::multiset<std::string> repeated(const std::string& code, const std::string& column, int first,
                                    int last, std::set<int> skip = {}) {
  std::multiset<std::string> out;
  for (int row = first; row <= last; ++row) {
    if (!skip.count(row)) out.insert(code + "@" + column + std::to_string(row));
  }
  return out;
}

std::multiset<std::string> operator+(std::multiset<std::string> a,
                                     const std::multiset<std::string>& b) {
  a.insert(b.begin(), b.end());
  return a;
}

FactKey key(std::string table, std::string side, std::string function_code, std::string measure,
            std::string value) {
  return {table, side, "", function_code, "", "", "", measure, value, false, ""};
}

const std::vector<Seed> kSeeds = {
    {"000_ac4a3a9ba1aff537.txt",
     "henan-ys",
     "henan-ys-2024",
     {"YS01", "YS03", "YS04", "YS05", "YS06", "YS08", "YS10", "YS14"},
     {"YS09", "YS13"},
     {"YS02", "YS07"},
     {},
     {},
     {},
     // YS01 lost its column alignment after a page break: 二十一、住房保障支出 46.35
     // sits in the label column, and the income amount column holds expenditure labels.
     {key("YS01", "expenditure", "221", "amount", "463500")},
     std::multiset<std::string>{"MAP-NO-MATCH@A17:A30", "EXTRACT-NUMBER-AS-LABEL@C205"} +
         repeated("NORM-UNREADABLE", "B", 196, 209, {205})},
    {"004_be18d6bea231d86c.txt",
     "shaanxi-biao",
     "shaanxi-biao-2024",
     // 表11: the extraction joined cells ("210 15 06 1", "1 302 27 502 05"): 12 columns
     // for 16, split by the reference layout (LOCATE-CELLS-JOINED).
     // 会议费培训费明细表 is printed in the explanatory part; the fixture has it as a sheet.
     {"表2", "表3", "表4", "表5", "表6", "表7", "表8", "表10", "表11", "meeting_training_detail"},
     {"表9"},
     {"表1"},
     {},
     // 表12: every data row carries one value more than the header has columns.
     {"表12"},
     {},
     {},
     // (A268: 序号 of 会议费培训费明细表 numbers the rows: an info, not a warning.)
     // EXTRACT-NO-YEAR: 12 facts of 会议费培训费明细表 (from H268) have no year: the
     // table prints none, none is carried to it, and the seed's name holds none.
     {"EXTRACT-NO-YEAR@H268", "LOCATE-CELLS-JOINED@A630:L649", "EXTRACT-ROW-SHIFTED@X660",
      "EXTRACT-ROW-SHIFTED@X661", "EXTRACT-ROW-SHIFTED@X662", "EXTRACT-ROW-SHIFTED@X664"}},
    {"003_27f4bcf4c9448e5f.txt",
     "hubei-biao",
     "hubei-biao-2024",
     {"表1", "表2", "表3", "表4", "表5-1", "表5-2", "表6", "表7", "表9"},
     {"表8"},
     {},
     {},
     // 表10: the rows carry 10 amounts under 9 amount columns, starting in 项目单位.
     {"表10"},
     {},
     // 表7: OCR printed 公务用车运行费 0.00 as "(0.00".
     {key("表7", "", "", "three_public.vehicles.operation", "0")},
     std::multiset<std::string>{
         "EXTRACT-HEADER-IN-BODY@A148",  // 表3: header line and total row on one line
         // No table of the dump prints its year (the workbook's titles are images), nor
         // does the seed's name: every fact has a blank fiscal_year, said at the first.
         "EXTRACT-NO-YEAR@B102",
         // Headers read with the reference layout despite OCR damage; every unread cell named.
         "LOCATE-HEADER-REPAIRED@A150:D182", "LOCATE-HEADER-NOISE@B154",
         "LOCATE-HEADER-REPAIRED@A184:G219", "LOCATE-HEADER-NOISE@G190", "LOCATE-HEADER-NOISE@A192",
         "LOCATE-HEADER-NOISE@B192", "LOCATE-HEADER-NOISE@C192", "LOCATE-HEADER-NOISE@G192",
         "LOCATE-HEADER-REPAIRED@A221:G230", "LOCATE-HEADER-NOISE@A225", "LOCATE-HEADER-NOISE@B225",
         "LOCATE-HEADER-NOISE@B226", "LOCATE-HEADER-NOISE@G226", "LOCATE-HEADER-REPAIRED@A232:E261",
         "LOCATE-HEADER-NOISE@E236", "LOCATE-HEADER-REPAIRED@A263:G271", "LOCATE-HEADER-NOISE@B269",
         "LOCATE-HEADER-NOISE@C269", "LOCATE-HEADER-NOISE@A270", "LOCATE-HEADER-NOISE@B270",
         "LOCATE-HEADER-REPAIRED@A273:E285", "LOCATE-HEADER-NOISE@A282",
         "LOCATE-HEADER-REPAIRED@A287:E295", "LOCATE-HEADER-NOISE@A292",
         // 表7: 公务接待费 printed one column right of its values; "(0.00" unreadable.
         "LOCATE-HEADER-MOVED@G270", "NORM-UNREADABLE@E271",
         // Tables printing no unit line, or one OCR garbled (平位: 717 at G190, 平世: 刀儿 at
         // E236).
         "EXTRACT-UNIT-ASSUMED@A141:H148", "EXTRACT-UNIT-ASSUMED@A150:D182",
         "EXTRACT-UNIT-ASSUMED@A184:G219", "EXTRACT-UNIT-ASSUMED@A221:G230",
         "EXTRACT-UNIT-ASSUMED@A232:E261", "EXTRACT-UNIT-ASSUMED@A263:G271",
         "EXTRACT-UNIT-ASSUMED@A287:E295", "EXTRACT-UNIT-ASSUMED@A297:L318"} +
         repeated("EXTRACT-ROW-SHIFTED", "C", 303, 318)},
};

// A table by its code, or by its kind where it has none.
template <typename T>
std::string table_of(const T& t) {
  return t.table_code.empty() ? t.table_kind : t.table_code;
}

std::multiset<FactKey> keys_of(const std::vector<Fact>& facts) {
  std::multiset<FactKey> out;
  for (const Fact& f : facts) {
    out.insert({table_of(f), f.side, f.item, f.function_code, f.econ_code, f.gov_econ_code,
                f.unit_code, f.measure, f.value, f.is_total, f.period});
  }
  return out;
}

std::string describe(const FactKey& k) {
  return std::get<0>(k) + " " + std::get<1>(k) + " item=" + std::get<2>(k) +
         " fn=" + std::get<3>(k) + " econ=" + std::get<4>(k) + " gov=" + std::get<5>(k) +
         " unit=" + std::get<6>(k) + " " + std::get<7>(k) + " = " + std::get<8>(k) +
         (std::get<9>(k) ? " (total)" : "") + " " + std::get<10>(k);
}

// Whether the cells of a table's range (its title row aside) hold an amount.
bool holds_amounts(const Sheet& sheet, const std::string& range) {
  auto r = parse_range(range);
  if (!r) return false;
  for (const SheetRow& row : sheet.rows()) {
    if (row.index <= r->first_row || row.index > r->last_row) continue;
    for (const CellView& cell : sheet.row_cells(row)) {
      if (cell.col < r->first_col || cell.col > r->last_col) continue;
      std::string text = trim(cell.value);
      if (read_amount_text(text).status == AmountReading::Status::Ok) {
        return true;
      }
    }
  }
  return false;
}

class SeedText : public ::testing::TestWithParam<Seed> {
 protected:
  void SetUp() override {
    if (!fs::exists(kShared / "seeds")) GTEST_SKIP() << "../shared/seeds is not present";
  }
};

TEST_P(SeedText, EveryNumericTableIsFoundAndConverted) {
  const Seed& s = GetParam();
  const fs::path path = kShared / "seeds" / s.file;
  FileOutcome outcome = convert(path);
  ASSERT_NE(outcome.status, FileStatus::Failed) << outcome.error;
  EXPECT_EQ(outcome.template_id, s.family);
  auto workbook = open_workbook(path.string(), ReadOptions{});
  const Sheet sheet = workbook->read_sheet(0);
  std::set<std::string> converted, empty, lost, lost_titles;
  for (const TableOutcome& t : outcome.tables) {
    EXPECT_NE(t.status, TableStatus::Failed) << t.range << ": " << t.message;
    if (t.status == TableStatus::Converted) {
      EXPECT_GT(t.facts, 0u) << t.range;
      converted.insert(table_of(t));
    } else if (t.status == TableStatus::Empty) {
      // A table whose every row was rejected is lost, not empty.
      (t.message.find("do not line up") != std::string::npos ? lost : empty).insert(table_of(t));
    } else if (t.status == TableStatus::Unrecognised && !t.title.empty()) {
      // Only tables without numbers (tables of contents, narrative) may stay unrecognised.
      if (holds_amounts(sheet, t.range)) lost_titles.insert(t.title);
    }
  }
  EXPECT_EQ(converted, s.converted);
  EXPECT_EQ(empty, s.empty);
  std::set<std::string> lost_recognised;
  for (const std::string& code : s.lost_tables) {
    if (lost.count(code)) lost_recognised.insert(code);
  }
  EXPECT_EQ(lost, lost_recognised) << "a table lost all its rows that is not documented as lost";
  EXPECT_EQ(lost_titles, s.lost_unrecognised_titles);
}

TEST_P(SeedText, FactsEqualThoseOfTheWorkbookFixtureExceptTheDocumentedDamage) {
  const Seed& s = GetParam();
  FileOutcome text = convert(kShared / "seeds" / s.file);
  FileOutcome workbook = convert(kSource / "tests/fixtures" / s.family / (s.fixture + ".xlsx"));
  ASSERT_NE(text.status, FileStatus::Failed) << text.error;
  ASSERT_NE(workbook.status, FileStatus::Failed) << workbook.error;
  std::multiset<FactKey> from_text;
  std::map<std::string, std::size_t> text_only;
  for (const FactKey& k : keys_of(text.facts)) {
    if (s.not_in_fixture.count(std::get<0>(k))) {
      ++text_only[std::get<0>(k)];
    } else {
      from_text.insert(k);
    }
  }
  for (const std::string& table : s.not_in_fixture) EXPECT_GT(text_only[table], 0u) << table;
  std::multiset<FactKey> expected;
  std::map<std::string, std::size_t> lost_per_table;
  // A text dump's performance forms are recognised and skipped (their cells lose their
  // columns); the workbook's are read: they are compared by performance_forms_test.cpp.
  std::vector<Fact> workbook_grids;
  for (const Fact& f : workbook.facts)
    if (!testing_support::is_performance_form_kind(f.table_kind)) workbook_grids.push_back(f);
  for (const Fact& f : text.facts)
    EXPECT_FALSE(testing_support::is_performance_form_kind(f.table_kind)) << f.source_cell;
  for (const FactKey& k : keys_of(workbook_grids)) {
    const std::string& table = std::get<0>(k);
    if (s.not_in_seed.count(table)) continue;
    if (s.lost_tables.count(table)) {
      ++lost_per_table[table];
      continue;
    }
    expected.insert(k);
  }
  // The damage pinned is real: each lost table has facts in the fixture and none in the text.
  for (const std::string& table : s.lost_tables) {
    EXPECT_GT(lost_per_table[table], 0u) << table;
    for (const FactKey& k : from_text) EXPECT_NE(std::get<0>(k), table) << describe(k);
  }
  for (const FactKey& lost : s.lost_facts) {
    auto found = expected.find(lost);
    ASSERT_NE(found, expected.end()) << "documented loss not in the fixture: " << describe(lost);
    expected.erase(found);
  }
  std::vector<FactKey> only_text, only_workbook;
  std::set_difference(from_text.begin(), from_text.end(), expected.begin(), expected.end(),
                      std::back_inserter(only_text));
  std::set_difference(expected.begin(), expected.end(), from_text.begin(), from_text.end(),
                      std::back_inserter(only_workbook));
  for (std::size_t i = 0; i < only_text.size() && i < 10; ++i)
    ADD_FAILURE() << "only in the text: " << describe(only_text[i]);
  for (std::size_t i = 0; i < only_workbook.size() && i < 10; ++i) {
    ADD_FAILURE() << "only in the workbook: " << describe(only_workbook[i]);
  }
  EXPECT_EQ(only_text.size() + only_workbook.size(), 0u);
}

TEST_P(SeedText, EveryProblemIsReportedWithItsCell) {
  const Seed& s = GetParam();
  FileOutcome outcome = convert(kShared / "seeds" / s.file);
  ASSERT_NE(outcome.status, FileStatus::Failed) << outcome.error;
  std::multiset<std::string> warnings;
  for (const Diagnostic& d : outcome.diagnostics.items()) {
    if (d.severity != Severity::Warning) continue;
    warnings.insert(d.code + "@" + d.where.cell);
    EXPECT_FALSE(d.where.cell.empty()) << d.to_string();
    if (d.code == "EXTRACT-ROW-SHIFTED" || d.code == "LOCATE-HEADER-NOISE" ||
        d.code == "NORM-UNREADABLE" || d.code == "EXTRACT-NUMBER-AS-LABEL" ||
        d.code == "EXTRACT-HEADER-IN-BODY") {
      EXPECT_FALSE(d.raw_text.empty()) << d.to_string();
    }
  }
  std::vector<std::string> unexpected, missing;
  std::set_difference(warnings.begin(), warnings.end(), s.warnings.begin(), s.warnings.end(),
                      std::back_inserter(unexpected));
  std::set_difference(s.warnings.begin(), s.warnings.end(), warnings.begin(), warnings.end(),
                      std::back_inserter(missing));
  for (const std::string& w : unexpected) ADD_FAILURE() << "unexpected warning " << w;
  for (const std::string& w : missing) ADD_FAILURE() << "missing warning " << w;
}

// OCR spacing ("2, 361. 22") is read as the number it prints, and marked:
// the fact's `repaired` flag and an NORM-REPAIRED note naming the cell.
TEST_P(SeedText, EveryRepairedValueIsMarked) {
  const Seed& s = GetParam();
  FileOutcome outcome = convert(kShared / "seeds" / s.file);
  ASSERT_NE(outcome.status, FileStatus::Failed) << outcome.error;
  std::map<std::string, std::string> noted;  // cell -> message
  for (const Diagnostic& d : outcome.diagnostics.items()) {
    if (d.code == "NORM-REPAIRED") noted[d.where.cell] = d.message;
  }
  std::size_t repaired = 0;
  for (const Fact& f : outcome.facts) {
    const bool spaced = f.unit == "CNY" && trim(f.raw_value).find(' ') != std::string::npos;
    EXPECT_EQ(f.repaired, spaced) << f.source_cell << " '" << f.raw_value << "'";
    if (!f.repaired) continue;
    ++repaired;
    ASSERT_TRUE(noted.count(f.source_cell)) << f.source_cell;
    EXPECT_NE(noted[f.source_cell].find(f.raw_value), std::string::npos) << noted[f.source_cell];
  }
  if (s.family == "hubei-biao") {
    EXPECT_GT(repaired, 100u);  // the OCR'd seed
  }
}

TEST_P(SeedText, MatchesTheGoldenCanonicalCsv) {
  const Seed& s = GetParam();
  FileOutcome outcome = convert(kShared / "seeds" / s.file);
  ASSERT_NE(outcome.status, FileStatus::Failed) << outcome.error;
  for (Fact& f : outcome.facts) f.source_file = "seeds/" + s.file;
  std::ostringstream out;
  write_canonical_header(out);
  write_canonical_facts(out, outcome.facts);
  const fs::path golden = kSource / "tests/golden" / ("seed-" + s.file.substr(0, 3) + ".csv");
  testing_support::expect_matches_golden(out.str(), golden);
}

INSTANTIATE_TEST_SUITE_P(Seeds, SeedText, ::testing::ValuesIn(kSeeds),
                         [](const ::testing::TestParamInfo<Seed>& param) {
                           std::string name = param.param.family;
                           for (char& ch : name)
                             ch = std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
                           return name;
                         });

}  // namespace
}  // namespace bc
