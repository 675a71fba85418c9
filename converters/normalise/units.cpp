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
  static const std::wregex pattern(L"(金额)?单位[:：]?(人民币)?(百万元|千元|万元|亿元|元)");
  std::wstring text = utf8_to_wide(normalise_label(cell_text));
  std::wsmatch m;
  if (!std::regex_search(text, m, pattern)) return std::nullopt;
  return wide_to_utf8(m[3].str());
}

}  // namespace bc
