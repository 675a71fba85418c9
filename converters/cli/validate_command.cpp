// `budgetconv validate`, and the validation step of `convert --validate`.
#include <boost/program_options.hpp>
#include <iostream>
#include <memory>

#include "cli/cli_support.h"
#include "pipeline/batch.h"
#include "validate/findings_report.h"
#include "validate/rule_loader.h"
#include "write/atomic_file.h"

namespace bc {

namespace po = boost::program_options;

RuleSet load_rules_or_throw(const std::string& dir, const MappingSet& mappings) {
  std::vector<MappingProblem> problems;
  RuleSet rules = load_rules(dir, mappings, problems);
  if (!problems.empty()) {
    std::string message = "the validation rules in " + dir +
                          "/rules have problems (run 'budgetconv mappings check'):";
    for (const auto& p : problems)
      message += "\n  " + p.file + (p.where.empty() ? "" : " " + p.where) + ": " + p.message;
    throw UsageError(message);
  }
  return rules;
}

ValidationOutput::ValidationOutput(RuleSet rules, const std::string& findings_path, bool quiet)
    : rules_(std::move(rules)), quiet_(quiet) {
  if (findings_path == "-") {
    stream_ = &std::cout;
  } else if (!findings_path.empty()) {
    file_ = std::make_unique<AtomicFile>(findings_path);
    stream_ = &file_->stream();
  }
  if (stream_) write_findings_header(*stream_);
}

ValidationOutput::~ValidationOutput() = default;

ValidationReport ValidationOutput::validate(const FileOutcome& outcome) {
  ValidationReport report = validate_outcome(outcome, rules_);
  if (stream_) write_findings(*stream_, report.findings);
  if (!quiet_) {
    for (const Finding& f : report.findings) {
      if (f.severity != Severity::Info) std::cerr << "budgetconv: " << finding_line(f) << "\n";
    }
  }
  std::cerr << "budgetconv: validated " << validation_summary(outcome.path, report.counts) << "\n";
  files_ += 1;
  files_with_findings_ += report.has_findings() ? 1 : 0;
  ValidationReport copy;
  copy.counts = report.counts;
  totals_.append(std::move(copy));
  return report;
}

void ValidationOutput::commit() {
  if (file_) file_->commit();
  if (stream_ == &std::cout) std::cout.flush();
}

std::string ValidationOutput::total_line() const {
  return "validation: " + std::to_string(files_with_findings_) + " of " + std::to_string(files_) +
         " files with findings; " + validation_summary("all files", totals_.counts);
}

int run_validate(const std::vector<std::string>& args, const char* argv0) {
  std::vector<std::string> inputs;
  std::string mappings_dir, template_id, table, encoding, findings;
  bool strict = false, quiet = false;
  po::options_description desc(
      "budgetconv validate INPUT... [--findings FILE.csv] [--strict] [options]\n\n"
      "Converts each input and checks its facts against the arithmetic rules of its family\n"
      "(mappings/rules/<family>.yaml, see docs/validation.md): row identities, hierarchies, "
      "column\n"
      "totals, balances and cross-table identities. A difference beyond the unit's rounding "
      "tolerance\n"
      "is an error, a smaller one a warning; checks whose cells are missing are counted as not "
      "checked.\n"
      "Exit status: 0 no input failed (and, with --strict, no findings), 1 otherwise, 2 usage "
      "error.\n\n"
      "Examples:\n"
      "  budgetconv validate harvest/ --findings findings.csv\n"
      "  budgetconv validate ys.xlsx --strict\n\n"
      "Options");
  desc.add_options()("help,h", "show this help")(
      "findings,f", po::value(&findings),
      "write every finding to this CSV file ('-' for standard output)")(
      "strict", po::bool_switch(&strict),
      "a file with findings (errors or warnings) fails: exit 1")(
      "quiet,q", po::bool_switch(&quiet), "print only the summaries, not each finding")(
      "mappings", po::value(&mappings_dir),
      "directory of mapping files (default: the installed mappings/)")(
      "template", po::value(&template_id), "use only this family, e.g. henan-ys")(
      "table", po::value(&table),
      "treat the tables as this table code, e.g. YS05 (for bare CSV exports)")(
      "encoding", po::value(&encoding),
      "CSV/text encoding: utf-8, gb18030, gbk ... (default: detect)");
  if (!parse_command_line(args, desc, &inputs)) return 0;
  if (inputs.empty()) throw UsageError("validate needs at least one INPUT file or directory");
  const std::string dir = find_mappings_dir(mappings_dir, argv0);
  MappingSet mappings = load_mappings_or_throw(dir);
  RuleSet rules = load_rules_or_throw(dir, mappings);
  std::vector<std::string> files = expand_inputs(inputs);
  if (files.empty()) throw UsageError("no input files found in the given paths");

  BatchOptions batch;
  batch.convert.choose.template_id = template_id;
  batch.convert.choose.table_code = table;
  batch.convert.read.encoding = encoding;
  ValidationOutput output(std::move(rules), findings, quiet);
  std::size_t failed = 0, failed_strict = 0;
  run_batch(files, mappings, batch, [&](FileOutcome&& outcome) {
    if (outcome.status == FileStatus::Failed) {
      std::cerr << "budgetconv: FAILED " << outcome.error << "\n";
      ++failed;
      return;
    }
    ValidationReport report = output.validate(outcome);
    if (strict && report.has_findings()) {
      std::cerr << "budgetconv: FAILED " << outcome.path << ": " << report.counts.errors
                << " errors and " << report.counts.warnings << " warnings (--strict)\n";
      ++failed_strict;
    }
  });
  output.commit();
  std::cerr << "budgetconv: " << output.total_line() << "; " << failed << " of " << files.size()
            << " files failed to convert\n";
  return failed == 0 && failed_strict == 0 ? 0 : 1;
}

}  // namespace bc
