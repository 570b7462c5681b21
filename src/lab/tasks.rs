//! The tasks API (`/api/tasks`): REST CRUD over an in-memory SQLite, every statement traced
//! with its bound parameters so the learner sees request → handler → database → response.

use super::{FieldError, LabState, Problem, Trace};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rusqlite::types::Value as Sql;
use rusqlite::{Connection, params_from_iter};
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};
use std::sync::Mutex;
use std::time::Instant;

/// Default and largest page size of `GET /api/tasks`.
const DEFAULT_LIMIT: i64 = 20;
const MAX_LIMIT: i64 = 100;
/// Longest title accepted.
const MAX_TITLE: usize = 200;

const SCHEMA: &str = "CREATE TABLE tasks (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    title      TEXT NOT NULL,
    completed  INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
)";

/// The deterministic seed data `POST /_lab/reset` restores.
const SEED: &[(&str, bool, &str)] = &[
    ("Read the HTTP anatomy lesson", true, "2026-01-05T09:00:00Z"),
    ("Send a GET to /get", true, "2026-01-05T09:30:00Z"),
    ("Create a task with POST", false, "2026-01-06T10:00:00Z"),
    ("Replace a task with PUT", false, "2026-01-07T11:15:00Z"),
    (
        "Delete a task and get 404 after",
        false,
        "2026-01-08T16:45:00Z",
    ),
];

/// The tasks database: one in-memory SQLite connection behind a mutex.
pub(crate) struct Tasks {
    conn: Mutex<Connection>,
}

/// One task, as stored and as sent.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub(crate) struct Task {
    id: i64,
    title: String,
    completed: bool,
    created_at: String,
}

impl Task {
    /// A strong validator: a hash of the representation, quoted.
    fn etag(&self) -> String {
        let body = serde_json::to_vec(self).unwrap_or_default();
        format!("\"{}\"", &hex::encode(Sha256::digest(body))[..16])
    }

    fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Self> {
        Ok(Self {
            id: r.get(0)?,
            title: r.get(1)?,
            completed: r.get(2)?,
            created_at: r.get(3)?,
        })
    }
}

fn sql_json(v: &Sql) -> Value {
    match v {
        Sql::Null => Value::Null,
        Sql::Integer(i) => json!(i),
        Sql::Real(f) => json!(f),
        Sql::Text(t) => json!(t),
        Sql::Blob(b) => json!(format!("<{} bytes>", b.len())),
    }
}

fn db_error(e: rusqlite::Error) -> Problem {
    Problem::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        format!("the tasks database failed: {e}"),
    )
}

impl Tasks {
    /// A fresh database with the seed tasks.
    pub(crate) fn open() -> rusqlite::Result<Self> {
        let conn = Connection::open_in_memory()?;
        conn.execute_batch(SCHEMA)?;
        let tasks = Self {
            conn: Mutex::new(conn),
        };
        tasks.reset(&Trace::default())?;
        Ok(tasks)
    }

    /// Back to the seed tasks; ids start at 1 again.
    pub(crate) fn reset(&self, trace: &Trace) -> rusqlite::Result<()> {
        self.with(|c| {
            run(trace, c, "DELETE FROM tasks", vec![])?;
            run(
                trace,
                c,
                "DELETE FROM sqlite_sequence WHERE name = 'tasks'",
                vec![],
            )?;
            for (title, done, at) in SEED {
                run(
                    trace,
                    c,
                    "INSERT INTO tasks (title, completed, created_at) VALUES (?1, ?2, ?3)",
                    vec![
                        Sql::Text((*title).into()),
                        Sql::Integer(i64::from(*done)),
                        Sql::Text((*at).into()),
                    ],
                )?;
            }
            Ok(())
        })
    }

    /// Whether the database answers (for `/ready`).
    pub(crate) fn ping(&self) -> bool {
        self.with(|c| c.query_row("SELECT 1", [], |r| r.get::<_, i64>(0)))
            .is_ok()
    }

    fn with<T>(&self, f: impl FnOnce(&Connection) -> rusqlite::Result<T>) -> rusqlite::Result<T> {
        // A panic while holding the lock cannot leave SQLite half-written: use it anyway.
        let conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        f(&conn)
    }

    fn get(&self, trace: &Trace, id: i64) -> rusqlite::Result<Option<Task>> {
        self.with(|c| {
            let mut v = select(
                trace,
                c,
                "SELECT id, title, completed, created_at FROM tasks WHERE id = ?1",
                vec![Sql::Integer(id)],
            )?;
            Ok(v.pop())
        })
    }
}

/// Run a statement, recording it in the trace with its parameters and time.
fn run(trace: &Trace, c: &Connection, sql: &str, params: Vec<Sql>) -> rusqlite::Result<usize> {
    let start = Instant::now();
    let n = c
        .prepare_cached(sql)?
        .execute(params_from_iter(params.iter()))?;
    trace.sql(sql, params.iter().map(sql_json).collect(), start.elapsed());
    Ok(n)
}

/// Run a task query, recording it in the trace.
fn select(
    trace: &Trace,
    c: &Connection,
    sql: &str,
    params: Vec<Sql>,
) -> rusqlite::Result<Vec<Task>> {
    let start = Instant::now();
    let mut stmt = c.prepare_cached(sql)?;
    let rows = stmt
        .query_map(params_from_iter(params.iter()), Task::from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    trace.sql(sql, params.iter().map(sql_json).collect(), start.elapsed());
    Ok(rows)
}

fn count(trace: &Trace, c: &Connection, sql: &str, params: Vec<Sql>) -> rusqlite::Result<i64> {
    let start = Instant::now();
    let n = c
        .prepare_cached(sql)?
        .query_row(params_from_iter(params.iter()), |r| r.get(0))?;
    trace.sql(sql, params.iter().map(sql_json).collect(), start.elapsed());
    Ok(n)
}

/// The request body as a JSON object: 415 unless the Content-Type is JSON, 400 when it does
/// not parse, 422 when it is not an object.
pub(crate) fn json_body(headers: &HeaderMap, body: &Bytes) -> Result<Map<String, Value>, Problem> {
    json_body_of(headers, body, &["application/json"])
}

fn media_type(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .filter(|v| !v.is_empty())
}

fn json_body_of(
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

fn kind_of(v: &Value) -> &'static str {
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
struct Fields {
    title: Option<String>,
    completed: Option<bool>,
}

/// Check every field of a task body; all problems at once, first one as `field`.
fn validate(doc: &Map<String, Value>) -> Result<Fields, Problem> {
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

fn require_title(f: &Fields) -> Result<String, Problem> {
    f.title.clone().ok_or_else(|| {
        Problem::invalid_field("title", r#"title is required, e.g. {"title": "Buy milk"}"#)
    })
}

fn now_rfc3339() -> String {
    let now = time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .unwrap_or_else(|_| time::OffsetDateTime::now_utc());
    now.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

fn with_etag(
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

fn parse_id(raw: &str) -> Result<i64, Problem> {
    raw.parse::<i64>()
        .map_err(|_| Problem::not_found(format!("there is no task {raw:?}: task ids are integers")))
}

/// The task `id`, or the 404 problem that says it does not exist.
fn fetch(state: &LabState, trace: &Trace, id: i64) -> Result<Task, Problem> {
    state
        .tasks()
        .get(trace, id)
        .map_err(db_error)?
        .ok_or_else(|| missing(id))
}

fn missing(id: i64) -> Problem {
    Problem::not_found(format!("there is no task {id}")).with_type("not-found", "Task not found")
}

/// Entity tags listed in an `If-None-Match`/`If-Match` value, or `None` for `*`.
fn tags(v: &str) -> Option<Vec<&str>> {
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
fn none_match(headers: &HeaderMap, etag: &str) -> bool {
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
fn if_match_fails(headers: &HeaderMap, etag: &str) -> Option<Problem> {
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
struct ListQuery {
    completed: Option<bool>,
    q: Option<String>,
    sort: Vec<(String, bool)>,
    page: i64,
    limit: i64,
}

fn parse_list_query(raw: &str) -> Result<ListQuery, Problem> {
    let mut q = ListQuery {
        completed: None,
        q: None,
        sort: Vec::new(),
        page: 1,
        limit: DEFAULT_LIMIT,
    };
    let bad = |field: &str, detail: String| Problem::bad_request(detail).with_field(field);
    for (k, v) in super::echo::parse_urlencoded(raw) {
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

fn page_link(q: &ListQuery, page: i64, rel: &str) -> String {
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

fn encode(s: &str) -> String {
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

/// `GET /api/tasks`: filter, sort, paginate; `X-Total-Count` and `Link` tell the rest.
pub(crate) async fn list(
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
        .tasks()
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
pub(crate) async fn create(
    State(state): State<LabState>,
    trace: Trace,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Problem> {
    trace.handler("tasks::create");
    let fields = validate(&json_body(&headers, &body)?)?;
    let title = require_title(&fields)?;
    let completed = fields.completed.unwrap_or(false);
    let task = state
        .tasks()
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

/// `GET /api/tasks/{id}`: 200 + `ETag`, 304 when `If-None-Match` matches, or 404.
pub(crate) async fn read(
    State(state): State<LabState>,
    trace: Trace,
    headers: HeaderMap,
    Path(raw): Path<String>,
) -> Result<Response, Problem> {
    trace.handler("tasks::read");
    let id = parse_id(&raw)?;
    let task = fetch(&state, &trace, id)?;
    let etag = task.etag();
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
pub(crate) async fn replace(
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
pub(crate) async fn patch(
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
    if let Some(p) = if_match_fails(headers, &current.etag()) {
        return Err(p);
    }
    let title = title.unwrap_or(current.title);
    let completed = completed.unwrap_or(current.completed);
    state
        .tasks()
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
pub(crate) async fn delete(
    State(state): State<LabState>,
    trace: Trace,
    headers: HeaderMap,
    Path(raw): Path<String>,
) -> Result<StatusCode, Problem> {
    trace.handler("tasks::delete");
    let id = parse_id(&raw)?;
    if headers.contains_key(header::IF_MATCH) {
        let current = fetch(&state, &trace, id)?;
        if let Some(p) = if_match_fails(&headers, &current.etag()) {
            return Err(p);
        }
    }
    let n = state
        .tasks()
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
