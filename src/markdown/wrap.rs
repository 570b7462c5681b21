//! Word wrap of styled inline text, so rendered line numbers are exact.

use ratatui::style::Style;
use ratatui::text::Span;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// One piece of inline content waiting to be laid out.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Piece {
    Text(String, Style),
    /// A hard line break.
    Break,
}

/// Columns a string takes in a terminal.
pub(super) fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

fn char_width(c: char) -> usize {
    UnicodeWidthChar::width(c).unwrap_or(0)
}

/// Columns a run of spans takes.
pub(super) fn spans_width(spans: &[Span<'_>]) -> usize {
    spans.iter().map(|s| width(&s.content)).sum()
}

/// Append text to a line, merging it into the last span when the style is the same.
pub(super) fn push_span(line: &mut Vec<Span<'static>>, text: &str, style: Style) {
    if text.is_empty() {
        return;
    }
    match line.last_mut() {
        Some(last) if last.style == style => last.content.to_mut().push_str(text),
        _ => line.push(Span::styled(text.to_string(), style)),
    }
}

/// Only spaces and tabs break words; a no-break space keeps its words together.
fn is_break_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// Lay pieces out in lines of at most `max` columns, breaking at spaces and keeping each
/// piece's style. A word longer than a whole line is cut. Runs of spaces collapse to one, and
/// spaces at the start or end of a line are dropped.
pub(super) fn wrap(pieces: &[Piece], max: usize) -> Vec<Vec<Span<'static>>> {
    let mut w = Wrapper {
        max: max.max(1),
        ..Wrapper::default()
    };
    for piece in pieces {
        match piece {
            Piece::Break => {
                w.end_word();
                w.end_line();
            }
            Piece::Text(text, style) => {
                for c in text.chars() {
                    if is_break_space(c) {
                        w.end_word();
                        if !w.line.is_empty() {
                            w.space = Some(*style);
                        }
                    } else {
                        w.push_char(c, *style);
                    }
                }
            }
        }
    }
    w.end_word();
    if !w.line.is_empty() || w.lines.is_empty() {
        w.end_line();
    }
    w.lines
}

#[derive(Default)]
struct Wrapper {
    max: usize,
    lines: Vec<Vec<Span<'static>>>,
    line: Vec<Span<'static>>,
    line_width: usize,
    /// The word being read, as styled segments.
    word: Vec<(String, Style)>,
    word_width: usize,
    /// A space is due before the next word, in this style.
    space: Option<Style>,
}

impl Wrapper {
    fn push_char(&mut self, c: char, style: Style) {
        match self.word.last_mut() {
            Some((text, s)) if *s == style => text.push(c),
            _ => self.word.push((c.to_string(), style)),
        }
        self.word_width += char_width(c);
    }

    fn end_line(&mut self) {
        self.lines.push(std::mem::take(&mut self.line));
        self.line_width = 0;
        self.space = None;
    }

    fn end_word(&mut self) {
        if self.word.is_empty() {
            return;
        }
        let word = std::mem::take(&mut self.word);
        let word_width = std::mem::replace(&mut self.word_width, 0);
        let space = if self.line.is_empty() {
            None
        } else {
            self.space.take()
        };
        let gap = usize::from(space.is_some());
        if self.line_width + gap + word_width <= self.max {
            if let Some(style) = space {
                push_span(&mut self.line, " ", style);
            }
            self.line_width += gap + word_width;
            for (text, style) in &word {
                push_span(&mut self.line, text, *style);
            }
            return;
        }
        if !self.line.is_empty() {
            self.end_line();
        }
        if word_width <= self.max {
            self.line_width = word_width;
            for (text, style) in &word {
                push_span(&mut self.line, text, *style);
            }
            return;
        }
        // Longer than a line: cut it, at least one character per line.
        for (text, style) in &word {
            for c in text.chars() {
                let cw = char_width(c);
                if self.line_width + cw > self.max && !self.line.is_empty() {
                    self.end_line();
                }
                let mut buf = [0u8; 4];
                push_span(&mut self.line, c.encode_utf8(&mut buf), *style);
                self.line_width += cw;
            }
        }
        self.space = None;
    }
}

/// Cut spans to `max` columns, ending with `ellipsis` when something was cut.
pub(super) fn truncate(spans: &[Span<'static>], max: usize, ellipsis: &str) -> Vec<Span<'static>> {
    if spans_width(spans) <= max {
        return spans.to_vec();
    }
    let room = max.saturating_sub(width(ellipsis));
    let mut out = Vec::new();
    let mut used = 0;
    let mut last_style = Style::default();
    'outer: for span in spans {
        last_style = span.style;
        for c in span.content.chars() {
            let cw = char_width(c);
            if used + cw > room {
                break 'outer;
            }
            let mut buf = [0u8; 4];
            push_span(&mut out, c.encode_utf8(&mut buf), span.style);
            used += cw;
        }
    }
    if width(ellipsis) <= max {
        push_span(&mut out, ellipsis, last_style);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::{Modifier, Stylize};

    fn text(s: &str) -> Piece {
        Piece::Text(s.into(), Style::new())
    }

    fn plain(lines: &[Vec<Span<'static>>]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn breaks_at_spaces_within_the_width() {
        let lines = wrap(&[text("the quick brown fox jumps")], 10);
        assert_eq!(plain(&lines), ["the quick", "brown fox", "jumps"]);
    }

    #[test]
    fn keeps_styles_across_the_break_and_words_glued_across_styles() {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let lines = wrap(
            &[
                text("see "),
                Piece::Text("very bold".into(), bold),
                text(", ok"),
            ],
            8,
        );
        assert_eq!(
            lines,
            vec![
                vec![Span::raw("see "), Span::raw("very").bold()],
                vec![Span::raw("bold").bold(), Span::raw(", ok")],
            ]
        );
    }

    #[test]
    fn cuts_words_longer_than_a_line_and_honours_hard_breaks() {
        let lines = wrap(&[text("abcdefgh x"), Piece::Break, text("y")], 3);
        assert_eq!(plain(&lines), ["abc", "def", "gh", "x", "y"]);
        assert_eq!(plain(&wrap(&[], 5)), [""]);
        assert_eq!(
            plain(&wrap(&[text("wide 日本語")], 1)),
            ["w", "i", "d", "e", "日", "本", "語"]
        );
    }

    #[test]
    fn truncates_with_an_ellipsis() {
        let spans = vec![Span::raw("hello"), Span::raw(" world").italic()];
        assert_eq!(
            truncate(&spans, 8, "…"),
            vec![Span::raw("hello"), Span::raw(" w…").italic()]
        );
        assert_eq!(truncate(&spans, 20, "…"), spans);
        assert_eq!(truncate(&spans, 0, "…"), vec![]);
    }
}
