//! Drawing the Lesson screen: header, the rendered text scrolled, a footer with position, and the
//! table of contents beside (or over) the text.

use super::LessonView;
use crate::progress::LessonStatus;
use crate::tui::app::App;
use crate::tui::theme::Theme;
use crate::tui::ui::layout;
use crate::tui::ui::wrap::wrap;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

pub fn draw(frame: &mut Frame, app: &App, view: &LessonView, theme: &Theme, area: Rect) {
    let areas = layout::lesson_areas(
        area,
        view.toc.is_some(),
        view.pane.is_some(),
        app.lesson_header_rows(),
    );
    let Some(lesson) = app.course.lessons().nth(view.index) else {
        return;
    };
    let header = header_line(app, lesson, theme);
    frame.render_widget(
        Paragraph::new(header).wrap(Wrap { trim: false }),
        areas.header,
    );

    let total = view.rendered.text.lines.len();
    let height = areas.body.height as usize;
    let scroll = view.scroll.min(total.saturating_sub(1));
    let visible: Vec<Line> = view
        .rendered
        .text
        .lines
        .iter()
        .skip(scroll)
        .take(height)
        .cloned()
        .collect();
    let mut visible = visible;
    // The focused runnable request: its "▶ http" line becomes a send button.
    if let Some(block) = view.focus.and_then(|i| view.rendered.requests.get(i))
        && block.line >= scroll
        && block.line < scroll + height
    {
        let label = match &block.request {
            Ok(r) => format!(
                "▶ send {} {}   Enter send · o edit in Lab · Tab next",
                r.method, r.target
            ),
            Err(_) => "✗ this block is not a request that can be sent".to_string(),
        };
        visible[block.line - scroll] =
            Line::from(Span::styled(label, theme.selected().patch(theme.key())));
    }
    frame.render_widget(Paragraph::new(visible), areas.body);
    if let (Some(pane), Some(area)) = (&view.pane, areas.pane) {
        draw_pane(frame, pane, theme, area);
    }

    let last = (scroll + height).min(total);
    let pct = if total <= height {
        100
    } else {
        last * 100 / total
    };
    let exercises = app.lesson_exercises(&lesson.id).len();
    let footer = Line::from(vec![
        Span::styled(
            format!(" lines {}–{last} of {total} · {pct}%", scroll + 1),
            theme.dim(),
        ),
        Span::styled(
            match exercises {
                0 => String::new(),
                1 => "   x: 1 exercise".to_string(),
                n => format!("   x: {n} exercises"),
            },
            theme.key(),
        ),
        Span::styled(
            format!(
                "   lesson {} of {}",
                view.index + 1,
                app.course.lessons().count()
            ),
            theme.dim(),
        ),
    ]);
    frame.render_widget(Paragraph::new(footer), areas.footer);

    if let (Some(toc_area), Some(sel)) = (areas.toc, view.toc) {
        draw_toc(frame, view, sel, theme, toc_area);
    }
}

/// The header: phase › title · minutes · status. It wraps when the terminal is narrow.
pub(crate) fn header_line<'a>(
    app: &App,
    lesson: &crate::course::Lesson,
    theme: &Theme,
) -> Line<'a> {
    let phase = app
        .course
        .phase(&lesson.phase_id)
        .map_or("", |p| p.title.as_str());
    let status_span = match app.snap.status(&lesson.id) {
        LessonStatus::Done => Span::styled(" ✓ done", theme.done()),
        _ => Span::styled(" · c marks complete", theme.dim()),
    };
    Line::from(vec![
        Span::styled(format!(" {phase} › "), theme.dim()),
        Span::styled(lesson.title.clone(), theme.title()),
        Span::styled(format!(" · {} min", lesson.minutes), theme.dim()),
        status_span,
    ])
}

fn draw_toc(frame: &mut Frame, view: &LessonView, sel: usize, theme: &Theme, area: Rect) {
    frame.render_widget(Clear, area);
    let block = Block::new()
        .borders(Borders::LEFT)
        .border_style(theme.dim())
        .title(Span::styled(" Contents ", theme.title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let height = inner.height as usize;
    let width = inner.width as usize;
    // A long heading wraps onto more rows, indented under its first.
    let wrapped = |h: &crate::markdown::Heading| {
        let pad = 2 * h.level.saturating_sub(1) as usize + 1;
        wrap(&h.title, width.saturating_sub(pad).max(8))
    };
    let headings = &view.rendered.headings;
    let mut off = sel
        .saturating_sub(height / 2)
        .min(headings.len().saturating_sub(height));
    // Start late enough that the selected heading's rows all show.
    while off < sel
        && headings[off..=sel.min(headings.len().saturating_sub(1))]
            .iter()
            .map(|h| wrapped(h).len())
            .sum::<usize>()
            > height
    {
        off += 1;
    }
    let mut lines: Vec<Line> = Vec::with_capacity(height);
    for (i, h) in headings.iter().enumerate().skip(off) {
        let indent = "  ".repeat(h.level.saturating_sub(1) as usize);
        let style = if i == sel {
            theme.selected()
        } else {
            theme.base()
        };
        for (n, row) in wrapped(h).into_iter().enumerate() {
            let text = if n == 0 {
                format!(" {indent}{row}")
            } else {
                format!(" {indent}  {row}")
            };
            lines.push(Line::from(Span::styled(format!("{text:<width$}"), style)));
        }
        if lines.len() >= height {
            break;
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

fn draw_pane(frame: &mut Frame, pane: &super::ResponsePane, theme: &Theme, area: Rect) {
    if let Some(sql) = &pane.sql {
        return crate::tui::sql::view::draw_lesson_pane(frame, sql, pane.scroll, theme, area);
    }
    let title = format!(" {} {} ", pane.request.method, pane.request.target);
    let block = Block::new()
        .borders(Borders::TOP)
        .border_style(theme.dim())
        .title(Span::styled(title, theme.title()))
        .title(
            Line::from(Span::styled(" Esc closes · o edit in Lab ", theme.dim())).right_aligned(),
        );
    let inner = block.inner(area);
    let inner = Rect {
        x: inner.x.saturating_add(1),
        width: inner.width.saturating_sub(1),
        ..inner
    };
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let lines = match &pane.result {
        None => vec![Line::from(Span::styled(
            "Waiting for the lab…",
            theme.dim(),
        ))],
        Some(result) => crate::tui::ui::response::lines(result, theme),
    };
    let lines: Vec<Line> = lines.into_iter().skip(pane.scroll).collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
