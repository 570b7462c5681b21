//! Tables laid out to fit the width: box-drawing borders, or a plain ASCII layout.

use super::wrap::{push_span, spans_width, truncate};
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
    pub ellipsis: &'static str,
}

pub(super) const BOX: Borders = Borders {
    top: Some(["┌", "┬", "┐", "─"]),
    rule: ["├", "┼", "┤", "─"],
    bottom: Some(["└", "┴", "┘", "─"]),
    bar: "│",
    ellipsis: "…",
};

pub(super) const ASCII: Borders = Borders {
    top: None,
    rule: ["|", "|", "|", "-"],
    bottom: None,
    bar: "|",
    ellipsis: "…",
};

/// Lay the table out in at most `max` columns (as long as each column keeps one character).
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
    let mut widths = vec![0; columns];
    for row in &table.rows {
        for (c, cell) in row.iter().enumerate() {
            widths[c] = widths[c].max(spans_width(cell));
        }
    }
    fit(&mut widths, max.saturating_sub(3 * columns + 1));

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
    let mut out = Vec::new();
    if let Some(top) = b.top {
        out.push(rule(top));
    }
    let empty = Vec::new();
    for (r, row) in table.rows.iter().enumerate() {
        if r == table.head && r > 0 {
            out.push(rule(b.rule));
        }
        let mut line = Vec::new();
        push_span(&mut line, b.bar, border);
        for (c, w) in widths.iter().enumerate() {
            let cell = truncate(row.get(c).unwrap_or(&empty), *w, b.ellipsis);
            let pad = w.saturating_sub(spans_width(&cell));
            let before = match table.aligns.get(c) {
                Some(Alignment::Right) => pad,
                Some(Alignment::Center) => pad / 2,
                _ => 0,
            };
            push_span(&mut line, &" ".repeat(before + 1), Style::new());
            for span in cell {
                push_span(&mut line, &span.content, span.style);
            }
            push_span(&mut line, &" ".repeat(pad - before + 1), Style::new());
            push_span(&mut line, b.bar, border);
        }
        out.push(line);
    }
    if let Some(bottom) = b.bottom {
        out.push(rule(bottom));
    }
    out
}

/// Shrink the widest columns until the sum fits in `room` (or every column is one wide).
fn fit(widths: &mut [usize], room: usize) {
    for w in widths.iter_mut() {
        *w = (*w).clamp(1, room.max(1));
    }
    while widths.iter().sum::<usize>() > room {
        let Some(widest) = widths
            .iter_mut()
            .filter(|w| **w > 1)
            .reduce(|a, b| if *b > *a { b } else { a })
        else {
            break;
        };
        *widest -= 1;
    }
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
    fn narrow_widths_truncate_the_widest_column() {
        assert_eq!(
            text(&layout(&sample(), 13, &ASCII, Style::new())),
            ["| me… |   n |", "|-----|-----|", "| GET | 200 |"]
        );
    }

    #[test]
    fn fit_shrinks_widest_first() {
        let mut w = [10, 3, 6];
        fit(&mut w, 12);
        assert_eq!(w, [4, 3, 5]);
        let mut w = [4, 4];
        fit(&mut w, 0);
        assert_eq!(w, [1, 1]);
    }
}
