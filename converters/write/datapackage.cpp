#include "write/datapackage.h"

#include <ctime>
#include <filesystem>
#include <set>

#include "write/canonical_schema.h"
#include "write/reading_jsonl.h"

namespace bc {

namespace fs = std::filesystem;

std::string datapackage_name(const std::string& text) {
  std::string out;
  bool any_alnum = false;
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c - 'A' + 'a');
    bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    any_alnum = any_alnum || alnum;
    char keep = alnum || c == '-' || c == '_' || c == '.' ? static_cast<char>(c) : '-';
    // Multi-byte characters would give a run of dashes; one is enough.
    if (keep == '-' && !out.empty() && out.back() == '-') continue;
    out.push_back(keep);
  }
  while (!out.empty() && (out.back() == '-' || out.back() == '.')) out.pop_back();
  while (!out.empty() && (out.front() == '-' || out.front() == '.')) out.erase(out.begin());
  return any_alnum && !out.empty() ? out : "facts";
}

std::string datapackage_path_for(const std::string& csv_path) {
  fs::path p(csv_path);
  return (p.parent_path() / (p.stem().string() + ".datapackage.json")).string();
}

std::string utc_timestamp_now() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

void write_datapackage(std::ostream& out, const std::string& package_name,
                       const std::vector<DataResource>& resources, const DataFormat& format,
                       const Vocabulary* vocabulary, const Provenance* provenance) {
  out << "{\n";
  out << "  \"profile\": \"tabular-data-package\",\n";
  out << "  \"name\": " << json_quote(datapackage_name(package_name)) << ",\n";
  out << "  \"title\": \"Chinese department budget disclosure facts (budgetconv canonical "
         "CSV)\",\n";
  out << "  \"description\": \"One row per published number, exact, money in yuan. Columns, units "
         "and "
         "vocabulary: docs/schema.md of budgetconv, or `budgetconv schema`.\",\n";
  out << "  \"budgetconvVersion\": " << json_quote(BC_VERSION) << ",\n";
  if (provenance) {
    out << "  \"created\": "
        << json_quote(provenance->created.empty() ? utc_timestamp_now() : provenance->created)
        << ",\n";
    if (!provenance->sources.empty()) {
      out << "  \"sources\": [";
      for (std::size_t i = 0; i < provenance->sources.size(); ++i) {
        out << (i ? ", " : "") << "{\"title\": " << json_quote(provenance->sources[i])
            << ", \"path\": " << json_quote(provenance->sources[i]) << "}";
      }
      out << "],\n";
    }
    if (!provenance->mappings_sha256.empty())
      out << "  \"bcMappingsSha256\": " << json_quote(provenance->mappings_sha256) << ",\n";
  }
  out << "  \"resources\": [";
  std::set<std::string> used;
  for (std::size_t i = 0; i < resources.size(); ++i) {
    const DataResource& r = resources[i];
    std::string stem = r.relative_path;
    if (stem.size() > 4 && stem.compare(stem.size() - 4, 4, ".csv") == 0)
      stem.resize(stem.size() - 4);
    std::string name = datapackage_name(stem);
    for (int n = 2; !used.insert(name).second; ++n)
      name = datapackage_name(stem) + "-" + std::to_string(n);
    std::uint64_t bytes = 0;
    std::string sha = file_sha256(r.file, &bytes);
    out << (i ? ",\n" : "\n") << "    {\n";
    out << "      \"name\": " << json_quote(name) << ",\n";
    out << "      \"path\": " << json_quote(r.relative_path) << ",\n";
    out << "      \"profile\": \"tabular-data-resource\",\n";
    out << "      \"format\": \"csv\",\n";
    out << "      \"mediatype\": \"text/csv\",\n";
    // A BOM is not part of the encoding name (readr, pandas and frictionless
    // skip a UTF-8 BOM); bcBom records that it is there.
    out << "      \"encoding\": " << json_quote(output_encoding_name(format.encoding)) << ",\n";
    if (format.bom) out << "      \"bcBom\": true,\n";
    if (!sha.empty()) {
      out << "      \"bytes\": " << bytes << ",\n";
      out << "      \"hash\": " << json_quote("sha256:" + sha) << ",\n";
    }
    out << "      \"dialect\": {\"delimiter\": \",\", \"lineTerminator\": \"\\r\\n\", "
           "\"quoteChar\": \"\\\"\", "
           "\"doubleQuote\": true, \"header\": true},\n";
    out << "      \"schema\": ";
    write_table_schema_json(out, canonical_fields(vocabulary), 6);
    out << "\n    }";
  }
  out << (resources.empty() ? "]\n" : "\n  ]\n");
  out << "}\n";
}

}  // namespace bc
