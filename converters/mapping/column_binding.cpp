#include "mapping/column_binding.h"

#include <algorithm>
#include <optional>
#include <set>
#include <string_view>
#include <unordered_map>

#include "core/address.h"

namespace bc {
namespace {

std::string describe(const ColumnHeader& h) {
  return column_letters(h.col) + " '" + h.label() + "'";
}

std::string describe_all(const std::vector<const ColumnHeader*>& columns) {
  std::string list;
  for (const auto* h : columns) list += (list.empty() ? "" : ", ") + describe(*h);
  return list;
}

// Structure columns (行次, 栏次, 序号) hold row numbers, never keys or values.
bool is_structure_label(const ColumnHeader& h) {
  if (h.normalised_path.empty()) return false;
  const std::string& last = h.normalised_path.back();
  return last == "行次" || last == "栏次" || last == "序号";
}

struct SourceHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
struct SourceEqual {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const { return a == b; }
};

}  // namespace

// The columns of a table with their lenient paths, and the tier of every
// pattern matched so far against each column (0: no match).
struct ColumnMatchCache::Impl {
  const std::vector<ColumnHeader>* headers = nullptr;
  std::vector<std::vector<std::string>> lenient;
  std::vector<bool> structure;
  std::unordered_map<std::string, std::vector<std::uint8_t>, SourceHash, SourceEqual> tiers;
  // The same by pattern object (mapping patterns live as long as the
  // mappings, derived ones as long as the thread): no hashing of the source.
  std::unordered_map<const HeaderPattern*, const std::vector<std::uint8_t>*> by_pattern;

  void reset(const std::vector<ColumnHeader>& h) {
    headers = &h;
    lenient.clear();
    structure.clear();
    tiers.clear();
    by_pattern.clear();
    lenient.reserve(h.size());
    structure.reserve(h.size());
    for (const ColumnHeader& c : h) {
      lenient.push_back(HeaderPattern::lenient_path(c.normalised_path));
      structure.push_back(is_structure_label(c));
    }
  }

  const std::vector<std::uint8_t>& tiers_of(const HeaderPattern& pattern) {
    auto known = by_pattern.find(&pattern);
    if (known != by_pattern.end()) return *known->second;
    const std::vector<std::uint8_t>& t = tiers_by_source(pattern);
    by_pattern.emplace(&pattern, &t);
    return t;
  }

  const std::vector<std::uint8_t>& tiers_by_source(const HeaderPattern& pattern) {
    auto it = tiers.find(std::string_view(pattern.source()));
    if (it != tiers.end()) return it->second;
    std::vector<std::uint8_t> t(headers->size(), 0);
    for (std::size_t i = 0; i < headers->size(); ++i) {
      if (structure[i]) continue;
      t[i] =
          static_cast<std::uint8_t>(pattern.match_tier((*headers)[i].normalised_path, lenient[i]));
    }
    return tiers.emplace(pattern.source(), std::move(t)).first->second;
  }
};

ColumnMatchCache::ColumnMatchCache() : impl_(std::make_unique<Impl>()) {}
ColumnMatchCache::~ColumnMatchCache() = default;

namespace {

// The columns of a table, matched through the cache.
class Columns {
 public:
  explicit Columns(ColumnMatchCache::Impl& cache) : cache_(cache) {}

  // The columns of [first, last] that match `pattern` at the strictest tier
  // at which any column matches; structure columns are never candidates.
  std::vector<const ColumnHeader*> matching(const HeaderPattern& pattern, std::uint32_t first,
                                            std::uint32_t last, int* tier = nullptr) const {
    std::vector<const ColumnHeader*> best;
    int best_tier = 4;
    const std::vector<ColumnHeader>& headers = *cache_.headers;
    const std::vector<std::uint8_t>& tiers = cache_.tiers_of(pattern);
    for (std::size_t i = 0; i < headers.size(); ++i) {
      const ColumnHeader& h = headers[i];
      if (h.col < first || h.col > last) continue;
      const int t = tiers[i];
      if (t == 0 || t > best_tier) continue;
      if (t < best_tier) {
        best.clear();
        best_tier = t;
      }
      best.push_back(&h);
    }
    if (tier) *tier = best.empty() ? 0 : best_tier;
    return best;
  }

 private:
  ColumnMatchCache::Impl& cache_;
};

// One column out of several matches: the `occurrence`-th (1-based, left to
// right) when the mapping names one, the only one otherwise.
const ColumnHeader* pick(const std::vector<const ColumnHeader*>& hits, unsigned occurrence) {
  if (occurrence > 0) return occurrence <= hits.size() ? hits[occurrence - 1] : nullptr;
  return hits.size() == 1 ? hits.front() : nullptr;
}

bool is_code_key(const KeySpec& key) {
  return key.name == "function_code" || key.name == "econ_code" || key.name == "gov_econ_code" ||
         key.name == "income_code" || key.name == "code";
}

// The pattern of a split code's parts without their last level
// ('科目编码/类', '科目编码/款' -> '科目编码'); "" when the parts differ there.
std::string common_parent(const std::vector<HeaderPattern>& parts) {
  std::string parent;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string& s = parts[i].source();
    const std::size_t slash = s.rfind('/');
    if (slash == std::string::npos) return "";
    const std::string p = s.substr(0, slash);
    if (i > 0 && p != parent) return "";
    parent = p;
  }
  return parent;
}

// The patterns other_code_layout makes from a key's own, made once per thread
// (nullopt: the source is no valid pattern).
const std::optional<HeaderPattern>& derived_pattern(const std::string& source) {
  thread_local std::unordered_map<std::string, std::optional<HeaderPattern>> made;
  auto it = made.find(source);
  if (it != made.end()) return it->second;
  std::optional<HeaderPattern> pattern;
  try {
    pattern.emplace(source);
  } catch (const std::invalid_argument&) {
  }
  return made.emplace(source, std::move(pattern)).first->second;
}

// The columns of a code key in the layout its mapping does not describe:
// one joined column under the parts' common parent, or the 类/款(/项)
// columns under the one header. Empty when neither binds uniquely.
std::vector<const ColumnHeader*> other_code_layout(const Columns& columns, const KeySpec& key,
                                                   std::uint32_t first, std::uint32_t last) {
  std::vector<const ColumnHeader*> out;
  if (key.headers.size() > 1) {
    const std::string parent = common_parent(key.headers);
    if (parent.empty()) return out;
    const std::optional<HeaderPattern>& pattern = derived_pattern(parent);
    if (!pattern) return {};  // a pattern that cannot be extended: no other layout
    auto hits = columns.matching(*pattern, first, last);
    if (hits.size() == 1) out.push_back(hits.front());
    return out;
  }
  for (const char* level : {"类", "款", "项"}) {
    const std::optional<HeaderPattern>& pattern =
        derived_pattern(key.headers.front().source() + "/" + level);
    if (!pattern) return {};
    auto hits = columns.matching(*pattern, first, last);
    if (hits.size() != 1) break;
    out.push_back(hits.front());
  }
  if (out.size() < 2) out.clear();  // at least 类 and 款
  return out;
}

}  // namespace

TableBinding bind_columns(const TableSpec& table, const std::vector<ColumnHeader>& headers) {
  ColumnMatchCache cache;
  return bind_columns(table, headers, cache);
}

TableBinding bind_columns(const TableSpec& table, const std::vector<ColumnHeader>& headers,
                          ColumnMatchCache& cache) {
  TableBinding binding;
  if (headers.empty()) {
    binding.missing.push_back("a header band (no header rows were found above the body)");
    return binding;
  }
  if (cache.impl_->headers != &headers || cache.impl_->lenient.size() != headers.size())
    cache.impl_->reset(headers);
  const Columns columns(*cache.impl_);
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
    auto hits = columns.matching(*block.anchor, table_first, table_last);
    const ColumnHeader* at = pick(hits, block.anchor_occurrence);
    if (!at) {
      if (hits.size() > 1 && block.anchor_occurrence == 0) {
        binding.ambiguous.push_back("block anchor '" + block.anchor->source() + "': columns " +
                                    describe_all(hits) +
                                    " (identical blocks side by side: give each block an "
                                    "'occurrence')");
      } else {
        binding.missing.push_back("block anchor '" + block.anchor->source() + "'" +
                                  (block.anchor_occurrence
                                       ? " (occurrence " + std::to_string(block.anchor_occurrence) +
                                             " of " + std::to_string(hits.size()) + ")"
                                       : std::string()));
      }
      continue;
    }
    anchored.push_back({&block, at->col});
  }
  std::sort(anchored.begin(), anchored.end(),
            [](const Anchored& a, const Anchored& b) { return a.col < b.col; });

  std::set<std::uint32_t> used;
  for (std::size_t i = 0; i < anchored.size(); ++i) {
    BlockBinding block;
    block.spec = anchored[i].spec;
    block.first_col = i == 0 ? table_first : anchored[i].col;
    block.last_col = i + 1 < anchored.size() ? anchored[i + 1].col - 1 : table_last;
    std::string where = block.spec->side.empty() ? "" : " in the " + block.spec->side + " block";
    for (const KeySpec& key : block.spec->keys) {
      BoundKey bound{&key, {}};
      std::vector<std::string> problems, ambiguities;
      bool ok = true;
      for (const HeaderPattern& part : key.headers) {
        int tier = 0;
        auto hits = columns.matching(part, block.first_col, block.last_col, &tier);
        if (const ColumnHeader* c = pick(hits, key.occurrence)) {
          bound.columns.push_back(c);
          binding.loose_count += tier == 3 ? 1 : 0;
          continue;
        }
        ok = false;
        const std::string what = "key " + key.name + " (header '" + part.source() + "')" + where;
        if (hits.size() > 1 && key.occurrence == 0) {
          ambiguities.push_back(what + ": columns " + describe_all(hits));
        } else if (!key.optional) {
          problems.push_back(what);
        }
      }
      // A code printed the other way: joined in one column where the mapping
      // splits it over 类/款/项, or split where it expects one column.
      if (!ok && ambiguities.empty() && is_code_key(key)) {
        bound.columns = other_code_layout(columns, key, block.first_col, block.last_col);
        ok = !bound.columns.empty();
      }
      if (!ok) {
        binding.missing.insert(binding.missing.end(), problems.begin(), problems.end());
        binding.ambiguous.insert(binding.ambiguous.end(), ambiguities.begin(), ambiguities.end());
        if (!key.optional) binding.unbound_keys.push_back(&key);
        continue;
      }
      for (const auto* c : bound.columns) used.insert(c->col);
      binding.bound_count += bound.columns.size();
      block.keys.push_back(std::move(bound));
    }
    // Measures: each to the column it matches most strictly. Two measures
    // claiming one column at the same tier leave it to neither (its values are
    // kept unbound); a stricter claim wins over a looser one.
    struct Claim {
      const MeasureSpec* spec;
      const ColumnHeader* column;
      int tier;
    };
    std::vector<Claim> claims;
    for (const MeasureSpec& measure : block.spec->measures) {
      int tier = 0;
      auto hits = columns.matching(measure.header, block.first_col, block.last_col, &tier);
      if (const ColumnHeader* c = pick(hits, measure.occurrence)) {
        if (!used.count(c->col)) {
          binding.loose_count += tier == 3 ? 1 : 0;
          claims.push_back(Claim{&measure, c, tier});
          continue;
        }
      }
      const std::string what =
          "measure " + measure.id + " (header '" + measure.header.source() + "')" + where;
      if (hits.size() > 1 && measure.occurrence == 0) {
        binding.ambiguous.push_back(what + ": columns " + describe_all(hits));
      } else if (!measure.optional) {
        binding.missing.push_back(what);
      }
    }
    for (std::size_t c = 0; c < claims.size(); ++c) {
      const Claim& claim = claims[c];
      int best_rival = 4;  // the strictest other claim on the same column
      bool first_of_tie = true;
      std::string rivals;
      for (std::size_t o = 0; o < claims.size(); ++o) {
        const Claim& other = claims[o];
        if (o == c || other.column != claim.column) continue;
        best_rival = std::min(best_rival, other.tier);
        if (other.tier == claim.tier) {
          rivals += (rivals.empty() ? "" : " and ") + other.spec->id;
          first_of_tie = first_of_tie && c < o;
        }
      }
      if (claim.tier < best_rival) {
        used.insert(claim.column->col);
        block.measures.push_back(BoundMeasure{claim.spec, claim.column});
        ++binding.bound_count;
      } else if (!rivals.empty()) {
        if (first_of_tie)
          binding.ambiguous.push_back("measures " + claim.spec->id + " and " + rivals +
                                      " both match column " + describe(*claim.column));
      } else if (!claim.spec->optional) {
        binding.missing.push_back("measure " + claim.spec->id + " (header '" +
                                  claim.spec->header.source() + "')" + where +
                                  ": its column is bound more strictly to another measure");
      }
    }
    binding.blocks.push_back(std::move(block));
  }
  for (const HeaderPattern& h : table.require_headers) {
    if (columns.matching(h, table_first, table_last).empty()) {
      binding.missing.push_back("required header '" + h.source() + "'");
      binding.signature_missing = true;
    }
  }
  for (const ColumnHeader& h : headers) {
    if (is_structure_label(h)) {
      binding.structure.push_back(&h);
    } else if (!used.count(h.col)) {
      binding.unbound.push_back(&h);
    }
  }
  return binding;
}

const BlockBinding* TableBinding::block_of(std::uint32_t col) const {
  for (const BlockBinding& b : blocks) {
    if (col >= b.first_col && col <= b.last_col) return &b;
  }
  return nullptr;
}

}  // namespace bc
