// `budgetconv mappings check` and `budgetconv mappings draft`.
#include <algorithm>
#include <filesystem>
#include <iostream>

#include "cli/cli_support.h"
#include "headers/header_flattener.h"
#include "locate/table_locator.h"
#include "mapping/mapping_chooser.h"
#include "mapping/mapping_draft.h"
#include "read/workbook.h"
#include "validate/rule_loader.h"

namespace bc {

namespace fs = std::filesystem;

namespace {

const char* kCheckHelp =
    "budgetconv mappings check [--mappings DIR]\n\n"
    "Loads the vocabulary and every family mapping in DIR and lists every problem:\n"
    "unknown keys, bad patterns, ids missing from the vocabulary, tables without a way\n"
    "to be recognised, rules that name unknown tables or measures. Then binds every table\n"
    "mapping against its family's reference layout (templates/<family>.xlsx) and the sample\n"
    "workbooks found next to it (<family>-*.xlsx/.xls in the same folder, or in a folder\n"
    "named after the family there), as `detect` would: a key, measure or block anchor that\n"
    "binds no column, or several, is a problem; a value column no measure binds is listed as\n"
    "a warning. Exit 0 when all are clean, 2 otherwise.\n\n"
    "budgetconv mappings draft SAMPLE --template ID [--name NAME] [--stage budget|final]\n"
    "                          [--unit 万元] [--reference-layout PATH] [--mappings DIR]\n\n"
    "Writes a starting mapping for a new family to standard output, from a sample workbook:\n"
    "one table entry per located table (printed code, title pattern), keys guessed from the\n"
    "科目编码/科目名称/项目 columns, one measure per value column with the closest vocabulary id\n"
    "(from the header patterns of the mappings in DIR, or the vocabulary's labels); columns\n"
    "with no id are commented out and marked # TODO. A summary goes to standard error.\n\n"
    "Examples:\n"
    "  budgetconv mappings check\n"
    "  budgetconv mappings check --mappings my-mappings/\n"
    "  budgetconv mappings draft sample.xlsx --template mouprov-biao > "
    "my-mappings/mouprov-biao.yaml\n\n"
    "Options:\n"
    "  --mappings DIR        directory of mapping files (default: the installed mappings/)\n"
    "  --template ID         draft: the family id to write\n"
    "  --name NAME           draft: the family's human name\n"
    "  --stage S             draft: budget or final (default: final when a title says 决算)\n"
    "  --unit U              draft: default_unit (default: the unit most tables print)\n"
    "  --reference-layout P  draft: the reference_layout to write\n"
    "  -h [ --help ]         show this help\n";

// The workbooks a family's mappings are checked against: its reference
// layout, then samples next to it.
std::vector<std::string> check_workbooks(const FamilySpec& family) {
  std::vector<std::string> out;
  if (family.reference_layout.empty()) return out;
  out.push_back(family.reference_layout);
  const fs::path layout(family.reference_layout);
  std::vector<std::string> samples;
  auto consider = [&](const fs::path& p) {
    const std::string ext = p.extension().string();
    if (ext != ".xlsx" && ext != ".xls" && ext != ".xlsm") return;
    if (fs::equivalent(p, layout)) return;
    samples.push_back(p.string());
  };
  std::error_code ec;
  const fs::path dir = layout.parent_path();
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.is_regular_file() && e.path().filename().string().rfind(family.id + "-", 0) == 0)
      consider(e.path());
  }
  for (const auto& e : fs::directory_iterator(dir / family.id, ec)) {
    if (e.is_regular_file()) consider(e.path());
  }
  std::sort(samples.begin(), samples.end());
  out.insert(out.end(), samples.begin(), samples.end());
  return out;
}

struct BindReport {
  std::size_t tables = 0, bound = 0, warnings = 0;
};

// Binds one family's table mappings against one workbook, as detect does.
BindReport bind_against(const MappingSet& set, const FamilySpec& family, const std::string& path,
                        std::vector<MappingProblem>& problems) {
  BindReport r;
  std::unique_ptr<Workbook> workbook;
  try {
    workbook = open_workbook(path, {});
  } catch (const InputError& e) {
    problems.push_back({family.source_path, path, "cannot read: " + e.diagnostic().to_string()});
    return r;
  }
  MappingSet one;
  one.vocabulary = set.vocabulary;
  one.families.push_back(family);
  LocateOptions locate;
  locate.heading_lines.append(family.heading_lines);
  ChooseOptions choose;
  choose.template_id = family.id;
  const WorkbookInfo& info = workbook->info();
  for (std::size_t i = 0; i < info.sheets.size(); ++i) {
    Sheet sheet = workbook->read_sheet(i);
    for (const TableRegion& region : locate_tables(sheet, locate)) {
      if (!region.has_header) continue;
      const std::vector<ColumnHeader> headers = flatten_headers(sheet, region);
      const Choice choice = choose_mapping(one, region, headers, choose);
      const std::string where = path + ": '" + sheet.name + "'!" + region.range_a1() +
                                (region.title().empty() ? "" : " " + region.title());
      ++r.tables;
      const Candidate* c = choice.chosen();
      if (!c) {
        if (choice.ranked.empty() ||
            !(choice.ranked.front().code_matched || choice.ranked.front().title_matched)) {
          std::cout << "  " << where << ": no table mapping (" << choice.error << ")\n";
          ++r.warnings;
          continue;
        }
        c = &choice.ranked.front();
      }
      if (c->table->skip) {
        ++r.bound;
        continue;
      }
      const std::string table =
          (c->table->code.empty() ? c->table->kind : c->table->code) + " (" + where + ")";
      for (const std::string& m : c->binding.missing)
        problems.push_back({family.source_path, table, "binds no column: " + m});
      for (const std::string& a : c->binding.ambiguous)
        problems.push_back({family.source_path, table, "ambiguous: " + a});
      for (const ColumnHeader* h : c->binding.unbound) {
        std::cout << "  warning: " << table << ": column " << column_letters(h->col) << " '"
                  << h->label() << "' binds no key or measure\n";
        ++r.warnings;
      }
      if (c->binding.complete()) ++r.bound;
    }
  }
  return r;
}

int run_check(const std::string& dir_option, const char* argv0) {
  const std::string dir = find_mappings_dir(dir_option, argv0);
  std::vector<MappingProblem> problems;
  MappingSet set = load_mappings(dir, problems);
  // mappings/rules/<family>.yaml, linted against the mappings just loaded.
  const RuleSet rules = load_rules(dir, set, problems);
  std::vector<std::string> bind_lines;
  for (const FamilySpec& f : set.families) {
    for (const std::string& wb : check_workbooks(f)) {
      const BindReport r = bind_against(set, f, wb, problems);
      bind_lines.push_back("  " + f.id + ": " + std::to_string(r.bound) + " of " +
                           std::to_string(r.tables) + " tables of " + wb + " bind, " +
                           std::to_string(r.warnings) + " warnings");
    }
  }
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
  for (const std::string& line : bind_lines) std::cout << line << "\n";
  for (const FamilyRules& f : rules.families) {
    std::cout << "  " << f.family << ": " << f.rules.size() << " validation rules, "
              << f.source_path << "\n";
    for (const Rule& r : f.rules) std::cout << "    " << r.id << ": " << describe_rule(r) << "\n";
  }
  return problems.empty() ? 0 : 2;
}

int run_draft(const std::string& sample, const std::string& dir_option, const DraftOptions& options,
              const char* argv0) {
  if (options.family.empty()) throw UsageError("mappings draft needs --template ID");
  if (!options.stage.empty() && options.stage != "budget" && options.stage != "final")
    throw UsageError("--stage must be budget or final");
  const std::string dir = find_mappings_dir(dir_option, argv0);
  std::vector<MappingProblem> problems;
  const MappingSet set = load_mappings(dir, problems);
  for (const auto& p : problems)
    std::cerr << "budgetconv: warning: " << p.file << ": " << p.where << ": " << p.message << "\n";
  try {
    auto workbook = open_workbook(sample, {});
    DraftStats stats;
    std::cout << draft_mapping(*workbook, set, options, &stats);
    std::cerr << "budgetconv: drafted " << stats.tables << " tables (" << stats.skipped_tables
              << " skipped forms), " << stats.measures << " measures with an id, " << stats.todo
              << " marked TODO\n";
  } catch (const InputError& e) {
    std::cerr << "budgetconv: " << e.diagnostic().to_string() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace

int run_mappings(const std::vector<std::string>& args, const char* argv0) {
  std::string dir;
  DraftOptions draft;
  std::vector<std::string> rest;
  auto value = [&](std::size_t& i, const std::string& name, std::string& out) {
    if (args[i] == name) {
      if (i + 1 >= args.size()) throw UsageError(name + " needs a value");
      out = args[++i];
      return true;
    }
    if (args[i].rfind(name + "=", 0) == 0) {
      out = args[i].substr(name.size() + 1);
      return true;
    }
    return false;
  };
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--help" || args[i] == "-h") {
      std::cout << kCheckHelp;
      return 0;
    }
    if (value(i, "--mappings", dir) || value(i, "--template", draft.family) ||
        value(i, "--name", draft.name) || value(i, "--stage", draft.stage) ||
        value(i, "--unit", draft.default_unit) ||
        value(i, "--reference-layout", draft.reference_layout))
      continue;
    if (args[i].rfind("--", 0) == 0) throw UsageError("unknown option " + args[i]);
    rest.push_back(args[i]);
  }
  if (rest.size() == 1 && rest[0] == "check") return run_check(dir, argv0);
  if (rest.size() == 2 && rest[0] == "draft") return run_draft(rest[1], dir, draft, argv0);
  throw UsageError(
      "usage: budgetconv mappings check [--mappings DIR] | mappings draft SAMPLE --template ID");
}

}  // namespace bc
