#include "read/text_encoding.h"

#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "core/diagnostic.h"

namespace bc {

namespace {

constexpr std::size_t kNpos = std::string_view::npos;
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD in UTF-8

bool starts_with(std::string_view bytes, std::string_view prefix) {
  return bytes.substr(0, prefix.size()) == prefix;
}

// Length of the well-formed UTF-8 sequence at `i`, or 0 when it is malformed
// (ranges as in Unicode's table 3-7).
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  auto at = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = at(i);
  if (c < 0x80) return 1;
  std::size_t need = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    need = 1;
  } else if (c >= 0xE0 && c <= 0xEF) {
    need = 2;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;  // no surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 3;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + need >= s.size()) return 0;  // truncated at the end
  const unsigned char second = at(i + 1);
  if (second < lo || second > hi) return 0;
  for (std::size_t k = 2; k <= need; ++k) {
    if (at(i + k) < 0x80 || at(i + k) > 0xBF) return 0;
  }
  return need + 1;
}

// Replaces every byte that does not start a well-formed sequence by U+FFFD.
std::string repair_utf8(std::string_view bytes, std::size_t& replaced) {
  std::string out;
  out.reserve(bytes.size() + 16);
  std::size_t i = 0;
  while (i < bytes.size()) {
    std::size_t n = utf8_sequence_length(bytes, i);
    if (n == 0) {
      out += kReplacement;
      ++replaced;
      ++i;
    } else {
      out.append(bytes.substr(i, n));
      i += n;
    }
  }
  return out;
}

// 1-based line of a position, counting LF, CRLF and lone CR as line ends.
std::size_t line_of(std::string_view text, std::size_t end) {
  std::size_t line = 1;
  end = std::min(end, text.size());
  for (std::size_t i = 0; i < end; ++i) {
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n')))
      ++line;
  }
  return line;
}

class IconvHandle {
 public:
  explicit IconvHandle(const std::string& from) : cd_(iconv_open("UTF-8", from.c_str())) {}
  ~IconvHandle() {
    if (ok()) iconv_close(cd_);
  }
  IconvHandle(const IconvHandle&) = delete;
  IconvHandle& operator=(const IconvHandle&) = delete;
  bool ok() const { return cd_ != reinterpret_cast<iconv_t>(-1); }
  iconv_t get() const { return cd_; }

 private:
  iconv_t cd_;
};

struct ConvertOutcome {
  std::size_t first_error = kNpos;  // byte offset in the input
  std::size_t replaced = 0;
};

// Converts with iconv. Strict: stops at the first invalid or truncated
// sequence. Lenient: writes U+FFFD for it and skips `unit` bytes.
ConvertOutcome convert(iconv_t cd, std::string_view in, std::size_t unit, bool strict,
                       std::string& out) {
  ConvertOutcome outcome;
  char buffer[1 << 16];
  // POSIX iconv takes a non-const input pointer but does not write through it.
  char* in_ptr = const_cast<char*>(in.data());
  std::size_t in_left = in.size();
  while (in_left > 0) {
    char* out_ptr = buffer;
    std::size_t out_left = sizeof buffer;
    std::size_t rc = iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left);
    int err = errno;
    out.append(buffer, static_cast<std::size_t>(out_ptr - buffer));
    if (rc != static_cast<std::size_t>(-1) || err == E2BIG) continue;
    const std::size_t offset = static_cast<std::size_t>(in_ptr - in.data());
    if (outcome.first_error == kNpos) outcome.first_error = offset;
    if (strict) return outcome;
    out += kReplacement;
    ++outcome.replaced;
    const std::size_t skip = std::min(std::max<std::size_t>(unit, 1), in_left);
    in_ptr += skip;
    in_left -= skip;
    iconv(cd, nullptr, nullptr, nullptr, nullptr);  // reset any shift state
  }
  char* out_ptr = buffer;
  std::size_t out_left = sizeof buffer;
  iconv(cd, nullptr, nullptr, &out_ptr, &out_left);
  out.append(buffer, static_cast<std::size_t>(out_ptr - buffer));
  return outcome;
}

void require_converter(const IconvHandle& cd, const std::string& encoding,
                       const std::string& path) {
  if (!cd.ok()) {
    throw InputError("READ-ENCODING",
                     "the system has no iconv converter from " + encoding + " to UTF-8",
                     Location{path, "", ""}, "", "install glibc's gconv modules");
  }
}

void strip_leading_bom(std::string& utf8) {
  if (starts_with(utf8, "\xEF\xBB\xBF")) utf8.erase(0, 3);
}

// Structure of a strict GB18030 decode: how much of the multibyte text lies
// in the GB2312 block (both bytes A1-FE), where ordinary Chinese text lives.
// cp1252 text also decodes as GB18030 surprisingly often ("Müller" is a valid
// GBK pair), but its pairs fall outside that block.
bool gb18030_plausible(std::string_view bytes) {
  std::size_t multibyte = 0, gb2312 = 0;
  for (std::size_t i = 0; i < bytes.size();) {
    const unsigned char c = static_cast<unsigned char>(bytes[i]);
    if (c < 0x80 || i + 1 >= bytes.size()) {
      ++i;
      continue;
    }
    const unsigned char next = static_cast<unsigned char>(bytes[i + 1]);
    ++multibyte;
    if (next >= 0x30 && next <= 0x39) {
      i += 4;
      continue;
    }
    if (c >= 0xA1 && c <= 0xF7 && next >= 0xA1 && next <= 0xFE) ++gb2312;
    i += 2;
  }
  return gb2312 * 2 >= multibyte;
}

// A UTF-8 file with a few stray bytes (a hand edit in another editor) should
// stay UTF-8: its valid multibyte sequences far outnumber the bad bytes. GBK
// and cp1252 text rarely forms valid UTF-8 sequences at all.
bool mostly_utf8(std::string_view bytes) {
  std::size_t valid_multibyte = 0, invalid = 0;
  for (std::size_t i = 0; i < bytes.size();) {
    std::size_t n = utf8_sequence_length(bytes, i);
    if (n == 0) {
      ++invalid;
      ++i;
    } else {
      if (n > 1) ++valid_multibyte;
      i += n;
    }
  }
  return valid_multibyte >= 4 * invalid;
}

std::string lower_ascii(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  });
  return out;
}

std::string replaced_warning(std::size_t count, std::string_view encoding, std::size_t first) {
  return std::to_string(count) + " byte sequence(s) could not be decoded as " +
         std::string(encoding) + " and were replaced by U+FFFD (first at byte offset " +
         std::to_string(first) + ")";
}

DecodedText decode_requested(std::string bytes, std::string_view requested,
                             const std::string& path) {
  DecodedText result;
  result.encoding = lower_ascii(requested);
  const std::string& name = result.encoding;
  if (name == "utf-8" || name == "utf8" || name == "utf-8-sig") {
    result.encoding = "utf-8";
    std::string_view body(bytes);
    std::size_t skip = starts_with(body, "\xEF\xBB\xBF") ? 3 : 0;
    std::size_t bad = find_invalid_utf8(body.substr(skip));
    if (bad != kNpos) {
      bad += skip;
      throw InputError("READ-ENCODING",
                       "invalid UTF-8 byte sequence at byte offset " + std::to_string(bad) +
                           " (line " + std::to_string(line_of(body, bad)) + ")",
                       Location{path, "", ""}, "",
                       "give the file's real encoding with --encoding (e.g. gb18030) or omit "
                       "--encoding to detect it");
    }
    bytes.erase(0, skip);
    result.utf8 = std::move(bytes);
    return result;
  }
  IconvHandle cd{std::string(requested)};
  if (!cd.ok()) {
    throw InputError("READ-ENCODING", "unknown encoding '" + std::string(requested) + "'",
                     Location{path, "", ""}, "",
                     "use an iconv encoding name such as utf-8, gb18030, gbk, utf-16le, cp1252");
  }
  ConvertOutcome outcome = convert(cd.get(), bytes, 1, true, result.utf8);
  if (outcome.first_error != kNpos) {
    throw InputError("READ-ENCODING",
                     "invalid " + std::string(requested) + " byte sequence at byte offset " +
                         std::to_string(outcome.first_error) + " (line " +
                         std::to_string(line_of(result.utf8, result.utf8.size())) + ")",
                     Location{path, "", ""}, "",
                     "give the file's real encoding with --encoding or omit --encoding to "
                     "detect it");
  }
  strip_leading_bom(result.utf8);
  return result;
}

}  // namespace

std::size_t find_invalid_utf8(std::string_view bytes) {
  std::size_t i = 0;
  while (i < bytes.size()) {
    // ASCII runs dominate; skip them eight bytes at a time.
    while (i + 8 <= bytes.size()) {
      std::uint64_t word;
      std::memcpy(&word, bytes.data() + i, 8);
      if (word & 0x8080808080808080ull) break;
      i += 8;
    }
    if (i >= bytes.size()) break;
    std::size_t n = utf8_sequence_length(bytes, i);
    if (n == 0) return i;
    i += n;
  }
  return kNpos;
}

std::string read_file_bytes(const std::string& path, std::uint64_t max_bytes) {
  Location where{path, "", ""};
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) {
    throw InputError("READ-OPEN", "cannot open the file: " + std::string(std::strerror(errno)),
                     where);
  }
  const std::streamoff size = in.tellg();
  if (size < 0) throw InputError("READ-OPEN", "cannot determine the file's size", where);
  if (static_cast<std::uint64_t>(size) > max_bytes) {
    throw InputError("READ-LIMIT",
                     "the file has " + std::to_string(size) + " bytes, more than the limit of " +
                         std::to_string(max_bytes) + " bytes for one text file",
                     where);
  }
  std::string bytes(static_cast<std::size_t>(size), '\0');
  in.seekg(0);
  in.read(bytes.data(), size);
  if (in.gcount() != size) throw InputError("READ-OPEN", "the file could not be read fully", where);
  return bytes;
}

DecodedText decode_to_utf8(std::string bytes, std::string_view requested, const std::string& path) {
  if (!requested.empty()) return decode_requested(std::move(bytes), requested, path);

  DecodedText result;
  std::string_view view(bytes);
  const bool utf16le = starts_with(view, "\xFF\xFE");
  if (utf16le || starts_with(view, "\xFE\xFF")) {
    result.encoding = utf16le ? "utf-16le" : "utf-16be";
    IconvHandle cd(utf16le ? "UTF-16LE" : "UTF-16BE");
    require_converter(cd, result.encoding, path);
    ConvertOutcome outcome = convert(cd.get(), view.substr(2), 2, false, result.utf8);
    if (outcome.replaced > 0) {
      result.warnings.push_back(
          replaced_warning(outcome.replaced, result.encoding, outcome.first_error + 2));
    }
    return result;
  }
  if (starts_with(view, "\xEF\xBB\xBF")) {
    result.encoding = "utf-8";
    std::size_t bad = find_invalid_utf8(view.substr(3));
    if (bad == kNpos) {
      bytes.erase(0, 3);
      result.utf8 = std::move(bytes);
    } else {
      std::size_t replaced = 0;
      result.utf8 = repair_utf8(view.substr(3), replaced);
      result.warnings.push_back(
          replaced_warning(replaced, "utf-8 (the file has a UTF-8 BOM)", bad + 3));
    }
    return result;
  }
  const std::size_t first_bad = find_invalid_utf8(view);
  if (first_bad == kNpos) {
    result.encoding = "utf-8";
    result.utf8 = std::move(bytes);
    return result;
  }
  if (mostly_utf8(view)) {
    result.encoding = "utf-8";
    std::size_t replaced = 0;
    result.utf8 = repair_utf8(view, replaced);
    result.warnings.push_back(replaced_warning(replaced, "utf-8", first_bad));
    return result;
  }
  {
    IconvHandle cd("GB18030");
    std::string gb;
    if (cd.ok() && gb18030_plausible(view) &&
        convert(cd.get(), view, 1, true, gb).first_error == kNpos) {
      result.encoding = "gb18030";
      result.utf8 = std::move(gb);
      strip_leading_bom(result.utf8);
      return result;
    }
  }
  result.encoding = "cp1252";
  IconvHandle cd("CP1252");
  require_converter(cd, result.encoding, path);
  ConvertOutcome outcome = convert(cd.get(), view, 1, false, result.utf8);
  if (outcome.replaced > 0) {
    result.warnings.push_back(replaced_warning(outcome.replaced, "cp1252", outcome.first_error));
  }
  return result;
}

}  // namespace bc
