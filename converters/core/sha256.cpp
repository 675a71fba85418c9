#include "core/sha256.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <vector>

namespace bc {

Sha256::Sha256() { sha256_init(&context_); }

void Sha256::update(const void* data, std::size_t size) {
  sha256_update(&context_, size, static_cast<const std::uint8_t*>(data));
}

std::string Sha256::hex_digest() {
  std::uint8_t digest[SHA256_DIGEST_SIZE];
  sha256_digest(&context_, SHA256_DIGEST_SIZE, digest);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (std::uint8_t b : digest) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 15]);
  }
  return out;
}

std::string sha256_hex(std::string_view data) {
  Sha256 hash;
  hash.update(data);
  return hash.hex_digest();
}

namespace {
// Hashes a stream in 64 KiB pieces; false when reading failed.
bool hash_stream(std::ifstream& in, Sha256& hash, std::uint64_t& total) {
  std::vector<char> buffer(1 << 16);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    auto n = static_cast<std::size_t>(in.gcount());
    hash.update(buffer.data(), n);
    total += n;
  }
  return in.eof();
}
}  // namespace

std::string sha256_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path + ": " + std::strerror(errno));
  Sha256 hash;
  std::uint64_t total = 0;
  if (!hash_stream(in, hash, total)) throw std::runtime_error("cannot read " + path);
  return hash.hex_digest();
}

std::string file_sha256(const std::string& path, std::uint64_t* size) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";
  Sha256 hash;
  std::uint64_t total = 0;
  if (!hash_stream(in, hash, total)) return "";
  if (size != nullptr) *size = total;
  return hash.hex_digest();
}

}  // namespace bc
