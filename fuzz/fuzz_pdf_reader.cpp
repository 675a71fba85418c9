// libFuzzer target: the PDF reader (poppler) over arbitrary bytes (scripts/fuzz.sh).
#include "fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  bc::fuzz::read_everything(data, size,
                            [](const std::string& path, const bc::ReadOptions& options) {
                              return bc::open_pdf(path, options);
                            });
  return 0;
}
