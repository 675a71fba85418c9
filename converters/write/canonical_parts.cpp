#include "write/canonical_parts.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <utility>

#include "core/utf8.h"
#include "read/delimited_parser.h"
#include "write/canonical_schema.h"

namespace bc {

namespace fs = std::filesystem;

namespace {

const std::map<std::string, std::string Fact::*>& string_columns() {
  static const std::map<std::string, std::string Fact::*> columns = {
      {"source_file", &Fact::source_file},
      {"source_sheet", &Fact::source_sheet},
      {"source_cell", &Fact::source_cell},
      {"template", &Fact::template_id},
      {"table_code", &Fact::table_code},
      {"table_kind", &Fact::table_kind},
      {"department", &Fact::department},
      {"fiscal_year", &Fact::fiscal_year},
      {"stage", &Fact::stage},
      {"unit_code", &Fact::unit_code},
      {"unit_name", &Fact::unit_name},
      {"side", &Fact::side},
      {"row_label", &Fact::row_label},
      {"item", &Fact::item},
      {"function_code", &Fact::function_code},
      {"econ_code", &Fact::econ_code},
      {"gov_econ_code", &Fact::gov_econ_code},
      {"project", &Fact::project},
      {"measure", &Fact::measure},
      {"column_label", &Fact::column_label},
      {"unit", &Fact::unit},
      {"raw_value", &Fact::raw_value},
      {"raw_unit", &Fact::raw_unit},
      {"category", &Fact::category},
      {"table_title", &Fact::table_title},
      {"period", &Fact::period},
      {"income_code", &Fact::income_code},
      {"indicator_level1", &Fact::indicator_level1},
      {"indicator_level2", &Fact::indicator_level2},
      {"indicator_level3", &Fact::indicator_level3},
      {"comparator", &Fact::comparator},
      {"target_number", &Fact::target_number},
      {"target_unit", &Fact::target_unit},
  };
  return columns;
}

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

}  // namespace

bool set_fact_column(Fact& fact, const std::string& column, const std::string& value) {
  if (column == "is_total" || column == "repaired") {
    if (value != "0" && value != "1" && !value.empty()) {
      throw std::invalid_argument(column + " must be 0 or 1, not '" + value + "'");
    }
    (column == "is_total" ? fact.is_total : fact.repaired) = value == "1";
    return true;
  }
  // A text fact's text is in value_text (value blank); CSVs written before
  // the split hold it in value. Either way it ends up in Fact::value.
  if (column == "value_text" || column == "value") {
    if (!value.empty()) fact.value = value;
    return true;
  }
  auto it = string_columns().find(column);
  if (it == string_columns().end()) return false;
  fact.*(it->second) = value;
  return true;
}

std::vector<Fact> read_canonical_csv(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot open");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw std::runtime_error(path + ": read error");
  std::string text = std::move(buffer).str();
  std::string_view body = text;
  if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
  if (!is_valid_utf8(body)) {
    throw std::runtime_error(path +
                             ": not UTF-8 (merge reads the UTF-8 CSVs convert writes by default; "
                             "give --output-encoding to merge instead of to convert)");
  }
  DelimitedParser parser(body, ',', true);
  if (!parser.next() || parser.fields().empty())
    throw std::runtime_error(path + ": empty, no header row");
  std::vector<std::string> header(parser.fields().begin(), parser.fields().end());
  Fact probe;
  for (const std::string& name : header) {
    if (!set_fact_column(probe, name, "")) {
      throw std::runtime_error(path + ": column '" + name +
                               "' is not a canonical column (not a budgetconv CSV?)");
    }
  }
  for (const std::string& key : canonical_primary_key()) {
    if (std::find(header.begin(), header.end(), key) == header.end()) {
      throw std::runtime_error(path + ": no '" + key + "' column (not a budgetconv CSV?)");
    }
  }
  std::vector<Fact> facts;
  while (parser.next()) {
    const auto& fields = parser.fields();
    if (fields.empty()) continue;  // a blank line
    std::string where = path + " line " + std::to_string(parser.record_index() + 1);
    if (fields.size() != header.size()) {
      throw std::runtime_error(where + ": " + std::to_string(fields.size()) +
                               " fields, the header has " + std::to_string(header.size()));
    }
    Fact fact;
    for (std::size_t i = 0; i < fields.size(); ++i) {
      try {
        set_fact_column(fact, header[i], std::string(fields[i]));
      } catch (const std::invalid_argument& e) {
        throw std::runtime_error(where + ": " + e.what());
      }
    }
    facts.push_back(std::move(fact));
  }
  if (parser.unterminated_quote()) {
    throw std::runtime_error(path + ": a quoted field opened on line " +
                             std::to_string(parser.unterminated_record() + 1) +
                             " never closes (truncated file?)");
  }
  return facts;
}

std::vector<std::string> list_canonical_parts(const std::vector<std::string>& dirs_or_files) {
  std::vector<std::pair<std::string, std::string>> parts;  // (order key, path)
  for (const std::string& arg : dirs_or_files) {
    std::error_code ec;
    if (!fs::is_directory(arg, ec)) {
      parts.emplace_back(arg, arg);
      continue;
    }
    for (auto it = fs::recursive_directory_iterator(
             arg, fs::directory_options::skip_permission_denied, ec);
         it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (ec) throw std::runtime_error(arg + ": cannot list: " + ec.message());
      std::string name = it->path().filename().string();
      if (!name.empty() && name[0] == '.') {
        if (it->is_directory(ec)) it.disable_recursion_pending();
        continue;  // hidden files, and the temporary files of a run in progress
      }
      if (!it->is_regular_file(ec)) continue;
      if (!ends_with(name, ".csv") || ends_with(name, ".report.csv") ||
          ends_with(name, ".diagnostics.csv")) {
        continue;
      }
      parts.emplace_back(it->path().lexically_relative(arg).generic_string(), it->path().string());
    }
  }
  std::sort(parts.begin(), parts.end());
  std::vector<std::string> out;
  out.reserve(parts.size());
  for (auto& p : parts) out.push_back(std::move(p.second));
  return out;
}

}  // namespace bc
