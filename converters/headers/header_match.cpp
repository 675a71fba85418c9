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

// Longer text is never compared character by character (bounded work per cell).
constexpr std::size_t kMaxLabel = 64;

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
  if (n > kMaxLabel || m > 2 * kMaxLabel) return false;  // header labels are short; text is not one
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
      const bool same = text_keys[t] == reference_keys[r];
      std::size_t rank = (covers(reference[r], text[t].col) ? 0 : 1000) +
                         (same ? 0 : label_edit_distance(reference_keys[r], text_keys[t]));
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

namespace {

// The words of one text column's header: a cell that is a reference label as a
// whole counts whole ("因公出国 (境)费用"), any other is split at its spaces.
std::vector<std::string> column_words(const std::vector<HeaderCellText>& text, std::uint32_t col,
                                      const std::vector<std::string>& reference_keys) {
  std::vector<std::string> words;
  for (const HeaderCellText& cell : text) {
    if (cell.col != col) continue;
    const std::string whole = ocr_label_key(cell.text);
    if (whole.empty()) continue;
    if (std::find(reference_keys.begin(), reference_keys.end(), whole) != reference_keys.end()) {
      words.push_back(whole);
      continue;
    }
    std::string part;
    for (char32_t c : utf8_to_u32(cell.text) + U" ") {
      if (c == U' ' || c == U'\t' || c == 0x3000 || c == 0x00A0) {
        std::string key = ocr_label_key(part);
        if (!key.empty()) words.push_back(key);
        part.clear();
      } else {
        part += u32_to_utf8(std::u32string(1, c));
      }
    }
  }
  return words;
}

// How many of `wanted` (a multiset) appear in `words`, each word used once.
std::size_t hits(std::vector<std::string> words, const std::vector<std::string>& wanted) {
  std::size_t n = 0;
  for (const std::string& w : wanted) {
    auto found = std::find(words.begin(), words.end(), w);
    if (found == words.end()) continue;
    words.erase(found);
    ++n;
  }
  return n;
}

}  // namespace

std::optional<std::vector<ColumnRun>> align_joined_columns(
    const std::vector<HeaderCellText>& text, std::uint32_t text_width,
    const std::vector<ReferenceLabelSpan>& reference, std::uint32_t reference_width,
    std::string& reason) {
  if (text_width == 0 || text_width >= reference_width || reference_width > 64) {
    reason = "the header spans " + std::to_string(text_width) +
             " columns and the reference layout " + std::to_string(reference_width);
    return std::nullopt;
  }
  std::vector<std::string> reference_keys;
  for (const ReferenceLabelSpan& r : reference) reference_keys.push_back(ocr_label_key(r.text));
  // Each reference column's leaf: the lowest label over it.
  std::vector<std::string> leaf(reference_width);
  std::vector<std::uint32_t> leaf_row(reference_width, 0);
  std::vector<bool> has_leaf(reference_width, false);
  for (std::size_t i = 0; i < reference.size(); ++i) {
    for (std::uint32_t c = reference[i].first_col;
         c <= reference[i].last_col && c < reference_width; ++c) {
      if (!has_leaf[c] || reference[i].row >= leaf_row[c]) {
        leaf[c] = reference_keys[i];
        leaf_row[c] = reference[i].row;
        has_leaf[c] = true;
      }
    }
  }
  std::vector<std::vector<std::string>> words(text_width);
  for (std::uint32_t c = 0; c < text_width; ++c) {
    words[c] = column_words(text, c, reference_keys);
    if (words[c].empty()) {
      reason = "text column " + std::to_string(c + 1) + " has no header words";
      return std::nullopt;
    }
  }
  struct Score {
    long value = 0;
    std::size_t named = 0;   // labels over the run that the column's words name
    std::size_t leaves = 0;  // leaves of the run not named
  };
  auto score = [&](std::uint32_t c, std::uint32_t first, std::uint32_t last) {
    std::vector<std::string> labels, leaves;
    for (std::size_t i = 0; i < reference.size(); ++i) {
      if (reference[i].last_col >= first && reference[i].first_col <= last)
        labels.push_back(reference_keys[i]);
    }
    for (std::uint32_t r = first; r <= last; ++r) leaves.push_back(leaf[r]);
    Score s;
    s.named = hits(words[c], labels);
    s.leaves = leaves.size() - hits(words[c], leaves);
    s.value = 2 * static_cast<long>(s.named) - static_cast<long>(s.leaves);
    return s;
  };
  // best[c][r]: the best total for text columns [0, c) over reference columns [0, r).
  const long kNone = std::numeric_limits<long>::min();
  std::vector<std::vector<long>> best(text_width + 1,
                                      std::vector<long>(reference_width + 1, kNone));
  std::vector<std::vector<std::uint32_t>> from(text_width + 1,
                                               std::vector<std::uint32_t>(reference_width + 1, 0));
  best[0][0] = 0;
  for (std::uint32_t c = 0; c < text_width; ++c) {
    const std::uint32_t columns_left = text_width - c - 1;
    for (std::uint32_t first = c; first < reference_width; ++first) {
      if (best[c][first] == kNone) continue;
      for (std::uint32_t last = first; last + columns_left < reference_width; ++last) {
        const long total = best[c][first] + score(c, first, last).value;
        if (total > best[c + 1][last + 1]) {
          best[c + 1][last + 1] = total;
          from[c + 1][last + 1] = first;
        }
      }
    }
  }
  if (best[text_width][reference_width] == kNone) {
    reason = "no alignment of the columns";
    return std::nullopt;
  }
  std::vector<ColumnRun> runs(text_width);
  std::uint32_t end = reference_width;
  for (std::uint32_t c = text_width; c > 0; --c) {
    const std::uint32_t first = from[c][end];
    runs[c - 1] = ColumnRun{first, end - 1};
    end = first;
  }
  for (std::uint32_t c = 0; c < text_width; ++c) {
    Score s = score(c, runs[c].first, runs[c].last);
    if (s.named == 0 || s.leaves > 0) {
      reason = "the header words of text column " + std::to_string(c + 1) +
               " do not name the reference columns they would cover";
      return std::nullopt;
    }
  }
  return runs;
}

}  // namespace bc
