// libFuzzer target: the xls reader over arbitrary bytes (scripts/fuzz.sh).
#include "fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  bc::fuzz::read_everything(data, size,
                            [](const std::string& path, const bc::ReadOptions& options) {
                              return bc::open_xls(path, options);
                            });
  return 0;
}
