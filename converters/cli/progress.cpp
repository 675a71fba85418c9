#include "cli/progress.h"

#include <unistd.h>

#include <cstdio>
#include <string>

namespace bc {

namespace {

std::string clock_text(double seconds) {
  const long s = static_cast<long>(seconds + 0.5);
  char text[32];
  if (s >= 3600) {
    std::snprintf(text, sizeof text, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  } else {
    std::snprintf(text, sizeof text, "%ld:%02ld", s / 60, s % 60);
  }
  return text;
}

}  // namespace

bool stderr_is_terminal() { return isatty(STDERR_FILENO) == 1; }

std::string rate_text(std::size_t files, double seconds) {
  char text[64];
  std::snprintf(text, sizeof text, "%.1f s, %.1f files/s", seconds,
                seconds > 0 ? static_cast<double>(files) / seconds : 0.0);
  return text;
}

Progress::Progress(std::ostream& out, std::size_t total, bool enabled)
    : out_(out),
      total_(total),
      enabled_(enabled),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

double Progress::seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void Progress::advance() {
  ++done_;
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (done_ < total_ && drawn_ && now - last_draw_ < std::chrono::milliseconds(200)) return;
  last_draw_ = now;
  draw();
}

void Progress::draw() {
  const double elapsed = seconds();
  const double rate = elapsed > 0 ? static_cast<double>(done_) / elapsed : 0.0;
  char text[160];
  std::snprintf(
      text, sizeof text, "budgetconv: %zu/%zu files (%.0f%%), %.1f files/s, ETA %s", done_, total_,
      total_ ? 100.0 * static_cast<double>(done_) / static_cast<double>(total_) : 100.0, rate,
      rate > 0 ? clock_text(static_cast<double>(total_ - done_) / rate).c_str() : "?");
  out_ << "\r\033[K" << text << std::flush;
  drawn_ = true;
}

void Progress::clear() {
  if (!drawn_) return;
  out_ << "\r\033[K" << std::flush;
  drawn_ = false;
}

}  // namespace bc
