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

namespace {

// Header levels that qualify a column without naming it: a column headed
// "一般公共预算 / 小计" and one headed "一般公共预算" hold the same thing.
bool neutral_level(const std::string& normalised) {
  if (normalised == "小计" || normalised == "合计" || normalised == "金额" ||
      normalised == "数额" || normalised == "计" || normalised == "栏次" || normalised == "行次")
    return true;
  return !normalised.empty() &&
         normalised.find_first_not_of("0123456789") == std::string::npos;  // a column number
}

constexpr std::string_view kAmong = "其中";

std::string without_among(const std::string& normalised) {
  if (normalised.rfind(kAmong, 0) != 0) return normalised;
  std::string rest = normalised.substr(kAmong.size());
  if (!rest.empty() && rest[0] == ':') rest.erase(0, 1);
  return rest.empty() ? normalised : rest;
}

}  // namespace

// The lenient forms of a path: 其中 prefixes removed, neutral levels dropped
// from the end (one level always stays).
std::vector<std::string> HeaderPattern::lenient_path(const std::vector<std::string>& path) {
  std::vector<std::string> out;
  out.reserve(path.size());
  for (const std::string& level : path) out.push_back(without_among(level));
  while (out.size() > 1 && neutral_level(out.back())) out.pop_back();
  return out;
}

HeaderPattern::HeaderPattern(const std::string& source) : source_(source) {
  Levels plain, lenient;
  bool any_among = false;
  for (const std::string& level : split_levels(source)) {
    if (level.empty())
      throw std::invalid_argument("bad header pattern '" + source + "': an empty level");
    plain.emplace_back(level);
    const std::string n = normalise_label(level);
    any_among = any_among || n != without_among(n);
    lenient.push_back(n != without_among(n) ? LabelPattern(without_among(n)) : plain.back());
  }
  auto drop_neutral = [](Levels levels) {
    while (levels.size() > 1 && neutral_level(normalise_label(levels.back().source())))
      levels.pop_back();
    return levels;
  };
  const std::size_t plain_size = plain.size();
  variants_.push_back(plain);
  if (any_among) variants_.push_back(lenient);
  if (Levels shorter = drop_neutral(plain); shorter.size() != plain_size)
    variants_.push_back(std::move(shorter));
  if (any_among) {
    if (Levels shorter = drop_neutral(lenient); shorter.size() != plain_size)
      variants_.push_back(std::move(shorter));
  }
}

bool HeaderPattern::strict(const Levels& levels, const std::vector<std::string>& path) {
  if (levels.empty() || path.empty()) return false;
  if (!levels.back().matches(path.back())) return false;
  return strict_earlier(levels, path);
}

// strict() once its last level is known to match: the earlier levels are an
// ordered subsequence of the earlier path levels.
bool HeaderPattern::strict_earlier(const Levels& levels, const std::vector<std::string>& path) {
  std::size_t p = 0;
  for (std::size_t l = 0; l + 1 < levels.size(); ++l) {
    while (p + 1 < path.size() && !levels[l].matches(path[p])) ++p;
    if (p + 1 >= path.size()) return false;
    ++p;
  }
  return true;
}

bool HeaderPattern::loose(const Levels& levels, const std::vector<std::string>& path) {
  if (levels.empty() || path.empty()) return false;
  if (!levels.back().matches(path.back())) return false;
  return loose_earlier(levels, path);
}

// loose() once its last level is known to match.
bool HeaderPattern::loose_earlier(const Levels& levels, const std::vector<std::string>& path) {
  if (levels.size() == 1 || path.size() == 1) return true;
  for (std::size_t l = 0; l + 1 < levels.size(); ++l) {
    for (std::size_t p = 0; p + 1 < path.size(); ++p) {
      if (levels[l].matches(path[p])) return true;
    }
  }
  return false;
}

bool HeaderPattern::matches(const std::vector<std::string>& path) const {
  return strict(variants_.front(), path);
}

// The tiers tried in order as before, each last level matched once against
// the path's and the lenient path's last level (most columns fail there).
int HeaderPattern::match_tier(const std::vector<std::string>& path,
                              const std::vector<std::string>& lenient) const {
  if (path.empty()) return 0;
  constexpr std::size_t kMaxVariants = 8;
  bool last_path[kMaxVariants];
  bool last_lenient[kMaxVariants];
  const std::size_t n = variants_.size();
  if (n > kMaxVariants) {  // never: at most four variants are made
    if (strict(variants_.front(), path)) return 1;
    for (const Levels& v : variants_) {
      if (strict(v, path) || strict(v, lenient)) return 2;
    }
    for (const Levels& v : variants_) {
      if (loose(v, lenient)) return 3;
    }
    return 0;
  }
  bool any = false;
  for (std::size_t i = 0; i < n; ++i) {
    const Levels& v = variants_[i];
    last_path[i] = !v.empty() && v.back().matches(path.back());
    last_lenient[i] =
        !v.empty() && !lenient.empty() &&
        (lenient.back() == path.back() ? last_path[i] : v.back().matches(lenient.back()));
    any = any || last_path[i] || last_lenient[i];
  }
  if (!any) return 0;
  if (last_path[0] && strict_earlier(variants_.front(), path)) return 1;
  for (std::size_t i = 0; i < n; ++i) {
    if ((last_path[i] && strict_earlier(variants_[i], path)) ||
        (last_lenient[i] && strict_earlier(variants_[i], lenient)))
      return 2;
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (last_lenient[i] && loose_earlier(variants_[i], lenient)) return 3;
  }
  return 0;
}

}  // namespace bc
