// `budgetconv schema`: the canonical columns and the vocabulary of ids.
#include <boost/program_options.hpp>
#include <iostream>

#include "cli/cli_support.h"
#include "write/canonical_schema.h"

namespace bc {

namespace po = boost::program_options;

int run_schema(const std::vector<std::string>& args, const char* argv0) {
  std::string format = "text", mappings_dir;
  po::options_description desc(
      "budgetconv schema [--format text|json|table-schema] [--mappings DIR]\n\n"
      "Prints the canonical CSV's columns (type, meaning, allowed values), the units of `value` "
      "and\n"
      "the vocabulary of canonical ids (table kinds, measures, summary-line items) from the "
      "mappings.\n"
      "  text          for people (default)\n"
      "  json          one JSON object: {columns, primaryKey, units, vocabulary}\n"
      "  table-schema  the Frictionless Table Schema embedded in every datapackage.json\n\n"
      "Examples:\n"
      "  budgetconv schema | less\n"
      "  budgetconv schema --format json > schema.json\n"
      "  budgetconv schema --format json | python3 -c 'import json,sys; "
      "print(len(json.load(sys.stdin)[\"columns\"]))'\n\n"
      "Options");
  desc.add_options()("help,h", "show this help")("format", po::value(&format)->value_name("FMT"),
                                                 "text, json or table-schema")(
      "mappings", po::value(&mappings_dir)->value_name("DIR"),
      "directory of mapping files whose vocabulary.yaml to print (default: the installed "
      "mappings/)");
  if (!parse_command_line(args, desc, nullptr)) return 0;
  if (format != "text" && format != "json" && format != "table-schema") {
    throw UsageError("--format must be text, json or table-schema");
  }
  MappingSet mappings = load_mappings_or_throw(find_mappings_dir(mappings_dir, argv0));
  if (format == "text") {
    write_schema_text(std::cout, mappings.vocabulary);
  } else if (format == "json") {
    write_schema_json(std::cout, mappings.vocabulary);
  } else {
    write_table_schema_json(std::cout, canonical_fields(&mappings.vocabulary));
    std::cout << "\n";
  }
  return 0;
}

}  // namespace bc
