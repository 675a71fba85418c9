#include "write/reading_jsonl.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <vector>

#include "core/address.h"
#include "core/sheet.h"

namespace bc {
namespace {

constexpr const char* kNegativeNote =
    "negative serial with a date format: Excel shows ##### here; the date is reader-specific";


std::string extension_of(const std::string& path) {
  std::size_t slash = path.find_last_of('/');
  std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  std::size_t dot = base.find_last_of('.');
  if (dot == std::string::npos) return "";
  std::string ext = base.substr(dot + 1);
  for (char& c : ext) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return ext;
}

// The double a stored number text stands for (strtod is correctly rounded).
double to_double(std::string_view text) {
  std::string s(text);
  return std::strtod(s.c_str(), nullptr);
}

// The "exact_int" key: an integer text a double cannot hold exactly.
std::string exact_int(std::string_view raw) {
  std::string_view t = raw;
  if (!t.empty() && t[0] == '+') t.remove_prefix(1);
  bool negative = !t.empty() && t[0] == '-';
  if (negative) t.remove_prefix(1);
  if (t.empty() || t.find_first_not_of("0123456789") != std::string_view::npos) return "";
  while (t.size() > 1 && t[0] == '0') t.remove_prefix(1);
  if (t.size() < 16) return "";
  char buf[400];
  std::snprintf(buf, sizeof buf, "%.0f", std::fabs(to_double(t)));
  if (t == buf) return "";
  return (negative ? "-" : "") + std::string(t);
}

void write_file_head(std::ostream& out, const std::string& display_path,
                     const std::string& file_path, const std::string& container) {
  out << "{\"record\": \"file\", \"path\": " << json_quote(display_path);
  if (!file_path.empty()) {
    std::uint64_t size = 0;
    std::string sha = file_sha256(file_path, &size);
    if (!sha.empty()) out << ", \"sha256\": \"" << sha << "\", \"bytes\": " << size;
  }
  out << ", \"ext\": " << json_quote(extension_of(display_path));
  if (!container.empty()) out << ", \"container\": " << json_quote(container);
}

std::string reader_name() { return std::string("budgetconv ") + BC_VERSION; }

}  // namespace


std::string python_float_repr(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  if (value == 0) return std::signbit(value) ? "-0.0" : "0.0";
  char buf[64];
  auto result = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
  std::string sci(buf, result.ptr);
  std::string sign;
  if (sci[0] == '-') {
    sign = "-";
    sci.erase(0, 1);
  }
  std::size_t e_pos = sci.find('e');
  std::string mantissa = sci.substr(0, e_pos);
  int exponent = std::atoi(sci.c_str() + e_pos + 1);
  std::string digits;
  for (char c : mantissa) {
    if (c != '.') digits.push_back(c);
  }
  std::string out;
  if (exponent >= -4 && exponent < 16) {
    if (exponent >= 0) {
      auto int_digits = static_cast<std::size_t>(exponent) + 1;
      if (digits.size() <= int_digits) {
        out = digits + std::string(int_digits - digits.size(), '0') + ".0";
      } else {
        out = digits.substr(0, int_digits) + "." + digits.substr(int_digits);
      }
    } else {
      out = "0." + std::string(static_cast<std::size_t>(-exponent - 1), '0') + digits;
    }
  } else {
    out = digits.substr(0, 1);
    if (digits.size() > 1) out += "." + digits.substr(1);
    char exp[16];
    std::snprintf(exp, sizeof exp, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
    out += exp;
  }
  return sign + out;
}

std::string json_quote(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out.push_back('"');
  std::size_t i = 0;
  while (i < text.size()) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      switch (c) {
        case '"':
          out += "\\\"";
          break;
        case '\\':
          out += "\\\\";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        case '\b':
          out += "\\b";
          break;
        case '\f':
          out += "\\f";
          break;
        default:
          if (c < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
          } else {
            out.push_back(static_cast<char>(c));
          }
      }
      ++i;
      continue;
    }
    // Copy one well-formed UTF-8 sequence, or write U+FFFD for a bad byte.
    std::size_t len = (c >= 0xF0 && c <= 0xF4)   ? 4
                      : (c >= 0xE0)              ? 3
                      : (c >= 0xC2 && c <= 0xDF) ? 2
                                                 : 0;
    bool ok = len > 0 && i + len <= text.size();
    for (std::size_t k = 1; ok && k < len; ++k) {
      ok = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
    }
    if (ok && len == 3) {
      auto c1 = static_cast<unsigned char>(text[i + 1]);
      ok = !(c == 0xE0 && c1 < 0xA0) && !(c == 0xED && c1 >= 0xA0);
    } else if (ok && len == 4) {
      auto c1 = static_cast<unsigned char>(text[i + 1]);
      ok = !(c == 0xF0 && c1 < 0x90) && !(c == 0xF4 && c1 >= 0x90);
    }
    if (ok) {
      out.append(text.substr(i, len));
      i += len;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  out.push_back('"');
  return out;
}

void write_reading_jsonl(std::ostream& out, const std::string& display_path, Workbook& workbook,
                         const std::string& file_path) {
  const WorkbookInfo& info = workbook.info();
  write_file_head(out, display_path, file_path, info.container);
  out << ", \"ok\": true, \"reader\": " << json_quote(reader_name())
      << ", \"attempts\": [{\"reader\": " << json_quote(reader_name()) << ", \"ok\": true";
  if (!info.warnings.empty()) {
    out << ", \"warnings\": [";
    for (std::size_t i = 0; i < info.warnings.size(); ++i)
      out << (i ? ", " : "") << json_quote(info.warnings[i]);
    out << "]";
  }
  out << "}], \"workbook\": {\"sheets\": [";
  for (std::size_t i = 0; i < info.sheets.size(); ++i)
    out << (i ? ", " : "") << json_quote(info.sheets[i].name);
  out << "]";
  if (info.format == InputFormat::Xlsx || info.format == InputFormat::Xls) {
    out << ", \"date1904\": " << (info.date1904 ? "true" : "false");
  }
  if (!info.biff_version.empty()) out << ", \"biff_version\": " << json_quote(info.biff_version);
  if (info.codepage) out << ", \"codepage\": " << *info.codepage;
  if (!info.encoding.empty()) out << ", \"encoding\": " << json_quote(info.encoding);
  out << "}}\n";

  for (std::size_t s = 0; s < info.sheets.size(); ++s) {
    Sheet sheet = workbook.read_sheet(s);
    const std::string name = json_quote(info.sheets[s].name);
    out << "{\"record\": \"sheet\", \"sheet\": " << name << ", \"index\": " << s << ", \"kind\": \""
        << sheet_kind_name(info.sheets[s].kind) << "\", \"state\": \""
        << sheet_state_name(info.sheets[s].state) << "\", \"merged\": ";
    if (sheet.merged_known) {
      out << "[";
      for (std::size_t i = 0; i < sheet.merged.size(); ++i) {
        out << (i ? ", " : "") << "\"" << sheet.merged[i].to_a1() << "\"";
      }
      out << "]";
    } else {
      out << "null";
    }
    out << ", \"n_cells\": " << sheet.cell_count() << "}\n";

    for (const SheetRow& row : sheet.rows()) {
      for (const CellView& cell : sheet.row_cells(row)) {
        out << "{\"sheet\": " << name << ", \"cell\": \"" << a1(cell.row, cell.col)
            << "\", \"type\": ";
        const std::string* formula = sheet.formula(cell.row, cell.col);
        std::string note;
        std::string exact;
        if (cell.flags & kFlagNoCachedValue) {
          out << "\"null\", \"value\": null";
          note = "formula without cached value";
        } else {
          switch (cell.type) {
            case CellType::Number: {
              double d = to_double(cell.raw);
              std::string repr = python_float_repr(d);
              if (std::isfinite(d)) {
                out << "\"n\", \"value\": " << repr;
              } else {
                out << "\"n\", \"value\": \"" << repr << "\"";
              }
              exact = exact_int(cell.raw);
              break;
            }
            case CellType::Bool:
              out << "\"b\", \"value\": " << (cell.value == "TRUE" ? "true" : "false");
              break;
            case CellType::Error:
              out << "\"e\", \"value\": " << json_quote(cell.value);
              break;
            case CellType::Date: {
              out << "\"d\", \"value\": " << json_quote(cell.value) << ", \"serial\": ";
              const std::string* serial = sheet.date_serial(cell.row, cell.col);
              if (serial != nullptr) {
                out << python_float_repr(to_double(*serial));
                if (cell.flags & kFlagDuration) {
                  note = "duration format ([h] etc.)";
                } else if (!serial->empty() && (*serial)[0] == '-') {
                  note = kNegativeNote;
                }
              } else {
                out << "null";
                note = "stored as ISO 8601 text (t=\"d\")";
              }
              break;
            }
            case CellType::Text:
            case CellType::Empty:
              out << "\"s\", \"value\": " << json_quote(cell.value);
              break;
          }
        }
        if (formula != nullptr) out << ", \"formula\": " << json_quote(*formula);
        if (!exact.empty()) out << ", \"exact_int\": \"" << exact << "\"";
        if (!note.empty()) out << ", \"note\": " << json_quote(note);
        out << "}\n";
      }
    }
  }
}

void write_reading_jsonl_error(std::ostream& out, const std::string& display_path,
                               const InputError& error, const std::string& file_path) {
  write_file_head(out, display_path, file_path, "");
  out << ", \"ok\": false, \"reader\": null, \"attempts\": [{\"reader\": "
      << json_quote(reader_name()) << ", \"ok\": false, \"error\": "
      << json_quote(error.diagnostic().code + ": " + error.diagnostic().message) << "}]}\n";
}

}  // namespace bc
