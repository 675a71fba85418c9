// Checks the facts of converted documents against their family's rules
// (rule_spec.h). Each rule instance compares a printed total with the sum of
// its parts, exactly (bc::Decimal): a difference beyond the tolerance is an
// error; a non-zero difference within it (rounding) is a warning; a check that
// cannot be made because cells are missing is reported as inapplicable (info),
// never as a finding.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "extract/fact.h"
#include "pipeline/convert_file.h"
#include "validate/rule_spec.h"

namespace bc {

struct Finding {
  std::string source_file;
  std::string source_sheet;
  std::string table_code;
  std::string rule_id;
  std::string cells;       // "F233=F235+F236", cells of other sheets as 'YS05'!F303
  std::string expected;    // the sum of the parts, in `unit`
  std::string actual;      // the printed total, in `unit`
  std::string difference;  // actual - expected
  Severity severity =
      Severity::Error;    // error, warning (within the rounding tolerance), info (inapplicable)
  std::string unit;       // the total cell's table unit as printed (万元, 元)
  std::string tolerance;  // in `unit`
  std::string message;    // one human sentence
};

struct ValidationCounts {
  std::size_t checked = 0;  // rule instances compared
  std::size_t passed = 0;   // exactly equal
  std::size_t errors = 0;
  std::size_t warnings = 0;
  std::size_t inapplicable = 0;
};

struct ValidationReport {
  std::vector<Finding> findings;  // errors, warnings and inapplicable checks, in reading order
  ValidationCounts counts;
  bool has_findings() const { return counts.errors + counts.warnings > 0; }
  void append(ValidationReport&& other);
};

// `tables` (from the file's outcome) tell apart two tables of one sheet; facts
// outside every listed range are grouped by sheet, code and title. Facts of
// several source files are validated file by file.
ValidationReport validate_facts(const std::vector<Fact>& facts,
                                const std::vector<TableOutcome>& tables, const RuleSet& rules);
ValidationReport validate_outcome(const FileOutcome& outcome, const RuleSet& rules);

}  // namespace bc
