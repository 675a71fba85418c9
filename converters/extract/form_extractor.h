// Reads a performance form (部门整体绩效目标表, 项目支出绩效目标表, 项目支出绩效自评表
// …) into facts. A form is no grid under one header band: it holds labelled
// lines (`项目名称 | …`, `其中：财政拨款 | 88`), small grids of fund columns
// (年初预算数 | 全年预算数 | 全年执行数 …), and the indicator grid of
// 一级/二级/三级指标 rows, whose level cells are merged over many rows. The
// mapping's `form:` entry (mapping_spec.h FormSpec) names the labels, columns
// and levels; docs/mapping-language.md describes the reading.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "core/diagnostic.h"
#include "core/sheet.h"
#include "extract/fact_extractor.h"
#include "locate/table_region.h"
#include "mapping/mapping_spec.h"

namespace bc {

// An indicator value read as a number: `≥ 1000 人次` → {">=", "1000", "人次"}.
// Only a number with an optional comparison sign before it and an optional
// known unit sign after it (%, 万元, 人次, 次 …) reads; other texts
// (`按时完成`, `12月底前`) give nothing.
struct TargetReading {
  std::string comparator;  // ">=", "<=", ">", "<", "=" or "" (no sign printed)
  std::string number;      // exact decimal text
  std::string unit;        // the unit sign as printed, "" when none
};
std::optional<TargetReading> read_target(const std::string& text);

// Throws InputError when the form declares no unit anywhere (the form, the
// mapping and the family give none). Facts are handed on in reading order.
TableExtraction extract_form(const Sheet& sheet, const TableRegion& region,
                             const FamilySpec& family, const TableSpec& table,
                             const Vocabulary& vocabulary, const DocumentContext& context,
                             DiagnosticSink& sink, const FactConsumer& consume);

}  // namespace bc
