// The drift suite (issue "Never lose a number", deliverable 8): every fixture
// workbook of the three families, in every writer's version, perturbed the
// ways real harvests differ (tests/drift/README.md), converted, and checked
// against the unperturbed conversion by the oracle (drift/oracle.h).
//
//   ./build/tests/drift_tests --gtest_filter='Drift*'            # all, with the summary table
//   BC_DRIFT_REPORT=drift.tsv ./build/tests/drift_tests          # the table also as TSV
//
// One test per family and perturbation kind; each runs that kind on the three
// writers' versions with a few seeds. A failure names the variant and gives one
// line per wrong, missing or unaccounted number (capped).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>

#include "drift/oracle.h"
#include "drift/perturbations.h"
#include "drift/variant.h"
#include "read/workbook.h"
#include "support/conversion_helpers.h"

namespace bc::drift {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kFamilies = {"henan-ys", "shaanxi-biao", "hubei-biao"};
const std::vector<std::string> kVersions = {".xlsx", ".lo.xlsx", ".xls"};
constexpr std::size_t kMaxLinesPerVariant = 12;

// The kinds a re-written file (CSV of one sheet, .xlsx of all) starts from.
const std::vector<std::string> kWriterBases = {
    "identity",      "respace_headers", "width_swap", "add_note_column", "column_numbers_row",
    "unit_rescaled", "numbers_as_text", "blank_rows", "join_codes"};

struct Original {
  std::vector<Grid> sheets;
  Reference reference;
};

fs::path fixture_path(const std::string& family, const std::string& version) {
  return testing_support::source_dir() / "tests/fixtures" / family / (family + "-2024" + version);
}

// Each fixture read and converted once per process.
const Original& original(const std::string& family, const std::string& version) {
  static std::map<std::string, Original> cache;
  auto [it, added] = cache.try_emplace(family + version);
  if (added) {
    const fs::path path = fixture_path(family, version);
    auto workbook = open_workbook(path.string(), ReadOptions{});
    for (std::size_t i = 0; i < workbook->info().sheets.size(); ++i)
      it->second.sheets.push_back(Grid::from_sheet(workbook->read_sheet(i)));
    const FileOutcome outcome = testing_support::convert_with_project_mappings(path);
    EXPECT_NE(outcome.status, FileStatus::Failed) << outcome.error;
    it->second.reference = reference_of(outcome);
  }
  return it->second;
}

unsigned seed_of(const std::string& text) {
  unsigned h = 2166136261u;  // FNV-1a: stable everywhere, unlike std::hash
  for (unsigned char c : text) h = (h ^ c) * 16777619u;
  return h;
}

struct Planned {
  std::string family, version, kind;
  unsigned seed;
  Writer writer;
};

std::size_t seeds_for(const std::string& kind) {
  if (kind == "identity") return 1;
  if (kind == "csv_export") return 4;
  return 2;
}

std::vector<std::string> report_kinds() {
  std::vector<std::string> kinds = {"identity"};
  for (const Kind& k : perturbation_kinds()) kinds.push_back(k.name);
  kinds.push_back("csv_export");
  kinds.push_back("xlsx_rewrite");
  return kinds;
}

std::vector<Planned> plan() {
  std::vector<Planned> out;
  for (const std::string& family : kFamilies) {
    for (const std::string& kind : report_kinds()) {
      const Writer writer = kind == "csv_export"     ? Writer::Csv
                            : kind == "xlsx_rewrite" ? Writer::Xlsx
                                                     : Writer::Memory;
      for (const std::string& version : kVersions) {
        for (unsigned s = 0; s < seeds_for(kind); ++s)
          out.push_back(Planned{family, version, kind, s, writer});
      }
    }
  }
  return out;
}

Variant make_variant(const Planned& p) {
  const Original& o = original(p.family, p.version);
  Variant v{p.family, p.version, p.kind, p.seed, p.writer, o.sheets, {}};
  Context ctx;
  ctx.rng.seed(seed_of(p.family + p.version + p.kind + std::to_string(p.seed)));
  ctx.reference_unit = [&o](const Origin& origin) -> std::optional<std::string> {
    auto it = o.reference.find(origin);
    return it == o.reference.end() ? std::nullopt : std::optional<std::string>(it->second.unit);
  };
  std::string base = p.kind;
  if (p.writer != Writer::Memory) base = kWriterBases[ctx.pick(kWriterBases.size())];
  if (p.writer == Writer::Csv) {
    // One sheet that holds reference numbers, as a bureau's CSV export of one table.
    std::vector<std::size_t> with_facts;
    for (std::size_t i = 0; i < v.sheets.size(); ++i) {
      for (const auto& [origin, ref] : o.reference) {
        if (origin.sheet == v.sheets[i].name) {
          with_facts.push_back(i);
          break;
        }
      }
    }
    Grid one = v.sheets[with_facts[ctx.pick(with_facts.size())]];
    v.sheets.assign(1, std::move(one));
    ctx.notes.push_back("sheet " + v.sheets[0].name + " as CSV");
  }
  if (base != "identity") perturbation_kind(base).apply(v.sheets, ctx);
  if (p.writer != Writer::Memory) ctx.notes.insert(ctx.notes.begin(), "base perturbation " + base);
  v.notes = std::move(ctx.notes);
  return v;
}

// --- the summary ---------------------------------------------------------------

struct Tally {
  std::size_t variants = 0, failing = 0, expected = 0, recovered = 0;
};
std::map<std::pair<std::string, std::string>, Tally>& tallies() {  // (kind, family)
  static std::map<std::pair<std::string, std::string>, Tally> t;
  return t;
}

std::string percent(std::size_t num, std::size_t den) {
  if (den == 0) return "-";
  std::ostringstream s;
  s << std::fixed << std::setprecision(1)
    << 100.0 * static_cast<double>(num) / static_cast<double>(den);
  return s.str();
}

class SummaryPrinter : public ::testing::Environment {
 public:
  void TearDown() override {
    if (tallies().empty()) return;
    std::ostringstream tsv;
    tsv << "kind\tfamily\tvariants\tfailing\texpected\trecovered\trecovered_pct\n";
    std::ostringstream table;
    table << "\nDrift summary: reference numbers recovered per perturbation kind and family\n"
          << std::left << std::setw(20) << "kind";
    for (const std::string& f : kFamilies) table << std::setw(26) << f;
    table << "\n";
    Tally total;
    for (const std::string& kind : report_kinds()) {
      bool any = false;
      std::ostringstream line;
      line << std::left << std::setw(20) << kind;
      for (const std::string& f : kFamilies) {
        auto it = tallies().find({kind, f});
        if (it == tallies().end()) {
          line << std::setw(26) << "";
          continue;
        }
        any = true;
        const Tally& t = it->second;
        line << std::setw(26)
             << (percent(t.recovered, t.expected) + "% (" + std::to_string(t.failing) + "/" +
                 std::to_string(t.variants) + " fail)");
        tsv << kind << "\t" << f << "\t" << t.variants << "\t" << t.failing << "\t" << t.expected
            << "\t" << t.recovered << "\t" << percent(t.recovered, t.expected) << "\n";
        total.variants += t.variants;
        total.failing += t.failing;
        total.expected += t.expected;
        total.recovered += t.recovered;
      }
      if (any) table << line.str() << "\n";
    }
    table << "all: " << total.variants << " variants, " << total.failing << " failing, "
          << total.recovered << " of " << total.expected << " reference numbers recovered ("
          << percent(total.recovered, total.expected) << "%)\n";
    std::cout << table.str() << std::flush;
    if (const char* path = std::getenv("BC_DRIFT_REPORT"); path && *path)
      std::ofstream(path) << tsv.str();
  }
};

[[maybe_unused]] const auto* const kSummary =
    ::testing::AddGlobalTestEnvironment(new SummaryPrinter);

// --- the tests -------------------------------------------------------------------

// BC_DRIFT_VERBOSE=1: one line per variant (result and what was done).
bool verbose() {
  static const bool on = [] {
    const char* v = std::getenv("BC_DRIFT_VERBOSE");
    return v && std::string(v) == "1";
  }();
  return on;
}

struct Param {
  std::string family, kind;
};

// Test names, not 64-byte dumps, in gtest's messages.
void PrintTo(const Param& p, std::ostream* out) { *out << p.family << " " << p.kind; }

class DriftVariants : public ::testing::TestWithParam<Param> {};

TEST_P(DriftVariants, NoWrongNumberFullRecoveryEveryLossNamed) {
  const Param& param = GetParam();
  const fs::path scratch =
      fs::path(::testing::TempDir()) /
      ("bc-drift-" + std::to_string(::getpid()) + "-" + param.family + "-" + param.kind);
  fs::create_directories(scratch);
  for (const Planned& p : plan()) {
    if (p.family != param.family || p.kind != param.kind) continue;
    const Variant v = make_variant(p);
    const FileOutcome outcome =
        convert_variant(v, testing_support::project_mappings(), scratch.string());
    const CheckResult r = check_variant(v, outcome, original(p.family, p.version).reference);
    Tally& t = tallies()[{p.kind, p.family}];
    ++t.variants;
    t.expected += r.expected;
    t.recovered += r.recovered;
    if (verbose()) {
      std::cout << (r.failures.empty() ? "ok   " : "FAIL ") << v.id() << " " << r.recovered << "/"
                << r.expected;
      for (std::size_t i = 0; i < v.notes.size() && i < 4; ++i)
        std::cout << " [" << v.notes[i] << "]";
      std::cout << " (" << v.notes.size() << " edits)\n";
    }
    if (r.failures.empty()) continue;
    ++t.failing;
    std::ostringstream msg;
    msg << v.id() << ": " << r.failures.size() << " problems, " << r.recovered << "/" << r.expected
        << " recovered; did:";
    for (std::size_t i = 0; i < v.notes.size() && i < 3; ++i) msg << " [" << v.notes[i] << "]";
    if (v.notes.size() > 3) msg << " [+" << v.notes.size() - 3 << " edits]";
    for (std::size_t i = 0; i < r.failures.size() && i < kMaxLinesPerVariant; ++i)
      msg << "\n  " << r.failures[i];
    if (r.failures.size() > kMaxLinesPerVariant)
      msg << "\n  ... " << r.failures.size() - kMaxLinesPerVariant << " more";
    ADD_FAILURE() << msg.str();
  }
  std::error_code ec;
  fs::remove_all(scratch, ec);
}

std::vector<Param> params() {
  std::vector<Param> out;
  for (const std::string& family : kFamilies) {
    for (const std::string& kind : report_kinds()) out.push_back(Param{family, kind});
  }
  return out;
}

INSTANTIATE_TEST_SUITE_P(Drift, DriftVariants, ::testing::ValuesIn(params()),
                         [](const ::testing::TestParamInfo<Param>& p) {
                           std::string name = p.param.family + "__" + p.param.kind;
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

// The suite is as large as the issue asks, and every variant is reproducible.
TEST(DriftPlan, AtLeast300VariantsAcrossTheThreeFamilies) {
  const std::vector<Planned> all = plan();
  EXPECT_GE(all.size(), 300u);
  std::map<std::string, std::size_t> per_family;
  for (const Planned& p : all) ++per_family[p.family];
  for (const std::string& f : kFamilies) EXPECT_GE(per_family[f], 100u) << f;
}

TEST(DriftPlan, VariantsAreDeterministic) {
  const Planned p{"henan-ys", ".xlsx", "combined", 1, Writer::Memory};
  const Variant a = make_variant(p), b = make_variant(p);
  ASSERT_EQ(a.sheets.size(), b.sheets.size());
  EXPECT_EQ(a.notes, b.notes);
  for (std::size_t i = 0; i < a.sheets.size(); ++i) {
    EXPECT_EQ(a.sheets[i].cells.size(), b.sheets[i].cells.size());
    for (const auto& [rc, cell] : a.sheets[i].cells) {
      const GridCell* other = b.sheets[i].at(rc.first, rc.second);
      ASSERT_TRUE(other) << a.sheets[i].name << "!" << a1(rc.first, rc.second);
      EXPECT_EQ(cell.value, other->value);
    }
  }
}

}  // namespace
}  // namespace bc::drift
