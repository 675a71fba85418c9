// converters/write: RFC 4180 CSV output, the canonical CSV and atomic files.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <stdexcept>
#include <string>

#include "extract/fact.h"
#include "support/stage_helpers.h"
#include "write/atomic_file.h"
#include "write/canonical_csv.h"
#include "write/csv_writer.h"

namespace bc {
namespace {

using test::ScratchDir;

std::string field(const std::string& text) {
  std::ostringstream out;
  write_csv_field(out, text);
  return out.str();
}

std::string record(const std::vector<std::string>& fields) {
  std::ostringstream out;
  write_csv_record(out, fields);
  return out.str();
}

TEST(CsvWriter, QuotesOnlyWhenNeeded) {
  EXPECT_EQ(field("abc"), "abc");
  EXPECT_EQ(field(""), "");
  EXPECT_EQ(field("卫生健康支出"), "卫生健康支出");
  EXPECT_EQ(field("8389800"), "8389800");
  EXPECT_EQ(field("a,b"), "\"a,b\"");
  EXPECT_EQ(field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(field("\""), "\"\"\"\"");
  EXPECT_EQ(field("line\nbreak"), "\"line\nbreak\"");
  EXPECT_EQ(field("cr\rhere"), "\"cr\rhere\"");
  // Leading/trailing spaces are quoted so no tool trims them.
  EXPECT_EQ(field(" x"), "\" x\"");
  EXPECT_EQ(field("x "), "\"x \"");
  EXPECT_EQ(field("x y"), "x y");
}

TEST(CsvWriter, RecordsEndInCrlf) {
  EXPECT_EQ(record({"a", "b,c", ""}), "a,\"b,c\",\r\n");
  EXPECT_EQ(record({}), "\r\n");
  EXPECT_EQ(record({""}), "\r\n");
  EXPECT_EQ(record({"", ""}), ",\r\n");
}

TEST(CanonicalCsv, HeaderAndFactsInCanonicalOrder) {
  std::ostringstream header;
  write_canonical_header(header);
  const std::string h = header.str();
  EXPECT_EQ(h.rfind("source_file,source_sheet,source_cell,template,table_code,", 0), 0u) << h;
  EXPECT_NE(h.find(",measure,column_label,value,unit,raw_value,raw_unit,is_total,"),
            std::string::npos)
      << h;
  EXPECT_EQ(h.substr(h.size() - 2), "\r\n");
  // The contract allows appending columns, never reordering: check the prefix.
  const std::vector<std::string> first28 = {
      "source_file", "source_sheet", "source_cell",   "template",  "table_code",    "table_kind",
      "department",  "fiscal_year",  "stage",         "unit_code", "unit_name",     "side",
      "row_label",   "item",         "function_code", "econ_code", "gov_econ_code", "project",
      "measure",     "column_label", "value",         "unit",      "raw_value",     "raw_unit",
      "is_total",    "category",     "table_title",   "repaired"};
  ASSERT_GE(canonical_columns().size(), first28.size());
  EXPECT_TRUE(std::equal(first28.begin(), first28.end(), canonical_columns().begin()));

  Fact f;
  f.source_file = "a,b.xlsx";
  f.row_label = "其中：\"财政\"拨款";
  f.value = "8389800";
  f.is_total = true;
  f.repaired = false;
  ASSERT_EQ(canonical_values(f).size(), canonical_columns().size());
  std::ostringstream out;
  write_canonical_facts(out, {f, Fact{}});
  std::string text = out.str();
  std::string first = text.substr(0, text.find("\r\n"));
  EXPECT_EQ(first.rfind("\"a,b.xlsx\",", 0), 0u) << first;
  EXPECT_NE(first.find(",\"其中：\"\"财政\"\"拨款\","), std::string::npos) << first;
  EXPECT_NE(first.find(",8389800,"), std::string::npos) << first;
  auto values = canonical_values(f);
  EXPECT_EQ(values[24], "1");  // is_total
  EXPECT_EQ(values[27], "0");  // repaired
  EXPECT_EQ(std::count(first.begin(), first.end(), ','),
            static_cast<long>(canonical_columns().size() - 1 + 1))  // 1 comma inside quotes
      << first;
  // Two records, each ending in CRLF.
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 2);
  EXPECT_EQ(text.substr(text.size() - 2), "\r\n");
}

TEST(AtomicFile, NothingAppearsWithoutCommit) {
  ScratchDir dir;
  const std::string target = dir.file("out.csv");
  {
    AtomicFile file(target);
    file.stream() << "partial";
    EXPECT_FALSE(std::filesystem::exists(target)) << "visible before commit";
  }
  EXPECT_FALSE(std::filesystem::exists(target));
  EXPECT_TRUE(dir.entries().empty()) << "temporary file left behind: " << dir.entries().front();
}

TEST(AtomicFile, CommitWritesAndReplacesTheTarget) {
  ScratchDir dir;
  const std::string target = dir.write("out.csv", "old content");
  {
    AtomicFile file(target);
    EXPECT_EQ(file.target(), target);
    file.stream() << "new content";
    file.stream().flush();
    EXPECT_EQ(test::read_file(target), "old content")
        << "readers must see the old file until commit";
    file.commit();
  }
  EXPECT_EQ(test::read_file(target), "new content");
  ASSERT_EQ(dir.entries().size(), 1u);
  EXPECT_EQ(dir.entries()[0], "out.csv");

  // An abandoned rewrite leaves the committed file as it was.
  {
    AtomicFile file(target);
    file.stream() << "abandoned";
  }
  EXPECT_EQ(test::read_file(target), "new content");
  EXPECT_EQ(dir.entries().size(), 1u);
}

TEST(AtomicFile, CommittedFileGetsNormalPermissions) {
  ScratchDir dir;
  const std::string target = dir.file("perm.csv");
  mode_t old_mask = umask(022);
  {
    AtomicFile file(target);
    file.stream() << "x";
    file.commit();
  }
  umask(old_mask);
  struct stat st {};
  ASSERT_EQ(stat(target.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);
}

TEST(AtomicFile, CreatesMissingDirectories) {
  ScratchDir dir;
  const std::string target = dir.file("a/b/out.csv");
  AtomicFile file(target);
  file.stream() << "deep";
  file.commit();
  EXPECT_EQ(test::read_file(target), "deep");
}

TEST(AtomicFile, FailuresThrowAndLeaveNoTemporaryFile) {
  ScratchDir dir;
  dir.write("plain.txt", "x");
  // A directory cannot be made under a regular file.
  EXPECT_THROW(AtomicFile(dir.file("plain.txt/out.csv")), std::runtime_error);

  // Renaming over a directory fails at commit.
  std::filesystem::create_directories(dir.path() / "taken");
  {
    AtomicFile file(dir.file("taken"));
    file.stream() << "x";
    EXPECT_THROW(file.commit(), std::runtime_error);
  }
  auto entries = dir.entries();
  std::sort(entries.begin(), entries.end());
  EXPECT_EQ(entries, (std::vector<std::string>{"plain.txt", "taken"}));
}

}  // namespace
}  // namespace bc
