//! What every kind of check shares: a report begun and finished, assertions evaluated over an
//! exchange into outcomes (status first), captures stored, a step skipped.

use super::eval::{self, Vars};
use super::outcome::{AssertOutcome, Report, Status, StepOutcome, Verdict};
use crate::course::Exercise;
use crate::course::exercise::{AssertSpec, Capture};
use crate::exchange::Exchange;
use std::time::Instant;

/// A report for `ex` with no steps yet.
pub fn new_report(ex: &Exercise) -> Report {
    Report {
        exercise: ex.id.clone(),
        title: ex.title.clone(),
        kind: ex.kind.clone(),
        file: ex.file.clone(),
        verdict: Verdict::Failed,
        summary: String::new(),
        target: None,
        window: None,
        message: None,
        steps: Vec::new(),
        explanation: None,
        duration_ms: 0,
    }
}

pub(super) fn finish(ex: &Exercise, mut report: Report, started: Instant) -> Report {
    if report.verdict == Verdict::Passed && !ex.explanation.trim().is_empty() {
        report.explanation = Some(ex.explanation.clone());
    }
    report.duration_ms = started.elapsed().as_millis() as u64;
    report.summarise();
    report
}

/// After this many failed tries of an exercise not yet passed, its explanation is offered.
pub const EXPLAIN_AFTER_FAILURES: u32 = 3;

/// Offer the exercise's explanation on a failed report once the learner has failed it
/// [`EXPLAIN_AFTER_FAILURES`] times (this try included) without a pass.
pub fn offer_explanation(report: &mut Report, ex: &Exercise, failed_tries: u32) {
    if report.verdict == Verdict::Failed
        && failed_tries >= EXPLAIN_AFTER_FAILURES
        && !ex.explanation.trim().is_empty()
    {
        report.explanation = Some(ex.explanation.clone());
    }
}

/// Evaluate assertions over an exchange, status first: when a `status` assertion fails, the
/// assertions that read the body are reported as skipped rather than as noise.
pub fn assess(asserts: &[AssertSpec], x: &Exchange, vars: &Vars) -> Vec<AssertOutcome> {
    assess_over(asserts, x, std::slice::from_ref(x), vars)
}

/// [`assess`], with `all` the answers that `responses` assertions count (a parallel step's).
pub fn assess_over(
    asserts: &[AssertSpec],
    x: &Exchange,
    all: &[Exchange],
    vars: &Vars,
) -> Vec<AssertOutcome> {
    use crate::assertion::Query;
    let status_failed = asserts.iter().any(|a| {
        matches!(a.assertion.expr.query, Query::Status)
            && eval::check(&a.assertion, x, vars) != eval::Evaluation::Pass
    });
    asserts
        .iter()
        .map(|a| {
            let mut out = AssertOutcome {
                text: a.assertion.text.clone(),
                line: a.line,
                status: Status::Passed,
                expected: None,
                actual: None,
                message: None,
                hint: None,
                rfc: None,
            };
            if status_failed && a.assertion.expr.query.reads_response() {
                out.status = Status::Skipped;
                out.message = Some(
                    "skipped: they read the response, and its status was not the expected one"
                        .into(),
                );
                return out;
            }
            match eval::check_over(&a.assertion, x, all, vars) {
                eval::Evaluation::Pass => {}
                eval::Evaluation::Fail { expected, actual } => {
                    out.status = Status::Failed;
                    out.expected = Some(expected);
                    out.actual = Some(actual);
                }
                eval::Evaluation::Error { expected, message } => {
                    out.status = Status::Error;
                    out.expected = Some(expected);
                    out.message = Some(message);
                }
            }
            if out.status != Status::Passed {
                out.hint = a.hint.clone();
                out.rfc = a.rfc.clone();
            }
            out
        })
        .collect()
}

/// Store captured values; an error names the capture that found nothing.
pub fn capture(captures: &[Capture], x: &Exchange, vars: &mut Vars) -> Result<(), String> {
    for c in captures {
        match eval::query_value(&c.expr, x, vars) {
            Ok(Some(v)) => {
                vars.insert(c.name.clone(), v);
            }
            Ok(None) => {
                return Err(format!(
                    "capture `{}` found no value with `{}`",
                    c.name, c.source
                ));
            }
            Err(e) => return Err(format!("capture `{}`: {e}", c.name)),
        }
    }
    Ok(())
}

pub(super) fn all_passed(a: &[AssertOutcome]) -> bool {
    a.iter().all(|a| a.status == Status::Passed)
}

pub(super) fn skipped_step(name: String, line: usize, message: String) -> StepOutcome {
    StepOutcome {
        name,
        line,
        status: Status::Skipped,
        request: None,
        response: None,
        asserts: Vec::new(),
        message: Some(message),
        tries: 0,
        duration_ms: 0,
    }
}
