//! The response viewer's model: an answer (or a journalled exchange) turned once into rows of
//! tokens, with JSON objects and arrays that fold, a cursor, a scroll position and a search.
//! Drawing only styles the rows on screen, so a 100 KB body costs one pretty-print, not one
//! per frame.

use crate::exchange::{Exchange, Received, SendError};
use serde_json::Value;

/// What a piece of a row is, for its colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tok {
    Plain,
    Dim,
    /// A JSON object key.
    Key,
    Str,
    Num,
    /// `true`, `false`, `null`.
    Lit,
    /// Brackets, colons, commas.
    Punct,
    /// A status line, coloured by its class.
    Status(u16),
    HeaderName,
    /// A section heading (`→ request`, `← response`).
    Section,
    Warn,
}

/// One line of the viewer.
#[derive(Debug, Clone, Default)]
pub struct Row {
    /// The text as shown (for search and measuring).
    pub text: String,
    /// Byte ranges of `text` and their kind, in order, covering it.
    pub spans: Vec<(usize, usize, Tok)>,
    /// For a row opening a JSON object or array: the row that closes it.
    pub close: Option<usize>,
    /// For an opening row: how many members or items it holds.
    pub items: usize,
    /// The row opening the container this row is in.
    pub parent: Option<usize>,
}

impl Row {
    fn push(&mut self, tok: Tok, s: &str) {
        let start = self.text.len();
        self.text.push_str(s);
        self.spans.push((start, self.text.len(), tok));
    }

    fn of(parts: &[(Tok, &str)]) -> Row {
        let mut r = Row::default();
        for (t, s) in parts {
            r.push(*t, s);
        }
        r
    }
}

/// A search in the body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Find {
    pub query: String,
    /// Rows that contain the query (case-insensitive), in order.
    pub hits: Vec<usize>,
    /// Which hit the cursor is on.
    pub current: usize,
}

/// The viewer state.
#[derive(Debug, Clone, Default)]
pub struct Viewer {
    pub rows: Vec<Row>,
    /// Opening rows that are folded.
    pub collapsed: Vec<bool>,
    /// Rows shown, in order (rows inside folded containers are left out).
    pub visible: Vec<usize>,
    /// The cursor, as a position in `visible`.
    pub cursor: usize,
    /// The first shown position in `visible`.
    pub scroll: usize,
    /// Columns scrolled sideways (← → on the response), so long values can be read whole.
    pub hscroll: usize,
    pub find: Option<Find>,
}

impl Viewer {
    /// A viewer over `rows`.
    pub fn new(rows: Vec<Row>) -> Self {
        let mut v = Viewer {
            collapsed: vec![false; rows.len()],
            rows,
            ..Default::default()
        };
        v.refresh();
        v
    }

    /// Scroll sideways by `delta` columns, not past the widest shown row.
    pub fn scroll_sideways(&mut self, delta: i64) {
        let widest = self
            .visible
            .iter()
            .map(|&i| self.rows[i].text.chars().count())
            .max()
            .unwrap_or(0);
        self.hscroll =
            (self.hscroll as i64 + delta).clamp(0, widest.saturating_sub(8) as i64) as usize;
    }

    /// The viewer for the answer to a request sent from the composer.
    pub fn for_result(result: &Result<Received, SendError>) -> Self {
        let mut rows = Vec::new();
        match result {
            Ok(r) => {
                rows.push(status_row(
                    r.status,
                    r.duration.as_micros() as i64,
                    r.body.len(),
                ));
                header_rows(&r.headers, &mut rows);
                body_rows(&r.body, &mut rows);
            }
            Err(e) => {
                rows.push(Row::of(&[(Tok::Warn, "No answer")]));
                rows.push(Row::of(&[(Tok::Plain, &e.to_string())]));
            }
        }
        Viewer::new(rows)
    }

    /// The viewer for an exchange from the journal: its request, then its response.
    pub fn for_exchange(x: &Exchange) -> Self {
        let mut rows = Vec::new();
        let target = if x.query.is_empty() {
            x.path.clone()
        } else {
            format!("{}?{}", x.path, x.query)
        };
        rows.push(Row::of(&[
            (Tok::Section, "→ "),
            (Tok::Section, &format!("{} {target}", x.method)),
            (Tok::Dim, &format!("   from {}", x.client)),
        ]));
        header_rows(&x.request_headers, &mut rows);
        if !x.request_body.is_empty() {
            body_rows(&x.request_body, &mut rows);
        }
        rows.push(Row::default());
        let mut status = status_row(x.status, x.duration_us, x.response_body.len());
        status.text.insert_str(0, "← ");
        status.spans = shift(&status.spans, "← ".len());
        status.spans.insert(0, (0, "← ".len(), Tok::Section));
        rows.push(status);
        header_rows(&x.response_headers, &mut rows);
        body_rows(&x.response_body, &mut rows);
        Viewer::new(rows)
    }

    /// Recompute which rows show after a fold changed.
    pub fn refresh(&mut self) {
        self.visible.clear();
        let mut i = 0;
        while i < self.rows.len() {
            self.visible.push(i);
            i = match self.rows[i].close {
                Some(c) if self.collapsed[i] => c + 1,
                _ => i + 1,
            };
        }
        self.cursor = self.cursor.min(self.visible.len().saturating_sub(1));
    }

    /// The row under the cursor.
    pub fn cursor_row(&self) -> Option<usize> {
        self.visible.get(self.cursor).copied()
    }

    /// Keep the cursor on screen (`height` rows show).
    pub fn follow(&mut self, height: usize) {
        let h = height.max(1);
        if self.cursor < self.scroll {
            self.scroll = self.cursor;
        } else if self.cursor >= self.scroll + h {
            self.scroll = self.cursor + 1 - h;
        }
        let max = self.visible.len().saturating_sub(h);
        self.scroll = self.scroll.min(max);
    }

    /// Move the cursor by `delta` rows.
    pub fn move_cursor(&mut self, delta: i64, height: usize) {
        let last = self.visible.len().saturating_sub(1) as i64;
        self.cursor = (self.cursor as i64 + delta).clamp(0, last.max(0)) as usize;
        self.follow(height);
    }

    /// Scroll the view by `delta` rows (the wheel), taking the cursor along when it leaves.
    pub fn scroll_by(&mut self, delta: i64, height: usize) {
        let h = height.max(1);
        let max = self.visible.len().saturating_sub(h) as i64;
        self.scroll = (self.scroll as i64 + delta).clamp(0, max.max(0)) as usize;
        self.cursor = self.cursor.clamp(self.scroll, self.scroll + h - 1);
        self.cursor = self.cursor.min(self.visible.len().saturating_sub(1));
    }

    /// Fold or unfold the container at the cursor (or the one the cursor is inside).
    pub fn toggle(&mut self, height: usize) {
        let Some(row) = self.cursor_row() else { return };
        let target = if self.rows[row].close.is_some() {
            row
        } else if let Some(p) = self.rows[row].parent {
            p
        } else {
            return;
        };
        self.collapsed[target] = !self.collapsed[target];
        self.refresh();
        if let Some(pos) = self.visible.iter().position(|&r| r == target) {
            self.cursor = pos;
        }
        self.follow(height);
    }

    /// Fold every container below the top level.
    pub fn collapse_all(&mut self) {
        for (i, r) in self.rows.iter().enumerate() {
            self.collapsed[i] = r.close.is_some() && r.parent.is_some();
        }
        self.cursor = 0;
        self.scroll = 0;
        self.refresh();
    }

    /// Unfold everything.
    pub fn expand_all(&mut self) {
        self.collapsed.iter_mut().for_each(|c| *c = false);
        self.refresh();
    }

    /// Search for `query`; the cursor goes to the first hit at or after it.
    pub fn search(&mut self, query: &str, height: usize) {
        if query.is_empty() {
            self.find = None;
            return;
        }
        let q = query.to_ascii_lowercase();
        let hits: Vec<usize> = self
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.text.to_ascii_lowercase().contains(&q))
            .map(|(i, _)| i)
            .collect();
        let here = self.cursor_row().unwrap_or(0);
        let current = hits.iter().position(|&h| h >= here).unwrap_or(0);
        self.find = Some(Find {
            query: query.to_string(),
            hits,
            current,
        });
        self.reveal_hit(height);
    }

    /// Go to the next (or previous) hit.
    pub fn next_hit(&mut self, forward: bool, height: usize) {
        let Some(f) = self.find.as_mut() else { return };
        let n = f.hits.len();
        if n == 0 {
            return;
        }
        f.current = if forward {
            (f.current + 1) % n
        } else {
            (f.current + n - 1) % n
        };
        self.reveal_hit(height);
    }

    /// Unfold around the current hit and put the cursor on it.
    fn reveal_hit(&mut self, height: usize) {
        let Some(row) = self
            .find
            .as_ref()
            .and_then(|f| f.hits.get(f.current))
            .copied()
        else {
            return;
        };
        let mut p = self.rows[row].parent;
        while let Some(i) = p {
            self.collapsed[i] = false;
            p = self.rows[i].parent;
        }
        self.refresh();
        if let Some(pos) = self.visible.iter().position(|&r| r == row) {
            self.cursor = pos;
        }
        // Show a little context above the hit.
        let h = height.max(1);
        if self.cursor < self.scroll || self.cursor >= self.scroll + h {
            self.scroll = self.cursor.saturating_sub(h / 3);
        }
        self.follow(height);
    }
}

fn shift(spans: &[(usize, usize, Tok)], by: usize) -> Vec<(usize, usize, Tok)> {
    spans.iter().map(|(a, b, t)| (a + by, b + by, *t)).collect()
}

/// `200 OK  ·  3.1 ms  ·  1234 bytes`
fn status_row(status: u16, micros: i64, bytes: usize) -> Row {
    Row::of(&[
        (
            Tok::Status(status),
            &format!("{status} {}", crate::tui::ui::response::reason(status)),
        ),
        (
            Tok::Dim,
            &format!("  ·  {}  ·  {bytes} bytes", duration_text(micros)),
        ),
    ])
}

/// A duration in µs as `850 µs`, `3.1 ms` or `1.20 s`.
pub fn duration_text(micros: i64) -> String {
    match micros {
        m if m < 1000 => format!("{m} µs"),
        m if m < 1_000_000 => format!("{:.1} ms", m as f64 / 1000.0),
        m => format!("{:.2} s", m as f64 / 1_000_000.0),
    }
}

fn header_rows(headers: &[(String, String)], rows: &mut Vec<Row>) {
    for (k, v) in headers {
        rows.push(Row::of(&[
            (Tok::HeaderName, &format!("{k}: ")),
            (Tok::Plain, v),
        ]));
    }
}

/// Body rows: JSON pretty-printed with folds, other text as is, binary summarised.
fn body_rows(body: &[u8], rows: &mut Vec<Row>) {
    if body.is_empty() {
        return;
    }
    rows.push(Row::default());
    if let Ok(v) = serde_json::from_slice::<Value>(body) {
        json_rows(&v, None, 0, true, None, rows);
        return;
    }
    match std::str::from_utf8(body) {
        Ok(t) => rows.extend(t.lines().map(|l| Row::of(&[(Tok::Plain, l)]))),
        Err(_) => rows.push(Row::of(&[(
            Tok::Dim,
            &format!("({} bytes of binary data)", body.len()),
        )])),
    }
}

fn json_rows(
    v: &Value,
    key: Option<&str>,
    depth: usize,
    last: bool,
    parent: Option<usize>,
    rows: &mut Vec<Row>,
) {
    let mut row = Row {
        parent,
        ..Default::default()
    };
    row.push(Tok::Plain, &"  ".repeat(depth));
    if let Some(k) = key {
        row.push(Tok::Key, &Value::from(k).to_string());
        row.push(Tok::Punct, ": ");
    }
    let comma = if last { "" } else { "," };
    let (open, close, len) = match v {
        Value::Object(m) if !m.is_empty() => ("{", "}", m.len()),
        Value::Array(a) if !a.is_empty() => ("[", "]", a.len()),
        _ => {
            let (tok, text) = match v {
                Value::String(_) => (Tok::Str, v.to_string()),
                Value::Number(_) => (Tok::Num, v.to_string()),
                Value::Object(_) => (Tok::Punct, "{}".to_string()),
                Value::Array(_) => (Tok::Punct, "[]".to_string()),
                _ => (Tok::Lit, v.to_string()),
            };
            row.push(tok, &text);
            if !last {
                row.push(Tok::Punct, comma);
            }
            rows.push(row);
            return;
        }
    };
    row.push(Tok::Punct, open);
    row.items = len;
    let me = rows.len();
    rows.push(row);
    match v {
        Value::Object(m) => {
            for (i, (k, child)) in m.iter().enumerate() {
                json_rows(child, Some(k), depth + 1, i + 1 == len, Some(me), rows);
            }
        }
        Value::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                json_rows(child, None, depth + 1, i + 1 == len, Some(me), rows);
            }
        }
        _ => {}
    }
    let mut end = Row {
        parent: Some(me),
        ..Default::default()
    };
    end.push(Tok::Plain, &"  ".repeat(depth));
    end.push(Tok::Punct, &format!("{close}{comma}"));
    rows[me].close = Some(rows.len());
    rows.push(end);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn viewer(body: &str) -> Viewer {
        Viewer::for_result(&Ok(Received {
            status: 200,
            headers: vec![],
            body: body.as_bytes().to_vec(),
            duration: Duration::from_millis(2),
        }))
    }

    fn shown(v: &Viewer) -> Vec<String> {
        v.visible.iter().map(|&i| v.rows[i].text.clone()).collect()
    }

    #[test]
    fn json_is_pretty_printed_and_folds() {
        let mut v = viewer(r#"{"a":[1,2],"b":{"c":null}}"#);
        assert_eq!(
            shown(&v)[2..],
            [
                "{",
                r#"  "a": ["#,
                "    1,",
                "    2",
                "  ],",
                r#"  "b": {"#,
                r#"    "c": null"#,
                "  }",
                "}"
            ]
        );
        v.cursor = 3; // "a": [
        v.toggle(10);
        assert_eq!(shown(&v).len(), 11 - 3);
        assert_eq!(v.cursor_row(), Some(3));
        v.toggle(10);
        assert_eq!(shown(&v).len(), 11);
        // Toggling on a member folds its container.
        v.cursor = 8; // "c": null
        v.toggle(10);
        assert_eq!(shown(&v)[v.cursor], r#"  "b": {"#);
    }

    #[test]
    fn search_unfolds_to_the_hit() {
        let mut v = viewer(r#"{"a":{"deep":"needle"},"b":1}"#);
        v.collapse_all();
        assert!(!shown(&v).iter().any(|l| l.contains("needle")));
        v.search("NEEDLE", 5);
        assert_eq!(v.find.as_ref().unwrap().hits.len(), 1);
        assert!(shown(&v)[v.cursor].contains("needle"));
    }
}
