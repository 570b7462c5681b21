//! Progress as the learner sees it: lesson statuses, totals, the next lesson. Shared by the CLI
//! and the TUI so both always agree.

use crate::course::Course;
use crate::store::{Card, ExerciseStats, LessonProgress, Store, StudyDay};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// Where a lesson stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LessonStatus {
    New,
    Started,
    Done,
}

impl LessonStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            LessonStatus::New => "new",
            LessonStatus::Started => "started",
            LessonStatus::Done => "done",
        }
    }
}

/// Everything the store knows, read once and looked up by id.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    pub lessons: HashMap<String, LessonProgress>,
    pub passed: HashSet<String>,
    pub attempted: HashSet<String>,
    pub last_lesson: Option<String>,
    /// Study time per day, oldest first.
    pub days: Vec<StudyDay>,
    /// Attempts and hints per exercise.
    pub stats: Vec<ExerciseStats>,
    /// Hints revealed so far, per exercise (absent: none).
    pub hints: HashMap<String, u32>,
    /// The command that starts the learner's server, per server exercise (absent: none).
    pub run_commands: HashMap<String, String>,
    /// Days (since the epoch, UTC) with at least one checked attempt: practice counts toward
    /// the streak as reading does.
    pub practice_days: HashSet<i64>,
    /// Review cards of every pack (`crate::review` picks the course's and what is due).
    pub cards: Vec<Card>,
}

/// `part` of `whole` as a whole percentage (0 when there is nothing to count).
pub fn percent(part: usize, whole: usize) -> usize {
    (part * 100).checked_div(whole).unwrap_or(0)
}

/// Counts for `backroad progress --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub lessons_done: usize,
    pub lessons_total: usize,
    pub exercises_passed: usize,
    pub exercises_total: usize,
    pub seconds_studied: i64,
}

impl Snapshot {
    /// Read the learner's progress.
    pub fn read(store: &Store) -> crate::store::Result<Self> {
        let lessons = store
            .all_lessons()?
            .into_iter()
            .map(|p| (p.lesson_id.clone(), p))
            .collect();
        let passed = store.passed_exercises()?.into_iter().collect();
        let stats = store.exercise_stats()?;
        let attempted = stats.iter().map(|s| s.exercise_id.clone()).collect();
        Ok(Self {
            lessons,
            passed,
            attempted,
            last_lesson: store.last_lesson()?,
            days: store.study_days()?,
            stats,
            hints: store.all_hints_revealed()?.into_iter().collect(),
            run_commands: store.run_commands()?.into_iter().collect(),
            practice_days: store.attempt_days()?.into_iter().collect(),
            cards: store.all_review_cards()?,
        })
    }

    pub fn status(&self, lesson_id: &str) -> LessonStatus {
        match self.lessons.get(lesson_id) {
            Some(p) if p.completed_at.is_some() => LessonStatus::Done,
            Some(_) => LessonStatus::Started,
            None => LessonStatus::New,
        }
    }

    /// Totals over the course.
    pub fn summary(&self, course: &Course, seconds_studied: i64) -> Summary {
        Summary {
            lessons_done: course
                .lessons()
                .filter(|l| self.status(&l.id) == LessonStatus::Done)
                .count(),
            lessons_total: course.lessons().count(),
            exercises_passed: course
                .exercises
                .iter()
                .filter(|e| self.passed.contains(&e.id))
                .count(),
            exercises_total: course.exercises.len(),
            seconds_studied,
        }
    }

    /// The lesson to open: the one last read if it is not done, else the first not done after it,
    /// else the first not done at all, else the first.
    pub fn next_lesson<'c>(&self, course: &'c Course) -> Option<&'c str> {
        let all: Vec<_> = course.lessons().collect();
        let start = self
            .last_lesson
            .as_deref()
            .and_then(|id| all.iter().position(|l| l.id == id));
        if let Some(i) = start {
            if self.status(&all[i].id) != LessonStatus::Done {
                return Some(&all[i].id);
            }
            if let Some(l) = all[i..]
                .iter()
                .find(|l| self.status(&l.id) != LessonStatus::Done)
            {
                return Some(&l.id);
            }
        }
        all.iter()
            .find(|l| self.status(&l.id) != LessonStatus::Done)
            .or(all.first())
            .map(|l| l.id.as_str())
    }

    /// Consecutive days with study or practice (a checked attempt), ending today or yesterday
    /// (a streak is not lost until a whole day passes without either); a pass today makes
    /// today part of it. `today` is days since the epoch.
    pub fn streak(&self, today: i64) -> usize {
        let days: HashSet<i64> = self
            .days
            .iter()
            .filter(|d| d.seconds > 0)
            .map(|d| d.day)
            .chain(self.practice_days.iter().copied())
            .collect();
        let mut day = if days.contains(&today) {
            today
        } else {
            today - 1
        };
        let mut n = 0;
        while days.contains(&day) {
            n += 1;
            day -= 1;
        }
        n
    }

    /// Exercises where the learner struggled: most attempts, then most hints, not yet passed first.
    pub fn struggles(&self, limit: usize) -> Vec<&ExerciseStats> {
        let mut v: Vec<_> = self
            .stats
            .iter()
            .filter(|s| s.attempts > 1 || s.hints_used > 0)
            .collect();
        v.sort_by(|a, b| {
            (
                a.passed,
                std::cmp::Reverse(a.attempts),
                std::cmp::Reverse(a.hints_used),
                &a.exercise_id,
            )
                .cmp(&(
                    b.passed,
                    std::cmp::Reverse(b.attempts),
                    std::cmp::Reverse(b.hints_used),
                    &b.exercise_id,
                ))
        });
        v.truncate(limit);
        v
    }

    /// Lessons done and total in one phase.
    pub fn phase_counts(&self, course: &Course, phase_id: &str) -> (usize, usize) {
        course.phase(phase_id).map_or((0, 0), |p| {
            let done = p
                .lessons
                .iter()
                .filter(|l| self.status(&l.id) == LessonStatus::Done)
                .count();
            (done, p.lessons.len())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(day: i64) -> StudyDay {
        StudyDay { day, seconds: 600 }
    }

    #[test]
    fn a_streak_counts_back_from_today_or_yesterday() {
        let snap = Snapshot {
            days: vec![day(10), day(12), day(13), day(14)],
            ..Default::default()
        };
        assert_eq!(snap.streak(14), 3);
        assert_eq!(
            snap.streak(15),
            3,
            "not studied yet today: the streak holds"
        );
        assert_eq!(snap.streak(16), 0);
    }

    #[test]
    fn a_pass_today_makes_today_part_of_the_streak() {
        let mut snap = Snapshot {
            days: vec![day(13), day(14)],
            ..Default::default()
        };
        assert_eq!(snap.streak(15), 2);
        snap.practice_days.insert(15);
        assert_eq!(snap.streak(15), 3);
        snap.practice_days.insert(12);
        assert_eq!(snap.streak(15), 4, "practice alone also keeps a streak");
    }

    #[test]
    fn struggles_put_unpassed_and_most_attempted_first() {
        let st = |id: &str, attempts, passed, hints| ExerciseStats {
            exercise_id: id.into(),
            attempts,
            passed,
            hints_used: hints,
        };
        let snap = Snapshot {
            stats: vec![
                st("a", 5, true, 0),
                st("b", 3, false, 1),
                st("c", 1, false, 0),
                st("d", 1, true, 2),
            ],
            ..Default::default()
        };
        let ids: Vec<_> = snap
            .struggles(10)
            .iter()
            .map(|s| s.exercise_id.as_str())
            .collect();
        assert_eq!(ids, ["b", "a", "d"]);
    }
}
