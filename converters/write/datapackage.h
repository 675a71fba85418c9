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
  bool text_values = false;   // holds unit = text facts: `value` is typed string
};

struct DataFormat {
  OutputEncoding encoding = OutputEncoding::Utf8;
  bool bom = false;
};

// Writes the descriptor. Resource names are made from the relative paths
// (lower case, [a-z0-9._-]) and made unique; `bytes` and `hash` (sha256) are
// read from each file, so call this after the CSVs are complete.
void write_datapackage(std::ostream& out, const std::string& package_name,
                       const std::vector<DataResource>& resources, const DataFormat& format,
                       const Vocabulary* vocabulary);

// Where the descriptor of a single CSV goes: "dir/facts.csv" ->
// "dir/facts.datapackage.json", so several CSVs can share a directory.
std::string datapackage_path_for(const std::string& csv_path);

// A Data Package name: lower case letters, digits, '-', '_' and '.'; other
// characters become '-'; "facts" when nothing is left.
std::string datapackage_name(const std::string& text);

}  // namespace bc
