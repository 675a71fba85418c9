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

// Which table this is is decided apart from how well its columns bind: a
// table identified by its code or title converts every column that binds and
// keeps the others' values without a measure. Only a table recognised by its
// headers alone must bind completely.
bool Candidate::acceptable() const {
  // A form that is skipped gives no facts: it must never take a money table
  // on a printed code alone (Hubei 表12 is a form, Shaanxi 表12 is not). A
  // performance form read as a form binds no header band either.
  if (table->skip || table->form) return title_matched;
  if (binding.signature_missing) return false;
  if (title_matched) return true;
  std::size_t measures = 0;
  for (const BlockBinding& b : binding.blocks) measures += b.measures.size();
  if (code_matched) return measures > 0;
  return binding.complete() && binding.bound_count >= kHeaderOnlyMinimum;
}

std::string Candidate::describe() const {
  std::string out = family->id + " " + (table->code.empty() ? table->kind : table->code) +
                    " (score " + std::to_string(score);
  std::vector<std::string> why;
  if (code_matched) why.push_back("code");
  if (title_matched) why.push_back("title");
  if (!table->skip && !table->form)
    why.push_back(std::to_string(binding.bound_count) + " columns bound");
  if (!table->code.empty() && !code_matched && table->code_printed)
    why.push_back("code not printed");
  if (!table->titles.empty() && !title_matched) why.push_back("title does not match");
  for (std::size_t i = 0; i < why.size(); ++i) out += (i == 0 ? ": " : ", ") + why[i];
  if (!table->skip && !table->form) {
    for (std::size_t i = 0; i < binding.missing.size() && i < 4; ++i)
      out += "; missing " + binding.missing[i];
    for (std::size_t i = 0; i < binding.ambiguous.size() && i < 2; ++i)
      out += "; ambiguous " + binding.ambiguous[i];
  }
  return out + ")";
}

std::vector<Candidate> rank_candidates(const MappingSet& mappings, const TableRegion& region,
                                       const std::vector<ColumnHeader>& headers,
                                       const ChooseOptions& options) {
  std::vector<Candidate> ranked;
  const std::vector<std::string> titles = title_variants(region);
  const std::string printed_code = normalise_label(region.code.value);
  ColumnMatchCache columns;  // one table's columns, shared by every candidate
  for (const FamilySpec& family : mappings.families) {
    if (!options.template_id.empty() && family.id != options.template_id) continue;
    for (const TableSpec& table : family.tables) {
      if (!options.table_code.empty() && !code_equals(table, normalise_label(options.table_code)))
        continue;
      Candidate c;
      c.family = &family;
      c.table = &table;
      c.code_matched = table.code_printed && code_equals(table, printed_code);
      if (table.code_printed && !printed_code.empty() && !table.code.empty() && !c.code_matched &&
          options.table_code.empty()) {
        continue;  // a printed code that differs rules the table out
      }
      c.title_matched =
          std::any_of(table.titles.begin(), table.titles.end(), [&](const LabelPattern& p) {
            return std::any_of(titles.begin(), titles.end(),
                               [&](const std::string& t) { return p.matches(t); });
          });
      if (!table.skip && !table.form) c.binding = bind_columns(table, headers, columns);
      c.score = (c.code_matched ? kCodeScore : 0) + (c.title_matched ? kTitleScore : 0) +
                static_cast<int>(c.binding.bound_count) * 2 -
                static_cast<int>(c.binding.loose_count) -
                static_cast<int>(c.binding.missing.size() + c.binding.ambiguous.size()) * 10;
      if (!options.table_code.empty()) c.code_matched = true;  // forced by the user
      ranked.push_back(std::move(c));
    }
  }
  // A national fallback mapping comes after every acceptable family mapping.
  std::stable_sort(ranked.begin(), ranked.end(), [](const Candidate& a, const Candidate& b) {
    if (a.acceptable() != b.acceptable()) return a.acceptable();
    if (a.family->fallback != b.family->fallback) return b.family->fallback;
    return a.score > b.score;
  });
  return ranked;
}

Choice decide_mapping(std::vector<Candidate> ranked, const std::string& preferred_family) {
  Choice choice;
  choice.ranked = std::move(ranked);
  auto preferred = [&](const Candidate& c) {
    return !preferred_family.empty() && c.family->id == preferred_family;
  };
  // The file's family first: another family's mapping only where the file's
  // family has no acceptable candidate for this table.
  std::stable_partition(choice.ranked.begin(), choice.ranked.end(),
                        [&](const Candidate& c) { return c.acceptable() && preferred(c); });
  if (choice.ranked.empty() || !choice.ranked.front().acceptable()) {
    choice.error_code = "MAP-NO-MATCH";
    choice.error = "no table mapping matches this table";
    // Only candidates that something matched tell an author anything.
    std::vector<const Candidate*> close;
    for (const Candidate& c : choice.ranked) {
      if (c.score > 0 || c.code_matched || c.title_matched || c.binding.bound_count >= 2)
        close.push_back(&c);
    }
    std::stable_sort(close.begin(), close.end(),
                     [](const Candidate* a, const Candidate* b) { return a->score > b->score; });
    if (close.empty()) {
      choice.error +=
          "; no mapping comes close (no code, title or header of any mapping matches); to start "
          "one, see the table with 'budgetconv inspect FILE' and draft a mapping with "
          "'budgetconv mappings draft FILE --template ID'";
    } else {
      choice.error += "; closest:";
      for (std::size_t i = 0; i < close.size() && i < 3; ++i) {
        choice.error += (i == 0 ? " " : "; ") + close[i]->describe();
      }
    }
    return choice;
  }
  const Candidate& best = choice.ranked.front();
  choice.foreign = !preferred_family.empty() && !preferred(best);
  if (choice.ranked.size() > 1 && choice.ranked[1].acceptable() &&
      choice.ranked[1].score == best.score && preferred(best) == preferred(choice.ranked[1]) &&
      best.family->fallback == choice.ranked[1].family->fallback) {
    choice.error_code = "MAP-AMBIGUOUS";
    choice.error = "several table mappings fit equally well: " + best.describe() + " and " +
                   choice.ranked[1].describe() + "; choose one with --template and --table";
    return choice;
  }
  choice.chosen_index = 0;
  return choice;
}

Choice choose_mapping(const MappingSet& mappings, const TableRegion& region,
                      const std::vector<ColumnHeader>& headers, const ChooseOptions& options) {
  return decide_mapping(rank_candidates(mappings, region, headers, options),
                        options.preferred_family);
}

}  // namespace bc
