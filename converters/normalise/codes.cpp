#include "normalise/codes.h"

#include "headers/label_text.h"

namespace bc {

const char* code_scheme_name(CodeScheme scheme) {
  switch (scheme) {
    case CodeScheme::Function:
      return "function";
    case CodeScheme::DeptEcon:
      return "dept_econ";
    case CodeScheme::GovEcon:
      return "gov_econ";
    case CodeScheme::Income:
      return "income";
    case CodeScheme::Unit:
      return "unit";
    case CodeScheme::Auto:
      return "auto";
  }
  return "auto";
}

std::optional<CodeScheme> parse_code_scheme(std::string_view name) {
  if (name == "function") return CodeScheme::Function;
  if (name == "dept_econ") return CodeScheme::DeptEcon;
  if (name == "gov_econ") return CodeScheme::GovEcon;
  if (name == "income") return CodeScheme::Income;
  if (name == "unit") return CodeScheme::Unit;
  if (name == "auto") return CodeScheme::Auto;
  return std::nullopt;
}

std::optional<std::string> code_digits(std::string_view text) {
  std::string t = normalise_label(text);
  if (t.size() > 2 && t.compare(t.size() - 2, 2, ".0") == 0) t.resize(t.size() - 2);
  std::string digits;
  for (char c : t) {
    if (c >= '0' && c <= '9') {
      digits.push_back(c);
    } else {
      return std::nullopt;
    }
  }
  if (digits.empty()) return std::nullopt;
  return digits;
}

std::optional<std::string> join_function_code(const std::vector<std::string>& parts) {
  std::string code;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (parts[i].empty()) break;
    auto digits = code_digits(parts[i]);
    if (!digits) return std::nullopt;
    std::string part = *digits;
    if (i > 0 && part.size() == 1) part = "0" + part;  // a 款/项 stored as the number 5
    code += part;
  }
  if (code.empty()) return std::nullopt;
  return code;
}

std::optional<CodeScheme> scheme_of_code(std::string_view digits) {
  if (digits.empty()) return std::nullopt;
  switch (digits[0]) {
    case '2':
      return CodeScheme::Function;
    case '3':
      return CodeScheme::DeptEcon;
    case '5':
      return CodeScheme::GovEcon;
    default:
      return std::nullopt;
  }
}

bool valid_code_length(CodeScheme scheme, std::string_view digits) {
  std::size_t n = digits.size();
  switch (scheme) {
    case CodeScheme::Function:
      return n == 3 || n == 5 || n == 7;
    case CodeScheme::DeptEcon:
    case CodeScheme::GovEcon:
      return n == 3 || n == 5;
    case CodeScheme::Income:  // 类/款/项/目: 3, 5, 7 or 9 digits
      return n == 3 || n == 5 || n == 7 || n == 9;
    case CodeScheme::Unit:
    case CodeScheme::Auto:
      return n > 0;
  }
  return false;
}

}  // namespace bc
