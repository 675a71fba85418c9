// SHA-256 through Debian's nettle library: fingerprints of inputs (the report,
// --skip-unchanged), of options, and of written files (datapackage.json, the
// reference-reading "sha256").
#pragma once

#include <nettle/sha2.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace bc {

class Sha256 {
 public:
  Sha256();
  void update(const void* data, std::size_t size);
  void update(std::string_view text) { update(text.data(), text.size()); }
  std::string hex_digest();  // finishes the hash; the object must not be updated afterwards

 private:
  sha256_ctx context_;
};

std::string sha256_hex(std::string_view data);
// The hash of a file's bytes; throws std::runtime_error when it cannot be read.
std::string sha256_file(const std::string& path);
// The same, but empty when the file cannot be read; `size` receives its length.
std::string file_sha256(const std::string& path, std::uint64_t* size = nullptr);

}  // namespace bc
