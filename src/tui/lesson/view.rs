//! Drawing the Lesson screen: header, the rendered text scrolled, a footer with position, and the
//! table of contents beside (or over) the text.

use super::LessonView;
use crate::progress::LessonStatus;
use crate::tui::app::App;
use crate::tui::theme::Theme;
use crate::tui::ui::layout;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

pub fn draw(frame: &mut Frame, app: &App, view: &LessonView, theme: &Theme, area: Rect) {
    let areas = layout::lesson_areas(area, view.toc.is_some(), view.pane.is_some());
    let Some(lesson) = app.course.lessons().nth(view.index) else {
        return;
    };
    let phase = app
        .course
        .phase(&lesson.phase_id)
        .map_or("", |p| p.title.as_str());
    let status = app.snap.status(&lesson.id);
    let status_span = match status {
        LessonStatus::Done => Span::styled(" ✓ done", theme.done()),
        _ => Span::styled(" · c marks complete", theme.dim()),
    };
    let header = Line::from(vec![
        Span::styled(format!(" {phase} › "), theme.dim()),
        Span::styled(lesson.title.clone(), theme.title()),
        Span::styled(format!(" · {} min", lesson.minutes), theme.dim()),
        status_span,
    ]);
    frame.render_widget(Paragraph::new(header), areas.header);

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

fn draw_toc(frame: &mut Frame, view: &LessonView, sel: usize, theme: &Theme, area: Rect) {
    frame.render_widget(Clear, area);
    let block = Block::new()
        .borders(Borders::LEFT)
        .border_style(theme.dim())
        .title(Span::styled(" Contents ", theme.title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let height = inner.height as usize;
    let off = sel
        .saturating_sub(height / 2)
        .min(view.rendered.headings.len().saturating_sub(height));
    let width = inner.width as usize;
    let lines: Vec<Line> = view
        .rendered
        .headings
        .iter()
        .enumerate()
        .skip(off)
        .take(height)
        .map(|(i, h)| {
            let indent = "  ".repeat(h.level.saturating_sub(1) as usize);
            let text: String = format!(" {indent}{}", h.title)
                .chars()
                .take(width)
                .collect();
            let style = if i == sel {
                theme.selected()
            } else {
                theme.base()
            };
            Line::from(Span::styled(format!("{text:<width$}"), style))
        })
        .collect();
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
