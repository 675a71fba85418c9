// The Frictionless Data Package (datapackage.json, Data Package v1 with a
// Table Schema per resource) written next to canonical CSVs, so R
// (frictionless, readr), Python (frictionless, pandas) and data portals read
// the files with the right column types. docs/schema.md says why this format.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "mapping/vocabulary.h"
#include "write/output_encoding.h"

namespace bc {

struct DataResource {
  std::string file;           // the CSV as written, for bytes and hash
  std::string relative_path;  // from the descriptor's directory, '/'-separated
};

// Where the facts came from (the package's sources, created and
// bcMappingsSha256 properties); left out when empty.
struct Provenance {
  std::vector<std::string> sources;  // the inputs as given (files or directories)
  std::string created;               // ISO 8601 UTC; "" = now
  std::string mappings_sha256;       // of the mapping set used
};

// The current time as ISO 8601 UTC ("2026-12-02T17:20:00Z").
std::string utc_timestamp_now();

struct DataFormat {
  OutputEncoding encoding = OutputEncoding::Utf8;
  bool bom = false;
};

// Writes the descriptor. Resource names are made from the relative paths
// (lower case, [a-z0-9._-]) and made unique; `bytes` and `hash` (sha256) are
// read from each file, so call this after the CSVs are complete.
void write_datapackage(std::ostream& out, const std::string& package_name,
                       const std::vector<DataResource>& resources, const DataFormat& format,
                       const Vocabulary* vocabulary, const Provenance* provenance = nullptr);

// Where the descriptor of a single CSV goes: "dir/facts.csv" ->
// "dir/facts.datapackage.json", so several CSVs can share a directory.
std::string datapackage_path_for(const std::string& csv_path);

// A Data Package name: lower case letters, digits, '-', '_' and '.'; other
// characters become '-'; "facts" when nothing is left.
std::string datapackage_name(const std::string& text);

}  // namespace bc
