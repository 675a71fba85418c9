#include "normalise/units.h"

#include <regex>

#include "core/utf8.h"
#include "headers/label_text.h"

namespace bc {

std::optional<MoneyUnit> money_unit(std::string_view name) {
  std::string n = normalise_label(name);
  if (n == "元" || n == "人民币元") return MoneyUnit{"元", 0};
  if (n == "千元") return MoneyUnit{"千元", 3};
  if (n == "万元") return MoneyUnit{"万元", 4};
  if (n == "百万元") return MoneyUnit{"百万元", 6};
  if (n == "亿元") return MoneyUnit{"亿元", 8};
  return std::nullopt;
}

std::optional<std::string> find_unit_declaration(std::string_view cell_text) {
  if (cell_text.size() > 600) return std::nullopt;  // a unit line is short
  // Fold full-width forms but keep word breaks: the unit must END the
  // declaration, so "单位：元氏县卫生健康局" (a place name) is not 元.
  std::wstring text;
  for (char32_t c : utf8_to_u32(cell_text)) {
    if (c >= 0xFF01 && c <= 0xFF5E) c = c - 0xFF01 + 0x21;
    if (c == 0x3000 || c == 0x00A0) c = U' ';
    text.push_back(static_cast<wchar_t>(c));
  }
  static const std::wregex pattern(
      LR"((金额)?单\s*位\s*[:]?\s*(人民币)?\s*(百万元|千元|万元|亿元|元)(?=$|[\s)\]】,，;；/(（]))");
  std::wsmatch m;
  if (!std::regex_search(text, m, pattern)) return std::nullopt;
  return wide_to_utf8(m[3].str());
}

}  // namespace bc
