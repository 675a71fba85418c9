#include "mapping/vocabulary.h"

#include <algorithm>

#include "headers/label_text.h"

namespace bc {
namespace {
bool has(const std::vector<VocabularyEntry>& entries, const std::string& id) {
  return std::any_of(entries.begin(), entries.end(),
                     [&](const VocabularyEntry& e) { return e.id == id; });
}

std::string without_suffix(const std::string& text, const std::string& suffix) {
  if (text.size() > suffix.size() &&
      text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0) {
    return text.substr(0, text.size() - suffix.size());
  }
  return text;
}
}  // namespace

bool Vocabulary::has_table_kind(const std::string& id) const { return has(table_kinds, id); }
bool Vocabulary::has_measure(const std::string& id) const { return has(measures, id); }
bool Vocabulary::has_item(const std::string& id) const { return has(items, id); }

std::optional<std::string> Vocabulary::code_for_name(CodeScheme scheme,
                                                     const std::string& label) const {
  std::string wanted = without_suffix(strip_ordinal(label), "支出");
  if (wanted.empty()) return std::nullopt;
  for (const ClassName& c : class_names) {
    if (c.scheme != scheme) continue;
    for (const std::string& name : c.names) {
      if (without_suffix(name, "支出") == wanted) return c.code;
    }
  }
  return std::nullopt;
}

bool Vocabulary::is_total_label(const std::string& label) const {
  std::string n = strip_ordinal(label);
  return std::any_of(total_labels.begin(), total_labels.end(),
                     [&](const LabelPattern& p) { return p.matches(n); });
}

}  // namespace bc
