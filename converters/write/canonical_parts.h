// Reading canonical CSVs back, for `budgetconv merge`: the per-input CSVs of
// a harvest spread over several machines are parsed into facts again and
// written through an OutputSink, so the merged output gets the same
// encoding, partitioning and datapackage options as a single run.
#pragma once

#include <string>
#include <vector>

#include "extract/fact.h"

namespace bc {

// Sets the member of `fact` that the canonical column `column` holds.
// is_total and repaired take "0", "1" or blank (0). Returns false for a column
// that is not canonical; throws std::invalid_argument for a bad 0/1 value.
bool set_fact_column(Fact& fact, const std::string& column, const std::string& value);

// One canonical CSV part. Throws std::runtime_error naming the file (and the
// line) when it cannot be read, is not UTF-8, has a header with a column
// that is not canonical or lacks a primary-key column, or has a record with
// the wrong number of fields. Columns appended to the canonical CSV after the
// part was written are blank. A UTF-8 byte-order mark is skipped.
std::vector<Fact> read_canonical_csv(const std::string& path);

// The part files below `dirs_or_files`, in merge order: for a directory every
// *.csv below it except *.report.csv, *.diagnostics.csv and hidden files,
// ordered by the path relative to that directory (byte order); a file is
// ordered by its path as given. So per-machine output trees that mirror the
// same input tree merge in the same order whichever machine converted what.
std::vector<std::string> list_canonical_parts(const std::vector<std::string>& dirs_or_files);

}  // namespace bc
