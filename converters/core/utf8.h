// Minimal UTF-8 helpers used for label normalisation and wide-regex matching.
#pragma once

#include <string>
#include <string_view>

namespace bc {

// Decodes UTF-8; invalid bytes become U+FFFD (labels only, never amounts).
std::u32string utf8_to_u32(std::string_view text);
std::string u32_to_utf8(std::u32string_view text);
std::wstring utf8_to_wide(std::string_view text);  // wchar_t is 32-bit on Linux
std::string wide_to_utf8(std::wstring_view text);
bool is_valid_utf8(std::string_view text);
// Appends one code point, UTF-8 encoded.
void append_utf8(std::string& out, char32_t code_point);

}  // namespace bc
