// An output file that is written in chunks without holding a descriptor open,
// so a run can fill thousands of partition files at once. Like AtomicFile,
// readers see the old file or the complete new one: the data goes to a
// temporary file in the target's directory and is renamed over the target on
// commit(); without commit() the temporary file is removed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace bc {

class SpooledFile {
 public:
  // Creates the target's directory and the temporary file; throws
  // std::runtime_error when either cannot be made.
  explicit SpooledFile(std::string target);
  ~SpooledFile();
  SpooledFile(const SpooledFile&) = delete;
  SpooledFile& operator=(const SpooledFile&) = delete;

  void append(std::string_view bytes);  // buffered; throws std::runtime_error on a write failure
  void commit();                        // flush, fsync, rename; throws std::runtime_error
  const std::string& target() const { return target_; }
  std::uint64_t size() const { return size_; }  // bytes appended so far

 private:
  void flush();

  std::string target_;
  std::string temp_;
  std::string buffer_;
  std::uint64_t size_ = 0;
  bool committed_ = false;
};

}  // namespace bc
