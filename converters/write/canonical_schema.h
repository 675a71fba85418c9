// The canonical CSV described for machines: each column's Table Schema type,
// description and constraints (docs/schema.md says the same for people).
// Used by the datapackage.json written next to every canonical CSV and by
// `budgetconv schema`.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "mapping/vocabulary.h"

namespace bc {

struct CanonicalField {
  std::string name;
  std::string type;  // Frictionless Table Schema type: "string", "integer" or "number"
  std::string description;
  bool required = false;                 // never blank
  std::vector<std::string> enum_values;  // the allowed non-blank values (blank is "missing")
  std::string pattern;                   // a regular expression the whole value matches
};

// Every column of canonical_columns(), in order. table_kind, measure and item
// get their enums from `vocabulary` when it is given. `value` is always a
// number column: text facts hold their text in `value_text`.
// A column without an entry here (added to Fact but not described yet) comes
// out as an undescribed string; a unit test keeps that from happening.
std::vector<CanonicalField> canonical_fields(const Vocabulary* vocabulary = nullptr);

// The columns that identify a fact: where it was read.
const std::vector<std::string>& canonical_primary_key();

// Values of `unit`, and what `value` means in each.
struct ValueUnit {
  std::string id;
  std::string meaning;
};
const std::vector<ValueUnit>& value_units();

// The Frictionless Table Schema object (fields, primaryKey, missingValues),
// pretty-printed with `indent` leading spaces on every line but the first.
void write_table_schema_json(std::ostream& out, const std::vector<CanonicalField>& fields,
                             int indent = 0);

// `budgetconv schema`: for people (columns, then the vocabulary tables) and
// as one JSON object {columns, primaryKey, units, vocabulary}.
void write_schema_text(std::ostream& out, const Vocabulary& vocabulary);
void write_schema_json(std::ostream& out, const Vocabulary& vocabulary);

}  // namespace bc
