// Shared by the libFuzzer targets: the input bytes as a file (the readers take
// paths), and a run of one reader over every sheet. A reader may reject any
// input with bc::InputError; every other outcome (a crash, a sanitizer
// report, another exception, a hang) is a finding.
#pragma once

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "core/diagnostic.h"
#include "read/readers.h"
#include "read/workbook.h"

namespace bc::fuzz {

// An anonymous in-memory file, reachable by path through /proc/self/fd.
class MemoryFile {
 public:
  MemoryFile(const std::uint8_t* data, std::size_t size, const char* name = "fuzz-input") {
    fd_ = memfd_create(name, 0);
    if (fd_ < 0) __builtin_trap();
    std::size_t done = 0;
    while (done < size) {
      ssize_t n = write(fd_, data + done, size - done);
      if (n <= 0) __builtin_trap();
      done += static_cast<std::size_t>(n);
    }
    path_ = "/proc/self/fd/" + std::to_string(fd_);
  }
  ~MemoryFile() { close(fd_); }
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  int fd_ = -1;
  std::string path_;
};

// Limits small enough that a hostile input cannot push a fuzzing process past
// its memory limit, yet far above what the seeds need.
inline ReadOptions fuzz_read_options() {
  ReadOptions options;
  options.limits.max_part_bytes = 64ull << 20;
  options.limits.max_total_bytes = 128ull << 20;
  options.limits.max_cells_per_sheet = 2'000'000;
  options.limits.max_string_bytes = 1u << 20;
  return options;
}

template <typename Open>
void read_everything(const std::uint8_t* data, std::size_t size, Open open) {
  MemoryFile file(data, size);
  try {
    std::unique_ptr<Workbook> workbook = open(file.path(), fuzz_read_options());
    const std::size_t sheets = workbook->info().sheets.size();
    for (std::size_t i = 0; i < sheets; ++i) {
      try {
        Sheet sheet = workbook->read_sheet(i);
        // Touch every cell so a bad offset into the arena is seen.
        std::size_t bytes = 0;
        for (const SheetRow& row : sheet.rows()) {
          for (const CellView& cell : sheet.row_cells(row))
            bytes += cell.value.size() + cell.raw.size();
        }
        (void)bytes;
      } catch (const InputError&) {
        // One bad sheet; the others must still be readable.
      }
    }
  } catch (const InputError&) {
  }
}

}  // namespace bc::fuzz
