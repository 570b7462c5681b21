//! The Lab screen: where its parts go (shared with clicks and page sizes in `lab_screen`) and
//! how they are drawn. Compact below 100×28 (composer on top, then the response or the side
//! panel when it has the focus), roomy above (the side panel on the right).

use super::layout::main_areas;
use crate::exchange::{Exchange, RequestSpec, StepKind};
use crate::tui::app::App;
use crate::tui::lab_screen::edit::{self, BodyCheck};
use crate::tui::lab_screen::viewer::{self, Tok, Viewer};
use crate::tui::lab_screen::{Editing, Focus, LabScreen, Shown, SideTab};
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

/// Below this the Lab screen uses the compact layout.
const ROOMY_WIDTH: u16 = 100;
const ROOMY_HEIGHT: u16 = 28;
/// Width of the method box.
const METHOD_WIDTH: u16 = 9;

/// Where the parts of the Lab screen are.
#[derive(Debug, Clone, Copy, Default)]
pub struct LabAreas {
    /// The address line.
    pub header: Rect,
    pub method: Rect,
    pub url: Rect,
    /// Title row, then one row per header.
    pub headers: Rect,
    /// Title row, then the body lines.
    pub body: Rect,
    /// The response viewer (bordered), when shown.
    pub response: Option<Rect>,
    /// The side panel (bordered, its tabs in the top border), when shown.
    pub side: Option<Rect>,
}

/// Whether a terminal this size gets the compact layout.
pub fn compact(viewport: (u16, u16)) -> bool {
    viewport.0 < ROOMY_WIDTH || viewport.1 < ROOMY_HEIGHT
}

/// The areas for a terminal of `viewport` size.
pub fn areas(viewport: (u16, u16), lab: &LabScreen) -> LabAreas {
    let [_, body, _] = main_areas(Rect::new(0, 0, viewport.0, viewport.1));
    let small = compact(viewport);
    let (left, right) = if small {
        (body, None)
    } else {
        let [l, r] =
            Layout::horizontal([Constraint::Fill(1), Constraint::Percentage(40)]).areas(body);
        (l, Some(r))
    };
    let header_rows = lab
        .request
        .headers
        .len()
        .clamp(1, if small { 2 } else { 4 }) as u16;
    let body_rows = match (small, body.height) {
        (true, _) => 3,
        (false, h) if h >= 36 => 8,
        _ => 5,
    };
    let [header, line, headers, body_area, lower] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1 + header_rows),
        Constraint::Length(1 + body_rows),
        Constraint::Fill(1),
    ])
    .areas(left);
    let [method, url] =
        Layout::horizontal([Constraint::Length(METHOD_WIDTH), Constraint::Fill(1)]).areas(line);
    let (response, side) = match right {
        Some(r) => (Some(lower), Some(r)),
        None if lab.focus == Focus::Side => (None, Some(lower)),
        None => (Some(lower), None),
    };
    LabAreas {
        header,
        method,
        url,
        headers,
        body: body_area,
        response,
        side,
    }
}

/// Rows the response viewer shows.
pub fn viewer_height(viewport: (u16, u16), lab: &LabScreen) -> usize {
    let a = areas(viewport, lab);
    a.response
        .or(a.side)
        .map_or(1, |r| r.height.saturating_sub(2)) as usize
}

/// Body lines the composer shows.
pub fn body_height(viewport: (u16, u16), lab: &LabScreen) -> usize {
    areas(viewport, lab).body.height.saturating_sub(1) as usize
}

/// The first header row shown in a headers area `height` tall.
pub fn header_first(lab: &LabScreen, height: u16) -> usize {
    let rows = height.saturating_sub(1).max(1) as usize;
    lab.header_sel.saturating_sub(rows - 1)
}

/// The list rows of a side panel `height` tall: on a roomy screen the live list shares the
/// panel with the trace of the exchange picked in it.
pub fn list_rows(viewport: (u16, u16), lab: &LabScreen, height: u16) -> usize {
    let rows = height.saturating_sub(2).max(1) as usize;
    if live_split(viewport, lab) {
        rows.div_ceil(2).min(lab.live.len().max(3))
    } else {
        rows
    }
}

/// Whether the live list shows the picked exchange's trace under it.
pub fn live_split(viewport: (u16, u16), lab: &LabScreen) -> bool {
    !compact(viewport) && lab.side == SideTab::Live && matches!(lab.shown, Some(Shown::Exchange(_)))
}

/// The first list row shown when `rows` rows show.
pub fn list_first(lab: &LabScreen, rows: usize) -> usize {
    let sel = match lab.side {
        SideTab::Live => lab.live_sel,
        SideTab::History => lab.history_sel,
        SideTab::Trace => 0,
    };
    sel.saturating_sub(rows.max(1) - 1)
}

/// The side panel's tab labels and their x ranges.
fn side_labels(lab: &LabScreen, area: Rect) -> Vec<(SideTab, String, u16, u16)> {
    let mut x = area.x + 1;
    SideTab::ALL
        .iter()
        .map(|t| {
            let label = match t {
                SideTab::Trace => " Trace ".to_string(),
                SideTab::Live => format!(" Live {} ", lab.live.len()),
                SideTab::History => format!(" History {} ", lab.history.len()),
            };
            let w = label.chars().count() as u16;
            let out = (*t, label, x, x + w);
            x += w + 1;
            out
        })
        .collect()
}

/// The side tab under a click on the panel's top border.
pub fn side_tab_at(lab: &LabScreen, area: Rect, x: u16) -> Option<SideTab> {
    side_labels(lab, area)
        .into_iter()
        .find(|(_, _, a, b)| (*a..*b).contains(&x))
        .map(|(t, ..)| t)
}

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

fn lab_base(app: &App) -> String {
    if app.lab_url.is_empty() {
        format!("http://127.0.0.1:{}", crate::context::DEFAULT_PORT)
    } else {
        app.lab_url.clone()
    }
}

fn draw_header(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
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
fn field_spans(
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

fn draw_request_line(frame: &mut Frame, lab: &LabScreen, theme: &Theme, method: Rect, url: Rect) {
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

fn pane_title<'a>(text: &'a str, focused: bool, theme: &Theme) -> Span<'a> {
    if focused {
        Span::styled(text, theme.title().patch(theme.selected()))
    } else {
        Span::styled(text, theme.accent())
    }
}

fn draw_headers(frame: &mut Frame, lab: &LabScreen, theme: &Theme, area: Rect) {
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

fn draw_body(frame: &mut Frame, lab: &LabScreen, theme: &Theme, area: Rect) {
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

fn block<'a>(title: Line<'a>, focused: bool, theme: &Theme) -> Block<'a> {
    Block::bordered()
        .border_style(if focused { theme.accent() } else { theme.dim() })
        .title(title)
}

fn draw_response(frame: &mut Frame, lab: &LabScreen, theme: &Theme, area: Rect) {
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
                Span::styled(" / ", theme.key()),
                Span::raw(format!("{}{cursor}", f.query)),
                Span::styled(format!("  {pos} · n N "), theme.dim()),
            ])
            .right_aligned(),
        );
    } else if lab.viewer.is_some() {
        b = b.title_bottom(
            Line::from(Span::styled(
                " Enter folds · / search · c curl ",
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

/// Byte ranges of `text` matching `q` (ASCII case-insensitive).
fn match_ranges(text: &str, q: &str) -> Vec<(usize, usize)> {
    let lower = text.to_ascii_lowercase();
    lower
        .match_indices(q)
        .map(|(i, m)| (i, i + m.len()))
        .collect()
}

/// Push `text[a..b]` in `style`, with the parts inside `hits` highlighted.
fn push_split(
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

fn tok_style(theme: &Theme, tok: Tok) -> Style {
    match tok {
        Tok::Plain => theme.base(),
        Tok::Dim => theme.dim(),
        Tok::Key => theme.json_key(),
        Tok::Str => theme.json_str(),
        Tok::Num => theme.json_num(),
        Tok::Lit => theme.json_lit(),
        Tok::Punct => theme.dim(),
        Tok::Status(s) => super::response::status_style(theme, s),
        Tok::HeaderName => theme.accent(),
        Tok::Section => theme.title(),
        Tok::Warn => theme.warn(),
    }
}

fn draw_side(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    if area.height < 3 {
        return;
    }
    let lab = &app.lab;
    let focused = lab.focus == Focus::Side;
    let mut tabs = Vec::new();
    for (i, (tab, label, ..)) in side_labels(lab, area).into_iter().enumerate() {
        if i > 0 {
            tabs.push(Span::styled("│", theme.dim()));
        }
        let style = if tab == lab.side {
            theme.tab_active()
        } else {
            theme.dim()
        };
        tabs.push(Span::styled(label, style));
    }
    let mut b = block(Line::from(tabs), focused, theme);
    b = b.title_bottom(
        Line::from(Span::styled(
            match lab.side {
                SideTab::Trace => " v live · history ",
                SideTab::Live => " Enter shows · c curl · v ",
                SideTab::History => " Enter recalls · c curl · v ",
            },
            theme.dim(),
        ))
        .right_aligned(),
    );
    let inner = b.inner(area);
    frame.render_widget(b, area);
    match lab.side {
        SideTab::Trace => draw_trace(frame, lab, theme, inner),
        SideTab::Live if live_split(app.viewport, lab) => {
            let rows = list_rows(app.viewport, lab, area.height) as u16;
            let [list, gap, trace] = Layout::vertical([
                Constraint::Length(rows),
                Constraint::Length(1),
                Constraint::Fill(1),
            ])
            .areas(inner);
            draw_live(frame, app, theme, list);
            frame.render_widget(
                Paragraph::new(Line::from(Span::styled(
                    "─".repeat(gap.width as usize),
                    theme.dim(),
                ))),
                gap,
            );
            draw_trace(frame, lab, theme, trace);
        }
        SideTab::Live => draw_live(frame, app, theme, inner),
        SideTab::History => draw_history(frame, lab, theme, inner),
    }
}

/// The trace of what is shown: what the lab did, step by step, with its timings.
pub fn trace_lines(lab: &LabScreen, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let Some((id, trace)) = &lab.trace else {
        let text = match (&lab.sent, lab.shown) {
            (Some(s), Some(Shown::Sent)) if !s.spec.target.starts_with('/') => {
                "No trace: that request did not go to the lab.".to_string()
            }
            (Some(_), Some(Shown::Sent)) | (Some(_), None) => {
                "Waiting for the lab's journal…".to_string()
            }
            _ => "Send a request and the lab shows here what it did with it: the route \
                  matched, the middleware, the handler, the SQL with its parameters, and how \
                  long each step took."
                .to_string(),
        };
        return vec![Line::from(Span::styled(text, theme.dim()))];
    };
    let mut out = Vec::new();
    if let Some(x) = lab.live.iter().find(|x| x.id == *id) {
        out.push(Line::from(vec![
            Span::styled(format!("{} {}", x.method, x.path), theme.title()),
            Span::raw(" → "),
            Span::styled(
                x.status.to_string(),
                super::response::status_style(theme, x.status),
            ),
            Span::styled(
                format!("  {}", viewer::duration_text(x.duration_us)),
                theme.dim(),
            ),
        ]));
    }
    if trace.is_empty() {
        out.push(Line::from(Span::styled(
            "The lab recorded no steps for this exchange (no route matched, or it answered \
             before reaching a handler).",
            theme.dim(),
        )));
    }
    for s in trace {
        let kind = s.kind.as_str();
        let detail = &s.detail;
        let at = i64::try_from(s.at_us).unwrap_or(i64::MAX);
        let style = match s.kind {
            StepKind::Route => theme.accent(),
            StepKind::Middleware => theme.key(),
            StepKind::Handler => theme.done(),
            StepKind::Sql => theme.json_key(),
            StepKind::Other(_) => theme.base(),
        };
        // Wide: the detail wraps under itself, right of the time and kind columns. Narrow: it
        // goes under the time and kind, indented.
        let fits = detail.chars().count() + INDENT <= width;
        let indent = if fits || width >= INDENT + 24 {
            INDENT
        } else {
            4
        };
        let chunks = wrap(detail, width.saturating_sub(indent).max(8));
        let mut spans = vec![
            Span::styled(
                format!("{:>9} ", format!("+{}", viewer::duration_text(at))),
                theme.dim(),
            ),
            Span::styled(format!("{kind:<10} "), style),
        ];
        let mut rest = &chunks[..];
        if indent == INDENT {
            spans.push(Span::raw(chunks[0].clone()));
            rest = &chunks[1..];
        }
        for more in rest {
            out.push(Line::from(std::mem::take(&mut spans)));
            spans = vec![Span::raw(" ".repeat(indent)), Span::raw(more.clone())];
        }
        if let Some(o) = s.outcome.as_deref() {
            let ok = o == "pass" || o.starts_with("pass");
            spans.push(Span::raw(" → "));
            spans.push(Span::styled(
                o.to_string(),
                if ok { theme.done() } else { theme.warn() },
            ));
        }
        out.push(Line::from(spans));
        let params = s.params.as_ref().filter(|p| !p.is_empty());
        let took = s.took_us.map(|t| i64::try_from(t).unwrap_or(i64::MAX));
        if params.is_some() || took.is_some() {
            let indent = if width >= INDENT + 24 { INDENT } else { 4 };
            let list = params.map(|p| {
                let items: Vec<String> = p.iter().map(|v| v.to_string()).collect();
                format!("[{}]", items.join(", "))
            });
            let took = took.map(|t| format!("took {}", viewer::duration_text(t)));
            let text = [list.as_ref().map(|l| format!("params {l}")), took.clone()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join("  ");
            if text.chars().count() + indent <= width {
                let mut spans = vec![Span::raw(" ".repeat(indent))];
                if let Some(l) = list {
                    spans.push(Span::styled("params ", theme.dim()));
                    spans.push(Span::styled(l, theme.json_str()));
                    spans.push(Span::raw("  "));
                }
                if let Some(t) = took {
                    spans.push(Span::styled(t, theme.dim()));
                }
                out.push(Line::from(spans));
            } else {
                for chunk in wrap(&text, width.saturating_sub(indent).max(8)) {
                    out.push(Line::from(vec![
                        Span::raw(" ".repeat(indent)),
                        Span::styled(chunk, theme.json_str()),
                    ]));
                }
            }
        }
    }
    out
}

/// Where a trace step's detail starts (after the time and kind columns).
const INDENT: usize = 21;

/// Split `text` at spaces into lines at most `width` wide (long words are cut).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut out = vec![String::new()];
    for word in text.split_whitespace() {
        let n = out.last().map_or(0, |l| l.chars().count());
        if n > 0 && n + 1 + word.chars().count() > width {
            out.push(String::new());
        }
        let mut w = word;
        if let Some(cur) = out.last_mut()
            && !cur.is_empty()
        {
            cur.push(' ');
        }
        while w.chars().count() > width {
            let cut = edit::byte_at(w, width);
            if let Some(cur) = out.last_mut() {
                cur.push_str(&w[..cut]);
            }
            out.push(String::new());
            w = &w[cut..];
        }
        if let Some(cur) = out.last_mut() {
            cur.push_str(w);
        }
    }
    out
}

fn draw_trace(frame: &mut Frame, lab: &LabScreen, theme: &Theme, area: Rect) {
    let lines = trace_lines(lab, theme, area.width as usize);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((lab.trace_scroll.min(u16::MAX as usize) as u16, 0)),
        area,
    );
}

/// `HH:MM:SS` (UTC) of a time in ms since the epoch.
fn clock_text(ms: i64) -> String {
    let s = ms.div_euclid(1000);
    format!(
        "{:02}:{:02}:{:02}",
        s.div_euclid(3600).rem_euclid(24),
        s.div_euclid(60).rem_euclid(60),
        s.rem_euclid(60)
    )
}

fn user_agent(x: &Exchange) -> &str {
    x.request_headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("user-agent"))
        .map_or("", |(_, v)| v.as_str())
}

fn fit(s: &str, w: usize) -> String {
    let n = s.chars().count();
    if n <= w {
        format!("{s:<w$}")
    } else if w == 0 {
        String::new()
    } else {
        let mut t: String = s.chars().take(w - 1).collect();
        t.push('…');
        t
    }
}

fn draw_live(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let lab = &app.lab;
    if lab.live.is_empty() {
        let lines = vec![
            Line::from(Span::styled(
                "Nothing yet. Everything the lab receives, from any client, shows up here.",
                theme.dim(),
            )),
            Line::default(),
            Line::from("Try it from another terminal:"),
            Line::from(Span::styled(
                format!("curl -i {}/get", lab_base(app)),
                theme.key(),
            )),
        ];
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
        return;
    }
    let width = area.width as usize;
    let first = list_first(lab, area.height as usize);
    let shown_id = match lab.shown {
        Some(Shown::Exchange(id)) => Some(id),
        _ => None,
    };
    let focused = lab.focus == Focus::Side;
    let lines: Vec<Line> = lab
        .live
        .iter()
        .rev()
        .enumerate()
        .skip(first)
        .take(area.height as usize)
        .map(|(i, x)| {
            let target = if x.query.is_empty() {
                x.path.clone()
            } else {
                format!("{}?{}", x.path, x.query)
            };
            let ua = user_agent(x).split('/').next().unwrap_or("").to_string();
            // Narrow panels drop the clock, then the user agent.
            let clock = width >= 44;
            let fixed = if clock { 10 } else { 1 } + 8 + 4 + 9;
            let rest = width.saturating_sub(fixed);
            let ua_w = if rest >= 30 { rest / 4 } else { 0 };
            let path_w = rest.saturating_sub(ua_w).max(4);
            let mark = if Some(x.id) == shown_id { "▶" } else { " " };
            let mut spans = vec![
                Span::styled(
                    if clock {
                        format!("{mark}{} ", clock_text(x.at))
                    } else {
                        mark.to_string()
                    },
                    theme.dim(),
                ),
                Span::styled(format!("{:<7} ", fit(&x.method, 7)), theme.key()),
                Span::raw(fit(&target, path_w)),
                Span::styled(
                    format!(" {}", x.status),
                    super::response::status_style(theme, x.status),
                ),
                Span::styled(
                    format!(" {:>8}", viewer::duration_text(x.duration_us)),
                    theme.dim(),
                ),
            ];
            if ua_w > 1 {
                spans.push(Span::styled(
                    format!(" {}", fit(&ua, ua_w - 1)),
                    theme.dim(),
                ));
            }
            if focused && i == lab.live_sel {
                for s in &mut spans {
                    s.style = s.style.patch(theme.selected());
                }
            }
            Line::from(spans)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

fn describe(spec: &RequestSpec) -> String {
    let mut s = format!("{} {}", spec.method, spec.target);
    if !spec.headers.is_empty() {
        s.push_str(&format!("  · {} headers", spec.headers.len()));
    }
    if let Some(b) = &spec.body {
        s.push_str(&format!("  · body {} B", b.len()));
    }
    s
}

fn draw_history(frame: &mut Frame, lab: &LabScreen, theme: &Theme, area: Rect) {
    if lab.history.is_empty() {
        frame.render_widget(
            Paragraph::new(Span::styled(
                "No requests sent yet. What you send from the composer is kept here; Enter \
                 recalls one to edit and send again.",
                theme.dim(),
            ))
            .wrap(Wrap { trim: false }),
            area,
        );
        return;
    }
    let width = area.width as usize;
    let first = list_first(lab, area.height as usize);
    let focused = lab.focus == Focus::Side;
    let lines: Vec<Line> = lab
        .history
        .iter()
        .rev()
        .enumerate()
        .skip(first)
        .take(area.height as usize)
        .map(|(i, spec)| {
            let style = if focused && i == lab.history_sel {
                theme.selected()
            } else {
                theme.base()
            };
            Line::from(Span::styled(
                fit(&format!(" {}", describe(spec)), width),
                style,
            ))
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

fn draw_curl(frame: &mut Frame, cmd: &str, theme: &Theme, body: Rect) {
    let width = body.width.saturating_sub(4).min(90);
    let inner_w = width.saturating_sub(2).max(1) as usize;
    let cmd_rows = cmd.chars().count().div_ceil(inner_w) as u16;
    let area = super::layout::centered(body, width, cmd_rows + 6);
    frame.render_widget(Clear, area);
    let lines = vec![
        Line::from(Span::styled(
            "Copied to the clipboard (where the terminal supports OSC 52).",
            theme.done(),
        )),
        Line::default(),
        Line::from(Span::styled(cmd.to_string(), theme.key())),
        Line::default(),
        Line::from(Span::styled(
            "Or select it by hand (Shift + drag in most terminals).",
            theme.dim(),
        )),
    ];
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::bordered()
                .title(Span::styled(" Copy as curl ", theme.title()))
                .title_bottom(
                    Line::from(Span::styled(" any key closes ", theme.dim())).right_aligned(),
                ),
        ),
        area,
    );
}
