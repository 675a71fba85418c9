// The temporary files of outputs being written (".NAME.tmp-XXXXXX" next to
// each target, see AtomicFile and SpooledFile), known to the process so that
// an interrupt (SIGINT, SIGTERM) removes them, and found again by name so
// that a run removes those an earlier, killed run left behind.
#pragma once

#include <string>
#include <vector>

namespace bc {

// Creates the temporary file for `target` (".<name>.tmp-XXXXXX" in its
// directory) and records it; returns its path, or "" with errno set.
std::string create_temp_for(const std::string& target);
// Forgets a temporary file that was renamed into place or removed.
void forget_temp(const std::string& temp);
// Removes every recorded temporary file (not from a signal handler: the
// interrupt thread calls it). Returns how many were removed. With
// `stop_recording`, no temporary file can be created afterwards (the process
// is about to exit).
std::size_t remove_recorded_temps(bool stop_recording);

// The name pattern of `target`'s temporary files: is `file_name` one of them?
bool is_temp_name_of(const std::string& file_name, const std::string& target_file_name);
// Removes temporary files of `targets` left by an earlier run that was killed
// (they are never in use by a live run writing the same targets). Returns the
// paths removed.
std::vector<std::string> remove_stale_temps(const std::vector<std::string>& targets);

// Blocks SIGINT and SIGTERM in the calling thread (and the threads it starts
// afterwards) and starts a thread that, on either, removes the recorded
// temporary files, prints `message()` to stderr and exits with 128 + signal.
// Call once, before starting other threads. `message` is called in that thread.
void remove_temps_on_interrupt(std::string (*message)(int signal));

}  // namespace bc
