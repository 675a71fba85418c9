#include "mapping/mapping_chooser.h"

#include <algorithm>

#include "headers/label_text.h"
#include "mapping/title_text.h"

namespace bc {
namespace {

constexpr int kCodeScore = 100;
constexpr int kTitleScore = 60;
constexpr int kHeaderOnlyMinimum = 3;  // bound columns needed to accept a table on headers alone

// The title, and the title without a leading department/year prefix or a
// trailing bracket, since bureaus prefix titles freely ("卢氏县医疗保障局2024年…").
std::vector<std::string> title_variants(const TableRegion& region) {
  std::vector<std::string> out;
  for (const HeadingText& t : region.titles) {
    std::string n = normalise_label(t.text);
    out.push_back(n);
    std::string stripped = strip_title_year_prefix(n);
    out.push_back(stripped);
    out.push_back(strip_title_bracket_suffix(stripped));
    out.push_back(strip_title_bracket_suffix(n));
    if (!region.department.value.empty()) {
      std::string dept = normalise_label(region.department.value);
      if (n.rfind(dept, 0) == 0) out.push_back(n.substr(dept.size()));
    }
  }
  return out;
}

bool code_equals(const TableSpec& table, const std::string& printed) {
  if (printed.empty()) return false;
  if (normalise_label(table.code) == printed) return true;
  if (std::any_of(table.code_aliases.begin(), table.code_aliases.end(),
                  [&](const std::string& c) { return normalise_label(c) == printed; })) {
    return true;
  }
  // Numbered series of one form (Hubei 表12-1 … 表12-N): `codes: ['表12-\d+']`.
  return std::any_of(table.code_patterns.begin(), table.code_patterns.end(),
                     [&](const LabelPattern& p) { return p.matches(printed); });
}

}  // namespace

bool Candidate::acceptable() const {
  bool identified =
      code_matched || title_matched ||
      (!table->skip && binding.complete() && binding.bound_count >= kHeaderOnlyMinimum);
  if (!identified) return false;
  return table->skip || binding.complete();
}

std::string Candidate::describe() const {
  std::string out = family->id + " " + (table->code.empty() ? table->kind : table->code) +
                    " (score " + std::to_string(score);
  std::vector<std::string> why;
  if (code_matched) why.push_back("code");
  if (title_matched) why.push_back("title");
  if (!table->skip) why.push_back(std::to_string(binding.bound_count) + " columns bound");
  for (std::size_t i = 0; i < why.size(); ++i) out += (i == 0 ? ": " : ", ") + why[i];
  if (!table->skip) {
    for (std::size_t i = 0; i < binding.missing.size() && i < 4; ++i)
      out += "; missing " + binding.missing[i];
    for (std::size_t i = 0; i < binding.ambiguous.size() && i < 2; ++i)
      out += "; ambiguous " + binding.ambiguous[i];
  }
  return out + ")";
}

Choice choose_mapping(const MappingSet& mappings, const TableRegion& region,
                      const std::vector<ColumnHeader>& headers, const ChooseOptions& options) {
  Choice choice;
  const std::vector<std::string> titles = title_variants(region);
  const std::string printed_code = normalise_label(region.code.value);
  for (const FamilySpec& family : mappings.families) {
    if (!options.template_id.empty() && family.id != options.template_id) continue;
    for (const TableSpec& table : family.tables) {
      if (!options.table_code.empty() && !code_equals(table, normalise_label(options.table_code)))
        continue;
      Candidate c;
      c.family = &family;
      c.table = &table;
      c.code_matched = code_equals(table, printed_code);
      if (!printed_code.empty() && !table.code.empty() && !c.code_matched &&
          options.table_code.empty()) {
        continue;  // a printed code that differs rules the table out
      }
      c.title_matched =
          std::any_of(table.titles.begin(), table.titles.end(), [&](const LabelPattern& p) {
            return std::any_of(titles.begin(), titles.end(),
                               [&](const std::string& t) { return p.matches(t); });
          });
      if (!table.skip) c.binding = bind_columns(table, headers);
      c.score = (c.code_matched ? kCodeScore : 0) + (c.title_matched ? kTitleScore : 0) +
                static_cast<int>(c.binding.bound_count) * 2 -
                static_cast<int>(c.binding.missing.size() + c.binding.ambiguous.size()) * 10;
      if (!options.table_code.empty()) c.code_matched = true;  // forced by the user
      choice.ranked.push_back(std::move(c));
    }
  }
  auto preferred = [&](const Candidate& c) {
    return !options.preferred_family.empty() && c.family->id == options.preferred_family;
  };
  std::stable_sort(choice.ranked.begin(), choice.ranked.end(),
                   [&](const Candidate& a, const Candidate& b) {
                     if (a.acceptable() != b.acceptable()) return a.acceptable();
                     if (a.score != b.score) return a.score > b.score;
                     return preferred(a) && !preferred(b);
                   });
  if (choice.ranked.empty() || !choice.ranked.front().acceptable()) {
    choice.error_code = "MAP-NO-MATCH";
    choice.error = "no table mapping matches this table";
    if (!choice.ranked.empty()) {
      choice.error += "; closest:";
      for (std::size_t i = 0; i < choice.ranked.size() && i < 3; ++i) {
        choice.error += (i == 0 ? " " : "; ") + choice.ranked[i].describe();
      }
    }
    return choice;
  }
  const Candidate& best = choice.ranked.front();
  if (choice.ranked.size() > 1 && choice.ranked[1].acceptable() &&
      choice.ranked[1].score == best.score && !(preferred(best) && !preferred(choice.ranked[1]))) {
    choice.error_code = "MAP-AMBIGUOUS";
    choice.error = "several table mappings fit equally well: " + best.describe() + " and " +
                   choice.ranked[1].describe() + "; choose one with --template and --table";
    return choice;
  }
  choice.chosen_index = 0;
  return choice;
}

}  // namespace bc
