//! Drawing the Roadmap screen: phases with a gauge each, lessons with status marks, the next lesson marked.

use crate::markdown::{RenderOptions, render};
use crate::progress::LessonStatus;
use crate::tui::app::App;
use crate::tui::theme::Theme;
use crate::tui::ui::layout;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

/// One row of the list: a phase header or a lesson (by roadmap index).
enum RowKind {
    Phase(usize),
    Lesson(usize),
}

fn rows(app: &App) -> Vec<RowKind> {
    let mut out = Vec::new();
    let mut i = 0;
    for (p, phase) in app.course.phases.iter().enumerate() {
        out.push(RowKind::Phase(p));
        for _ in &phase.lessons {
            out.push(RowKind::Lesson(i));
            i += 1;
        }
    }
    out
}

/// First visible row, keeping the selection in view (the same answer for draw and clicks).
fn offset(app: &App, rows: &[RowKind], height: usize) -> usize {
    let sel = rows
        .iter()
        .position(|r| matches!(r, RowKind::Lesson(i) if *i == app.selected))
        .unwrap_or(0);
    let max = rows.len().saturating_sub(height);
    sel.saturating_sub(height / 3).min(max)
}

/// The lesson under a click at row `y` of the list area.
pub fn lesson_at(app: &App, list: Rect, y: u16) -> Option<usize> {
    if y < list.y || y >= list.y + list.height {
        return None;
    }
    let rows = rows(app);
    let off = offset(app, &rows, list.height as usize);
    match rows.get(off + (y - list.y) as usize) {
        Some(RowKind::Lesson(i)) => Some(*i),
        _ => None,
    }
}

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let (list_area, detail) = layout::roadmap_areas(area);
    let rows = rows(app);
    let height = list_area.height as usize;
    let off = offset(app, &rows, height);
    let next = app.snap.next_lesson(&app.course).map(str::to_string);
    let lessons: Vec<_> = app.course.lessons().collect();
    let width = list_area.width as usize;
    let mut lines = Vec::new();
    for row in rows.iter().skip(off).take(height) {
        match row {
            RowKind::Phase(p) => {
                let phase = &app.course.phases[*p];
                let (done, total) = app.snap.phase_counts(&app.course, &phase.id);
                let counts = format!(" {done}/{total}");
                let bar_w = 10usize;
                let title_w = width.saturating_sub(bar_w + counts.len() + 2);
                let mut spans = vec![Span::styled(
                    format!(
                        " {:<title_w$}",
                        truncate(&phase.title, title_w.saturating_sub(1))
                    ),
                    theme.title(),
                )];
                if width > bar_w + counts.len() + 12 {
                    spans.extend(crate::tui::ui::bar(theme, done, total, bar_w));
                    spans.push(Span::styled(counts, theme.dim()));
                }
                lines.push(Line::from(spans));
            }
            RowKind::Lesson(i) => {
                let lesson = lessons[*i];
                let status = app.snap.status(&lesson.id);
                let (mark, style) = match status {
                    LessonStatus::Done => ("✓", theme.done()),
                    LessonStatus::Started => ("◐", theme.started()),
                    LessonStatus::New => ("·", theme.dim()),
                };
                let is_next = next.as_deref() == Some(lesson.id.as_str());
                let tail = match (is_next, lesson.coming) {
                    (true, _) => " ← next".to_string(),
                    (false, true) => " (coming)".to_string(),
                    _ => String::new(),
                };
                let minutes = format!("{:>3}m ", lesson.minutes);
                let title_w = width.saturating_sub(6 + minutes.len() + tail.chars().count());
                let mut spans = vec![
                    Span::raw("   "),
                    Span::styled(mark, style),
                    Span::raw(" "),
                    Span::raw(format!("{:<title_w$}", truncate(&lesson.title, title_w))),
                    Span::styled(tail, if is_next { theme.next() } else { theme.dim() }),
                    Span::styled(minutes, theme.dim()),
                ];
                if *i == app.selected {
                    for s in &mut spans {
                        s.style = s.style.patch(theme.selected());
                    }
                }
                lines.push(Line::from(spans));
            }
        }
    }
    frame.render_widget(Paragraph::new(lines), list_area);

    if let Some(detail) = detail {
        draw_detail(frame, app, theme, detail);
    }
}

fn draw_detail(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let block = Block::new()
        .borders(Borders::LEFT)
        .border_style(theme.dim());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let inner = Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(1),
        ..inner
    };
    let Some(lesson) = app.course.lessons().nth(app.selected) else {
        return;
    };
    // First launch: the course's welcome, which `w` scrolls.
    if shows_welcome(app) {
        let rendered = render(
            &app.course.welcome,
            &RenderOptions {
                width: inner.width.max(1),
                color: app.color,
            },
        );
        let total = rendered.text.lines.len();
        let height = inner.height as usize;
        let scroll = app.welcome_scroll.min(total.saturating_sub(height));
        let mut lines: Vec<Line> = rendered.text.lines.into_iter().skip(scroll).collect();
        if total > height && height > 1 {
            lines.truncate(height - 1);
            let more = if scroll + height > total {
                "w: back to the top"
            } else {
                "w: more ↓"
            };
            lines.push(Line::from(Span::styled(more, theme.key())));
        }
        frame.render_widget(Paragraph::new(lines), inner);
        return;
    }
    let phase = app.course.phase(&lesson.phase_id);
    let status = app.snap.status(&lesson.id);
    let mut lines = vec![
        Line::from(Span::styled(lesson.title.clone(), theme.title())),
        Line::from(Span::styled(
            format!("{} min · {}", lesson.minutes, status.as_str()),
            theme.dim(),
        )),
        Line::default(),
    ];
    if let Some(due) = crate::tui::progress::due::roadmap_line(app, theme) {
        lines.insert(2, due);
    }
    if !lesson.objectives.is_empty() {
        lines.push(Line::from(Span::styled(
            "You will be able to",
            theme.accent(),
        )));
        for o in &lesson.objectives {
            lines.push(Line::from(format!("• {o}")));
        }
        lines.push(Line::default());
    }
    if let Some(p) = phase {
        lines.push(Line::from(Span::styled(p.title.clone(), theme.accent())));
        lines.push(Line::from(p.summary.clone()));
    }
    frame.render_widget(
        Paragraph::new(Text::from(lines)).wrap(Wrap { trim: true }),
        inner,
    );
}

/// The welcome shows beside the roadmap: a first launch, a course with one, room for it.
pub fn shows_welcome(app: &App) -> bool {
    app.snap.lessons.is_empty()
        && !app.course.welcome.is_empty()
        && layout::roadmap_areas(app.viewport_rect()).1.is_some()
}

/// The welcome's rendered length and the rows it has on screen, when it shows.
pub fn welcome_size(app: &App) -> Option<(usize, usize)> {
    if !shows_welcome(app) {
        return None;
    }
    let detail = layout::roadmap_areas(app.viewport_rect()).1?;
    let width = detail.width.saturating_sub(2).max(1);
    let lines = render(
        &app.course.welcome,
        &RenderOptions {
            width,
            color: false,
        },
    )
    .text
    .lines
    .len();
    // One row is the "w: more" line.
    Some((lines, (detail.height as usize).saturating_sub(1).max(1)))
}

fn truncate(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_string()
    } else if width == 0 {
        String::new()
    } else {
        let mut t: String = s.chars().take(width - 1).collect();
        t.push('…');
        t
    }
}
