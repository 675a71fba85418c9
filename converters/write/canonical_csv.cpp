#include "write/canonical_csv.h"

#include "write/csv_writer.h"

namespace bc {

void write_canonical_header(std::ostream& out) { write_csv_record(out, canonical_columns()); }

void write_canonical_facts(std::ostream& out, const std::vector<Fact>& facts) {
  std::string text;
  for (const Fact& f : facts) {
    append_canonical_record(text, f);
    if (text.size() > (1u << 20)) {
      out << text;
      text.clear();
    }
  }
  out << text;
}

void append_canonical_record(std::string& out, const Fact& fact, const std::string* source_file) {
  auto fields = canonical_fields(fact);
  if (source_file) fields[0] = *source_file;
  append_csv_record(out, fields);
}

}  // namespace bc
