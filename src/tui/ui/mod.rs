//! Drawing the frame around the screens, as a pure function of the app state: the tab bar, the
//! status bar, the search and help overlays. Each screen draws its body from its own folder
//! (`tui/roadmap`, `tui/lesson`, `tui/lab`, `tui/exercises`, `tui/progress`); [`layout`] holds
//! the areas they share, [`response`] the status-line styling the lesson pane and the lab share.

pub mod layout;
pub mod response;
pub mod wrap;

use super::app::{App, Tab};
use super::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Row, Table, Wrap};

/// Draw the whole screen.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    let theme = Theme::new(app.color);
    if layout::too_small(area) {
        let msg = format!(
            "backroad needs at least {}×{}; this is {}×{}. Make the window larger.",
            layout::MIN_WIDTH,
            layout::MIN_HEIGHT,
            area.width,
            area.height
        );
        frame.render_widget(Paragraph::new(msg).wrap(Wrap { trim: true }), area);
        return;
    }
    let [tabs, body, status] = layout::main_areas(area);
    draw_tabs(frame, app, &theme, tabs);
    match app.tab {
        Tab::Roadmap => match &app.lesson {
            Some(view) => crate::tui::lesson::view::draw(frame, app, view, &theme, area),
            None => crate::tui::roadmap::view::draw(frame, app, &theme, area),
        },
        Tab::Lab => crate::tui::lab::draw(frame, app, &theme, body),
        Tab::Exercises => crate::tui::exercises::view::draw(frame, app, &theme, area),
        Tab::Progress => crate::tui::progress::view::progress(frame, app, &theme, body),
        Tab::Sql => crate::tui::sql::view::draw(frame, app, &theme, body),
    }
    draw_status(frame, app, &theme, status);
    if let Some(search) = &app.search {
        draw_search(frame, search, &theme, body);
    }
    if app.help {
        draw_help(frame, app, &theme, body);
    }
}

fn draw_tabs(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    frame.render_widget(Block::new().style(theme.bar()), area);
    let mut spans = vec![Span::styled(layout::BRAND, theme.accent()), Span::raw(" ")];
    for (tab, label, ..) in layout::tab_spans(area) {
        let style = if tab == app.tab {
            theme.tab_active()
        } else {
            theme.bar()
        };
        spans.push(Span::styled(label, style));
        spans.push(Span::raw(" "));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
    let title = Span::styled(format!("{} ", app.course.title), theme.dim());
    let w = title.width() as u16;
    let used: u16 = layout::tab_spans(area).last().map_or(0, |t| t.3);
    if area.width > used + w + 1 {
        let right = Rect {
            x: area.x + area.width - w,
            width: w,
            ..area
        };
        frame.render_widget(Paragraph::new(title), right);
    }
}

fn draw_status(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    frame.render_widget(Block::new().style(theme.bar()), area);
    let text = match &app.message {
        Some(m) => Line::from(Span::styled(format!(" {m}"), theme.bar())),
        None => {
            let hints = super::keymap::footer(app);
            let mut spans = vec![Span::raw(" ")];
            for (k, what) in hints {
                spans.push(Span::styled(k, theme.key()));
                spans.push(Span::styled(format!(" {what}  "), theme.bar()));
            }
            Line::from(spans)
        }
    };
    frame.render_widget(Paragraph::new(text), area);
    if let Some(until) = app.focus_until {
        let left = ((until - app.clock).max(0) + 999) / 1000;
        let timer = Span::styled(
            format!(" ⏱ {:02}:{:02} ", left / 60, left % 60),
            theme.key(),
        );
        let w = timer.width() as u16;
        if area.width > w + 20 {
            let right = Rect {
                x: area.x + area.width - w,
                width: w,
                ..area
            };
            frame.render_widget(Paragraph::new(timer), right);
        }
    }
}

fn draw_search(frame: &mut Frame, search: &super::search::Search, theme: &Theme, body: Rect) {
    let width = (body.width * 4 / 5).max(30);
    let height = (search.hits.len() as u16 + 4).clamp(5, body.height.saturating_sub(2).max(5));
    let area = layout::centered(body, width, height);
    frame.render_widget(Clear, area);
    let block = Block::bordered()
        .title(Span::styled(
            " Search lessons and exercises ",
            theme.title(),
        ))
        .title_bottom(
            Line::from(Span::styled(" Enter opens · Esc closes ", theme.dim())).right_aligned(),
        );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut lines = vec![Line::from(vec![
        Span::styled("/ ", theme.key()),
        Span::raw(search.query.clone()),
        Span::styled("▏", theme.accent()),
    ])];
    if search.query.trim().is_empty() {
        lines.push(Line::from(Span::styled(
            "Type a word: a header name, a status code, a topic…",
            theme.dim(),
        )));
    } else if search.hits.is_empty() {
        lines.push(Line::from(Span::styled(
            "No lesson or exercise mentions that.",
            theme.dim(),
        )));
    }
    let rows = inner.height.saturating_sub(1) as usize;
    let off = search.selected.saturating_sub(rows.saturating_sub(1));
    let w = inner.width as usize;
    for (i, hit) in search.hits.iter().enumerate().skip(off).take(rows) {
        let title_w = (w / 3).max(10);
        let title: String = hit.title.chars().take(title_w).collect();
        let snip: String = hit
            .snippet
            .chars()
            .take(w.saturating_sub(title_w + 3))
            .collect();
        let mut spans = vec![
            Span::styled(format!("{title:<title_w$} "), theme.accent()),
            Span::styled(
                format!("{snip:<width$}", width = w.saturating_sub(title_w + 1)),
                theme.dim(),
            ),
        ];
        if i == search.selected {
            for s in &mut spans {
                s.style = s.style.patch(theme.selected());
            }
        }
        lines.push(Line::from(spans));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

fn draw_help(frame: &mut Frame, app: &App, theme: &Theme, body: Rect) {
    let keys = super::action::help_for(app.base_context());
    // Long descriptions wrap in their column: nothing is cut off.
    let width = body.width.saturating_sub(2).clamp(30, 72);
    let key_w: u16 = 20;
    let what_w = width.saturating_sub(key_w + 3) as usize;
    let rows: Vec<Row> = keys
        .iter()
        .map(|(k, what)| {
            let lines = wrap::wrap(what, what_w);
            let height = lines.len() as u16;
            Row::new(vec![
                ratatui::text::Text::from(Span::styled(*k, theme.key())),
                ratatui::text::Text::from(lines.into_iter().map(Line::from).collect::<Vec<_>>()),
            ])
            .height(height)
        })
        .collect();
    let height: u16 = keys
        .iter()
        .map(|(_, what)| wrap::wrap(what, what_w).len() as u16)
        .sum();
    let area = layout::centered(body, width, height + 2);
    frame.render_widget(Clear, area);
    let table = Table::new(
        rows,
        [
            ratatui::layout::Constraint::Length(key_w),
            ratatui::layout::Constraint::Fill(1),
        ],
    )
    .block(
        Block::bordered()
            .title(Span::styled(" Keys ", theme.title()))
            .title_bottom(
                Line::from(Span::styled(" ? or Esc closes ", theme.dim())).right_aligned(),
            )
            .style(Style::new()),
    );
    frame.render_widget(table, area);
}

/// A text progress bar `██████░░░░` of `width` cells.
pub fn bar<'a>(theme: &Theme, done: usize, total: usize, width: usize) -> Vec<Span<'a>> {
    let filled = if total == 0 {
        0
    } else {
        (done * width).div_ceil(total).min(width)
    };
    vec![
        Span::styled("█".repeat(filled), theme.gauge_fill()),
        Span::styled("░".repeat(width - filled), theme.gauge_empty()),
    ]
}
