#include "mapping/title_text.h"

#include "headers/utf8_scan.h"

namespace bc {
namespace {

bool year_at(std::string_view text, std::size_t i) {
  constexpr std::string_view kNian = "年";
  return i + 4 + kNian.size() <= text.size() &&
         ((text[i] == '1' && text[i + 1] == '9') || (text[i] == '2' && text[i + 1] == '0')) &&
         is_ascii_digit(text[i + 2]) && is_ascii_digit(text[i + 3]) &&
         text.substr(i + 4, kNian.size()) == kNian;
}

bool line_terminator_at(std::string_view text, std::size_t i) {
  return text[i] == '\n' || text[i] == '\r' ||
         (text.substr(i, 2) == "\xE2\x80" && i + 2 < text.size() &&
          (text[i + 2] == '\xA8' || text[i + 2] == '\xA9'));
}

}  // namespace

std::string strip_title_year_prefix(std::string_view text) {
  // `.*?` is lazy: the first position where a year starts, unless `.` would
  // have to cross a line terminator to get there. ASCII digits always sit on
  // a character boundary, so a byte scan finds the same position.
  constexpr std::string_view kDu = "度";
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (year_at(text, i)) {
      std::size_t end = i + 4 + std::string_view("年").size();
      if (text.substr(end, kDu.size()) == kDu) end += kDu.size();
      return std::string(text.substr(end));
    }
    if (line_terminator_at(text, i)) break;
  }
  return std::string(text);
}

std::string strip_title_bracket_suffix(std::string_view text) {
  // \(\S*\)$ matches from any '(' after the last \s when the text ends in
  // ')' (normalised text holds no \s at all); the leftmost match, which also
  // covers the year alternative, starts at the first such '('.
  if (text.empty() || text.back() != ')') return std::string(text);
  const std::size_t last_space = text.find_last_of(" \t\n\v\f\r");
  const std::size_t open = text.find('(', last_space == std::string_view::npos ? 0 : last_space);
  return std::string(text.substr(0, open));
}

}  // namespace bc
