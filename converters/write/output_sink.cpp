#include "write/output_sink.h"

#include <filesystem>

#include "write/canonical_csv.h"
#include "write/csv_writer.h"

namespace bc {

namespace fs = std::filesystem;

std::map<std::string, std::string> per_input_output_names(const std::vector<std::string>& files,
                                                          const std::string& dir) {
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

OutputSink::OutputSink(OutputOptions options, const std::vector<std::string>& inputs) : options_(std::move(options)) {
  if (!options_.combined_path.empty()) {
    combined_ = std::make_unique<AtomicFile>(options_.combined_path);
    write_canonical_header(combined_->stream());
  }
  if (!options_.directory.empty()) per_input_names_ = per_input_output_names(inputs, options_.directory);
  if (!options_.report_path.empty()) {
    report_ = std::make_unique<AtomicFile>(options_.report_path);
    write_csv_record(report_->stream(), {"input", "status", "format", "template", "tables_converted", "tables_found",
                                         "facts", "warnings", "error"});
  }
  if (!options_.diagnostics_path.empty()) {
    diagnostics_ = std::make_unique<AtomicFile>(options_.diagnostics_path);
    write_csv_record(diagnostics_->stream(),
                     {"file", "sheet", "cell", "severity", "code", "message", "found", "hint"});
  }
}

void OutputSink::add(const FileOutcome& o) {
  ++totals_.files;
  totals_.warnings += o.diagnostics.count(Severity::Warning);
  if (o.status == FileStatus::Failed) {
    ++totals_.failed;
  } else {
    totals_.facts += o.facts.size();
    if (combined_) write_canonical_facts(combined_->stream(), o.facts);
    if (!options_.directory.empty()) {
      AtomicFile out(per_input_names_.at(o.path));
      write_canonical_header(out.stream());
      write_canonical_facts(out.stream(), o.facts);
      out.commit();
    }
  }
  if (report_) {
    std::size_t converted = 0;
    for (const auto& t : o.tables) converted += t.status == TableStatus::Converted ? 1 : 0;
    write_csv_record(report_->stream(),
                     {o.path, file_status_name(o.status), o.format, o.template_id, std::to_string(converted),
                      std::to_string(o.tables.size()), std::to_string(o.facts.size()),
                      std::to_string(o.diagnostics.count(Severity::Warning)), o.error});
  }
  if (diagnostics_) {
    for (const Diagnostic& d : o.diagnostics.items()) {
      write_csv_record(diagnostics_->stream(), {d.where.file.empty() ? o.path : d.where.file, d.where.sheet,
                                                d.where.cell, severity_name(d.severity), d.code, d.message,
                                                d.raw_text, d.hint});
    }
  }
}

void OutputSink::commit() {
  if (combined_) combined_->commit();
  if (report_) report_->commit();
  if (diagnostics_) diagnostics_->commit();
}

}  // namespace bc
