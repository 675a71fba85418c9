// Inheritance between mapping files: a family may `extends:` another (the
// national standard tables) and a table entry `extends:` one of the base's
// entries by its `id`, stating only its differences. Resolved on the YAML
// documents before loading, so the merged entry is checked like any other.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

namespace bc {

struct InheritanceProblem {
  std::string where;  // "tables[3]"
  std::string message;
};

// The family document at `path` with every table entry that says
// `extends: ID` replaced by the base entry of that id merged with it:
// its own scalar keys override the base's, `titles`/`codes`/`require_headers`
// replace the base's when given, `keys` merge by name, `measures` merge by
// `id` (own replaces, new ones appended), `blocks` replace `keys`/`measures`
// and the other way round. The base family is the file beside `path` whose
// `family:` is the document's `extends:`.
YAML::Node resolve_inheritance(const YAML::Node& root, const std::string& path,
                               std::vector<InheritanceProblem>& problems);

}  // namespace bc
