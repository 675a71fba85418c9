// Excel number formats, shared by the xlsx and xls readers: which formats are
// dates/durations, how many decimals a format fixes (the displayed-decimals
// rule of published_number()), and serial -> ISO 8601 conversion.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace bc {

struct NumberFormatInfo {
  bool is_date = false;        // a date or time format (y, m, d, h, s tokens outside quotes/brackets)
  bool is_duration = false;    // an elapsed-time format ([h], [mm], [ss])
  int fixed_decimals = -1;     // "0.00", "#,##0.00", "0.00%"... -> 2; "General" or mixed -> -1
  bool is_percent = false;     // the format multiplies by 100 for display
  bool is_text = false;        // "@"
};

// Classifies a format code such as "#,##0.00_ ;[Red]-#,##0.00 " or "yyyy-mm-dd".
// The first section decides the decimals.
NumberFormatInfo classify_number_format(std::string_view code);

// The format code of a built-in format id (0-49 and the CJK ids 27-36, 50-58);
// empty for unknown ids. 0 is "General".
std::string builtin_number_format(int id);

// Converts a stored serial to ISO 8601 as the reference readings print it:
// "YYYY-MM-DDTHH:MM:SS[.ffffff]" for dates, "HH:MM:SS" for serials in [0, 1),
// "H:MM:SS[.fff]" for durations. Serial 60 in the 1900 system is 1900-02-29
// (Excel's fictitious day). nullopt when the serial is out of range.
std::optional<std::string> excel_serial_to_iso(std::string_view serial, bool date1904, bool duration);

}  // namespace bc
