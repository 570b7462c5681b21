//! The SQL screen: pick a dataset, browse its tables, write a query, run it off the UI thread,
//! scroll the result, toggle the plan; open a `sql` exercise here and check it in place.
//!
//! Self-contained: the app holds a [`SqlScreen`], hands it keys ([`on_key`]) and finished runs
//! ([`on_done`]), and the loop runs [`Effect::Sql`](super::app::Effect) jobs with [`spawn`].
//!
//! This file owns the screen's state; `update` its keys and the answers it takes in; `job` the
//! work run off the UI thread; `lesson` a lesson's ```` ```sql ```` blocks; [`view`] the drawing.

mod job;
mod lesson;
mod update;
pub mod view;

pub use job::{SqlDone, SqlJob, Task, run_job, spawn, time_run};
pub use lesson::{SqlPane, open_lesson_block, run_lesson_block};
pub use update::{help, hints, on_done, on_key, on_show, open_exercise, scratch_exercise};

use crate::check::Report;
use crate::sql::Rows;
use crate::sql::dataset::Table;
use ratatui_textarea::TextArea;

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

/// How long a job has run, for the "running" line.
pub fn elapsed_ms(running: &Running, now_ms: i64) -> i64 {
    (now_ms - running.started_ms).max(0)
}
