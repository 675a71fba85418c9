#include "extract/fact_spill.h"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <utility>

namespace bc {
namespace {

// The string fields of a Fact, in canonical order; the two flags travel in
// the high bits of the mask that says which fields changed.
// clang-format off
constexpr std::array<std::string Fact::*, 34> kFields = {
    &Fact::source_file,   &Fact::source_sheet, &Fact::source_cell,   &Fact::template_id,
    &Fact::table_code,    &Fact::table_kind,   &Fact::department,    &Fact::fiscal_year,
    &Fact::stage,         &Fact::unit_code,    &Fact::unit_name,     &Fact::side,
    &Fact::row_label,     &Fact::item,         &Fact::function_code, &Fact::econ_code,
    &Fact::gov_econ_code, &Fact::project,      &Fact::measure,       &Fact::column_label,
    &Fact::value,         &Fact::unit,         &Fact::raw_value,     &Fact::raw_unit,
    &Fact::category,      &Fact::table_title,  &Fact::period,        &Fact::income_code,
    &Fact::indicator_level1, &Fact::indicator_level2, &Fact::indicator_level3,
    &Fact::comparator,    &Fact::target_number, &Fact::target_unit};
// clang-format on
constexpr std::uint64_t kIsTotal = 1ull << 62;
constexpr std::uint64_t kRepaired = 1ull << 63;
constexpr int kMaskBytes = 8;
constexpr std::size_t kFlushBytes = 1 << 20;

std::string temp_directory() {
  const char* dir = std::getenv("TMPDIR");
  return dir && *dir ? dir : "/tmp";
}

[[noreturn]] void fail(const std::string& what) {
  throw std::runtime_error("cannot " + what + " the temporary file of spilled facts in " +
                           temp_directory() + ": " + std::strerror(errno));
}

int open_unlinked_temp() {
  const std::string dir = temp_directory();
#ifdef O_TMPFILE
  int fd = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd >= 0) return fd;
#endif
  std::string name = dir + "/budgetconv-facts-XXXXXX";
  int fd2 = ::mkstemp(name.data());
  if (fd2 < 0) fail("create");
  ::unlink(name.c_str());
  return fd2;
}

void put_varint(std::string& out, std::size_t n) {
  while (n >= 0x80) {
    out += static_cast<char>((n & 0x7F) | 0x80);
    n >>= 7;
  }
  out += static_cast<char>(n);
}

// Reads the spill back: the file's bytes, then the ones still buffered.
class SpillReader {
 public:
  SpillReader(int fd, std::uint64_t file_bytes, const std::string& tail)
      : fd_(fd), file_bytes_(file_bytes), tail_(tail) {}

  bool at_end() {
    return pos_ == window_.size() && file_pos_ == file_bytes_ && (tail_taken_ || tail_.empty());
  }

  const char* take(std::size_t n) {
    while (window_.size() - pos_ < n) refill();
    const char* p = window_.data() + pos_;
    pos_ += n;
    return p;
  }

  std::size_t varint() {
    std::size_t n = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      const auto byte = static_cast<unsigned char>(*take(1));
      n |= static_cast<std::size_t>(byte & 0x7F) << shift;
      if (!(byte & 0x80)) return n;
    }
    throw std::runtime_error("the temporary file of spilled facts is corrupt");
  }

 private:
  void refill() {
    window_.erase(0, pos_);
    pos_ = 0;
    if (file_pos_ < file_bytes_) {
      const std::size_t want =
          static_cast<std::size_t>(std::min<std::uint64_t>(kFlushBytes, file_bytes_ - file_pos_));
      const std::size_t old = window_.size();
      window_.resize(old + want);
      const ssize_t got = ::pread(fd_, window_.data() + old, want, static_cast<off_t>(file_pos_));
      if (got <= 0) fail("read");
      window_.resize(old + static_cast<std::size_t>(got));
      file_pos_ += static_cast<std::uint64_t>(got);
    } else if (!tail_taken_) {
      window_ += tail_;
      tail_taken_ = true;
    } else {
      throw std::runtime_error("the temporary file of spilled facts ends early");
    }
  }

  int fd_;
  std::uint64_t file_bytes_;
  const std::string& tail_;
  std::string window_;
  std::size_t pos_ = 0;
  std::uint64_t file_pos_ = 0;
  bool tail_taken_ = false;
};

}  // namespace

FactSpill::~FactSpill() { clear(); }

FactSpill::FactSpill(FactSpill&& other) noexcept { *this = std::move(other); }

FactSpill& FactSpill::operator=(FactSpill&& other) noexcept {
  if (this != &other) {
    clear();
    fd_ = std::exchange(other.fd_, -1);
    buffer_ = std::move(other.buffer_);
    written_ = std::exchange(other.written_, 0);
    count_ = std::exchange(other.count_, 0);
    previous_ = std::move(other.previous_);
    other.buffer_.clear();
    other.previous_ = Fact{};
  }
  return *this;
}

void FactSpill::append(const Fact& fact) {
  std::uint64_t mask = (fact.is_total ? kIsTotal : 0) | (fact.repaired ? kRepaired : 0);
  for (std::size_t i = 0; i < kFields.size(); ++i) {
    // The first fact stores every field: `previous_` is blank, not "the same".
    if (count_ == 0 || fact.*kFields[i] != previous_.*kFields[i]) mask |= 1ull << i;
  }
  for (int shift = 0; shift < 8 * kMaskBytes; shift += 8)
    buffer_ += static_cast<char>((mask >> shift) & 0xFF);
  for (std::size_t i = 0; i < kFields.size(); ++i) {
    if (!(mask & (1ull << i))) continue;
    const std::string& field = fact.*kFields[i];
    put_varint(buffer_, field.size());
    buffer_ += field;
    previous_.*kFields[i] = field;
  }
  ++count_;
  if (buffer_.size() >= kFlushBytes) flush();
}

void FactSpill::flush() {
  if (buffer_.empty()) return;
  if (fd_ < 0) fd_ = open_unlinked_temp();
  std::size_t done = 0;
  while (done < buffer_.size()) {
    const ssize_t n = ::pwrite(fd_, buffer_.data() + done, buffer_.size() - done,
                               static_cast<off_t>(written_ + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail("write");
    done += static_cast<std::size_t>(n);
  }
  written_ += buffer_.size();
  buffer_.clear();
}

void FactSpill::for_each(const std::function<void(const Fact&)>& visit) const {
  SpillReader in(fd_, written_, buffer_);
  Fact fact;
  for (std::size_t n = 0; n < count_; ++n) {
    std::uint64_t mask = 0;
    const char* m = in.take(kMaskBytes);
    for (int i = 0; i < kMaskBytes; ++i)
      mask |= static_cast<std::uint64_t>(static_cast<unsigned char>(m[i])) << (8 * i);
    for (std::size_t i = 0; i < kFields.size(); ++i) {
      if (!(mask & (1ull << i))) continue;
      const std::size_t size = in.varint();
      (fact.*kFields[i]).assign(in.take(size), size);
    }
    fact.is_total = (mask & kIsTotal) != 0;
    fact.repaired = (mask & kRepaired) != 0;
    visit(fact);
  }
  if (!in.at_end()) throw std::runtime_error("the temporary file of spilled facts is corrupt");
}

void FactSpill::clear() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  buffer_.clear();
  written_ = 0;
  count_ = 0;
  previous_ = Fact{};
}

}  // namespace bc
