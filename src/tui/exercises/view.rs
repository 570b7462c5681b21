//! Drawing the Exercises screen: the list by phase (with a detail pane when wide); the open
//! exercise is drawn by `open_view`. Also where the list's rows are (for clicks).

use super::open_view::draw_view;
use super::{self as screen, Filter, Row, Standing};
use crate::course::Exercise;
use crate::markdown::{self, RenderOptions};
use crate::tui::app::App;
use crate::tui::theme::Theme;
use crate::tui::ui::layout;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

/// Width from which the list shows a detail pane, and the exercise two columns.
pub(super) const WIDE: u16 = 110;

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

pub(super) fn mark(theme: &Theme, s: Standing) -> Span<'static> {
    match s {
        Standing::Passed => Span::styled("✓", theme.done()),
        Standing::Attempted => Span::styled("◐", theme.started()),
        Standing::New => Span::styled("·", theme.dim()),
    }
}

pub(super) fn difficulty(d: u8) -> String {
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
    if let Some(lesson) = &s.lesson {
        let title = app
            .course
            .lessons()
            .find(|l| &l.id == lesson)
            .map_or(lesson.as_str(), |l| l.title.as_str());
        spans.push(Span::styled("lesson ", theme.dim()));
        spans.push(Span::raw(cut(title, 24)));
        spans.push(Span::styled(" Esc all", theme.dim()));
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
    let header = Line::from(spans);
    let used = header.width() as u16 + 1;
    frame.render_widget(Paragraph::new(header), a.header);
    let cw = count.chars().count() as u16;
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
