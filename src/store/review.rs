//! Review cards: the spaced-repetition state of each passed exercise, per pack.

use super::{Result, Store};
use crate::fsrs::Grade;
use rusqlite::{OptionalExtension, params};

/// One exercise in the review queue.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    /// The pack's id (the built-in course's id for the built-in course).
    pub pack: String,
    pub exercise_id: String,
    /// FSRS stability, in days.
    pub stability: f64,
    /// FSRS difficulty, 1 to 10.
    pub difficulty: f64,
    /// When it is due again, in ms since the epoch.
    pub due: i64,
    /// When it was last graded, in ms.
    pub last_review: i64,
    /// How many times it was graded.
    pub reps: u32,
    /// How many of those were failures.
    pub lapses: u32,
    /// The last grade.
    pub last_grade: Grade,
    /// Hints revealed when it was last graded (more since then: the next pass leant on them).
    pub hints: u32,
}

impl Store {
    /// The card of one exercise, if it has one.
    pub fn review_card(&self, pack: &str, exercise_id: &str) -> Result<Option<Card>> {
        Ok(self
            .conn
            .query_row(
                &format!("{SELECT} WHERE course = ?1 AND exercise_id = ?2"),
                [pack, exercise_id],
                card_row,
            )
            .optional()?)
    }

    /// Every card of a pack, soonest due first.
    pub fn review_cards(&self, pack: &str) -> Result<Vec<Card>> {
        let mut stmt = self.conn.prepare(&format!(
            "{SELECT} WHERE course = ?1 ORDER BY due, exercise_id"
        ))?;
        let rows = stmt.query_map([pack], card_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every card of every pack, soonest due first.
    pub fn all_review_cards(&self) -> Result<Vec<Card>> {
        let mut stmt = self
            .conn
            .prepare(&format!("{SELECT} ORDER BY due, exercise_id"))?;
        let rows = stmt.query_map([], card_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Insert or replace a card.
    pub fn save_review_card(&self, c: &Card) -> Result<()> {
        self.conn.execute(
            "INSERT INTO review_cards (course, exercise_id, stability, difficulty, due, last_review,
                                       reps, lapses, last_grade, hints)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
             ON CONFLICT(course, exercise_id) DO UPDATE SET
                 stability = excluded.stability, difficulty = excluded.difficulty,
                 due = excluded.due, last_review = excluded.last_review, reps = excluded.reps,
                 lapses = excluded.lapses, last_grade = excluded.last_grade, hints = excluded.hints",
            params![
                c.pack,
                c.exercise_id,
                c.stability,
                c.difficulty,
                c.due,
                c.last_review,
                c.reps,
                c.lapses,
                c.last_grade.as_str(),
                c.hints
            ],
        )?;
        Ok(())
    }
}

const SELECT: &str = "SELECT course, exercise_id, stability, difficulty, due, last_review, reps,
                             lapses, last_grade, hints FROM review_cards";

fn card_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Card> {
    let grade: String = r.get(8)?;
    Ok(Card {
        pack: r.get(0)?,
        exercise_id: r.get(1)?,
        stability: r.get(2)?,
        difficulty: r.get(3)?,
        due: r.get(4)?,
        last_review: r.get(5)?,
        reps: r.get(6)?,
        lapses: r.get(7)?,
        // A grade this build does not know (a newer one wrote it) reads as the safest one.
        last_grade: Grade::parse(&grade).unwrap_or(Grade::Again),
        hints: r.get(9)?,
    })
}
