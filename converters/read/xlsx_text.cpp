#include "read/xlsx_text.h"

#include <cstdint>
#include <cstdio>

#include "core/decimal.h"
#include "core/utf8.h"

namespace bc {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Reads "_xHHHH_" at text[i]; -1 when there is none.
long escape_at(std::string_view text, std::size_t i) {
  if (i + 7 > text.size() || text[i] != '_' || text[i + 1] != 'x' || text[i + 6] != '_') return -1;
  long value = 0;
  for (std::size_t k = i + 2; k < i + 6; ++k) {
    int h = hex_value(text[k]);
    if (h < 0) return -1;
    value = value * 16 + h;
  }
  return value;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool read_digits(std::string_view text, std::size_t& i, std::size_t count, int& value) {
  if (i + count > text.size()) return false;
  value = 0;
  for (std::size_t k = 0; k < count; ++k) {
    if (!is_digit(text[i + k])) return false;
    value = value * 10 + (text[i + k] - '0');
  }
  i += count;
  return true;
}

}  // namespace

bool has_xstring_escape(std::string_view text) {
  for (std::size_t i = text.find("_x"); i != std::string_view::npos; i = text.find("_x", i + 1)) {
    if (escape_at(text, i) >= 0) return true;
  }
  return false;
}

std::string decode_xstring(std::string_view text) {
  if (!has_xstring_escape(text)) return std::string(text);
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    long unit = text[i] == '_' ? escape_at(text, i) : -1;
    if (unit < 0) {
      out.push_back(text[i]);
      ++i;
      continue;
    }
    i += 7;
    auto cp = static_cast<std::uint32_t>(unit);
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      long low = escape_at(text, i);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (static_cast<std::uint32_t>(low) - 0xDC00);
        i += 7;
      } else {
        cp = 0xFFFD;
      }
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
      cp = 0xFFFD;
    }
    append_utf8(out, static_cast<char32_t>(cp));
  }
  return out;
}

std::string_view trim_xml_space(std::string_view text) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return text;
}

std::optional<std::string> normalise_iso8601(std::string_view text) {
  text = trim_xml_space(text);
  std::size_t i = 0;
  std::string out;
  bool has_date = false;
  int year = 0;
  int month = 0;
  int day = 0;
  if (text.size() >= 10 && text[4] == '-' && text[7] == '-') {
    if (!read_digits(text, i, 4, year)) return std::nullopt;
    ++i;
    if (!read_digits(text, i, 2, month)) return std::nullopt;
    ++i;
    if (!read_digits(text, i, 2, day)) return std::nullopt;
    if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
    has_date = true;
    out = std::string(text.substr(0, 10));
    if (i < text.size() && (text[i] == 'T' || text[i] == 't' || text[i] == ' ')) {
      ++i;
    } else if (i < text.size() && text[i] != 'Z') {
      return std::nullopt;
    }
  }
  bool has_time = false;
  if (i < text.size() && is_digit(text[i])) {
    int hour = 0;
    int minute = 0;
    int second = 0;
    if (!read_digits(text, i, 2, hour)) return std::nullopt;
    if (i >= text.size() || text[i] != ':') return std::nullopt;
    ++i;
    if (!read_digits(text, i, 2, minute)) return std::nullopt;
    std::string fraction;
    if (i < text.size() && text[i] == ':') {
      ++i;
      if (!read_digits(text, i, 2, second)) return std::nullopt;
      if (i < text.size() && (text[i] == '.' || text[i] == ',')) {
        ++i;
        while (i < text.size() && is_digit(text[i])) {
          if (fraction.size() < 6) fraction.push_back(text[i]);
          ++i;
        }
        if (fraction.empty()) return std::nullopt;
      }
    }
    if (hour > 23 || minute > 59 || second > 59) return std::nullopt;
    bool nonzero = fraction.find_first_not_of('0') != std::string::npos;
    while (nonzero && fraction.size() < 6) fraction.push_back('0');
    char buf[48];
    std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", hour, minute, second);
    if (has_date) out += 'T';
    out += buf;
    if (nonzero) out += "." + fraction;
    has_time = true;
  }
  // Zone designator: "Z", "+08:00", "-0500" (dropped, as the reference does).
  if (i < text.size() && (text[i] == 'Z' || text[i] == 'z')) {
    ++i;
  } else if (has_time && i < text.size() && (text[i] == '+' || text[i] == '-')) {
    ++i;
    while (i < text.size() && (is_digit(text[i]) || text[i] == ':')) ++i;
  }
  if (i != text.size() || (!has_date && !has_time)) return std::nullopt;
  return out;
}

namespace {

// The common case without Decimal arithmetic: plain text such as "838.98" or
// "-12" with at most 15 significant digits and no more fraction digits than
// the format keeps, which published_number() would only normalise.
std::optional<std::string> published_plain(std::string_view text, int fixed_decimals) {
  std::size_t i = 0;
  bool negative = false;
  if (i < text.size() && text[i] == '-') {
    negative = true;
    ++i;
  }
  std::size_t int_start = i;
  while (i < text.size() && is_digit(text[i])) ++i;
  std::string_view int_part = text.substr(int_start, i - int_start);
  std::string_view frac_part;
  if (i < text.size() && text[i] == '.') {
    std::size_t frac_start = ++i;
    while (i < text.size() && is_digit(text[i])) ++i;
    frac_part = text.substr(frac_start, i - frac_start);
  }
  if (i != text.size() || (int_part.empty() && frac_part.empty())) return std::nullopt;
  while (!int_part.empty() && int_part.front() == '0') int_part.remove_prefix(1);
  while (!frac_part.empty() && frac_part.back() == '0') frac_part.remove_suffix(1);
  std::size_t significant = int_part.size() + frac_part.size();
  if (int_part.empty()) {
    std::size_t lead = frac_part.find_first_not_of('0');
    significant = lead == std::string_view::npos ? 0 : frac_part.size() - lead;
  }
  if (significant > 15) return std::nullopt;
  if (fixed_decimals >= 0 && frac_part.size() > static_cast<std::size_t>(fixed_decimals))
    return std::nullopt;
  if (significant == 0) return std::string("0");
  std::string out;
  out.reserve(int_part.size() + frac_part.size() + 3);
  if (negative) out.push_back('-');
  if (int_part.empty()) {
    out.push_back('0');
  } else {
    out.append(int_part);
  }
  if (!frac_part.empty()) {
    out.push_back('.');
    out.append(frac_part);
  }
  return out;
}

}  // namespace

std::optional<std::string> published_from_stored(std::string_view stored, int fixed_decimals) {
  stored = trim_xml_space(stored);
  if (auto plain = published_plain(stored, fixed_decimals)) return plain;
  if (auto value = published_number(stored, fixed_decimals)) return value;
  // Shorten a mantissa of more than 30 significant digits.
  std::string shortened;
  int significant = 0;
  bool in_fraction = false;
  bool changed = false;
  for (std::size_t i = 0; i < stored.size(); ++i) {
    char c = stored[i];
    if (c == 'e' || c == 'E') {
      shortened.append(stored.substr(i));
      break;
    }
    if (c == '.') in_fraction = true;
    if (is_digit(c) && (significant > 0 || c != '0')) {
      ++significant;
      if (significant > 30) {
        changed = true;
        if (in_fraction) continue;
        c = '0';
      }
    }
    shortened.push_back(c);
  }
  if (!changed) return std::nullopt;
  return published_number(shortened, fixed_decimals);
}

}  // namespace bc
