// --skip-unchanged: which inputs a previous run already converted, with the
// same content and the same options, so their outputs can be kept instead of
// converting them again. An interrupted harvest restarts cheaply this way.
//
// The state is the previous run's report (--report), which has the input's
// sha256 and an options fingerprint per row, plus the report's journal
// (REPORT.partial): the rows of a run that did not finish, written as it went.
// An input is unchanged when its sha256 and the fingerprint match a row whose
// status was ok or warnings (failed inputs are always tried again), and its
// previous facts are still there:
//   --output-dir: the input's per-input CSV exists (report and journal rows);
//   --output: the previous combined CSV holds exactly the facts the previous
//     report lists, in its order (report rows only: an interrupted run never
//     committed its combined CSV). The facts are then copied from it.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "pipeline/convert_file.h"

namespace bc {

struct PreviousResult {
  std::map<std::string, std::string> fields;  // the previous report row, by column name
  FileStatus status = FileStatus::Failed;
  std::size_t facts = 0;
  std::size_t warnings = 0;
  // --output: where this input's records are in the previous combined CSV.
  bool combined_located = false;
  std::uint64_t combined_offset = 0;
  std::uint64_t combined_bytes = 0;
};

struct ResumeSource {
  std::string report_path;    // previous report; its journal is report_path + ".partial"
  std::string combined_path;  // --output, or ""
  std::map<std::string, std::string> per_input_paths;  // --output-dir: input → its CSV
  std::string options_fingerprint;                     // must equal the rows' "options"
  bool gb18030 = false;  // the report and CSVs were written in GB18030
  // The bytes of one CSV field as the combined CSV holds it (quoted and
  // encoded), to check that each block of records belongs to its input.
  std::function<std::string(const std::string&)> encode_field;
  // Each current input's source_file (its name relative to its input root);
  // the records of a previous input that is not among them are not checked.
  std::map<std::string, std::string> source_names;
};

class ResumeState {
 public:
  ResumeState() = default;
  // Never fails for a missing or unreadable previous run: nothing is then
  // unchanged, and notes() says why.
  static ResumeState load(const ResumeSource& source);

  // The previous result when `path` with this content can be kept; nullptr
  // when it must be converted. Thread-safe (read-only).
  const PreviousResult* find(const std::string& path, const std::string& sha256) const;

  std::size_t candidates() const { return results_.size(); }
  const std::vector<std::string>& notes() const { return notes_; }

 private:
  struct ReportRow {
    std::string path;
    FileStatus status = FileStatus::Failed;
    std::size_t facts = 0;
  };
  void read_report(const std::string& path, bool journal);
  void locate_combined(const std::vector<ReportRow>& order);

  ResumeSource source_;
  std::map<std::string, PreviousResult> results_;  // by input path
  std::vector<ReportRow> order_;                   // the previous report's rows, in its order
  std::vector<std::string> notes_;
};

// The report's journal of a run in progress.
std::string report_journal_path(const std::string& report_path);

}  // namespace bc
