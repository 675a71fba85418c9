#include "mapping/column_binding.h"

#include <algorithm>
#include <set>

#include "core/address.h"

namespace bc {
namespace {

std::string describe(const ColumnHeader& h) { return column_letters(h.col) + " '" + h.label() + "'"; }

std::vector<const ColumnHeader*> matching(const HeaderPattern& pattern, const std::vector<ColumnHeader>& headers,
                                          std::uint32_t first, std::uint32_t last) {
  std::vector<const ColumnHeader*> out;
  for (const ColumnHeader& h : headers) {
    if (h.col >= first && h.col <= last && pattern.matches(h.normalised_path)) out.push_back(&h);
  }
  return out;
}

}  // namespace

TableBinding bind_columns(const TableSpec& table, const std::vector<ColumnHeader>& headers) {
  TableBinding binding;
  if (headers.empty()) {
    binding.missing.push_back("a header band (no header rows were found above the body)");
    return binding;
  }
  const std::uint32_t table_first = headers.front().col;
  const std::uint32_t table_last = headers.back().col;

  // Block spans: from each anchor to the column before the next anchor.
  struct Anchored {
    const BlockSpec* spec;
    std::uint32_t col;
  };
  std::vector<Anchored> anchored;
  for (const BlockSpec& block : table.blocks) {
    if (!block.anchor) {
      anchored.push_back({&block, table_first});
      continue;
    }
    auto hits = matching(*block.anchor, headers, table_first, table_last);
    if (hits.empty()) {
      binding.missing.push_back("block anchor '" + block.anchor->source() + "'");
      continue;
    }
    if (hits.size() > 1) {
      std::string list;
      for (const auto* h : hits) list += (list.empty() ? "" : ", ") + describe(*h);
      binding.ambiguous.push_back("block anchor '" + block.anchor->source() + "': columns " + list);
      continue;
    }
    anchored.push_back({&block, hits.front()->col});
  }
  std::sort(anchored.begin(), anchored.end(), [](const Anchored& a, const Anchored& b) { return a.col < b.col; });

  std::set<std::uint32_t> used;
  std::map<std::uint32_t, std::string> measure_owner;
  for (std::size_t i = 0; i < anchored.size(); ++i) {
    BlockBinding block;
    block.spec = anchored[i].spec;
    block.first_col = i == 0 ? table_first : anchored[i].col;
    block.last_col = i + 1 < anchored.size() ? anchored[i + 1].col - 1 : table_last;
    std::string where = block.spec->side.empty() ? "" : " in the " + block.spec->side + " block";
    for (const KeySpec& key : block.spec->keys) {
      BoundKey bound{&key, {}};
      bool ok = true;
      for (const HeaderPattern& part : key.headers) {
        auto hits = matching(part, headers, block.first_col, block.last_col);
        if (hits.size() == 1) {
          bound.columns.push_back(hits.front());
          continue;
        }
        ok = false;
        if (hits.empty() && !key.optional) {
          binding.missing.push_back("key " + key.name + " (header '" + part.source() + "')" + where);
        } else if (hits.size() > 1) {
          std::string list;
          for (const auto* h : hits) list += (list.empty() ? "" : ", ") + describe(*h);
          binding.ambiguous.push_back("key " + key.name + " (header '" + part.source() + "')" + where +
                                      ": columns " + list);
        }
      }
      if (!ok) continue;
      for (const auto* c : bound.columns) used.insert(c->col);
      binding.bound_count += bound.columns.size();
      block.keys.push_back(std::move(bound));
    }
    for (const MeasureSpec& measure : block.spec->measures) {
      auto hits = matching(measure.header, headers, block.first_col, block.last_col);
      if (hits.size() == 1) {
        const ColumnHeader* column = hits.front();
        auto owner = measure_owner.find(column->col);
        if (owner != measure_owner.end()) {
          binding.ambiguous.push_back("measures " + owner->second + " and " + measure.id + " both match column " +
                                      describe(*column));
          continue;
        }
        measure_owner[column->col] = measure.id;
        used.insert(column->col);
        block.measures.push_back(BoundMeasure{&measure, column});
        ++binding.bound_count;
      } else if (hits.empty()) {
        if (!measure.optional) {
          binding.missing.push_back("measure " + measure.id + " (header '" + measure.header.source() + "')" + where);
        }
      } else {
        std::string list;
        for (const auto* h : hits) list += (list.empty() ? "" : ", ") + describe(*h);
        binding.ambiguous.push_back("measure " + measure.id + " (header '" + measure.header.source() + "')" + where +
                                    ": columns " + list);
      }
    }
    binding.blocks.push_back(std::move(block));
  }
  for (const HeaderPattern& h : table.require_headers) {
    if (matching(h, headers, table_first, table_last).empty()) {
      binding.missing.push_back("required header '" + h.source() + "'");
    }
  }
  for (const ColumnHeader& h : headers) {
    if (!used.count(h.col)) binding.unbound.push_back(&h);
  }
  return binding;
}

}  // namespace bc
