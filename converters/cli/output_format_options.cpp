#include "cli/output_format_options.h"

#include <stdexcept>

#include "cli/cli_support.h"

namespace bc {

namespace po = boost::program_options;

void add_output_format_options(po::options_description& desc, OutputFormatArgs& args) {
  desc.add_options()("bom", po::bool_switch(&args.bom),
                     "start every CSV with a UTF-8 byte-order mark, so Excel opens it as UTF-8")(
      "output-encoding", po::value(&args.output_encoding)->value_name("ENC"),
      "encoding of the CSVs written: utf-8 (default) or gb18030 (for Chinese-locale Excel/WPS)")(
      "partition-by", po::value(&args.partition_by)->value_name("COLS"),
      "with --output-dir: one CSV per value of these columns, comma-separated, from template,\n"
      "table_kind, fiscal_year, table_code, stage, department; written as "
      "DIR/<value>/.../<value>.csv")(
      "no-datapackage", po::bool_switch(&args.no_datapackage),
      "do not write the datapackage.json (Frictionless Data Package) describing the CSVs");
}

void apply_output_format(const OutputFormatArgs& args, OutputOptions& options) {
  try {
    options.encoding = parse_output_encoding(args.output_encoding);
    if (!args.partition_by.empty()) options.partition_by = parse_partition_by(args.partition_by);
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  if (args.bom && options.encoding != OutputEncoding::Utf8) {
    throw UsageError(
        "--bom goes with UTF-8 output only (Chinese-locale Excel reads GB18030 without one)");
  }
  if (!options.partition_by.empty() && options.directory.empty()) {
    throw UsageError("--partition-by needs --output-dir DIR");
  }
  options.bom = args.bom;
  options.datapackage = !args.no_datapackage;
}

}  // namespace bc
