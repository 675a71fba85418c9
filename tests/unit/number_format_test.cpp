#include <gtest/gtest.h>

#include "read/number_format.h"

namespace bc {
namespace {

TEST(NumberFormat, FixedDecimalsComeFromTheFirstSection) {
  EXPECT_EQ(classify_number_format("0.00").fixed_decimals, 2);
  EXPECT_EQ(classify_number_format("#,##0.00").fixed_decimals, 2);
  EXPECT_EQ(classify_number_format("#,##0").fixed_decimals, 0);
  EXPECT_EQ(classify_number_format("0").fixed_decimals, 0);
  EXPECT_EQ(classify_number_format("#,##0.00_ ;[Red]-#,##0.00 ").fixed_decimals, 2);
  EXPECT_EQ(classify_number_format("0.0;0.000").fixed_decimals, 1);
  EXPECT_EQ(classify_number_format("0.00\"万元\"").fixed_decimals, 2);
  EXPECT_EQ(classify_number_format("[$€-2] #,##0.000").fixed_decimals, 3);
  EXPECT_EQ(classify_number_format(builtin_number_format(43)).fixed_decimals, 2);
  EXPECT_EQ(classify_number_format(builtin_number_format(44)).fixed_decimals, 2);
}

TEST(NumberFormat, FormatsThatDoNotFixDecimals) {
  EXPECT_EQ(classify_number_format("General").fixed_decimals, -1);
  EXPECT_EQ(classify_number_format("general").fixed_decimals, -1);
  EXPECT_EQ(classify_number_format("0.00E+00").fixed_decimals, -1);
  EXPECT_EQ(classify_number_format("# ?/?").fixed_decimals, -1);
  EXPECT_EQ(classify_number_format("#,##0,").fixed_decimals, -1);
  EXPECT_EQ(classify_number_format("@").fixed_decimals, -1);
  EXPECT_TRUE(classify_number_format("@").is_text);
  EXPECT_EQ(classify_number_format("").fixed_decimals, -1);
}

TEST(NumberFormat, Percent) {
  auto info = classify_number_format("0.00%");
  EXPECT_TRUE(info.is_percent);
  EXPECT_EQ(info.fixed_decimals, 2);
  EXPECT_FALSE(info.is_date);
}

TEST(NumberFormat, DatesAndDurations) {
  for (const char* code :
       {"yyyy-mm-dd", "mm-dd-yy", "d-mmm-yy", "h:mm AM/PM", "[$-F800]dddd\\,\\ mmmm\\ dd\\,\\ yyyy",
        "yyyy\"年\"m\"月\"d\"日\"", "[Red]dd/mm/yyyy", "mm:ss.0"}) {
    auto info = classify_number_format(code);
    EXPECT_TRUE(info.is_date) << code;
    EXPECT_FALSE(info.is_duration) << code;
    EXPECT_EQ(info.fixed_decimals, -1) << code;
  }
  for (const char* code : {"[h]:mm:ss", "[hh]:mm", "[mm]:ss", "[ss].00"}) {
    auto info = classify_number_format(code);
    EXPECT_TRUE(info.is_date) << code;
    EXPECT_TRUE(info.is_duration) << code;
  }
  for (const char* code :
       {"0.00\"d\"", "#,##0\\h", "[Red]0.00", "[<=9999999]###\\-####", "\"Days: \"0"}) {
    EXPECT_FALSE(classify_number_format(code).is_date) << code;
  }
  EXPECT_TRUE(classify_number_format(builtin_number_format(14)).is_date);
  EXPECT_TRUE(classify_number_format(builtin_number_format(31)).is_date);
  EXPECT_TRUE(classify_number_format(builtin_number_format(58)).is_date);
  EXPECT_EQ(builtin_number_format(0), "General");
  EXPECT_EQ(builtin_number_format(164), "");
  EXPECT_EQ(builtin_number_format(-1), "");
}

TEST(ExcelSerial, DatesInThe1900System) {
  EXPECT_EQ(excel_serial_to_iso("41331", false, false), "2013-02-26T00:00:00");
  EXPECT_EQ(excel_serial_to_iso("1", false, false), "1900-01-01T00:00:00");
  EXPECT_EQ(excel_serial_to_iso("59", false, false), "1900-02-28T00:00:00");
  EXPECT_EQ(excel_serial_to_iso("60", false, false), "1900-02-29T00:00:00");
  EXPECT_EQ(excel_serial_to_iso("61", false, false), "1900-03-01T00:00:00");
  EXPECT_EQ(excel_serial_to_iso("43101.5", false, false), "2018-01-01T12:00:00");
  EXPECT_EQ(excel_serial_to_iso("2958465", false, false), "9999-12-31T00:00:00");
  EXPECT_EQ(excel_serial_to_iso("42000.0000057870", false, false), "2014-12-27T00:00:00.500000");
}

TEST(ExcelSerial, TimesNegativesAnd1904) {
  EXPECT_EQ(excel_serial_to_iso("0", false, false), "00:00:00");
  EXPECT_EQ(excel_serial_to_iso("0.75", false, false), "18:00:00");
  EXPECT_EQ(excel_serial_to_iso("-0.5", false, false), "1899-12-29T12:00:00");
  EXPECT_EQ(excel_serial_to_iso("0", true, false), "00:00:00");
  EXPECT_EQ(excel_serial_to_iso("1", true, false), "1904-01-02T00:00:00");
  EXPECT_EQ(excel_serial_to_iso("39871", true, false), "2013-02-28T00:00:00");
}

TEST(ExcelSerial, Durations) {
  EXPECT_EQ(excel_serial_to_iso("1.5", false, true), "36:00:00");
  EXPECT_EQ(excel_serial_to_iso("0.0000057870", false, true), "0:00:00.5");
  EXPECT_EQ(excel_serial_to_iso("-0.5", false, true), "-12:00:00");
}

TEST(ExcelSerial, OutOfRangeAndGarbage) {
  EXPECT_FALSE(excel_serial_to_iso("2958466", false, false));
  EXPECT_FALSE(excel_serial_to_iso("1e20", false, false));
  EXPECT_FALSE(excel_serial_to_iso("abc", false, false));
  EXPECT_FALSE(excel_serial_to_iso("", false, false));
}

}  // namespace
}  // namespace bc
