//! The progress store: one SQLite file, the only module that speaks SQL.
//!
//! WAL mode, a busy timeout, and an append-only list of migrations tracked in
//! `PRAGMA user_version` (the shape of cargo's `util/sqlite.rs`). A file that is not a SQLite
//! database is refused and left untouched: the learner's data is never recreated over.

mod attempts;
mod journal;
mod progress;
mod review;
mod run_commands;

pub use attempts::{Attempt, ExerciseStats};
pub use journal::JOURNAL_KEEP;
pub use progress::{LessonProgress, StudyDay};
pub use review::Card;

use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Why the store could not be used.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "{path} is not a backroad progress database ({reason}).\n  It was left untouched. Move it aside or point BACKROAD_HOME at another folder."
    )]
    NotADatabase { path: PathBuf, reason: String },
    #[error(
        "{path} was written by a newer backroad (schema {found}, this one knows {known}).\n  Upgrade backroad, or point BACKROAD_HOME at another folder."
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("cannot open {path}: {source}")]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("database error: {0}")]
    Sql(#[from] rusqlite::Error),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Schema migrations, append-only: entry `i` moves the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    // 1: lesson progress, study sessions, small key/value state.
    "CREATE TABLE lesson_progress (
         lesson_id      TEXT PRIMARY KEY,
         first_opened   INTEGER NOT NULL,
         last_opened    INTEGER NOT NULL,
         scroll         INTEGER NOT NULL DEFAULT 0,
         completed_at   INTEGER
     );
     CREATE TABLE study_sessions (
         id         INTEGER PRIMARY KEY,
         started_at INTEGER NOT NULL,
         ended_at   INTEGER NOT NULL
     );
     CREATE TABLE app_state (
         key   TEXT PRIMARY KEY,
         value TEXT NOT NULL
     );",
    // 2: exercise attempts and revealed hints.
    "CREATE TABLE attempts (
         id          INTEGER PRIMARY KEY,
         exercise_id TEXT NOT NULL,
         at          INTEGER NOT NULL,
         passed      INTEGER NOT NULL,
         hints_used  INTEGER NOT NULL DEFAULT 0,
         summary     TEXT NOT NULL DEFAULT ''
     );
     CREATE INDEX attempts_by_exercise ON attempts (exercise_id, at);
     CREATE TABLE hints (
         exercise_id TEXT PRIMARY KEY,
         revealed    INTEGER NOT NULL
     );
     CREATE TABLE exercise_opened (
         exercise_id TEXT PRIMARY KEY,
         opened_at   INTEGER NOT NULL
     );",
    // 3: the lab journal.
    "CREATE TABLE journal (
         id               INTEGER PRIMARY KEY AUTOINCREMENT,
         at               INTEGER NOT NULL,
         method           TEXT NOT NULL,
         path             TEXT NOT NULL,
         query            TEXT NOT NULL DEFAULT '',
         request_headers  TEXT NOT NULL DEFAULT '[]',
         request_body     BLOB NOT NULL DEFAULT x'',
         status           INTEGER NOT NULL,
         response_headers TEXT NOT NULL DEFAULT '[]',
         response_body    BLOB NOT NULL DEFAULT x'',
         duration_us      INTEGER NOT NULL DEFAULT 0,
         client           TEXT NOT NULL DEFAULT '',
         trace            TEXT NOT NULL DEFAULT '[]'
     );
     CREATE INDEX journal_by_time ON journal (at);",
    // 4: progress kept apart per course pack. Rows from before belong to the built-in course.
    "CREATE TABLE lesson_progress_4 (
         course         TEXT NOT NULL,
         lesson_id      TEXT NOT NULL,
         first_opened   INTEGER NOT NULL,
         last_opened    INTEGER NOT NULL,
         scroll         INTEGER NOT NULL DEFAULT 0,
         completed_at   INTEGER,
         PRIMARY KEY (course, lesson_id)
     );
     INSERT INTO lesson_progress_4 SELECT 'backroad', * FROM lesson_progress;
     DROP TABLE lesson_progress;
     ALTER TABLE lesson_progress_4 RENAME TO lesson_progress;
     ALTER TABLE attempts ADD COLUMN course TEXT NOT NULL DEFAULT 'backroad';
     DROP INDEX attempts_by_exercise;
     CREATE INDEX attempts_by_exercise ON attempts (course, exercise_id, at);
     CREATE TABLE hints_4 (
         course      TEXT NOT NULL,
         exercise_id TEXT NOT NULL,
         revealed    INTEGER NOT NULL,
         PRIMARY KEY (course, exercise_id)
     );
     INSERT INTO hints_4 SELECT 'backroad', * FROM hints;
     DROP TABLE hints;
     ALTER TABLE hints_4 RENAME TO hints;
     CREATE TABLE exercise_opened_4 (
         course      TEXT NOT NULL,
         exercise_id TEXT NOT NULL,
         opened_at   INTEGER NOT NULL,
         PRIMARY KEY (course, exercise_id)
     );
     INSERT INTO exercise_opened_4 SELECT 'backroad', * FROM exercise_opened;
     DROP TABLE exercise_opened;
     ALTER TABLE exercise_opened_4 RENAME TO exercise_opened;
     UPDATE app_state SET key = 'last_lesson:backroad' WHERE key = 'last_lesson';",
    // 5: review cards (spaced repetition), one per pack and exercise; `course` defaults to the
    // built-in course's id, as progress rows from before packs had ids do.
    "CREATE TABLE review_cards (
         course      TEXT NOT NULL DEFAULT 'backroad',
         exercise_id TEXT NOT NULL,
         stability   REAL NOT NULL,
         difficulty  REAL NOT NULL,
         due         INTEGER NOT NULL,
         last_review INTEGER NOT NULL,
         reps        INTEGER NOT NULL DEFAULT 1,
         lapses      INTEGER NOT NULL DEFAULT 0,
         last_grade  TEXT NOT NULL,
         hints       INTEGER NOT NULL DEFAULT 0,
         PRIMARY KEY (course, exercise_id)
     );
     CREATE INDEX review_cards_by_due ON review_cards (course, due);",
    // 6: the assertions an attempt failed (a JSON list of their texts), for the class report.
    // Older attempts read as '[]': nothing is known about them.
    "ALTER TABLE attempts ADD COLUMN failed TEXT NOT NULL DEFAULT '[]';",
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// An open progress database, reading and writing one course pack's progress.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// The pack whose lessons, attempts and hints this handle sees (the built-in course
    /// unless [`Store::for_pack`] says otherwise). The journal and study time are shared.
    pack: String,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .field("pack", &self.pack)
            .finish()
    }
}

impl Store {
    /// Open (creating if missing) the database at `path`, and bring its schema up to date.
    ///
    /// An existing file that is not a SQLite database is refused and not modified.
    pub fn open(path: &Path) -> Result<Self> {
        if path.exists() {
            check_header(path)?;
        } else if let Some(parent) = path.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(path, flags).map_err(|source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            pack: crate::paths::BUILTIN_PACK.to_string(),
        };
        store.configure().map_err(|e| store.classify(e))?;
        store.migrate()?;
        Ok(store)
    }

    /// A private in-memory store, for tests and previews.
    pub fn open_in_memory() -> Result<Self> {
        let conn = Connection::open_in_memory()?;
        let mut store = Store {
            conn,
            path: PathBuf::from(":memory:"),
            pack: crate::paths::BUILTIN_PACK.to_string(),
        };
        store.migrate()?;
        Ok(store)
    }

    /// The same database, seeing the progress of the pack `pack` (its id from course.toml).
    pub fn for_pack(mut self, pack: &str) -> Self {
        self.pack = pack.to_string();
        self
    }

    /// The pack whose progress this handle reads and writes.
    pub fn pack(&self) -> &str {
        &self.pack
    }

    /// A number that changes when another connection (another process, or the lab's journal
    /// writer) commits to the file: cheap to poll, to notice changes made elsewhere.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// The file this store reads and writes.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version recorded in the file.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    fn configure(&self) -> rusqlite::Result<()> {
        self.conn.busy_timeout(Duration::from_secs(5))?;
        // journal_mode returns a row, so it is read with query_row.
        let _: String = self
            .conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        self.conn.execute_batch(
            "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; SELECT count(*) FROM sqlite_master;",
        )?;
        Ok(())
    }

    fn classify(&self, e: rusqlite::Error) -> StoreError {
        match e {
            rusqlite::Error::SqliteFailure(ref f, _)
                if matches!(
                    f.code,
                    rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt
                ) =>
            {
                StoreError::NotADatabase {
                    path: self.path.clone(),
                    reason: e.to_string(),
                }
            }
            other => StoreError::Sql(other),
        }
    }

    fn migrate(&mut self) -> Result<()> {
        let found = self.schema_version().map_err(|e| match e {
            StoreError::Sql(e) => self.classify(e),
            other => other,
        })?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                path: self.path.clone(),
                found,
                known: SCHEMA_VERSION,
            });
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
            let tx = self.conn.transaction()?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", (i + 1) as i64)?;
            tx.commit()?;
        }
        Ok(())
    }

    /// Read a value from the small key/value table.
    pub fn get_state(&self, key: &str) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .query_row("SELECT value FROM app_state WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Write a value to the small key/value table.
    pub fn set_state(&self, key: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO app_state (key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
        Ok(())
    }
}

/// A SQLite file starts with these 16 bytes; an empty file is fine (SQLite treats it as new).
fn check_header(path: &Path) -> Result<()> {
    use std::io::Read;
    const MAGIC: &[u8; 16] = b"SQLite format 3\0";
    let mut head = [0u8; 16];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .map_err(|e| StoreError::NotADatabase {
            path: path.to_path_buf(),
            reason: format!("cannot read it: {e}"),
        })?;
    if n == 0 || (n == 16 && &head == MAGIC) {
        Ok(())
    } else {
        Err(StoreError::NotADatabase {
            path: path.to_path_buf(),
            reason: "its first bytes are not a SQLite header".into(),
        })
    }
}

/// Milliseconds since the Unix epoch: the store's one time format.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrating_twice_is_a_no_op() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("progress.db");
        let s = Store::open(&db).unwrap();
        s.set_state("k", "v").unwrap();
        assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
        drop(s);
        let s = Store::open(&db).unwrap();
        assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
        assert_eq!(s.get_state("k").unwrap().as_deref(), Some("v"));
    }

    #[test]
    fn a_file_that_is_not_a_database_is_refused_and_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("progress.db");
        let garbage = b"these are my notes, not a database\n".repeat(200);
        std::fs::write(&db, &garbage).unwrap();
        let err = Store::open(&db).unwrap_err();
        assert!(matches!(err, StoreError::NotADatabase { .. }), "{err}");
        assert!(err.to_string().contains("progress.db"), "{err}");
        assert_eq!(std::fs::read(&db).unwrap(), garbage);
        assert!(!dir.path().join("progress.db-wal").exists());
    }

    #[test]
    fn a_corrupted_database_body_is_refused_and_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("progress.db");
        drop(Store::open(&db).unwrap());
        let mut bytes = std::fs::read(&db).unwrap();
        for b in bytes.iter_mut().skip(100) {
            *b = 0xA5;
        }
        std::fs::write(&db, &bytes).unwrap();
        let _ = std::fs::remove_file(dir.path().join("progress.db-wal"));
        let err = Store::open(&db).unwrap_err();
        assert!(matches!(err, StoreError::NotADatabase { .. }), "{err}");
        assert_eq!(std::fs::read(&db).unwrap(), bytes);
    }

    #[test]
    fn progress_from_before_packs_belongs_to_the_built_in_course() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("progress.db");
        {
            // A database as schema 3 left it.
            let conn = Connection::open(&db).unwrap();
            for (i, sql) in MIGRATIONS[..3].iter().enumerate() {
                conn.execute_batch(sql).unwrap();
                conn.pragma_update(None, "user_version", (i + 1) as i64)
                    .unwrap();
            }
            conn.execute_batch(
                "INSERT INTO lesson_progress VALUES ('01-a/01-b', 1, 2, 7, 3);
                 INSERT INTO attempts (exercise_id, at, passed, hints_used, summary)
                     VALUES ('http.get', 10, 1, 1, 'ok');
                 INSERT INTO hints VALUES ('http.get', 1);
                 INSERT INTO exercise_opened VALUES ('http.get', 9);
                 INSERT INTO app_state VALUES ('last_lesson', '01-a/01-b');",
            )
            .unwrap();
        }
        let s = Store::open(&db).unwrap();
        assert_eq!(s.passed_exercises().unwrap(), vec!["http.get".to_string()]);
        assert_eq!(s.hints_revealed("http.get").unwrap(), 1);
        assert_eq!(s.exercise_opened_at("http.get").unwrap(), Some(9));
        assert_eq!(s.lesson("01-a/01-b").unwrap().unwrap().scroll, 7);
        assert_eq!(s.last_lesson().unwrap().as_deref(), Some("01-a/01-b"));

        // Another pack with the same ids sees none of it, and writes apart.
        let other = Store::open(&db).unwrap().for_pack("other");
        assert!(other.passed_exercises().unwrap().is_empty());
        assert_eq!(other.hints_revealed("http.get").unwrap(), 0);
        assert!(other.lesson("01-a/01-b").unwrap().is_none());
        assert!(other.last_lesson().unwrap().is_none());
        other.record_attempt("http.get", false, "no").unwrap();
        other.reveal_hint("http.get", 3).unwrap();
        assert_eq!(s.attempts("http.get").unwrap().len(), 1);
        assert_eq!(s.hints_revealed("http.get").unwrap(), 1);
    }

    #[test]
    fn data_version_moves_when_another_connection_commits() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("progress.db");
        let tutor = Store::open(&db).unwrap();
        let before = tutor.data_version().unwrap();
        tutor.set_state("own", "write").unwrap();
        assert_eq!(
            tutor.data_version().unwrap(),
            before,
            "its own writes do not count"
        );
        Store::open(&db).unwrap().set_state("k", "v").unwrap();
        assert_ne!(tutor.data_version().unwrap(), before);
    }

    #[test]
    fn a_newer_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("progress.db");
        let s = Store::open(&db).unwrap();
        s.conn.pragma_update(None, "user_version", 99).unwrap();
        drop(s);
        let err = Store::open(&db).unwrap_err();
        assert!(matches!(err, StoreError::TooNew { found: 99, .. }), "{err}");
    }
}
