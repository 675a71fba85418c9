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
//
// Real layouts drift by a header level, so binding also accepts looser
// matches, each tried only when no column matches more strictly:
//   1 strict: as above;
//   2 lenient: the same once neutral levels (小计, 合计, 金额, 数额, column
//     numbers) are dropped from the end of the path or of the pattern, and a
//     `其中:` prefix from either ("一般公共预算拨款" matches
//     "部门预算 / 一般公共预算拨款 / 小计"; "一般公共预算拨款/小计" matches
//     "一般公共预算拨款");
//   3 loose: the last levels match and earlier pattern levels may be absent
//     from the path, as long as one of them is present when both have earlier
//     levels ("基本支出/人员经费/工资福利支出" matches "基本支出 / 工资福利支出").
class HeaderPattern {
 public:
  explicit HeaderPattern(const std::string& source);
  bool matches(const std::vector<std::string>& normalised_path) const;
  // 1, 2 or 3 as above; 0 when the path does not match at all. `lenient` is
  // lenient_path(normalised_path), computed once per column by the caller.
  int match_tier(const std::vector<std::string>& normalised_path,
                 const std::vector<std::string>& lenient) const;
  // The path with 其中 prefixes removed and trailing neutral levels dropped.
  static std::vector<std::string> lenient_path(const std::vector<std::string>& normalised_path);
  const std::string& source() const { return source_; }

 private:
  using Levels = std::vector<LabelPattern>;
  static bool strict(const Levels& levels, const std::vector<std::string>& path);
  static bool loose(const Levels& levels, const std::vector<std::string>& path);
  static bool strict_earlier(const Levels& levels, const std::vector<std::string>& path);
  static bool loose_earlier(const Levels& levels, const std::vector<std::string>& path);
  std::string source_;
  // variants_[0]: the levels as written; then the lenient variants (a leading
  // 其中: removed from each level, trailing neutral levels dropped). Held by
  // value so that a copied pattern stays valid.
  std::vector<Levels> variants_;
};

}  // namespace bc
