// Our readers against the reference readings of shared/corpus (openpyxl,
// xlrd, Python's csv, readxl as fallback): every file of the manifest with a
// spreadsheet extension is opened through open_workbook() and every cell is
// compared. Deliberate differences are listed, with a reason, in
// tests/corpus/known-differences*.tsv (path, sheet, cell or *, reason).
#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/address.h"
#include "core/diagnostic.h"
#include "core/utf8.h"
#include "read/workbook.h"

namespace bc {
namespace {

namespace fs = std::filesystem;

// ---------------------------------------------------------------- a small JSON reader
// Enough for the readings: objects, arrays, strings, numbers (kept as text),
// true/false/null.
struct Json {
  enum class Kind { Null, Bool, Number, String, Array, Object } kind = Kind::Null;
  bool boolean = false;
  std::string text;  // number text or string value
  std::vector<Json> items;
  std::vector<std::pair<std::string, Json>> fields;

  const Json* get(const std::string& key) const {
    for (const auto& [k, v] : fields) {
      if (k == key) return &v;
    }
    return nullptr;
  }
  std::string str(const std::string& key) const {
    const Json* v = get(key);
    return v && v->kind == Kind::String ? v->text : std::string();
  }
  bool is_null() const { return kind == Kind::Null; }
};

class JsonParser {
 public:
  explicit JsonParser(std::string_view text) : s_(text) {}
  Json parse() {
    Json v = value();
    space();
    if (i_ != s_.size()) throw std::runtime_error("trailing characters in JSON");
    return v;
  }

 private:
  void space() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r'))
      ++i_;
  }
  char peek() {
    space();
    if (i_ >= s_.size()) throw std::runtime_error("unexpected end of JSON");
    return s_[i_];
  }
  void expect(char c) {
    if (peek() != c) throw std::runtime_error(std::string("expected '") + c + "' in JSON");
    ++i_;
  }
  Json value() {
    char c = peek();
    Json v;
    if (c == '{') {
      v.kind = Json::Kind::Object;
      ++i_;
      if (peek() == '}') {
        ++i_;
        return v;
      }
      for (;;) {
        std::string key = string();
        expect(':');
        v.fields.emplace_back(std::move(key), value());
        if (peek() == ',') {
          ++i_;
          continue;
        }
        expect('}');
        return v;
      }
    }
    if (c == '[') {
      v.kind = Json::Kind::Array;
      ++i_;
      if (peek() == ']') {
        ++i_;
        return v;
      }
      for (;;) {
        v.items.push_back(value());
        if (peek() == ',') {
          ++i_;
          continue;
        }
        expect(']');
        return v;
      }
    }
    if (c == '"') {
      v.kind = Json::Kind::String;
      v.text = string();
      return v;
    }
    if (s_.compare(i_, 4, "true") == 0) {
      v.kind = Json::Kind::Bool;
      v.boolean = true;
      i_ += 4;
      return v;
    }
    if (s_.compare(i_, 5, "false") == 0) {
      v.kind = Json::Kind::Bool;
      i_ += 5;
      return v;
    }
    if (s_.compare(i_, 4, "null") == 0) {
      i_ += 4;
      return v;
    }
    std::size_t start = i_;
    while (i_ < s_.size() &&
           std::string_view("+-0123456789.eE").find(s_[i_]) != std::string_view::npos)
      ++i_;
    if (start == i_) throw std::runtime_error("bad JSON value");
    v.kind = Json::Kind::Number;
    v.text = std::string(s_.substr(start, i_ - start));
    return v;
  }
  unsigned hex4() {
    if (i_ + 4 > s_.size()) throw std::runtime_error("bad \\u escape");
    unsigned v = static_cast<unsigned>(std::stoul(std::string(s_.substr(i_, 4)), nullptr, 16));
    i_ += 4;
    return v;
  }
  std::string string() {
    expect('"');
    std::string out;
    while (i_ < s_.size() && s_[i_] != '"') {
      char c = s_[i_++];
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      char e = s_[i_++];
      switch (e) {
        case 'n':
          out.push_back('\n');
          break;
        case 'r':
          out.push_back('\r');
          break;
        case 't':
          out.push_back('\t');
          break;
        case 'b':
          out.push_back('\b');
          break;
        case 'f':
          out.push_back('\f');
          break;
        case 'u': {
          unsigned cp = hex4();
          if (cp >= 0xD800 && cp <= 0xDBFF && s_.compare(i_, 2, "\\u") == 0) {
            i_ += 2;
            unsigned low = hex4();
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          }
          append_utf8(out, static_cast<char32_t>(cp));
          break;
        }
        default:
          out.push_back(e);
      }
    }
    expect('"');
    return out;
  }
  std::string_view s_;
  std::size_t i_ = 0;
};

// ---------------------------------------------------------------- corpus files

std::string read_text(const std::string& path) {
  if (path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0) {
    gzFile f = gzopen(path.c_str(), "rb");
    if (f == nullptr) return "";
    std::string out;
    char buf[1 << 16];
    int n = 0;
    while ((n = gzread(f, buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
    gzclose(f);
    return out;
  }
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::vector<std::string> split(const std::string& line, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    std::size_t end = line.find(sep, start);
    out.push_back(line.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

std::string lower_ext(const std::string& path) {
  std::size_t dot = path.find_last_of('.');
  std::string ext = dot == std::string::npos ? "" : path.substr(dot + 1);
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

struct KnownDifference {
  std::string sheet;
  std::string cell;
  std::string reason;
  std::string source;
  mutable int used = 0;
};

class KnownDifferences {
 public:
  void load(const std::string& path) {
    std::ifstream in(path);
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
      ++n;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.empty() || line[0] == '#' || line.rfind("path\t", 0) == 0) continue;
      auto cols = split(line, '\t');
      if (cols.size() < 4 || cols[3].empty()) {
        ADD_FAILURE() << path << ":" << n << ": expected path, sheet, cell, reason";
        continue;
      }
      by_path_[cols[0]].push_back(KnownDifference{
          cols[1], cols[2], cols[3], fs::path(path).filename().string() + ":" + std::to_string(n)});
    }
  }
  // The entry that explains a difference at (sheet, cell); "*" is a wildcard
  // in the file, and a file-level difference is only explained by "* *".
  const KnownDifference* find(const std::string& path, const std::string& sheet,
                              const std::string& cell) const {
    auto it = by_path_.find(path);
    if (it == by_path_.end()) return nullptr;
    for (const auto& d : it->second) {
      if ((d.sheet == "*" || d.sheet == sheet) && (d.cell == "*" || d.cell == cell)) {
        ++d.used;
        return &d;
      }
    }
    return nullptr;
  }
  bool whole_file(const std::string& path) const {
    auto it = by_path_.find(path);
    if (it == by_path_.end()) return false;
    for (const auto& d : it->second) {
      if (d.sheet == "*" && d.cell == "*") {
        ++d.used;
        return true;
      }
    }
    return false;
  }
  std::vector<std::string> unused() const {
    std::vector<std::string> out;
    for (const auto& [path, list] : by_path_) {
      for (const auto& d : list) {
        if (d.used == 0) out.push_back(d.source + " " + path + " " + d.sheet + " " + d.cell);
      }
    }
    return out;
  }
  std::size_t size() const {
    std::size_t n = 0;
    for (const auto& [path, list] : by_path_) n += list.size();
    return n;
  }

 private:
  std::map<std::string, std::vector<KnownDifference>> by_path_;
};

struct Summary {
  int files = 0;
  int files_rejected_as_expected = 0;
  int files_excused = 0;
  long cells = 0;
  long allowed = 0;
  std::vector<std::string> mismatches;
  std::map<std::string, int> per_extension;
};

class Comparer {
 public:
  Comparer(const KnownDifferences& known, Summary& summary) : known_(known), summary_(summary) {}

  void mismatch(const std::string& path, const std::string& sheet, const std::string& cell,
                const std::string& what) {
    if (known_.find(path, sheet, cell) != nullptr) {
      ++summary_.allowed;
      return;
    }
    summary_.mismatches.push_back(path + " | " + sheet + " | " + cell + " | " + what);
  }

  void compare_file(const std::string& path, const std::string& file,
                    const std::string& reading_path, const std::string& kind) {
    const std::string ext = lower_ext(path);
    std::vector<Json> lines;
    {
      std::string text = read_text(reading_path);
      if (text.empty()) {
        mismatch(path, "*", "*", "no reference reading at " + reading_path);
        return;
      }
      std::istringstream in(text);
      std::string line;
      while (std::getline(in, line)) {
        if (!line.empty()) lines.push_back(JsonParser(line).parse());
      }
    }
    const Json& frec = lines.at(0);
    const Json* ok_field = frec.get("ok");
    const bool ref_ok = ok_field && ok_field->boolean;
    const bool must_reject = !ref_ok || kind == "encrypted" || ext == "xlsb" || ext == "ods";
    const bool excused = known_.whole_file(path);
    ++summary_.files;
    ++summary_.per_extension[ext];
    if (excused) ++summary_.files_excused;

    std::unique_ptr<Workbook> book;
    std::vector<Sheet> sheets;
    try {
      book = open_workbook(file, ReadOptions{});
      for (std::size_t i = 0; i < book->info().sheets.size(); ++i)
        sheets.push_back(book->read_sheet(i));
    } catch (const InputError& e) {
      const Diagnostic& d = e.diagnostic();
      if (d.where.file != file || d.code.empty() || d.message.empty()) {
        mismatch(path, "!", "!",
                 "the error does not name the file or lacks a code: " + d.to_string());
      }
      // An encrypted .ods/.xlsb is unsupported whether or not it is encrypted.
      const bool unsupported_anyway = ext == "xlsb" || ext == "ods";
      if (kind == "encrypted" && d.code != "READ-ENCRYPTED" &&
          !(unsupported_anyway && d.code == "READ-UNSUPPORTED")) {
        mismatch(path, "!", "!",
                 "an encrypted file must be rejected with READ-ENCRYPTED, got " + d.to_string());
      }
      if ((ext == "xlsb" || ext == "ods") && kind != "encrypted" && d.code != "READ-UNSUPPORTED") {
        mismatch(path, "!", "!",
                 "." + ext + " must be rejected with READ-UNSUPPORTED, got " + d.to_string());
      }
      if (must_reject) {
        ++summary_.files_rejected_as_expected;
      } else if (!excused) {
        mismatch(path, "*", "*", "we reject a file the reference reads: " + d.to_string());
      }
      return;
    } catch (const std::exception& e) {
      // Never excusable: bad input must surface as InputError.
      summary_.mismatches.push_back(path + " | ! | ! | non-InputError exception: " + e.what());
      return;
    }
    if (must_reject) {
      if (!excused)
        mismatch(path, "*", "*",
                 "we read a file that must be rejected (reference ok=false/" + kind + ")");
      return;
    }
    if (excused) return;
    compare_contents(path, lines, *book, sheets);
  }

 private:
  void compare_contents(const std::string& path, const std::vector<Json>& lines,
                        const Workbook& book, const std::vector<Sheet>& sheets) {
    const Json& frec = lines[0];
    const Json* wb = frec.get("workbook");
    std::vector<std::string> ref_names;
    if (wb != nullptr && wb->get("sheets") != nullptr) {
      for (const auto& n : wb->get("sheets")->items) ref_names.push_back(n.text);
    }
    std::vector<std::string> our_names;
    for (const auto& s : book.info().sheets) our_names.push_back(s.name);
    if (our_names != ref_names) {
      std::string a;
      std::string b;
      for (const auto& n : our_names) a += "'" + n + "' ";
      for (const auto& n : ref_names) b += "'" + n + "' ";
      mismatch(path, "*", "sheets", "sheet list: ours " + a + "vs reference " + b);
    }
    const bool fallback = frec.str("reader").find("readxl") != std::string::npos;
    if (wb != nullptr && !fallback) {
      const Json* d1904 = wb->get("date1904");
      if (d1904 != nullptr && d1904->kind == Json::Kind::Bool &&
          d1904->boolean != book.info().date1904) {
        mismatch(path, "*", "date1904", "date1904 differs");
      }
    }
    // Reference sheets and cells.
    std::map<std::string, const Json*> ref_sheets;
    std::map<std::string, std::unordered_map<std::string, const Json*>> ref_cells;
    for (std::size_t i = 1; i < lines.size(); ++i) {
      const Json& rec = lines[i];
      if (rec.str("record") == "sheet") {
        ref_sheets[rec.str("sheet")] = &rec;
      } else if (rec.get("cell") != nullptr) {
        ref_cells[rec.str("sheet")][rec.str("cell")] = &rec;
      }
    }
    for (std::size_t si = 0; si < sheets.size(); ++si) {
      const Sheet& sheet = sheets[si];
      const SheetInfo& info = book.info().sheets[si];
      auto rs = ref_sheets.find(info.name);
      if (rs == ref_sheets.end()) continue;  // already reported in the sheet list
      const Json& srec = *rs->second;
      const Json* state = srec.get("state");
      if (state != nullptr && !state->is_null() && state->text != sheet_state_name(info.state)) {
        mismatch(path, info.name, "state",
                 std::string("state ours ") + sheet_state_name(info.state) + " vs " + state->text);
      }
      if (srec.str("kind") != sheet_kind_name(info.kind)) {
        mismatch(
            path, info.name, "kind",
            std::string("kind ours ") + sheet_kind_name(info.kind) + " vs " + srec.str("kind"));
      }
      compare_merged(path, info.name, srec, sheet);
      auto& cells = ref_cells[info.name];
      std::set<std::string> seen;
      for (const SheetRow& row : sheet.rows()) {
        for (const CellView& cell : sheet.row_cells(row)) {
          const std::string addr = a1(cell.row, cell.col);
          ++summary_.cells;
          auto it = cells.find(addr);
          if (it == cells.end()) {
            mismatch(path, info.name, addr, "extra cell: ours " + describe(cell));
            continue;
          }
          seen.insert(addr);
          compare_cell(path, info.name, addr, cell, sheet, *it->second);
        }
      }
      for (const auto& [addr, rec] : cells) {
        if (seen.count(addr) == 0) {
          ++summary_.cells;
          mismatch(path, info.name, addr,
                   "missing cell: reference " + rec->str("type") + " '" + value_text(*rec) + "'");
        }
      }
    }
  }

  void compare_merged(const std::string& path, const std::string& name, const Json& srec,
                      const Sheet& sheet) {
    const Json* merged = srec.get("merged");
    if (merged == nullptr || merged->is_null()) return;
    std::set<std::string> ref;
    for (const auto& m : merged->items) {
      auto r = parse_range(m.text);
      ref.insert(r ? r->to_a1() : m.text);
    }
    if (!sheet.merged_known) {
      if (!ref.empty())
        mismatch(path, name, "merged", "we cannot tell merged ranges; the reference lists some");
      return;
    }
    std::set<std::string> ours;
    for (const auto& r : sheet.merged) ours.insert(r.to_a1());
    if (ours != ref) {
      std::string a;
      std::string b;
      for (const auto& x : ours) a += x + " ";
      for (const auto& x : ref) b += x + " ";
      mismatch(path, name, "merged", "merged ranges: ours " + a + "vs reference " + b);
    }
  }

  static std::string value_text(const Json& rec) {
    const Json* v = rec.get("value_decoded");
    if (v == nullptr) v = rec.get("value");
    if (v == nullptr || v->is_null()) return "null";
    if (v->kind == Json::Kind::Bool) return v->boolean ? "true" : "false";
    return v->text;
  }

  static std::string describe(const CellView& cell) {
    std::string t = (cell.flags & kFlagNoCachedValue) ? "null" : cell_type_name(cell.type);
    return t + " '" + std::string(cell.value) + "' (raw '" + std::string(cell.raw) + "')";
  }

  static bool same_double(const std::string& a, const std::string& b) {
    return std::strtod(a.c_str(), nullptr) == std::strtod(b.c_str(), nullptr);
  }

  void compare_cell(const std::string& path, const std::string& sheet_name, const std::string& addr,
                    const CellView& cell, const Sheet& sheet, const Json& rec) {
    const std::string type = rec.str("type");
    const std::string expected = value_text(rec);
    const std::string ours_type =
        (cell.flags & kFlagNoCachedValue) ? "null" : cell_type_name(cell.type);
    auto fail = [&] {
      mismatch(path, sheet_name, addr,
               "ours " + describe(cell) + " vs reference " + type + " '" + expected + "'");
    };
    if (ours_type != type) return fail();
    if (type == "n") {
      if (!same_double(std::string(cell.raw), expected)) fail();
    } else if (type == "b") {
      if ((cell.value == "TRUE") != (expected == "true")) fail();
    } else if (type == "d") {
      if (cell.value != expected) return fail();
      const Json* serial = rec.get("serial");
      const std::string* ours = sheet.date_serial(cell.row, cell.col);
      if (serial != nullptr && !serial->is_null() && ours != nullptr &&
          !same_double(*ours, serial->text))
        fail();
    } else if (type == "null") {
      // Both say: a formula without a cached value.
    } else if (cell.value != expected) {
      fail();
    }
  }

  const KnownDifferences& known_;
  Summary& summary_;
};

TEST(CorpusReader, AgreesWithTheReferenceReadings) {
  const std::string shared = BC_SHARED_DIR;
  const std::string manifest = shared + "/corpus/peers-MANIFEST.tsv";
  if (!fs::exists(manifest)) GTEST_SKIP() << "no corpus at " << manifest;
  const auto started = std::chrono::steady_clock::now();

  KnownDifferences known;
  const fs::path corpus_dir = fs::path(BC_SOURCE_DIR) / "tests" / "corpus";
  std::vector<fs::path> lists;
  for (const auto& entry : fs::directory_iterator(corpus_dir)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("known-differences", 0) == 0 && entry.path().extension() == ".tsv")
      lists.push_back(entry.path());
  }
  std::sort(lists.begin(), lists.end());
  for (const auto& list : lists) known.load(list.string());

  // Optional filter for local runs: BC_CORPUS_ONLY=<substring of the path>.
  const char* only = std::getenv("BC_CORPUS_ONLY");
  const std::set<std::string> extensions = {"xlsx", "xlsm", "xltx", "xltm",
                                            "xls",  "csv",  "xlsb", "ods"};
  Summary summary;
  Comparer comparer(known, summary);
  std::ifstream in(manifest);
  std::string line;
  std::getline(in, line);
  const auto header = split(line, '\t');
  auto column = [&](const std::string& name) {
    auto it = std::find(header.begin(), header.end(), name);
    return static_cast<std::size_t>(it - header.begin());
  };
  const std::size_t local_col = column("local_path");
  const std::size_t reading_col = column("reading");
  const std::size_t kind_col = column("kind");
  ASSERT_LT(std::max({local_col, reading_col, kind_col}), header.size())
      << "unexpected manifest header";
  while (std::getline(in, line)) {
    auto cols = split(line, '\t');
    if (cols.size() <= std::max({local_col, reading_col, kind_col})) continue;
    const std::string local = cols[local_col];  // shared/corpus/peers/<owner>__<repo>/<path>
    const std::string prefix = "shared/corpus/peers/";
    if (local.rfind(prefix, 0) != 0) continue;
    const std::string path = local.substr(prefix.size());
    if (extensions.count(lower_ext(path)) == 0) continue;
    if (only != nullptr && path.find(only) == std::string::npos) continue;
    const std::string file = shared + "/" + local.substr(std::string("shared/").size());
    const std::string reading =
        shared + "/" + cols[reading_col].substr(std::string("shared/").size());
    comparer.compare_file(path, file, reading, cols[kind_col]);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  std::ostringstream report;
  report << "corpus: " << summary.files << " files (";
  for (const auto& [ext, n] : summary.per_extension) report << ext << " " << n << ", ";
  report << "), " << summary.files_rejected_as_expected << " rejected as expected, "
         << summary.files_excused << " excused whole, " << summary.cells << " cells compared, "
         << summary.allowed << " differences allowed by " << known.size()
         << " known-difference rows, " << summary.mismatches.size() << " unexplained, " << seconds
         << " s\n";
  const auto unused = known.unused();
  if (only == nullptr && !unused.empty()) {
    report << unused.size() << " known-difference rows matched nothing (stale?):\n";
    for (std::size_t i = 0; i < unused.size() && i < 10; ++i) report << "  " << unused[i] << "\n";
  }
  std::printf("%s", report.str().c_str());
  RecordProperty("cells_compared", static_cast<int>(summary.cells));
  RecordProperty("differences_allowed", static_cast<int>(summary.allowed));

  // BC_CORPUS_ALL=1 lists every unexplained difference, not just the first 20.
  const std::size_t shown =
      std::getenv("BC_CORPUS_ALL") != nullptr ? summary.mismatches.size() : 20;
  std::ostringstream first;
  for (std::size_t i = 0; i < summary.mismatches.size() && i < shown; ++i) {
    first << "  " << summary.mismatches[i] << "\n";
  }
  EXPECT_TRUE(summary.mismatches.empty())
      << summary.mismatches.size()
      << " unexplained differences (path | sheet | cell | what), first " << shown << ":\n"
      << first.str();
  EXPECT_GT(summary.files, 0);
}

}  // namespace
}  // namespace bc
