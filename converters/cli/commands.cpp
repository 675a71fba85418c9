#include "cli/commands.h"

#include <iostream>
#include <string>
#include <vector>

#include "cli/cli_support.h"

namespace bc {
namespace {

const char* kUsage =
    "budgetconv " BC_VERSION
    " — Chinese department budget/final-account disclosure tables to one canonical CSV\n"
    "\n"
    "Usage:\n"
    "  budgetconv convert INPUT... (--output FILE.csv | --output-dir DIR) [options]\n"
    "  budgetconv detect FILE...        which family and tables each file holds, with scores\n"
    "  budgetconv inspect FILE [--sheet S] [--format grid|jsonl]\n"
    "                                   the cells, located tables and header paths (for mapping authors)\n"
    "  budgetconv validate INPUT... [--findings FILE.csv] [--strict]\n"
    "                                   convert and check that the tables add up (docs/validation.md)\n"
    "  budgetconv mappings check        lint every mapping and rules file against the vocabulary\n"
    "  budgetconv mappings draft        write a starting mapping for a new family from a sample\n"
    "  budgetconv schema [--format text|json|table-schema]\n"
    "                                   the canonical columns and the vocabulary of ids\n"
    "  budgetconv merge PART... (--output FILE.csv | --output-dir DIR --partition-by COLS)\n"
    "                                   join CSVs converted separately (several machines), deterministically\n"
    "  budgetconv COMMAND --help        options and examples of one command\n"
    "  budgetconv --version\n"
    "\n"
    "Examples:\n"
    "  budgetconv convert harvest/ --output facts.csv --report report.csv --bom\n"
    "  budgetconv detect bureau.xlsx\n"
    "  budgetconv schema --format json\n"
    "\n"
    "Exit status: 0 every input converted, 1 some input failed (the others are still written),\n"
    "2 usage or mapping error. The manual: man budgetconv; docs/tutorial.md.\n";

}  // namespace

int run_cli(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << kUsage;
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "--version") {
    std::cout << "budgetconv " << BC_VERSION << "\n";
    return 0;
  }
  const std::string command = args[0];
  args.erase(args.begin());
  try {
    if (command == "convert") return run_convert(args, argv[0]);
    if (command == "detect") return run_detect(args, argv[0]);
    if (command == "inspect") return run_inspect(args, argv[0]);
    if (command == "mappings") return run_mappings(args, argv[0]);
    if (command == "validate") return run_validate(args, argv[0]);
    if (command == "schema") return run_schema(args, argv[0]);
    if (command == "merge") return run_merge(args, argv[0]);
    throw UsageError("unknown command '" + command + "'");
  } catch (const UsageError& e) {
    std::cerr << "budgetconv: " << e.what() << "\n(see 'budgetconv --help')\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "budgetconv: " << e.what() << "\n";
    return 2;
  }
}

}  // namespace bc
