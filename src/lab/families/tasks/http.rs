//! What the tasks API reads from and writes to HTTP: JSON bodies and their validation, the
//! list query, and the validators (ETag, If-Match, If-None-Match).

use super::store::{Task, db_error};
use crate::lab::{FieldError, LabState, Problem, Trace};
use axum::Json;
use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};

/// Default and largest page size of `GET /api/tasks`.
pub(super) const DEFAULT_LIMIT: i64 = 20;
pub(super) const MAX_LIMIT: i64 = 100;
/// Longest title accepted.
pub(super) const MAX_TITLE: usize = 200;
/// The request body as a JSON object: 415 unless the Content-Type is JSON, 400 when it does
/// not parse, 422 when it is not an object.
pub(crate) fn json_body(headers: &HeaderMap, body: &Bytes) -> Result<Map<String, Value>, Problem> {
    json_body_of(headers, body, &["application/json"])
}

pub(super) fn media_type(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .filter(|v| !v.is_empty())
}

pub(super) fn json_body_of(
    headers: &HeaderMap,
    body: &Bytes,
    accepted: &[&str],
) -> Result<Map<String, Value>, Problem> {
    let mt = media_type(headers);
    let ok = mt.as_deref().is_some_and(|m| {
        accepted.contains(&m) || (accepted.contains(&"application/json") && m.ends_with("+json"))
    });
    if !ok {
        let said = mt.map_or_else(
            || "no Content-Type".to_string(),
            |m| format!("Content-Type {m}"),
        );
        return Err(Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!(
                "the body must be JSON, sent with Content-Type: {}; the request had {said}",
                accepted[0]
            ),
        )
        .with_type("unsupported-media-type", "Unsupported media type"));
    }
    let doc: Value = serde_json::from_slice(body).map_err(|e| {
        Problem::bad_request(format!("the body is not valid JSON: {e}"))
            .with_type("malformed-json", "Malformed JSON")
    })?;
    match doc {
        Value::Object(map) => Ok(map),
        other => Err(Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!(
                "the body must be a JSON object like {{\"title\": \"Buy milk\"}}, not {}",
                kind_of(&other)
            ),
        )
        .with_type("validation", "Validation failed")),
    }
}

pub(super) fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The writable fields of a task after validation; `None` = not given.
#[derive(Debug, Default)]
pub(super) struct Fields {
    pub(super) title: Option<String>,
    pub(super) completed: Option<bool>,
}

/// Check every field of a task body; all problems at once, first one as `field`.
pub(super) fn validate(doc: &Map<String, Value>) -> Result<Fields, Problem> {
    let mut errors = Vec::new();
    let mut fields = Fields::default();
    let mut err = |field: &str, detail: String| {
        errors.push(FieldError {
            field: field.into(),
            detail,
        })
    };
    for (k, v) in doc {
        match k.as_str() {
            "title" => match v {
                Value::String(s) if s.trim().is_empty() => {
                    err("title", "title must not be empty".into())
                }
                Value::String(s) if s.chars().count() > MAX_TITLE => err(
                    "title",
                    format!("title must be at most {MAX_TITLE} characters"),
                ),
                Value::String(s) => fields.title = Some(s.trim().to_string()),
                other => err(
                    "title",
                    format!("title must be a string, not {}", kind_of(other)),
                ),
            },
            "completed" => match v {
                Value::Bool(b) => fields.completed = Some(*b),
                other => err(
                    "completed",
                    format!("completed must be true or false, not {}", kind_of(other)),
                ),
            },
            "id" | "created_at" => err(k, format!("{k} is set by the server; leave it out")),
            _ => err(
                k,
                format!("unknown field {k:?}; a task has title and completed"),
            ),
        }
    }
    if errors.is_empty() {
        Ok(fields)
    } else {
        let detail = errors
            .iter()
            .map(|e| e.detail.as_str())
            .collect::<Vec<_>>()
            .join("; ");
        Err(Problem::new(StatusCode::UNPROCESSABLE_ENTITY, detail)
            .with_type("validation", "Validation failed")
            .with_errors(errors))
    }
}

pub(super) fn require_title(f: &Fields) -> Result<String, Problem> {
    f.title.clone().ok_or_else(|| {
        Problem::invalid_field("title", r#"title is required, e.g. {"title": "Buy milk"}"#)
    })
}

pub(super) fn now_rfc3339() -> String {
    let now = time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .unwrap_or_else(|_| time::OffsetDateTime::now_utc());
    now.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

pub(super) fn with_etag(
    status: StatusCode,
    task: &Task,
    extra: Option<(header::HeaderName, String)>,
) -> Response {
    let mut res = (status, Json(task)).into_response();
    if let Ok(v) = HeaderValue::from_str(&task.etag()) {
        res.headers_mut().insert(header::ETAG, v);
    }
    if let Some((name, value)) = extra
        && let Ok(v) = HeaderValue::from_str(&value)
    {
        res.headers_mut().insert(name, v);
    }
    res
}

pub(super) fn parse_id(raw: &str) -> Result<i64, Problem> {
    raw.parse::<i64>()
        .map_err(|_| Problem::not_found(format!("there is no task {raw:?}: task ids are integers")))
}

/// The task `id`, or the 404 problem that says it does not exist.
pub(super) fn fetch(state: &LabState, trace: &Trace, id: i64) -> Result<Task, Problem> {
    state
        .parts()
        .tasks
        .get(trace, id)
        .map_err(db_error)?
        .ok_or_else(|| missing(id))
}

pub(super) fn missing(id: i64) -> Problem {
    Problem::not_found(format!("there is no task {id}")).with_type("not-found", "Task not found")
}

/// Entity tags listed in an `If-None-Match`/`If-Match` value, or `None` for `*`.
pub(super) fn tags(v: &str) -> Option<Vec<&str>> {
    let v = v.trim();
    if v == "*" {
        return None;
    }
    Some(
        v.split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .collect(),
    )
}

/// `If-None-Match` uses weak comparison: `W/"x"` matches `"x"`.
pub(super) fn none_match(headers: &HeaderMap, etag: &str) -> bool {
    let Some(v) = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    match tags(v) {
        None => true,
        Some(list) => list
            .iter()
            .any(|t| t.trim_start_matches("W/") == etag.trim_start_matches("W/")),
    }
}

/// `If-Match` uses strong comparison: a weak tag never matches.
/// `If-None-Match` on a method that changes state: when it matches (`*` always does for an
/// existing task), the change must not happen (RFC 9110 §13.1.2): 412.
pub(super) fn none_match_fails(headers: &HeaderMap, etag: &str) -> Option<Problem> {
    none_match(headers, etag).then(|| {
        Problem::new(
            StatusCode::PRECONDITION_FAILED,
            format!(
                "If-None-Match matches the task's current ETag {etag} (`*` matches any existing \
                 task): the request asked not to change it in that case"
            ),
        )
        .with_type("precondition-failed", "Precondition failed")
        .with_header(header::ETAG, etag)
    })
}

pub(super) fn if_match_fails(headers: &HeaderMap, etag: &str) -> Option<Problem> {
    let v = headers
        .get(header::IF_MATCH)
        .and_then(|v| v.to_str().ok())?;
    let ok = match tags(v) {
        None => true,
        Some(list) => list.iter().any(|t| !t.starts_with("W/") && *t == etag),
    };
    (!ok).then(|| {
        Problem::new(
            StatusCode::PRECONDITION_FAILED,
            format!(
                "If-Match {v} does not match the task's current ETag {etag}: someone changed it \
                 since you read it. GET it again, then retry with the new ETag."
            ),
        )
        .with_type("precondition-failed", "Precondition failed")
        .with_header(header::ETAG, etag)
    })
}

/// The query of `GET /api/tasks`, validated.
#[derive(Debug, PartialEq)]
pub(super) struct ListQuery {
    pub(super) completed: Option<bool>,
    pub(super) q: Option<String>,
    pub(super) sort: Vec<(String, bool)>,
    pub(super) page: i64,
    pub(super) limit: i64,
}

pub(super) fn parse_list_query(raw: &str) -> Result<ListQuery, Problem> {
    let mut q = ListQuery {
        completed: None,
        q: None,
        sort: Vec::new(),
        page: 1,
        limit: DEFAULT_LIMIT,
    };
    let bad = |field: &str, detail: String| Problem::bad_request(detail).with_field(field);
    for (k, v) in crate::lab::support::parse_urlencoded(raw) {
        match k.as_str() {
            "completed" => {
                q.completed = Some(match v.as_str() {
                    "true" => true,
                    "false" => false,
                    _ => {
                        return Err(bad(
                            "completed",
                            format!("completed must be true or false, not {v:?}"),
                        ));
                    }
                })
            }
            "q" => q.q = Some(v).filter(|s| !s.is_empty()),
            "sort" => {
                for key in v.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                    let (name, desc) = match key.strip_prefix('-') {
                        Some(n) => (n, true),
                        None => (key.strip_prefix('+').unwrap_or(key), false),
                    };
                    if !["id", "title", "completed", "created_at"].contains(&name) {
                        return Err(bad(
                            "sort",
                            format!(
                                "cannot sort by {name:?}; use id, title, completed or created_at, \
                                 with - for descending (sort=-created_at,title)"
                            ),
                        ));
                    }
                    q.sort.push((name.to_string(), desc));
                }
            }
            "page" => {
                q.page = v.parse().ok().filter(|p| *p >= 1).ok_or_else(|| {
                    bad(
                        "page",
                        format!("page must be a whole number from 1, not {v:?}"),
                    )
                })?
            }
            "limit" => {
                q.limit = v
                    .parse()
                    .ok()
                    .filter(|l| (1..=MAX_LIMIT).contains(l))
                    .ok_or_else(|| {
                        bad(
                            "limit",
                            format!(
                                "limit must be a whole number from 1 to {MAX_LIMIT}, not {v:?}"
                            ),
                        )
                    })?
            }
            // Other parameters are ignored, as most APIs do.
            _ => {}
        }
    }
    Ok(q)
}

pub(super) fn page_link(q: &ListQuery, page: i64, rel: &str) -> String {
    let mut parts = Vec::new();
    if let Some(c) = q.completed {
        parts.push(format!("completed={c}"));
    }
    if let Some(s) = &q.q {
        parts.push(format!("q={}", encode(s)));
    }
    if !q.sort.is_empty() {
        let s: Vec<String> = q
            .sort
            .iter()
            .map(|(n, d)| format!("{}{n}", if *d { "-" } else { "" }))
            .collect();
        parts.push(format!("sort={}", s.join(",")));
    }
    parts.push(format!("page={page}"));
    parts.push(format!("limit={}", q.limit));
    format!("</api/tasks?{}>; rel=\"{rel}\"", parts.join("&"))
}

pub(super) fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
