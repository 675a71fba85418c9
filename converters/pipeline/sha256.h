// SHA-256 (FIPS 180-4), for recognising inputs that have not changed since a
// previous run (--skip-unchanged) and for fingerprinting the options used.
#pragma once

#include <array>
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
  void block(const unsigned char* p);
  std::array<std::uint32_t, 8> state_;
  std::array<unsigned char, 64> buffer_{};
  std::size_t buffered_ = 0;
  std::uint64_t length_ = 0;
};

std::string sha256_hex(std::string_view data);
// The hash of a file's bytes; throws std::runtime_error when it cannot be read.
std::string sha256_file(const std::string& path);

}  // namespace bc
