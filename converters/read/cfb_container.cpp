#include "read/cfb_container.h"

#include <algorithm>
#include <cstring>

#include "core/diagnostic.h"

namespace bc {
namespace {

constexpr std::uint32_t kMaxRegularSector = 0xFFFFFFFA;
constexpr std::uint32_t kDifatSector = 0xFFFFFFFC;
constexpr std::uint32_t kFatSector = 0xFFFFFFFD;
constexpr std::uint32_t kEndOfChain = 0xFFFFFFFE;
constexpr std::uint32_t kFreeSector = 0xFFFFFFFF;
constexpr std::uint32_t kNoStream = 0xFFFFFFFF;
constexpr std::uint32_t kMiniSectorSize = 64;
constexpr std::uint64_t kWholeChain = ~std::uint64_t{0};

std::uint16_t u16_at(std::string_view b, std::size_t at) {
  return static_cast<std::uint16_t>(static_cast<unsigned char>(b[at]) |
                                    (static_cast<unsigned char>(b[at + 1]) << 8));
}

std::uint32_t u32_at(std::string_view b, std::size_t at) {
  return static_cast<std::uint32_t>(u16_at(b, at)) |
         (static_cast<std::uint32_t>(u16_at(b, at + 2)) << 16);
}

std::string describe_sector(std::uint32_t id) {
  switch (id) {
    case kFreeSector:
      return "a free-sector marker";
    case kEndOfChain:
      return "an end-of-chain marker";
    case kFatSector:
      return "a FAT-sector marker";
    case kDifatSector:
      return "a DIFAT-sector marker";
    default:
      return "sector " + std::to_string(id);
  }
}

// Directory names are UTF-16LE; the names that matter are ASCII, but others
// are kept readable for messages.
std::string utf16_name_to_utf8(std::string_view raw) {
  std::string out;
  for (std::size_t i = 0; i + 1 < raw.size(); i += 2) {
    std::uint32_t c = u16_at(raw, i);
    if (c == 0) break;
    if (c >= 0xD800 && c <= 0xDFFF) c = 0xFFFD;
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xE0 | (c >> 12)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
  return out;
}

bool equals_ignore_ascii_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::string megabytes(std::uint64_t bytes) { return std::to_string(bytes >> 20) + " MB"; }

}  // namespace

CfbContainer::CfbContainer(std::string_view bytes, std::string file, const ReadLimits& limits)
    : bytes_(bytes), file_(std::move(file)), limits_(limits) {
  read_header_and_fat();
  read_directory();
}

void CfbContainer::corrupt(const std::string& what) const {
  throw InputError("READ-CORRUPT", "the compound-file (OLE2) container is damaged: " + what,
                   Location{file_, "", ""}, "",
                   "open the file in Excel or LibreOffice and save it again");
}

void CfbContainer::read_header_and_fat() {
  if (bytes_.size() < 512) {
    corrupt("the file holds " + std::to_string(bytes_.size()) +
            " bytes, less than the 512-byte header");
  }
  if (bytes_.substr(0, 8) != kCfbSignature) corrupt("the header signature is wrong");
  std::uint16_t sector_shift = u16_at(bytes_, 30);
  if (sector_shift != 9 && sector_shift != 12) {
    corrupt("the header gives a sector shift of " + std::to_string(sector_shift) +
            " (only 9 and 12 exist)");
  }
  if (u16_at(bytes_, 32) != 6) {
    corrupt("the header gives a mini-sector shift of " + std::to_string(u16_at(bytes_, 32)) +
            " (only 6 exists)");
  }
  sector_size_ = 1u << sector_shift;
  // The header occupies the first sector slot; a last sector cut short by the
  // end of the file still counts (old writers do this), its missing bytes are
  // caught where they are needed.
  std::uint64_t body = bytes_.size() > sector_size_ ? bytes_.size() - sector_size_ : 0;
  std::uint64_t count = (body + sector_size_ - 1) / sector_size_;
  sector_count_ = static_cast<std::uint32_t>(std::min<std::uint64_t>(count, kMaxRegularSector));
  std::uint32_t fat_sectors = u32_at(bytes_, 44);
  dir_start_ = u32_at(bytes_, 48);
  mini_cutoff_ = u32_at(bytes_, 56);
  mini_fat_start_ = u32_at(bytes_, 60);
  mini_fat_sectors_ = u32_at(bytes_, 64);
  std::uint32_t difat_start = u32_at(bytes_, 68);
  if (fat_sectors > sector_count_) {
    corrupt("the header declares " + std::to_string(fat_sectors) +
            " FAT sectors but the file has " + std::to_string(sector_count_) + " sectors");
  }

  // The DIFAT lists the FAT's sectors: 109 in the header, the rest in a chain
  // of DIFAT sectors whose last slot points to the next one.
  std::vector<std::uint32_t> fat_ids;
  auto take = [&](std::uint32_t id) {
    if (id == kFreeSector || id == kEndOfChain || fat_ids.size() >= fat_sectors) return;
    if (id >= sector_count_) {
      corrupt("the DIFAT lists FAT " + describe_sector(id) + ", outside the file's " +
              std::to_string(sector_count_) + " sectors");
    }
    fat_ids.push_back(id);
  };
  for (std::size_t i = 0; i < 109; ++i) take(u32_at(bytes_, 76 + 4 * i));
  std::vector<bool> seen_difat(sector_count_, false);
  std::uint32_t next = difat_start;
  while (fat_ids.size() < fat_sectors && next != kEndOfChain && next != kFreeSector) {
    if (next >= sector_count_) {
      corrupt("the DIFAT chain reaches " + describe_sector(next) + ", outside the file");
    }
    if (seen_difat[next]) corrupt("the DIFAT chain loops back to sector " + std::to_string(next));
    seen_difat[next] = true;
    std::string_view s = sector(next, "the DIFAT");
    std::size_t slots = sector_size_ / 4 - 1;
    if (s.size() < sector_size_) corrupt("DIFAT sector " + std::to_string(next) + " is cut short");
    for (std::size_t i = 0; i < slots; ++i) take(u32_at(s, 4 * i));
    next = u32_at(s, 4 * slots);
  }
  if (fat_ids.size() < fat_sectors) {
    corrupt("the header declares " + std::to_string(fat_sectors) +
            " FAT sectors but the DIFAT lists " + std::to_string(fat_ids.size()));
  }
  std::size_t per_sector = sector_size_ / 4;
  fat_.assign(fat_ids.size() * per_sector, kFreeSector);
  for (std::size_t k = 0; k < fat_ids.size(); ++k) {
    std::string_view s = sector(fat_ids[k], "the FAT");
    for (std::size_t i = 0; i + 4 <= s.size(); i += 4) fat_[k * per_sector + i / 4] = u32_at(s, i);
  }
}

std::string_view CfbContainer::sector(std::uint32_t id, const std::string& what) const {
  if (id >= sector_count_) {
    corrupt(what + " refers to " + describe_sector(id) + ", outside the file's " +
            std::to_string(sector_count_) + " sectors");
  }
  std::uint64_t start = static_cast<std::uint64_t>(id + 1) * sector_size_;
  return bytes_.substr(static_cast<std::size_t>(start), sector_size_);
}

std::uint32_t CfbContainer::fat_entry(std::uint32_t id) const {
  return id < fat_.size() ? fat_[id] : kFreeSector;
}

void CfbContainer::read_chain(std::uint32_t start, std::uint64_t want, std::string& out,
                              const std::string& what) const {
  std::vector<bool> seen(sector_count_, false);
  std::uint64_t got = 0;
  std::uint32_t id = start;
  while (got < want) {
    if (id == kEndOfChain) {
      if (want == kWholeChain) return;
      corrupt(what + " ends after " + std::to_string(got) + " of its " + std::to_string(want) +
              " bytes");
    }
    if (id > kMaxRegularSector || id >= sector_count_) {
      corrupt("the sector chain of " + what + " reaches " + describe_sector(id) +
              (id < kMaxRegularSector ? ", outside the file" : ""));
    }
    if (seen[id])
      corrupt("the sector chain of " + what + " loops back to sector " + std::to_string(id));
    seen[id] = true;
    std::string_view s = sector(id, what);
    std::uint64_t take = std::min<std::uint64_t>(s.size(), want - got);
    if (take < std::min<std::uint64_t>(sector_size_, want - got)) {
      corrupt(what + " is cut short by the end of the file (sector " + std::to_string(id) + ")");
    }
    out.append(s.data(), static_cast<std::size_t>(take));
    got += take;
    id = fat_entry(id);
  }
}

void CfbContainer::read_directory() {
  std::string dir;
  read_chain(dir_start_, kWholeChain, dir, "the directory");
  std::size_t n = dir.size() / 128;
  if (n == 0) corrupt("the directory is empty");
  entries_.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    std::string_view e(dir.data() + i * 128, 128);
    CfbEntry entry;
    std::size_t name_bytes = std::min<std::size_t>(u16_at(e, 64), 64);
    entry.name = utf16_name_to_utf8(e.substr(0, name_bytes));
    entry.type = static_cast<std::uint8_t>(e[66]);
    entry.left = u32_at(e, 68);
    entry.right = u32_at(e, 72);
    entry.child = u32_at(e, 76);
    entry.start = u32_at(e, 116);
    entry.size = u32_at(e, 120);
    // Version 3 files (512-byte sectors) may leave garbage in the high half.
    if (sector_size_ != 512) entry.size |= static_cast<std::uint64_t>(u32_at(e, 124)) << 32;
    entries_.push_back(std::move(entry));
  }
  if (entries_[0].type != 5) corrupt("the first directory entry is not the root storage");
}

std::vector<std::uint32_t> CfbContainer::root_children() const {
  std::vector<std::uint32_t> out;
  std::vector<bool> seen(entries_.size(), false);
  std::vector<std::uint32_t> stack{entries_[0].child};
  while (!stack.empty()) {
    std::uint32_t id = stack.back();
    stack.pop_back();
    if (id == kNoStream || id >= entries_.size() || seen[id]) continue;  // broken trees end here
    seen[id] = true;
    out.push_back(id);
    stack.push_back(entries_[id].left);
    stack.push_back(entries_[id].right);
  }
  return out;
}

const CfbEntry* CfbContainer::find_stream(std::string_view name) const {
  for (std::uint32_t id : root_children()) {
    const CfbEntry& e = entries_[id];
    if (e.type == 2 && equals_ignore_ascii_case(e.name, name)) return &e;
  }
  // A damaged tree can hide a stream that the flat list still holds.
  for (const CfbEntry& e : entries_) {
    if (e.type == 2 && equals_ignore_ascii_case(e.name, name)) return &e;
  }
  return nullptr;
}

std::string CfbContainer::read_stream(const CfbEntry& entry) const {
  const std::string what = "stream '" + entry.name + "'";
  if (entry.size > limits_.max_part_bytes) {
    throw InputError("READ-LIMIT",
                     what + " declares " + megabytes(entry.size) + ", over the " +
                         megabytes(limits_.max_part_bytes) + " limit for one part",
                     Location{file_, "", ""});
  }
  std::string out;
  if (entry.size == 0) return out;
  if (entry.size > bytes_.size()) {
    corrupt(what + " declares " + std::to_string(entry.size) + " bytes, more than the file's " +
            std::to_string(bytes_.size()));
  }
  out.reserve(static_cast<std::size_t>(entry.size));
  if (entry.size >= mini_cutoff_) {
    read_chain(entry.start, entry.size, out, what);
    return out;
  }

  // Small streams live in 64-byte mini sectors inside the root's stream.
  const CfbEntry& root = entries_[0];
  if (root.size > bytes_.size()) {
    corrupt("the mini stream declares " + std::to_string(root.size) +
            " bytes, more than the file's " + std::to_string(bytes_.size()));
  }
  std::string mini;
  read_chain(root.start, root.size, mini, "the mini stream");
  std::string mini_fat_bytes;
  if (mini_fat_sectors_ > sector_count_) corrupt("the header declares too many MiniFAT sectors");
  read_chain(mini_fat_start_, static_cast<std::uint64_t>(mini_fat_sectors_) * sector_size_,
             mini_fat_bytes, "the MiniFAT");
  std::vector<std::uint32_t> mini_fat(mini_fat_bytes.size() / 4);
  for (std::size_t i = 0; i < mini_fat.size(); ++i) mini_fat[i] = u32_at(mini_fat_bytes, 4 * i);

  std::size_t mini_count = (mini.size() + kMiniSectorSize - 1) / kMiniSectorSize;
  std::vector<bool> seen(mini_count, false);
  std::uint32_t id = entry.start;
  while (out.size() < entry.size) {
    if (id >= mini_count) {
      corrupt("the mini-sector chain of " + what + " reaches " + describe_sector(id) +
              (id < kMaxRegularSector ? ", outside the mini stream" : " before its end"));
    }
    if (seen[id])
      corrupt("the mini-sector chain of " + what + " loops back to mini sector " +
              std::to_string(id));
    seen[id] = true;
    std::size_t at = static_cast<std::size_t>(id) * kMiniSectorSize;
    std::size_t take = std::min<std::size_t>(kMiniSectorSize, entry.size - out.size());
    if (at + take > mini.size()) corrupt(what + " runs past the end of the mini stream");
    out.append(mini, at, take);
    id = id < mini_fat.size() ? mini_fat[id] : kFreeSector;
  }
  return out;
}

}  // namespace bc
