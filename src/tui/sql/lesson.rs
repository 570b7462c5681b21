//! A lesson's ```` ```sql ```` blocks: Enter runs one into the pane under the lesson, `o` opens
//! it on the SQL screen.

use super::Focus;
use super::job::{SqlJob, Task};
use super::update::{run, show_dataset};
use crate::tui::app::{App, Effect};
use std::sync::Arc;

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
pub(super) const PANE_ROWS: usize = 50;

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
        view.pane = Some(crate::tui::lesson::ResponsePane {
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
    show_dataset(app, &dataset);
    app.sql.exercise = None;
    app.sql.set_text(&q.text);
    app.sql.focus = Focus::Editor;
    run(app);
}

/// A lesson pane waiting for job `id`, if there is one.
pub(super) fn lesson_pane(app: &mut App, id: u64) -> Option<&mut SqlPane> {
    let pane = app.lesson.as_mut()?.pane.as_mut()?;
    pane.sql.as_mut().filter(|p| p.id == id)
}
