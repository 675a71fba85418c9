// Shared by the whole-workbook tests: the project's real mappings, loaded
// once; converting a file; and comparing a canonical CSV with its reviewed
// golden file (BC_UPDATE_GOLDEN=1 rewrites the golden file instead).
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "mapping/mapping_spec.h"
#include "pipeline/convert_file.h"

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

inline FileOutcome convert_with_project_mappings(const std::filesystem::path& path, bool extract = true) {
  ConvertOptions options;
  options.extract = extract;
  return convert_file(path.string(), project_mappings(), options);
}

// Fails with the first differing line, not two large blobs.
inline void expect_matches_golden(const std::string& actual, const std::filesystem::path& golden) {
  if (const char* update = std::getenv("BC_UPDATE_GOLDEN"); update && std::string(update) == "1") {
    std::ofstream(golden, std::ios::binary) << actual;
    GTEST_SKIP() << "golden file rewritten: " << golden << " (review the diff)";
  }
  std::ifstream in(golden, std::ios::binary);
  ASSERT_TRUE(in) << "missing golden file " << golden << " (run with BC_UPDATE_GOLDEN=1 and review it)";
  std::stringstream expected;
  expected << in.rdbuf();
  std::istringstream a(expected.str()), b(actual);
  for (int line = 1;; ++line) {
    std::string la, lb;
    bool more_a = static_cast<bool>(std::getline(a, la));
    bool more_b = static_cast<bool>(std::getline(b, lb));
    if (!more_a && !more_b) break;
    if (la != lb) FAIL() << golden << " line " << line << "\n  golden: " << la << "\n  actual: " << lb;
  }
}

}  // namespace bc::testing_support
