//! Rate limiting (`/ratelimit?limit=&window=`): a fixed window per client address.
//!
//! Every answer carries `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` (seconds
//! until the window ends) and `RateLimit-Policy` (IETF httpapi draft); over the limit it is
//! 429 with `Retry-After`.

use super::Api;
use crate::lab::openapi::{ok, op, problem, query_param};
use crate::lab::support::ClientIp;
use crate::lab::{LabState, Problem, Trace};
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::json;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Most policies (limit, window) one client can have counters for at once. The client picks
/// both, so without a bound one client could make the map as large as it likes; past this,
/// the client's least recently used counter is forgotten.
const POLICIES_PER_CLIENT: usize = 16;
/// Most clients with counters at once; past this, clients whose windows have all ended are
/// forgotten, then the least recently seen one.
const CLIENTS: usize = 1024;

/// One counter: a policy and its current window.
struct Window {
    limit: u32,
    window: u64,
    start: Instant,
    count: u32,
    used: Instant,
}

#[derive(Default)]
pub(crate) struct Limits {
    /// Per client, at most [`POLICIES_PER_CLIENT`] counters: every request looks at one
    /// client's few counters, never at the whole map.
    clients: Mutex<HashMap<IpAddr, Vec<Window>>>,
}

impl super::Part for Limits {
    fn open(_: &crate::lab::LabConfig) -> Result<Self, crate::lab::LabError> {
        Ok(Self::default())
    }

    fn reset(&self, _: &Trace) {
        Limits::reset(self);
    }
}

impl Limits {
    pub(super) fn reset(&self) {
        if let Ok(mut c) = self.clients.lock() {
            c.clear();
        }
    }

    /// How many counters the limiter holds (all clients).
    #[cfg(test)]
    fn len(&self) -> usize {
        self.clients
            .lock()
            .map_or(0, |c| c.values().map(Vec::len).sum())
    }

    /// Count one request; returns (allowed, remaining, seconds until the window resets).
    fn hit(&self, client: IpAddr, limit: u32, window: u64) -> (bool, u32, u64) {
        let now = Instant::now();
        let length = Duration::from_secs(window);
        let Ok(mut clients) = self.clients.lock() else {
            return (true, limit, window);
        };
        if !clients.contains_key(&client) && clients.len() >= CLIENTS {
            make_room(&mut clients, now);
        }
        let windows = clients.entry(client).or_default();
        let i = match windows
            .iter()
            .position(|w| w.limit == limit && w.window == window)
        {
            Some(i) => i,
            None => {
                if windows.len() >= POLICIES_PER_CLIENT
                    && let Some(oldest) = (0..windows.len()).min_by_key(|&i| windows[i].used)
                {
                    windows.swap_remove(oldest);
                }
                windows.push(Window {
                    limit,
                    window,
                    start: now,
                    count: 0,
                    used: now,
                });
                windows.len() - 1
            }
        };
        let w = &mut windows[i];
        w.used = now;
        if now.duration_since(w.start) >= length {
            w.start = now;
            w.count = 0;
        }
        let allowed = w.count < limit;
        if allowed {
            w.count += 1;
        }
        let elapsed = now.duration_since(w.start);
        // Round up: a client waiting `reset` seconds is sure to be in the next window.
        let left = length.saturating_sub(elapsed);
        let reset = left.as_secs() + u64::from(left.subsec_nanos() > 0);
        (allowed, limit - w.count, reset.max(1))
    }
}

/// Forget clients whose windows have all ended; if none has, the least recently seen one.
/// Runs only when a new client arrives and the map is full.
fn make_room(clients: &mut HashMap<IpAddr, Vec<Window>>, now: Instant) {
    clients.retain(|_, ws| {
        ws.iter()
            .any(|w| now.duration_since(w.start) < Duration::from_secs(w.window))
    });
    if clients.len() >= CLIENTS
        && let Some(ip) = clients
            .iter()
            .min_by_key(|(_, ws)| ws.iter().map(|w| w.used).max())
            .map(|(ip, _)| *ip)
    {
        clients.remove(&ip);
    }
}

pub(super) fn api(api: &mut Api) {
    api.route(
        "/ratelimit",
        get(ratelimit),
        json!({ "get": op("resilience", "A per-client rate limit", vec![
        query_param("limit", json!({"type": "integer", "minimum": 1, "maximum": 10_000, "default": 5}), "Requests per window"),
        query_param("window", json!({"type": "integer", "minimum": 1, "maximum": 3600, "default": 10}), "Window in seconds"),
    ], None, vec![("200", ok("Allowed (RateLimit-* headers)")), ("429", problem("Over the limit (Retry-After)"))]) }),
    );
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
    let limit = crate::lab::support::bounded("limit", q.limit.as_deref(), 5u32, 1, 10_000)?;
    let window = crate::lab::support::bounded("window", q.window.as_deref(), 10u64, 1, 3600)?;
    let (allowed, remaining, reset) = state.parts().ratelimit.hit(client, limit, window);
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

    #[test]
    fn a_flood_of_policies_stays_bounded() {
        // One client choosing 10,000 different limits used to grow the map to 10,000
        // counters, and every request then scanned them all under the lock.
        let l = Limits::default();
        let ip = IpAddr::from([127, 0, 0, 1]);
        for limit in 1..=10_000 {
            l.hit(ip, limit, 3600);
        }
        assert!(l.len() <= POLICIES_PER_CLIENT, "{} counters", l.len());
        // Many clients, too.
        for n in 0..5_000u32 {
            l.hit(IpAddr::from(n.to_be_bytes()), 5, 3600);
        }
        assert!(
            l.len() <= CLIENTS * POLICIES_PER_CLIENT,
            "{} counters",
            l.len()
        );
        // The counter in use survives the flood: the busiest policy keeps counting.
        let l = Limits::default();
        assert!(l.hit(ip, 1, 3600).0);
        for limit in 2..100 {
            l.hit(ip, limit, 3600);
            assert!(
                !l.hit(ip, 1, 3600).0,
                "the 1-per-hour counter was forgotten at {limit}"
            );
        }
    }
}
