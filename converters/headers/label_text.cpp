#include "headers/label_text.h"

#include "core/utf8.h"

namespace bc {
namespace {

bool is_space(char32_t c) {
  return c == U' ' || c == U'\t' || c == U'\n' || c == U'\r' || c == U'\v' || c == U'\f' || c == 0x3000 ||
         c == 0x00A0 || c == 0x2002 || c == 0x2003 || c == 0x2009 || c == 0x200B || c == 0xFEFF;
}

char32_t fold(char32_t c) {
  if (c >= 0xFF01 && c <= 0xFF5E) return c - 0xFF01 + 0x21;  // full-width ASCII block
  switch (c) {
    case 0x201C:
    case 0x201D:
    case 0x300C:
    case 0x300D:
    case 0x300E:
    case 0x300F:
      return U'"';
    case 0x2018:
    case 0x2019:
      return U'\'';
    case 0x3010:
      return U'[';
    case 0x3011:
      return U']';
    case 0x2014:
    case 0x2013:
    case 0x2015:
    case 0x2212:
      return U'-';
    case 0x3001:  // 、 stays: it is how ordinals end
    default:
      return c;
  }
}

bool is_chinese_numeral(char32_t c) {
  static const std::u32string numerals = U"一二三四五六七八九十廿百零〇";
  return numerals.find(c) != std::u32string::npos;
}

}  // namespace

std::string normalise_label(std::string_view text) {
  std::u32string out;
  for (char32_t c : utf8_to_u32(text)) {
    if (is_space(c)) continue;
    out.push_back(fold(c));
  }
  return u32_to_utf8(out);
}

std::string trim(std::string_view text) {
  std::u32string u = utf8_to_u32(text);
  std::size_t first = 0;
  std::size_t last = u.size();
  while (first < last && is_space(u[first])) ++first;
  while (last > first && is_space(u[last - 1])) --last;
  return u32_to_utf8(std::u32string_view(u).substr(first, last - first));
}

std::string strip_ordinal(std::string_view text) {
  std::u32string u = utf8_to_u32(normalise_label(text));
  std::size_t i = 0;
  auto numeral_run = [&](std::size_t from) {
    std::size_t j = from;
    while (j < u.size() && (is_chinese_numeral(u[j]) || (u[j] >= U'0' && u[j] <= U'9'))) ++j;
    return j;
  };
  if (i < u.size() && u[i] == U'(') {
    std::size_t j = numeral_run(i + 1);
    if (j > i + 1 && j < u.size() && u[j] == U')') i = j + 1;
  } else {
    std::size_t j = numeral_run(i);
    if (j > i && j < u.size() && (u[j] == 0x3001 || u[j] == U'.' || u[j] == U',' || u[j] == 0xFF0E)) {
      i = j + 1;
    }
  }
  return u32_to_utf8(std::u32string_view(u).substr(i));
}

}  // namespace bc
