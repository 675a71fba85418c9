// Decides which table mapping describes a located table: by printed table
// code, title and header signature, with a score. A tie between the best
// candidates is an error naming them (the user settles it with --template /
// --table); no candidate is an error naming the closest and what did not match.
#pragma once

#include <string>
#include <vector>

#include "headers/header_flattener.h"
#include "locate/table_region.h"
#include "mapping/column_binding.h"
#include "mapping/mapping_spec.h"

namespace bc {

struct ChooseOptions {
  std::string template_id;  // --template: only this family
  std::string table_code;   // --table: only tables with this code
  // The family most tables of the same file were recognised as: it wins a
  // tie between equally good candidates of different families (an untitled
  // 部门整体支出绩效目标表 fits Henan and Hubei alike).
  std::string preferred_family;
};

struct Candidate {
  const FamilySpec* family = nullptr;
  const TableSpec* table = nullptr;
  int score = 0;
  bool code_matched = false;
  bool title_matched = false;
  TableBinding binding;
  bool acceptable() const;       // identified (code/title/headers) and, unless skipped, fully bound
  std::string describe() const;  // "henan-ys YS05 (score 160: code, title; missing: ...)"
};

struct Choice {
  int chosen_index = -1;  // into ranked; -1 when none or ambiguous
  const Candidate* chosen() const {
    return chosen_index < 0 ? nullptr : &ranked[static_cast<std::size_t>(chosen_index)];
  }
  std::vector<Candidate> ranked;  // best first
  std::string error;              // why nothing was chosen
  std::string error_code;         // MAP-NO-MATCH, MAP-AMBIGUOUS
  // The chosen mapping is of another family than the file's (its family had
  // no candidate for this table).
  bool foreign = false;
};

// Every table mapping scored against a table: acceptable ones first, best first.
std::vector<Candidate> rank_candidates(const MappingSet& mappings, const TableRegion& region,
                                       const std::vector<ColumnHeader>& headers,
                                       const ChooseOptions& options);
// The choice among ranked candidates, the preferred family's first.
Choice decide_mapping(std::vector<Candidate> ranked, const std::string& preferred_family);
// Both, with options.preferred_family.
Choice choose_mapping(const MappingSet& mappings, const TableRegion& region,
                      const std::vector<ColumnHeader>& headers, const ChooseOptions& options);

}  // namespace bc
