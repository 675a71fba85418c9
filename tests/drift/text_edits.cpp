#include "drift/text_edits.h"

#include "core/decimal.h"

namespace bc::drift {

std::vector<std::string> utf8_chars(const std::string& text) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    std::size_t n = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : 4;
    if (i + n > text.size()) n = text.size() - i;
    out.push_back(text.substr(i, n));
    i += n;
  }
  return out;
}

std::string respaced(const std::string& text, int spaces) {
  std::string out;
  const std::vector<std::string> chars = utf8_chars(text);
  for (std::size_t i = 0; i < chars.size(); ++i) {
    if (i > 0) out.append(static_cast<std::size_t>(spaces), ' ');
    out += chars[i];
  }
  return out;
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

std::string width_swapped(const std::string& text, bool to_half) {
  static const std::vector<std::pair<std::string, std::string>> kPairs = {
      {"（", "("}, {"）", ")"}, {"：", ":"}};
  std::string out = text;
  for (const auto& [full, half] : kPairs) {
    out = to_half ? replace_all(out, full, half) : replace_all(out, half, full);
  }
  return out;
}

namespace {

std::string grouped(const std::string& decimal, bool fixed2) {
  std::string text = decimal;
  if (fixed2) {
    if (auto d = Decimal::parse(decimal)) {
      // Only where two decimals lose nothing: the number must not change.
      std::string fixed = d->to_fixed(2);
      if (Decimal::parse(fixed)->compare(*d) == 0) text = fixed;
    }
  }
  std::string sign;
  if (!text.empty() && text[0] == '-') {
    sign = "-";
    text.erase(0, 1);
  }
  const std::size_t dot = text.find('.');
  std::string whole = text.substr(0, dot);
  const std::string frac = dot == std::string::npos ? "" : text.substr(dot);
  std::string out;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(whole[i]);
  }
  return sign + out + frac;
}

}  // namespace

std::string number_as_text(const std::string& decimal, NumberStyle style) {
  switch (style) {
    case NumberStyle::Grouped:
      return grouped(decimal, false);
    case NumberStyle::GroupedFixed2:
      return grouped(decimal, true);
    case NumberStyle::OcrSpaced:
      // What OCR makes of a grouped number: a blank after each separator.
      return replace_all(replace_all(grouped(decimal, true), ",", ", "), ".", ". ");
    case NumberStyle::FullWidth: {
      std::string out;
      for (char c : decimal) {
        if (c >= '0' && c <= '9') {
          out += "\xEF\xBC";
          out.push_back(static_cast<char>(0x90 + (c - '0')));
        } else if (c == '.') {
          out += "．";
        } else if (c == '-') {
          out += "－";
        } else {
          out.push_back(c);
        }
      }
      return out;
    }
  }
  return decimal;
}

}  // namespace bc::drift
