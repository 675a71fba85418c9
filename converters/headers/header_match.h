// Matching a text dump's header band with a reference layout when OCR has
// damaged some labels ("收 λ" for 收入, "件日细19" for a re-read 科目编码,
// "│ - 项目支出"). Exact multiset equality (reference_layout.h) is tried
// first; this is the tolerant second tier. It accepts only with strong,
// position-consistent evidence and reports everything it had to overlook, so
// the caller can say what was repaired: labels read with a small edit
// distance, text cells that match nothing (noise) and reference labels not
// found at all.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bc {

// normalise_label() without the punctuation OCR sprinkles over scanned
// headers (box-drawing strokes, |, -, _, ., ·, •, ~) so "│ - 项目支出" and
// "科目名称 -" compare equal to 项目支出 and 科目名称.
std::string ocr_label_key(std::string_view text);

// Levenshtein distance in code points.
std::size_t label_edit_distance(std::string_view a, std::string_view b);

// Whether `text_key` is a plausible OCR reading of `reference_key` (both
// ocr_label_key()): at most max(1, n/4) edits for a reference label of n ≥ 2
// code points, or the reference label of ≥ 3 code points inside a text cell
// with at most n/2 extra code points (a neighbouring cell joined to it).
bool near_label(const std::string& reference_key, const std::string& text_key);

struct HeaderCellText {
  std::string text;       // as printed
  std::uint32_t row = 0;  // absolute sheet row
  std::uint32_t col = 0;  // column relative to the table's first column
};

struct ReferenceLabelSpan {
  std::string text;             // as in the reference layout
  std::uint32_t first_col = 0;  // columns it covers (merged), relative
  std::uint32_t last_col = 0;
  std::uint32_t row = 0;  // header row (any origin): the lowest label over a column is its leaf
};

struct HeaderLabelMatch {
  bool accepted = false;
  std::string reason;  // why not accepted
  std::size_t exact = 0;
  struct Near {
    std::string reference;  // the reference label
    HeaderCellText cell;    // the text cell read as it
  };
  std::vector<Near> near;
  std::vector<HeaderCellText> noise;  // text cells that match no reference label
  std::vector<std::string> missing;   // reference labels found nowhere in the text
};

// Accepts when the header band has exactly the reference's width, at least
// half of the reference labels appear exactly and two thirds exactly or near,
// noise cells are no more numerous than the reference labels, and no cell of
// the last header row (`leaf_row`) names, exactly, a label that the reference
// puts over other columns only.
HeaderLabelMatch match_ocr_header(const std::vector<HeaderCellText>& text, std::uint32_t leaf_row,
                                  std::uint32_t text_width,
                                  const std::vector<ReferenceLabelSpan>& reference,
                                  std::uint32_t reference_width);

// A header whose cells the extraction joined: "科目编码 类 款 项" printed in one
// column over what the reference has as three (科目编码 / 类, 款, 项). Gives each
// text column a run of reference columns, left to right, the runs covering the
// reference exactly, chosen so that the words of each text column's header
// cells (whole cells, or their space-separated parts) name the labels over
// its run. Accepted only when the text has fewer columns than the reference,
// every text column has header words that name something in its run, and
// every reference column's lowest label (its leaf) is named; nullopt with
// `reason` otherwise.
struct ColumnRun {
  std::uint32_t first = 0, last = 0;  // reference columns, relative
};
std::optional<std::vector<ColumnRun>> align_joined_columns(
    const std::vector<HeaderCellText>& text, std::uint32_t text_width,
    const std::vector<ReferenceLabelSpan>& reference, std::uint32_t reference_width,
    std::string& reason);

}  // namespace bc
