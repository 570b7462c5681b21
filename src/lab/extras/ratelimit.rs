//! Rate limiting (`/ratelimit?limit=&window=`): a fixed window per client address.
//!
//! Every answer carries `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` (seconds
//! until the window ends) and `RateLimit-Policy` (IETF httpapi draft); over the limit it is
//! 429 with `Retry-After`.

use super::ClientIp;
use crate::lab::{LabState, Problem, Trace};
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A client's counter for one policy: (client, limit, window seconds).
type Key = (IpAddr, u32, u64);

#[derive(Default)]
pub(super) struct Limits {
    /// Per key: when the current window started and how many requests it counted.
    windows: Mutex<HashMap<Key, (Instant, u32)>>,
}

impl Limits {
    pub(super) fn reset(&self) {
        if let Ok(mut w) = self.windows.lock() {
            w.clear();
        }
    }

    /// Count one request; returns (allowed, remaining, seconds until the window resets).
    fn hit(&self, client: IpAddr, limit: u32, window: u64) -> (bool, u32, u64) {
        let now = Instant::now();
        let length = Duration::from_secs(window);
        let Ok(mut w) = self.windows.lock() else {
            return (true, limit, window);
        };
        // Keep the map small: forget windows that ended long ago.
        if w.len() > 10_000 {
            w.retain(|_, (start, _)| now.duration_since(*start) < Duration::from_secs(3600));
        }
        let entry = w.entry((client, limit, window)).or_insert((now, 0));
        if now.duration_since(entry.0) >= length {
            *entry = (now, 0);
        }
        let allowed = entry.1 < limit;
        if allowed {
            entry.1 += 1;
        }
        let elapsed = now.duration_since(entry.0);
        // Round up: a client waiting `reset` seconds is sure to be in the next window.
        let left = length.saturating_sub(elapsed);
        let reset = left.as_secs() + u64::from(left.subsec_nanos() > 0);
        (allowed, limit - entry.1, reset.max(1))
    }
}

pub(super) fn routes() -> Router<LabState> {
    Router::new().route("/ratelimit", get(ratelimit))
}

#[derive(serde::Deserialize)]
struct Params {
    limit: Option<String>,
    window: Option<String>,
}

async fn ratelimit(
    State(state): State<LabState>,
    trace: Trace,
    ClientIp(client): ClientIp,
    query: Result<Query<Params>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, Problem> {
    let Ok(Query(q)) = query else {
        return Err(Problem::bad_request("the query string could not be read"));
    };
    let limit = super::bounded("limit", q.limit.as_deref(), 5u32, 1, 10_000)?;
    let window = super::bounded("window", q.window.as_deref(), 10u64, 1, 3600)?;
    let (allowed, remaining, reset) = state.extras.inner.limits.hit(client, limit, window);
    let headers = [
        ("ratelimit-limit", limit.to_string()),
        ("ratelimit-remaining", remaining.to_string()),
        ("ratelimit-reset", reset.to_string()),
        ("ratelimit-policy", format!("{limit};w={window}")),
    ];
    let mut res = if allowed {
        trace.middleware("rate limit", format!("pass: {remaining} left"));
        trace.handler("ratelimit::ratelimit");
        axum::Json(serde_json::json!({
            "client": client.to_string(),
            "limit": limit,
            "window_seconds": window,
            "remaining": remaining,
            "reset_seconds": reset,
        }))
        .into_response()
    } else {
        trace.middleware("rate limit", format!("429: over {limit} per {window} s"));
        Problem::new(
            StatusCode::TOO_MANY_REQUESTS,
            format!(
                "{client} made more than {limit} requests in {window} s; retry after {reset} s"
            ),
        )
        .with_type("rate-limited", "Too many requests")
        .with_header(header::RETRY_AFTER, reset.to_string())
        .into_response()
    };
    for (name, value) in headers {
        if let Ok(v) = HeaderValue::from_str(&value) {
            res.headers_mut().insert(name, v);
        }
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_counts_then_refuses() {
        let l = Limits::default();
        let ip = IpAddr::from([127, 0, 0, 1]);
        assert!(l.hit(ip, 2, 60).0);
        let (ok, remaining, reset) = l.hit(ip, 2, 60);
        assert!(ok);
        assert_eq!(remaining, 0);
        assert!((1..=60).contains(&reset));
        assert!(!l.hit(ip, 2, 60).0);
        // Another client has its own window.
        assert!(l.hit(IpAddr::from([127, 0, 0, 2]), 2, 60).0);
        l.reset();
        assert!(l.hit(ip, 2, 60).0);
    }
}
