//! The SQL screen: pick a dataset, browse its tables, write a query, run it off the UI thread,
//! scroll the result, toggle the plan; open a `sql` exercise here and check it in place.
//!
//! Self-contained: the app holds a [`SqlScreen`], hands it keys ([`on_key`]) and finished runs
//! ([`on_done`]), and the loop runs [`Effect::Sql`](super::app::Effect) jobs with [`spawn`].

pub mod view;

use super::action::Action;
use super::app::{App, Effect, Tab};
use super::worker::AppEvent;
use crate::check::{Report, Verdict};
use crate::course::exercise::{Spec, SqlMode};
use crate::course::{Datasets, Exercise};
use crate::sql::dataset::{self, Table};
use crate::sql::{Access, Rows};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui_textarea::TextArea;
use std::sync::Arc;
use std::sync::mpsc::Sender;
use std::time::Instant;

/// Where keys go on the SQL screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// Typing SQL.
    Editor,
    /// Moving through the tables list.
    Tables,
    /// Scrolling the result.
    Result,
}

/// What the last run gave.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Rows (or a count of changed rows), with the plan when it was asked for.
    Rows {
        /// The rows.
        rows: Rows,
        /// `EXPLAIN QUERY PLAN`, when the plan is shown.
        plan: Vec<String>,
    },
    /// SQLite's message, or the sandbox's refusal, with a caret under the token.
    Error(String),
    /// An exercise check: the report, and the rows behind it.
    Checked {
        /// The graded report.
        report: Box<Report>,
        /// The learner's rows.
        got: Option<Rows>,
        /// The plan, in plan mode.
        plan: Vec<String>,
    },
}

/// A run in flight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Running {
    /// The job id its answer carries.
    pub id: u64,
    /// When it started (ms), to show it is running.
    pub started_ms: i64,
}

/// The SQL screen's state.
#[derive(Debug)]
pub struct SqlScreen {
    /// The course's datasets, by name.
    pub names: Vec<String>,
    /// The one in use (index into `names`).
    pub current: usize,
    /// Its tables, once built.
    pub tables: Vec<Table>,
    /// The selected table in the browser.
    pub table_sel: usize,
    /// The query being written.
    pub editor: TextArea<'static>,
    /// Where keys go.
    pub focus: Focus,
    /// The last run's outcome.
    pub outcome: Option<Outcome>,
    /// First row of the result shown.
    pub scroll: usize,
    /// First column of the result shown.
    pub column: usize,
    /// Show the query plan with each run.
    pub show_plan: bool,
    /// A `sql` exercise opened here, by id.
    pub exercise: Option<String>,
    /// A run in flight.
    pub running: Option<Running>,
    next_id: u64,
}

impl Default for SqlScreen {
    fn default() -> Self {
        Self::new()
    }
}

impl SqlScreen {
    /// An empty screen; the datasets are listed when it is first shown.
    pub fn new() -> Self {
        let mut editor = TextArea::default();
        editor.set_placeholder_text("SELECT … ;   (F5 or Ctrl-R runs it)");
        editor.set_tab_length(2);
        editor.set_wrap_mode(ratatui_textarea::WrapMode::WordOrGlyph);
        SqlScreen {
            names: Vec::new(),
            current: 0,
            tables: Vec::new(),
            table_sel: 0,
            editor,
            focus: Focus::Editor,
            outcome: None,
            scroll: 0,
            column: 0,
            show_plan: false,
            exercise: None,
            running: None,
            next_id: 0,
        }
    }

    /// The dataset in use.
    pub fn dataset(&self) -> Option<&str> {
        self.names.get(self.current).map(String::as_str)
    }

    /// The SQL in the editor.
    pub fn text(&self) -> String {
        self.editor.lines().join("\n")
    }

    /// Replace the editor's text.
    pub fn set_text(&mut self, text: &str) {
        let mut editor = TextArea::new(text.lines().map(str::to_string).collect());
        editor.set_placeholder_text("SELECT … ;   (F5 or Ctrl-R runs it)");
        editor.set_tab_length(2);
        editor.set_wrap_mode(ratatui_textarea::WrapMode::WordOrGlyph);
        editor.move_cursor(ratatui_textarea::CursorMove::Bottom);
        editor.move_cursor(ratatui_textarea::CursorMove::End);
        self.editor = editor;
    }

    /// A fresh job id.
    pub fn next_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }
}

/// Work for the loop to run off the UI thread.
#[derive(Debug, Clone)]
pub struct SqlJob {
    /// Comes back on the answer.
    pub id: u64,
    /// Every dataset script of the course (shared, not copied).
    pub datasets: Arc<Datasets>,
    /// The dataset to use.
    pub dataset: String,
    /// What to do.
    pub task: Task,
}

/// Jobs are told apart by id (their answer carries it).
impl PartialEq for SqlJob {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id && self.dataset == other.dataset
    }
}

impl Eq for SqlJob {}

/// What a job does.
#[derive(Debug, Clone)]
pub enum Task {
    /// Build the dataset and list its tables.
    Load,
    /// Run SQL on a copy (read-only unless `scratch`); with the plan when asked.
    Run {
        /// The SQL.
        sql: String,
        /// Also give `EXPLAIN QUERY PLAN`.
        plan: bool,
        /// On a writable scratch copy that vanishes (write and plan exercises).
        scratch: bool,
    },
    /// Grade an answer to a `sql` exercise.
    Check {
        /// The exercise.
        exercise: Box<Exercise>,
        /// The learner's SQL.
        answer: String,
    },
}

/// A finished job.
#[derive(Debug, Clone)]
pub struct SqlDone {
    /// The job's id.
    pub id: u64,
    /// The dataset it ran on.
    pub dataset: String,
    /// The dataset's tables (every job reports them: the first one builds the dataset).
    pub tables: Result<Vec<Table>, String>,
    /// What the run gave; `None` for a load.
    pub outcome: Option<Outcome>,
}

/// Run a job on a thread of its own; the answer comes back as [`AppEvent::Sql`]. The sandbox's
/// time budget bounds it, so threads never pile up for long.
pub fn spawn(job: SqlJob, tx: Sender<AppEvent>) {
    let run = move || {
        let done = run_job(job);
        let _ = tx.send(AppEvent::Sql(Box::new(done)));
    };
    if std::thread::Builder::new()
        .name("backroad-sql".into())
        .spawn(run)
        .is_err()
    {
        // No thread to be had: nothing runs, and the screen says so when it polls again.
    }
}

/// Run a job where it is called (the thread's body; tests and the bench call it directly).
pub fn run_job(job: SqlJob) -> SqlDone {
    let data = dataset::for_course(&job.datasets, &job.dataset);
    let tables = match &data {
        Ok(d) => Ok(d.tables.clone()),
        Err(e) => Err(e.explain()),
    };
    let outcome = match (&job.task, data) {
        (Task::Load, _) => None,
        (_, Err(e)) => Some(Outcome::Error(e.explain())),
        (Task::Run { sql, plan, scratch }, Ok(data)) => Some(
            match data.open(if *scratch {
                Access::Scratch
            } else {
                Access::ReadOnly
            }) {
                Err(e) => Outcome::Error(e.explain()),
                Ok(sandbox) => match sandbox.run(sql) {
                    Ok(rows) => Outcome::Rows {
                        plan: if *plan && !rows.columns.is_empty() {
                            sandbox.plan(sql).unwrap_or_default()
                        } else {
                            Vec::new()
                        },
                        rows,
                    },
                    Err(e) => Outcome::Error(e.explain()),
                },
            },
        ),
        (Task::Check { exercise, answer }, Ok(_)) => Some(match &exercise.spec {
            Spec::Sql(spec) => match crate::sql::check(&job.datasets, exercise, spec, answer) {
                Ok(c) => Outcome::Checked {
                    report: Box::new(c.report),
                    got: c.got,
                    plan: c.plan,
                },
                Err(e) => Outcome::Error(format!("This exercise is broken: {}", e.explain())),
            },
            _ => Outcome::Error(format!("{} is not a sql exercise", exercise.id)),
        }),
    };
    SqlDone {
        id: job.id,
        dataset: job.dataset,
        tables,
        outcome,
    }
}

/// The answer to a lesson's ```` ```sql ```` block, in the pane under the lesson.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqlPane {
    /// The job that fills it.
    pub id: u64,
    /// The dataset it ran on.
    pub dataset: String,
    /// The first line of the query, for the title.
    pub title: String,
    /// The result as lines (a table, or the error with its caret); `None` while running.
    pub lines: Option<Vec<String>>,
    /// The answer is an error.
    pub failed: bool,
}

/// Rows a lesson pane shows.
const PANE_ROWS: usize = 50;

/// The dataset a lesson block runs on: its fence's, else the lesson's front matter's.
fn block_dataset(app: &App, q: &crate::markdown::SqlQuery) -> Result<String, String> {
    if let Some(d) = &q.dataset {
        return Ok(d.clone());
    }
    let lesson = app.lesson.as_ref().and_then(|v| app.course.lesson(&v.id));
    match lesson.and_then(|l| l.dataset.clone()) {
        Some(d) => Ok(d),
        None => Err(
            "This lesson names no dataset: write ```sql shop on the fence, or dataset = \"shop\" in the front matter."
                .into(),
        ),
    }
}

/// Enter on a lesson's ```` ```sql ```` block: run it on a read-only copy of its dataset, off
/// the UI thread; the answer fills the pane under the lesson.
pub fn run_lesson_block(app: &mut App, q: crate::markdown::SqlQuery) {
    let dataset = match block_dataset(app, &q) {
        Ok(d) => d,
        Err(e) => {
            app.message = Some(e);
            return;
        }
    };
    let id = app.sql.next_id();
    let title = q
        .text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim()
        .to_string();
    if let Some(view) = app.lesson.as_mut() {
        view.pane = Some(super::lesson::ResponsePane {
            id: 0,
            request: Default::default(),
            result: None,
            scroll: 0,
            sql: Some(SqlPane {
                id,
                dataset: dataset.clone(),
                title,
                lines: None,
                failed: false,
            }),
        });
    }
    app.push_effect(Effect::Sql(SqlJob {
        id,
        datasets: Arc::clone(&app.course.datasets),
        dataset,
        task: Task::Run {
            sql: q.text,
            plan: false,
            scratch: false,
        },
    }));
}

/// `o` on a lesson's ```` ```sql ```` block: the SQL tab, on its dataset, with the query run.
pub fn open_lesson_block(app: &mut App, q: crate::markdown::SqlQuery) {
    let dataset = match block_dataset(app, &q) {
        Ok(d) => d,
        Err(e) => {
            app.message = Some(e);
            return;
        }
    };
    app.tab = Tab::Sql;
    on_show(app);
    if let Some(i) = app.sql.names.iter().position(|n| *n == dataset)
        && i != app.sql.current
    {
        app.sql.current = i;
        load(app);
    }
    app.sql.exercise = None;
    app.sql.set_text(&q.text);
    app.sql.focus = Focus::Editor;
    run(app);
}

/// A lesson pane waiting for job `id`, if there is one.
fn lesson_pane(app: &mut App, id: u64) -> Option<&mut SqlPane> {
    let pane = app.lesson.as_mut()?.pane.as_mut()?;
    pane.sql.as_mut().filter(|p| p.id == id)
}

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
    app.tab = Tab::Sql;
    on_show(app);
    if let Some(i) = app.sql.names.iter().position(|n| *n == dataset)
        && i != app.sql.current
    {
        app.sql.current = i;
        load(app);
    }
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

fn run(app: &mut App) {
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

/// How long a job has run, for the "running" line.
pub fn elapsed_ms(running: &Running, now_ms: i64) -> i64 {
    (now_ms - running.started_ms).max(0)
}

/// Time a round trip of `sql` through [`run_job`] (for the benchmark).
pub fn time_run(datasets: Arc<Datasets>, dataset: &str, sql: &str) -> std::time::Duration {
    let started = Instant::now();
    let _ = run_job(SqlJob {
        id: 0,
        datasets,
        dataset: dataset.to_string(),
        task: Task::Run {
            sql: sql.to_string(),
            plan: false,
            scratch: false,
        },
    });
    started.elapsed()
}
