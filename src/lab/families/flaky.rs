//! Slow and failing endpoints for timeout and retry practice: `/delay/{secs}`,
//! `/unstable?failure_rate=&seed=` and `/flaky?fail_first=N&key=`.
//!
//! Failures are 503 with `Retry-After`, the answer a well-behaved client retries.

use super::Api;
use crate::lab::openapi::{ok, op, path_param, problem, query_param};
use crate::lab::support::ClientIp;
use crate::lab::{LabState, Problem, Trace};
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use rand::{Rng, SeedableRng};
use serde_json::json;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Duration;

/// Longest `/delay`, and never closer than a second to the lab's handler time limit (so a
/// delay always answers 200 rather than racing the limit's 503).
const MAX_DELAY: f64 = 10.0;

#[derive(Default)]
pub(crate) struct FlakyState {
    /// (client, key) → requests seen.
    attempts: Mutex<HashMap<(IpAddr, String), u32>>,
}

impl super::Part for FlakyState {
    fn open(_: &crate::lab::LabConfig) -> Result<Self, crate::lab::LabError> {
        Ok(Self::default())
    }

    fn reset(&self, _: &Trace) {
        FlakyState::reset(self);
    }
}

impl FlakyState {
    pub(super) fn reset(&self) {
        if let Ok(mut a) = self.attempts.lock() {
            a.clear();
        }
    }

    fn attempt(&self, client: IpAddr, key: &str) -> u32 {
        let Ok(mut a) = self.attempts.lock() else {
            return 1;
        };
        let n = a.entry((client, key.to_string())).or_insert(0);
        *n = n.saturating_add(1);
        *n
    }
}

pub(super) fn api(api: &mut Api) {
    api.route(
        "/delay/{secs}",
        get(delay),
        json!({ "get": op("resilience", "Answer after secs seconds (bounded)", vec![path_param("secs", json!({"type": "number", "minimum": 0, "maximum": 9}), "Seconds (at most 9: a second under the handler time limit)")], None, vec![("200", ok("Delayed")), ("400", problem("Out of range"))]) }),
    );
    api.route(
        "/unstable",
        get(unstable),
        json!({ "get": op("resilience", "Fail at random", vec![
        query_param("failure_rate", json!({"type": "number", "minimum": 0, "maximum": 1}), "Chance of a 503"),
        query_param("seed", json!({"type": "integer", "minimum": 0, "maximum": 9_007_199_254_740_991_u64}), "Repeatable outcome"),
    ], None, vec![("200", ok("Lucky")), ("503", problem("Unlucky (Retry-After)"))]) }),
    );
    api.route(
        "/flaky",
        get(flaky),
        json!({ "get": op("resilience", "Fail the first N calls", vec![
        query_param("fail_first", json!({"type": "integer", "minimum": 0, "maximum": 100, "default": 2}), "Failures before success"),
        query_param("key", json!({"type": "string"}), "Separate counter"),
    ], None, vec![("200", ok("Success")), ("503", problem("Not yet (Retry-After)"))]) }),
    );
}

fn unavailable(detail: String) -> Response {
    Problem::new(StatusCode::SERVICE_UNAVAILABLE, detail)
        .with_type("unavailable", "Service unavailable")
        .with_header(header::RETRY_AFTER, "1")
        .into_response()
}

async fn delay(
    State(state): State<LabState>,
    trace: Trace,
    Path(secs): Path<String>,
) -> Result<Response, Problem> {
    trace.handler("flaky::delay");
    let limit = state.config().handler_timeout.as_secs_f64();
    let max = MAX_DELAY.min((limit - 1.0).max(0.0)).floor();
    let secs = crate::lab::support::bounded("secs", Some(&secs), 0.0f64, 0.0, max)?;
    // `-0` parses as -0.0, which is in range but would print as -0.0.
    let secs = if secs == 0.0 { 0.0 } else { secs };
    tokio::time::sleep(Duration::from_secs_f64(secs)).await;
    Ok(axum::Json(serde_json::json!({ "delayed_seconds": secs })).into_response())
}

#[derive(serde::Deserialize)]
struct UnstableParams {
    failure_rate: Option<String>,
    seed: Option<String>,
}

async fn unstable(
    trace: Trace,
    query: Result<Query<UnstableParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, Problem> {
    trace.handler("flaky::unstable");
    let Ok(Query(q)) = query else {
        return Err(Problem::bad_request("the query string could not be read"));
    };
    let rate =
        crate::lab::support::bounded("failure_rate", q.failure_rate.as_deref(), 0.5f64, 0.0, 1.0)?;
    let draw: f64 = match q.seed.as_deref() {
        // The same seed always gives the same answer, so a failure can be replayed.
        Some(raw) => {
            let seed = crate::lab::support::bounded("seed", Some(raw), 0u64, 0, u64::MAX)?;
            rand::rngs::StdRng::seed_from_u64(seed).random()
        }
        None => rand::rng().random(),
    };
    if draw < rate {
        trace.note(
            "chance",
            format!("drew {draw:.3} < failure_rate {rate}"),
            Some("503".into()),
        );
        return Ok(unavailable(format!(
            "unlucky: this request failed (failure_rate={rate}); retry after a second"
        )));
    }
    trace.note(
        "chance",
        format!("drew {draw:.3} ≥ failure_rate {rate}"),
        Some("200".into()),
    );
    Ok(axum::Json(serde_json::json!({ "ok": true, "failure_rate": rate })).into_response())
}

#[derive(serde::Deserialize)]
struct FlakyParams {
    fail_first: Option<String>,
    key: Option<String>,
}

async fn flaky(
    State(state): State<LabState>,
    trace: Trace,
    ClientIp(client): ClientIp,
    query: Result<Query<FlakyParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, Problem> {
    trace.handler("flaky::flaky");
    let Ok(Query(q)) = query else {
        return Err(Problem::bad_request("the query string could not be read"));
    };
    let fail_first =
        crate::lab::support::bounded("fail_first", q.fail_first.as_deref(), 2u32, 0, 100)?;
    let key = q.key.unwrap_or_default();
    let attempt = state
        .parts()
        .flaky
        .attempt(client, &format!("{key}\0{fail_first}"));
    if attempt <= fail_first {
        trace.note(
            "flaky",
            format!("attempt {attempt} of {fail_first} failing"),
            Some("503".into()),
        );
        return Ok(unavailable(format!(
            "attempt {attempt}: the first {fail_first} attempts fail; retry after a second"
        )));
    }
    Ok(
        axum::Json(serde_json::json!({ "ok": true, "attempt": attempt, "fail_first": fail_first }))
            .into_response(),
    )
}
