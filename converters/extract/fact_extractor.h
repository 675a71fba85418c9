// Reads the body of one located, mapped table into facts: row keys (codes,
// unit, project, label, summary item), one fact per non-blank value cell of a
// bound measure column, amounts exact and converted to yuan. Facts are handed
// on as they are made, in reading order, so a table of millions of values is
// never held whole.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "core/sheet.h"
#include "extract/fact.h"
#include "headers/header_flattener.h"
#include "locate/table_region.h"
#include "mapping/column_binding.h"
#include "mapping/mapping_spec.h"

namespace bc {

// budget or final: from the table's title (决算 / 预算), else the family's stage.
std::string table_stage(const TableRegion& region, const FamilySpec& family);

// What the surrounding document says about a table (carried from earlier
// tables in the same workbook when a table's own heading omits it).
struct DocumentContext {
  std::string source_file;
  std::string department;
  std::string fiscal_year;
};

using FactConsumer = std::function<void(Fact&&)>;

struct TableExtraction {
  std::size_t fact_count = 0;  // facts handed to the consumer
  std::string department;
  std::string fiscal_year;
  std::string raw_unit;
  // Text dumps: body rows left out because their values do not line up with
  // the header (EXTRACT-ROW-SHIFTED / EXTRACT-NUMBER-AS-LABEL).
  std::size_t rows_rejected = 0;
  // Cell accounting: numbers in the body (cells that read as amounts, codes
  // read as keys included), and those that became no fact with no message
  // naming them (each then reported as EXTRACT-UNACCOUNTED).
  std::size_t numeric_cells = 0;
  std::size_t unaccounted = 0;
};

// Throws InputError when the table as a whole cannot be read (no unit
// declared anywhere, unbound columns with values under unbound_columns:
// error), always before the first fact is handed on. Cell-level problems
// become warnings in `sink`.
TableExtraction extract_table(const Sheet& sheet, const TableRegion& region,
                              const FamilySpec& family, const TableSpec& table,
                              const TableBinding& binding, const Vocabulary& vocabulary,
                              const DocumentContext& context, DiagnosticSink& sink,
                              const FactConsumer& consume);

}  // namespace bc
