// Declared units of a table ("单位：万元") and their scale to yuan.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace bc {

struct MoneyUnit {
  std::string text;  // as declared: "万元", "元"
  int power_of_ten;  // yuan = value * 10^power_of_ten
};

// Recognises a unit name: 元, 千元, 万元, 百万元, 亿元 (after normalisation).
std::optional<MoneyUnit> money_unit(std::string_view name);

// Finds a unit declaration inside a heading cell: "单位：万元", "金额单位:元",
// "单位: 万元", "（单位：万元）". Returns the unit name as printed.
std::optional<std::string> find_unit_declaration(std::string_view cell_text);

// A count unit, or a list of them: 台, 辆, 套, 个, 人, 人次, 家, 批, 批次, 次,
// 件, 处, 所, 名, 户, 间, 座, 项, 团, 组 ("台、辆、套", "台/套").
bool is_count_unit(std::string_view name);

// A row label that names a count, not money: a trailing bracket holding a
// count unit ("公务用车保有量（辆）", "车辆数合计（台、辆）"), or a label ending
// in a counted noun ("因公出国(境)人次数", "国(境)外公务接待批次", "团组数").
bool label_names_count(std::string_view label);

}  // namespace bc
