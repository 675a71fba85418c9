// Where converted outcomes go: the canonical CSV (one combined file, or one
// per input), the per-input report and the diagnostics list. Every file is
// written atomically; a failed input contributes a report row and no facts.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "pipeline/convert_file.h"
#include "write/atomic_file.h"

namespace bc {

struct OutputOptions {
  std::string combined_path;    // --output
  std::string directory;        // --output-dir
  std::string report_path;      // --report
  std::string diagnostics_path; // --diagnostics
};

struct OutputTotals {
  std::size_t files = 0;
  std::size_t failed = 0;
  std::size_t facts = 0;
  std::size_t warnings = 0;
};

class OutputSink {
 public:
  // `inputs` are all the files of the batch, for naming per-input outputs.
  OutputSink(OutputOptions options, const std::vector<std::string>& inputs);
  void add(const FileOutcome& outcome);
  void commit();  // moves every output into place
  const OutputTotals& totals() const { return totals_; }

 private:
  OutputOptions options_;
  std::map<std::string, std::string> per_input_names_;
  std::unique_ptr<AtomicFile> combined_, report_, diagnostics_;
  OutputTotals totals_;
};

// Output file names for --output-dir: the input's name with .csv for its
// extension; inputs whose names would collide keep their extension too.
std::map<std::string, std::string> per_input_output_names(const std::vector<std::string>& files,
                                                          const std::string& dir);

}  // namespace bc
