//! The Lab, Exercises and Progress tabs.

use crate::progress::LessonStatus;
use crate::tui::app::App;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

#[allow(dead_code)] // Replaced by `ui::lab::draw`; delete when merging.
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
    use ratatui::layout::{Constraint, Layout};
    let summary = app.snap.summary(&app.course, app.seconds_studied);
    let pct = crate::progress::percent;
    let today = app.clock.div_euclid(86_400_000);
    let [top, rest] = Layout::vertical([Constraint::Length(5), Constraint::Fill(1)]).areas(area);
    let bar_w = 16;
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
    let streak = app.snap.streak(today);
    lines.push(Line::from(vec![
        Span::raw(format!(" Studied    {}h {:02}m", mins / 60, mins % 60)),
        Span::raw("   Streak "),
        Span::styled(
            format!("{streak} day{}", if streak == 1 { "" } else { "s" }),
            if streak > 0 {
                theme.done()
            } else {
                theme.dim()
            },
        ),
    ]));
    frame.render_widget(Paragraph::new(lines), top);

    let wide = rest.width >= 76;
    let (left, right) = if wide {
        let [l, r] = Layout::horizontal([Constraint::Fill(1), Constraint::Length(32)]).areas(rest);
        (l, Some(r))
    } else {
        (rest, None)
    };
    // Per phase: lessons done with a bar, exercises passed.
    let width = left.width as usize;
    let title_w = width.saturating_sub(10 + 6 + 10 + 2).clamp(8, 30);
    let mut lines = vec![Line::from(Span::styled(" Phases", theme.accent()))];
    for phase in &app.course.phases {
        let (done, total) = app.snap.phase_counts(&app.course, &phase.id);
        let started = phase
            .lessons
            .iter()
            .any(|l| app.snap.status(&l.id) != LessonStatus::New);
        let ex: Vec<_> = app
            .course
            .exercises
            .iter()
            .filter(|e| e.phase == phase.id)
            .collect();
        let passed = ex
            .iter()
            .filter(|e| app.snap.passed.contains(&e.id))
            .count();
        let title: String = phase.title.chars().take(title_w).collect();
        let mut spans = vec![Span::styled(
            format!(" {title:<title_w$} "),
            if started { theme.base() } else { theme.dim() },
        )];
        spans.extend(super::bar(theme, done, total, 8));
        spans.push(Span::styled(format!(" {done}/{total}"), theme.dim()));
        if !ex.is_empty() {
            spans.push(Span::styled(
                format!("  ex {passed}/{}", ex.len()),
                theme.dim(),
            ));
        }
        lines.push(Line::from(spans));
    }
    frame.render_widget(Paragraph::new(lines), left);

    if let Some(right) = right {
        let mut lines = vec![Line::from(Span::styled(
            "Study days (last 20 weeks)",
            theme.accent(),
        ))];
        lines.extend(heat_map(app, theme, today, 20));
        lines.push(Line::from(vec![
            Span::styled("less ", theme.dim()),
            Span::styled("·░▒▓█", theme.done()),
            Span::styled(" more", theme.dim()),
        ]));
        let struggles = app.snap.struggles(4);
        if !struggles.is_empty() {
            lines.push(Line::default());
            lines.push(Line::from(Span::styled(
                "Where you struggled",
                theme.accent(),
            )));
            for s in struggles {
                let id: String = s.exercise_id.chars().take(18).collect();
                lines.push(Line::from(vec![
                    Span::raw(format!("{id:<18} ")),
                    Span::styled(
                        format!(
                            "{}× {}h{}",
                            s.attempts,
                            s.hints_used,
                            if s.passed { " ✓" } else { "" }
                        ),
                        if s.passed { theme.done() } else { theme.warn() },
                    ),
                ]));
            }
        }
        frame.render_widget(Paragraph::new(lines), right);
    }
}

/// A calendar of study days: one column per week (Monday on top), the newest week on the right.
fn heat_map<'a>(app: &App, theme: &Theme, today: i64, weeks: i64) -> Vec<Line<'a>> {
    let seconds: std::collections::HashMap<i64, i64> =
        app.snap.days.iter().map(|d| (d.day, d.seconds)).collect();
    // 1970-01-01 was a Thursday: Monday-based weekday is (day + 3) % 7.
    let this_monday = today - (today + 3).rem_euclid(7);
    let first_monday = this_monday - (weeks - 1) * 7;
    let names = ["M", " ", "W", " ", "F", " ", "S"];
    (0..7)
        .map(|wd| {
            let mut spans = vec![Span::styled(
                format!("{} ", names[wd as usize]),
                theme.dim(),
            )];
            for w in 0..weeks {
                let day = first_monday + w * 7 + wd;
                if day > today {
                    spans.push(Span::raw(" "));
                    continue;
                }
                let secs = seconds.get(&day).copied().unwrap_or(0);
                let (ch, style) = match secs {
                    0 => ("·", theme.dim()),
                    1..600 => ("░", theme.done()),
                    600..1800 => ("▒", theme.done()),
                    1800..3600 => ("▓", theme.done()),
                    _ => ("█", theme.done()),
                };
                spans.push(Span::styled(ch, style));
            }
            Line::from(spans)
        })
        .collect()
}
