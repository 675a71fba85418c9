#include "headers/label_text.h"

#include "core/utf8.h"
#include "headers/utf8_scan.h"

namespace bc {
namespace {

// Labels are mostly ASCII digits and CJK; everything here works on the UTF-8
// bytes and copies a valid multibyte sequence through unchanged, decoding only
// to decide whether a character is a space or folds to something else. An
// invalid byte becomes U+FFFD, as a decode/re-encode round trip would make it.

bool is_ascii_space(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

bool is_chinese_numeral(char32_t c) {
  switch (c) {
    case U'一':
    case U'二':
    case U'三':
    case U'四':
    case U'五':
    case U'六':
    case U'七':
    case U'八':
    case U'九':
    case U'十':
    case U'廿':
    case U'百':
    case U'零':
    case U'〇':
      return true;
    default:
      return false;
  }
}

void append_replacement(std::string& out) { out += "\xEF\xBF\xBD"; }

}  // namespace

bool is_label_space(char32_t c) {
  return c == U' ' || c == U'\t' || c == U'\n' || c == U'\r' || c == U'\v' || c == U'\f' ||
         c == 0x3000 || c == 0x00A0 || c == 0x2002 || c == 0x2003 || c == 0x2009 || c == 0x200B ||
         c == 0xFEFF;
}

char32_t fold_label_char(char32_t c) {
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

std::string normalise_label(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  // Bytes from `kept` on are copied unchanged when the next change (a space
  // dropped, a character folded or replaced) or the end comes.
  std::size_t kept = 0;
  auto replace = [&](std::size_t from, std::size_t to) {
    out.append(text.data() + kept, from - kept);
    kept = to;
  };
  for (std::size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (b < 0x80) {  // ASCII: only whitespace changes
      if (is_ascii_space(b)) replace(i, i + 1);
      ++i;
      continue;
    }
    const Utf8Char c = decode_utf8_at(text, i);
    if (c.invalid) {
      replace(i, i + c.length);
      append_replacement(out);
    } else if (is_label_space(c.code_point)) {
      replace(i, i + c.length);
    } else if (const char32_t folded = fold_label_char(c.code_point); folded != c.code_point) {
      replace(i, i + c.length);
      append_utf8(out, folded);
    }
    i += c.length;
  }
  out.append(text.data() + kept, text.size() - kept);
  return out;
}

std::string trim(std::string_view text) {
  std::size_t first = std::string_view::npos;
  std::size_t last_end = 0;
  bool invalid = false;
  for (std::size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (b < 0x80) {
      if (!is_ascii_space(b)) {
        if (first == std::string_view::npos) first = i;
        last_end = i + 1;
      }
      ++i;
      continue;
    }
    const Utf8Char c = decode_utf8_at(text, i);
    if (!is_label_space(c.code_point)) {
      if (first == std::string_view::npos) first = i;
      last_end = i + c.length;
    }
    invalid = invalid || c.invalid;
    i += c.length;
  }
  if (first == std::string_view::npos) return {};
  const std::string_view kept = text.substr(first, last_end - first);
  if (!invalid) return std::string(kept);
  // Bad bytes (all inside `kept`: U+FFFD is not a space) become U+FFFD.
  std::string out;
  out.reserve(kept.size() + 8);
  for (std::size_t i = 0; i < kept.size();) {
    const Utf8Char c = decode_utf8_at(kept, i);
    if (c.invalid) {
      append_replacement(out);
    } else {
      out.append(kept.data() + i, c.length);
    }
    i += c.length;
  }
  return out;
}

std::string strip_ordinal(std::string_view text) {
  // normalise_label() returns valid UTF-8, so byte offsets are character boundaries.
  const std::string u = normalise_label(text);
  auto numeral_run = [&](std::size_t from) {
    std::size_t j = from;
    while (j < u.size()) {
      if (is_ascii_digit(u[j])) {
        ++j;
        continue;
      }
      const Utf8Char c = decode_utf8_at(u, j);
      if (!is_chinese_numeral(c.code_point)) break;
      j += c.length;
    }
    return j;
  };
  std::size_t i = 0;
  if (!u.empty() && u[0] == '(') {
    const std::size_t j = numeral_run(1);
    if (j > 1 && j < u.size() && u[j] == ')') i = j + 1;
  } else {
    const std::size_t j = numeral_run(0);
    if (j > 0 && j < u.size()) {
      const Utf8Char c = decode_utf8_at(u, j);
      if (c.code_point == 0x3001 || c.code_point == U'.' || c.code_point == U',' ||
          c.code_point == 0xFF0E)
        i = j + c.length;
    }
  }
  return u.substr(i);
}

}  // namespace bc
