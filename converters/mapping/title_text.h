// The title variants the chooser tries besides the title as printed: bureaus
// prefix titles freely ("卢氏县医疗保障局2024年…") and add a trailing bracket.
// Both take valid UTF-8 (normalised text, see normalise_label) and replace
// regex_replace calls with the regexes quoted, giving the same result.
#pragma once

#include <string>
#include <string_view>

namespace bc {

// Removes the first match of ^.*?(19|20)\d{2}年度? (text up to and including
// the first year); the text unchanged when there is none.
std::string strip_title_year_prefix(std::string_view normalised);

// Removes \((19|20)\d{2}年度?\)$|\(\S*\)$ : a trailing bracket, from the first
// '(' (after any whitespace) when the text ends in ')'.
std::string strip_title_bracket_suffix(std::string_view normalised);

}  // namespace bc
