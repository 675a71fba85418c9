// Helpers for the engine-stage unit tests: sheets written as rows of strings,
// and scratch directories for mapping files and inputs.
//
// In a row, "" is no cell, "n:838.98" is a numeric cell holding 838.98, and any
// other string is a text cell. Merged ranges are given in A1 notation.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <string>
#include <vector>

#include "core/address.h"
#include "core/diagnostic.h"
#include "core/sheet.h"
#include "read/workbook.h"

namespace bc::test {

using Rows = std::vector<std::vector<std::string>>;

inline void add_cell(SheetBuilder& builder, std::uint32_t row, std::uint32_t col,
                     const std::string& spec) {
  if (spec.empty()) return;
  if (spec.rfind("n:", 0) == 0) {
    std::string value = spec.substr(2);
    builder.add(row, col, CellType::Number, value, value);
  } else {
    builder.add_text(row, col, spec);
  }
}

inline Sheet make_sheet(const Rows& rows, std::initializer_list<const char*> merges = {},
                        const std::string& name = "Sheet1") {
  SheetBuilder builder(name);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    for (std::size_t c = 0; c < rows[r].size(); ++c) {
      add_cell(builder, static_cast<std::uint32_t>(r), static_cast<std::uint32_t>(c), rows[r][c]);
    }
  }
  for (const char* m : merges) {
    auto range = parse_range(m);
    EXPECT_TRUE(range.has_value()) << "bad merge range in test: " << m;
    if (range) builder.meta().merged.push_back(*range);
  }
  return builder.finish();
}

// A workbook held in memory (pipeline tests through convert_workbook): its
// sheets in order; reading a sheet whose index is in `unreadable` throws.
class MemoryWorkbook : public Workbook {
 public:
  explicit MemoryWorkbook(std::vector<Sheet> sheets, std::vector<std::size_t> unreadable = {})
      : sheets_(std::move(sheets)), unreadable_(std::move(unreadable)) {
    info_.format = InputFormat::Xlsx;
    for (std::size_t i = 0; i < sheets_.size(); ++i) {
      sheets_[i].index = static_cast<int>(i);
      info_.sheets.push_back(SheetInfo{sheets_[i].name, static_cast<int>(i)});
    }
  }
  const WorkbookInfo& info() const override { return info_; }
  Sheet read_sheet(std::size_t index) override {
    for (std::size_t bad : unreadable_) {
      if (bad == index) throw InputError("READ-CORRUPT", "the sheet's XML is damaged");
    }
    return sheets_.at(index);
  }

 private:
  std::vector<Sheet> sheets_;
  std::vector<std::size_t> unreadable_;
  WorkbookInfo info_;
};

// A fresh directory per test under the system temp dir, removed on destruction.
class ScratchDir {
 public:
  ScratchDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string("bc_stagetests_") + std::to_string(::getpid()) + "_" +
                       (info ? std::string(info->test_suite_name()) + "_" + info->name() : "x");
    path_ = std::filesystem::temp_directory_path() / name;
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  std::string write(const std::string& name, const std::string& content) const {
    std::filesystem::path p = path_ / name;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << content;
    return p.string();
  }
  std::vector<std::string> entries() const {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(path_)) {
      out.push_back(e.path().filename().string());
    }
    return out;
  }

 private:
  std::filesystem::path path_;
};

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// A small vocabulary for mapping tests: enough ids for the families the tests
// write, plus the items, total labels and class names the extractor uses.
inline const char* kMiniVocabulary = R"(table_kinds:
  - {id: gpb_expenditure_by_function, zh: 一般公共预算支出表}
  - {id: summary_income_expenditure, zh: 部门收支总表}
  - {id: perf_project, zh: 项目绩效目标表}
measures:
  - {id: total}
  - {id: basic}
  - {id: project}
  - {id: amount}
  - {id: description}
items:
  - {id: income.gpb, labels: ['一般公共预算(财政)?(拨款)?(收入)?']}
  - {id: income.soe_capital, labels: ['国有资本经营预算(拨款)?(收入)?']}
  - {id: income.carryover, labels: ['上年结转(结余)?']}
  - {id: income.carryover.gpb, labels: ['一般公共预算(财政)?(拨款)?(收入)?'], after: income.carryover}
  - {id: income.grand_total, labels: ['收入总计']}
  - {id: expenditure.grand_total, labels: ['支出总计']}
total_labels: ['.*(合计|总计|小计)', '合计.*', '总计.*']
class_names:
  function:
    '201': [一般公共服务支出]
    '208': [社会保障和就业支出]
    '223': [国有资本经营预算支出]
)";

}  // namespace bc::test
