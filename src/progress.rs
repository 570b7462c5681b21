//! Progress as the learner sees it: lesson statuses, totals, the next lesson. Shared by the CLI
//! and the TUI so both always agree.

use crate::course::Course;
use crate::store::{LessonProgress, Store};
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
        let attempted = store
            .exercise_stats()?
            .into_iter()
            .map(|s| s.exercise_id)
            .collect();
        Ok(Self {
            lessons,
            passed,
            attempted,
            last_lesson: store.last_lesson()?,
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
