// `budgetconv merge`: joins canonical CSVs converted separately (per input,
// on several machines) into one output, in an order that depends only on
// their relative paths, so the result is the same byte for byte however the
// work was spread.
#include <boost/program_options.hpp>
#include <filesystem>
#include <iostream>
#include <map>

#include "cli/cli_support.h"
#include "cli/options_fingerprint.h"
#include "cli/output_format_options.h"
#include "write/canonical_parts.h"
#include "write/output_sink.h"

namespace bc {

namespace po = boost::program_options;
namespace fs = std::filesystem;

int run_merge(const std::vector<std::string>& args, const char* argv0) {
  std::vector<std::string> inputs;
  std::string output, output_dir, mappings_dir;
  bool quiet = false;
  po::options_description desc(
      "budgetconv merge PART... (--output FILE.csv | --output-dir DIR) [options]\n\n"
      "Merges canonical CSVs written by `budgetconv convert` (UTF-8, with or without a BOM) into "
      "one\n"
      "output with the same options as convert: one CSV, or partitions, in UTF-8 or GB18030, with "
      "its\n"
      "datapackage.json. A PART that is a directory stands for every *.csv below it except\n"
      "*.report.csv and *.diagnostics.csv. Parts are merged in byte order of their path relative "
      "to the\n"
      "directory given (a file given by itself: its path as given), so output trees from several\n"
      "machines that mirror one input tree merge to the same bytes whoever converted what. An "
      "input\n"
      "(source_file) found in two parts is an error. Nothing is written unless every part "
      "reads.\n\n"
      "Examples:\n"
      "  budgetconv merge out/ --output all.csv\n"
      "  budgetconv merge out-node1/ out-node2/ out-node3/ --output all.csv --bom\n"
      "  budgetconv merge out/ --output-dir by-year/ --partition-by fiscal_year\n\n"
      "Options");
  desc.add_options()("help,h", "show this help")("output,o", po::value(&output)->value_name("FILE"),
                                                 "write all facts to this one CSV file")(
      "output-dir,d", po::value(&output_dir)->value_name("DIR"),
      "write the CSVs into this directory (with --partition-by)")(
      "quiet,q", po::bool_switch(&quiet), "print only the summary")(
      "mappings", po::value(&mappings_dir)->value_name("DIR"),
      "mappings whose vocabulary gives the datapackage's enums (default: the installed mappings/)");
  OutputFormatArgs format;
  add_output_format_options(desc, format);
  if (!parse_command_line(args, desc, &inputs)) return 0;
  if (inputs.empty()) throw UsageError("merge needs at least one PART file or directory");
  if (output.empty() == output_dir.empty())
    throw UsageError("give exactly one of --output FILE.csv and --output-dir DIR");
  if (!output_dir.empty() && format.partition_by.empty()) {
    throw UsageError(
        "merge --output-dir needs --partition-by (to keep one CSV per input, copy the parts)");
  }
  MappingSet mappings = load_mappings_or_throw(find_mappings_dir(mappings_dir, argv0));
  OutputOptions options;
  options.combined_path = output;
  options.directory = output_dir;
  options.vocabulary = &mappings.vocabulary;
  apply_output_format(format, options);
  options.provenance.sources = inputs;
  options.provenance.mappings_sha256 = mappings_sha256(find_mappings_dir(mappings_dir, argv0));

  std::vector<std::string> parts;
  try {
    parts = list_canonical_parts(inputs);
  } catch (const std::exception& e) {
    std::cerr << "budgetconv: " << e.what() << "\n";
    return 1;
  }
  // A previous merge written inside a part directory is not a part.
  std::error_code ec;
  fs::path self = output.empty() ? fs::path() : fs::weakly_canonical(output, ec);
  std::erase_if(parts, [&](const std::string& p) {
    return !output.empty() && fs::weakly_canonical(p, ec) == self;
  });
  if (parts.empty()) throw UsageError("no canonical CSV files found in the given paths");

  OutputSink sink(options, {});
  std::map<std::string, std::string> part_of_input;  // source_file -> the part it came from
  for (const std::string& part : parts) {
    FileOutcome outcome;
    try {
      outcome.facts = read_canonical_csv(part);
    } catch (const std::exception& e) {
      std::cerr << "budgetconv: " << e.what() << "\nbudgetconv: nothing written\n";
      return 1;
    }
    for (const Fact& f : outcome.facts) {
      auto [it, added] = part_of_input.emplace(f.source_file, part);
      if (!added && it->second != part) {
        std::cerr << "budgetconv: " << f.source_file << " is in two parts, " << it->second
                  << " and " << part << " (converted twice?)\nbudgetconv: nothing written\n";
        return 1;
      }
    }
    if (!quiet) std::cerr << "budgetconv: " << part << ": " << outcome.facts.size() << " facts\n";
    outcome.path = part;
    outcome.status = FileStatus::Ok;
    sink.add(outcome);
  }
  sink.commit();
  std::cerr << "budgetconv: merged " << parts.size() << " parts, " << sink.totals().facts
            << " facts\n";
  return 0;
}

}  // namespace bc
