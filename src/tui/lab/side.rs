//! Drawing the Lab screen's side panel: the trace of what is shown, the live list of what the
//! lab received, the history of sent requests; and the "copy as curl" overlay.

use super::edit;
use super::layout::*;
use super::view::{block, lab_base};
use super::viewer;
use super::{Focus, LabScreen, Shown, SideTab};
use crate::exchange::{Exchange, RequestSpec, StepKind};
use crate::tui::app::App;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

pub(super) fn draw_side(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
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
                crate::tui::ui::response::status_style(theme, x.status),
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
pub(super) const INDENT: usize = 21;

/// Split `text` at spaces into lines at most `width` wide (long words are cut).
pub(super) fn wrap(text: &str, width: usize) -> Vec<String> {
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

pub(super) fn draw_trace(frame: &mut Frame, lab: &LabScreen, theme: &Theme, area: Rect) {
    let lines = trace_lines(lab, theme, area.width as usize);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((lab.trace_scroll.min(u16::MAX as usize) as u16, 0)),
        area,
    );
}

/// `HH:MM:SS` (UTC) of a time in ms since the epoch.
pub(super) fn clock_text(ms: i64) -> String {
    let s = ms.div_euclid(1000);
    format!(
        "{:02}:{:02}:{:02}",
        s.div_euclid(3600).rem_euclid(24),
        s.div_euclid(60).rem_euclid(60),
        s.rem_euclid(60)
    )
}

pub(super) fn user_agent(x: &Exchange) -> &str {
    x.request_headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("user-agent"))
        .map_or("", |(_, v)| v.as_str())
}

pub(super) fn fit(s: &str, w: usize) -> String {
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

pub(super) fn draw_live(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
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
                    crate::tui::ui::response::status_style(theme, x.status),
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

pub(super) fn describe(spec: &RequestSpec) -> String {
    let mut s = format!("{} {}", spec.method, spec.target);
    if !spec.headers.is_empty() {
        s.push_str(&format!("  · {} headers", spec.headers.len()));
    }
    if let Some(b) = &spec.body {
        s.push_str(&format!("  · body {} B", b.len()));
    }
    s
}

pub(super) fn draw_history(frame: &mut Frame, lab: &LabScreen, theme: &Theme, area: Rect) {
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

pub(super) fn draw_curl(frame: &mut Frame, cmd: &str, theme: &Theme, body: Rect) {
    let width = body.width.saturating_sub(4).min(90);
    let inner_w = width.saturating_sub(2).max(1) as usize;
    let cmd_rows = cmd.chars().count().div_ceil(inner_w) as u16;
    let area = crate::tui::ui::layout::centered(body, width, cmd_rows + 6);
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
