//! Drawing the Lab screen: the header, the composer (request line, headers, body) and the
//! response; the side panel is in [`super::side`].

use super::edit::{self, BodyCheck};
use super::layout::*;
use super::side::{draw_curl, draw_side};
use super::viewer::{Tok, Viewer};
use super::{Editing, Focus, LabScreen, Shown};
use crate::tui::app::App;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

/// Draw the Lab screen in `area` (the body between the tab bar and the status bar).
pub fn draw(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let lab = &app.lab;
    let a = areas(app.viewport, lab);
    let clip = |r: Rect| r.intersection(area);
    draw_header(frame, app, theme, clip(a.header));
    draw_request_line(frame, lab, theme, clip(a.method), clip(a.url));
    draw_headers(frame, lab, theme, clip(a.headers));
    draw_body(frame, lab, theme, clip(a.body));
    if let Some(r) = a.response {
        draw_response(frame, lab, theme, clip(r));
    }
    if let Some(r) = a.side {
        draw_side(frame, app, theme, clip(r));
    }
    if let Some(cmd) = &lab.curl {
        draw_curl(frame, cmd, theme, area);
    }
}

pub(super) fn lab_base(app: &App) -> String {
    if app.lab_url.is_empty() {
        format!("http://127.0.0.1:{}", crate::context::DEFAULT_PORT)
    } else {
        app.lab_url.clone()
    }
}

pub(super) fn draw_header(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let mut spans = vec![
        Span::styled(" Lab ", theme.title()),
        Span::styled(
            if app.lab_url.is_empty() {
                "not running".to_string()
            } else {
                app.lab_url.clone()
            },
            theme.accent(),
        ),
    ];
    if area.width >= 60 {
        spans.push(Span::styled("  paths like /api/tasks go here", theme.dim()));
    }
    if app.lab.pending.is_some() {
        spans.push(Span::styled("  · sending…", theme.warn()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// A one-line field: its text, with the cursor cell reversed while editing, scrolled so the
/// cursor shows.
pub(super) fn field_spans(
    text: &str,
    cursor: Option<usize>,
    width: usize,
    style: Style,
) -> Vec<Span<'static>> {
    let chars: Vec<char> = text.chars().collect();
    let Some(cur) = cursor else {
        let shown: String = chars.iter().take(width).collect();
        return vec![Span::styled(shown, style)];
    };
    let cur = cur.min(chars.len());
    let start = (cur + 1).saturating_sub(width.max(1));
    let before: String = chars[start..cur].iter().collect();
    let at: String = chars.get(cur).map_or(" ".to_string(), |c| c.to_string());
    let after: String = chars
        .iter()
        .skip(cur + 1)
        .take(width.saturating_sub(cur - start + 1))
        .collect();
    vec![
        Span::styled(before, style),
        Span::styled(
            at,
            style.patch(Style::new().add_modifier(ratatui::style::Modifier::REVERSED)),
        ),
        Span::styled(after, style),
    ]
}

pub(super) fn draw_request_line(
    frame: &mut Frame,
    lab: &LabScreen,
    theme: &Theme,
    method: Rect,
    url: Rect,
) {
    let editing_method = lab.editing == Some(Editing::Method);
    let m_style = if lab.focus == Focus::Method && !editing_method {
        theme.selected().patch(theme.key())
    } else {
        theme.key()
    };
    let mut spans = vec![Span::raw(" ")];
    spans.extend(field_spans(
        &lab.request.method,
        editing_method.then_some(lab.request.method.len()),
        METHOD_WIDTH as usize - 2,
        m_style,
    ));
    frame.render_widget(Paragraph::new(Line::from(spans)), method);

    let editing = lab.editing == Some(Editing::Url);
    let style = if lab.focus == Focus::Url && !editing {
        theme.selected()
    } else {
        theme.base()
    };
    let mut spans = vec![Span::raw(" ")];
    spans.extend(field_spans(
        &lab.request.target,
        editing.then_some(lab.cursor),
        url.width.saturating_sub(2) as usize,
        style,
    ));
    frame.render_widget(Paragraph::new(Line::from(spans)), url);
}

pub(super) fn pane_title<'a>(text: &'a str, focused: bool, theme: &Theme) -> Span<'a> {
    if focused {
        Span::styled(text, theme.title().patch(theme.selected()))
    } else {
        Span::styled(text, theme.accent())
    }
}

pub(super) fn draw_headers(frame: &mut Frame, lab: &LabScreen, theme: &Theme, area: Rect) {
    if area.height == 0 {
        return;
    }
    let focused = lab.focus == Focus::Headers;
    let title = format!(" Headers ({}) ", lab.request.headers.len());
    let mut lines = vec![Line::from(vec![
        pane_title(&title, focused, theme),
        Span::styled("  a add · Enter edit · d delete", theme.dim()),
    ])];
    if lab.request.headers.is_empty() {
        lines.push(Line::from(Span::styled(
            "   none · a adds one (Content-Type, Authorization…)",
            theme.dim(),
        )));
    }
    let rows = area.height.saturating_sub(1) as usize;
    let first = header_first(lab, area.height);
    let width = area.width as usize;
    for (i, (k, v)) in lab
        .request
        .headers
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
    {
        let (name_cur, value_cur) = match lab.editing {
            Some(Editing::Header { index, value }) if index == i => {
                if value {
                    (None, Some(lab.cursor))
                } else {
                    (Some(lab.cursor), None)
                }
            }
            _ => (None, None),
        };
        let sel = focused && i == lab.header_sel && lab.editing.is_none();
        let base = if sel { theme.selected() } else { theme.base() };
        let mut spans = vec![Span::styled("   ", base)];
        let name_w = k.chars().count().max(1) + usize::from(name_cur.is_some());
        spans.extend(field_spans(k, name_cur, name_w, base.patch(theme.accent())));
        spans.push(Span::styled(": ", base));
        spans.extend(field_spans(
            v,
            value_cur,
            width.saturating_sub(name_w + 6),
            base,
        ));
        lines.push(Line::from(spans));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

pub(super) fn draw_body(frame: &mut Frame, lab: &LabScreen, theme: &Theme, area: Rect) {
    if area.height == 0 {
        return;
    }
    let focused = lab.focus == Focus::Body;
    let editing = lab.editing == Some(Editing::Body);
    let check = match &lab.body_check {
        BodyCheck::Empty => Span::styled("  empty · b to write one", theme.dim()),
        BodyCheck::Json => Span::styled("  ✓ valid JSON · f formats", theme.done()),
        BodyCheck::Text => Span::styled("  text", theme.dim()),
        BodyCheck::Invalid {
            line,
            column,
            message,
        } => Span::styled(
            format!("  ✗ line {line}, column {column}: {message}"),
            theme.warn(),
        ),
    };
    let mut lines = vec![Line::from(vec![
        pane_title(" Body ", focused, theme),
        check,
    ])];
    let rows = area.height.saturating_sub(1) as usize;
    let (cur_line, cur_col) = edit::line_col(&lab.body, lab.cursor);
    let err = match &lab.body_check {
        BodyCheck::Invalid { line, column, .. } => Some((line - 1, column.saturating_sub(1))),
        _ => None,
    };
    let width = area.width.saturating_sub(3) as usize;
    for (i, text) in lab
        .body
        .split('\n')
        .enumerate()
        .skip(lab.body_scroll)
        .take(rows)
    {
        let mut spans = vec![Span::raw("   ")];
        if editing && i == cur_line {
            spans.extend(field_spans(text, Some(cur_col), width, theme.base()));
        } else if let Some((el, ec)) = err.filter(|(el, _)| *el == i) {
            let chars: Vec<char> = text.chars().collect();
            let ec = ec.min(chars.len());
            spans.push(Span::raw(chars[..ec].iter().collect::<String>()));
            let bad = chars.get(ec).map_or(" ".into(), |c| c.to_string());
            spans.push(Span::styled(bad, theme.warn().patch(theme.selected())));
            spans.push(Span::raw(
                chars[(ec + 1).min(chars.len())..]
                    .iter()
                    .collect::<String>(),
            ));
            let _ = el;
        } else {
            spans.push(Span::raw(text.chars().take(width).collect::<String>()));
        }
        lines.push(Line::from(spans));
    }
    if lab.body.is_empty() && editing {
        lines.push(Line::from(vec![
            Span::raw("   "),
            Span::styled(" ", theme.selected()),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

pub(super) fn block<'a>(title: Line<'a>, focused: bool, theme: &Theme) -> Block<'a> {
    Block::bordered()
        .border_style(if focused { theme.accent() } else { theme.dim() })
        .title(title)
}

pub(super) fn draw_response(frame: &mut Frame, lab: &LabScreen, theme: &Theme, area: Rect) {
    if area.height < 3 {
        return;
    }
    let focused = lab.focus == Focus::Response;
    let title = match lab.shown {
        Some(Shown::Exchange(id)) => format!(" Exchange #{id} "),
        _ => " Response ".to_string(),
    };
    let mut b = block(
        Line::from(pane_title(&title, focused, theme)),
        focused,
        theme,
    );
    let searching = lab.editing == Some(Editing::Search);
    if let Some(f) = lab.viewer.as_ref().and_then(|v| v.find.as_ref()) {
        let pos = if f.hits.is_empty() {
            "no match".to_string()
        } else {
            format!("{}/{}", f.current + 1, f.hits.len())
        };
        let cursor = if searching { "▏" } else { "" };
        b = b.title_bottom(
            Line::from(vec![
                Span::styled(" F ", theme.key()),
                Span::raw(format!("{}{cursor}", f.query)),
                Span::styled(format!("  {pos} · n N "), theme.dim()),
            ])
            .right_aligned(),
        );
    } else if lab.viewer.is_some() {
        b = b.title_bottom(
            Line::from(Span::styled(
                " Space folds · F find · ← → sideways ",
                theme.dim(),
            ))
            .right_aligned(),
        );
    }
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let Some(v) = &lab.viewer else {
        let text = match (&lab.sent, lab.pending) {
            (Some(s), Some(_)) => vec![Line::from(Span::styled(
                format!("Sending {} {}…", s.spec.method, s.spec.target),
                theme.dim(),
            ))],
            _ => vec![
                Line::from(Span::styled("No request sent yet.", theme.dim())),
                Line::from(vec![
                    Span::raw("Press "),
                    Span::styled("Enter", theme.key()),
                    Span::raw(format!(
                        " to send {} {} to the lab;",
                        lab.request.method, lab.request.target
                    )),
                ]),
                Line::from(vec![
                    Span::styled("Tab", theme.key()),
                    Span::raw(" moves between fields, "),
                    Span::styled("?", theme.key()),
                    Span::raw(" lists every key."),
                ]),
            ],
        };
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), inner);
        return;
    };
    frame.render_widget(
        Paragraph::new(viewer_lines(v, inner, focused, theme)),
        inner,
    );
}

/// The rows of the viewer on screen, styled.
pub fn viewer_lines(v: &Viewer, area: Rect, focused: bool, theme: &Theme) -> Vec<Line<'static>> {
    let height = area.height as usize;
    let query = v
        .find
        .as_ref()
        .filter(|f| !f.query.is_empty())
        .map(|f| f.query.to_ascii_lowercase());
    v.visible
        .iter()
        .enumerate()
        .skip(v.scroll)
        .take(height)
        .map(|(pos, &i)| {
            let row = &v.rows[i];
            let folded = v.collapsed[i];
            let gutter = match (row.close, folded) {
                (Some(_), true) => "▸ ",
                (Some(_), false) => "▾ ",
                _ => "  ",
            };
            let mut spans = vec![Span::styled(gutter, theme.dim())];
            let hits = query
                .as_deref()
                .map(|q| match_ranges(&row.text, q))
                .unwrap_or_default();
            for &(a, b, tok) in &row.spans {
                push_split(
                    &mut spans,
                    &row.text,
                    a,
                    b,
                    tok_style(theme, tok),
                    &hits,
                    theme,
                );
            }
            if folded && let Some(c) = row.close {
                let end = v.rows[c].text.trim_start().to_string();
                spans.push(Span::styled(" … ", theme.dim()));
                spans.push(Span::styled(end, tok_style(theme, Tok::Punct)));
                spans.push(Span::styled(
                    format!(
                        "  {} {}",
                        row.items,
                        if row.items == 1 { "item" } else { "items" }
                    ),
                    theme.dim(),
                ));
            }
            let gutter = spans.remove(0);
            let mut spans = skip_columns(spans, v.hscroll);
            // A row wider than the pane ends in › : ← → scroll sideways to read the rest.
            let room = (area.width as usize).saturating_sub(2);
            if spans.iter().map(Span::width).sum::<usize>() > room {
                spans = take_columns(spans, room.saturating_sub(1));
                spans.push(Span::styled("›", theme.key()));
            }
            spans.insert(0, gutter);
            let mut line = Line::from(spans);
            if focused && pos == v.cursor {
                // The cursor line spans the pane.
                let w = line.width();
                if w < area.width as usize {
                    line.push_span(Span::raw(" ".repeat(area.width as usize - w)));
                }
                line = line.style(theme.cursor_line());
            }
            line
        })
        .collect()
}

/// The spans without their first `n` columns.
fn skip_columns(spans: Vec<Span<'static>>, mut n: usize) -> Vec<Span<'static>> {
    let mut out = Vec::with_capacity(spans.len());
    for span in spans {
        if n == 0 {
            out.push(span);
            continue;
        }
        let mut cut = 0;
        for (i, c) in span.content.char_indices() {
            if n == 0 {
                break;
            }
            n = n.saturating_sub(unicode_width::UnicodeWidthChar::width(c).unwrap_or(0));
            cut = i + c.len_utf8();
        }
        let rest = span.content[cut..].to_string();
        if !rest.is_empty() {
            out.push(Span::styled(rest, span.style));
        }
    }
    out
}

/// The spans' first `n` columns.
fn take_columns(spans: Vec<Span<'static>>, mut n: usize) -> Vec<Span<'static>> {
    let mut out = Vec::with_capacity(spans.len());
    for span in spans {
        let w = span.width();
        if w <= n {
            n -= w;
            out.push(span);
            continue;
        }
        let mut kept = String::new();
        for c in span.content.chars() {
            let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if cw > n {
                break;
            }
            n -= cw;
            kept.push(c);
        }
        out.push(Span::styled(kept, span.style));
        break;
    }
    out
}

/// Byte ranges of `text` matching `q` (ASCII case-insensitive).
pub(super) fn match_ranges(text: &str, q: &str) -> Vec<(usize, usize)> {
    let lower = text.to_ascii_lowercase();
    lower
        .match_indices(q)
        .map(|(i, m)| (i, i + m.len()))
        .collect()
}

/// Push `text[a..b]` in `style`, with the parts inside `hits` highlighted.
pub(super) fn push_split(
    spans: &mut Vec<Span<'static>>,
    text: &str,
    a: usize,
    b: usize,
    style: Style,
    hits: &[(usize, usize)],
    theme: &Theme,
) {
    let mut at = a;
    for &(ha, hb) in hits {
        if hb <= at || ha >= b {
            continue;
        }
        let (s, e) = (ha.max(at), hb.min(b));
        if s > at {
            spans.push(Span::styled(text[at..s].to_string(), style));
        }
        spans.push(Span::styled(text[s..e].to_string(), theme.hit()));
        at = e;
    }
    if at < b {
        spans.push(Span::styled(text[at..b].to_string(), style));
    }
}

pub(super) fn tok_style(theme: &Theme, tok: Tok) -> Style {
    match tok {
        Tok::Plain => theme.base(),
        Tok::Dim => theme.dim(),
        Tok::Key => theme.json_key(),
        Tok::Str => theme.json_str(),
        Tok::Num => theme.json_num(),
        Tok::Lit => theme.json_lit(),
        Tok::Punct => theme.dim(),
        Tok::Status(s) => crate::tui::ui::response::status_style(theme, s),
        Tok::HeaderName => theme.accent(),
        Tok::Section => theme.title(),
        Tok::Warn => theme.warn(),
    }
}
