// libFuzzer target: the mapping loader over arbitrary YAML (scripts/fuzz.sh),
// against the installed vocabulary. Problems are collected, never thrown, so
// any exception is a finding too.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "fuzz/fuzz_support.h"
#include "mapping/mapping_spec.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const bc::MappingSet installed = [] {
    std::vector<bc::MappingProblem> problems;
    return bc::load_mappings(BC_DEFAULT_MAPPINGS_DIR, problems);
  }();
  bc::fuzz::MemoryFile file(data, size, "family.yaml");
  std::vector<bc::MappingProblem> problems;
  (void)bc::load_family(file.path(), installed.vocabulary, problems);
  return 0;
}
