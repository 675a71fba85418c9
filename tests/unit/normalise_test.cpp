// converters/normalise: amounts, units and classification codes.
#include <gtest/gtest.h>

#include <string>

#include "normalise/amounts.h"
#include "normalise/codes.h"
#include "normalise/units.h"

namespace bc {
namespace {

using Status = AmountReading::Status;

// "Ok 4092.38" / "Placeholder" / "Invalid: why" / "Blank", so a failure shows
// everything at once.
std::string describe(const AmountReading& r) {
  switch (r.status) {
    case Status::Ok:
      return std::string("Ok ") + r.value.to_string() + (r.repaired ? " repaired" : "");
    case Status::Blank:
      return "Blank";
    case Status::Placeholder:
      return "Placeholder";
    case Status::Invalid:
      return "Invalid";
  }
  return "?";
}

std::string read(const std::string& text) { return describe(read_amount_text(text)); }

TEST(ReadAmountText, PlainAndGroupedNumbers) {
  EXPECT_EQ(read("838.98"), "Ok 838.98");
  EXPECT_EQ(read("4,092.38"), "Ok 4092.38");
  EXPECT_EQ(read("12,462,702.17"), "Ok 12462702.17");
  EXPECT_EQ(read("-1,234"), "Ok -1234");
  EXPECT_EQ(read("+12"), "Ok 12");
  EXPECT_EQ(read("  56.00  "), "Ok 56");
  EXPECT_EQ(read("0"), "Ok 0");
  EXPECT_EQ(read("0.00"), "Ok 0");
}

TEST(ReadAmountText, OcrSpacingIsRepairedAndFlagged) {
  EXPECT_EQ(read("7, 836. 48"), "Ok 7836.48 repaired");
  EXPECT_EQ(read("1 234"), "Ok 1234 repaired");
  EXPECT_EQ(read("7\u3000836"), "Ok 7836 repaired");
  EXPECT_EQ(read("12\u00A0345.6"), "Ok 12345.6 repaired");
}

TEST(ReadAmountText, PlaceholdersAndBlanks) {
  for (const char* p : {"-", "—", "——", "－", "/", "…", " - ", "\u3000——\u3000"}) {
    EXPECT_EQ(read(p), "Placeholder") << p;
    EXPECT_TRUE(read_amount_text(p).value.is_zero()) << p;
  }
  EXPECT_EQ(read(""), "Blank");
  EXPECT_EQ(read("   "), "Blank");
  EXPECT_EQ(read("\u3000"), "Blank");
  EXPECT_TRUE(is_placeholder_text("—"));
  EXPECT_FALSE(is_placeholder_text("0"));
  EXPECT_FALSE(is_placeholder_text("- 5"));
}

TEST(ReadAmountText, InvalidGroupingIsNotGuessed) {
  for (const char* t : {"1,23,456", "12,34", "1,234,56", ",123", "1,234,", "1,,234", "1234,567"}) {
    AmountReading r = read_amount_text(t);
    EXPECT_EQ(describe(r), "Invalid") << t;
    if (r.status == Status::Invalid) {
      EXPECT_NE(r.problem.find("three"), std::string::npos) << t;
    }
  }
}

TEST(ReadAmountText, CommaInsideTheFractionIsInvalid) {
  // Grouping is checked on the integer part only; the fraction's comma is then
  // silently dropped and "1,234.5,6" reads as 1234.56.
  EXPECT_EQ(read("1,234.5,6"), "Invalid");
  EXPECT_EQ(read("0.1,5"), "Invalid");
}

TEST(ReadAmountText, ParenthesisedNegatives) {
  EXPECT_EQ(read("(1,234.50)"), "Ok -1234.5");
  EXPECT_EQ(read("(12)"), "Ok -12");
  EXPECT_EQ(read("（12）"), "Ok -12");  // full-width brackets
  EXPECT_EQ(read("(12"), "Invalid");
  EXPECT_EQ(read("12)"), "Invalid");
  EXPECT_EQ(read("()"), "Invalid");
}

TEST(ReadAmountText, SignInsideParenthesesIsNotFlipped) {
  // "(-5)" is neither accounting notation nor a plain number; reading it as
  // +5 silently inverts the sign the writer intended.
  EXPECT_EQ(read("(-5)"), "Invalid");
}

TEST(ReadAmountText, FullWidthDigits) {
  EXPECT_EQ(read("１２３．４５"), "Ok 123.45");
  EXPECT_EQ(read("１，２３４"), "Ok 1234");
  EXPECT_EQ(read("－１２"), "Ok -12");
}

TEST(ReadAmountText, NonNumbersAreInvalidWithAReason) {
  AmountReading r = read_amount_text("12元");
  EXPECT_EQ(describe(r), "Invalid");
  EXPECT_NE(r.problem.find("元"), std::string::npos) << r.problem;
  for (const char* t : {"abc", "1e5", "1E-3", "12%", "1.2.3", "--5", ".", "合计", "0x10"}) {
    EXPECT_EQ(read(t), "Invalid") << t;
  }
  // Beyond what a Decimal holds exactly: Invalid, not a wrong value.
  EXPECT_EQ(read(std::string(60, '9')), "Invalid");
}

CellView view(CellType type, std::string_view value) {
  CellView cell;
  cell.type = type;
  cell.value = value;
  cell.raw = value;
  return cell;
}

TEST(ReadAmount, ByCellType) {
  EXPECT_EQ(describe(read_amount(view(CellType::Number, "838.98"))), "Ok 838.98");
  EXPECT_EQ(describe(read_amount(view(CellType::Number, "-1e-05"))), "Ok -0.00001");
  EXPECT_EQ(describe(read_amount(view(CellType::Number, "0"))), "Ok 0");
  EXPECT_EQ(describe(read_amount(view(CellType::Number, "1,234"))), "Invalid");
  EXPECT_EQ(describe(read_amount(view(CellType::Text, "4,092.38"))), "Ok 4092.38");
  EXPECT_EQ(describe(read_amount(view(CellType::Text, "——"))), "Placeholder");
  EXPECT_EQ(describe(read_amount(CellView{})), "Blank");
  EXPECT_EQ(describe(read_amount(view(CellType::Bool, "TRUE"))), "Invalid");
  EXPECT_EQ(describe(read_amount(view(CellType::Date, "2024-01-01"))), "Invalid");
  AmountReading err = read_amount(view(CellType::Error, "#N/A"));
  EXPECT_EQ(describe(err), "Invalid");
  EXPECT_NE(err.problem.find("#N/A"), std::string::npos);
}

TEST(MoneyUnit, KnownUnitsAndTheirPowers) {
  struct Case {
    const char* name;
    const char* text;
    int power;
  };
  for (const Case& c : {Case{"元", "元", 0}, Case{"人民币元", "元", 0}, Case{"千元", "千元", 3},
                        Case{"万元", "万元", 4}, Case{" 万 元 ", "万元", 4},
                        Case{"百万元", "百万元", 6}, Case{"亿元", "亿元", 8}}) {
    auto unit = money_unit(c.name);
    ASSERT_TRUE(unit.has_value()) << c.name;
    EXPECT_EQ(unit->text, c.text) << c.name;
    EXPECT_EQ(unit->power_of_ten, c.power) << c.name;
  }
  for (const char* bad : {"", "万", "美元", "万元/人", "个"}) {
    EXPECT_FALSE(money_unit(bad).has_value()) << bad;
  }
}

TEST(FindUnitDeclaration, RecognisesTheUsualSpellings) {
  EXPECT_EQ(find_unit_declaration("单位：万元").value_or("-"), "万元");
  EXPECT_EQ(find_unit_declaration("金额单位:元").value_or("-"), "元");
  EXPECT_EQ(find_unit_declaration("单位: 万元").value_or("-"), "万元");
  EXPECT_EQ(find_unit_declaration("（单位：万元）").value_or("-"), "万元");
  EXPECT_EQ(find_unit_declaration("单位：人民币万元").value_or("-"), "万元");
  EXPECT_EQ(find_unit_declaration("单位：百万元").value_or("-"), "百万元");
  EXPECT_EQ(find_unit_declaration("部门：某某局      单位：千元").value_or("-"), "千元");
  EXPECT_FALSE(find_unit_declaration("单位名称").has_value());
  EXPECT_FALSE(find_unit_declaration("部门收支总表").has_value());
  EXPECT_FALSE(find_unit_declaration("万元").has_value());
}

TEST(FindUnitDeclaration, PlaceNamesBeginningWithYuanAreNotUnits) {
  // "单位：" also introduces the reporting unit's name (parse_department
  // accepts it). 元氏县, 元宝山区, 元谋县 are real places.
  EXPECT_FALSE(find_unit_declaration("单位：元氏县卫生健康局").has_value());
  EXPECT_FALSE(find_unit_declaration("预算单位：元宝山区教育局").has_value());
  // A real declaration after the name is still found.
  EXPECT_EQ(find_unit_declaration("单位：元谋县财政局  单位：万元").value_or("-"), "万元");
}

TEST(CodeDigits, DigitsSpacesAndNumericCells) {
  EXPECT_EQ(code_digits("2080505").value_or("-"), "2080505");
  EXPECT_EQ(code_digits("210 15 06").value_or("-"), "2101506");
  EXPECT_EQ(code_digits("05").value_or("-"), "05");
  EXPECT_EQ(code_digits("208.0").value_or("-"), "208");
  EXPECT_EQ(code_digits("20805.0").value_or("-"), "20805");
  EXPECT_EQ(code_digits("２０８").value_or("-"), "208");
  EXPECT_EQ(code_digits(" 301 ").value_or("-"), "301");
  for (const char* bad : {"", " ", "合计", "2080a", "208.5", "-208", "2.08e2"}) {
    EXPECT_FALSE(code_digits(bad).has_value()) << bad;
  }
}

TEST(JoinFunctionCode, PadsNumericKuanAndXiang) {
  using V = std::vector<std::string>;
  EXPECT_EQ(join_function_code(V{"208", "5", "5"}).value_or("-"), "2080505");
  EXPECT_EQ(join_function_code(V{"208", "05", "01"}).value_or("-"), "2080501");
  EXPECT_EQ(join_function_code(V{"208.0", "5.0", "1.0"}).value_or("-"), "2080501");
  EXPECT_EQ(join_function_code(V{"210", "11", ""}).value_or("-"), "21011");
  EXPECT_EQ(join_function_code(V{"208", "", ""}).value_or("-"), "208");
  EXPECT_EQ(join_function_code(V{"208", "", "05"}).value_or("-"), "208");  // empty ends the code
  EXPECT_FALSE(join_function_code(V{"", "05", "01"}).has_value());
  EXPECT_FALSE(join_function_code(V{"208", "x", "01"}).has_value());
  EXPECT_FALSE(join_function_code(V{}).has_value());
  EXPECT_FALSE(join_function_code(V{"合计", "", ""}).has_value());
}

TEST(CodeSchemes, ByLeadingDigitAndLength) {
  EXPECT_EQ(scheme_of_code("2080505"), CodeScheme::Function);
  EXPECT_EQ(scheme_of_code("30101"), CodeScheme::DeptEcon);
  EXPECT_EQ(scheme_of_code("50101"), CodeScheme::GovEcon);
  EXPECT_FALSE(scheme_of_code("101001").has_value());
  EXPECT_FALSE(scheme_of_code("").has_value());

  EXPECT_TRUE(valid_code_length(CodeScheme::Function, "208"));
  EXPECT_TRUE(valid_code_length(CodeScheme::Function, "20805"));
  EXPECT_TRUE(valid_code_length(CodeScheme::Function, "2080505"));
  EXPECT_FALSE(valid_code_length(CodeScheme::Function, "2080"));
  EXPECT_FALSE(valid_code_length(CodeScheme::Function, "208050"));
  EXPECT_TRUE(valid_code_length(CodeScheme::DeptEcon, "30101"));
  EXPECT_FALSE(valid_code_length(CodeScheme::DeptEcon, "3010101"));
  EXPECT_TRUE(valid_code_length(CodeScheme::GovEcon, "501"));
  EXPECT_FALSE(valid_code_length(CodeScheme::GovEcon, "5"));
  EXPECT_TRUE(valid_code_length(CodeScheme::Unit, "101001001"));
  EXPECT_FALSE(valid_code_length(CodeScheme::Unit, ""));

  for (CodeScheme s : {CodeScheme::Function, CodeScheme::DeptEcon, CodeScheme::GovEcon,
                       CodeScheme::Unit, CodeScheme::Auto}) {
    EXPECT_EQ(parse_code_scheme(code_scheme_name(s)), s);
  }
  EXPECT_FALSE(parse_code_scheme("Function").has_value());
}

}  // namespace
}  // namespace bc
