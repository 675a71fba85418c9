// Leave-one-out test of the national fallback mappings (mappings/national-*.yaml):
// each family's fixtures are converted once with every mapping file and once
// with that family's file removed, so that the national mappings and the other
// families are all there is. Keyed on (sheet, cell):
//   - at least 95% of the numbers come out the same (value, codes, is_total,
//     table_kind and measure);
//   - no amount differs: a fact at a cell has the same value and unit as with
//     the family file, whatever its measure;
//   - every number not converted is named by a diagnostic (its cell, or a range
//     holding it).
// The figures per family are printed.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/address.h"
#include "mapping/mapping_spec.h"
#include "pipeline/convert_file.h"
#include "support/conversion_helpers.h"

namespace bc {
namespace {

namespace fs = std::filesystem;
using testing_support::FactsByCell;

// Every workbook version of a family's fixtures (.xlsx, .lo.xlsx, .xls).
std::vector<fs::path> fixtures_of(const std::string& family) {
  std::vector<fs::path> out;
  const fs::path dir = testing_support::source_dir() / "tests/fixtures" / family;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string ext = entry.path().extension().string();
    if (ext == ".xlsx" || ext == ".xls") out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

MappingSet without_family(const std::string& family, bool national_only = false) {
  MappingSet set = testing_support::project_mappings();
  set.families.erase(std::remove_if(set.families.begin(), set.families.end(),
                                    [&](const FamilySpec& f) {
                                      return f.id == family || (national_only && !f.fallback);
                                    }),
                     set.families.end());
  return set;
}

bool named_by_diagnostic(const FileOutcome& outcome, const std::string& sheet,
                         const std::string& cell) {
  const auto at = parse_range(cell);
  if (!at) return false;
  for (const Diagnostic& d : outcome.diagnostics.items()) {
    if (d.where.sheet != sheet || d.where.cell.empty()) continue;
    if (d.where.cell == cell) return true;
    if (auto range = parse_range(d.where.cell);
        range && range->contains(at->first_row, at->first_col))
      return true;
  }
  return false;
}

struct Figures {
  std::size_t numbers = 0, same = 0, other_measure = 0, missing = 0, different_amount = 0,
              unnamed = 0;
  std::set<std::string> not_covered;  // tables none of whose numbers came out
  std::set<std::string> partly;       // tables some of whose numbers did not come out
};

// Converts the family's fixtures with and without its file (and, with
// national_only, without any family file but the national fallback ones).
Figures compare(const std::string& family, bool national_only) {
  const MappingSet reduced = without_family(family, national_only);
  EXPECT_TRUE(reduced.family("national-budget") && reduced.family("national-final"));
  const std::vector<fs::path> files = fixtures_of(family);
  EXPECT_FALSE(files.empty()) << family;
  Figures fig;
  for (const fs::path& file : files) {
    SCOPED_TRACE(file.string());
    ConvertOptions options;
    const FileOutcome with =
        convert_file(file.string(), testing_support::project_mappings(), options);
    const FileOutcome without = convert_file(file.string(), reduced, options);
    EXPECT_NE(with.status, FileStatus::Failed) << with.error;
    EXPECT_NE(without.status, FileStatus::Failed) << without.error;
    const FactsByCell ref = testing_support::facts_by_cell(with);
    const FactsByCell got = testing_support::facts_by_cell(without);
    // The table each reference fact came from, to name the tables not covered.
    auto table_of = [&](const Fact& f) {
      for (const TableOutcome& t : with.tables) {
        auto range = parse_range(t.range);
        auto cell = parse_range(f.source_cell);
        if (t.sheet == f.source_sheet && range && cell &&
            range->contains(cell->first_row, cell->first_col))
          return file.filename().string() + " '" + t.sheet + "' " + t.range + " " +
                 (t.table_code.empty() ? t.table_kind : t.table_code);
      }
      return file.filename().string() + " '" + f.source_sheet + "'";
    };
    std::map<std::string, std::pair<std::size_t, std::size_t>> per_table;  // out, all
    for (const auto& [key, r] : ref) {
      // The performance forms' layouts are each family's own (performance_forms_test.cpp);
      // the national form entries only may never give another amount.
      if (testing_support::is_performance_form_kind(r->table_kind)) {
        auto it = got.find(key);
        if (it != got.end() && r->unit == "CNY" &&
            (it->second->unit != "CNY" || it->second->value != r->value)) {
          ++fig.different_amount;
          ADD_FAILURE() << family << ": form amount " << key.first << "!" << key.second << " is "
                        << it->second->value << " " << it->second->unit
                        << " without the family file, " << r->value << " with it";
        }
        continue;
      }
      ++fig.numbers;
      auto& counts = per_table[table_of(*r)];
      ++counts.second;
      auto it = got.find(key);
      if (it == got.end()) {
        ++fig.missing;
        if (!named_by_diagnostic(without, key.first, key.second)) {
          ++fig.unnamed;
          ADD_FAILURE() << family << ": " << key.first << "!" << key.second << " (" << r->value
                        << ") is not converted and no diagnostic names it";
        }
        continue;
      }
      ++counts.first;
      const Fact& g = *it->second;
      if (g.value != r->value || g.unit != r->unit) {
        ++fig.different_amount;
        ADD_FAILURE() << family << ": " << key.first << "!" << key.second << " is " << g.value
                      << " " << g.unit << " without the family file, " << r->value << " " << r->unit
                      << " with it";
        continue;
      }
      if (g.measure == r->measure && g.table_kind == r->table_kind &&
          g.function_code == r->function_code && g.econ_code == r->econ_code &&
          g.gov_econ_code == r->gov_econ_code && g.is_total == r->is_total) {
        ++fig.same;
      } else {
        ++fig.other_measure;
      }
    }
    for (const auto& [table, counts] : per_table) {
      if (counts.first == 0)
        fig.not_covered.insert(table);
      else if (counts.first < counts.second)
        fig.partly.insert(table);
    }
  }
  return fig;
}

void print(const std::string& what, const Figures& fig) {
  std::cout << "[national fallback] " << what << ": " << fig.numbers << " numbers, " << fig.same
            << " same, " << fig.other_measure << " different measure/kind/codes, " << fig.missing
            << " missing (" << fig.unnamed << " unnamed), " << fig.different_amount
            << " different amounts\n";
  for (const std::string& t : fig.not_covered) std::cout << "  not covered: " << t << "\n";
  for (const std::string& t : fig.partly) std::cout << "  partly covered: " << t << "\n";
}

class NationalFallback : public ::testing::TestWithParam<std::string> {};

TEST_P(NationalFallback, ConvertsTheFamilysTablesWithoutItsFile) {
  const std::string family = GetParam();
  if (!testing_support::project_mappings().family(family))
    GTEST_SKIP() << family << " is not among the project's mappings";
  const Figures fig = compare(family, false);
  print(family + " (other families and national)", fig);
  EXPECT_EQ(fig.different_amount, 0u);
  EXPECT_EQ(fig.unnamed, 0u);
  ASSERT_GT(fig.numbers, 0u);
  EXPECT_GE(fig.same * 100, fig.numbers * 95)
      << family << ": " << fig.same << " of " << fig.numbers << " numbers the same";
}

// The national mappings alone (no family file at all) convert each family's
// standard tables: at least 95% the same everywhere.
TEST_P(NationalFallback, TheNationalMappingsAloneConvertTheFamilysTables) {
  const std::string family = GetParam();
  if (!testing_support::project_mappings().family(family))
    GTEST_SKIP() << family << " is not among the project's mappings";
  const Figures fig = compare(family, true);
  print(family + " (national only)", fig);
  EXPECT_EQ(fig.different_amount, 0u);
  EXPECT_EQ(fig.unnamed, 0u);
  ASSERT_GT(fig.numbers, 0u);
  EXPECT_GE(fig.same * 100, fig.numbers * 95)
      << family << ": " << fig.same << " of " << fig.numbers << " numbers the same";
}

INSTANTIATE_TEST_SUITE_P(Families, NationalFallback,
                         ::testing::Values("henan-ys", "shaanxi-biao", "hubei-biao",
                                           "jiangxi-gongkai"),
                         [](const ::testing::TestParamInfo<std::string>& p) {
                           std::string name = p.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

}  // namespace
}  // namespace bc
