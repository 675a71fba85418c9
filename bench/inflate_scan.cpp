// inflate_scan: the yardstick of the benchmark, the least any converter must
// do. For each .xlsx it inflates every worksheet part and the shared strings
// and counts the cells (`<c ` tags) in the XML, without parsing or writing
// anything. An .xls is read and its BIFF records walked by their headers.
//
//   inflate_scan FILE...        (or: inflate_scan --list FILE_OF_PATHS)
#include <zip.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

namespace {

std::uint64_t scan_xml(const char* p, std::size_t n, bool& after_lt) {
  std::uint64_t cells = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (after_lt && p[i] == 'c' && i + 1 < n && p[i + 1] == ' ') ++cells;
    after_lt = p[i] == '<';
  }
  return cells;
}

bool scan_xlsx(const std::string& path, std::uint64_t& cells, std::uint64_t& bytes) {
  int error = 0;
  zip_t* zip = zip_open(path.c_str(), ZIP_RDONLY, &error);
  if (!zip) return false;
  std::vector<char> buffer(1 << 18);
  const zip_int64_t entries = zip_get_num_entries(zip, 0);
  for (zip_int64_t i = 0; i < entries; ++i) {
    const char* name = zip_get_name(zip, static_cast<zip_uint64_t>(i), 0);
    if (!name) continue;
    const bool sheet = std::strncmp(name, "xl/worksheets/", 14) == 0 && std::strstr(name, ".xml");
    if (!sheet && std::strcmp(name, "xl/sharedStrings.xml") != 0) continue;
    zip_file_t* f = zip_fopen_index(zip, static_cast<zip_uint64_t>(i), 0);
    if (!f) continue;
    bool after_lt = false;
    zip_int64_t n;
    while ((n = zip_fread(f, buffer.data(), buffer.size())) > 0) {
      bytes += static_cast<std::uint64_t>(n);
      if (sheet) cells += scan_xml(buffer.data(), static_cast<std::size_t>(n), after_lt);
    }
    zip_fclose(f);
  }
  zip_discard(zip);
  return true;
}

// BIFF records are [type:2][length:2][data]; walking them from each 512-byte
// sector start that looks like a BOF is enough to touch every byte once.
bool scan_xls(const std::string& path, std::uint64_t& cells, std::uint64_t& bytes) {
  std::ifstream in(path, std::ios::binary);
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (data.empty()) return false;
  bytes += data.size();
  auto u16 = [&](std::size_t at) {
    return static_cast<unsigned>(static_cast<unsigned char>(data[at])) |
           static_cast<unsigned>(static_cast<unsigned char>(data[at + 1])) << 8;
  };
  for (std::size_t sector = 512; sector + 4 <= data.size(); sector += 512) {
    if (u16(sector) != 0x0809) continue;  // BOF
    for (std::size_t p = sector; p + 4 <= data.size();) {
      const unsigned type = u16(p), length = u16(p + 2);
      if (type == 0x0203 || type == 0x00FD || type == 0x027E || type == 0x0204)
        ++cells;                  // NUMBER LABELSST RK LABEL
      if (type == 0x000A) break;  // EOF of this substream
      p += 4 + length;
    }
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--list") == 0 && i + 1 < argc) {
      std::ifstream list(argv[++i]);
      for (std::string line; std::getline(list, line);) {
        if (!line.empty()) files.push_back(line);
      }
    } else {
      files.push_back(argv[i]);
    }
  }
  std::uint64_t cells = 0, bytes = 0, failed = 0;
  for (const std::string& f : files) {
    char magic[2] = {0, 0};
    std::ifstream(f, std::ios::binary).read(magic, 2);
    const bool ok =
        magic[0] == 'P' && magic[1] == 'K' ? scan_xlsx(f, cells, bytes) : scan_xls(f, cells, bytes);
    if (!ok) ++failed;
  }
  std::printf("inflate_scan: %zu files, %llu bytes inflated or read, %llu cells, %llu failed\n",
              files.size(), static_cast<unsigned long long>(bytes),
              static_cast<unsigned long long>(cells), static_cast<unsigned long long>(failed));
  return failed ? 1 : 0;
}
