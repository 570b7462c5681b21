//! A class: many learners' JSON reports merged (`backroad report --class FILES…`) into pass
//! rates, median attempts and hints per exercise, and the assertions the class fails most.
//! The JSON form is `backroad.class/1` (docs/report-json.md).

use super::{LearnerReport, SCHEMA_LEARNER, duration, md};
use serde::Serialize;
use std::path::Path;

/// The schema name of a class report.
pub const SCHEMA_CLASS: &str = "backroad.class/1";

/// The merged class.
#[derive(Debug, Clone, Serialize)]
pub struct ClassReport {
    /// Always [`SCHEMA_CLASS`].
    pub schema: String,
    /// The course title of the first report.
    pub course: String,
    /// Per learner, in the order the files were given.
    pub learners: Vec<LearnerRow>,
    /// Per exercise, in course order (as the first report that has it lists it).
    pub exercises: Vec<ExerciseRow>,
    /// Per assertion, the most failed first.
    pub assertions: Vec<AssertionRow>,
    /// Learners × exercises, in the orders above.
    pub heat: Vec<Vec<Cell>>,
}

/// One learner.
#[derive(Debug, Clone, Serialize)]
pub struct LearnerRow {
    pub name: String,
    pub passed: usize,
    pub total: usize,
    pub attempts: u32,
    pub hints_used: u32,
    pub study_seconds: i64,
}

/// One exercise across the class.
#[derive(Debug, Clone, Serialize)]
pub struct ExerciseRow {
    pub id: String,
    pub title: String,
    pub kind: String,
    /// Learners who checked it at least once.
    pub attempted: usize,
    /// Learners who passed it.
    pub passed: usize,
    /// `passed` over the number of learners, 0 to 1.
    pub pass_rate: f64,
    /// The median number of checks among learners who tried it (`null` if none did).
    pub median_attempts: Option<f64>,
    /// Hints revealed, summed over the class.
    pub hints_used: u32,
}

/// One assertion across the class.
#[derive(Debug, Clone, Serialize)]
pub struct AssertionRow {
    pub exercise: String,
    /// As written in the pack.
    pub assertion: String,
    /// Learners with at least one check that failed it.
    pub failed_by: usize,
    /// Learners who checked the exercise.
    pub attempted_by: usize,
    /// `failed_by / attempted_by`, 0 to 1.
    pub fail_rate: f64,
}

/// One learner's standing on one exercise: the checks it took to pass, or the checks so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Cell {
    pub status: CellStatus,
    pub attempts: u32,
}

/// Passed, tried and not passed, or not tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CellStatus {
    Passed,
    Failing,
    Untried,
}

/// Read learners' reports; a file that is not one is named with what to do.
pub fn read(files: &[std::path::PathBuf]) -> Result<Vec<LearnerReport>, String> {
    files.iter().map(|f| read_one(f)).collect()
}

fn read_one(path: &Path) -> Result<LearnerReport, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        format!(
            "{}:{}:{}: not JSON ({e}). Give the files `backroad report --format json` writes.",
            path.display(),
            e.line(),
            e.column()
        )
    })?;
    let schema = value.get("schema").and_then(|s| s.as_str()).unwrap_or("");
    if schema != SCHEMA_LEARNER {
        return Err(format!(
            "{}: its schema is {}, not {SCHEMA_LEARNER}. Make it with `backroad report --format json --output FILE`.",
            path.display(),
            if schema.is_empty() { "missing" } else { schema }
        ));
    }
    serde_json::from_value(value)
        .map_err(|e| format!("{}: not a {SCHEMA_LEARNER} report: {e}", path.display()))
}

/// Merge learners' reports.
pub fn merge(reports: &[LearnerReport]) -> ClassReport {
    let mut exercises: Vec<ExerciseRow> = Vec::new();
    for r in reports {
        for e in &r.exercises {
            if !exercises.iter().any(|x| x.id == e.id) {
                exercises.push(ExerciseRow {
                    id: e.id.clone(),
                    title: e.title.clone(),
                    kind: e.kind.clone(),
                    attempted: 0,
                    passed: 0,
                    pass_rate: 0.0,
                    median_attempts: None,
                    hints_used: 0,
                });
            }
        }
    }
    let mut heat = Vec::with_capacity(reports.len());
    for r in reports {
        let row = exercises
            .iter()
            .map(|x| match r.exercises.iter().find(|e| e.id == x.id) {
                Some(e) if e.passed => Cell {
                    status: CellStatus::Passed,
                    attempts: e.attempts_to_pass.unwrap_or(e.attempts),
                },
                Some(e) if e.attempts > 0 => Cell {
                    status: CellStatus::Failing,
                    attempts: e.attempts,
                },
                _ => Cell {
                    status: CellStatus::Untried,
                    attempts: 0,
                },
            })
            .collect();
        heat.push(row);
    }
    let learners = reports.len().max(1) as f64;
    let mut assertions: Vec<AssertionRow> = Vec::new();
    for x in exercises.iter_mut() {
        let mine: Vec<_> = reports
            .iter()
            .filter_map(|r| r.exercises.iter().find(|e| e.id == x.id))
            .collect();
        let tried: Vec<_> = mine.iter().filter(|e| e.attempts > 0).collect();
        x.attempted = tried.len();
        x.passed = mine.iter().filter(|e| e.passed).count();
        x.pass_rate = x.passed as f64 / learners;
        x.median_attempts = median(tried.iter().map(|e| e.attempts).collect());
        x.hints_used = mine.iter().map(|e| e.hints_used).sum();
        let mut texts: Vec<&String> = tried.iter().flat_map(|e| e.failed.keys()).collect();
        texts.sort();
        texts.dedup();
        for t in texts {
            let failed_by = tried.iter().filter(|e| e.failed.contains_key(t)).count();
            assertions.push(AssertionRow {
                exercise: x.id.clone(),
                assertion: t.clone(),
                failed_by,
                attempted_by: tried.len(),
                fail_rate: failed_by as f64 / tried.len().max(1) as f64,
            });
        }
    }
    assertions.sort_by(|a, b| {
        b.fail_rate
            .total_cmp(&a.fail_rate)
            .then(b.failed_by.cmp(&a.failed_by))
            .then(a.exercise.cmp(&b.exercise))
            .then(a.assertion.cmp(&b.assertion))
    });
    ClassReport {
        schema: SCHEMA_CLASS.to_string(),
        course: reports
            .first()
            .map(|r| r.course.clone())
            .unwrap_or_default(),
        learners: reports
            .iter()
            .map(|r| LearnerRow {
                name: r.name.clone(),
                passed: r.passed,
                total: r.total,
                attempts: r.exercises.iter().map(|e| e.attempts).sum(),
                hints_used: r.exercises.iter().map(|e| e.hints_used).sum(),
                study_seconds: r.study.seconds,
            })
            .collect(),
        exercises,
        assertions,
        heat,
    }
}

fn median(mut v: Vec<u32>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_unstable();
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2] as f64
    } else {
        (v[n / 2 - 1] + v[n / 2]) as f64 / 2.0
    })
}

/// `42 %`.
pub fn percent(rate: f64) -> String {
    format!("{} %", (rate * 100.0).round() as i64)
}

/// `2`, `2.5`, or `-`.
pub fn number(v: Option<f64>) -> String {
    match v {
        Some(v) if v.fract() == 0.0 => format!("{v:.0}"),
        Some(v) => format!("{v:.1}"),
        None => "-".into(),
    }
}

impl ClassReport {
    /// The class as markdown tables (also what the terminal shows).
    pub fn markdown(&self) -> String {
        let mut out = format!(
            "# Class report: {}\n\n{} learners, {} exercises\n\n## Learners\n\n| learner | passed | attempts | hints | studied |\n| --- | --- | --- | --- | --- |\n",
            md(&self.course),
            self.learners.len(),
            self.exercises.len()
        );
        for l in &self.learners {
            out.push_str(&format!(
                "| {} | {} / {} | {} | {} | {} |\n",
                md(&l.name),
                l.passed,
                l.total,
                l.attempts,
                l.hints_used,
                duration(l.study_seconds)
            ));
        }
        out.push_str("\n## Exercises\n\n| exercise | passed | pass rate | median attempts | hints |\n| --- | --- | --- | --- | --- |\n");
        for x in &self.exercises {
            out.push_str(&format!(
                "| {} | {} / {} | {} | {} | {} |\n",
                md(&x.id),
                x.passed,
                self.learners.len(),
                percent(x.pass_rate),
                number(x.median_attempts),
                x.hints_used
            ));
        }
        out.push_str("\n## What the class fails most\n\n");
        if self.assertions.is_empty() {
            out.push_str("No failed assertion recorded.\n");
        }
        for a in self.assertions.iter().take(10) {
            out.push_str(&format!(
                "- {} fail `{}` ({} of {} who tried {})\n",
                percent(a.fail_rate),
                md(&a.assertion).replace('`', "'"),
                a.failed_by,
                a.attempted_by,
                md(&a.exercise)
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_of_odd_and_even_counts() {
        assert_eq!(median(vec![3, 1, 2]), Some(2.0));
        assert_eq!(median(vec![4, 1, 2, 3]), Some(2.5));
        assert_eq!(median(vec![]), None);
        assert_eq!(number(Some(2.5)), "2.5");
        assert_eq!(percent(0.4166), "42 %");
    }
}
