// The canonical ids every family shares (mappings/vocabulary.yaml): table
// kinds, measures and summary-line items, plus the names of the top-level
// classification codes used to give 类 codes to summary-table rows.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "mapping/label_pattern.h"
#include "normalise/codes.h"

namespace bc {

struct VocabularyEntry {
  std::string id;
  std::string name_zh;
  std::string description;
};

struct ClassName {
  CodeScheme scheme = CodeScheme::Function;
  std::string code;
  std::vector<std::string> names;  // normalised; the first is the standard name
};

struct DefaultItem {
  std::string id;
  std::vector<LabelPattern> labels;
  std::string after;
};

class Vocabulary {
 public:
  std::vector<VocabularyEntry> table_kinds;
  std::vector<VocabularyEntry> measures;
  std::vector<VocabularyEntry> items;
  std::vector<DefaultItem> default_items;  // label patterns shared by every family
  std::vector<ClassName> class_names;
  std::vector<LabelPattern> total_labels;  // rows that are totals: 合计, 总计, 小计 ...

  bool has_table_kind(const std::string& id) const;
  bool has_measure(const std::string& id) const;
  bool has_item(const std::string& id) const;
  // The code whose name matches a label (ordinal stripped, 支出 suffix optional).
  std::optional<std::string> code_for_name(CodeScheme scheme, const std::string& label) const;
  bool is_total_label(const std::string& label) const;
};

}  // namespace bc
