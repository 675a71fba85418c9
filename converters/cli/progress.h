// The progress line of a batch on a terminal: files done of total, rate and
// ETA, redrawn in place a few times a second. Silent when stderr is not a
// terminal, so logs of unattended runs hold only messages and the summary.
#pragma once

#include <chrono>
#include <cstddef>
#include <ostream>
#include <string>

namespace bc {

class Progress {
 public:
  // Draws only when `enabled` (e.g. stderr_is_terminal() and not --quiet).
  Progress(std::ostream& out, std::size_t total, bool enabled);
  void advance();          // one more file done
  void clear();            // erases the line, before other output goes to the same stream
  double seconds() const;  // since construction

 private:
  void draw();
  std::ostream& out_;
  std::size_t total_;
  std::size_t done_ = 0;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

bool stderr_is_terminal();

// "12.3 s, 45.6 files/s" for the summary line.
std::string rate_text(std::size_t files, double seconds);

}  // namespace bc
