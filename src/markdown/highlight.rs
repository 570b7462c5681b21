//! Syntax colour for fenced code: syntect's default grammars, loaded once on first use, plus
//! small line-based highlighters for what that set lacks (http, dockerfile, toml).

use super::wrap::push_span;
use super::{CODE_COMMENT, CODE_KEYWORD, CODE_NAME, CODE_NUMBER, CODE_STRING, DIM};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Span;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use syntect::easy::HighlightLines;
use syntect::highlighting::{FontStyle, Theme, ThemeSet};
use syntect::parsing::SyntaxSet;

type Lines = Vec<Vec<Span<'static>>>;

static SYNTAXES: OnceLock<(SyntaxSet, Theme)> = OnceLock::new();

/// The theme whose colours code is drawn in (one of syntect's defaults, for dark terminals).
const THEME: &str = "base16-ocean.dark";

fn syntaxes() -> &'static (SyntaxSet, Theme) {
    SYNTAXES.get_or_init(|| {
        let syntaxes = SyntaxSet::load_defaults_newlines();
        let theme = ThemeSet::load_defaults()
            .themes
            .remove(THEME)
            .unwrap_or_default();
        (syntaxes, theme)
    })
}

/// Whether the syntect grammars have been loaded in this process (plain rendering never
/// loads them).
pub fn syntaxes_loaded() -> bool {
    SYNTAXES.get().is_some()
}

/// Load the grammars and compile the ones lessons use most, so the first colour render does not
/// pay for it. Meant for a background thread at start-up; calling it again costs little.
pub fn preload() {
    for lang in [
        "http", "json", "rust", "bash", "python", "go", "sql", "yaml", "js",
    ] {
        highlight(lang, &["x = f(\"s\", 1, [true]) { y: 'c' } // c # c", "}"]);
    }
}

/// Colour already computed, by language and code: it does not depend on the width, and syntect
/// is the slow part of a render, so re-rendering a lesson at a new width reuses it.
static MEMO: Mutex<Option<HashMap<(String, String), Lines>>> = Mutex::new(None);

/// Blocks remembered before the memo starts over (a few lessons' worth).
const MEMO_BLOCKS: usize = 512;

/// Forget remembered code colour (to measure the uncached cost, or to free memory).
pub fn forget_highlights() {
    *MEMO.lock().unwrap_or_else(|e| e.into_inner()) = None;
}

/// Highlight the lines of a fenced block whose info string starts with `lang`.
pub(super) fn highlight(lang: &str, lines: &[&str]) -> Lines {
    let key = (lang.to_ascii_lowercase(), lines.join("\n"));
    if let Some(found) = MEMO
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .as_ref()
        .and_then(|m| m.get(&key))
    {
        return found.clone();
    }
    let out = highlight_uncached(&key.0, lines);
    let mut memo = MEMO.lock().unwrap_or_else(|e| e.into_inner());
    let memo = memo.get_or_insert_with(HashMap::new);
    if memo.len() >= MEMO_BLOCKS {
        memo.clear();
    }
    memo.insert(key, out.clone());
    out
}

fn highlight_uncached(lang: &str, lines: &[&str]) -> Lines {
    match lang {
        "http" | "rest" | "https" => http(lines),
        "dockerfile" | "docker" | "containerfile" => dockerfile(lines),
        "toml" => toml(lines),
        "ts" | "typescript" | "tsx" | "jsx" | "mjs" | "cjs" => syntect_lines("js", lines),
        "shell" | "console" | "zsh" | "shell-session" | "terminal" | "sh" => {
            syntect_lines("bash", lines)
        }
        "jsonc" | "json5" => syntect_lines("json", lines),
        "" | "text" | "txt" | "plain" => unstyled(lines),
        other => syntect_lines(other, lines),
    }
}

fn unstyled(lines: &[&str]) -> Lines {
    lines
        .iter()
        .map(|l| {
            let mut out = Vec::new();
            push_span(&mut out, l, Style::new());
            out
        })
        .collect()
}

/// Highlight with a syntect grammar found by name or file extension; unknown ones stay plain.
fn syntect_lines(token: &str, lines: &[&str]) -> Lines {
    let (set, theme) = syntaxes();
    let Some(syntax) = set.find_syntax_by_token(token) else {
        return unstyled(lines);
    };
    let mut h = HighlightLines::new(syntax, theme);
    let mut out = Vec::with_capacity(lines.len());
    let mut buf = String::new();
    for line in lines {
        buf.clear();
        buf.push_str(line);
        buf.push('\n');
        let mut spans = Vec::new();
        match h.highlight_line(&buf, set) {
            Ok(regions) => {
                for (style, text) in regions {
                    push_span(
                        &mut spans,
                        text.trim_end_matches('\n'),
                        convert_style(style),
                    );
                }
            }
            Err(_) => push_span(&mut spans, line, Style::new()),
        }
        out.push(spans);
    }
    out
}

fn convert_style(s: syntect::highlighting::Style) -> Style {
    let c = s.foreground;
    let mut style = Style::new().fg(Color::Rgb(c.r, c.g, c.b));
    if s.font_style.contains(FontStyle::BOLD) {
        style = style.add_modifier(Modifier::BOLD);
    }
    if s.font_style.contains(FontStyle::ITALIC) {
        style = style.add_modifier(Modifier::ITALIC);
    }
    if s.font_style.contains(FontStyle::UNDERLINE) {
        style = style.add_modifier(Modifier::UNDERLINED);
    }
    style
}

/// The `.http` format: comments, a request line (or a response's status line), headers, a
/// blank line, and a body (JSON bodies get JSON colours).
fn http(lines: &[&str]) -> Lines {
    let mut out: Lines = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let t = lines[i].trim_start();
        if !(t.is_empty() || t.starts_with('#') || t.starts_with("//")) {
            break;
        }
        out.push(styled(lines[i], CODE_COMMENT));
        i += 1;
    }
    if let Some(first) = lines.get(i) {
        out.push(start_line(first));
        i += 1;
    }
    while let Some(line) = lines.get(i) {
        if line.trim().is_empty() {
            break;
        }
        let mut spans = Vec::new();
        match line.split_once(':') {
            Some((name, value)) => {
                push_span(&mut spans, name, CODE_NAME);
                push_span(&mut spans, ":", DIM);
                push_span(&mut spans, value, Style::new());
            }
            None => push_span(&mut spans, line, Style::new()),
        }
        out.push(spans);
        i += 1;
    }
    let body = &lines[i..];
    let first = body.iter().find_map(|l| l.trim_start().chars().next());
    if matches!(first, Some('{' | '[')) {
        out.extend(syntect_lines("json", body));
    } else {
        out.extend(unstyled(body));
    }
    out
}

/// `POST /path HTTP/1.1` or `HTTP/1.1 201 Created`.
fn start_line(line: &str) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    let words = split_keep_spaces(line);
    let status = line.trim_start().starts_with("HTTP/");
    for (n, (space, word)) in words.iter().enumerate() {
        push_span(&mut spans, space, Style::new());
        let style = match (status, n) {
            (false, 0) => CODE_KEYWORD.add_modifier(Modifier::BOLD),
            (false, 1) => CODE_STRING,
            (true, 1) => match word.as_bytes().first() {
                Some(b'2') => Style::new().fg(Color::Green).add_modifier(Modifier::BOLD),
                Some(b'3') => Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
                Some(b'4') => Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
                _ => Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            },
            (true, n) if n > 1 => Style::new(),
            _ => DIM,
        };
        push_span(&mut spans, word, style);
    }
    spans
}

/// Words of a line, each with the spaces before it.
fn split_keep_spaces(line: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut rest = line;
    while !rest.is_empty() {
        let start = rest.len() - rest.trim_start().len();
        let (space, tail) = rest.split_at(start);
        let end = tail.find(char::is_whitespace).unwrap_or(tail.len());
        let (word, after) = tail.split_at(end);
        out.push((space, word));
        rest = after;
    }
    out
}

fn styled(text: &str, style: Style) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    push_span(&mut spans, text, style);
    spans
}

/// Instructions in capitals at the start of a line, then shell-ish words.
fn dockerfile(lines: &[&str]) -> Lines {
    let mut continued = false;
    lines
        .iter()
        .map(|line| {
            let t = line.trim_start();
            let indent = &line[..line.len() - t.len()];
            let mut spans = styled(indent, Style::new());
            if t.starts_with('#') {
                push_span(&mut spans, t, CODE_COMMENT);
                return spans;
            }
            let mut rest = t;
            if !continued {
                let end = t.find(char::is_whitespace).unwrap_or(t.len());
                let (word, after) = t.split_at(end);
                if word.chars().all(|c| c.is_ascii_alphabetic()) {
                    push_span(&mut spans, word, CODE_KEYWORD.add_modifier(Modifier::BOLD));
                    rest = after;
                }
            }
            continued = t.ends_with('\\');
            values(&mut spans, rest, '#');
            spans
        })
        .collect()
}

/// `[table]` headers, `key = value` pairs, strings, numbers and comments.
fn toml(lines: &[&str]) -> Lines {
    lines
        .iter()
        .map(|line| {
            let t = line.trim_start();
            let indent = &line[..line.len() - t.len()];
            let mut spans = styled(indent, Style::new());
            if t.starts_with('[') {
                let end = t.rfind(']').map_or(t.len(), |i| i + 1);
                push_span(
                    &mut spans,
                    &t[..end],
                    CODE_NAME.add_modifier(Modifier::BOLD),
                );
                values(&mut spans, &t[end..], '#');
            } else if let Some((key, value)) = t.split_once('=').filter(|_| !t.starts_with('#')) {
                push_span(&mut spans, key, CODE_NAME);
                push_span(&mut spans, "=", DIM);
                values(&mut spans, value, '#');
            } else {
                values(&mut spans, t, '#');
            }
            spans
        })
        .collect()
}

/// Colour quoted strings, numbers, booleans, `$VARIABLES` and a trailing comment.
fn values(spans: &mut Vec<Span<'static>>, text: &str, comment: char) {
    let mut chars = text.char_indices().peekable();
    let mut plain_from = 0;
    while let Some((i, c)) = chars.next() {
        let at_word_start = text[..i]
            .chars()
            .next_back()
            .is_none_or(|p| p.is_whitespace() || "=[,{(".contains(p));
        let end = if c == '"' || c == '\'' {
            let mut end = text.len();
            let mut escaped = false;
            for (j, d) in chars.by_ref() {
                if d == c && !escaped {
                    end = j + d.len_utf8();
                    break;
                }
                escaped = d == '\\' && !escaped;
            }
            Some((end, CODE_STRING))
        } else if c == comment && at_word_start {
            Some((text.len(), CODE_COMMENT))
        } else if c == '$' {
            let len = text[i + 1..]
                .find(|d: char| !(d.is_alphanumeric() || d == '_' || d == '{' || d == '}'))
                .unwrap_or(text.len() - i - 1);
            Some((i + 1 + len, CODE_NAME))
        } else if at_word_start
            && (c.is_ascii_digit()
                || text[i..].starts_with("true")
                || text[i..].starts_with("false"))
        {
            let len = text[i..]
                .find(|d: char| !(d.is_alphanumeric() || d == '.' || d == '_'))
                .unwrap_or(text.len() - i);
            Some((i + len, CODE_NUMBER))
        } else {
            None
        };
        if let Some((end, style)) = end {
            push_span(spans, &text[plain_from..i], Style::new());
            push_span(spans, &text[i..end], style);
            plain_from = end;
            while chars.peek().is_some_and(|(j, _)| *j < end) {
                chars.next();
            }
        }
    }
    push_span(spans, &text[plain_from..], Style::new());
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Stylize;

    #[test]
    fn http_blocks_colour_method_target_headers_and_comments() {
        let lines = http(&[
            "# make one",
            "POST /api/tasks HTTP/1.1",
            "Accept: */*",
            "",
            "hi",
        ]);
        assert_eq!(
            lines,
            vec![
                vec![Span::styled("# make one", CODE_COMMENT)],
                vec![
                    Span::styled("POST", CODE_KEYWORD.add_modifier(Modifier::BOLD)),
                    Span::raw(" "),
                    Span::styled("/api/tasks", CODE_STRING),
                    Span::raw(" "),
                    Span::styled("HTTP/1.1", DIM),
                ],
                vec![
                    Span::styled("Accept", CODE_NAME),
                    Span::styled(":", DIM),
                    Span::raw(" */*"),
                ],
                vec![],
                vec![Span::raw("hi")],
            ]
        );
    }

    #[test]
    fn status_lines_colour_the_code_by_class() {
        let line = start_line("HTTP/1.1 404 Not Found");
        assert_eq!(line[2], Span::raw("404").yellow().bold());
    }

    #[test]
    fn toml_and_dockerfile_colour_their_parts() {
        assert_eq!(
            toml(&["[package]", "name = \"x\" # hi"]),
            vec![
                vec![Span::styled(
                    "[package]",
                    CODE_NAME.add_modifier(Modifier::BOLD)
                )],
                vec![
                    Span::styled("name ", CODE_NAME),
                    Span::styled("=", DIM),
                    Span::raw(" "),
                    Span::styled("\"x\"", CODE_STRING),
                    Span::raw(" "),
                    Span::styled("# hi", CODE_COMMENT),
                ],
            ]
        );
        assert_eq!(
            dockerfile(&["FROM rust:1.85 AS build", "RUN echo $HOME"]),
            vec![
                vec![
                    Span::styled("FROM", CODE_KEYWORD.add_modifier(Modifier::BOLD)),
                    Span::raw(" rust:1.85 AS build"),
                ],
                vec![
                    Span::styled("RUN", CODE_KEYWORD.add_modifier(Modifier::BOLD)),
                    Span::raw(" echo "),
                    Span::styled("$HOME", CODE_NAME),
                ],
            ]
        );
    }

    #[test]
    fn every_promised_language_gets_colour() {
        let code = ["let x = \"a\" // c"];
        for lang in [
            "http",
            "json",
            "sql",
            "python",
            "go",
            "typescript",
            "rust",
            "bash",
            "yaml",
            "dockerfile",
        ] {
            let lines = highlight(lang, &code);
            let text: String = lines[0].iter().map(|s| s.content.as_ref()).collect();
            assert_eq!(text, code[0], "{lang} keeps the text");
            assert!(
                lines[0].iter().any(|s| s.style.fg.is_some()),
                "{lang} has colour: {lines:?}"
            );
        }
        assert_eq!(
            highlight("no-such-language", &code),
            vec![vec![Span::raw(code[0])]]
        );
    }
}
