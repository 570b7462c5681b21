//! Redirects: a 302 chain (`/redirect/{n}`), a guarded `/redirect-to`, and
//! `/redirect-method/{code}` showing what 301/302/303/307/308 do to the method and body.
//!
//! `/redirect-to` only sends clients to relative or loopback targets: anything else is 403,
//! the open-redirect lesson (a trusted host must not bounce users to an attacker's site).

use super::Api;
use crate::lab::openapi::{ANY, empty, ok, op, path_param, problem, query_param};
use crate::lab::support::every_method;
use crate::lab::{Problem, Trace};
use axum::body::Bytes;
use axum::extract::{Path, Query};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Map, Value, json};
use std::net::IpAddr;

const MAX_CHAIN: u32 = 20;
const REDIRECT_CODES: [u16; 5] = [301, 302, 303, 307, 308];

pub(super) fn api(api: &mut Api) {
    api.route(
        "/redirect/{n}",
        get(chain),
        json!({ "get": op("redirects", "302 n times, then /get", vec![path_param("n", json!({"type": "integer", "minimum": 1, "maximum": MAX_CHAIN}), "Redirects left")], None, vec![("302", empty("Found (Location)")), ("400", problem("n out of range"))]) }),
    );
    api.route(
        "/redirect-to",
        get(redirect_to),
        json!({ "get": op("redirects", "Redirect to url (relative or loopback only)", vec![
        json!({ "name": "url", "in": "query", "required": true, "schema": { "type": "string", "minLength": 1 }, "description": "Target: a relative path or a loopback URL (anything else is 403)" }),
        query_param("status", json!({"type": "integer", "enum": REDIRECT_CODES, "default": 302}), "The redirect status"),
    ], None, vec![("3XX", empty("Redirect (Location)")), ("400", problem("Bad parameters")), ("403", problem("Not a relative or loopback target: the open-redirect lesson"))]) }),
    );
    let mut by_method_doc = Map::new();
    for m in ANY {
        by_method_doc.insert(
            (*m).to_string(),
            op(
                "redirects",
                "Redirect with this code to an echo of the next request",
                vec![path_param(
                    "code",
                    json!({"type": "integer", "enum": [301, 302, 303, 307, 308]}),
                    "Redirect status",
                )],
                None,
                vec![
                    ("3XX", empty("Redirect (Location)")),
                    ("400", problem("Not a redirect code")),
                ],
            ),
        );
    }
    api.route(
        "/redirect-method/{code}",
        every_method(by_method),
        Value::Object(by_method_doc),
    );
    let mut target_doc = Map::new();
    for m in ANY {
        let summary =
            "Echo the method and body that arrived (where /redirect-method/{code} points)";
        target_doc.insert(
            (*m).to_string(),
            op(
                "redirects",
                summary,
                vec![],
                None,
                vec![("200", ok("What arrived"))],
            ),
        );
    }
    api.route(
        "/redirect-method/target",
        every_method(target),
        Value::Object(target_doc),
    );
}

fn found(status: StatusCode, location: &str) -> Response {
    (
        status,
        [(header::LOCATION, location.to_string())],
        axum::Json(serde_json::json!({ "location": location })),
    )
        .into_response()
}

async fn chain(trace: Trace, Path(n): Path<String>) -> Result<Response, Problem> {
    trace.handler("redirect::chain");
    let n = crate::lab::support::bounded("n", Some(&n), 1u32, 1, MAX_CHAIN)?;
    let next = if n == 1 {
        "/get".to_string()
    } else {
        format!("/redirect/{}", n - 1)
    };
    Ok(found(StatusCode::FOUND, &next))
}

#[derive(serde::Deserialize)]
struct RedirectTo {
    url: Option<String>,
    status: Option<String>,
}

/// Where `url` really leads, as the `Location` to send: the target resolved the way a browser
/// would, as a path on this host when it stays here, or the full URL when it is a loopback
/// address. `Err` says why it is not a safe target.
///
/// The lab sends what it checked, never the raw text: `http:/example.com` (one slash) is a
/// path on this host to one parser and `http://example.com/` to another, so echoing it after
/// checking it one way would be an open redirect.
fn safe_target(url: &str) -> Result<String, String> {
    // Resolve against a stand-in for this host: `//evil`, `/\evil` and
    // `http://127.0.0.1@evil` all land on another host.
    const HERE: &str = "backroad.invalid";
    if url.chars().any(char::is_control) {
        return Err("it contains a control character".into());
    }
    let resolved = reqwest::Url::parse(&format!("http://{HERE}/")).and_then(|base| base.join(url));
    let u = match resolved {
        Ok(u) => u,
        Err(e) => return Err(format!("it is not a URL ({e})")),
    };
    if !matches!(u.scheme(), "http" | "https") {
        return Err(format!("the scheme {}: is not http or https", u.scheme()));
    }
    match u.host_str() {
        Some(HERE) if u.port().is_none() && u.username().is_empty() && u.password().is_none() => {
            // A path on this host: send the resolved path, which every client reads one way.
            let mut local = u.path().to_string();
            if let Some(q) = u.query() {
                local.push('?');
                local.push_str(q);
            }
            if let Some(f) = u.fragment() {
                local.push('#');
                local.push_str(f);
            }
            Ok(local)
        }
        Some(host) if is_loopback_host(host) => Ok(u.to_string()),
        host => Err(format!(
            "{} is not this machine; the lab only redirects to relative paths or loopback hosts",
            host.unwrap_or("(no host)")
        )),
    }
}

/// `localhost`, `127.x.y.z` or `[::1]`.
pub(super) fn is_loopback_host(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

async fn redirect_to(
    trace: Trace,
    query: Result<Query<RedirectTo>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, Problem> {
    trace.handler("redirect::redirect_to");
    let Ok(Query(q)) = query else {
        return Err(Problem::bad_request("the query string could not be read"));
    };
    let Some(url) = q.url.filter(|u| !u.is_empty()) else {
        return Err(
            Problem::bad_request("say where to go: /redirect-to?url=/get&status=302")
                .with_field("url"),
        );
    };
    let status = crate::lab::support::bounded("status", q.status.as_deref(), 302u16, 300, 399)?;
    if !REDIRECT_CODES.contains(&status) {
        return Err(Problem::bad_request(format!(
            "status must be one of 301, 302, 303, 307, 308; got {status}"
        ))
        .with_field("status"));
    }
    let location = match safe_target(&url) {
        Ok(location) => location,
        Err(why) => {
            trace.middleware("open-redirect guard", format!("403: {why}"));
            return Err(Problem::new(
            StatusCode::FORBIDDEN,
            format!("refusing to redirect to {url:?}: {why}. An open redirect lets anyone use a trusted host to send people to an attacker's site."),
        )
        .with_type("open-redirect", "Open redirect refused")
        .with_field("url"));
        }
    };
    trace.middleware("open-redirect guard", format!("pass: Location {location}"));
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::FOUND);
    Ok(found(status, &location))
}

async fn by_method(trace: Trace, Path(code): Path<String>) -> Result<Response, Problem> {
    trace.handler("redirect::by_method");
    let code = crate::lab::support::bounded("code", Some(&code), 302u16, 300, 399)?;
    if !REDIRECT_CODES.contains(&code) {
        return Err(Problem::bad_request(format!(
            "code must be one of 301, 302, 303, 307, 308; got {code}"
        ))
        .with_field("code"));
    }
    let status = StatusCode::from_u16(code).unwrap_or(StatusCode::FOUND);
    let location = format!("/redirect-method/target?from={code}");
    Ok(found(status, &location))
}

/// Where `/redirect-method/{code}` points: echoes the method and body that arrived.
async fn target(
    trace: Trace,
    method: Method,
    headers: HeaderMap,
    Query(q): Query<Vec<(String, String)>>,
    body: Bytes,
) -> axum::Json<serde_json::Value> {
    trace.handler("redirect::target");
    let from = q.iter().find(|(k, _)| k == "from").map(|(_, v)| v.clone());
    axum::Json(serde_json::json!({
        "redirected_by": from,
        // HEAD gets GET's headers exactly: the body it does not send says GET.
        "method": if method == Method::HEAD { "GET" } else { method.as_str() },
        "content_type": headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()),
        "body": String::from_utf8_lossy(&body),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_relative_and_loopback_targets_are_safe() {
        for (ok, location) in [
            ("/get", "/get"),
            ("get?x=1", "/get?x=1"),
            ("http://127.0.0.1:7357/get", "http://127.0.0.1:7357/get"),
            ("http://localhost/x", "http://localhost/x"),
            ("http://[::1]/", "http://[::1]/"),
        ] {
            assert_eq!(safe_target(ok).as_deref(), Ok(location), "{ok}");
        }
        for bad in [
            "https://example.com/",
            "//example.com/",
            "/\\example.com",
            "http://127.0.0.1@example.com/",
            "javascript:alert(1)",
        ] {
            assert!(safe_target(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_location_sent_is_the_target_checked() {
        // One slash: a path here to the WHATWG parser, `http://example.com/` to curl and
        // most HTTP libraries. The lab must not send the raw text it read one way.
        assert!(safe_target("https:/example.com").is_err());
        assert_eq!(
            safe_target("http:/example.com").as_deref(),
            Ok("/example.com")
        );
        assert_eq!(
            safe_target("http:example.com").as_deref(),
            Ok("/example.com")
        );
    }
}
