// converters/write outputs for statisticians: the datapackage.json checked
// against the CSV it describes (header, types, constraints, primary key,
// bytes and hash), UTF-8 with a BOM and GB18030 output, partitions, and the
// merge of separately converted parts.
#include <gtest/gtest.h>
#include <iconv.h>

#include <algorithm>
#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <filesystem>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/utf8.h"
#include "extract/fact.h"
#include "mapping/mapping_spec.h"
#include "pipeline/convert_file.h"
#include "read/delimited_parser.h"
#include "support/stage_helpers.h"
#include "write/canonical_parts.h"
#include "write/canonical_schema.h"
#include "write/csv_writer.h"
#include "write/datapackage.h"
#include "write/output_encoding.h"
#include "write/output_sink.h"
#include "write/reading_jsonl.h"

namespace bc {
namespace {

namespace fs = std::filesystem;
namespace pt = boost::property_tree;
using test::read_file;
using test::ScratchDir;

const fs::path kSource = BC_SOURCE_DIR;

// The bundled samples, converted once for the whole suite.
struct Samples {
  MappingSet mappings;
  std::vector<FileOutcome> outcomes;
  std::vector<std::string> files;
};

const Samples& samples() {
  static const Samples s = [] {
    Samples out;
    std::vector<MappingProblem> problems;
    out.mappings = load_mappings((kSource / "mappings").string(), problems);
    for (const auto& e : fs::directory_iterator(kSource / "tests/fixtures/henan-ys")) {
      std::string ext = e.path().extension().string();
      if (ext == ".xlsx" || ext == ".xls" || ext == ".csv") out.files.push_back(e.path().string());
    }
    std::sort(out.files.begin(), out.files.end());
    for (const auto& f : out.files) out.outcomes.push_back(convert_file(f, out.mappings, {}));
    return out;
  }();
  return s;
}

std::size_t sample_fact_count() {
  std::size_t n = 0;
  for (const auto& o : samples().outcomes) n += o.status == FileStatus::Failed ? 0 : o.facts.size();
  return n;
}

void write_outputs(const OutputOptions& options, const std::vector<FileOutcome>& outcomes,
                   const std::vector<std::string>& inputs) {
  OutputSink sink(options, inputs);
  for (const auto& o : outcomes) sink.add(o);
  sink.commit();
}

void write_outputs(const OutputOptions& options, const FileOutcome& outcome,
                   const std::vector<std::string>& inputs) {
  OutputSink sink(options, inputs);
  sink.add(outcome);
  sink.commit();
}

OutputOptions options_with_vocabulary() {
  OutputOptions o;
  o.vocabulary = &samples().mappings.vocabulary;
  return o;
}

std::string from_gb18030(const std::string& bytes) {
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  EXPECT_NE(cd, reinterpret_cast<iconv_t>(-1));
  std::string out(bytes.size() * 4 + 16, '\0');
  char* in = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size();
  char* o = out.data();
  std::size_t out_left = out.size();
  std::size_t rc = iconv(cd, &in, &in_left, &o, &out_left);
  iconv_close(cd);
  EXPECT_NE(rc, static_cast<std::size_t>(-1)) << "not valid GB18030";
  out.resize(out.size() - out_left);
  return out;
}

std::vector<std::vector<std::string>> parse_csv(std::string_view text) {
  std::vector<std::vector<std::string>> rows;
  DelimitedParser parser(text, ',', true);
  while (parser.next()) rows.emplace_back(parser.fields().begin(), parser.fields().end());
  EXPECT_FALSE(parser.unterminated_quote());
  return rows;
}

// --- The datapackage checked against its CSV, as a Frictionless validator would.

bool parses_as(const std::string& type, const std::string& value) {
  static const std::regex integer("[-+]?[0-9]+");
  static const std::regex number("[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?");
  if (type == "string") return true;
  if (type == "integer") return std::regex_match(value, integer);
  if (type == "number") return std::regex_match(value, number);
  ADD_FAILURE() << "unexpected Table Schema type " << type;
  return false;
}

std::vector<std::string> string_list(const pt::ptree& array) {
  std::vector<std::string> out;
  for (const auto& [key, item] : array) out.push_back(item.get_value<std::string>());
  return out;
}

// What validating a descriptor against its CSVs found.
struct Validation {
  std::size_t rows = 0;  // data rows checked
  std::vector<std::string> problems;
  std::string report() const {
    std::string out;
    for (const auto& p : problems) out += p + "\n";
    return out;
  }
};

// Checks every resource of the descriptor at `descriptor` against its CSV as
// a Frictionless validator would: size and hash, encoding, header = field
// names in order, types, required, enum and pattern constraints, and the
// primary key's uniqueness. Collects problems rather than failing, so a
// test can also show that it catches a broken file.
Validation validate_datapackage(const std::string& descriptor) {
  Validation result;
  auto problem = [&](const std::string& where, const std::string& what) {
    if (result.problems.size() < 50) result.problems.push_back(where + ": " + what);
  };
  pt::ptree package;
  pt::read_json(descriptor, package);
  if (package.get<std::string>("profile", "") != "tabular-data-package")
    problem(descriptor, "profile");
  std::string name = package.get<std::string>("name", "");
  if (!std::regex_match(name, std::regex("[a-z0-9._-]+")))
    problem(descriptor, "bad name '" + name + "'");
  std::set<std::string> resource_names;
  const pt::ptree& resources = package.get_child("resources");
  if (resources.empty()) problem(descriptor, "no resources");
  for (const auto& [unused, resource] : resources) {
    const std::string path = resource.get<std::string>("path");
    if (!resource_names.insert(resource.get<std::string>("name")).second)
      problem(path, "duplicate resource name");
    if (path.find("..") != std::string::npos || path.front() == '/')
      problem(path, "path leaves the package");
    fs::path file = fs::path(descriptor).parent_path() / path;
    std::string bytes = read_file(file.string());
    if (resource.get<std::uint64_t>("bytes") != bytes.size())
      problem(path, "bytes differ from the file's size");
    if (resource.get<std::string>("hash") != "sha256:" + file_sha256(file.string()))
      problem(path, "hash differs");
    if (resource.get<std::string>("dialect.lineTerminator") != "\r\n")
      problem(path, "lineTerminator");
    // Decode as the descriptor says.
    std::string encoding = resource.get<std::string>("encoding");
    std::string text;
    if (encoding == "gb18030") {
      text = from_gb18030(bytes);
    } else if (encoding == "utf-8") {
      text = bytes;
      bool bom = resource.get<bool>("bcBom", false);
      if ((text.rfind("\xEF\xBB\xBF", 0) == 0) != bom)
        problem(path, "BOM presence differs from bcBom");
      if (bom) text.erase(0, 3);
      if (!is_valid_utf8(text)) problem(path, "not UTF-8");
    } else {
      problem(path, "unexpected encoding " + encoding);
    }
    auto rows = parse_csv(text);
    if (rows.empty()) {
      problem(path, "no header row");
      continue;
    }
    const pt::ptree& schema = resource.get_child("schema");
    struct Field {
      std::string name, type, pattern;
      bool required = false;
      std::vector<std::string> enums;
      std::optional<std::regex> regex;
    };
    std::vector<Field> fields;
    for (const auto& [k, f] : schema.get_child("fields")) {
      Field field{f.get<std::string>("name"),
                  f.get<std::string>("type"),
                  f.get<std::string>("constraints.pattern", ""),
                  f.get<bool>("constraints.required", false),
                  {},
                  std::nullopt};
      if (!field.pattern.empty()) field.regex.emplace(field.pattern);
      if (auto e = f.get_child_optional("constraints.enum")) field.enums = string_list(*e);
      fields.push_back(field);
    }
    std::vector<std::string> names;
    for (const auto& f : fields) names.push_back(f.name);
    if (rows[0] != names) problem(path, "the header is not the schema's field names in order");
    std::vector<std::string> missing = string_list(schema.get_child("missingValues"));
    std::vector<std::size_t> key;
    for (const std::string& k : string_list(schema.get_child("primaryKey"))) {
      auto it = std::find(names.begin(), names.end(), k);
      if (it == names.end())
        problem(path, "primary key column " + k + " is not a field");
      else
        key.push_back(static_cast<std::size_t>(it - names.begin()));
    }
    if (key.size() != 3)
      problem(path, "the primary key is not source_file, source_sheet, source_cell");
    std::set<std::vector<std::string>> keys;
    for (std::size_t r = 1; r < rows.size(); ++r) {
      const auto& row = rows[r];
      const std::string where = path + " row " + std::to_string(r);
      if (row.size() != fields.size()) {
        problem(where, std::to_string(row.size()) + " fields");
        continue;
      }
      for (std::size_t c = 0; c < fields.size(); ++c) {
        const Field& f = fields[c];
        const std::string& v = row[c];
        if (std::find(missing.begin(), missing.end(), v) != missing.end()) {
          if (f.required) problem(where, "required " + f.name + " is blank");
          continue;
        }
        if (!parses_as(f.type, v)) problem(where, f.name + " '" + v + "' is not " + f.type);
        if (!f.enums.empty() && std::find(f.enums.begin(), f.enums.end(), v) == f.enums.end()) {
          problem(where, f.name + " '" + v + "' is not in its enum");
        }
        if (f.regex && !std::regex_match(v, *f.regex)) {
          problem(where, f.name + " '" + v + "' does not match " + f.pattern);
        }
      }
      std::vector<std::string> k;
      for (std::size_t c : key) k.push_back(row[c]);
      if (!keys.insert(k).second)
        problem(where, "primary key repeated: " + k[0] + " " + k[1] + " " + k[2]);
      ++result.rows;
    }
  }
  return result;
}

// Validates and expects no problems; returns the rows checked.
std::size_t expect_valid(const std::string& descriptor) {
  Validation v = validate_datapackage(descriptor);
  EXPECT_TRUE(v.problems.empty()) << descriptor << ":\n" << v.report();
  return v.rows;
}

TEST(Datapackage, DescribesTheCombinedCsv) {
  ASSERT_GT(sample_fact_count(), 1000u);
  ScratchDir dir;
  OutputOptions o = options_with_vocabulary();
  o.combined_path = dir.file("facts.csv");
  write_outputs(o, samples().outcomes, samples().files);
  ASSERT_TRUE(fs::exists(dir.file("facts.datapackage.json")));
  EXPECT_EQ(expect_valid(dir.file("facts.datapackage.json")), sample_fact_count());
}

TEST(Datapackage, DescribesBomGb18030AndPartitionedOutput) {
  ScratchDir dir;
  OutputOptions bom = options_with_vocabulary();
  bom.combined_path = dir.file("bom/facts.csv");
  bom.bom = true;
  write_outputs(bom, samples().outcomes, samples().files);
  EXPECT_EQ(expect_valid(dir.file("bom/facts.datapackage.json")), sample_fact_count());

  OutputOptions gb = options_with_vocabulary();
  gb.directory = dir.file("gb");
  gb.encoding = OutputEncoding::Gb18030;
  gb.partition_by = {"template", "table_kind"};
  write_outputs(gb, samples().outcomes, samples().files);
  EXPECT_EQ(expect_valid(dir.file("gb/datapackage.json")), sample_fact_count());

  OutputOptions per_input = options_with_vocabulary();
  per_input.directory = dir.file("each");
  write_outputs(per_input, samples().outcomes, samples().files);
  EXPECT_EQ(expect_valid(dir.file("each/datapackage.json")), sample_fact_count());
}

TEST(Datapackage, CatchesACsvThatDoesNotMatch) {
  // The validator above must be able to fail: break the CSV after writing.
  ScratchDir dir;
  OutputOptions o = options_with_vocabulary();
  o.combined_path = dir.file("facts.csv");
  write_outputs(o, samples().outcomes, samples().files);
  std::string csv = read_file(o.combined_path);
  std::size_t at = csv.find(",CNY,");
  ASSERT_NE(at, std::string::npos);
  csv.replace(at, 5, ",yuan,");
  dir.write("facts.csv", csv);
  Validation v = validate_datapackage(dir.file("facts.datapackage.json"));
  std::string all = v.report();
  EXPECT_NE(all.find("unit 'yuan' is not in its enum"), std::string::npos) << all;
  EXPECT_NE(all.find("bytes differ"), std::string::npos) << all;
  EXPECT_NE(all.find("hash differs"), std::string::npos) << all;
  // A repeated key and a bad type are caught too.
  auto rows = parse_csv(csv);
  ASSERT_GT(rows.size(), 3u);
  std::ostringstream broken;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    std::vector<std::string> row = rows[r];
    if (r == 2) row[2] = rows[1][2];  // source_cell of row 1 again (same file and sheet)
    if (r == 3) row[7] = "二〇二四";  // fiscal_year
    write_csv_record(broken, row);
  }
  dir.write("facts.csv", broken.str());
  all = validate_datapackage(dir.file("facts.datapackage.json")).report();
  EXPECT_NE(all.find("primary key repeated"), std::string::npos) << all;
  EXPECT_NE(all.find("fiscal_year '二〇二四' is not integer"), std::string::npos) << all;
}

TEST(Datapackage, TextFactsLeaveValueANumberWithTheirTextInValueText) {
  Fact number;
  number.source_file = "a.xlsx";
  number.source_sheet = "S";
  number.source_cell = "B2";
  number.template_id = "t";
  number.table_kind = "project_expenditure";
  number.measure = "total";
  number.value = "12.5";
  number.unit = "CNY";
  Fact text = number;
  text.source_cell = "C2";
  text.measure = "description";
  text.value = "为群众提供医保服务";
  text.unit = "text";
  FileOutcome o;
  o.path = "a.xlsx";
  o.status = FileStatus::Ok;
  o.facts = {number};
  ScratchDir dir;
  OutputOptions opts;
  opts.combined_path = dir.file("numbers.csv");
  write_outputs(opts, o, {"a.xlsx"});
  o.facts.push_back(text);
  opts.combined_path = dir.file("texts.csv");
  write_outputs(opts, o, {"a.xlsx"});
  EXPECT_EQ(expect_valid(dir.file("numbers.datapackage.json")), 1u);
  EXPECT_EQ(expect_valid(dir.file("texts.datapackage.json")), 2u);
  pt::ptree numbers, texts;
  pt::read_json(dir.file("numbers.datapackage.json"), numbers);
  pt::read_json(dir.file("texts.datapackage.json"), texts);
  auto value_type = [](const pt::ptree& p) {
    for (const auto& [k, f] : p.get_child("resources").front().second.get_child("schema.fields")) {
      if (f.get<std::string>("name") == "value") return f.get<std::string>("type");
    }
    return std::string("?");
  };
  EXPECT_EQ(value_type(numbers), "number");
  EXPECT_EQ(value_type(texts), "number");  // the text is in value_text
  const std::string csv = read_file(dir.file("texts.csv"));
  EXPECT_NE(csv.find(",,text,"), std::string::npos) << csv;  // value blank, unit text
  EXPECT_NE(csv.find(",为群众提供医保服务,"), std::string::npos) << csv;  // in value_text
}

// --- Schema and docs.

TEST(CanonicalSchema, EveryColumnIsDescribedAndTyped) {
  auto fields = canonical_fields(&samples().mappings.vocabulary);
  ASSERT_EQ(fields.size(), canonical_columns().size());
  for (std::size_t i = 0; i < fields.size(); ++i) {
    EXPECT_EQ(fields[i].name, canonical_columns()[i]);
    EXPECT_FALSE(fields[i].description.empty())
        << fields[i].name << " has no entry in canonical_schema.cpp";
  }
  auto type_of = [&](const std::string& n) {
    for (const auto& f : fields) {
      if (f.name == n) return f.type;
    }
    return std::string();
  };
  EXPECT_EQ(type_of("value"), "number");
  EXPECT_EQ(type_of("function_code"), "string");  // codes keep their digits
  EXPECT_EQ(type_of("fiscal_year"), "integer");
  EXPECT_EQ(type_of("is_total"), "integer");
  for (const auto& f : fields) {
    if (f.name == "table_kind") {
      EXPECT_EQ(f.enum_values.size(), samples().mappings.vocabulary.table_kinds.size());
    }
    if (f.name == "measure") {
      EXPECT_EQ(f.enum_values.size(), samples().mappings.vocabulary.measures.size());
    }
    if (f.name == "unit") {
      EXPECT_EQ(f.enum_values, (std::vector<std::string>{"CNY", "count", "percent", "text"}));
    }
  }
}

TEST(CanonicalSchema, DocsListTheColumnsInOrder) {
  std::string doc = read_file((kSource / "docs/schema.md").string());
  std::regex row("\\n\\| ([0-9]+) \\| `([a-z0-9_]+)` \\|");
  std::vector<std::string> listed;
  for (auto it = std::sregex_iterator(doc.begin(), doc.end(), row); it != std::sregex_iterator();
       ++it) {
    EXPECT_EQ(std::stoul((*it)[1].str()), listed.size() + 1);
    listed.push_back((*it)[2].str());
  }
  EXPECT_EQ(listed, canonical_columns());
}

TEST(CanonicalSchema, JsonHasColumnsAndVocabulary) {
  std::ostringstream out;
  write_schema_json(out, samples().mappings.vocabulary);
  std::istringstream in(out.str());
  pt::ptree json;
  pt::read_json(in, json);
  EXPECT_EQ(json.get_child("columns").size(), canonical_columns().size());
  EXPECT_EQ(string_list(json.get_child("primaryKey")), canonical_primary_key());
  EXPECT_EQ(json.get_child("vocabulary.measures").size(),
            samples().mappings.vocabulary.measures.size());
  EXPECT_EQ(json.get_child("vocabulary.items").front().second.get<std::string>("id"),
            samples().mappings.vocabulary.items.front().id);
  std::ostringstream text;
  write_schema_text(text, samples().mappings.vocabulary);
  for (const auto& c : canonical_columns())
    EXPECT_NE(text.str().find(" " + c + " "), std::string::npos) << c;
  for (const auto& k : samples().mappings.vocabulary.table_kinds)
    EXPECT_NE(text.str().find(k.id), std::string::npos);
}

// --- Encodings.

TEST(OutputEncoding, Gb18030RoundTripsEveryCharacter) {
  TextEncoder encoder(OutputEncoding::Gb18030);
  // BMP Chinese, full-width punctuation, a supplementary-plane character, €.
  const std::string text = "卫生健康支出,“三公”经费（万元）,𠀀,€,abc\r\n";
  std::string gb = encoder.encode(text);
  EXPECT_NE(gb, text);
  EXPECT_EQ(gb.substr(0, 2), "\xCE\xC0");  // 卫 in GB2312/GBK/GB18030
  EXPECT_EQ(from_gb18030(gb), text);
  EXPECT_THROW(encoder.encode("bad \xFF byte"), std::runtime_error);
  TextEncoder utf8(OutputEncoding::Utf8);
  EXPECT_EQ(utf8.encode(text), text);
}

TEST(OutputEncoding, Names) {
  EXPECT_EQ(parse_output_encoding("UTF-8"), OutputEncoding::Utf8);
  EXPECT_EQ(parse_output_encoding("utf8"), OutputEncoding::Utf8);
  EXPECT_EQ(parse_output_encoding("GB18030"), OutputEncoding::Gb18030);
  EXPECT_THROW(parse_output_encoding("gbk"), std::invalid_argument);
  EXPECT_STREQ(output_encoding_name(OutputEncoding::Gb18030), "gb18030");
}

TEST(OutputSink, BomAndGb18030ApplyToEveryCsv) {
  ScratchDir dir;
  OutputOptions plain = options_with_vocabulary();
  plain.combined_path = dir.file("plain.csv");
  plain.report_path = dir.file("plain-report.csv");
  write_outputs(plain, samples().outcomes, samples().files);

  OutputOptions bom = plain;
  bom.combined_path = dir.file("bom.csv");
  bom.report_path = dir.file("bom-report.csv");
  bom.bom = true;
  write_outputs(bom, samples().outcomes, samples().files);
  EXPECT_EQ(read_file(bom.combined_path), "\xEF\xBB\xBF" + read_file(plain.combined_path));
  EXPECT_EQ(read_file(bom.report_path), "\xEF\xBB\xBF" + read_file(plain.report_path));

  OutputOptions gb = plain;
  gb.combined_path = dir.file("gb.csv");
  gb.report_path = dir.file("gb-report.csv");
  gb.encoding = OutputEncoding::Gb18030;
  write_outputs(gb, samples().outcomes, samples().files);
  std::string gb_bytes = read_file(gb.combined_path);
  EXPECT_NE(gb_bytes, read_file(plain.combined_path));
  EXPECT_EQ(from_gb18030(gb_bytes), read_file(plain.combined_path));
  EXPECT_EQ(from_gb18030(read_file(gb.report_path)), read_file(plain.report_path));

  OutputOptions both = plain;
  both.bom = true;
  both.encoding = OutputEncoding::Gb18030;
  EXPECT_THROW(OutputSink(both, {}), std::invalid_argument);
}

// --- Partitions.

TEST(OutputSink, PartitionsHoldExactlyTheirFacts) {
  ScratchDir dir;
  OutputOptions combined = options_with_vocabulary();
  combined.combined_path = dir.file("all.csv");
  write_outputs(combined, samples().outcomes, samples().files);
  auto all_rows = parse_csv(read_file(combined.combined_path));

  OutputOptions parts = options_with_vocabulary();
  parts.directory = dir.file("parts");
  parts.partition_by = {"fiscal_year", "table_kind"};
  write_outputs(parts, samples().outcomes, samples().files);
  const auto& columns = canonical_columns();
  auto index = [&](const std::string& n) {
    return static_cast<std::size_t>(std::find(columns.begin(), columns.end(), n) - columns.begin());
  };
  std::multiset<std::vector<std::string>> union_rows;
  std::size_t files = 0;
  for (const auto& e : fs::recursive_directory_iterator(parts.directory)) {
    if (e.path().extension() != ".csv") continue;
    ++files;
    fs::path rel = e.path().lexically_relative(parts.directory);
    auto rows = parse_csv(read_file(e.path().string()));
    ASSERT_GE(rows.size(), 2u) << rel;  // no empty partitions
    EXPECT_EQ(rows[0], columns);
    for (std::size_t r = 1; r < rows.size(); ++r) {
      EXPECT_EQ(partition_component(rows[r][index("fiscal_year")]), rel.parent_path().string())
          << rel;
      EXPECT_EQ(rows[r][index("table_kind")] + ".csv", rel.filename().string()) << rel;
      union_rows.insert(rows[r]);
    }
  }
  EXPECT_GE(files, 5u);
  std::multiset<std::vector<std::string>> expected(all_rows.begin() + 1, all_rows.end());
  EXPECT_TRUE(union_rows == expected)
      << union_rows.size() << " rows in partitions, " << expected.size() << " in all";
}

TEST(OutputSink, PartitionKeysAndComponents) {
  EXPECT_EQ(parse_partition_by("template,fiscal_year"),
            (std::vector<std::string>{"template", "fiscal_year"}));
  EXPECT_EQ(parse_partition_by(" table_kind "), (std::vector<std::string>{"table_kind"}));
  EXPECT_THROW(parse_partition_by("value"), std::invalid_argument);
  EXPECT_THROW(parse_partition_by("template,template"), std::invalid_argument);
  EXPECT_THROW(parse_partition_by(""), std::invalid_argument);
  EXPECT_EQ(partition_component(""), "_blank");
  EXPECT_EQ(partition_component("2024"), "2024");
  EXPECT_EQ(partition_component("卢氏县医疗保障局"), "卢氏县医疗保障局");
  EXPECT_EQ(partition_component("../a/b"), "_._a_b");
  EXPECT_EQ(partition_component("a:b*c"), "a_b_c");
  std::string long_name;
  for (int i = 0; i < 100; ++i) long_name += "局";
  std::string cut = partition_component(long_name);
  EXPECT_LE(cut.size(), 200u);
  EXPECT_TRUE(is_valid_utf8(cut));
  OutputOptions no_dir;
  no_dir.partition_by = {"template"};
  EXPECT_THROW(OutputSink(no_dir, {}), std::invalid_argument);
}

TEST(Datapackage, NamesAndPaths) {
  EXPECT_EQ(datapackage_path_for("out/facts.csv"), "out/facts.datapackage.json");
  EXPECT_EQ(datapackage_path_for("a/b.xlsx.csv"), "a/b.xlsx.datapackage.json");
  EXPECT_EQ(datapackage_name("Henan YS/2024"), "henan-ys-2024");
  EXPECT_EQ(datapackage_name("卢氏县"), "facts");
  EXPECT_EQ(datapackage_name("卢氏县-2024"), "2024");
}

// --- Reading parts back and merging.

TEST(CanonicalParts, EveryColumnRoundTrips) {
  Fact f;
  std::vector<std::string> values;
  for (std::size_t i = 0; i < canonical_columns().size(); ++i) {
    const std::string& c = canonical_columns()[i];
    std::string v = c == "is_total" || c == "repaired" ? "1" : "v" + std::to_string(i);
    // value_text is a view of a text fact's value (unit = text), no field of its own.
    if (c == "value_text") v.clear();
    ASSERT_TRUE(set_fact_column(f, c, v))
        << c << " cannot be read back (add it to canonical_parts.cpp)";
    values.push_back(v);
  }
  EXPECT_EQ(canonical_values(f), values);
  EXPECT_FALSE(set_fact_column(f, "no_such_column", "x"));
  Fact text;
  ASSERT_TRUE(set_fact_column(text, "unit", "text"));
  ASSERT_TRUE(set_fact_column(text, "value", ""));
  ASSERT_TRUE(set_fact_column(text, "value_text", "目标"));
  EXPECT_EQ(text.value, "目标");
  EXPECT_THROW(set_fact_column(f, "is_total", "yes"), std::invalid_argument);
}

TEST(CanonicalParts, ReadBackWhatWasWritten) {
  ScratchDir dir;
  OutputOptions o = options_with_vocabulary();
  o.combined_path = dir.file("facts.csv");
  o.bom = true;
  write_outputs(o, samples().outcomes, samples().files);
  std::vector<Fact> back = read_canonical_csv(o.combined_path);
  std::vector<std::vector<std::string>> expected, got;
  for (const auto& out : samples().outcomes) {
    for (const auto& f : out.facts) expected.push_back(canonical_values(f));
  }
  for (const auto& f : back) got.push_back(canonical_values(f));
  EXPECT_EQ(got, expected);

  // An older part without an appended column still reads; a foreign CSV does not.
  dir.write("old.csv", "source_file,source_sheet,source_cell,value\r\na.xlsx,S,B2,\"1,5\"\r\n");
  auto old = read_canonical_csv(dir.file("old.csv"));
  ASSERT_EQ(old.size(), 1u);
  EXPECT_EQ(old[0].value, "1,5");
  EXPECT_EQ(old[0].measure, "");
  dir.write("foreign.csv", "name,amount\r\nx,1\r\n");
  EXPECT_THROW(read_canonical_csv(dir.file("foreign.csv")), std::runtime_error);
  dir.write("nokey.csv", "source_file,value\r\nx,1\r\n");
  EXPECT_THROW(read_canonical_csv(dir.file("nokey.csv")), std::runtime_error);
  dir.write("ragged.csv", "source_file,source_sheet,source_cell\r\na,b\r\n");
  EXPECT_THROW(read_canonical_csv(dir.file("ragged.csv")), std::runtime_error);
  dir.write("gbk.csv", "source_file,source_sheet,source_cell\r\n\xCE\xC0,b,A1\r\n");
  EXPECT_THROW(read_canonical_csv(dir.file("gbk.csv")), std::runtime_error);
}

TEST(CanonicalParts, MergeOrderDependsOnlyOnRelativePaths) {
  ScratchDir dir;
  for (const char* p :
       {"m1/b/x.xlsx.csv", "m1/a.xls.csv", "m2/b/w.csv.csv", "m2/c.xlsx.csv", "m1/a.xls.report.csv",
        "m2/c.xlsx.diagnostics.csv", "m1/.a.csv.tmp-123", "m1/a.xls.datapackage.json"}) {
    dir.write(p, "x");
  }
  auto parts = list_canonical_parts({dir.file("m2"), dir.file("m1")});
  std::vector<std::string> rel;
  for (const auto& p : parts)
    rel.push_back(fs::path(p).lexically_relative(dir.path()).generic_string());
  EXPECT_EQ(rel, (std::vector<std::string>{"m1/a.xls.csv", "m2/b/w.csv.csv", "m1/b/x.xlsx.csv",
                                           "m2/c.xlsx.csv"}));
}

}  // namespace
}  // namespace bc
