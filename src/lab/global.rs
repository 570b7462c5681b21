//! The global rules every response follows: 501 for unknown methods, 405 as problem+json with
//! an exact `Allow`, `OPTIONS` → 204 + `Allow`, the handler time limit, and 404 as a problem.

use super::{LabState, Problem};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures::FutureExt;

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
