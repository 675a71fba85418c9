// RFC 4180 CSV output: fields quoted when they hold a comma, quote, CR or LF
// (or start/end with a space, so no tool trims them), records end in CRLF.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace bc {

void write_csv_field(std::ostream& out, const std::string& field);
void write_csv_record(std::ostream& out, const std::vector<std::string>& fields);

}  // namespace bc
