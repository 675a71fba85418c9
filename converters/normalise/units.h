// Declared units of a table ("单位：万元") and their scale to yuan.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace bc {

struct MoneyUnit {
  std::string text;   // as declared: "万元", "元"
  int power_of_ten;   // yuan = value * 10^power_of_ten
};

// Recognises a unit name: 元, 千元, 万元, 百万元, 亿元 (after normalisation).
std::optional<MoneyUnit> money_unit(std::string_view name);

// Finds a unit declaration inside a heading cell: "单位：万元", "金额单位:元",
// "单位: 万元", "（单位：万元）". Returns the unit name as printed.
std::optional<std::string> find_unit_declaration(std::string_view cell_text);

}  // namespace bc
