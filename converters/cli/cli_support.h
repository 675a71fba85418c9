// Helpers shared by the budgetconv subcommands: locating the mappings,
// expanding input directories, and the usage-error exception.
#pragma once

#include <boost/program_options.hpp>
#include <memory>
#include <ostream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "mapping/mapping_spec.h"
#include "validate/validator.h"

namespace bc {

// A usage error: exit code 2, message printed with a pointer to --help.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Parses one command's options (which must include "help,h"). Positional
// arguments go to `positional` (any number) or `single` (at most one) when
// given. Returns false after printing `options` when --help was asked for;
// a malformed command line is a UsageError. `parsed` receives the values.
bool parse_command_line(const std::vector<std::string>& args,
                        const boost::program_options::options_description& options,
                        std::vector<std::string>* positional = nullptr,
                        std::string* single = nullptr,
                        boost::program_options::variables_map* parsed = nullptr);

// --mappings DIR, else $BUDGETCONV_MAPPINGS, else <exe>/../mappings, else the
// source tree's mappings/ compiled in.
std::string find_mappings_dir(const std::string& option, const char* argv0);

// Loads the mappings; problems make it a usage-level failure (exit 2) with
// every problem listed, since nothing can be converted reliably.
MappingSet load_mappings_or_throw(const std::string& dir);

// Input files: files as given, directories recursed for the extensions we
// read (.xlsx .xlsm .xls .csv .txt .tsv) and those we recognise to say they
// are not supported (.pdf .doc .docx .ods .et .wps), sorted for a stable
// output order.
std::vector<std::string> expand_inputs(const std::vector<std::string>& inputs);

// One input file and its name relative to its input root: the path below
// the directory it was found in ("sub/x.xlsx" for harvest/sub/x.xlsx given as
// harvest/), or for a file given itself the path as given, lexically
// normalised, when it is relative and stays below the working directory,
// else its file name. This is the facts' source_file and, with ".csv", the
// file's name under --output-dir.
struct InputFile {
  std::string path;
  std::string relative;
};
std::vector<InputFile> expand_input_files(const std::vector<std::string>& inputs);

// Refuses (UsageError) outputs that are, or would overwrite, an input: any of
// `output_files` that is one of `files` (the same file by any path, or the
// same path), and an `output_dir` that is an input directory or lies inside
// one (its CSVs would be read as inputs by the next run), or whose mirrored
// names hit an input.
void refuse_outputs_over_inputs(
    const std::vector<std::string>& input_args, const std::vector<std::string>& files,
    const std::vector<std::pair<std::string, std::string>>& output_files,
    const std::string& output_dir, const std::vector<std::string>& mirrored_outputs);

int run_convert(const std::vector<std::string>& args, const char* argv0);
int run_detect(const std::vector<std::string>& args, const char* argv0);
int run_inspect(const std::vector<std::string>& args, const char* argv0);
int run_mappings(const std::vector<std::string>& args, const char* argv0);
int run_validate(const std::vector<std::string>& args, const char* argv0);

// Validation shared by `validate` and `convert --validate` (validate_command.cpp).
// Rule problems are a usage-level failure (exit 2), like mapping problems.
RuleSet load_rules_or_throw(const std::string& dir, const MappingSet& mappings);

class AtomicFile;

// Validates outcomes one by one: findings go to the CSV (a file, or stdout for
// "-"), each error/warning and a per-file summary to stderr.
class ValidationOutput {
 public:
  ValidationOutput(RuleSet rules, const std::string& findings_path, bool quiet);
  ~ValidationOutput();
  ValidationReport validate(const FileOutcome& outcome);
  void commit();
  std::string total_line() const;

 private:
  RuleSet rules_;
  bool quiet_ = false;
  std::unique_ptr<AtomicFile> file_;
  std::ostream* stream_ = nullptr;
  std::size_t files_ = 0;
  std::size_t files_with_findings_ = 0;
  ValidationReport totals_;
};
int run_schema(const std::vector<std::string>& args, const char* argv0);
int run_merge(const std::vector<std::string>& args, const char* argv0);

}  // namespace bc
