//! Lesson progress and study sessions.

use super::{Result, Store, now_ms};
use rusqlite::{OptionalExtension, params};

/// What the store knows about one lesson.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LessonProgress {
    pub lesson_id: String,
    pub first_opened: i64,
    pub last_opened: i64,
    /// The reader's scroll offset, in rendered lines.
    pub scroll: u32,
    pub completed_at: Option<i64>,
}

/// Minutes studied on one calendar day (UTC).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StudyDay {
    /// Days since the Unix epoch.
    pub day: i64,
    pub seconds: i64,
}

/// Sessions closer than this are merged into one when recorded.
const SESSION_GAP_MS: i64 = 10 * 60 * 1000;

impl Store {
    /// Record that a lesson was opened now; remembers it as the last lesson read.
    pub fn mark_opened(&self, lesson_id: &str) -> Result<()> {
        let now = now_ms();
        self.conn.execute(
            "INSERT INTO lesson_progress (course, lesson_id, first_opened, last_opened) VALUES (?3, ?1, ?2, ?2)
             ON CONFLICT(course, lesson_id) DO UPDATE SET last_opened = excluded.last_opened",
            params![lesson_id, now, self.pack],
        )?;
        self.set_state(&self.last_lesson_key(), lesson_id)
    }

    /// Remember how far down the learner scrolled.
    pub fn set_scroll(&self, lesson_id: &str, scroll: u32) -> Result<()> {
        let now = now_ms();
        self.conn.execute(
            "INSERT INTO lesson_progress (course, lesson_id, first_opened, last_opened, scroll) VALUES (?4, ?1, ?2, ?2, ?3)
             ON CONFLICT(course, lesson_id) DO UPDATE SET scroll = excluded.scroll",
            params![lesson_id, now, scroll, self.pack],
        )?;
        Ok(())
    }

    /// Mark a lesson complete (or not).
    pub fn set_completed(&self, lesson_id: &str, done: bool) -> Result<()> {
        let now = now_ms();
        let completed = done.then_some(now);
        self.conn.execute(
            "INSERT INTO lesson_progress (course, lesson_id, first_opened, last_opened, completed_at) VALUES (?4, ?1, ?2, ?2, ?3)
             ON CONFLICT(course, lesson_id) DO UPDATE SET completed_at = excluded.completed_at",
            params![lesson_id, now, completed, self.pack],
        )?;
        Ok(())
    }

    /// Progress of one lesson, if it was ever opened.
    pub fn lesson(&self, lesson_id: &str) -> Result<Option<LessonProgress>> {
        Ok(self
            .conn
            .query_row(
                "SELECT lesson_id, first_opened, last_opened, scroll, completed_at
                 FROM lesson_progress WHERE lesson_id = ?1 AND course = ?2",
                [lesson_id, &self.pack],
                row_to_progress,
            )
            .optional()?)
    }

    /// Progress of every lesson ever opened.
    pub fn all_lessons(&self) -> Result<Vec<LessonProgress>> {
        let mut stmt = self.conn.prepare(
            "SELECT lesson_id, first_opened, last_opened, scroll, completed_at
             FROM lesson_progress WHERE course = ?1 ORDER BY lesson_id",
        )?;
        let rows = stmt.query_map([&self.pack], row_to_progress)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The lesson the learner was last reading.
    pub fn last_lesson(&self) -> Result<Option<String>> {
        self.get_state(&self.last_lesson_key())
    }

    /// Where this pack's last lesson is remembered in the key/value table.
    fn last_lesson_key(&self) -> String {
        format!("last_lesson:{}", self.pack)
    }

    /// Forget one lesson's progress.
    pub fn reset_lesson(&self, lesson_id: &str) -> Result<bool> {
        let n = self.conn.execute(
            "DELETE FROM lesson_progress WHERE lesson_id = ?1 AND course = ?2",
            [lesson_id, &self.pack],
        )?;
        if self.last_lesson()?.as_deref() == Some(lesson_id) {
            self.conn.execute(
                "DELETE FROM app_state WHERE key = ?1",
                [self.last_lesson_key()],
            )?;
        }
        Ok(n > 0)
    }

    /// Forget everything the learner did, in every pack: progress, sessions, attempts, hints,
    /// journal.
    pub fn reset_all(&self) -> Result<()> {
        self.conn.execute_batch(
            "BEGIN;
             DELETE FROM lesson_progress; DELETE FROM study_sessions; DELETE FROM app_state;
             DELETE FROM attempts; DELETE FROM hints; DELETE FROM exercise_opened; DELETE FROM journal;
             COMMIT;",
        )?;
        Ok(())
    }

    /// Record study time between `start` and `end` (ms). A session that starts within ten
    /// minutes of the previous one's end extends it instead of starting a new one.
    pub fn record_study(&self, start: i64, end: i64) -> Result<()> {
        if end <= start {
            return Ok(());
        }
        let last: Option<(i64, i64)> = self
            .conn
            .query_row(
                "SELECT id, ended_at FROM study_sessions ORDER BY ended_at DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        match last {
            Some((id, ended))
                if start - ended <= SESSION_GAP_MS && start >= ended - SESSION_GAP_MS =>
            {
                self.conn.execute(
                    "UPDATE study_sessions SET ended_at = max(ended_at, ?2) WHERE id = ?1",
                    params![id, end],
                )?;
            }
            _ => {
                self.conn.execute(
                    "INSERT INTO study_sessions (started_at, ended_at) VALUES (?1, ?2)",
                    params![start, end],
                )?;
            }
        }
        Ok(())
    }

    /// Total seconds studied.
    pub fn seconds_studied(&self) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT COALESCE(SUM(ended_at - started_at), 0) / 1000 FROM study_sessions",
            [],
            |r| r.get(0),
        )?)
    }

    /// Seconds studied per UTC day, oldest first.
    pub fn study_days(&self) -> Result<Vec<StudyDay>> {
        let mut stmt = self.conn.prepare(
            "SELECT started_at / 86400000 AS day, SUM(ended_at - started_at) / 1000
             FROM study_sessions GROUP BY day ORDER BY day",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(StudyDay {
                day: r.get(0)?,
                seconds: r.get(1)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

fn row_to_progress(r: &rusqlite::Row<'_>) -> rusqlite::Result<LessonProgress> {
    Ok(LessonProgress {
        lesson_id: r.get(0)?,
        first_opened: r.get(1)?,
        last_opened: r.get(2)?,
        scroll: r.get(3)?,
        completed_at: r.get(4)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_survives_reopening_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("progress.db");
        {
            let s = Store::open(&db).unwrap();
            s.mark_opened("04-web-http/01-anatomy").unwrap();
            s.set_scroll("04-web-http/01-anatomy", 42).unwrap();
            s.set_completed("04-web-http/01-anatomy", true).unwrap();
        }
        let s = Store::open(&db).unwrap();
        let p = s.lesson("04-web-http/01-anatomy").unwrap().unwrap();
        assert_eq!(p.scroll, 42);
        assert!(p.completed_at.is_some());
        assert_eq!(
            s.last_lesson().unwrap().as_deref(),
            Some("04-web-http/01-anatomy")
        );
    }

    #[test]
    fn close_sessions_merge_and_far_ones_do_not() {
        let s = Store::open_in_memory().unwrap();
        let t = 1_700_000_000_000;
        s.record_study(t, t + 60_000).unwrap();
        s.record_study(t + 120_000, t + 180_000).unwrap();
        s.record_study(t + 3_600_000, t + 3_660_000).unwrap();
        assert_eq!(s.seconds_studied().unwrap(), 180 + 60);
        let n: i64 = s
            .conn
            .query_row("SELECT count(*) FROM study_sessions", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 2);
    }

    #[test]
    fn reset_lesson_forgets_it() {
        let s = Store::open_in_memory().unwrap();
        s.mark_opened("a/01-x").unwrap();
        assert!(s.reset_lesson("a/01-x").unwrap());
        assert!(s.lesson("a/01-x").unwrap().is_none());
        assert!(s.last_lesson().unwrap().is_none());
    }
}
