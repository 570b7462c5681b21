//! Markdown → styled ratatui `Text`, as a pure function.
//!
//! (Placeholder: a fuller renderer with syntax colour replaces this.)

use crate::client::RequestSpec;
use ratatui::text::{Line, Text};

/// How to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RenderOptions {
    /// Wrap width in columns.
    pub width: u16,
    /// Colour and styles on; off gives plain text (still with structure).
    pub color: bool,
}

/// A heading, for the table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub title: String,
    /// The rendered line it starts at.
    pub line: usize,
}

/// A runnable ```` ```http ```` block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpBlock {
    /// The rendered line of the block's first line.
    pub line: usize,
    /// Rendered lines the block occupies.
    pub height: usize,
    /// The 1-based line in the markdown source where the fence opens.
    pub source_line: usize,
    /// The parsed request, or why it does not parse.
    pub request: Result<RequestSpec, String>,
}

/// The result of rendering.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rendered {
    pub text: Text<'static>,
    pub headings: Vec<Heading>,
    pub requests: Vec<HttpBlock>,
}

/// Render markdown for the terminal.
pub fn render(md: &str, opts: &RenderOptions) -> Rendered {
    let _ = opts;
    Rendered {
        text: Text::from(
            md.lines()
                .map(|l| Line::from(l.to_string()))
                .collect::<Vec<_>>(),
        ),
        headings: Vec::new(),
        requests: Vec::new(),
    }
}

/// Render markdown as linear plain text (no colour, no box drawing), for `--plain` and pipes.
pub fn render_plain(md: &str, width: u16) -> String {
    let _ = width;
    md.to_string()
}

/// Styled text as ANSI escape sequences, for printing a rendered lesson to a colour terminal.
pub fn to_ansi(text: &Text<'_>) -> String {
    use ratatui::style::{Color, Modifier};
    fn color_code(c: Color, fg: bool) -> Option<String> {
        let base = if fg { 30 } else { 40 };
        let n = match c {
            Color::Reset => return None,
            Color::Black => 0,
            Color::Red => 1,
            Color::Green => 2,
            Color::Yellow => 3,
            Color::Blue => 4,
            Color::Magenta => 5,
            Color::Cyan => 6,
            Color::Gray => 7,
            Color::DarkGray => return Some(format!("{}", base + 60)),
            Color::LightRed => return Some(format!("{}", base + 61)),
            Color::LightGreen => return Some(format!("{}", base + 62)),
            Color::LightYellow => return Some(format!("{}", base + 63)),
            Color::LightBlue => return Some(format!("{}", base + 64)),
            Color::LightMagenta => return Some(format!("{}", base + 65)),
            Color::LightCyan => return Some(format!("{}", base + 66)),
            Color::White => return Some(format!("{}", base + 67)),
            Color::Rgb(r, g, b) => return Some(format!("{};2;{r};{g};{b}", base + 8)),
            Color::Indexed(i) => return Some(format!("{};5;{i}", base + 8)),
        };
        Some(format!("{}", base + n))
    }
    let mut out = String::new();
    for line in &text.lines {
        for span in &line.spans {
            let style = line.style.patch(span.style);
            let mut codes: Vec<String> = Vec::new();
            if style.add_modifier.contains(Modifier::BOLD) {
                codes.push("1".into());
            }
            if style.add_modifier.contains(Modifier::DIM) {
                codes.push("2".into());
            }
            if style.add_modifier.contains(Modifier::ITALIC) {
                codes.push("3".into());
            }
            if style.add_modifier.contains(Modifier::UNDERLINED) {
                codes.push("4".into());
            }
            if style.add_modifier.contains(Modifier::REVERSED) {
                codes.push("7".into());
            }
            if let Some(c) = style.fg.and_then(|c| color_code(c, true)) {
                codes.push(c);
            }
            if let Some(c) = style.bg.and_then(|c| color_code(c, false)) {
                codes.push(c);
            }
            if codes.is_empty() {
                out.push_str(&span.content);
            } else {
                out.push_str(&format!("\x1b[{}m{}\x1b[0m", codes.join(";"), span.content));
            }
        }
        out.push('\n');
    }
    out
}
