#include "normalise/units.h"

#include <algorithm>
#include <array>

#include "headers/label_text.h"
#include "headers/utf8_scan.h"

namespace bc {
namespace {

// The code point at text[i] as find_unit_declaration() compares it:
// full-width ASCII folded to ASCII, U+3000 and U+00A0 to a space, but (unlike
// normalise_label) no space removed, so the unit must still end the declaration.
Utf8Char folded_at(std::string_view text, std::size_t i) {
  Utf8Char c = decode_utf8_at(text, i);
  if (c.code_point >= 0xFF01 && c.code_point <= 0xFF5E) c.code_point = c.code_point - 0xFF01 + 0x21;
  if (c.code_point == 0x3000 || c.code_point == 0x00A0) c.code_point = U' ';
  return c;
}

std::size_t skip_spaces(std::string_view text, std::size_t i) {
  while (i < text.size()) {
    const Utf8Char c = folded_at(text, i);
    if (!is_regex_space(c.code_point)) break;
    i += c.length;
  }
  return i;
}

bool starts_with_at(std::string_view text, std::size_t i, std::string_view word) {
  return text.substr(i, word.size()) == word;
}

// What may follow the unit: (?=$|[\s)\]】,，;；/(（]).
bool ends_unit(std::string_view text, std::size_t i) {
  if (i >= text.size()) return true;
  const char32_t c = folded_at(text, i).code_point;
  return is_regex_space(c) || c == U')' || c == U']' || c == U'】' || c == U',' || c == U'，' ||
         c == U';' || c == U'；' || c == U'/' || c == U'(' || c == U'（';
}

// Matches the rest of the declaration after the 单 at `at`:
//   单\s*位\s*[:]?\s*(人民币)?\s*(百万元|千元|万元|亿元|元)(?=$|[\s)\]】,，;；/(（])
// Every part is forced (a space run is never followed by something that is a
// space, 人民币 and the units start with distinct characters), so one forward
// pass decides it; returns the unit, or an empty view.
std::string_view unit_after(std::string_view text, std::size_t at) {
  static constexpr std::array<std::string_view, 5> kUnits = {"百万元", "千元", "万元", "亿元",
                                                             "元"};
  std::size_t i = skip_spaces(text, at + std::string_view("单").size());
  if (!starts_with_at(text, i, "位")) return {};
  i = skip_spaces(text, i + std::string_view("位").size());
  if (i < text.size()) {
    const Utf8Char c = folded_at(text, i);
    if (c.code_point == U':') i = skip_spaces(text, i + c.length);
  }
  if (starts_with_at(text, i, "人民币")) i += std::string_view("人民币").size();
  i = skip_spaces(text, i);
  for (std::string_view unit : kUnits) {
    if (starts_with_at(text, i, unit)) return ends_unit(text, i + unit.size()) ? unit : "";
  }
  return {};
}

}  // namespace

std::optional<MoneyUnit> money_unit(std::string_view name) {
  std::string n = normalise_label(name);
  if (n == "元" || n == "人民币元") return MoneyUnit{"元", 0};
  if (n == "千元") return MoneyUnit{"千元", 3};
  if (n == "万元") return MoneyUnit{"万元", 4};
  if (n == "百万元") return MoneyUnit{"百万元", 6};
  if (n == "亿元") return MoneyUnit{"亿元", 8};
  return std::nullopt;
}

// Replaces a regex search for
//   (金额)?单\s*位\s*[:]?\s*(人民币)?\s*(百万元|千元|万元|亿元|元)(?=$|[\s)\]】,，;；/(（])
// over the text with full-width forms folded (see folded_at). The leftmost
// match is the one at the first 单 that starts a declaration; (金额)? never
// changes which unit it finds. Returns group 3.
std::optional<std::string> find_unit_declaration(std::string_view cell_text) {
  if (cell_text.size() > 600) return std::nullopt;  // a unit line is short
  constexpr std::string_view kDan = "单";
  for (std::size_t at = cell_text.find(kDan); at != std::string_view::npos;
       at = cell_text.find(kDan, at + kDan.size())) {
    const std::string_view unit = unit_after(cell_text, at);
    if (!unit.empty()) return std::string(unit);
  }
  return std::nullopt;
}

namespace {

bool count_word(std::string_view w) {
  static constexpr std::array<std::string_view, 22> kWords = {
      "台", "辆", "套", "个", "人", "人次", "家", "批", "批次", "次", "件",
      "处", "所", "名", "户", "间", "座",   "项", "团", "组",   "部", "架"};
  return std::find(kWords.begin(), kWords.end(), w) != kWords.end();
}

bool ends_with(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

}  // namespace

bool is_count_unit(std::string_view name) {
  const std::string n = normalise_label(name);
  if (n.empty()) return false;
  // Split on the list separators 、 , / ，.
  std::size_t start = 0;
  while (start <= n.size()) {
    std::size_t end = n.size();
    for (std::string_view sep : {std::string_view("、"), std::string_view(","),
                                 std::string_view("/"), std::string_view("，")}) {
      const std::size_t at = n.find(sep, start);
      if (at != std::string::npos && at < end) end = at;
    }
    if (!count_word(std::string_view(n).substr(start, end - start))) return false;
    if (end == n.size()) return true;
    start = end + (n.compare(end, 1, ",") == 0 || n.compare(end, 1, "/") == 0 ? 1 : 3);
  }
  return true;
}

bool label_names_count(std::string_view label) {
  const std::string n = strip_ordinal(label);
  if (n.empty()) return false;
  // A trailing bracket: "(辆)", "(台、套)". Normalised text has ASCII brackets.
  if (n.back() == ')') {
    const std::size_t open = n.rfind('(');
    if (open != std::string::npos &&
        is_count_unit(std::string_view(n).substr(open + 1, n.size() - open - 2)))
      return true;
  }
  for (std::string_view tail : {"人次", "人次数", "批次", "批次数", "团组数", "人数", "户数",
                                "车辆数", "保有量", "购置数"}) {
    if (ends_with(n, tail)) return true;
  }
  return false;
}

}  // namespace bc
