// The Compound File Binary container ([MS-CFB], "OLE2") that holds the
// streams of an .xls workbook. Only reading is supported. Every sector id,
// chain and size read from the file is checked: chains that loop, leave the
// file or end early are READ-CORRUPT errors naming the broken structure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "read/workbook.h"

namespace bc {

inline constexpr std::string_view kCfbSignature{"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8};

struct CfbEntry {
  std::string name;       // UTF-8
  std::uint8_t type = 0;  // 1 storage, 2 stream, 5 root
  std::uint32_t start = 0;
  std::uint64_t size = 0;
  std::uint32_t left = 0, right = 0, child = 0;
};

class CfbContainer {
 public:
  // Parses the header, FAT (through the DIFAT), MiniFAT and directory of
  // `bytes`, which must outlive the container. `file` names the input in
  // errors. Throws InputError READ-CORRUPT.
  CfbContainer(std::string_view bytes, std::string file, const ReadLimits& limits);

  const std::vector<CfbEntry>& entries() const { return entries_; }
  // A stream entry whose name equals `name` ignoring ASCII case; direct
  // children of the root storage are preferred (embedded objects hold their
  // own streams deeper in the tree). nullptr when absent.
  const CfbEntry* find_stream(std::string_view name) const;
  // The stream's bytes, exactly `entry.size` of them. Throws InputError
  // READ-CORRUPT when its chain is broken, READ-LIMIT when it exceeds the
  // per-part cap.
  std::string read_stream(const CfbEntry& entry) const;
  std::uint32_t sector_size() const { return sector_size_; }

 private:
  [[noreturn]] void corrupt(const std::string& what) const;
  // Follows a FAT chain from `start`, appending up to `want` bytes (all of
  // the chain when want is npos) to `out`.
  void read_chain(std::uint32_t start, std::uint64_t want, std::string& out,
                  const std::string& what) const;
  std::uint32_t fat_entry(std::uint32_t sector) const;
  std::string_view sector(std::uint32_t id, const std::string& what) const;
  void read_header_and_fat();
  void read_directory();
  std::vector<std::uint32_t> root_children() const;

  std::string_view bytes_;
  std::string file_;
  ReadLimits limits_;
  std::uint32_t sector_size_ = 512;
  std::uint32_t mini_cutoff_ = 4096;
  std::uint32_t sector_count_ = 0;  // sectors that start inside the file
  std::vector<std::uint32_t> fat_;
  std::uint32_t dir_start_ = 0;
  std::uint32_t mini_fat_start_ = 0;
  std::uint32_t mini_fat_sectors_ = 0;
  std::vector<CfbEntry> entries_;
};

}  // namespace bc
