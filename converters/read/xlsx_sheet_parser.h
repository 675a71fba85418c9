// Streams one worksheet part into a SheetBuilder: cells (placed as openpyxl
// places cells and rows without r attributes), formulas, merged ranges,
// hidden rows and columns.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "core/sheet.h"
#include "read/workbook.h"
#include "read/xlsx_package.h"
#include "read/xml_stream.h"

namespace bc {

struct SheetParseContext {
  std::string file;
  std::string sheet;
  const std::vector<XfFormat>* formats = nullptr;
  const SharedStrings* strings = nullptr;
  bool date1904 = false;
  ReadLimits limits;
};

class XlsxSheetParser : public XmlHandler {
 public:
  XlsxSheetParser(const SheetParseContext& context, SheetBuilder& builder);
  void on_start(std::string_view ns, std::string_view local,
                const XmlAttributes& attributes) override;
  void on_end(std::string_view ns, std::string_view local) override;
  void on_text(std::string_view text) override;
  // Records hidden columns on the builder's sheet; call after the last chunk.
  void finish();

 private:
  struct SharedFormula {
    std::string text;
    std::uint32_t row = 0;
    std::uint32_t col = 0;
  };
  void start_row(const XmlAttributes& a);
  void start_cell(const XmlAttributes& a);
  void start_formula(const XmlAttributes& a);
  void end_cell();
  void add_number(std::string_view stored, std::uint8_t flags);
  void append_text(std::string& target, std::string_view text);
  [[noreturn]] void fail(const std::string& code, const std::string& message,
                         const std::string& raw = {});
  std::string here() const;

  const SheetParseContext& ctx_;
  SheetBuilder& builder_;
  std::uint32_t row_counter_ = 0;  // 1-based, as openpyxl counts
  std::uint32_t col_counter_ = 0;
  bool in_sheet_data_ = false;
  bool in_cols_ = false;
  // The current cell.
  bool in_cell_ = false;
  std::uint32_t row_ = 0;  // zero-based
  std::uint32_t col_ = 0;
  std::string type_;
  std::size_t style_ = 0;
  bool has_v_ = false;
  bool has_f_ = false;
  bool has_is_ = false;
  bool in_v_ = false;
  bool in_f_ = false;
  bool in_is_ = false;
  bool in_t_ = false;
  int phonetic_depth_ = 0;
  std::string v_;
  std::string f_;
  std::string is_;
  std::string shared_index_;  // si of a t="shared" formula
  bool shared_formula_ = false;
  std::unordered_map<std::string, SharedFormula> shared_;
  std::vector<bool> hidden_cols_;
};

}  // namespace bc
