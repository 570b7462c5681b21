//! Running an exercise: a lab exercise over journalled exchanges, a quiz over an answer, a
//! server exercise as steps fired at the learner's server.

use super::eval::{self, Vars};
use super::outcome::{
    AssertOutcome, Report, ResponseHead, SentRequest, Status, StepOutcome, Verdict,
};
use crate::client::{Client, RequestSpec, SendError};
use crate::course::Exercise;
use crate::course::exercise::{
    AssertSpec, Capture, Expect, LabSpec, QuizSpec, ServerSpec, Step, StepBody,
};
use crate::store::Exchange;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

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
        message: None,
        steps: Vec::new(),
        explanation: None,
        duration_ms: 0,
    }
}

fn finish(ex: &Exercise, mut report: Report, started: Instant) -> Report {
    if report.verdict == Verdict::Passed && !ex.explanation.trim().is_empty() {
        report.explanation = Some(ex.explanation.clone());
    }
    report.duration_ms = started.elapsed().as_millis() as u64;
    report.summarise();
    report
}

/// Evaluate assertions over an exchange, status first: when a `status` assertion fails, the
/// assertions that read the body are reported as skipped rather than as noise.
pub fn assess(asserts: &[AssertSpec], x: &Exchange, vars: &Vars) -> Vec<AssertOutcome> {
    use super::assert::Query;
    let status_failed = asserts.iter().any(|a| {
        matches!(a.assertion.expr.query, Query::Status)
            && eval::check(&a.assertion, x, vars) != eval::Verdict::Pass
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
            match eval::check(&a.assertion, x, vars) {
                eval::Verdict::Pass => {}
                eval::Verdict::Fail { expected, actual } => {
                    out.status = Status::Failed;
                    out.expected = Some(expected);
                    out.actual = Some(actual);
                }
                eval::Verdict::Error { expected, message } => {
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

fn all_passed(a: &[AssertOutcome]) -> bool {
    a.iter().all(|a| a.status == Status::Passed)
}

fn skipped_step(name: String, line: usize, message: String) -> StepOutcome {
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
                let mut step = exchange_step(name, expect.line, &exchanges[j], asserts, lab_base);
                step.status = Status::Failed;
                let n = exchanges.len() - next;
                step.message = Some(format!(
                    "no request the lab received meets this ({n} looked at); the closest one:"
                ));
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

fn expect_name(e: &Expect, i: usize) -> String {
    use super::assert::{Predicate, Query, RequestQuery};
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

/// Normalise an answer: trimmed, lowercase, inner whitespace collapsed.
fn normalise(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Whether `answer` is accepted by the quiz.
pub fn quiz_accepts(spec: &QuizSpec, answer: &str) -> bool {
    let given = normalise(answer);
    spec.answers.iter().any(|a| normalise(a) == given)
        || spec
            .pattern
            .as_ref()
            .is_some_and(|p| p.regex.is_match(answer.trim()))
}

/// The `[quiz.why]` sentence for a wrong choice, if the quiz has one.
pub fn quiz_why<'a>(spec: &'a QuizSpec, answer: &str) -> Option<&'a str> {
    let given = normalise(answer);
    spec.why
        .iter()
        .find(|(choice, _)| normalise(choice) == given)
        .map(|(_, why)| why.as_str())
}

/// Check a quiz answer. The accepted answers are not shown on a failure: that is what hints
/// are for.
pub fn run_quiz(ex: &Exercise, spec: &QuizSpec, answer: &str) -> Report {
    let started = Instant::now();
    let mut report = new_report(ex);
    let ok = quiz_accepts(spec, answer);
    let line = spec.line;
    report.steps.push(StepOutcome {
        name: "answer".into(),
        line,
        status: if ok { Status::Passed } else { Status::Failed },
        request: None,
        response: None,
        asserts: vec![AssertOutcome {
            text: "answer".into(),
            line,
            status: if ok { Status::Passed } else { Status::Failed },
            expected: None,
            actual: Some(format!("\"{}\"", answer.trim())),
            message: (!ok).then(|| "that is not the answer".to_string()),
            hint: None,
            rfc: None,
        }],
        // A wrong choice with a [quiz.why] says why it is wrong.
        message: if ok {
            None
        } else {
            quiz_why(spec, answer).map(str::to_string)
        },
        tries: 1,
        duration_ms: 0,
    });
    report.verdict = if ok { Verdict::Passed } else { Verdict::Failed };
    finish(ex, report, started)
}

/// Why a target never answered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unreachable {
    #[error("nothing is listening at {0} (connection refused)")]
    /// Connection refused: no server on that port.
    NothingListening(String),
    #[error("something at {0} accepted the connection but did not answer in HTTP: it sent `{1}`")]
    /// The first bytes back were not an HTTP status line.
    NotHttp(String, String),
    #[error("something at {0} accepted the connection but sent nothing back within {1:?}")]
    /// Connected, but nothing came back in time.
    Silent(String, Duration),
    #[error("the connection to {0} was reset or closed before any answer")]
    /// Connected, then the connection was reset or closed.
    Reset(String),
    #[error("cannot connect to {0}: {1}")]
    /// Any other connection failure (timeout, no route, DNS).
    Other(String, String),
}

/// How long the checker waits for a target to accept connections.
pub const WAIT_BOUND: Duration = Duration::from_secs(5);

/// Wait (polling with backoff, up to `bound`) until `host:port` accepts a connection and
/// answers a `HEAD` in HTTP. `plain_http` false (https) only waits for the connection.
pub async fn wait_for_target(
    host: &str,
    port: u16,
    path: &str,
    plain_http: bool,
    bound: Duration,
) -> Result<(), Unreachable> {
    let addr = format!("{host}:{port}");
    let deadline = Instant::now() + bound;
    let mut pause = Duration::from_millis(25);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let attempt = probe(
            &addr,
            host,
            path,
            plain_http,
            left.max(Duration::from_millis(200)),
        )
        .await;
        match attempt {
            Ok(()) => return Ok(()),
            // A definite answer in another protocol will not change by waiting.
            Err(e @ Unreachable::NotHttp(..)) => return Err(e),
            Err(e) => {
                if Instant::now() + pause >= deadline {
                    return Err(e);
                }
            }
        }
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(Duration::from_millis(500));
    }
}

async fn probe(
    addr: &str,
    host: &str,
    path: &str,
    plain_http: bool,
    limit: Duration,
) -> Result<(), Unreachable> {
    let connect = tokio::time::timeout(
        limit.min(Duration::from_secs(2)),
        tokio::net::TcpStream::connect(addr),
    )
    .await;
    let mut stream = match connect {
        Err(_) => {
            return Err(Unreachable::Other(
                addr.into(),
                "the connection attempt timed out".into(),
            ));
        }
        Ok(Err(e)) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
            return Err(Unreachable::NothingListening(addr.into()));
        }
        Ok(Err(e)) if e.kind() == std::io::ErrorKind::ConnectionReset => {
            return Err(Unreachable::Reset(addr.into()));
        }
        Ok(Err(e)) => return Err(Unreachable::Other(addr.into(), e.to_string())),
        Ok(Ok(s)) => s,
    };
    if !plain_http {
        return Ok(());
    }
    let path = if path.is_empty() { "/" } else { path };
    let hello = format!(
        "HEAD {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: backroad-check\r\nConnection: close\r\n\r\n"
    );
    if stream.write_all(hello.as_bytes()).await.is_err() {
        return Err(Unreachable::Reset(addr.into()));
    }
    let mut buf = [0u8; 64];
    let wait = Duration::from_secs(2);
    match tokio::time::timeout(wait, stream.read(&mut buf)).await {
        Err(_) => Err(Unreachable::Silent(addr.into(), wait)),
        Ok(Ok(0)) => Err(Unreachable::Reset(addr.into())),
        Ok(Err(_)) => Err(Unreachable::Reset(addr.into())),
        Ok(Ok(n)) => {
            if buf[..n].starts_with(b"HTTP/") || (n < 5 && b"HTTP/".starts_with(&buf[..n])) {
                Ok(())
            } else {
                let seen: String = String::from_utf8_lossy(&buf[..n])
                    .chars()
                    .take(30)
                    .map(|c| if c.is_control() { '.' } else { c })
                    .collect();
                Err(Unreachable::NotHttp(addr.into(), seen))
            }
        }
    }
}

/// Resolve a step's request against the target, with `{{variables}}` substituted.
pub fn step_request(step: &Step, base: &str, vars: &Vars) -> Result<(RequestSpec, String), String> {
    let r = &step.request;
    let mut missing = eval::missing_vars(&r.path, vars);
    for (_, v) in r.headers.iter().chain(r.query.iter()) {
        missing.extend(eval::missing_vars(v, vars));
    }
    if let StepBody::Text(t) = &r.body {
        missing.extend(eval::missing_vars(t, vars));
    }
    if let Some(m) = missing.first() {
        return Err(format!(
            "the request uses {{{{{m}}}}}, but no earlier step captured `{m}`"
        ));
    }
    let path = eval::substitute_str(&r.path, vars);
    let target = if r.is_url {
        path
    } else {
        format!("{}{}", base.trim_end_matches('/'), path)
    };
    let mut url =
        reqwest::Url::parse(&target).map_err(|e| format!("`{target}` is not a URL: {e}"))?;
    if !r.query.is_empty() {
        let mut q = url.query_pairs_mut();
        for (k, v) in &r.query {
            q.append_pair(k, &eval::substitute_str(v, vars));
        }
    }
    let mut headers: Vec<(String, String)> = r
        .headers
        .iter()
        .map(|(k, v)| (k.clone(), eval::substitute_str(v, vars)))
        .collect();
    let has = |h: &[(String, String)], n: &str| h.iter().any(|(k, _)| k.eq_ignore_ascii_case(n));
    let body = match &r.body {
        StepBody::None => None,
        StepBody::Text(t) => Some(eval::substitute_str(t, vars)),
        StepBody::Json(j) => {
            if !has(&headers, "content-type") {
                headers.push(("Content-Type".into(), "application/json".into()));
            }
            Some(eval::substitute(j, vars).to_string())
        }
        StepBody::Form(pairs) => {
            if !has(&headers, "content-type") {
                headers.push((
                    "Content-Type".into(),
                    "application/x-www-form-urlencoded".into(),
                ));
            }
            let mut enc = reqwest::Url::parse("http://x/").map_err(|e| e.to_string())?;
            enc.query_pairs_mut().extend_pairs(
                pairs
                    .iter()
                    .map(|(k, v)| (k.as_str(), eval::substitute_str(v, vars))),
            );
            Some(enc.query().unwrap_or("").to_string())
        }
    };
    let url = url.to_string();
    Ok((
        RequestSpec {
            method: r.method.clone(),
            target: url.clone(),
            headers,
            body,
        },
        url,
    ))
}

/// Fire the steps at `base` in order. Stops at the first step that fails: later steps depend
/// on what earlier ones created. Returns `Verdict::Unreachable` when a request got no answer.
pub async fn run_server(ex: &Exercise, spec: &ServerSpec, base: &str, client: &Client) -> Report {
    run_server_with(ex, spec, base, client, |_| {}).await
}

/// [`run_server`], calling `on_step` with each step's outcome as soon as it is known (the
/// tutor shows steps as they complete).
pub async fn run_server_with(
    ex: &Exercise,
    spec: &ServerSpec,
    base: &str,
    client: &Client,
    mut on_step: impl FnMut(&StepOutcome),
) -> Report {
    let started = Instant::now();
    let mut report = new_report(ex);
    report.target = Some(base.to_string());
    let mut vars = Vars::new();
    let mut verdict = Verdict::Passed;
    for step in &spec.steps {
        if verdict != Verdict::Passed {
            report.steps.push(skipped_step(
                step.name.clone(),
                step.line,
                "not run: an earlier step failed".into(),
            ));
            continue;
        }
        let (outcome, unreachable) = run_step(step, base, client, &mut vars).await;
        verdict = match outcome.status {
            Status::Passed => Verdict::Passed,
            _ if unreachable => Verdict::Unreachable,
            _ => Verdict::Failed,
        };
        on_step(&outcome);
        report.steps.push(outcome);
    }
    report.verdict = verdict;
    finish(ex, report, started)
}

/// Run one step, with its retries. The flag says the server could not be reached (refused,
/// timed out): exit 3. A server that resets the connection or answers garbage to one request
/// was reached and failed that step.
async fn run_step(
    step: &Step,
    base: &str,
    client: &Client,
    vars: &mut Vars,
) -> (StepOutcome, bool) {
    let mut unreachable = false;
    let started = Instant::now();
    let mut out = StepOutcome {
        name: step.name.clone(),
        line: step.line,
        status: Status::Passed,
        request: None,
        response: None,
        asserts: Vec::new(),
        message: None,
        tries: 0,
        duration_ms: 0,
    };
    let (req, url) = match step_request(step, base, vars) {
        Ok(r) => r,
        Err(e) => {
            out.status = Status::Failed;
            out.message = Some(e);
            return (out, false);
        }
    };
    out.request = Some(SentRequest {
        method: req.method.clone(),
        url: url.clone(),
        curl: req.to_curl(base),
    });
    if !step.delay.is_zero() {
        tokio::time::sleep(step.delay).await;
    }
    let parsed = reqwest::Url::parse(&url).ok();
    loop {
        out.tries += 1;
        let got = match client.send(&req, base, step.request.timeout).await {
            Ok(got) => got,
            Err(e) => {
                out.status = Status::Error;
                out.response = None;
                out.asserts = step
                    .asserts
                    .iter()
                    .map(|a| AssertOutcome {
                        text: a.assertion.text.clone(),
                        line: a.line,
                        status: Status::Skipped,
                        expected: None,
                        actual: None,
                        message: Some("not checked: no answer came back".into()),
                        hint: a.hint.clone(),
                        rfc: a.rfc.clone(),
                    })
                    .collect();
                unreachable = !matches!(e, SendError::Reset | SendError::NotHttp(_));
                out.message = Some(match e {
                    SendError::Timeout(d) => {
                        format!("no answer within {d:?}: the server took too long or hung")
                    }
                    SendError::Reset => "the server closed the connection without answering: \
                        did it crash on this request? Look at its console."
                        .to_string(),
                    other => other.to_string(),
                });
                break;
            }
        };
        let x = Exchange {
            method: req.method.clone(),
            path: parsed
                .as_ref()
                .map_or(String::new(), |u| u.path().to_string()),
            query: parsed
                .as_ref()
                .and_then(|u| u.query())
                .unwrap_or("")
                .to_string(),
            request_headers: req.headers.clone(),
            request_body: req.body.clone().unwrap_or_default().into_bytes(),
            status: got.status,
            response_headers: got.headers.clone(),
            response_body: got.body.clone(),
            duration_us: got.duration.as_micros() as i64,
            ..Default::default()
        };
        out.asserts = assess(&step.asserts, &x, vars);
        out.response = Some(ResponseHead::new(got.status, &got.headers, &got.body));
        if all_passed(&out.asserts) {
            out.status = Status::Passed;
            if let Err(e) = capture(&step.captures, &x, vars) {
                out.status = Status::Failed;
                out.message = Some(e);
            }
            break;
        }
        out.status = Status::Failed;
        if out.tries > step.retry {
            break;
        }
        tokio::time::sleep(step.retry_interval).await;
    }
    out.duration_ms = started.elapsed().as_millis() as u64;
    (out, unreachable)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::exercise::{Spec, parse};
    use axum::routing::get;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU64, Ordering};

    /// A job that reports `done` from the third poll on.
    async fn job_server() -> String {
        let polls = Arc::new(AtomicU64::new(0));
        let app = axum::Router::new().route(
            "/job",
            get(move || {
                let n = polls.fetch_add(1, Ordering::SeqCst) + 1;
                async move {
                    let state = if n >= 3 { "done" } else { "running" };
                    axum::Json(serde_json::json!({ "state": state, "polls": n }))
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await });
        format!("http://{addr}")
    }

    fn exercise(retry: u32) -> Exercise {
        let text = format!(
            "format_version = 1\nid = \"t.poll\"\ntitle = \"Poll\"\nphase = \"06-apis\"\nkind = \"server\"\nprompt = \"p\"\n\n[[step]]\nname = \"wait for the job\"\nrequest = {{ method = \"GET\", path = \"/job\" }}\nasserts = ['status == 200', 'jsonpath \"$.state\" == \"done\"']\nretry = {retry}\nretry_interval = \"10ms\"\ncaptures = {{ polls = 'jsonpath \"$.polls\"' }}\n\n[[step]]\nname = \"it stays done\"\ndelay = \"5ms\"\nrequest = {{ method = \"GET\", path = \"/job\" }}\nasserts = ['jsonpath \"$.polls\" > \"{{{{polls}}}}\"', 'jsonpath \"$.state\" == \"done\"']\n"
        );
        parse("exercises/t.toml", &text).unwrap()
    }

    #[tokio::test]
    async fn retry_polls_until_the_assertions_hold() {
        let base = job_server().await;
        let ex = exercise(5);
        let Spec::Server(spec) = &ex.spec else {
            panic!("server")
        };
        let client = Client::build().unwrap();
        let r = run_server(&ex, spec, &base, &client).await;
        assert_eq!(r.verdict, Verdict::Passed, "{r:#?}");
        assert_eq!(r.steps[0].tries, 3);
        assert_eq!(r.steps[1].status, Status::Passed);
    }

    #[tokio::test]
    async fn retries_run_out_and_the_last_answer_is_reported() {
        let base = job_server().await;
        let ex = exercise(1);
        let Spec::Server(spec) = &ex.spec else {
            panic!("server")
        };
        let client = Client::build().unwrap();
        let r = run_server(&ex, spec, &base, &client).await;
        assert_eq!(r.verdict, Verdict::Failed);
        assert_eq!(r.steps[0].tries, 2);
        let failed = &r.steps[0].asserts[1];
        assert_eq!(failed.actual.as_deref(), Some("string \"running\""));
        assert_eq!(r.steps[1].status, Status::Skipped);
        assert!(
            r.summary.contains("step 1 \"wait for the job\" failed"),
            "{}",
            r.summary
        );
    }

    #[test]
    fn quiz_answers_are_trimmed_and_case_insensitive() {
        let text = "format_version = 1\nid = \"q\"\ntitle = \"Q\"\nphase = \"p\"\nkind = \"quiz\"\nprompt = \"p\"\n[quiz]\nquestion = \"?\"\nanswers = [\"201\", \"201 Created\"]\n";
        let ex = parse("q.toml", text).unwrap();
        let Spec::Quiz(q) = &ex.spec else { panic!() };
        for ok in ["201", " 201  created ", "201 CREATED"] {
            assert!(quiz_accepts(q, ok), "{ok}");
        }
        for no in ["200", "2010", "created", ""] {
            assert!(!quiz_accepts(q, no), "{no}");
        }
    }
}
