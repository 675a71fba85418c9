#include "write/spooled_file.h"

#include "write/temp_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <vector>

namespace bc {

namespace {

// Large enough to keep the number of open/append/close cycles small, small
// enough that thousands of partitions fit in memory.
constexpr std::size_t kFlushBytes = 64 * 1024;

void write_all(int fd, std::string_view bytes, const std::string& what) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error("writing " + what + " failed: " + std::strerror(errno));
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

}  // namespace

SpooledFile::SpooledFile(std::string target) : target_(std::move(target)) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(target_).parent_path();
  if (!dir.empty()) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec)
      throw std::runtime_error("cannot create directory " + dir.string() + ": " + ec.message());
  }
  temp_ = create_temp_for(target_);
  if (temp_.empty()) {
    throw std::runtime_error("cannot create a temporary file for " + target_ + ": " +
                             std::strerror(errno));
  }
}

SpooledFile::~SpooledFile() {
  if (!committed_) {
    std::remove(temp_.c_str());
    forget_temp(temp_);
  }
}

void SpooledFile::append(std::string_view bytes) {
  buffer_.append(bytes);
  size_ += bytes.size();
  if (buffer_.size() >= kFlushBytes) flush();
}

void SpooledFile::flush() {
  if (buffer_.empty()) return;
  int fd = ::open(temp_.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("cannot open " + temp_ + ": " + std::strerror(errno));
  try {
    write_all(fd, buffer_, target_);
  } catch (...) {
    ::close(fd);
    throw;
  }
  if (::close(fd) != 0)
    throw std::runtime_error("writing " + target_ + " failed: " + std::strerror(errno));
  buffer_.clear();
}

void SpooledFile::commit() {
  flush();
  int fd = ::open(temp_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
  // mkstemp makes the file 0600; give it the permissions a normal file gets.
  mode_t mask = ::umask(0);
  ::umask(mask);
  ::chmod(temp_.c_str(), 0666 & ~mask);
  if (std::rename(temp_.c_str(), target_.c_str()) != 0) {
    throw std::runtime_error("cannot move the output into place at " + target_ + ": " +
                             std::strerror(errno));
  }
  forget_temp(temp_);
  committed_ = true;
}

}  // namespace bc
