// How a grid is rebuilt (docs/pdf.md, "Table grids"):
//   1. lines: words whose vertical centres are within 40% of a word's height;
//   2. phrases: neighbouring words of a line closer than half a character are
//      one cell's text ("项 目"), except numbers, which print flush against the
//      next cell (a right-aligned 838.98 ends 1.5 pt before the next label);
//   3. columns: the x-extents of body phrases (lines holding a number), the
//      narrowest first, then of header phrases; a phrase over two or more
//      columns is a label centred over them (a merged range), not a column;
//   4. header labels stacked in one column with the same centre (a wrapped
//      cell: 一般公共 / 预算财政 / 拨款) are joined into one cell.
#include "read/pdf_layout.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <cstdlib>

namespace bc {

namespace {

constexpr std::size_t kMaxHeaderPhrases = 2000;

double centre_y(const PdfWord& w) { return (w.y0 + w.y1) / 2; }
double height(const PdfWord& w) { return std::max(1.0, w.y1 - w.y0); }

// One cell's worth of text on a line.
struct Phrase {
  std::string text;
  double x0 = 0, x1 = 0, y0 = 0, y1 = 0;
  int page = 0;
  bool numeric = false;
  std::size_t line = 0;
  std::uint32_t first_col = 0, last_col = 0;
  std::size_t down_to = 0;  // a label of two merged rows: the line its cell reaches down to
  bool repeat = false;      // on a header line printed again below the body's start
  bool spans = false;       // a body label centred over empty cells (合计 over 编码 and 名称)
  double width() const { return x1 - x0; }
  double centre() const { return (x0 + x1) / 2; }
};

struct Column {
  double x0 = 0, x1 = 0;
  // The right edges of the amounts in it (lowest, highest): equal when they
  // are right-aligned, as a spreadsheet prints numbers, the cell's edge then
  // just beyond them. Codes (05, 2080505) are text, printed left-aligned: an
  // amount is a number with a decimal point or a thousands separator.
  double num_lo = 1e300, num_hi = -1e300, left_lo = 1e300, left_hi = -1e300;
  bool right_aligned() const { return num_hi >= num_lo && num_hi - num_lo < 0.6; }
  void add_number(double left, double right) {
    num_lo = std::min(num_lo, right);
    num_hi = std::max(num_hi, right);
    left_lo = std::min(left_lo, left);
    left_hi = std::max(left_hi, left);
  }
};

bool amount(const Phrase& p) {
  return p.numeric && p.text.find_first_of(".,") != std::string::npos;
}

double overlap(double a0, double a1, double b0, double b1) {
  return std::min(a1, b1) - std::max(a0, b0);
}

// A phrase touches a column when they share more than a sliver: glyph boxes of
// neighbouring cells may overlap by a fraction of a point.
bool touches(const Phrase& p, const Column& c) {
  return overlap(p.x0, p.x1, c.x0, c.x1) > std::min(1.0, 0.2 * p.width());
}

std::vector<Phrase> phrases_of(const std::vector<PdfLine>& lines) {
  std::vector<Phrase> out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    for (const PdfWord& w : lines[i].words) {
      const bool numeric = pdf_numeric_word(w.text);
      if (!out.empty() && out.back().line == i && !numeric && !out.back().numeric &&
          w.x0 - out.back().x1 < 0.5 * height(w)) {
        Phrase& p = out.back();
        p.text += " " + w.text;
        p.x1 = std::max(p.x1, w.x1);
        p.y0 = std::min(p.y0, w.y0);
        p.y1 = std::max(p.y1, w.y1);
        continue;
      }
      out.push_back(Phrase{w.text, w.x0, w.x1, w.y0, w.y1, w.page, numeric, i, 0, 0});
    }
  }
  return out;
}

// Where a phrase stands among the columns found so far.
struct Placement {
  enum Kind { Over, Beside, Centred, Alone } kind = Alone;
  std::size_t first = 0, last = 0;
};

double gap_to(const Phrase& p, const Column& c) { return std::max(c.x0 - p.x1, p.x0 - c.x1); }

Placement place(const Phrase& p, const std::vector<Column>& columns,
                const std::vector<Phrase>& phrases) {
  Placement out;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    if (!touches(p, columns[c])) continue;
    if (out.kind == Placement::Alone) out.first = c;
    out.kind = Placement::Over;
    out.last = c;
  }
  if (out.kind == Placement::Over) return out;
  // A label starting just after the right edge of right-aligned numbers is
  // left-aligned in the next cell (小 计 after the 合计 column's 838.98), not
  // a centred label beside those numbers: it founds a column.
  for (std::size_t c = 0; c < columns.size(); ++c) {
    if (!columns[c].right_aligned()) continue;
    const double edge = columns[c].num_hi;
    if (p.x0 < edge - 0.5 || p.x0 - edge > 3.0) continue;
    // Its own column (joined with the values of its cell by join_label_columns).
    return out;
  }
  // A centred label over left-aligned codes (款 over 05): the gap is smaller
  // than the label (or a character) and no other phrase of its line stands
  // over that column.
  for (std::size_t c = 0; c < columns.size(); ++c) {
    if (gap_to(p, columns[c]) >= std::max(0.5 * p.width(), p.y1 - p.y0)) continue;
    const bool claimed = std::any_of(phrases.begin(), phrases.end(), [&](const Phrase& q) {
      return &q != &p && q.line == p.line && touches(q, columns[c]);
    });
    if (!claimed) return Placement{Placement::Beside, c, c};
  }
  // A group label centred in the gap between the columns it heads (收入 over
  // 项目 and 金额): its centre is that of the outer edges of a run of columns.
  // The edges of the outer cells are not printed, hence a tolerance of 1 %
  // of the run's width (at least 2 points); the closest run wins.
  double best = 1e300;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].x1 > p.x0) break;
    for (std::size_t j = columns.size(); j-- > i + 1;) {
      if (columns[j].x0 < p.x1) break;
      const double off = std::abs((columns[i].x0 + columns[j].x1) / 2 - p.centre());
      if (off >= std::max(2.0, 0.01 * (columns[j].x1 - columns[i].x0)) || off >= best) continue;
      // A group label's line holds no other label over the columns it heads.
      const bool claimed = std::any_of(phrases.begin(), phrases.end(), [&](const Phrase& q) {
        if (&q == &p || q.line != p.line) return false;
        for (std::size_t c = i; c <= j; ++c) {
          if (touches(q, columns[c])) return true;
        }
        return false;
      });
      if (!claimed) {
        best = off;
        out = Placement{Placement::Centred, i, j};
      }
    }
  }
  return out;
}

// Step 3: columns from phrase extents, body first so that a short group label
// (基本支出) cannot found a column between the two it is centred over.
std::vector<Column> columns_of(const std::vector<Phrase>& phrases,
                               const std::vector<bool>& body_line) {
  std::vector<Column> columns;
  // A header line of one phrase (the title, 部门, 年度, 单位) shapes no column:
  // a title centred on the page would otherwise widen the column it touches
  // over its neighbours' labels.
  std::vector<std::size_t> per_line;
  for (const Phrase& p : phrases) {
    if (p.line >= per_line.size()) per_line.resize(p.line + 1, 0);
    ++per_line[p.line];
  }
  for (bool body : {true, false}) {
    std::vector<const Phrase*> order;
    for (const Phrase& p : phrases) {
      if (body_line[p.line] == body && (body || per_line[p.line] > 1) && !p.repeat) {
        order.push_back(&p);
      }
    }
    std::stable_sort(order.begin(), order.end(), [](const Phrase* a, const Phrase* b) {
      if (std::abs(a->width() - b->width()) > 0.5) return a->width() < b->width();
      return a->line > b->line;  // lower lines (leaf labels) first
    });
    for (const Phrase* p : order) {
      const Placement at = body ? Placement{} : place(*p, columns, phrases);
      std::vector<std::size_t> hit;
      for (std::size_t c = 0; c < columns.size(); ++c) {
        if (touches(*p, columns[c])) hit.push_back(c);
      }
      // A group label (a header label over that column on a lower line) does
      // not widen the column: its leaf labels give the column's extent.
      const bool group =
          !body && hit.size() == 1 &&
          std::any_of(phrases.begin(), phrases.end(), [&](const Phrase& q) {
            return q.line > p->line && !body_line[q.line] && touches(q, columns[hit[0]]);
          });
      if (hit.size() == 1 && !group) {  // widen the column, unless it would reach a neighbour
        Column grown = columns[hit[0]];
        grown.x0 = std::min(grown.x0, p->x0);
        grown.x1 = std::max(grown.x1, p->x1);
        bool clash = false;
        for (std::size_t c = 0; c < columns.size(); ++c) {
          clash = clash ||
                  (c != hit[0] && overlap(grown.x0, grown.x1, columns[c].x0, columns[c].x1) > 0);
        }
        if (!clash) columns[hit[0]] = grown;
        if (body && amount(*p)) columns[hit[0]].add_number(p->x0, p->x1);
      } else if (hit.empty() && at.kind == Placement::Alone) {
        // A body phrase over no column, or a header label of a column with no
        // values (资本性支出 beside 商品和服务支出).
        Column founded;
        founded.x0 = p->x0;
        founded.x1 = p->x1;
        if (body && amount(*p)) founded.add_number(p->x0, p->x1);
        columns.push_back(founded);
        std::sort(columns.begin(), columns.end(),
                  [](const Column& a, const Column& b) { return a.x0 < b.x0; });
      }
      // Over several columns: a merged label or a label overflowing into an empty cell.
    }
  }
  return columns;
}

void assign_columns(std::vector<Phrase>& phrases, const std::vector<Column>& columns) {
  for (Phrase& p : phrases) {
    Placement at = place(p, columns, phrases);
    if (at.kind == Placement::Alone) {  // beside every column: the nearest
      double best = 1e300;
      for (std::size_t c = 0; c < columns.size(); ++c) {
        if (gap_to(p, columns[c]) < best) {
          best = gap_to(p, columns[c]);
          at.first = at.last = c;
        }
      }
    }
    p.first_col = static_cast<std::uint32_t>(at.first);
    p.last_col = static_cast<std::uint32_t>(at.last);
  }
}

// A centred header label over a narrow right-aligned number (预算数 over
// 2,361.22) or over left-aligned codes may touch neither, and found a column
// of its own beside the values' column. Two neighbouring columns of which
// one holds only header labels and the other only values (no label of its
// own), never on the same line, are one column: joined, nearest pair first, until none is left.
bool join_label_columns(std::vector<Phrase>& phrases, std::vector<Column>& columns,
                        const std::vector<bool>& body_line) {
  const std::size_t n = columns.size();
  if (n < 2) return false;
  std::vector<std::vector<std::size_t>> lines_of(n);
  std::vector<bool> has_body(n, false), has_header(n, false);
  std::vector<std::size_t> per_line;
  for (const Phrase& p : phrases) {
    if (p.line >= per_line.size()) per_line.resize(p.line + 1, 0);
    ++per_line[p.line];
  }
  std::size_t first_body = body_line.size();
  for (std::size_t l = 0; l < body_line.size() && first_body == body_line.size(); ++l) {
    if (body_line[l]) first_body = l;
  }
  for (const Phrase& p : phrases) {
    // A line of one phrase (title, unit) is no column's label.
    if (p.first_col != p.last_col || p.repeat || per_line[p.line] < 2) continue;
    lines_of[p.first_col].push_back(p.line);
    // Label rows inside the body (（三）国防支出 without amounts) are body rows.
    (p.line >= first_body ? has_body : has_header)[p.first_col] = true;
  }
  std::size_t best = n;
  double best_gap = 1e300;
  for (std::size_t c = 0; c + 1 < n; ++c) {
    const bool label_then_values =
        has_header[c] && !has_body[c] && has_body[c + 1] && !has_header[c + 1];
    const bool values_then_label =
        has_header[c + 1] && !has_body[c + 1] && has_body[c] && !has_header[c];
    if (!label_then_values && !values_then_label) continue;
    // A label starting just after right-aligned amounts is in the next cell.
    if (values_then_label && columns[c].right_aligned() &&
        columns[c + 1].x0 >= columns[c].num_hi - 0.5 &&
        columns[c + 1].x0 - columns[c].num_hi <= 3.0) {
      continue;
    }
    const std::vector<std::size_t>& a = lines_of[c];
    const std::vector<std::size_t>& b = lines_of[c + 1];
    const bool share_line = std::any_of(a.begin(), a.end(), [&b](std::size_t l) {
      return std::find(b.begin(), b.end(), l) != b.end();
    });
    if (share_line) continue;
    const double gap = columns[c + 1].x0 - columns[c].x1;
    if (gap < best_gap) {
      best_gap = gap;
      best = c;
    }
  }
  if (best == n) return false;
  columns[best].x1 = std::max(columns[best].x1, columns[best + 1].x1);
  columns[best].x0 = std::min(columns[best].x0, columns[best + 1].x0);
  columns[best].num_lo = std::min(columns[best].num_lo, columns[best + 1].num_lo);
  columns[best].num_hi = std::max(columns[best].num_hi, columns[best + 1].num_hi);
  columns[best].left_lo = std::min(columns[best].left_lo, columns[best + 1].left_lo);
  columns[best].left_hi = std::max(columns[best].left_hi, columns[best + 1].left_hi);
  columns.erase(columns.begin() + static_cast<std::ptrdiff_t>(best) + 1);
  assign_columns(phrases, columns);
  return true;
}

// A label of a cell merged over two header rows (单位代码 beside 科目编码 over
// 类 / 款 / 项) is printed half-way between the two lines, on a line of its
// own that overlaps both. Such a line, when none of its labels shares a column
// with the lines above and below, joins the line above, and its labels are
// cells merged down to the line below, as in the workbook.
void lift_tall_labels(std::vector<Phrase>& phrases, const std::vector<PdfLine>& lines,
                      std::size_t first_body) {
  for (std::size_t l = 1; l + 1 < first_body; ++l) {
    if (lines[l].page != lines[l - 1].page || lines[l].page != lines[l + 1].page) continue;
    if (!(lines[l].y0 < lines[l - 1].y1 && lines[l].y1 > lines[l + 1].y0)) continue;
    bool apart = true;
    for (const Phrase& p : phrases) {
      if (p.line != l) continue;
      for (const Phrase& q : phrases) {
        if ((q.line == l - 1 || q.line == l + 1) && q.first_col <= p.last_col &&
            p.first_col <= q.last_col) {
          apart = false;
        }
      }
    }
    if (!apart) continue;
    for (Phrase& p : phrases) {
      if (p.line != l) continue;
      p.line = l - 1;
      p.down_to = l + 1;
    }
  }
}

// Is a label centred on the run of columns i..j? The printed cells' edges
// are not in the PDF: each outer edge lies in the gap beyond the run's outer
// column, or just right of right-aligned amounts (1.5 pt, the cell padding
// of LibreOffice and Excel); the label's centre must lie between the centres
// those bounds allow (within a point).
bool centred_on(const Phrase& p, const std::vector<Column>& columns, std::size_t i, std::size_t j) {
  const std::size_t n = columns.size();
  const auto right_edge = [&](std::size_t c, bool far) {
    if (columns[c].right_aligned()) return columns[c].num_hi + 1.5;
    if (!far) return columns[c].x1;
    return c + 1 < n ? columns[c + 1].x0 : columns[c].x1 + 6;
  };
  const auto left_edge = [&](std::size_t c, bool far) {
    if (!far) return columns[c].x0;
    return c > 0 ? right_edge(c - 1, false) : columns[c].x0 - 6;
  };
  const double low = (left_edge(i, true) + right_edge(j, false)) / 2;
  const double high = (left_edge(i, false) + right_edge(j, true)) / 2;
  return p.centre() >= low - 1.0 && p.centre() <= high + 1.0;
}

// The widest run of columns i..j (lo <= i <= first, last <= j <= hi, i < j)
// on which the phrase is centred; false when there is none.
bool widest_centred_run(Phrase& p, const std::vector<Column>& columns, std::size_t lo,
                        std::size_t hi, std::size_t last) {
  const std::size_t n = columns.size();
  std::size_t best_i = n, best_j = n;
  for (std::size_t i = lo; i <= p.first_col; ++i) {
    for (std::size_t j = hi; j >= last && j > i; --j) {
      if (!centred_on(p, columns, i, j)) continue;
      if (best_i == n || j - i > best_j - best_i) {
        best_i = i;
        best_j = j;
      }
    }
  }
  if (best_i == n) return false;
  p.first_col = static_cast<std::uint32_t>(best_i);
  p.last_col = static_cast<std::uint32_t>(best_j);
  return true;
}

// A group label heads the columns of its leaf labels (本年拨款 over 一般公共预算 /
// 政府性基金预算 / 国有资本经营预算): centred over them, it may stand over the
// middle one only, or over one of two narrow ones. It heads a run of columns
// when it is centred on the run (centred_on), every column of the run has a label on a header line
// below it, and none has anything printed at the group label's height (a label of two merged rows
// is printed beside it, as 合计 beside 本年拨款). The widest such run wins; without one the label
// keeps the columns it stands over.
void widen_group_labels(std::vector<Phrase>& phrases, const std::vector<Column>& columns,
                        std::size_t first_body) {
  const std::size_t n = columns.size();
  for (Phrase& p : phrases) {
    if (p.line >= first_body || p.last_col >= n) continue;
    const double h = p.y1 - p.y0;
    std::vector<bool> leaf(n, false), busy(n, false);
    for (const Phrase& q : phrases) {
      if (&q == &p || q.line >= first_body) continue;
      const bool below = q.line > p.line && q.y0 >= p.y1 - 0.25 * h;
      const bool beside =
          q.line == p.line || overlap(q.y0, q.y1, p.y0, p.y1) > 0 || (q.line > p.line && !below);
      for (std::size_t c = q.first_col; c <= q.last_col && c < n; ++c) {
        if (below) leaf[c] = true;
        if (beside) busy[c] = true;
      }
    }
    if (!leaf[p.first_col]) continue;
    std::size_t lo = p.first_col, hi = p.last_col;
    for (std::size_t c = p.first_col; c <= p.last_col; ++c) {
      if (busy[c] || !leaf[c]) lo = n;
    }
    if (lo == n) continue;
    while (lo > 0 && !busy[lo - 1] && leaf[lo - 1]) --lo;
    while (hi + 1 < n && !busy[hi + 1] && leaf[hi + 1]) ++hi;
    widest_centred_run(p, columns, lo, hi, p.last_col);
  }
}

// A body label in a column of its own (no header label over it), centred over
// a run of cells empty on its line, is a merged cell (合计 over the code and
// name columns, A5:D5 in the workbook): it moves to the run's first column.
void centre_body_labels(std::vector<Phrase>& phrases, const std::vector<Column>& columns,
                        std::size_t first_body) {
  const std::size_t n = columns.size();
  std::vector<bool> headed(n, false);
  for (const Phrase& q : phrases) {
    if (q.line >= first_body) continue;
    for (std::size_t c = q.first_col; c <= q.last_col && c < n; ++c) headed[c] = true;
  }
  for (Phrase& p : phrases) {
    if (p.line < first_body || p.numeric || p.first_col != p.last_col || p.first_col >= n ||
        headed[p.first_col]) {
      continue;
    }
    std::vector<bool> taken(n, false);
    for (const Phrase& q : phrases) {
      if (&q == &p || q.line != p.line) continue;
      for (std::size_t c = q.first_col; c <= q.last_col && c < n; ++c) taken[c] = true;
    }
    std::size_t lo = p.first_col, hi = p.last_col;
    while (lo > 0 && !taken[lo - 1]) --lo;
    while (hi + 1 < n && !taken[hi + 1]) ++hi;
    if (widest_centred_run(p, columns, lo, hi, p.first_col)) p.spans = true;
  }
}

}  // namespace

std::string PdfLine::text() const {
  std::string out;
  for (const PdfWord& w : words) {
    if (!out.empty()) out += ' ';
    out += w.text;
  }
  return out;
}

bool pdf_numeric_word(const std::string& text) {
  bool digit = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      digit = true;
    } else if (c == ',' || c == '.' || c == '%') {
      continue;
    } else if ((c == '-' || c == '+' || c == '(') && i == 0) {
      continue;
    } else if (c == ')' && i + 1 == text.size()) {
      continue;
    } else {
      return false;
    }
  }
  return digit;
}

std::vector<PdfLine> pdf_lines(std::vector<PdfWord> words) {
  std::sort(words.begin(), words.end(),
            [](const PdfWord& a, const PdfWord& b) { return centre_y(a) < centre_y(b); });
  std::vector<PdfLine> lines;
  for (PdfWord& w : words) {
    if (!lines.empty()) {
      PdfLine& line = lines.back();
      const double mid = (line.y0 + line.y1) / 2;
      // A word over another word of the line is not on that line: a
      // wrapped cell's text overflowing its row prints over the row above.
      // (Not tried on a line of hundreds of words, which no table prints.)
      const bool over = line.words.size() <= 500 &&
                        std::any_of(line.words.begin(), line.words.end(), [&w](const PdfWord& v) {
                          const double narrower = std::min(w.x1 - w.x0, v.x1 - v.x0);
                          return std::min(w.x1, v.x1) - std::max(w.x0, v.x0) > 0.5 * narrower;
                        });
      if (!over &&
          std::abs(centre_y(w) - mid) < 0.4 * std::min(height(w), line.y1 - line.y0 + 0.01)) {
        line.y0 = std::min(line.y0, w.y0);
        line.y1 = std::max(line.y1, w.y1);
        line.words.push_back(std::move(w));
        continue;
      }
    }
    PdfLine line;
    line.page = w.page;
    line.y0 = w.y0;
    line.y1 = w.y1;
    line.words.push_back(std::move(w));
    lines.push_back(std::move(line));
  }
  for (PdfLine& line : lines) {
    std::sort(line.words.begin(), line.words.end(),
              [](const PdfWord& a, const PdfWord& b) { return a.x0 < b.x0; });
  }
  return lines;
}

PdfGrid pdf_grid(const std::vector<PdfLine>& lines) {
  PdfGrid grid;
  std::vector<Phrase> phrases = phrases_of(lines);
  std::vector<bool> body_line(lines.size(), false);
  for (const Phrase& p : phrases) body_line[p.line] = body_line[p.line] || p.numeric;
  std::size_t first_body = lines.size();
  for (std::size_t l = 0; l < lines.size() && first_body == lines.size(); ++l) {
    if (body_line[l]) first_body = l;
  }
  // A header line printed again further down (the band repeated at a page
  // break of the workbook) shapes no column: its labels take the columns of
  // the same labels in the band above, so the locator sees the same row again.
  std::vector<std::size_t> repeat_of(lines.size(), lines.size());
  std::vector<std::vector<std::size_t>> of_line(lines.size());
  for (std::size_t i = 0; i < phrases.size(); ++i) of_line[phrases[i].line].push_back(i);
  for (std::size_t l = first_body; l < lines.size(); ++l) {
    if (body_line[l] || of_line[l].size() < 2) continue;
    for (std::size_t k = 0; k < first_body; ++k) {
      if (of_line[k].size() != of_line[l].size() || lines[k].text() != lines[l].text()) continue;
      repeat_of[l] = k;
      for (std::size_t i : of_line[l]) phrases[i].repeat = true;
      break;
    }
  }
  std::vector<Column> columns = columns_of(phrases, body_line);
  assign_columns(phrases, columns);
  while (join_label_columns(phrases, columns, body_line)) {
  }
  // A header band is a few dozen labels; the geometry of groups is not tried
  // on more (a page of text without numbers), which keeps hostile files fast.
  const auto header_phrases = static_cast<std::size_t>(std::count_if(
      phrases.begin(), phrases.end(), [&](const Phrase& p) { return p.line < first_body; }));
  if (header_phrases <= kMaxHeaderPhrases) {
    lift_tall_labels(phrases, lines, first_body);
    widen_group_labels(phrases, columns, first_body);
  }
  centre_body_labels(phrases, columns, first_body);
  for (std::size_t l = first_body; l < lines.size(); ++l) {
    if (repeat_of[l] == lines.size()) continue;
    const std::vector<std::size_t>& band = of_line[repeat_of[l]];
    for (std::size_t n = 0; n < band.size(); ++n) {
      phrases[of_line[l][n]].first_col = phrases[band[n]].first_col;
      phrases[of_line[l][n]].last_col = phrases[band[n]].last_col;
    }
  }

  // Step 4: a header phrase continues the one above it in the same column
  // range when the two share a centre (a wrapped cell) and the lines touch.
  // Only above the first body line: below it, label-only lines are rows.
  std::vector<bool> joined(phrases.size(), false);
  std::vector<std::size_t> printed_line(phrases.size());  // before joins move a phrase up
  for (std::size_t i = 0; i < phrases.size(); ++i) printed_line[i] = phrases[i].line;
  for (std::size_t i = 0; i < phrases.size(); ++i) {
    Phrase& lower = phrases[i];
    if (printed_line[i] >= first_body || printed_line[i] == 0) continue;
    for (std::size_t j = i; j-- > 0;) {
      Phrase& upper = phrases[j];
      if (printed_line[j] + 1 < printed_line[i]) break;
      if (printed_line[j] + 1 != printed_line[i] || joined[j] || upper.page != lower.page) continue;
      if (upper.down_to != 0 || lower.down_to != 0) continue;
      if (upper.first_col != lower.first_col || upper.last_col != lower.last_col) continue;
      // Centred on each other, and not two left-aligned lines (YS03 over 单位：万元).
      if (std::abs(upper.centre() - lower.centre()) > 1.0) continue;
      if (std::abs(upper.x0 - lower.x0) < 0.5 && std::abs(upper.width() - lower.width()) > 1.0)
        continue;
      if (lower.y0 - upper.y1 > 0.5 * (lower.y1 - lower.y0)) continue;
      // The wrapped cell keeps its first line's row; the line below gives up the phrase.
      lower.text = upper.text + lower.text;
      lower.x0 = std::min(lower.x0, upper.x0);
      lower.x1 = std::max(lower.x1, upper.x1);
      lower.y0 = upper.y0;
      lower.line = upper.line;
      joined[j] = true;
      break;
    }
  }

  // Rows: one per line that keeps a phrase.
  std::vector<std::int64_t> row_of(lines.size(), -1);
  for (std::size_t i = 0; i < phrases.size(); ++i) {
    if (!joined[i]) row_of[phrases[i].line] = 0;
  }
  std::uint32_t next = 0;
  for (std::size_t l = 0; l < lines.size(); ++l) {
    if (row_of[l] < 0) continue;
    row_of[l] = next++;
    grid.row_pages.push_back(lines[l].page);
  }
  for (std::size_t i = 0; i < phrases.size(); ++i) {
    if (joined[i]) continue;
    const Phrase& p = phrases[i];
    const auto row = static_cast<std::uint32_t>(row_of[p.line]);
    if (!grid.cells.empty() && grid.cells.back().row == row &&
        grid.cells.back().col == p.first_col) {
      // Two phrases in one cell (a label broken by a wide gap): one text.
      PdfCell& cell = grid.cells.back();
      cell.text += " " + p.text;
      cell.box.x1 = std::max(cell.box.x1, p.x1);
      continue;
    }
    grid.cells.push_back(PdfCell{row, p.first_col, p.text, PdfBox{p.page, p.x0, p.y0, p.x1, p.y1}});
    const std::uint32_t bottom = p.down_to != 0 && row_of[p.down_to] >= 0
                                     ? static_cast<std::uint32_t>(row_of[p.down_to])
                                     : row;
    if ((p.last_col > p.first_col || bottom > row) && (!body_line[p.line] || p.spans)) {
      grid.merged.push_back(RangeAddress{row, p.first_col, bottom, p.last_col});
    }
  }
  std::stable_sort(grid.cells.begin(), grid.cells.end(), [](const PdfCell& a, const PdfCell& b) {
    return a.row != b.row ? a.row < b.row : a.col < b.col;
  });
  return grid;
}

}  // namespace bc
