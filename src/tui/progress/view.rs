//! Drawing the Progress screen.

use crate::progress::LessonStatus;
use crate::tui::app::App;
use crate::tui::theme::Theme;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn progress(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    use ratatui::layout::{Constraint, Layout};
    let summary = app.snap.summary(&app.course, app.seconds_studied);
    let today = app.clock.div_euclid(86_400_000);
    let [top, rest] = Layout::vertical([Constraint::Length(5), Constraint::Fill(1)]).areas(area);
    let bar_w = 16;
    let mut lines = vec![
        Line::from(Span::styled(" Progress", theme.title())),
        Line::default(),
    ];
    lines.push(gauge_line(
        theme,
        " Lessons    ",
        summary.lessons_done,
        summary.lessons_total,
        bar_w,
    ));
    lines.push(gauge_line(
        theme,
        " Exercises  ",
        summary.exercises_passed,
        summary.exercises_total,
        bar_w,
    ));
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
        // A long name wraps: its first row carries the bars, the rest follow under it.
        let style = if started { theme.base() } else { theme.dim() };
        let mut rows = crate::tui::ui::wrap::wrap(&phase.title, title_w).into_iter();
        let title = rows.next().unwrap_or_default();
        let mut spans = vec![Span::styled(format!(" {title:<title_w$} "), style)];
        spans.extend(crate::tui::ui::bar(theme, done, total, 8));
        spans.push(Span::styled(format!(" {done}/{total}"), theme.dim()));
        if !ex.is_empty() {
            spans.push(Span::styled(
                format!("  ex {passed}/{}", ex.len()),
                theme.dim(),
            ));
        }
        lines.push(Line::from(spans));
        lines.extend(rows.map(|r| Line::from(Span::styled(format!("   {r}"), style))));
    }
    lines.extend(super::due::panel(app, theme, width));
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
                let mut ids = crate::tui::ui::wrap::wrap(&s.exercise_id, 18).into_iter();
                let id = ids.next().unwrap_or_default();
                let more: Vec<String> = ids.collect();
                lines.push(Line::from(vec![
                    Span::raw(format!("{id:<18} ")),
                    Span::styled(
                        format!(
                            "{}×{}{}",
                            s.attempts,
                            hints_word(s.hints_used),
                            if s.passed { " ✓" } else { "" }
                        ),
                        if s.passed { theme.done() } else { theme.warn() },
                    ),
                ]));
                lines.extend(more.into_iter().map(|r| Line::from(format!("  {r}"))));
            }
        }
        frame.render_widget(Paragraph::new(lines), right);
    }
}

/// " 1 hint", " 2 hints", or nothing: read as words, never as hours.
fn hints_word(n: u32) -> String {
    match n {
        0 => String::new(),
        1 => " 1 hint".to_string(),
        n => format!(" {n} hints"),
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

/// `label ██████░░░░ done/total (pct%)`.
fn gauge_line<'a>(
    theme: &Theme,
    label: &'a str,
    done: usize,
    total: usize,
    width: usize,
) -> Line<'a> {
    let mut spans = vec![Span::raw(label)];
    spans.extend(crate::tui::ui::bar(theme, done, total, width));
    spans.push(Span::raw(format!(
        " {done}/{total} ({}%)",
        crate::progress::percent(done, total)
    )));
    Line::from(spans)
}
