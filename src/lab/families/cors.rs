//! CORS with an allow-list (`/cors`, `/cors/{*path}`).
//!
//! A preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) from an allowed
//! origin gets 204 with that exact origin echoed (never `*`, since credentials are allowed),
//! the allowed methods and headers, `Max-Age` and `Vary`. Any other origin gets no
//! `Access-Control-Allow-Origin`, which is how a server says no. A plain `OPTIONS` is 204 with
//! `Allow`, like everywhere else in the lab.

use super::Api;
use crate::lab::openapi::{empty, header_param, ok, op, path_param, problem};
use crate::lab::{Problem, Trace};
use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Map, Value, json};

/// Origins allowed to call `/cors` from a browser.
pub(crate) const ALLOWED_ORIGINS: [&str; 4] = [
    "http://localhost:3000",
    "http://127.0.0.1:3000",
    "http://localhost:5173",
    "http://127.0.0.1:5173",
];
const ALLOWED_METHODS: &str = "GET, HEAD, POST, PUT, PATCH, DELETE";
const ALLOWED_HEADERS: [&str; 4] = [
    "authorization",
    "content-type",
    "if-match",
    "x-requested-with",
];
const ALLOW: &str = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";
const MAX_AGE: &str = "600";

pub(super) fn api(api: &mut Api) {
    let methods = || {
        get(actual)
            .post(actual)
            .put(actual)
            .patch(actual)
            .delete(actual)
            .options(options)
    };
    let cors = |summary: &str| {
        let mut item = Map::new();
        for m in ["get", "post", "put", "patch", "delete"] {
            item.insert(
                m.into(),
                op(
                    "cors",
                    summary,
                    vec![header_param("Origin", "The page's origin")],
                    None,
                    vec![(
                        "200",
                        ok("Access-Control-Allow-Origin when the origin is allowed"),
                    )],
                ),
            );
        }
        item.insert("options".into(), op("cors", "Preflight", vec![header_param("Origin", "The page's origin"), header_param("Access-Control-Request-Method", "The method the page wants")], None, vec![("204", empty("Allowed origin: exact ACAO, Allow-Methods, Allow-Headers, Max-Age, Vary: Origin")), ("403", problem("Origin not on the allow-list, or no Origin"))]));
        Value::Object(item)
    };
    api.route("/cors", methods(), cors("A CORS-enabled resource"));
    api.route("/cors/{*path}", methods(), {
        let mut v = cors("A CORS-enabled resource");
        v["parameters"] = json!([path_param("path", json!({"type": "string"}), "Anything")]);
        v
    });
}

fn origin(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::ORIGIN).and_then(|v| v.to_str().ok())
}

fn allowed(origin: &str) -> bool {
    ALLOWED_ORIGINS.contains(&origin)
}

fn set(res: &mut Response, name: header::HeaderName, value: &str) {
    if let Ok(v) = HeaderValue::from_str(value) {
        res.headers_mut().insert(name, v);
    }
}

async fn options(trace: Trace, headers: HeaderMap) -> Response {
    trace.handler("cors::options");
    let request_method = headers
        .get(header::ACCESS_CONTROL_REQUEST_METHOD)
        .and_then(|v| v.to_str().ok());
    let (Some(origin), Some(request_method)) = (origin(&headers), request_method) else {
        // Not a preflight: the lab's usual OPTIONS answer.
        trace.middleware("cors", "not a preflight");
        let mut res = StatusCode::NO_CONTENT.into_response();
        set(&mut res, header::ALLOW, ALLOW);
        return res;
    };
    if !allowed(origin) {
        trace.middleware(
            "cors",
            format!("preflight refused: {origin} is not allowed"),
        );
        let mut res = Problem::new(
            StatusCode::FORBIDDEN,
            format!(
                "the origin {origin} is not on this resource's allow-list ({}); the browser will block the request",
                ALLOWED_ORIGINS.join(", ")
            ),
        )
        .with_type("cors-origin", "Origin not allowed")
        .into_response();
        set(&mut res, header::VARY, "Origin");
        return res;
    }
    let requested: Vec<String> = headers
        .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(',')
                .map(|h| h.trim().to_ascii_lowercase())
                .filter(|h| !h.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let unknown: Vec<&String> = requested
        .iter()
        .filter(|h| !ALLOWED_HEADERS.contains(&h.as_str()))
        .collect();
    trace.middleware(
        "cors",
        if unknown.is_empty() {
            format!("preflight ok: {origin} may {request_method}")
        } else {
            format!("preflight: headers not allowed: {unknown:?}")
        },
    );
    let mut res = StatusCode::NO_CONTENT.into_response();
    set(&mut res, header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    set(&mut res, header::ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
    set(
        &mut res,
        header::ACCESS_CONTROL_ALLOW_METHODS,
        ALLOWED_METHODS,
    );
    set(
        &mut res,
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        &ALLOWED_HEADERS.join(", "),
    );
    set(&mut res, header::ACCESS_CONTROL_MAX_AGE, MAX_AGE);
    set(
        &mut res,
        header::VARY,
        "Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
    );
    set(&mut res, header::ALLOW, ALLOW);
    res
}

async fn actual(
    trace: Trace,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    trace.handler("cors::actual");
    let origin = origin(&headers);
    let ok = origin.is_some_and(allowed);
    trace.middleware(
        "cors",
        match origin {
            None => "no Origin: same-origin or not a browser".to_string(),
            Some(o) if ok => format!("allowed: {o}"),
            Some(o) => format!("not allowed: {o} gets no Access-Control-Allow-Origin"),
        },
    );
    let mut res = axum::Json(serde_json::json!({
        "method": method.as_str(),
        "path": uri.path(),
        "origin": origin,
        "allowed": ok,
        "body_bytes": body.len(),
    }))
    .into_response();
    if let Some(o) = origin.filter(|_| ok) {
        set(&mut res, header::ACCESS_CONTROL_ALLOW_ORIGIN, o);
        set(&mut res, header::ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
        set(
            &mut res,
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            "ETag, Location",
        );
    }
    // The answer depends on Origin: caches must keep one copy per origin.
    set(&mut res, header::VARY, "Origin");
    res
}
