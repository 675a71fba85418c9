// The canonical long-format CSV: header row, then one record per fact.
#pragma once

#include <ostream>
#include <vector>

#include "extract/fact.h"

namespace bc {

void write_canonical_header(std::ostream& out);
void write_canonical_facts(std::ostream& out, const std::vector<Fact>& facts);

}  // namespace bc
