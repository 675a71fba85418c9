#include "write/output_sink.h"

#include <algorithm>
#include <filesystem>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "pipeline/resume.h"
#include "write/canonical_csv.h"
#include "write/csv_writer.h"

namespace bc {

namespace fs = std::filesystem;

namespace {

const std::vector<std::string>& report_columns() {
  static const std::vector<std::string> columns = {
      "input",        "status",    "format",        "template",    "tables_converted",
      "tables_found", "facts",     "warnings",      "error",       "sha256",
      "options",      "unchanged", "numeric_cells", "unaccounted", "narrative_sheets"};
  return columns;
}

}  // namespace

const std::vector<std::string>& partition_keys() {
  static const std::vector<std::string> keys = {"template",   "table_kind", "fiscal_year",
                                                "table_code", "stage",      "department"};
  return keys;
}

std::vector<std::string> parse_partition_by(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    std::size_t comma = text.find(',', start);
    std::string key =
        text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    key.erase(0, key.find_first_not_of(' '));
    key.erase(key.find_last_not_of(' ') + 1);
    const auto& keys = partition_keys();
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
      std::string names;
      for (const auto& k : keys) names += (names.empty() ? "" : ", ") + k;
      throw std::invalid_argument("--partition-by: unknown column '" + key +
                                  "' (use one or more of " + names + ", separated by commas)");
    }
    if (std::find(out.begin(), out.end(), key) != out.end()) {
      throw std::invalid_argument("--partition-by: column '" + key + "' is given twice");
    }
    out.push_back(key);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

std::string partition_component(const std::string& value) {
  if (value.empty()) return "_blank";
  std::string out;
  for (char c : value) {
    auto u = static_cast<unsigned char>(c);
    // Also the characters Windows forbids, so the tree can be copied there.
    bool bad =
        u < 0x20 || u == 0x7f || std::string_view("/\\:*?\"<>|").find(c) != std::string_view::npos;
    out.push_back(bad ? '_' : c);
  }
  if (out[0] == '.') out[0] = '_';
  // Stay under NAME_MAX (255 bytes with ".csv"), cutting at a UTF-8 boundary.
  if (out.size() > 200) {
    std::size_t cut = 200;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out.resize(cut);
  }
  return out;
}

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

OutputSink::OutputSink(OutputOptions options, const std::vector<std::string>& inputs)
    : options_(std::move(options)), encoder_(options_.encoding) {
  if (options_.bom && options_.encoding != OutputEncoding::Utf8) {
    throw std::invalid_argument("a byte-order mark (--bom) is only written with UTF-8 output");
  }
  if (!options_.partition_by.empty() && options_.directory.empty()) {
    throw std::invalid_argument("--partition-by needs --output-dir");
  }
  const std::vector<std::string>& columns = canonical_columns();
  for (const std::string& key : options_.partition_by) {
    auto it = std::find(columns.begin(), columns.end(), key);
    if (it == columns.end())
      throw std::invalid_argument("--partition-by: no canonical column '" + key + "'");
    partition_columns_.push_back(static_cast<std::size_t>(it - columns.begin()));
  }
  if (!options_.combined_path.empty()) {
    combined_ = std::make_unique<CsvTarget>(
        open_target(options_.combined_path, fs::path(options_.combined_path).filename().string()));
  }
  if (!options_.directory.empty() && options_.partition_by.empty()) {
    per_input_names_ = per_input_output_names(inputs, options_.directory);
  }
  if (!options_.report_path.empty()) {
    report_ = std::make_unique<AtomicFile>(options_.report_path);
    if (options_.bom) report_->stream() << kUtf8Bom;
    journal_ = std::make_unique<std::ofstream>(report_journal_path(options_.report_path),
                                               std::ios::binary | std::ios::trunc);
    write_report_row(report_columns());
  }
  if (!options_.diagnostics_path.empty()) {
    diagnostics_ = std::make_unique<AtomicFile>(options_.diagnostics_path);
    if (options_.bom) diagnostics_->stream() << kUtf8Bom;
    write_record(*diagnostics_,
                 {"file", "sheet", "cell", "severity", "code", "message", "found", "hint"});
  }
}

void OutputSink::add(const FileOutcome& o) {
  if (o.unchanged) return add_unchanged(o);
  ++totals_.files;
  totals_.warnings += o.diagnostics.count(Severity::Warning);
  if (o.status == FileStatus::Failed) {
    ++totals_.failed;
  } else {
    totals_.facts += o.fact_count();
    const bool partitioned = !options_.partition_by.empty();
    std::optional<CsvTarget> per_input;
    if (!partitioned && !options_.directory.empty()) {
      const std::string& path = per_input_names_.at(o.path);
      per_input = open_target(path, fs::path(path).filename().string());
    }
    std::string record;
    o.for_each_fact([&](const Fact& f) {
      record.clear();
      append_canonical_record(record, f);
      if (combined_) append_record(*combined_, record, f);
      if (partitioned) append_record(partition_of(f), record, f);
      if (per_input) append_record(*per_input, record, f);
    });
    if (per_input) {
      per_input->file->commit();
      per_input_written_.push_back(
          {per_input->file->target(), per_input->relative_path, per_input->text_values});
    }
  }
  if (report_) {
    std::size_t converted = 0;
    for (const auto& t : o.tables) converted += t.status == TableStatus::Converted ? 1 : 0;
    write_report_row({o.path, file_status_name(o.status), o.format, o.template_id,
                      std::to_string(converted), std::to_string(o.tables.size()),
                      std::to_string(o.fact_count()),
                      std::to_string(o.diagnostics.count(Severity::Warning)), o.error, o.sha256,
                      options_.options_fingerprint, "0", std::to_string(o.numeric_cells),
                      std::to_string(o.unaccounted), std::to_string(o.narrative_sheets)});
  }
  if (diagnostics_) {
    for (const Diagnostic& d : o.diagnostics.items()) {
      write_record(*diagnostics_,
                   {d.where.file.empty() ? o.path : d.where.file, d.where.sheet, d.where.cell,
                    severity_name(d.severity), d.code, d.message, d.raw_text, d.hint});
    }
  }
}

void OutputSink::commit() {
  if (combined_) combined_->file->commit();
  std::vector<DataResource> partitions;
  for (auto& [relative, target] : partitions_) {
    target.file->commit();
    partitions.push_back({target.file->target(), relative, target.text_values});
  }
  if (report_) {
    report_->commit();
    journal_.reset();
    std::remove(report_journal_path(options_.report_path).c_str());
  }
  if (diagnostics_) diagnostics_->commit();
  if (!options_.datapackage) return;
  // The descriptors come last: they hold each CSV's size and hash.
  if (combined_) {
    write_datapackage_file(
        datapackage_path_for(options_.combined_path),
        fs::path(options_.combined_path).stem().string(),
        {{options_.combined_path, combined_->relative_path, combined_->text_values}});
  }
  if (!options_.directory.empty()) {
    const std::vector<DataResource>& resources =
        options_.partition_by.empty() ? per_input_written_ : partitions;
    // A package needs at least one resource: with no CSV written there is nothing to describe.
    if (!resources.empty()) {
      fs::path dir = fs::path(options_.directory).lexically_normal();
      if (dir.filename().empty()) dir = dir.parent_path();  // "out/" names the package "out"
      write_datapackage_file((fs::path(options_.directory) / "datapackage.json").string(),
                             dir.filename().string(), resources);
    }
  }
}

OutputSink::CsvTarget OutputSink::open_target(const std::string& path,
                                              const std::string& relative_path) {
  CsvTarget target;
  target.file = std::make_unique<SpooledFile>(path);
  target.relative_path = relative_path;
  std::ostringstream header;
  write_canonical_header(header);
  if (options_.bom) target.file->append(kUtf8Bom);
  target.file->append(encoder_.encode(header.str()));
  return target;
}

void OutputSink::append_record(CsvTarget& target, const std::string& record, const Fact& fact) {
  target.text_values = target.text_values || fact.unit == "text";
  if (encoder_.encoding() == OutputEncoding::Utf8) {
    target.file->append(record);
  } else {
    target.file->append(encoder_.encode(record));
  }
}

void OutputSink::write_record(AtomicFile& file, const std::vector<std::string>& fields) {
  std::ostringstream text;
  write_csv_record(text, fields);
  file.stream() << encoder_.encode(text.str());
}

void OutputSink::write_report_row(const std::vector<std::string>& fields) {
  std::ostringstream text;
  write_csv_record(text, fields);
  const std::string encoded = encoder_.encode(text.str());
  report_->stream() << encoded;
  if (journal_) {
    *journal_ << encoded;
    journal_->flush();
  }
}

// An input kept from a previous run: its report row again, and in combined
// mode its records copied from the previous combined CSV (still in place: the
// new one replaces it only on commit). Per-input CSVs are already there.
void OutputSink::add_unchanged(const FileOutcome& o) {
  const PreviousResult& previous = *o.unchanged;
  ++totals_.files;
  ++totals_.unchanged;
  totals_.facts += previous.facts;
  totals_.warnings += previous.warnings;
  if (!options_.partition_by.empty())
    throw std::logic_error("--skip-unchanged cannot be used with --partition-by");
  auto has_text_values = [](std::string_view csv) {
    return csv.find(",text,") != std::string_view::npos;
  };
  if (combined_ && previous.combined_bytes > 0) {
    std::ifstream in(options_.combined_path, std::ios::binary);
    in.seekg(static_cast<std::streamoff>(previous.combined_offset));
    std::string chunk;
    for (std::uint64_t left = previous.combined_bytes; left > 0;) {
      chunk.resize(static_cast<std::size_t>(std::min<std::uint64_t>(left, 1 << 20)));
      if (!in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()))) {
        throw std::runtime_error("cannot read the previous facts of " + o.path + " from " +
                                 options_.combined_path);
      }
      combined_->text_values = combined_->text_values || has_text_values(chunk);
      combined_->file->append(chunk);
      left -= chunk.size();
    }
  }
  if (!options_.directory.empty() && options_.partition_by.empty()) {
    const std::string& path = per_input_names_.at(o.path);
    std::ifstream in(path, std::ios::binary);
    std::string chunk(1 << 20, '\0');
    std::string carry;  // the end of the previous chunk, for a match across chunks
    bool text_values = false;
    while (!text_values &&
           in.read(chunk.data(), static_cast<std::streamsize>(chunk.size())).gcount() > 0) {
      std::string window = carry + chunk.substr(0, static_cast<std::size_t>(in.gcount()));
      text_values = has_text_values(window);
      carry = window.substr(window.size() - std::min<std::size_t>(window.size(), 5));
    }
    per_input_written_.push_back({path, fs::path(path).filename().string(), text_values});
  }
  if (report_) {
    std::vector<std::string> row;
    for (const std::string& column : report_columns()) {
      auto it = previous.fields.find(column);
      row.push_back(column == "unchanged" ? "1" : it == previous.fields.end() ? "" : it->second);
    }
    write_report_row(row);
  }
}

OutputSink::CsvTarget& OutputSink::partition_of(const Fact& fact) {
  const auto fields = canonical_fields(fact);
  std::string relative;
  for (std::size_t i = 0; i < partition_columns_.size(); ++i) {
    relative += (i ? "/" : "") + partition_component(std::string(fields[partition_columns_[i]]));
  }
  relative += ".csv";
  auto it = partitions_.find(relative);
  if (it == partitions_.end()) {
    std::string path = (fs::path(options_.directory) / relative).string();
    it = partitions_.emplace(relative, open_target(path, relative)).first;
  }
  return it->second;
}

void OutputSink::write_datapackage_file(const std::string& path, const std::string& name,
                                        const std::vector<DataResource>& resources) {
  AtomicFile file(path);
  write_datapackage(file.stream(), name, resources, DataFormat{options_.encoding, options_.bom},
                    options_.vocabulary);
  file.commit();
}

}  // namespace bc
