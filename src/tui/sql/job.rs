//! The SQL screen's work off the UI thread: a job (load a dataset, run SQL, grade an answer),
//! the thread that runs it, and the answer it sends back.

use super::Outcome;
use crate::course::exercise::Spec;
use crate::course::{Datasets, Exercise};
use crate::sql::Access;
use crate::sql::dataset::{self, Table};
use crate::tui::worker::AppEvent;
use std::sync::Arc;
use std::sync::mpsc::Sender;
use std::time::Instant;

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
