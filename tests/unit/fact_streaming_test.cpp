// Facts flow from extraction to the outputs without a file's facts being
// held whole: FactSpill keeps what does not fit in memory, and spilling must
// not change a single byte of any output.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "extract/fact_spill.h"
#include "support/conversion_helpers.h"
#include "support/stage_helpers.h"
#include "write/canonical_csv.h"
#include "write/output_sink.h"

namespace bc {
namespace {

namespace fs = std::filesystem;
using test::ScratchDir;

std::string record(const Fact& f) {
  std::string out;
  append_canonical_record(out, f);
  return out;
}

std::vector<std::string> records(const FactSpill& spill) {
  std::vector<std::string> out;
  spill.for_each([&](const Fact& f) { out.push_back(record(f)); });
  return out;
}

// Facts like a table's: most fields repeat, some change on every fact, some
// go back to blank (a blank after a value must not read as "unchanged").
std::vector<Fact> table_like_facts(std::size_t n, unsigned seed) {
  std::mt19937 random(seed);
  std::vector<Fact> facts;
  Fact f;
  f.source_file = "部门预算.xlsx";
  f.source_sheet = "YS05";
  f.template_id = "henan-ys";
  f.unit = "CNY";
  for (std::size_t i = 0; i < n; ++i) {
    f.source_cell = "C" + std::to_string(i + 1);
    f.value = std::to_string(random() % 100000) + "." + std::to_string(random() % 100);
    f.raw_value = random() % 3 ? f.value : "";
    f.function_code = random() % 2 ? std::to_string(2000000 + random() % 99999) : "";
    f.row_label = random() % 5 ? "一般公共服务支出" : "其中：\"引号\",逗号";
    f.is_total = random() % 4 == 0;
    f.repaired = random() % 7 == 0;
    f.period = random() % 9 == 0 ? "prior_year" : "";
    facts.push_back(f);
  }
  return facts;
}

TEST(FactSpill, GivesBackEveryFactInOrder) {
  const std::vector<Fact> facts = table_like_facts(5000, 7);
  FactSpill spill;
  EXPECT_TRUE(spill.empty());
  for (const Fact& f : facts) spill.append(f);
  EXPECT_EQ(spill.size(), facts.size());
  std::vector<std::string> expected;
  for (const Fact& f : facts) expected.push_back(record(f));
  EXPECT_EQ(records(spill), expected);
  EXPECT_EQ(records(spill), expected) << "a second reading gives the same";
}

TEST(FactSpill, CarriesFieldsLargerThanItsBuffers) {
  // Beyond the 1 MB flush size and the reader's 1 MB window: a field that
  // spans chunks of the file, followed by small facts.
  Fact big;
  big.table_title = std::string(3 << 20, 'x');
  big.row_label = "大";
  Fact small;
  small.value = "1";
  FactSpill spill;
  spill.append(small);
  spill.append(big);
  spill.append(small);
  spill.append(big);
  std::vector<std::string> got = records(spill);
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[1], record(big));
  EXPECT_EQ(got[2], record(small));
  EXPECT_EQ(got[3], record(big));
}

TEST(FactSpill, MovesAndClears) {
  const std::vector<Fact> facts = table_like_facts(3000, 11);
  FactSpill a;
  for (const Fact& f : facts) a.append(f);
  FactSpill b(std::move(a));
  EXPECT_EQ(b.size(), facts.size());
  EXPECT_EQ(records(b).back(), record(facts.back()));
  b.clear();
  EXPECT_TRUE(b.empty());
  EXPECT_TRUE(records(b).empty());
  b.append(facts.front());  // usable again, and the first fact stores every field
  EXPECT_EQ(records(b), std::vector<std::string>{record(facts.front())});
}

TEST(FactSpill, SaysWhereItCannotWrite) {
  const char* old = std::getenv("TMPDIR");
  const std::string saved = old ? old : "";
  ::setenv("TMPDIR", "/nonexistent/budgetconv-spill", 1);
  FactSpill spill;
  Fact big;
  big.table_title = std::string(2 << 20, 'x');  // beyond the buffer: written at once
  std::string message;
  try {
    spill.append(big);
  } catch (const std::runtime_error& e) {
    message = e.what();
  }
  if (old) {
    ::setenv("TMPDIR", saved.c_str(), 1);
  } else {
    ::unsetenv("TMPDIR");
  }
  EXPECT_NE(message.find("/nonexistent/budgetconv-spill"), std::string::npos) << message;
}

// Every output of a conversion, as bytes: combined CSV, per-partition CSVs.
std::map<std::string, std::string> outputs(const std::vector<std::string>& inputs,
                                           std::size_t facts_in_memory, bool partitioned,
                                           std::size_t* spilled) {
  ScratchDir dir;
  OutputOptions options;
  options.datapackage = false;
  if (partitioned) {
    options.directory = dir.file("parts");
    options.partition_by = {"template", "table_code"};
  } else {
    options.combined_path = dir.file("facts.csv");
  }
  OutputSink sink(options, inputs);
  ConvertOptions convert;
  convert.facts_in_memory = facts_in_memory;
  *spilled = 0;
  for (const std::string& input : inputs) {
    FileOutcome outcome = convert_file(input, testing_support::project_mappings(), convert);
    EXPECT_NE(outcome.status, FileStatus::Failed) << outcome.error;
    *spilled += outcome.spilled.size();
    sink.add(outcome);
  }
  sink.commit();
  std::map<std::string, std::string> bytes;
  for (const auto& e : fs::recursive_directory_iterator(dir.path())) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    bytes[fs::relative(e.path(), dir.path()).string()] = text.str();
  }
  return bytes;
}

TEST(FactStreaming, SpillingChangesNoOutput) {
  const fs::path fixtures = testing_support::source_dir() / "tests/fixtures";
  const std::vector<std::string> inputs = {
      (fixtures / "henan-ys/henan-ys-2024.xlsx").string(),
      (fixtures / "shaanxi-biao/shaanxi-biao-2024.xls").string(),
      (fixtures / "hubei-biao/hubei-biao-2024.lo.xlsx").string()};
  for (bool partitioned : {false, true}) {
    std::size_t none = 0, some = 0;
    const auto in_memory = outputs(inputs, 0, partitioned, &none);
    EXPECT_EQ(none, 0u);
    ASSERT_FALSE(in_memory.empty());
    for (std::size_t limit : {1u, 7u, 100u}) {
      EXPECT_EQ(outputs(inputs, limit, partitioned, &some), in_memory)
          << "facts_in_memory " << limit << (partitioned ? ", partitioned" : "");
      EXPECT_GT(some, 0u) << "nothing was spilled with facts_in_memory " << limit;
    }
  }
}

TEST(FactStreaming, ForEachFactVisitsSpilledThenHeldFacts) {
  ConvertOptions convert;
  convert.facts_in_memory = 5;
  const fs::path input =
      testing_support::source_dir() / "tests/fixtures/henan-ys/henan-ys-2024.xlsx";
  FileOutcome outcome = convert_file(input.string(), testing_support::project_mappings(), convert);
  ASSERT_GT(outcome.spilled.size(), 0u);
  EXPECT_LE(outcome.facts.size(), 5u);
  std::vector<std::string> visited;
  outcome.for_each_fact([&](const Fact& f) { visited.push_back(record(f)); });
  std::vector<std::string> expected = records(outcome.spilled);
  for (const Fact& f : outcome.facts) expected.push_back(record(f));
  EXPECT_EQ(visited, expected);
  EXPECT_EQ(visited.size(), outcome.fact_count());
  outcome.discard_facts();
  EXPECT_EQ(outcome.fact_count(), 0u);
}

}  // namespace
}  // namespace bc
