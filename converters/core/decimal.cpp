#include "core/decimal.h"

#include <algorithm>

namespace bc {
namespace {

// 10^38 fits in signed 128 bits (max ~1.7e38); keep mantissas below it.
constexpr int kMaxDigits = 38;

Int128 pow10(int n) {
  Int128 p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

int digit_count(Int128 v) {
  if (v < 0) v = -v;
  int n = 1;
  while (v >= 10) {
    v /= 10;
    ++n;
  }
  return n;
}

// Divides by 10^n rounding half away from zero.
Int128 divide_rounding(Int128 value, int n) {
  if (n <= 0) return value;
  if (n > kMaxDigits) return 0;
  Int128 divisor = pow10(n);
  Int128 quotient = value / divisor;
  Int128 remainder = value % divisor;
  if (remainder < 0) remainder = -remainder;
  if (remainder * 2 >= divisor) quotient += (value < 0 ? -1 : 1);
  return quotient;
}

}  // namespace

std::optional<Decimal> Decimal::parse(std::string_view text) {
  std::size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
    negative = text[i] == '-';
    ++i;
  }
  Int128 mantissa = 0;
  int digits = 0;       // significant digits kept in the mantissa
  int scale = 0;
  bool any_digit = false;
  bool in_fraction = false;
  int dropped_integer_digits = 0;  // integer digits beyond capacity (only zeros allowed)
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c == '.') {
      if (in_fraction) return std::nullopt;
      in_fraction = true;
      continue;
    }
    if (c < '0' || c > '9') break;
    any_digit = true;
    if (mantissa == 0 && c == '0') {
      if (in_fraction) ++scale;  // leading zeros of a fraction still count in the scale
      continue;
    }
    if (digits >= kMaxDigits) {
      // Beyond 38 significant digits: fraction digits are dropped only if zero.
      if (c != '0') return std::nullopt;
      if (!in_fraction) ++dropped_integer_digits;
      continue;
    }
    mantissa = mantissa * 10 + (c - '0');
    ++digits;
    if (in_fraction) ++scale;
  }
  if (!any_digit) return std::nullopt;
  long exponent = 0;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
      exp_negative = text[i] == '-';
      ++i;
    }
    bool exp_digit = false;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
      exp_digit = true;
      exponent = exponent * 10 + (text[i] - '0');
      if (exponent > 400) return std::nullopt;
    }
    if (!exp_digit) return std::nullopt;
    if (exp_negative) exponent = -exponent;
  }
  if (i != text.size()) return std::nullopt;
  Decimal d(negative ? -mantissa : mantissa, scale);
  auto scaled = d.scaled_by_power_of_ten(static_cast<int>(exponent) + dropped_integer_digits);
  if (!scaled) return std::nullopt;
  return scaled->normalised();
}

Decimal Decimal::normalised() const {
  Int128 m = mantissa_;
  int s = scale_;
  if (m == 0) return Decimal(0, 0);
  while (s > 0 && m % 10 == 0) {
    m /= 10;
    --s;
  }
  return Decimal(m, s);
}

std::optional<Decimal> Decimal::scaled_by_power_of_ten(int power) const {
  if (mantissa_ == 0) return Decimal(0, 0);
  int new_scale = scale_ - power;
  if (new_scale >= 0) {
    if (new_scale > 400) return std::nullopt;
    return Decimal(mantissa_, new_scale).normalised();
  }
  // Negative scale: multiply the mantissa out.
  int grow = -new_scale;
  if (digit_count(mantissa_) + grow > kMaxDigits) return std::nullopt;
  return Decimal(mantissa_ * pow10(grow), 0);
}

std::optional<Decimal> Decimal::add(const Decimal& other) const {
  int scale = std::max(scale_, other.scale_);
  int grow_a = scale - scale_;
  int grow_b = scale - other.scale_;
  if (digit_count(mantissa_) + grow_a > kMaxDigits || digit_count(other.mantissa_) + grow_b > kMaxDigits) {
    return std::nullopt;
  }
  Int128 a = mantissa_ * pow10(grow_a);
  Int128 b = other.mantissa_ * pow10(grow_b);
  Int128 sum = a + b;
  if (digit_count(sum) > kMaxDigits) return std::nullopt;
  return Decimal(sum, scale).normalised();
}

std::optional<Decimal> Decimal::subtract(const Decimal& other) const { return add(other.negated()); }

Decimal Decimal::rounded(int places) const {
  if (scale_ <= places) return *this;
  Int128 m = divide_rounding(mantissa_, scale_ - places);
  if (places >= 0) return Decimal(m, places).normalised();
  // Negative places: round to tens, hundreds ... and return an integer.
  return Decimal(m * pow10(-places), 0);
}

Decimal Decimal::rounded_significant(int digits) const {
  if (mantissa_ == 0) return *this;
  int have = digit_count(mantissa_);
  if (have <= digits) return *this;
  int drop = have - digits;
  // The fraction digits left after dropping `drop` mantissa digits.
  return rounded(scale_ - drop);
}

int Decimal::compare(const Decimal& other) const {
  auto diff = subtract(other);
  if (!diff) {
    // Only reachable with 38-digit values of opposite scale; compare signs.
    return mantissa_ < other.mantissa_ ? -1 : (mantissa_ > other.mantissa_ ? 1 : 0);
  }
  return diff->mantissa_ < 0 ? -1 : (diff->mantissa_ > 0 ? 1 : 0);
}

std::string Decimal::to_string() const {
  Decimal d = normalised();
  Int128 m = d.mantissa_;
  bool negative = m < 0;
  if (negative) m = -m;
  std::string digits;
  do {
    digits.push_back(static_cast<char>('0' + static_cast<int>(m % 10)));
    m /= 10;
  } while (m > 0);
  while (static_cast<int>(digits.size()) <= d.scale_) digits.push_back('0');
  std::reverse(digits.begin(), digits.end());
  if (d.scale_ > 0) digits.insert(digits.end() - d.scale_, '.');
  if (negative) digits.insert(digits.begin(), '-');
  return digits;
}

std::string Decimal::to_fixed(int places) const {
  std::string text = rounded(places).to_string();
  if (places <= 0) return text;
  std::size_t dot = text.find('.');
  if (dot == std::string::npos) {
    text += '.';
    dot = text.size() - 1;
  }
  std::size_t have = text.size() - dot - 1;
  text.append(static_cast<std::size_t>(places) - have, '0');
  return text;
}

std::optional<std::string> published_number(std::string_view stored, int fixed_decimals) {
  auto parsed = Decimal::parse(stored);
  if (!parsed) return std::nullopt;
  Decimal value = parsed->rounded_significant(15);
  if (fixed_decimals >= 0) value = value.rounded(fixed_decimals);
  return value.to_string();
}

}  // namespace bc
