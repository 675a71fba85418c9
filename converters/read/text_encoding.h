// Loading CSV and text-dump files and turning their bytes into UTF-8. Bureaus
// publish in UTF-8 (with or without BOM), UTF-16 (Excel's "Unicode text") and
// GBK/GB18030 (Excel on Chinese Windows); Excel for Mac writes cp1252. The
// detection order is: BOM, valid UTF-8, plausible GB18030, cp1252.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bc {

// Reads a whole file. Throws InputError READ-OPEN when it cannot be read and
// READ-LIMIT when it is larger than max_bytes.
std::string read_file_bytes(const std::string& path, std::uint64_t max_bytes);

struct DecodedText {
  std::string utf8;      // the text, without a byte order mark
  std::string encoding;  // "utf-8", "utf-16le", "gb18030", "cp1252", or the requested name
  std::vector<std::string> warnings;  // replaced bytes, ambiguous guesses
};

// Converts `bytes` to UTF-8. An empty `requested` detects the encoding and
// never fails (undecodable bytes become U+FFFD with a warning); otherwise the
// bytes are converted strictly from `requested` (any iconv name, plus "utf-8",
// "utf8", "utf-8-sig"), and an unknown name or an invalid byte sequence is an
// InputError READ-ENCODING naming `path`, the byte offset and the line.
DecodedText decode_to_utf8(std::string bytes, std::string_view requested, const std::string& path);

// Offset of the first byte that is not part of well-formed UTF-8 (no
// overlongs, surrogates or code points past U+10FFFF); npos when valid.
std::size_t find_invalid_utf8(std::string_view bytes);

}  // namespace bc
