//! Where in a pack file something is: line and column of a byte offset, the line of a key,
//! and a TOML error turned into a [`Problem`] that names its line. Shared by the loader, the
//! exercise parser and the proof parser.

use super::Problem;

/// A TOML error as a problem at its line and column. `line_offset` is how many lines precede
/// `text` in the file (1 for front matter after the opening `+++`).
pub(crate) fn toml_problem(
    file: &str,
    text: &str,
    line_offset: usize,
    e: &toml::de::Error,
) -> Problem {
    let message = e.message().trim().to_string();
    match e.span() {
        Some(span) => {
            let (line, col) = line_col(text, span.start);
            Problem::at(file, line + line_offset, col, message)
        }
        None => Problem::new(file, None, message),
    }
}

/// 1-based line and column of a byte offset.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let col = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, col)
}

pub(super) fn line_of_offset(bytes: &[u8], offset: usize) -> usize {
    bytes[..offset.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The 1-based line of the first line containing `needle`.
pub(crate) fn find_line(text: &str, needle: &str) -> Option<usize> {
    find_nth_line(text, needle, 1)
}

pub(super) fn find_nth_line(text: &str, needle: &str, n: usize) -> Option<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.contains(needle))
        .nth(n.saturating_sub(1))
        .map(|(i, _)| i + 1)
}
