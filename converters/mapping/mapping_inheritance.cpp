#include "mapping/mapping_inheritance.h"

#include <filesystem>

namespace bc {
namespace {

// The document of the mapping file beside `path` whose family id is `id`.
YAML::Node find_base(const std::string& path, const std::string& id) {
  namespace fs = std::filesystem;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(fs::path(path).parent_path(), ec)) {
    const fs::path& p = entry.path();
    if (p.extension() != ".yaml" || p.filename() == "vocabulary.yaml" || p == fs::path(path))
      continue;
    try {
      YAML::Node doc = YAML::LoadFile(p.string());
      if (doc.IsMap() && doc["family"] && doc["family"].IsScalar() &&
          doc["family"].as<std::string>() == id)
        return doc;
    } catch (const YAML::Exception&) {
      // A broken file is reported when it is loaded itself.
    }
  }
  return YAML::Node();
}

// A list of maps merged by their `id` (measures): own entries replace the
// base's of the same id, new ones are appended.
YAML::Node merge_by_id(const YAML::Node& base, const YAML::Node& own) {
  YAML::Node out(YAML::NodeType::Sequence);
  auto id_of = [](const YAML::Node& n) {
    return n.IsMap() && n["id"] && n["id"].IsScalar() ? n["id"].as<std::string>() : std::string();
  };
  std::vector<bool> used(own.IsSequence() ? own.size() : 0, false);
  if (base.IsSequence()) {
    for (const YAML::Node& b : base) {
      YAML::Node chosen = YAML::Clone(b);
      for (std::size_t i = 0; i < used.size(); ++i) {
        if (!used[i] && !id_of(b).empty() && id_of(own[i]) == id_of(b)) {
          chosen = YAML::Clone(own[i]);
          used[i] = true;
        }
      }
      out.push_back(chosen);
    }
  }
  for (std::size_t i = 0; i < used.size(); ++i) {
    if (!used[i]) out.push_back(YAML::Clone(own[i]));
  }
  return out;
}

YAML::Node merge_table(const YAML::Node& base, const YAML::Node& own) {
  YAML::Node out = YAML::Clone(base);
  out.remove("id");
  if (own["blocks"]) {
    out.remove("keys");
    out.remove("measures");
  }
  if (own["keys"] || own["measures"]) out.remove("blocks");
  for (const auto& kv : own) {
    const std::string key = kv.first.as<std::string>();
    if (key == "extends") continue;
    if (key == "measures" && out["measures"]) {
      out["measures"] = merge_by_id(out["measures"], kv.second);
    } else if (key == "keys" && out["keys"] && out["keys"].IsMap() && kv.second.IsMap()) {
      YAML::Node keys = YAML::Clone(out["keys"]);
      for (const auto& k : kv.second) keys[k.first.as<std::string>()] = YAML::Clone(k.second);
      out["keys"] = keys;
    } else {
      out[key] = YAML::Clone(kv.second);
    }
  }
  return out;
}

}  // namespace

YAML::Node resolve_inheritance(const YAML::Node& root, const std::string& path,
                               std::vector<InheritanceProblem>& problems) {
  if (!root.IsMap() || !root["extends"]) return root;
  if (!root["extends"].IsScalar()) {
    problems.push_back({"extends", "expected the family id of the base mapping file"});
    return root;
  }
  const std::string base_id = root["extends"].as<std::string>();
  const YAML::Node base = find_base(path, base_id);
  if (!base || base.IsNull()) {
    problems.push_back({"extends", "no mapping file beside this one has family '" + base_id + "'"});
    return root;
  }
  if (base["extends"]) {
    problems.push_back({"extends", "family '" + base_id + "' extends another: one level only"});
    return root;
  }
  YAML::Node out = YAML::Clone(root);
  out.remove("extends");
  YAML::Node tables = out["tables"];
  if (!tables || !tables.IsSequence()) return out;
  for (std::size_t t = 0; t < tables.size(); ++t) {
    YAML::Node entry = tables[t];
    if (!entry.IsMap() || !entry["extends"]) continue;
    const std::string where = "tables[" + std::to_string(t) + "]";
    if (!entry["extends"].IsScalar()) {
      problems.push_back({where + ".extends", "expected the id of a table of " + base_id});
      continue;
    }
    const std::string id = entry["extends"].as<std::string>();
    YAML::Node found;
    if (base["tables"] && base["tables"].IsSequence()) {
      for (const YAML::Node& b : base["tables"]) {
        if (b.IsMap() && b["id"] && b["id"].IsScalar() && b["id"].as<std::string>() == id)
          found = b;
      }
    }
    if (!found || found.IsNull()) {
      problems.push_back(
          {where + ".extends", "family '" + base_id + "' has no table with id '" + id + "'"});
      continue;
    }
    tables[t] = merge_table(found, entry);
  }
  return out;
}

}  // namespace bc
