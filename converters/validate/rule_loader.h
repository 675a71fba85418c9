// Loads and lints the validation rules of mappings/rules/<family>.yaml. A rule
// that names a table, measure, item or field the family's mapping does not
// have is a lint problem (listed by `budgetconv mappings check`), never a
// runtime failure: such a rule is left out of the set.
#pragma once

#include <string>
#include <vector>

#include "mapping/mapping_spec.h"
#include "validate/rule_spec.h"

namespace bc {

// Every <mappings_dir>/rules/*.yaml, checked against `mappings`. A missing
// rules/ directory is not a problem (no rules). Problems are collected.
RuleSet load_rules(const std::string& mappings_dir, const MappingSet& mappings,
                   std::vector<MappingProblem>& problems);

// One rules file (tests). Rules with problems are dropped; the rest are kept.
FamilyRules load_rule_file(const std::string& path, const MappingSet& mappings,
                           std::vector<MappingProblem>& problems);

}  // namespace bc
