#include "pipeline/batch.h"

namespace bc {

void run_batch(const std::vector<std::string>& files, const MappingSet& mappings, const BatchOptions& options,
               const OutcomeConsumer& consume) {
  for (const std::string& file : files) consume(convert_file(file, mappings, options.convert));
}

}  // namespace bc
