// converters/read/open_workbook.cpp: bureau sites often serve CSV exports and
// HTML pages under a .xls name. The file's content, not its extension, says
// what it is: a CSV is read as CSV, a web page is refused with a message that
// says it is HTML.
#include <gtest/gtest.h>

#include <string>

#include "core/diagnostic.h"
#include "read/workbook.h"
#include "support/stage_helpers.h"

namespace bc {
namespace {

TEST(OpenWorkbook, CsvRenamedToXlsIsReadAsCsv) {
  test::ScratchDir dir;
  const std::string path = dir.write("预算.xls",
                                     "\xEF\xBB\xBF科目编码,科目名称,合计\r\n"
                                     "210,卫生健康支出,\"4,092.38\"\r\n");
  auto workbook = open_workbook(path, ReadOptions{});
  EXPECT_EQ(workbook->info().format, InputFormat::Csv);
  ASSERT_EQ(workbook->info().sheets.size(), 1u);
  Sheet sheet = workbook->read_sheet(0);
  EXPECT_EQ(sheet.cell(0, 1).value, "科目名称");
  EXPECT_EQ(sheet.cell(1, 0).value, "210");
  EXPECT_EQ(sheet.cell(1, 2).value, "4,092.38");
}

TEST(OpenWorkbook, HtmlRenamedToXlsIsRefusedSayingItIsHtml) {
  test::ScratchDir dir;
  for (const std::string& page :
       {std::string("<html><head><meta charset=\"utf-8\"></head><body><table><tr><td>科目</td>"
                    "<td>210</td></tr></table></body></html>\n"),
        std::string("\xEF\xBB\xBF  <!DOCTYPE html>\n<html><body><table></table></body></html>\n"),
        std::string("<table border=1><tr><td>合计</td><td>838.98</td></tr></table>\n")}) {
    const std::string path = dir.write("预算表.xls", page);
    try {
      open_workbook(path, ReadOptions{});
      ADD_FAILURE() << "an HTML page was accepted as a workbook: " << page;
    } catch (const InputError& e) {
      EXPECT_EQ(e.diagnostic().code, "READ-UNSUPPORTED");
      EXPECT_NE(e.diagnostic().message.find("HTML"), std::string::npos) << e.diagnostic().message;
      EXPECT_EQ(e.diagnostic().where.file, path);
    }
  }
}

}  // namespace
}  // namespace bc
