// One input through every stage: read → locate → flatten headers → choose
// mapping → extract. The outcome holds the facts (only if the whole file
// converted), a line per table found, and the diagnostics. Never throws for
// bad input: the failure is in the outcome, so a batch goes on.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "extract/fact.h"
#include "extract/fact_spill.h"
#include "mapping/mapping_chooser.h"
#include "mapping/mapping_spec.h"
#include "read/workbook.h"

namespace bc {

struct PreviousResult;  // pipeline/resume.h

struct ConvertOptions {
  ReadOptions read;
  ChooseOptions choose;
  bool extract = true;  // false for `detect`: locate and choose only
  // Facts a file's outcome holds in memory; the rest are spilled to a
  // temporary file (FileOutcome::spilled), so that a sheet of millions of
  // values converts in bounded memory. 0 = never spill.
  std::size_t facts_in_memory = 10000;
};

enum class TableStatus { Converted, Empty, Skipped, Unrecognised, Failed };
const char* table_status_name(
    TableStatus status);  // "converted", "empty", "skipped", "unrecognised", "failed"

struct TableOutcome {
  std::string sheet;
  std::string range;  // A1 range of the table
  std::string title;
  std::string printed_code;
  std::string template_id;
  std::string table_code;
  std::string table_kind;
  int score = 0;
  TableStatus status = TableStatus::Unrecognised;
  std::size_t facts = 0;
  std::string message;
  std::vector<std::string> candidates;  // best few, described (detect)
};

enum class FileStatus { Ok, Warnings, Failed };
const char* file_status_name(FileStatus status);  // "ok", "warnings", "failed"

struct FileOutcome {
  std::string path;
  std::string format;
  FileStatus status = FileStatus::Failed;
  std::string template_id;  // the family most tables belong to
  std::vector<TableOutcome> tables;
  // The facts, only if the whole file converted: those spilled first (a big
  // file's), then those held in memory. Read them with for_each_fact().
  FactSpill spilled;
  std::vector<Fact> facts;
  DiagnosticSink diagnostics;
  std::string error;  // why the file failed, one line
  // Cell accounting over every located table body: the cells that read as
  // numbers, and those that became no fact without a message naming them.
  std::size_t numeric_cells = 0;
  std::size_t unaccounted = 0;
  std::size_t narrative_sheets = 0;  // covers, 目录, explanations: no table of numbers
  std::string sha256;  // of the input's bytes, when the batch hashes inputs (for --skip-unchanged)
  // Set when the input is unchanged since a previous run whose outputs are
  // kept (--skip-unchanged): nothing was converted and `facts` is empty.
  const PreviousResult* unchanged = nullptr;

  std::size_t fact_count() const { return spilled.size() + facts.size(); }
  void for_each_fact(const std::function<void(const Fact&)>& visit) const;
  void discard_facts();  // a failed file leaves no output
};

FileOutcome convert_file(const std::string& path, const MappingSet& mappings,
                         const ConvertOptions& options);

// The same for a workbook that is already open; `path` is what facts and
// messages name as the source file (the drift suite feeds perturbed sheets).
FileOutcome convert_workbook(const std::string& path, std::unique_ptr<Workbook> workbook,
                             const MappingSet& mappings, const ConvertOptions& options);

}  // namespace bc
