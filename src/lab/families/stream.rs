//! Streaming responses: server-sent events (`/sse`) and NDJSON (`/stream/{n}`).
//!
//! Both send each item as it is produced (one chunk per event or line), so a client sees them
//! arrive over time. `/sse` resumes after the id in `Last-Event-ID`, and answers 204 once there
//! is nothing left, which tells a browser's `EventSource` to stop reconnecting.

use super::Api;
use crate::lab::openapi::{empty, header_param, path_param, query_param};
use crate::lab::{Problem, Trace};
use axum::body::{Body, Bytes};
use axum::extract::{Path, Query};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::sse::{Event, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures::Stream;
use serde_json::json;
use std::convert::Infallible;
use std::time::Duration;

const MAX_ITEMS: u32 = 100;

pub(super) fn api(api: &mut Api) {
    api.route(
        "/sse",
        get(sse),
        json!({ "get": {
        "tags": ["streaming"], "summary": "Server-sent events (resumes from Last-Event-ID)",
        "parameters": [query_param("count", json!({"type": "integer", "minimum": 1, "maximum": MAX_ITEMS}), "Events"), query_param("interval", json!({"type": "number", "minimum": 0, "maximum": 10}), "Seconds between events"), header_param("Last-Event-ID", "Resume after this id")],
        "responses": {
            "200": { "description": "An event stream: `tick` events, then one `done`", "content": { "text/event-stream": { "schema": {
                "type": "object",
                "description": "One event",
                "required": ["data"],
                "properties": {
                    "id": { "type": "string", "pattern": "^[0-9]+$" },
                    "event": { "enum": ["tick", "done"] },
                    "data": { "type": "string", "contentMediaType": "application/json", "description": "{\"n\": 1, \"of\": 5, \"at\": RFC 3339 time}" },
                    "retry": { "type": "integer" }
                }
            } } } },
            "204": empty("Last-Event-ID is at or past the last event: nothing left to send")
        }
    } }),
    );
    api.route(
        "/stream/{n}",
        get(ndjson),
        json!({ "get": {
        "tags": ["streaming"], "summary": "n NDJSON lines, flushed as produced",
        "parameters": [path_param("n", json!({"type": "integer", "minimum": 1, "maximum": MAX_ITEMS}), "Lines"), query_param("interval", json!({"type": "number", "minimum": 0, "maximum": 2}), "Seconds between lines")],
        "responses": { "200": { "description": "Newline-delimited JSON", "content": { "application/x-ndjson": { "schema": { "type": "string" } } } } }
    } }),
    );
}

#[derive(serde::Deserialize)]
struct Params {
    count: Option<String>,
    interval: Option<String>,
}

fn now() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// Items `first..=last`, one every `interval` (the first at once), each made when it is due.
fn paced<T: Send + 'static>(
    first: u32,
    last: u32,
    interval: Duration,
    make: impl Fn(u32) -> T + Send + Sync + 'static,
) -> impl Stream<Item = T> + Send {
    let make = std::sync::Arc::new(make);
    futures::stream::unfold(first, move |n| {
        let make = make.clone();
        async move {
            if n > last {
                return None;
            }
            if n > first {
                tokio::time::sleep(interval).await;
            }
            Some((make(n), n + 1))
        }
    })
}

async fn sse(
    trace: Trace,
    headers: HeaderMap,
    query: Result<Query<Params>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, Problem> {
    trace.handler("stream::sse");
    let Ok(Query(q)) = query else {
        return Err(Problem::bad_request("the query string could not be read"));
    };
    let count = crate::lab::support::bounded("count", q.count.as_deref(), 5u32, 1, MAX_ITEMS)?;
    let interval =
        crate::lab::support::bounded("interval", q.interval.as_deref(), 1.0f64, 0.0, 10.0)?;
    let last_seen = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u32>().ok())
        .unwrap_or(0);
    if last_seen >= count {
        trace.note(
            "sse",
            format!("Last-Event-ID {last_seen}: nothing left"),
            Some("204".into()),
        );
        return Ok(StatusCode::NO_CONTENT.into_response());
    }
    let first = last_seen + 1;
    trace.note("sse", format!("events {first}..={count}"), None);
    let events = paced(first, count, Duration::from_secs_f64(interval), move |n| {
        let data = serde_json::json!({ "n": n, "of": count, "at": now() }).to_string();
        let event = Event::default()
            .id(n.to_string())
            .event(if n == count { "done" } else { "tick" })
            .data(data);
        let event = if n == first {
            event.retry(Duration::from_secs(2))
        } else {
            event
        };
        Ok::<_, Infallible>(event)
    });
    Ok(Sse::new(events).into_response())
}

async fn ndjson(
    trace: Trace,
    Path(n): Path<String>,
    query: Result<Query<Params>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, Problem> {
    trace.handler("stream::ndjson");
    let Ok(Query(q)) = query else {
        return Err(Problem::bad_request("the query string could not be read"));
    };
    let n = crate::lab::support::bounded("n", Some(&n), 1u32, 1, MAX_ITEMS)?;
    let interval =
        crate::lab::support::bounded("interval", q.interval.as_deref(), 0.1f64, 0.0, 2.0)?;
    let lines = paced(1, n, Duration::from_secs_f64(interval), move |i| {
        let mut line = serde_json::json!({ "id": i, "of": n, "at": now() }).to_string();
        line.push('\n');
        Ok::<_, Infallible>(Bytes::from(line))
    });
    Ok((
        [
            (header::CONTENT_TYPE, "application/x-ndjson"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        Body::from_stream(lines),
    )
        .into_response())
}
