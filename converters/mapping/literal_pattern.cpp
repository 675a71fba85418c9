#include "mapping/literal_pattern.h"

#include <algorithm>

#include "core/utf8.h"
#include "headers/utf8_scan.h"

namespace bc {
namespace {

// A pattern expanding to more words than this is left to the regex engine.
constexpr std::size_t kMaxWords = 256;

using Words = std::vector<std::wstring>;

bool is_meta(wchar_t c) {
  return std::wstring_view(L"()[]{}.*+?|^$\\").find(c) != std::wstring_view::npos;
}

// Recursive descent over the supported subset; every method returns nullopt
// on anything outside it. Concatenation is a cartesian product, `?` adds the
// empty word, `|` a union: for regex_match (which tries every path) the
// pattern matches exactly the words of its language.
class Expander {
 public:
  explicit Expander(std::wstring_view pattern) : p_(pattern) {}

  struct TopBranch {
    bool any_before = false;
    bool any_after = false;
    Words words;
  };

  std::optional<std::vector<TopBranch>> top() {
    std::vector<TopBranch> branches;
    while (true) {
      TopBranch branch;
      if (at_any()) {
        branch.any_before = true;
        i_ += 2;
      }
      auto words = sequence(&branch.any_after);
      if (!words) return std::nullopt;
      branch.words = std::move(*words);
      branches.push_back(std::move(branch));
      if (i_ == p_.size()) return branches;
      if (p_[i_] != L'|') return std::nullopt;  // an unmatched ')'
      ++i_;
    }
  }

 private:
  // ".*" not followed by another quantifier (".*?" is lazy, ".**" invalid).
  bool at_any() const {
    return i_ + 1 < p_.size() && p_[i_] == L'.' && p_[i_ + 1] == L'*' &&
           (i_ + 2 == p_.size() || !is_quantifier(p_[i_ + 2]));
  }
  static bool is_quantifier(wchar_t c) { return c == L'?' || c == L'*' || c == L'+' || c == L'{'; }
  bool at_branch_end() const { return i_ == p_.size() || p_[i_] == L'|' || p_[i_] == L')'; }

  // A sequence of atoms up to '|', ')' or the end. At the top level
  // (`any_after` given) a final ".*" is allowed and reported.
  std::optional<Words> sequence(bool* any_after) {
    Words words{L""};
    while (!at_branch_end()) {
      if (any_after != nullptr && at_any()) {
        i_ += 2;
        if (i_ != p_.size() && p_[i_] != L'|') return std::nullopt;
        *any_after = true;
        return words;
      }
      auto part = atom();
      if (!part) return std::nullopt;
      if (i_ < p_.size() && p_[i_] == L'?') {
        ++i_;
        part->push_back(L"");
      }
      if (i_ < p_.size() && is_quantifier(p_[i_])) return std::nullopt;
      if (words.size() * part->size() > kMaxWords) return std::nullopt;
      Words product;
      product.reserve(words.size() * part->size());
      for (const std::wstring& a : words) {
        for (const std::wstring& b : *part) product.push_back(a + b);
      }
      words = std::move(product);
    }
    return words;
  }

  std::optional<Words> alternation() {
    Words all;
    while (true) {
      auto words = sequence(nullptr);
      if (!words) return std::nullopt;
      all.insert(all.end(), words->begin(), words->end());
      if (all.size() > kMaxWords) return std::nullopt;
      if (i_ < p_.size() && p_[i_] == L'|') {
        ++i_;
        continue;
      }
      return all;
    }
  }

  std::optional<Words> atom() {
    const wchar_t c = p_[i_++];
    if (c == L'(') {
      if (i_ < p_.size() && p_[i_] == L'?') {  // only (?: ... ); lookaheads stay regexes
        if (i_ + 1 >= p_.size() || p_[i_ + 1] != L':') return std::nullopt;
        i_ += 2;
      }
      auto inner = alternation();
      if (!inner || i_ >= p_.size() || p_[i_] != L')') return std::nullopt;
      ++i_;
      return inner;
    }
    if (c == L'\\') {
      if (i_ >= p_.size()) return std::nullopt;
      const wchar_t e = p_[i_++];
      if (!is_meta(e) && e != L'/') return std::nullopt;  // \d, \s, \b, \1 ... are not characters
      return Words{std::wstring(1, e)};
    }
    if (is_meta(c)) return std::nullopt;
    return Words{std::wstring(1, c)};
  }

  std::wstring_view p_;
  std::size_t i_ = 0;
};

// A bit for three bytes of a word (or text), for the filters of a branch.
std::uint64_t bit_of3(const char* p) {
  const auto a = static_cast<unsigned char>(p[0]);
  const auto b = static_cast<unsigned char>(p[1]);
  const auto c = static_cast<unsigned char>(p[2]);
  return std::uint64_t{1} << ((a * 31u + b * 7u + c) & 63u);
}
std::uint64_t size_bit(std::size_t size) { return std::uint64_t{1} << (size < 63 ? size : 63); }

// Whether text[from, to) holds no character ECMAScript `.` refuses.
bool dot_matches_all(std::string_view text, std::size_t from, std::size_t to) {
  return !has_line_terminator(text.substr(from, to - from));
}

}  // namespace

std::optional<LiteralPattern> LiteralPattern::parse(std::wstring_view pattern) {
  auto branches = Expander(pattern).top();
  if (!branches) return std::nullopt;
  LiteralPattern out;
  for (Expander::TopBranch& b : *branches) {
    Branch branch{b.any_before, b.any_after, {}};
    for (const std::wstring& w : b.words) {
      // A U+FFFD in the pattern would also match an invalid byte of the
      // text, which a byte comparison cannot see: leave it to the regex.
      if (w.find(L'\uFFFD') != std::wstring::npos) return std::nullopt;
      branch.words.push_back(wide_to_utf8(w));
    }
    std::sort(branch.words.begin(), branch.words.end());
    branch.words.erase(std::unique(branch.words.begin(), branch.words.end()), branch.words.end());
    branch.min_size = std::string::npos;
    for (const std::string& w : branch.words) {
      branch.sizes |= size_bit(w.size());
      branch.min_size = std::min(branch.min_size, w.size());
      if (w.size() < 3) {
        branch.heads = branch.tails = ~std::uint64_t{0};
      } else {
        branch.heads |= bit_of3(w.data());
        branch.tails |= bit_of3(w.data() + w.size() - 3);
      }
    }
    if (branch.words.empty()) branch.min_size = 0;
    out.branches_.push_back(std::move(branch));
  }
  return out;
}

// The words are valid UTF-8 without U+FFFD, so a byte match of a word in the
// text lies on character boundaries and means the same characters (see
// utf8_scan.h), and an invalid byte in the text can never be part of one.
bool LiteralPattern::branch_matches(const Branch& branch, std::string_view text) {
  const std::vector<std::string>& words = branch.words;
  if (text.size() < branch.min_size) return false;
  if (!branch.any_before && !branch.any_after) {
    if ((branch.sizes & size_bit(text.size())) == 0) return false;
    if (text.size() >= 3 && (branch.heads & bit_of3(text.data())) == 0) return false;
    return std::binary_search(words.begin(), words.end(), text);
  }
  if (text.size() >= 3) {
    if (!branch.any_before && (branch.heads & bit_of3(text.data())) == 0) return false;
    if (!branch.any_after && (branch.tails & bit_of3(text.data() + text.size() - 3)) == 0)
      return false;
  }
  for (const std::string& w : words) {
    if (w.size() > text.size()) continue;
    if (!branch.any_before) {  // w.*
      if (text.substr(0, w.size()) == w && dot_matches_all(text, w.size(), text.size()))
        return true;
    } else if (!branch.any_after) {  // .*w
      const std::size_t start = text.size() - w.size();
      if (text.substr(start) == w && dot_matches_all(text, 0, start)) return true;
    } else if (w.empty()) {  // .*.* : an empty word would also "occur" inside a character
      if (dot_matches_all(text, 0, text.size())) return true;
    } else {  // .*w.*
      for (std::size_t at = text.find(w); at != std::string_view::npos; at = text.find(w, at + 1)) {
        if (dot_matches_all(text, 0, at) && dot_matches_all(text, at + w.size(), text.size()))
          return true;
      }
    }
  }
  return false;
}

bool LiteralPattern::matches(std::string_view text) const {
  return std::any_of(branches_.begin(), branches_.end(),
                     [&](const Branch& b) { return branch_matches(b, text); });
}

}  // namespace bc
