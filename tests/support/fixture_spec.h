// Fixture specs: YAML descriptions of test workbooks (format documented in
// tests/fixtures/README.md). One loader serves both the generator
// (make_fixtures writes the .xlsx) and the tests (which compare converted facts
// against the spec's number cells), so the two can never disagree about what a
// fixture contains.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/address.h"

namespace bc {

// One table placed on a sheet (a spec "block"). Rows are zero-based, inclusive.
struct FixtureTable {
  std::string code;        // "YS01", or an id for forms without a code ("perf-overall")
  std::string title;       // as printed
  std::string unit;        // unit the number cells are written in: "万元" or "元"
  bool synthetic = false;  // not in the seed; built from the template description
  std::uint32_t first_row = 0;
  std::uint32_t last_row = 0;
};

struct FixtureCell {
  std::string address;    // absolute A1 address, e.g. "B8"
  std::uint32_t row = 0;  // zero-based
  std::uint32_t col = 0;
  std::string text;  // text as stored: text cells and numbers typed as text; empty for numbers
  bool is_number = false;   // a published number (numeric cell or number typed as text)
  std::string number_text;  // its decimal text as published ("838.98"); digits only, no grouping
  bool stored_as_text = false;  // the number is written as a text cell holding `text`
  bool fact = false;            // a mapping should emit this number as a fact
  bool unbound = false;         // ... of a column no mapping binds: a fact with an empty measure
  bool structure = false;     // a 栏次/行次 number (numbers the grid): no fact, kept by --blank
  std::string number_format;  // resolved format for numeric cells; "" = General
  bool body = false;          // the cell is in a body (data) row; removed by --blank
  std::optional<std::string> template_text;  // written instead by --blank, when set
  std::size_t table = 0;                     // index into FixtureSheet::tables
};

struct FixtureColumn {
  std::uint32_t first_col = 0;  // zero-based, inclusive
  std::uint32_t last_col = 0;
  std::optional<double> width;  // layout only; never money
  bool hidden = false;
  std::string number_format;  // column default for number cells; "" = not set, "General" = General
};

struct FixtureSheet {
  std::string name;
  std::vector<FixtureTable> tables;
  std::vector<FixtureCell> cells;    // row-major order
  std::vector<RangeAddress> merged;  // absolute
  std::vector<FixtureColumn> columns;
  std::vector<std::uint32_t> body_rows;  // zero-based, sorted
  bool hidden_column(std::uint32_t col) const;
  const FixtureCell* find(std::uint32_t row, std::uint32_t col) const;
  const FixtureCell* find(const std::string& address) const;
};

struct FixtureSpec {
  std::string path;
  std::string workbook;
  std::vector<FixtureSheet> sheets;
  const FixtureSheet* sheet(const std::string& name) const;
};

// Reads and checks a spec: unknown keys, malformed addresses, numbers that are
// not plain decimal text, overlapping blocks or merges and cells hidden under a
// merge all throw bc::InputError (codes FIXTURE-*) naming the file and sheet.
FixtureSpec load_fixture_spec(const std::string& path);

}  // namespace bc
