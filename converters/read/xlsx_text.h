// Text rules of SpreadsheetML cell content, shared by the xlsx reader parts.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace bc {

// ECMA-376 ST_Xstring: "_xHHHH_" stands for the UTF-16 code unit HHHH
// ("_x000D_" is CR, "_x005F_" escapes an underscore). Surrogate pairs are
// joined; a lone surrogate becomes U+FFFD.
std::string decode_xstring(std::string_view text);
bool has_xstring_escape(std::string_view text);

// A t="d" cell's ISO 8601 text in the reference readings' form:
// "YYYY-MM-DD", "HH:MM:SS[.ffffff]" or "YYYY-MM-DDTHH:MM:SS[.ffffff]"; a zone
// suffix is dropped. nullopt when the text is not ISO 8601.
std::optional<std::string> normalise_iso8601(std::string_view text);

// ASCII whitespace trimmed from both ends.
std::string_view trim_xml_space(std::string_view text);

// published_number() for the text of a <v>, tolerating writers that store
// more than 38 significant digits (digits past the 30th cannot change a
// 15-digit rounding, so they are dropped). nullopt when not a number.
std::optional<std::string> published_from_stored(std::string_view stored, int fixed_decimals);

}  // namespace bc
