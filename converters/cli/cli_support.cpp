#include "cli/cli_support.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <utility>

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

namespace {

std::string lower_extension(const fs::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

// The name of a file given itself: relative and below the working directory
// as given (normalised), else its file name.
std::string given_file_name(const std::string& input) {
  fs::path p = fs::path(input).lexically_normal();
  if (p.is_relative() && !p.empty() && *p.begin() != "..") return p.generic_string();
  return fs::path(input).filename().string();
}

}  // namespace

std::vector<InputFile> expand_input_files(const std::vector<std::string>& inputs) {
  // Read, or recognised so that a folder's PDFs and Word files are reported
  // as not supported rather than silently left out.
  static const std::vector<std::string> kExtensions = {".xlsx", ".xlsm", ".xls", ".csv",
                                                       ".txt",  ".tsv",  ".pdf", ".doc",
                                                       ".docx", ".ods",  ".et",  ".wps"};
  std::vector<InputFile> files;
  for (const std::string& input : inputs) {
    std::error_code ec;
    if (fs::is_directory(input, ec)) {
      std::vector<InputFile> found;
      for (auto it = fs::recursive_directory_iterator(
               input, fs::directory_options::skip_permission_denied, ec);
           it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) break;
        if (!it->is_regular_file(ec)) continue;
        std::string name = it->path().filename().string();
        if (name.rfind("~$", 0) == 0 || name.rfind(".", 0) == 0)
          continue;  // Office lock files, hidden files (and our own .tmp- files)
        const std::string ext = lower_extension(it->path());
        if (std::find(kExtensions.begin(), kExtensions.end(), ext) != kExtensions.end()) {
          found.push_back(
              {it->path().string(), it->path().lexically_relative(input).generic_string()});
        }
      }
      std::sort(found.begin(), found.end(),
                [](const InputFile& a, const InputFile& b) { return a.path < b.path; });
      files.insert(files.end(), found.begin(), found.end());
    } else {
      // A missing file fails in the batch with its own message.
      files.push_back({input, given_file_name(input)});
    }
  }
  return files;
}

std::vector<std::string> expand_inputs(const std::vector<std::string>& inputs) {
  std::vector<std::string> out;
  for (InputFile& f : expand_input_files(inputs)) out.push_back(std::move(f.path));
  return out;
}

namespace {

fs::path canonical_path(const std::string& path) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::absolute(path, ec), ec);
  return ec ? fs::absolute(path).lexically_normal() : p;
}

bool is_inside(const fs::path& dir, const fs::path& root) {
  std::error_code ec;
  const fs::path d = fs::weakly_canonical(fs::absolute(dir, ec), ec);
  const fs::path r = fs::weakly_canonical(fs::absolute(root, ec), ec);
  auto di = d.begin();
  for (auto ri = r.begin(); ri != r.end(); ++ri, ++di) {
    if (ri->empty()) continue;  // the trailing "" of "dir/"
    if (di == d.end() || *di != *ri) return false;
  }
  return true;
}

}  // namespace

void refuse_outputs_over_inputs(
    const std::vector<std::string>& input_args, const std::vector<std::string>& files,
    const std::vector<std::pair<std::string, std::string>>& output_files,
    const std::string& output_dir, const std::vector<std::string>& mirrored_outputs) {
  const std::string advice = "; write the outputs somewhere else (inputs are never overwritten)";
  std::map<fs::path, std::string> inputs;  // canonical path -> as given
  for (const std::string& input : files) inputs.emplace(canonical_path(input), input);
  std::error_code ec;
  for (const std::string& input : input_args) {
    if (fs::is_directory(input, ec)) inputs.emplace(canonical_path(input), input);
  }
  auto input_at = [&](const std::string& path) -> const std::string* {
    auto it = inputs.find(canonical_path(path));
    return it == inputs.end() ? nullptr : &it->second;
  };
  for (const auto& [option, path] : output_files) {
    if (path.empty() || path == "-") continue;
    if (const std::string* input = input_at(path))
      throw UsageError(option + " " + path + " is the input " + *input + advice);
  }
  if (output_dir.empty()) return;
  for (const std::string& input : input_args) {
    if (fs::is_directory(input, ec) && is_inside(output_dir, input)) {
      throw UsageError("--output-dir " + output_dir + " is the input directory " + input +
                       " or inside it: its CSVs would overwrite inputs or be read as inputs by "
                       "the next run" +
                       advice);
    }
  }
  for (const std::string& out : mirrored_outputs) {
    if (const std::string* input = input_at(out))
      throw UsageError("--output-dir " + output_dir + " would write " + out +
                       ", which is the input " + *input + advice);
  }
}

}  // namespace bc
