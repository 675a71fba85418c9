// Facts moved out of memory into a temporary file and read back in order.
// A table of millions of facts would otherwise be held whole until the file
// it belongs to is written out (a Fact is ~1 KB with its strings), so the
// pipeline keeps a bounded number in memory and spills the rest here.
//
// The file is created unlinked in $TMPDIR (or /tmp): it disappears with the
// process, whatever happens, and never becomes partial output. Each fact is
// stored as the fields that differ from the previous fact's (most are the
// same along a table), so a spilled table takes a fraction of its CSV size.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "extract/fact.h"

namespace bc {

class FactSpill {
 public:
  FactSpill() = default;
  ~FactSpill();
  FactSpill(FactSpill&& other) noexcept;
  FactSpill& operator=(FactSpill&& other) noexcept;
  FactSpill(const FactSpill&) = delete;
  FactSpill& operator=(const FactSpill&) = delete;

  // Throws std::runtime_error when the temporary file cannot be made or
  // written (naming the directory and the system's reason).
  void append(const Fact& fact);
  std::size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }
  // Every spilled fact, in the order appended. The Fact passed is reused
  // between calls. Throws std::runtime_error on a read failure.
  void for_each(const std::function<void(const Fact&)>& visit) const;
  void clear();  // drops every spilled fact and the file

 private:
  void flush();

  int fd_ = -1;
  std::string buffer_;         // encoded facts not yet written
  std::uint64_t written_ = 0;  // bytes in the file
  std::size_t count_ = 0;
  Fact previous_;  // the last fact appended, for the differences
};

}  // namespace bc
