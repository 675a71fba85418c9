// Diagnostics: every message the tool gives about an input names where it is
// (file, sheet, cell) and what was found there. Codes are grouped by stage:
// READ-*, LOCATE-*, MAP-*, EXTRACT-*, NORM-*, WRITE-*, VALIDATE-*, CLI-*.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace bc {

enum class Severity { Info, Warning, Error };
const char* severity_name(Severity severity);  // "info", "warning", "error"

struct Location {
  std::string file;
  std::string sheet;
  std::string cell;  // A1 address or range; empty when the whole sheet/file is meant
};

struct Diagnostic {
  Severity severity = Severity::Error;
  std::string code;       // e.g. "READ-ENCRYPTED", "MAP-MISSING-COLUMN"
  Location where;
  std::string message;    // what is wrong, in one sentence
  std::string raw_text;   // the offending text, when there is one
  std::string hint;       // how to fix or work around it, when known

  // "file: sheet 'S' cell B6: message (raw: '...'; hint: ...)"
  std::string to_string() const;
};

// Thrown for a problem that stops one input (or one table, where caught by
// the extractor). Carries the diagnostic; never used for programmer errors.
class InputError : public std::runtime_error {
 public:
  explicit InputError(Diagnostic diagnostic);
  InputError(std::string code, std::string message, Location where = {}, std::string raw_text = {},
             std::string hint = {});
  const Diagnostic& diagnostic() const { return diagnostic_; }
  Diagnostic& diagnostic() { return diagnostic_; }

 private:
  Diagnostic diagnostic_;
};

// Collects non-fatal diagnostics for one input.
class DiagnosticSink {
 public:
  void add(Diagnostic diagnostic) { items_.push_back(std::move(diagnostic)); }
  void warn(std::string code, std::string message, Location where = {}, std::string raw_text = {});
  void info(std::string code, std::string message, Location where = {});
  const std::vector<Diagnostic>& items() const { return items_; }
  std::size_t count(Severity severity) const;

 private:
  std::vector<Diagnostic> items_;
};

}  // namespace bc
