// Read-only access to the parts of a zip package (xlsx/xlsm) on libzip, with
// the zip-bomb caps of ReadLimits enforced on declared sizes and on the bytes
// actually inflated. Entry names are only ever compared, never used as paths.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "read/workbook.h"

struct zip;
struct zip_file;

namespace bc {

class ZipArchive {
 public:
  // Throws InputError READ-CORRUPT when the file is not a readable zip.
  ZipArchive(const std::string& path, const ReadLimits& limits);
  ~ZipArchive();
  ZipArchive(const ZipArchive&) = delete;
  ZipArchive& operator=(const ZipArchive&) = delete;

  // Finds a part by name: case-insensitive, '\' read as '/', a leading '/'
  // ignored (the corpus holds writers that do each of these).
  std::optional<std::uint64_t> find(std::string_view part_name) const;
  // The entry's name as a part name (normalised as find() does it).
  const std::string& part_name(std::uint64_t index) const { return names_[index]; }
  std::size_t size() const { return names_.size(); }

  // Inflates one entry, passing chunks to `sink`. Throws InputError on a bad
  // CRC, truncated data, encryption, or a cap being exceeded.
  void stream(std::uint64_t index, const std::function<void(const char*, std::size_t)>& sink);
  // Inflates one entry into a string (for small parts: rels, workbook, styles).
  std::string read(std::uint64_t index);

 private:
  void drain_for_crc(struct zip_file* file, std::uint64_t produced, std::uint64_t index);
  [[noreturn]] void fail(const std::string& code, const std::string& message,
                         std::uint64_t index) const;
  std::string path_;
  ReadLimits limits_;
  struct zip* archive_ = nullptr;
  std::vector<std::string> names_;  // normalised, original case
  std::vector<std::string> keys_;   // normalised, lower case
  std::uint64_t total_inflated_ = 0;
};

// Lower-cases ASCII, turns '\' into '/', drops a leading '/'.
std::string normalise_part_key(std::string_view name);

}  // namespace bc
