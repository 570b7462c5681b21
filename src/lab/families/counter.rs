//! The counter family (`/counter`): one integer to show safe (GET), idempotent (PUT, DELETE)
//! and non-idempotent (POST) methods.

use super::{Api, Part};
use crate::lab::openapi::{empty, json_body, json_response, op, problem, schema};
use crate::lab::{LabConfig, LabError, LabState, Problem, Trace};
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::get;
use serde_json::{Value, json};
use std::sync::atomic::{AtomicI64, Ordering};

/// The counter's value (0 after a reset).
#[derive(Default)]
pub(crate) struct Counter(AtomicI64);

impl Part for Counter {
    fn open(_: &LabConfig) -> Result<Self, LabError> {
        Ok(Self::default())
    }

    fn reset(&self, _: &Trace) {
        self.0.store(0, Ordering::SeqCst);
    }
}

pub(super) fn api(api: &mut Api) {
    let counter = || json_response("The counter", schema("Counter"));
    api.route(
        "/counter",
        get(counter_get)
            .post(counter_post)
            .put(counter_put)
            .delete(counter_delete),
        json!({
            "get": op("methods", "Read the counter (safe)", vec![], None, vec![("200", counter())]),
            "put": op("methods", "Set the counter (idempotent)", vec![], Some(json_body(schema("Counter"))), vec![("200", counter()), ("415", problem("Not JSON")), ("422", problem("value missing or not an integer"))]),
            "post": op("methods", "Increment the counter (not idempotent)", vec![], None, vec![("200", counter()), ("409", problem("The counter is at i64::MAX"))]),
            "delete": op("methods", "Reset the counter to 0", vec![], None, vec![("204", empty("Reset"))]),
        }),
    );
}

/// `GET /counter`: read.
async fn counter_get(State(state): State<LabState>, trace: Trace) -> Json<Value> {
    trace.handler("counter::get");
    Json(json!({ "value": state.parts().counter.0.load(Ordering::SeqCst) }))
}

/// `POST /counter`: increment (not idempotent: each call changes the state again). At
/// `i64::MAX` it refuses with 409 instead of wrapping to `i64::MIN`.
async fn counter_post(State(state): State<LabState>, trace: Trace) -> Result<Json<Value>, Problem> {
    trace.handler("counter::increment");
    let value = state
        .parts()
        .counter
        .0
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |v| v.checked_add(1))
        .map_err(|at| {
            Problem::new(
                StatusCode::CONFLICT,
                format!(
                    "the counter is at {at}, the largest value it holds; set it lower with PUT or reset it with DELETE"
                ),
            )
            .with_type("counter-overflow", "Counter at its maximum")
        })?
        + 1;
    Ok(Json(json!({ "value": value })))
}

/// `PUT /counter` with `{"value": n}`: set (idempotent: repeating it leaves the same state).
async fn counter_put(
    State(state): State<LabState>,
    trace: Trace,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, Problem> {
    trace.handler("counter::set");
    let doc = super::tasks::json_body(&headers, &body)?;
    let value = match doc.get("value") {
        Some(v) => crate::lab::support::whole_number(v).ok_or_else(|| {
            Problem::invalid_field("value", format!("value must be an integer, got {v}"))
        })?,
        None => {
            return Err(Problem::invalid_field(
                "value",
                r#"value is required, e.g. {"value": 5}"#,
            ));
        }
    };
    state.parts().counter.0.store(value, Ordering::SeqCst);
    Ok(Json(json!({ "value": value })))
}

/// `DELETE /counter`: back to 0.
async fn counter_delete(State(state): State<LabState>, trace: Trace) -> StatusCode {
    trace.handler("counter::reset");
    state.parts().counter.0.store(0, Ordering::SeqCst);
    StatusCode::NO_CONTENT
}
