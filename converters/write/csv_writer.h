// RFC 4180 CSV output: fields quoted when they hold a comma, quote, CR or LF
// (or start/end with a space, so no tool trims them), records end in CRLF.
#pragma once

#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace bc {

// Appends to a text buffer: the way to write millions of records, with no
// stream and no copy of the fields.
void append_csv_field(std::string& out, std::string_view field);
void append_csv_record(std::string& out, std::span<const std::string_view> fields);

void write_csv_field(std::ostream& out, const std::string& field);
void write_csv_record(std::ostream& out, const std::vector<std::string>& fields);

}  // namespace bc
