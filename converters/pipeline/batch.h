// Runs convert_file over many inputs and hands each outcome, in input order,
// to a consumer. The order of outcomes never depends on how the work is
// scheduled, so outputs are the same whatever the parallelism.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "pipeline/convert_file.h"

namespace bc {

struct BatchOptions {
  ConvertOptions convert;
  unsigned jobs = 1;  // files converted at once
};

using OutcomeConsumer = std::function<void(FileOutcome&&)>;

void run_batch(const std::vector<std::string>& files, const MappingSet& mappings, const BatchOptions& options,
               const OutcomeConsumer& consume);

}  // namespace bc
