//! Drawing the open exercise: the prompt, the answer or target, the check's report (wrapped with a
//! hanging indent), hints, and the celebration and explanation on a pass.

use super::view::{WIDE, difficulty, mark};
use super::{self as screen, ExerciseView};
use crate::check::render::{self, Style as ReportStyle};
use crate::check::{Report, Status, Verdict};
use crate::course::Exercise;
use crate::course::exercise::Spec;
use crate::markdown::{self, RenderOptions};
use crate::tui::app::App;
use crate::tui::theme::Theme;
use crate::tui::ui::layout;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

/// The open exercise: a header line, then one column (or two when wide).
pub(super) fn draw_view(
    frame: &mut Frame,
    app: &App,
    ex: &Exercise,
    view: &ExerciseView,
    theme: &Theme,
    area: Rect,
) {
    let [_, body, _] = layout::main_areas(area);
    let [header, _, rest] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(body);
    let standing = screen::standing(app, &ex.id);
    let head = Line::from(vec![
        Span::styled(" ← ", theme.key()),
        Span::styled(ex.title.clone(), theme.title()),
        Span::styled(
            format!("  {} · {} · {} ", ex.id, ex.kind, difficulty(ex.difficulty)),
            theme.dim(),
        ),
        mark(theme, standing),
    ]);
    frame.render_widget(Paragraph::new(head), header);
    let inner = |r: Rect| Rect {
        x: r.x + 1,
        width: r.width.saturating_sub(2),
        ..r
    };
    if rest.width >= WIDE {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)])
                .areas(rest);
        let (left, right) = (inner(left), inner(right));
        let mut l = prompt_lines(app, ex, left.width);
        l.extend(hint_lines(ex, view, theme));
        let r = work_lines(app, ex, view, theme, right.width);
        scrolled(frame, l, view.scroll, left);
        scrolled(frame, r, view.scroll, right);
    } else {
        let area = inner(rest);
        let mut lines = Vec::new();
        // The result first once there is one (or a check runs, or a field is edited): it is
        // what the learner looks at.
        let work = work_lines(app, ex, view, theme, area.width);
        if view.report.is_some() || view.checking || view.editing {
            lines.extend(work);
            lines.push(Line::default());
            lines.extend(prompt_lines(app, ex, area.width));
        } else {
            lines.extend(prompt_lines(app, ex, area.width));
            lines.push(Line::default());
            lines.extend(work);
        }
        lines.extend(hint_lines(ex, view, theme));
        scrolled(frame, lines, view.scroll, area);
    }
}

fn scrolled(frame: &mut Frame, lines: Vec<Line<'static>>, scroll: usize, area: Rect) {
    let max = lines.len().saturating_sub(area.height as usize / 2);
    let scroll = scroll.min(max).min(u16::MAX as usize) as u16;
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        area,
    );
}

fn md(app: &App, text: &str, width: u16) -> Vec<Line<'static>> {
    markdown::render(
        text,
        &RenderOptions {
            width: layout::text_width(width.max(10)),
            color: app.color,
        },
    )
    .text
    .lines
}

fn prompt_lines(app: &App, ex: &Exercise, width: u16) -> Vec<Line<'static>> {
    let mut lines = md(app, &ex.prompt, width);
    if let Spec::Quiz(q) = &ex.spec {
        lines.push(Line::default());
        lines.extend(md(app, &q.question, width));
    }
    lines
}

fn hint_lines(ex: &Exercise, view: &ExerciseView, theme: &Theme) -> Vec<Line<'static>> {
    if ex.hints.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![
        Line::default(),
        Line::from(vec![
            Span::styled(
                format!("Hints {} of {} ", view.hints, ex.hints.len()),
                theme.accent(),
            ),
            Span::styled(
                if (view.hints as usize) < ex.hints.len() {
                    "(h reveals the next)"
                } else {
                    "(all shown)"
                },
                theme.dim(),
            ),
        ]),
    ];
    for (i, h) in ex.hints.iter().take(view.hints as usize).enumerate() {
        lines.push(Line::from(vec![
            Span::styled(format!(" {}. ", i + 1), theme.key()),
            Span::raw(h.clone()),
        ]));
    }
    lines
}

/// What the learner does (answer, target, or send requests) and what the check said.
fn work_lines(
    app: &App,
    ex: &Exercise,
    view: &ExerciseView,
    theme: &Theme,
    width: u16,
) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if let Some(r) = view
        .report
        .as_ref()
        .filter(|r| r.verdict == Verdict::Passed)
    {
        lines.extend(celebration(app, ex, r, theme, width));
        return lines;
    }
    let field = |label: &str, value: &str, editing: bool| {
        let mut spans = vec![
            Span::styled(label.to_string(), theme.accent()),
            Span::styled(
                format!("[{value}"),
                if editing { theme.base() } else { theme.dim() },
            ),
        ];
        if editing {
            spans.push(Span::styled("▏", theme.accent()));
        }
        spans.push(Span::styled("]", theme.dim()));
        Line::from(spans)
    };
    match &ex.spec {
        Spec::Lab(_) => {
            lines.push(Line::from(vec![
                Span::styled("Watching the lab ", theme.accent()),
                Span::raw(app.lab_url.clone()),
            ]));
            lines.push(Line::from(Span::styled(
                "Send requests from anywhere (Lab tab, a lesson, curl): each one re-checks this.",
                theme.dim(),
            )));
            if view.report.is_none() && !view.checking {
                lines.push(Line::from(Span::styled(
                    format!(
                        "Nothing received since you opened it ({}).",
                        crate::check::lab::clock(view.opened_ms)
                    ),
                    theme.warn(),
                )));
            }
        }
        Spec::Quiz(q) if !q.choices.is_empty() => {
            for (i, c) in q.choices.iter().enumerate() {
                let here = i == view.choice;
                let mut spans = vec![
                    Span::styled(if here { " ▸ " } else { "   " }, theme.key()),
                    Span::raw(format!("{}. {c}", i + 1)),
                ];
                if here {
                    for s in &mut spans {
                        s.style = s.style.patch(theme.selected());
                    }
                }
                lines.push(Line::from(spans));
            }
            lines.push(Line::from(Span::styled(
                "↑↓ choose · Enter checks · or press a number",
                theme.dim(),
            )));
        }
        Spec::Quiz(_) => {
            lines.push(field("Answer ", &view.input, view.editing));
            lines.push(Line::from(Span::styled(
                if view.editing {
                    "Enter checks · Esc leaves the field"
                } else {
                    "Enter or e to type your answer"
                },
                theme.dim(),
            )));
        }
        Spec::Server(spec) => {
            lines.push(field("Target ", &view.input, view.editing));
            lines.push(Line::from(Span::styled(
                if view.editing {
                    "Enter runs the check · Esc leaves the field"
                } else {
                    "Enter runs the check · e edits the target"
                },
                theme.dim(),
            )));
            lines.extend(screen::run::field_lines(view, theme));
            if view.checking {
                lines.push(Line::default());
                let what = if screen::run::has_command(view) {
                    "Starting your server".to_string()
                } else {
                    format!("Checking {}: waiting for it to answer", view.input.trim())
                };
                lines.push(Line::from(Span::styled(
                    format!("{what}, then {} steps…", spec.steps.len()),
                    theme.started(),
                )));
                for (i, s) in spec.steps.iter().enumerate() {
                    let (mark, style) = match view.steps.get(i).map(|d| d.status) {
                        Some(Status::Passed) => ("✓", theme.done()),
                        Some(Status::Skipped) => ("–", theme.dim()),
                        Some(_) => ("✗", theme.fail()),
                        None if i == view.steps.len() => ("▸", theme.started()),
                        None => ("·", theme.dim()),
                    };
                    lines.push(Line::from(Span::styled(
                        format!("  {mark} {}. {}", i + 1, s.name),
                        style,
                    )));
                }
            }
            lines.extend(screen::run::output_lines(view, theme));
        }
        Spec::Sql(_) => lines.push(Line::from(Span::styled(
            "Enter opens it in the SQL tab: write your query there, Ctrl-K checks it.",
            theme.warn(),
        ))),
        Spec::Git(_) => lines.push(Line::from(Span::styled(
            format!(
                "In your repository's folder, run: backroad check {} --repo .",
                ex.id
            ),
            theme.accent(),
        ))),
    }
    if view.checking && !matches!(ex.spec, Spec::Server(_)) {
        lines.push(Line::from(Span::styled("Checking…", theme.started())));
    }
    if let Some(r) = &view.report {
        lines.push(Line::default());
        let locations = app.course.root.is_some();
        lines.extend(report_lines(r, theme, width as usize, locations));
    }
    lines
}

/// Wrap `line` at `width` columns; continuation lines hang under its text, a little further
/// in, so a wrapped assertion or curl command still reads as one.
fn hang_wrap(line: &str, width: usize) -> Vec<String> {
    let width = width.max(8);
    if line.chars().count() <= width {
        return vec![line.to_string()];
    }
    let indent = line.len() - line.trim_start().len();
    let hang = " ".repeat((indent + 4).min(width / 2));
    let mut out = Vec::new();
    let mut cur = " ".repeat(indent);
    let mut fresh = true;
    for word in line.trim_start().split(' ') {
        let cur_w = cur.chars().count();
        let word_w = word.chars().count();
        if !fresh && cur_w + 1 + word_w > width {
            out.push(std::mem::replace(&mut cur, hang.clone()));
            fresh = true;
        }
        if !fresh {
            cur.push(' ');
        }
        // A word longer than the line is cut where it must be.
        let mut rest: Vec<char> = word.chars().collect();
        while cur.chars().count() + rest.len() > width {
            let room = width.saturating_sub(cur.chars().count()).max(1);
            let head: String = rest.drain(..room.min(rest.len())).collect();
            cur.push_str(&head);
            out.push(std::mem::replace(&mut cur, hang.clone()));
        }
        cur.extend(rest);
        fresh = false;
    }
    if !cur.trim().is_empty() {
        out.push(cur);
    }
    out
}

/// The report as the CLI prints it without colour, with the words turned into marks.
fn report_lines(r: &Report, theme: &Theme, width: usize, locations: bool) -> Vec<Line<'static>> {
    let mut r = r.clone();
    if r.verdict == Verdict::Passed {
        // The celebration shows it.
        r.explanation = None;
    }
    let style = ReportStyle {
        color: false,
        locations,
    };
    let text = render::text(&r, style);
    let mut lines = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        // The first two lines repeat the header (verdict, id, file).
        if i == 0 {
            let style = match r.verdict {
                Verdict::Passed => theme.done(),
                _ => theme.fail(),
            };
            let word = match r.verdict {
                Verdict::Passed => "Passed",
                Verdict::Failed => "Not yet",
                Verdict::Unreachable => "Not checked",
            };
            lines.push(Line::from(Span::styled(word, style)));
            continue;
        }
        if raw.starts_with("  file:") {
            continue;
        }
        let body = raw.trim_start();
        let indent = raw.len() - body.len();
        let marked = [
            ("ok   ", "✓ ", theme.done()),
            ("FAIL ", "✗ ", theme.fail()),
            ("ERR  ", "! ", theme.fail()),
            ("skip ", "– ", theme.dim()),
        ]
        .into_iter()
        .find(|(word, ..)| body.starts_with(word));
        let (text, style) = match marked {
            Some((word, symbol, style)) => (
                format!("{}{symbol}{}", " ".repeat(indent), &body[word.len()..]),
                style,
            ),
            None if body.starts_with("Result:") || body == render::STUCK_HEADING => {
                (raw.to_string(), theme.accent())
            }
            None if body.starts_with("curl ") => (raw.to_string(), theme.key()),
            None => (raw.to_string(), theme.base()),
        };
        for part in hang_wrap(&text, width) {
            lines.push(Line::from(Span::styled(part, style)));
        }
    }
    lines
}

fn celebration(
    app: &App,
    ex: &Exercise,
    r: &Report,
    theme: &Theme,
    width: u16,
) -> Vec<Line<'static>> {
    let mut lines = vec![
        Line::from(Span::styled("★ ★ ★  Passed!  ★ ★ ★", theme.done())),
        Line::from(Span::styled(r.summary.clone(), theme.dim())),
        Line::default(),
    ];
    for s in &r.steps {
        lines.push(Line::from(vec![
            Span::styled("  ✓ ", theme.done()),
            Span::raw(s.name.clone()),
        ]));
    }
    if !ex.explanation.trim().is_empty() {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled("Why it works", theme.accent())));
        lines.extend(md(app, &ex.explanation, width));
    }
    lines.push(Line::default());
    lines.push(Line::from(vec![
        Span::styled("n", theme.key()),
        Span::styled(" next exercise  ", theme.dim()),
        Span::styled("Esc", theme.key()),
        Span::styled(" back to the list", theme.dim()),
    ]));
    lines
}

#[cfg(test)]
mod tests {
    use super::hang_wrap;

    #[test]
    fn wrapped_lines_hang_under_their_text() {
        let lines = hang_wrap("    hint: tell the lab the body is JSON with a header", 24);
        assert_eq!(
            lines,
            [
                "    hint: tell the lab",
                "        the body is JSON",
                "        with a header"
            ]
        );
        for l in hang_wrap(
            "  curl http://127.0.0.1:7357/a/very/long/path/that/does/not/fit",
            20,
        ) {
            assert!(l.chars().count() <= 20, "{l}");
        }
        assert_eq!(hang_wrap("short", 20), ["short"]);
    }
}
