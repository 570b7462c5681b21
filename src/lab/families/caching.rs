//! HTTP caching and conditional requests (`/cache`, `/cache/{seconds}`, `/etag/{tag}`).
//!
//! Preconditions are evaluated in the order of RFC 9110 §13.2.2: `If-Match` (strong
//! comparison) → `If-Unmodified-Since` → `If-None-Match` (weak comparison) →
//! `If-Modified-Since` (only when `If-None-Match` is absent). A 304 carries `ETag` and
//! `Cache-Control` and no body; a failed `If-Match` is 412.

use super::Api;
use crate::lab::openapi::{empty, header_param, ok, op, path_param, problem};
use crate::lab::{LabState, Problem, Trace};
use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::json;
use sha2::Digest;
use std::time::{Duration, SystemTime};

pub(crate) struct CacheState {
    /// `Last-Modified` of every cached resource: when the lab started, whole seconds.
    modified: SystemTime,
}

impl super::Part for CacheState {
    fn open(_: &crate::lab::LabConfig) -> Result<Self, crate::lab::LabError> {
        Ok(Self::new())
    }

    /// `Last-Modified` stays the lab's start: a reset changes no cached resource.
    fn reset(&self, _: &Trace) {}
}

impl CacheState {
    pub(super) fn new() -> Self {
        let now = SystemTime::now();
        let secs = now
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Self {
            modified: SystemTime::UNIX_EPOCH + Duration::from_secs(secs),
        }
    }
}

pub(super) fn api(api: &mut Api) {
    let conditional = || {
        vec![
            header_param("If-None-Match", "ETag(s) you have"),
            header_param("If-Modified-Since", "HTTP date of your copy"),
            header_param("If-Match", "Only if the ETag matches (strong)"),
        ]
    };
    api.route(
        "/cache",
        get(cache),
        json!({ "get": op("caching", "A cacheable response with ETag and Last-Modified", conditional(), None, vec![("200", ok("Fresh")), ("304", empty("Not modified")), ("412", problem("If-Match failed"))]) }),
    );
    api.route(
        "/cache/{seconds}",
        get(cache_for),
        json!({ "get": op("caching", "Cache-Control: max-age=seconds", { let mut p = conditional(); p.push(path_param("seconds", json!({"type": "integer", "minimum": 0, "maximum": 31_536_000}), "max-age")); p }, None, vec![("200", ok("Fresh")), ("304", empty("Not modified")), ("412", problem("If-Match failed"))]) }),
    );
    api.route(
        "/etag/{tag}",
        get(etag),
        json!({ "get": op("caching", "A response with this ETag", { let mut p = conditional(); p.push(path_param("tag", json!({"type": "string", "pattern": "^[!#-~]+$"}), "The entity tag, unquoted: visible ASCII without double quotes")); p }, None, vec![("200", ok("Fresh")), ("304", empty("Not modified")), ("412", problem("If-Match failed"))]) }),
    );
}

/// One entity tag as it appears in a header.
#[derive(Debug, PartialEq, Eq)]
struct EntityTag<'a> {
    weak: bool,
    opaque: &'a str,
}

/// Parse an `If-Match`/`If-None-Match` list; `None` for `*`. Malformed members are skipped.
fn parse_tags(value: &str) -> Option<Vec<EntityTag<'_>>> {
    if value.trim() == "*" {
        return None;
    }
    let mut tags = Vec::new();
    let mut rest = value.trim();
    while !rest.is_empty() {
        let (weak, after) = match rest.strip_prefix("W/") {
            Some(r) => (true, r),
            None => (false, rest),
        };
        let Some(inner) = after.strip_prefix('"') else {
            // Not a quoted tag: skip to the next comma.
            rest = after.split_once(',').map_or("", |(_, r)| r).trim_start();
            continue;
        };
        let Some(end) = inner.find('"') else { break };
        tags.push(EntityTag {
            weak,
            opaque: &inner[..end],
        });
        rest = inner[end + 1..].trim_start();
        rest = rest.strip_prefix(',').unwrap_or(rest).trim_start();
    }
    Some(tags)
}

/// What the preconditions decided.
#[derive(Debug, PartialEq, Eq)]
enum Decision {
    Proceed,
    NotModified(&'static str),
    Failed(&'static str),
}

/// RFC 9110 §13.2.2 for a resource that exists with the strong tag `current` (unquoted).
fn evaluate(method: &Method, headers: &HeaderMap, current: &str, modified: SystemTime) -> Decision {
    let text = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    let date = |name| text(name).and_then(|v| httpdate::parse_http_date(v).ok());
    let safe = method == Method::GET || method == Method::HEAD;
    if let Some(value) = text(header::IF_MATCH) {
        // Strong comparison: a weak tag never matches.
        let matched = parse_tags(value)
            .is_none_or(|tags| tags.iter().any(|t| !t.weak && t.opaque == current));
        if !matched {
            return Decision::Failed("If-Match did not match the current strong ETag");
        }
    } else if let Some(since) = date(header::IF_UNMODIFIED_SINCE)
        && modified > since
    {
        return Decision::Failed("modified since If-Unmodified-Since");
    }
    if let Some(value) = text(header::IF_NONE_MATCH) {
        // Weak comparison: W/"x" matches "x".
        let matched = parse_tags(value).is_none_or(|tags| tags.iter().any(|t| t.opaque == current));
        if matched {
            return if safe {
                Decision::NotModified("If-None-Match matched")
            } else {
                Decision::Failed("If-None-Match matched on an unsafe method")
            };
        }
    } else if safe
        && let Some(since) = date(header::IF_MODIFIED_SINCE)
        && modified <= since
    {
        return Decision::NotModified("not modified since If-Modified-Since");
    }
    Decision::Proceed
}

/// Answer a cacheable JSON resource, honouring the preconditions.
fn respond(
    trace: &Trace,
    method: &Method,
    headers: &HeaderMap,
    tag: &str,
    modified: SystemTime,
    cache_control: &str,
    body: serde_json::Value,
) -> Response {
    let etag = format!("\"{tag}\"");
    let last_modified = httpdate::fmt_http_date(modified);
    match evaluate(method, headers, tag, modified) {
        Decision::NotModified(why) => {
            trace.middleware("conditional", format!("304: {why}"));
            (
                StatusCode::NOT_MODIFIED,
                [
                    (header::ETAG, etag),
                    (header::CACHE_CONTROL, cache_control.to_string()),
                ],
            )
                .into_response()
        }
        Decision::Failed(why) => {
            trace.middleware("conditional", format!("412: {why}"));
            Problem::new(
                StatusCode::PRECONDITION_FAILED,
                format!("{why}; the current ETag is {etag} (If-Match uses strong comparison, so W/ tags never match)"),
            )
            .with_type("precondition-failed", "Precondition failed")
            .with_header(header::ETAG, &etag)
            .into_response()
        }
        Decision::Proceed => {
            trace.middleware("conditional", "200: no precondition stopped it");
            (
                [
                    (header::ETAG, etag),
                    (header::LAST_MODIFIED, last_modified),
                    (header::CACHE_CONTROL, cache_control.to_string()),
                ],
                axum::Json(body),
            )
                .into_response()
        }
    }
}

fn tag_of(body: &serde_json::Value) -> String {
    let digest = sha2::Sha256::digest(body.to_string().as_bytes());
    hex::encode(&digest[..8])
}

async fn cache(
    axum::extract::State(state): axum::extract::State<LabState>,
    trace: Trace,
    method: Method,
    headers: HeaderMap,
) -> Response {
    trace.handler("caching::cache");
    let modified = state.parts().caching.modified;
    let body = serde_json::json!({
        "resource": "/cache",
        "last_modified": httpdate::fmt_http_date(modified),
        "tip": "send the ETag back in If-None-Match (or the date in If-Modified-Since) to get 304",
    });
    let tag = tag_of(&body);
    respond(&trace, &method, &headers, &tag, modified, "no-cache", body)
}

async fn cache_for(
    axum::extract::State(state): axum::extract::State<LabState>,
    trace: Trace,
    method: Method,
    headers: HeaderMap,
    Path(seconds): Path<String>,
) -> Result<Response, Problem> {
    trace.handler("caching::cache_for");
    let seconds = crate::lab::support::bounded("seconds", Some(&seconds), 0u32, 0, 31_536_000)?;
    let modified = state.parts().caching.modified;
    let body = serde_json::json!({
        "resource": format!("/cache/{seconds}"),
        "max_age": seconds,
        "last_modified": httpdate::fmt_http_date(modified),
    });
    let tag = tag_of(&body);
    let cc = format!("public, max-age={seconds}");
    Ok(respond(
        &trace, &method, &headers, &tag, modified, &cc, body,
    ))
}

async fn etag(
    axum::extract::State(state): axum::extract::State<LabState>,
    trace: Trace,
    method: Method,
    headers: HeaderMap,
    Path(tag): Path<String>,
) -> Result<Response, Problem> {
    trace.handler("caching::etag");
    // etagc (RFC 9110 §8.8.3): visible ASCII but the double quote.
    if tag.is_empty() || !tag.chars().all(|c| c.is_ascii_graphic() && c != '"') {
        return Err(Problem::bad_request(
            "an entity tag is visible ASCII without double quotes, e.g. /etag/v1",
        )
        .with_field("tag"));
    }
    let modified = state.parts().caching.modified;
    let body = serde_json::json!({ "etag": format!("\"{tag}\"") });
    Ok(respond(
        &trace, &method, &headers, &tag, modified, "no-cache", body,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(k.clone(), HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn tags_parse_with_weakness_and_star() {
        let tags = parse_tags(r#"W/"a", "b",bad, "c""#).unwrap();
        assert_eq!(
            tags,
            vec![
                EntityTag {
                    weak: true,
                    opaque: "a"
                },
                EntityTag {
                    weak: false,
                    opaque: "b"
                },
                EntityTag {
                    weak: false,
                    opaque: "c"
                },
            ]
        );
        assert!(parse_tags(" * ").is_none());
    }

    #[test]
    fn preconditions_follow_rfc_9110_order() {
        let t = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let later = httpdate::fmt_http_date(t + Duration::from_secs(10));
        let earlier = httpdate::fmt_http_date(t - Duration::from_secs(10));
        let get = Method::GET;
        let eval = |h: &[(header::HeaderName, &str)]| evaluate(&get, &headers(h), "v1", t);
        assert_eq!(eval(&[]), Decision::Proceed);
        assert!(matches!(
            eval(&[(header::IF_NONE_MATCH, "W/\"v1\"")]),
            Decision::NotModified(_)
        ));
        assert_eq!(
            eval(&[(header::IF_NONE_MATCH, "\"v2\"")]),
            Decision::Proceed
        );
        assert!(matches!(
            eval(&[(header::IF_MATCH, "W/\"v1\"")]),
            Decision::Failed(_)
        ));
        assert_eq!(eval(&[(header::IF_MATCH, "\"v1\"")]), Decision::Proceed);
        assert!(matches!(
            eval(&[(header::IF_MODIFIED_SINCE, &later)]),
            Decision::NotModified(_)
        ));
        assert_eq!(
            eval(&[(header::IF_MODIFIED_SINCE, &earlier)]),
            Decision::Proceed
        );
        // If-None-Match present and not matching: If-Modified-Since is ignored.
        assert_eq!(
            eval(&[
                (header::IF_NONE_MATCH, "\"v2\""),
                (header::IF_MODIFIED_SINCE, &later)
            ]),
            Decision::Proceed
        );
    }
}
