// The character encoding of the CSV files we write. UTF-8 is the canonical
// form; GB18030 is for Chinese-locale tools that read a CSV as the system code
// page (Excel and WPS on Chinese Windows), and covers every Unicode character,
// so nothing is lost. The conversion uses glibc iconv.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace bc {

enum class OutputEncoding { Utf8, Gb18030 };

// "utf-8" (also "utf8") or "gb18030", any case; any other name throws
// std::invalid_argument naming the accepted values.
OutputEncoding parse_output_encoding(const std::string& name);
const char* output_encoding_name(OutputEncoding encoding);  // "utf-8", "gb18030"

// Converts UTF-8 text to the output encoding. Reuses one iconv descriptor;
// not thread-safe. Text that is not valid UTF-8 throws std::runtime_error
// (the pipeline only makes valid UTF-8, so this is a bug guard, not an input
// error).
class TextEncoder {
 public:
  explicit TextEncoder(OutputEncoding encoding);
  ~TextEncoder();
  TextEncoder(const TextEncoder&) = delete;
  TextEncoder& operator=(const TextEncoder&) = delete;

  OutputEncoding encoding() const { return encoding_; }
  std::string encode(std::string_view utf8);

 private:
  OutputEncoding encoding_;
  void* cd_ = nullptr;  // iconv_t, kept opaque so <iconv.h> stays out of the header
};

// The byte-order mark of UTF-8 (EF BB BF), written first when --bom is given.
inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

}  // namespace bc
