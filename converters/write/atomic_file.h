// Writes a file so that readers see either the old file or the complete new
// one, never a partial file: data goes to a temporary file in the same
// directory, is flushed and fsync'ed, then renamed over the target on commit().
// Without commit() the temporary file is removed.
#pragma once

#include <fstream>
#include <string>

namespace bc {

class AtomicFile {
 public:
  explicit AtomicFile(std::string target);  // throws std::runtime_error if the temp file cannot be made
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  std::ostream& stream() { return out_; }
  void commit();  // throws std::runtime_error on a write, sync or rename failure
  const std::string& target() const { return target_; }

 private:
  std::string target_;
  std::string temp_;
  std::ofstream out_;
  bool committed_ = false;
};

}  // namespace bc
