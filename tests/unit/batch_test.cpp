// The batch runner: the same outputs whatever the parallelism, fault
// isolation over a 1,000-file batch with every kind of broken input, and
// resuming with --skip-unchanged.
#include <gtest/gtest.h>
#include <zip.h>
#include <zlib.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/sha256.h"
#include "mapping/mapping_spec.h"
#include "pipeline/batch.h"
#include "read/delimited_parser.h"
#include "support/stage_helpers.h"
#include "write/output_sink.h"

namespace bc {
namespace {

namespace fs = std::filesystem;
using test::read_file;
using test::ScratchDir;

const fs::path kFixtures = fs::path(BC_SOURCE_DIR) / "tests" / "fixtures" / "henan-ys";
const fs::path kEncrypted = fs::path(BC_SHARED_DIR) / "corpus" / "peers";

const MappingSet& mappings() {
  static const MappingSet set = [] {
    std::vector<MappingProblem> problems;
    MappingSet s = load_mappings((fs::path(BC_SOURCE_DIR) / "mappings").string(), problems);
    EXPECT_TRUE(problems.empty());
    return s;
  }();
  return set;
}

std::string bytes_of(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void put(const fs::path& path, const std::string& bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

// Rows of a CSV we wrote, as maps from column name to value.
std::vector<std::map<std::string, std::string>> csv_rows(const std::string& path) {
  std::string text = bytes_of(path);
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
  DelimitedParser parser(text, ',', true);
  std::vector<std::map<std::string, std::string>> rows;
  if (!parser.next()) return rows;
  std::vector<std::string> columns(parser.fields().begin(), parser.fields().end());
  while (parser.next()) {
    std::map<std::string, std::string> row;
    for (std::size_t i = 0; i < columns.size() && i < parser.fields().size(); ++i) {
      row[columns[i]] = std::string(parser.fields()[i]);
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

struct Outputs {
  OutputTotals totals;
  std::vector<std::string> order;  // outcome paths as consumed
};

Outputs convert(const std::vector<std::string>& files, unsigned jobs, const OutputOptions& output) {
  BatchOptions batch;
  batch.jobs = jobs;
  batch.hash_inputs = true;
  OutputSink sink(output, files);
  Outputs out;
  run_batch(files, mappings(), batch, [&](FileOutcome&& o) {
    out.order.push_back(o.path);
    sink.add(o);
  });
  sink.commit();
  out.totals = sink.totals();
  return out;
}

TEST(Sha256, KnownVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // Two blocks, and the padding edge where the length no longer fits the first.
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  Sha256 pieces;
  const std::string million(1000000, 'a');
  for (std::size_t i = 0; i < million.size(); i += 997) pieces.update(million.substr(i, 997));
  EXPECT_EQ(pieces.hex_digest(),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Batch, OutputsAreTheSameForOneAndFourJobs) {
  ScratchDir dir;
  // Files of very different cost, so with four jobs they finish out of order.
  std::vector<std::string> files;
  const char* sources[] = {"henan-ys-2024.xlsx", "ys05-utf8-bom.csv", "henan-ys-2024-stacked.xls",
                           "ys05-gbk.csv", "henan-ys-2024-drift.lo.xlsx"};
  for (int copy = 0; copy < 4; ++copy) {
    for (const char* source : sources) {
      fs::path target = dir.path() / "in" / (std::to_string(copy) + "-" + source);
      fs::create_directories(target.parent_path());
      fs::copy_file(kFixtures / source, target);
      files.push_back(target.string());
    }
  }
  files.push_back(dir.write("in/broken.xlsx", "PK\x03\x04 not really"));
  std::map<unsigned, Outputs> runs;
  for (unsigned jobs : {1u, 4u}) {
    const fs::path out = dir.path() / ("j" + std::to_string(jobs));
    OutputOptions o;
    o.combined_path = (out / "facts.csv").string();
    o.report_path = (out / "report.csv").string();
    o.diagnostics_path = (out / "diagnostics.csv").string();
    runs[jobs] = convert(files, jobs, o);
  }
  EXPECT_EQ(runs[1].order, files);
  EXPECT_EQ(runs[4].order, files);
  EXPECT_EQ(runs[4].totals.failed, 1u);
  EXPECT_GT(runs[4].totals.facts, 1000u);
  for (const char* name : {"facts.csv", "report.csv", "diagnostics.csv"}) {
    const std::string one = bytes_of(dir.path() / "j1" / name);
    EXPECT_FALSE(one.empty()) << name;
    EXPECT_TRUE(one == bytes_of(dir.path() / "j4" / name))
        << name << " differs between -j1 and -j4";
  }
}

TEST(Batch, AConsumerFailureStopsTheWorkers) {
  std::vector<std::string> files(40, (kFixtures / "ys05-utf8-bom.csv").string());
  BatchOptions batch;
  batch.jobs = 3;
  std::size_t seen = 0;
  EXPECT_THROW(run_batch(files, mappings(), batch,
                         [&](FileOutcome&&) {
                           if (++seen == 5) throw std::runtime_error("disk full");
                         }),
               std::runtime_error);
  EXPECT_EQ(seen, 5u);
}

TEST(Batch, JobsMeanings) {
  EXPECT_EQ(effective_jobs(4, 2), 2u);
  EXPECT_EQ(effective_jobs(4, 0), 1u);
  EXPECT_GE(effective_jobs(0, 100), 1u);
  EXPECT_EQ(effective_jobs(3, 100), 3u);
}

// Damages the compressed data of the first worksheet in a zip package, at a
// position chosen by `k`, so that its CRC (or the inflate) must fail.
std::string damage_worksheet(std::string zip, unsigned k) {
  const std::string name = "xl/worksheets/sheet1.xml";
  std::size_t pos = 0;
  while ((pos = zip.find("PK\x03\x04", pos)) != std::string::npos) {
    auto u16 = [&](std::size_t at) {
      return static_cast<std::size_t>(static_cast<unsigned char>(zip[at])) |
             static_cast<std::size_t>(static_cast<unsigned char>(zip[at + 1])) << 8;
    };
    auto u32 = [&](std::size_t at) { return u16(at) | u16(at + 2) << 16; };
    const std::size_t name_len = u16(pos + 26), extra_len = u16(pos + 28), size = u32(pos + 18);
    if (zip.compare(pos + 30, name_len, name) == 0 && size > 64) {
      const std::size_t data = pos + 30 + name_len + extra_len;
      const std::size_t at = data + 8 + (k * 7919) % (size - 24);
      for (std::size_t i = 0; i < 12; ++i) zip[at + i] = static_cast<char>(zip[at + i] ^ 0x5A);
      return zip;
    }
    pos += 4;
  }
  ADD_FAILURE() << "no " << name << " in the fixture";
  return zip;
}

// A zip bomb: the fixture's package with its first worksheet replaced by
// 520 MB of XML (over the 512 MB per-entry cap) that deflates to about 0.5 MB.
// Written by hand so the huge part is never held in memory.
std::string zip_bomb(const fs::path& fixture) {
  int error = 0;
  zip_t* in = zip_open(fixture.string().c_str(), ZIP_RDONLY, &error);
  if (!in) {
    ADD_FAILURE() << "cannot open " << fixture;
    return "";
  }
  struct Entry {
    std::string name;
    std::string compressed;
    std::uint32_t crc = 0;
    std::uint32_t size = 0;
  };
  // next_piece fills the next piece of the entry and says whether more follow.
  auto deflate_all = [](Entry& e, const std::function<bool(std::string&)>& next_piece) {
    z_stream z{};
    deflateInit2(&z, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY);
    std::string piece, out(1 << 16, '\0');
    bool more = true;
    while (more) {
      piece.clear();
      more = next_piece(piece);
      e.crc = static_cast<std::uint32_t>(crc32(e.crc, reinterpret_cast<const Bytef*>(piece.data()),
                                               static_cast<uInt>(piece.size())));
      e.size += static_cast<std::uint32_t>(piece.size());
      z.next_in = reinterpret_cast<Bytef*>(piece.data());
      z.avail_in = static_cast<uInt>(piece.size());
      do {
        z.next_out = reinterpret_cast<Bytef*>(out.data());
        z.avail_out = static_cast<uInt>(out.size());
        deflate(&z, more ? Z_NO_FLUSH : Z_FINISH);
        e.compressed.append(out.data(), out.size() - z.avail_out);
      } while (z.avail_out == 0);
    }
    deflateEnd(&z);
  };
  std::vector<Entry> entries;
  for (zip_int64_t i = 0; i < zip_get_num_entries(in, 0); ++i) {
    Entry e;
    e.name = zip_get_name(in, static_cast<zip_uint64_t>(i), 0);
    if (e.name == "xl/worksheets/sheet1.xml") {
      std::size_t written = 0;
      const std::string spaces(1 << 20, ' ');
      deflate_all(e, [&](std::string& piece) {
        if (written == 0) piece = "<worksheet><sheetData>";
        piece += spaces;
        written += spaces.size();
        if (written < (520u << 20)) return true;
        piece += "</sheetData></worksheet>";
        return false;
      });
    } else {
      std::string data;
      if (zip_file_t* f = zip_fopen_index(in, static_cast<zip_uint64_t>(i), 0)) {
        char buffer[8192];
        for (zip_int64_t n; (n = zip_fread(f, buffer, sizeof buffer)) > 0;) {
          data.append(buffer, static_cast<std::size_t>(n));
        }
        zip_fclose(f);
      }
      deflate_all(e, [&](std::string& piece) {
        piece = data;
        return false;
      });
    }
    entries.push_back(std::move(e));
  }
  zip_discard(in);
  std::string out, central;
  auto u16 = [](std::string& s, unsigned v) {
    s.push_back(static_cast<char>(v & 0xFF));
    s.push_back(static_cast<char>(v >> 8 & 0xFF));
  };
  auto u32 = [&](std::string& s, std::uint32_t v) {
    u16(s, v & 0xFFFF);
    u16(s, v >> 16);
  };
  for (const Entry& e : entries) {
    const auto offset = static_cast<std::uint32_t>(out.size());
    const auto name_len = static_cast<unsigned>(e.name.size());
    const auto compressed = static_cast<std::uint32_t>(e.compressed.size());
    out += "PK\x03\x04";
    for (unsigned v : {20u, 0u, 8u, 0u, 0x21u}) u16(out, v);  // version, flags, deflate, time, date
    u32(out, e.crc);
    u32(out, compressed);
    u32(out, e.size);
    u16(out, name_len);
    u16(out, 0);
    out += e.name + e.compressed;
    central += "PK\x01\x02";
    for (unsigned v : {20u, 20u, 0u, 8u, 0u, 0x21u}) u16(central, v);
    u32(central, e.crc);
    u32(central, compressed);
    u32(central, e.size);
    for (unsigned v : {name_len, 0u, 0u, 0u, 0u})
      u16(central, v);  // name, extra, comment, disk, attrs
    u32(central, 0);
    u32(central, offset);
    central += e.name;
  }
  const auto central_offset = static_cast<std::uint32_t>(out.size());
  const auto count = static_cast<unsigned>(entries.size());
  out += central + "PK\x05\x06";
  for (unsigned v : {0u, 0u, count, count}) u16(out, v);
  u32(out, static_cast<std::uint32_t>(central.size()));
  u32(out, central_offset);
  u16(out, 0);
  return out;
}

TEST(Batch, ThousandFileBatchIsolatesEveryBrokenFile) {
  ScratchDir dir;
  const fs::path in = dir.path() / "in";
  const std::string xlsx = bytes_of(kFixtures / "henan-ys-2024.xlsx");
  const std::string xls = bytes_of(kFixtures / "henan-ys-2024.xls");
  const std::string csv = bytes_of(kFixtures / "ys05-utf8-bom.csv");
  const std::string gbk = bytes_of(kFixtures / "ys05-gbk.csv");
  std::vector<std::string> encrypted;
  for (const char* p :
       {"qax-os__excelize/test/encryptAES.xlsx", "SheetJS__test_files/password_2002_40_972000.xls",
        "tafia__calamine/tests/pass_protected.xlsx"}) {
    if (fs::exists(kEncrypted / p)) encrypted.push_back((kEncrypted / p).string());
  }
  if (encrypted.empty())
    std::cerr << "[ NOTE ] no encrypted samples under " << kEncrypted << ": that kind is skipped\n";
  const std::string bomb = zip_bomb(kFixtures / "henan-ys-2024.xlsx");
  ASSERT_LT(bomb.size(), 4u << 20);

  // 1,000 inputs: 50 (5%) of each broken kind, the rest good copies.
  std::map<std::string, std::string> kind_of;  // path → kind
  auto add = [&](const std::string& kind, const std::string& name, const std::string& bytes) {
    const fs::path p = in / kind / name;
    put(p, bytes);
    kind_of[p.string()] = kind;
  };
  for (unsigned k = 0; k < 50; ++k) {
    const std::string n = std::to_string(k);
    add("corrupt", "c" + n + ".xlsx", damage_worksheet(xlsx, k));
    const std::string& whole = k % 2 ? xls : xlsx;
    add("truncated", "t" + n + (k % 2 ? ".xls" : ".xlsx"),
        whole.substr(0, whole.size() * (k + 1) / 52));
    if (!encrypted.empty()) {
      const std::string& source = encrypted[k % encrypted.size()];
      add("encrypted", "e" + n + fs::path(source).extension().string(), bytes_of(source));
    }
    add("empty", "z" + n + (k % 3 == 0 ? ".xlsx" : k % 3 == 1 ? ".xls" : ".csv"), "");
    add("html", "h" + n + ".xls",
        "<html><head><meta "
        "charset=\"utf-8\"><title>预算公开</title></head><body><table><tr><td>科目</td><td>" +
            n + "</td></tr></table></body></html>\n");
    add("unrecognised", "u" + n + (k % 2 ? ".csv" : ".txt"),
        k % 2 ? "name,amount\nwidgets," + n + "\ngadgets,2\n" : "月份\t销量\n一月\t" + n + "\n");
    add("zipbomb", "b" + n + ".xlsx", bomb);
  }
  const std::size_t broken = kind_of.size() - 50;  // a damaged sheet fails alone (below)
  const std::size_t good = 1000 - kind_of.size();
  for (std::size_t g = 0; g < good; ++g) {
    // Mostly CSV to keep the test quick; every 25th is a whole workbook.
    const std::string n = std::to_string(g);
    if (g % 25 == 0) {
      add("good", "g" + n + (g % 50 == 0 ? ".xlsx" : ".xls"), g % 50 == 0 ? xlsx : xls);
    } else {
      add("good", "g" + n + ".csv", g % 2 ? csv : gbk);
    }
  }
  std::vector<std::string> files;
  for (const auto& [path, kind] : kind_of) files.push_back(path);
  ASSERT_EQ(files.size(), 1000u);

  OutputOptions o;
  o.combined_path = (dir.path() / "out" / "facts.csv").string();
  o.report_path = (dir.path() / "out" / "report.csv").string();
  Outputs run = convert(files, 4, o);
  // Per-input outputs too, for every broken file and some good ones (each
  // per-input CSV is fsync'ed, which is slow on some disks).
  std::vector<std::string> some;
  for (const auto& [path, kind] : kind_of) {
    if (kind != "good" || some.size() % 10 == 0) some.push_back(path);
  }
  OutputOptions per_input;
  per_input.directory = (dir.path() / "per-input").string();
  convert(some, 4, per_input);

  EXPECT_EQ(run.totals.files, 1000u);
  EXPECT_EQ(run.totals.failed, broken);
  const auto report = csv_rows(o.report_path);
  ASSERT_EQ(report.size(), 1000u);
  std::map<std::string, std::size_t> facts_of;
  const auto names = per_input_output_names(some, per_input.directory);
  for (const auto& row : report) {
    const std::string& path = row.at("input");
    const std::string& kind = kind_of.at(path);
    if (kind == "corrupt") {
      // One damaged worksheet: that sheet is left out with a warning naming
      // it; the workbook's other sheets convert.
      EXPECT_EQ(row.at("status"), "warnings") << path << ": " << row.at("error");
      EXPECT_GT(std::stoul(row.at("facts")), 0u) << path;
      facts_of[path] = std::stoul(row.at("facts"));
      if (names.count(path)) {
        EXPECT_TRUE(fs::exists(names.at(path))) << path;
      }
    } else if (kind == "good") {
      EXPECT_NE(row.at("status"), "failed") << path << ": " << row.at("error");
      EXPECT_GT(std::stoul(row.at("facts")), 0u) << path;
      facts_of[path] = std::stoul(row.at("facts"));
      if (names.count(path)) {
        EXPECT_TRUE(fs::exists(names.at(path))) << path;
      }
    } else {
      EXPECT_EQ(row.at("status"), "failed") << kind << " " << path << " was not reported as failed";
      EXPECT_EQ(row.at("facts"), "0") << path;
      // A specific error naming the file.
      EXPECT_NE(row.at("error").find(path), std::string::npos) << row.at("error");
      EXPECT_NE(row.at("error").find(" ["), std::string::npos) << row.at("error");
      // The kinds with one specific code.
      const std::map<std::string, std::string> codes = {{"zipbomb", "[READ-LIMIT]"},
                                                        {"encrypted", "[READ-ENCRYPTED]"},
                                                        {"empty", "[READ-EMPTY]"}};
      auto code = codes.find(kind);
      EXPECT_TRUE(code == codes.end() || row.at("error").find(code->second) != std::string::npos)
          << kind << ": " << row.at("error");
      EXPECT_FALSE(fs::exists(names.at(path))) << kind << " " << path << " left a partial output";
    }
    EXPECT_EQ(row.at("sha256").size(), 64u);
  }
  // The combined CSV holds exactly the facts of the files that converted.
  std::map<std::string, std::size_t> in_output;
  for (const auto& fact : csv_rows(o.combined_path)) ++in_output[fact.at("source_file")];
  EXPECT_EQ(in_output, facts_of);
  std::set<std::string> kinds;
  for (const auto& [path, kind] : kind_of) kinds.insert(kind);
  EXPECT_GE(kinds.size(), encrypted.empty() ? 7u : 8u);
}

// End to end through the command line: options fingerprint, journal, copying
// the previous combined facts.
class Resume : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* sources[] = {"henan-ys-2024.xlsx", "ys05-utf8-bom.csv", "henan-ys-2024-stacked.xls",
                             "ys05-gbk.csv", "henan-ys-2024-drift.xlsx"};
    for (const char* source : sources) fs::copy_file(kFixtures / source, in() / source);
    put(in() / "zero.xlsx", "");
  }
  fs::path in() const {
    fs::create_directories(dir_.path() / "in");
    return dir_.path() / "in";
  }
  std::string path(const std::string& name) const { return (dir_.path() / name).string(); }
  int run(const std::string& args) const {
    const std::string command = std::string("\"") + BC_BINARY_DIR + "/budgetconv\" convert \"" +
                                in().string() + "\" " + args + " -q 2>" + path("stderr.txt");
    return std::system(command.c_str());
  }
  std::map<std::string, std::string> unchanged_column(const std::string& report) const {
    std::map<std::string, std::string> out;
    for (const auto& row : csv_rows(path(report)))
      out[fs::path(row.at("input")).filename().string()] = row.at("unchanged");
    return out;
  }
  ScratchDir dir_;
};

TEST_F(Resume, CombinedOutputKeepsUnchangedInputsAndConvertsTheRest) {
  run("-o " + path("facts.csv") + " -r " + path("report.csv") + " -j 2");
  const std::string first = bytes_of(path("facts.csv"));
  ASSERT_FALSE(first.empty()) << read_file(path("stderr.txt"));

  run("-o " + path("facts.csv") + " -r " + path("report.csv") + " --skip-unchanged");
  EXPECT_EQ(bytes_of(path("facts.csv")), first) << read_file(path("stderr.txt"));
  auto unchanged = unchanged_column("report.csv");
  EXPECT_EQ(unchanged["henan-ys-2024.xlsx"], "1");
  EXPECT_EQ(unchanged["ys05-gbk.csv"], "1");
  EXPECT_EQ(unchanged["zero.xlsx"], "0");  // failed inputs are tried again
  EXPECT_NE(read_file(path("stderr.txt")).find("5 unchanged"), std::string::npos)
      << read_file(path("stderr.txt"));

  // A changed input is converted again; the result equals a fresh run.
  fs::copy_file(kFixtures / "henan-ys-2024-stacked.xlsx", in() / "ys05-utf8-bom.csv",
                fs::copy_options::overwrite_existing);
  run("-o " + path("facts.csv") + " -r " + path("report.csv") + " --skip-unchanged -j 3");
  unchanged = unchanged_column("report.csv");
  EXPECT_EQ(unchanged["ys05-utf8-bom.csv"], "0");
  EXPECT_EQ(unchanged["henan-ys-2024.xlsx"], "1");
  run("-o " + path("fresh.csv") + " -r " + path("fresh-report.csv"));
  EXPECT_TRUE(bytes_of(path("facts.csv")) == bytes_of(path("fresh.csv")));

  // Other options: nothing is unchanged.
  run("-o " + path("facts.csv") + " -r " + path("report.csv") + " --skip-unchanged --bom");
  for (const auto& [name, flag] : unchanged_column("report.csv")) EXPECT_EQ(flag, "0") << name;
}

TEST_F(Resume, InterruptedPerInputRunResumesFromTheJournal) {
  run("-d " + path("out") + " -r " + path("report.csv"));
  ASSERT_TRUE(fs::exists(path("out/henan-ys-2024.xlsx.csv"))) << read_file(path("stderr.txt"));
  EXPECT_FALSE(fs::exists(path("report.csv.partial")));  // removed once the report is in place
  // An interrupted run leaves its journal and no report.
  fs::rename(path("report.csv"), path("report.csv.partial"));
  const std::string before = bytes_of(path("out/henan-ys-2024.xlsx.csv"));
  run("-d " + path("out") + " -r " + path("report.csv") + " --skip-unchanged");
  auto unchanged = unchanged_column("report.csv");
  EXPECT_EQ(unchanged.size(), 6u);
  EXPECT_EQ(unchanged["henan-ys-2024.xlsx"], "1") << read_file(path("stderr.txt"));
  EXPECT_EQ(unchanged["henan-ys-2024-stacked.xls"], "1");
  EXPECT_EQ(bytes_of(path("out/henan-ys-2024.xlsx.csv")), before);
  // A per-input CSV that is gone is written again.
  fs::remove(path("out/ys05-gbk.csv.csv"));
  run("-d " + path("out") + " -r " + path("report.csv") + " --skip-unchanged");
  EXPECT_EQ(unchanged_column("report.csv")["ys05-gbk.csv"], "0");
  EXPECT_TRUE(fs::exists(path("out/ys05-gbk.csv.csv")));
}

TEST_F(Resume, NeedsAReport) {
  EXPECT_NE(run("-o " + path("facts.csv") + " --skip-unchanged"), 0);
  EXPECT_NE(read_file(path("stderr.txt")).find("--skip-unchanged needs --report"),
            std::string::npos);
}

}  // namespace
}  // namespace bc
