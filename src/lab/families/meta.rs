//! The lab itself: `/_lab/info` (who is on this port), `/_lab/reset`, `/_lab/journal`,
//! `/_lab/flush` (the journal written out before a check),
//! `/_lab/problems/{slug}` (what a problem type means) and `/openapi.json`.

use super::Api;
use crate::lab::openapi::{empty, json_response, op, path_param, problem, query_param};
use crate::lab::{LAB_NAME, LabState, Problem, Trace};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use serde_json::{Value, json};

pub(super) fn api(api: &mut Api) {
    api.route(
        "/_lab/info",
        get(info),
        json!({ "get": op("lab", "Who is on this port", vec![], None, vec![("200", json_response("Identity", json!({"type": "object", "required": ["name", "version"], "properties": {"name": {"const": "backroad-lab"}, "version": {"type": "string"}}})))]) }),
    );
    api.route(
        "/_lab/journal",
        get(journal_since),
        json!({ "get": op("lab", "Recent exchanges", vec![query_param("since", json!({"type": "integer", "minimum": i64::MIN, "maximum": i64::MAX, "default": 0}), "Only exchanges after this id")], None, vec![("200", json_response("Exchanges, oldest first", json!({"type": "object"}))), ("422", problem("since is not an integer"))]) }),
    );
    api.route(
        "/_lab/problems/{slug}",
        get(crate::lab::problem::describe),
        json!({ "get": op("lab", "What a problem type means (the `type` of a problem+json)", vec![path_param("slug", json!({"type": "string", "enum": crate::lab::problem::slugs().collect::<Vec<_>>()}), "e.g. validation")], None, vec![("200", json_response("The problem type", json!({"type": "object"}))), ("404", problem("Unknown problem type"))]) }),
    );
    api.route(
        "/_lab/reset",
        post(reset),
        json!({ "post": op("lab", "Restore the seed data", vec![], None, vec![("204", empty("Reset"))]) }),
    );
    api.route(
        "/_lab/flush",
        post(flush),
        json!({ "post": op("lab", "Write every exchange so far to the journal (loopback clients only); says when the lab started", vec![], None, vec![("200", json_response("Flushed", json!({"type": "object", "required": ["flushed", "started_ms"], "properties": {"flushed": {"const": true}, "started_ms": {"type": "integer"}}}))), ("403", problem("The client is not on this machine"))]) }),
    );
    api.route(
        "/openapi.json",
        get(openapi),
        json!({ "get": op("lab", "This document", vec![], None, vec![("200", json_response("OpenAPI 3.1", json!({"type": "object"})))]) }),
    );
}

/// `GET /openapi.json`: built once from the registry.
async fn openapi(trace: Trace) -> Json<Value> {
    static DOC: std::sync::OnceLock<Value> = std::sync::OnceLock::new();
    trace.handler("lab::openapi");
    Json(DOC.get_or_init(crate::lab::openapi::document).clone())
}

async fn info(state: State<LabState>) -> Json<serde_json::Value> {
    let started = httpdate::fmt_http_date(state.started());
    Json(serde_json::json!({
        "name": LAB_NAME,
        "version": env!("CARGO_PKG_VERSION"),
        "started": started,
        "journal": state.config().db.is_some(),
        "docs": "/openapi.json",
        "extras": {
            "seed_admin": { "username": super::SEED_ADMIN_USER, "password": super::SEED_ADMIN_PASSWORD },
            "cors_allowed_origins": super::ALLOWED_ORIGINS,
        },
    }))
}

#[derive(serde::Deserialize)]
struct SinceQuery {
    since: Option<i64>,
}

/// `GET /_lab/journal?since=ID`: the exchanges after `ID` this lab process served (lab-local
/// ids, newest 200 kept in memory), with bodies as text.
async fn journal_since(
    state: State<LabState>,
    query: Result<axum::extract::Query<SinceQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<serde_json::Value>, Problem> {
    let since = match query {
        Ok(q) => q.since.unwrap_or(0),
        Err(_) => {
            return Err(Problem::invalid_field(
                "since",
                "since must be an exchange id (an integer), e.g. ?since=0",
            ));
        }
    };
    let items: Vec<serde_json::Value> = state
        .journal()
        .recent_since(since)
        .iter()
        .map(|x| {
            serde_json::json!({
                "id": x.id,
                "at": x.at,
                "client": x.client,
                "method": x.method,
                "path": x.path,
                "query": x.query,
                "request_headers": x.request_headers,
                "request_body": String::from_utf8_lossy(&x.request_body),
                "status": x.status,
                "response_headers": x.response_headers,
                "response_body": String::from_utf8_lossy(&x.response_body),
                "duration_us": x.duration_us,
                "trace": x.trace,
            })
        })
        .collect();
    let last = items
        .last()
        .map_or(since, |x| x["id"].as_i64().unwrap_or(since));
    Ok(Json(serde_json::json!({
        "exchanges": items,
        "next": format!("/_lab/journal?since={last}"),
        "not_stored": state.journal().dropped(),
    })))
}

/// `POST /_lab/flush`: wait until every exchange served so far is in the progress database,
/// so a check run right after a request (`curl … && backroad check ID`) sees it. Only for
/// clients on this machine (the lab may listen wider with `--allow-remote`).
async fn flush(
    state: State<LabState>,
    trace: Trace,
    req: axum::extract::Request,
) -> Result<Json<Value>, Problem> {
    trace.handler("lab::flush");
    let client = req
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip());
    if !client.is_some_and(|ip| ip.is_loopback()) {
        return Err(Problem::new(
            StatusCode::FORBIDDEN,
            "only a client on this machine may flush the journal",
        ));
    }
    let lab = state.0.clone();
    let _ = tokio::task::spawn_blocking(move || lab.flush_journal()).await;
    let started_ms = state
        .started()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64);
    Ok(Json(json!({ "flushed": true, "started_ms": started_ms })))
}

async fn reset(state: State<LabState>, trace: Trace) -> StatusCode {
    trace.handler("lab::reset");
    state.reset_traced(&trace);
    StatusCode::NO_CONTENT
}
