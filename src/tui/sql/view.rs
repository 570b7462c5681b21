//! Drawing the SQL screen: tables on the left, the editor above the result on the right, and
//! the open exercise's prompt above the editor.

use super::{Focus, Outcome, SqlScreen, elapsed_ms};
use crate::check::Verdict;
use crate::sql::Rows;
use crate::sql::render::{count_text, value_text};
use crate::tui::app::App;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Row, Table, Wrap};
use unicode_width::UnicodeWidthStr;

/// The widest a result column is drawn.
const COLUMN_MAX: usize = 32;

/// Draw the screen into `area` (the body between the tab bar and the status bar).
pub fn draw(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let s = &app.sql;
    let left_w = (area.width / 4).clamp(18, 30);
    let [left, right] =
        Layout::horizontal([Constraint::Length(left_w), Constraint::Min(20)]).areas(area);
    draw_tables(frame, s, theme, left);
    let prompt = s
        .exercise
        .as_ref()
        .and_then(|id| app.course.exercise(id))
        .map(|ex| {
            (
                ex.id.clone(),
                ex.title.clone(),
                ex.prompt.trim().to_string(),
            )
        });
    let inner_w = right.width.saturating_sub(2) as usize;
    let prompt_text = prompt.as_ref().map(|(_, _, p)| {
        crate::markdown::render(
            p,
            &crate::markdown::RenderOptions {
                width: inner_w.max(10) as u16,
                color: app.color,
            },
        )
        .text
    });
    let prompt_h = match &prompt_text {
        Some(t) => (t.lines.len() as u16 + 2).min(area.height / 3).max(3),
        None => 0,
    };
    let editor_rows: usize = s
        .editor
        .lines()
        .iter()
        .map(|l| wrap(l, inner_w).len())
        .sum();
    let editor_h = (editor_rows as u16 + 3).clamp(5, (area.height / 3).max(5));
    let [prompt_area, editor_area, result_area] = Layout::vertical([
        Constraint::Length(prompt_h),
        Constraint::Length(editor_h),
        Constraint::Min(3),
    ])
    .areas(right);
    if let (Some((id, title, _)), Some(text)) = (prompt, prompt_text) {
        let block = Block::bordered()
            .border_style(theme.dim())
            .title(Span::styled(format!(" {id}: {title} "), theme.title()))
            .title_bottom(Span::styled(
                " Ctrl-K checks · x (outside the editor) closes ",
                theme.dim(),
            ));
        frame.render_widget(Paragraph::new(text).block(block), prompt_area);
    }
    let mut editor = s.editor.clone();
    let focused = s.focus == Focus::Editor;
    editor.set_block(
        Block::bordered()
            .border_style(if focused { theme.accent() } else { theme.dim() })
            .title(Span::styled(
                format!(
                    " {} · {}{} ",
                    s.dataset().unwrap_or("no dataset"),
                    if super::scratch_exercise(app) {
                        "scratch copy, fresh each run"
                    } else {
                        "read-only"
                    },
                    if s.show_plan { " · plan on" } else { "" }
                ),
                theme.title(),
            ))
            .title_bottom(Span::styled(
                " F5/Ctrl-R run · F4/Ctrl-P plan · F2/Ctrl-O dataset · Esc leave editor ",
                theme.dim(),
            )),
    );
    editor.set_cursor_line_style(Style::default());
    if !focused {
        editor.set_cursor_style(Style::default());
    }
    frame.render_widget(&editor, editor_area);
    draw_result(frame, app, theme, result_area);
}

fn draw_tables(frame: &mut Frame, s: &SqlScreen, theme: &Theme, area: Rect) {
    let focused = s.focus == Focus::Tables;
    let block = Block::bordered()
        .border_style(if focused { theme.accent() } else { theme.dim() })
        .title(Span::styled(" Tables ", theme.title()))
        .title_bottom(Span::styled(" Enter: first rows ", theme.dim()));
    let mut lines = Vec::new();
    if s.tables.is_empty() {
        lines.push(Line::from(Span::styled(
            if s.names.is_empty() {
                "no datasets"
            } else {
                "loading…"
            },
            theme.dim(),
        )));
    }
    for (i, t) in s.tables.iter().enumerate() {
        let style = if focused && i == s.table_sel {
            theme.selected()
        } else {
            theme.accent()
        };
        lines.push(Line::from(vec![
            Span::styled(t.name.clone(), style),
            Span::styled(format!(" {}", t.rows), theme.dim()),
        ]));
        if i == s.table_sel || s.tables.len() <= 4 {
            for c in &t.columns {
                let key = if c.primary_key { " ⚿" } else { "" };
                lines.push(Line::from(vec![
                    Span::raw(format!("  {}", c.name)),
                    Span::styled(format!(" {}{key}", c.decl.to_lowercase()), theme.dim()),
                ]));
            }
        }
    }
    // Keep the selected table in view.
    let inner_h = area.height.saturating_sub(2) as usize;
    let sel_line = s
        .tables
        .iter()
        .take(s.table_sel)
        .map(|t| {
            1 + if s.tables.len() <= 4 {
                t.columns.len()
            } else {
                0
            }
        })
        .sum::<usize>();
    let scroll = sel_line.saturating_sub(inner_h.saturating_sub(4));
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((scroll as u16, 0)),
        area,
    );
}

fn draw_result(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let s = &app.sql;
    let focused = s.focus == Focus::Result;
    let block = Block::bordered()
        .border_style(if focused { theme.accent() } else { theme.dim() })
        .title(Span::styled(" Result ", theme.title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if let Some(r) = &s.running {
        frame.render_widget(
            Paragraph::new(Span::styled(
                format!("Running… {} ms", elapsed_ms(r, app.clock)),
                theme.started(),
            )),
            inner,
        );
        return;
    }
    let Some(outcome) = &s.outcome else {
        let hint = if s.exercise.is_some() {
            "Write your answer above; F5 shows its rows, Ctrl-K checks it."
        } else {
            "Write a query above and press F5 (or Ctrl-R). Esc leaves the editor: then ↑↓ pick a table, Tab moves between panes."
        };
        frame.render_widget(
            Paragraph::new(Span::styled(hint, theme.dim())).wrap(Wrap { trim: true }),
            inner,
        );
        return;
    };
    match outcome {
        Outcome::Error(e) => {
            let lines: Vec<Line> = e
                .lines()
                .map(|l| Line::from(Span::styled(l.to_string(), theme.fail())))
                .collect();
            frame.render_widget(Paragraph::new(lines).scroll((s.scroll as u16, 0)), inner);
        }
        Outcome::Rows { rows, plan } => {
            let mut head = vec![Line::from(Span::styled(summary(rows), theme.dim()))];
            if !plan.is_empty() {
                head.push(Line::from(Span::styled("QUERY PLAN", theme.title())));
                for l in plan {
                    head.push(Line::from(Span::styled(format!("  {l}"), theme.accent())));
                }
            }
            let h = (head.len() as u16).min(inner.height);
            let [top, rest] =
                Layout::vertical([Constraint::Length(h), Constraint::Min(0)]).areas(inner);
            frame.render_widget(Paragraph::new(head), top);
            draw_rows(frame, s, rows, theme, rest);
        }
        Outcome::Checked { report, plan, .. } => {
            let passed = report.verdict == Verdict::Passed;
            let style = if passed { theme.done() } else { theme.fail() };
            let mut lines: Vec<Line> = wrap(&report.summary, inner.width as usize)
                .into_iter()
                .map(|l| Line::from(Span::styled(l, style)))
                .collect();
            if let Some(m) = &report.message {
                lines.push(Line::raw(""));
                // The first line of the details repeats the summary's headline.
                let headline = report.summary.split_once(": ").map_or("", |(_, h)| h);
                let mut rest = m.lines().peekable();
                if rest
                    .peek()
                    .is_some_and(|l| headline.starts_with(l.trim_end_matches('.')))
                {
                    rest.next();
                    if rest.peek().is_some_and(|l| l.is_empty()) {
                        rest.next();
                    }
                }
                for l in rest {
                    if l.width() > inner.width as usize && !l.contains('│') {
                        lines.extend(wrap(l, inner.width as usize).into_iter().map(Line::raw));
                    } else {
                        lines.push(Line::raw(l.to_string()));
                    }
                }
            }
            if passed && !plan.is_empty() {
                lines.push(Line::raw(""));
                lines.push(Line::from(Span::styled("QUERY PLAN", theme.title())));
                lines.extend(plan.iter().map(|l| Line::raw(format!("  {l}"))));
            }
            if let Some(e) = &report.explanation {
                lines.push(Line::raw(""));
                lines.push(Line::from(Span::styled("Why it works", theme.title())));
                for l in e.trim().lines() {
                    lines.extend(wrap(l, inner.width as usize).into_iter().map(Line::raw));
                }
            }
            let max = lines.len().saturating_sub(1);
            frame.render_widget(
                Paragraph::new(lines).scroll((s.scroll.min(max) as u16, s.column as u16 * 4)),
                inner,
            );
        }
    }
}

/// Words of `text` in lines of at most `width` columns (a word longer than that stands alone).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(10);
    let mut out = vec![String::new()];
    for word in text.split(' ') {
        let last = out.last_mut().expect("one line at least");
        if !last.is_empty() && last.width() + 1 + word.width() > width {
            out.push(word.to_string());
        } else {
            if !last.is_empty() {
                last.push(' ');
            }
            last.push_str(word);
        }
    }
    out
}

fn summary(rows: &Rows) -> String {
    let ms = rows.elapsed.as_secs_f64() * 1000.0;
    if rows.columns.is_empty() {
        return format!(
            "{} row(s) changed on a copy that vanished · {ms:.1} ms",
            rows.changes.unwrap_or(0)
        );
    }
    format!("{} · {ms:.1} ms", count_text(rows))
}

fn draw_rows(frame: &mut Frame, s: &SqlScreen, rows: &Rows, theme: &Theme, area: Rect) {
    if rows.columns.is_empty() || area.height < 2 {
        return;
    }
    let first_col = s.column.min(rows.columns.len().saturating_sub(1));
    let visible = area.height.saturating_sub(1) as usize;
    let top = s.scroll.min(rows.rows.len().saturating_sub(visible));
    let shown = &rows.rows[top..(top + visible).min(rows.rows.len())];
    let cols: Vec<usize> = (first_col..rows.columns.len()).collect();
    let widths: Vec<Constraint> = cols
        .iter()
        .map(|&c| {
            let w = shown
                .iter()
                .map(|r| value_text(&r[c]).width())
                .chain(std::iter::once(rows.columns[c].width()))
                .max()
                .unwrap_or(1)
                .min(COLUMN_MAX);
            Constraint::Length(w as u16)
        })
        .collect();
    let header = Row::new(
        cols.iter()
            .map(|&c| Span::styled(rows.columns[c].clone(), theme.title())),
    );
    let body = shown.iter().map(|r| {
        Row::new(cols.iter().map(|&c| {
            let v = &r[c];
            let line = Line::from(value_text(v));
            match v {
                rusqlite::types::Value::Null => line.style(theme.dim()),
                rusqlite::types::Value::Integer(_) | rusqlite::types::Value::Real(_) => {
                    line.style(theme.json_num()).right_aligned()
                }
                _ => line.style(theme.base()),
            }
        }))
    });
    frame.render_widget(
        Table::new(body, widths).header(header).column_spacing(2),
        area,
    );
}

/// The pane under a lesson holding a ```` ```sql ```` block's answer.
pub fn draw_lesson_pane(
    frame: &mut Frame,
    pane: &super::SqlPane,
    scroll: usize,
    theme: &Theme,
    area: Rect,
) {
    use ratatui::widgets::{Borders, Clear};
    let block = Block::new()
        .borders(Borders::TOP)
        .border_style(theme.dim())
        .title(Span::styled(
            format!(" {} · {} ", pane.dataset, pane.title),
            theme.title(),
        ))
        .title(
            Line::from(Span::styled(
                " Esc closes · o opens in the SQL tab ",
                theme.dim(),
            ))
            .right_aligned(),
        );
    let inner = block.inner(area);
    let inner = Rect {
        x: inner.x.saturating_add(1),
        width: inner.width.saturating_sub(1),
        ..inner
    };
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let lines: Vec<Line> = match &pane.lines {
        None => vec![Line::from(Span::styled("Running…", theme.dim()))],
        Some(lines) => lines
            .iter()
            .skip(scroll)
            .map(|l| {
                Line::from(Span::styled(
                    l.clone(),
                    if pane.failed {
                        theme.fail()
                    } else {
                        theme.base()
                    },
                ))
            })
            .collect(),
    };
    frame.render_widget(Paragraph::new(lines), inner);
}
