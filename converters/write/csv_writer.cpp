#include "write/csv_writer.h"

namespace bc {

namespace {

// One pass over the bytes (find_first_of calls memchr once per character).
bool needs_quotes(std::string_view field) {
  if (!field.empty() && (field.front() == ' ' || field.back() == ' ')) return true;
  for (char c : field) {
    if (c == ',' || c == '"' || c == '\r' || c == '\n') return true;
  }
  return false;
}

}  // namespace

void append_csv_field(std::string& out, std::string_view field) {
  const bool quote = needs_quotes(field);
  if (!quote) {
    out += field;
    return;
  }
  out += '"';
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

void append_csv_record(std::string& out, std::span<const std::string_view> fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    append_csv_field(out, fields[i]);
  }
  out += "\r\n";
}

void write_csv_field(std::ostream& out, const std::string& field) {
  std::string text;
  append_csv_field(text, field);
  out << text;
}

void write_csv_record(std::ostream& out, const std::vector<std::string>& fields) {
  std::string text;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) text += ',';
    append_csv_field(text, fields[i]);
  }
  text += "\r\n";
  out << text;
}

}  // namespace bc
