// The hand-written matchers that replaced std::wregex in locate/, normalise/,
// headers/ and mapping/ must give the answers the regexes gave. This file
// keeps the regex implementations they replaced and compares both on many
// inputs: tricky literals, random strings built from heading fragments
// (full-width punctuation, 表1-2, 第三部分, 单位：万元, years, notes, malformed
// UTF-8) and every line of the seed disclosures.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/utf8.h"
#include "headers/label_text.h"
#include "locate/heading_match.h"
#include "locate/table_locator.h"
#include "mapping/label_pattern.h"
#include "mapping/title_text.h"
#include "normalise/amounts.h"
#include "normalise/units.h"

namespace bc {
namespace {

namespace fs = std::filesystem;

// ---------------------------------------------------------------------------
// The implementations as they were before the fast matchers.
namespace old {

// The character rules (is_label_space, fold_label_char) are shared with
// headers/label_text: what is compared here is the byte-level machinery
// against a plain decode, fold and re-encode.
std::string normalise_label(std::string_view text) {
  std::u32string out;
  for (char32_t c : utf8_to_u32(text)) {
    if (is_label_space(c)) continue;
    out.push_back(fold_label_char(c));
  }
  return u32_to_utf8(out);
}

std::string trim(std::string_view text) {
  std::u32string u = utf8_to_u32(text);
  std::size_t first = 0;
  std::size_t last = u.size();
  while (first < last && is_label_space(u[first])) ++first;
  while (last > first && is_label_space(u[last - 1])) --last;
  return u32_to_utf8(std::u32string_view(u).substr(first, last - first));
}

std::string strip_ordinal(std::string_view text) {
  static const std::u32string numerals = U"一二三四五六七八九十廿百零〇";
  std::u32string u = utf8_to_u32(old::normalise_label(text));
  std::size_t i = 0;
  auto numeral_run = [&](std::size_t from) {
    std::size_t j = from;
    while (j < u.size() &&
           (numerals.find(u[j]) != std::u32string::npos || (u[j] >= U'0' && u[j] <= U'9')))
      ++j;
    return j;
  };
  if (i < u.size() && u[i] == U'(') {
    std::size_t j = numeral_run(i + 1);
    if (j > i + 1 && j < u.size() && u[j] == U')') i = j + 1;
  } else {
    std::size_t j = numeral_run(i);
    if (j > i && j < u.size() &&
        (u[j] == 0x3001 || u[j] == U'.' || u[j] == U',' || u[j] == 0xFF0E)) {
      i = j + 1;
    }
  }
  return u32_to_utf8(std::u32string_view(u).substr(i));
}

std::wstring wide_normalised(const std::string& text) {
  return utf8_to_wide(old::normalise_label(text));
}

std::optional<MoneyUnit> money_unit(std::string_view name) {
  std::string n = old::normalise_label(name);
  if (n == "元" || n == "人民币元") return MoneyUnit{"元", 0};
  if (n == "千元") return MoneyUnit{"千元", 3};
  if (n == "万元") return MoneyUnit{"万元", 4};
  if (n == "百万元") return MoneyUnit{"百万元", 6};
  if (n == "亿元") return MoneyUnit{"亿元", 8};
  return std::nullopt;
}

std::optional<std::string> find_unit_declaration(std::string_view cell_text) {
  if (cell_text.size() > 600) return std::nullopt;
  std::wstring text;
  for (char32_t c : utf8_to_u32(cell_text)) {
    if (c >= 0xFF01 && c <= 0xFF5E) c = c - 0xFF01 + 0x21;
    if (c == 0x3000 || c == 0x00A0) c = U' ';
    text.push_back(static_cast<wchar_t>(c));
  }
  static const std::wregex pattern(
      LR"((金额)?单\s*位\s*[:]?\s*(人民币)?\s*(百万元|千元|万元|亿元|元)(?=$|[\s)\]】,，;；/(（]))");
  std::wsmatch m;
  if (!std::regex_search(text, m, pattern)) return std::nullopt;
  return wide_to_utf8(m[3].str());
}

bool is_footnote_text(const std::string& trimmed) {
  if (trimmed.size() > 64) return old::is_footnote_text(trimmed.substr(0, 48));
  static const std::wregex pattern(LR"(^(注|说明|备注|填报说明|注释)(\d|[:：.、]|$))");
  return std::regex_search(wide_normalised(trimmed), pattern);
}

bool parse_department(const std::string& text, std::string& name_out) {
  static const std::wregex label(
      LR"(^(部门|单位|部门名称|单位名称|部门\(单位\)|部门\(单位\)名称|部门/单位|预算单位|编制单位|填报单位|主管部门)$)");
  const std::string t = old::trim(text);
  if (t.size() > 600) return false;
  std::size_t colon = t.find("：");
  std::size_t colon_len = 3;
  std::size_t ascii = t.find(':');
  if (ascii != std::string::npos && (colon == std::string::npos || ascii < colon)) {
    colon = ascii;
    colon_len = 1;
  }
  if (colon == std::string::npos) return false;
  if (!std::regex_match(utf8_to_wide(old::normalise_label(t.substr(0, colon))), label))
    return false;
  std::wstring name = utf8_to_wide(old::trim(t.substr(colon + colon_len)));
  static const std::wregex tail(LR"((\s*(金额)?单位\s*[:：].*|\s*(19|20)\d{2}\s*年度?\s*)$)");
  std::wsmatch m;
  if (std::regex_search(name, m, tail))
    name = name.substr(0, static_cast<std::size_t>(m.position(0)));
  std::string printed = old::trim(wide_to_utf8(name));
  if (old::money_unit(printed)) return false;
  name_out = printed;
  return true;
}

bool parse_table_code(const std::string& text, std::string& code_out) {
  if (text.size() > 64) return false;
  static const std::wregex pattern(
      LR"(^(YS\d{1,2}(-\d+)?|表\d+(-\d+)*|(预算|部门)?公开表?\d+表?|附表\d+(-\d+)?)$)",
      std::regex::icase);
  std::wstring w = wide_normalised(text);
  if (!std::regex_match(w, pattern)) return false;
  std::string code = wide_to_utf8(w);
  if (code.size() >= 2 && (code[0] == 'y' || code[0] == 'Y')) {
    code[0] = 'Y';
    code[1] = 'S';
  }
  code_out = code;
  return true;
}

bool parse_year(const std::string& text, std::string& year_out) {
  if (text.size() > 600) return false;
  static const std::wregex pattern(LR"((19|20)(\d{2})年)");
  std::wstring w = wide_normalised(text);
  std::wsmatch m;
  if (!std::regex_search(w, m, pattern)) return false;
  year_out = wide_to_utf8(m[1].str() + m[2].str());
  return true;
}

bool looks_like_title(const std::string& trimmed) {
  std::string n = old::normalise_label(trimmed);
  if (n.empty() || old::is_footnote_text(trimmed)) return false;
  std::u32string u = utf8_to_u32(n);
  if (u.size() < 3 || u.size() > 60) return false;
  if (u.find(U'表') == std::u32string::npos) return false;
  if (u[0] == U'-' || u[0] == U'*' || u[0] == 0x2022 || u[0] == 0x00B7) return false;
  static const std::wregex part_heading(LR"(^第[一二三四五六七八九十\d]+部分)");
  if (std::regex_search(utf8_to_wide(n), part_heading)) return false;
  std::string scratch;
  if (old::parse_department(trimmed, scratch) || old::find_unit_declaration(trimmed)) return false;
  if (read_amount_text(trimmed).status == AmountReading::Status::Ok) return false;
  static const std::wregex ends_like_title(LR"(表(\(.*\)|\[.*\])?$)");
  static const std::wregex code_only(LR"(^(表\d+(-\d+)?|.*公开\d+表)$)");
  std::wstring w = utf8_to_wide(n);
  if (std::regex_match(w, code_only)) return false;
  return std::regex_search(w, ends_like_title);
}

std::string title_prefix(const std::string& n) {
  static const std::wregex prefix(LR"(^.*?(19|20)\d{2}年度?)");
  return wide_to_utf8(
      std::regex_replace(utf8_to_wide(n), prefix, L"", std::regex_constants::format_first_only));
}

std::string title_suffix(const std::string& n) {
  static const std::wregex suffix(LR"(\((19|20)\d{2}年度?\)$|\(\S*\)$)");
  return wide_to_utf8(std::regex_replace(utf8_to_wide(n), suffix, L""));
}

// label_pattern.cpp's normalise_pattern, unchanged.
std::wstring normalise_pattern(const std::string& source) {
  std::wstring out;
  static const std::wstring kMeta = L"()[]{}.*+?|^$\\";
  for (wchar_t c : utf8_to_wide(source)) {
    if (c == L' ' || c == L'\t' || c == 0x3000 || c == L'\n' || c == L'\r') continue;
    bool full_width = c >= 0xFF01 && c <= 0xFF5E;
    std::wstring w = utf8_to_wide(old::normalise_label(wide_to_utf8(std::wstring(1, c))));
    if (full_width && w.size() == 1 && kMeta.find(w[0]) != std::wstring::npos) out.push_back(L'\\');
    out += w;
  }
  return out;
}

}  // namespace old

// ---------------------------------------------------------------------------
// Inputs.

const std::vector<std::string>& tricky_texts() {
  static const std::vector<std::string> texts = {"",
                                                 " ",
                                                 "\t",
                                                 "\xE3\x80\x80",
                                                 "表",
                                                 "表1",
                                                 "表1-2",
                                                 "表 1 - 2",
                                                 "表１－２",
                                                 "表1-2-3",
                                                 "表1-",
                                                 "表-1",
                                                 "表12-05",
                                                 "附表3",
                                                 "附表3-1",
                                                 "附表3-1-1",
                                                 "附表",
                                                 "YS05",
                                                 "ys5",
                                                 "Ys05-1",
                                                 "YS123",
                                                 "YS",
                                                 "YS-1",
                                                 "ＹＳ０５",
                                                 "公开01表",
                                                 "公开表01",
                                                 "公开表01表",
                                                 "预算公开03表",
                                                 "部门公开表5",
                                                 "部门公开",
                                                 "河南省公开01表",
                                                 "卢氏县公开12表",
                                                 "公开12",
                                                 "预算公开",
                                                 "第三部分",
                                                 "第三部分：部门预算公开报表",
                                                 "第3部分 说明",
                                                 "第十二部分",
                                                 "第部分",
                                                 "第三章",
                                                 "单位：万元",
                                                 "单位:万元",
                                                 "单 位 ： 万 元",
                                                 "单位： 人民币元",
                                                 "单位：人民币 万元",
                                                 "金额单位：元",
                                                 "（单位：万元）",
                                                 "单位：万元）",
                                                 "单位：元氏县卫生健康局",
                                                 "单位：万元，",
                                                 "单位：万元；",
                                                 "单位：千元/年",
                                                 "单位：百万元",
                                                 "单位：亿元【",
                                                 "单位：亿元】",
                                                 "单位:万元\n",
                                                 "单位\xE2\x80\xA8万元",
                                                 "单位\xC2\xA0:\xC2\xA0万元",
                                                 "单位名称",
                                                 "部门：卢氏县医疗保障局",
                                                 "部门：",
                                                 "部门:",
                                                 "部门名称：X局",
                                                 "部门（单位）：X局",
                                                 "部门(单位)名称:Y",
                                                 "部门/单位：Z",
                                                 "编制单位：某某局  单位：万元",
                                                 "部门：X 2024年度",
                                                 "部门：X2024年",
                                                 "部门：X 2024 年 度 ",
                                                 "部门：X 1999年",
                                                 "部门：X 2124年",
                                                 "部门：X\n单位：万元",
                                                 "部门：X 单位：万元\n备注",
                                                 "部门：单位：万元",
                                                 "单位：万元 部门：X",
                                                 "主管部门：财政局",
                                                 "预算单位:",
                                                 "填报单位：甲",
                                                 "部门：金额单位：元",
                                                 "2019年",
                                                 "2020年度",
                                                 "2021 年",
                                                 "2022年预算",
                                                 "2023年部门预算",
                                                 "2024年卢氏县",
                                                 "2025年",
                                                 "1899年",
                                                 "2100年",
                                                 "20 24年",
                                                 "２０２４年",
                                                 "12024年",
                                                 "20245年",
                                                 "注：",
                                                 "注:",
                                                 "注",
                                                 "注1",
                                                 "注释：",
                                                 "注释",
                                                 "说明1",
                                                 "说明：本表为空",
                                                 "备注：",
                                                 "填报说明：",
                                                 "注意",
                                                 "说明书",
                                                 "注、",
                                                 "注.",
                                                 "注 释：",
                                                 "注解：",
                                                 "本表无数据",
                                                 "无数据",
                                                 "本表为空",
                                                 "为空表",
                                                 "部门收支总表",
                                                 "部门收支总表（2024年度）",
                                                 "部门收支总表(2024年)",
                                                 "部门收支总表[按功能分类]",
                                                 "部门收支总表【按经济分类】",
                                                 "部门收支总表(",
                                                 "部门收支总表()",
                                                 "部门收支总表(a\nb)",
                                                 "部门收支总表(a\xE2\x80\xA8)",
                                                 "表格说明如下",
                                                 "- 表 1. 部门收支总表",
                                                 "* 部门收支总表",
                                                 "\xE2\x80\xA2部门收支总表",
                                                 "\xC2\xB7部门收支总表",
                                                 "一般公共预算支出情况表",
                                                 "卢氏县医疗保障局2024年部门收支总表",
                                                 "2024年部门收支总表(2024年度)",
                                                 "部门收支总表 附表1",
                                                 "合计表",
                                                 "表表",
                                                 "总表表",
                                                 "100表",
                                                 "1,234.56",
                                                 "-",
                                                 "—",
                                                 "——",
                                                 "838.98",
                                                 "-1e-05",
                                                 "2024-01-01",
                                                 "TRUE",
                                                 "#N/A",
                                                 "Y",
                                                 "一、部门收支总表",
                                                 "(一)工资福利支出",
                                                 "（十九）其他",
                                                 "1、行政运行",
                                                 "1.行政运行",
                                                 "1,行政运行",
                                                 "廿一、x",
                                                 "〇、x",
                                                 "(一",
                                                 "()",
                                                 "一、",
                                                 "1、",
                                                 "其中：财政拨款",
                                                 "\xFF",
                                                 "\xE5\x8D",
                                                 "单\xE4位：万元",
                                                 "单位：万\xE5元",
                                                 "\xC0\x80单位：元",
                                                 "\xED\xA0\x80表",
                                                 "表\xF0\x9F\x98\x80",
                                                 "\xF4\x90\x80\x80",
                                                 "a\xEF\xBF\xBD"
                                                 "b",
                                                 "\xE8\xA1",
                                                 "\xEF\xBC\x9A",
                                                 "\xEF\xBC\x88单位：万元\xEF\xBC\x89",
                                                 "“合计”",
                                                 "「表」",
                                                 "\xE2\x80\x8B表1",
                                                 "\xEF\xBB\xBF表1",
                                                 "\xE2\x80\x83部门：X",
                                                 "Ａ１",
                                                 "(1)",
                                                 "1.",
                                                 "20",
                                                 "19",
                                                 "年",
                                                 "年度"};
  return texts;
}

// Pieces of headings, notes and body cells, good and malformed, that random
// texts are assembled from.
const std::vector<std::string>& fragments() {
  static const std::vector<std::string> pieces = {"表",
                                                  "1",
                                                  "2",
                                                  "05",
                                                  "12",
                                                  "-",
                                                  "－",
                                                  "—",
                                                  "第",
                                                  "三",
                                                  "十",
                                                  "部分",
                                                  "单",
                                                  "位",
                                                  "单位",
                                                  "金额",
                                                  "人民币",
                                                  "万元",
                                                  "元",
                                                  "千元",
                                                  "百万元",
                                                  "亿元",
                                                  "：",
                                                  ":",
                                                  "（",
                                                  "）",
                                                  "(",
                                                  ")",
                                                  "[",
                                                  "]",
                                                  "【",
                                                  "】",
                                                  "，",
                                                  ",",
                                                  "；",
                                                  ";",
                                                  "/",
                                                  " ",
                                                  "  ",
                                                  "\t",
                                                  "\n",
                                                  "\r",
                                                  "\xE3\x80\x80",
                                                  "\xC2\xA0",
                                                  "\xE2\x80\xA8",
                                                  "\xE2\x80\x8B",
                                                  "年",
                                                  "年度",
                                                  "度",
                                                  "2024",
                                                  "2019",
                                                  "2025",
                                                  "1999",
                                                  "2099",
                                                  "20",
                                                  "19",
                                                  "注",
                                                  "说明",
                                                  "备注",
                                                  "填报说明",
                                                  "注释",
                                                  "、",
                                                  ".",
                                                  "．",
                                                  "YS",
                                                  "ys",
                                                  "Ys",
                                                  "公开",
                                                  "预算",
                                                  "部门",
                                                  "附表",
                                                  "名称",
                                                  "部门名称",
                                                  "编制",
                                                  "卢氏县医疗保障局",
                                                  "收支总表",
                                                  "支出情况表",
                                                  "合计",
                                                  "总计",
                                                  "小计",
                                                  "无数据",
                                                  "本表为空",
                                                  "一",
                                                  "(一)",
                                                  "廿",
                                                  "〇",
                                                  "*",
                                                  "-",
                                                  "\xE2\x80\xA2",
                                                  "\xC2\xB7",
                                                  "Ａ",
                                                  "１",
                                                  "ｙｓ",
                                                  "\xFF",
                                                  "\xE5\x8D",
                                                  "\xC0\x80",
                                                  "\xED\xA0\x80",
                                                  "\xF0\x9F",
                                                  "\xEF\xBF\xBD",
                                                  "“",
                                                  "”",
                                                  "「",
                                                  "x",
                                                  "0",
                                                  "838.98"};
  return pieces;
}

std::vector<std::string> random_texts(std::size_t count, std::uint32_t seed) {
  std::mt19937 rng(seed);
  const std::vector<std::string>& pieces = fragments();
  std::uniform_int_distribution<std::size_t> pick(0, pieces.size() - 1);
  std::uniform_int_distribution<int> length(1, 9);
  std::vector<std::string> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    std::string text;
    for (int k = length(rng); k > 0; --k) text += pieces[pick(rng)];
    out.push_back(std::move(text));
  }
  return out;
}

// Every line of the seed disclosures, and each of its space-separated parts.
std::vector<std::string> seed_texts() {
  std::vector<std::string> out;
  const fs::path dir = fs::path(BC_SHARED_DIR) / "seeds";
  if (!fs::is_directory(dir)) return out;
  for (const auto& entry : fs::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::string line;
    while (std::getline(in, line)) {
      out.push_back(line);
      std::istringstream words(line);
      std::string word;
      while (words >> word) out.push_back(word);
      for (std::size_t cut : {std::size_t{10}, std::size_t{40}, std::size_t{65}}) {
        if (line.size() > cut) out.push_back(line.substr(0, cut));  // may split a character
      }
    }
  }
  return out;
}

std::vector<std::string> all_texts() {
  std::vector<std::string> out = tricky_texts();
  std::vector<std::string> random = random_texts(40000, 20240601);
  out.insert(out.end(), random.begin(), random.end());
  std::vector<std::string> seeds = seed_texts();
  out.insert(out.end(), seeds.begin(), seeds.end());
  return out;
}

const std::vector<std::string>& texts() {
  static const std::vector<std::string> all = all_texts();
  return all;
}

std::string show(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (c < 0x20 || c >= 0x80) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Label text.

TEST(FastMatch, NormaliseTrimAndOrdinalAreByteIdentical) {
  for (const std::string& t : texts()) {
    ASSERT_EQ(normalise_label(t), old::normalise_label(t)) << show(t);
    ASSERT_EQ(trim(t), old::trim(t)) << show(t);
    ASSERT_EQ(strip_ordinal(t), old::strip_ordinal(t)) << show(t);
  }
}

TEST(FastMatch, NormaliseExamples) {
  EXPECT_EQ(normalise_label("项 目"), "项目");
  EXPECT_EQ(normalise_label("（一）\xE3\x80\x80Ａ："), "(一)A:");
  EXPECT_EQ(normalise_label("a\xFF"
                            "b"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(normalise_label("【表】—“x”"), "[表]-\"x\"");
  EXPECT_EQ(trim("\xE3\x80\x80 x \xC2\xA0"), "x");
  EXPECT_EQ(trim(" a\xE5\x8D b "), "a\xEF\xBF\xBD\xEF\xBF\xBD b");
  EXPECT_EQ(strip_ordinal("（十九）其他"), "其他");
  EXPECT_EQ(strip_ordinal("1．行政运行"), "行政运行");
}

// ---------------------------------------------------------------------------
// Heading recognisers.

TEST(FastMatch, HeadingRecognisersAgreeWithTheRegexes) {
  // How often each recogniser said yes: the inputs must exercise both answers.
  int titles = 0, notes = 0, units = 0, codes = 0, departments = 0, years = 0;
  for (const std::string& t : texts()) {
    const bool title = looks_like_title(t);
    ASSERT_EQ(title, old::looks_like_title(t)) << show(t);
    titles += title ? 1 : 0;
    const bool note = is_footnote_text(t);
    ASSERT_EQ(note, old::is_footnote_text(t)) << show(t);
    notes += note ? 1 : 0;
    const std::optional<std::string> unit = find_unit_declaration(t);
    ASSERT_EQ(unit, old::find_unit_declaration(t)) << show(t);
    units += unit ? 1 : 0;
    std::string got = "-";
    std::string want = "-";
    const bool code = parse_table_code(t, got);
    ASSERT_EQ(code, old::parse_table_code(t, want)) << show(t);
    ASSERT_EQ(got, want) << show(t);
    codes += code ? 1 : 0;
    got = want = "-";
    const bool department = parse_department(t, got);
    ASSERT_EQ(department, old::parse_department(t, want)) << show(t);
    ASSERT_EQ(got, want) << show(t);
    departments += department ? 1 : 0;
    got = want = "-";
    const bool year = parse_year(t, got);
    ASSERT_EQ(year, old::parse_year(t, want)) << show(t);
    ASSERT_EQ(got, want) << show(t);
    years += year ? 1 : 0;
  }
  const int all = static_cast<int>(texts().size());
  for (int yes : {titles, notes, units, codes, departments, years}) {
    EXPECT_GT(yes, 30);
    EXPECT_LT(yes, all - 30);
  }
}

// The recognisers see trimmed text in the locator: compare that too.
TEST(FastMatch, HeadingRecognisersAgreeOnTrimmedText) {
  for (const std::string& raw : texts()) {
    const std::string t = trim(raw);
    ASSERT_EQ(looks_like_title(t), old::looks_like_title(t)) << show(t);
    std::string got = "-";
    std::string want = "-";
    ASSERT_EQ(parse_department(t, got), old::parse_department(t, want)) << show(t);
    ASSERT_EQ(got, want) << show(t);
  }
}

TEST(FastMatch, HeadingExamples) {
  std::string v;
  EXPECT_TRUE(parse_table_code("表1-2", v));
  EXPECT_EQ(v, "表1-2");
  EXPECT_TRUE(parse_table_code("ys05-1", v));
  EXPECT_EQ(v, "YS05-1");
  EXPECT_FALSE(parse_table_code("YS123", v));
  EXPECT_FALSE(looks_like_title("第三部分：部门预算公开报表"));
  EXPECT_TRUE(looks_like_title("部门收支总表（2024年度）"));
  EXPECT_EQ(find_unit_declaration("（单位：万元）"), "万元");
  EXPECT_EQ(find_unit_declaration("单位：元氏县卫生健康局"), std::nullopt);
  EXPECT_EQ(find_unit_declaration("金额单位: 人民币 百万元"), "百万元");
  EXPECT_TRUE(parse_department("部门：X局    单位：万元", v));
  EXPECT_EQ(v, "X局");
  EXPECT_TRUE(parse_department("部门：X局 2024年度", v));
  EXPECT_EQ(v, "X局");
  EXPECT_FALSE(parse_department("单位：万元", v));
  for (int year = 2019; year <= 2025; ++year) {
    const std::string text = std::to_string(year) + "年部门预算";
    ASSERT_TRUE(parse_year(text, v)) << text;
    EXPECT_EQ(v, std::to_string(year));
  }
  EXPECT_TRUE(is_footnote_text("注：本表无数据"));
  EXPECT_TRUE(is_footnote_text("说明1"));
  EXPECT_FALSE(is_footnote_text("注意事项"));
}

TEST(FastMatch, NameTailOnRawNames) {
  // find_name_tail sees names that are not normalised (spaces, full-width colons).
  static const std::wregex tail(LR"((\s*(金额)?单位\s*[:：].*|\s*(19|20)\d{2}\s*年度?\s*)$)");
  for (const std::string& raw : texts()) {
    const std::string name = trim(raw);  // valid UTF-8, as parse_department passes it
    const std::wstring w = utf8_to_wide(name);
    std::wsmatch m;
    std::size_t want = std::string::npos;
    if (std::regex_search(w, m, tail))
      want = wide_to_utf8(w.substr(0, static_cast<std::size_t>(m.position(0)))).size();
    ASSERT_EQ(find_name_tail(name), want) << show(name);
  }
}

// ---------------------------------------------------------------------------
// Title variants of the mapping chooser.

TEST(FastMatch, TitlePrefixAndSuffixAgreeWithRegexReplace) {
  for (const std::string& raw : texts()) {
    const std::string n = normalise_label(raw);
    ASSERT_EQ(strip_title_year_prefix(n), old::title_prefix(n)) << show(n);
    ASSERT_EQ(strip_title_bracket_suffix(n), old::title_suffix(n)) << show(n);
    // Valid UTF-8 that is not normalised (spaces kept) as well.
    const std::string t = trim(raw);
    ASSERT_EQ(strip_title_year_prefix(t), old::title_prefix(t)) << show(t);
    ASSERT_EQ(strip_title_bracket_suffix(t), old::title_suffix(t)) << show(t);
  }
  EXPECT_EQ(strip_title_year_prefix("卢氏县医疗保障局2024年度部门收支总表"), "部门收支总表");
  EXPECT_EQ(strip_title_bracket_suffix("部门收支总表(2024年度)"), "部门收支总表");
}

// ---------------------------------------------------------------------------
// Label patterns.

// Every string of the mapping files (patterns and non-patterns alike), and
// each of its '/'-separated parts.
std::vector<std::string> mapping_strings() {
  std::set<std::string> out;
  std::function<void(const YAML::Node&)> walk = [&](const YAML::Node& node) {
    if (node.IsScalar()) {
      const std::string s = node.as<std::string>();
      out.insert(s);
      std::size_t from = 0;
      for (std::size_t slash = s.find('/'); slash != std::string::npos;
           from = slash + 1, slash = s.find('/', from))
        out.insert(trim(s.substr(from, slash - from)));
      out.insert(trim(s.substr(from)));
    } else if (node.IsSequence() || node.IsMap()) {
      for (const auto& child : node) {
        if (node.IsMap()) {
          walk(child.second);
        } else {
          walk(child);
        }
      }
    }
  };
  for (const auto& entry : fs::recursive_directory_iterator(fs::path(BC_SOURCE_DIR) / "mappings")) {
    if (entry.path().extension() == ".yaml") walk(YAML::LoadFile(entry.path().string()));
  }
  return {out.begin(), out.end()};
}

const std::vector<std::string>& hand_patterns() {
  static const std::vector<std::string> patterns = {"",
                                                    "a",
                                                    "a|ab",
                                                    "ab|a",
                                                    "a|",
                                                    "|a",
                                                    "a||b",
                                                    "()",
                                                    "(|)",
                                                    "(a|b)?c",
                                                    "(?:x|y)z",
                                                    "(?:x|y)?",
                                                    "a?",
                                                    "a??",
                                                    "a?b?c?",
                                                    "a*",
                                                    "a+",
                                                    "a{2}",
                                                    "a{",
                                                    "a}",
                                                    "a]",
                                                    "[ab]",
                                                    "\\(一\\)",
                                                    "\\(",
                                                    "a\\|b",
                                                    "a\\.b",
                                                    "a\\/b",
                                                    "a\\-b",
                                                    "a\\d",
                                                    "\\d+",
                                                    "\\d{3,}",
                                                    "\\D.*",
                                                    "(?!\\d+$).*",
                                                    "(?=a)a",
                                                    ".*",
                                                    ".*.*",
                                                    ".*?a",
                                                    "a.*b",
                                                    ".*a.*",
                                                    ".*(合计|总计|小计)",
                                                    "合计.*",
                                                    "总计.*",
                                                    ".*合计|合计.*",
                                                    "x.*|.*y",
                                                    "(a.*)",
                                                    "a.*?",
                                                    "a.**",
                                                    "^a$",
                                                    "a$",
                                                    "((a)?(b)?)?c",
                                                    "(a|b)(c|d)(e|f)(g|h)(i|j)(k|l)(m|n)(o|p)(q|r)",
                                                    "一般公共预算(财政)?(拨款)?(收入)?",
                                                    "单位（科目名称）",
                                                    "单位(科目名称)",
                                                    "因公出国（境）费(用)?",
                                                    "表12-\\d+",
                                                    "部门收支总表（2024年度）",
                                                    "合计 | 总计",
                                                    "a\xE2\x80\xA8"
                                                    "b",
                                                    ".*\xE2\x80\xA8",
                                                    "\xFF",
                                                    "(",
                                                    ")",
                                                    "a)",
                                                    "(a",
                                                    "\\",
                                                    "?a",
                                                    "|",
                                                    "项 目",
                                                    "Ａ|Ｂ",
                                                    "（一）",
                                                    "“合计”"};
  return patterns;
}

// Texts a pattern should be tried on: random walks through its own syntax
// (taking or skipping optional parts and alternatives) and their mutations,
// plus the general inputs.
std::vector<std::string> texts_for(const std::wstring& pattern, std::mt19937& rng) {
  static const std::vector<std::wstring> extra = {L"",  L"\n",   L"\x2028", L"(",
                                                  L")", L"合计", L"1",      L"x"};
  auto coin = [&] { return std::uniform_int_distribution<int>(0, 1)(rng) == 1; };
  std::vector<std::string> out;
  for (int walk = 0; walk < 60; ++walk) {
    std::wstring w;
    std::vector<std::size_t> group_starts;
    std::size_t last_atom = 0;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
      const wchar_t c = pattern[i];
      if (c == L'\\' && i + 1 < pattern.size()) {
        last_atom = w.size();
        const wchar_t e = pattern[++i];
        w += e == L'd' ? L'7' : e == L'D' ? L'x' : e;
      } else if (c == L'(') {
        group_starts.push_back(w.size());
        if (i + 2 < pattern.size() && pattern[i + 1] == L'?') i += 2;
      } else if (c == L')') {
        last_atom = group_starts.empty() ? 0 : group_starts.back();
        if (!group_starts.empty()) group_starts.pop_back();
      } else if (c == L'|') {
        if (coin()) {  // stop this alternative here; skip to the group's end
          int depth = 0;
          std::size_t j = i + 1;
          for (; j < pattern.size(); ++j) {
            if (pattern[j] == L'\\') {
              ++j;
            } else if (pattern[j] == L'(') {
              ++depth;
            } else if (pattern[j] == L')') {
              if (depth-- == 0) break;
            }
          }
          i = j - 1;
        } else {  // drop what this alternative produced
          w.resize(group_starts.empty() ? 0 : group_starts.back());
        }
      } else if (c == L'?' || c == L'*' || c == L'+') {
        if (c != L'+' && coin()) w.resize(last_atom);
      } else if (c == L'.') {
        last_atom = w.size();
        w += extra[std::uniform_int_distribution<std::size_t>(0, extra.size() - 1)(rng)];
      } else if (c == L'[' || c == L'{' || c == L'^' || c == L'$') {
        last_atom = w.size();
      } else {
        last_atom = w.size();
        w.push_back(c);
      }
    }
    out.push_back(wide_to_utf8(w));
    if (!w.empty()) {  // a mutation near the language's edge
      std::wstring m = w;
      const std::size_t at = std::uniform_int_distribution<std::size_t>(0, m.size() - 1)(rng);
      if (coin()) {
        m.erase(at, 1);
      } else {
        m.insert(at, extra[std::uniform_int_distribution<std::size_t>(0, extra.size() - 1)(rng)]);
      }
      out.push_back(wide_to_utf8(m));
      out.push_back(wide_to_utf8(w) + "\xFF");
    }
  }
  return out;
}

TEST(FastMatch, LabelPatternsAgreeWithTheRegex) {
  std::vector<std::string> patterns = mapping_strings();
  patterns.insert(patterns.end(), hand_patterns().begin(), hand_patterns().end());
  std::mt19937 rng(7);
  std::size_t literal = 0;
  std::vector<std::string> general = tricky_texts();
  for (const std::string& t : random_texts(300, 99)) general.push_back(t);
  for (const std::string& source : patterns) {
    const std::wstring normalised = old::normalise_pattern(source);
    std::optional<std::wregex> reference;
    try {
      reference.emplace(normalised, std::regex::ECMAScript | std::regex::optimize);
    } catch (const std::regex_error&) {
    }
    if (!reference) {
      EXPECT_THROW(
          {
            LabelPattern bad(source);
            (void)bad;
          },
          std::invalid_argument)
          << show(source);
      continue;
    }
    const LabelPattern pattern(source);
    literal += pattern.is_literal() ? 1 : 0;
    std::vector<std::string> candidates = texts_for(normalised, rng);
    candidates.insert(candidates.end(), general.begin(), general.end());
    for (const std::string& text : candidates) {
      const bool want = text.size() <= 3000 && std::regex_match(utf8_to_wide(text), *reference);
      ASSERT_EQ(pattern.matches(text), want)
          << "pattern " << show(source) << " text " << show(text);
    }
  }
  // Most mapping patterns take the fast path; the test must exercise it.
  EXPECT_GT(literal, patterns.size() / 2);
}

TEST(FastMatch, WhichPatternsAreLiteral) {
  EXPECT_TRUE(LabelPattern("一般公共预算(财政)?(拨款)?(收入)?").is_literal());
  EXPECT_TRUE(LabelPattern("合计|总计").is_literal());
  EXPECT_TRUE(LabelPattern(".*(合计|总计|小计)").is_literal());
  EXPECT_TRUE(LabelPattern("合计.*").is_literal());
  EXPECT_TRUE(LabelPattern("单位（科目名称）").is_literal());
  EXPECT_FALSE(LabelPattern("\\d+").is_literal());
  EXPECT_FALSE(LabelPattern("(?!\\d+$).*").is_literal());
  EXPECT_FALSE(LabelPattern("a.*b").is_literal());
  EXPECT_FALSE(LabelPattern("表12-\\d+").is_literal());

  const LabelPattern total(".*(合计|总计|小计)");
  EXPECT_TRUE(total.matches("本年收入合计"));
  EXPECT_TRUE(total.matches("小计"));
  EXPECT_FALSE(total.matches("合计数"));
  EXPECT_FALSE(total.matches("a\xE2\x80\xA8合计"));  // `.` stops at U+2028
  const LabelPattern bracket("单位（科目名称）");
  EXPECT_TRUE(bracket.matches("单位(科目名称)"));
  EXPECT_FALSE(bracket.matches("单位科目名称"));
}

}  // namespace
}  // namespace bc
