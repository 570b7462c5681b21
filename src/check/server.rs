//! Server checks: the target rules (http(s), a host, on this machine unless allowed), waiting
//! for the learner's server, then firing the steps at it in order, with retries and captures
//! (evaluated before the step's assertions, which may use them).

use super::assess::{all_passed, assess, assess_over, capture, finish, new_report, skipped_step};
use super::eval::{self, Vars};
use super::outcome::{
    AssertOutcome, Report, ResponseHead, SentRequest, Status, StepOutcome, Verdict,
};
use super::preflight::{self, Broken, preflight};
use super::probe::{WAIT_BOUND, wait_for_target};
use crate::client::Client;
use crate::course::Exercise;
use crate::course::exercise::{ServerSpec, Step, StepBody};
use crate::exchange::{Exchange, RequestSpec, SendError};
use std::time::Instant;

/// Why a target URL is refused. The text reads after the flag or field that held it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TargetError {
    /// Not an http:// or https:// URL.
    #[error("\"{0}\" must be a URL starting with http:// or https://, like http://127.0.0.1:8000")]
    Scheme(String),
    /// Not a URL at all.
    #[error("\"{0}\" is not a valid URL: {1}")]
    Invalid(String, String),
    /// No host to connect to.
    #[error("\"{0}\" has no host")]
    NoHost(String),
    /// Off this machine, and remote targets were not allowed.
    #[error(
        "refusing to send requests to {0}: it is not on this machine. Server checks send \
         several requests, some that create and delete data"
    )]
    Remote(String),
}

/// A target URL checked for the learner: http(s), with a host, on loopback unless
/// `allow_remote`.
pub fn parse_target(raw: &str, allow_remote: bool) -> Result<reqwest::Url, TargetError> {
    if !(raw.starts_with("http://") || raw.starts_with("https://")) {
        return Err(TargetError::Scheme(raw.to_string()));
    }
    let url = reqwest::Url::parse(raw)
        .map_err(|e| TargetError::Invalid(raw.to_string(), e.to_string()))?;
    let Some(host) = url.host_str() else {
        return Err(TargetError::NoHost(raw.to_string()));
    };
    let bare = host.trim_matches(['[', ']']);
    let loopback = match bare.parse::<std::net::IpAddr>() {
        Ok(ip) => ip.is_loopback(),
        Err(_) => bare.eq_ignore_ascii_case("localhost"),
    };
    if !loopback && !allow_remote {
        return Err(TargetError::Remote(host.to_string()));
    }
    Ok(url)
}

/// What a failed step does to the steps after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GoOn {
    /// Later steps are skipped: they depend on what earlier ones created (the default).
    #[default]
    Stop,
    /// Later steps still run (`check --continue-on-error`), for partial credit when steps are
    /// independent; a step whose `{{variables}}` a failed step should have captured is skipped.
    Continue,
}

/// Check a server exercise at `url` (from [`parse_target`]): look at the steps before sending
/// anything ([`preflight`]), wait up to [`WAIT_BOUND`] for the server to answer, then fire the
/// steps. A target that never answers gives an `Unreachable` report that says how to start the
/// server. `on_step` hears each step as it completes. `allow_remote` lets `url =` steps leave
/// this machine, as it lets the target. `go_on` says what a failed step does to the steps after it.
pub async fn check_server(
    ex: &Exercise,
    spec: &ServerSpec,
    url: &reqwest::Url,
    allow_remote: bool,
    client: &Client,
    go_on: GoOn,
    on_step: impl FnMut(&StepOutcome),
) -> Result<Report, Broken> {
    preflight(ex, &spec.steps, allow_remote)?;
    let host = url
        .host_str()
        .unwrap_or("127.0.0.1")
        .trim_matches(['[', ']']);
    let host = if host.contains(':') {
        format!("[{host}]")
    } else {
        host.to_string()
    };
    let port = url.port_or_known_default().unwrap_or(80);
    let base = url.as_str().trim_end_matches('/').to_string();
    let plain_http = url.scheme() == "http";
    let waited = wait_for_target(&host, port, url.path(), plain_http, WAIT_BOUND).await;
    if let Err(why) = waited {
        let mut report = new_report(ex);
        report.target = Some(base);
        report.verdict = Verdict::Unreachable;
        let start = spec.start_hint.clone().unwrap_or_else(|| {
            format!(
                "Start your server, then run: backroad check {} --target URL",
                ex.id
            )
        });
        report.message = Some(format!(
            "Waited {}s for the server and gave up: {why}.\n{start}",
            WAIT_BOUND.as_secs()
        ));
        report.summary = format!("not checked: {why}");
        return Ok(report);
    }
    let mut run = Run {
        base: &base,
        allow_remote,
        client,
        // The probe's HEAD was answered in HTTP: from now on a time-out is the step's failure.
        answered: plain_http,
    };
    run_steps(ex, spec, &mut run, go_on, on_step).await
}

/// Why a step's request could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    /// The exercise is at fault (an undefined variable, a `url =` the target rule refuses).
    #[error("{0}")]
    Broken(String),
    /// What the server gave made it unusable (a captured `Location` that is not a URL).
    #[error("{0}")]
    Unusable(String),
}

/// Resolve a step's request against the target, with `{{variables}}` substituted; a `url =`
/// must obey the target rule ([`parse_target`]) once its variables are in.
pub fn step_request(
    step: &Step,
    base: &str,
    vars: &Vars,
    allow_remote: bool,
) -> Result<(RequestSpec, String), RequestError> {
    let r = &step.request;
    if let Some(m) = needs_missing(step, vars) {
        return Err(RequestError::Broken(format!(
            "the request uses {{{{{m}}}}}, but no earlier step captured `{m}`"
        )));
    }
    let path = eval::substitute_str(&r.path, vars);
    let target = if r.is_url {
        preflight::url_rule(&path, allow_remote).map_err(RequestError::Broken)?;
        path
    } else {
        format!("{}{}", base.trim_end_matches('/'), path)
    };
    let mut url = reqwest::Url::parse(&target)
        .map_err(|e| RequestError::Unusable(format!("`{target}` is not a URL: {e}")))?;
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
            let mut enc = reqwest::Url::parse("http://x/")
                .map_err(|e| RequestError::Unusable(e.to_string()))?;
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

/// Fire the steps at `base` in order (after [`preflight`]), as `course test` does with a
/// reference server. Stops at the first step that fails: later steps depend on what earlier
/// ones created. Returns `Verdict::Unreachable` when a request got no answer and the server
/// had not answered before.
pub async fn run_server(
    ex: &Exercise,
    spec: &ServerSpec,
    base: &str,
    client: &Client,
) -> Result<Report, Broken> {
    preflight(ex, &spec.steps, false)?;
    let mut run = Run {
        base,
        allow_remote: false,
        client,
        answered: false,
    };
    run_steps(ex, spec, &mut run, GoOn::Stop, |_| {}).await
}

/// Where the steps go, and what is known about the server so far.
struct Run<'a> {
    base: &'a str,
    allow_remote: bool,
    client: &'a Client,
    /// The server has answered once (the probe, or a step): a time-out now is a failure of
    /// the step, not an unreachable server.
    answered: bool,
}

/// The steps in order, calling `on_step` with each step's outcome as soon as it is known (the
/// tutor shows steps as they complete). After a failed step, skip the rest or go on as `go_on`
/// says; a step that got no answer at all stops the run either way (the server is gone).
async fn run_steps(
    ex: &Exercise,
    spec: &ServerSpec,
    run: &mut Run<'_>,
    go_on: GoOn,
    mut on_step: impl FnMut(&StepOutcome),
) -> Result<Report, Broken> {
    let started = Instant::now();
    let mut report = new_report(ex);
    report.target = Some(run.base.to_string());
    let mut vars = eval::run_vars();
    let mut verdict = Verdict::Passed;
    for (i, step) in spec.steps.iter().enumerate() {
        let stop =
            verdict == Verdict::Unreachable || (verdict == Verdict::Failed && go_on == GoOn::Stop);
        if stop {
            report.steps.push(skipped_step(
                step.name.clone(),
                step.line,
                "not run: an earlier step failed".into(),
            ));
            continue;
        }
        if verdict == Verdict::Failed
            && let Some(m) = needs_missing(step, &vars)
        {
            report.steps.push(skipped_step(
                step.name.clone(),
                step.line,
                format!("not run: it uses {{{{{m}}}}}, which a failed step should have captured"),
            ));
            continue;
        }
        let (outcome, unreachable) = match run_step(step, run, &mut vars).await {
            Ok(done) => done,
            // Found only now (a `url =` built from a captured value): the exercise's fault,
            // like the preflight's, with nothing sent for this step.
            Err(why) => return Err(preflight::broken(ex, i, step, step.line, &why)),
        };
        match outcome.status {
            Status::Passed => {}
            _ if unreachable => verdict = Verdict::Unreachable,
            _ => verdict = Verdict::Failed,
        }
        on_step(&outcome);
        report.steps.push(outcome);
    }
    report.verdict = verdict;
    Ok(finish(ex, report, started))
}

/// The first `{{variable}}` a step's request uses that no step has captured (with
/// [`GoOn::Continue`], a failed step may not have captured what later steps use).
fn needs_missing(step: &Step, vars: &Vars) -> Option<String> {
    preflight::request_vars(&step.request)
        .into_iter()
        .find(|m| !vars.contains_key(m))
}

/// Run one step, with its retries. The flag says the server could not be reached (refused, or
/// no answer from a server that never answered): exit 3. A server that resets the connection,
/// answers garbage, or goes silent after answering before, was reached and failed that step.
/// `Err` is a request the exercise should never have asked for (see [`RequestError::Broken`]).
async fn run_step(
    step: &Step,
    run: &mut Run<'_>,
    vars: &mut Vars,
) -> Result<(StepOutcome, bool), String> {
    let base = run.base;
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
    if step.parallel > 0 {
        if !step.delay.is_zero() {
            tokio::time::sleep(step.delay).await;
        }
        run_parallel(step, run, vars, &mut out).await?;
        out.duration_ms = started.elapsed().as_millis() as u64;
        return Ok((out, false));
    }
    let (req, url) = match step_request(step, base, vars, run.allow_remote) {
        Ok(r) => r,
        Err(RequestError::Broken(why)) => return Err(why),
        Err(RequestError::Unusable(e)) => {
            out.status = Status::Failed;
            out.message = Some(e);
            return Ok((out, false));
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
    loop {
        out.tries += 1;
        let got = match run.client.send(&req, base, step.request.timeout).await {
            Ok(got) => got,
            Err(e) => {
                out.status = Status::Error;
                out.response = None;
                out.asserts = not_checked(step, "not checked: no answer came back");
                unreachable = match e {
                    SendError::Reset | SendError::NotHttp(_) => false,
                    SendError::Timeout(_) => !run.answered,
                    _ => true,
                };
                out.message = Some(match e {
                    SendError::Timeout(d) if run.answered => format!(
                        "no answer within {}: the server answered before, then took too long or \
                         hung on this request",
                        seconds(d)
                    ),
                    SendError::Timeout(d) => format!(
                        "no answer within {}: the server took too long or hung",
                        seconds(d)
                    ),
                    SendError::Reset => "the server closed the connection without answering: \
                        did it crash on this request? Look at its console."
                        .to_string(),
                    other => other.to_string(),
                });
                break;
            }
        };
        run.answered = true;
        let x = exchange_of(&req, &url, &got);
        // Captures first, as in Hurl: the step's own assertions may use them.
        let mut step_vars = vars.clone();
        let captured = capture(&step.captures, &x, &mut step_vars);
        out.asserts = assess(&step.asserts, &x, &step_vars);
        skip_uncaptured(step, &step_vars, &mut out.asserts);
        out.response = Some(ResponseHead::new(got.status, &got.headers, &got.body));
        out.message = None;
        match captured {
            Ok(()) if all_passed(&out.asserts) => {
                out.status = Status::Passed;
                *vars = step_vars;
                break;
            }
            Ok(()) => out.status = Status::Failed,
            Err(e) => {
                out.status = Status::Failed;
                out.message = Some(e);
            }
        }
        if out.tries > step.retry {
            break;
        }
        tokio::time::sleep(step.retry_interval).await;
    }
    out.duration_ms = started.elapsed().as_millis() as u64;
    Ok((out, unreachable))
}

/// Every assertion of `step`, skipped with `why`.
fn not_checked(step: &Step, why: &str) -> Vec<AssertOutcome> {
    step.asserts
        .iter()
        .map(|a| AssertOutcome {
            text: a.assertion.text.clone(),
            line: a.line,
            status: Status::Skipped,
            expected: None,
            actual: None,
            message: Some(why.into()),
            hint: a.hint.clone(),
            rfc: a.rfc.clone(),
        })
        .collect()
}

/// An assertion that reads a capture which found nothing is not compared (its `{{name}}` would
/// be compared as written): it is skipped, and the capture's failure fails the step.
fn skip_uncaptured(step: &Step, vars: &Vars, outcomes: &mut [AssertOutcome]) {
    for (a, out) in step.asserts.iter().zip(outcomes.iter_mut()) {
        if let Some(name) = preflight::assertion_vars(&a.assertion)
            .into_iter()
            .find(|n| !vars.contains_key(n))
        {
            out.status = Status::Skipped;
            out.expected = None;
            out.actual = None;
            out.message = Some(format!("not checked: `{name}` was not captured"));
        }
    }
}

/// A time-out as a person says it: `10 s`, `1.5 s`, `300 ms`.
fn seconds(d: std::time::Duration) -> String {
    let ms = d.as_millis();
    match ms {
        _ if ms.is_multiple_of(1000) => format!("{} s", ms / 1000),
        _ if ms >= 1000 => format!("{:.1} s", d.as_secs_f64()),
        _ => format!("{ms} ms"),
    }
}

/// The exchange a sent request and its answer make, for the assertions.
pub fn exchange_of(req: &RequestSpec, url: &str, got: &crate::exchange::Received) -> Exchange {
    let parsed = reqwest::Url::parse(url).ok();
    Exchange {
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
    }
}

/// A `parallel = N` step: the request `N` times at once (`{{n}}` is 0 to N-1 in each copy),
/// all released together by a barrier. Plain assertions must hold for every answer; the first
/// answer that breaks one is the one reported. `responses` assertions count over all answers.
async fn run_parallel(
    step: &Step,
    run: &Run<'_>,
    vars: &Vars,
    out: &mut StepOutcome,
) -> Result<(), String> {
    let (base, client) = (run.base, run.client);
    let n = step.parallel as usize;
    let mut copies = Vec::with_capacity(n);
    for i in 0..n {
        let mut v = vars.clone();
        v.insert(preflight::COPY_NUMBER.into(), serde_json::Value::from(i));
        match step_request(step, base, &v, run.allow_remote) {
            Ok(r) => copies.push(r),
            Err(RequestError::Broken(why)) => return Err(why),
            Err(RequestError::Unusable(e)) => {
                out.status = Status::Failed;
                out.message = Some(e);
                return Ok(());
            }
        }
    }
    let (first, first_url) = &copies[0];
    out.request = Some(SentRequest {
        method: first.method.clone(),
        url: first_url.clone(),
        curl: first.to_curl(base),
    });
    out.tries = 1;
    let barrier = tokio::sync::Barrier::new(n);
    let sends = copies.iter().map(|(req, _)| async {
        barrier.wait().await;
        client.send(req, base, step.request.timeout).await
    });
    let answers = futures::future::join_all(sends).await;
    let mut exchanges = Vec::with_capacity(n);
    for (i, (answer, (req, url))) in answers.into_iter().zip(&copies).enumerate() {
        match answer {
            Ok(got) => exchanges.push(exchange_of(req, url, &got)),
            Err(e) => {
                out.status = Status::Error;
                out.message = Some(format!("copy {i} of {n} got no answer: {e}"));
                out.request = Some(SentRequest {
                    method: req.method.clone(),
                    url: url.clone(),
                    curl: req.to_curl(base),
                });
                return Ok(());
            }
        }
    }
    let mut shown = 0;
    let mut outcomes = Vec::new();
    for (i, x) in exchanges.iter().enumerate() {
        let o = assess_over(&step.asserts, x, &exchanges, vars);
        let passed = all_passed(&o);
        if i == 0 || !passed {
            shown = i;
            outcomes = o;
        }
        if !passed {
            break;
        }
    }
    let x = &exchanges[shown];
    out.response = Some(ResponseHead::new(
        x.status,
        &x.response_headers,
        &x.response_body,
    ));
    let (req, url) = &copies[shown];
    out.request = Some(SentRequest {
        method: req.method.clone(),
        url: url.clone(),
        curl: req.to_curl(base),
    });
    out.status = if all_passed(&outcomes) {
        Status::Passed
    } else {
        Status::Failed
    };
    out.asserts = outcomes;
    if out.status == Status::Failed {
        let mut counts = std::collections::BTreeMap::new();
        for x in &exchanges {
            *counts.entry(x.status).or_insert(0) += 1;
        }
        let counts: Vec<String> = counts.iter().map(|(s, c)| format!("{c} × {s}")).collect();
        out.message = Some(format!(
            "{n} requests at once; answers: {}. Shown: copy {shown} (n = {shown}).",
            counts.join(", ")
        ));
    }
    Ok(())
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
        let r = run_server(&ex, spec, &base, &client).await.unwrap();
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
        let r = run_server(&ex, spec, &base, &client).await.unwrap();
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

    /// Echoes the path, the `Idempotency-Key` header and the JSON body back.
    async fn echo_server() -> String {
        let app = axum::Router::new().route(
            "/echo/{key}",
            axum::routing::post(
                |axum::extract::Path(key): axum::extract::Path<String>,
                 headers: axum::http::HeaderMap,
                 axum::Json(body): axum::Json<serde_json::Value>| async move {
                    let header = headers
                        .get("idempotency-key")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("")
                        .to_string();
                    axum::Json(serde_json::json!({ "path": key, "header": header, "body": body }))
                },
            ),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await });
        format!("http://{addr}")
    }

    #[tokio::test]
    async fn run_id_is_built_in_and_fresh_on_every_run() {
        let base = echo_server().await;
        let text = "format_version = 1\nid = \"t.rid\"\ntitle = \"R\"\nphase = \"06-apis\"\nkind = \"server\"\nprompt = \"p\"\n\n[[step]]\nname = \"send\"\nrequest = { method = \"POST\", path = \"/echo/u-{{run_id}}\", headers = { \"Idempotency-Key\" = \"k-{{run_id}}\" }, json = { user = \"u-{{run_id}}\" } }\nasserts = ['jsonpath \"$.path\" == \"u-{{run_id}}\"', 'jsonpath \"$.header\" == \"k-{{run_id}}\"', 'jsonpath \"$.body.user\" == \"u-{{run_id}}\"', 'jsonpath \"$.path\" matches \"^u-[0-9a-f]{12}$\"']\ncaptures = { seen = 'jsonpath \"$.path\"' }\n";
        let ex = parse("exercises/t.toml", text).unwrap();
        let Spec::Server(spec) = &ex.spec else {
            panic!("server")
        };
        let client = Client::build().unwrap();
        let mut seen = Vec::new();
        for _ in 0..2 {
            let r = run_server(&ex, spec, &base, &client).await.unwrap();
            assert_eq!(r.verdict, Verdict::Passed, "{r:#?}");
            seen.push(r.steps[0].request.as_ref().map(|q| q.url.clone()));
        }
        assert_ne!(seen[0], seen[1], "each run has its own run_id");
    }

    /// Five lamps; `locked` takes stock atomically, otherwise it checks, pauses, then takes
    /// (the race a parallel step is for). Echoes the cart back.
    async fn shop(locked: bool) -> String {
        let stock = Arc::new(tokio::sync::Mutex::new(5i64));
        let app = axum::Router::new().route(
            "/orders",
            axum::routing::post(move |axum::Json(body): axum::Json<serde_json::Value>| {
                let stock = stock.clone();
                async move {
                    let placed = if locked {
                        let mut s = stock.lock().await;
                        let ok = *s > 0;
                        if ok {
                            *s -= 1;
                        }
                        ok
                    } else {
                        let ok = *stock.lock().await > 0;
                        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                        if ok {
                            *stock.lock().await -= 1;
                        }
                        ok
                    };
                    let code = if placed { 201 } else { 409 };
                    (
                        axum::http::StatusCode::from_u16(code).unwrap(),
                        axum::Json(serde_json::json!({ "cart": body["cart"] })),
                    )
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await });
        format!("http://{addr}")
    }

    const PARALLEL: &str = "format_version = 1\nid = \"t.par\"\ntitle = \"P\"\nphase = \"06-apis\"\nkind = \"server\"\nprompt = \"p\"\n\n[[step]]\nname = \"twenty shoppers\"\nparallel = 20\nrequest = { method = \"POST\", path = \"/orders\", json = { cart = \"c-{{n}}\" } }\nasserts = ['status in [201, 409]', 'jsonpath \"$.cart\" matches \"^c-[0-9]+$\"', 'responses count == 20', { q = 'responses status == 201 count', p = '== 5' }, 'responses status == 409 count == 15']\n";

    #[tokio::test]
    async fn a_parallel_step_counts_the_answers_of_all_its_copies() {
        let ex = parse("exercises/t.toml", PARALLEL).unwrap();
        let Spec::Server(spec) = &ex.spec else {
            panic!("server")
        };
        let client = Client::build().unwrap();
        let r = run_server(&ex, spec, &shop(true).await, &client)
            .await
            .unwrap();
        assert_eq!(r.verdict, Verdict::Passed, "{r:#?}");
        let r = run_server(&ex, spec, &shop(false).await, &client)
            .await
            .unwrap();
        assert_eq!(r.verdict, Verdict::Failed, "{r:#?}");
        let step = &r.steps[0];
        assert_eq!(step.asserts[3].status, Status::Failed, "{step:#?}");
        assert_eq!(step.asserts[3].actual.as_deref(), Some("integer 20"));
        assert!(
            step.message.as_deref().unwrap_or("").contains("20 × 201"),
            "{step:#?}"
        );
    }

    #[test]
    fn parallel_steps_are_bounded_and_cannot_capture() {
        let bad = PARALLEL
            .replace("parallel = 20", "parallel = 51")
            .replace("\nasserts", "\ncaptures = { c = 'status' }\nasserts");
        let err = format!("{:?}", parse("exercises/t.toml", &bad).unwrap_err());
        assert!(err.contains("use 2 to 50"), "{err}");
        assert!(err.contains("cannot capture"), "{err}");
    }

    #[test]
    fn targets_must_be_http_urls_on_this_machine() {
        assert!(parse_target("http://127.0.0.1:8000", false).is_ok());
        assert!(parse_target("http://localhost:8000/api", false).is_ok());
        assert!(parse_target("http://[::1]:8000", false).is_ok());
        assert_eq!(
            parse_target("127.0.0.1:8000", false),
            Err(TargetError::Scheme("127.0.0.1:8000".into()))
        );
        assert_eq!(
            parse_target("http://192.0.2.10:8000", false),
            Err(TargetError::Remote("192.0.2.10".into()))
        );
        assert!(parse_target("http://192.0.2.10:8000", true).is_ok());
    }
}
