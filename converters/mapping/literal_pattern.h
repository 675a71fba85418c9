// The fast path of LabelPattern: most mapping patterns are words with
// optional or alternative parts ("一般公共预算(拨款)?(收入)?", "合计|总计"),
// sometimes behind or before ".*" ("合计.*", ".*(合计|总计|小计)"). Their
// language is a finite set of words, so regex_match over the whole text is a
// string comparison on the UTF-8 text: no wide string, no regex engine.
// Anything else (classes, repetition, anchors, lookahead) stays a std::wregex.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bc {

class LiteralPattern {
 public:
  // Reads a pattern as normalise_pattern() in label_pattern.cpp leaves it
  // (ECMAScript syntax). nullopt when it uses anything but characters,
  // escaped metacharacters, groups ( ) (?: ), |, ? and a leading or trailing
  // .* of a top-level alternative, or when it expands to too many words.
  static std::optional<LiteralPattern> parse(std::wstring_view pattern);

  // Whether std::regex_match would match the whole text, the text being
  // UTF-8 (invalid bytes counting as U+FFFD, as utf8_to_wide reads them).
  bool matches(std::string_view text) const;

 private:
  struct Branch {
    bool any_before = false;         // led by .*
    bool any_after = false;          // followed by .*
    std::vector<std::string> words;  // UTF-8, sorted, unique
    // Filters that rule most texts out before any comparison: bit
    // min(size, 63) of each word's byte size; the smallest size; and a bit of
    // the first and of the last three bytes of each word (all bits set when a
    // word is shorter than three bytes, so they never rule a text out wrongly).
    std::uint64_t sizes = 0;
    std::size_t min_size = 0;
    std::uint64_t heads = 0;
    std::uint64_t tails = 0;
  };
  static bool branch_matches(const Branch& branch, std::string_view text);
  std::vector<Branch> branches_;
};

}  // namespace bc
