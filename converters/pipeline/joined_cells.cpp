#include "pipeline/joined_cells.h"

#include <algorithm>
#include <deque>

#include "core/utf8.h"
#include "headers/label_text.h"

namespace bc {
namespace {

std::vector<std::string> split_words(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  for (char32_t c : utf8_to_u32(text) + U" ") {
    if (c == U' ' || c == U'\t' || c == 0x3000 || c == 0x00A0) {
      if (!word.empty()) words.push_back(word);
      word.clear();
    } else {
      word += u32_to_utf8(std::u32string(1, c));
    }
  }
  return words;
}

bool is_code(const std::string& word) {
  return !word.empty() && word.size() <= 24 &&
         std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool all_codes(const std::vector<std::string>& words) {
  return std::all_of(words.begin(), words.end(), is_code);
}

struct Token {
  std::string text;
  std::uint32_t from = 0;  // text column
};

// One body row in the reference's columns; false (with where and why) when
// the row does not split exactly.
bool rewrite_row(const std::vector<std::string>& texts, const std::vector<ColumnRun>& runs,
                 std::vector<Token>& slots, std::vector<JoinedTable::Split>& splits,
                 std::uint32_t row, std::uint32_t& bad_col, std::string& why) {
  std::deque<Token> left_over;
  for (std::uint32_t c = 0; c < texts.size(); ++c) {
    const ColumnRun& run = runs[c];
    const std::uint32_t width = run.last - run.first + 1;
    const std::string& text = texts[c];
    if (!left_over.empty()) {
      if (!text.empty()) {
        bad_col = c;
        why = "codes joined in an earlier cell of the row run into this filled cell";
        return false;
      }
      if (left_over.size() < width) {
        bad_col = left_over.front().from;
        why = "the codes joined in this cell do not fill the columns after it";
        return false;
      }
      for (std::uint32_t i = 0; i < width; ++i) {
        slots[run.first + i] = left_over.front();
        left_over.pop_front();
      }
      continue;
    }
    if (text.empty()) continue;
    const std::vector<std::string> words = split_words(text);
    if (width == 1 && (words.size() == 1 || !all_codes(words))) {
      slots[run.first] = Token{text, c};  // one cell as printed ("2, 361. 22" is one amount)
      continue;
    }
    if (!all_codes(words)) {
      bad_col = c;
      why = "a cell over " + std::to_string(width) + " columns holds words, not " +
            std::to_string(width) + " codes";
      return false;
    }
    if (words.size() < width) {
      bad_col = c;
      why = "a cell over " + std::to_string(width) + " columns holds only " +
            std::to_string(words.size()) + " codes: which column is empty cannot be told";
      return false;
    }
    JoinedTable::Split split{row, c, text, words, run.first};
    for (std::size_t i = 0; i < words.size(); ++i) {
      Token token{words[i], c};
      if (i < width) {
        slots[run.first + i] = token;
      } else {
        left_over.push_back(token);
      }
    }
    splits.push_back(std::move(split));
  }
  if (!left_over.empty()) {
    bad_col = left_over.front().from;
    why = "the codes joined in this cell are more than the columns after it";
    return false;
  }
  return true;
}

}  // namespace

std::optional<JoinedTable> split_joined_cells(const MappingSet& mappings, const Sheet& sheet,
                                              const TableRegion& region, std::string* refused) {
  const std::vector<HeaderCellText> cells = header_cells(sheet, region);
  if (cells.empty()) return std::nullopt;
  std::uint32_t text_width = 0;
  for (const HeaderCellText& c : cells) text_width = std::max(text_width, c.col + 1);
  const std::string code = normalise_label(region.code.value);
  const std::string title = normalise_label(region.title());
  for (const FamilySpec& family : mappings.families) {
    for (const ReferenceTable& reference : ReferenceLayouts::shared().tables(family)) {
      const bool same_table =
          (!code.empty() && code == reference.code) || (!title.empty() && title == reference.title);
      if (!same_table) continue;
      std::string why;
      auto runs =
          align_joined_columns(cells, text_width, reference.spans, reference.header_width, why);
      if (!runs) {
        if (refused && refused->empty()) *refused = family.id + " reference layout refused: " + why;
        continue;
      }
      JoinedTable out;
      out.family = family.id;
      out.reference = &reference;
      out.text_width = text_width;
      out.runs = *runs;
      out.region = region;
      out.region.last_col = region.first_col + reference.header_width - 1;
      out.region.body_rows.clear();
      SheetBuilder builder(sheet.name, sheet.index, SheetKind::Text);
      for (const SheetRow& row : sheet.rows()) {
        if (!std::binary_search(region.body_rows.begin(), region.body_rows.end(), row.index))
          continue;
        std::vector<std::string> texts(text_width);
        std::uint32_t bad_col = 0;
        std::string problem;
        bool ok = true;
        for (const CellView& cell : sheet.row_cells(row)) {
          if (cell.col < region.first_col) continue;
          const std::uint32_t col = cell.col - region.first_col;
          std::string text = trim(cell.value);
          if (text.empty()) continue;
          if (col >= text_width) {
            ok = false;
            bad_col = col;
            problem = "a value beyond the header's last column";
            break;
          }
          texts[col] = std::move(text);
        }
        std::vector<Token> slots(reference.header_width);
        std::vector<JoinedTable::Split> splits;
        if (ok) ok = rewrite_row(texts, out.runs, slots, splits, row.index, bad_col, problem);
        if (!ok) {
          CellView bad = sheet.cell(row.index, bad_col + region.first_col);
          out.unreadable.push_back({row.index, bad_col, std::string(bad.value), problem});
          continue;
        }
        for (std::uint32_t r = 0; r < slots.size(); ++r) {
          if (slots[r].text.empty()) continue;
          builder.add_text(row.index, region.first_col + r, slots[r].text);
          out.origin[{row.index, region.first_col + r}] = slots[r].from + region.first_col;
        }
        out.region.body_rows.push_back(row.index);
        for (JoinedTable::Split& split : splits) out.splits.push_back(std::move(split));
      }
      out.sheet = builder.finish();
      out.headers = reference.headers;
      for (ColumnHeader& h : out.headers) h.col += region.first_col;
      return out;
    }
  }
  return std::nullopt;
}

}  // namespace bc
