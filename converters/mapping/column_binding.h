// Binds a table mapping's keys and measures to the columns of one located
// table, by header labels only: a pattern must match exactly one column of
// its block (or the Nth, with `occurrence`), so an inserted or moved column
// never shifts a value into the wrong measure. Missing and ambiguous bindings
// are reported, not guessed, and each concerns that key or measure only: the
// values of a column no measure binds are still extracted, without a measure.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "headers/header_flattener.h"
#include "mapping/mapping_spec.h"

namespace bc {

struct BoundMeasure {
  const MeasureSpec* spec = nullptr;
  const ColumnHeader* column = nullptr;
};

struct BoundKey {
  const KeySpec* spec = nullptr;
  std::vector<const ColumnHeader*> columns;  // one per header part
};

struct BlockBinding {
  const BlockSpec* spec = nullptr;
  std::uint32_t first_col = 0;
  std::uint32_t last_col = 0;
  std::vector<BoundKey> keys;
  std::vector<BoundMeasure> measures;
};

struct TableBinding {
  std::vector<BlockBinding> blocks;
  std::vector<std::string> missing;            // "measure basic (header '基本支出/小计')"
  std::vector<std::string> ambiguous;          // "measure total: columns F '合计', K '合计'"
  std::vector<const ColumnHeader*> unbound;    // header columns no key or measure uses
  std::vector<const ColumnHeader*> structure;  // 行次/栏次/序号 columns: row numbers
  std::vector<const KeySpec*> unbound_keys;    // non-optional keys left blank
  bool signature_missing = false;              // a require_headers pattern matched nothing
  std::size_t bound_count = 0;
  std::size_t loose_count = 0;  // of them, bound only at the loose tier (a header level absent)
  bool complete() const { return missing.empty() && ambiguous.empty(); }
  // The block whose span holds a column (nullptr outside every block).
  const BlockBinding* block_of(std::uint32_t col) const;
};

TableBinding bind_columns(const TableSpec& table, const std::vector<ColumnHeader>& headers);

// What binding learns about one table's columns: each header pattern's match
// tier against every column, by the pattern's source text. Mappings repeat
// patterns ("合计", "科目编码/类" …) across tables and families, so the
// bindings of every candidate for one table (rank_candidates) share one
// cache and match each distinct pattern once. Tied to one headers vector: a
// call with other headers starts afresh. It also remembers patterns by
// address, so the mappings must outlive it (one cache per table, as there).
class ColumnMatchCache {
 public:
  ColumnMatchCache();
  ~ColumnMatchCache();
  ColumnMatchCache(const ColumnMatchCache&) = delete;
  ColumnMatchCache& operator=(const ColumnMatchCache&) = delete;
  struct Impl;

 private:
  friend TableBinding bind_columns(const TableSpec&, const std::vector<ColumnHeader>&,
                                   ColumnMatchCache&);
  std::unique_ptr<Impl> impl_;
};
// The same binding as bind_columns(table, headers), with `cache`.
TableBinding bind_columns(const TableSpec& table, const std::vector<ColumnHeader>& headers,
                          ColumnMatchCache& cache);

}  // namespace bc
