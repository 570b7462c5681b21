//! The Exercises screen: the list by phase (with a detail pane when wide) and the open
//! exercise (prompt, answer or target, the check's report, hints, and the explanation on a pass).

use super::layout;
use crate::check::render::{self, Style as ReportStyle};
use crate::check::{Report, Status, Verdict};
use crate::course::Exercise;
use crate::course::exercise::Spec;
use crate::markdown::{self, RenderOptions};
use crate::tui::app::App;
use crate::tui::exercises_screen::{self as screen, ExerciseView, Filter, Row, Standing};
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

/// Width from which the list shows a detail pane, and the exercise two columns.
const WIDE: u16 = 110;

/// The list screen: header (filter, search, counts), the rows, and the detail pane if wide.
pub struct ListAreas {
    pub header: Rect,
    pub list: Rect,
    pub detail: Option<Rect>,
}

/// Where the list screen's parts go, for a terminal of `area`.
pub fn list_areas(area: Rect) -> ListAreas {
    let [_, body, _] = layout::main_areas(area);
    let [header, _, rest] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(body);
    if rest.width >= WIDE {
        let [list, detail] =
            Layout::horizontal([Constraint::Fill(1), Constraint::Length(44)]).areas(rest);
        ListAreas {
            header,
            list,
            detail: Some(detail),
        }
    } else {
        ListAreas {
            header,
            list: rest,
            detail: None,
        }
    }
}

/// The first row shown so that row `selected` is visible in `height` rows.
fn offset(selected: usize, height: usize) -> usize {
    (selected + 1).saturating_sub(height.max(1))
}

/// The selected exercise's row among `rows`.
fn selected_row(app: &App, rows: &[Row]) -> usize {
    let sel = screen::visible(app).get(app.exercises.selected).copied();
    rows.iter()
        .position(|r| Some(*r) == sel.map(Row::Exercise))
        .unwrap_or(0)
}

/// The exercise (position in the visible list) under a click at `x`, `y`, if any.
pub fn exercise_at(app: &App, area: Rect, x: u16, y: u16) -> Option<usize> {
    if layout::too_small(area) {
        return None;
    }
    let a = list_areas(area);
    let inside = |r: Rect| x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height;
    if !inside(a.list) {
        return None;
    }
    let rows = screen::rows(app);
    let off = offset(selected_row(app, &rows), a.list.height as usize);
    let Row::Exercise(i) = *rows.get(off + (y - a.list.y) as usize)? else {
        return None;
    };
    screen::visible(app).iter().position(|&v| v == i)
}

/// Draw the Exercises screen.
pub fn draw(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    match &app.exercises.open {
        Some(view) => match app.course.exercises.get(view.index) {
            Some(ex) => draw_view(frame, app, ex, view, theme, area),
            None => draw_list(frame, app, theme, area),
        },
        None => draw_list(frame, app, theme, area),
    }
}

fn mark(theme: &Theme, s: Standing) -> Span<'static> {
    match s {
        Standing::Passed => Span::styled("✓", theme.done()),
        Standing::Attempted => Span::styled("◐", theme.started()),
        Standing::New => Span::styled("·", theme.dim()),
    }
}

fn difficulty(d: u8) -> String {
    let d = d.clamp(1, 3) as usize;
    format!("{}{}", "●".repeat(d), "○".repeat(3 - d))
}

fn cut(s: &str, w: usize) -> String {
    if s.chars().count() <= w {
        return s.to_string();
    }
    let mut out: String = s.chars().take(w.saturating_sub(1)).collect();
    out.push('…');
    out
}

fn draw_list(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let a = list_areas(area);
    let s = &app.exercises;
    // Header: filter, search, counts.
    let mut spans = vec![Span::styled(" Exercises ", theme.title()), Span::raw(" ")];
    for f in [Filter::All, Filter::New, Filter::Passed] {
        let style = if f == s.filter {
            theme.tab_active()
        } else {
            theme.dim()
        };
        spans.push(Span::styled(format!(" {} ", f.label()), style));
    }
    spans.push(Span::styled(" f ", theme.key()));
    spans.push(Span::raw(" "));
    if s.searching || !s.query.is_empty() {
        spans.push(Span::styled("/ ", theme.key()));
        spans.push(Span::raw(s.query.clone()));
        if s.searching {
            spans.push(Span::styled("▏", theme.accent()));
        }
    } else {
        spans.push(Span::styled("/ search", theme.dim()));
    }
    let total = app.course.exercises.len();
    let passed = app
        .course
        .exercises
        .iter()
        .filter(|e| app.snap.passed.contains(&e.id))
        .count();
    let count = format!("{passed} of {total} passed ");
    frame.render_widget(Paragraph::new(Line::from(spans)), a.header);
    let cw = count.chars().count() as u16;
    let used: u16 = 50;
    if a.header.width > used + cw {
        let right = Rect {
            x: a.header.x + a.header.width - cw,
            width: cw,
            ..a.header
        };
        frame.render_widget(Paragraph::new(Span::styled(count, theme.dim())), right);
    }

    let rows = screen::rows(app);
    let visible = screen::visible(app);
    let sel = visible.get(s.selected).copied();
    if rows.is_empty() {
        let msg = if total == 0 {
            "This course has no exercises yet."
        } else {
            "No exercise matches. f changes the filter, Esc clears the search."
        };
        frame.render_widget(
            Paragraph::new(Span::styled(format!(" {msg}"), theme.dim())),
            a.list,
        );
    }
    let height = a.list.height as usize;
    let off = offset(selected_row(app, &rows), height);
    let width = a.list.width as usize;
    let id_w = 26.min(width / 3);
    let title_w = width.saturating_sub(3 + id_w + 1 + 8 + 4 + 1);
    let mut lines = Vec::new();
    for row in rows.iter().skip(off).take(height) {
        match *row {
            Row::Phase(p) => lines.push(Line::from(Span::styled(
                format!(" {}", app.course.phases[p].title),
                theme.accent(),
            ))),
            Row::Exercise(i) => {
                let e = &app.course.exercises[i];
                let mut spans = vec![
                    Span::raw("  "),
                    mark(theme, screen::standing(app, &e.id)),
                    Span::raw(" "),
                    Span::styled(format!("{:<id_w$} ", cut(&e.id, id_w)), theme.dim()),
                    Span::raw(format!("{:<title_w$} ", cut(&e.title, title_w))),
                    Span::styled(format!("{:<7} ", e.kind), theme.dim()),
                    Span::styled(difficulty(e.difficulty), theme.started()),
                ];
                if Some(i) == sel {
                    for sp in &mut spans {
                        sp.style = sp.style.patch(theme.selected());
                    }
                }
                lines.push(Line::from(spans));
            }
        }
    }
    frame.render_widget(Paragraph::new(lines), a.list);

    if let (Some(detail), Some(i)) = (a.detail, sel) {
        draw_detail(frame, app, &app.course.exercises[i], theme, detail);
    }
}

fn draw_detail(frame: &mut Frame, app: &App, e: &Exercise, theme: &Theme, area: Rect) {
    let block = Block::bordered().title(Span::styled(" Selected ", theme.title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let standing = match screen::standing(app, &e.id) {
        Standing::Passed => "passed",
        Standing::Attempted => "attempted",
        Standing::New => "new",
    };
    let mut lines = vec![
        Line::from(Span::styled(e.title.clone(), theme.accent())),
        Line::from(Span::styled(
            format!("{} · {} · {standing}", e.kind, difficulty(e.difficulty)),
            theme.dim(),
        )),
        Line::default(),
    ];
    let width = inner.width.saturating_sub(1).max(1);
    lines.extend(
        markdown::render(
            &e.prompt,
            &RenderOptions {
                width,
                color: app.color,
            },
        )
        .text
        .lines,
    );
    lines.push(Line::default());
    lines.push(Line::from(vec![
        Span::styled("Enter", theme.key()),
        Span::styled(" opens it", theme.dim()),
    ]));
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The open exercise: a header line, then one column (or two when wide).
fn draw_view(
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
                        crate::check::exercise::clock(view.opened_ms)
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
                    Span::raw(c.clone()),
                ];
                if here {
                    for s in &mut spans {
                        s.style = s.style.patch(theme.selected());
                    }
                }
                lines.push(Line::from(spans));
            }
            lines.push(Line::from(Span::styled(
                "↑↓ choose · Enter checks",
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
            if view.checking {
                lines.push(Line::default());
                lines.push(Line::from(Span::styled(
                    format!(
                        "Checking {}: waiting for it to answer, then {} steps…",
                        view.input.trim(),
                        spec.steps.len()
                    ),
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
        }
        Spec::Sql(_) => lines.push(Line::from(Span::styled(
            "SQL exercises cannot be checked by this build yet.",
            theme.warn(),
        ))),
    }
    if view.checking && !matches!(ex.spec, Spec::Server(_)) {
        lines.push(Line::from(Span::styled("Checking…", theme.started())));
    }
    if let Some(r) = &view.report {
        lines.push(Line::default());
        lines.extend(report_lines(r, theme, width as usize));
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
fn report_lines(r: &Report, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let mut r = r.clone();
    r.explanation = None;
    let text = render::text(&r, ReportStyle { color: false });
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
            None if body.starts_with("Result:") => (raw.to_string(), theme.accent()),
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
