// Text-level edits the perturbations share: spacing out a label, full/half
// width punctuation, and the ways bureaus type a number as text.
#pragma once

#include <string>
#include <vector>

namespace bc::drift {

std::vector<std::string> utf8_chars(const std::string& text);
// "项目" -> "项    目": `spaces` blanks between every two characters.
std::string respaced(const std::string& text, int spaces);
// （）： <-> ():  (to_half: full width becomes half width, else the reverse).
std::string width_swapped(const std::string& text, bool to_half);
std::string replace_all(std::string text, const std::string& from, const std::string& to);

enum class NumberStyle { Grouped, GroupedFixed2, OcrSpaced, FullWidth };
// A decimal text ("4092.38") as a bureau types it: "4,092.38", "4,092.38",
// "4, 092. 38", "４０９２．３８".
std::string number_as_text(const std::string& decimal, NumberStyle style);

}  // namespace bc::drift
