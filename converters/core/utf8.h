// Minimal UTF-8 helpers used for label normalisation and wide-regex matching.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace bc {

struct Utf8Char {
  char32_t code_point = 0;
  std::uint8_t length = 1;  // bytes consumed
  bool invalid = false;     // code_point is the U+FFFD that replaced a bad byte
};

// The code point that starts at text[i] (i < text.size()). An invalid or
// overlong sequence, a surrogate or a truncated tail is U+FFFD and consumes
// one byte, so a lead byte is never swallowed by another sequence: the
// encoding of a valid character found by a byte search always sits on a code
// point boundary. Every decoder here is built on this one.
// Inline: the label matchers call it for every character.
inline Utf8Char decode_utf8_at(std::string_view text, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) return Utf8Char{b0, 1, false};
  const std::size_t length = (b0 & 0xE0) == 0xC0   ? 2
                             : (b0 & 0xF0) == 0xE0 ? 3
                             : (b0 & 0xF8) == 0xF0 ? 4
                                                   : 0;
  constexpr Utf8Char kBad{0xFFFD, 1, true};
  if (length == 0 || i + length > text.size()) return kBad;
  char32_t cp = b0 & (0x7F >> length);
  for (std::size_t k = 1; k < length; ++k) {
    const unsigned char b = byte(i + k);
    if ((b & 0xC0) != 0x80) return kBad;
    cp = (cp << 6) | (b & 0x3F);
  }
  const bool overlong =
      (length == 2 && cp < 0x80) || (length == 3 && cp < 0x800) || (length == 4 && cp < 0x10000);
  if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return kBad;
  return Utf8Char{cp, static_cast<std::uint8_t>(length), false};
}

// Decodes UTF-8; invalid bytes become U+FFFD (labels only, never amounts).
std::u32string utf8_to_u32(std::string_view text);
std::string u32_to_utf8(std::u32string_view text);
std::wstring utf8_to_wide(std::string_view text);  // wchar_t is 32-bit on Linux
std::string wide_to_utf8(std::wstring_view text);
bool is_valid_utf8(std::string_view text);
// Appends one code point, UTF-8 encoded.
void append_utf8(std::string& out, char32_t code_point);

}  // namespace bc
