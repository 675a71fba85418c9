#include "pipeline/convert_file.h"

#include <algorithm>
#include <deque>
#include <filesystem>
#include <list>
#include <map>
#include <optional>
#include <set>

#include "core/address.h"
#include "extract/fact_extractor.h"
#include "extract/form_extractor.h"
#include "headers/header_flattener.h"
#include "locate/table_locator.h"
#include "normalise/amounts.h"
#include "pipeline/joined_cells.h"
#include "pipeline/reference_layout.h"

namespace bc {

// Why a performance form of a text dump is skipped (see FileConverter::convert_table).
constexpr const char* kTextFormReason =
    "a performance form in a text dump: its cells do not keep their columns, so it is not "
    "read (convert the workbook)";

const char* table_status_name(TableStatus status) {
  switch (status) {
    case TableStatus::Converted:
      return "converted";
    case TableStatus::Empty:
      return "empty";
    case TableStatus::Skipped:
      return "skipped";
    case TableStatus::Unrecognised:
      return "unrecognised";
    case TableStatus::Failed:
      return "failed";
  }
  return "failed";
}

const char* file_status_name(FileStatus status) {
  switch (status) {
    case FileStatus::Ok:
      return "ok";
    case FileStatus::Warnings:
      return "warnings";
    case FileStatus::Failed:
      return "failed";
  }
  return "failed";
}

namespace {

// The one year (1990–2099) a path component names, "" when none or several.
std::string year_in_name(const std::string& name) {
  std::set<std::string> years;
  for (std::size_t i = 0; i + 4 <= name.size(); ++i) {
    auto digit = [&](std::size_t k) { return k < name.size() && name[k] >= '0' && name[k] <= '9'; };
    if ((i > 0 && digit(i - 1)) || !digit(i) || !digit(i + 1) || !digit(i + 2) || !digit(i + 3) ||
        digit(i + 4))
      continue;
    const std::string y = name.substr(i, 4);
    if ((y >= "1990" && y <= "2099")) years.insert(y);
  }
  return years.size() == 1 ? *years.begin() : std::string();
}

}  // namespace

std::string fiscal_year_from_path(const std::string& path, std::string* where) {
  std::filesystem::path p(path);
  std::string name = p.filename().string();
  if (std::string y = year_in_name(name); !y.empty()) {
    if (where) *where = "file";
    return y;
  }
  for (p = p.parent_path(); !p.empty() && p.has_filename(); p = p.parent_path()) {
    if (std::string y = year_in_name(p.filename().string()); !y.empty()) {
      if (where) *where = "folder";
      return y;
    }
    if (p == p.parent_path()) break;
  }
  return "";
}

namespace {

class FileConverter {
 public:
  FileConverter(const std::string& path, const MappingSet& mappings, const ConvertOptions& options)
      : mappings_(mappings), options_(options) {
    outcome_.path = path;
    context_.source_file = path;
    // The year of tables that print none: --fiscal-year, else the file's or
    // a folder's name (a table that prints one, and those after it, keep theirs).
    fallback_year_ = options.fiscal_year;
    if (fallback_year_.empty()) fallback_year_ = fiscal_year_from_path(path, &year_from_);
  }

  // Two passes: every table of every sheet is located and scored first, so
  // that the tables of the file can vote for one family; then each table is
  // chosen within that family and extracted. Sheets are kept between the two
  // passes up to a cell budget, beyond it read again.
  FileOutcome run(std::unique_ptr<Workbook> opened) {
    try {
      auto workbook = opened ? std::move(opened) : open_workbook(outcome_.path, options_.read);
      const WorkbookInfo& info = workbook->info();
      outcome_.format = input_format_name(info.format);
      for (const std::string& w : info.warnings) {
        outcome_.diagnostics.warn("READ-WARNING", w, Location{outcome_.path, "", ""});
      }
      LocateOptions locate;
      locate.require_heading = info.format == InputFormat::Text;
      for (const FamilySpec& family : mappings_.families)
        locate.heading_lines.append(family.heading_lines);
      std::size_t sheets_read = 0;
      std::optional<InputError> first_unreadable;
      std::size_t cells_kept = 0;
      for (std::size_t i = 0; i < info.sheets.size(); ++i) {
        if (info.sheets[i].kind == SheetKind::Chartsheet) continue;
        std::optional<Sheet> sheet;
        try {
          sheet = workbook->read_sheet(i);
        } catch (const InputError& e) {
          // A size cap (zip bomb) marks a hostile file: it fails whole.
          if (e.diagnostic().code == "READ-LIMIT") throw;
          // One unreadable sheet fails alone: the others still convert, and
          // the file reports warnings naming the sheet.
          Diagnostic d = e.diagnostic();
          if (d.where.sheet.empty()) d.where.sheet = info.sheets[i].name;
          d.severity = Severity::Warning;
          d.message =
              "sheet '" + info.sheets[i].name + "' cannot be read and is left out: " + d.message;
          outcome_.diagnostics.add(d);
          if (!first_unreadable) first_unreadable = e;
          continue;
        }
        ++sheets_read;
        SheetSlot& slot = sheets_.emplace_back();
        slot.index = i;
        // A cover, 目录 or explanation sheet: said once, at info level, so
        // that real problems stand out.
        slot.narrative = sheet->kind != SheetKind::Text && is_narrative_sheet(*sheet);
        if (slot.narrative) {
          ++outcome_.narrative_sheets;
          outcome_.diagnostics.info("LOCATE-NARRATIVE",
                                    "sheet '" + sheet->name +
                                        "' holds text (a cover, contents or explanation), no "
                                        "table of numbers: nothing to convert",
                                    Location{outcome_.path, sheet->name, ""});
        }
        scan_sheet(*sheet, locate, sheets_.size() - 1);
        cells_kept += sheet->cell_count();
        slot.kept = cells_kept <= kCellsKept || sheets_.size() == 1;
        if (slot.kept) slot.sheet = std::move(sheet);
      }
      // Nothing readable at all: the file fails with the first sheet's reason.
      if (sheets_read == 0 && first_unreadable) throw *first_unreadable;
      const std::string family = vote_family();
      for (std::size_t t = 0; t < pending_.size(); ++t) {
        SheetSlot& slot = sheets_[pending_[t].slot];
        // Beyond the budget: read again, and dropped after its last table.
        if (!slot.sheet) slot.sheet = workbook->read_sheet(slot.index);
        finish_table(*slot.sheet, pending_[t], family);
        const bool last_of_sheet =
            t + 1 == pending_.size() || pending_[t + 1].slot != pending_[t].slot;
        if (last_of_sheet) slot.sheet.reset();
      }
    } catch (const InputError& e) {
      outcome_.diagnostics.add(e.diagnostic());
      fail(e.diagnostic().to_string());
    } catch (const std::bad_alloc&) {
      fail(outcome_.path +
           ": out of memory while reading (the file is too large or malformed) [READ-MEMORY]");
    }
    finish();
    return std::move(outcome_);
  }

 private:
  // Cells of a workbook's sheets held between the two passes (about 24 bytes
  // each, plus texts); larger workbooks read their sheets again.
  static constexpr std::size_t kCellsKept = 4'000'000;

  struct SheetSlot {
    std::size_t index = 0;   // in the workbook
    bool kept = false;       // held since the first pass (else read again)
    bool narrative = false;  // no grid of numbers (is_narrative_sheet)
    std::optional<Sheet> sheet;
  };

  // A table located and scored in the first pass.
  struct PendingTable {
    std::size_t slot = 0;
    TableRegion region;
    const std::vector<ColumnHeader>* headers = nullptr;  // in headers_store_
    TableOutcome table;
    std::vector<HeaderCellText> moved;
    std::vector<Candidate> ranked;
    // Set when the choice is final already (text dumps whose header was
    // repaired by a family's reference layout), or has failed.
    std::optional<Choice> fixed;
    std::string layout_refused;
    std::optional<Realignment> realigned;
    std::optional<JoinedTable> joined;
  };

  void fail(const std::string& message) {
    if (outcome_.error.empty()) outcome_.error = message;
    outcome_.status = FileStatus::Failed;
  }

  // First pass over one sheet: locate its tables, flatten their headers and
  // rank every table mapping against them.
  void scan_sheet(const Sheet& sheet, const LocateOptions& locate, std::size_t slot) {
    for (TableRegion& region : locate_tables(sheet, locate)) {
      PendingTable& p = pending_.emplace_back();
      p.slot = slot;
      p.table.sheet = sheet.name;
      p.table.range = region.range_a1();
      p.table.title = region.title();
      p.table.printed_code = region.code.value;
      headers_store_.push_back(flatten_headers(sheet, region));
      std::vector<ColumnHeader>& headers = headers_store_.back();
      if (sheet.kind == SheetKind::Text)
        p.moved = close_trailing_header_gap(region, sheet, headers);
      p.headers = &headers;
      p.ranked = rank_candidates(mappings_, region, headers, options_.choose);
      // A text dump's header is often scrambled: before any partial binding,
      // try to read it with the family's reference layout.
      const bool complete =
          !p.ranked.empty() && p.ranked.front().acceptable() && p.ranked.front().binding.complete();
      if (!complete && sheet.kind == SheetKind::Text) repair_text_header(sheet, region, p);
      p.region = std::move(region);
    }
  }

  // PDF text dumps scramble multi-row headers: try the family's reference
  // layout, then split cells the extraction joined.
  void repair_text_header(const Sheet& sheet, const TableRegion& region, PendingTable& p) {
    if (auto realigned =
            ReferenceLayouts::shared().realign(mappings_, sheet, region, &p.layout_refused)) {
      headers_store_.push_back(std::move(realigned->headers));
      Choice second = choose_mapping(mappings_, region, headers_store_.back(), options_.choose);
      if (second.chosen()) {
        p.headers = &headers_store_.back();
        p.fixed = std::move(second);
        p.realigned = std::move(*realigned);
        return;
      }
    }
    if (auto split = split_joined_cells(mappings_, sheet, region, &p.layout_refused)) {
      Choice third = choose_mapping(mappings_, split->region, split->headers, options_.choose);
      if (third.chosen()) {
        p.joined = std::move(*split);
        // The choice points into the joined table's headers: choose again
        // once they have their final place.
        p.fixed = choose_mapping(mappings_, p.joined->region, p.joined->headers, options_.choose);
      }
    }
  }

  // The family of the file: the one whose mappings recognise most of its
  // tables by code or title. A family file beats a national fallback family
  // with as many votes (the national titles are generic, so they match most
  // tables of every province), but not one with more: a province without a
  // family file whose one performance form has Henan's title is national.
  // "" when none votes, or two family files tie (then each table is chosen on
  // its own, and an exact tie between families is an error).
  std::string vote_family() const {
    if (!options_.choose.template_id.empty()) return options_.choose.template_id;
    std::map<std::string, int> votes;
    std::vector<const FamilySpec*> order;
    // A printed code alone never outweighs a title: where any mapping
    // recognises a table by its title, only such mappings vote for it (codes
    // are local: Hubei's 表6 is not Shaanxi's 表6).
    for (const PendingTable& p : pending_) {
      std::set<std::string> seen;
      const std::vector<Candidate>& ranked = p.fixed ? p.fixed->ranked : p.ranked;
      const bool titled = std::any_of(ranked.begin(), ranked.end(), [](const Candidate& c) {
        return c.acceptable() && c.title_matched;
      });
      for (const Candidate& c : ranked) {
        if (!c.acceptable() || !(titled ? c.title_matched : c.code_matched)) continue;
        if (!seen.insert(c.family->id).second) continue;
        if (votes[c.family->id]++ == 0) order.push_back(c.family);
      }
    }
    struct Best {
      const FamilySpec* family = nullptr;
      int votes = 0;
      bool tie = false;
    } regular, fallback;
    for (const FamilySpec* f : order) {
      Best& best = f->fallback ? fallback : regular;
      if (votes[f->id] > best.votes) {
        best = {f, votes[f->id], false};
      } else if (votes[f->id] == best.votes) {
        best.tie = true;
      }
    }
    const Best& winner = regular.votes >= fallback.votes && regular.family ? regular : fallback;
    return !winner.family || winner.tie ? "" : winner.family->id;
  }

  // Second pass: choose the table's mapping within the file's family and
  // extract it.
  void finish_table(const Sheet& sheet, PendingTable& p, const std::string& family) {
    const TableRegion& region = p.region;
    TableOutcome& table = p.table;
    Choice choice = p.fixed ? std::move(*p.fixed) : decide_mapping(std::move(p.ranked), family);
    for (std::size_t i = 0; i < choice.ranked.size() && i < 3; ++i) {
      table.candidates.push_back(choice.ranked[i].describe());
    }
    Location where{outcome_.path, sheet.name, table.range};
    const Candidate* chosen = choice.chosen();
    if (!chosen) {
      table.status =
          choice.error_code == "MAP-AMBIGUOUS" ? TableStatus::Failed : TableStatus::Unrecognised;
      table.message = choice.error;
      if (table.status == TableStatus::Failed) {
        outcome_.diagnostics.add(InputError(choice.error_code, choice.error, where).diagnostic());
      } else if (sheets_[p.slot].narrative) {
        outcome_.diagnostics.info(choice.error_code,
                                  "text on a narrative sheet is no table: " + choice.error, where);
        table.message = "narrative sheet (text, no table of numbers)";
      } else if (!region.body_rows.empty() || !region.titles.empty()) {
        outcome_.diagnostics.warn(
            choice.error_code,
            "a table" + (table.title.empty() ? std::string() : " '" + table.title + "'") +
                " is not converted: " + choice.error +
                (p.layout_refused.empty() ? std::string() : "; " + p.layout_refused),
            where);
      }
      count_cells_of(sheet, region);
      outcome_.tables.push_back(std::move(table));
      return;
    }
    if (p.realigned) report_realignment(*p.realigned, sheet, region);
    if (!p.realigned && !p.joined && !p.layout_refused.empty()) {
      outcome_.diagnostics.info("LOCATE-HEADER-KEPT",
                                "the table's own header is read as printed: " + p.layout_refused,
                                where);
    }
    if (!chosen->table->skip && !chosen->table->form) report_moved(p.moved, sheet, region);
    if (choice.foreign && !family.empty()) {
      outcome_.diagnostics.warn(
          "MAP-OTHER-FAMILY",
          "the tables of this file are " + family + "'s, but " + family +
              " has no mapping for this one; it is read with " + chosen->family->id + "'s " +
              (chosen->table->code.empty() ? chosen->table->kind : chosen->table->code),
          where);
    }
    if (chosen->family->fallback && !fallback_reported_) {
      fallback_reported_ = true;
      outcome_.diagnostics.info("MAP-FALLBACK",
                                "no family file claims some tables of this file; they are read "
                                "with the national standard mappings (" +
                                    chosen->family->id +
                                    "): columns only a local layout has "
                                    "come out with an empty measure",
                                Location{outcome_.path, "", ""});
    }
    table.template_id = chosen->family->id;
    table.table_code = chosen->table->code;
    table.table_kind = chosen->table->kind;
    table.score = chosen->score;
    if (!region.department.value.empty()) context_.department = region.department.value;
    if (!region.year.value.empty()) context_.fiscal_year = region.year.value;
    // A performance form in a PDF text dump is not read: its cells lose their
    // columns (a score under 实际完成值, a target under 三级指标), and a form has no
    // header band to line them up against.
    const bool text_form = chosen->table->form && sheet.kind == SheetKind::Text;
    if (chosen->table->skip || text_form) {
      const std::string reason =
          text_form ? std::string(kTextFormReason) : chosen->table->skip_reason;
      table.status = TableStatus::Skipped;
      table.message = reason;
      outcome_.diagnostics.info(
          "MAP-SKIPPED",
          "table '" + table.title + "' recognised as " + chosen->family->id + " " +
              (chosen->table->code.empty() ? chosen->table->kind : chosen->table->code) +
              " and skipped: " + reason,
          where);
      count_cells_of(sheet, region);
    } else if (options_.extract && chosen->table->form) {
      extract(sheet, region, *chosen, table, where, nullptr, true);
    } else if (options_.extract) {
      report_binding_gaps(chosen->binding, where, *chosen);
      if (p.joined) {
        report_joined(*p.joined, sheet, region);
        extract(p.joined->sheet, p.joined->region, *chosen, table, where, &*p.joined);
      } else {
        extract(sheet, region, *chosen, table, where);
      }
    } else {
      table.status = TableStatus::Converted;
    }
    outcome_.tables.push_back(std::move(table));
  }

  // A table that converts although some of its mapping's columns bind to
  // nothing, or to several columns: one message each (the values of such
  // columns are still extracted, without a measure).
  void report_binding_gaps(const TableBinding& binding, const Location& where,
                           const Candidate& chosen) {
    const std::string name = chosen.family->id + " " +
                             (chosen.table->code.empty() ? chosen.table->kind : chosen.table->code);
    for (const std::string& a : binding.ambiguous) {
      outcome_.diagnostics.warn(
          "MAP-AMBIGUOUS-COLUMN",
          "in " + name + ", " + a + "; the columns are kept without that measure", where);
    }
    for (const std::string& m : binding.missing) {
      if (m.rfind("key ", 0) == 0) continue;  // EXTRACT-UNBOUND-KEY says so
      outcome_.diagnostics.info("MAP-MISSING-COLUMN", "in " + name + ", no column for " + m, where);
    }
  }

  // The numbers of a table that gives no facts (skipped, unrecognised):
  // counted, and named by the table's message.
  void count_cells_of(const Sheet& sheet, const TableRegion& region) {
    for (std::uint32_t row : region.body_rows) {
      for (std::uint32_t col = region.first_col; col <= region.last_col; ++col) {
        CellView cell = sheet.cell(row, col);
        if (!cell.empty() && read_amount(cell).status == AmountReading::Status::Ok)
          ++outcome_.numeric_cells;
      }
    }
  }

  // The last header label printed one column right of its values (an empty
  // field before it): read it over its values. Returns the cells moved.
  static std::vector<HeaderCellText> close_trailing_header_gap(const TableRegion& region,
                                                               const Sheet& sheet,
                                                               std::vector<ColumnHeader>& headers) {
    std::vector<HeaderCellText> moved = trailing_header_gap(sheet, region);
    if (moved.empty()) return moved;
    const std::uint32_t last = moved.front().col + region.first_col;
    for (ColumnHeader& h : headers) h.col -= h.col == last ? 1 : 0;
    return moved;
  }

  void report_moved(const std::vector<HeaderCellText>& moved, const Sheet& sheet,
                    const TableRegion& region) {
    for (const HeaderCellText& c : moved) {
      outcome_.diagnostics.warn(
          "LOCATE-HEADER-MOVED",
          "the last header label stands over a column without values, right of a column of "
          "values without a header; it is read one column to the left",
          Location{outcome_.path, sheet.name, a1(c.row, c.col + region.first_col)}, c.text);
    }
  }

  // Says how a text table's header was replaced: an info when the labels were
  // the reference's exactly, warnings naming every damaged cell otherwise.
  void report_realignment(const Realignment& r, const Sheet& sheet, const TableRegion& region) {
    const Location where{outcome_.path, sheet.name, region.range_a1()};
    const std::string reference =
        r.family + " reference layout (" +
        (r.reference->code.empty() ? r.reference->title : r.reference->code) + ")";
    auto cell_at = [&](const HeaderCellText& c) {
      return Location{outcome_.path, sheet.name, a1(c.row, c.col + region.first_col)};
    };
    if (r.exact) {
      outcome_.diagnostics.info("LOCATE-HEADER-REALIGNED",
                                "the header labels of this text table match the " + r.family +
                                    " reference layout exactly; its header paths are used",
                                where);
      return;
    }
    std::string summary =
        "the header of this text table is damaged (OCR); it is read with the header paths of the " +
        reference + ": " + std::to_string(r.match.exact) + " labels match exactly";
    if (!r.match.near.empty())
      summary += ", " + std::to_string(r.match.near.size()) + " within a small edit distance";
    if (!r.match.noise.empty())
      summary += ", " + std::to_string(r.match.noise.size()) + " cells are unreadable";
    if (!r.match.missing.empty()) {
      summary += "; not found:";
      for (const std::string& m : r.match.missing) summary += " '" + m + "'";
    }
    outcome_.diagnostics.warn("LOCATE-HEADER-REPAIRED", summary, where);
    for (const HeaderLabelMatch::Near& n : r.match.near) {
      Diagnostic d;
      d.severity = Severity::Info;
      d.code = "LOCATE-HEADER-NEAR";
      d.where = cell_at(n.cell);
      d.message = "header cell read as '" + n.reference + "' of the " + reference;
      d.raw_text = n.cell.text;
      outcome_.diagnostics.add(std::move(d));
    }
    for (const HeaderCellText& c : r.match.noise) {
      outcome_.diagnostics.warn(
          "LOCATE-HEADER-NOISE",
          "a header cell matches no label of the " + reference + " and is ignored", cell_at(c),
          c.text);
    }
  }

  void extract(const Sheet& sheet, const TableRegion& region, const Candidate& chosen,
               TableOutcome& table, const Location& where, const JoinedTable* joined = nullptr,
               bool form = false) {
    // A table rewritten from joined cells is read from its own sheet: facts and
    // messages are given the text cells their values came from.
    DiagnosticSink rewritten;
    DiagnosticSink& sink = joined ? rewritten : outcome_.diagnostics;
    try {
      auto consume = [&](Fact&& f) {
        if (joined) f.source_cell = text_cell(*joined, f.source_cell, where.cell);
        keep(std::move(f));
      };
      TableExtraction result =
          form ? extract_form(sheet, region, *chosen.family, *chosen.table, mappings_.vocabulary,
                              context_, sink, consume)
               : extract_table(sheet, region, *chosen.family, *chosen.table, chosen.binding,
                               mappings_.vocabulary, context_, sink, consume);
      if (joined) {
        for (Diagnostic d : rewritten.items()) {
          d.where.cell = text_cell(*joined, d.where.cell, where.cell);
          outcome_.diagnostics.add(std::move(d));
        }
        result.rows_rejected += joined->unreadable.size();
      }
      table.facts = result.fact_count;
      outcome_.numeric_cells += result.numeric_cells;
      outcome_.unaccounted += result.unaccounted;
      if (result.fact_count == 0) {
        table.status = TableStatus::Empty;
        table.message = region.declared_empty ? "the table says it has no data (本表无数据)"
                                              : "the table body is blank";
        if (result.rows_rejected > 0) {
          table.message = "no value converted: " + std::to_string(result.rows_rejected) +
                          " body rows do not line up with the header (see the warnings)";
        }
      } else {
        table.status = TableStatus::Converted;
        if (result.rows_rejected > 0) {
          table.message = std::to_string(result.rows_rejected) +
                          " body rows left out: their values do not line up with the header "
                          "(see the warnings)";
        }
        if (region.declared_empty) {
          outcome_.diagnostics.warn("EXTRACT-NOT-EMPTY",
                                    "the table says it has no data but its body holds values",
                                    where);
        }
      }
    } catch (const InputError& e) {
      Diagnostic d = e.diagnostic();
      if (joined) {
        for (const Diagnostic& earlier : rewritten.items()) outcome_.diagnostics.add(earlier);
        d.where.cell = text_cell(*joined, d.where.cell, where.cell);
      }
      // The table fails alone, its numbers named by the message: the file's
      // other tables still convert.
      table.status = TableStatus::Failed;
      table.message = d.message;
      if (d.where.cell != where.cell) {
        if (!d.where.cell.empty()) d.message += " (at " + d.where.cell + ")";
        d.where.cell = where.cell;
      }
      d.message = "table " + table.range + " is not converted: " + d.message;
      outcome_.diagnostics.add(d);
      count_cells_of(sheet, region);
    }
  }

  // A cell of a rewritten table as the text cell its value came from; the
  // rewritten table's range as the text table's.
  static std::string text_cell(const JoinedTable& j, const std::string& cell,
                               const std::string& table_range) {
    if (cell == j.region.range_a1()) return table_range;
    auto at = parse_a1(cell);
    if (!at) return cell;
    auto found = j.origin.find({at->row, at->col});
    return found == j.origin.end() ? cell : a1(at->row, found->second);
  }

  void report_joined(const JoinedTable& j, const Sheet& sheet, const TableRegion& region) {
    const std::string reference =
        j.family + " reference layout (" +
        (j.reference->code.empty() ? j.reference->title : j.reference->code) + ")";
    outcome_.diagnostics.warn("LOCATE-CELLS-JOINED",
                              "the text extraction joined adjacent cells of this table: its " +
                                  std::to_string(j.text_width) + " columns hold the " +
                                  std::to_string(j.reference->header_width) + " of the " +
                                  reference +
                                  ", whose header paths are used; joined codes are split in order",
                              Location{outcome_.path, sheet.name, region.range_a1()});
    auto label_of = [&](std::uint32_t col) {
      for (const ColumnHeader& h : j.headers) {
        if (h.col == col) return h.label();
      }
      return std::string("?");
    };
    for (const JoinedTable::Split& split : j.splits) {
      std::string read;
      for (std::size_t i = 0; i < split.parts.size(); ++i) {
        const auto col = static_cast<std::uint32_t>(split.first + i + region.first_col);
        read += (i == 0 ? "" : " | ") + split.parts[i] + " (" + label_of(col) + ")";
      }
      Diagnostic d;
      d.severity = Severity::Info;
      d.code = "LOCATE-CELLS-SPLIT";
      d.where = Location{outcome_.path, sheet.name, a1(split.row, split.col + region.first_col)};
      d.message = "joined cells read as " + read;
      d.raw_text = split.raw;
      outcome_.diagnostics.add(std::move(d));
    }
    for (const JoinedTable::Unreadable& u : j.unreadable) {
      outcome_.diagnostics.warn(
          "LOCATE-CELLS-UNSPLIT", u.why + "; the row is left out",
          Location{outcome_.path, sheet.name, a1(u.row, u.col + region.first_col)}, u.raw);
    }
  }

  // Facts are the largest part of a big file's working set: beyond
  // facts_in_memory, the ones held so far move to the spill file.
  void keep(Fact&& fact) {
    if (fact.fiscal_year.empty() && !fallback_year_.empty()) {
      fact.fiscal_year = fallback_year_;
      ++facts_given_year_;
    }
    if (fact.fiscal_year.empty() && facts_without_year_++ == 0)
      first_without_year_ = Location{outcome_.path, fact.source_sheet, fact.source_cell};
    const std::size_t limit = options_.facts_in_memory;
    if (limit > 0 && outcome_.facts.size() >= limit) {
      try {
        for (const Fact& f : outcome_.facts) outcome_.spilled.append(f);
      } catch (const std::runtime_error& e) {
        throw InputError("CONVERT-SPILL", e.what(), Location{outcome_.path, "", ""}, "",
                         "set TMPDIR to a directory with free space");
      }
      outcome_.facts.clear();
    }
    outcome_.facts.push_back(std::move(fact));
  }

  void finish() {
    std::map<std::string, int> families;
    std::size_t recognised = 0;
    for (const TableOutcome& t : outcome_.tables) {
      if (!t.template_id.empty()) {
        ++families[t.template_id];
        ++recognised;
      }
    }
    int best = 0;
    for (const auto& [id, n] : families) {
      if (n > best) {
        best = n;
        outcome_.template_id = id;
      }
    }
    if (outcome_.error.empty()) {
      if (recognised == 0) {
        std::string detail;
        for (const TableOutcome& t : outcome_.tables) {
          if (!t.message.empty()) {
            detail = " (sheet '" + t.sheet + "' " + t.range + ": " + t.message + ")";
            break;
          }
        }
        fail(outcome_.path + ": no table in the file matches a mapping" +
             (outcome_.tables.empty() ? std::string(" (no table was found)") : detail) +
             " [MAP-NO-MATCH]");
      } else {
        report_fiscal_year();
        outcome_.status = outcome_.diagnostics.count(Severity::Warning) +
                                      outcome_.diagnostics.count(Severity::Error) >
                                  0
                              ? FileStatus::Warnings
                              : FileStatus::Ok;
      }
    }
    if (outcome_.status == FileStatus::Failed) outcome_.discard_facts();  // never partial output
  }

  void report_fiscal_year() {
    const Location file{outcome_.path, "", ""};
    if (facts_without_year_ > 0) {
      outcome_.diagnostics.warn(
          "EXTRACT-NO-YEAR",
          std::to_string(facts_without_year_) +
              " facts have no fiscal year: no table prints one and no file or folder name "
              "holds one, so fiscal_year is blank (a groupby on it drops them): give "
              "--fiscal-year YEAR, or name the file or its folder with the year (the first "
              "is this cell)",
          first_without_year_);
    } else if (facts_given_year_ > 0 && options_.fiscal_year.empty()) {
      outcome_.diagnostics.info("EXTRACT-YEAR-FROM-NAME",
                                std::to_string(facts_given_year_) +
                                    " facts of tables that print no year have fiscal year " +
                                    fallback_year_ + ", from the " + year_from_ + " name",
                                file);
    }
  }

  std::string fallback_year_;  // --fiscal-year, else from the path
  std::string year_from_;      // "file" or "folder"
  std::size_t facts_given_year_ = 0;
  std::size_t facts_without_year_ = 0;
  Location first_without_year_;  // the first fact without a year, for the warning
  const MappingSet& mappings_;
  const ConvertOptions& options_;
  FileOutcome outcome_;
  std::vector<SheetSlot> sheets_;
  std::deque<PendingTable> pending_;
  bool fallback_reported_ = false;  // MAP-FALLBACK is said once per file  // a deque: candidates
                                    // point into its joined tables
  DocumentContext context_;
  // Realigned header paths must outlive the bindings that point into them.
  std::list<std::vector<ColumnHeader>> headers_store_;
};

}  // namespace

void FileOutcome::for_each_fact(const std::function<void(const Fact&)>& visit) const {
  spilled.for_each(visit);
  for (const Fact& f : facts) visit(f);
}

void FileOutcome::discard_facts() {
  spilled.clear();
  facts.clear();
  facts.shrink_to_fit();
}

FileOutcome convert_file(const std::string& path, const MappingSet& mappings,
                         const ConvertOptions& options) {
  return FileConverter(path, mappings, options).run(nullptr);
}

FileOutcome convert_workbook(const std::string& path, std::unique_ptr<Workbook> workbook,
                             const MappingSet& mappings, const ConvertOptions& options) {
  return FileConverter(path, mappings, options).run(std::move(workbook));
}

}  // namespace bc
