// Keeps the documentation true to the code: every canonical column and every
// vocabulary id is documented in docs/schema.md, and every key the mapping
// language accepts is documented in docs/mapping-language.md.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "extract/fact.h"
#include "mapping/mapping_spec.h"

namespace bc {
namespace {

namespace fs = std::filesystem;
const fs::path kSource = BC_SOURCE_DIR;

std::string read(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(Docs, SchemaListsEveryColumnAndVocabularyId) {
  const std::string schema = read(kSource / "docs/schema.md");
  ASSERT_FALSE(schema.empty());
  for (const std::string& column : canonical_columns()) {
    EXPECT_NE(schema.find("`" + column + "`"), std::string::npos) << "column " << column;
  }
  std::vector<MappingProblem> problems;
  MappingSet set = load_mappings((kSource / "mappings").string(), problems);
  EXPECT_TRUE(problems.empty());
  auto check = [&](const std::vector<VocabularyEntry>& entries, const char* what) {
    for (const VocabularyEntry& e : entries) {
      EXPECT_NE(schema.find("| `" + e.id + "` |"), std::string::npos) << what << " " << e.id << " is not in docs/schema.md";
    }
  };
  check(set.vocabulary.table_kinds, "table kind");
  check(set.vocabulary.measures, "measure");
  check(set.vocabulary.items, "item");
}

TEST(Docs, MappingLanguageDocumentsEveryKey) {
  const std::string doc = read(kSource / "docs/mapping-language.md");
  for (const char* key : {"family", "name", "stage", "default_unit", "reference_layout", "tables", "code", "codes",
                          "kind", "titles", "require_headers", "blocks", "keys", "measures", "items", "unit",
                          "unbound_columns", "skip", "side", "anchor", "label_codes", "header", "parts", "matches",
                          "scheme", "optional", "fill_down", "after", "labels", "id", "form", "fields",
                          "columns", "levels", "item"}) {
    EXPECT_NE(doc.find(std::string("`") + key), std::string::npos) << "mapping key '" << key << "' is not documented";
  }
}

}  // namespace
}  // namespace bc
