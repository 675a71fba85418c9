// `budgetconv mappings check`.
#include <iostream>

#include "cli/cli_support.h"
#include "validate/rule_loader.h"

namespace bc {

int run_mappings(const std::vector<std::string>& args, const char* argv0) {
  std::string dir;
  std::vector<std::string> rest;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--mappings" && i + 1 < args.size()) {
      dir = args[++i];
    } else if (args[i].rfind("--mappings=", 0) == 0) {
      dir = args[i].substr(11);
    } else if (args[i] == "--help" || args[i] == "-h") {
      std::cout
          << "budgetconv mappings check [--mappings DIR]\n\n"
             "Loads the vocabulary and every family mapping in DIR and lists every problem:\n"
             "unknown keys, bad patterns, ids missing from the vocabulary, tables without a way\n"
             "to be recognised. Exit 0 when all are clean, 2 otherwise.\n\n"
             "Examples:\n"
             "  budgetconv mappings check\n"
             "  budgetconv mappings check --mappings my-mappings/\n\n"
             "Options:\n"
             "  --mappings DIR        directory of mapping files (default: the installed "
             "mappings/)\n"
             "  -h [ --help ]         show this help\n";
      return 0;
    } else {
      rest.push_back(args[i]);
    }
  }
  if (rest.size() != 1 || rest[0] != "check")
    throw UsageError("usage: budgetconv mappings check [--mappings DIR]");
  dir = find_mappings_dir(dir, argv0);
  std::vector<MappingProblem> problems;
  MappingSet set = load_mappings(dir, problems);
  // mappings/rules/<family>.yaml, linted against the mappings just loaded.
  const RuleSet rules = load_rules(dir, set, problems);
  for (const auto& p : problems) {
    std::cout << p.file << (p.where.empty() ? "" : ": " + p.where) << ": " << p.message << "\n";
  }
  std::cout << dir << ": " << set.families.size() << " families, "
            << set.vocabulary.table_kinds.size() << " table kinds, "
            << set.vocabulary.measures.size() << " measures, " << set.vocabulary.items.size()
            << " items; " << problems.size() << " problems\n";
  for (const FamilySpec& f : set.families) {
    std::size_t skipped = 0;
    for (const auto& t : f.tables) skipped += t.skip ? 1 : 0;
    std::cout << "  " << f.id << ": " << f.tables.size() << " tables (" << skipped
              << " skipped forms), " << f.source_path << "\n";
  }
  for (const FamilyRules& f : rules.families) {
    std::cout << "  " << f.family << ": " << f.rules.size() << " validation rules, "
              << f.source_path << "\n";
    for (const Rule& r : f.rules) std::cout << "    " << r.id << ": " << describe_rule(r) << "\n";
  }
  return problems.empty() ? 0 : 2;
}

}  // namespace bc
