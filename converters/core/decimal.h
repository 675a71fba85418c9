// Exact decimal numbers for money. A Decimal is an integer mantissa and a
// power-of-ten scale (value = mantissa / 10^scale). Parsing, unit scaling and
// printing are exact; nothing here touches float or double.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace bc {
// GCC and Clang provide a 128-bit integer; __extension__ keeps -Wpedantic quiet.
__extension__ typedef __int128 Int128;
}  // namespace bc

namespace bc {

class Decimal {
 public:
  Decimal() = default;
  // Strict parse of plain decimal text: optional sign, digits, optional
  // fraction, optional exponent ("1.5e+16"). No grouping, no spaces.
  static std::optional<Decimal> parse(std::string_view text);
  static Decimal from_int(long long value) { return Decimal(value, 0); }

  // value * 10^power, exact; nullopt on overflow (beyond 38 digits).
  std::optional<Decimal> scaled_by_power_of_ten(int power) const;
  std::optional<Decimal> add(const Decimal& other) const;
  std::optional<Decimal> subtract(const Decimal& other) const;
  Decimal negated() const { return Decimal(-mantissa_, scale_); }
  Decimal abs() const { return mantissa_ < 0 ? negated() : *this; }
  // Rounds half away from zero to `places` fraction digits (places may be < 0).
  Decimal rounded(int places) const;
  // Rounds half away from zero to `digits` significant digits.
  Decimal rounded_significant(int digits) const;
  int compare(const Decimal& other) const;  // -1, 0, 1
  bool is_zero() const { return mantissa_ == 0; }
  bool is_negative() const { return mantissa_ < 0; }

  // Plain notation, no exponent, trailing fraction zeros removed: "8389800",
  // "902.31", "-0.5", "0".
  std::string to_string() const;
  // Plain notation with exactly `places` fraction digits (after rounding).
  std::string to_fixed(int places) const;

  Int128 mantissa() const { return mantissa_; }
  int scale() const { return scale_; }

 private:
  Decimal(Int128 mantissa, int scale) : mantissa_(mantissa), scale_(scale) {}
  Decimal normalised() const;  // strips trailing zeros of the mantissa while scale > 0
  Int128 mantissa_ = 0;
  int scale_ = 0;
};

// The number a bureau published, from the text a writer stored. Writers store
// binary noise (902.3099999999999 for 902.31; some store 17-21 digits): the
// value is rounded to 15 significant digits, as Excel displays it, and then,
// when the cell's number format fixes the decimals (#,##0.00 -> 2), to those
// decimals. fixed_decimals < 0 means the format does not fix them. Returns
// nullopt when `stored` is not a number.
std::optional<std::string> published_number(std::string_view stored, int fixed_decimals = -1);

}  // namespace bc
