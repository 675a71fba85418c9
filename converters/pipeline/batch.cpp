#include "pipeline/batch.h"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>

#include "pipeline/resume.h"
#include "core/sha256.h"

namespace bc {

namespace {

FileOutcome internal_failure(const std::string& path, std::string sha256, const std::string& what) {
  FileOutcome outcome;
  outcome.path = path;
  outcome.sha256 = std::move(sha256);
  outcome.status = FileStatus::Failed;
  InputError error("BATCH-INTERNAL", "internal error: " + what, Location{path, "", ""});
  outcome.error = error.diagnostic().to_string();
  outcome.diagnostics.add(error.diagnostic());
  return outcome;
}

FileOutcome convert_one(const std::string& path, const MappingSet& mappings,
                        const BatchOptions& options) {
  std::string sha256;
  try {
    if (options.hash_inputs || options.resume) sha256 = sha256_file(path);
  } catch (const std::exception&) {
    // Unreadable: convert_file reports it with the reader's own error code.
  }
  try {
    if (options.resume && !sha256.empty()) {
      if (const PreviousResult* previous = options.resume->find(path, sha256)) {
        FileOutcome outcome;
        outcome.path = path;
        outcome.sha256 = sha256;
        outcome.unchanged = previous;
        outcome.status = previous->status;
        auto field = [&](const char* name) {
          auto it = previous->fields.find(name);
          return it == previous->fields.end() ? std::string() : it->second;
        };
        outcome.format = field("format");
        outcome.template_id = field("template");
        return outcome;
      }
    }
    FileOutcome outcome = convert_file(path, mappings, options.convert);
    outcome.sha256 = std::move(sha256);
    return outcome;
  } catch (const std::exception& e) {
    return internal_failure(path, std::move(sha256), e.what());
  } catch (...) {
    return internal_failure(path, std::move(sha256), "unknown exception");
  }
}

// Hands out file indexes to workers, keeps finished outcomes until their turn,
// and lets a worker start file i only while i < consumed + window.
class Scheduler {
 public:
  Scheduler(std::size_t files, std::size_t window)
      : files_(files), window_(window), slots_(window) {}

  // The next file for a worker, or nothing when there is none or the batch stops.
  std::optional<std::size_t> take() {
    std::unique_lock lock(mutex_);
    worker_cv_.wait(lock, [&] { return stop_ || next_ >= files_ || next_ < consumed_ + window_; });
    if (stop_ || next_ >= files_) return std::nullopt;
    return next_++;
  }

  void finish(std::size_t index, FileOutcome&& outcome) {
    std::lock_guard lock(mutex_);
    slots_[index % window_] = std::move(outcome);
    if (index == consumed_) consumer_cv_.notify_one();
  }

  FileOutcome wait_for(std::size_t index) {
    std::unique_lock lock(mutex_);
    consumer_cv_.wait(lock, [&] { return slots_[index % window_].has_value(); });
    FileOutcome outcome = std::move(*slots_[index % window_]);
    slots_[index % window_].reset();
    return outcome;
  }

  void consumed() {
    std::lock_guard lock(mutex_);
    ++consumed_;
    worker_cv_.notify_all();
  }

  void stop() {
    std::lock_guard lock(mutex_);
    stop_ = true;
    worker_cv_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable worker_cv_, consumer_cv_;
  const std::size_t files_;
  const std::size_t window_;
  std::vector<std::optional<FileOutcome>> slots_;  // by index % window
  std::size_t next_ = 0;
  std::size_t consumed_ = 0;
  bool stop_ = false;
};

}  // namespace

unsigned effective_jobs(unsigned jobs, std::size_t files) {
  if (jobs == 0) jobs = std::max(1u, std::thread::hardware_concurrency());
  return static_cast<unsigned>(std::max<std::size_t>(1, std::min<std::size_t>(jobs, files)));
}

void run_batch(const std::vector<std::string>& files, const MappingSet& mappings,
               const BatchOptions& options, const OutcomeConsumer& consume) {
  const unsigned jobs = effective_jobs(options.jobs, files.size());
  if (jobs == 1) {
    for (const std::string& file : files) consume(convert_one(file, mappings, options));
    return;
  }
  Scheduler scheduler(files.size(), 2 * static_cast<std::size_t>(jobs));
  std::vector<std::thread> workers;
  auto stop_and_join = [&] {
    scheduler.stop();
    for (std::thread& t : workers) {
      if (t.joinable()) t.join();
    }
  };
  try {
    for (unsigned w = 0; w < jobs; ++w) {
      workers.emplace_back([&] {
        while (std::optional<std::size_t> i = scheduler.take()) {
          scheduler.finish(*i, convert_one(files[*i], mappings, options));
        }
      });
    }
    for (std::size_t i = 0; i < files.size(); ++i) {
      consume(scheduler.wait_for(i));
      scheduler.consumed();
    }
  } catch (...) {
    stop_and_join();
    throw;
  }
  stop_and_join();
}

}  // namespace bc
