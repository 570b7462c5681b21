//! Exercise attempts, revealed hints, and when an exercise was opened.

use super::{Result, Store, now_ms};
use rusqlite::{OptionalExtension, params};

/// One recorded attempt at an exercise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    pub exercise_id: String,
    pub at: i64,
    pub passed: bool,
    pub hints_used: u32,
    /// A one-line summary of the outcome ("3/5 assertions passed; step 2 failed: status").
    pub summary: String,
    /// The assertions (as written) that did not hold, once each; empty for attempts recorded
    /// before schema 4.
    pub failed: Vec<String>,
}

/// Totals per exercise, for the progress screen ("where the learner struggled").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExerciseStats {
    pub exercise_id: String,
    pub attempts: u32,
    pub passed: bool,
    pub hints_used: u32,
}

impl Store {
    /// Record an attempt; `hints_used` is read from the hints table.
    pub fn record_attempt(&self, exercise_id: &str, passed: bool, summary: &str) -> Result<()> {
        self.record_attempt_failing(exercise_id, passed, summary, &[])
    }

    /// Record an attempt with the assertions it failed (their text as written).
    pub fn record_attempt_failing(
        &self,
        exercise_id: &str,
        passed: bool,
        summary: &str,
        failed: &[String],
    ) -> Result<()> {
        let hints = self.hints_revealed(exercise_id)?;
        let failed = serde_json::to_string(failed).unwrap_or_else(|_| "[]".into());
        self.conn.execute(
            "INSERT INTO attempts (exercise_id, at, passed, hints_used, summary, course, failed)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                exercise_id,
                now_ms(),
                passed,
                hints,
                summary,
                self.pack,
                failed
            ],
        )?;
        Ok(())
    }

    /// Every attempt at one exercise, oldest first.
    pub fn attempts(&self, exercise_id: &str) -> Result<Vec<Attempt>> {
        let mut stmt = self.conn.prepare(
            "SELECT exercise_id, at, passed, hints_used, summary, failed FROM attempts
             WHERE exercise_id = ?1 AND course = ?2 ORDER BY at, id",
        )?;
        let rows = stmt.query_map([exercise_id, &self.pack], |r| {
            let failed: String = r.get(5)?;
            Ok(Attempt {
                exercise_id: r.get(0)?,
                at: r.get(1)?,
                passed: r.get(2)?,
                hints_used: r.get(3)?,
                summary: r.get(4)?,
                failed: serde_json::from_str(&failed).unwrap_or_default(),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Totals for every exercise attempted at least once.
    pub fn exercise_stats(&self) -> Result<Vec<ExerciseStats>> {
        let mut stmt = self.conn.prepare(
            "SELECT a.exercise_id, count(*), max(a.passed), COALESCE(h.revealed, 0)
             FROM attempts a
             LEFT JOIN hints h ON h.exercise_id = a.exercise_id AND h.course = a.course
             WHERE a.course = ?1
             GROUP BY a.exercise_id ORDER BY a.exercise_id",
        )?;
        let rows = stmt.query_map([&self.pack], |r| {
            Ok(ExerciseStats {
                exercise_id: r.get(0)?,
                attempts: r.get(1)?,
                passed: r.get(2)?,
                hints_used: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Ids of exercises passed at least once.
    pub fn passed_exercises(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare(
            "SELECT DISTINCT exercise_id FROM attempts WHERE passed = 1 AND course = ?1
             ORDER BY exercise_id",
        )?;
        let rows = stmt.query_map([&self.pack], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Days (since the epoch, UTC) with at least one attempt, oldest first.
    pub fn attempt_days(&self) -> Result<Vec<i64>> {
        let mut stmt = self
            .conn
            .prepare("SELECT DISTINCT at / 86400000 AS day FROM attempts ORDER BY day")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many hints of an exercise the learner has revealed.
    pub fn hints_revealed(&self, exercise_id: &str) -> Result<u32> {
        Ok(self
            .conn
            .query_row(
                "SELECT revealed FROM hints WHERE exercise_id = ?1 AND course = ?2",
                [exercise_id, &self.pack],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or(0))
    }

    /// How many hints the learner has revealed, per exercise (only exercises with any).
    pub fn all_hints_revealed(&self) -> Result<Vec<(String, u32)>> {
        let mut stmt = self.conn.prepare(
            "SELECT exercise_id, revealed FROM hints WHERE revealed > 0 AND course = ?1",
        )?;
        let rows = stmt.query_map([&self.pack], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Reveal one more hint (up to `available`); returns how many are now revealed.
    pub fn reveal_hint(&self, exercise_id: &str, available: u32) -> Result<u32> {
        let next = (self.hints_revealed(exercise_id)? + 1).min(available);
        self.conn.execute(
            "INSERT INTO hints (course, exercise_id, revealed) VALUES (?1, ?2, ?3)
             ON CONFLICT(course, exercise_id) DO UPDATE SET revealed = excluded.revealed",
            params![self.pack, exercise_id, next],
        )?;
        Ok(next)
    }

    /// Record that an exercise was opened now (lab exercises look at the journal from then on).
    pub fn mark_exercise_opened(&self, exercise_id: &str) -> Result<i64> {
        let now = now_ms();
        self.conn.execute(
            "INSERT INTO exercise_opened (course, exercise_id, opened_at) VALUES (?1, ?2, ?3)
             ON CONFLICT(course, exercise_id) DO UPDATE SET opened_at = excluded.opened_at",
            params![self.pack, exercise_id, now],
        )?;
        Ok(now)
    }

    /// When an exercise was last opened, in ms.
    pub fn exercise_opened_at(&self, exercise_id: &str) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row(
                "SELECT opened_at FROM exercise_opened WHERE exercise_id = ?1 AND course = ?2",
                [exercise_id, &self.pack],
                |r| r.get(0),
            )
            .optional()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attempts_carry_the_hints_used_then() {
        let s = Store::open_in_memory().unwrap();
        s.record_attempt("x", false, "status was 200").unwrap();
        assert_eq!(s.reveal_hint("x", 2).unwrap(), 1);
        assert_eq!(s.reveal_hint("x", 2).unwrap(), 2);
        assert_eq!(
            s.reveal_hint("x", 2).unwrap(),
            2,
            "never beyond what exists"
        );
        s.record_attempt("x", true, "all passed").unwrap();
        let a = s.attempts("x").unwrap();
        assert_eq!(a.len(), 2);
        assert_eq!((a[0].passed, a[0].hints_used), (false, 0));
        assert_eq!((a[1].passed, a[1].hints_used), (true, 2));
        assert_eq!(s.passed_exercises().unwrap(), vec!["x".to_string()]);
        let stats = s.exercise_stats().unwrap();
        assert_eq!(stats[0].attempts, 2);
        assert_eq!(stats[0].hints_used, 2);
    }

    #[test]
    fn an_attempt_keeps_the_assertions_it_failed() {
        let s = Store::open_in_memory().unwrap();
        let failed = vec![
            "status == 201".to_string(),
            "header \"Location\" exists".into(),
        ];
        s.record_attempt_failing("x", false, "1 of 3 steps met", &failed)
            .unwrap();
        s.record_attempt("x", true, "all passed").unwrap();
        let a = s.attempts("x").unwrap();
        assert_eq!(a[0].failed, failed);
        assert!(a[1].failed.is_empty());
    }

    #[test]
    fn a_schema_3_database_keeps_its_attempts_and_gains_the_failed_column() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("progress.db");
        {
            let conn = rusqlite::Connection::open(&db).unwrap();
            for sql in &super::super::MIGRATIONS[..3] {
                conn.execute_batch(sql).unwrap();
            }
            conn.pragma_update(None, "user_version", 3).unwrap();
            conn.execute(
                "INSERT INTO attempts (exercise_id, at, passed, hints_used, summary)
                 VALUES ('old', 5, 0, 1, 'step 2 failed')",
                [],
            )
            .unwrap();
        }
        let s = Store::open(&db).unwrap();
        assert_eq!(s.schema_version().unwrap(), super::super::SCHEMA_VERSION);
        let a = s.attempts("old").unwrap();
        assert_eq!(
            (a[0].summary.as_str(), a[0].failed.len()),
            ("step 2 failed", 0)
        );
    }
}
