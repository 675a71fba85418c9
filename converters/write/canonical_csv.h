// The canonical long-format CSV: header row, then one record per fact.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "extract/fact.h"

namespace bc {

void write_canonical_header(std::ostream& out);
void write_canonical_facts(std::ostream& out, const std::vector<Fact>& facts);
// One fact's record (CRLF-terminated) appended to a UTF-8 text buffer;
// `source_file`, when given, is written instead of the fact's.
void append_canonical_record(std::string& out, const Fact& fact,
                             const std::string* source_file = nullptr);

}  // namespace bc
