// Runs convert_file over many inputs and hands each outcome, in input order,
// to a consumer. The order of outcomes never depends on how the work is
// scheduled, so outputs are the same whatever the parallelism.
//
// With jobs > 1, that many worker threads convert files while the calling
// thread consumes outcomes. At most 2 × jobs outcomes exist at once
// (converting, or done and waiting for an earlier file to be consumed), so
// memory is bounded by a few files' working sets, never by the batch. Each
// file is converted on one thread: sheets of one workbook depend on each
// other (department and year carry over), and a harvest has many files.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "pipeline/convert_file.h"

namespace bc {

class ResumeState;

struct BatchOptions {
  ConvertOptions convert;
  unsigned jobs = 1;         // files converted at once; 0 = one per processor
  bool hash_inputs = false;  // fill FileOutcome::sha256
  // --skip-unchanged: inputs it finds are not converted; their outcome has
  // `unchanged` set (implies hash_inputs).
  const ResumeState* resume = nullptr;
};

using OutcomeConsumer = std::function<void(FileOutcome&&)>;

// The consumer runs on the calling thread, one outcome at a time. If it
// throws, the workers stop after their current file and the exception
// propagates. A failure inside a worker that is not an InputError (a bug)
// becomes a failed outcome (BATCH-INTERNAL) rather than ending the batch.
void run_batch(const std::vector<std::string>& files, const MappingSet& mappings,
               const BatchOptions& options, const OutcomeConsumer& consume);

// The number of workers `jobs` means for `files` inputs (at least 1).
unsigned effective_jobs(unsigned jobs, std::size_t files);

}  // namespace bc
