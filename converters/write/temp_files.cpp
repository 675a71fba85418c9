#include "write/temp_files.h"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <set>
#include <thread>

namespace bc {

namespace fs = std::filesystem;

namespace {

std::mutex& temps_mutex() {
  static std::mutex m;
  return m;
}
std::set<std::string>& temps() {
  static std::set<std::string> t;
  return t;
}
bool exiting = false;  // guarded by temps_mutex()

constexpr const char* kTempInfix = ".tmp-";
constexpr std::size_t kTempSuffix = 6;  // mkstemp's XXXXXX

}  // namespace

std::string create_temp_for(const std::string& target) {
  fs::path dir = fs::path(target).parent_path();
  std::string pattern = (dir.empty() ? fs::path(".") : dir).string() + "/." +
                        fs::path(target).filename().string() + kTempInfix + "XXXXXX";
  std::lock_guard<std::mutex> lock(temps_mutex());
  if (exiting) {
    errno = EINTR;
    return "";
  }
  int fd = ::mkstemp(pattern.data());
  if (fd < 0) return "";
  ::close(fd);
  temps().insert(pattern);
  return pattern;
}

void forget_temp(const std::string& temp) {
  std::lock_guard<std::mutex> lock(temps_mutex());
  temps().erase(temp);
}

std::size_t remove_recorded_temps(bool stop_recording) {
  std::lock_guard<std::mutex> lock(temps_mutex());
  exiting = exiting || stop_recording;
  std::size_t removed = 0;
  for (const std::string& t : temps()) removed += ::unlink(t.c_str()) == 0 ? 1 : 0;
  temps().clear();
  return removed;
}

bool is_temp_name_of(const std::string& file_name, const std::string& target_file_name) {
  const std::string prefix = "." + target_file_name + kTempInfix;
  return file_name.size() == prefix.size() + kTempSuffix && file_name.rfind(prefix, 0) == 0;
}

std::vector<std::string> remove_stale_temps(const std::vector<std::string>& targets) {
  // Group the targets by directory, so each directory is listed once.
  std::map<fs::path, std::set<std::string>> by_dir;
  for (const std::string& t : targets) {
    if (t.empty() || t == "-") continue;
    fs::path p(t);
    by_dir[p.parent_path().empty() ? fs::path(".") : p.parent_path()].insert(p.filename().string());
  }
  std::vector<std::string> removed;
  for (const auto& [dir, names] : by_dir) {
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      const std::string name = it->path().filename().string();
      const std::size_t infix = name.rfind(kTempInfix);
      if (name.empty() || name[0] != '.' || infix == std::string::npos) continue;
      const std::string target = name.substr(1, infix - 1);
      if (names.count(target) && is_temp_name_of(name, target)) {
        std::error_code rm;
        if (fs::remove(it->path(), rm)) removed.push_back(it->path().string());
      }
    }
  }
  return removed;
}

void remove_temps_on_interrupt(std::string (*message)(int signal)) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::thread([set, message]() {
    int signal = 0;
    if (sigwait(&set, &signal) != 0) return;
    remove_recorded_temps(true);
    std::cerr << "\n" << message(signal) << std::flush;
    std::_Exit(128 + signal);
  }).detach();
}

}  // namespace bc
