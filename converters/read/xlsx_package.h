// The package-level parts of an xlsx: relationships, workbook.xml,
// styles.xml (number formats) and the shared string table.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/sheet.h"
#include "read/workbook.h"
#include "read/zip_archive.h"

namespace bc {

struct Relationship {
  std::string id;
  std::string type;    // the last segment of the Type URI: "worksheet", "styles" ...
  std::string target;  // resolved part name ("xl/worksheets/sheet1.xml")
  bool external = false;
};

// "xl/workbook.xml" -> "xl/_rels/workbook.xml.rels"
std::string rels_part_name(std::string_view part);
// Resolves a relationship Target against the directory of `source_part`.
std::string resolve_part_target(std::string_view source_part, std::string_view target);

// Parses a .rels part; an absent part gives an empty list.
std::vector<Relationship> read_relationships(ZipArchive& zip, const std::string& file,
                                             const std::string& source_part);

struct WorkbookSheetEntry {
  std::string name;
  std::string rel_id;
  SheetState state = SheetState::Visible;
};

struct WorkbookPart {
  std::vector<WorkbookSheetEntry> sheets;
  bool date1904 = false;
};

WorkbookPart read_workbook_part(ZipArchive& zip, const std::string& file, std::uint64_t index);

// The number-format facts of one cellXfs entry.
struct XfFormat {
  bool is_date = false;
  bool is_duration = false;
  bool is_percent = false;  // shown times 100 (0%, 0.00%)
  int decimals = -1;  // fraction digits of the stored value fixed by the format; -1: not fixed
};

// cellXfs, in order. Missing part: empty (every cell is General).
std::vector<XfFormat> read_styles_part(ZipArchive& zip, const std::string& file,
                                       std::uint64_t index);

// The shared string table, compact: one arena, one offset per <si>.
class SharedStrings {
 public:
  std::size_t size() const { return offsets_.empty() ? 0 : offsets_.size() - 1; }
  std::string_view at(std::size_t i) const {
    return std::string_view(text_).substr(offsets_[i], offsets_[i + 1] - offsets_[i]);
  }
  // False when the table is full (the text must stay addressable by 32 bits).
  bool append(std::string_view text);
  void shrink() {
    text_.shrink_to_fit();
    offsets_.shrink_to_fit();
  }

 private:
  std::string text_;
  std::vector<std::uint32_t> offsets_{0};
};

SharedStrings read_shared_strings(ZipArchive& zip, const std::string& file, std::uint64_t index,
                                  const ReadLimits& limits);

}  // namespace bc
