// The output-format options shared by `convert` and `merge`: --bom,
// --output-encoding, --partition-by and --no-datapackage.
#pragma once

#include <boost/program_options.hpp>
#include <string>

#include "write/output_sink.h"

namespace bc {

struct OutputFormatArgs {
  bool bom = false;
  std::string output_encoding = "utf-8";
  std::string partition_by;
  bool no_datapackage = false;
};

void add_output_format_options(boost::program_options::options_description& desc,
                               OutputFormatArgs& args);

// Checks the combination and fills `options`; throws UsageError.
void apply_output_format(const OutputFormatArgs& args, OutputOptions& options);

}  // namespace bc
