//! Asynchronous jobs (`/api/jobs`): the 202 Accepted + polling pattern.
//!
//! `POST /api/jobs` answers 202 with `Location: /api/jobs/{id}`; the job's status is computed
//! from its age (queued for the first third of its run, then running, then done), so no task
//! sleeps per job. A done job links its result at `/api/jobs/{id}/result`.

use super::Api;
use crate::lab::openapi::{json_response, object, ok, op, path_param, problem};
use crate::lab::{LabState, Problem, Trace};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::json;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long a job runs unless the request says otherwise.
const DEFAULT_SECONDS: f64 = 3.0;
const MAX_SECONDS: f64 = 60.0;
/// Most jobs kept; the oldest are forgotten beyond this.
const KEEP: usize = 1000;

#[derive(Default)]
pub(crate) struct Jobs {
    inner: Mutex<JobList>,
}

#[derive(Default)]
struct JobList {
    jobs: Vec<Job>,
    next_id: u64,
}

#[derive(Clone)]
struct Job {
    id: u64,
    task: String,
    created: Instant,
    created_at: String,
    run: Duration,
}

impl super::Part for Jobs {
    fn open(_: &crate::lab::LabConfig) -> Result<Self, crate::lab::LabError> {
        Ok(Self::default())
    }

    fn reset(&self, _: &Trace) {
        Jobs::reset(self);
    }
}

impl Jobs {
    pub(super) fn reset(&self) {
        if let Ok(mut j) = self.inner.lock() {
            *j = JobList::default();
        }
    }

    pub(super) fn count(&self) -> usize {
        self.inner.lock().map_or(0, |j| j.jobs.len())
    }

    fn get(&self, id: u64) -> Option<Job> {
        let j = self.inner.lock().ok()?;
        j.jobs.iter().find(|x| x.id == id).cloned()
    }
}

impl Job {
    fn status(&self) -> &'static str {
        let age = self.created.elapsed();
        if age >= self.run {
            "done"
        } else if age >= self.run / 3 {
            "running"
        } else {
            "queued"
        }
    }

    fn to_json(&self) -> serde_json::Value {
        let status = self.status();
        let progress =
            (self.created.elapsed().as_secs_f64() / self.run.as_secs_f64().max(0.001)).min(1.0);
        let mut v = serde_json::json!({
            "id": self.id,
            "task": self.task,
            "status": status,
            "progress": (progress * 100.0).round() / 100.0,
            "created_at": self.created_at,
            "links": { "self": format!("/api/jobs/{}", self.id) },
        });
        if status == "done" {
            v["result"] = format!("/api/jobs/{}/result", self.id).into();
            v["links"]["result"] = v["result"].clone();
        }
        v
    }
}

pub(super) fn api(api: &mut Api) {
    api.route(
        "/api/jobs",
        get(list).post(create),
        json!({
            "get": op("async", "List jobs", vec![], None, vec![("200", json_response("Jobs", json!({"type": "array", "items": object()})))]),
            "post": op("async", "Start a job", vec![], None, vec![("202", { let mut r = ok("Accepted"); r["headers"] = json!({"Location": {"schema": {"type": "string"}, "description": "/api/jobs/{id}"}}); r })]),
        }),
    );
    api.route(
        "/api/jobs/{id}",
        get(show),
        json!({ "get": op("async", "A job's status: queued, running, done", vec![path_param("id", json!({"type": "string"}), "Job id")], None, vec![("200", ok("Status")), ("404", problem("No such job"))]) }),
    );
    api.route(
        "/api/jobs/{id}/result",
        get(result),
        json!({ "get": op("async", "A done job's result", vec![path_param("id", json!({"type": "string"}), "Job id")], None, vec![("200", ok("Result")), ("404", problem("No such job")), ("409", problem("Not done yet"))]) }),
    );
}

/// The body of `POST /api/jobs` (optional).
#[derive(serde::Deserialize, Default)]
struct NewJob {
    /// A label for the job.
    task: Option<String>,
    /// How long it runs, in seconds (0..=60, default 3).
    seconds: Option<f64>,
}

async fn create(
    State(state): State<LabState>,
    trace: Trace,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Problem> {
    trace.handler("jobs::create");
    let new: NewJob = if body.iter().all(u8::is_ascii_whitespace) {
        NewJob::default()
    } else {
        crate::lab::support::json_body(&headers, &body)?
    };
    let seconds = new.seconds.unwrap_or(DEFAULT_SECONDS);
    if !(0.0..=MAX_SECONDS).contains(&seconds) {
        return Err(Problem::invalid_field(
            "seconds",
            format!("seconds must be from 0 to {MAX_SECONDS}"),
        ));
    }
    let job = {
        let Ok(mut list) = state.parts().jobs.inner.lock() else {
            return Err(Problem::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "job list unavailable",
            ));
        };
        list.next_id += 1;
        let job = Job {
            id: list.next_id,
            task: new.task.unwrap_or_else(|| "report".into()),
            created: Instant::now(),
            created_at: time::OffsetDateTime::now_utc()
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default(),
            run: Duration::from_secs_f64(seconds),
        };
        if list.jobs.len() == KEEP {
            list.jobs.remove(0);
        }
        list.jobs.push(job.clone());
        job
    };
    let location = format!("/api/jobs/{}", job.id);
    let mut body = job.to_json();
    // Just accepted: report it queued even for a zero-second job.
    body["status"] = "queued".into();
    Ok((
        StatusCode::ACCEPTED,
        [(header::LOCATION, location)],
        axum::Json(body),
    )
        .into_response())
}

async fn list(State(state): State<LabState>, trace: Trace) -> axum::Json<serde_json::Value> {
    trace.handler("jobs::list");
    let jobs: Vec<serde_json::Value> = state
        .parts()
        .jobs
        .inner
        .lock()
        .map(|l| l.jobs.iter().map(Job::to_json).collect())
        .unwrap_or_default();
    axum::Json(serde_json::Value::Array(jobs))
}

fn find(state: &LabState, raw: &str) -> Result<Job, Problem> {
    raw.parse::<u64>()
        .ok()
        .and_then(|id| state.parts().jobs.get(id))
        .ok_or_else(|| {
            Problem::not_found(format!("there is no job {raw}; POST /api/jobs creates one"))
        })
}

async fn show(
    State(state): State<LabState>,
    trace: Trace,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    trace.handler("jobs::show");
    let job = find(&state, &id)?;
    let body = job.to_json();
    let mut res = axum::Json(body).into_response();
    if job.status() != "done" {
        // Tell pollers when it is worth asking again.
        res.headers_mut()
            .insert(header::RETRY_AFTER, header::HeaderValue::from_static("1"));
    }
    Ok(res)
}

async fn result(
    State(state): State<LabState>,
    trace: Trace,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    trace.handler("jobs::result");
    let job = find(&state, &id)?;
    if job.status() != "done" {
        return Err(Problem::not_found(format!(
            "job {} is {}; its result appears when it is done (poll /api/jobs/{})",
            job.id,
            job.status(),
            job.id
        ))
        .with_header(header::RETRY_AFTER, "1"));
    }
    Ok(axum::Json(serde_json::json!({
        "job": job.id,
        "task": job.task,
        "output": format!("{} finished after {:.1} s", job.task, job.run.as_secs_f64()),
    }))
    .into_response())
}
