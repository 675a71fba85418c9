// One drift variant: a fixture workbook's sheets after a perturbation, and the
// ways it reaches the converter (in memory, as a CSV export of one sheet read
// by the real CSV reader, or re-written as .xlsx by libxlsxwriter and read by
// the real xlsx reader).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "drift/grid.h"
#include "mapping/mapping_spec.h"
#include "pipeline/convert_file.h"
#include "read/workbook.h"

namespace bc::drift {

enum class Writer { Memory, Csv, Xlsx };
const char* writer_name(Writer writer);

struct Variant {
  std::string family;   // "henan-ys"
  std::string version;  // ".xlsx", ".lo.xlsx", ".xls": which writer's fixture it starts from
  std::string kind;     // perturbation kind, or "csv_export" / "xlsx_rewrite"
  unsigned seed = 0;
  Writer writer = Writer::Memory;
  std::vector<Grid> sheets;
  std::vector<std::string> notes;  // what the perturbation did

  std::string id() const;  // "henan-ys-2024.lo.xlsx drop_column#1 (memory)"
};

// What the oracle needs to know about a variant's cell: where it came from,
// or that the perturbation added it as a value (and the yuan it must give).
struct VariantCell {
  std::optional<Origin> origin;
  std::string added_yuan;
  bool number = false;  // a numeric cell (structure numbers included)
};
using VariantCells = std::map<std::pair<std::string, std::string>, VariantCell>;  // (sheet, A1)
VariantCells variant_cells(const Variant& variant);

// Sheets already read, handed to convert_workbook.
class MemoryWorkbook : public Workbook {
 public:
  explicit MemoryWorkbook(std::vector<Sheet> sheets);
  const WorkbookInfo& info() const override { return info_; }
  Sheet read_sheet(std::size_t index) override { return sheets_.at(index); }

 private:
  std::vector<Sheet> sheets_;
  WorkbookInfo info_;
};

// Converts the variant the way its writer says; files go to `scratch_dir`.
FileOutcome convert_variant(const Variant& variant, const MappingSet& mappings,
                            const std::string& scratch_dir);

// The files themselves (RFC 4180 CSV of the variant's single sheet; .xlsx of all sheets).
void write_csv(const Grid& sheet, const std::string& path);
void write_xlsx(const std::vector<Grid>& sheets, const std::string& path);

}  // namespace bc::drift
