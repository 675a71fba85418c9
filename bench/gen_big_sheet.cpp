// gen_big_sheet: writes one large department-budget workbook for the
// benchmark, reproducibly (fixed seed, fixed creation time).
//
//   gen_big_sheet ROWS OUT.xlsx [SEED]
//
// The sheet is the YS02 部门收入总体情况表 layout of
// tests/fixtures/specs/henan-ys-2024.yaml (title, 部门/年度 lines, code and
// unit in column P, a two-row header over A:P) followed by ROWS body rows that
// each fill 15 columns (A:O): 类/款/项 codes, 单位代码, a name and ten amounts,
// as a province-wide disclosure listing every unit would. Strings go through
// the shared-string table, numbers are numeric cells, as Excel writes them.
// Prints the sum of every amount cell in cents (fen), so a test can check
// that a conversion lost or changed none of them.
#include <xlsxwriter.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>

namespace {

const char* const kHeader[] = {
    "单位（科目名称）", "合计",        "一般公共预算",     "政府性基金预算", "国有资本经营预算",
    "财政专户管理资金", "事业收入",    "事业单位经营收入", "上级补助收入",   "附属单位上缴收入",
    "其他收入",         "上年结转结余"};
const char* const kNames[] = {"机关事业单位基本养老保险缴费",
                              "行政单位医疗",
                              "行政运行",
                              "其他医疗保障管理事务支出",
                              "住房公积金",
                              "事业单位医疗",
                              "城乡医疗救助",
                              "事业运行"};
const char* const kCodes[][3] = {{"208", "05", "05"}, {"210", "11", "01"}, {"210", "15", "01"},
                                 {"210", "15", "99"}, {"221", "02", "01"}, {"210", "11", "02"},
                                 {"210", "13", "01"}, {"210", "15", "50"}};

std::uint64_t next(std::uint64_t& state) {
  state = state * 6364136223846793005ull + 1442695040888963407ull;
  return state >> 33;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: gen_big_sheet ROWS OUT.xlsx [SEED]\n");
    return 2;
  }
  const long rows = std::atol(argv[1]);
  std::uint64_t state = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 1;
  lxw_workbook_options options = {};
  options.use_zip64 = LXW_TRUE;
  lxw_workbook* wb = workbook_new_opt(argv[2], &options);
  if (!wb) return 1;
  lxw_doc_properties props = {};
  struct tm created = {};
  created.tm_year = 124;
  created.tm_mday = 1;
  props.created = mktime(&created);
  workbook_set_properties(wb, &props);
  lxw_worksheet* ws = workbook_add_worksheet(wb, "YS02");
  lxw_format* money = workbook_add_format(wb);
  format_set_num_format(money, "#,##0.00");
  lxw_format* merged = workbook_add_format(wb);
  format_set_align(merged, LXW_ALIGN_CENTER);

  worksheet_merge_range(ws, 0, 0, 0, 15, "部门收入总体情况表", merged);
  worksheet_write_string(ws, 1, 0, "部门：河南省某某局（汇总）", nullptr);
  worksheet_merge_range(ws, 2, 0, 2, 15, "2024年度", merged);
  worksheet_write_string(ws, 3, 15, "YS02", nullptr);
  worksheet_write_string(ws, 4, 15, "单位：万元", nullptr);
  worksheet_merge_range(ws, 5, 0, 5, 2, "科目编码", merged);
  worksheet_merge_range(ws, 5, 3, 6, 3, "单位代码", merged);
  for (int c = 4; c <= 15; ++c) {
    worksheet_merge_range(ws, 5, static_cast<lxw_col_t>(c), 6, static_cast<lxw_col_t>(c),
                          kHeader[c - 4], merged);
  }
  worksheet_write_string(ws, 6, 0, "类", nullptr);
  worksheet_write_string(ws, 6, 1, "款", nullptr);
  worksheet_write_string(ws, 6, 2, "项", nullptr);

  char unit[24];
  std::uint64_t grand_total = 0;  // of every amount cell, in cents (printed for checks)
  for (long i = 0; i < rows; ++i) {
    const lxw_row_t r = static_cast<lxw_row_t>(7 + i);
    const int k = static_cast<int>(next(state) % 8);
    for (int c = 0; c < 3; ++c)
      worksheet_write_string(ws, r, static_cast<lxw_col_t>(c), kCodes[k][c], nullptr);
    std::snprintf(unit, sizeof unit, "%06ld", 100000 + i / 8);
    worksheet_write_string(ws, r, 3, unit, nullptr);
    worksheet_write_string(ws, r, 4, kNames[k], nullptr);
    // Ten amounts in 万元 with two decimals; 合计 is their sum so the row adds up.
    std::uint64_t cents[9];
    std::uint64_t total = 0;
    for (int c = 0; c < 9; ++c) {
      cents[c] = next(state) % 5 == 0 ? next(state) % 10000000 : 0;
      total += cents[c];
    }
    if (total == 0) {
      cents[0] = 1 + next(state) % 10000000;
      total = cents[0];
    }
    grand_total += 2 * total;  // 合计 and its parts
    worksheet_write_number(ws, r, 5, static_cast<double>(total) / 100.0, money);
    for (int c = 0; c < 9; ++c) {
      worksheet_write_number(ws, r, static_cast<lxw_col_t>(6 + c),
                             static_cast<double>(cents[c]) / 100.0, money);
    }
  }
  if (workbook_close(wb) != LXW_NO_ERROR) return 1;
  std::printf("%llu\n", static_cast<unsigned long long>(grand_total));
  return 0;
}
