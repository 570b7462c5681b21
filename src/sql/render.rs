//! Result sets and mismatches as plain text: a table for the prompt, and the side-by-side
//! failure report shared by the CLI and the TUI.

use super::compare::Mismatch;
use super::sandbox::Rows;
use rusqlite::types::Value;
use unicode_width::UnicodeWidthStr;

/// How many rows a failure report shows of each result.
pub const REPORT_ROWS: usize = 8;
/// The widest a cell is drawn before it is cut with `…`.
pub const CELL_WIDTH: usize = 24;

/// A value as shown in a table: `NULL`, numbers as SQLite prints them, text as is.
pub fn value_text(v: &Value) -> String {
    match v {
        Value::Null => "NULL".into(),
        Value::Integer(i) => i.to_string(),
        Value::Real(f) => real_text(*f),
        Value::Text(t) => t.replace(['\n', '\r', '\t'], " "),
        Value::Blob(b) => {
            let shown = &b[..b.len().min(16)];
            let more = if b.len() > 16 { "…" } else { "" };
            format!("x'{}{more}'", hex::encode(shown))
        }
    }
}

/// A value with its type, for "expected X where yours has Y": `integer 2`, `text 'a'`, `NULL`.
pub fn value_typed(v: &Value) -> String {
    match v {
        Value::Null => "NULL".into(),
        Value::Integer(i) => format!("integer {i}"),
        Value::Real(f) => format!("real {}", real_text(*f)),
        Value::Text(t) => format!("text '{t}'"),
        Value::Blob(_) => format!("blob {}", value_text(v)),
    }
}

fn real_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{f:.1}")
    } else {
        format!("{f}")
    }
}

/// A row as `a | b | NULL`.
pub fn row_text(row: &[Value]) -> String {
    row.iter().map(value_text).collect::<Vec<_>>().join(" | ")
}

/// A table of `columns` and at most `max_rows` rows, with a header rule, as lines.
pub fn table_lines(columns: &[String], rows: &[Vec<Value>], max_rows: usize) -> Vec<String> {
    let shown = &rows[..rows.len().min(max_rows)];
    let cells: Vec<Vec<String>> = shown
        .iter()
        .map(|r| r.iter().map(|v| cut(&value_text(v), CELL_WIDTH)).collect())
        .collect();
    let heads: Vec<String> = columns.iter().map(|c| cut(c, CELL_WIDTH)).collect();
    let widths: Vec<usize> = (0..columns.len())
        .map(|i| {
            cells
                .iter()
                .map(|r| r[i].width())
                .chain(std::iter::once(heads[i].width()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let numeric: Vec<bool> = (0..columns.len())
        .map(|i| {
            shown
                .iter()
                .all(|r| matches!(r[i], Value::Integer(_) | Value::Real(_) | Value::Null))
                && !shown.is_empty()
        })
        .collect();
    let line = |vals: &[String], align_numbers: bool| {
        vals.iter()
            .enumerate()
            .map(|(i, v)| {
                let pad = " ".repeat(widths[i].saturating_sub(v.width()));
                if align_numbers && numeric[i] {
                    format!("{pad}{v}")
                } else {
                    format!("{v}{pad}")
                }
            })
            .collect::<Vec<_>>()
            .join(" | ")
            .trim_end()
            .to_string()
    };
    let mut out = vec![line(&heads, false)];
    out.push(
        widths
            .iter()
            .map(|w| "-".repeat(*w))
            .collect::<Vec<_>>()
            .join("-+-"),
    );
    for r in &cells {
        out.push(line(r, true));
    }
    if rows.len() > shown.len() {
        out.push(format!("… {} more", rows.len() - shown.len()));
    }
    out
}

/// The whole result for the prompt: the table, then `(N rows, 3 ms)`.
pub fn rows_text(rows: &Rows, max_rows: usize) -> String {
    let mut out = String::new();
    if rows.columns.is_empty() {
        let n = rows.changes.unwrap_or(0);
        out.push_str(&format!(
            "({n} row{} changed, {})\n",
            if n == 1 { "" } else { "s" },
            ms(rows)
        ));
        return out;
    }
    for l in table_lines(&rows.columns, &rows.rows, max_rows) {
        out.push_str(&l);
        out.push('\n');
    }
    out.push_str(&format!("({}, {})\n", count_text(rows), ms(rows)));
    out
}

/// "12 rows", or "more than 10000 rows (stopped there)".
pub fn count_text(rows: &Rows) -> String {
    let n = rows.rows.len();
    if rows.truncated {
        format!("more than {n} rows; reading stopped there")
    } else {
        format!("{n} row{}", if n == 1 { "" } else { "s" })
    }
}

fn ms(rows: &Rows) -> String {
    let us = rows.elapsed.as_micros();
    if us < 10_000 {
        format!("{:.1} ms", us as f64 / 1000.0)
    } else {
        format!("{} ms", us / 1000)
    }
}

/// The failure report: both results side by side (stacked when too wide), row counts, the
/// rows missing and extra, and a column that differs.
pub fn mismatch_text(want: &Rows, got: &Rows, m: &Mismatch, width: usize) -> String {
    let mut out = format!("{}\n\n", m.headline);
    let left = titled(
        &format!("Your result ({})", count_text(got)),
        table_lines(&got.columns, &got.rows, REPORT_ROWS),
    );
    let right = titled(
        &format!("Expected ({})", count_text(want)),
        table_lines(&want.columns, &want.rows, REPORT_ROWS),
    );
    let lw = left.iter().map(|l| l.width()).max().unwrap_or(0);
    let rw = right.iter().map(|l| l.width()).max().unwrap_or(0);
    if lw + rw + 5 <= width {
        for i in 0..left.len().max(right.len()) {
            let l = left.get(i).map_or("", String::as_str);
            let r = right.get(i).map_or("", String::as_str);
            let pad = " ".repeat(lw - l.width());
            out.push_str(format!("{l}{pad}  │  {r}").trim_end());
            out.push('\n');
        }
    } else {
        for l in left
            .iter()
            .chain(std::iter::once(&String::new()))
            .chain(&right)
        {
            out.push_str(l);
            out.push('\n');
        }
    }
    for (what, (rows, total)) in [
        (
            "Missing (in the solution's result, not in yours)",
            &m.missing,
        ),
        ("Extra (in yours, not in the solution's)", &m.extra),
    ] {
        if *total == 0 {
            continue;
        }
        out.push_str(&format!(
            "\n{what}: {total} row{}\n",
            if *total == 1 { "" } else { "s" }
        ));
        for r in rows {
            out.push_str(&format!("  {}\n", row_text(r)));
        }
        if *total > rows.len() {
            out.push_str(&format!("  … {} more\n", total - rows.len()));
        }
    }
    if let Some((i, name, what)) = &m.column {
        out.push_str(&format!("\nColumn {} ({name}) differs: {what}.\n", i + 1));
    }
    out
}

fn titled(title: &str, mut lines: Vec<String>) -> Vec<String> {
    lines.insert(0, title.to_string());
    lines
}

fn cut(s: &str, max: usize) -> String {
    if s.width() <= max {
        return s.to_string();
    }
    let mut out = String::new();
    for c in s.chars() {
        if out.width() + unicode_width::UnicodeWidthChar::width(c).unwrap_or(0) >= max {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_align_numbers_right_and_cut_long_text() {
        let lines = table_lines(
            &["name".into(), "n".into()],
            &[
                vec![Value::Text("a".repeat(40)), Value::Integer(5)],
                vec![Value::Text("b".into()), Value::Integer(120)],
            ],
            10,
        );
        assert_eq!(lines[0], format!("name{} | n", " ".repeat(20)));
        assert!(lines[2].contains('…'));
        assert!(lines[2].ends_with("|   5"), "{}", lines[2]);
        assert!(lines[3].ends_with("| 120"), "{}", lines[3]);
    }
}
