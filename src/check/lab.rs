//! Lab checks: an exercise's expectations met, in order, by what the lab journalled since a
//! time. Plans which exchange meets which expectation, and shows the closest one when none does.

use super::assess::{all_passed, assess, capture, finish, new_report, skipped_step};
use super::eval::{self, Vars};
use super::outcome::{
    AssertOutcome, Report, ResponseHead, SentRequest, Status, StepOutcome, Verdict,
};
use super::probe::listening;
use crate::course::Exercise;
use crate::course::exercise::{Expect, Gap, LabSpec};
use crate::exchange::{Exchange, RequestSpec};
use crate::store::Store;
use std::time::Instant;

/// Check a lab exercise against what the lab journalled since `since_ms`. `why` says where
/// that time comes from ("when you opened the exercise"). With no requests at all, the report
/// says so and whether anything listens at `lab_base`.
pub fn check_lab(
    store: &Store,
    ex: &Exercise,
    spec: &LabSpec,
    since_ms: i64,
    why: &str,
    lab_base: &str,
) -> crate::store::Result<Report> {
    let mut exchanges = store.journal_since(0, since_ms, 10_000)?;
    // backroad's own traffic (a server check or its probe aimed at the lab) is not the
    // learner's: it never counts.
    let all = exchanges.len();
    exchanges.retain(|x| !x.from_checker());
    let mut report = run_lab(ex, spec, &exchanges, lab_base);
    report.window = Some(window(
        exchanges.len(),
        all - exchanges.len(),
        since_ms,
        why,
    ));
    if exchanges.is_empty() {
        let lab = if listening(lab_base) {
            format!("The lab is running at {lab_base}: send your request there, then check again.")
        } else {
            format!(
                "Nothing is listening at {lab_base}: start the lab with `backroad lab` (or from the tutor), send your request, then check again."
            )
        };
        report.message = Some(format!(
            "The lab received no requests since {} ({why}).\n{lab}",
            clock(since_ms)
        ));
        report.summarise();
    }
    Ok(report)
}

/// "3 requests since 2026-12-07 01:52:00 UTC (when you opened the exercise)", and how many
/// of backroad's own were left out.
fn window(counted: usize, own: usize, since_ms: i64, why: &str) -> String {
    let noun = if counted == 1 { "request" } else { "requests" };
    let mut w = format!("{counted} {noun} since {} ({why})", clock(since_ms));
    if own > 0 {
        w.push_str(&format!("; {own} sent by backroad's checker not counted"));
    }
    w
}

/// The request of a journalled exchange, as a curl command against the lab at `lab_base`.
fn lab_request(x: &Exchange, lab_base: &str) -> SentRequest {
    const NOISE: &[&str] = &[
        "host",
        "content-length",
        "user-agent",
        "accept-encoding",
        "connection",
        "accept",
    ];
    let target = if x.query.is_empty() {
        x.path.clone()
    } else {
        format!("{}?{}", x.path, x.query)
    };
    let spec = RequestSpec {
        method: x.method.clone(),
        target,
        headers: x
            .request_headers
            .iter()
            .filter(|(k, _)| !NOISE.contains(&k.to_ascii_lowercase().as_str()))
            .cloned()
            .collect(),
        body: (!x.request_body.is_empty())
            .then(|| String::from_utf8_lossy(&x.request_body).into_owned()),
    };
    SentRequest {
        method: spec.method.clone(),
        url: spec.url(lab_base),
        curl: spec.to_curl(lab_base),
    }
}

/// Check a lab exercise: the expectations must be met, in order, by `exchanges` (oldest
/// first). When one is not met, the step shows the exchange that came closest.
pub fn run_lab(ex: &Exercise, spec: &LabSpec, exchanges: &[Exchange], lab_base: &str) -> Report {
    let started = Instant::now();
    let mut report = new_report(ex);
    let mut vars = Vars::new();
    let mut next = 0; // index into exchanges
    let plan = plan_lab(spec, exchanges);
    for (i, expect) in spec.expects.iter().enumerate() {
        let name = eval::substitute_str(&expect_name(expect, i), &vars);
        if report
            .steps
            .last()
            .is_some_and(|s| s.status != Status::Passed)
        {
            report.steps.push(skipped_step(
                name,
                expect.line,
                "not looked at yet: an earlier expectation is not met".into(),
            ));
            continue;
        }
        let mut best: Option<(usize, usize, Vec<AssertOutcome>)> = None;
        let mut met = None;
        if let Some(&j) = plan.get(i) {
            met = Some((j, assess(&expect.asserts, &exchanges[j], &vars)));
        } else {
            for (j, x) in exchanges.iter().enumerate().skip(next) {
                let outcomes = assess(&expect.asserts, x, &vars);
                let score = outcomes
                    .iter()
                    .filter(|a| a.status == Status::Passed)
                    .count();
                if best.as_ref().is_none_or(|(_, s, _)| score >= *s) {
                    best = Some((j, score, outcomes));
                }
            }
        }
        let step = match (met, best) {
            (Some((j, asserts)), _) => {
                let x = &exchanges[j];
                next = j + 1;
                let mut step = exchange_step(name, expect.line, x, asserts, lab_base);
                if let Err(e) = capture(&expect.captures, x, &mut vars) {
                    step.status = Status::Error;
                    step.message = Some(e);
                }
                step
            }
            (None, Some((j, _, asserts))) => {
                let timing = (i > 0 && all_passed(&asserts))
                    .then(|| plan.get(i - 1).copied())
                    .flatten()
                    .and_then(|prev| timing_problem(expect, exchanges, prev, j, &vars));
                let mut step = exchange_step(name, expect.line, &exchanges[j], asserts, lab_base);
                step.status = Status::Failed;
                let n = exchanges.len() - next;
                step.message = Some(match timing {
                    Some(why) => format!("the request is right, but not its timing: {why}"),
                    None => format!(
                        "no request the lab received meets this ({n} looked at); the closest one:"
                    ),
                });
                step
            }
            (None, None) => {
                let mut step = skipped_step(
                    name,
                    expect.line,
                    if exchanges.is_empty() {
                        "the lab received no requests in this window".into()
                    } else {
                        "no request came after the one that met the previous expectation".into()
                    },
                );
                step.status = Status::Failed;
                step
            }
        };
        report.steps.push(step);
    }
    report.verdict = if report.steps.iter().all(|s| s.status == Status::Passed) {
        Verdict::Passed
    } else {
        Verdict::Failed
    };
    finish(ex, report, started)
}

/// Most exchanges looked at while matching a lab exercise, to bound the backtracking.
const LAB_SEARCH_BUDGET: usize = 200_000;

/// Which exchange meets each expectation, in order: the first full match found by trying
/// candidates with backtracking (an earlier create that no later request builds on must not
/// hide a later one that does). When none exists, the deepest partial match.
fn plan_lab(spec: &LabSpec, exchanges: &[Exchange]) -> Vec<usize> {
    struct Search<'a> {
        expects: &'a [Expect],
        exchanges: &'a [Exchange],
        budget: usize,
        path: Vec<usize>,
        best: Vec<usize>,
    }
    impl Search<'_> {
        fn solve(&mut self, i: usize, from: usize, vars: &Vars) -> bool {
            if i == self.expects.len() {
                return true;
            }
            for j in from..self.exchanges.len() {
                if self.budget == 0 {
                    return false;
                }
                self.budget -= 1;
                let x = &self.exchanges[j];
                if !all_passed(&assess(&self.expects[i].asserts, x, vars)) {
                    continue;
                }
                if i > 0
                    && let Some(&prev) = self.path.get(i - 1)
                    && timing_problem(&self.expects[i], self.exchanges, prev, j, vars).is_some()
                {
                    continue;
                }
                let mut next_vars = vars.clone();
                if capture(&self.expects[i].captures, x, &mut next_vars).is_err() {
                    continue;
                }
                self.path.push(j);
                if self.path.len() > self.best.len() {
                    self.best = self.path.clone();
                }
                if self.solve(i + 1, j + 1, &next_vars) {
                    return true;
                }
                self.path.pop();
            }
            false
        }
    }
    let mut search = Search {
        expects: &spec.expects,
        exchanges,
        budget: LAB_SEARCH_BUDGET,
        path: Vec::new(),
        best: Vec::new(),
    };
    if search.solve(0, 0, &Vars::new()) {
        search.path
    } else {
        search.best
    }
}

/// Why exchange `j` cannot meet `e` for timing reasons, given that exchange `prev` met the
/// block before: too soon (`after`), too late (`within`), or another exchange in between
/// meets `none_between`. `None` when the timing is fine.
fn timing_problem(
    e: &Expect,
    exchanges: &[Exchange],
    prev: usize,
    j: usize,
    vars: &Vars,
) -> Option<String> {
    let (p, x) = (&exchanges[prev], &exchanges[j]);
    // From the moment the lab finished answering the previous exchange to this request.
    let gap_ms = x.at - (p.at + p.duration_us / 1000);
    let seconds = |ms: i64| format!("{:.1} s", ms as f64 / 1000.0);
    if let Some(after) = &e.after {
        let (need_ms, what) = match after {
            Gap::Fixed(d) => (
                d.as_millis() as i64,
                format!("at least {}", seconds(d.as_millis() as i64)),
            ),
            Gap::Query(q, src) => match eval::query_value(q, p, vars) {
                Ok(Some(v)) => {
                    let secs = v
                        .as_f64()
                        .or_else(|| v.as_str().and_then(|t| t.trim().parse::<f64>().ok()));
                    match secs {
                        Some(s) => (
                            (s * 1000.0) as i64,
                            format!(
                                "at least {} ({src} of the previous answer)",
                                seconds((s * 1000.0) as i64)
                            ),
                        ),
                        None => {
                            return Some(format!(
                                "{src} of the previous answer is {v}, not a number of seconds"
                            ));
                        }
                    }
                }
                _ => return Some(format!("the previous answer has no {src} to wait for")),
            },
        };
        if gap_ms < need_ms {
            return Some(format!(
                "it came {} after the previous answer; this step needs {what}",
                seconds(gap_ms.max(0))
            ));
        }
    }
    if let Some(within) = e.within {
        let most = within.as_millis() as i64;
        if gap_ms > most {
            return Some(format!(
                "it came {} after the previous answer; this step needs it within {}",
                seconds(gap_ms),
                seconds(most)
            ));
        }
    }
    if !e.none_between.is_empty()
        && let Some(k) =
            (prev + 1..j).find(|&k| all_passed(&assess(&e.none_between, &exchanges[k], vars)))
    {
        let y = &exchanges[k];
        return Some(format!(
            "another request came in between ({} {} answered {}): this step wants the very next one",
            y.method, y.path, y.status
        ));
    }
    None
}

fn expect_name(e: &Expect, i: usize) -> String {
    use crate::assertion::{Predicate, Query, RequestQuery};
    let mut method = None;
    let mut path = None;
    for a in &e.asserts {
        if let (Query::Request(r), Predicate::Eq(serde_json::Value::String(v))) =
            (&a.assertion.expr.query, &a.assertion.predicate)
        {
            match r {
                RequestQuery::Method => method = Some(v.clone()),
                RequestQuery::Path => path = Some(v.clone()),
                _ => {}
            }
        }
    }
    match (method, path) {
        (Some(m), Some(p)) => format!("{m} {p}"),
        (None, Some(p)) => format!("a request to {p}"),
        (Some(m), None) => format!("a {m} request"),
        _ => format!("expectation {}", i + 1),
    }
}

fn exchange_step(
    name: String,
    line: usize,
    x: &Exchange,
    asserts: Vec<AssertOutcome>,
    lab_base: &str,
) -> StepOutcome {
    StepOutcome {
        name,
        line,
        status: if all_passed(&asserts) {
            Status::Passed
        } else {
            Status::Failed
        },
        request: Some(lab_request(x, lab_base)),
        response: Some(ResponseHead::new(
            x.status,
            &x.response_headers,
            &x.response_body,
        )),
        asserts,
        message: None,
        tries: 1,
        duration_ms: (x.duration_us / 1000) as u64,
    }
}

/// A time in ms as `2026-11-23 14:00:00 UTC`.
pub fn clock(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp_nanos(ms as i128 * 1_000_000)
        .ok()
        .and_then(|t| {
            t.format(time::macros::format_description!(
                "[year]-[month]-[day] [hour]:[minute]:[second] UTC"
            ))
            .ok()
        })
        .unwrap_or_else(|| ms.to_string())
}
