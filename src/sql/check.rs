//! Grading a `sql` exercise: the one function that `backroad check`, the tutor and
//! `course test` call. Three modes (see docs/exercise-format.md): `query` compares result sets,
//! `write` compares what `verify` sees after the learner's statements and after the solution's,
//! `plan` requires the query plan to search a table with an index.

use super::compare::{self, Mismatch};
use super::dataset::{self, Dataset};
use super::render;
use super::sandbox::{Access, Rows, SqlError};
use crate::check::outcome::{AssertOutcome, Report, Status, StepOutcome, Verdict};
use crate::course::exercise::{SqlMode, SqlSpec};
use crate::course::{Course, Datasets, Exercise};
use std::time::Instant;

/// Width the side-by-side report fits in before it stacks the two results.
const REPORT_WIDTH: usize = 110;

/// A graded answer: the common report, and the rows behind it for a screen to show.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The report recorded and printed like every other kind's.
    pub report: Report,
    /// What the learner's SQL returned (the `verify` or `query` rows in write and plan mode).
    pub got: Option<Rows>,
    /// What it should have returned.
    pub want: Option<Rows>,
    /// `plan` mode: the plan of `query` on the learner's copy.
    pub plan: Vec<String>,
}

/// Grade `answer` for a `sql` exercise. `Err` is the pack's fault (the dataset does not build,
/// the solution fails); everything the learner wrote wrong is a failed report.
pub fn check(
    datasets: &Datasets,
    ex: &Exercise,
    spec: &SqlSpec,
    answer: &str,
) -> Result<Checked, SqlError> {
    let started = Instant::now();
    let data = dataset::for_course(datasets, &spec.dataset)?;
    let graded = match &spec.mode {
        SqlMode::Query => grade_query(&data, spec, answer)?,
        SqlMode::Write { verify } => grade_write(&data, spec, verify, answer)?,
        SqlMode::Plan { query, table } => grade_plan(&data, spec, query, table, answer)?,
    };
    let mut report = crate::check::assess::new_report(ex);
    let passed = graded.failure.is_none();
    report.verdict = if passed {
        Verdict::Passed
    } else {
        Verdict::Failed
    };
    let what = match &spec.mode {
        SqlMode::Query => "your result equals the solution's".to_string(),
        SqlMode::Write { .. } => "verify sees the same rows as after the solution".to_string(),
        SqlMode::Plan { table, .. } => format!("the query searches {table} with an index"),
    };
    let (headline, details) = match &graded.failure {
        None => (graded.pass_note.clone(), None),
        Some((headline, details)) => (headline.clone(), Some(details.clone())),
    };
    let line = spec.line;
    report.steps.push(StepOutcome {
        name: match spec.mode {
            SqlMode::Query => "your query".into(),
            _ => "your statements".into(),
        },
        line,
        status: if passed {
            Status::Passed
        } else {
            Status::Failed
        },
        request: None,
        response: None,
        asserts: vec![AssertOutcome {
            text: what,
            line,
            status: if passed {
                Status::Passed
            } else {
                Status::Failed
            },
            expected: graded.want.as_ref().map(shape),
            actual: graded.got.as_ref().map(shape),
            message: (!passed).then(|| headline.clone()),
            hint: None,
            rfc: None,
        }],
        message: None,
        tries: 1,
        duration_ms: started.elapsed().as_millis() as u64,
    });
    report.message = details;
    if passed && !ex.explanation.trim().is_empty() {
        report.explanation = Some(ex.explanation.clone());
    }
    report.duration_ms = started.elapsed().as_millis() as u64;
    report.summary = if passed {
        format!("passed: {headline}")
    } else {
        format!("failed: {headline}")
    };
    Ok(Checked {
        report,
        got: graded.got,
        want: graded.want,
        plan: graded.plan,
    })
}

/// Whether `query` passes the exercise: what `course test` runs for each `[proof]` entry.
pub fn prove(datasets: &Datasets, ex: &Exercise, query: &str) -> Result<Verdict, SqlError> {
    let crate::course::exercise::Spec::Sql(spec) = &ex.spec else {
        return Err(SqlError::Refused(format!(
            "{} is not a sql exercise",
            ex.id
        )));
    };
    Ok(check(datasets, ex, spec, query)?.report.verdict)
}

/// Every `sql` exercise of a course: its dataset builds and its solution passes. One line per
/// problem, for `course validate`.
pub fn validate(course: &Course) -> Vec<(String, String)> {
    let mut problems = Vec::new();
    for name in course.datasets.keys() {
        if let Err(e) = dataset::for_course(&course.datasets, name) {
            problems.push((format!("datasets/{name}.sql"), e.explain()));
        }
    }
    for ex in &course.exercises {
        let crate::course::exercise::Spec::Sql(spec) = &ex.spec else {
            continue;
        };
        if !course.datasets.contains_key(&spec.dataset) {
            continue;
        }
        match check(&course.datasets, ex, spec, &spec.solution) {
            Ok(c) if c.report.verdict == Verdict::Passed => {}
            Ok(c) => problems.push((
                ex.file.clone(),
                format!(
                    "the solution does not pass its own exercise: {}",
                    c.report.summary
                ),
            )),
            Err(e) => problems.push((ex.file.clone(), e.explain())),
        }
    }
    problems
}

/// What grading found, before it becomes a report.
struct Graded {
    got: Option<Rows>,
    want: Option<Rows>,
    plan: Vec<String>,
    /// One line, and the full text (side by side, caret...).
    failure: Option<(String, String)>,
    /// One line said on a pass.
    pass_note: String,
}

impl Graded {
    fn error(e: &SqlError, got: Option<Rows>, want: Option<Rows>) -> Graded {
        let headline = match e {
            SqlError::Invalid { message, .. } => format!("SQLite could not run it: {message}"),
            other => other.to_string(),
        };
        Graded {
            got,
            want,
            plan: Vec::new(),
            failure: Some((headline, e.explain())),
            pass_note: String::new(),
        }
    }

    fn compared(want: Rows, got: Rows, ordered: bool, note: &str) -> Graded {
        let failure = compare::compare(&want, &got, ordered).map(|m: Mismatch| {
            (
                m.headline.clone(),
                render::mismatch_text(&want, &got, &m, REPORT_WIDTH),
            )
        });
        Graded {
            pass_note: format!("{}, {note}", render::count_text(&got)),
            got: Some(got),
            want: Some(want),
            plan: Vec::new(),
            failure,
        }
    }
}

/// The reference's rows; an error here is the exercise's fault.
fn reference(
    data: &Dataset,
    access: Access,
    setup: Option<&str>,
    sql: &str,
) -> Result<Rows, SqlError> {
    let sandbox = data.open(access)?;
    let fail =
        |e: SqlError| SqlError::Runtime(format!("the exercise's reference fails: {}", e.explain()));
    if let Some(setup) = setup {
        sandbox.run(setup).map_err(fail)?;
    }
    sandbox.run(sql).map_err(fail)
}

fn grade_query(data: &Dataset, spec: &SqlSpec, answer: &str) -> Result<Graded, SqlError> {
    let want = reference(data, Access::ReadOnly, None, &spec.solution)?;
    let sandbox = data.open(Access::ReadOnly)?;
    let got = match sandbox.run(answer) {
        Ok(rows) => rows,
        Err(e) => return Ok(Graded::error(&e, None, Some(want))),
    };
    if got.columns.is_empty() {
        let e = SqlError::Refused(
            "your SQL returned no rows to compare: this exercise wants a SELECT".into(),
        );
        return Ok(Graded::error(&e, Some(got), Some(want)));
    }
    Ok(Graded::compared(
        want,
        got,
        spec.ordered,
        "the same as the solution's",
    ))
}

fn grade_write(
    data: &Dataset,
    spec: &SqlSpec,
    verify: &str,
    answer: &str,
) -> Result<Graded, SqlError> {
    let want = reference(data, Access::Scratch, Some(&spec.solution), verify)?;
    let sandbox = data.open(Access::Scratch)?;
    if let Err(e) = sandbox.run(answer) {
        return Ok(Graded::error(&e, None, Some(want)));
    }
    let got = match sandbox.run(verify) {
        Ok(rows) => rows,
        Err(e) => {
            let e = SqlError::Runtime(format!(
                "after your statements, the check query fails: {}",
                e.explain()
            ));
            return Ok(Graded::error(&e, None, Some(want)));
        }
    };
    let mut graded = Graded::compared(
        want,
        got,
        spec.ordered,
        "the same as the check sees after the solution",
    );
    if let Some((headline, details)) = &mut graded.failure {
        let untouched = reference(data, Access::ReadOnly, None, verify)?;
        if let Some(got) = &graded.got
            && compare::compare(&untouched, got, spec.ordered).is_none()
        {
            *headline = format!("your statements changed nothing the check looks at; {headline}");
        }
        *details = format!(
            "The check query, run after your statements and after the solution's:\n  {}\n\n{details}",
            verify.trim()
        );
    }
    Ok(graded)
}

fn grade_plan(
    data: &Dataset,
    spec: &SqlSpec,
    query: &str,
    table: &str,
    answer: &str,
) -> Result<Graded, SqlError> {
    let want = reference(data, Access::ReadOnly, None, query)?;
    let sandbox = data.open(Access::Scratch)?;
    if let Err(e) = sandbox.run(answer) {
        return Ok(Graded::error(&e, None, Some(want)));
    }
    let plan = sandbox.plan(query)?;
    let got = sandbox.run(query)?;
    let mut graded = Graded::compared(want, got, spec.ordered, "the same as without the index");
    graded.plan = plan.clone();
    let plan_text = plan
        .iter()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n");
    if graded.failure.is_none() && !uses_index(&plan, table) {
        let scans = plan.iter().any(|l| scans(l, table));
        let headline = if scans {
            format!(
                "the query still reads every row of {table} (SCAN {table}): no index it can use"
            )
        } else {
            format!("the query does not search {table} with an index")
        };
        graded.failure = Some((
            headline.clone(),
            format!(
                "{headline}.\n\nThe query:\n  {}\n\nIts plan (EXPLAIN QUERY PLAN) after your statements:\n{plan_text}\n\nAn index helps when its first column is the one the WHERE (or JOIN) compares.",
                query.trim()
            ),
        ));
    } else if let Some((_, details)) = &mut graded.failure {
        *details = format!(
            "With your statements applied, the query gives a different result from the one it \
             gives on the untouched data: an index must never change results.\n\n{details}\n\nThe plan:\n{plan_text}"
        );
    } else {
        graded.pass_note = format!(
            "plan: {}",
            plan.iter().map(|l| l.trim()).collect::<Vec<_>>().join("; ")
        );
    }
    Ok(graded)
}

/// A plan line searching `table` (or `table AS alias`) with an index.
pub fn uses_index(plan: &[String], table: &str) -> bool {
    plan.iter().any(|l| {
        let l = l.trim();
        let Some(rest) = l.strip_prefix("SEARCH ") else {
            return false;
        };
        let Some(rest) = strip_table(rest, table) else {
            return false;
        };
        rest.starts_with("USING INDEX ") || rest.starts_with("USING COVERING INDEX ")
    })
}

fn scans(line: &str, table: &str) -> bool {
    line.trim()
        .strip_prefix("SCAN ")
        .is_some_and(|r| strip_table(&format!("{r} "), table).is_some())
}

/// `orders USING …` or `orders AS o USING …` → `USING …`.
fn strip_table<'a>(rest: &'a str, table: &str) -> Option<&'a str> {
    let head = rest.get(..table.len())?;
    if !head.eq_ignore_ascii_case(table) {
        return None;
    }
    let rest = rest[table.len()..].strip_prefix(' ')?;
    if let Some(after_as) = rest.strip_prefix("AS ") {
        let alias_end = after_as.find(' ').unwrap_or(after_as.len());
        return Some(after_as[alias_end..].trim_start());
    }
    Some(rest)
}

/// "8 rows × 2 columns".
fn shape(rows: &Rows) -> String {
    let c = rows.columns.len();
    format!(
        "{} × {c} column{}",
        render::count_text(rows),
        if c == 1 { "" } else { "s" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_searches_are_told_from_scans() {
        let plan = vec!["SEARCH orders USING INDEX orders_customer (customer_id=?)".to_string()];
        assert!(uses_index(&plan, "orders"));
        assert!(uses_index(
            &["SEARCH orders AS o USING COVERING INDEX ix (a=?)".into()],
            "orders"
        ));
        assert!(!uses_index(&["SCAN orders".into()], "orders"));
        assert!(!uses_index(
            &["SEARCH orders USING INTEGER PRIMARY KEY (rowid=?)".into()],
            "orders"
        ));
        assert!(!uses_index(
            &["SEARCH orders_archive USING INDEX x (a=?)".into()],
            "orders"
        ));
        assert!(scans("SCAN orders", "orders"));
        assert!(scans("  SCAN orders AS o", "orders"));
    }
}
