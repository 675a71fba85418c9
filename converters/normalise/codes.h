// Classification codes (政府收支分类): 支出功能分类 (function, 2xx), 部门预算
// 支出经济分类 (dept_econ, 3xx) and 政府预算支出经济分类 (gov_econ, 5xx).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bc {

enum class CodeScheme { Function, DeptEcon, GovEcon, Income, Unit, Auto };
const char* code_scheme_name(CodeScheme scheme);
std::optional<CodeScheme> parse_code_scheme(std::string_view name);  // "function", "dept_econ", ...

// The digits of a code cell: "2080505", "210 15 06" -> "2101506", "05" -> "05".
// nullopt if the text holds anything but digits, spaces and dots ("208.0" from a
// numeric cell is accepted as 208).
std::optional<std::string> code_digits(std::string_view text);

// Joins split 类/款/项 parts, zero-padding 款 and 项 to two digits when a
// writer stored them as numbers ("5" -> "05"). Empty parts end the code.
std::optional<std::string> join_function_code(const std::vector<std::string>& parts);

// Which scheme a bare code belongs to by its leading digit, for columns that
// mix them: 2 -> function, 3 -> dept_econ, 5 -> gov_econ.
std::optional<CodeScheme> scheme_of_code(std::string_view digits);

// True when the code has a valid length for its scheme (function 3/5/7,
// economic 3/5).
bool valid_code_length(CodeScheme scheme, std::string_view digits);

}  // namespace bc
