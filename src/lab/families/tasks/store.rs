//! The tasks database: one in-memory SQLite connection, every statement traced with its
//! bound parameters and time.

use super::super::Part;
use crate::lab::{LabConfig, LabError, Problem, Trace};
use axum::http::StatusCode;
use rusqlite::types::Value as Sql;
use rusqlite::{Connection, params_from_iter};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::sync::Mutex;
use std::time::Instant;

pub(super) const SCHEMA: &str = "CREATE TABLE tasks (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    title      TEXT NOT NULL,
    completed  INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
)";

/// The deterministic seed data `POST /_lab/reset` restores.
pub(super) const SEED: &[(&str, bool, &str)] = &[
    ("Read the HTTP anatomy lesson", true, "2026-01-05T09:00:00Z"),
    ("Send a GET to /get", true, "2026-01-05T09:30:00Z"),
    ("Create a task with POST", false, "2026-01-06T10:00:00Z"),
    ("Replace a task with PUT", false, "2026-01-07T11:15:00Z"),
    (
        "Delete a task and get 404 after",
        false,
        "2026-01-08T16:45:00Z",
    ),
];

/// The tasks database: one in-memory SQLite connection behind a mutex.
pub(crate) struct Tasks {
    pub(super) conn: Mutex<Connection>,
}

/// One task, as stored and as sent.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub(super) struct Task {
    pub(super) id: i64,
    pub(super) title: String,
    pub(super) completed: bool,
    pub(super) created_at: String,
}

impl Task {
    /// A strong validator: a hash of the representation, quoted.
    pub(super) fn etag(&self) -> String {
        let body = serde_json::to_vec(self).unwrap_or_default();
        format!("\"{}\"", &hex::encode(Sha256::digest(body))[..16])
    }

    pub(super) fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Self> {
        Ok(Self {
            id: r.get(0)?,
            title: r.get(1)?,
            completed: r.get(2)?,
            created_at: r.get(3)?,
        })
    }
}

pub(super) fn sql_json(v: &Sql) -> Value {
    match v {
        Sql::Null => Value::Null,
        Sql::Integer(i) => json!(i),
        Sql::Real(f) => json!(f),
        Sql::Text(t) => json!(t),
        Sql::Blob(b) => json!(format!("<{} bytes>", b.len())),
    }
}

pub(super) fn db_error(e: rusqlite::Error) -> Problem {
    Problem::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        format!("the tasks database failed: {e}"),
    )
}

impl Tasks {
    /// A fresh database with the seed tasks.
    pub(crate) fn open() -> rusqlite::Result<Self> {
        let conn = Connection::open_in_memory()?;
        conn.execute_batch(SCHEMA)?;
        let tasks = Self {
            conn: Mutex::new(conn),
        };
        tasks.reset(&Trace::default())?;
        Ok(tasks)
    }

    /// Back to the seed tasks; ids start at 1 again.
    pub(crate) fn reset(&self, trace: &Trace) -> rusqlite::Result<()> {
        self.with(|c| {
            run(trace, c, "DELETE FROM tasks", vec![])?;
            run(
                trace,
                c,
                "DELETE FROM sqlite_sequence WHERE name = 'tasks'",
                vec![],
            )?;
            for (title, done, at) in SEED {
                run(
                    trace,
                    c,
                    "INSERT INTO tasks (title, completed, created_at) VALUES (?1, ?2, ?3)",
                    vec![
                        Sql::Text((*title).into()),
                        Sql::Integer(i64::from(*done)),
                        Sql::Text((*at).into()),
                    ],
                )?;
            }
            Ok(())
        })
    }

    /// Whether the database answers (for `/ready`).
    pub(crate) fn ping(&self) -> bool {
        self.with(|c| c.query_row("SELECT 1", [], |r| r.get::<_, i64>(0)))
            .is_ok()
    }

    pub(super) fn with<T>(
        &self,
        f: impl FnOnce(&Connection) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<T> {
        // A panic while holding the lock cannot leave SQLite half-written: use it anyway.
        let conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        f(&conn)
    }

    pub(super) fn get(&self, trace: &Trace, id: i64) -> rusqlite::Result<Option<Task>> {
        self.with(|c| {
            let mut v = select(
                trace,
                c,
                "SELECT id, title, completed, created_at FROM tasks WHERE id = ?1",
                vec![Sql::Integer(id)],
            )?;
            Ok(v.pop())
        })
    }
}

/// Run a statement, recording it in the trace with its parameters and time.
pub(super) fn run(
    trace: &Trace,
    c: &Connection,
    sql: &str,
    params: Vec<Sql>,
) -> rusqlite::Result<usize> {
    let start = Instant::now();
    let n = c
        .prepare_cached(sql)?
        .execute(params_from_iter(params.iter()))?;
    trace.sql(sql, params.iter().map(sql_json).collect(), start.elapsed());
    Ok(n)
}

/// Run a task query, recording it in the trace.
pub(super) fn select(
    trace: &Trace,
    c: &Connection,
    sql: &str,
    params: Vec<Sql>,
) -> rusqlite::Result<Vec<Task>> {
    let start = Instant::now();
    let mut stmt = c.prepare_cached(sql)?;
    let rows = stmt
        .query_map(params_from_iter(params.iter()), Task::from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    trace.sql(sql, params.iter().map(sql_json).collect(), start.elapsed());
    Ok(rows)
}

pub(super) fn count(
    trace: &Trace,
    c: &Connection,
    sql: &str,
    params: Vec<Sql>,
) -> rusqlite::Result<i64> {
    let start = Instant::now();
    let n = c
        .prepare_cached(sql)?
        .query_row(params_from_iter(params.iter()), |r| r.get(0))?;
    trace.sql(sql, params.iter().map(sql_json).collect(), start.elapsed());
    Ok(n)
}

impl Part for Tasks {
    fn open(_: &LabConfig) -> Result<Self, LabError> {
        Tasks::open().map_err(|e| {
            LabError::Runtime(std::io::Error::other(format!(
                "cannot create the in-memory tasks database: {e}"
            )))
        })
    }

    fn reset(&self, trace: &Trace) {
        // The in-memory database cannot fail to take the seed it took at start.
        let _ = Tasks::reset(self, trace);
    }
}
