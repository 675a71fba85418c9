#include "cli/cli_support.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>

namespace bc {

namespace fs = std::filesystem;
namespace po = boost::program_options;

bool parse_command_line(const std::vector<std::string>& args,
                        const po::options_description& options,
                        std::vector<std::string>* positional, std::string* single,
                        po::variables_map* parsed) {
  po::options_description hidden;
  po::positional_options_description positions;
  if (positional) {
    hidden.add_options()("positional-args", po::value(positional));
    positions.add("positional-args", -1);
  } else if (single) {
    hidden.add_options()("positional-args", po::value(single));
    positions.add("positional-args", 1);
  }
  po::options_description all;
  all.add(options).add(hidden);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(all).positional(positions).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError(e.what());
  }
  if (vm.count("help")) {
    std::cout << options << "\n";
    return false;
  }
  if (parsed) *parsed = std::move(vm);
  return true;
}

std::string find_mappings_dir(const std::string& option, const char* argv0) {
  if (!option.empty()) return option;
  if (const char* env = std::getenv("BUDGETCONV_MAPPINGS"); env && *env) return env;
  std::error_code ec;
  fs::path exe = fs::canonical("/proc/self/exe", ec);
  if (ec && argv0) exe = fs::absolute(argv0, ec);
  for (const fs::path& candidate :
       {exe.parent_path().parent_path() / "mappings",
        exe.parent_path().parent_path() / "share" / "budgetconv" / "mappings"}) {
    if (fs::exists(candidate / "vocabulary.yaml", ec)) return candidate.string();
  }
  return BC_DEFAULT_MAPPINGS_DIR;
}

MappingSet load_mappings_or_throw(const std::string& dir) {
  std::vector<MappingProblem> problems;
  MappingSet set = load_mappings(dir, problems);
  if (!problems.empty()) {
    std::string message =
        "the mappings in " + dir + " have problems (run 'budgetconv mappings check'):";
    for (const auto& p : problems)
      message += "\n  " + p.file + (p.where.empty() ? "" : " " + p.where) + ": " + p.message;
    throw UsageError(message);
  }
  if (set.families.empty()) throw UsageError("no mapping files found in " + dir);
  return set;
}

std::vector<std::string> expand_inputs(const std::vector<std::string>& inputs) {
  static const std::vector<std::string> kExtensions = {".xlsx", ".xlsm", ".xls",
                                                       ".csv",  ".txt",  ".tsv",  ".pdf"};
  std::vector<std::string> files;
  for (const std::string& input : inputs) {
    std::error_code ec;
    if (fs::is_directory(input, ec)) {
      std::vector<std::string> found;
      for (auto it = fs::recursive_directory_iterator(
               input, fs::directory_options::skip_permission_denied, ec);
           it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) break;
        if (!it->is_regular_file(ec)) continue;
        std::string ext = it->path().extension().string();
        std::transform(ext.begin(), ext.end(), ext.begin(),
                       [](unsigned char c) { return std::tolower(c); });
        std::string name = it->path().filename().string();
        if (name.rfind("~$", 0) == 0 || name.rfind(".", 0) == 0)
          continue;  // Office lock files, hidden files
        if (std::find(kExtensions.begin(), kExtensions.end(), ext) != kExtensions.end()) {
          found.push_back(it->path().string());
        }
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else {
      files.push_back(input);  // a missing file fails in the batch with its own message
    }
  }
  return files;
}

}  // namespace bc
