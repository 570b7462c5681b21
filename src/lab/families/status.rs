//! The status family (`/status/{code}`): any final status code on demand, each with the
//! headers its definition requires.

use super::Api;
use crate::lab::openapi::{ANY, empty, json_response, op, path_param, problem};
use crate::lab::support::every_method;
use crate::lab::{Problem, Trace};
use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

pub(super) fn api(api: &mut Api) {
    let mut item = Map::new();
    for m in ANY {
        item.insert((*m).to_string(), op(
            "status",
            "Answer with this status code",
            vec![path_param("code", json!({"type": "integer", "minimum": 200, "maximum": 599}), "A final status code")],
            None,
            vec![
                ("204", empty("No Content: no body")),
                ("205", empty("Reset Content: no body")),
                ("206", json_response("Partial Content, with Content-Range covering the whole body", json!({"type": "object"}))),
                ("2XX", json_response("The status asked for (201 with Location)", json!({"type": "object"}))),
                ("3XX", empty("The status asked for, with Location (304 without)")),
                ("400", problem("1xx or out of range: not a final status")),
                ("4XX", problem("The status asked for (401 with WWW-Authenticate, 405 with Allow, 429 with Retry-After)")),
                ("5XX", problem("The status asked for (503 with Retry-After)")),
            ],
        ));
    }
    api.route("/status/{code}", every_method(status), Value::Object(item));
}

/// `ANY /status/{code}`: answer with that status, keeping each code's invariants.
async fn status(trace: Trace, Path(code): Path<String>) -> Response {
    trace.handler("status::any");
    let n: u16 = match code.parse() {
        Ok(n) => n,
        Err(_) => {
            return Problem::bad_request(format!(
                "{code:?} is not a status code; use a number from 200 to 599, e.g. /status/418"
            ))
            .with_field("code")
            .into_response();
        }
    };
    if (100..200).contains(&n) {
        return Problem::bad_request(format!(
            "{n} is informational (1xx): a server sends it before the final response, never as \
             the final status. Try a code from 200 to 599."
        ))
        .with_field("code")
        .into_response();
    }
    let Some(status) = StatusCode::from_u16(n)
        .ok()
        .filter(|_| (200..600).contains(&n))
    else {
        return Problem::bad_request(format!(
            "{n} is out of range: final status codes go from 200 to 599"
        ))
        .with_field("code")
        .into_response();
    };
    let reason = crate::lab::problem::reason(status);
    let mut headers = HeaderMap::new();
    let mut set = |name: header::HeaderName, value: &'static str| {
        headers.insert(name, HeaderValue::from_static(value));
    };
    match n {
        201 => set(header::LOCATION, "/get"),
        300..=303 | 305..=308 => set(header::LOCATION, "/get"),
        401 => set(header::WWW_AUTHENTICATE, "Bearer realm=\"backroad-lab\""),
        405 => set(header::ALLOW, "GET, HEAD, OPTIONS"),
        407 => set(header::PROXY_AUTHENTICATE, "Basic realm=\"backroad-lab\""),
        416 => set(header::CONTENT_RANGE, "bytes */0"),
        426 => {
            // Upgrade is a hop-by-hop field: Connection must name it (RFC 9110 §7.8).
            set(header::UPGRADE, "HTTP/2");
            set(header::CONNECTION, "upgrade");
        }
        429 | 503 => set(header::RETRY_AFTER, "1"),
        _ => {}
    }
    // 204, 205 and 304 never carry content (RFC 9110 §6.4.1).
    if matches!(n, 204 | 205 | 304) {
        return (status, headers).into_response();
    }
    if n >= 400 {
        let mut res = Problem::new(status, format!("you asked for {n} {reason} at /status/{n}"))
            .into_response();
        res.headers_mut().extend(headers);
        return res;
    }
    let body = json!({ "status": n, "reason": reason }).to_string();
    if n == 206 {
        // A 206 says which part of the representation it carries (RFC 9110 §15.3.7.1):
        // here, all of it.
        if let Ok(v) = HeaderValue::from_str(&format!("bytes 0-{}/{}", body.len() - 1, body.len()))
        {
            headers.insert(header::CONTENT_RANGE, v);
        }
    }
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    (status, headers, body).into_response()
}
