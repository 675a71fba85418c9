#include "pipeline/resume.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "core/diagnostic.h"
#include "read/delimited_parser.h"
#include "read/text_encoding.h"

namespace bc {

namespace fs = std::filesystem;

namespace {

// A report is a few hundred bytes per input; this allows millions of inputs.
constexpr std::uint64_t kMaxReportBytes = 4ull << 30;

std::size_t to_count(const std::string& text) {
  std::size_t n = 0;
  for (char c : text) {
    if (c < '0' || c > '9') throw std::invalid_argument("not a count: " + text);
    n = n * 10 + static_cast<std::size_t>(c - '0');
  }
  return n;
}

FileStatus to_status(const std::string& text) {
  if (text == "ok") return FileStatus::Ok;
  if (text == "warnings") return FileStatus::Warnings;
  return FileStatus::Failed;
}

// Walks the records of a CSV written by write_csv_record: a record ends at a
// line feed outside quotes. Keeps each record's first field (bounded) so a
// block of records can be checked against the input it claims to belong to.
class RecordScanner {
 public:
  explicit RecordScanner(const std::string& path) : in_(path, std::ios::binary) {}
  bool is_open() const { return static_cast<bool>(in_); }
  std::uint64_t offset() const { return offset_; }

  // Skips a UTF-8 byte order mark at the start.
  void skip_bom() {
    if (fill() && buffer_.size() - pos_ >= 3 && buffer_.compare(pos_, 3, "\xEF\xBB\xBF") == 0) {
      pos_ += 3;
      offset_ += 3;
    }
  }

  // Moves past one record; false at the end of the file.
  bool next(std::string& first_field) {
    first_field.clear();
    bool in_quotes = false, in_first = true, any = false;
    while (fill()) {
      char c = buffer_[pos_++];
      ++offset_;
      any = true;
      if (c == '"') {
        in_quotes = !in_quotes;
      } else if (!in_quotes && c == ',') {
        in_first = false;
        continue;
      } else if (!in_quotes && c == '\n') {
        if (!first_field.empty() && first_field.back() == '\r' && in_first) first_field.pop_back();
        return true;
      }
      if (in_first && first_field.size() < 4096) first_field.push_back(c);
    }
    return any;  // a last record without a line end (not written by us; it will not match)
  }

 private:
  bool fill() {
    if (pos_ < buffer_.size()) return true;
    buffer_.resize(1 << 20);
    in_.read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    buffer_.resize(static_cast<std::size_t>(in_.gcount()));
    pos_ = 0;
    return !buffer_.empty();
  }

  std::ifstream in_;
  std::string buffer_;
  std::size_t pos_ = 0;
  std::uint64_t offset_ = 0;
};

}  // namespace

std::string report_journal_path(const std::string& report_path) { return report_path + ".partial"; }

ResumeState ResumeState::load(const ResumeSource& source) {
  ResumeState state;
  state.source_ = source;
  if (source.report_path.empty()) {
    state.notes_.push_back("no --report: there is no previous run to compare with");
    return state;
  }
  try {
    if (fs::exists(source.report_path)) state.read_report(source.report_path, false);
  } catch (const std::exception& e) {
    state.results_.clear();
    state.order_.clear();
    state.notes_.push_back("the previous report " + source.report_path +
                           " cannot be used: " + e.what());
  }
  if (!source.combined_path.empty()) {
    state.locate_combined(state.order_);
    return state;
  }
  const std::string journal = report_journal_path(source.report_path);
  try {
    if (fs::exists(journal)) state.read_report(journal, true);
  } catch (const std::exception& e) {
    state.notes_.push_back("the journal " + journal +
                           " of an interrupted run cannot be used: " + e.what());
  }
  return state;
}

void ResumeState::read_report(const std::string& path, bool journal) {
  DecodedText text = decode_to_utf8(read_file_bytes(path, kMaxReportBytes),
                                    source_.gb18030 ? "gb18030" : "", path);
  DelimitedParser parser(text.utf8, ',', true);
  if (!parser.next()) return;
  std::vector<std::string> columns(parser.fields().begin(), parser.fields().end());
  for (const char* needed : {"input", "status", "facts", "warnings", "sha256", "options"}) {
    if (std::find(columns.begin(), columns.end(), needed) == columns.end()) {
      throw std::runtime_error(std::string("it has no column '") + needed +
                               "' (written by an older budgetconv?)");
    }
  }
  if (!journal) order_.clear();
  while (parser.next()) {
    const auto& values = parser.fields();
    if (values.size() != columns.size()) {
      // A journal's last row may be cut off by the interruption; a report's may not.
      if (journal) continue;
      throw std::runtime_error("row " + std::to_string(parser.record_index() + 1) + " has " +
                               std::to_string(values.size()) + " fields, not " +
                               std::to_string(columns.size()));
    }
    PreviousResult result;
    for (std::size_t i = 0; i < columns.size(); ++i)
      result.fields[columns[i]] = std::string(values[i]);
    result.status = to_status(result.fields["status"]);
    result.facts = to_count(result.fields["facts"]);
    result.warnings = to_count(result.fields["warnings"]);
    const std::string input = result.fields["input"];
    if (!journal) order_.push_back({input, result.status, result.facts});
    results_[input] = std::move(result);
  }
}

void ResumeState::locate_combined(const std::vector<ReportRow>& order) {
  if (order.empty()) return;
  RecordScanner scan(source_.combined_path);
  auto give_up = [&](const std::string& why) {
    results_.clear();
    notes_.push_back("the previous combined output " + source_.combined_path + " " + why +
                     "; every input is converted again");
  };
  if (!scan.is_open()) return give_up("cannot be read");
  std::string first;
  scan.skip_bom();
  if (!scan.next(first)) return give_up("is empty");
  for (const ReportRow& row : order) {
    if (row.status == FileStatus::Failed) continue;
    PreviousResult& result = results_[row.path];
    result.combined_offset = scan.offset();
    auto named = source_.source_names.find(row.path);
    const bool check = named != source_.source_names.end();
    const std::string name = check ? named->second : row.path;
    const std::string expected = source_.encode_field ? source_.encode_field(name) : name;
    for (std::size_t i = 0; i < row.facts; ++i) {
      if (!scan.next(first)) return give_up("has fewer records than the previous report lists");
      if (check && first != expected)
        return give_up("does not hold the facts of " + row.path + " where the report puts them");
    }
    result.combined_bytes = scan.offset() - result.combined_offset;
    result.combined_located = true;
  }
  if (scan.next(first)) return give_up("has more records than the previous report lists");
}

const PreviousResult* ResumeState::find(const std::string& path, const std::string& sha256) const {
  auto it = results_.find(path);
  if (it == results_.end() || sha256.empty()) return nullptr;
  const PreviousResult& result = it->second;
  if (result.status == FileStatus::Failed) return nullptr;
  auto field = [&](const char* name) {
    auto f = result.fields.find(name);
    return f == result.fields.end() ? std::string() : f->second;
  };
  if (field("sha256") != sha256 || field("options") != source_.options_fingerprint) return nullptr;
  if (!source_.combined_path.empty()) return result.combined_located ? &result : nullptr;
  auto out = source_.per_input_paths.find(path);
  if (out == source_.per_input_paths.end()) return nullptr;
  std::error_code ec;
  return fs::is_regular_file(out->second, ec) ? &result : nullptr;
}

}  // namespace bc
