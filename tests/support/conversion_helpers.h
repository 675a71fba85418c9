// Shared by the whole-workbook tests: the project's real mappings, loaded
// once; converting a file; and comparing a canonical CSV with its reviewed
// golden file (BC_UPDATE_GOLDEN=1 rewrites the golden file instead).
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "core/address.h"
#include "mapping/mapping_spec.h"
#include "pipeline/convert_file.h"
#include "support/fixture_spec.h"
#include "write/canonical_csv.h"

namespace bc::testing_support {

inline const std::filesystem::path& source_dir() {
  static const std::filesystem::path dir = BC_SOURCE_DIR;
  return dir;
}

inline const MappingSet& project_mappings() {
  static const MappingSet set = [] {
    std::vector<MappingProblem> problems;
    MappingSet s = load_mappings((source_dir() / "mappings").string(), problems);
    for (const auto& p : problems) ADD_FAILURE() << p.file << " " << p.where << ": " << p.message;
    return s;
  }();
  return set;
}

inline FileOutcome convert_with_project_mappings(const std::filesystem::path& path,
                                                 bool extract = true) {
  ConvertOptions options;
  options.extract = extract;
  return convert_file(path.string(), project_mappings(), options);
}

// A fixture workbook (tests/fixtures/<family>/<name><version>) converted
// with the project's mappings, once per test binary.
inline const FileOutcome& converted_fixture(const std::string& family, const std::string& name,
                                            const std::string& version) {
  static std::map<std::string, FileOutcome> cache;
  const std::filesystem::path path = source_dir() / "tests/fixtures" / family / (name + version);
  auto it = cache.find(path.string());
  if (it == cache.end())
    it = cache.emplace(path.string(), convert_with_project_mappings(path)).first;
  return it->second;
}

// A fixture spec (tests/fixtures/specs/<name>.yaml), loaded once.
inline const FixtureSpec& fixture_spec_named(const std::string& name) {
  static std::map<std::string, FixtureSpec> cache;
  auto it = cache.find(name);
  if (it == cache.end()) {
    const std::filesystem::path path = source_dir() / "tests/fixtures/specs" / (name + ".yaml");
    it = cache.emplace(name, load_fixture_spec(path.string())).first;
  }
  return it->second;
}

// (sheet, cell) -> fact. A cell must never give two facts: a second one is a
// test failure naming the cell.
using FactsByCell = std::map<std::pair<std::string, std::string>, const Fact*>;
inline FactsByCell facts_by_cell(const FileOutcome& outcome) {
  FactsByCell by_cell;
  for (const Fact& f : outcome.facts) {
    EXPECT_TRUE(by_cell.emplace(std::make_pair(f.source_sheet, f.source_cell), &f).second)
        << "two facts for " << f.source_sheet << "!" << f.source_cell;
  }
  return by_cell;
}

// Performance forms (绩效目标表, 绩效自评表) are read by the form reader, not as
// grids: their facts are checked by performance_forms_test.cpp.
inline bool is_performance_form_kind(const std::string& kind) {
  return kind.rfind("perf_", 0) == 0 || kind == "project_performance_self_evaluation";
}

// The tables a conversion recognised and skipped (the cover, 报表目录), and the
// performance forms: the whole-workbook tests of grids leave their cells and
// facts alone (performance_forms_test.cpp checks the forms).
class SkippedTables {
 public:
  explicit SkippedTables(const FileOutcome& outcome) {
    for (const TableOutcome& t : outcome.tables) {
      if (t.status == TableStatus::Skipped || is_performance_form_kind(t.table_kind))
        ranges_.emplace_back(t.sheet, *parse_range(t.range));
    }
  }
  bool contain(const Fact& f) const {
    auto at = parse_a1(f.source_cell);
    return at && contain(f.source_sheet, at->row, at->col);
  }
  bool contain(const std::string& sheet, std::uint32_t row, std::uint32_t col) const {
    for (const auto& [name, range] : ranges_) {
      if (name == sheet && range.contains(row, col)) return true;
    }
    return false;
  }

 private:
  std::vector<std::pair<std::string, RangeAddress>> ranges_;
};

// Fails with the first differing line, not two large blobs.
inline void expect_matches_golden(const std::string& actual, const std::filesystem::path& golden) {
  if (const char* update = std::getenv("BC_UPDATE_GOLDEN"); update && std::string(update) == "1") {
    std::ofstream(golden, std::ios::binary) << actual;
    GTEST_SKIP() << "golden file rewritten: " << golden << " (review the diff)";
  }
  std::ifstream in(golden, std::ios::binary);
  ASSERT_TRUE(in) << "missing golden file " << golden
                  << " (run with BC_UPDATE_GOLDEN=1 and review it)";
  std::stringstream expected;
  expected << in.rdbuf();
  std::istringstream a(expected.str()), b(actual);
  for (int line = 1;; ++line) {
    std::string la, lb;
    bool more_a = static_cast<bool>(std::getline(a, la));
    bool more_b = static_cast<bool>(std::getline(b, lb));
    if (!more_a && !more_b) break;
    if (la != lb)
      FAIL() << golden << " line " << line << "\n  golden: " << la << "\n  actual: " << lb;
  }
}

// Converts `input` (relative to the source tree) with the project's mappings
// and compares its canonical CSV with tests/golden/<golden>. source_file is
// the relative path, so the golden file does not depend on the machine.
inline void expect_conversion_matches_golden(const std::filesystem::path& input,
                                             const std::string& golden) {
  FileOutcome outcome = convert_with_project_mappings(source_dir() / input);
  ASSERT_NE(outcome.status, FileStatus::Failed) << outcome.error;
  for (Fact& f : outcome.facts) f.source_file = input.generic_string();
  std::ostringstream out;
  write_canonical_header(out);
  write_canonical_facts(out, outcome.facts);
  expect_matches_golden(out.str(), source_dir() / "tests/golden" / golden);
}

}  // namespace bc::testing_support
