// Output of validation: the findings CSV (one row per finding, columns below)
// and the human summary printed on stderr.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "validate/validator.h"

namespace bc {

// source_file, source_sheet, table_code, rule_id, cells, expected, actual,
// difference, severity, then the appended unit, tolerance, message.
const std::vector<std::string>& findings_columns();
void write_findings_header(std::ostream& out);
void write_findings(std::ostream& out, const std::vector<Finding>& findings);

// "error YS06 E324 henan-ys.ys06.column: ..." (one line, no newline).
std::string finding_line(const Finding& finding);
// "FILE: 123 checks, 120 equal, 1 error, 2 warnings (rounding), 0 not checked".
std::string validation_summary(const std::string& file, const ValidationCounts& counts);

}  // namespace bc
