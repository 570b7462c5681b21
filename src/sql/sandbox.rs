//! A connection to an in-memory copy of a sample database that a learner's SQL cannot escape:
//! SQLite's authorizer refuses ATTACH/DETACH, writing pragmas, extension loading and (on the
//! read-only copy) every write; a progress handler stops a statement at its time budget; rows
//! are collected up to a cap.

use rusqlite::hooks::{AuthAction, AuthContext, Authorization};
use rusqlite::types::Value;
use rusqlite::{Connection, ErrorCode, fallible_iterator::FallibleIterator};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::error::runtime;
pub use super::error::{SqlError, caret};
pub use super::statements::{last_statement, statement_complete};

/// How long one run may take before it is stopped.
pub const TIME_BUDGET: Duration = Duration::from_secs(1);
/// How many rows a run collects before it stops reading.
pub const ROW_CAP: usize = 10_000;
/// The longest string or blob a query may build (SQLite's `SQLITE_LIMIT_LENGTH`).
const MAX_LENGTH: i32 = 4 * 1024 * 1024;
/// VM instructions between two looks at the clock.
const PROGRESS_EVERY: i32 = 2_000;

/// What a connection lets through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Reading only: SELECT, read pragmas. The copy is deserialized read-only as well.
    ReadOnly,
    /// A scratch copy (or a dataset being built): writes, schema changes, transactions and
    /// `PRAGMA foreign_keys`, all in memory.
    Scratch,
}

/// A result set, or what a statement changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Rows {
    /// Column names, as SQLite names them.
    pub columns: Vec<String>,
    /// The rows, up to [`ROW_CAP`].
    pub rows: Vec<Vec<Value>>,
    /// The query had more rows than [`ROW_CAP`]; reading stopped there.
    pub truncated: bool,
    /// Rows changed by the last statement, when it was not a query.
    pub changes: Option<u64>,
    /// How many statements ran.
    pub statements: usize,
    /// Wall time of the run.
    pub elapsed: Duration,
}

/// Shared between a sandbox and its progress handler (and a cancel button elsewhere).
#[derive(Debug)]
struct Budget {
    /// Time zero for `deadline_ns`.
    base: Instant,
    /// Nanoseconds after `base` when the current run must stop; 0 = no run.
    deadline_ns: AtomicU64,
    /// The handler stopped a run because of the clock.
    tripped: AtomicBool,
    /// Someone asked to stop.
    cancelled: AtomicBool,
}

/// Stops a sandbox's running statement from another thread.
#[derive(Debug, Clone)]
pub struct Canceller(Arc<Budget>);

impl Canceller {
    /// Stop the statement running now (if any); the run ends with [`SqlError::Cancelled`].
    pub fn cancel(&self) {
        self.0.cancelled.store(true, Ordering::SeqCst);
    }
}

/// A connection with its sandbox rules.
pub struct Sandbox {
    conn: Connection,
    access: Access,
    budget: Arc<Budget>,
    /// Why the authorizer last said no, to replace SQLite's bare "not authorized".
    refusal: Arc<Mutex<Option<String>>>,
    time_budget: Duration,
}

impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox")
            .field("access", &self.access)
            .finish_non_exhaustive()
    }
}

impl Sandbox {
    /// An empty in-memory database with the rules of `access`.
    pub fn empty(access: Access) -> Result<Sandbox, SqlError> {
        let conn = Connection::open_in_memory().map_err(runtime)?;
        Sandbox::guard(conn, access)
    }

    /// A copy of a serialized database image.
    pub fn from_image(image: &[u8], access: Access) -> Result<Sandbox, SqlError> {
        let mut conn = Connection::open_in_memory().map_err(runtime)?;
        conn.deserialize_read_exact(
            rusqlite::MAIN_DB,
            image,
            image.len(),
            access == Access::ReadOnly,
        )
        .map_err(runtime)?;
        Sandbox::guard(conn, access)
    }

    fn guard(conn: Connection, access: Access) -> Result<Sandbox, SqlError> {
        use rusqlite::config::DbConfig;
        use rusqlite::limits::Limit;
        // Defensive mode forbids writable_schema and other ways to corrupt the file even if a
        // pragma got through; triggers and views may not call functions with side effects.
        for (config, on) in [
            (DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true),
            (DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false),
        ] {
            conn.set_db_config(config, on).map_err(runtime)?;
        }
        conn.set_limit(Limit::SQLITE_LIMIT_ATTACHED, 0)
            .map_err(runtime)?;
        conn.set_limit(Limit::SQLITE_LIMIT_LENGTH, MAX_LENGTH)
            .map_err(runtime)?;
        let budget = Arc::new(Budget {
            base: Instant::now(),
            deadline_ns: AtomicU64::new(0),
            tripped: AtomicBool::new(false),
            cancelled: AtomicBool::new(false),
        });
        let handler_budget = Arc::clone(&budget);
        conn.progress_handler(
            PROGRESS_EVERY,
            Some(move || {
                let b = &handler_budget;
                if b.cancelled.load(Ordering::Relaxed) {
                    return true;
                }
                let deadline = b.deadline_ns.load(Ordering::Relaxed);
                if deadline != 0 && b.base.elapsed().as_nanos() as u64 > deadline {
                    b.tripped.store(true, Ordering::Relaxed);
                    return true;
                }
                false
            }),
        )
        .map_err(runtime)?;
        let refusal = Arc::new(Mutex::new(None));
        let said = Arc::clone(&refusal);
        conn.authorizer(Some(move |cx: AuthContext<'_>| {
            match authorize(access, &cx) {
                Ok(()) => Authorization::Allow,
                Err(why) => {
                    if let Ok(mut slot) = said.lock() {
                        *slot = Some(why);
                    }
                    Authorization::Deny
                }
            }
        }))
        .map_err(runtime)?;
        Ok(Sandbox {
            conn,
            access,
            budget,
            refusal,
            time_budget: TIME_BUDGET,
        })
    }

    /// What this connection lets through.
    pub fn access(&self) -> Access {
        self.access
    }

    /// Change the time budget (building a dataset gets longer than a learner's query).
    pub fn set_time_budget(&mut self, budget: Duration) {
        self.time_budget = budget;
    }

    /// A handle that stops the running statement from another thread.
    pub fn canceller(&self) -> Canceller {
        Canceller(Arc::clone(&self.budget))
    }

    /// A serialized image of the database, to copy it cheaply.
    pub fn image(&self) -> Result<Vec<u8>, SqlError> {
        Ok(self
            .conn
            .serialize(rusqlite::MAIN_DB)
            .map_err(runtime)?
            .to_vec())
    }

    /// Run every statement of `sql`, in order, within one time budget. Gives the rows of the
    /// last statement that returns rows, or what the last statement changed.
    pub fn run(&self, sql: &str) -> Result<Rows, SqlError> {
        let started = Instant::now();
        self.arm();
        let out = self.run_all(sql);
        self.budget.deadline_ns.store(0, Ordering::SeqCst);
        let mut rows = out.map_err(|e| self.explain_error(e, sql))?;
        rows.elapsed = started.elapsed();
        Ok(rows)
    }

    fn arm(&self) {
        let b = &self.budget;
        b.tripped.store(false, Ordering::SeqCst);
        b.cancelled.store(false, Ordering::SeqCst);
        let deadline = b.base.elapsed() + self.time_budget;
        b.deadline_ns
            .store(deadline.as_nanos().max(1) as u64, Ordering::SeqCst);
        if let Ok(mut slot) = self.refusal.lock() {
            *slot = None;
        }
    }

    fn run_all(&self, sql: &str) -> Result<Rows, rusqlite::Error> {
        let mut batch = rusqlite::Batch::new(&self.conn, sql);
        let mut last: Option<Rows> = None;
        let mut statements = 0;
        while let Some(mut stmt) = batch.next()? {
            statements += 1;
            if self.access == Access::ReadOnly && !stmt.readonly() {
                // Belt and braces: the authorizer refuses writes, the copy is read-only, and a
                // statement SQLite itself calls writing does not run here.
                return Err(self.refuse("this statement writes, and this copy is read-only"));
            }
            let columns: Vec<String> = stmt.column_names().iter().map(|c| c.to_string()).collect();
            let n = columns.len();
            if n == 0 {
                let changes = stmt.execute([])? as u64;
                let keep_rows = last.as_ref().is_some_and(|l| !l.columns.is_empty());
                if !keep_rows {
                    last = Some(Rows {
                        columns,
                        rows: Vec::new(),
                        truncated: false,
                        changes: Some(changes),
                        statements,
                        elapsed: Duration::ZERO,
                    });
                }
                continue;
            }
            let mut rows = Vec::new();
            let mut truncated = false;
            let mut cursor = stmt.query([])?;
            while let Some(row) = cursor.next()? {
                if rows.len() == ROW_CAP {
                    truncated = true;
                    break;
                }
                let mut values = Vec::with_capacity(n);
                for i in 0..n {
                    values.push(row.get::<_, Value>(i)?);
                }
                rows.push(values);
            }
            last = Some(Rows {
                columns,
                rows,
                truncated,
                changes: None,
                statements,
                elapsed: Duration::ZERO,
            });
        }
        match last {
            Some(mut rows) => {
                rows.statements = statements;
                Ok(rows)
            }
            None => Err(rusqlite::Error::InvalidQuery),
        }
    }

    fn refuse(&self, why: &str) -> rusqlite::Error {
        if let Ok(mut slot) = self.refusal.lock() {
            *slot = Some(why.to_string());
        }
        rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_AUTH),
            Some("not authorized".into()),
        )
    }

    fn explain_error(&self, e: rusqlite::Error, sql: &str) -> SqlError {
        if self.budget.cancelled.load(Ordering::SeqCst) {
            return SqlError::Cancelled;
        }
        if self.budget.tripped.load(Ordering::SeqCst) {
            return SqlError::Budget {
                budget_ms: self.time_budget.as_millis() as u64,
            };
        }
        let refusal = self.refusal.lock().ok().and_then(|mut s| s.take());
        match e {
            rusqlite::Error::InvalidQuery => SqlError::Empty,
            rusqlite::Error::SqlInputError {
                msg,
                sql: tail,
                offset,
                ..
            } => {
                if let Some(why) = refusal {
                    return SqlError::Refused(why);
                }
                // Batch reports the offset within the statements left; `tail` ends `sql`.
                let start = sql.len().saturating_sub(tail.len());
                SqlError::Invalid {
                    message: msg,
                    sql: sql.to_string(),
                    offset: usize::try_from(offset).ok().map(|o| start + o),
                }
            }
            rusqlite::Error::SqliteFailure(err, msg) => {
                if let Some(why) = refusal {
                    return SqlError::Refused(why);
                }
                let msg = msg.unwrap_or_else(|| err.to_string());
                match err.code {
                    ErrorCode::ReadOnly => SqlError::Refused(format!(
                        "{msg}: the sample data is read-only here; writes run on a scratch copy"
                    )),
                    ErrorCode::TooBig => SqlError::Runtime(format!(
                        "{msg}: a value grew past {} MiB",
                        MAX_LENGTH / 1024 / 1024
                    )),
                    _ => SqlError::Runtime(msg),
                }
            }
            other => SqlError::Runtime(other.to_string()),
        }
    }

    /// Table names, in the order they were created (views too), without SQLite's own.
    pub fn tables(&self) -> Result<Vec<String>, SqlError> {
        self.names("SELECT name FROM sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY rowid")
    }

    /// A table's columns: name, declared type, and whether it is part of the primary key.
    pub fn columns(&self, table: &str) -> Result<Vec<Column>, SqlError> {
        let mut stmt = self
            .conn
            .prepare("SELECT name, type, pk, \"notnull\" FROM pragma_table_info(?1)")
            .map_err(runtime)?;
        let cols = stmt
            .query_map([table], |r| {
                Ok(Column {
                    name: r.get(0)?,
                    decl: r.get(1)?,
                    primary_key: r.get::<_, i64>(2)? > 0,
                    not_null: r.get::<_, i64>(3)? != 0,
                })
            })
            .map_err(runtime)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(runtime)?;
        Ok(cols)
    }

    /// The CREATE statements of a table and its indexes (`.schema T`).
    pub fn schema(&self, table: Option<&str>) -> Result<Vec<String>, SqlError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' \
                 AND (?1 IS NULL OR tbl_name = ?1 COLLATE NOCASE) ORDER BY tbl_name, type DESC, rowid",
            )
            .map_err(runtime)?;
        let out = stmt
            .query_map([table], |r| r.get::<_, String>(0))
            .map_err(runtime)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(runtime)?;
        Ok(out)
    }

    /// The lines of `EXPLAIN QUERY PLAN` for the last statement of `sql`, indented by depth.
    pub fn plan(&self, sql: &str) -> Result<Vec<String>, SqlError> {
        let last = last_statement(sql);
        let rows = self.run(&format!("EXPLAIN QUERY PLAN {last}"))?;
        let mut depth: Vec<(i64, usize)> = Vec::new();
        let mut out = Vec::new();
        for r in rows.rows {
            let (id, parent) = match (&r[0], &r[1]) {
                (Value::Integer(a), Value::Integer(b)) => (*a, *b),
                _ => (0, 0),
            };
            let detail = match &r[3] {
                Value::Text(t) => t.clone(),
                _ => String::new(),
            };
            let level = depth
                .iter()
                .find(|(i, _)| *i == parent)
                .map_or(0, |(_, l)| l + 1);
            depth.push((id, level));
            out.push(format!("{}{detail}", "  ".repeat(level)));
        }
        Ok(out)
    }

    fn names(&self, sql: &str) -> Result<Vec<String>, SqlError> {
        let mut stmt = self.conn.prepare(sql).map_err(runtime)?;
        let out = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(runtime)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(runtime)?;
        Ok(out)
    }
}

/// One column of a table, for browsing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// The column's name.
    pub name: String,
    /// Its declared type (may be empty).
    pub decl: String,
    /// Part of the primary key.
    pub primary_key: bool,
    /// Declared NOT NULL.
    pub not_null: bool,
}

/// Pragmas that only read, allowed without a value everywhere.
const READ_PRAGMAS: &[&str] = &[
    "table_info",
    "table_xinfo",
    "table_list",
    "index_list",
    "index_info",
    "index_xinfo",
    "foreign_key_list",
    "foreign_keys",
    "collation_list",
    "function_list",
    "pragma_list",
    "compile_options",
    "database_list",
    "user_version",
    "schema_version",
    "page_count",
    "page_size",
    "encoding",
];

/// Functions never allowed: extension loading, and FTS3's pointer-taking tokenizer hook.
const REFUSED_FUNCTIONS: &[&str] = &["load_extension", "fts3_tokenizer"];

/// Virtual table modules a scratch copy may create.
const SCRATCH_MODULES: &[&str] = &["fts5", "fts4", "fts3", "rtree"];

/// The sandbox's rules: `Ok` lets the action through, `Err` says why not.
fn authorize(access: Access, cx: &AuthContext<'_>) -> Result<(), String> {
    let read_only_msg = |what: &str| {
        Err(format!(
            "{what} is refused: the sample data is read-only here. Writes run on a scratch copy \
             (write and plan exercises, or .scratch at the `backroad sql` prompt)"
        ))
    };
    match cx.action {
        AuthAction::Attach { .. } => Err(
            "ATTACH is refused: the SQL lab works on its sample database only and never opens files"
                .into(),
        ),
        AuthAction::Detach { .. } => Err("DETACH is refused in the SQL lab".into()),
        AuthAction::Function { function_name } => {
            if REFUSED_FUNCTIONS
                .iter()
                .any(|f| f.eq_ignore_ascii_case(function_name))
            {
                Err(format!("{function_name}() is refused in the SQL lab"))
            } else {
                Ok(())
            }
        }
        AuthAction::Pragma {
            pragma_name,
            pragma_value,
        } => {
            let name = pragma_name.to_ascii_lowercase();
            let writes = pragma_value.is_some()
                && !matches!(
                    name.as_str(),
                    "table_info" | "table_xinfo" | "index_list" | "index_info" | "index_xinfo" | "foreign_key_list"
                );
            if name == "foreign_keys" && access != Access::ReadOnly {
                return Ok(());
            }
            if !writes && READ_PRAGMAS.contains(&name.as_str()) {
                return Ok(());
            }
            Err(format!(
                "PRAGMA {pragma_name}{} is refused: the SQL lab allows pragmas that read the \
                 schema (table_info, index_list, foreign_key_list…){}",
                pragma_value.map(|v| format!(" = {v}")).unwrap_or_default(),
                if access == Access::ReadOnly {
                    ""
                } else {
                    " and foreign_keys"
                }
            ))
        }
        AuthAction::Select
        | AuthAction::Read { .. }
        | AuthAction::Recursive
        | AuthAction::Transaction { .. }
        | AuthAction::Savepoint { .. } => Ok(()),
        AuthAction::CreateVtable { module_name, .. } | AuthAction::DropVtable { module_name, .. } => {
            if access == Access::ReadOnly {
                read_only_msg("CREATE VIRTUAL TABLE")
            } else if SCRATCH_MODULES.contains(&module_name.to_ascii_lowercase().as_str()) {
                Ok(())
            } else {
                Err(format!(
                    "virtual tables of module {module_name} are refused in the SQL lab"
                ))
            }
        }
        action => {
            if access == Access::ReadOnly {
                read_only_msg(&describe(&action))
            } else {
                Ok(())
            }
        }
    }
}

fn is_schema_table(name: &str) -> bool {
    [
        "sqlite_master",
        "sqlite_schema",
        "sqlite_temp_master",
        "sqlite_temp_schema",
    ]
    .iter()
    .any(|t| t.eq_ignore_ascii_case(name))
}

/// A word for an action, in a refusal: "DELETE FROM orders".
fn describe(action: &AuthAction<'_>) -> String {
    match action {
        AuthAction::Insert { table_name }
        | AuthAction::Update { table_name, .. }
        | AuthAction::Delete { table_name }
            if is_schema_table(table_name) =>
        {
            "changing the schema (CREATE, DROP, ALTER)".into()
        }
        AuthAction::Insert { table_name } => format!("INSERT INTO {table_name}"),
        AuthAction::Update { table_name, .. } => format!("UPDATE {table_name}"),
        AuthAction::Delete { table_name } => format!("DELETE FROM {table_name}"),
        AuthAction::DropTable { table_name } | AuthAction::DropTempTable { table_name } => {
            format!("DROP TABLE {table_name}")
        }
        AuthAction::CreateTable { table_name } | AuthAction::CreateTempTable { table_name } => {
            format!("CREATE TABLE {table_name}")
        }
        AuthAction::CreateIndex { index_name, .. }
        | AuthAction::CreateTempIndex { index_name, .. } => format!("CREATE INDEX {index_name}"),
        AuthAction::DropIndex { index_name, .. } | AuthAction::DropTempIndex { index_name, .. } => {
            format!("DROP INDEX {index_name}")
        }
        AuthAction::AlterTable { table_name, .. } => format!("ALTER TABLE {table_name}"),
        AuthAction::CreateView { view_name } | AuthAction::CreateTempView { view_name } => {
            format!("CREATE VIEW {view_name}")
        }
        AuthAction::CreateTrigger { trigger_name, .. }
        | AuthAction::CreateTempTrigger { trigger_name, .. } => {
            format!("CREATE TRIGGER {trigger_name}")
        }
        AuthAction::Analyze { .. } => "ANALYZE".into(),
        AuthAction::Reindex { .. } => "REINDEX".into(),
        _ => "this statement".into(),
    }
}
