#include "locate/heading_match.h"

#include <array>

#include "headers/utf8_scan.h"

namespace bc {
namespace {

constexpr std::string_view kBiao = "表";

bool starts_with_at(std::string_view text, std::size_t i, std::string_view word) {
  return i <= text.size() && text.substr(i, word.size()) == word;
}

// End of the run of ASCII digits (`\d` under the classic locale) at i.
std::size_t digits_end(std::string_view text, std::size_t i) {
  while (i < text.size() && is_ascii_digit(text[i])) ++i;
  return i;
}

// Matches (-\d+)* from i (at most one group when `repeat` is false) to the
// end of the text. \d+ is greedy and '-' is not a digit, so no backtracking.
bool dash_numbers_to_end(std::string_view text, std::size_t i, bool repeat) {
  for (int groups = 0; i < text.size(); ++groups) {
    if (text[i] != '-' || (groups > 0 && !repeat)) return false;
    const std::size_t end = digits_end(text, i + 1);
    if (end == i + 1) return false;
    i = end;
  }
  return true;
}

// (19|20)\d{2} at i.
bool year_digits_at(std::string_view text, std::size_t i) {
  return i + 4 <= text.size() &&
         ((text[i] == '1' && text[i + 1] == '9') || (text[i] == '2' && text[i + 1] == '0')) &&
         is_ascii_digit(text[i + 2]) && is_ascii_digit(text[i + 3]);
}

std::size_t skip_regex_spaces(std::string_view text, std::size_t i) {
  while (i < text.size() && is_regex_space(static_cast<unsigned char>(text[i]))) ++i;
  return i;
}

// \s*(金额)?单位\s*[:：].*$ from i (the \s* already skipped).
bool unit_tail_at(std::string_view name, std::size_t i) {
  if (starts_with_at(name, i, "金额") && starts_with_at(name, i + 6, "单位")) i += 6;
  if (!starts_with_at(name, i, "单位")) return false;
  i = skip_regex_spaces(name, i + 6);
  if (starts_with_at(name, i, ":")) {
    ++i;
  } else if (starts_with_at(name, i, "：")) {
    i += 3;
  } else {
    return false;
  }
  return !has_line_terminator(name.substr(i));
}

// (19|20)\d{2}\s*年度?\s*$ from i.
bool year_tail_at(std::string_view name, std::size_t i) {
  if (!year_digits_at(name, i)) return false;
  i = skip_regex_spaces(name, i + 4);
  if (!starts_with_at(name, i, "年")) return false;
  i += 3;
  if (starts_with_at(name, i, "度")) i += 3;
  return skip_regex_spaces(name, i) == name.size();
}

}  // namespace

bool starts_with_part_heading(std::string_view n) {
  static constexpr std::array<std::string_view, 10> kNumerals = {"一", "二", "三", "四", "五",
                                                                 "六", "七", "八", "九", "十"};
  if (!starts_with_at(n, 0, "第")) return false;
  const std::size_t first = 3;
  std::size_t i = first;
  while (i < n.size()) {
    if (is_ascii_digit(n[i])) {
      ++i;
      continue;
    }
    bool numeral = false;
    for (std::string_view w : kNumerals) numeral = numeral || starts_with_at(n, i, w);
    if (!numeral) break;
    i += 3;
  }
  return i > first && starts_with_at(n, i, "部分");
}

bool is_bare_table_code(std::string_view n) {
  // 表\d+(-\d+)?
  if (starts_with_at(n, 0, kBiao)) {
    const std::size_t end = digits_end(n, 3);
    if (end > 3 && dash_numbers_to_end(n, end, false)) return true;
  }
  // .*公开\d+表 : the digits run back from the final 表 to 公开; `.` stops at line terminators.
  if (n.size() < 3 || n.substr(n.size() - 3) != kBiao) return false;
  std::size_t start = n.size() - 3;
  const std::size_t digits_to = start;
  while (start > 0 && is_ascii_digit(n[start - 1])) --start;
  if (start == digits_to || start < 6 || n.substr(start - 6, 6) != "公开") return false;
  return !has_line_terminator(n.substr(0, start - 6));
}

bool ends_like_title(std::string_view n) {
  for (std::size_t at = n.find(kBiao); at != std::string_view::npos;
       at = n.find(kBiao, at + kBiao.size())) {
    const std::string_view rest = n.substr(at + kBiao.size());
    if (rest.empty()) return true;
    if (rest.size() >= 2 && ((rest.front() == '(' && rest.back() == ')') ||
                             (rest.front() == '[' && rest.back() == ']'))) {
      if (!has_line_terminator(rest.substr(1, rest.size() - 2))) return true;
    }
  }
  return false;
}

bool is_table_code(std::string_view n) {
  // YS\d{1,2}(-\d+)?, case-insensitive (ASCII only under the classic locale)
  if (n.size() >= 3 && (n[0] == 'Y' || n[0] == 'y') && (n[1] == 'S' || n[1] == 's')) {
    const std::size_t end = digits_end(n, 2);
    if (end > 2 && end <= 4 && dash_numbers_to_end(n, end, false)) return true;
  }
  // 表\d+(-\d+)*
  if (starts_with_at(n, 0, kBiao)) {
    const std::size_t end = digits_end(n, 3);
    if (end > 3 && dash_numbers_to_end(n, end, true)) return true;
  }
  // (预算|部门)?公开表?\d+表?
  std::size_t i = 0;
  if (starts_with_at(n, 0, "预算") || starts_with_at(n, 0, "部门")) i = 6;
  if (starts_with_at(n, i, "公开")) {
    i += 6;
    if (starts_with_at(n, i, kBiao)) i += 3;
    const std::size_t end = digits_end(n, i);
    if (end > i && (end == n.size() || (n.substr(end) == kBiao))) return true;
  }
  // 附表\d+(-\d+)?
  if (starts_with_at(n, 0, "附表")) {
    const std::size_t end = digits_end(n, 6);
    if (end > 6 && dash_numbers_to_end(n, end, false)) return true;
  }
  return false;
}

std::size_t find_year(std::string_view n) {
  constexpr std::string_view kNian = "年";
  for (std::size_t at = n.find(kNian); at != std::string_view::npos;
       at = n.find(kNian, at + kNian.size())) {
    if (at >= 4 && year_digits_at(n, at - 4)) return at - 4;
  }
  return std::string_view::npos;
}

bool starts_like_footnote(std::string_view n) {
  static constexpr std::array<std::string_view, 5> kWords = {"注", "说明", "备注", "填报说明",
                                                             "注释"};
  for (std::string_view w : kWords) {
    if (!starts_with_at(n, 0, w)) continue;
    const std::size_t i = w.size();
    if (i == n.size() || is_ascii_digit(n[i]) || n[i] == ':' || n[i] == '.' ||
        starts_with_at(n, i, "：") || starts_with_at(n, i, "、"))
      return true;
  }
  return false;
}

std::size_t find_name_tail(std::string_view name) {
  // The leftmost match starts with the space run before the first position
  // where either alternative (past its \s*) matches.
  for (std::size_t i = 0; i < name.size();) {
    if (unit_tail_at(name, i) || year_tail_at(name, i)) {
      while (i > 0 && is_regex_space(static_cast<unsigned char>(name[i - 1]))) --i;
      return i;
    }
    i += decode_utf8_at(name, i).length;
  }
  return std::string_view::npos;
}

}  // namespace bc
