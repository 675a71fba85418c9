#include "write/atomic_file.h"

#include "write/temp_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <vector>

namespace bc {

AtomicFile::AtomicFile(std::string target) : target_(std::move(target)) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(target_).parent_path();
  if (!dir.empty()) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw std::runtime_error("cannot create directory " + dir.string() + ": " + ec.message());
  }
  temp_ = create_temp_for(target_);
  if (temp_.empty()) {
    throw std::runtime_error("cannot create a temporary file for " + target_ + ": " +
                             std::strerror(errno));
  }
  out_.open(temp_, std::ios::binary | std::ios::trunc);
  if (!out_) throw std::runtime_error("cannot open " + temp_ + " for writing");
}

AtomicFile::~AtomicFile() {
  if (!committed_) {
    out_.close();
    std::remove(temp_.c_str());
    forget_temp(temp_);
  }
}

void AtomicFile::commit() {
  out_.flush();
  if (!out_) throw std::runtime_error("writing " + target_ + " failed (disk full?)");
  out_.close();
  int fd = open(temp_.c_str(), O_RDONLY);
  if (fd >= 0) {
    fsync(fd);
    close(fd);
  }
  // mkstemp makes the file 0600; give it the permissions a normal file gets.
  mode_t mask = umask(0);
  umask(mask);
  chmod(temp_.c_str(), 0666 & ~mask);
  if (std::rename(temp_.c_str(), target_.c_str()) != 0) {
    throw std::runtime_error("cannot move the output into place at " + target_ + ": " + std::strerror(errno));
  }
  forget_temp(temp_);
  committed_ = true;
}

}  // namespace bc
