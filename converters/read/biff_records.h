// The BIFF record layer of .xls workbooks ([MS-XLS] 2.1.4): the record
// stream, records continued in CONTINUE records, and the string encodings
// (BIFF8 Unicode strings with their compression flag, rich-text runs and
// phonetic data; BIFF2-7 byte strings in the workbook's codepage).
//
// Nothing here knows the file name; malformed data throws BiffError, which
// the xls reader turns into an InputError that names the file and sheet.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace bc {

namespace biff {
inline constexpr std::uint16_t kDimensions2 = 0x0000;
inline constexpr std::uint16_t kBlank2 = 0x0001;
inline constexpr std::uint16_t kInteger2 = 0x0002;
inline constexpr std::uint16_t kNumber2 = 0x0003;
inline constexpr std::uint16_t kLabel2 = 0x0004;
inline constexpr std::uint16_t kBoolErr2 = 0x0005;
inline constexpr std::uint16_t kFormula = 0x0006;  // BIFF2 and BIFF5/8
inline constexpr std::uint16_t kString2 = 0x0007;
inline constexpr std::uint16_t kRow2 = 0x0008;
inline constexpr std::uint16_t kBof2 = 0x0009;
inline constexpr std::uint16_t kEof = 0x000A;
inline constexpr std::uint16_t kFormat2 = 0x001E;  // BIFF2-3
inline constexpr std::uint16_t kDateMode = 0x0022;
inline constexpr std::uint16_t kFilePass = 0x002F;
inline constexpr std::uint16_t kContinue = 0x003C;
inline constexpr std::uint16_t kCodepage = 0x0042;
inline constexpr std::uint16_t kXf2 = 0x0043;
inline constexpr std::uint16_t kIxfe2 = 0x0044;
inline constexpr std::uint16_t kColInfo = 0x007D;
inline constexpr std::uint16_t kRk7E = 0x007E;  // an RK id some BIFF3-4 writers use
inline constexpr std::uint16_t kBoundSheet = 0x0085;
inline constexpr std::uint16_t kBundleSheet4 = 0x008F;
inline constexpr std::uint16_t kMulRk = 0x00BD;
inline constexpr std::uint16_t kRString = 0x00D6;
inline constexpr std::uint16_t kXf = 0x00E0;
inline constexpr std::uint16_t kMergedCells = 0x00E5;
inline constexpr std::uint16_t kSst = 0x00FC;
inline constexpr std::uint16_t kLabelSst = 0x00FD;
inline constexpr std::uint16_t kNumber = 0x0203;
inline constexpr std::uint16_t kLabel = 0x0204;
inline constexpr std::uint16_t kBoolErr = 0x0205;
inline constexpr std::uint16_t kFormula3 = 0x0206;
inline constexpr std::uint16_t kString = 0x0207;
inline constexpr std::uint16_t kRow = 0x0208;
inline constexpr std::uint16_t kBof3 = 0x0209;
inline constexpr std::uint16_t kArray = 0x0221;
inline constexpr std::uint16_t kTable = 0x0236;
inline constexpr std::uint16_t kXf3 = 0x0243;
inline constexpr std::uint16_t kRk = 0x027E;
inline constexpr std::uint16_t kFormula4 = 0x0406;
inline constexpr std::uint16_t kBof4 = 0x0409;
inline constexpr std::uint16_t kFormat = 0x041E;  // BIFF4-8
inline constexpr std::uint16_t kXf4 = 0x0443;
inline constexpr std::uint16_t kShrFmla = 0x04BC;
inline constexpr std::uint16_t kBof = 0x0809;  // BIFF5-8
}  // namespace biff

// code is "READ-CORRUPT" or "READ-LIMIT".
class BiffError : public std::runtime_error {
 public:
  BiffError(std::string code, const std::string& message)
      : std::runtime_error(message), code_(std::move(code)) {}
  const std::string& code() const { return code_; }

 private:
  std::string code_;
};

struct BiffRecord {
  std::uint16_t type = 0;
  std::size_t offset = 0;  // of the record header within the stream
  std::string_view data;
};

// Walks the records of a BIFF stream. A record whose declared length runs
// past the end of the stream is an error; so is a stream that ends inside
// a record header.
class BiffRecordReader {
 public:
  explicit BiffRecordReader(std::string_view stream, std::size_t offset = 0)
      : stream_(stream), pos_(offset) {}
  // False when the stream is exhausted.
  bool next(BiffRecord& record);
  // The type of the next record without consuming it.
  std::optional<std::uint16_t> peek_type() const;
  std::size_t offset() const { return pos_; }
  bool at_end() const { return pos_ >= stream_.size(); }

 private:
  std::string_view stream_;
  std::size_t pos_ = 0;
};

// Reads `first` plus the CONTINUE records that follow it.
std::vector<std::string_view> with_continues(BiffRecordReader& reader, const BiffRecord& first);

// Bytes decoded from a BIFF2-7 codepage to UTF-8 (iconv). Unknown codepages
// fall back to cp1252 and say so in name().
class CodepageDecoder {
 public:
  explicit CodepageDecoder(int codepage = 1252);
  ~CodepageDecoder();
  CodepageDecoder(const CodepageDecoder&) = delete;
  CodepageDecoder& operator=(const CodepageDecoder&) = delete;
  std::string decode(std::string_view bytes) const;
  const std::string& name() const { return name_; }  // "cp1252", "mac_roman", "gbk" ...
  bool fell_back() const { return fell_back_; }

 private:
  void* handle_ = nullptr;  // iconv_t
  std::string name_;
  bool fell_back_ = false;
};

// A read position over one record's data and its CONTINUE fragments.
// Numbers may straddle fragments; BIFF8 character data that straddles a
// fragment boundary restarts with a new compression-flag byte, as the
// specification requires. Every read is bounds-checked (BiffError).
class RecordCursor {
 public:
  explicit RecordCursor(std::string_view data) : frags_{data}, left_(data.size()) {}
  explicit RecordCursor(std::vector<std::string_view> fragments);

  std::uint8_t u8();
  std::uint16_t u16();
  std::uint32_t u32();
  double f64();
  void skip(std::uint64_t n);
  std::uint64_t remaining() const { return left_; }
  bool at_end() const { return left_ == 0; }

  // BIFF8 XLUnicodeString (16-bit count) or ShortXLUnicodeString (8-bit
  // count): flags, optional rich-text run count and phonetic size, the
  // characters, then the runs and phonetic data skipped. UTF-8 result.
  std::string unicode_string(bool wide_count, std::uint32_t max_bytes);
  // The characters of a BIFF8 string after its header.
  std::string unicode_chars(std::size_t count, bool high_byte, std::uint32_t max_bytes);
  // BIFF2-7 byte string with a 1- or 2-byte length, decoded by `decoder`.
  std::string byte_string(int length_bytes, const CodepageDecoder& decoder,
                          std::uint32_t max_bytes);

 private:
  void need(std::uint64_t n) const;
  bool next_fragment();
  std::vector<std::string_view> frags_;
  std::size_t frag_ = 0;
  std::size_t pos_ = 0;
  std::uint64_t left_ = 0;  // bytes left in all fragments
};

// UTF-16 code units (unpaired surrogates become U+FFFD) to UTF-8.
std::string utf16_to_utf8(const std::u16string& units);

// The 64-bit double from a BIFF RK value, and its exact decimal text where
// the RK holds an integer (with or without the /100 flag) or a double /100.
struct RkValue {
  std::string text;     // decimal text, e.g. "12345", "123.45", "0.1"
  bool binary = false;  // text is the shortest form of a binary double
};
RkValue decode_rk(std::uint32_t rk);

// Shortest round-trip text of a double ("0.1", "3", "1e+16"); "nan"/"inf"
// never reach cells (callers check).
std::string shortest_double_text(double value);

}  // namespace bc
