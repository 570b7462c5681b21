//! An HTTP answer drawn as lines: status (coloured by class, with its reason phrase), time,
//! headers, and the body (JSON pretty-printed). Shared by the lesson pane and the Lab screen.

use crate::exchange::{Received, SendError};
use crate::tui::theme::Theme;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// The reason phrase of a status code ("Not Found"), or "" for unknown codes.
pub fn reason(status: u16) -> &'static str {
    reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|c| c.canonical_reason())
        .unwrap_or("")
}

/// The colour of a status class: 2xx green, 3xx cyan, 4xx yellow, 5xx red.
pub fn status_style(theme: &Theme, status: u16) -> Style {
    use ratatui::style::{Color, Modifier};
    let base = Style::new().add_modifier(Modifier::BOLD);
    if !theme.color {
        return base;
    }
    base.fg(match status {
        200..=299 => Color::Green,
        300..=399 => Color::Cyan,
        400..=499 => Color::Yellow,
        _ => Color::Red,
    })
}

/// The body as text: JSON pretty-printed, other text as is, binary summarised.
pub fn body_text(r: &Received) -> String {
    if r.body.is_empty() {
        return String::new();
    }
    if let Ok(v) = serde_json::from_slice::<serde_json::Value>(&r.body) {
        return serde_json::to_string_pretty(&v).unwrap_or_default();
    }
    match std::str::from_utf8(&r.body) {
        Ok(t) => t.to_string(),
        Err(_) => format!("({} bytes of binary data)", r.body.len()),
    }
}

/// Lines for an answer, or for the failure to get one.
pub fn lines(result: &Result<Received, SendError>, theme: &Theme) -> Vec<Line<'static>> {
    let r = match result {
        Ok(r) => r,
        Err(e) => {
            return vec![
                Line::from(Span::styled("No answer", theme.warn())),
                Line::from(e.to_string()),
            ];
        }
    };
    let mut out = vec![Line::from(vec![
        Span::styled(
            format!("{} {}", r.status, reason(r.status)),
            status_style(theme, r.status),
        ),
        Span::styled(format!("  ·  {} ms", r.duration.as_millis()), theme.dim()),
        Span::styled(format!("  ·  {} bytes", r.body.len()), theme.dim()),
    ])];
    for (k, v) in &r.headers {
        out.push(Line::from(vec![
            Span::styled(format!("{k}: "), theme.accent()),
            Span::raw(v.clone()),
        ]));
    }
    let body = body_text(r);
    if !body.is_empty() {
        out.push(Line::default());
        out.extend(body.lines().map(|l| Line::from(l.to_string())));
    }
    out
}
