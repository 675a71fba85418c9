// Header repair for PDF text dumps. A PDF-to-text tool keeps body rows aligned
// but often scrambles multi-row headers: a group label shifts a column, leaf
// labels are packed to the left. When a text table's header band holds exactly
// the same labels (as a multiset) as the family's reference layout for that
// table (templates/<family>.xlsx, identified by table code or title), the
// reference's header paths are used instead. The check is on labels, so a
// table with different headers is never forced into the reference layout.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/sheet.h"
#include "headers/header_flattener.h"
#include "locate/table_region.h"
#include "mapping/mapping_spec.h"

namespace bc {

struct ReferenceTable {
  std::string code;   // normalised printed code, may be empty
  std::string title;  // normalised title
  std::uint32_t width = 0;
  std::vector<ColumnHeader> headers;  // columns relative to the table's first column
  std::vector<std::string> labels;    // sorted normalised header cell texts
};

// The header cell texts of a region's header band, normalised and sorted.
std::vector<std::string> header_labels(const Sheet& sheet, const TableRegion& region);

// Thread-safe; one process-wide instance caches every layout it has read.
class ReferenceLayouts {
 public:
  static ReferenceLayouts& shared();
  // Reads each family's reference_layout workbook once, on first use; a
  // family without one, or whose workbook cannot be read, has no entries.
  const std::vector<ReferenceTable>& tables(const FamilySpec& family);

  // Header paths for `region` from a reference table with the same labels,
  // shifted to the region's columns; nullopt when none matches.
  std::optional<std::vector<ColumnHeader>> realign(const MappingSet& mappings, const Sheet& sheet,
                                                   const TableRegion& region, std::string& matched_family);

 private:
  std::mutex mutex_;
  std::map<std::string, std::vector<ReferenceTable>> by_path_;  // keyed by the workbook's path
};

}  // namespace bc
