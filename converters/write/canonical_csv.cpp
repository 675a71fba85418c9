#include "write/canonical_csv.h"

#include "write/csv_writer.h"

namespace bc {

void write_canonical_header(std::ostream& out) { write_csv_record(out, canonical_columns()); }

void write_canonical_facts(std::ostream& out, const std::vector<Fact>& facts) {
  for (const Fact& f : facts) write_csv_record(out, canonical_values(f));
}

}  // namespace bc
