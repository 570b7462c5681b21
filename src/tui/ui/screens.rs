//! The Lab, Exercises and Progress tabs.

use crate::progress::LessonStatus;
use crate::tui::app::App;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

pub fn lab(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let url = if app.lab_url.is_empty() {
        "not running".to_string()
    } else {
        app.lab_url.clone()
    };
    let lines = vec![
        Line::from(Span::styled(" The lab", theme.title())),
        Line::default(),
        Line::from(vec![
            Span::raw(" Address: "),
            Span::styled(url, theme.accent()),
        ]),
        Line::default(),
        Line::from(" Send it requests from another terminal:"),
        Line::from(Span::styled(
            format!(
                "   curl -i {}/get",
                if app.lab_url.is_empty() {
                    "http://127.0.0.1:7357"
                } else {
                    &app.lab_url
                }
            ),
            theme.key(),
        )),
        Line::default(),
        Line::from(Span::styled(
            " The request composer on this screen is coming in a later release.",
            theme.dim(),
        )),
    ];
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

pub fn exercises(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let mut lines = vec![
        Line::from(Span::styled(" Exercises", theme.title())),
        Line::default(),
    ];
    if app.course.exercises.is_empty() {
        lines.push(Line::from(Span::styled(
            " This course has no exercises yet.",
            theme.dim(),
        )));
    }
    let width = area.width as usize;
    for phase in &app.course.phases {
        let ex: Vec<_> = app
            .course
            .exercises
            .iter()
            .filter(|e| e.phase == phase.id)
            .collect();
        if ex.is_empty() {
            continue;
        }
        lines.push(Line::from(Span::styled(
            format!(" {}", phase.title),
            theme.accent(),
        )));
        for e in ex {
            let (mark, style) = if app.snap.passed.contains(&e.id) {
                ("✓", theme.done())
            } else if app.snap.attempted.contains(&e.id) {
                ("◐", theme.started())
            } else {
                ("·", theme.dim())
            };
            let id_w = 24.min(width / 3);
            let title: String = e
                .title
                .chars()
                .take(width.saturating_sub(id_w + 14))
                .collect();
            lines.push(Line::from(vec![
                Span::raw("   "),
                Span::styled(mark, style),
                Span::raw(" "),
                Span::styled(format!("{:<id_w$} ", e.id), theme.dim()),
                Span::raw(title),
                Span::styled(format!("  {}", e.kind), theme.dim()),
            ]));
        }
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        " Check one from a terminal: backroad check <id>   (hints: backroad hint <id>)",
        theme.dim(),
    )));
    frame.render_widget(Paragraph::new(lines), area);
}

pub fn progress(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let summary = app.snap.summary(&app.course, app.seconds_studied);
    let pct = crate::progress::percent;
    let width = area.width as usize;
    let bar_w = (width / 4).clamp(5, 20);
    let mut lines = vec![
        Line::from(Span::styled(" Progress", theme.title())),
        Line::default(),
    ];
    let mut overall = vec![Span::raw(" Lessons    ")];
    overall.extend(super::bar(
        theme,
        summary.lessons_done,
        summary.lessons_total,
        bar_w,
    ));
    overall.push(Span::raw(format!(
        " {}/{} ({}%)",
        summary.lessons_done,
        summary.lessons_total,
        pct(summary.lessons_done, summary.lessons_total)
    )));
    lines.push(Line::from(overall));
    let mut ex = vec![Span::raw(" Exercises  ")];
    ex.extend(super::bar(
        theme,
        summary.exercises_passed,
        summary.exercises_total,
        bar_w,
    ));
    ex.push(Span::raw(format!(
        " {}/{} ({}%)",
        summary.exercises_passed,
        summary.exercises_total,
        pct(summary.exercises_passed, summary.exercises_total)
    )));
    lines.push(Line::from(ex));
    let mins = app.seconds_studied / 60;
    lines.push(Line::from(format!(
        " Studied    {}h {:02}m",
        mins / 60,
        mins % 60
    )));
    lines.push(Line::default());
    let title_w = width.saturating_sub(bar_w + 14).min(44);
    for phase in &app.course.phases {
        let (done, total) = app.snap.phase_counts(&app.course, &phase.id);
        let started = phase
            .lessons
            .iter()
            .any(|l| app.snap.status(&l.id) != LessonStatus::New);
        let title: String = phase.title.chars().take(title_w).collect();
        let mut spans = vec![Span::styled(
            format!(" {title:<title_w$} "),
            if started { theme.base() } else { theme.dim() },
        )];
        spans.extend(super::bar(theme, done, total, bar_w));
        spans.push(Span::styled(format!(" {done}/{total}"), theme.dim()));
        lines.push(Line::from(spans));
    }
    frame.render_widget(Paragraph::new(lines), area);
}
