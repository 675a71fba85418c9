#include "validate/findings_report.h"

#include "write/csv_writer.h"

namespace bc {

const std::vector<std::string>& findings_columns() {
  static const std::vector<std::string> kColumns = {
      "source_file", "source_sheet", "table_code", "rule_id", "cells",     "expected",
      "actual",      "difference",   "severity",   "unit",    "tolerance", "message",
  };
  return kColumns;
}

void write_findings_header(std::ostream& out) { write_csv_record(out, findings_columns()); }

void write_findings(std::ostream& out, const std::vector<Finding>& findings) {
  for (const Finding& f : findings) {
    write_csv_record(
        out, {f.source_file, f.source_sheet, f.table_code, f.rule_id, f.cells, f.expected, f.actual,
              f.difference, severity_name(f.severity), f.unit, f.tolerance, f.message});
  }
}

std::string finding_line(const Finding& f) {
  std::string where = f.table_code.empty() ? f.source_sheet : f.table_code;
  std::string line = std::string(severity_name(f.severity)) + " " + where + " " + f.cells + " [" +
                     f.rule_id + "]: ";
  if (f.severity == Severity::Info) return line + f.message;
  return line + "printed " + f.actual + ", parts add up to " + f.expected + ", difference " +
         f.difference + " " + f.unit + " (tolerance " + f.tolerance + ")";
}

namespace {
std::string count(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}
}  // namespace

std::string validation_summary(const std::string& file, const ValidationCounts& c) {
  return file + ": " + count(c.checked, "check", "checks") + ", " + std::to_string(c.passed) +
         " exact, " + count(c.errors, "error", "errors") + ", " +
         count(c.warnings, "warning", "warnings") + " (within the rounding tolerance), " +
         std::to_string(c.inapplicable) + " not checked (cells missing)";
}

}  // namespace bc
