#include "read/number_format.h"

#include <cstdint>
#include <cstdio>

#include "core/decimal.h"

namespace bc {
namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// The first section of a format code: sections are split on ';' outside
// quotes, brackets and backslash escapes.
std::string_view first_section(std::string_view code) {
  bool quoted = false;
  bool bracket = false;
  for (std::size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    if (quoted) {
      if (c == '"') quoted = false;
      continue;
    }
    if (bracket) {
      if (c == ']') bracket = false;
      continue;
    }
    if (c == '\\') {
      ++i;
    } else if (c == '"') {
      quoted = true;
    } else if (c == '[') {
      bracket = true;
    } else if (c == ';') {
      return code.substr(0, i);
    }
  }
  return code;
}

// [h], [hh], [mm], [ss] ... : elapsed-time tokens.
bool is_elapsed_token(std::string_view inside) {
  if (inside.empty()) return false;
  char first = lower(inside[0]);
  if (first != 'h' && first != 'm' && first != 's') return false;
  for (char c : inside) {
    if (lower(c) != first) return false;
  }
  return true;
}

bool equals_ignore_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

}  // namespace

NumberFormatInfo classify_number_format(std::string_view code) {
  NumberFormatInfo info;
  std::string_view section = first_section(code);
  bool has_digit_placeholder = false;
  bool in_fraction = false;    // after the decimal point
  bool fraction_done = false;  // the fraction digits ended (literal, exponent ...)
  bool scientific = false;
  bool fraction_format = false;  // "# ?/?"
  bool scaled = false;           // "#,##0," divides by 1000 when displayed
  bool general = false;
  int decimals = 0;
  int percents = 0;
  for (std::size_t i = 0; i < section.size(); ++i) {
    char c = section[i];
    char lc = lower(c);
    if (c == '"') {
      std::size_t end = section.find('"', i + 1);
      i = end == std::string_view::npos ? section.size() : end;
      if (in_fraction) fraction_done = true;
      continue;
    }
    if (c == '\\' || c == '_' || c == '*') {  // escaped literal, padding, fill
      ++i;
      if (in_fraction) fraction_done = true;
      continue;
    }
    if (c == '[') {
      std::size_t end = section.find(']', i + 1);
      if (end == std::string_view::npos) end = section.size();
      std::string_view inside = section.substr(i + 1, end - i - 1);
      if (is_elapsed_token(inside)) {
        info.is_date = true;
        info.is_duration = true;
      }
      i = end;
      continue;
    }
    if (lc == 'g' && equals_ignore_case(section.substr(i, 7), "general")) {
      general = true;
      i += 6;
      continue;
    }
    if (lc == 'e' && i + 1 < section.size() && (section[i + 1] == '+' || section[i + 1] == '-') &&
        has_digit_placeholder) {
      scientific = true;
      ++i;
      continue;
    }
    if (lc == 'y' || lc == 'm' || lc == 'd' || lc == 'h' || lc == 's') {
      info.is_date = true;
      continue;
    }
    if (c == '@') {
      info.is_text = true;
      continue;
    }
    if (c == '%') {
      ++percents;
      continue;
    }
    if (c == '0' || c == '#' || c == '?') {
      has_digit_placeholder = true;
      if (in_fraction && !fraction_done) ++decimals;
      continue;
    }
    if (c == '.') {
      if (!in_fraction) {
        in_fraction = true;
      } else {
        fraction_done = true;
      }
      continue;
    }
    if (c == '/' && has_digit_placeholder) {
      fraction_format = true;
      continue;
    }
    if (c == ',') {
      // A comma right after the last digit placeholder scales by 1000.
      std::size_t j = i;
      while (j < section.size() && section[j] == ',') ++j;
      bool more_digits = false;
      for (std::size_t k = j; k < section.size(); ++k) {
        if (section[k] == '0' || section[k] == '#' || section[k] == '?' || section[k] == '.') {
          more_digits = true;
          break;
        }
        if (section[k] == '"' || section[k] == '\\' || section[k] == '[') break;
      }
      if (!more_digits && has_digit_placeholder) scaled = true;
      i = j - 1;
      continue;
    }
    if (in_fraction) fraction_done = true;
  }
  if (info.is_date) {
    info.is_text = false;
    return info;
  }
  info.is_percent = percents > 0;
  if (info.is_text || general || !has_digit_placeholder || scientific || fraction_format ||
      scaled) {
    return info;
  }
  info.fixed_decimals = decimals;
  return info;
}

std::string builtin_number_format(int id) {
  switch (id) {
    case 0:
      return "General";
    case 1:
      return "0";
    case 2:
      return "0.00";
    case 3:
      return "#,##0";
    case 4:
      return "#,##0.00";
    case 5:
      return "\"$\"#,##0_);(\"$\"#,##0)";
    case 6:
      return "\"$\"#,##0_);[Red](\"$\"#,##0)";
    case 7:
      return "\"$\"#,##0.00_);(\"$\"#,##0.00)";
    case 8:
      return "\"$\"#,##0.00_);[Red](\"$\"#,##0.00)";
    case 9:
      return "0%";
    case 10:
      return "0.00%";
    case 11:
      return "0.00E+00";
    case 12:
      return "# ?/?";
    case 13:
      return "# ?\?/??";
    case 14:
      return "mm-dd-yy";
    case 15:
      return "d-mmm-yy";
    case 16:
      return "d-mmm";
    case 17:
      return "mmm-yy";
    case 18:
      return "h:mm AM/PM";
    case 19:
      return "h:mm:ss AM/PM";
    case 20:
      return "h:mm";
    case 21:
      return "h:mm:ss";
    case 22:
      return "m/d/yy h:mm";
    // zh-CN built-ins (ECMA-376 Part 1, 18.8.30).
    case 27:
    case 36:
    case 50:
    case 52:
    case 57:
      return "yyyy\"年\"m\"月\"";
    case 28:
    case 29:
    case 51:
    case 53:
    case 54:
    case 58:
      return "m\"月\"d\"日\"";
    case 30:
      return "m-d-yy";
    case 31:
      return "yyyy\"年\"m\"月\"d\"日\"";
    case 32:
      return "h\"时\"mm\"分\"";
    case 33:
      return "h\"时\"mm\"分\"ss\"秒\"";
    case 34:
    case 55:
      return "上午/下午h\"时\"mm\"分\"";
    case 35:
    case 56:
      return "上午/下午h\"时\"mm\"分\"ss\"秒\"";
    case 37:
      return "#,##0_);(#,##0)";
    case 38:
      return "#,##0_);[Red](#,##0)";
    case 39:
      return "#,##0.00_);(#,##0.00)";
    case 40:
      return "#,##0.00_);[Red](#,##0.00)";
    case 41:
      return "_(* #,##0_);_(* \\(#,##0\\);_(* \"-\"_);_(@_)";
    case 42:
      return "_(\"$\"* #,##0_);_(\"$\"* \\(#,##0\\);_(\"$\"* \"-\"_);_(@_)";
    case 43:
      return "_(* #,##0.00_);_(* \\(#,##0.00\\);_(* \"-\"??_);_(@_)";
    case 44:
      return "_(\"$\"* #,##0.00_);_(\"$\"* \\(#,##0.00\\);_(\"$\"* \"-\"??_);_(@_)";
    case 45:
      return "mm:ss";
    case 46:
      return "[h]:mm:ss";
    case 47:
      return "mmss.0";
    case 48:
      return "##0.0E+0";
    case 49:
      return "@";
    default:
      return "";
  }
}

namespace {

// Days since 1970-01-01 -> civil date (H. Hinnant's algorithm).
void civil_from_days(long long z, long long& y, unsigned& m, unsigned& d) {
  z += 719468;
  const long long era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<long long>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
}

// Rounds value (mantissa / 10^scale) * 86,400,000 to whole milliseconds,
// half to even as the reference readers do.
std::optional<long long> to_milliseconds(const Decimal& serial) {
  Decimal v = serial.rounded(12);
  Int128 m = v.mantissa() * 86400000;
  int scale = v.scale();
  if (scale <= 0) {
    for (int i = 0; i < -scale; ++i) m *= 10;
    return static_cast<long long>(m);
  }
  Int128 divisor = 1;
  for (int i = 0; i < scale; ++i) divisor *= 10;
  Int128 q = m / divisor;
  Int128 r = m % divisor;
  if (r < 0) {  // floor division
    r += divisor;
    q -= 1;
  }
  if (r * 2 > divisor || (r * 2 == divisor && (q % 2) != 0)) q += 1;
  return static_cast<long long>(q);
}

}  // namespace

std::optional<std::string> excel_serial_to_iso(std::string_view serial, bool date1904,
                                               bool duration) {
  auto parsed = Decimal::parse(serial);
  if (!parsed) return std::nullopt;
  // Python's datetime covers years 1..9999; Excel's own grid stops at 9999-12-31.
  if (parsed->compare(Decimal::from_int(2958466)) >= 0 ||
      parsed->compare(Decimal::from_int(-693593)) <= 0) {
    return std::nullopt;
  }
  auto ms_opt = to_milliseconds(*parsed);
  if (!ms_opt) return std::nullopt;
  long long ms = *ms_opt;
  constexpr long long kDay = 86400000;
  char buf[64];
  if (duration) {
    const char* sign = ms < 0 ? "-" : "";
    long long a = ms < 0 ? -ms : ms;
    long long h = a / 3600000;
    long long mi = (a / 60000) % 60;
    long long s = (a / 1000) % 60;
    long long frac = a % 1000;
    if (frac == 0) {
      std::snprintf(buf, sizeof buf, "%s%lld:%02lld:%02lld", sign, h, mi, s);
    } else {
      std::snprintf(buf, sizeof buf, "%s%lld:%02lld:%02lld.%03lld", sign, h, mi, s, frac);
      std::string text(buf);
      while (text.back() == '0') text.pop_back();
      return text;
    }
    return std::string(buf);
  }
  long long day = ms >= 0 ? ms / kDay : -((-ms + kDay - 1) / kDay);
  long long time_ms = ms - day * kDay;
  long long hh = time_ms / 3600000;
  long long mi = (time_ms / 60000) % 60;
  long long ss = (time_ms / 1000) % 60;
  long long frac = time_ms % 1000;
  bool zero_to_one = !parsed->is_negative() && parsed->compare(Decimal::from_int(1)) < 0;
  if (zero_to_one && day == 0) {
    if (frac == 0) {
      std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld", hh, mi, ss);
    } else {
      std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld.%03lld000", hh, mi, ss, frac);
    }
    return std::string(buf);
  }
  // Epoch as days since 1970-01-01: 1899-12-31 is serial 0 for 1900 dates up to
  // serial 59; from 61 on, Excel's fictitious 1900-02-29 shifts the epoch to
  // 1899-12-30; 1904 dates count from 1904-01-01.
  long long days_since_1970;
  if (date1904) {
    days_since_1970 = -24107 + day;  // 1904-01-01
  } else if (day == 60) {
    std::snprintf(buf, sizeof buf, "1900-02-29T%02lld:%02lld:%02lld", hh, mi, ss);
    std::string text(buf);
    if (frac != 0) {
      std::snprintf(buf, sizeof buf, ".%03lld000", frac);
      text += buf;
    }
    return text;
  } else if (day < 60 && parsed->compare(Decimal::from_int(0)) > 0) {
    days_since_1970 = -25568 + day;  // 1899-12-31
  } else {
    days_since_1970 = -25569 + day;  // 1899-12-30
  }
  long long y = 0;
  unsigned mo = 0;
  unsigned d = 0;
  civil_from_days(days_since_1970, y, mo, d);
  if (y < 1 || y > 9999) return std::nullopt;
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lld", y, mo, d, hh, mi, ss);
  std::string text(buf);
  if (frac != 0) {
    std::snprintf(buf, sizeof buf, ".%03lld000", frac);
    text += buf;
  }
  return text;
}

}  // namespace bc
