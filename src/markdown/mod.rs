//! Markdown → styled ratatui `Text`, as a pure function: lessons in the TUI, `backroad read`,
//! and the positions of runnable ```` ```http ```` blocks.
//!
//! Prose is wrapped here (not by the widget) so that heading and request line numbers are exact
//! rendered lines. Code keeps its lines; syntax colour comes from the `highlight`
//! module, which loads syntect only when colour is asked for.

mod highlight;
mod render;
mod table;
mod wrap;

pub use highlight::{forget_highlights, preload, syntaxes_loaded};

use crate::exchange::RequestSpec;
use ratatui::text::Text;
use render::Flavor;

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
    /// 1 for `#` to 6 for `######`.
    pub level: u8,
    /// The heading's text without markup.
    pub title: String,
    /// The rendered line it starts at.
    pub line: usize,
}

/// A runnable block: ```` ```http ```` (sent to the lab) or ```` ```sql ```` (run on a sample
/// database).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpBlock {
    /// The rendered line of the block's header (`▶ http` when the request parses).
    pub line: usize,
    /// Rendered lines the block occupies, header included.
    pub height: usize,
    /// The 1-based line in the markdown source where the fence opens.
    pub source_line: usize,
    /// The parsed request, or why it does not parse (for a sql block: that it is a query).
    pub request: Result<RequestSpec, String>,
    /// A ```` ```sql ```` block: the query, and the dataset named on its fence.
    pub sql: Option<SqlQuery>,
}

/// The query of a ```` ```sql ```` block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqlQuery {
    /// The dataset on the fence (```` ```sql shop ````); else the lesson's.
    pub dataset: Option<String>,
    /// The SQL as written.
    pub text: String,
}

/// The result of rendering.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rendered {
    /// The lines, already wrapped to the width.
    pub text: Text<'static>,
    /// Every heading, in order.
    pub headings: Vec<Heading>,
    /// Every ```` ```http ```` block, in order, whether or not it parses.
    pub requests: Vec<HttpBlock>,
}

/// Render markdown for the terminal, wrapped to `opts.width` columns.
pub fn render(md: &str, opts: &RenderOptions) -> Rendered {
    let flavor = if opts.color {
        Flavor::Color
    } else {
        Flavor::NoColor
    };
    render::run(md, opts.width, flavor)
}

/// Render markdown as linear plain text (no colour, no box drawing), for `--plain` and pipes.
/// Never loads the syntax grammars.
pub fn render_plain(md: &str, width: u16) -> String {
    let rendered = render::run(md, width, Flavor::Plain);
    let mut out = String::new();
    for line in &rendered.text.lines {
        let start = out.len();
        for span in &line.spans {
            out.push_str(&span.content);
        }
        out.truncate(start + out[start..].trim_end().len());
        out.push('\n');
    }
    out
}

/// The one palette everything is drawn with (only in colour mode).
mod palette {
    use pulldown_cmark::HeadingLevel;
    use ratatui::style::{Color, Modifier, Style};

    pub const BOLD: Style = Style::new().add_modifier(Modifier::BOLD);
    pub const DIM: Style = Style::new().add_modifier(Modifier::DIM);

    pub const H1: Style = Style::new()
        .fg(Color::LightCyan)
        .add_modifier(Modifier::BOLD)
        .add_modifier(Modifier::UNDERLINED);
    pub const H2: Style = Style::new()
        .fg(Color::LightCyan)
        .add_modifier(Modifier::BOLD);
    pub const H3: Style = Style::new()
        .fg(Color::LightBlue)
        .add_modifier(Modifier::BOLD);
    pub const H1_RULE: Style = Style::new().fg(Color::LightCyan);
    pub const H2_RULE: Style = Style::new().fg(Color::Cyan).add_modifier(Modifier::DIM);

    pub const EMPHASIS: Style = Style::new().add_modifier(Modifier::ITALIC);
    pub const STRONG: Style = BOLD;
    pub const STRIKE: Style = Style::new().add_modifier(Modifier::CROSSED_OUT);
    pub const INLINE_CODE: Style = Style::new().fg(Color::Yellow);
    pub const LINK: Style = Style::new()
        .fg(Color::Blue)
        .add_modifier(Modifier::UNDERLINED);
    pub const URL: Style = DIM;
    pub const IMAGE: Style = Style::new().add_modifier(Modifier::ITALIC);
    pub const FOOTNOTE: Style = DIM;

    pub const BULLET: Style = Style::new().fg(Color::LightBlue);
    pub const DONE: Style = Style::new().fg(Color::Green);
    pub const QUOTE: Style = Style::new().fg(Color::Magenta);
    /// Rules, table borders, code gutters.
    pub const RULE: Style = DIM;

    pub const CODE_LABEL: Style = Style::new().fg(Color::Cyan).add_modifier(Modifier::DIM);
    /// The `▶ http` mark on a runnable request.
    pub const SEND: Style = Style::new().fg(Color::Green).add_modifier(Modifier::BOLD);
    pub const CODE_KEYWORD: Style = Style::new().fg(Color::Magenta);
    pub const CODE_STRING: Style = Style::new().fg(Color::Green);
    pub const CODE_NAME: Style = Style::new().fg(Color::Cyan);
    pub const CODE_NUMBER: Style = Style::new().fg(Color::Yellow);
    pub const CODE_COMMENT: Style = Style::new()
        .fg(Color::DarkGray)
        .add_modifier(Modifier::ITALIC);

    pub const NOTE: Style = Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD);
    pub const TIP: Style = Style::new().fg(Color::Green).add_modifier(Modifier::BOLD);
    pub const IMPORTANT: Style = Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD);
    pub const WARNING: Style = Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD);
    pub const CAUTION: Style = Style::new().fg(Color::Red).add_modifier(Modifier::BOLD);

    pub fn heading(level: HeadingLevel) -> Style {
        match level {
            HeadingLevel::H1 => H1,
            HeadingLevel::H2 => H2,
            HeadingLevel::H3 => H3,
            _ => BOLD,
        }
    }
}

use palette::{CODE_COMMENT, CODE_KEYWORD, CODE_NAME, CODE_NUMBER, CODE_STRING, DIM};

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
            if style.add_modifier.contains(Modifier::CROSSED_OUT) {
                codes.push("9".into());
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

#[cfg(test)]
mod tests {
    use super::palette::*;
    use super::*;
    use ratatui::style::{Color, Style};
    use ratatui::text::{Line, Span};

    fn color(md: &str, width: u16) -> Rendered {
        render(md, &RenderOptions { width, color: true })
    }

    fn mono(md: &str, width: u16) -> Rendered {
        render(
            md,
            &RenderOptions {
                width,
                color: false,
            },
        )
    }

    fn s(text: &str, style: Style) -> Span<'static> {
        Span::styled(text.to_string(), style)
    }

    fn r(text: &str) -> Span<'static> {
        Span::raw(text.to_string())
    }

    fn text(lines: Vec<Vec<Span<'static>>>) -> Text<'static> {
        Text::from(lines.into_iter().map(Line::from).collect::<Vec<_>>())
    }

    fn strings(t: &Text<'_>) -> Vec<String> {
        t.lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn headings_are_styled_ruled_and_listed_with_their_lines() {
        let out = color("# Title\n\nText\n\n## Sub\n\n### Deep `x`", 40);
        assert_eq!(
            out.text,
            text(vec![
                vec![s("Title", H1)],
                vec![s("━━━━━", H1_RULE)],
                vec![],
                vec![r("Text")],
                vec![],
                vec![s("Sub", H2)],
                vec![s("───", H2_RULE)],
                vec![],
                vec![s("Deep ", H3), s("x", H3.patch(INLINE_CODE))],
            ])
        );
        let h = |level, title: &str, line| Heading {
            level,
            title: title.into(),
            line,
        };
        assert_eq!(
            out.headings,
            vec![h(1, "Title", 0), h(2, "Sub", 5), h(3, "Deep x", 8)]
        );
    }

    #[test]
    fn emphasis_strong_code_and_strikethrough() {
        let out = color("Some *em*, **strong**, `code` and ~~gone~~.", 80);
        assert_eq!(
            out.text,
            text(vec![vec![
                r("Some "),
                s("em", EMPHASIS),
                r(", "),
                s("strong", STRONG),
                r(", "),
                s("code", INLINE_CODE),
                r(" and "),
                s("gone", STRIKE),
                r("."),
            ]])
        );
    }

    #[test]
    fn links_show_their_url_unless_it_is_the_text() {
        let out = color("[docs](https://x.io) and <https://y.io> or <me@x.io>", 80);
        assert_eq!(
            out.text,
            text(vec![vec![
                s("docs", LINK),
                s(" (https://x.io)", URL),
                r(" and "),
                s("https://y.io", LINK),
                r(" or "),
                s("me@x.io", LINK),
            ]])
        );
        let heading = color("## See [docs](https://x.io)", 80);
        assert_eq!(strings(&heading.text)[0], "See docs");
        assert_eq!(heading.headings[0].title, "See docs");
    }

    #[test]
    fn lists_nest_keep_their_numbers_and_show_tasks() {
        let out = color("- a\n  - b\n- [x] c\n- [ ] d\n\n3. x\n4. y\n", 80);
        assert_eq!(
            out.text,
            text(vec![
                vec![s("• ", BULLET), r("a")],
                vec![r("  "), s("◦ ", BULLET), r("b")],
                vec![s("• ", BULLET), s("[x] ", DONE), r("c")],
                vec![s("• ", BULLET), r("[ ] d")],
                vec![],
                vec![s("3. ", BULLET), r("x")],
                vec![s("4. ", BULLET), r("y")],
            ])
        );
    }

    #[test]
    fn loose_lists_keep_blank_lines_and_empty_items_their_bullet() {
        let out = mono("1. one\n\n2. two\n\n   more\n3.\n", 80);
        assert_eq!(
            strings(&out.text),
            ["1. one", "", "2. two", "", "   more", "", "3. "]
        );
    }

    #[test]
    fn quotes_have_a_gutter_on_every_line_including_wrapped_ones() {
        let out = color("> quoted text here\n>\n> more\n\n> [!WARNING]\n> Hot.", 12);
        assert_eq!(
            out.text,
            text(vec![
                vec![s("│ ", QUOTE), r("quoted")],
                vec![s("│ ", QUOTE), r("text here")],
                vec![s("│", QUOTE)],
                vec![s("│ ", QUOTE), r("more")],
                vec![],
                vec![s("│ ", QUOTE), s("Warning", WARNING)],
                vec![s("│ ", QUOTE), r("Hot.")],
            ])
        );
    }

    #[test]
    fn tables_get_box_borders_in_colour_and_ascii_without() {
        let md = "| a | b |\n|---|--:|\n| 1 | 22 |\n";
        assert_eq!(
            color(md, 40).text,
            text(vec![
                vec![s("┌───┬────┐", RULE)],
                vec![
                    s("│", RULE),
                    r(" "),
                    s("a", BOLD),
                    r(" "),
                    s("│", RULE),
                    r("  "),
                    s("b", BOLD),
                    r(" "),
                    s("│", RULE),
                ],
                vec![s("├───┼────┤", RULE)],
                vec![
                    s("│", RULE),
                    r(" 1 "),
                    s("│", RULE),
                    r(" 22 "),
                    s("│", RULE)
                ],
                vec![s("└───┴────┘", RULE)],
            ])
        );
        let md = "| name | what |\n|---|---|\n| id | the key of the row |\n";
        assert_eq!(
            mono(md, 20).text,
            text(vec![
                vec![r("| name | what      |")],
                vec![r("|------|-----------|")],
                vec![r("| id   | the key … |")],
            ])
        );
    }

    #[test]
    fn rules_span_the_width() {
        let out = color("a\n\n---\n\nb", 10);
        assert_eq!(
            out.text,
            text(vec![
                vec![r("a")],
                vec![],
                vec![s("──────────", RULE)],
                vec![],
                vec![r("b")],
            ])
        );
    }

    #[test]
    fn code_blocks_get_a_header_a_gutter_and_colour() {
        let md = "```rust\nfn main() {\n\tlet x = 1;\n}\n```\n";
        assert_eq!(
            mono(md, 80).text,
            text(vec![
                vec![r("╭─ rust")],
                vec![r("│ fn main() {")],
                vec![r("│     let x = 1;")],
                vec![r("│ }")],
            ])
        );
        let out = color(md, 80);
        assert_eq!(
            out.text.lines[0],
            Line::from(vec![s("╭─ ", RULE), s("rust", CODE_LABEL)])
        );
        assert_eq!(strings(&out.text), strings(&mono(md, 80).text));
        let line = &out.text.lines[1];
        assert_eq!(line.spans[0], s("│ ", RULE));
        assert!(
            matches!(line.spans[1].style.fg, Some(Color::Rgb(..))),
            "`fn` is coloured: {line:?}"
        );
    }

    #[test]
    fn code_is_not_reflowed() {
        let out = mono("```\nthis line is longer than ten\n```", 10);
        assert_eq!(
            strings(&out.text),
            ["╭─ code", "│ this line is longer than ten"]
        );
    }

    #[test]
    fn http_blocks_are_reported_with_their_position_and_request() {
        let md = "Intro\n\n```http\nPOST /api/tasks\nAccept: */*\n\n{\"a\": 1}\n```\n";
        let out = mono(md, 80);
        assert_eq!(
            out.text,
            text(vec![
                vec![r("Intro")],
                vec![],
                vec![r("▶ http")],
                vec![r("│ POST /api/tasks")],
                vec![r("│ Accept: */*")],
                vec![r("│ ")],
                vec![r("│ {\"a\": 1}")],
            ])
        );
        assert_eq!(
            out.requests,
            vec![HttpBlock {
                line: 2,
                height: 5,
                source_line: 3,
                sql: None,
                request: Ok(RequestSpec {
                    method: "POST".into(),
                    target: "/api/tasks".into(),
                    headers: vec![("Accept".into(), "*/*".into())],
                    body: Some("{\"a\": 1}".into()),
                }),
            }]
        );
        assert_eq!(
            color(md, 80).text.lines[2],
            Line::from(vec![s("▶ http", SEND)])
        );
    }

    #[test]
    fn http_blocks_in_lists_and_broken_ones_are_reported_too() {
        let md = "# T\n\n- step:\n\n  ```http\n  GET /get\n  ```\n- then\n\n```http\nnot a request\n```\n";
        let out = mono(md, 80);
        assert_eq!(
            strings(&out.text),
            [
                "T",
                "━",
                "",
                "• step:",
                "",
                "  ▶ http",
                "  │ GET /get",
                "",
                "• then",
                "",
                "╭─ http",
                "│ not a request",
            ]
        );
        let found: Vec<_> = out
            .requests
            .iter()
            .map(|b| (b.line, b.height, b.source_line, b.request.is_ok()))
            .collect();
        assert_eq!(found, [(5, 2, 5, true), (10, 2, 10, false)]);
        assert!(
            out.requests[1]
                .request
                .as_ref()
                .unwrap_err()
                .contains("path")
        );
    }

    #[test]
    fn http_blocks_in_quotes_count_source_lines_from_the_fence() {
        let out = mono("Text\n\n> Try:\n>\n> ```http\n> GET /get\n> ```\n", 80);
        let b = &out.requests[0];
        assert_eq!((b.line, b.height, b.source_line), (4, 2, 5));
        assert_eq!(strings(&out.text)[4..], ["│ ▶ http", "│ │ GET /get"]);
        assert_eq!(b.request.as_ref().map(|r| r.target.as_str()), Ok("/get"));
    }

    #[test]
    fn remembered_code_colour_renders_the_same() {
        let md = "```python\ndef f(x):\n    return x * 2  # twice\n```\n";
        let first = color(md, 80);
        assert_eq!(color(md, 40), first);
        forget_highlights();
        assert_eq!(color(md, 80), first);
    }

    #[test]
    fn wrapping_keeps_styles_and_list_indentation() {
        let out = color("- some **bold words here** end", 10);
        assert_eq!(
            out.text,
            text(vec![
                vec![s("• ", BULLET), r("some")],
                vec![r("  "), s("bold", BOLD)],
                vec![r("  "), s("words", BOLD)],
                vec![r("  "), s("here", BOLD), r(" end")],
            ])
        );
    }

    #[test]
    fn heading_lines_stay_exact_after_wrapped_prose() {
        let md =
            "one two three four five six seven\n\n## Next\n\n> quoted words wrap too\n\n## Last";
        let out = color(md, 8);
        let lines = strings(&out.text);
        for h in &out.headings {
            assert_eq!(lines[h.line], h.title, "{lines:?}");
        }
        assert_eq!(out.headings.len(), 2);
        assert!(lines.iter().all(|l| l.chars().count() <= 8), "{lines:?}");
    }

    #[test]
    fn images_html_and_footnotes_degrade_to_text() {
        let out = mono(
            "![a diagram](x.png) ![](y.png) <b>bold</b> note[^1]\n\n<div>\ndropped\n</div>\n\n[^1]: The note.\n",
            80,
        );
        assert_eq!(
            strings(&out.text),
            [
                "[image: a diagram] [image] bold note[1]",
                "",
                "[1] The note.",
            ]
        );
    }

    #[test]
    fn no_color_has_the_same_text_and_no_styles() {
        let md = "# T\n\n*a* **b** `c` [d](e)\n\n- x\n\n> q\n\n```rust\nfn f() {}\n```\n";
        let (c, m) = (color(md, 40), mono(md, 40));
        assert_eq!(strings(&c.text), strings(&m.text));
        assert_eq!((c.headings, c.requests), (m.headings, m.requests));
        for span in m.text.lines.iter().flat_map(|l| &l.spans) {
            assert_eq!(span.style, Style::new(), "{span:?}");
        }
    }

    #[test]
    fn plain_mode_is_linear_ascii_text() {
        let md = "# Title\n\nSee [docs](https://x.io).\n\n## Part\n\n### Deep\n\n- a\n  - b\n\n> q\n\n---\n\n| k | v |\n|---|---|\n| 1 | 2 |\n\n```rust\nfn f() {}\n```\n\n```http\nGET /get\n```\n";
        assert_eq!(
            render_plain(md, 40),
            "Title\n=====\n\nSee docs (https://x.io).\n\nPart\n----\n\n### Deep\n\n- a\n  - b\n\n> q\n\n---\n\n| k | v |\n|---|---|\n| 1 | 2 |\n\nCode (rust):\n    fn f() {}\n\nRequest (http):\n    GET /get\n"
        );
    }

    #[test]
    fn garbage_and_tiny_widths_never_panic() {
        let samples = [
            "# h\n- a\n  - b\n    1. c\n> q\n> > qq\n```http\nGET /\n```\n| a | b |\n|---|---|\n| 日本語 | x |\n",
            &"> - ".repeat(60),
            &"[".repeat(200),
            "```\n\t\r\n```\n\n---\n***\n|a|\n|-|\n||\n",
            "- \n- \n\n1.\n\n[^x]: \n\n![]()\n\n<!-- c -->",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let alphabet = b"#*_`[]()<>!|-+:>\n\n \t1.xyz\\~^\xe2\x94\x80\xff";
        let mut random = Vec::new();
        for _ in 0..200 {
            let len = (seed % 300) as usize;
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    alphabet[(seed % alphabet.len() as u64) as usize]
                })
                .collect();
            random.push(String::from_utf8_lossy(&bytes).into_owned());
        }
        for md in samples.iter().map(|s| s.to_string()).chain(random) {
            for width in (0..=5).chain([80]) {
                let out = color(&md, width);
                let _ = mono(&md, width);
                let _ = render_plain(&md, width);
                for h in &out.headings {
                    assert!(h.line < out.text.lines.len());
                }
                for b in &out.requests {
                    assert!(b.line + b.height <= out.text.lines.len());
                }
            }
        }
    }

    #[test]
    fn prose_never_exceeds_the_width() {
        let md = "Lorem ipsum dolor sit amet, *consectetur* adipiscing elit, sed do eiusmod \
                  tempor `incididunt` ut labore et dolore magna aliqua supercalifragilistic.";
        for width in 1..30 {
            for line in strings(&color(md, width).text) {
                assert!(
                    line.chars().count() <= usize::from(width),
                    "{width}: {line:?}"
                );
            }
        }
    }

    #[test]
    fn ansi_output_carries_the_styles() {
        let t = text(vec![
            vec![s("a", BOLD), r("b")],
            vec![s("c", LINK), s("d", STRIKE)],
        ]);
        assert_eq!(
            to_ansi(&t),
            "\x1b[1ma\x1b[0mb\n\x1b[4;34mc\x1b[0m\x1b[9md\x1b[0m\n"
        );
    }
}
