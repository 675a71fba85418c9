#include "headers/header_match.h"

#include <algorithm>
#include <limits>

#include "core/utf8.h"
#include "headers/label_text.h"

namespace bc {
namespace {

bool is_ocr_junk(char32_t c) {
  if (c >= 0x2500 && c <= 0x257F) return true;  // box drawing: table rules read as strokes
  switch (c) {
    case U'|':
    case 0x00A6:  // ¦
    case U'-':
    case U'_':
    case U'.':
    case 0x00B7:  // ·
    case 0x2022:  // •
    case U'~':
    case U'`':
      return true;
    default:
      return false;
  }
}

std::size_t length(const std::string& s) { return utf8_to_u32(s).size(); }

bool covers(const ReferenceLabelSpan& span, std::uint32_t col) {
  return col >= span.first_col && col <= span.last_col;
}

std::string describe(const HeaderCellText& cell) { return "'" + cell.text + "'"; }

}  // namespace

std::string ocr_label_key(std::string_view text) {
  std::u32string out;
  for (char32_t c : utf8_to_u32(normalise_label(text))) {
    if (!is_ocr_junk(c)) out.push_back(c);
  }
  return u32_to_utf8(out);
}

std::size_t label_edit_distance(std::string_view a, std::string_view b) {
  const std::u32string x = utf8_to_u32(a);
  const std::u32string y = utf8_to_u32(b);
  std::vector<std::size_t> previous(y.size() + 1), current(y.size() + 1);
  for (std::size_t j = 0; j <= y.size(); ++j) previous[j] = j;
  for (std::size_t i = 1; i <= x.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= y.size(); ++j) {
      std::size_t substitute = previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitute});
    }
    std::swap(previous, current);
  }
  return previous[y.size()];
}

bool near_label(const std::string& reference_key, const std::string& text_key) {
  const std::size_t n = length(reference_key);
  const std::size_t m = length(text_key);
  if (n < 2 || m == 0) return false;
  const std::size_t allowed = std::max<std::size_t>(1, n / 4);
  // Cheap bound first: the distance is at least the difference in length.
  if ((m > n ? m - n : n - m) <= allowed &&
      label_edit_distance(reference_key, text_key) <= allowed) {
    return true;
  }
  return n >= 3 && m > n && m - n <= n / 2 && text_key.find(reference_key) != std::string::npos;
}

HeaderLabelMatch match_ocr_header(const std::vector<HeaderCellText>& text, std::uint32_t leaf_row,
                                  std::uint32_t text_width,
                                  const std::vector<ReferenceLabelSpan>& reference,
                                  std::uint32_t reference_width) {
  HeaderLabelMatch out;
  if (text_width != reference_width) {
    out.reason = "the header spans " + std::to_string(text_width) +
                 " columns and the reference layout " + std::to_string(reference_width);
    return out;
  }
  if (reference.size() < 2) {
    out.reason = "the reference layout has too few header labels to compare";
    return out;
  }
  std::vector<std::string> text_keys, reference_keys;
  for (const HeaderCellText& t : text) text_keys.push_back(ocr_label_key(t.text));
  for (const ReferenceLabelSpan& r : reference) reference_keys.push_back(ocr_label_key(r.text));
  std::vector<bool> used(text.size(), false), found(reference.size(), false);

  // Picks the unused text cell that `accept` allows, preferring one under the
  // reference label's own columns, then the smallest distance.
  auto pick = [&](std::size_t r, auto accept) -> std::size_t {
    std::size_t best = text.size();
    std::size_t best_rank = std::numeric_limits<std::size_t>::max();
    for (std::size_t t = 0; t < text.size(); ++t) {
      if (used[t] || text_keys[t].empty() || !accept(t)) continue;
      std::size_t rank = (covers(reference[r], text[t].col) ? 0 : 1000) +
                         label_edit_distance(reference_keys[r], text_keys[t]);
      if (rank < best_rank) {
        best_rank = rank;
        best = t;
      }
    }
    return best;
  };
  for (std::size_t r = 0; r < reference.size(); ++r) {
    std::size_t t = pick(r, [&](std::size_t i) { return text_keys[i] == reference_keys[r]; });
    if (t == text.size()) continue;
    used[t] = found[r] = true;
    ++out.exact;
  }
  for (std::size_t r = 0; r < reference.size(); ++r) {
    if (found[r]) continue;
    std::size_t t =
        pick(r, [&](std::size_t i) { return near_label(reference_keys[r], text_keys[i]); });
    if (t == text.size()) {
      out.missing.push_back(reference[r].text);
      continue;
    }
    used[t] = found[r] = true;
    out.near.push_back({reference[r].text, text[t]});
  }
  for (std::size_t t = 0; t < text.size(); ++t) {
    if (!used[t] && !text_keys[t].empty()) out.noise.push_back(text[t]);
  }

  // The last header row is where a text dump keeps labels over their own
  // columns: a label there that the reference puts elsewhere means a
  // different layout, not damage.
  for (std::size_t t = 0; t < text.size(); ++t) {
    if (text[t].row != leaf_row || text_keys[t].empty()) continue;
    bool named = false, here = false;
    for (std::size_t r = 0; r < reference.size(); ++r) {
      if (reference_keys[r] != text_keys[t]) continue;
      named = true;
      here = here || covers(reference[r], text[t].col);
    }
    if (named && !here) {
      out.reason = "header cell " + describe(text[t]) + " stands over column " +
                   std::to_string(text[t].col + 1) +
                   " of the table, where the reference layout has another label";
      return out;
    }
  }
  const std::size_t n = reference.size();
  const std::size_t matched = out.exact + out.near.size();
  if (out.exact * 2 < n || matched * 3 < n * 2) {
    out.reason = "only " + std::to_string(out.exact) + " exact and " +
                 std::to_string(out.near.size()) + " near of the reference's " + std::to_string(n) +
                 " header labels were found";
    return out;
  }
  if (out.noise.size() > n) {
    out.reason = std::to_string(out.noise.size()) + " header cells match no reference label";
    return out;
  }
  out.accepted = true;
  return out;
}

}  // namespace bc
