#include "pipeline/convert_file.h"

#include <algorithm>
#include <list>
#include <map>
#include <optional>

#include "core/address.h"
#include "extract/fact_extractor.h"
#include "headers/header_flattener.h"
#include "locate/table_locator.h"
#include "pipeline/joined_cells.h"
#include "pipeline/reference_layout.h"

namespace bc {

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

class FileConverter {
 public:
  FileConverter(const std::string& path, const MappingSet& mappings, const ConvertOptions& options)
      : mappings_(mappings), options_(options) {
    outcome_.path = path;
    context_.source_file = path;
  }

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
          d.message = "sheet '" + info.sheets[i].name + "' cannot be read and is left out: " + d.message;
          outcome_.diagnostics.add(d);
          ++unreadable_sheets_;
          if (!first_unreadable) first_unreadable = e;
          continue;
        }
        ++sheets_read;
        convert_sheet(*sheet, locate);
      }
      // Nothing readable at all: the file fails with the first sheet's reason.
      if (sheets_read == 0 && first_unreadable) throw *first_unreadable;
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
  void fail(const std::string& message) {
    if (outcome_.error.empty()) outcome_.error = message;
    outcome_.status = FileStatus::Failed;
  }

  void convert_sheet(const Sheet& sheet, const LocateOptions& locate) {
    for (const TableRegion& region : locate_tables(sheet, locate)) {
      TableOutcome table;
      table.sheet = sheet.name;
      table.range = region.range_a1();
      table.title = region.title();
      table.printed_code = region.code.value;
      std::vector<ColumnHeader> headers = flatten_headers(sheet, region);
      std::vector<HeaderCellText> moved;
      if (sheet.kind == SheetKind::Text) moved = close_trailing_header_gap(region, sheet, headers);
      ChooseOptions choose = options_.choose;
      choose.preferred_family = leading_family();
      Choice choice = choose_mapping(mappings_, region, headers, choose);
      std::string layout_refused;
      if (!choice.chosen() && sheet.kind == SheetKind::Text) {
        // PDF text dumps scramble multi-row headers: try the family's reference layout.
        if (auto realigned =
                ReferenceLayouts::shared().realign(mappings_, sheet, region, &layout_refused)) {
          Choice second = choose_mapping(mappings_, region, realigned->headers, options_.choose);
          if (second.chosen()) {
            headers_store_.push_back(std::move(realigned->headers));
            second = choose_mapping(mappings_, region, headers_store_.back(), options_.choose);
            choice = std::move(second);
            report_realignment(*realigned, sheet, region);
          }
        }
      }
      std::optional<JoinedTable> joined;
      if (!choice.chosen() && sheet.kind == SheetKind::Text) {
        // The extraction joined adjacent cells: split them by the reference layout.
        if (auto split = split_joined_cells(mappings_, sheet, region, &layout_refused)) {
          joined = std::move(*split);
          Choice third =
              choose_mapping(mappings_, joined->region, joined->headers, options_.choose);
          if (third.chosen()) {
            choice = std::move(third);
          } else {
            joined.reset();
          }
        }
      }
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
          fail(InputError(choice.error_code, choice.error, where).diagnostic().to_string());
        } else if (!region.body_rows.empty() || !region.titles.empty()) {
          outcome_.diagnostics.warn(
              choice.error_code,
              "a table" + (table.title.empty() ? std::string() : " '" + table.title + "'") +
                  " is not converted: " + choice.error +
                  (layout_refused.empty() ? std::string() : "; " + layout_refused),
              where);
        }
        outcome_.tables.push_back(std::move(table));
        continue;
      }
      if (!chosen->table->skip) report_moved(moved, sheet, region);
      table.template_id = chosen->family->id;
      table.table_code = chosen->table->code;
      table.table_kind = chosen->table->kind;
      table.score = chosen->score;
      if (!region.department.value.empty()) context_.department = region.department.value;
      if (!region.year.value.empty()) context_.fiscal_year = region.year.value;
      if (chosen->table->skip) {
        table.status = TableStatus::Skipped;
        table.message = chosen->table->skip_reason;
        outcome_.diagnostics.info(
            "MAP-SKIPPED",
            "table '" + table.title + "' recognised as " + chosen->family->id + " " +
                (chosen->table->code.empty() ? chosen->table->kind : chosen->table->code) +
                " and skipped: " + chosen->table->skip_reason,
            where);
      } else if (options_.extract) {
        if (joined) {
          report_joined(*joined, sheet, region);
          extract(joined->sheet, joined->region, *chosen, table, where, &*joined);
        } else {
          extract(sheet, region, *chosen, table, where);
        }
      } else {
        table.status = TableStatus::Converted;
      }
      outcome_.tables.push_back(std::move(table));
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

  // The family most tables recognised so far belong to ("" before the first).
  std::string leading_family() const {
    std::map<std::string, int> families;
    for (const TableOutcome& t : outcome_.tables) {
      if (!t.template_id.empty()) ++families[t.template_id];
    }
    std::string best;
    int most = 0;
    for (const auto& [id, n] : families) {
      if (n > most) {
        most = n;
        best = id;
      }
    }
    return best;
  }

  void extract(const Sheet& sheet, const TableRegion& region, const Candidate& chosen,
               TableOutcome& table, const Location& where, const JoinedTable* joined = nullptr) {
    // A table rewritten from joined cells is read from its own sheet: facts and
    // messages are given the text cells their values came from.
    DiagnosticSink rewritten;
    DiagnosticSink& sink = joined ? rewritten : outcome_.diagnostics;
    try {
      TableExtraction result =
          extract_table(sheet, region, *chosen.family, *chosen.table, chosen.binding,
                        mappings_.vocabulary, context_, sink, [&](Fact&& f) {
                          if (joined) f.source_cell = text_cell(*joined, f.source_cell, where.cell);
                          keep(std::move(f));
                        });
      if (joined) {
        for (Diagnostic d : rewritten.items()) {
          d.where.cell = text_cell(*joined, d.where.cell, where.cell);
          outcome_.diagnostics.add(std::move(d));
        }
        result.rows_rejected += joined->unreadable.size();
      }
      table.facts = result.fact_count;
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
      table.status = TableStatus::Failed;
      table.message = d.message;
      outcome_.diagnostics.add(d);
      fail(d.to_string());
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
        outcome_.status = outcome_.diagnostics.count(Severity::Warning) +
                                      outcome_.diagnostics.count(Severity::Error) >
                                  0
                              ? FileStatus::Warnings
                              : FileStatus::Ok;
      }
    }
    if (outcome_.status == FileStatus::Failed) outcome_.discard_facts();  // never partial output
  }

  const MappingSet& mappings_;
  const ConvertOptions& options_;
  FileOutcome outcome_;
  std::size_t unreadable_sheets_ = 0;
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
