// The Excel 97-2003 (.xls) reader: BIFF8 and BIFF5/7 workbooks in an OLE2
// container, plus bare BIFF2-5 worksheet streams. It gives the cells, merged
// ranges, sheet states and hidden rows/columns the xlsx reader gives, with
// numbers as the shortest text of the stored double (kFlagBinaryDouble) and
// values published through the cell's number format.
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/address.h"
#include "core/decimal.h"
#include "core/diagnostic.h"
#include "read/biff_records.h"
#include "read/cfb_container.h"
#include "read/number_format.h"
#include "read/readers.h"

namespace bc {
namespace {

constexpr std::uint16_t kSubstreamGlobals = 0x0005;
constexpr std::uint16_t kSubstreamWorksheet = 0x0010;
constexpr std::uint16_t kSubstreamChart = 0x0020;
constexpr std::uint16_t kSubstreamWorkspace = 0x0100;

struct Bof {
  int biff = 8;       // 2, 3, 4, 5 (also 7) or 8
  std::string label;  // "BIFF8", "BIFF7" ...
  std::uint16_t substream = kSubstreamWorksheet;
};

bool is_bof(std::uint16_t type) {
  return type == biff::kBof || type == biff::kBof4 || type == biff::kBof3 || type == biff::kBof2;
}

std::uint16_t le16(std::string_view d, std::size_t at) {
  return static_cast<std::uint16_t>(static_cast<unsigned char>(d[at]) |
                                    (static_cast<unsigned char>(d[at + 1]) << 8));
}

// `stream_hint` is 8 for a "Workbook" stream, 5 for "Book", 0 for a bare file:
// third-party writers put odd version numbers in BOF records.
Bof parse_bof(const BiffRecord& r, int stream_hint) {
  Bof bof;
  if (r.data.size() >= 4) bof.substream = le16(r.data, 2);
  switch (r.type) {
    case biff::kBof2:
      bof.biff = 2;
      bof.label = "BIFF2";
      return bof;
    case biff::kBof3:
      bof.biff = 3;
      bof.label = "BIFF3";
      return bof;
    case biff::kBof4:
      bof.biff = 4;
      bof.label = "BIFF4";
      return bof;
    default:
      break;
  }
  std::uint16_t version = r.data.size() >= 2 ? le16(r.data, 0) : 0;
  if (version == 0x0600 || (version != 0x0500 && stream_hint != 5)) {
    bof.biff = 8;
    bof.label = "BIFF8";
  } else {
    bof.biff = 5;
    bof.label = "BIFF5";
    // Excel 95 (BIFF7) shares BIFF5's records; xlrd tells them apart this way.
    if (r.data.size() >= 8) {
      std::uint16_t build = le16(r.data, 4);
      std::uint16_t year = le16(r.data, 6);
      if (!(year < 1994 || build == 2412 || build == 3218 || build == 3321)) bof.label = "BIFF7";
    }
  }
  return bof;
}

const char* error_text(std::uint8_t code) {
  switch (code) {
    case 0x00:
      return "#NULL!";
    case 0x07:
      return "#DIV/0!";
    case 0x0F:
      return "#VALUE!";
    case 0x17:
      return "#REF!";
    case 0x1D:
      return "#NAME?";
    case 0x24:
      return "#NUM!";
    case 0x2A:
      return "#N/A";
    case 0x2B:
      return "#GETTING_DATA";
    default:
      return nullptr;
  }
}

std::string error_value(std::uint8_t code) {
  const char* text = error_text(code);
  return text != nullptr ? std::string(text) : "#ERR" + std::to_string(code);
}

std::string read_file_bytes(const std::string& path, const ReadLimits& limits) {
  Location where{path, "", ""};
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) throw InputError("READ-OPEN", "cannot open the file", where);
  std::streamoff size = in.tellg();
  if (size < 0) throw InputError("READ-OPEN", "cannot read the file's size", where);
  if (static_cast<std::uint64_t>(size) > limits.max_total_bytes) {
    throw InputError("READ-LIMIT",
                     "the file is " + std::to_string(static_cast<std::uint64_t>(size) >> 20) +
                         " MB, over the " + std::to_string(limits.max_total_bytes >> 20) +
                         " MB limit for one workbook",
                     where);
  }
  std::string bytes(static_cast<std::size_t>(size), '\0');
  in.seekg(0);
  in.read(bytes.data(), size);
  if (in.gcount() != size) throw InputError("READ-OPEN", "cannot read the whole file", where);
  return bytes;
}

[[noreturn]] void encrypted(const std::string& path, const std::string& what) {
  throw InputError("READ-ENCRYPTED", what, Location{path, "", ""}, "",
                   "remove the password in Excel (File > Info > Protect Workbook > Encrypt with "
                   "Password, clear it) and save a copy");
}

struct SheetEntry {
  SheetInfo info;
  std::uint32_t offset = 0;  // of the sheet's BOF in the workbook stream
};

class XlsWorkbook final : public Workbook {
 public:
  XlsWorkbook(std::string path, const ReadOptions& options, std::string stream,
              std::string container, int stream_hint)
      : path_(std::move(path)),
        options_(options),
        stream_(std::move(stream)),
        stream_hint_(stream_hint) {
    info_.format = InputFormat::Xls;
    info_.container = std::move(container);
    try {
      parse_globals();
    } catch (const BiffError& e) {
      throw InputError(e.code(), std::string("the workbook stream is damaged: ") + e.what(),
                       Location{path_, "", ""}, "",
                       "open the file in Excel or LibreOffice and save it again");
    }
  }

  const WorkbookInfo& info() const override { return info_; }
  Sheet read_sheet(std::size_t index) override;

 private:
  struct SheetParse {
    SheetBuilder builder;
    std::string name;
    std::string cell;  // the cell being read, for messages
    bool pending_string = false;
    std::uint32_t pending_row = 0, pending_col = 0;
  };

  void parse_globals();
  bool handle_global_record(const BiffRecord& r, BiffRecordReader& reader);
  void parse_cells(SheetParse& s, std::size_t offset);
  void handle_cell_record(SheetParse& s, const BiffRecord& r, BiffRecordReader& reader);
  const NumberFormatInfo& format_info(int format_id);
  int format_of_xf(std::uint16_t xf) const { return xf < xf_format_.size() ? xf_format_[xf] : 0; }
  void add_number(SheetParse& s, std::uint32_t row, std::uint32_t col, int format_id,
                  const std::string& text, bool binary, std::uint8_t flags);
  void add_double(SheetParse& s, std::uint32_t row, std::uint32_t col, int format_id, double value,
                  std::uint8_t flags);
  void add_text(SheetParse& s, std::uint32_t row, std::uint32_t col, const std::string& text,
                std::uint8_t flags = kFlagNone);
  void add_cell(SheetParse& s, std::uint32_t row, std::uint32_t col, CellType type,
                const std::string& value, const std::string& raw, std::uint8_t flags);
  void flush_pending(SheetParse& s);
  std::string string_value(RecordCursor& c, int length_bytes);
  std::uint32_t max_string() const { return options_.limits.max_string_bytes; }

  std::string path_;
  ReadOptions options_;
  std::string stream_;
  int stream_hint_ = 0;
  WorkbookInfo info_;
  int biff_ = 8;
  bool single_sheet_ = false;  // a worksheet stream without workbook globals
  std::unique_ptr<CodepageDecoder> decoder_ = std::make_unique<CodepageDecoder>(1252);
  std::vector<std::string> sst_;
  std::vector<int> xf_format_;          // XF index -> format id (BIFF5/8) or ordinal (BIFF2-4)
  std::map<int, std::string> formats_;  // format id -> code
  int format_ordinal_ = 0;
  std::map<int, NumberFormatInfo> format_cache_;
  std::vector<SheetEntry> sheets_;
};

void XlsWorkbook::parse_globals() {
  BiffRecordReader reader(stream_);
  BiffRecord r;
  std::optional<std::uint16_t> first = reader.peek_type();
  if (!first || !is_bof(*first)) {
    if (info_.container == "ole") {
      throw InputError("READ-CORRUPT", "the workbook stream does not start with a BOF record",
                       Location{path_, "", ""}, "",
                       "open the file in Excel or LibreOffice and save it again");
    }
    throw InputError("READ-UNSUPPORTED",
                     "the file is neither an OLE2 compound file nor a BIFF workbook stream",
                     Location{path_, "", ""});
  }
  reader.next(r);
  Bof bof = parse_bof(r, stream_hint_);
  biff_ = bof.biff;
  info_.biff_version = bof.label;
  if (bof.substream == kSubstreamWorkspace && biff_ <= 4) {
    throw InputError("READ-UNSUPPORTED",
                     "this is an Excel 4.0 workbook (" + bof.label +
                         " workspace with several sheets), which is not supported",
                     Location{path_, "", ""}, "",
                     "open it in Excel or LibreOffice and save it as .xlsx");
  }
  single_sheet_ = bof.substream != kSubstreamGlobals;
  if (single_sheet_ && bof.substream == kSubstreamChart) {
    throw InputError("READ-UNSUPPORTED", "the file holds a single chart, not a worksheet",
                     Location{path_, "", ""});
  }

  int depth = 0;
  bool ended = false;
  while (reader.next(r)) {
    if (is_bof(r.type)) {
      ++depth;
      continue;
    }
    if (r.type == biff::kEof) {
      if (depth == 0) {
        ended = true;
        break;
      }
      --depth;
      continue;
    }
    if (depth > 0) continue;
    if (r.type == biff::kFilePass) {
      encrypted(path_, "the workbook is password-protected (encrypted " + info_.biff_version +
                           " .xls); it cannot be read without the password");
    }
    handle_global_record(r, reader);
  }
  if (!ended) {
    throw InputError(
        "READ-CORRUPT",
        "the workbook stream ends before the end of its workbook globals (no EOF record)",
        Location{path_, "", ""}, "", "the file is probably truncated");
  }
  info_.encoding = decoder_->name();
  if (biff_ == 8 && (!info_.codepage || *info_.codepage == 1200)) info_.encoding = "utf-16le";

  if (single_sheet_) {
    SheetEntry entry;
    entry.info.name = "Sheet 1";  // BIFF2-4 worksheet files carry no sheet name
    sheets_.push_back(entry);
  }
  for (std::size_t i = 0; i < sheets_.size(); ++i) {
    sheets_[i].info.index = static_cast<int>(i);
    info_.sheets.push_back(sheets_[i].info);
  }
}

bool XlsWorkbook::handle_global_record(const BiffRecord& r, BiffRecordReader& reader) {
  RecordCursor c(r.data);
  switch (r.type) {
    case biff::kCodepage: {
      if (r.data.size() < 2) return true;
      int codepage = le16(r.data, 0);
      info_.codepage = codepage;
      decoder_ = std::make_unique<CodepageDecoder>(codepage == 1200 ? 1252 : codepage);
      if (decoder_->fell_back() && biff_ < 8) {
        info_.warnings.push_back("codepage " + std::to_string(codepage) +
                                 " is not supported; text is decoded as cp1252");
      }
      return true;
    }
    case biff::kDateMode:
      if (r.data.size() >= 2) info_.date1904 = le16(r.data, 0) == 1;
      return true;
    case biff::kFormat:
    case biff::kFormat2: {
      // A damaged FORMAT only costs that format (it reads as General).
      try {
        int id = 0;
        std::string code;
        if (biff_ >= 5 && r.type == biff::kFormat) {
          id = c.u16();
          code = biff_ >= 8 ? c.unicode_string(true, max_string())
                            : c.byte_string(1, *decoder_, max_string());
        } else {
          id = format_ordinal_;
          if (r.type == biff::kFormat) c.skip(2);  // BIFF4: an unused index
          code = c.byte_string(1, *decoder_, max_string());
        }
        formats_[id] = code;
      } catch (const BiffError& e) {
        info_.warnings.push_back(std::string("a FORMAT record is damaged and ignored: ") +
                                 e.what());
      }
      ++format_ordinal_;
      return true;
    }
    case biff::kXf:
      xf_format_.push_back(r.data.size() >= 4 ? le16(r.data, 2) : 0);
      return true;
    case biff::kXf4:
    case biff::kXf3:
      xf_format_.push_back(r.data.size() >= 2 ? static_cast<unsigned char>(r.data[1]) : 0);
      return true;
    case biff::kXf2:
      xf_format_.push_back(r.data.size() >= 3 ? (static_cast<unsigned char>(r.data[2]) & 0x3F) : 0);
      return true;
    case biff::kSst: {
      if (biff_ < 8) return true;
      RecordCursor sst(with_continues(reader, r));
      std::uint32_t total = sst.u32();
      std::uint32_t unique = sst.u32();
      (void)total;
      // Each string takes at least 3 bytes: never reserve from the declared count alone.
      sst_.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(unique, sst.remaining() / 3)));
      for (std::uint32_t i = 0; i < unique && !sst.at_end(); ++i) {
        sst_.push_back(sst.unicode_string(true, max_string()));
      }
      if (sst_.size() < unique) {
        info_.warnings.push_back("the shared-string table declares " + std::to_string(unique) +
                                 " strings but holds " + std::to_string(sst_.size()));
      }
      return true;
    }
    case biff::kBoundSheet: {
      if (single_sheet_) return true;
      SheetEntry entry;
      entry.offset = c.u32();
      std::uint8_t state = c.u8();
      std::uint8_t type = c.u8();
      entry.info.name = biff_ >= 8 ? c.unicode_string(false, max_string())
                                   : c.byte_string(1, *decoder_, max_string());
      switch (state & 0x03) {
        case 0:
          entry.info.state = SheetState::Visible;
          break;
        case 1:
          entry.info.state = SheetState::Hidden;
          break;
        default:
          entry.info.state = SheetState::VeryHidden;
          break;
      }
      entry.info.kind = type == 2                  ? SheetKind::Chartsheet
                        : (type == 1 || type == 6) ? SheetKind::Macrosheet
                                                   : SheetKind::Worksheet;
      sheets_.push_back(std::move(entry));
      return true;
    }
    default:
      return false;
  }
}

const NumberFormatInfo& XlsWorkbook::format_info(int format_id) {
  auto it = format_cache_.find(format_id);
  if (it != format_cache_.end()) return it->second;
  std::string code;
  auto custom = formats_.find(format_id);
  if (custom != formats_.end()) {
    code = custom->second;
  } else if (biff_ >= 5) {
    code = builtin_number_format(format_id);
  }
  if (code.empty()) code = "General";
  return format_cache_.emplace(format_id, classify_number_format(code)).first->second;
}

Sheet XlsWorkbook::read_sheet(std::size_t index) {
  if (index >= sheets_.size()) throw std::out_of_range("xls sheet index out of range");
  const SheetEntry& entry = sheets_[index];
  SheetParse s{SheetBuilder(entry.info.name, static_cast<int>(index), entry.info.kind),
               entry.info.name,
               "",
               false,
               0,
               0};
  s.builder.meta().state = entry.info.state;
  if (entry.info.kind == SheetKind::Chartsheet) return s.builder.finish();
  if (!single_sheet_ && entry.offset >= stream_.size()) {
    throw InputError("READ-CORRUPT",
                     "the sheet's data is said to start at offset " + std::to_string(entry.offset) +
                         ", past the end of the " + std::to_string(stream_.size()) +
                         "-byte workbook stream",
                     Location{path_, entry.info.name, ""});
  }
  try {
    parse_cells(s, single_sheet_ ? 0 : entry.offset);
  } catch (const BiffError& e) {
    const bool damaged = e.code() == "READ-CORRUPT";
    throw InputError(e.code(),
                     (damaged ? "the sheet's records are damaged: " : "") + std::string(e.what()),
                     Location{path_, entry.info.name, s.cell}, "",
                     damaged || e.code() == "READ-UNSUPPORTED"
                         ? "open the file in Excel or LibreOffice and save it as .xlsx"
                         : "");
  }
  Sheet sheet = s.builder.finish();
  return sheet;
}

void XlsWorkbook::parse_cells(SheetParse& s, std::size_t offset) {
  BiffRecordReader reader(stream_, offset);
  BiffRecord r;
  if (!reader.next(r) || !is_bof(r.type)) {
    throw BiffError("READ-CORRUPT",
                    "no BOF record at the sheet's offset " + std::to_string(offset));
  }
  if (parse_bof(r, stream_hint_).substream == kSubstreamChart) return;
  int depth = 0;
  while (reader.next(r)) {
    if (is_bof(r.type)) {  // an embedded chart: skip to its EOF
      ++depth;
      continue;
    }
    if (r.type == biff::kEof) {
      if (depth == 0) {
        flush_pending(s);
        return;
      }
      --depth;
      continue;
    }
    if (depth > 0) continue;
    handle_cell_record(s, r, reader);
    if (s.builder.cell_count() > options_.limits.max_cells_per_sheet) {
      throw BiffError("READ-LIMIT", "the sheet has more than " +
                                        std::to_string(options_.limits.max_cells_per_sheet) +
                                        " cells, the limit for one sheet");
    }
  }
  throw BiffError("READ-CORRUPT", "the workbook stream ends inside the sheet (no EOF record)");
}

std::string XlsWorkbook::string_value(RecordCursor& c, int length_bytes) {
  if (biff_ >= 8) return c.unicode_string(length_bytes == 2, max_string());
  return c.byte_string(length_bytes, *decoder_, max_string());
}

// Mac Excel 5 writes double-byte text (Shift_JIS...) under a single-byte
// codepage and counts characters, not bytes: the record then holds bytes past
// the string. Reading it as the codepage says would give wrong text.
void check_byte_string_end(RecordCursor& c, bool rich) {
  std::uint64_t left = c.remaining();
  if (rich && left >= 1) {
    std::uint64_t runs = c.u8();
    if (c.remaining() == 2 * runs) return;
  } else if (left == 0) {
    return;
  }
  throw BiffError("READ-UNSUPPORTED",
                  "a text cell holds more bytes than its length says: its text is in a "
                  "double-byte encoding that the file's codepage does not name");
}

void XlsWorkbook::add_cell(SheetParse& s, std::uint32_t row, std::uint32_t col, CellType type,
                           const std::string& value, const std::string& raw, std::uint8_t flags) {
  if (row >= kMaxRows || col >= kMaxCols) {
    throw BiffError("READ-CORRUPT", "a cell lies outside the grid (row " + std::to_string(row + 1) +
                                        ", column " + std::to_string(col + 1) + ")");
  }
  s.builder.add(row, col, type, value, raw, flags);
}

void XlsWorkbook::add_text(SheetParse& s, std::uint32_t row, std::uint32_t col,
                           const std::string& text, std::uint8_t flags) {
  add_cell(s, row, col, CellType::Text, text, text, flags);
}

void XlsWorkbook::add_number(SheetParse& s, std::uint32_t row, std::uint32_t col, int format_id,
                             const std::string& text, bool binary, std::uint8_t flags) {
  const NumberFormatInfo& fmt = format_info(format_id);
  if (binary) flags = static_cast<std::uint8_t>(flags | kFlagBinaryDouble);
  if (fmt.is_date) {
    if (auto iso = excel_serial_to_iso(text, info_.date1904, fmt.is_duration)) {
      if (fmt.is_duration) flags = static_cast<std::uint8_t>(flags | kFlagDuration);
      add_cell(s, row, col, CellType::Date, *iso, text, flags);
      s.builder.set_date_serial(row, col, text);
      return;
    }
  }
  int decimals = fmt.fixed_decimals;
  if (decimals >= 0 && fmt.is_percent) decimals += 2;  // 0.00% shows 12.34% of 0.1234
  std::optional<std::string> value = published_number(text, decimals);
  if (!value) {
    // Beyond the 38 digits of Decimal (a double such as 1e+300): keep the
    // stored text, which is still the exact number.
    if (!binary || !Decimal::parse(text)) {
      throw BiffError("READ-CORRUPT", "a number cell holds '" + text + "'");
    }
    value = text;
  }
  if (fmt.is_percent) flags = static_cast<std::uint8_t>(flags | kFlagPercent);
  add_cell(s, row, col, CellType::Number, *value, text, flags);
}

void XlsWorkbook::add_double(SheetParse& s, std::uint32_t row, std::uint32_t col, int format_id,
                             double value, std::uint8_t flags) {
  if (!std::isfinite(value)) {
    // Excel never stores these; show what a spreadsheet would.
    add_cell(s, row, col, CellType::Error, "#NUM!", shortest_double_text(value), flags);
    return;
  }
  add_number(s, row, col, format_id, shortest_double_text(value), true, flags);
}

void XlsWorkbook::flush_pending(SheetParse& s) {
  if (!s.pending_string) return;
  s.pending_string = false;
  // The formula said its result is a string, but no STRING record followed.
  add_cell(s, s.pending_row, s.pending_col, CellType::Text, "", "",
           static_cast<std::uint8_t>(kFlagFormula | kFlagNoCachedValue));
}

void XlsWorkbook::handle_cell_record(SheetParse& s, const BiffRecord& r, BiffRecordReader& reader) {
  // A worksheet stream without globals (BIFF2-4) mixes FORMAT, XF, CODEPAGE
  // and FILEPASS in with its cells; parse_globals has read those already.
  const bool biff2 = biff_ == 2;
  if (s.pending_string && r.type != biff::kString && r.type != biff::kString2 &&
      r.type != biff::kShrFmla && r.type != biff::kArray && r.type != biff::kTable &&
      r.type != biff::kContinue) {
    flush_pending(s);
  }
  RecordCursor c(r.data);
  // Cell header: row, column, then an XF index (BIFF3+) or 3 attribute bytes
  // (BIFF2, whose second byte holds the format index).
  auto header = [&](std::uint32_t& row, std::uint32_t& col, int& format_id) {
    row = c.u16();
    col = c.u16();
    if (r.type <= 0x0006 && biff2) {
      c.u8();
      format_id = c.u8() & 0x3F;
      c.u8();
    } else {
      format_id = format_of_xf(c.u16());
    }
    s.cell = a1(row, col);
  };
  std::uint32_t row = 0, col = 0;
  int format_id = 0;
  switch (r.type) {
    case biff::kNumber:
    case biff::kNumber2: {
      header(row, col, format_id);
      add_double(s, row, col, format_id, c.f64(), kFlagNone);
      return;
    }
    case biff::kInteger2: {
      header(row, col, format_id);
      add_number(s, row, col, format_id, std::to_string(c.u16()), false, kFlagNone);
      return;
    }
    case biff::kRk:
    case biff::kRk7E: {
      header(row, col, format_id);
      RkValue v = decode_rk(c.u32());
      if (v.text == "inf" || v.text == "-inf" || v.text == "nan" || v.text == "-nan") {
        add_cell(s, row, col, CellType::Error, "#NUM!", v.text, kFlagNone);
      } else {
        add_number(s, row, col, format_id, v.text, v.binary, kFlagNone);
      }
      return;
    }
    case biff::kMulRk: {
      row = c.u16();
      std::uint32_t first = c.u16();
      if (r.data.size() < 6) throw BiffError("READ-CORRUPT", "a MULRK record is too short");
      std::size_t n = (r.data.size() - 6) / 6;
      for (std::size_t i = 0; i < n; ++i) {
        col = first + static_cast<std::uint32_t>(i);
        s.cell = a1(row, col);
        format_id = format_of_xf(c.u16());
        RkValue v = decode_rk(c.u32());
        if (v.text == "inf" || v.text == "-inf" || v.text == "nan" || v.text == "-nan") {
          add_cell(s, row, col, CellType::Error, "#NUM!", v.text, kFlagNone);
        } else {
          add_number(s, row, col, format_id, v.text, v.binary, kFlagNone);
        }
      }
      return;
    }
    case biff::kLabelSst: {
      header(row, col, format_id);
      std::uint32_t index = c.u32();
      if (index >= sst_.size()) {
        throw BiffError("READ-CORRUPT", "the cell refers to shared string " +
                                            std::to_string(index) + " but the table holds " +
                                            std::to_string(sst_.size()));
      }
      add_text(s, row, col, sst_[index]);
      return;
    }
    case biff::kLabel:
    case biff::kLabel2:
    case biff::kRString: {
      header(row, col, format_id);
      std::string text = string_value(c, r.type == biff::kLabel2 ? 1 : 2);
      if (biff_ < 8) check_byte_string_end(c, r.type == biff::kRString);
      add_text(s, row, col, text);
      return;
    }
    case biff::kBoolErr:
    case biff::kBoolErr2: {
      header(row, col, format_id);
      std::uint8_t value = c.u8();
      std::uint8_t is_error = c.u8();
      if (is_error != 0) {
        std::string text = error_value(value);
        add_cell(s, row, col, CellType::Error, text, text, kFlagNone);
      } else {
        add_cell(s, row, col, CellType::Bool, value != 0 ? "TRUE" : "FALSE", value != 0 ? "1" : "0",
                 kFlagNone);
      }
      return;
    }
    case biff::kFormula:
    case biff::kFormula3:
    case biff::kFormula4: {
      header(row, col, format_id);
      std::uint8_t result[8];
      for (auto& b : result) b = c.u8();
      if (result[6] == 0xFF && result[7] == 0xFF) {
        switch (result[0]) {
          case 0:  // a string, in the STRING record that follows
            s.pending_string = true;
            s.pending_row = row;
            s.pending_col = col;
            return;
          case 1:
            add_cell(s, row, col, CellType::Bool, result[2] != 0 ? "TRUE" : "FALSE",
                     result[2] != 0 ? "1" : "0", kFlagFormula);
            return;
          case 2: {
            std::string text = error_value(result[2]);
            add_cell(s, row, col, CellType::Error, text, text, kFlagFormula);
            return;
          }
          case 3:
            add_text(s, row, col, "", kFlagFormula);
            return;
          default:
            break;  // not a tagged value: the 8 bytes are a double after all
        }
      }
      std::uint64_t bits = 0;
      for (int i = 0; i < 8; ++i) bits |= static_cast<std::uint64_t>(result[i]) << (8 * i);
      add_double(s, row, col, format_id, std::bit_cast<double>(bits), kFlagFormula);
      return;
    }
    case biff::kString:
    case biff::kString2: {
      if (!s.pending_string) return;  // an orphan STRING has no cell
      s.pending_string = false;
      s.cell = a1(s.pending_row, s.pending_col);
      RecordCursor sc(with_continues(reader, r));
      std::string text = string_value(sc, r.type == biff::kString2 ? 1 : 2);
      add_text(s, s.pending_row, s.pending_col, text, kFlagFormula);
      return;
    }
    case biff::kMergedCells: {
      std::uint32_t count = c.u16();
      count = static_cast<std::uint32_t>(std::min<std::uint64_t>(count, c.remaining() / 8));
      for (std::uint32_t i = 0; i < count; ++i) {
        RangeAddress range;
        range.first_row = c.u16();
        range.last_row = c.u16();
        range.first_col = c.u16();
        range.last_col = c.u16();
        if (range.last_row < range.first_row || range.last_col < range.first_col ||
            range.last_col >= kMaxCols) {
          continue;  // inverted or impossible: no cell can be covered by it
        }
        s.builder.meta().merged.push_back(range);
      }
      return;
    }
    case biff::kColInfo: {
      if (r.data.size() < 10) return;
      std::uint32_t first = le16(r.data, 0);
      std::uint32_t last = le16(r.data, 2);
      bool hidden = (le16(r.data, 8) & 0x0001) != 0;
      if (!hidden) return;
      // BIFF8 has 256 columns; writers put 256 as the last of "all the rest".
      last = std::min<std::uint32_t>(last, 255);
      auto& hidden_columns = s.builder.meta().hidden_columns;
      for (std::uint32_t col_index = first; col_index <= last; ++col_index) {
        hidden_columns.push_back(col_index);
      }
      std::sort(hidden_columns.begin(), hidden_columns.end());
      hidden_columns.erase(std::unique(hidden_columns.begin(), hidden_columns.end()),
                           hidden_columns.end());
      return;
    }
    case biff::kRow: {
      if (r.data.size() < 16) return;
      if (le16(r.data, 12) & 0x0020) s.builder.set_row_hidden(le16(r.data, 0));
      return;
    }
    default:
      return;
  }
}

}  // namespace

std::unique_ptr<Workbook> open_xls(const std::string& path, const ReadOptions& options) {
  std::string bytes = read_file_bytes(path, options.limits);
  Location where{path, "", ""};
  if (bytes.empty()) throw InputError("READ-EMPTY", "the file is empty (0 bytes)", where);
  if (bytes.size() < 8 || std::string_view(bytes).substr(0, 8) != kCfbSignature) {
    // A bare BIFF stream (BIFF2-5 worksheet files were saved without OLE).
    return std::make_unique<XlsWorkbook>(path, options, std::move(bytes), "other", 0);
  }
  CfbContainer cfb(bytes, path, options.limits);
  if (cfb.find_stream("EncryptedPackage") != nullptr ||
      cfb.find_stream("EncryptionInfo") != nullptr) {
    encrypted(path,
              "the file is a password-protected (encrypted) Excel 2007+ workbook stored in an OLE "
              "container; it cannot be read without the password");
  }
  int hint = 8;
  const CfbEntry* entry = cfb.find_stream("Workbook");
  if (entry == nullptr) {
    entry = cfb.find_stream("Book");
    hint = 5;
  }
  if (entry == nullptr) {
    std::string names;
    for (const CfbEntry& e : cfb.entries()) {
      if (e.type != 2) continue;
      if (!names.empty()) names += ", ";
      names += e.name;
    }
    std::string what = "the OLE file holds no Excel workbook stream";
    if (cfb.find_stream("WordDocument") != nullptr)
      what = "the file is a Word document, not a workbook";
    if (cfb.find_stream("PowerPoint Document") != nullptr) {
      what = "the file is a PowerPoint presentation, not a workbook";
    }
    throw InputError("READ-UNSUPPORTED", what, where, names);
  }
  std::string stream = cfb.read_stream(*entry);
  if (stream.empty()) throw InputError("READ-CORRUPT", "the workbook stream is empty", where);
  return std::make_unique<XlsWorkbook>(path, options, std::move(stream), "ole", hint);
}

}  // namespace bc
