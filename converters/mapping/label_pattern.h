// Patterns that mapping files use to recognise titles, header paths and row
// labels. A pattern is an ECMAScript regular expression over the normalised
// text (see normalise_label): whitespace removed, full-width punctuation
// folded, so "（一）" is written "\(一\)". Matching is anchored: the whole
// text (or the whole header level) must match, unless the pattern says ".*".
#pragma once

#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "mapping/literal_pattern.h"

namespace bc {

class LabelPattern {
 public:
  // Throws std::invalid_argument with the regex error when the pattern is bad.
  explicit LabelPattern(std::string source);
  bool matches(const std::string& normalised_text) const;
  const std::string& source() const { return source_; }
  // Whether the pattern is matched by string comparison (see literal_pattern.h)
  // rather than by the regex engine.
  bool is_literal() const { return literal_.has_value(); }

 private:
  std::string source_;
  std::optional<LiteralPattern> literal_;
  std::wregex regex_;  // only when not literal
};

// A header path pattern: levels separated by "/" (spaces around it optional),
// each level a LabelPattern. It matches a column path when its levels match
// path levels in order (others may sit between them) and its last level
// matches the column's last level. "基本支出/工资福利支出" thus matches
// "基本支出 / 人员经费 / 工资福利支出".
class HeaderPattern {
 public:
  explicit HeaderPattern(const std::string& source);
  bool matches(const std::vector<std::string>& normalised_path) const;
  const std::string& source() const { return source_; }

 private:
  std::string source_;
  std::vector<LabelPattern> levels_;
};

}  // namespace bc
