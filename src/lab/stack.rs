//! The middleware stack: what every request goes through, outermost first, and who answers
//! what. A family's handler only runs when every layer above it let the request through.
//!
//! Layers, outermost first: hyper's connection (`serve.rs`) → `journal::record` (reads the
//! body with [`read_body`], adds `Date`, records the exchange) → [`rules`] → the router
//! ([`mark_route`] per route, [`not_found`] as fallback) → the family's handler.
//!
//! | Answer                  | Who                   | When                                       |
//! |-------------------------|-----------------------|--------------------------------------------|
//! | (connection closed)     | `serve.rs`, hyper     | nothing sent, or the head stalls, within the read timeout |
//! | 400                     | hyper                 | a head that does not parse                 |
//! | 431                     | hyper                 | over 100 header fields, or a head over 64 KiB |
//! | 413                     | [`read_body`]         | a body over 1 MiB (declared or counted); the rest is drained, bounded |
//! | 408                     | [`read_body`]         | the body stalls past the read timeout      |
//! | 503 + `Retry-After`     | [`read_body`]         | 32 large bodies already arriving (memory bound) |
//! | `Date`                  | `journal::record`     | every response ([`http_date`])             |
//! | reason phrase           | `journal::record`     | RFC 9110's where hyper's differs: 413 Content Too Large, 422 Unprocessable Content |
//! | 414                     | [`rules`]             | a request target over 8 KiB                |
//! | 400 (bad-host)          | [`rules`]             | HTTP/1.1 without Host; two Hosts; an invalid Host (RFC 9112 §3.2) |
//! | 501                     | [`rules`]             | a method RFC 9110 does not define          |
//! | 204 + `Allow`           | [`rules`]             | `OPTIONS *`; OPTIONS on a route without its own OPTIONS handler |
//! | 405 + `Allow`           | [`rules`]             | a method the route does not serve (problem+json) |
//! | 503 + `Retry-After`     | [`rules`]             | a handler past the handler time limit      |
//! | 500                     | [`rules`]             | a handler panics (no stack trace sent)     |
//! | problem+json            | [`rules`]             | any text/plain error (an extractor's rejection) |
//! | 404                     | [`not_found`]         | no route matches (problem+json)            |
//! | everything else         | `families/`           | the family's handler                       |

use super::journal::{RouteSlot, record};
use super::{LabState, MAX_BODY, Problem, Trace};
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::MatchedPath;
use axum::extract::{Request, State};
use axum::http::HeaderMap;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures::FutureExt;
use http_body_util::BodyExt;
use std::time::{Duration, SystemTime};

/// The routed families wrapped in the stack, as the table above says.
pub(crate) fn wrap(routes: Router<LabState>, state: LabState) -> Router {
    let routed = routes
        .fallback(not_found)
        .layer(axum::middleware::from_fn(mark_route))
        .with_state(state.clone());
    // The rules and the journal wrap the routed app as a whole, so they see the final
    // response, `Allow` included (axum adds it to a 405 after per-route layers have run).
    Router::new()
        .fallback_service(routed)
        .layer(axum::middleware::from_fn_with_state(state.clone(), rules))
        .layer(axum::middleware::from_fn_with_state(state, record))
}

/// What `OPTIONS *` answers: the methods some resource of the lab allows.
const SERVER_ALLOW: &str = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";

/// The methods RFC 9110 defines; anything else is answered 501.
pub(crate) const KNOWN_METHODS: [Method; 9] = [
    Method::GET,
    Method::HEAD,
    Method::POST,
    Method::PUT,
    Method::PATCH,
    Method::DELETE,
    Method::OPTIONS,
    Method::TRACE,
    Method::CONNECT,
];

/// Middleware applying the global rules around every route.
pub(crate) async fn rules(State(state): State<LabState>, req: Request, next: Next) -> Response {
    if let Some(problem) = message_problem(&req) {
        return problem.into_response();
    }
    let method = req.method().clone();
    if !KNOWN_METHODS.contains(&method) {
        return Problem::new(
            StatusCode::NOT_IMPLEMENTED,
            format!(
                "the lab does not implement the method {method}; it knows GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, TRACE and CONNECT"
            ),
        )
        .into_response();
    }
    if method == Method::OPTIONS && req.uri() == "*" {
        // `OPTIONS *` asks about the server as a whole (RFC 9110 §9.3.7).
        return (StatusCode::NO_CONTENT, [(header::ALLOW, SERVER_ALLOW)]).into_response();
    }
    let path = req.uri().path().to_string();
    let limit = state.config().handler_timeout;
    let run = std::panic::AssertUnwindSafe(next.run(req)).catch_unwind();
    let res = match tokio::time::timeout(limit, run).await {
        Ok(Ok(res)) => res,
        // A bug in a handler is the lab's fault: say so, without a stack trace.
        Ok(Err(_)) => {
            return Problem::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("the lab failed while answering {method} {path}; this is a bug in backroad, not in your request"),
            )
            .into_response();
        }
        Err(_) => {
            return Problem::new(
                StatusCode::SERVICE_UNAVAILABLE,
                format!(
                    "the handler for {path} took longer than {} s and was stopped",
                    limit.as_secs_f32()
                ),
            )
            .with_header(header::RETRY_AFTER, "1")
            .into_response();
        }
    };
    if res.status().as_u16() >= 400 && is_plain_text(&res) {
        // An extractor's rejection (a path parameter that is not UTF-8, a query that does
        // not parse...): every error of the lab is problem+json.
        return plain_to_problem(res).await;
    }
    if res.status() == StatusCode::METHOD_NOT_ALLOWED && !is_problem(&res) {
        // axum's MethodRouter answered: it knows the path's methods and put them in `Allow`.
        let allow = allow_with_options(res.headers().get(header::ALLOW));
        if method == Method::OPTIONS {
            let mut ok = StatusCode::NO_CONTENT.into_response();
            if let Ok(v) = HeaderValue::from_str(&allow) {
                ok.headers_mut().insert(header::ALLOW, v);
            }
            return ok;
        }
        return Problem::new(
            StatusCode::METHOD_NOT_ALLOWED,
            format!("{method} is not allowed on {path}; it allows {allow}"),
        )
        .with_header(header::ALLOW, &allow)
        .into_response();
    }
    res
}

/// Longest request target (path and query) the lab reads; longer gets 414. (A request head
/// over 64 KiB as a whole is refused by hyper with 431 before it gets here.)
pub(crate) const MAX_TARGET: usize = 8 * 1024;

/// What is wrong with the request message itself: an over-long target (414), or a Host
/// field missing from an HTTP/1.1 request, repeated, or invalid (400, RFC 9112 §3.2).
fn message_problem(req: &Request) -> Option<Problem> {
    let target = req.uri().path_and_query().map_or(0, |p| p.as_str().len());
    if target > MAX_TARGET {
        return Some(
            Problem::new(
                StatusCode::URI_TOO_LONG,
                format!(
                    "the request target is {target} bytes; the lab reads at most {MAX_TARGET}. \
                     Send large data in a body instead."
                ),
            )
            .with_type("uri-too-long", "URI Too Long"),
        );
    }
    let hosts: Vec<&HeaderValue> = req.headers().get_all(header::HOST).iter().collect();
    let bad_host = |detail: String| {
        Some(Problem::bad_request(detail).with_type("bad-host", "Bad Host header"))
    };
    match hosts.as_slice() {
        [] if req.version() == axum::http::Version::HTTP_11 => bad_host(
            "an HTTP/1.1 request must carry a Host header naming the server (RFC 9112 §3.2), e.g. Host: 127.0.0.1:7357".into(),
        ),
        [] => None,
        [one] if valid_host(one.as_bytes()) => None,
        [one] => bad_host(format!(
            "Host {:?} is not a valid host[:port] (RFC 9112 §3.2)",
            String::from_utf8_lossy(one.as_bytes())
        )),
        many => bad_host(format!(
            "the request has {} Host headers; it must have exactly one (RFC 9112 §3.2)",
            many.len()
        )),
    }
}

/// `uri-host [ ":" port ]` (RFC 9110 §7.2): a reg-name, IPv4 or bracketed IP literal, no
/// userinfo, path or spaces. Empty is valid (a target without an authority).
fn valid_host(v: &[u8]) -> bool {
    if v.is_empty() {
        return true;
    }
    let Ok(text) = std::str::from_utf8(v) else {
        return false;
    };
    if text.contains(['@', ' ', '\t', '/', '?', '#']) {
        return false;
    }
    // The port is digits (possibly none: `port = *DIGIT`), after the last `:` outside
    // an IPv6 literal's brackets.
    let port_ok = match text.rfind(':') {
        Some(i) if !text[i..].contains(']') => text[i + 1..].bytes().all(|b| b.is_ascii_digit()),
        _ => true,
    };
    port_ok
        && text
            .parse::<axum::http::uri::Authority>()
            .is_ok_and(|a| a.as_str() == text && !a.host().is_empty())
}

fn is_plain_text(res: &Response) -> bool {
    res.headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/plain"))
}

/// The same error as problem+json, its text as the detail, its other headers kept.
async fn plain_to_problem(res: Response) -> Response {
    let (parts, body) = res.into_parts();
    let text = axum::body::to_bytes(body, 16 * 1024)
        .await
        .unwrap_or_default();
    let mut problem = Problem::new(parts.status, String::from_utf8_lossy(&text).trim());
    for (name, value) in &parts.headers {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            problem = problem.with_header(name.clone(), value.to_str().unwrap_or_default());
        }
    }
    problem.into_response()
}

fn is_problem(res: &Response) -> bool {
    res.headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/problem+json"))
}

/// `GET,HEAD` → `GET, HEAD, OPTIONS`: every resource answers OPTIONS too.
fn allow_with_options(allow: Option<&HeaderValue>) -> String {
    let mut methods: Vec<&str> = allow
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .collect();
    if !methods.contains(&"OPTIONS") {
        methods.push("OPTIONS");
    }
    methods.join(", ")
}

/// The fallback: a 404 problem naming the path.
pub(crate) async fn not_found(req: Request) -> Problem {
    Problem::not_found(format!(
        "there is no {} here; GET /openapi.json lists what the lab serves",
        req.uri().path()
    ))
}

/// Per-route middleware: note the matched pattern in the trace and for the metrics.
pub(crate) async fn mark_route(req: Request, next: Next) -> Response {
    if let Some(p) = req.extensions().get::<MatchedPath>() {
        if let Some(t) = req.extensions().get::<Trace>() {
            t.route(p.as_str());
        }
        if let Some(slot) = req.extensions().get::<RouteSlot>() {
            let _ = slot.0.set(p.clone());
        }
    }
    next.run(req).await
}

/// Bodies up to this size (declared by `Content-Length`) are read without a permit.
const SMALL_BODY: u64 = 16 * 1024;
/// Most larger bodies (or bodies of unknown size) buffered at once. Memory for bodies stays
/// under `BODY_PERMITS` MiB however many clients upload at once; the others wait for a
/// permit (within the read timeout) and get 503 if none frees up.
pub(crate) const BODY_PERMITS: usize = 32;
/// After deciding on 413, how long and how much the lab keeps reading and discarding the
/// body, so a client still sending sees the 413 rather than a reset (RFC 9112 §9.6).
const DRAIN_TIME: Duration = Duration::from_secs(5);
const DRAIN_BYTES: u64 = 16 << 20;
const DRAIN_IDLE: Duration = Duration::from_secs(1);

/// Read the whole request body: 413 over [`MAX_BODY`] (after draining what the client
/// sends, within bounds), 408 when it stalls past `limit`, 503 when too many large bodies
/// are in flight.
pub(crate) async fn read_body(
    state: &LabState,
    headers: &HeaderMap,
    mut body: Body,
    limit: Duration,
) -> Result<Bytes, Problem> {
    let too_large = || {
        Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the request body is over the lab's limit of {MAX_BODY} bytes (1 MiB)"),
        )
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let expects_continue = headers
        .get(header::EXPECT)
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"100-continue"));
    if declared.is_some_and(|n| n > MAX_BODY as u64) {
        // A client waiting for `100 Continue` has sent nothing yet: answer at once.
        if !expects_continue {
            drain(body, 0);
        }
        return Err(too_large());
    }
    if http_body::Body::is_end_stream(&body) {
        // No body (most GETs): nothing to wait for, so no timer either.
        return Ok(Bytes::new());
    }
    let deadline = tokio::time::Instant::now() + limit;
    let timed_out = || {
        Problem::new(
            StatusCode::REQUEST_TIMEOUT,
            format!(
                "the request body did not arrive within {} s",
                limit.as_secs_f32()
            ),
        )
    };
    let _permit = if declared.is_none_or(|n| n > SMALL_BODY) {
        match tokio::time::timeout_at(deadline, state.body_permits().acquire()).await {
            Ok(Ok(permit)) => Some(permit),
            _ => {
                return Err(Problem::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    format!(
                        "{BODY_PERMITS} large request bodies are already arriving; send this one again in a moment"
                    ),
                )
                .with_header(header::RETRY_AFTER, "1"));
            }
        }
    } else {
        None
    };
    let mut buf = Vec::with_capacity(declared.unwrap_or(0) as usize);
    loop {
        let frame = match tokio::time::timeout_at(deadline, body.frame()).await {
            Err(_) => return Err(timed_out()),
            Ok(None) => break,
            Ok(Some(Err(e))) => {
                return Err(Problem::bad_request(format!(
                    "the request body could not be read: {e}"
                )));
            }
            Ok(Some(Ok(frame))) => frame,
        };
        if let Ok(data) = frame.into_data() {
            if buf.len() + data.len() > MAX_BODY {
                drain(body, (buf.len() + data.len()) as u64);
                return Err(too_large());
            }
            buf.extend_from_slice(&data);
        }
    }
    Ok(Bytes::from(buf))
}

/// Read and discard the rest of `body` in the background while the 413 goes out, for at most
/// [`DRAIN_TIME`] and [`DRAIN_BYTES`] in all (`seen` already read), stopping when the client
/// pauses for [`DRAIN_IDLE`] (it is waiting for the answer). hyper closes the connection once
/// the body is dropped.
fn drain(mut body: Body, mut seen: u64) {
    tokio::spawn(async move {
        let _ = tokio::time::timeout(DRAIN_TIME, async {
            while seen < DRAIN_BYTES {
                match tokio::time::timeout(DRAIN_IDLE, body.frame()).await {
                    Ok(Some(Ok(frame))) => {
                        seen += frame.data_ref().map_or(0, |d| d.len() as u64);
                    }
                    _ => break,
                }
            }
        })
        .await;
    });
}

/// Put RFC 9110's reason phrase on the status line where hyper's differs (413, 422).
pub(crate) fn set_reason_phrase(res: &mut Response) {
    let status = res.status();
    let ours = super::problem::reason(status);
    if status.canonical_reason() != Some(ours) && status.canonical_reason().is_some() {
        res.extensions_mut()
            .insert(hyper::ext::ReasonPhrase::from_static(ours.as_bytes()));
    }
}

/// The current `Date` value, formatted once per second per thread.
pub(crate) fn http_date() -> HeaderValue {
    thread_local! {
        static CACHE: std::cell::RefCell<(u64, HeaderValue)> =
            const { std::cell::RefCell::new((u64::MAX, HeaderValue::from_static(""))) };
    }
    let now = SystemTime::now();
    let secs = now
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.0 != secs {
            let text = httpdate::fmt_http_date(now);
            c.1 = HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static(""));
            c.0 = secs;
        }
        c.1.clone()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::LabConfig;
    use axum::Router;
    use axum::routing::get;
    use std::time::Duration;
    use tower::ServiceExt;

    #[tokio::test]
    async fn a_handler_over_the_time_limit_gets_a_503_problem() {
        // The lab's own endpoints stay under the limit by design, so a slow one is made here.
        let mut config = LabConfig::new(0, None);
        config.handler_timeout = Duration::from_millis(50);
        let state = LabState::new(config).unwrap();
        let app = Router::new()
            .route(
                "/slow",
                get(|| async {
                    tokio::time::sleep(Duration::from_secs(30)).await;
                    "late"
                }),
            )
            .layer(axum::middleware::from_fn_with_state(state, rules));
        let req = Request::builder()
            .uri("/slow")
            .header(header::HOST, "lab")
            .body(axum::body::Body::empty())
            .unwrap();
        let res = app.oneshot(req).await.unwrap();
        assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(res.headers()[header::RETRY_AFTER], "1");
        assert_eq!(
            res.headers()[header::CONTENT_TYPE],
            crate::lab::problem::PROBLEM_JSON
        );
    }

    #[tokio::test]
    async fn a_panicking_handler_gets_a_500_problem_and_no_trace() {
        let state = LabState::new(LabConfig::new(0, None)).unwrap();
        let app = Router::new()
            .route(
                "/boom",
                get(|| async {
                    if true {
                        panic!("handler bug");
                    }
                    "unreachable"
                }),
            )
            .layer(axum::middleware::from_fn_with_state(state, rules));
        let req = Request::builder()
            .uri("/boom")
            .header(header::HOST, "lab")
            .body(axum::body::Body::empty())
            .unwrap();
        let res = app.oneshot(req).await.unwrap();
        assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = axum::body::to_bytes(res.into_body(), 1 << 16)
            .await
            .unwrap();
        let text = String::from_utf8_lossy(&body);
        assert!(
            text.contains("GET /boom") && !text.contains("handler bug"),
            "{text}"
        );
    }

    #[test]
    fn hosts_are_checked_per_rfc_9112() {
        for ok in [
            "",
            "localhost",
            "127.0.0.1:7357",
            "[::1]:80",
            "[::1]",
            "example.com",
        ] {
            assert!(valid_host(ok.as_bytes()), "{ok:?}");
        }
        for bad in [
            "a b",
            "user@host",
            "host/path",
            "host:port",
            "h:1:2",
            "[::1",
            "a\tb",
        ] {
            assert!(!valid_host(bad.as_bytes()), "{bad:?}");
        }
    }

    #[test]
    fn options_is_added_to_allow_once() {
        assert_eq!(
            allow_with_options(Some(&HeaderValue::from_static("GET,HEAD"))),
            "GET, HEAD, OPTIONS"
        );
        assert_eq!(
            allow_with_options(Some(&HeaderValue::from_static("OPTIONS,GET"))),
            "OPTIONS, GET"
        );
    }
}
