#include "read/xlsx_package.h"

#include <cstdint>
#include <cstdlib>
#include <map>

#include "core/diagnostic.h"
#include "read/number_format.h"
#include "read/xlsx_text.h"
#include "read/xml_stream.h"

namespace bc {
namespace {

void parse_part(ZipArchive& zip, std::uint64_t index, const std::string& file,
                XmlHandler& handler) {
  XmlStream xml(handler, file, zip.part_name(index));
  zip.stream(index, [&xml](const char* data, std::size_t n) { xml.feed(data, n); });
  xml.finish();
}

std::string last_segment(std::string_view uri) {
  std::size_t slash = uri.find_last_of('/');
  return std::string(slash == std::string_view::npos ? uri : uri.substr(slash + 1));
}

bool xml_true(const char* value) {
  if (value == nullptr) return false;
  std::string_view v = trim_xml_space(value);
  return v == "1" || v == "true" || v == "True" || v == "TRUE" || v == "on";
}

// Integer attribute; nullopt when absent or not a plain integer.
std::optional<long> int_attribute(const char* value) {
  if (value == nullptr) return std::nullopt;
  std::string_view v = trim_xml_space(value);
  if (v.empty() || v.size() > 9) return std::nullopt;
  long n = 0;
  for (char c : v) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n;
}

class RelationshipsHandler : public XmlHandler {
 public:
  RelationshipsHandler(std::string source, std::vector<Relationship>& out)
      : source_(std::move(source)), out_(out) {}
  void on_start(std::string_view, std::string_view local, const XmlAttributes& a) override {
    if (local != "Relationship") return;
    const char* id = a.get("Id");
    const char* type = a.get("Type");
    const char* target = a.get("Target");
    if (id == nullptr || target == nullptr) return;
    Relationship rel;
    rel.id = id;
    rel.type = type ? last_segment(type) : "";
    const char* mode = a.get("TargetMode");
    rel.external = mode != nullptr && std::string_view(mode) == "External";
    rel.target = rel.external ? std::string(target) : resolve_part_target(source_, target);
    out_.push_back(std::move(rel));
  }
  void on_end(std::string_view, std::string_view) override {}
  void on_text(std::string_view) override {}

 private:
  std::string source_;
  std::vector<Relationship>& out_;
};

class WorkbookHandler : public XmlHandler {
 public:
  explicit WorkbookHandler(WorkbookPart& out) : out_(out) {}
  void on_start(std::string_view ns, std::string_view local, const XmlAttributes& a) override {
    if (!is_spreadsheetml(ns)) return;
    if (local == "sheets") {
      in_sheets_ = true;
    } else if (local == "sheet" && in_sheets_) {
      WorkbookSheetEntry entry;
      const char* name = a.get("name");
      entry.name = name ? name : "";
      const char* rid = a.get_ns("relationships", "id");
      entry.rel_id = rid ? rid : "";
      const char* state = a.get("state");
      if (state != nullptr) {
        std::string_view s(state);
        if (s == "hidden") entry.state = SheetState::Hidden;
        if (s == "veryHidden") entry.state = SheetState::VeryHidden;
      }
      out_.sheets.push_back(std::move(entry));
    } else if (local == "workbookPr") {
      out_.date1904 = xml_true(a.get("date1904"));
    }
  }
  void on_end(std::string_view ns, std::string_view local) override {
    if (is_spreadsheetml(ns) && local == "sheets") in_sheets_ = false;
  }
  void on_text(std::string_view) override {}

 private:
  WorkbookPart& out_;
  bool in_sheets_ = false;
};

class StylesHandler : public XmlHandler {
 public:
  void on_start(std::string_view ns, std::string_view local, const XmlAttributes& a) override {
    if (!is_spreadsheetml(ns)) return;
    if (local == "numFmt") {
      auto id = int_attribute(a.get("numFmtId"));
      const char* code = a.get("formatCode");
      if (id && code != nullptr) custom_[*id] = code;
    } else if (local == "cellXfs") {
      in_cell_xfs_ = true;
    } else if (local == "xf" && in_cell_xfs_) {
      xf_ids_.push_back(int_attribute(a.get("numFmtId")).value_or(0));
    }
  }
  void on_end(std::string_view ns, std::string_view local) override {
    if (is_spreadsheetml(ns) && local == "cellXfs") in_cell_xfs_ = false;
  }
  void on_text(std::string_view) override {}

  std::vector<XfFormat> result() const {
    std::vector<XfFormat> out;
    out.reserve(xf_ids_.size());
    std::map<long, XfFormat> cache;
    for (long id : xf_ids_) {
      auto hit = cache.find(id);
      if (hit == cache.end()) {
        auto it = custom_.find(id);
        std::string code =
            it != custom_.end() ? it->second : builtin_number_format(static_cast<int>(id));
        NumberFormatInfo info = classify_number_format(code);
        XfFormat f;
        f.is_date = info.is_date;
        f.is_duration = info.is_duration;
        f.is_percent = info.is_percent;
        // A percent format shows the value times 100, so the stored value
        // carries two more decimals than the display.
        if (info.fixed_decimals >= 0) f.decimals = info.fixed_decimals + (info.is_percent ? 2 : 0);
        hit = cache.emplace(id, f).first;
      }
      out.push_back(hit->second);
    }
    return out;
  }

 private:
  std::map<long, std::string> custom_;
  std::vector<long> xf_ids_;
  bool in_cell_xfs_ = false;
};

class SharedStringsHandler : public XmlHandler {
 public:
  SharedStringsHandler(SharedStrings& out, const ReadLimits& limits, std::string file)
      : out_(out), limits_(limits), file_(std::move(file)) {}
  void on_start(std::string_view ns, std::string_view local, const XmlAttributes&) override {
    if (!is_spreadsheetml(ns)) return;
    if (local == "si") {
      in_si_ = true;
      phonetic_depth_ = 0;
      text_.clear();
    } else if (local == "rPh") {
      ++phonetic_depth_;
    } else if (local == "t" && in_si_ && phonetic_depth_ == 0) {
      in_t_ = true;
    }
  }
  void on_end(std::string_view ns, std::string_view local) override {
    if (!is_spreadsheetml(ns)) return;
    if (local == "t") {
      in_t_ = false;
    } else if (local == "rPh") {
      if (phonetic_depth_ > 0) --phonetic_depth_;
    } else if (local == "si" && in_si_) {
      // No sheet can refer to more strings than it has cells; a table larger
      // than that is a decompression bomb made of <si/>.
      if (out_.size() >= limits_.max_cells_per_sheet || !out_.append(decode_xstring(text_))) {
        throw InputError(
            "READ-LIMIT",
            "the shared string table has more than " + std::to_string(out_.size()) + " entries",
            Location{file_, "", ""});
      }
      in_si_ = false;
    }
  }
  void on_text(std::string_view text) override {
    if (!in_t_) return;
    if (text_.size() + text.size() > limits_.max_string_bytes) {
      throw InputError("READ-LIMIT",
                       "shared string " + std::to_string(out_.size()) + " is longer than the " +
                           std::to_string(limits_.max_string_bytes) +
                           "-byte cap for one cell's text",
                       Location{file_, "", ""});
    }
    text_.append(text);
  }

 private:
  SharedStrings& out_;
  const ReadLimits& limits_;
  std::string file_;
  std::string text_;
  bool in_si_ = false;
  bool in_t_ = false;
  int phonetic_depth_ = 0;
};

}  // namespace

std::string rels_part_name(std::string_view part) {
  std::size_t slash = part.find_last_of('/');
  std::string dir = slash == std::string_view::npos ? "" : std::string(part.substr(0, slash + 1));
  std::string name(slash == std::string_view::npos ? part : part.substr(slash + 1));
  return dir + "_rels/" + name + ".rels";
}

std::string resolve_part_target(std::string_view source_part, std::string_view target) {
  std::string t(target);
  for (char& c : t) {
    if (c == '\\') c = '/';
  }
  std::string joined;
  if (!t.empty() && t[0] == '/') {
    joined = t.substr(1);
  } else {
    std::size_t slash = source_part.find_last_of('/');
    joined =
        (slash == std::string_view::npos ? "" : std::string(source_part.substr(0, slash + 1))) + t;
  }
  std::vector<std::string> segments;
  std::size_t start = 0;
  while (start <= joined.size()) {
    std::size_t end = joined.find('/', start);
    if (end == std::string::npos) end = joined.size();
    std::string seg = joined.substr(start, end - start);
    if (seg == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!seg.empty() && seg != ".") {
      segments.push_back(seg);
    }
    start = end + 1;
  }
  std::string out;
  for (const auto& seg : segments) {
    if (!out.empty()) out += '/';
    out += seg;
  }
  return out;
}

std::vector<Relationship> read_relationships(ZipArchive& zip, const std::string& file,
                                             const std::string& source_part) {
  std::vector<Relationship> out;
  auto index = zip.find(rels_part_name(source_part));
  if (!index) return out;
  RelationshipsHandler handler(source_part, out);
  parse_part(zip, *index, file, handler);
  return out;
}

WorkbookPart read_workbook_part(ZipArchive& zip, const std::string& file, std::uint64_t index) {
  WorkbookPart out;
  WorkbookHandler handler(out);
  parse_part(zip, index, file, handler);
  return out;
}

std::vector<XfFormat> read_styles_part(ZipArchive& zip, const std::string& file,
                                       std::uint64_t index) {
  StylesHandler handler;
  parse_part(zip, index, file, handler);
  return handler.result();
}

bool SharedStrings::append(std::string_view text) {
  if (text_.size() + text.size() > UINT32_MAX) return false;
  text_.append(text);
  offsets_.push_back(static_cast<std::uint32_t>(text_.size()));
  return true;
}

SharedStrings read_shared_strings(ZipArchive& zip, const std::string& file, std::uint64_t index,
                                  const ReadLimits& limits) {
  SharedStrings out;
  SharedStringsHandler handler(out, limits, file);
  parse_part(zip, index, file, handler);
  out.shrink();
  return out;
}

}  // namespace bc
