//! Small text editing for the composer: a one-line field (cursor in characters) and the
//! multi-line body (cursor as a byte offset), plus the body's JSON check.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The byte offset of character `ch` in `s` (the end when past it).
pub fn byte_at(s: &str, ch: usize) -> usize {
    s.char_indices().nth(ch).map_or(s.len(), |(i, _)| i)
}

/// Edit a one-line field; returns true when the key was a text edit or cursor move.
pub fn edit_line(s: &mut String, cur: &mut usize, key: KeyEvent) -> bool {
    let n = s.chars().count();
    *cur = (*cur).min(n);
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Char('u') if ctrl => {
            s.replace_range(..byte_at(s, *cur), "");
            *cur = 0;
        }
        KeyCode::Char('a') if ctrl => *cur = 0,
        KeyCode::Char('e') if ctrl => *cur = n,
        KeyCode::Char(c) if !ctrl => {
            s.insert(byte_at(s, *cur), c);
            *cur += 1;
        }
        KeyCode::Backspace if *cur > 0 => {
            let at = byte_at(s, *cur - 1);
            s.remove(at);
            *cur -= 1;
        }
        KeyCode::Delete if *cur < n => {
            s.remove(byte_at(s, *cur));
        }
        KeyCode::Left => *cur = cur.saturating_sub(1),
        KeyCode::Right => *cur = (*cur + 1).min(n),
        KeyCode::Home => *cur = 0,
        KeyCode::End => *cur = n,
        KeyCode::Backspace | KeyCode::Delete => {}
        _ => return false,
    }
    true
}

/// Line and column (in characters) of byte offset `at`.
pub fn line_col(s: &str, at: usize) -> (usize, usize) {
    let before = &s[..at.min(s.len())];
    let line = before.matches('\n').count();
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count())
}

/// The byte offset of `line`, `col` (clamped to the text).
pub fn offset_of(s: &str, line: usize, col: usize) -> usize {
    let mut start = 0;
    for _ in 0..line {
        match s[start..].find('\n') {
            Some(i) => start += i + 1,
            None => break,
        }
    }
    let end = s[start..].find('\n').map_or(s.len(), |i| start + i);
    start + byte_at(&s[start..end], col)
}

/// Edit the multi-line body; returns true when the key was handled.
pub fn edit_text(s: &mut String, cur: &mut usize, key: KeyEvent) -> bool {
    *cur = (*cur).min(s.len());
    while !s.is_char_boundary(*cur) {
        *cur -= 1;
    }
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        return false;
    }
    let (line, col) = line_col(s, *cur);
    match key.code {
        KeyCode::Char(c) => {
            s.insert(*cur, c);
            *cur += c.len_utf8();
        }
        KeyCode::Enter => {
            // Keep the indentation of the line.
            let start = offset_of(s, line, 0);
            let indent: String = s[start..].chars().take_while(|c| *c == ' ').collect();
            let ins = format!("\n{indent}");
            s.insert_str(*cur, &ins);
            *cur += ins.len();
        }
        KeyCode::Tab => {
            s.insert_str(*cur, "  ");
            *cur += 2;
        }
        KeyCode::Backspace if *cur > 0 => {
            let prev = s[..*cur].chars().next_back().map_or(1, char::len_utf8);
            *cur -= prev;
            s.remove(*cur);
        }
        KeyCode::Delete if *cur < s.len() => {
            s.remove(*cur);
        }
        KeyCode::Left if *cur > 0 => {
            *cur -= s[..*cur].chars().next_back().map_or(1, char::len_utf8);
        }
        KeyCode::Right if *cur < s.len() => {
            *cur += s[*cur..].chars().next().map_or(1, char::len_utf8);
        }
        KeyCode::Up if line > 0 => *cur = offset_of(s, line - 1, col),
        KeyCode::Down => *cur = offset_of(s, line + 1, col),
        KeyCode::Home => *cur = offset_of(s, line, 0),
        KeyCode::End => *cur = offset_of(s, line, usize::MAX),
        KeyCode::Backspace | KeyCode::Delete | KeyCode::Left | KeyCode::Right | KeyCode::Up => {}
        _ => return false,
    }
    true
}

/// What the body holds, checked as it is typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyCheck {
    Empty,
    /// Valid JSON.
    Json,
    /// Looks like JSON but is not: where and why (line and column from 1).
    Invalid {
        line: usize,
        column: usize,
        message: String,
    },
    /// Some other text.
    Text,
}

/// Check the body: text starting with `{` or `[` (or any text when `json` says the request
/// declares JSON) must parse as JSON.
pub fn check_body(body: &str, json: bool) -> BodyCheck {
    let t = body.trim_start();
    if t.is_empty() {
        return BodyCheck::Empty;
    }
    if !(json || t.starts_with('{') || t.starts_with('[')) {
        return BodyCheck::Text;
    }
    match serde_json::from_str::<serde_json::Value>(body) {
        Ok(_) => BodyCheck::Json,
        Err(e) => {
            let full = e.to_string();
            let message = full
                .rsplit_once(" at line ")
                .map_or(full.as_str(), |(m, _)| m)
                .to_string();
            BodyCheck::Invalid {
                line: e.line(),
                column: e.column(),
                message,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    #[test]
    fn the_body_editor_moves_by_lines_and_keeps_indentation() {
        let mut s = String::from("{\n  \"a\": 1");
        let mut cur = s.len();
        edit_text(&mut s, &mut cur, k(KeyCode::Char(',')));
        edit_text(&mut s, &mut cur, k(KeyCode::Enter));
        for c in "\"b\": 2\n}".chars() {
            let code = if c == '\n' {
                KeyCode::Enter
            } else {
                KeyCode::Char(c)
            };
            edit_text(&mut s, &mut cur, k(code));
        }
        assert_eq!(s, "{\n  \"a\": 1,\n  \"b\": 2\n  }");
        edit_text(&mut s, &mut cur, k(KeyCode::Up));
        assert_eq!(line_col(&s, cur), (2, 3));
        assert_eq!(check_body(&s, false), BodyCheck::Json);
    }

    #[test]
    fn invalid_json_says_where() {
        let BodyCheck::Invalid { line, column, .. } = check_body("{\n  \"a\": 1 2\n}", false)
        else {
            panic!("should be invalid");
        };
        assert_eq!((line, column), (2, 10));
        assert_eq!(check_body("hello", false), BodyCheck::Text);
    }

    #[test]
    fn a_line_field_edits_at_the_cursor() {
        let mut s = String::from("/api/tasks");
        let mut cur = 4;
        edit_line(&mut s, &mut cur, k(KeyCode::Backspace));
        edit_line(&mut s, &mut cur, k(KeyCode::Char('x')));
        assert_eq!(s, "/apx/tasks");
        edit_line(&mut s, &mut cur, k(KeyCode::End));
        edit_line(&mut s, &mut cur, k(KeyCode::Char('é')));
        assert_eq!((s.as_str(), cur), ("/apx/tasksé", 11));
    }
}
