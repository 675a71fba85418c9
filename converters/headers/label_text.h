// Label normalisation for matching headers, titles and row labels. Matching
// only: the canonical CSV always carries the text as printed.
#pragma once

#include <string>
#include <string_view>

namespace bc {

// Removes all whitespace (ASCII, ideographic, NBSP) and line breaks, maps
// full-width ASCII to half-width (（ → (, ： → :, Ａ → A), unifies quotes
// (“”「」 → ") and dashes. "项 目" → "项目", "（一）" → "(一)".
std::string normalise_label(std::string_view text);

// Strips a leading ordinal such as "一、", "(一)", "（十九）", "1、", "(1)",
// "廿一、", "其中：" is NOT an ordinal. Works on normalised or raw text.
std::string strip_ordinal(std::string_view text);

// Trims ASCII and ideographic whitespace at both ends.
std::string trim(std::string_view text);

// The character rules of the three above: what counts as a space, and what a
// character folds to (itself when nothing).
bool is_label_space(char32_t c);
char32_t fold_label_char(char32_t c);

}  // namespace bc
