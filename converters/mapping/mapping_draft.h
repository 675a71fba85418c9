// `budgetconv mappings draft`: a starting mapping file written from a sample
// workbook. One table entry per located table (printed code, its title as a
// pattern), keys guessed from the code and name columns (科目编码 类/款/项,
// 经济分类科目编码, 科目名称, 项目 …), and one measure per value column with the
// closest vocabulary id: the id whose header pattern in the shipped mappings
// matches the column's header path best, else the id whose vocabulary label is
// the column's last header level. Columns with no such id are written as
// commented-out `# TODO` lines, so the draft loads as it is (their values are
// kept with an empty measure) and the author sees what is left to decide.
#pragma once

#include <string>
#include <vector>

#include "mapping/mapping_spec.h"
#include "read/workbook.h"

namespace bc {

struct DraftOptions {
  std::string family;            // --template: the family id (required)
  std::string name;              // human name (default: the family id)
  std::string stage;             // budget | final; default: final when a title says 决算
  std::string default_unit;      // default: the unit most tables print, else 万元
  std::string reference_layout;  // written as is when not empty
  // Leave this family's own mapping out of the proposals (to see what a draft of a
  // new family would look like; the draft test does so).
  std::string exclude_family;
};

struct DraftStats {
  std::size_t tables = 0;
  std::size_t skipped_tables = 0;  // forms recognised from a shipped mapping's skipped entry
  std::size_t measures = 0;        // value columns given a vocabulary id
  std::size_t todo = 0;            // value columns left as # TODO
};

// Reads every sheet of `workbook` and returns the YAML text of a family
// mapping. `known` (the shipped mappings and vocabulary) proposes the ids.
std::string draft_mapping(Workbook& workbook, const MappingSet& known, const DraftOptions& options,
                          DraftStats* stats = nullptr);

// A label as a label pattern matching exactly that text (normalised, regex
// characters escaped): 项目(按功能分类) → '项目\(按功能分类\)'.
std::string literal_label_pattern(const std::string& label);

}  // namespace bc
