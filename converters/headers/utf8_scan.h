// Byte-level UTF-8 scanning for the label and heading matchers, so they can
// work on the text in place instead of decoding it to a u32string/wstring.
// They decode with core/utf8's decode_utf8_at(), so they see the same code
// points as code that ran on utf8_to_u32()/utf8_to_wide().
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/utf8.h"

namespace bc {

inline bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

// What `\s` matches in a std::wregex under the classic locale (the only one
// budgetconv runs in): ASCII whitespace only, not U+3000 or U+00A0.
inline bool is_regex_space(char32_t c) { return c == U' ' || (c >= U'\t' && c <= U'\r'); }

// The characters ECMAScript `.` does not match: \n, \r, U+2028, U+2029.
inline bool has_line_terminator(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n' || c == '\r') return true;
    if (c == '\xE2' && i + 2 < text.size() && text[i + 1] == '\x80' &&
        (text[i + 2] == '\xA8' || text[i + 2] == '\xA9'))
      return true;
  }
  return false;
}

inline bool has_non_ascii(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return true;
  }
  return false;
}

}  // namespace bc
