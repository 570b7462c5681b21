//! Text from a course pack or a learner's server, made safe to show, and "did you mean" for a
//! misspelled word. Bottom layer: the course loader, the checker's reports, the CLI and the TUI
//! all use these two, so a rule changes in one place.

use std::borrow::Cow;

/// Whether `c` is a control character that must not reach a terminal raw: C0 controls except
/// tab and newline (ESC starts escape sequences, OSC 52 writes the clipboard), DEL, and the C1
/// controls (U+0080 to U+009F, which some terminals read as escape sequences too).
pub fn is_unsafe_control(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n') || ('\u{80}'..='\u{9f}').contains(&c)
}

/// `s` with every unsafe control character replaced by a visible stand-in: C0 controls and DEL
/// by their Unicode control pictures (ESC shows as `␛`, NUL as `␀`), C1 controls by `�`. A
/// carriage return before a newline (Windows line ends) is dropped. Borrowed when nothing
/// needed replacing, which is the usual case.
pub fn clean(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe_control) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if !is_unsafe_control(c) {
            out.push(c);
        } else if c == '\r' && chars.peek() == Some(&'\n') {
            // CRLF: the newline alone.
        } else if (c as u32) < 0x20 {
            out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'));
        } else if c == '\u{7f}' {
            out.push('\u{2421}');
        } else {
            out.push('\u{fffd}');
        }
    }
    Cow::Owned(out)
}

/// [`clean`] into an owned string, for fields cleaned once when a pack is loaded.
pub fn clean_owned(s: String) -> String {
    match clean(&s) {
        Cow::Borrowed(_) => s,
        Cow::Owned(o) => o,
    }
}

/// The byte offset of the first unsafe control character in `s`, and the character, ignoring
/// the carriage return of a CRLF line end.
pub fn first_control(s: &str) -> Option<(usize, char)> {
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if is_unsafe_control(c) && !(c == '\r' && it.peek().is_some_and(|(_, n)| *n == '\n')) {
            return Some((i, c));
        }
    }
    None
}

/// How a control character is named in a message: `ESC (U+001B)`.
pub fn control_name(c: char) -> String {
    let name = match c {
        '\u{0}' => "NUL ",
        '\u{7}' => "BEL ",
        '\u{8}' => "backspace ",
        '\r' => "carriage return ",
        '\u{1b}' => "ESC ",
        '\u{7f}' => "DEL ",
        '\u{9b}' => "CSI ",
        '\u{9d}' => "OSC ",
        _ => "",
    };
    format!("{name}(U+{:04X})", c as u32)
}

/// The candidate closest to `word` when it is close enough to be a likely misspelling: a small
/// edit distance (case-insensitive, `-`, `_` and `.` ignored), or one containing the other.
/// `None` when nothing is near, so a message only says "did you mean" when it helps.
pub fn did_you_mean<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let squash = |s: &str| -> Vec<char> {
        s.chars()
            .filter(|c| !matches!(c, '-' | '_' | '.'))
            .flat_map(char::to_lowercase)
            .collect()
    };
    let w = squash(word);
    if w.is_empty() {
        return None;
    }
    let mut best: Option<(usize, &'a str)> = None;
    for cand in candidates {
        let c = squash(cand);
        if c.is_empty() || c == w && cand == word {
            continue;
        }
        let d = if c == w {
            0
        } else if w.len() < 3 || c.len() < 3 {
            // `c` for `a` is a guess, not a misspelling.
            continue;
        } else {
            let contains =
                |a: &[char], b: &[char]| b.len() >= 3 && a.windows(b.len()).any(|win| win == b);
            if contains(&c, &w) || contains(&w, &c) {
                1
            } else {
                edit_distance(&w, &c)
            }
        };
        // One edit per three letters, at most three: `stauts` → `status`, not `body` → `json`.
        let limit = (w.len().max(c.len()) / 3).clamp(1, 3);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, cand));
        }
    }
    best.map(|(_, c)| c)
}

/// " Did you mean `x`?" or nothing, to append to a message.
pub fn did_you_mean_suffix<'a, I>(word: &str, candidates: I) -> String
where
    I: IntoIterator<Item = &'a str>,
{
    did_you_mean(word, candidates).map_or(String::new(), |c| format!(" Did you mean `{c}`?"))
}

/// Levenshtein distance with adjacent swaps counted as one edit (optimal string alignment).
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut prev2: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                cur[j] = cur[j].min(prev2[j - 2] + 1);
            }
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_and_controls_become_visible() {
        let osc52 = "Title\u{1b}]52;c;ZWNobyBwd25lZA==\u{7}";
        let c = clean(osc52);
        assert!(!c.contains('\u{1b}') && !c.contains('\u{7}'), "{c}");
        assert_eq!(c, "Title␛]52;c;ZWNobyBwd25lZA==␇");
        assert_eq!(clean("a\u{0}b\u{9b}c\u{7f}"), "a␀b�c␡");
        assert_eq!(
            clean("tab\tand\nnewline, CRLF\r\n"),
            "tab\tand\nnewline, CRLF\n"
        );
        assert!(matches!(clean("plain text é"), Cow::Borrowed(_)));
        assert_eq!(first_control("ok\r\nthen \u{1b}["), Some((9, '\u{1b}')));
        assert_eq!(first_control("ok\r\n"), None);
        assert_eq!(control_name('\u{1b}'), "ESC (U+001B)");
    }

    #[test]
    fn did_you_mean_finds_near_words_only() {
        let words = ["status", "header", "body", "jsonpath", "duration"];
        assert_eq!(did_you_mean("stauts", words), Some("status"));
        assert_eq!(did_you_mean("jsonPath", words), Some("jsonpath"));
        assert_eq!(did_you_mean("headers", words), Some("header"));
        assert_eq!(did_you_mean("xyzzy", words), None);
        assert_eq!(did_you_mean("", words), None);
        assert_eq!(did_you_mean("c", ["a", "b"]), None);
        assert_eq!(
            did_you_mean("http.nocontent", ["http.no-content", "http.created"]),
            Some("http.no-content")
        );
        assert_eq!(did_you_mean("titel", ["title", "id"]), Some("title"));
    }
}
