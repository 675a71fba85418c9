#include "read/zip_archive.h"

#include <zip.h>

#include <memory>

#include "core/diagnostic.h"

namespace bc {
namespace {

// Small parts compress far better than 1000:1 legitimately (a run of empty
// styled cells); the ratio cap only applies once a part is past this size.
constexpr std::uint64_t kRatioFloorBytes = 1u << 20;

std::string libzip_message(int code) {
  zip_error_t error;
  zip_error_init_with_code(&error, code);
  std::string text = zip_error_strerror(&error);
  zip_error_fini(&error);
  return text;
}

std::string mib(std::uint64_t bytes) { return std::to_string(bytes >> 20) + " MiB"; }

}  // namespace

std::string normalise_part_key(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (char c : name) {
    if (c == '\\') c = '/';
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    out.push_back(c);
  }
  while (!out.empty() && out[0] == '/') out.erase(0, 1);
  return out;
}

ZipArchive::ZipArchive(const std::string& path, const ReadLimits& limits)
    : path_(path), limits_(limits) {
  int error = 0;
  archive_ = zip_open(path.c_str(), ZIP_RDONLY, &error);
  if (archive_ == nullptr) {
    std::string code = "READ-CORRUPT";
    if (error == ZIP_ER_OPEN || error == ZIP_ER_READ) code = "READ-OPEN";
    throw InputError(
        code, "not a readable zip package (truncated or damaged?): " + libzip_message(error),
        Location{path, "", ""}, "", "re-save the file in Excel or LibreOffice as .xlsx");
  }
  zip_int64_t count = zip_get_num_entries(archive_, 0);
  if (count < 0) count = 0;
  names_.reserve(static_cast<std::size_t>(count));
  keys_.reserve(static_cast<std::size_t>(count));
  for (zip_int64_t i = 0; i < count; ++i) {
    const char* name = zip_get_name(archive_, static_cast<zip_uint64_t>(i), 0);
    std::string text = name ? name : "";
    for (char& c : text) {
      if (c == '\\') c = '/';
    }
    while (!text.empty() && text[0] == '/') text.erase(0, 1);
    keys_.push_back(normalise_part_key(text));
    names_.push_back(std::move(text));
  }
}

ZipArchive::~ZipArchive() {
  if (archive_ != nullptr) zip_discard(archive_);
}

std::optional<std::uint64_t> ZipArchive::find(std::string_view part_name) const {
  std::string key = normalise_part_key(part_name);
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    if (keys_[i] == key) return i;
  }
  return std::nullopt;
}

void ZipArchive::fail(const std::string& code, const std::string& message,
                      std::uint64_t index) const {
  std::string part = index < names_.size() ? names_[index] : std::string("?");
  throw InputError(code, "zip part '" + part + "': " + message, Location{path_, "", ""});
}

void ZipArchive::drain_for_crc(zip_file_t* file, std::uint64_t produced, std::uint64_t index) {
  std::vector<char> buffer(64 * 1024);
  for (;;) {
    zip_int64_t n = zip_fread(file, buffer.data(), buffer.size());
    if (n < 0) {
      if (zip_error_code_zip(zip_file_get_error(file)) == ZIP_ER_CRC) {
        fail("READ-CORRUPT", "CRC-32 mismatch (the data is damaged)", index);
      }
      return;
    }
    produced += static_cast<std::uint64_t>(n);
    if (n == 0 || produced > limits_.max_part_bytes) return;
  }
}

void ZipArchive::stream(std::uint64_t index,
                        const std::function<void(const char*, std::size_t)>& sink) {
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(archive_, index, 0, &st) != 0) {
    fail("READ-CORRUPT", std::string("cannot read the entry: ") + zip_strerror(archive_), index);
  }
  if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
    fail("READ-ENCRYPTED", "the entry is encrypted (password-protected zip)", index);
  }
  const std::uint64_t declared = (st.valid & ZIP_STAT_SIZE) ? st.size : 0;
  const std::uint64_t compressed = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
  if (declared > limits_.max_part_bytes) {
    fail("READ-LIMIT",
         "declares " + mib(declared) + " uncompressed, over the " + mib(limits_.max_part_bytes) +
             " cap for one part",
         index);
  }
  if (declared > kRatioFloorBytes &&
      declared / (compressed == 0 ? 1 : compressed) > limits_.max_compression_ratio) {
    fail("READ-LIMIT",
         "declares a compression ratio over " + std::to_string(limits_.max_compression_ratio) +
             ":1 (zip bomb?)",
         index);
  }
  std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> file(zip_fopen_index(archive_, index, 0),
                                                         &zip_fclose);
  if (!file) {
    zip_error_t* error = zip_get_error(archive_);
    int code = zip_error_code_zip(error);
    if (code == ZIP_ER_NOPASSWD || code == ZIP_ER_WRONGPASSWD || code == ZIP_ER_ENCRNOTSUPP) {
      fail("READ-ENCRYPTED", "the entry is encrypted (password-protected zip)", index);
    }
    if (code == ZIP_ER_COMPNOTSUPP)
      fail("READ-UNSUPPORTED", "unsupported compression method", index);
    fail("READ-CORRUPT", std::string("cannot open the entry: ") + zip_error_strerror(error), index);
  }
  std::vector<char> buffer(64 * 1024);
  std::uint64_t produced = 0;
  for (;;) {
    zip_int64_t n = zip_fread(file.get(), buffer.data(), buffer.size());
    if (n < 0) {
      zip_error_t* error = zip_file_get_error(file.get());
      int code = zip_error_code_zip(error);
      if (code == ZIP_ER_CRC) fail("READ-CORRUPT", "CRC-32 mismatch (the data is damaged)", index);
      fail("READ-CORRUPT",
           std::string("cannot inflate the entry (truncated or damaged?): ") +
               zip_error_strerror(error),
           index);
    }
    if (n == 0) break;
    const auto got = static_cast<std::uint64_t>(n);
    produced += got;
    total_inflated_ += got;
    if (produced > limits_.max_part_bytes) {
      fail("READ-LIMIT", "inflates past the " + mib(limits_.max_part_bytes) + " cap for one part",
           index);
    }
    if (total_inflated_ > limits_.max_total_bytes) {
      fail("READ-LIMIT",
           "the package inflates past the " + mib(limits_.max_total_bytes) + " cap for all parts",
           index);
    }
    if (produced > kRatioFloorBytes &&
        produced / (compressed == 0 ? 1 : compressed) > limits_.max_compression_ratio) {
      fail("READ-LIMIT",
           "inflates at a ratio over " + std::to_string(limits_.max_compression_ratio) +
               ":1 (zip bomb?)",
           index);
    }
    try {
      sink(buffer.data(), static_cast<std::size_t>(n));
    } catch (const InputError&) {
      // Damaged data usually shows first as bad XML; the CRC says why.
      drain_for_crc(file.get(), produced, index);
      throw;
    }
  }
  if ((st.valid & ZIP_STAT_SIZE) && produced != declared) {
    fail("READ-CORRUPT",
         "inflated to " + std::to_string(produced) + " bytes, not the declared " +
             std::to_string(declared),
         index);
  }
}

std::string ZipArchive::read(std::uint64_t index) {
  std::string out;
  stream(index, [&out](const char* data, std::size_t n) { out.append(data, n); });
  return out;
}

}  // namespace bc
