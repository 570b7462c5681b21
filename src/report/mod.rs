//! Progress reports: one learner's ([`LearnerReport`], `backroad report`), and a class's, merged
//! from many learners' JSON reports ([`class`], `backroad report --class`). Both have a stable,
//! versioned JSON form (documented in docs/report-json.md), markdown, and a self-contained HTML
//! page ([`html`]).

pub mod class;
pub mod html;

use crate::course::Course;
use crate::store::{Store, StoreError};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// The schema name of a learner's report.
pub const SCHEMA_LEARNER: &str = "backroad.report/1";

/// One learner's progress, as `backroad report --format json` writes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LearnerReport {
    /// Always [`SCHEMA_LEARNER`].
    pub schema: String,
    /// The learner.
    pub name: String,
    /// When the report was made, RFC 3339.
    pub generated: String,
    /// The course's title.
    pub course: String,
    /// Exercises passed (kept from the report's first JSON form).
    pub passed: usize,
    /// Exercises in the course.
    pub total: usize,
    /// Time studied (the tutor open on a lesson).
    pub study: Study,
    /// Per phase, in course order.
    pub phases: Vec<PhaseProgress>,
    /// Per exercise, in course order.
    pub exercises: Vec<ExerciseProgress>,
}

/// Time studied.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Study {
    /// Seconds, in total.
    pub seconds: i64,
    /// Calendar days (UTC) with any study.
    pub days: usize,
}

/// One phase.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PhaseProgress {
    pub id: String,
    pub title: String,
    /// Lessons in the phase, and how many are marked done.
    pub lessons: usize,
    pub lessons_done: usize,
    /// Exercises in the phase, and how many are passed.
    pub exercises: usize,
    pub passed: usize,
}

/// One exercise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExerciseProgress {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub phase: String,
    /// Checks run.
    pub attempts: u32,
    /// Passed at least once.
    pub passed: bool,
    /// When it was first passed, RFC 3339.
    pub first_passed: Option<String>,
    /// Checks run up to and including the first pass.
    pub attempts_to_pass: Option<u32>,
    /// Hints revealed, and how many the exercise has.
    pub hints_used: u32,
    pub hints_available: u32,
    /// The last check's one-line summary.
    pub last: Option<String>,
    /// When it was last checked, RFC 3339.
    pub last_at: Option<String>,
    /// Each assertion (as written) that failed, with how many checks failed it.
    pub failed: BTreeMap<String, u32>,
}

impl LearnerReport {
    /// The learner's report from the store.
    pub fn build(course: &Course, store: &Store, name: &str) -> Result<Self, StoreError> {
        let hints: HashMap<String, u32> = store.all_hints_revealed()?.into_iter().collect();
        let mut exercises = Vec::with_capacity(course.exercises.len());
        for e in &course.exercises {
            let attempts = store.attempts(&e.id)?;
            let first_pass = attempts.iter().position(|a| a.passed);
            let mut failed = BTreeMap::new();
            for a in &attempts {
                for f in &a.failed {
                    *failed.entry(f.clone()).or_insert(0) += 1;
                }
            }
            exercises.push(ExerciseProgress {
                id: e.id.clone(),
                title: e.title.clone(),
                kind: e.kind.clone(),
                phase: e.phase.clone(),
                attempts: attempts.len() as u32,
                passed: first_pass.is_some(),
                first_passed: first_pass.map(|i| rfc3339(attempts[i].at)),
                attempts_to_pass: first_pass.map(|i| i as u32 + 1),
                hints_used: hints.get(&e.id).copied().unwrap_or(0),
                hints_available: e.hints.len() as u32,
                last: attempts.last().map(|a| a.summary.clone()),
                last_at: attempts.last().map(|a| rfc3339(a.at)),
                failed,
            });
        }
        let done: std::collections::HashSet<String> = store
            .all_lessons()?
            .into_iter()
            .filter(|l| l.completed_at.is_some())
            .map(|l| l.lesson_id)
            .collect();
        let phases = course
            .phases
            .iter()
            .map(|p| {
                let of_phase = || exercises.iter().filter(|e| e.phase == p.id);
                PhaseProgress {
                    id: p.id.clone(),
                    title: p.title.clone(),
                    lessons: p.lessons.len(),
                    lessons_done: p.lessons.iter().filter(|l| done.contains(&l.id)).count(),
                    exercises: of_phase().count(),
                    passed: of_phase().filter(|e| e.passed).count(),
                }
            })
            .collect();
        Ok(LearnerReport {
            schema: SCHEMA_LEARNER.to_string(),
            name: name.to_string(),
            generated: now_rfc3339(),
            course: course.title.clone(),
            passed: exercises.iter().filter(|e| e.passed).count(),
            total: exercises.len(),
            study: Study {
                seconds: store.seconds_studied()?,
                days: store.study_days()?.len(),
            },
            phases,
            exercises,
        })
    }

    /// The report as markdown: per phase, then per exercise.
    pub fn markdown(&self) -> String {
        let mut out = format!(
            "# {}: {}\n\n{} of {} exercises passed · studied {} over {} day{}\n\n",
            md(&self.name),
            md(&self.course),
            self.passed,
            self.total,
            duration(self.study.seconds),
            self.study.days,
            if self.study.days == 1 { "" } else { "s" }
        );
        out.push_str(
            "## Phases\n\n| phase | lessons done | exercises passed |\n| --- | --- | --- |\n",
        );
        for p in &self.phases {
            out.push_str(&format!(
                "| {} | {} / {} | {} / {} |\n",
                md(&p.title),
                p.lessons_done,
                p.lessons,
                p.passed,
                p.exercises
            ));
        }
        out.push_str("\n## Exercises\n\n| exercise | kind | attempts | passed | hints | last result |\n| --- | --- | --- | --- | --- | --- |\n");
        for e in &self.exercises {
            let passed = match (&e.first_passed, e.attempts_to_pass) {
                (Some(at), Some(n)) => format!("{} (attempt {n})", &at[..at.len().min(10)]),
                _ => "no".to_string(),
            };
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} / {} | {} |\n",
                md(&e.id),
                e.kind,
                e.attempts,
                passed,
                e.hints_used,
                e.hints_available,
                md(e.last.as_deref().unwrap_or("-"))
            ));
        }
        out
    }
}

/// Text from a pack, a server or a report file, safe in one markdown table cell on a terminal:
/// control characters (escape sequences included) become spaces, and `|` is escaped.
pub fn md(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .replace('|', "\\|")
}

/// `1 h 05 min`, `12 min`, `40 s`.
pub fn duration(seconds: i64) -> String {
    match seconds {
        s if s >= 3600 => format!("{} h {:02} min", s / 3600, (s % 3600) / 60),
        s if s >= 60 => format!("{} min", s / 60),
        s => format!("{s} s"),
    }
}

/// Milliseconds since the epoch as RFC 3339 (UTC, seconds).
pub fn rfc3339(ms: i64) -> String {
    use time::format_description::well_known::Rfc3339;
    time::OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000))
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_default()
}

/// Now, RFC 3339.
pub fn now_rfc3339() -> String {
    rfc3339(crate::store::now_ms())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_learner_report_counts_attempts_to_the_first_pass_and_failed_assertions() {
        let course = Course::embedded().unwrap();
        let store = Store::open_in_memory().unwrap();
        let id = course.exercises[0].id.clone();
        let f = vec!["status == 201".to_string()];
        store.record_attempt_failing(&id, false, "no", &f).unwrap();
        store.record_attempt_failing(&id, false, "no", &f).unwrap();
        store.record_attempt(&id, true, "yes").unwrap();
        store.record_attempt(&id, true, "yes").unwrap();
        let r = LearnerReport::build(&course, &store, "ana").unwrap();
        let e = &r.exercises[0];
        assert_eq!(
            (e.attempts, e.attempts_to_pass, e.passed),
            (4, Some(3), true)
        );
        assert_eq!(e.failed.get("status == 201"), Some(&2));
        assert_eq!(r.passed, 1);
        assert_eq!(r.schema, SCHEMA_LEARNER);
        let back: LearnerReport =
            serde_json::from_str(&serde_json::to_string(&r).unwrap()).unwrap();
        assert_eq!(back, r, "the JSON reads back as written");
        assert!(r.markdown().contains("(attempt 3)"));
        assert_eq!(md("a|b\x1b[2J"), "a\\|b [2J");
    }
}
