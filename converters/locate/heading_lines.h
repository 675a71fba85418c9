// Heading-line forms a family adds to the locator's built-in ones: the
// `heading_lines` key of a mapping file (docs/mapping-language.md, "Heading
// lines"). The locator takes the union over every loaded family.
#pragma once

#include <vector>

#include "mapping/label_pattern.h"

namespace bc {

struct HeadingLinePatterns {
  // Label patterns on normalised text (whitespace removed, full-width folded).
  std::vector<LabelPattern> department;  // the label before the colon: 编制机关 in "编制机关：X局"
  std::vector<LabelPattern> unit;  // the label before the colon: 计量单位 in "计量单位：人"
  std::vector<LabelPattern> year;  // the whole line: "预算年度:\d{4}"
  std::vector<LabelPattern> code;  // the whole line: "附件\d+"

  bool empty() const { return department.empty() && unit.empty() && year.empty() && code.empty(); }
  void append(const HeadingLinePatterns& other) {
    department.insert(department.end(), other.department.begin(), other.department.end());
    unit.insert(unit.end(), other.unit.begin(), other.unit.end());
    year.insert(year.end(), other.year.begin(), other.year.end());
    code.insert(code.end(), other.code.begin(), other.code.end());
  }
};

}  // namespace bc
