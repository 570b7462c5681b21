//! The review queue: exercises passed before come back on a spaced schedule ([`crate::fsrs`]),
//! graded by the checker itself, never by the learner's own rating.
//!
//! The grades, decided once here (and documented in docs/review.md):
//! - the first pass of an exercise makes its card: **Easy** when it passed on the first try
//!   without a hint, **Hard** when it took hints or earlier failures;
//! - a check that passes while the card is due is a review: **Easy** without a new hint since
//!   the last review, **Hard** with one (Hard, not Good: leaning on a hint is the signal of a
//!   memory that needs to come back sooner);
//! - a check that fails is **Again**, due or not (a failure shows it was forgotten); further
//!   failures before the next pass change nothing, and the pass that follows is **Hard**;
//! - a clean pass before the card is due changes nothing (it does not count as a review).
//!
//! A card is due on the UTC day its interval ends: "due today" is every card due before the
//! next UTC midnight. Every function takes the time as an argument; nothing here reads a clock.

use crate::course::{Course, Exercise};
use crate::fsrs::{DAY_MS, Grade, Memory, Scheduler};
use crate::store::{Card, Result, Store};

/// Days since the epoch (UTC) of a time in ms.
pub fn day_of(ms: i64) -> i64 {
    ms.div_euclid(DAY_MS)
}

/// Whether a card is due on the day of `now` (or earlier).
pub fn is_due(card: &Card, now: i64) -> bool {
    day_of(card.due) <= day_of(now)
}

/// What one check tells the scheduler.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    pub passed: bool,
    /// Hints of the exercise revealed so far.
    pub hints: u32,
    /// Whether an attempt before this one failed (only read when the card is new).
    pub failed_before: bool,
}

/// The card after a check, or `None` when the check does not change the schedule.
pub fn apply(card: Option<&Card>, pack: &str, id: &str, o: Outcome, now: i64) -> Option<Card> {
    let s = Scheduler::default();
    let Some(c) = card else {
        if !o.passed {
            return None;
        }
        let grade = if o.failed_before || o.hints > 0 {
            Grade::Hard
        } else {
            Grade::Easy
        };
        let m = s.first(grade);
        return Some(Card {
            pack: pack.to_string(),
            exercise_id: id.to_string(),
            stability: m.stability,
            difficulty: m.difficulty,
            due: now + s.interval_days(m.stability) * DAY_MS,
            last_review: now,
            reps: 1,
            lapses: 0,
            last_grade: grade,
            hints: o.hints,
        });
    };
    let relearning = c.last_grade == Grade::Again;
    let grade = match (o.passed, relearning) {
        (false, true) => return None,
        (false, false) => Grade::Again,
        (true, true) => Grade::Hard,
        (true, false) if !is_due(c, now) => return None,
        (true, false) if o.hints > c.hints => Grade::Hard,
        (true, false) => Grade::Easy,
    };
    let elapsed = (now - c.last_review).max(0) as f64 / DAY_MS as f64;
    let m = s.next(
        Memory {
            stability: c.stability,
            difficulty: c.difficulty,
        },
        elapsed,
        grade,
    );
    Some(Card {
        stability: m.stability,
        difficulty: m.difficulty,
        due: now + s.interval_days(m.stability) * DAY_MS,
        last_review: now,
        reps: c.reps + 1,
        lapses: c.lapses + u32::from(grade == Grade::Again),
        last_grade: grade,
        hints: o.hints,
        ..c.clone()
    })
}

/// Reschedule after a check whose attempt was just recorded; returns the new card when the
/// schedule changed.
pub fn record(
    store: &Store,
    pack: &str,
    exercise_id: &str,
    passed: bool,
    now: i64,
) -> Result<Option<Card>> {
    let card = store.review_card(pack, exercise_id)?;
    let attempts = store.attempts(exercise_id)?;
    let outcome = Outcome {
        passed,
        hints: store.hints_revealed(exercise_id)?,
        failed_before: attempts.iter().rev().skip(1).any(|a| !a.passed),
    };
    let next = apply(card.as_ref(), pack, exercise_id, outcome, now);
    if let Some(c) = &next {
        store.save_review_card(c)?;
    }
    Ok(next)
}

/// Give a card to every exercise of the course passed before cards existed (an older database,
/// or a pass recorded by a build without them), as its first pass would have.
pub fn seed(store: &Store, course: &Course) -> Result<()> {
    let pack = course.id.clone();
    for id in store.passed_exercises()? {
        if course.exercise(&id).is_none() || store.review_card(&pack, &id)?.is_some() {
            continue;
        }
        let attempts = store.attempts(&id)?;
        let Some(i) = attempts.iter().position(|a| a.passed) else {
            continue;
        };
        let first = &attempts[i];
        let outcome = Outcome {
            passed: true,
            hints: first.hints_used,
            failed_before: i > 0,
        };
        if let Some(c) = apply(None, &pack, &id, outcome, first.at) {
            store.save_review_card(&c)?;
        }
    }
    Ok(())
}

/// One exercise of the queue with its card.
#[derive(Debug, Clone)]
pub struct Entry<'c> {
    pub exercise: &'c Exercise,
    pub card: Card,
}

/// Every card of the course (seeding missing ones first), soonest due first.
pub fn queue<'c>(store: &Store, course: &'c Course) -> Result<Vec<Entry<'c>>> {
    seed(store, course)?;
    Ok(store
        .review_cards(&course.id)?
        .into_iter()
        .filter_map(|card| {
            course
                .exercise(&card.exercise_id)
                .map(|exercise| Entry { exercise, card })
        })
        .collect())
}

/// The entries due on the day of `now`.
pub fn due<'c>(entries: &[Entry<'c>], now: i64) -> Vec<Entry<'c>> {
    entries
        .iter()
        .filter(|e| is_due(&e.card, now))
        .cloned()
        .collect()
}

/// The cards of `course` among `cards` (any pack) due on the day of `now`, soonest first.
pub fn due_in<'a>(cards: &'a [Card], course: &Course, now: i64) -> Vec<&'a Card> {
    let pack = course.id.clone();
    let mut due: Vec<&Card> = cards
        .iter()
        .filter(|c| c.pack == pack && is_due(c, now) && course.exercise(&c.exercise_id).is_some())
        .collect();
    due.sort_by(|a, b| (a.due, &a.exercise_id).cmp(&(b.due, &b.exercise_id)));
    due
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY0: i64 = 20_000 * DAY_MS + 9 * 3_600_000; // 09:00 UTC on some day

    fn at(day: i64) -> i64 {
        DAY0 + day * DAY_MS
    }

    fn clean(passed: bool) -> Outcome {
        Outcome {
            passed,
            hints: 0,
            failed_before: false,
        }
    }

    fn days_until_due(c: &Card) -> i64 {
        day_of(c.due) - day_of(c.last_review)
    }

    #[test]
    fn a_first_pass_is_easy_when_clean_and_hard_after_hints_or_failures() {
        let easy = apply(None, "p", "x", clean(true), at(0)).unwrap();
        assert_eq!(easy.last_grade, Grade::Easy);
        assert_eq!(days_until_due(&easy), 16);
        let hinted = Outcome {
            hints: 1,
            ..clean(true)
        };
        let hard = apply(None, "p", "x", hinted, at(0)).unwrap();
        assert_eq!((hard.last_grade, days_until_due(&hard)), (Grade::Hard, 1));
        let after_failures = Outcome {
            failed_before: true,
            ..clean(true)
        };
        assert_eq!(
            apply(None, "p", "x", after_failures, at(0))
                .unwrap()
                .last_grade,
            Grade::Hard
        );
        assert_eq!(
            apply(None, "p", "x", clean(false), at(0)),
            None,
            "no card before a pass"
        );
    }

    #[test]
    fn good_reviews_grow_the_interval_over_simulated_days() {
        let hinted = Outcome {
            hints: 1,
            ..clean(true)
        };
        let mut card = apply(None, "p", "x", hinted, at(0)).unwrap();
        let mut day = 0;
        let mut intervals = vec![days_until_due(&card)];
        for _ in 0..5 {
            day += days_until_due(&card);
            let o = Outcome {
                hints: 1,
                ..clean(true)
            };
            card = apply(Some(&card), "p", "x", o, at(day)).unwrap();
            intervals.push(days_until_due(&card));
        }
        assert!(
            intervals.windows(2).all(|w| w[1] > w[0]),
            "every on-time pass waits longer: {intervals:?}"
        );
        assert_eq!(card.reps, 6);
    }

    #[test]
    fn a_failure_shrinks_the_interval_and_the_next_pass_is_hard() {
        let card = apply(None, "p", "x", clean(true), at(0)).unwrap();
        let card = apply(Some(&card), "p", "x", clean(true), at(16)).unwrap();
        let before = days_until_due(&card);
        let failed = apply(Some(&card), "p", "x", clean(false), at(20)).unwrap();
        assert_eq!(failed.last_grade, Grade::Again);
        assert_eq!(failed.lapses, 1);
        assert!(
            days_until_due(&failed) < before,
            "{failed:?} after {before} days"
        );
        assert_eq!(
            apply(Some(&failed), "p", "x", clean(false), at(20)),
            None,
            "failing again before a pass changes nothing"
        );
        let relearnt = apply(Some(&failed), "p", "x", clean(true), at(20)).unwrap();
        assert_eq!(relearnt.last_grade, Grade::Hard);
    }

    #[test]
    fn a_pass_before_the_due_day_changes_nothing() {
        let card = apply(None, "p", "x", clean(true), at(0)).unwrap();
        assert_eq!(apply(Some(&card), "p", "x", clean(true), at(3)), None);
        let hinted = Outcome {
            hints: 2,
            ..clean(true)
        };
        let due = apply(Some(&card), "p", "x", hinted, at(16)).unwrap();
        assert_eq!(
            due.last_grade,
            Grade::Hard,
            "a hint revealed since the last review"
        );
    }

    #[test]
    fn the_due_list_on_day_n_holds_what_is_due_by_then() {
        let store = Store::open_in_memory().unwrap();
        let course = Course::load(None).unwrap();
        let ids: Vec<&str> = course
            .exercises
            .iter()
            .take(2)
            .map(|e| e.id.as_str())
            .collect();
        let pack = course.id.clone();
        // The first passes at once (Easy: 16 days), the second after a failure (Hard: 1 day).
        store.record_attempt(ids[0], true, "ok").unwrap();
        record(&store, &pack, ids[0], true, at(0)).unwrap();
        store.record_attempt(ids[1], false, "no").unwrap();
        record(&store, &pack, ids[1], false, at(0)).unwrap();
        store.record_attempt(ids[1], true, "ok").unwrap();
        record(&store, &pack, ids[1], true, at(0)).unwrap();
        let q = queue(&store, &course).unwrap();
        let due_on = |d: i64| -> Vec<String> {
            due(&q, at(d))
                .iter()
                .map(|e| e.exercise.id.clone())
                .collect()
        };
        assert_eq!(due_on(0), Vec::<String>::new());
        assert_eq!(due_on(1), [ids[1]]);
        assert_eq!(due_on(15), [ids[1]]);
        assert_eq!(due_on(16), [ids[1], ids[0]]);
    }

    #[test]
    fn passes_from_before_cards_existed_are_seeded_from_their_history() {
        let store = Store::open_in_memory().unwrap();
        let course = Course::load(None).unwrap();
        let id = course.exercises[0].id.clone();
        store.record_attempt(&id, false, "no").unwrap();
        store.record_attempt(&id, true, "ok").unwrap();
        store
            .record_attempt("not-in-this-course", true, "ok")
            .unwrap();
        let q = queue(&store, &course).unwrap();
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].card.last_grade, Grade::Hard);
        assert_eq!(days_until_due(&q[0].card), 1);
    }
}
