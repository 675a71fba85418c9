// `budgetconv convert` and `budgetconv detect`.
#include <boost/program_options.hpp>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/cli_support.h"
#include "cli/options_fingerprint.h"
#include "cli/output_format_options.h"
#include "cli/progress.h"
#include "pipeline/batch.h"
#include "pipeline/convert_file.h"
#include "pipeline/resume.h"
#include "write/csv_writer.h"
#include "write/output_sink.h"

namespace bc {

namespace po = boost::program_options;

namespace {

struct CommonOptions {
  std::string mappings;
  std::string template_id;
  std::string table;
  std::string encoding;
  std::string delimiter;
};

void add_common(po::options_description& desc, CommonOptions& o) {
  desc.add_options()("mappings", po::value(&o.mappings),
                     "directory of mapping files (default: the installed mappings/)")(
      "template", po::value(&o.template_id), "use only this family, e.g. henan-ys")(
      "table", po::value(&o.table),
      "treat the tables as this table code, e.g. YS05 (for bare CSV exports)")(
      "encoding", po::value(&o.encoding),
      "CSV/text encoding: utf-8, gb18030, gbk ... (default: detect)")(
      "delimiter", po::value(&o.delimiter), "CSV delimiter: ',', ';' or 'tab' (default: sniff)");
}

ConvertOptions to_convert_options(const CommonOptions& o) {
  ConvertOptions options;
  options.choose.template_id = o.template_id;
  options.choose.table_code = o.table;
  options.read.encoding = o.encoding;
  if (!o.delimiter.empty()) {
    if (o.delimiter == "tab" || o.delimiter == "\\t") {
      options.read.delimiter = '\t';
    } else if (o.delimiter.size() == 1 &&
               (o.delimiter == "," || o.delimiter == ";" || o.delimiter == "|")) {
      options.read.delimiter = o.delimiter[0];
    } else {
      throw UsageError("--delimiter must be ',', ';', '|' or 'tab'");
    }
  }
  return options;
}

}  // namespace

int run_convert(const std::vector<std::string>& args, const char* argv0) {
  CommonOptions common;
  std::vector<std::string> inputs;
  std::string output, output_dir, report, diagnostics;
  bool quiet = false;
  po::options_description desc(
      "budgetconv convert INPUT... (--output FILE.csv | --output-dir DIR) [options]\n\n"
      "Converts workbooks (.xlsx .xlsm .xls), CSV files and text dumps (.txt .tsv) into the "
      "canonical CSV.\n"
      "Directories are searched recursively. A file that fails is reported and leaves no output; "
      "the\n"
      "others are still converted. Outputs are written atomically. Next to the CSV goes a "
      "Frictionless\n"
      "Data Package describing its columns (FILE.datapackage.json, or DIR/datapackage.json).\n\n"
      "Examples:\n"
      "  budgetconv convert harvest/ --output facts.csv --report report.csv\n"
      "  budgetconv convert harvest/ -j 4 --output-dir facts/ --report report.csv "
      "--skip-unchanged\n"
      "  budgetconv convert harvest/ --output-dir facts/                       one CSV per input\n"
      "  budgetconv convert harvest/ --output-dir facts/ --partition-by template,fiscal_year\n"
      "  budgetconv convert harvest/ --output facts.csv --bom                  for Excel\n"
      "  budgetconv convert harvest/ --output facts.csv --output-encoding gb18030\n"
      "  budgetconv convert ys05.csv --template henan-ys --table YS05 --output ys05-facts.csv\n"
      "  budgetconv convert 预算.csv --encoding gbk --output facts.csv          input encoding\n\n"
      "--encoding names the encoding of CSV/text INPUTS; --output-encoding that of the CSVs "
      "written.\n\n"
      "Options");
  desc.add_options()("help,h", "show this help")("output,o", po::value(&output),
                                                 "write all facts to this one CSV file")(
      "output-dir,d", po::value(&output_dir), "write one CSV per input into this directory")(
      "report,r", po::value(&report),
      "write one row per input: status, template, tables, facts, error")(
      "diagnostics", po::value(&diagnostics),
      "write every warning and error with its file, sheet and cell")(
      "quiet,q", po::bool_switch(&quiet), "print only failures and the summary");
  unsigned jobs = 0;
  bool skip_unchanged = false;
  desc.add_options()("jobs,j", po::value(&jobs)->default_value(0),
                     "convert N files at once (0, the default: one per processor); the "
                     "outputs are the same for every N")(
      "skip-unchanged", po::bool_switch(&skip_unchanged),
      "keep the outputs of inputs whose content and options "
      "match the previous --report (or the journal of an interrupted run) instead of converting "
      "them again");
  bool validate = false, strict = false;
  std::string findings;
  desc.add_options()("validate", po::bool_switch(&validate),
                     "check that each file's tables add up (docs/validation.md)")(
      "findings", po::value(&findings),
      "with --validate: write the findings to this CSV ('-' for stdout)")(
      "strict", po::bool_switch(&strict),
      "a file with a number that became no fact without a message naming it (report column "
      "'unaccounted') fails and leaves no output; with --validate, so does a file with findings");
  OutputFormatArgs format;
  add_output_format_options(desc, format);
  add_common(desc, common);
  po::variables_map vm;
  if (!parse_command_line(args, desc, &inputs, nullptr, &vm)) return 0;
  if (inputs.empty()) throw UsageError("convert needs at least one INPUT file or directory");
  if (output.empty() == output_dir.empty())
    throw UsageError("give exactly one of --output FILE.csv and --output-dir DIR");
  BatchOptions batch;
  batch.convert = to_convert_options(common);
  MappingSet mappings = load_mappings_or_throw(find_mappings_dir(common.mappings, argv0));
  std::vector<std::string> files = expand_inputs(inputs);
  if (files.empty()) throw UsageError("no input files found in the given paths");

  OutputOptions output_options;
  output_options.combined_path = output;
  output_options.directory = output_dir;
  output_options.report_path = report;
  output_options.diagnostics_path = diagnostics;
  output_options.vocabulary = &mappings.vocabulary;
  apply_output_format(format, output_options);
  std::unique_ptr<ResumeState> resume;
  if (!report.empty()) {
    output_options.options_fingerprint =
        options_fingerprint(vm,
                            {"positional-args", "help", "jobs", "skip-unchanged", "quiet", "output",
                             "output-dir", "report", "diagnostics", "findings", "mappings"},
                            find_mappings_dir(common.mappings, argv0));
    batch.hash_inputs = true;
  }
  if (skip_unchanged) {
    if (report.empty())
      throw UsageError(
          "--skip-unchanged needs --report: the previous report says what is unchanged");
    if (!output_options.partition_by.empty())
      throw UsageError("--skip-unchanged cannot be used with --partition-by");
    ResumeSource source;
    source.report_path = report;
    source.combined_path = output;
    if (!output_dir.empty()) source.per_input_paths = per_input_output_names(files, output_dir);
    source.options_fingerprint = output_options.options_fingerprint;
    source.gb18030 = output_options.encoding == OutputEncoding::Gb18030;
    auto encoder = std::make_shared<TextEncoder>(output_options.encoding);
    source.encode_field = [encoder](const std::string& field) {
      std::ostringstream text;
      write_csv_field(text, field);
      return encoder->encode(text.str());
    };
    resume = std::make_unique<ResumeState>(ResumeState::load(source));
    if (!quiet) {
      for (const std::string& note : resume->notes())
        std::cerr << "budgetconv: --skip-unchanged: " << note << "\n";
    }
    batch.resume = resume.get();
  }
  batch.jobs = jobs;
  OutputSink sink(output_options, files);
  Progress progress(std::cerr, files.size(), !quiet && stderr_is_terminal());
  if (!findings.empty() && !validate) throw UsageError("--findings needs --validate");
  std::unique_ptr<ValidationOutput> validation;
  if (validate) {
    const std::string dir = find_mappings_dir(common.mappings, argv0);
    validation =
        std::make_unique<ValidationOutput>(load_rules_or_throw(dir, mappings), findings, quiet);
  }
  run_batch(files, mappings, batch, [&](FileOutcome&& outcome) {
    // Erase the progress line only when something else is about to be printed.
    if (validation || outcome.status == FileStatus::Failed ||
        (!quiet && outcome.diagnostics.count(Severity::Warning) > 0)) {
      progress.clear();
    }
    if (strict && outcome.status != FileStatus::Failed && !outcome.unchanged &&
        outcome.unaccounted > 0) {
      outcome.status = FileStatus::Failed;
      outcome.error = outcome.path + ": " + std::to_string(outcome.unaccounted) +
                      " numbers became no fact and no message says why (see the "
                      "EXTRACT-UNACCOUNTED warnings; --strict) [EXTRACT-UNACCOUNTED]";
      outcome.discard_facts();
    }
    if (validation && outcome.status != FileStatus::Failed && !outcome.unchanged) {
      ValidationReport checked = validation->validate(outcome);
      if (strict && checked.has_findings()) {
        outcome.status = FileStatus::Failed;
        outcome.error = outcome.path + ": the tables do not add up (" +
                        std::to_string(checked.counts.errors) + " errors, " +
                        std::to_string(checked.counts.warnings) + " warnings; --strict)";
        outcome.discard_facts();
      }
    }
    if (outcome.status == FileStatus::Failed)
      std::cerr << "budgetconv: FAILED " << outcome.error << "\n";
    if (!quiet) {
      for (const Diagnostic& d : outcome.diagnostics.items()) {
        if (d.severity == Severity::Warning)
          std::cerr << "budgetconv: warning: " << d.to_string() << "\n";
      }
    }
    sink.add(outcome);
    progress.advance();
  });
  progress.clear();
  sink.commit();
  if (validation) {
    validation->commit();
    std::cerr << "budgetconv: " << validation->total_line() << "\n";
  }
  const OutputTotals& t = sink.totals();
  std::cerr << "budgetconv: converted " << (t.files - t.failed) << " of " << t.files << " files, "
            << t.facts << " facts, " << t.warnings << " warnings, " << t.failed << " failed"
            << (t.unchanged ? ", " + std::to_string(t.unchanged) + " unchanged (skipped)"
                            : std::string())
            << " in " << rate_text(t.files, progress.seconds()) << "\n";
  return t.failed == 0 ? 0 : 1;
}

int run_detect(const std::vector<std::string>& args, const char* argv0) {
  CommonOptions common;
  std::vector<std::string> inputs;
  po::options_description desc(
      "budgetconv detect FILE... [options]\n\n"
      "Prints, for each table found in each file, the family and table mapping chosen and its "
      "score,\n"
      "or why none was chosen with the closest candidates. A table a fallback family\n"
      "(national-budget, national-final) converts is marked (national fallback).\n"
      "Directories are searched recursively.\n"
      "Exit status 1 when a file cannot be read.\n\n"
      "Examples:\n"
      "  budgetconv detect bureau.xlsx\n"
      "  budgetconv detect harvest/ | grep unrecognised          tables no mapping recognised\n"
      "  budgetconv detect ys05.csv --template henan-ys --table YS05\n\n"
      "Options");
  desc.add_options()("help,h", "show this help");
  add_common(desc, common);
  if (!parse_command_line(args, desc, &inputs)) return 0;
  if (inputs.empty()) throw UsageError("detect needs at least one FILE");
  ConvertOptions options = to_convert_options(common);
  options.extract = false;
  MappingSet mappings = load_mappings_or_throw(find_mappings_dir(common.mappings, argv0));
  int status = 0;
  for (const std::string& file : expand_inputs(inputs)) {
    FileOutcome outcome = convert_file(file, mappings, options);
    // A fallback family (the national standard tables) converts tables no family file claims.
    auto fallback_mark = [&](const std::string& id) {
      const FamilySpec* family = mappings.family(id);
      return family && family->fallback ? std::string(" (national fallback)") : std::string();
    };
    std::cout << file << ": "
              << (outcome.template_id.empty()
                      ? "(no family)"
                      : outcome.template_id + fallback_mark(outcome.template_id))
              << " [" << (outcome.format.empty() ? "?" : outcome.format) << "]\n";
    if (outcome.status == FileStatus::Failed) {
      std::cout << "  error: " << outcome.error << "\n";
      status = 1;
    }
    for (const TableOutcome& t : outcome.tables) {
      std::cout << "  sheet '" << t.sheet << "' " << t.range << " '" << t.title << "'"
                << (t.printed_code.empty() ? "" : " [" + t.printed_code + "]") << ": ";
      if (!t.template_id.empty()) {
        std::cout << t.template_id << " " << (t.table_code.empty() ? t.table_kind : t.table_code)
                  << " (" << t.table_kind << ", score " << t.score << ")"
                  << fallback_mark(t.template_id)
                  << (t.status == TableStatus::Skipped ? " skipped" : "") << "\n";
      } else {
        std::cout << table_status_name(t.status) << ": " << t.message << "\n";
      }
    }
  }
  return status;
}

}  // namespace bc
