// Helpers shared by the budgetconv subcommands: locating the mappings,
// expanding input directories, and the usage-error exception.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "mapping/mapping_spec.h"

namespace bc {

// A usage error: exit code 2, message printed with a pointer to --help.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// --mappings DIR, else $BUDGETCONV_MAPPINGS, else <exe>/../mappings, else the
// source tree's mappings/ compiled in.
std::string find_mappings_dir(const std::string& option, const char* argv0);

// Loads the mappings; problems make it a usage-level failure (exit 2) with
// every problem listed, since nothing can be converted reliably.
MappingSet load_mappings_or_throw(const std::string& dir);

// Input files: files as given, directories recursed for the extensions we
// read (.xlsx .xlsm .xls .csv .txt .tsv), sorted for a stable output order.
std::vector<std::string> expand_inputs(const std::vector<std::string>& inputs);

int run_convert(const std::vector<std::string>& args, const char* argv0);
int run_detect(const std::vector<std::string>& args, const char* argv0);
int run_inspect(const std::vector<std::string>& args, const char* argv0);
int run_mappings(const std::vector<std::string>& args, const char* argv0);

}  // namespace bc
