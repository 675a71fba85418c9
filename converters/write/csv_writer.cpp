#include "write/csv_writer.h"

namespace bc {

void write_csv_field(std::ostream& out, const std::string& field) {
  bool quote = field.find_first_of(",\"\r\n") != std::string::npos ||
               (!field.empty() && (field.front() == ' ' || field.back() == ' '));
  if (!quote) {
    out << field;
    return;
  }
  out << '"';
  for (char c : field) {
    if (c == '"') out << '"';
    out << c;
  }
  out << '"';
}

void write_csv_record(std::ostream& out, const std::vector<std::string>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out << ',';
    write_csv_field(out, fields[i]);
  }
  out << "\r\n";
}

}  // namespace bc
