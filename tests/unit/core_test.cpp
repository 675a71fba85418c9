#include <gtest/gtest.h>

#include "core/address.h"
#include "core/decimal.h"
#include "core/sheet.h"

namespace bc {
namespace {

TEST(Address, RoundTripsA1) {
  EXPECT_EQ(a1(0, 0), "A1");
  EXPECT_EQ(a1(5, 1), "B6");
  EXPECT_EQ(column_letters(16383), "XFD");
  EXPECT_EQ(column_letters(25), "Z");
  EXPECT_EQ(column_letters(26), "AA");
  auto addr = parse_a1("$XFD$1048576");
  ASSERT_TRUE(addr);
  EXPECT_EQ(addr->row, 1048575u);
  EXPECT_EQ(addr->col, 16383u);
  EXPECT_FALSE(parse_a1("A0"));
  EXPECT_FALSE(parse_a1("XFE1"));
  EXPECT_FALSE(parse_a1("A1048577"));
  EXPECT_FALSE(parse_a1("1A"));
  auto range = parse_range("G3:A1");
  ASSERT_TRUE(range);
  EXPECT_EQ(range->to_a1(), "A1:G3");
}

TEST(Decimal, ParsesAndPrintsExactly) {
  EXPECT_EQ(Decimal::parse("838.98")->to_string(), "838.98");
  EXPECT_EQ(Decimal::parse("-0.50")->to_string(), "-0.5");
  EXPECT_EQ(Decimal::parse("0.05")->to_string(), "0.05");
  EXPECT_EQ(Decimal::parse("1e+16")->to_string(), "10000000000000000");
  EXPECT_EQ(Decimal::parse("1.5E-3")->to_string(), "0.0015");
  EXPECT_EQ(Decimal::parse("12462702.17")->to_string(), "12462702.17");
  EXPECT_FALSE(Decimal::parse(""));
  EXPECT_FALSE(Decimal::parse("1,000"));
  EXPECT_FALSE(Decimal::parse("1.2.3"));
  EXPECT_FALSE(Decimal::parse("abc"));
  EXPECT_FALSE(Decimal::parse("1e"));
}

TEST(Decimal, ScalesWanYuanToYuanExactly) {
  EXPECT_EQ(Decimal::parse("838.98")->scaled_by_power_of_ten(4)->to_string(), "8389800");
  EXPECT_EQ(Decimal::parse("0.08")->scaled_by_power_of_ten(4)->to_string(), "800");
  EXPECT_EQ(Decimal::parse("0.00001")->scaled_by_power_of_ten(4)->to_string(), "0.1");
  EXPECT_FALSE(Decimal::parse("1e30")->scaled_by_power_of_ten(10));
}

TEST(Decimal, AddsAndCompares) {
  auto sum = Decimal::parse("601.22")->add(*Decimal::parse("27.26"));
  EXPECT_EQ(sum->to_string(), "628.48");
  EXPECT_EQ(Decimal::parse("1.10")->compare(*Decimal::parse("1.1")), 0);
  EXPECT_EQ(Decimal::parse("-2")->compare(*Decimal::parse("1")), -1);
  EXPECT_EQ(Decimal::parse("2.5")->to_fixed(2), "2.50");
  EXPECT_EQ(Decimal::parse("2.345")->to_fixed(2), "2.35");
  EXPECT_EQ(Decimal::parse("-2.345")->to_fixed(2), "-2.35");
}

TEST(PublishedNumber, RemovesWriterBinaryNoise) {
  EXPECT_EQ(*published_number("902.3099999999999"), "902.31");
  EXPECT_EQ(*published_number("0.30000000000000004"), "0.3");
  EXPECT_EQ(*published_number("838.98"), "838.98");
  EXPECT_EQ(*published_number("4092.3800000000001"), "4092.38");
  EXPECT_EQ(*published_number("123456789012345678"), "123456789012346000");
  EXPECT_EQ(*published_number("1.0000000000000002"), "1");
  EXPECT_EQ(*published_number("3"), "3");
}

TEST(PublishedNumber, RoundsToTheFormatsFixedDecimals) {
  EXPECT_EQ(*published_number("838.984", 2), "838.98");
  EXPECT_EQ(*published_number("838.985", 2), "838.99");
  EXPECT_EQ(*published_number("838.5", 0), "839");
  EXPECT_EQ(*published_number("7", 2), "7");
  EXPECT_FALSE(published_number("n/a"));
}

TEST(Sheet, SortsCellsAndResolvesMerges) {
  SheetBuilder builder("S");
  builder.add_text(2, 3, "late");
  builder.add_text(0, 1, "B1");
  builder.add_text(0, 0, "A1");
  builder.add_text(0, 1, "B1 again");
  builder.meta().merged.push_back(*parse_range("A1:A3"));
  Sheet sheet = builder.finish();
  ASSERT_EQ(sheet.rows().size(), 2u);
  EXPECT_EQ(sheet.cell(0, 1).value, "B1 again");
  EXPECT_TRUE(sheet.cell(1, 0).empty());
  EXPECT_EQ(sheet.covering_cell(2, 0).value, "A1");
  EXPECT_EQ(sheet.max_column(), 4u);
  EXPECT_EQ(sheet.cell_count(), 3u);
}

}  // namespace
}  // namespace bc
