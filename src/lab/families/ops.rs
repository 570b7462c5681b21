//! The ops family: `GET /health`, `/ready`, `/metrics`, and the per-route request metrics
//! the stack feeds (kept across resets: they are history, not data).

use super::Api;
use crate::lab::openapi::{json_response, op};
use crate::lab::{LabState, Trace};
use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::json;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::Duration;

pub(super) fn api(api: &mut Api) {
    api.route(
        "/health",
        get(health),
        json!({ "get": op("ops", "Liveness", vec![], None, vec![("200", json_response("Up", json!({"type": "object", "properties": {"status": {"const": "ok"}, "uptime_seconds": {"type": "integer"}}})))]) }),
    );
    api.route(
        "/ready",
        get(ready),
        json!({ "get": op("ops", "Readiness", vec![], None, vec![("200", json_response("Ready", json!({"type": "object"}))), ("503", json_response("Not ready", json!({"type": "object"})))]) }),
    );
    api.route(
        "/metrics",
        get(metrics),
        json!({ "get": op("ops", "Prometheus metrics", vec![], None, vec![("200", json!({"description": "Text exposition format 0.0.4", "content": {"text/plain": {"schema": {"type": "string"}}}}))]) }),
    );
}

/// Upper bounds of the latency histogram's buckets, in seconds.
const BUCKETS: [f64; 11] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 5.0,
];

/// Counters and a latency histogram for each route pattern.
#[derive(Debug, Default)]
pub(crate) struct Metrics {
    routes: Mutex<BTreeMap<String, RouteStats>>,
}

#[derive(Debug, Default)]
struct RouteStats {
    /// (method, status) → count.
    requests: BTreeMap<(String, u16), u64>,
    /// Cumulative counts per bucket of [`BUCKETS`].
    buckets: [u64; BUCKETS.len()],
    sum: f64,
    count: u64,
}

impl Metrics {
    /// Count one finished request on `route` (a pattern like `/api/tasks/{id}`).
    pub(crate) fn observe(&self, route: &str, method: &str, status: u16, took: Duration) {
        let secs = took.as_secs_f64();
        let Ok(mut routes) = self.routes.lock() else {
            return;
        };
        let stats = match routes.get_mut(route) {
            Some(s) => s,
            None => routes.entry(route.to_string()).or_default(),
        };
        // Look up without allocating: there are only a few (method, status) pairs per route.
        match stats
            .requests
            .iter_mut()
            .find(|((m, s), _)| *s == status && m == method)
        {
            Some((_, n)) => *n += 1,
            None => {
                stats.requests.insert((method.to_string(), status), 1);
            }
        }
        for (i, le) in BUCKETS.iter().enumerate() {
            if secs <= *le {
                stats.buckets[i] += 1;
            }
        }
        stats.sum += secs;
        stats.count += 1;
    }

    /// The Prometheus text exposition format (version 0.0.4).
    pub(crate) fn render(&self) -> String {
        let mut out = String::new();
        let Ok(routes) = self.routes.lock() else {
            return out;
        };
        out.push_str("# HELP backroad_lab_requests_total Requests the lab answered, by route, method and status.\n");
        out.push_str("# TYPE backroad_lab_requests_total counter\n");
        for (route, s) in routes.iter() {
            for ((method, status), n) in &s.requests {
                let _ = writeln!(
                    out,
                    "backroad_lab_requests_total{{route=\"{}\",method=\"{method}\",status=\"{status}\"}} {n}",
                    escape(route)
                );
            }
        }
        out.push_str("# HELP backroad_lab_request_duration_seconds Time to answer, by route.\n");
        out.push_str("# TYPE backroad_lab_request_duration_seconds histogram\n");
        for (route, s) in routes.iter() {
            let r = escape(route);
            for (le, n) in BUCKETS.iter().zip(s.buckets) {
                let _ = writeln!(
                    out,
                    "backroad_lab_request_duration_seconds_bucket{{route=\"{r}\",le=\"{le}\"}} {n}"
                );
            }
            let _ = writeln!(
                out,
                "backroad_lab_request_duration_seconds_bucket{{route=\"{r}\",le=\"+Inf\"}} {}",
                s.count
            );
            let _ = writeln!(
                out,
                "backroad_lab_request_duration_seconds_sum{{route=\"{r}\"}} {}",
                s.sum
            );
            let _ = writeln!(
                out,
                "backroad_lab_request_duration_seconds_count{{route=\"{r}\"}} {}",
                s.count
            );
        }
        out
    }
}

fn escape(label: &str) -> String {
    label
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// `GET /health`: the process is up.
async fn health(State(state): State<LabState>, trace: Trace) -> Json<serde_json::Value> {
    trace.handler("ops::health");
    let uptime = state.started().elapsed().map_or(0, |d| d.as_secs());
    Json(json!({ "status": "ok", "uptime_seconds": uptime }))
}

/// `GET /ready`: the lab can serve (its tasks database answers); 503 otherwise.
async fn ready(State(state): State<LabState>, trace: Trace) -> Response {
    trace.handler("ops::ready");
    let db = state.parts().tasks.ping();
    let body = json!({
        "status": if db { "ready" } else { "not ready" },
        "checks": { "tasks_db": if db { "ok" } else { "failing" } },
    });
    let status = if db {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(body)).into_response()
}

/// `GET /metrics`: Prometheus text.
async fn metrics(State(state): State<LabState>, trace: Trace) -> Response {
    trace.handler("ops::metrics");
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        state.metrics().render(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_exposition_has_counters_and_cumulative_buckets() {
        let m = Metrics::default();
        m.observe("/get", "GET", 200, Duration::from_micros(300));
        m.observe("/get", "GET", 200, Duration::from_millis(20));
        m.observe("/get", "POST", 405, Duration::from_micros(100));
        let text = m.render();
        assert!(text.contains(
            "backroad_lab_requests_total{route=\"/get\",method=\"GET\",status=\"200\"} 2"
        ));
        assert!(text.contains(
            "backroad_lab_request_duration_seconds_bucket{route=\"/get\",le=\"0.0005\"} 2"
        ));
        assert!(text.contains(
            "backroad_lab_request_duration_seconds_bucket{route=\"/get\",le=\"+Inf\"} 3"
        ));
    }
}
