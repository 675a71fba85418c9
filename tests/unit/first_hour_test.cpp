// Issue 18: output that is safe to analyse and never destroys an input. The
// value/value_text split of the canonical view, the fiscal year from names,
// mirrored --output-dir names, refusing outputs over inputs, temporaries.
#include <gtest/gtest.h>

#include <filesystem>

#include "cli/cli_support.h"
#include "extract/fact.h"
#include "pipeline/convert_file.h"
#include "support/stage_helpers.h"
#include "write/atomic_file.h"
#include "write/canonical_csv.h"
#include "write/canonical_parts.h"
#include "write/canonical_schema.h"
#include "write/output_sink.h"
#include "write/temp_files.h"

namespace bc {
namespace {

std::size_t column(const std::string& name) {
  const auto& columns = canonical_columns();
  return static_cast<std::size_t>(std::find(columns.begin(), columns.end(), name) -
                                  columns.begin());
}

TEST(FirstHour, TextFactsGoToValueTextAndValueStaysNumeric) {
  Fact text;
  text.unit = "text";
  text.value = "提高参保率";
  Fact money;
  money.unit = "CNY";
  money.value = "8389800";
  const auto t = canonical_fields(text);
  const auto m = canonical_fields(money);
  ASSERT_LT(column("value_text"), canonical_columns().size());
  EXPECT_EQ(t[column("value")], "");
  EXPECT_EQ(t[column("value_text")], "提高参保率");
  EXPECT_EQ(m[column("value")], "8389800");
  EXPECT_EQ(m[column("value_text")], "");
  // Read back, the text is the fact's value again (and so is an old CSV's).
  Fact back;
  set_fact_column(back, "value", "");
  set_fact_column(back, "value_text", "提高参保率");
  EXPECT_EQ(back.value, "提高参保率");
  Fact old;
  set_fact_column(old, "value", "提高参保率");
  EXPECT_EQ(old.value, "提高参保率");
  // The schema types value as a number always.
  for (const CanonicalField& f : canonical_fields(nullptr)) {
    if (f.name == "value") {
      EXPECT_EQ(f.type, "number");
      EXPECT_FALSE(f.required);
    }
    if (f.name == "value_text") {
      EXPECT_EQ(f.type, "string");
    }
  }
}

TEST(FirstHour, FiscalYearFromFileThenFolderName) {
  std::string where;
  EXPECT_EQ(fiscal_year_from_path("harvest/hubei-biao-2024.xlsx", &where), "2024");
  EXPECT_EQ(where, "file");
  EXPECT_EQ(fiscal_year_from_path("harvest/2023年预算/部门.xlsx", &where), "2023");
  EXPECT_EQ(where, "folder");
  EXPECT_EQ(fiscal_year_from_path("2022/a/b.xlsx"), "2022");
  EXPECT_EQ(fiscal_year_from_path("harvest/部门.xlsx"), "");
  // Not a year: part of a longer number, out of range, or two years in one name.
  EXPECT_EQ(fiscal_year_from_path("h/2080505.xlsx"), "");
  EXPECT_EQ(fiscal_year_from_path("h/1234.xlsx"), "");
  EXPECT_EQ(fiscal_year_from_path("h/2023-2024.xlsx"), "");
  // The file's own name wins over its folder's.
  EXPECT_EQ(fiscal_year_from_path("2022/x-2024.xlsx"), "2024");
}

TEST(FirstHour, MirroredOutputNamesKeepTheWholeRelativeName) {
  const std::map<std::string, std::string> names = {
      {"h/a/x.lo.xlsx", "a/x.lo.xlsx"}, {"h/a/x.xlsx", "a/x.xlsx"}, {"h/b/x.xlsx", "b/x.xlsx"}};
  auto out = per_input_output_names({"h/a/x.lo.xlsx", "h/a/x.xlsx", "h/b/x.xlsx"}, "out", names);
  EXPECT_EQ(out["h/a/x.lo.xlsx"], "out/a/x.lo.xlsx.csv");
  EXPECT_EQ(out["h/a/x.xlsx"], "out/a/x.xlsx.csv");
  EXPECT_EQ(out["h/b/x.xlsx"], "out/b/x.xlsx.csv");
  // The same name twice is refused, never renumbered.
  EXPECT_THROW(per_input_output_names({"p/x.xlsx", "q/x.xlsx"}, "out",
                                      {{"p/x.xlsx", "x.xlsx"}, {"q/x.xlsx", "x.xlsx"}}),
               std::invalid_argument);
}

TEST(FirstHour, InputFilesAreNamedRelativeToTheirRoot) {
  test::ScratchDir dir;
  dir.write("h/sub/b.xlsx", "x");
  dir.write("h/a.csv", "x");
  dir.write("h/report.pdf", "%PDF-1.4");
  dir.write("h/.hidden.csv", "x");
  dir.write("h/.a.csv.tmp-AbC123", "x");
  dir.write("h/notes.md", "x");
  auto files = expand_input_files({dir.file("h"), "./x/../y.xlsx", "/abs/z.xlsx"});
  std::vector<std::string> relative;
  for (const InputFile& f : files) relative.push_back(f.relative);
  EXPECT_EQ(relative,
            (std::vector<std::string>{"a.csv", "report.pdf", "sub/b.xlsx", "y.xlsx", "z.xlsx"}));
}

TEST(FirstHour, OutputsOverInputsAreRefused) {
  test::ScratchDir dir;
  const std::string input = dir.write("h/a.csv", "x");
  const std::string h = dir.file("h");
  const std::vector<std::string> files = {input};
  EXPECT_THROW(refuse_outputs_over_inputs({h}, files, {{"--output", input}}, "", {}), UsageError);
  EXPECT_THROW(
      refuse_outputs_over_inputs({h}, files, {{"--report", dir.file("h/../h/./a.csv")}}, "", {}),
      UsageError);
  EXPECT_THROW(refuse_outputs_over_inputs({h}, files, {}, h, {}), UsageError);
  EXPECT_THROW(refuse_outputs_over_inputs({h}, files, {}, dir.file("h/out"), {}), UsageError);
  EXPECT_THROW(refuse_outputs_over_inputs({input}, files, {}, dir.file("o"), {input}), UsageError);
  EXPECT_NO_THROW(refuse_outputs_over_inputs({h}, files, {{"--output", dir.file("f.csv")}},
                                             dir.file("hx"), {dir.file("hx/a.csv.csv")}));
}

TEST(FirstHour, StaleTemporariesOfTheTargetsAreRemovedOthersKept) {
  test::ScratchDir dir;
  const std::string mine = dir.write(".facts.csv.tmp-AbC123", "partial");
  const std::string other = dir.write(".other.csv.tmp-AbC123", "partial");
  const std::string not_temp = dir.write(".facts.csv.tmp-toolong1", "x");
  auto removed = remove_stale_temps({dir.file("facts.csv")});
  EXPECT_EQ(removed, std::vector<std::string>{mine});
  EXPECT_FALSE(std::filesystem::exists(mine));
  EXPECT_TRUE(std::filesystem::exists(other));
  EXPECT_TRUE(std::filesystem::exists(not_temp));
  EXPECT_TRUE(is_temp_name_of(".facts.csv.tmp-AbC123", "facts.csv"));
  EXPECT_FALSE(is_temp_name_of(".facts.csv.tmp-AbC12", "facts.csv"));
}

TEST(FirstHour, RecordedTemporariesAreRemovedOnInterrupt) {
  test::ScratchDir dir;
  const std::string open_one = create_temp_for(dir.file("x.csv"));
  const std::string done = create_temp_for(dir.file("y.csv"));
  ASSERT_FALSE(open_one.empty());
  ASSERT_FALSE(done.empty());
  EXPECT_TRUE(is_temp_name_of(std::filesystem::path(open_one).filename().string(), "x.csv"));
  forget_temp(done);  // renamed into place, as a committed output's is
  EXPECT_GE(remove_recorded_temps(false), 1u);
  EXPECT_FALSE(std::filesystem::exists(open_one));
  EXPECT_TRUE(std::filesystem::exists(done));
  // Written outputs leave nothing recorded behind.
  {
    AtomicFile file(dir.file("z.csv"));
    file.stream() << "a\n";
    file.commit();
  }
  EXPECT_EQ(remove_recorded_temps(false), 0u);
  EXPECT_TRUE(std::filesystem::exists(dir.file("z.csv")));
}

}  // namespace
}  // namespace bc
