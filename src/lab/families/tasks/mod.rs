//! The tasks API (`/api/tasks`): REST CRUD over an in-memory SQLite, every statement traced
//! with its bound parameters so the learner sees request → handler → database → response.

mod http;
mod store;

pub(crate) use http::json_body;
pub(crate) use store::Tasks;

use super::Api;
use crate::lab::openapi::{
    empty, header_param, json_body as json_request, json_response, op, path_param, problem,
    query_param, schema,
};
use crate::lab::{LabState, Problem, Trace};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use http::*;
use rusqlite::types::Value as Sql;
use serde_json::{Value, json};
use store::*;

pub(super) fn api(api: &mut Api) {
    let task = || schema("Task");
    let etag_header = json!({ "ETag": { "schema": { "type": "string" }, "description": "Strong validator of the task" } });
    let with_etag = |desc: &str| {
        let mut r = json_response(desc, task());
        r["headers"] = etag_header.clone();
        r
    };
    let id = || path_param("id", json!({"type": "integer"}), "Task id");
    api.route(
        "/api/tasks",
        get(list).post(create),
        json!({
            "get": op("tasks", "List tasks", vec![
                query_param("completed", json!({"type": "boolean"}), "Only done (true) or open (false) tasks"),
                query_param("q", json!({"type": "string"}), "Title contains this text"),
                query_param("sort", json!({"type": "string", "pattern": "^\\s*([+-]?(id|title|completed|created_at)\\s*)?(,\\s*([+-]?(id|title|completed|created_at)\\s*)?)*$", "examples": ["-created_at,title"]}), "Comma-separated fields (id, title, completed, created_at); - for descending"),
                query_param("page", json!({"type": "integer", "minimum": 1, "maximum": i64::MAX, "default": 1}), "Page number"),
                query_param("limit", json!({"type": "integer", "minimum": 1, "maximum": 100, "default": 20}), "Page size"),
            ], None, vec![
                ("200", {
                    let mut r = json_response("A page of tasks (empty past the last page)", json!({"type": "array", "items": task()}));
                    r["headers"] = json!({
                        "X-Total-Count": { "schema": { "type": "integer" }, "description": "Tasks matching the filters" },
                        "Link": { "schema": { "type": "string" }, "description": "first, prev, next and last pages" }
                    });
                    r
                }),
                ("400", problem("A query parameter is invalid (field names it)")),
            ]),
            "post": op("tasks", "Create a task", vec![], Some(json_request(schema("TaskInput"))), vec![
                ("201", {
                    let mut r = with_etag("Created");
                    r["headers"]["Location"] = json!({ "schema": { "type": "string" }, "description": "The new task's URL" });
                    r
                }),
                ("400", problem("Malformed JSON")),
                ("415", problem("Not sent as application/json")),
                ("422", problem("A field is missing, invalid or unknown (field names it)")),
            ]),
        }),
    );
    api.route(
        "/api/tasks/{id}",
        get(read).put(replace).patch(patch).delete(delete),
        json!({
            "parameters": [id()],
            "get": op("tasks", "Read a task", vec![header_param("If-None-Match", "ETag(s) you have; 304 when one matches"), header_param("If-Match", "Only if the task still has this ETag (412 otherwise)")], None, vec![
                ("412", problem("If-Match did not match")),
                ("200", with_etag("The task")),
                ("304", empty("Not modified: your copy is current")),
                ("404", problem("No such task")),
            ]),
            "put": op("tasks", "Replace a task", vec![header_param("If-Match", "Only if the task still has this ETag"), header_param("If-None-Match", "Not if the task has this ETag (`*`: not if it exists)")], Some(json_request(schema("TaskInput"))), vec![
                ("200", with_etag("Replaced")),
                ("400", problem("Malformed JSON")),
                ("404", problem("No such task")),
                ("412", problem("If-Match did not match: the task changed")),
                ("415", problem("Not JSON")),
                ("422", problem("Invalid field")),
            ]),
            "patch": op("tasks", "Change some fields (JSON Merge Patch)", vec![header_param("If-Match", "Only if the task still has this ETag"), header_param("If-None-Match", "Not if the task has this ETag (`*`: not if it exists)")], Some(json!({
                "required": true,
                "content": {
                    "application/merge-patch+json": { "schema": schema("TaskPatch") },
                    "application/json": { "schema": schema("TaskPatch") }
                }
            })), vec![
                ("200", with_etag("Patched")),
                ("404", problem("No such task")),
                ("412", problem("If-Match did not match")),
                ("415", problem("Unsupported patch format (see Accept-Patch)")),
                ("422", problem("Invalid field")),
            ]),
            "delete": op("tasks", "Delete a task", vec![header_param("If-Match", "Only if the task still has this ETag"), header_param("If-None-Match", "Not if the task has this ETag (`*`: not if it exists)")], None, vec![
                ("204", empty("Deleted")),
                ("404", problem("No such task (or already deleted)")),
                ("412", problem("If-Match did not match")),
            ]),
        }),
    );
}

/// `GET /api/tasks`: filter, sort, paginate; `X-Total-Count` and `Link` tell the rest.
async fn list(
    State(state): State<LabState>,
    trace: Trace,
    RawQuery(raw): RawQuery,
) -> Result<Response, Problem> {
    trace.handler("tasks::list");
    let q = parse_list_query(raw.as_deref().unwrap_or(""))?;
    let mut wh = Vec::new();
    let mut params = Vec::new();
    if let Some(c) = q.completed {
        params.push(Sql::Integer(i64::from(c)));
        wh.push(format!("completed = ?{}", params.len()));
    }
    if let Some(text) = &q.q {
        let escaped = text
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        params.push(Sql::Text(format!("%{escaped}%")));
        wh.push(format!("title LIKE ?{} ESCAPE '\\'", params.len()));
    }
    let where_sql = if wh.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", wh.join(" AND "))
    };
    let mut order: Vec<String> = q
        .sort
        .iter()
        .map(|(n, d)| format!("{n} {}", if *d { "DESC" } else { "ASC" }))
        .collect();
    if !q.sort.iter().any(|(n, _)| n == "id") {
        order.push("id ASC".into());
    }
    let (total, tasks) = state
        .parts()
        .tasks
        .with(|c| {
            let total = count(
                &trace,
                c,
                &format!("SELECT count(*) FROM tasks{where_sql}"),
                params.clone(),
            )?;
            // LIMIT and OFFSET are validated integers written into the statement: bound as
            // parameters, SQLite re-plans the statement on every run (its planner looks at
            // their values), which costs more than the query itself.
            let offset = (q.page - 1).saturating_mul(q.limit);
            let tasks = select(
                &trace,
                c,
                &format!(
                    "SELECT id, title, completed, created_at FROM tasks{where_sql} ORDER BY {} LIMIT {} OFFSET {offset}",
                    order.join(", "),
                    q.limit
                ),
                params.clone(),
            )?;
            Ok((total, tasks))
        })
        .map_err(db_error)?;
    let last = ((total + q.limit - 1) / q.limit).max(1);
    let mut links = vec![page_link(&q, 1, "first")];
    if q.page > 1 {
        links.push(page_link(&q, (q.page - 1).min(last), "prev"));
    }
    if q.page < last {
        links.push(page_link(&q, q.page + 1, "next"));
    }
    links.push(page_link(&q, last, "last"));
    let mut res = Json(tasks).into_response();
    let h = res.headers_mut();
    h.insert("x-total-count", HeaderValue::from(total));
    if let Ok(v) = HeaderValue::from_str(&links.join(", ")) {
        h.insert(header::LINK, v);
    }
    Ok(res)
}

/// `POST /api/tasks`: 201 + `Location` + `ETag` and the new task.
async fn create(
    State(state): State<LabState>,
    trace: Trace,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Problem> {
    trace.handler("tasks::create");
    let doc = json_body(&headers, &body).map_err(|p| {
        if p.status_code() == StatusCode::UNSUPPORTED_MEDIA_TYPE {
            p.with_header(
                header::HeaderName::from_static("accept-post"),
                "application/json",
            )
        } else {
            p
        }
    })?;
    let fields = validate(&doc)?;
    let title = require_title(&fields)?;
    let completed = fields.completed.unwrap_or(false);
    let task = state
        .parts()
        .tasks
        .with(|c| {
            run(
                &trace,
                c,
                "INSERT INTO tasks (title, completed, created_at) VALUES (?1, ?2, ?3)",
                vec![
                    Sql::Text(title.clone()),
                    Sql::Integer(i64::from(completed)),
                    Sql::Text(now_rfc3339()),
                ],
            )?;
            let id = c.last_insert_rowid();
            let mut v = select(
                &trace,
                c,
                "SELECT id, title, completed, created_at FROM tasks WHERE id = ?1",
                vec![Sql::Integer(id)],
            )?;
            v.pop().ok_or(rusqlite::Error::QueryReturnedNoRows)
        })
        .map_err(db_error)?;
    let location = format!("/api/tasks/{}", task.id);
    Ok(with_etag(
        StatusCode::CREATED,
        &task,
        Some((header::LOCATION, location)),
    ))
}

/// `GET /api/tasks/{id}`: 200 + `ETag`, 412 when `If-Match` does not match, 304 when
/// `If-None-Match` does (RFC 9110 §13.2.2: If-Match first), or 404.
async fn read(
    State(state): State<LabState>,
    trace: Trace,
    headers: HeaderMap,
    Path(raw): Path<String>,
) -> Result<Response, Problem> {
    trace.handler("tasks::read");
    let id = parse_id(&raw)?;
    let task = fetch(&state, &trace, id)?;
    let etag = task.etag();
    if let Some(p) = if_match_fails(&headers, &etag) {
        return Err(p);
    }
    if none_match(&headers, &etag) {
        let mut res = StatusCode::NOT_MODIFIED.into_response();
        if let Ok(v) = HeaderValue::from_str(&etag) {
            res.headers_mut().insert(header::ETAG, v);
        }
        return Ok(res);
    }
    Ok(with_etag(StatusCode::OK, &task, None))
}

/// `PUT /api/tasks/{id}`: replace the task (fields left out take their defaults).
async fn replace(
    State(state): State<LabState>,
    trace: Trace,
    headers: HeaderMap,
    Path(raw): Path<String>,
    body: Bytes,
) -> Result<Response, Problem> {
    trace.handler("tasks::replace");
    let id = parse_id(&raw)?;
    let fields = validate(&json_body(&headers, &body)?)?;
    let title = require_title(&fields)?;
    update(
        &state,
        &trace,
        &headers,
        id,
        title.into(),
        fields.completed.or(Some(false)),
    )
}

/// `PATCH /api/tasks/{id}`: merge the given fields (JSON Merge Patch, RFC 7396).
async fn patch(
    State(state): State<LabState>,
    trace: Trace,
    headers: HeaderMap,
    Path(raw): Path<String>,
    body: Bytes,
) -> Result<Response, Problem> {
    trace.handler("tasks::patch");
    let id = parse_id(&raw)?;
    let doc = json_body_of(
        &headers,
        &body,
        &["application/merge-patch+json", "application/json"],
    )
    .map_err(|p| {
        if p.status_code() == StatusCode::UNSUPPORTED_MEDIA_TYPE {
            p.with_header(
                header::HeaderName::from_static("accept-patch"),
                "application/merge-patch+json, application/json",
            )
        } else {
            p
        }
    })?;
    for key in ["title", "completed"] {
        if doc.get(key).is_some_and(Value::is_null) {
            return Err(Problem::invalid_field(
                key,
                format!("{key} cannot be removed (null); give it a value or leave it out"),
            ));
        }
    }
    let fields = validate(&doc)?;
    update(&state, &trace, &headers, id, fields.title, fields.completed)
}

fn update(
    state: &LabState,
    trace: &Trace,
    headers: &HeaderMap,
    id: i64,
    title: Option<String>,
    completed: Option<bool>,
) -> Result<Response, Problem> {
    let current = fetch(state, trace, id)?;
    let etag = current.etag();
    if let Some(p) = if_match_fails(headers, &etag).or_else(|| none_match_fails(headers, &etag)) {
        return Err(p);
    }
    let title = title.unwrap_or(current.title);
    let completed = completed.unwrap_or(current.completed);
    state
        .parts()
        .tasks
        .with(|c| {
            run(
                trace,
                c,
                "UPDATE tasks SET title = ?1, completed = ?2 WHERE id = ?3",
                vec![
                    Sql::Text(title),
                    Sql::Integer(i64::from(completed)),
                    Sql::Integer(id),
                ],
            )
        })
        .map_err(db_error)?;
    let task = fetch(state, trace, id)?;
    Ok(with_etag(StatusCode::OK, &task, None))
}

/// `DELETE /api/tasks/{id}`: 204, then 404.
async fn delete(
    State(state): State<LabState>,
    trace: Trace,
    headers: HeaderMap,
    Path(raw): Path<String>,
) -> Result<StatusCode, Problem> {
    trace.handler("tasks::delete");
    let id = parse_id(&raw)?;
    if headers.contains_key(header::IF_MATCH) || headers.contains_key(header::IF_NONE_MATCH) {
        let etag = fetch(&state, &trace, id)?.etag();
        if let Some(p) =
            if_match_fails(&headers, &etag).or_else(|| none_match_fails(&headers, &etag))
        {
            return Err(p);
        }
    }
    let n = state
        .parts()
        .tasks
        .with(|c| {
            run(
                &trace,
                c,
                "DELETE FROM tasks WHERE id = ?1",
                vec![Sql::Integer(id)],
            )
        })
        .map_err(db_error)?;
    if n == 0 {
        return Err(missing(id));
    }
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_queries_parse_and_bad_ones_name_their_field() {
        let q = parse_list_query("completed=false&q=milk&sort=-created_at,title&page=2&limit=5")
            .unwrap();
        assert_eq!(q.completed, Some(false));
        assert_eq!(
            q.sort,
            vec![("created_at".into(), true), ("title".into(), false)]
        );
        assert_eq!((q.page, q.limit), (2, 5));
        for (raw, field) in [
            ("page=0", "page"),
            ("limit=500", "limit"),
            ("sort=owner", "sort"),
            ("completed=yes", "completed"),
        ] {
            let p = parse_list_query(raw).unwrap_err();
            assert_eq!(p.doc().field.as_deref(), Some(field), "{raw}");
        }
    }

    #[test]
    fn every_bad_field_is_reported() {
        let doc = serde_json::from_str::<Value>(r#"{"title": 3, "colour": "red"}"#).unwrap();
        let p = validate(doc.as_object().unwrap()).unwrap_err();
        assert_eq!(p.doc().status, 422);
        let fields: Vec<_> = p.doc().errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["title", "colour"]);
    }

    #[test]
    fn if_none_match_is_weak_and_if_match_is_strong() {
        let mut h = HeaderMap::new();
        h.insert(
            header::IF_NONE_MATCH,
            HeaderValue::from_static("\"a\", W/\"b\""),
        );
        assert!(none_match(&h, "\"b\""));
        assert!(!none_match(&h, "\"c\""));
        h.insert(header::IF_MATCH, HeaderValue::from_static("W/\"b\""));
        assert!(if_match_fails(&h, "\"b\"").is_some());
        h.insert(header::IF_MATCH, HeaderValue::from_static("\"b\""));
        assert!(if_match_fails(&h, "\"b\"").is_none());
    }

    #[test]
    fn the_seed_is_there_and_reset_restores_it() {
        let t = Tasks::open().unwrap();
        let trace = Trace::start();
        assert_eq!(t.get(&trace, 1).unwrap().unwrap().title, SEED[0].0);
        t.with(|c| run(&trace, c, "DELETE FROM tasks", vec![]))
            .unwrap();
        t.reset(&trace).unwrap();
        assert_eq!(t.get(&trace, 5).unwrap().unwrap().created_at, SEED[4].2);
        assert!(trace.steps().iter().any(|s| s.step == "sql" && s.params.as_ref().is_some_and(|p| p == &vec![json!(5)])));
    }
}
