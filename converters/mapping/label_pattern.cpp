#include "mapping/label_pattern.h"

#include <stdexcept>

#include "core/utf8.h"
#include "headers/label_text.h"

namespace bc {

namespace {

// Normalises a pattern the way normalise_label() normalises text, except that
// a full-width character which folds to a regex metacharacter ("（" -> "(")
// is escaped: in a pattern "单位（科目名称）" means the literal brackets, while
// ASCII "(拨款)?" stays regex syntax.
std::wstring normalise_pattern(const std::string& source) {
  std::wstring out;
  static const std::wstring kMeta = L"()[]{}.*+?|^$\\";
  for (wchar_t c : utf8_to_wide(source)) {
    if (c == L' ' || c == L'\t' || c == 0x3000 || c == L'\n' || c == L'\r') continue;
    bool full_width = c >= 0xFF01 && c <= 0xFF5E;
    std::string folded = normalise_label(wide_to_utf8(std::wstring(1, c)));
    std::wstring w = utf8_to_wide(folded);
    if (full_width && w.size() == 1 && kMeta.find(w[0]) != std::wstring::npos) out.push_back(L'\\');
    out += w;
  }
  return out;
}

}  // namespace

LabelPattern::LabelPattern(std::string source) : source_(std::move(source)) {
  const std::wstring pattern = normalise_pattern(source_);
  // Literal patterns are valid ECMAScript by construction: no regex is built.
  literal_ = LiteralPattern::parse(pattern);
  if (literal_) return;
  try {
    regex_ = std::wregex(pattern, std::regex::ECMAScript | std::regex::optimize);
  } catch (const std::regex_error& e) {
    throw std::invalid_argument("bad pattern '" + source_ + "': " + e.what());
  }
}

bool LabelPattern::matches(const std::string& normalised_text) const {
  // std::regex recurses per character; labels, titles and headers are far
  // shorter than this, and longer text (a narrative cell) never matches.
  if (normalised_text.size() > 3000) return false;
  if (literal_) return literal_->matches(normalised_text);
  return std::regex_match(utf8_to_wide(normalised_text), regex_);
}

namespace {
std::vector<std::string> split_levels(const std::string& source) {
  std::vector<std::string> levels;
  std::string current;
  int depth = 0;  // a '/' inside (...) or [...] belongs to the regex
  for (char c : source) {
    if (c == '(' || c == '[') ++depth;
    if (c == ')' || c == ']') --depth;
    if (c == '/' && depth <= 0) {
      levels.push_back(trim(current));
      current.clear();
    } else {
      current.push_back(c);
    }
  }
  levels.push_back(trim(current));
  return levels;
}
}  // namespace

HeaderPattern::HeaderPattern(const std::string& source) : source_(source) {
  for (const std::string& level : split_levels(source)) {
    if (level.empty())
      throw std::invalid_argument("bad header pattern '" + source + "': an empty level");
    levels_.emplace_back(level);
  }
}

bool HeaderPattern::matches(const std::vector<std::string>& path) const {
  if (levels_.empty() || path.empty()) return false;
  if (!levels_.back().matches(path.back())) return false;
  // Earlier levels: an ordered subsequence of the earlier path levels.
  std::size_t p = 0;
  for (std::size_t l = 0; l + 1 < levels_.size(); ++l) {
    while (p + 1 < path.size() && !levels_[l].matches(path[p])) ++p;
    if (p + 1 >= path.size()) return false;
    ++p;
  }
  return true;
}

}  // namespace bc
