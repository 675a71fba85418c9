// Where converted outcomes go: the canonical CSV (one combined file, one per
// input, or one per partition), the per-input report and the diagnostics
// list, each CSV in the chosen encoding, and a datapackage.json describing
// the canonical CSVs. Every file is written atomically; a failed input
// contributes a report row and no facts.
#pragma once

#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "mapping/vocabulary.h"
#include "pipeline/convert_file.h"
#include "write/atomic_file.h"
#include "write/datapackage.h"
#include "write/output_encoding.h"
#include "write/spooled_file.h"

namespace bc {

struct OutputOptions {
  std::string combined_path;     // --output
  std::string directory;         // --output-dir
  std::string report_path;       // --report
  std::string diagnostics_path;  // --diagnostics
  // --partition-by (with --output-dir): one CSV per distinct combination of
  // these columns, at DIR/<value>/.../<value>.csv. See partition_keys().
  std::vector<std::string> partition_by;
  OutputEncoding encoding = OutputEncoding::Utf8;  // --output-encoding, for every CSV written
  bool bom = false;                                // --bom: UTF-8 CSVs start with EF BB BF
  bool datapackage = true;                         // --no-datapackage turns it off
  const Vocabulary* vocabulary = nullptr;          // enums of table_kind, measure, item
  // The report's "options" column: what --skip-unchanged compares (pipeline/resume.h).
  std::string options_fingerprint;
  // Each input path's name relative to its input root: the facts'
  // source_file, and DIR/<name>.csv under --output-dir. An input without an
  // entry keeps the source_file of its facts and is named by its file name.
  std::map<std::string, std::string> source_names;
  // --skip-unchanged with --output-dir: the per-input CSVs the previous
  // DIR/datapackage.json lists and this run does not write (their inputs
  // are gone) are removed on commit, so DIR mirrors the inputs.
  bool remove_stale = false;
  Provenance provenance;  // written into every datapackage.json
};

// The columns --partition-by accepts.
const std::vector<std::string>& partition_keys();
// Parses "template,fiscal_year"; throws std::invalid_argument on an unknown
// or repeated column.
std::vector<std::string> parse_partition_by(const std::string& text);
// A partition value as a path component: blank is "_blank"; '/', '\',
// control characters and a leading '.' become '_'.
std::string partition_component(const std::string& value);

struct OutputTotals {
  std::size_t files = 0;
  std::size_t failed = 0;
  std::size_t facts = 0;
  std::size_t warnings = 0;
  std::size_t unchanged = 0;  // --skip-unchanged: inputs kept from a previous run
  std::vector<std::string> removed;  // stale outputs removed (OutputOptions::remove_stale)
};

class OutputSink {
 public:
  // `inputs` are all the files of the batch, for naming per-input outputs.
  OutputSink(OutputOptions options, const std::vector<std::string>& inputs);
  void add(const FileOutcome& outcome);
  void commit();  // moves every output into place, then writes the datapackage
  const OutputTotals& totals() const { return totals_; }

 private:
  // A canonical CSV being written.
  struct CsvTarget {
    std::unique_ptr<SpooledFile> file;
    std::string relative_path;  // from the datapackage's directory
  };
  CsvTarget open_target(const std::string& path, const std::string& relative_path);
  // One canonical record (UTF-8 text) into a target, in the output encoding.
  void append_record(CsvTarget& target, const std::string& record);
  void write_record(AtomicFile& file, const std::vector<std::string>& fields);
  CsvTarget& partition_of(const Fact& fact);  // opened on first use
  void add_unchanged(const FileOutcome& outcome);
  std::string relative_to_directory(const std::string& path) const;
  void write_report_row(const std::vector<std::string>& fields);
  void write_datapackage_file(const std::string& path, const std::string& name,
                              const std::vector<DataResource>& resources);

  OutputOptions options_;
  TextEncoder encoder_;
  std::map<std::string, std::string> per_input_names_;
  std::unique_ptr<AtomicFile> report_, diagnostics_;
  // The report rows so far, flushed per input, so that --skip-unchanged can
  // resume a run that was interrupted before the report was committed.
  std::unique_ptr<std::ofstream> journal_;
  std::unique_ptr<CsvTarget> combined_;
  std::map<std::string, CsvTarget> partitions_;  // by path relative to the directory
  std::vector<std::size_t> partition_columns_;   // indexes into canonical_columns()
  std::vector<DataResource> per_input_written_;
  OutputTotals totals_;
  void remove_stale_outputs();
};

// Output file names for --output-dir: DIR/<the input's name relative to its
// input root>.csv (harvest/a/x.xlsx given as harvest/ -> DIR/a/x.xlsx.csv),
// the file name for an input without an entry in `source_names`. Two inputs
// with the same name are an error (std::invalid_argument), never renamed.
std::map<std::string, std::string> per_input_output_names(
    const std::vector<std::string>& files, const std::string& dir,
    const std::map<std::string, std::string>& source_names = {});
// "a/x.xlsx" -> "a/x.xlsx.csv".
std::string relative_output_name(const std::string& source_name);

}  // namespace bc
