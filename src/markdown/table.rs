//! Tables laid out to fit the width: cells wrap inside box-drawing borders (or a plain ASCII
//! grid), and a table too wide even wrapped becomes a list, one block of "column: value" lines
//! per row. Nothing is ever cut off.

use super::wrap::{Piece, longest_word, push_span, spans_width, wrap, wrap_hanging};
use pulldown_cmark::Alignment;
use ratatui::style::Style;
use ratatui::text::Span;

/// A table's cells, already styled, waiting for layout.
#[derive(Debug, Default)]
pub(super) struct Table {
    pub aligns: Vec<Alignment>,
    /// Rows of cells; the first `head` rows are the header.
    pub rows: Vec<Vec<Vec<Span<'static>>>>,
    pub head: usize,
}

/// Characters a table is drawn with.
pub(super) struct Borders {
    /// Left, joint, right, fill for the top, the header rule, the bottom (`None`: no such line).
    pub top: Option<[&'static str; 4]>,
    pub rule: [&'static str; 4],
    pub bottom: Option<[&'static str; 4]>,
    /// The vertical bar between cells.
    pub bar: &'static str,
}

pub(super) const BOX: Borders = Borders {
    top: Some(["┌", "┬", "┐", "─"]),
    rule: ["├", "┼", "┤", "─"],
    bottom: Some(["└", "┴", "┘", "─"]),
    bar: "│",
};

pub(super) const ASCII: Borders = Borders {
    top: None,
    rule: ["|", "|", "|", "-"],
    bottom: None,
    bar: "|",
};

/// A column may be narrower than its longest word down to this: a longer word (a URL, a JSON
/// value) breaks inside the cell rather than turning the whole table into a list.
const WORD_CAP: usize = 12;
/// A column is not squeezed below this (unless its content is narrower): narrower, the words of
/// a sentence stand one per line and a list reads better.
const MIN_COLUMN: usize = 6;

/// Lay the table out in at most `max` columns: as a grid, or as a list when the columns cannot
/// all get their least width or the list takes fewer lines of text. An empty line in the result stands
/// for a blank line (between the blocks of the list form).
pub(super) fn layout(
    table: &Table,
    max: usize,
    b: &Borders,
    border: Style,
) -> Vec<Vec<Span<'static>>> {
    let columns = table.rows.iter().map(Vec::len).max().unwrap_or(0);
    if columns == 0 {
        return Vec::new();
    }
    let mut natural = vec![0; columns];
    let mut least = vec![0; columns];
    for row in &table.rows {
        for (c, cell) in row.iter().enumerate() {
            natural[c] = natural[c].max(spans_width(cell));
            least[c] = least[c].max(longest_word(cell).clamp(MIN_COLUMN, WORD_CAP));
        }
    }
    for (l, n) in least.iter_mut().zip(&natural) {
        *l = (*l).min(*n).max(1);
    }
    let room = max.saturating_sub(3 * columns + 1);
    if least.iter().sum::<usize>() > room {
        return list(table, columns, max);
    }
    let widths = fit(&natural, &least, room);
    let mut cells = wrap_cells(table, &widths);
    if widths == natural {
        // Nothing wraps: the usual case, and the cheap one.
        return grid(table, cells, &widths, b, border);
    }
    // Wrapping at spaces leaves some columns narrower than they were given: hand what they do
    // not use to the columns that still wrap.
    let used: Vec<usize> = (0..columns)
        .map(|c| {
            cells
                .iter()
                .flat_map(|row| &row[c])
                .map(|line| spans_width(line))
                .max()
                .unwrap_or(0)
                .max(1)
        })
        .collect();
    let widths = if used == widths {
        widths
    } else {
        let widths = fit(&natural, &used, room);
        cells = wrap_cells(table, &widths);
        widths
    };
    // Squeezed, a grid can stack a word or two per line: then the list reads better. Lines of
    // text are compared, leaving out borders and the blank lines between blocks.
    let body: usize = cells
        .iter()
        .skip(table.head)
        .map(|row| row.iter().map(Vec::len).max().unwrap_or(1))
        .sum();
    if body > table.rows.len().saturating_sub(table.head) {
        let list = list(table, columns, max);
        if list.iter().filter(|l| !l.is_empty()).count() < body {
            return list;
        }
    }
    grid(table, cells, &widths, b, border)
}

/// Every cell wrapped to its column's width: rows of cells of lines.
fn wrap_cells(table: &Table, widths: &[usize]) -> Vec<Vec<Vec<Vec<Span<'static>>>>> {
    let empty = Vec::new();
    table
        .rows
        .iter()
        .map(|row| {
            widths
                .iter()
                .enumerate()
                .map(|(c, w)| wrap(&pieces(row.get(c).unwrap_or(&empty)), *w))
                .collect()
        })
        .collect()
}

/// Column widths between `least` and `natural` that sum to at most `room`. The room left over
/// is shared out evenly, a narrow column taking only what it wants, so short columns stay whole
/// and the wide ones share what remains.
fn fit(natural: &[usize], least: &[usize], room: usize) -> Vec<usize> {
    let mut widths = least.to_vec();
    let mut spare = room.saturating_sub(least.iter().sum());
    loop {
        let short: Vec<usize> = (0..widths.len())
            .filter(|&c| widths[c] < natural[c])
            .collect();
        if short.is_empty() || spare == 0 {
            return widths;
        }
        let share = spare / short.len();
        if share == 0 {
            // Fewer columns left over than columns short: one more each to the shortest of all.
            let mut short = short;
            short.sort_by_key(|&c| std::cmp::Reverse(natural[c] - widths[c]));
            for &c in short.iter().take(spare) {
                widths[c] += 1;
            }
            return widths;
        }
        for c in short {
            let more = share.min(natural[c] - widths[c]);
            widths[c] += more;
            spare -= more;
        }
    }
}

/// The table as a grid, each cell wrapped to its column's width. When a row takes more than one
/// line, a rule separates every row, so it is clear which lines belong together.
fn grid(
    table: &Table,
    rows: Vec<Vec<Vec<Vec<Span<'static>>>>>,
    widths: &[usize],
    b: &Borders,
    border: Style,
) -> Vec<Vec<Span<'static>>> {
    let rule = |[left, joint, right, fill]: [&str; 4]| {
        let mut line = Vec::new();
        push_span(&mut line, left, border);
        for (c, w) in widths.iter().enumerate() {
            if c > 0 {
                push_span(&mut line, joint, border);
            }
            push_span(&mut line, &fill.repeat(w + 2), border);
        }
        push_span(&mut line, right, border);
        line
    };
    let empty = Vec::new();
    let tall = rows
        .iter()
        .skip(table.head)
        .any(|cells| cells.iter().any(|lines| lines.len() > 1));

    let mut out = Vec::new();
    if let Some(top) = b.top {
        out.push(rule(top));
    }
    for (r, cells) in rows.iter().enumerate() {
        if r > 0 && (r == table.head || (tall && r > table.head)) {
            out.push(rule(b.rule));
        }
        let height = cells.iter().map(Vec::len).max().unwrap_or(1);
        for i in 0..height {
            let mut line = Vec::new();
            push_span(&mut line, b.bar, border);
            for (c, w) in widths.iter().enumerate() {
                let text = cells[c].get(i).unwrap_or(&empty);
                let pad = w.saturating_sub(spans_width(text));
                let before = match table.aligns.get(c) {
                    Some(Alignment::Right) => pad,
                    Some(Alignment::Center) => pad / 2,
                    _ => 0,
                };
                push_span(&mut line, &" ".repeat(before + 1), Style::new());
                for span in text {
                    push_span(&mut line, &span.content, span.style);
                }
                push_span(&mut line, &" ".repeat(pad - before + 1), Style::new());
                push_span(&mut line, b.bar, border);
            }
            out.push(line);
        }
    }
    if let Some(bottom) = b.bottom {
        out.push(rule(bottom));
    }
    out
}

/// The table as a list: each body row a block of "column: value" lines (the header cells are the
/// labels), blocks apart by a blank line, wrapped values hanging under their label.
fn list(table: &Table, columns: usize, max: usize) -> Vec<Vec<Span<'static>>> {
    let labels = table.rows.first().filter(|_| table.head > 0);
    let body = &table.rows[table.head.min(table.rows.len())..];
    let indent = if max > 12 { 2 } else { 0 };
    let mut out = Vec::new();
    for (r, row) in body.iter().enumerate() {
        if r > 0 {
            out.push(Vec::new());
        }
        for c in 0..columns {
            let label = labels.and_then(|l| l.get(c)).filter(|l| spans_width(l) > 0);
            let value = row.get(c).map(Vec::as_slice).unwrap_or_default();
            let mut line = Vec::new();
            if let Some(label) = label {
                line.extend(pieces(label));
                line.push(Piece::Text(":".into(), Style::new()));
                if spans_width(value) > 0 {
                    line.push(Piece::Text(" ".into(), Style::new()));
                }
            } else if spans_width(value) == 0 {
                continue;
            }
            line.extend(pieces(value));
            for (i, wrapped) in wrap_hanging(&line, max, max - indent)
                .into_iter()
                .enumerate()
            {
                let mut hung = Vec::new();
                if i > 0 {
                    push_span(&mut hung, &" ".repeat(indent), Style::new());
                }
                for span in wrapped {
                    push_span(&mut hung, &span.content, span.style);
                }
                out.push(hung);
            }
        }
    }
    out
}

fn pieces(cell: &[Span<'static>]) -> Vec<Piece> {
    cell.iter()
        .map(|s| Piece::Text(s.content.to_string(), s.style))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(row: &[&str]) -> Vec<Vec<Span<'static>>> {
        row.iter().map(|c| vec![Span::raw(c.to_string())]).collect()
    }

    fn text(lines: &[Vec<Span<'static>>]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    fn sample() -> Table {
        Table {
            aligns: vec![Alignment::None, Alignment::Right],
            rows: vec![cells(&["method", "n"]), cells(&["GET", "200"])],
            head: 1,
        }
    }

    #[test]
    fn box_layout_with_alignment() {
        assert_eq!(
            text(&layout(&sample(), 80, &BOX, Style::new())),
            [
                "┌────────┬─────┐",
                "│ method │   n │",
                "├────────┼─────┤",
                "│ GET    │ 200 │",
                "└────────┴─────┘",
            ]
        );
    }

    #[test]
    fn narrow_widths_wrap_cells_and_rule_between_rows() {
        let table = Table {
            aligns: vec![Alignment::None, Alignment::Right],
            rows: vec![
                cells(&["status", "meaning"]),
                cells(&["404", "nothing at this URL"]),
                cells(&["200", "OK"]),
            ],
            head: 1,
        };
        assert_eq!(
            text(&layout(&table, 20, &ASCII, Style::new())),
            [
                "| status | meaning |",
                "|--------|---------|",
                "| 404    | nothing |",
                "|        | at this |",
                "|        |     URL |",
                "|--------|---------|",
                "| 200    |      OK |",
            ]
        );
    }

    #[test]
    fn too_many_columns_become_a_list() {
        let table = Table {
            aligns: vec![Alignment::None; 3],
            rows: vec![
                cells(&["code", "name", "use it when"]),
                cells(&["201", "Created", "something was created"]),
                cells(&["204", "No Content", ""]),
            ],
            head: 1,
        };
        assert_eq!(
            text(&layout(&table, 18, &BOX, Style::new())),
            [
                "code: 201",
                "name: Created",
                "use it when:",
                "  something was",
                "  created",
                "",
                "code: 204",
                "name: No Content",
                "use it when:",
            ]
        );
    }

    #[test]
    fn fit_gives_narrow_columns_all_they_want_and_shares_the_rest() {
        assert_eq!(fit(&[10, 3, 6], &[6, 3, 6], 30), [10, 3, 6]);
        // The narrow column gets all it wants; the wide ones share the rest evenly.
        assert_eq!(fit(&[60, 12, 40], &[8, 8, 8], 50), [19, 12, 19]);
        assert_eq!(fit(&[30, 3, 10], &[6, 3, 6], 20), [9, 3, 8]);
        assert_eq!(fit(&[40, 40], &[6, 6], 21), [11, 10]);
        assert_eq!(fit(&[4, 4], &[4, 4], 8), [4, 4]);
    }
}
