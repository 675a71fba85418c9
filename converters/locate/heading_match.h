// Hand-written matchers for the fixed patterns the locator tests on every
// heading candidate. Each replaces one std::wregex (quoted in its comment) and
// gives the same answer on the same text; they work on the UTF-8 bytes, so no
// wide string is built per cell. Unless said otherwise the argument is
// normalised text (normalise_label): valid UTF-8, no whitespace, full-width
// ASCII folded.
#pragma once

#include <cstddef>
#include <string_view>

namespace bc {

// regex_search  ^第[一二三四五六七八九十\d]+部分
bool starts_with_part_heading(std::string_view normalised);

// regex_match  ^(表\d+(-\d+)?|.*公开\d+表)$
bool is_bare_table_code(std::string_view normalised);

// regex_search  表(\(.*\)|\[.*\])?$
bool ends_like_title(std::string_view normalised);

// regex_match (icase)  ^(YS\d{1,2}(-\d+)?|表\d+(-\d+)*|(预算|部门)?公开表?\d+表?|附表\d+(-\d+)?)$
bool is_table_code(std::string_view normalised);

// regex_search  (19|20)(\d{2})年 ; the byte offset of the match, or npos.
std::size_t find_year(std::string_view normalised);

// regex_search  ^(注|说明|备注|填报说明|注释)(\d|[:：.、]|$)
bool starts_like_footnote(std::string_view normalised);

// regex_search  (\s*(金额)?单位\s*[:：].*|\s*(19|20)\d{2}\s*年度?\s*)$
// on a department name as printed (valid UTF-8, not normalised): where the
// name ends and a unit declaration or a year after it begins, or npos.
std::size_t find_name_tail(std::string_view name);

}  // namespace bc
