#include "write/output_encoding.h"

#include <iconv.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace bc {

OutputEncoding parse_output_encoding(const std::string& name) {
  std::string n = name;
  std::transform(n.begin(), n.end(), n.begin(), [](unsigned char c) { return std::tolower(c); });
  if (n == "utf-8" || n == "utf8") return OutputEncoding::Utf8;
  if (n == "gb18030") return OutputEncoding::Gb18030;
  throw std::invalid_argument("unknown output encoding '" + name + "' (use utf-8 or gb18030)");
}

const char* output_encoding_name(OutputEncoding encoding) {
  return encoding == OutputEncoding::Gb18030 ? "gb18030" : "utf-8";
}

TextEncoder::TextEncoder(OutputEncoding encoding) : encoding_(encoding) {
  if (encoding_ == OutputEncoding::Utf8) return;
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    throw std::runtime_error(std::string("iconv cannot convert UTF-8 to GB18030: ") +
                             std::strerror(errno));
  }
  cd_ = cd;
}

TextEncoder::~TextEncoder() {
  if (cd_) iconv_close(static_cast<iconv_t>(cd_));
}

std::string TextEncoder::encode(std::string_view utf8) {
  if (encoding_ == OutputEncoding::Utf8 || utf8.empty()) return std::string(utf8);
  auto cd = static_cast<iconv_t>(cd_);
  iconv(cd, nullptr, nullptr, nullptr, nullptr);  // reset the shift state
  std::string out;
  // GB18030 needs at most 4 bytes per character, and UTF-8 at least 1.
  out.resize(utf8.size() * 4 + 16);
  char* in_ptr = const_cast<char*>(utf8.data());  // iconv's signature is not const-correct
  std::size_t in_left = utf8.size();
  char* out_ptr = out.data();
  std::size_t out_left = out.size();
  while (in_left > 0) {
    if (iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left) == static_cast<std::size_t>(-1)) {
      if (errno == E2BIG) {
        std::size_t used = out.size() - out_left;
        out.resize(out.size() * 2);
        out_ptr = out.data() + used;
        out_left = out.size() - used;
        continue;
      }
      std::size_t at = utf8.size() - in_left;
      throw std::runtime_error("cannot encode text as GB18030 at byte " + std::to_string(at) +
                               " (not valid UTF-8): " + std::strerror(errno));
    }
  }
  out.resize(out.size() - out_left);
  return out;
}

}  // namespace bc
