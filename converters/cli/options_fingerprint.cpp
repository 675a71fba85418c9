#include "cli/options_fingerprint.h"

#include <algorithm>
#include <filesystem>
#include <vector>

#include "core/sha256.h"

namespace bc {

namespace {

std::string value_text(const boost::any& value) {
  if (const auto* s = boost::any_cast<std::string>(&value)) return *s;
  if (const auto* b = boost::any_cast<bool>(&value)) return *b ? "true" : "false";
  if (const auto* u = boost::any_cast<unsigned>(&value)) return std::to_string(*u);
  if (const auto* i = boost::any_cast<int>(&value)) return std::to_string(*i);
  if (const auto* v = boost::any_cast<std::vector<std::string>>(&value)) {
    std::string out;
    for (const std::string& s : *v) out += s + '\x1f';
    return out;
  }
  return std::string("<") + value.type().name() + ">";
}

}  // namespace

std::string mappings_sha256(const std::string& mappings_dir) {
  namespace fs = std::filesystem;
  Sha256 hash;
  std::vector<std::string> files;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(mappings_dir, ec), end; !ec && it != end;
       it.increment(ec)) {
    if (it->is_regular_file(ec))
      files.push_back(fs::relative(it->path(), mappings_dir, ec).generic_string());
  }
  std::sort(files.begin(), files.end());
  for (const std::string& file : files) {
    std::string content;
    try {
      content = sha256_file((fs::path(mappings_dir) / file).string());
    } catch (const std::exception&) {
      content = "unreadable";
    }
    hash.update("mapping " + file + " " + content + "\n");
  }
  return hash.hex_digest();
}

std::string options_fingerprint(const boost::program_options::variables_map& vm,
                                const std::set<std::string>& ignored,
                                const std::string& mappings_dir) {
  namespace fs = std::filesystem;
  Sha256 hash;
  hash.update("budgetconv " BC_VERSION "\n");
  for (const auto& [name, value] : vm) {  // sorted by name
    if (ignored.count(name)) continue;
    hash.update(name + "=" + value_text(value.value()) + "\n");
  }
  hash.update("mappings " + mappings_sha256(mappings_dir) + "\n");
  return hash.hex_digest().substr(0, 16);
}

}  // namespace bc
