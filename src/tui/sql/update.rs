//! The SQL screen's update: its keys, opening it (on a dataset, an exercise), starting runs and
//! checks, and taking in their answers; the key hints and help it shows.

use super::job::{SqlDone, SqlJob, Task};
use super::lesson::{PANE_ROWS, lesson_pane};
use super::{Focus, Outcome, Running};
use crate::check::Verdict;
use crate::course::exercise::{Spec, SqlMode};
use crate::tui::action::Action;
use crate::tui::app::{App, Effect, Tab};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use std::sync::Arc;

/// The screen was shown: list the datasets and build the first one in the background.
pub fn on_show(app: &mut App) {
    if app.sql.names.is_empty() {
        app.sql.names = app.course.datasets.keys().cloned().collect();
        app.sql.current = app.sql.names.iter().position(|n| n == "shop").unwrap_or(0);
        load(app);
    }
    if app.sql.names.is_empty() {
        app.message = Some("This course ships no datasets (datasets/<name>.sql).".into());
    }
}

fn load(app: &mut App) {
    let Some(name) = app.sql.dataset().map(str::to_string) else {
        return;
    };
    app.sql.tables.clear();
    app.sql.table_sel = 0;
    let id = app.sql.next_id();
    app.push_effect(Effect::Sql(SqlJob {
        id,
        datasets: Arc::clone(&app.course.datasets),
        dataset: name,
        task: Task::Load,
    }));
}

/// Show the SQL tab on `dataset`, building it when it is not the one in use.
pub(super) fn show_dataset(app: &mut App, dataset: &str) {
    app.tab = Tab::Sql;
    on_show(app);
    if let Some(i) = app.sql.names.iter().position(|n| n == dataset)
        && i != app.sql.current
    {
        app.sql.current = i;
        load(app);
    }
}

/// Open a `sql` exercise on the SQL screen: its dataset, its prompt, an empty editor.
pub fn open_exercise(app: &mut App, id: &str) {
    let Some(ex) = app.course.exercise(id) else {
        return;
    };
    let Spec::Sql(spec) = &ex.spec else {
        return;
    };
    let dataset = spec.dataset.clone();
    let what = match spec.mode {
        SqlMode::Query => "write the query",
        SqlMode::Write { .. } => "write the statements (they run on a scratch copy)",
        SqlMode::Plan { .. } => "create the index (on a scratch copy)",
    };
    show_dataset(app, &dataset);
    app.sql.exercise = Some(id.to_string());
    app.sql.outcome = None;
    app.sql.focus = Focus::Editor;
    app.sql.set_text("");
    app.push_effect(Effect::MarkExerciseOpened(id.to_string()));
    app.message = Some(format!(
        "{id}: {what}, then Ctrl-K (or F9) checks it; F5 runs it to look at the rows."
    ));
}

/// Take in a finished job.
pub fn on_done(app: &mut App, done: SqlDone) {
    if let Some(pane) = lesson_pane(app, done.id) {
        let (lines, failed) = match &done.outcome {
            Some(Outcome::Rows { rows, .. }) => (
                crate::sql::render::rows_text(rows, PANE_ROWS)
                    .lines()
                    .map(str::to_string)
                    .collect(),
                false,
            ),
            Some(Outcome::Error(e)) => (e.lines().map(str::to_string).collect(), true),
            _ => (Vec::new(), false),
        };
        pane.lines = Some(lines);
        pane.failed = failed;
        return;
    }
    let screen = &mut app.sql;
    if screen.dataset() == Some(done.dataset.as_str()) {
        match done.tables {
            Ok(t) => screen.tables = t,
            Err(e) => screen.outcome = Some(Outcome::Error(e)),
        }
    }
    if screen.running.is_none_or(|r| r.id != done.id) {
        return;
    }
    screen.running = None;
    screen.scroll = 0;
    screen.column = 0;
    if let Some(Outcome::Checked { report, .. }) = &done.outcome {
        let passed = report.verdict == Verdict::Passed;
        app.push_effect(Effect::RecordAttempt {
            exercise: report.exercise.clone(),
            passed,
            summary: report.summary.clone(),
            failed: report.failed_assertions(),
        });
        app.message = Some(if passed {
            format!("Passed: {}", report.exercise)
        } else {
            format!("Not yet: {}", report.summary.trim_start_matches("failed: "))
        });
    }
    app.sql.outcome = done.outcome;
    if app.sql.focus == Focus::Tables {
        app.sql.focus = Focus::Editor;
    }
}

/// Keys on the SQL screen. Returns an action for the app (switching tabs) when a key is not
/// the screen's own.
pub fn on_key(app: &mut App, key: KeyEvent) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    on_show(app);
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    // Commands that work wherever the focus is.
    match (key.code, ctrl) {
        (KeyCode::F(5), _) | (KeyCode::Char('r'), true) | (KeyCode::Enter, true) => {
            run(app);
            return None;
        }
        (KeyCode::F(9), _) | (KeyCode::Char('k'), true) => {
            check(app);
            return None;
        }
        (KeyCode::F(4), _) | (KeyCode::Char('p'), true) => {
            app.sql.show_plan = !app.sql.show_plan;
            app.message = Some(if app.sql.show_plan {
                "Query plans on: each run shows EXPLAIN QUERY PLAN above the rows.".into()
            } else {
                "Query plans off.".into()
            });
            return None;
        }
        (KeyCode::F(2), _) | (KeyCode::Char('o'), true) => {
            next_dataset(app);
            return None;
        }
        _ => {}
    }
    match app.sql.focus {
        // Alt+key is how terminals report Esc followed quickly by a key: leave the editor,
        // then take the key as a command.
        Focus::Editor
            if key.modifiers.contains(KeyModifiers::ALT)
                && matches!(key.code, KeyCode::Char(_)) =>
        {
            app.sql.focus = Focus::Result;
            nav_key(
                app,
                KeyEvent::new(key.code, key.modifiers - KeyModifiers::ALT),
            )
        }
        Focus::Editor => {
            match key.code {
                KeyCode::Esc => {
                    app.sql.focus = if app.sql.outcome.is_some() {
                        Focus::Result
                    } else {
                        Focus::Tables
                    };
                }
                KeyCode::Tab if app.sql.text().trim().is_empty() => app.sql.focus = Focus::Tables,
                _ => {
                    app.sql.editor.input(key);
                }
            }
            None
        }
        Focus::Tables | Focus::Result => nav_key(app, key),
    }
}

fn nav_key(app: &mut App, key: KeyEvent) -> Option<Action> {
    let screen = &mut app.sql;
    let tables = screen.focus == Focus::Tables;
    match key.code {
        KeyCode::Char('i') | KeyCode::Char('e') => screen.focus = Focus::Editor,
        KeyCode::Enter if !tables => screen.focus = Focus::Editor,
        KeyCode::Tab | KeyCode::BackTab => {
            screen.focus = match screen.focus {
                Focus::Tables => Focus::Result,
                Focus::Result => Focus::Editor,
                Focus::Editor => Focus::Tables,
            }
        }
        KeyCode::Up | KeyCode::Char('k') if tables => {
            screen.table_sel = screen.table_sel.saturating_sub(1)
        }
        KeyCode::Down | KeyCode::Char('j') if tables => {
            screen.table_sel = (screen.table_sel + 1).min(screen.tables.len().saturating_sub(1))
        }
        KeyCode::Enter if tables => {
            if let Some(t) = screen.tables.get(screen.table_sel) {
                let sql = format!("SELECT * FROM {} LIMIT 20;", t.name);
                screen.set_text(&sql);
                screen.focus = Focus::Editor;
                run(app);
            }
        }
        KeyCode::Up | KeyCode::Char('k') => screen.scroll = screen.scroll.saturating_sub(1),
        KeyCode::Down | KeyCode::Char('j') => screen.scroll += 1,
        KeyCode::PageUp => screen.scroll = screen.scroll.saturating_sub(10),
        KeyCode::PageDown | KeyCode::Char(' ') => screen.scroll += 10,
        KeyCode::Home | KeyCode::Char('g') => screen.scroll = 0,
        KeyCode::End | KeyCode::Char('G') => screen.scroll = usize::MAX / 2,
        KeyCode::Left | KeyCode::Char('h') => screen.column = screen.column.saturating_sub(1),
        KeyCode::Right | KeyCode::Char('l') => screen.column += 1,
        KeyCode::Char('d') => next_dataset(app),
        KeyCode::Char('p') => {
            screen.show_plan = !screen.show_plan;
        }
        KeyCode::Char('x') => {
            screen.exercise = None;
            app.message = Some("Exercise closed; the editor is yours.".into());
        }
        KeyCode::Esc => return Some(Action::Back),
        KeyCode::Char('q') => return Some(Action::Quit),
        KeyCode::Char('?') => return Some(Action::ToggleHelp),
        KeyCode::Char(c @ '1'..='9') => {
            let i = (c as usize) - ('1' as usize);
            if let Some(tab) = Tab::ALL.get(i) {
                return Some(Action::ShowTab(*tab));
            }
        }
        _ => {}
    }
    None
}

fn next_dataset(app: &mut App) {
    let n = app.sql.names.len();
    if n < 2 {
        app.message = Some(match app.sql.dataset() {
            Some(d) => format!("{d} is the only dataset of this course."),
            None => "This course ships no datasets.".into(),
        });
        return;
    }
    app.sql.current = (app.sql.current + 1) % n;
    app.sql.outcome = None;
    load(app);
    app.message = Some(format!(
        "Dataset: {}.",
        app.sql.dataset().unwrap_or_default()
    ));
}

fn start(app: &mut App, task: Task) {
    if app.sql.running.is_some() {
        app.message = Some("Still running the last query (it stops within a second).".into());
        return;
    }
    let Some(dataset) = app.sql.dataset().map(str::to_string) else {
        app.message = Some("This course ships no datasets to query.".into());
        return;
    };
    let id = app.sql.next_id();
    app.sql.running = Some(Running {
        id,
        started_ms: app.clock,
    });
    app.push_effect(Effect::Sql(SqlJob {
        id,
        datasets: Arc::clone(&app.course.datasets),
        dataset,
        task,
    }));
}

pub(super) fn run(app: &mut App) {
    let sql = app.sql.text();
    if sql.trim().is_empty() {
        app.message = Some("Write a query first (the tables are on the left).".into());
        return;
    }
    let plan = app.sql.show_plan;
    let scratch = scratch_exercise(app);
    start(app, Task::Run { sql, plan, scratch });
}

/// The open exercise writes (write and plan mode): runs go to a scratch copy.
pub fn scratch_exercise(app: &App) -> bool {
    app.sql
        .exercise
        .as_ref()
        .and_then(|id| app.course.exercise(id))
        .is_some_and(|ex| matches!(&ex.spec, Spec::Sql(s) if s.mode != SqlMode::Query))
}

fn check(app: &mut App) {
    let Some(id) = app.sql.exercise.clone() else {
        app.message =
            Some("No exercise is open here: open a sql exercise from the Exercises tab.".into());
        return;
    };
    let Some(ex) = app.course.exercise(&id).cloned() else {
        return;
    };
    let answer = app.sql.text();
    if answer.trim().is_empty() {
        app.message = Some("Write your answer first.".into());
        return;
    }
    if let Spec::Sql(spec) = &ex.spec
        && app.sql.dataset() != Some(spec.dataset.as_str())
        && let Some(i) = app.sql.names.iter().position(|n| *n == spec.dataset)
    {
        app.sql.current = i;
    }
    start(
        app,
        Task::Check {
            exercise: Box::new(ex),
            answer,
        },
    );
}

/// The status bar's hints on the SQL screen.
pub fn hints() -> Vec<(&'static str, &'static str)> {
    vec![
        ("F5", "run"),
        ("F4", "plan"),
        ("F2", "dataset"),
        ("Ctrl-K", "check"),
        ("Esc", "leave editor"),
        ("Tab", "panes"),
    ]
}

/// The SQL screen's keys, for the help overlay.
pub fn help() -> Vec<(&'static str, &'static str)> {
    vec![
        (
            "F5  Ctrl-R",
            "run the query (on a read-only copy; 1 s budget)",
        ),
        ("F4  Ctrl-P", "show / hide the query plan"),
        ("F2  Ctrl-O", "next dataset"),
        ("F9  Ctrl-K", "check the open exercise"),
        ("Esc", "leave the editor (then Esc again: roadmap)"),
        ("Tab", "tables → result → editor"),
        ("↑ ↓  Enter", "pick a table; Enter shows its first rows"),
        ("← → PgUp PgDn", "scroll the result"),
        ("i e", "back to the editor"),
        ("x", "close the open exercise"),
    ]
}
