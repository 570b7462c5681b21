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
    wrap_hanging(pieces, max, max)
}

/// `wrap`, with the first line `first` columns wide and the lines after it `rest` wide (to
/// leave room for a hanging indent).
pub(super) fn wrap_hanging(pieces: &[Piece], first: usize, rest: usize) -> Vec<Vec<Span<'static>>> {
    let mut w = Wrapper {
        max: first.max(1),
        rest: rest.max(1),
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
    /// The width of the line being filled.
    max: usize,
    /// The width of the lines after the first.
    rest: usize,
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
        self.max = self.rest;
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
        // Longer than a line: split it over lines, after a `/`, `-`, `,`… where one falls late
        // enough, and always keeping at least one character per line.
        let chars: Vec<(char, Style)> = word
            .iter()
            .flat_map(|(text, style)| text.chars().map(|c| (c, *style)))
            .collect();
        let mut parts = split(&chars, self.max.min(self.rest)).peekable();
        while let Some(part) = parts.next() {
            for (c, style) in part {
                let mut buf = [0u8; 4];
                push_span(&mut self.line, c.encode_utf8(&mut buf), *style);
                self.line_width += char_width(*c);
            }
            if parts.peek().is_some() {
                self.end_line();
            }
        }
        self.space = None;
    }
}

/// Characters after which a long word or a code line breaks best: the ends of URL parts, list
/// items and JSON members.
fn breaks_after(c: char) -> bool {
    matches!(
        c,
        ' ' | '/' | '-' | ',' | '&' | '?' | '=' | ';' | ':' | '.' | '_' | ')' | ']' | '}'
    )
}

/// Split `items` into runs of at most `max` columns (at least one item each), ending a run after
/// a break character when one falls in its second half, else where the width runs out.
fn split(items: &[(char, Style)], max: usize) -> impl Iterator<Item = &[(char, Style)]> {
    let max = max.max(1);
    let mut rest = items;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut used = 0;
        let mut end = 0;
        let mut best = None;
        for (i, &(c, _)) in rest.iter().enumerate() {
            let w = char_width(c);
            if used + w > max && i > 0 {
                break;
            }
            used += w;
            end = i + 1;
            if breaks_after(c) && used * 2 >= max {
                best = Some(i + 1);
            }
        }
        if end < rest.len()
            && let Some(best) = best
        {
            end = best;
        }
        let (part, tail) = rest.split_at(end);
        rest = tail;
        Some(part)
    })
}

/// Split a line of styled text (code) into lines of at most `max` columns, keeping every
/// character, spaces included.
pub(super) fn split_spans(spans: &[Span<'static>], max: usize) -> Vec<Vec<Span<'static>>> {
    if spans_width(spans) <= max {
        return vec![spans.to_vec()];
    }
    let chars: Vec<(char, Style)> = spans
        .iter()
        .flat_map(|s| s.content.chars().map(move |c| (c, s.style)))
        .collect();
    split(&chars, max)
        .map(|part| {
            let mut line = Vec::new();
            for (c, style) in part {
                let mut buf = [0u8; 4];
                push_span(&mut line, c.encode_utf8(&mut buf), *style);
            }
            line
        })
        .collect()
}

/// The widest word in `spans` (words break at spaces, as `wrap` breaks them).
pub(super) fn longest_word(spans: &[Span<'_>]) -> usize {
    let mut longest = 0;
    let mut current = 0;
    for c in spans.iter().flat_map(|s| s.content.chars()) {
        if is_break_space(c) {
            current = 0;
        } else {
            current += char_width(c);
            longest = longest.max(current);
        }
    }
    longest
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
    fn long_urls_and_json_break_after_their_punctuation() {
        let lines = wrap(
            &[text(
                "see https://example.com/api/tasks?done=true&limit=20 now",
            )],
            20,
        );
        assert_eq!(
            plain(&lines),
            [
                "see",
                "https://example.com/",
                "api/tasks?done=true&",
                "limit=20 now"
            ]
        );
        let lines = wrap(&[text(r#"{"title":"Buy","done":false}"#)], 12);
        assert_eq!(
            plain(&lines),
            [r#"{"title":"#, r#""Buy","#, r#""done":"#, "false}"]
        );
    }

    #[test]
    fn code_lines_split_keeping_every_character_and_style() {
        let spans = vec![Span::raw("let  x"), Span::raw(" = 1;").bold()];
        assert_eq!(split_spans(&spans, 20), vec![spans.clone()]);
        assert_eq!(
            split_spans(&spans, 4),
            vec![
                vec![Span::raw("let ")],
                vec![Span::raw(" x"), Span::raw(" =").bold()],
                vec![Span::raw(" 1;").bold()],
            ]
        );
        assert_eq!(
            split_spans(&[Span::raw("日本語")], 1),
            vec![
                vec![Span::raw("日")],
                vec![Span::raw("本")],
                vec![Span::raw("語")]
            ]
        );
    }

    #[test]
    fn longest_word_spans_styles() {
        let spans = vec![Span::raw("a bb"), Span::raw("cc d").bold()];
        assert_eq!(longest_word(&spans), 4);
        assert_eq!(longest_word(&[]), 0);
    }
}
