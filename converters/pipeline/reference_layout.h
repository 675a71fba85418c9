// Header repair for PDF text dumps. A PDF-to-text tool keeps body rows aligned
// but often scrambles multi-row headers: a group label shifts a column, leaf
// labels are packed to the left. When a text table's header band holds exactly
// the same labels (as a multiset) as the family's reference layout for that
// table (templates/<family>.xlsx, identified by table code or title), the
// reference's header paths are used instead. The check is on labels, so a
// table with different headers is never forced into the reference layout.
// OCR'd dumps also damage the labels themselves; a second, tolerant tier
// (headers/header_match.h) accepts a header of exactly the reference's width
// whose labels mostly match, exactly or within a small edit distance, and
// returns what it overlooked so the caller can report the repair.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/sheet.h"
#include "headers/header_flattener.h"
#include "headers/header_match.h"
#include "locate/table_region.h"
#include "mapping/mapping_spec.h"

namespace bc {

struct ReferenceTable {
  std::string code;   // normalised printed code, may be empty
  std::string title;  // normalised title
  std::uint32_t width = 0;
  std::vector<ColumnHeader> headers;      // columns relative to the table's first column
  std::vector<std::string> labels;        // sorted normalised header cell texts
  std::uint32_t header_width = 0;         // columns the header band covers
  std::vector<ReferenceLabelSpan> spans;  // every header label with the columns it covers
};

// A text table's header replaced by a reference table's header paths.
struct Realignment {
  std::vector<ColumnHeader> headers;  // at the region's columns
  std::string family;
  const ReferenceTable* reference = nullptr;
  bool exact = true;       // the labels were equal as a multiset
  HeaderLabelMatch match;  // what the tolerant tier overlooked (exact == false)
};

// The header cell texts of a region's header band, normalised and sorted.
std::vector<std::string> header_labels(const Sheet& sheet, const TableRegion& region);

// The header cells of a region's header band, columns relative to its first.
std::vector<HeaderCellText> header_cells(const Sheet& sheet, const TableRegion& region);

// Text dumps sometimes print an empty field before a table's last header
// label ("公务用车运行费 |  | 公务接待费" over "0.00 | 0.80"): the last header
// column then has no values and the column before it values but no header.
// Returns the header cells of that last column (to be read one column to the
// left), or nothing when the table has no such gap.
std::vector<HeaderCellText> trailing_header_gap(const Sheet& sheet, const TableRegion& region);

// Thread-safe; one process-wide instance caches every layout it has read.
class ReferenceLayouts {
 public:
  static ReferenceLayouts& shared();
  // Reads each family's reference_layout workbook once, on first use; a
  // family without one, or whose workbook cannot be read, has no entries.
  const std::vector<ReferenceTable>& tables(const FamilySpec& family);

  // Header paths for `region` from the same table (by code or title) of a
  // family's reference layout: first one with the same labels, else (OCR
  // tolerance) one that match_ocr_header() accepts; nullopt when none does,
  // with why the same table's layout was refused in `refused` (if given).
  std::optional<Realignment> realign(const MappingSet& mappings, const Sheet& sheet,
                                     const TableRegion& region, std::string* refused = nullptr);

 private:
  std::mutex mutex_;
  std::map<std::string, std::vector<ReferenceTable>> by_path_;  // keyed by the workbook's path
};

}  // namespace bc
