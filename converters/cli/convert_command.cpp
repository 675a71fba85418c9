// `budgetconv convert` and `budgetconv detect`.
#include <boost/program_options.hpp>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>

#include "cli/cli_support.h"
#include "pipeline/convert_file.h"
#include "write/atomic_file.h"
#include "write/canonical_csv.h"
#include "write/csv_writer.h"

namespace bc {

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace {

struct CommonOptions {
  std::string mappings;
  std::string template_id;
  std::string table;
  std::string encoding;
  std::string delimiter;
};

void add_common(po::options_description& desc, CommonOptions& o) {
  desc.add_options()
      ("mappings", po::value(&o.mappings), "directory of mapping files (default: the installed mappings/)")
      ("template", po::value(&o.template_id), "use only this family, e.g. henan-ys")
      ("table", po::value(&o.table), "treat the tables as this table code, e.g. YS05 (for bare CSV exports)")
      ("encoding", po::value(&o.encoding), "CSV/text encoding: utf-8, gb18030, gbk ... (default: detect)")
      ("delimiter", po::value(&o.delimiter), "CSV delimiter: ',', ';' or 'tab' (default: sniff)");
}

ConvertOptions to_convert_options(const CommonOptions& o) {
  ConvertOptions options;
  options.choose.template_id = o.template_id;
  options.choose.table_code = o.table;
  options.read.encoding = o.encoding;
  if (!o.delimiter.empty()) {
    if (o.delimiter == "tab" || o.delimiter == "\\t") {
      options.read.delimiter = '\t';
    } else if (o.delimiter.size() == 1 && (o.delimiter == "," || o.delimiter == ";" || o.delimiter == "|")) {
      options.read.delimiter = o.delimiter[0];
    } else {
      throw UsageError("--delimiter must be ',', ';', '|' or 'tab'");
    }
  }
  return options;
}

po::variables_map parse(const std::vector<std::string>& args, const po::options_description& desc,
                        const po::positional_options_description& positional) {
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(desc).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError(e.what());
  }
  return vm;
}

// Output file names for --output-dir: the input's name with .csv for its
// extension; inputs whose names would collide keep their extension too.
std::map<std::string, std::string> output_names(const std::vector<std::string>& files, const std::string& dir) {
  std::map<std::string, int> stems;
  for (const auto& f : files) ++stems[fs::path(f).stem().string()];
  std::map<std::string, std::string> out;
  std::map<std::string, int> used;
  for (const auto& f : files) {
    fs::path p(f);
    std::string name = stems[p.stem().string()] > 1 ? p.filename().string() : p.stem().string();
    if (used[name]++ > 0) name += "-" + std::to_string(used[name]);
    out[f] = (fs::path(dir) / (name + ".csv")).string();
  }
  return out;
}

void write_report_row(std::ostream& out, const FileOutcome& o) {
  std::size_t converted = 0;
  for (const auto& t : o.tables) converted += t.status == TableStatus::Converted ? 1 : 0;
  write_csv_record(out, {o.path, file_status_name(o.status), o.format, o.template_id, std::to_string(converted),
                         std::to_string(o.tables.size()), std::to_string(o.facts.size()),
                         std::to_string(o.diagnostics.count(Severity::Warning)), o.error});
}

void write_diagnostics(std::ostream& out, const FileOutcome& o) {
  for (const Diagnostic& d : o.diagnostics.items()) {
    write_csv_record(out, {d.where.file.empty() ? o.path : d.where.file, d.where.sheet, d.where.cell,
                           severity_name(d.severity), d.code, d.message, d.raw_text, d.hint});
  }
}

}  // namespace

int run_convert(const std::vector<std::string>& args, const char* argv0) {
  CommonOptions common;
  std::vector<std::string> inputs;
  std::string output, output_dir, report, diagnostics;
  bool quiet = false;
  po::options_description desc(
      "budgetconv convert INPUT... (--output FILE.csv | --output-dir DIR) [options]\n\n"
      "Converts workbooks (.xlsx .xlsm .xls), CSV files and text dumps (.txt .tsv) into the canonical CSV.\n"
      "Directories are searched recursively. A file that fails is reported and leaves no output; the\n"
      "others are still converted. Outputs are written atomically.\n\n"
      "Examples:\n"
      "  budgetconv convert harvest/ --output facts.csv --report report.csv\n"
      "  budgetconv convert ys05.csv --template henan-ys --table YS05 --output ys05-facts.csv\n\n"
      "Options");
  desc.add_options()
      ("help,h", "show this help")
      ("output,o", po::value(&output), "write all facts to this one CSV file")
      ("output-dir,d", po::value(&output_dir), "write one CSV per input into this directory")
      ("report,r", po::value(&report), "write one row per input: status, template, tables, facts, error")
      ("diagnostics", po::value(&diagnostics), "write every warning and error with its file, sheet and cell")
      ("quiet,q", po::bool_switch(&quiet), "print only failures and the summary");
  add_common(desc, common);
  po::options_description hidden;
  hidden.add_options()("input", po::value(&inputs));
  po::options_description all;
  all.add(desc).add(hidden);
  po::positional_options_description positional;
  positional.add("input", -1);
  po::variables_map vm = parse(args, all, positional);
  if (vm.count("help")) {
    std::cout << desc << "\n";
    return 0;
  }
  if (inputs.empty()) throw UsageError("convert needs at least one INPUT file or directory");
  if (output.empty() == output_dir.empty()) throw UsageError("give exactly one of --output FILE.csv and --output-dir DIR");
  ConvertOptions options = to_convert_options(common);
  MappingSet mappings = load_mappings_or_throw(find_mappings_dir(common.mappings, argv0));
  std::vector<std::string> files = expand_inputs(inputs);
  if (files.empty()) throw UsageError("no input files found in the given paths");

  std::unique_ptr<AtomicFile> combined, report_file, diagnostics_file;
  if (!output.empty()) {
    combined = std::make_unique<AtomicFile>(output);
    write_canonical_header(combined->stream());
  }
  if (!report.empty()) {
    report_file = std::make_unique<AtomicFile>(report);
    write_csv_record(report_file->stream(),
                     {"input", "status", "format", "template", "tables_converted", "tables_found", "facts", "warnings",
                      "error"});
  }
  if (!diagnostics.empty()) {
    diagnostics_file = std::make_unique<AtomicFile>(diagnostics);
    write_csv_record(diagnostics_file->stream(), {"file", "sheet", "cell", "severity", "code", "message", "found", "hint"});
  }
  std::map<std::string, std::string> names = output_dir.empty() ? std::map<std::string, std::string>{}
                                                                 : output_names(files, output_dir);
  std::size_t failed = 0, facts = 0, warnings = 0;
  for (const std::string& file : files) {
    FileOutcome outcome = convert_file(file, mappings, options);
    if (outcome.status != FileStatus::Failed) {
      if (combined) write_canonical_facts(combined->stream(), outcome.facts);
      if (!output_dir.empty()) {
        AtomicFile out(names[file]);
        write_canonical_header(out.stream());
        write_canonical_facts(out.stream(), outcome.facts);
        out.commit();
      }
      facts += outcome.facts.size();
    } else {
      ++failed;
      std::cerr << "budgetconv: FAILED " << outcome.error << "\n";
    }
    warnings += outcome.diagnostics.count(Severity::Warning);
    if (!quiet) {
      for (const Diagnostic& d : outcome.diagnostics.items()) {
        if (d.severity == Severity::Warning) std::cerr << "budgetconv: warning: " << d.to_string() << "\n";
      }
    }
    if (report_file) write_report_row(report_file->stream(), outcome);
    if (diagnostics_file) write_diagnostics(diagnostics_file->stream(), outcome);
  }
  if (combined) combined->commit();
  if (report_file) report_file->commit();
  if (diagnostics_file) diagnostics_file->commit();
  std::cerr << "budgetconv: converted " << (files.size() - failed) << " of " << files.size() << " files, " << facts
            << " facts, " << warnings << " warnings, " << failed << " failed\n";
  return failed == 0 ? 0 : 1;
}

int run_detect(const std::vector<std::string>& args, const char* argv0) {
  CommonOptions common;
  std::vector<std::string> inputs;
  po::options_description desc(
      "budgetconv detect FILE... [options]\n\n"
      "Prints, for each table found in each file, the family and table mapping chosen and its score,\n"
      "or why none was chosen with the closest candidates.\n\nOptions");
  desc.add_options()("help,h", "show this help");
  add_common(desc, common);
  po::options_description hidden;
  hidden.add_options()("input", po::value(&inputs));
  po::options_description all;
  all.add(desc).add(hidden);
  po::positional_options_description positional;
  positional.add("input", -1);
  po::variables_map vm = parse(args, all, positional);
  if (vm.count("help")) {
    std::cout << desc << "\n";
    return 0;
  }
  if (inputs.empty()) throw UsageError("detect needs at least one FILE");
  ConvertOptions options = to_convert_options(common);
  options.extract = false;
  MappingSet mappings = load_mappings_or_throw(find_mappings_dir(common.mappings, argv0));
  int status = 0;
  for (const std::string& file : expand_inputs(inputs)) {
    FileOutcome outcome = convert_file(file, mappings, options);
    std::cout << file << ": " << (outcome.template_id.empty() ? "(no family)" : outcome.template_id) << " ["
              << (outcome.format.empty() ? "?" : outcome.format) << "]\n";
    if (outcome.status == FileStatus::Failed) {
      std::cout << "  error: " << outcome.error << "\n";
      status = 1;
    }
    for (const TableOutcome& t : outcome.tables) {
      std::cout << "  sheet '" << t.sheet << "' " << t.range << " '" << t.title << "'"
                << (t.printed_code.empty() ? "" : " [" + t.printed_code + "]") << ": ";
      if (!t.template_id.empty()) {
        std::cout << t.template_id << " " << (t.table_code.empty() ? t.table_kind : t.table_code) << " (" << t.table_kind
                  << ", score " << t.score << ")" << (t.status == TableStatus::Skipped ? " skipped" : "") << "\n";
      } else {
        std::cout << table_status_name(t.status) << ": " << t.message << "\n";
      }
    }
  }
  return status;
}

}  // namespace bc
