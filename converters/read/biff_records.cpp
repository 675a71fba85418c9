#include "read/biff_records.h"

#include <iconv.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cerrno>
#include <charconv>
#include <cstring>

#include "core/decimal.h"

namespace bc {
namespace {

std::string hex4(std::uint16_t v) {
  static const char* digits = "0123456789ABCDEF";
  std::string out = "0x";
  for (int shift = 12; shift >= 0; shift -= 4) out.push_back(digits[(v >> shift) & 0xF]);
  return out;
}

[[noreturn]] void truncated(const std::string& what) { throw BiffError("READ-CORRUPT", what); }

void check_string_cap(std::size_t size, std::uint32_t max_bytes) {
  if (size > max_bytes) {
    throw BiffError("READ-LIMIT", "a string of more than " + std::to_string(max_bytes) +
                                      " bytes exceeds the limit for one cell's text");
  }
}

void append_utf8(std::string& out, std::uint32_t c) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (c >> 18)));
    out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

struct CodepageName {
  int codepage;
  const char* iconv_name;
  const char* name;
};

constexpr std::array<CodepageName, 40> kCodepages{{
    {367, "CP1252", "ascii"},
    {437, "CP437", "cp437"},
    {737, "CP737", "cp737"},
    {775, "CP775", "cp775"},
    {850, "CP850", "cp850"},
    {852, "CP852", "cp852"},
    {855, "CP855", "cp855"},
    {857, "CP857", "cp857"},
    {858, "CP858", "cp858"},
    {860, "CP860", "cp860"},
    {861, "CP861", "cp861"},
    {862, "CP862", "cp862"},
    {863, "CP863", "cp863"},
    {864, "CP864", "cp864"},
    {865, "CP865", "cp865"},
    {866, "CP866", "cp866"},
    {869, "CP869", "cp869"},
    {874, "CP874", "cp874"},
    {932, "CP932", "cp932"},
    {936, "CP936", "gbk"},
    {949, "CP949", "cp949"},
    {950, "CP950", "big5"},
    {1250, "CP1250", "cp1250"},
    {1251, "CP1251", "cp1251"},
    {1252, "CP1252", "cp1252"},
    {1253, "CP1253", "cp1253"},
    {1254, "CP1254", "cp1254"},
    {1255, "CP1255", "cp1255"},
    {1256, "CP1256", "cp1256"},
    {1257, "CP1257", "cp1257"},
    {1258, "CP1258", "cp1258"},
    {1361, "JOHAB", "johab"},
    {10000, "MACINTOSH", "mac_roman"},
    {10001, "SHIFT_JIS", "mac_japanese"},
    {10007, "MAC-CYRILLIC", "mac_cyrillic"},
    {10029, "MAC-CENTRALEUROPE", "mac_latin2"},
    {10079, "MAC-IS", "mac_iceland"},
    {32768, "MACINTOSH", "mac_roman"},
    {32769, "CP1252", "cp1252"},
    {65001, "UTF-8", "utf-8"},
}};

}  // namespace

// ---------------------------------------------------------------- records

bool BiffRecordReader::next(BiffRecord& record) {
  if (pos_ >= stream_.size()) return false;
  if (stream_.size() - pos_ < 4) {
    truncated("the workbook stream ends inside a record header at offset " + std::to_string(pos_));
  }
  const auto* p = reinterpret_cast<const unsigned char*>(stream_.data() + pos_);
  std::uint16_t type = static_cast<std::uint16_t>(p[0] | (p[1] << 8));
  std::size_t length = static_cast<std::size_t>(p[2] | (p[3] << 8));
  if (stream_.size() - pos_ - 4 < length) {
    truncated("record " + hex4(type) + " at offset " + std::to_string(pos_) + " declares " +
              std::to_string(length) + " bytes but the workbook stream ends after " +
              std::to_string(stream_.size() - pos_ - 4));
  }
  record.type = type;
  record.offset = pos_;
  record.data = stream_.substr(pos_ + 4, length);
  pos_ += 4 + length;
  return true;
}

std::optional<std::uint16_t> BiffRecordReader::peek_type() const {
  if (stream_.size() < 4 || pos_ > stream_.size() - 4) return std::nullopt;
  const auto* p = reinterpret_cast<const unsigned char*>(stream_.data() + pos_);
  return static_cast<std::uint16_t>(p[0] | (p[1] << 8));
}

std::vector<std::string_view> with_continues(BiffRecordReader& reader, const BiffRecord& first) {
  std::vector<std::string_view> out{first.data};
  BiffRecord next;
  while (reader.peek_type() == biff::kContinue && reader.next(next)) out.push_back(next.data);
  return out;
}

// ---------------------------------------------------------------- codepages

CodepageDecoder::CodepageDecoder(int codepage) {
  const char* iconv_name = nullptr;
  for (const auto& entry : kCodepages) {
    if (entry.codepage == codepage) {
      iconv_name = entry.iconv_name;
      name_ = entry.name;
      break;
    }
  }
  if (iconv_name != nullptr) {
    iconv_t h = iconv_open("UTF-8", iconv_name);
    if (h != reinterpret_cast<iconv_t>(-1)) {
      handle_ = h;
      return;
    }
  }
  fell_back_ = true;
  name_ = "cp1252";
  iconv_t h = iconv_open("UTF-8", "CP1252");
  if (h != reinterpret_cast<iconv_t>(-1)) handle_ = h;
}

CodepageDecoder::~CodepageDecoder() {
  if (handle_ != nullptr) iconv_close(static_cast<iconv_t>(handle_));
}

std::string CodepageDecoder::decode(std::string_view bytes) const {
  std::string out;
  if (bytes.empty()) return out;
  if (handle_ == nullptr) {  // no iconv at all: Latin-1 keeps ASCII right
    for (unsigned char c : bytes) append_utf8(out, c);
    return out;
  }
  iconv_t h = static_cast<iconv_t>(handle_);
  iconv(h, nullptr, nullptr, nullptr, nullptr);
  std::string buffer(bytes.size() * 4 + 16, '\0');
  char* in = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size();
  while (in_left > 0) {
    char* dst = buffer.data();
    std::size_t dst_left = buffer.size();
    std::size_t rc = iconv(h, &in, &in_left, &dst, &dst_left);
    out.append(buffer.data(), buffer.size() - dst_left);
    if (rc == static_cast<std::size_t>(-1)) {
      if (errno == E2BIG) continue;
      // Invalid or incomplete sequence: one replacement character per byte.
      append_utf8(out, 0xFFFD);
      ++in;
      --in_left;
      iconv(h, nullptr, nullptr, nullptr, nullptr);
    }
  }
  return out;
}

// ---------------------------------------------------------------- cursor

RecordCursor::RecordCursor(std::vector<std::string_view> fragments) : frags_(std::move(fragments)) {
  if (frags_.empty()) frags_.emplace_back();
  for (std::string_view f : frags_) left_ += f.size();
}

void RecordCursor::need(std::uint64_t n) const {
  if (remaining() < n) {
    truncated("a record is shorter than its contents require (" + std::to_string(n) +
              " more bytes needed, " + std::to_string(remaining()) + " left)");
  }
}

bool RecordCursor::next_fragment() {
  if (frag_ + 1 >= frags_.size()) return false;
  ++frag_;
  pos_ = 0;
  return true;
}

std::uint8_t RecordCursor::u8() {
  need(1);
  while (pos_ >= frags_[frag_].size()) next_fragment();
  --left_;
  return static_cast<std::uint8_t>(frags_[frag_][pos_++]);
}

std::uint16_t RecordCursor::u16() {
  std::uint16_t lo = u8();
  std::uint16_t hi = u8();
  return static_cast<std::uint16_t>(lo | (hi << 8));
}

std::uint32_t RecordCursor::u32() {
  std::uint32_t lo = u16();
  std::uint32_t hi = u16();
  return lo | (hi << 16);
}

double RecordCursor::f64() {
  need(8);
  std::uint64_t bits = 0;
  for (int i = 0; i < 8; ++i) bits |= static_cast<std::uint64_t>(u8()) << (8 * i);
  return std::bit_cast<double>(bits);
}

void RecordCursor::skip(std::uint64_t n) {
  need(n);
  while (n > 0) {
    std::size_t here = frags_[frag_].size() - pos_;
    if (here == 0) {
      next_fragment();
      continue;
    }
    std::size_t step = static_cast<std::size_t>(std::min<std::uint64_t>(here, n));
    pos_ += step;
    left_ -= step;
    n -= step;
  }
}

std::string RecordCursor::unicode_chars(std::size_t count, bool high_byte,
                                        std::uint32_t max_bytes) {
  std::u16string units;
  units.reserve(std::min<std::size_t>(count, 65535));
  while (units.size() < count) {
    std::string_view frag = frags_[frag_];
    if (pos_ >= frag.size()) {
      // Character data continued in a CONTINUE record, which starts with a
      // fresh compression flag.
      if (!next_fragment()) {
        truncated("a string declares " + std::to_string(count) +
                  " characters but its record holds " + std::to_string(units.size()));
      }
      if (frags_[frag_].empty()) continue;
      high_byte = (static_cast<unsigned char>(frags_[frag_][pos_++]) & 0x01) != 0;
      --left_;
      continue;
    }
    std::size_t avail = frag.size() - pos_;
    std::size_t want = count - units.size();
    if (high_byte) {
      std::size_t n = std::min(want, avail / 2);
      if (n == 0) truncated("a string's UTF-16 data is split inside a character");
      for (std::size_t i = 0; i < n; ++i) {
        auto lo = static_cast<unsigned char>(frag[pos_ + 2 * i]);
        auto hi = static_cast<unsigned char>(frag[pos_ + 2 * i + 1]);
        units.push_back(static_cast<char16_t>(lo | (hi << 8)));
      }
      pos_ += 2 * n;
      left_ -= 2 * n;
    } else {
      std::size_t n = std::min(want, avail);
      for (std::size_t i = 0; i < n; ++i) {
        units.push_back(static_cast<char16_t>(static_cast<unsigned char>(frag[pos_ + i])));
      }
      pos_ += n;
      left_ -= n;
    }
  }
  std::string out = utf16_to_utf8(units);
  check_string_cap(out.size(), max_bytes);
  return out;
}

std::string RecordCursor::unicode_string(bool wide_count, std::uint32_t max_bytes) {
  std::size_t count = wide_count ? u16() : u8();
  std::uint8_t flags = u8();
  std::uint16_t runs = 0;
  std::uint32_t phonetic = 0;
  if (flags & 0x08) runs = u16();
  if (flags & 0x04) phonetic = u32();
  std::string out = unicode_chars(count, (flags & 0x01) != 0, max_bytes);
  if (runs != 0) skip(4ull * runs);
  if (phonetic != 0) skip(phonetic);
  return out;
}

std::string RecordCursor::byte_string(int length_bytes, const CodepageDecoder& decoder,
                                      std::uint32_t max_bytes) {
  std::size_t n = length_bytes == 1 ? u8() : u16();
  need(n);
  std::string raw;
  raw.reserve(n);
  for (std::size_t i = 0; i < n; ++i) raw.push_back(static_cast<char>(u8()));
  std::string out = decoder.decode(raw);
  check_string_cap(out.size(), max_bytes);
  return out;
}

// ---------------------------------------------------------------- values

std::string utf16_to_utf8(const std::u16string& units) {
  std::string out;
  out.reserve(units.size());
  for (std::size_t i = 0; i < units.size(); ++i) {
    std::uint32_t c = units[i];
    if (c >= 0xD800 && c <= 0xDBFF && i + 1 < units.size() && units[i + 1] >= 0xDC00 &&
        units[i + 1] <= 0xDFFF) {
      c = 0x10000 + ((c - 0xD800) << 10) + (static_cast<std::uint32_t>(units[i + 1]) - 0xDC00);
      ++i;
    } else if (c >= 0xD800 && c <= 0xDFFF) {
      c = 0xFFFD;
    }
    append_utf8(out, c);
  }
  return out;
}

std::string shortest_double_text(double value) {
  std::array<char, 64> buf{};
  auto result = std::to_chars(buf.data(), buf.data() + buf.size(), value);
  return std::string(buf.data(), result.ptr);
}

RkValue decode_rk(std::uint32_t rk) {
  const bool times100 = (rk & 0x01) != 0;
  RkValue out;
  if (rk & 0x02) {
    // A 30-bit signed integer: arithmetic shift keeps the sign.
    auto value = static_cast<std::int32_t>(rk) >> 2;
    Decimal d = Decimal::from_int(value);
    out.text = times100 ? d.scaled_by_power_of_ten(-2)->to_string() : d.to_string();
    return out;
  }
  std::uint64_t bits = static_cast<std::uint64_t>(rk & 0xFFFFFFFCu) << 32;
  double value = std::bit_cast<double>(bits);
  out.binary = true;
  out.text = shortest_double_text(value);
  if (times100) {
    // The writer meant value / 100; shifting the decimal text is exact where
    // the binary division would add noise.
    if (auto parsed = Decimal::parse(out.text)) {
      if (auto scaled = parsed->scaled_by_power_of_ten(-2)) out.text = scaled->to_string();
    }
  }
  return out;
}

}  // namespace bc
